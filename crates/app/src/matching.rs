//! Which parties partner matching scores. A small registry is scored whole (exact); a large one
//! only where the search index finds listings that complement the seeker's, so a request stays
//! fast at national scale.

use kyodo_domain::matching::{ListingFacts, Party};
use kyodo_domain::organization::disclosure;
use kyodo_store::MatchingFacts;

use crate::{App, now};

/// A party as the domain scores it: its disclosure level assessed from its profile and activity.
fn party(f: MatchingFacts) -> Party {
    let o = f.org;
    let level = disclosure::assess(&o.profile(), &f.activity).level;
    let profile_text = [
        o.mission.as_deref(),
        o.activities.as_deref(),
        o.csr_policy.as_deref(),
        Some(&o.strengths.join(" ")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    Party {
        id: o.id,
        kind: o.kind,
        name: o.name,
        municipality: o.municipality,
        fields: o.fields,
        sdgs: o.sdgs,
        profile_text,
        listings: f.listings,
        disclosure_level: level,
        verified: f.activity.verified,
    }
}

/// These organisations as parties (those dissolved left out).
pub async fn parties_among(app: &App, ids: &[i64]) -> anyhow::Result<Vec<Party>> {
    Ok(app
        .store
        .matching_parties_among(ids, now())
        .await?
        .into_iter()
        .map(party)
        .collect())
}

/// Every organisation as a party (small registries, and tests).
pub async fn all_parties(app: &App) -> anyhow::Result<Vec<Party>> {
    Ok(app
        .store
        .matching_parties(now())
        .await?
        .into_iter()
        .map(party)
        .collect())
}

/// Up to this many organisations, everything is scored (exact, and cheap at this size).
pub const FULL_SCORING_LIMIT: i64 = 300;
/// Candidates taken from the index otherwise: the true partner is among the first few (checked on
/// the guide's cases among thousands); each one more costs loading and scoring.
const CANDIDATES: usize = 50;

/// How the seeker is represented: as it is, by one of its listings, or by a draft theme.
pub enum Seeker {
    Organization,
    Listing(i64),
    /// A collaboration theme as a need, beside the organisation's own offers.
    Theme(ListingFacts),
}

/// The parties to score for `seeker` (the seeker included), or `None` if it is not matchable.
pub async fn parties_for(app: &App, seeker: i64, how: Seeker) -> anyhow::Result<Option<Vec<Party>>> {
    let Some(mut me) = parties_among(app, &[seeker]).await?.pop() else {
        return Ok(None);
    };
    match how {
        Seeker::Organization => {}
        Seeker::Listing(id) => {
            // Only an open listing of this organisation.
            me.listings.retain(|l| l.id == id);
            if me.listings.is_empty() {
                return Ok(None);
            }
        }
        Seeker::Theme(need) => {
            me.listings
                .retain(|l| l.direction == kyodo_domain::listing::Direction::Offer);
            me.listings.push(need);
        }
    }
    let mut parties = if !app.store.more_matchable_than(FULL_SCORING_LIMIT).await? {
        all_parties(app).await?
    } else {
        let wants: Vec<(String, Vec<String>, String)> = me
            .listings
            .iter()
            .map(|l| {
                let words = format!("{} {}", l.title, l.description.as_deref().unwrap_or_default());
                (
                    l.direction.as_str().to_owned(),
                    l.resources.iter().map(|r| r.as_str().to_owned()).collect(),
                    words,
                )
            })
            .collect();
        let index = app.search.clone();
        let ids = app
            .on_index(move || index.complementary_orgs(&wants, CANDIDATES))
            .await??;
        parties_among(app, &ids).await?
    };
    parties.retain(|p| p.id != seeker);
    parties.push(me);
    Ok(Some(parties))
}
