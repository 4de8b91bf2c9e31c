//! What the search index reads: the change log, and the current state of changed records.

use std::collections::HashSet;

use sqlx::Row;

use crate::organizations::{ORG_COLUMNS, organization_from};
use crate::{Backend, Listing, Organization, Result, Store};

/// A changed record: `o:<id>` (organisation) or `l:<id>` (listing).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Changed {
    Organization(i64),
    Listing(i64),
}

/// Where the change log stands, and who this database is: what an index is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedState {
    pub database_id: String,
    pub log_end: i64,
    pub rebuild_request: i64,
}

impl Store {
    /// The database's id, the log's newest position and the rebuild requests, in one query.
    pub async fn search_feed_state(&self) -> Result<FeedState> {
        let r = sqlx::query(
            "SELECT database_id, search_rebuild_request, \
             COALESCE((SELECT MAX(seq) FROM search_log), 0) AS log_end FROM instance WHERE id = 1",
        )
        .fetch_one(&self.read)
        .await?;
        Ok(FeedState {
            database_id: r.try_get("database_id")?,
            log_end: r.try_get("log_end")?,
            rebuild_request: r.try_get("search_rebuild_request")?,
        })
    }

    /// What should be in the index: the ids of organisations not dissolved, and of open listings
    /// of those organisations.
    pub async fn searchable_ids(&self) -> Result<(HashSet<i64>, HashSet<i64>)> {
        let orgs: Vec<i64> = sqlx::query_scalar("SELECT id FROM organizations WHERE dissolved_on IS NULL")
            .fetch_all(&self.read)
            .await?;
        let listings: Vec<i64> = sqlx::query_scalar(
            "SELECT l.id FROM listings l JOIN organizations o ON o.id = l.organization_id \
             WHERE l.status <> 'closed' AND o.dissolved_on IS NULL",
        )
        .fetch_all(&self.read)
        .await?;
        Ok((orgs.into_iter().collect(), listings.into_iter().collect()))
    }

    /// The newest log position (0 when empty).
    pub async fn search_log_end(&self) -> Result<i64> {
        Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(seq) FROM search_log")
            .fetch_one(&self.read)
            .await?
            .unwrap_or(0))
    }

    /// Log entries after `after`, oldest first, at most `limit`.
    pub async fn search_log_after(&self, after: i64, limit: i64) -> Result<Vec<(i64, Changed)>> {
        let rows = sqlx::query("SELECT seq, doc FROM search_log WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(after)
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .filter_map(|r| {
                let seq: i64 = r.try_get("seq").ok()?;
                let doc: String = r.try_get("doc").ok()?;
                let (kind, id) = doc.split_once(':')?;
                let id = id.parse().ok()?;
                Some(Ok((
                    seq,
                    if kind == "o" {
                        Changed::Organization(id)
                    } else {
                        Changed::Listing(id)
                    },
                )))
            })
            .collect()
    }

    /// Organisations by id (those that still exist).
    pub async fn organizations_by_ids(&self, ids: &[i64]) -> Result<Vec<Organization>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            let rows = sqlx::query(&format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id IN ({list})"))
                .fetch_all(&self.read)
                .await?;
            for r in &rows {
                out.push(organization_from(r)?);
            }
        }
        Ok(out)
    }

    /// Listings by id, and the ids of every listing of the given organisations.
    pub async fn listings_for_search(&self, ids: &[i64], of_orgs: &[i64]) -> Result<Vec<Listing>> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (column, values) in [("l.id", ids), ("l.organization_id", of_orgs)] {
            for chunk in values.chunks(500) {
                let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                for l in self.listings_where(&format!("{column} IN ({list})")).await? {
                    if seen.insert(l.id) {
                        out.push(l);
                    }
                }
            }
        }
        Ok(out)
    }

    /// Every organisation and listing, for a rebuild.
    pub async fn all_for_search(&self) -> Result<(Vec<Organization>, Vec<Listing>)> {
        let rows = sqlx::query(&format!("SELECT {ORG_COLUMNS} FROM organizations ORDER BY id"))
            .fetch_all(&self.read)
            .await?;
        let orgs = rows.iter().map(organization_from).collect::<Result<Vec<_>>>()?;
        Ok((orgs, self.listings_where("1 = 1").await?))
    }

    /// Of the given organisations, those whose latest verification event is a verification.
    pub async fn verified_among(&self, ids: &[i64]) -> Result<HashSet<i64>> {
        let mut out = HashSet::new();
        for chunk in ids.chunks(500) {
            let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            let rows: Vec<i64> = sqlx::query_scalar(&format!(
                "SELECT v.organization_id FROM verification_events v WHERE v.kind = 'verified' \
                 AND v.organization_id IN ({list}) \
                 AND v.id = (SELECT MAX(w.id) FROM verification_events w WHERE w.organization_id = v.organization_id)"
            ))
            .fetch_all(&self.read)
            .await?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// Ids of organisations whose latest verification event is a verification.
    pub async fn verified_ids(&self) -> Result<HashSet<i64>> {
        sqlx::query(
            "SELECT v.organization_id FROM verification_events v WHERE v.kind = 'verified' \
             AND v.id = (SELECT MAX(w.id) FROM verification_events w WHERE w.organization_id = v.organization_id)",
        )
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok(r.try_get("organization_id")?))
        .collect()
    }

    /// The naive search a team would write first (benchmark baseline): LIKE over the text
    /// columns of organisations and listings, counting every match (as the index search does)
    /// and fetching the first `limit` of each.
    pub async fn like_search(&self, word: &str, limit: i64) -> Result<i64> {
        let pattern = format!("%{word}%");
        // What a team would write: LIKE (case-insensitive for ASCII) in SQLite, ILIKE in PostgreSQL.
        let like = match self.backend {
            Backend::Sqlite => "LIKE",
            Backend::Postgres => "ILIKE",
        };
        let org_cond = format!(
            "dissolved_on IS NULL AND (name {like} $1 OR mission {like} $1 OR activities {like} $1 \
             OR csr_policy {like} $1)"
        );
        let listing_cond = format!("status = 'open' AND (title {like} $1 OR description {like} $1)");
        let mut total = 0;
        for (table, cond) in [("organizations", &org_cond), ("listings", &listing_cond)] {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE {cond}"))
                .bind(&pattern)
                .fetch_one(&self.read)
                .await?;
            sqlx::query(&format!("SELECT id FROM {table} WHERE {cond} LIMIT $2"))
                .bind(&pattern)
                .bind(limit)
                .fetch_all(&self.read)
                .await?;
            total += n;
        }
        Ok(total)
    }
}
