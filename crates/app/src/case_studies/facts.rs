//! What kyodo already holds about a collaboration, gathered for a case's first draft: the theme,
//! the agreement (type, period, purpose, each party's roles), the parties' kind and town, the
//! evaluation's targets against their results and the outcomes party by party. Nothing is
//! invented: a section kyodo knows nothing of stays for the parties to write.

use kyodo_domain::case_study::{CaseFacts, PartyFacts};
use kyodo_domain::catalog::catalog;
use kyodo_domain::collaboration::agreement::role_label;
use kyodo_domain::era::format_date;
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::sheet::number;

use crate::access::CollabStanding;
use crate::{App, Result};

pub(super) async fn gather(app: &App, s: &CollabStanding) -> Result<CaseFacts> {
    let agreement = app.store.latest_agreement(s.c.id).await?.map(|a| a.agreement);
    let theme = match s.c.theme_id {
        Some(t) => app.store.theme(t).await?.map(|t| t.theme),
        None => None,
    };
    let outcomes = app.store.outcomes(s.c.id).await?;
    let mut sheet = None;
    for m in [Milestone::After, Milestone::Midway] {
        if let Some(x) = app.store.evaluation(s.c.id, m).await? {
            sheet = Some(x.sheet);
            break;
        }
    }
    let mut field = String::new();
    let mut parties = Vec::new();
    for p in &s.c.parties {
        let org = app.store.organization(p.organization_id).await?;
        if field.is_empty()
            && let Some(o) = org.as_ref().filter(|o| o.kind.is_civic_group())
            && let Some(f) = o.fields.first().and_then(|n| catalog().activity_field(*n))
        {
            f.clone_into(&mut field);
        }
        let mut roles = Vec::new();
        if let Some(r) = agreement
            .as_ref()
            .and_then(|a| a.roles.iter().find(|r| r.organization_id == p.organization_id))
        {
            roles.extend(r.guide_roles.iter().filter_map(|id| role_label(id)));
            roles.extend(
                [&r.free_roles, &r.responsibilities]
                    .into_iter()
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty()),
            );
        }
        let gained = outcomes
            .iter()
            .filter(|o| o.outcome.organization_id == Some(p.organization_id))
            .map(|o| {
                let note = o.outcome.note.trim();
                if note.is_empty() {
                    o.outcome.label.clone()
                } else {
                    format!("{}（{note}）", o.outcome.label)
                }
            })
            .collect();
        parties.push(PartyFacts {
            name: p.name.clone(),
            kind: org.as_ref().map(|o| o.kind.label_ja().to_owned()).unwrap_or_default(),
            municipality: org.and_then(|o| o.municipality).unwrap_or_default(),
            roles,
            gained,
        });
    }
    let mut summary = Vec::new();
    if let Some(a) = &agreement
        && !a.purpose.trim().is_empty()
    {
        summary.push(a.purpose.trim().to_owned());
    }
    if let Some(sh) = &sheet {
        let results: Vec<String> = sh
            .targets
            .iter()
            .filter_map(|t| {
                let actual = t.actual?;
                Some(format!(
                    "・{}：目標 {}{}、実績 {}{}",
                    t.what,
                    number(t.value),
                    t.unit,
                    number(actual),
                    t.unit
                ))
            })
            .collect();
        if !results.is_empty() {
            summary.push(format!("目標と実績：\n{}", results.join("\n")));
        }
        if !sh.summary.trim().is_empty() {
            summary.push(sh.summary.trim().to_owned());
        }
    }
    let society: Vec<String> = outcomes
        .iter()
        .filter(|o| o.outcome.organization_id.is_none())
        .map(|o| format!("・{}", o.outcome.label))
        .collect();
    if !society.is_empty() {
        summary.push(format!("社会にとっての成果：\n{}", society.join("\n")));
    }
    let resources = theme
        .as_ref()
        .map(|t| t.as_need().resources)
        .filter(|r| r.len() < kyodo_domain::listing::Resource::codes().len())
        .unwrap_or_default()
        .iter()
        .map(|r| r.as_str().to_owned())
        .collect();
    Ok(CaseFacts {
        title: s.c.title.clone(),
        theme: theme.map(|t| t.collaboration_theme).unwrap_or_default(),
        field,
        collaboration_type: agreement
            .as_ref()
            .map(|a| a.collaboration_type.label_ja().to_owned())
            .unwrap_or_default(),
        period: agreement
            .as_ref()
            .map(|a| format!("{}〜{}", format_date(a.start), format_date(a.end)))
            .unwrap_or_default(),
        year: agreement.as_ref().map(|a| a.start.year()),
        resources,
        summary: summary.join("\n\n"),
        parties,
    })
}
