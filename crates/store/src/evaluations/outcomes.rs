//! Outcomes for each party and for society, with their evidence.

use kyodo_domain::evaluation::outcome::{Evidence, EvidenceKind, Outcome};
use sqlx::Row;

use crate::workspace::audit;
use crate::{Result, Store};

#[derive(Debug, Clone)]
pub struct StoredOutcome {
    pub id: i64,
    pub collaboration_id: i64,
    pub outcome: Outcome,
    pub created_at: i64,
}

impl Store {
    pub async fn add_outcome(&self, collaboration_id: i64, o: &Outcome, user_id: i64, now: i64) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO evaluation_outcomes (collaboration_id, organization_id, label, from_guide, evidence_kind, \
             evidence_id, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(collaboration_id)
        .bind(o.organization_id)
        .bind(&o.label)
        .bind(i64::from(o.from_guide))
        .bind(o.evidence.map(|e| e.kind.as_str()))
        .bind(o.evidence.map(|e| e.id))
        .bind(&o.note)
        .bind(user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        audit(&mut tx, collaboration_id, user_id, "outcome_added", &o.label, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The outcomes, party by party (society last), in the order they were added.
    pub async fn outcomes(&self, collaboration_id: i64) -> Result<Vec<StoredOutcome>> {
        sqlx::query(
            "SELECT id, collaboration_id, organization_id, label, from_guide, evidence_kind, evidence_id, note, created_at \
             FROM evaluation_outcomes WHERE collaboration_id = $1 ORDER BY id",
        )
        .bind(collaboration_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            let kind: Option<String> = r.try_get("evidence_kind")?;
            let eid: Option<i64> = r.try_get("evidence_id")?;
            Ok(StoredOutcome {
                id: r.try_get("id")?,
                collaboration_id: r.try_get("collaboration_id")?,
                outcome: Outcome {
                    organization_id: r.try_get("organization_id")?,
                    label: r.try_get("label")?,
                    from_guide: r.try_get::<i64, _>("from_guide")? != 0,
                    evidence: match (kind.as_deref().and_then(EvidenceKind::parse), eid) {
                        (Some(kind), Some(id)) => Some(Evidence { kind, id }),
                        _ => None,
                    },
                    note: r.try_get("note")?,
                },
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
    }

    pub async fn remove_outcome(&self, collaboration_id: i64, id: i64, user_id: i64, now: i64) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query("DELETE FROM evaluation_outcomes WHERE id = $1 AND collaboration_id = $2")
            .bind(id)
            .bind(collaboration_id)
            .execute(&mut *tx)
            .await?;
        crate::found(&done)?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "outcome_removed",
            &format!("成果 {id}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
