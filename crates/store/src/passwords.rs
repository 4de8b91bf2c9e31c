//! Changing and resetting passwords: the new hash, the end of the person's other sessions, and
//! the mail that tells them, each written together.

use sqlx::Row;

use crate::{Result, Store};

/// A mail to queue in the outbox with the change it reports.
pub struct Mail<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

impl Store {
    /// Sets a new password hash, ends every session of the person but `keep` (the one that made
    /// the change), and queues `mail`, in one transaction.
    pub async fn change_password(
        &self,
        user_id: i64,
        hash: &str,
        keep: Option<&str>,
        mail: &Mail<'_>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(user_id)
            .bind(keep.unwrap_or(""))
            .execute(&mut *tx)
            .await?;
        queue(&mut tx, mail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a reset link (its secret's hash) and queues the mail that carries it, together.
    pub async fn create_password_reset(
        &self,
        user_id: i64,
        token_hash: &str,
        expires_at: i64,
        mail: &Mail<'_>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        queue(&mut tx, mail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The person a live (unused, unexpired) reset link belongs to: id and e-mail.
    pub async fn password_reset_user(&self, token_hash: &str, now: i64) -> Result<Option<(i64, String)>> {
        let row = sqlx::query(
            "SELECT u.id, u.email FROM password_resets r JOIN users u ON u.id = r.user_id \
             WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| Ok((r.try_get("id")?, r.try_get("email")?))).transpose()
    }

    /// Uses a reset link: marks it (and the person's other links) used, sets the new hash and
    /// ends all their sessions. `false` when the link was not live any more (used meanwhile).
    pub async fn use_password_reset(&self, token_hash: &str, hash: &str, mail: &Mail<'_>, now: i64) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let user: Option<i64> = sqlx::query_scalar(
            "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
             RETURNING user_id",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(user) = user else {
            tx.rollback().await?;
            return Ok(false);
        };
        sqlx::query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
            .bind(now)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        queue(&mut tx, mail, now).await?;
        tx.commit().await?;
        Ok(true)
    }
}

pub(crate) async fn queue(tx: &mut sqlx::Transaction<'_, sqlx::Any>, mail: &Mail<'_>, now: i64) -> Result<()> {
    sqlx::query("INSERT INTO outbox (to_email, subject, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(mail.to)
        .bind(mail.subject)
        .bind(mail.body)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
