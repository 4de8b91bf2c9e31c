//! The evaluation's public summary and the parties' agreements to publish it.

use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::summary::Summary;
use sqlx::Row;

use crate::workspace::audit;
use crate::{Result, Store};

#[derive(Debug, Clone)]
pub struct StoredSummary {
    pub summary: Summary,
    /// The digest of the words as saved.
    pub digest: String,
    pub updated_at: i64,
    /// (organisation, digest agreed to, when)
    pub consents: Vec<(i64, String, i64)>,
}

impl StoredSummary {
    /// The parties whose agreement holds for the words as they stand.
    pub fn agreed(&self) -> Vec<i64> {
        self.consents
            .iter()
            .filter(|(_, d, _)| *d == self.digest)
            .map(|(o, _, _)| *o)
            .collect()
    }
}

impl Store {
    /// Saves the summary's words; agreements given to other words no longer hold.
    pub async fn save_summary(
        &self,
        collaboration_id: i64,
        milestone: Milestone,
        s: &Summary,
        digest: &str,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO evaluation_summaries (collaboration_id, milestone, headline, body, digest, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (collaboration_id, milestone) DO UPDATE SET \
             headline = excluded.headline, body = excluded.body, digest = excluded.digest, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(collaboration_id)
        .bind(milestone.as_str())
        .bind(&s.headline)
        .bind(&s.body)
        .bind(digest)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "evaluation_summary_saved",
            &format!("{}評価の公開用の概要", milestone.label_ja()),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn summary(&self, collaboration_id: i64, milestone: Milestone) -> Result<Option<StoredSummary>> {
        let Some(r) = sqlx::query(
            "SELECT headline, body, digest, updated_at FROM evaluation_summaries WHERE collaboration_id = $1 AND milestone = $2",
        )
        .bind(collaboration_id)
        .bind(milestone.as_str())
        .fetch_optional(&self.read)
        .await?
        else {
            return Ok(None);
        };
        let consents: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT organization_id, digest, consented_at FROM evaluation_summary_consents \
             WHERE collaboration_id = $1 AND milestone = $2 ORDER BY consented_at",
        )
        .bind(collaboration_id)
        .bind(milestone.as_str())
        .fetch_all(&self.read)
        .await?;
        Ok(Some(StoredSummary {
            summary: Summary {
                headline: r.try_get("headline")?,
                body: r.try_get("body")?,
            },
            digest: r.try_get("digest")?,
            updated_at: r.try_get("updated_at")?,
            consents,
        }))
    }

    /// Records `organization_id`'s agreement to publish the words with `digest`, or (`None`)
    /// withdraws it.
    pub async fn consent_summary(
        &self,
        collaboration_id: i64,
        milestone: Milestone,
        organization_id: i64,
        digest: Option<&str>,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        match digest {
            Some(d) => {
                sqlx::query(
                    "INSERT INTO evaluation_summary_consents (collaboration_id, milestone, organization_id, digest, user_id, consented_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (collaboration_id, milestone, organization_id) DO UPDATE SET \
                     digest = excluded.digest, user_id = excluded.user_id, consented_at = excluded.consented_at",
                )
                .bind(collaboration_id)
                .bind(milestone.as_str())
                .bind(organization_id)
                .bind(d)
                .bind(user_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "DELETE FROM evaluation_summary_consents WHERE collaboration_id = $1 AND milestone = $2 AND organization_id = $3",
                )
                .bind(collaboration_id)
                .bind(milestone.as_str())
                .bind(organization_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        let what = if digest.is_some() {
            "公開に同意"
        } else {
            "公開の同意を取り消し"
        };
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "evaluation_summary_consent",
            &format!("{}評価の公開用の概要：{what}", milestone.label_ja()),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
