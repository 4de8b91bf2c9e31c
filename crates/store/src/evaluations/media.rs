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
            "SELECT id, collaboration_id, kind, on_date, title, outlet, medium, url, reach, tone, release_id, created_at \
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
}
