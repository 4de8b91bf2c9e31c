//! Sign-ups waiting for their address to be confirmed, and the one mail that each sign-up sends:
//! the confirmation link to a new address, or a notice to the owner of a registered one.

use kyodo_domain::account::{Email, SiteRole};
use sqlx::Row;

use crate::passwords::{Mail, queue};
use crate::{Result, Store, StoreError};

/// What a sign-up leaves until its link is opened.
pub struct PendingSignup<'a> {
    pub email: &'a Email,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    /// Where to go once confirmed (a local path, or empty).
    pub next_path: &'a str,
    pub token_hash: &'a str,
    pub expires_at: i64,
}

/// A confirmed sign-up: the new account and where its person was going.
pub struct Confirmed {
    pub user_id: i64,
    pub next_path: String,
}

impl Store {
    /// Records a sign-up and queues its confirmation mail, together.
    pub async fn create_signup(&self, s: &PendingSignup<'_>, mail: &Mail<'_>, now: i64) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO signups (token_hash, email, display_name, password_hash, next_path, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(s.token_hash)
        .bind(s.email.as_str())
        .bind(s.display_name)
        .bind(s.password_hash)
        .bind(s.next_path)
        .bind(now)
        .bind(s.expires_at)
        .execute(&mut *tx)
        .await?;
        // Links that have expired are of no use to anyone: they go with the next sign-up.
        sqlx::query("DELETE FROM signups WHERE expires_at <= $1")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        queue(&mut tx, mail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Forgets sign-ups whose link has expired (their address, name and hash go with them).
    pub async fn delete_expired_signups(&self, now: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM signups WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    /// Queues one mail on its own (the notice to a registered address).
    pub async fn queue_mail(&self, mail: &Mail<'_>, now: i64) -> Result<()> {
        let mut tx = self.write.begin().await?;
        queue(&mut tx, mail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Is this confirmation link live? Gives the address it confirms.
    pub async fn signup_email(&self, token_hash: &str, now: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT email FROM signups WHERE token_hash = $1 AND expires_at > $2")
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&self.read)
                .await?,
        )
    }

    /// Opens a confirmation link: creates the account from it and forgets every pending sign-up of
    /// that address, in one transaction. `None` when the link is not live; `Conflict("email")` when
    /// the address was registered meanwhile (by another link of the same address).
    pub async fn confirm_signup(&self, token_hash: &str, now: i64) -> Result<Option<Confirmed>> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "SELECT email, display_name, password_hash, next_path FROM signups \
             WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            return Ok(None);
        };
        let email: String = row.try_get("email")?;
        let user_id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, display_name, password_hash, role, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(&email)
        .bind(row.try_get::<String, _>("display_name")?)
        .bind(row.try_get::<String, _>("password_hash")?)
        .bind(SiteRole::User.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| StoreError::unique(e, "email"))?;
        sqlx::query("DELETE FROM signups WHERE email = $1")
            .bind(&email)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(Confirmed {
            user_id,
            next_path: row.try_get("next_path")?,
        }))
    }
}
