//! Collaboration listings (協働募集): needs and offers, per organisation and on the public board.

use kyodo_domain::listing::{Direction, ListingStatus, NewListing, Resource};
use kyodo_domain::organization::OrgKind;
pub use kyodo_domain::records::Listing;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{OrganizationSummary, Result, Store, StoreError, found, json_list, parse_list};

/// Filters of the public board. Only open listings of organisations not dissolved are shown.
#[derive(Debug, Default, Clone)]
pub struct ListingFilter {
    pub direction: Option<Direction>,
    pub resource: Option<Resource>,
    pub field: Option<u8>,
    pub sdg: Option<u8>,
    pub municipality: Option<String>,
    pub kind: Option<OrgKind>,
}

const COLUMNS: &str = "l.id, l.external_id, l.organization_id, l.direction, l.resources, l.title, l.description, \
    l.municipality, l.fields, l.sdgs, l.status, l.created_at, l.updated_at";

fn listing_from(r: &AnyRow) -> Result<Listing> {
    let direction: String = r.try_get("direction")?;
    let status: String = r.try_get("status")?;
    let codes: Vec<String> = parse_list(&r.try_get::<String, _>("resources")?);
    Ok(Listing {
        id: r.try_get("id")?,
        external_id: r.try_get("external_id")?,
        organization_id: r.try_get("organization_id")?,
        direction: Direction::parse(&direction).unwrap_or(Direction::Need),
        resources: codes.iter().filter_map(|c| Resource::parse(c)).collect(),
        title: r.try_get("title")?,
        description: r.try_get("description")?,
        municipality: r.try_get("municipality")?,
        fields: parse_list(&r.try_get::<String, _>("fields")?),
        sdgs: parse_list(&r.try_get::<String, _>("sdgs")?),
        status: ListingStatus::parse(&status).unwrap_or(ListingStatus::Open),
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn org_from(r: &AnyRow) -> Result<OrganizationSummary> {
    let kind: String = r.try_get("o_kind")?;
    Ok(OrganizationSummary {
        id: r.try_get("organization_id")?,
        external_id: r.try_get("o_external_id")?,
        kind: OrgKind::parse(&kind).unwrap_or(OrgKind::VoluntaryGroup),
        name: r.try_get("o_name")?,
        municipality: r.try_get("o_municipality")?,
    })
}

/// A JSON list of numbers (`[1,13]`) contains `n`: written for both backends without JSON functions.
fn number_in(column: &str, param: usize) -> String {
    format!(
        "({column} LIKE '[' || ${param} || ']' OR {column} LIKE '[' || ${param} || ',%' \
         OR {column} LIKE '%,' || ${param} || ']' OR {column} LIKE '%,' || ${param} || ',%')"
    )
}

/// The board's totals by filter, each with the database state it was counted at, so the count —
/// the board's one costly statement — runs only after a change and a total is never stale. The
/// state: on SQLite, the change log's end (one writer, so sequence order is commit order and
/// every change to listings or organisations moves it); on PostgreSQL, the current snapshot
/// (equal snapshots see exactly the same committed transactions).
#[derive(Clone, Default)]
pub(crate) struct BoardCounts(std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, (String, i64)>>>);

impl BoardCounts {
    fn get(&self, key: &str, at: &str) -> Option<i64> {
        let map = self.0.lock().ok()?;
        map.get(key).filter(|(state, _)| state == at).map(|(_, n)| *n)
    }

    fn put(&self, key: String, at: String, n: i64) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() > 2000 {
                map.clear();
            }
            map.insert(key, (at, n));
        }
    }
}

/// The board's active filters as SQL conditions and their values, numbered `$1`… in order. Only
/// the filters in use appear, so the plain board reads the `listings_recent` index in order.
fn board_conditions(f: &ListingFilter) -> (String, Vec<String>) {
    let mut conds = vec!["l.status = 'open'".to_owned(), "o.dissolved_on IS NULL".to_owned()];
    let mut values: Vec<String> = Vec::new();
    let next = |v: String, values: &mut Vec<String>| {
        values.push(v);
        values.len()
    };
    if let Some(d) = f.direction {
        let n = next(d.as_str().to_owned(), &mut values);
        conds.push(format!("l.direction = ${n}"));
    }
    if let Some(r) = &f.resource {
        let n = next(r.as_str().to_owned(), &mut values);
        conds.push(format!("l.resources LIKE '%\"' || ${n} || '\"%'"));
    }
    if let Some(x) = f.field {
        let n = next(x.to_string(), &mut values);
        conds.push(number_in("l.fields", n));
    }
    if let Some(x) = f.sdg {
        let n = next(x.to_string(), &mut values);
        conds.push(number_in("l.sdgs", n));
    }
    if let Some(m) = &f.municipality {
        let n = next(m.clone(), &mut values);
        conds.push(format!("COALESCE(l.municipality, o.municipality) = ${n}"));
    }
    if let Some(k) = f.kind {
        let n = next(k.as_str().to_owned(), &mut values);
        conds.push(format!("o.kind = ${n}"));
    }
    (conds.join(" AND "), values)
}

impl Store {
    /// Adds a listing and returns it as stored (one statement: `RETURNING` every column, all rows
    /// read so that a failed implicit commit is an error, see `insert_returning_id`).
    pub async fn create_listing(&self, organization_id: i64, l: &NewListing, now: i64) -> Result<Listing> {
        let resources: Vec<&str> = l.resources.iter().map(Resource::as_str).collect();
        let rows = sqlx::query(&format!(
            "INSERT INTO listings (organization_id, direction, resources, title, description, municipality, fields, \
             sdgs, status, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) RETURNING {}",
            COLUMNS.replace("l.", "")
        ))
        .bind(organization_id)
        .bind(l.direction.as_str())
        .bind(json_list(&resources))
        .bind(&l.title)
        .bind(&l.description)
        .bind(&l.municipality)
        .bind(json_list(&l.fields))
        .bind(json_list(&l.sdgs))
        .bind(l.status.as_str())
        .bind(now)
        .fetch_all(&self.write)
        .await?;
        rows.first()
            .map(listing_from)
            .ok_or(StoreError::Database(sqlx::Error::RowNotFound))?
    }

    pub async fn update_listing(&self, id: i64, l: &NewListing, now: i64) -> Result<()> {
        let resources: Vec<&str> = l.resources.iter().map(Resource::as_str).collect();
        let done = sqlx::query(
            "UPDATE listings SET direction = $1, resources = $2, title = $3, description = $4, municipality = $5, \
             fields = $6, sdgs = $7, status = $8, updated_at = $9 WHERE id = $10",
        )
        .bind(l.direction.as_str())
        .bind(json_list(&resources))
        .bind(&l.title)
        .bind(&l.description)
        .bind(&l.municipality)
        .bind(json_list(&l.fields))
        .bind(json_list(&l.sdgs))
        .bind(l.status.as_str())
        .bind(now)
        .bind(id)
        .execute(&self.write)
        .await?;
        found(&done)
    }

    pub async fn delete_listing(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM listings WHERE id = $1")
            .bind(id)
            .execute(&self.write)
            .await?;
        found(&done)
    }

    pub async fn listing(&self, id: i64) -> Result<Option<Listing>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM listings l WHERE l.id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(listing_from).transpose()
    }

    /// Listings matching a condition on `l` (ids are bound by the callers as literals of i64).
    pub(crate) async fn listings_where(&self, cond: &str) -> Result<Vec<Listing>> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM listings l WHERE {cond} ORDER BY l.id"))
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(listing_from).collect()
    }

    /// An organisation's listings, needs first, newest first within each; closed ones only when
    /// `include_closed` (the organisation's own members).
    pub async fn listings_of(&self, organization_id: i64, include_closed: bool) -> Result<Vec<Listing>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM listings l WHERE l.organization_id = $1 AND ($2 = 1 OR l.status = 'open') \
             ORDER BY l.direction, l.id DESC"
        ))
        .bind(organization_id)
        .bind(i64::from(include_closed))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(listing_from).collect()
    }

    /// The public board: open listings with their organisation, newest first, and the total.
    pub async fn board(
        &self,
        f: &ListingFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<(Listing, OrganizationSummary)>, i64)> {
        let (cond, values) = board_conditions(f);
        let (lim, off) = (values.len() + 1, values.len() + 2);
        let list_sql = format!(
            "SELECT {COLUMNS}, o.external_id AS o_external_id, o.kind AS o_kind, o.name AS o_name, \
             o.municipality AS o_municipality FROM listings l JOIN organizations o ON o.id = l.organization_id \
             WHERE {cond} ORDER BY l.updated_at DESC, l.id DESC LIMIT ${lim} OFFSET ${off}"
        );
        let count_sql =
            format!("SELECT COUNT(*) FROM listings l JOIN organizations o ON o.id = l.organization_id WHERE {cond}");
        let mut list = sqlx::query(&list_sql);
        let mut count = sqlx::query(&count_sql);
        for v in &values {
            list = list.bind(v.clone());
            count = count.bind(v.clone());
        }
        let rows = list.bind(limit).bind(offset).fetch_all(&self.read).await?;
        // The state first, then the count: a total stored under a state is never older than it.
        let at: String = match self.backend {
            crate::Backend::Sqlite => self.search_log_end().await?.to_string(),
            crate::Backend::Postgres => {
                sqlx::query_scalar("SELECT pg_current_snapshot()::text")
                    .fetch_one(&self.read)
                    .await?
            }
        };
        let key = format!("{cond}\u{0}{}", values.join("\u{0}"));
        let total = match self.board_counts.get(&key, &at) {
            Some(n) => n,
            None => {
                let n: i64 = count.fetch_one(&self.read).await?.try_get(0)?;
                self.board_counts.put(key, at, n);
                n
            }
        };
        let items = rows
            .iter()
            .map(|r| Ok((listing_from(r)?, org_from(r)?)))
            .collect::<Result<_>>()?;
        Ok((items, total))
    }
}
