//! The evaluation report's versions and sign-offs: a sign-off fixes the content it was given; a
//! sign-off of changed content makes the next version.

use kyodo_domain::evaluation::Milestone;
use sqlx::Row;

use crate::workspace::audit;
use crate::{Result, Store, StoreError};

/// A version of a milestone's report, with the parties that signed it off.
#[derive(Debug, Clone)]
pub struct ReportVersion {
    pub version: i64,
    pub digest: String,
    /// The content as signed (the report's JSON).
    pub content: String,
    pub created_at: i64,
    /// (organisation, signed at)
    pub signed: Vec<(i64, i64)>,
}

impl Store {
    /// The report's versions, newest first.
    pub async fn report_versions(&self, collaboration_id: i64, milestone: Milestone) -> Result<Vec<ReportVersion>> {
        let rows = sqlx::query(
            "SELECT r.id, r.version, r.digest, r.content, r.created_at, s.organization_id, s.signed_at \
             FROM evaluation_reports r LEFT JOIN evaluation_signoffs s ON s.report_id = r.id \
             WHERE r.collaboration_id = $1 AND r.milestone = $2 ORDER BY r.version DESC, s.signed_at",
        )
        .bind(collaboration_id)
        .bind(milestone.as_str())
        .fetch_all(&self.read)
        .await?;
        let mut out: Vec<ReportVersion> = Vec::new();
        for r in &rows {
            let version: i64 = r.try_get("version")?;
            if out.last().is_none_or(|v| v.version != version) {
                out.push(ReportVersion {
                    version,
                    digest: r.try_get("digest")?,
                    content: r.try_get("content")?,
                    created_at: r.try_get("created_at")?,
                    signed: Vec::new(),
                });
            }
            let org: Option<i64> = r.try_get("organization_id")?;
            if let Some(org) = org {
                let at: i64 = r.try_get("signed_at")?;
                out.last_mut().expect("pushed above").signed.push((org, at));
            }
        }
        Ok(out)
    }

    /// Signs the report off for `organization_id`: the latest version when its digest matches,
    /// else a new version of `content`. Signing the same version twice changes nothing. Returns
    /// the version signed. Two sign-offs of new content at once: the second is `Conflict`.
    #[allow(clippy::too_many_arguments)]
    pub async fn sign_report(
        &self,
        collaboration_id: i64,
        milestone: Milestone,
        digest: &str,
        content: &str,
        organization_id: i64,
        user_id: i64,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let latest: Option<(i64, i64, String)> = sqlx::query_as(
            "SELECT id, version, digest FROM evaluation_reports WHERE collaboration_id = $1 AND milestone = $2 \
             ORDER BY version DESC LIMIT 1",
        )
        .bind(collaboration_id)
        .bind(milestone.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let (id, version) = match latest {
            Some((id, v, d)) if d == digest => (id, v),
            other => {
                let v = other.map_or(1, |(_, v, _)| v + 1);
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO evaluation_reports (collaboration_id, milestone, version, digest, content, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(collaboration_id)
                .bind(milestone.as_str())
                .bind(v)
                .bind(digest)
                .bind(content)
                .bind(user_id)
                .bind(now)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| StoreError::unique(e, "report_version"))?;
                (id, v)
            }
        };
        let signed = sqlx::query(
            "INSERT INTO evaluation_signoffs (report_id, organization_id, user_id, signed_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (report_id, organization_id) DO NOTHING",
        )
        .bind(id)
        .bind(organization_id)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if signed > 0 {
            audit(
                &mut tx,
                collaboration_id,
                user_id,
                "evaluation_report_signed",
                &format!("{}評価の報告書 第{version}版", milestone.label_ja()),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(version)
    }
}
