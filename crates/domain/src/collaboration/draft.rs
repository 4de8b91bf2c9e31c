//! The agreement's first draft, from the proposal the parties were shown: the same thing is
//! never typed twice. Its type, purpose and targets carry over; what the proposal asked of the
//! partners becomes their roles (money as their share of the costs); the last target's due date
//! ends the period. What the proposal cannot say (how each target is measured and when, where
//! the period starts) is left for the parties to decide.

use super::agreement::{AgreementInput, RoleInput, TargetInput};
use crate::proposal::{ProposalContent, Target};
use crate::text;

/// A draft for the lead (who wrote the proposal) and its partners.
pub fn from_proposal(p: &ProposalContent, lead: i64, partners: &[i64]) -> AgreementInput {
    let asked: Vec<&str> = p
        .asks
        .iter()
        .filter(|a| a.resource.as_str() != "funds")
        .map(|a| a.detail.as_str())
        .collect();
    let funds: Vec<&str> = p
        .asks
        .iter()
        .filter(|a| a.resource.as_str() == "funds")
        .map(|a| a.detail.as_str())
        .collect();
    let partner_role = |id: i64| RoleInput {
        organization_id: id,
        free_roles: asked.join("、"),
        cost_share: funds.join("、"),
        ..RoleInput::default()
    };
    let targets: Vec<TargetInput> = p.targets.iter().map(target).collect();
    AgreementInput {
        collaboration_type: p.collaboration_type.map(|t| t.as_str().to_owned()).unwrap_or_default(),
        purpose: p.purpose.clone(),
        start: String::new(),
        end: targets
            .iter()
            .map(|t| t.due.clone())
            .filter(|d| !d.is_empty())
            .max()
            .unwrap_or_default(),
        roles: std::iter::once(RoleInput {
            organization_id: lead,
            ..RoleInput::default()
        })
        .chain(partners.iter().map(|id| partner_role(*id)))
        .collect(),
        targets,
    }
}

/// 「300人」 as value 300 and unit 人; a month's due date as its last day.
fn target(t: &Target) -> TargetInput {
    let amount = text::to_halfwidth_ascii(t.amount.trim());
    let digits: String = amount
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
        .collect();
    let (value, unit) = if digits.is_empty() {
        (String::new(), amount.clone())
    } else {
        (digits.replace(',', ""), amount[digits.len()..].trim().to_owned())
    };
    TargetInput {
        what: t.what.clone(),
        value,
        unit,
        due: t.due.as_deref().map(month_end).unwrap_or_default(),
        ..TargetInput::default()
    }
}

/// `YYYY-MM` as that month's last day; a full date as it is.
fn month_end(due: &str) -> String {
    let Some((y, m)) = due.split_once('-').filter(|(_, m)| m.len() == 2) else {
        return due.to_owned();
    };
    match (
        y.parse::<i32>(),
        m.parse::<u8>().ok().and_then(|m| time::Month::try_from(m).ok()),
    ) {
        (Ok(year), Some(month)) => format!("{year:04}-{:02}-{:02}", u8::from(month), month.length(year)),
        _ => due.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::from_proposal;
    use crate::proposal::guide_example;

    #[test]
    fn the_guides_proposal_drafts_an_agreement_the_parties_only_complete() {
        let d = from_proposal(&guide_example(), 1, &[2]);
        assert_eq!(
            d.collaboration_type,
            guide_example().collaboration_type.unwrap().as_str()
        );
        assert_eq!(d.purpose, guide_example().purpose);
        assert_eq!(d.targets[0].value, "50");
        assert_eq!(d.targets[0].unit, "a");
        assert_eq!(d.targets[0].due, "2027-08-31", "a month ends on its last day");
        assert_eq!((d.targets[1].value.as_str(), d.targets[1].unit.as_str()), ("300", "人"));
        assert_eq!(d.end, "2027-11-30", "the period ends with the last target");
        assert_eq!(d.roles.len(), 2);
        assert!(d.roles[0].free_roles.is_empty(), "the lead chooses its own roles");
        assert!(d.roles[1].free_roles.contains("開墾と収穫の日に社員ボランティア10名"));
        assert_eq!(d.roles[1].cost_share, "協賛金 10万円");
        assert!(d.targets.iter().all(|t| t.method.is_empty() && t.timing.is_empty()));
        // What is left to decide is refused until decided: nothing is agreed unawares.
        let e = d.parse().unwrap_err();
        assert!(e.for_field("start").is_some() && e.for_field("targets[0].method").is_some());
    }
}
