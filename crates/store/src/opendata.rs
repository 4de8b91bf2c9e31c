//! Open data's reads: public profile fields and open listings, a page at a time by id, so a
//! national dataset is written in bounded memory. The columns chosen here are the whole of what
//! may be published (no representative, address, e-mail or telephone).

use kyodo_domain::opendata::{OpenListing, OpenOrganization};
use sqlx::Row;

use crate::{Result, Store, parse_list};

impl Store {
    /// Organisations with an id above `after`, by id, at most `limit`.
    pub async fn open_organizations(&self, after: i64, limit: i64) -> Result<Vec<OpenOrganization>> {
        let rows = sqlx::query(
            "SELECT id, external_id, kind, name, name_kana, prefecture, municipality, founded, members, employees, \
             website, mission, activities, fields, sdgs, dissolved_on, updated_at FROM organizations \
             WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OpenOrganization {
                    id: r.try_get("id")?,
                    external_id: r.try_get("external_id")?,
                    kind: r.try_get("kind")?,
                    name: r.try_get("name")?,
                    name_kana: r.try_get("name_kana")?,
                    prefecture: r.try_get("prefecture")?,
                    municipality: r.try_get("municipality")?,
                    founded: r.try_get("founded")?,
                    members: r.try_get("members")?,
                    employees: r.try_get("employees")?,
                    website: r.try_get("website")?,
                    mission: r.try_get("mission")?,
                    activities: r.try_get("activities")?,
                    fields: parse_list(&r.try_get::<String, _>("fields")?),
                    sdgs: parse_list(&r.try_get::<String, _>("sdgs")?),
                    dissolved_on: r.try_get("dissolved_on")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }

    /// Open listings of organisations not dissolved, with an id above `after`, by id. A listing
    /// without its own municipality applies where its organisation is.
    pub async fn open_listings(&self, after: i64, limit: i64) -> Result<Vec<OpenListing>> {
        let rows = sqlx::query(
            "SELECT l.id, l.organization_id, o.name AS organization_name, l.direction, l.resources, l.title, \
             l.description, COALESCE(l.municipality, o.municipality) AS municipality, l.fields, l.sdgs, l.created_at, l.updated_at \
             FROM listings l JOIN organizations o ON o.id = l.organization_id \
             WHERE l.id > $1 AND l.status = 'open' AND o.dissolved_on IS NULL ORDER BY l.id LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OpenListing {
                    id: r.try_get("id")?,
                    organization_id: r.try_get("organization_id")?,
                    organization_name: r.try_get("organization_name")?,
                    direction: r.try_get("direction")?,
                    resources: parse_list(&r.try_get::<String, _>("resources")?),
                    title: r.try_get("title")?,
                    description: r.try_get("description")?,
                    municipality: r.try_get("municipality")?,
                    fields: parse_list(&r.try_get::<String, _>("fields")?),
                    sdgs: parse_list(&r.try_get::<String, _>("sdgs")?),
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                })
            })
            .collect()
    }
}
