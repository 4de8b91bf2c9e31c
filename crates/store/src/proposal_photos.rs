//! Photos of a proposal's track record. Each version records the newest photo it includes (see
//! `save_proposal_version`), so a partner is shown exactly the photos of its version.

use sqlx::Row;

use crate::{Result, Store, StoreError, found};

/// A photo of the track record: (id, caption).
pub type PhotoInfo = (i64, String);

impl Store {
    /// Adds a photo unless the proposal already has `max` (then `Conflict`), in one transaction.
    pub async fn add_proposal_photo(
        &self,
        proposal_id: i64,
        caption: &str,
        content_type: &str,
        bytes: &[u8],
        max: i64,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM proposal_photos WHERE proposal_id = $1")
            .bind(proposal_id)
            .fetch_one(&mut *tx)
            .await?;
        if n >= max {
            return Err(StoreError::Conflict("too_many_photos"));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO proposal_photos (proposal_id, caption, content_type, bytes, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(proposal_id)
        .bind(caption)
        .bind(content_type)
        .bind(bytes)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The photos up to the id `until` (a partner sees those of the version shared with it).
    pub async fn proposal_photos(&self, proposal_id: i64, until: i64) -> Result<Vec<PhotoInfo>> {
        sqlx::query("SELECT id, caption FROM proposal_photos WHERE proposal_id = $1 AND id <= $2 ORDER BY id")
            .bind(proposal_id)
            .bind(until)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("caption")?)))
            .collect()
    }

    /// (content type, bytes, caption) of a photo of this proposal.
    pub async fn proposal_photo(
        &self,
        proposal_id: i64,
        id: i64,
        until: i64,
    ) -> Result<Option<(String, Vec<u8>, String)>> {
        sqlx::query(
            "SELECT content_type, bytes, caption FROM proposal_photos WHERE proposal_id = $1 AND id = $2 \
             AND id <= $3",
        )
        .bind(proposal_id)
        .bind(id)
        .bind(until)
        .fetch_optional(&self.read)
        .await?
        .map(|r| Ok((r.try_get("content_type")?, r.try_get("bytes")?, r.try_get("caption")?)))
        .transpose()
    }

    /// Every photo's bytes and caption, in order (for documents): one query.
    pub async fn proposal_photo_files(&self, proposal_id: i64, until: i64) -> Result<Vec<(Vec<u8>, String)>> {
        sqlx::query("SELECT bytes, caption FROM proposal_photos WHERE proposal_id = $1 AND id <= $2 ORDER BY id")
            .bind(proposal_id)
            .bind(until)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("bytes")?, r.try_get("caption")?)))
            .collect()
    }

    pub async fn delete_proposal_photo(&self, proposal_id: i64, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM proposal_photos WHERE proposal_id = $1 AND id = $2")
            .bind(proposal_id)
            .bind(id)
            .execute(&self.write)
            .await?;
        found(&done)
    }
}
