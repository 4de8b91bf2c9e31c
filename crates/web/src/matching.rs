//! Which parties partner matching scores. A small registry is scored whole (exact); a large one
//! only where the search index finds listings that complement the seeker's, so a request stays
//! fast at national scale.

use kyodo_domain::matching::Party;

use crate::state::{AppState, now};

/// Up to this many organisations, everything is scored (exact, and cheap at this size).
pub const FULL_SCORING_LIMIT: i64 = 300;
/// Candidates taken from the index otherwise: the true partner is among the first few (checked on
/// the guide's cases among thousands); each one more costs loading and scoring.
const CANDIDATES: usize = 50;

/// The parties to score for `seeker` (the seeker included), or `None` if it is not matchable.
/// With `listing`, the seeker is represented by that one listing only.
pub async fn parties_for(state: &AppState, seeker: i64, listing: Option<i64>) -> anyhow::Result<Option<Vec<Party>>> {
    let now = now();
    let mut parties = if !state.store.more_matchable_than(FULL_SCORING_LIMIT).await? {
        state.store.matching_parties(now).await?
    } else {
        let Some(me) = state.store.matching_parties_among(&[seeker], now).await?.pop() else {
            return Ok(None);
        };
        let wants: Vec<(String, Vec<String>, String)> = me
            .listings
            .iter()
            .filter(|l| listing.is_none_or(|id| l.id == id))
            .map(|l| {
                let words = format!("{} {}", l.title, l.description.as_deref().unwrap_or_default());
                (
                    l.direction.as_str().to_owned(),
                    l.resources.iter().map(|r| r.as_str().to_owned()).collect(),
                    words,
                )
            })
            .collect();
        let index = state.search.clone();
        let mut ids = tokio::task::spawn_blocking(move || index.complementary_orgs(&wants, CANDIDATES)).await??;
        ids.push(seeker);
        ids.sort_unstable();
        ids.dedup();
        state.store.matching_parties_among(&ids, now).await?
    };
    let Some(me) = parties.iter_mut().find(|p| p.id == seeker) else {
        return Ok(None);
    };
    if let Some(id) = listing {
        me.listings.retain(|l| l.id == id);
        if me.listings.is_empty() {
            return Ok(None);
        }
    }
    Ok(Some(parties))
}
