//! A support centre's view of its area: the organisations there, their listings, and the
//! collaborations a coordinator was invited into. Reads only.

use std::collections::BTreeSet;

use sqlx::Row;

use crate::{Result, Store, parse_list};

/// A listing in the area, as the centre's page lists it.
#[derive(Debug, Clone)]
pub struct AreaListing {
    pub id: i64,
    pub organization_id: i64,
    pub organization_name: String,
    pub direction: String,
    pub title: String,
    pub resources: Vec<String>,
    pub municipality: Option<String>,
    pub created_at: i64,
}

fn placeholders(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// Organisations (not dissolved) in these municipalities: how many of each kind, and the ids
    /// of the `limit` most recently updated.
    pub async fn area_organizations(&self, towns: &[String], limit: i64) -> Result<(Vec<(String, i64)>, Vec<i64>)> {
        if towns.is_empty() {
            return Ok((Vec::new(), Vec::new()));
        }
        let within = format!(
            "municipality IN ({}) AND dissolved_on IS NULL",
            placeholders(1, towns.len())
        );
        let sql = format!("SELECT kind, COUNT(*) AS n FROM organizations WHERE {within} GROUP BY kind ORDER BY kind");
        let mut q = sqlx::query(&sql);
        for t in towns {
            q = q.bind(t);
        }
        let counts = q
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("kind")?, r.try_get("n")?)))
            .collect::<Result<_>>()?;
        let sql = format!(
            "SELECT id FROM organizations WHERE {within} ORDER BY updated_at DESC, id DESC LIMIT ${}",
            towns.len() + 1
        );
        let mut q = sqlx::query_scalar(&sql);
        for t in towns {
            q = q.bind(t);
        }
        let ids = q.bind(limit).fetch_all(&self.read).await?;
        Ok((counts, ids))
    }

    /// Open listings in these municipalities (the listing's own, else its organisation's),
    /// newest first; `direction` narrows to needs or offers, `since` to those created after.
    pub async fn area_listings(
        &self,
        towns: &[String],
        direction: Option<&str>,
        since: i64,
        limit: i64,
    ) -> Result<Vec<AreaListing>> {
        if towns.is_empty() {
            return Ok(Vec::new());
        }
        let n = towns.len();
        let sql = format!(
            "SELECT l.id, l.organization_id, o.name AS organization_name, l.direction, l.title, l.resources, \
             COALESCE(l.municipality, o.municipality) AS municipality, l.created_at \
             FROM listings l JOIN organizations o ON o.id = l.organization_id \
             WHERE l.status = 'open' AND o.dissolved_on IS NULL AND COALESCE(l.municipality, o.municipality) IN ({}) \
             AND (${} IS NULL OR l.direction = ${}) AND l.created_at > ${} ORDER BY l.created_at DESC, l.id DESC LIMIT ${}",
            placeholders(1, n),
            n + 1,
            n + 1,
            n + 2,
            n + 3
        );
        let mut q = sqlx::query(&sql);
        for t in towns {
            q = q.bind(t);
        }
        let rows = q.bind(direction).bind(since).bind(limit).fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| {
                Ok(AreaListing {
                    id: r.try_get("id")?,
                    organization_id: r.try_get("organization_id")?,
                    organization_name: r.try_get("organization_name")?,
                    direction: r.try_get("direction")?,
                    title: r.try_get("title")?,
                    resources: parse_list(&r.try_get::<String, _>("resources")?),
                    municipality: r.try_get("municipality")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// The resource codes some open offer (of an organisation not dissolved) brings.
    pub async fn offered_resources(&self, codes: &[&str]) -> Result<BTreeSet<String>> {
        let mut out = BTreeSet::new();
        for code in codes {
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT l.id FROM listings l JOIN organizations o ON o.id = l.organization_id \
                 WHERE l.direction = 'offer' AND l.status = 'open' AND o.dissolved_on IS NULL \
                 AND l.resources LIKE '%\"' || $1 || '\"%' LIMIT 1",
            )
            .bind(*code)
            .fetch_optional(&self.read)
            .await?;
            if found.is_some() {
                out.insert((*code).to_owned());
            }
        }
        Ok(out)
    }

    /// Collaborations this coordinator was invited into: (id, title, stage).
    pub async fn coordinated_collaborations(&self, user_id: i64) -> Result<Vec<(i64, String, String)>> {
        sqlx::query(
            "SELECT c.id, c.title, c.stage FROM collaborations c JOIN collaboration_coordinators k \
             ON k.collaboration_id = c.id WHERE k.user_id = $1 ORDER BY c.updated_at DESC",
        )
        .bind(user_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("title")?, r.try_get("stage")?)))
        .collect()
    }
}
