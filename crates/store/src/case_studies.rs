//! Case studies (協働事例) told from collaborations: versions of the content, each party's approval
//! of one version, and the library of those that are public. Whether a case is public is read by
//! one SQL rule, the same as `kyodo_domain::case_study::Publication` (a test holds them alike):
//! every party of the collaboration approved the latest version, and it is not blocked.

use kyodo_domain::case_study::CaseStudy;
use sqlx::Row;

use crate::evaluations::decode;
use crate::workspace::{audit, json};
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone)]
pub struct StoredCaseStudy {
    pub id: i64,
    pub collaboration_id: i64,
    pub version: i64,
    pub content: CaseStudy,
    pub digest: String,
    pub updated_at: i64,
    /// (party, the version it approved, when).
    pub approvals: Vec<(i64, i64, i64)>,
}

/// The latest version is public (the rule, as SQL, over `c` and its latest version `v`).
const PUBLIC: &str = "v.blocked = 0 \
     AND EXISTS (SELECT 1 FROM collaboration_parties p WHERE p.collaboration_id = c.collaboration_id) \
     AND NOT EXISTS (SELECT 1 FROM collaboration_parties p \
     WHERE p.collaboration_id = c.collaboration_id AND NOT EXISTS (SELECT 1 FROM case_study_approvals a \
     WHERE a.case_id = c.id AND a.organization_id = p.organization_id AND a.version = v.version))";

const SELECT: &str = "SELECT c.id, c.collaboration_id, c.latest_version, c.updated_at, v.content, v.digest \
     FROM case_studies c JOIN case_study_versions v ON v.case_id = c.id AND v.version = c.latest_version";

impl Store {
    /// Saves the content: the same content (digest) keeps its version, changed content is the
    /// next version. `blocked` says it cannot be public as it stands. Returns (case id, version).
    pub async fn save_case_study(
        &self,
        collaboration_id: i64,
        content: &CaseStudy,
        digest: &str,
        blocked: bool,
        user_id: i64,
        now: i64,
    ) -> Result<(i64, i64)> {
        let body = json(content)?;
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO case_studies (collaboration_id, latest_version, created_at, updated_at) VALUES ($1, 0, $2, $2) \
             ON CONFLICT (collaboration_id) DO NOTHING",
        )
        .bind(collaboration_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(
            "SELECT c.id, c.latest_version, v.digest FROM case_studies c LEFT JOIN case_study_versions v \
             ON v.case_id = c.id AND v.version = c.latest_version WHERE c.collaboration_id = $1",
        )
        .bind(collaboration_id)
        .fetch_one(&mut *tx)
        .await?;
        let (id, latest): (i64, i64) = (row.try_get("id")?, row.try_get("latest_version")?);
        if row.try_get::<Option<String>, _>("digest")?.as_deref() == Some(digest) {
            tx.commit().await?;
            return Ok((id, latest));
        }
        let version = latest + 1;
        sqlx::query(
            "INSERT INTO case_study_versions (case_id, version, content, digest, blocked, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(version)
        .bind(&body)
        .bind(digest)
        .bind(i64::from(blocked))
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE case_studies SET latest_version = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(version)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "case_study_saved",
            &format!("事例「{}」第{version}版", content.title),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok((id, version))
    }

    /// The collaboration's case study as it stands, with every party's approval.
    pub async fn case_study(&self, collaboration_id: i64) -> Result<Option<StoredCaseStudy>> {
        let Some(r) = sqlx::query(&format!("{SELECT} WHERE c.collaboration_id = $1"))
            .bind(collaboration_id)
            .fetch_optional(&self.read)
            .await?
        else {
            return Ok(None);
        };
        let id: i64 = r.try_get("id")?;
        let approvals = sqlx::query(
            "SELECT organization_id, version, approved_at FROM case_study_approvals WHERE case_id = $1 ORDER BY organization_id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|a| Ok((a.try_get("organization_id")?, a.try_get("version")?, a.try_get("approved_at")?)))
        .collect::<Result<Vec<_>>>()?;
        Ok(Some(StoredCaseStudy {
            id,
            collaboration_id: r.try_get("collaboration_id")?,
            version: r.try_get("latest_version")?,
            content: decode(&r.try_get::<String, _>("content")?)?,
            digest: r.try_get("digest")?,
            updated_at: r.try_get("updated_at")?,
            approvals,
        }))
    }

    /// A party approves a version for publication (replacing its earlier approval);
    /// `Conflict("case_study_changed")` when that version is no longer the latest.
    pub async fn approve_case_study(
        &self,
        case_id: i64,
        version: i64,
        organization_id: i64,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query("SELECT collaboration_id, latest_version FROM case_studies WHERE id = $1")
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let (cid, latest): (i64, i64) = (row.try_get("collaboration_id")?, row.try_get("latest_version")?);
        if latest != version {
            return Err(StoreError::Conflict("case_study_changed"));
        }
        sqlx::query(
            "INSERT INTO case_study_approvals (case_id, organization_id, version, user_id, approved_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (case_id, organization_id) DO UPDATE SET version = excluded.version, user_id = excluded.user_id, \
             approved_at = excluded.approved_at",
        )
        .bind(case_id)
        .bind(organization_id)
        .bind(version)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            cid,
            user_id,
            "case_study_approved",
            &format!("事例 第{version}版の公開を承認（団体 {organization_id}）"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A party withdraws its approval: the case leaves the library in the same commit.
    pub async fn withdraw_case_study(&self, case_id: i64, organization_id: i64, user_id: i64, now: i64) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let cid: i64 = sqlx::query_scalar("SELECT collaboration_id FROM case_studies WHERE id = $1")
            .bind(case_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let done = sqlx::query("DELETE FROM case_study_approvals WHERE case_id = $1 AND organization_id = $2")
            .bind(case_id)
            .bind(organization_id)
            .execute(&mut *tx)
            .await?;
        crate::found(&done)?;
        audit(
            &mut tx,
            cid,
            user_id,
            "case_study_withdrawn",
            &format!("事例の公開の承認を取り下げ（団体 {organization_id}）"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The public case studies, newest first.
    pub async fn published_case_studies(&self, limit: i64) -> Result<Vec<StoredCaseStudy>> {
        sqlx::query(&format!(
            "{SELECT} WHERE {PUBLIC} ORDER BY c.updated_at DESC, c.id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(public_from)
        .collect()
    }

    /// One case study, if it is public.
    pub async fn published_case_study(&self, case_id: i64) -> Result<Option<StoredCaseStudy>> {
        sqlx::query(&format!("{SELECT} WHERE c.id = $1 AND {PUBLIC}"))
            .bind(case_id)
            .fetch_optional(&self.read)
            .await?
            .as_ref()
            .map(public_from)
            .transpose()
    }
}

/// A public case as the library shows it: approvals are not the public's business.
fn public_from(r: &sqlx::any::AnyRow) -> Result<StoredCaseStudy> {
    Ok(StoredCaseStudy {
        id: r.try_get("id")?,
        collaboration_id: r.try_get("collaboration_id")?,
        version: r.try_get("latest_version")?,
        content: decode(&r.try_get::<String, _>("content")?)?,
        digest: r.try_get("digest")?,
        updated_at: r.try_get("updated_at")?,
        approvals: Vec::new(),
    })
}
