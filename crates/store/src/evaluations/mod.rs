//! 評価 records: the evaluation sheet of each milestone with each party's own assessment, and
//! (in their modules) media coverage, third-party opinions and outcomes. Every write records its
//! audit line in its own transaction.

mod media;
mod opinions;
mod outcomes;
mod reports;
mod summaries;

use kyodo_domain::collaboration::cycle::Cycle;
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::assessment::Assessment;
use kyodo_domain::evaluation::sheet::Sheet;
pub use media::StoredMedia;
pub use opinions::{NewOpinionRequest, StoredOpinion};
pub use outcomes::StoredOutcome;
pub use reports::ReportVersion;
use sqlx::Row;
pub use summaries::StoredSummary;

use crate::workspace::{audit, insert_cycle, json};
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone)]
pub struct StoredSheet {
    pub id: i64,
    pub collaboration_id: i64,
    pub milestone: Milestone,
    pub sheet: Sheet,
    /// The PDCA cycle its lessons became, once they have.
    pub next_cycle: Option<i64>,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct StoredAssessment {
    pub organization_id: i64,
    pub assessment: Assessment,
    /// When the party showed it to the others; a draft until then.
    pub submitted_at: Option<i64>,
    pub updated_at: i64,
}

pub(crate) fn decode<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
}

fn sheet_from(r: &sqlx::any::AnyRow) -> Result<StoredSheet> {
    let m: String = r.try_get("milestone")?;
    Ok(StoredSheet {
        id: r.try_get("id")?,
        collaboration_id: r.try_get("collaboration_id")?,
        milestone: Milestone::parse(&m).ok_or(StoreError::NotFound)?,
        sheet: decode(&r.try_get::<String, _>("content")?)?,
        next_cycle: r.try_get("next_cycle")?,
        updated_at: r.try_get("updated_at")?,
    })
}

const SHEET_SELECT: &str = "SELECT id, collaboration_id, milestone, content, next_cycle, updated_at FROM evaluations";

impl Store {
    /// Saves the milestone's sheet (the first save makes it). Returns its id.
    pub async fn save_evaluation(
        &self,
        collaboration_id: i64,
        milestone: Milestone,
        sheet: &Sheet,
        user_id: i64,
        now: i64,
    ) -> Result<i64> {
        let body = json(sheet)?;
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO evaluations (collaboration_id, milestone, content, updated_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (collaboration_id, milestone) \
             DO UPDATE SET content = excluded.content, updated_by = excluded.updated_by, updated_at = excluded.updated_at \
             RETURNING id",
        )
        .bind(collaboration_id)
        .bind(milestone.as_str())
        .bind(&body)
        .bind(user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "evaluation_saved",
            &format!("{}評価（{}）", milestone.label_ja(), sheet.held_on),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn evaluations(&self, collaboration_id: i64) -> Result<Vec<StoredSheet>> {
        let rows = sqlx::query(&format!("{SHEET_SELECT} WHERE collaboration_id = $1"))
            .bind(collaboration_id)
            .fetch_all(&self.read)
            .await?;
        let mut out = rows.iter().map(sheet_from).collect::<Result<Vec<_>>>()?;
        out.sort_by_key(|s| s.milestone);
        Ok(out)
    }

    pub async fn evaluation(&self, collaboration_id: i64, milestone: Milestone) -> Result<Option<StoredSheet>> {
        sqlx::query(&format!(
            "{SHEET_SELECT} WHERE collaboration_id = $1 AND milestone = $2"
        ))
        .bind(collaboration_id)
        .bind(milestone.as_str())
        .fetch_optional(&self.read)
        .await?
        .as_ref()
        .map(sheet_from)
        .transpose()
    }

    /// Starts the next PDCA cycle from the sheet's lessons and marks the sheet with it, in one
    /// transaction; `Conflict` when its lessons already became a cycle. Returns the cycle's number.
    pub async fn evaluation_to_cycle(
        &self,
        collaboration_id: i64,
        evaluation_id: i64,
        cycle: &Cycle,
        user_id: i64,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let taken = sqlx::query(
            "UPDATE evaluations SET next_cycle = 0 WHERE id = $1 AND collaboration_id = $2 AND next_cycle IS NULL",
        )
        .bind(evaluation_id)
        .bind(collaboration_id)
        .execute(&mut *tx)
        .await?;
        if taken.rows_affected() == 0 {
            return Err(StoreError::Conflict("lessons_taken"));
        }
        let number = insert_cycle(&mut tx, collaboration_id, cycle, user_id, now).await?;
        sqlx::query("UPDATE evaluations SET next_cycle = $2 WHERE id = $1")
            .bind(evaluation_id)
            .bind(number)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "lessons_to_cycle",
            &format!("評価の学びから第{number}サイクルの計画"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(number)
    }

    /// Saves a party's own assessment; `submit` shows it to the other parties (and it stays shown).
    #[allow(clippy::too_many_arguments)]
    pub async fn save_assessment(
        &self,
        collaboration_id: i64,
        milestone: Milestone,
        organization_id: i64,
        a: &Assessment,
        submit: bool,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let body = json(a)?;
        let submitted = submit.then_some(now);
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO evaluation_assessments (collaboration_id, milestone, organization_id, content, submitted_at, \
             updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (collaboration_id, milestone, organization_id) DO UPDATE SET \
             content = excluded.content, submitted_at = COALESCE(evaluation_assessments.submitted_at, excluded.submitted_at), \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(collaboration_id)
        .bind(milestone.as_str())
        .bind(organization_id)
        .bind(&body)
        .bind(submitted)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            if submit {
                "assessment_submitted"
            } else {
                "assessment_saved"
            },
            &format!("{}評価：団体 {organization_id} のふりかえり", milestone.label_ja()),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn assessments(&self, collaboration_id: i64, milestone: Milestone) -> Result<Vec<StoredAssessment>> {
        sqlx::query(
            "SELECT organization_id, content, submitted_at, updated_at FROM evaluation_assessments \
             WHERE collaboration_id = $1 AND milestone = $2 ORDER BY organization_id",
        )
        .bind(collaboration_id)
        .bind(milestone.as_str())
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(StoredAssessment {
                organization_id: r.try_get("organization_id")?,
                assessment: decode(&r.try_get::<String, _>("content")?)?,
                submitted_at: r.try_get("submitted_at")?,
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect()
    }
}
