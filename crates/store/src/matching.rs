//! What partner matching looks at: organisations not dissolved, with their open listings and the
//! activity their disclosure level is assessed from (the assessment itself is the domain's).
//! Loaded in a few set-wise queries.

use std::collections::{HashMap, HashSet};

use kyodo_domain::listing::ListingStatus;
use kyodo_domain::matching::ListingFacts;
use kyodo_domain::organization::disclosure::Activity;
use sqlx::Row;

use crate::organizations::{ORG_COLUMNS, organization_from};
use crate::{Organization, Result, Store};

/// One organisation as matching sees it.
#[derive(Debug, Clone)]
pub struct MatchingFacts {
    pub org: Organization,
    pub activity: Activity,
    /// Its open listings.
    pub listings: Vec<ListingFacts>,
}

impl Store {
    /// Every party (for small registries, where scoring all is cheap and exact).
    pub async fn matching_parties(&self, now: i64) -> Result<Vec<MatchingFacts>> {
        self.parties_where(None, now).await
    }

    /// Only these organisations (candidates found through the search index).
    pub async fn matching_parties_among(&self, ids: &[i64], now: i64) -> Result<Vec<MatchingFacts>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.parties_where(Some(ids), now).await
    }

    /// Are there more than `n` organisations that could be matched? Stops counting at `n + 1`.
    pub async fn more_matchable_than(&self, n: i64) -> Result<bool> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM organizations WHERE dissolved_on IS NULL LIMIT $1) AS t",
        )
        .bind(n + 1)
        .fetch_one(&self.read)
        .await?;
        Ok(count > n)
    }

    /// All parties, or those with these ids. Every query is limited to the same ids, so a request
    /// for 100 candidates reads about 100 organisations' rows, not whole tables.
    async fn parties_where(&self, ids: Option<&[i64]>, now: i64) -> Result<Vec<MatchingFacts>> {
        // Built from integers only, so it is safe to inline.
        let among = |column: &str| match ids {
            None => "1 = 1".to_owned(),
            Some(ids) => {
                let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                format!("{column} IN ({list})")
            }
        };
        let rows = sqlx::query(&format!(
            "SELECT {ORG_COLUMNS} FROM organizations WHERE dissolved_on IS NULL AND {} ORDER BY id",
            among("id")
        ))
        .fetch_all(&self.read)
        .await?;
        let mut listings: HashMap<i64, Vec<ListingFacts>> = HashMap::new();
        let open = self
            // By organisation id alone, so its index is used: with `status = 'open'` in the query
            // SQLite prefers the status index, which matches nearly every row.
            .listings_where(&among("l.organization_id"))
            .await?
            .into_iter()
            .filter(|l| l.status == ListingStatus::Open);
        for l in open {
            listings.entry(l.organization_id).or_default().push(ListingFacts {
                id: l.id,
                direction: l.direction,
                resources: l.resources,
                title: l.title,
                description: l.description,
            });
        }
        let records: HashMap<i64, i64> = sqlx::query(&format!(
            "SELECT organization_id, COUNT(*) AS n FROM track_records WHERE {} GROUP BY organization_id",
            among("organization_id")
        ))
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("organization_id")?, r.try_get("n")?)))
        .collect::<Result<_>>()?;
        let verified: HashSet<i64> = sqlx::query(&format!(
            "SELECT v.organization_id FROM verification_events v WHERE v.kind = 'verified' AND {} \
             AND v.id = (SELECT MAX(w.id) FROM verification_events w WHERE w.organization_id = v.organization_id)",
            among("v.organization_id")
        ))
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| r.try_get("organization_id"))
        .collect::<std::result::Result<_, _>>()?;
        let mut parties = Vec::with_capacity(rows.len());
        for row in &rows {
            let o = organization_from(row)?;
            let own = listings.remove(&o.id).unwrap_or_default();
            let activity = Activity {
                track_records: usize::try_from(records.get(&o.id).copied().unwrap_or(0)).unwrap_or(0),
                open_listings: own.len(),
                verified: verified.contains(&o.id),
                days_since_update: (now - o.updated_at) / 86_400,
            };
            parties.push(MatchingFacts {
                org: o,
                activity,
                listings: own,
            });
        }
        Ok(parties)
    }
}
