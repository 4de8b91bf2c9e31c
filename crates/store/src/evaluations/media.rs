//! Media coverage: releases and the articles that followed.

use kyodo_domain::evaluation::media::{MediaCoverage, MediaKind, Medium, Tone};
use kyodo_domain::fields::iso_date;
use sqlx::Row;

use crate::workspace::audit;
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone)]
pub struct StoredMedia {
    pub id: i64,
    pub collaboration_id: i64,
    pub item: MediaCoverage,
    /// A clipping (scan or photo of the page) is kept with it.
    pub has_clipping: bool,
    pub created_at: i64,
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<StoredMedia> {
    let kind: String = r.try_get("kind")?;
    let on: String = r.try_get("on_date")?;
    let medium: Option<String> = r.try_get("medium")?;
    let tone: Option<String> = r.try_get("tone")?;
    Ok(StoredMedia {
        id: r.try_get("id")?,
        collaboration_id: r.try_get("collaboration_id")?,
        item: MediaCoverage {
            kind: MediaKind::parse(&kind).ok_or(StoreError::NotFound)?,
            on: iso_date(&on).ok_or(StoreError::NotFound)?,
            title: r.try_get("title")?,
            outlet: r.try_get("outlet")?,
            medium: medium.as_deref().and_then(Medium::parse),
            url: r.try_get("url")?,
            reach: r.try_get::<Option<i64>, _>("reach")?.map(|n| n.max(0) as u64),
            tone: tone.as_deref().and_then(Tone::parse),
            release_id: r.try_get("release_id")?,
        },
        has_clipping: r.try_get::<i64, _>("has_clipping")? != 0,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    pub async fn add_media(&self, collaboration_id: i64, m: &MediaCoverage, user_id: i64, now: i64) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO media_coverage (collaboration_id, kind, on_date, title, outlet, medium, url, reach, tone, \
             release_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(collaboration_id)
        .bind(m.kind.as_str())
        .bind(m.on.to_string())
        .bind(&m.title)
        .bind(&m.outlet)
        .bind(m.medium.map(Medium::as_str))
        .bind(&m.url)
        .bind(m.reach.map(|n| n.min(i64::MAX as u64) as i64))
        .bind(m.tone.map(Tone::as_str))
        .bind(m.release_id)
        .bind(user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "media_added",
            &format!("{}：{}", m.kind.label_ja(), m.title),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The collaboration's releases and articles, newest first.
    pub async fn media(&self, collaboration_id: i64) -> Result<Vec<StoredMedia>> {
        sqlx::query(
            "SELECT id, collaboration_id, kind, on_date, title, outlet, medium, url, reach, tone, release_id, created_at, \
             (SELECT COUNT(*) FROM media_clippings WHERE media_id = media_coverage.id) AS has_clipping \
             FROM media_coverage WHERE collaboration_id = $1 ORDER BY on_date DESC, id DESC",
        )
        .bind(collaboration_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// Removes an item of this collaboration (`NotFound` for another's); articles that followed a
    /// removed release keep their place, without the link.
    pub async fn remove_media(&self, collaboration_id: i64, id: i64, user_id: i64, now: i64) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query("UPDATE media_coverage SET release_id = NULL WHERE release_id = $1 AND collaboration_id = $2")
            .bind(id)
            .bind(collaboration_id)
            .execute(&mut *tx)
            .await?;
        let done = sqlx::query("DELETE FROM media_coverage WHERE id = $1 AND collaboration_id = $2")
            .bind(id)
            .bind(collaboration_id)
            .execute(&mut *tx)
            .await?;
        crate::found(&done)?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "media_removed",
            &format!("掲載実績 {id}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Keeps a clipping with an item of this collaboration, replacing an earlier one
    /// (`NotFound` for another's item).
    pub async fn set_media_clipping(
        &self,
        collaboration_id: i64,
        media_id: i64,
        content_type: &str,
        bytes: &[u8],
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let title: Option<String> =
            sqlx::query_scalar("SELECT title FROM media_coverage WHERE id = $1 AND collaboration_id = $2")
                .bind(media_id)
                .bind(collaboration_id)
                .fetch_optional(&mut *tx)
                .await?;
        let title = title.ok_or(StoreError::NotFound)?;
        sqlx::query(
            "INSERT INTO media_clippings (media_id, content_type, bytes, created_by, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (media_id) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes, \
             created_by = excluded.created_by, created_at = excluded.created_at",
        )
        .bind(media_id)
        .bind(content_type)
        .bind(bytes)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "clipping_added",
            &format!("切り抜き：{title}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// An item's clipping: its content type and bytes (`None` when it has none or is another's).
    pub async fn media_clipping(&self, collaboration_id: i64, media_id: i64) -> Result<Option<(String, Vec<u8>)>> {
        let row = sqlx::query(
            "SELECT k.content_type, k.bytes FROM media_clippings k JOIN media_coverage m ON m.id = k.media_id \
             WHERE k.media_id = $1 AND m.collaboration_id = $2",
        )
        .bind(media_id)
        .bind(collaboration_id)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| Ok((r.try_get("content_type")?, r.try_get("bytes")?)))
            .transpose()
    }

    /// Removes an item's clipping (`NotFound` when it has none or is another's).
    pub async fn remove_media_clipping(
        &self,
        collaboration_id: i64,
        media_id: i64,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "DELETE FROM media_clippings WHERE media_id = $1 \
             AND media_id IN (SELECT id FROM media_coverage WHERE collaboration_id = $2)",
        )
        .bind(media_id)
        .bind(collaboration_id)
        .execute(&mut *tx)
        .await?;
        crate::found(&done)?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "clipping_removed",
            &format!("掲載実績 {media_id} の切り抜き"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
