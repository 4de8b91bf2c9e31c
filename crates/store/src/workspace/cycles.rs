//! PDCA cycles and the collaboration's audit log.

use sqlx::Row;

use super::{AuditEvent, StoredCycle, audit};
use crate::{Result, Store, StoreError};

/// Adds the next cycle (number = last + 1) in the caller's transaction; returns its number.
pub(crate) async fn insert_cycle(
    conn: &mut sqlx::AnyConnection,
    collaboration_id: i64,
    c: &kyodo_domain::collaboration::cycle::Cycle,
    user_id: i64,
    now: i64,
) -> Result<i64> {
    let number: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM cycles WHERE collaboration_id = $1")
        .bind(collaboration_id)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO cycles (collaboration_id, number, plan, done, check_result, act, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(collaboration_id)
    .bind(number)
    .bind(&c.plan)
    .bind(&c.done)
    .bind(&c.check)
    .bind(&c.act)
    .bind(user_id)
    .bind(now)
    .execute(&mut *conn)
    .await
    .map_err(|e| StoreError::unique(e, "cycle_number"))?;
    Ok(number)
}

impl Store {
    /// Adds the next cycle (number = last + 1).
    pub async fn add_cycle(
        &self,
        collaboration_id: i64,
        c: &kyodo_domain::collaboration::cycle::Cycle,
        user_id: i64,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let number = insert_cycle(&mut tx, collaboration_id, c, user_id, now).await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "cycle_added",
            &format!("第{number}サイクル"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(number)
    }

    pub async fn update_cycle(
        &self,
        collaboration_id: i64,
        id: i64,
        c: &kyodo_domain::collaboration::cycle::Cycle,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE cycles SET plan = $3, done = $4, check_result = $5, act = $6, updated_by = $7, updated_at = $8 \
             WHERE id = $1 AND collaboration_id = $2",
        )
        .bind(id)
        .bind(collaboration_id)
        .bind(&c.plan)
        .bind(&c.done)
        .bind(&c.check)
        .bind(&c.act)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        crate::found(&done)?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "cycle_updated",
            &format!("サイクル {id}：{}", c.phase_ja()),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn cycles(&self, collaboration_id: i64) -> Result<Vec<StoredCycle>> {
        sqlx::query(
            "SELECT id, number, plan, done, check_result, act, updated_at FROM cycles WHERE collaboration_id = $1 ORDER BY number",
        )
        .bind(collaboration_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(StoredCycle {
                id: r.try_get("id")?,
                number: r.try_get("number")?,
                cycle: kyodo_domain::collaboration::cycle::Cycle {
                    plan: r.try_get("plan")?,
                    done: r.try_get("done")?,
                    check: r.try_get("check_result")?,
                    act: r.try_get("act")?,
                },
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect()
    }

    pub async fn audit_events(&self, collaboration_id: i64) -> Result<Vec<AuditEvent>> {
        sqlx::query(
            "SELECT u.display_name, a.action, a.detail, a.created_at FROM audit_events a \
             LEFT JOIN users u ON u.id = a.user_id WHERE a.collaboration_id = $1 ORDER BY a.id",
        )
        .bind(collaboration_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("display_name")?,
                r.try_get("action")?,
                r.try_get("detail")?,
                r.try_get("created_at")?,
            ))
        })
        .collect()
    }
}
