//! Collaboration listings (協働募集): needs and offers, per organisation and on the public board.

use kyodo_domain::listing::{Direction, ListingStatus, NewListing, Resource};
use kyodo_domain::organization::OrgKind;
pub use kyodo_domain::records::Listing;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{OrganizationSummary, Result, Store, found, json_list, parse_list};

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

/// The board's filter values, bound in the same order as the placeholders `$1`…`$6`.
struct BoardParams {
    direction: Option<&'static str>,
    resource: Option<String>,
    field: Option<String>,
    sdg: Option<String>,
    municipality: Option<String>,
    kind: Option<&'static str>,
}

impl BoardParams {
    fn bind<'q>(
        &self,
        q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        q.bind(self.direction)
            .bind(self.resource.clone())
            .bind(self.field.clone())
            .bind(self.sdg.clone())
            .bind(self.municipality.clone())
            .bind(self.kind)
    }
}

impl Store {
    pub async fn create_listing(&self, organization_id: i64, l: &NewListing, now: i64) -> Result<i64> {
        let resources: Vec<&str> = l.resources.iter().map(Resource::as_str).collect();
        crate::insert_returning_id(
        sqlx::query_scalar(
            "INSERT INTO listings (organization_id, direction, resources, title, description, municipality, fields, \
             sdgs, status, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) RETURNING id",
        )
        .bind(organization_id)
        .bind(l.direction.as_str())
        .bind(json_list(&resources))
        .bind(&l.title)
        .bind(&l.description)
        .bind(&l.municipality)
        .bind(json_list(&l.fields))
        .bind(json_list(&l.sdgs))
        .bind(l.status.as_str())
        .bind(now),
        &self.write,
    )
    .await
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
        let cond = format!(
            "l.status = 'open' AND o.dissolved_on IS NULL AND ($1 IS NULL OR l.direction = $1) \
             AND ($2 IS NULL OR l.resources LIKE '%\"' || $2 || '\"%') \
             AND ($3 IS NULL OR {}) AND ($4 IS NULL OR {}) \
             AND ($5 IS NULL OR COALESCE(l.municipality, o.municipality) = $5) AND ($6 IS NULL OR o.kind = $6)",
            number_in("l.fields", 3),
            number_in("l.sdgs", 4),
        );
        let params = BoardParams {
            direction: f.direction.map(Direction::as_str),
            resource: f.resource.as_ref().map(|r| r.as_str().to_owned()),
            field: f.field.map(|n| n.to_string()),
            sdg: f.sdg.map(|n| n.to_string()),
            municipality: f.municipality.clone(),
            kind: f.kind.map(OrgKind::as_str),
        };
        let list_sql = format!(
            "SELECT {COLUMNS}, o.external_id AS o_external_id, o.kind AS o_kind, o.name AS o_name, \
             o.municipality AS o_municipality FROM listings l JOIN organizations o ON o.id = l.organization_id \
             WHERE {cond} ORDER BY l.updated_at DESC, l.id DESC LIMIT $7 OFFSET $8"
        );
        let count_sql =
            format!("SELECT COUNT(*) FROM listings l JOIN organizations o ON o.id = l.organization_id WHERE {cond}");
        let rows = params
            .bind(sqlx::query(&list_sql))
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.read)
            .await?;
        let total: i64 = params
            .bind(sqlx::query(&count_sql))
            .fetch_one(&self.read)
            .await?
            .try_get(0)?;
        let items = rows
            .iter()
            .map(|r| Ok((listing_from(r)?, org_from(r)?)))
            .collect::<Result<_>>()?;
        Ok((items, total))
    }
}
