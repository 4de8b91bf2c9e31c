//! Collaboration listings (協働募集): needs and offers of an organisation.

use kyodo_domain::listing::{Direction, ListingStatus, Resource};
use sqlx::Row;

use crate::{Result, Store, parse_list};

#[derive(Debug, Clone)]
pub struct Listing {
    pub id: i64,
    pub organization_id: i64,
    pub direction: Direction,
    pub resources: Vec<Resource>,
    pub title: String,
    pub description: Option<String>,
    pub municipality: Option<String>,
    pub status: ListingStatus,
}

impl Store {
    /// An organisation's listings, needs first, newest first within each; closed ones only when
    /// `include_closed` (the organisation's own members).
    pub async fn listings_of(
        &self,
        organization_id: i64,
        include_closed: bool,
    ) -> Result<Vec<Listing>> {
        let rows = sqlx::query(
            "SELECT id, organization_id, direction, resources, title, description, municipality, status \
             FROM listings WHERE organization_id = $1 AND ($2 = 1 OR status = 'open') \
             ORDER BY direction, id DESC",
        )
        .bind(organization_id)
        .bind(i64::from(include_closed))
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let direction: String = r.try_get("direction")?;
                let status: String = r.try_get("status")?;
                let codes: Vec<String> = parse_list(&r.try_get::<String, _>("resources")?);
                Ok(Listing {
                    id: r.try_get("id")?,
                    organization_id: r.try_get("organization_id")?,
                    direction: Direction::parse(&direction).unwrap_or(Direction::Need),
                    resources: codes.iter().filter_map(|c| Resource::parse(c)).collect(),
                    title: r.try_get("title")?,
                    description: r.try_get("description")?,
                    municipality: r.try_get("municipality")?,
                    status: ListingStatus::parse(&status).unwrap_or(ListingStatus::Open),
                })
            })
            .collect()
    }
}
