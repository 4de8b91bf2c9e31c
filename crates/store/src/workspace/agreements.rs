//! The agreement's versions and each party's confirmation.

use kyodo_domain::collaboration::agreement::Agreement;
use sqlx::Row;

use super::{StoredAgreement, audit, json};
use crate::{Result, Store, StoreError};

impl Store {
    /// Saves the agreement as the next version (confirmations start afresh). Returns the version.
    pub async fn save_agreement(&self, collaboration_id: i64, a: &Agreement, user_id: i64, now: i64) -> Result<i64> {
        let body = json(a)?;
        let mut tx = self.write.begin().await?;
        // Locks the collaboration's row (PostgreSQL) so two saves get consecutive versions.
        let found = sqlx::query("UPDATE collaborations SET updated_at = $2 WHERE id = $1")
            .bind(collaboration_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        if found.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let version: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM agreements WHERE collaboration_id = $1")
                .bind(collaboration_id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO agreements (collaboration_id, version, content, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(collaboration_id)
        .bind(version)
        .bind(&body)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "agreement_saved",
            &format!("第{version}版"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    pub async fn latest_agreement(&self, collaboration_id: i64) -> Result<Option<StoredAgreement>> {
        let Some(r) = sqlx::query(
            "SELECT version, content, created_at FROM agreements WHERE collaboration_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(collaboration_id)
        .fetch_optional(&self.read)
        .await?
        else {
            return Ok(None);
        };
        let version: i64 = r.try_get("version")?;
        let agreement: Agreement = serde_json::from_str(&r.try_get::<String, _>("content")?)
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
        let confirmed_by = sqlx::query(
            "SELECT organization_id, confirmed_at FROM agreement_confirmations WHERE collaboration_id = $1 AND version = $2",
        )
        .bind(collaboration_id)
        .bind(version)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|c| Ok((c.try_get("organization_id")?, c.try_get("confirmed_at")?)))
        .collect::<Result<Vec<_>>>()?;
        Ok(Some(StoredAgreement {
            version,
            agreement,
            created_at: r.try_get("created_at")?,
            confirmed_by,
        }))
    }

    /// Records the confirmation of `version` by each of `organizations` (the parties the actor
    /// owns), only if it is still the latest (a newer version means the confirmer read an outdated
    /// text: `Conflict`). When every one of `parties` has then confirmed, the agreed targets become
    /// the collaboration's indicators — all in one transaction. Returns whether all have confirmed.
    pub async fn confirm_agreement(
        &self,
        collaboration_id: i64,
        version: i64,
        organizations: &[i64],
        parties: &[i64],
        user_id: i64,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "SELECT version, content FROM agreements WHERE collaboration_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(collaboration_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row.filter(|r| r.try_get::<i64, _>("version").ok() == Some(version)) else {
            return Err(StoreError::Conflict("agreement_changed"));
        };
        for organization_id in organizations {
            sqlx::query(
                "INSERT INTO agreement_confirmations (collaboration_id, version, organization_id, user_id, confirmed_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (collaboration_id, version, organization_id) DO NOTHING",
            )
            .bind(collaboration_id)
            .bind(version)
            .bind(organization_id)
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            audit(
                &mut tx,
                collaboration_id,
                user_id,
                "agreement_confirmed",
                &format!("第{version}版（団体 {organization_id}）"),
                now,
            )
            .await?;
        }
        let confirmed: Vec<i64> = sqlx::query_scalar(
            "SELECT organization_id FROM agreement_confirmations WHERE collaboration_id = $1 AND version = $2",
        )
        .bind(collaboration_id)
        .bind(version)
        .fetch_all(&mut *tx)
        .await?;
        let all = parties.iter().all(|p| confirmed.contains(p));
        if all {
            let agreement: Agreement = serde_json::from_str(&row.try_get::<String, _>("content")?)
                .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
            set_indicators(&mut tx, collaboration_id, &agreement, now).await?;
        }
        tx.commit().await?;
        Ok(all)
    }
}

/// Replaces the collaboration's indicators with the agreed targets (when the agreement becomes
/// confirmed). Progress entries of an indicator with the same name and unit are kept.
pub(super) async fn set_indicators(
    tx: &mut sqlx::AnyConnection,
    collaboration_id: i64,
    a: &Agreement,
    now: i64,
) -> Result<()> {
    let existing: Vec<(i64, String, String)> =
        sqlx::query("SELECT id, name, unit FROM indicators WHERE collaboration_id = $1")
            .bind(collaboration_id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("unit")?)))
            .collect::<Result<_>>()?;
    let mut kept = Vec::new();
    for t in &a.targets {
        if let Some((id, _, _)) = existing.iter().find(|(_, n, u)| *n == t.what && *u == t.unit) {
            sqlx::query(
                "UPDATE indicators SET target = $2, start_date = $3, due = $4, method = $5, baseline = $6 WHERE id = $1",
            )
            .bind(id)
            .bind(t.value)
            .bind(a.start.to_string())
            .bind(t.due.to_string())
            .bind(&t.method)
            .bind(t.baseline)
            .execute(&mut *tx)
                .await?;
            kept.push(*id);
        } else {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO indicators (collaboration_id, name, unit, baseline, target, start_date, due, method, \
                 created_at) VALUES ($1, $2, $3, $9, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(collaboration_id)
            .bind(&t.what)
            .bind(&t.unit)
            .bind(t.value)
            .bind(a.start.to_string())
            .bind(t.due.to_string())
            .bind(&t.method)
            .bind(now)
            .bind(t.baseline)
            .fetch_one(&mut *tx)
            .await?;
            kept.push(id);
        }
    }
    for (id, _, _) in existing.iter().filter(|(id, _, _)| !kept.contains(id)) {
        sqlx::query("DELETE FROM indicators WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}
