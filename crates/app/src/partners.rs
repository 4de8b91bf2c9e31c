//! Choosing a partner organisation by name (the proposal's partner, whom to share with): what a
//! person typed becomes one organisation, or the few it might mean for them to choose from; the
//! organisations they have worked with and their partner candidates are offered first.

use kyodo_domain::ids::OrgId;
use kyodo_domain::matching::Universe;
use kyodo_domain::organization::naming::name_key;
use kyodo_search::{DocKind, Filters};
use kyodo_store::OrganizationSummary;

use crate::{Actor, App, Result, access, matching};

/// An organisation offered to choose, and why it is offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: i64,
    pub name: String,
    pub kind_ja: &'static str,
    pub municipality: Option<String>,
    pub why: &'static str,
}

impl Choice {
    fn of(o: OrganizationSummary, why: &'static str) -> Self {
        Self {
            id: o.id,
            name: o.name,
            kind_ja: o.kind.label_ja(),
            municipality: o.municipality,
            why,
        }
    }
}

/// What the typed text names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    /// Nothing was typed.
    Nobody,
    One(i64),
    /// Several organisations carry that name, or none does exactly: these come closest (maybe
    /// none), for the person to choose from.
    Unclear(Vec<Choice>),
}

const CLOSEST: usize = 8;

/// Resolves what was typed: a name (legal form, width and spaces as anyone types them), an
/// organisation's number, or the address of its page. `own` is never chosen.
pub async fn pick(app: &App, typed: &str, own: i64) -> Result<Picked> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(Picked::Nobody);
    }
    if let Some(id) = number_in(typed) {
        return Ok(match app.store.organization(id.get()).await? {
            Some(o) if o.id != own => Picked::One(o.id),
            _ => Picked::Unclear(Vec::new()),
        });
    }
    let mut exact: Vec<OrganizationSummary> = app.store.organizations_named(typed).await?;
    exact.retain(|o| o.id != own);
    if let [one] = exact.as_slice() {
        return Ok(Picked::One(one.id));
    }
    // Near names come from the index; whether one is the same name is decided on the key.
    let key = name_key(typed);
    let filters = Filters {
        doc: Some(DocKind::Organization),
        ..Filters::default()
    };
    let hits = match app.search(key.clone(), filters, 20, 0).await {
        Ok(r) => r.hits,
        Err(e) => {
            tracing::warn!(error = %e, "partner names not searched");
            Vec::new()
        }
    };
    let ids: Vec<i64> = hits.iter().map(|h| h.org_id).filter(|id| *id != own).collect();
    let found = app.store.organization_summaries(&ids).await?;
    let same: Vec<&OrganizationSummary> = found.iter().filter(|o| name_key(&o.name) == key).collect();
    if exact.is_empty()
        && let [one] = same.as_slice()
    {
        return Ok(Picked::One(one.id));
    }
    let mut choices: Vec<Choice> = exact.into_iter().map(|o| Choice::of(o, "同じ名前")).collect();
    for o in found {
        if choices.len() >= CLOSEST {
            break;
        }
        if !choices.iter().any(|c| c.id == o.id) {
            let why = if name_key(&o.name) == key {
                "同じ名前"
            } else {
                "近い名前"
            };
            choices.push(Choice::of(o, why));
        }
    }
    Ok(Picked::Unclear(choices))
}

/// A number typed alone (full-width too) or the end of an organisation page's address.
fn number_in(typed: &str) -> Option<OrgId> {
    if let Ok(id) = typed.parse::<OrgId>() {
        return Some(id);
    }
    let (_, after) = typed.rsplit_once("/organizations/")?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Partner candidates offered when choosing: at most this many.
const CANDIDATES: usize = 5;

/// What to offer `org`'s members before they type: the organisations they have worked with,
/// then their best partner candidates (win-win first).
/// Only its members: whom an organisation has worked with is not for everyone.
pub async fn offered(app: &App, actor: &Actor, org: OrgId) -> Result<Vec<Choice>> {
    let (o, standing) = access::organization(app, Some(actor), org).await?;
    if !standing.is_member() {
        return Err(crate::Error::Forbidden);
    }
    let org = o.id;
    let mut out: Vec<Choice> = app
        .store
        .past_partners(org, 20)
        .await?
        .into_iter()
        .map(|o| Choice::of(o, "これまでの相手"))
        .collect();
    let Some(parties) = matching::parties_for(app, org, matching::Seeker::Organization).await? else {
        return Ok(out);
    };
    let Some(me) = parties.iter().position(|p| p.id == org) else {
        return Ok(out);
    };
    let universe = Universe::new(&parties);
    let ids: Vec<i64> = universe
        .matches(me, &[], CANDIDATES + out.len())
        .into_iter()
        .map(|c| c.id)
        .filter(|id| !out.iter().any(|o| o.id == *id))
        .take(CANDIDATES)
        .collect();
    for o in app.store.organization_summaries(&ids).await? {
        out.push(Choice::of(o, "パートナー候補"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::number_in;

    #[test]
    fn numbers_and_page_addresses_name_an_organisation() {
        assert_eq!(number_in("12").map(i64::from), Some(12));
        assert_eq!(number_in("１２").map(i64::from), Some(12));
        assert_eq!(
            number_in("https://kyodo.example/organizations/34/matches").map(i64::from),
            Some(34)
        );
        assert_eq!(number_in("やまぐち子ども食堂ネット"), None);
    }
}
