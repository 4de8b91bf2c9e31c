//! 協働実績: an organisation's past collaborations.

use kyodo_domain::organization::track_record::TrackRecord;
use sqlx::Row;

use crate::{Result, Store, found};

#[derive(Debug, Clone)]
pub struct StoredTrackRecord {
    pub id: i64,
    pub record: TrackRecord,
}

impl Store {
    pub async fn add_track_record(&self, organization_id: i64, r: &TrackRecord, now: i64) -> Result<i64> {
        crate::insert_returning_id(
            sqlx::query_scalar(
                "INSERT INTO track_records (organization_id, title, partners, year, description, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(organization_id)
            .bind(&r.title)
            .bind(&r.partners)
            .bind(r.year.map(i64::from))
            .bind(&r.description)
            .bind(now),
            &self.write,
        )
        .await
    }

    /// Newest year first; undated entries last.
    pub async fn track_records(&self, organization_id: i64) -> Result<Vec<StoredTrackRecord>> {
        let rows = sqlx::query(
            "SELECT id, title, partners, year, description FROM track_records WHERE organization_id = $1 \
             ORDER BY CASE WHEN year IS NULL THEN 1 ELSE 0 END, year DESC, id DESC",
        )
        .bind(organization_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let year: Option<i64> = r.try_get("year")?;
                Ok(StoredTrackRecord {
                    id: r.try_get("id")?,
                    record: TrackRecord {
                        title: r.try_get("title")?,
                        partners: r.try_get("partners")?,
                        year: year.and_then(|y| i32::try_from(y).ok()),
                        description: r.try_get("description")?,
                    },
                })
            })
            .collect()
    }

    pub async fn delete_track_record(&self, organization_id: i64, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM track_records WHERE id = $1 AND organization_id = $2")
            .bind(id)
            .bind(organization_id)
            .execute(&self.write)
            .await?;
        found(&done)
    }
}
