//! Idempotency keys: the first answer to a writing request made with a key is kept, and a retry
//! with the same key gets that answer instead of writing again.

use sqlx::Row;

use crate::{Result, Store};

/// A kept answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    pub location: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// What claiming a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claimed {
    /// The key is new and now held by this request: run it, then complete or release the key.
    New,
    /// The first request with this key was answered: answer the same.
    Replay(StoredAnswer),
    /// The first request is still running, or ended without its answer being kept (a crash
    /// after its commit): it must not run again.
    Pending,
    /// The key was used for a different request.
    Mismatch,
}

impl Store {
    /// Claims `key` for a request of `scope` (whose credentials) with `fingerprint` (method,
    /// path and body).
    pub async fn claim_idempotency_key(&self, scope: &str, key: &str, fingerprint: &str, now: i64) -> Result<Claimed> {
        let done = sqlx::query(
            "INSERT INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (scope, key) DO NOTHING",
        )
        .bind(scope)
        .bind(key)
        .bind(fingerprint)
        .bind(now)
        .execute(&self.write)
        .await?;
        if done.rows_affected() == 1 {
            return Ok(Claimed::New);
        }
        let Some(r) = sqlx::query(
            "SELECT fingerprint, status, location, content_type, body FROM idempotency_keys \
             WHERE scope = $1 AND key = $2",
        )
        .bind(scope)
        .bind(key)
        .fetch_optional(&self.write)
        .await?
        else {
            // Released between the two statements: the caller may simply try again.
            return Ok(Claimed::Pending);
        };
        if r.try_get::<String, _>("fingerprint")? != fingerprint {
            return Ok(Claimed::Mismatch);
        }
        let status: i64 = r.try_get("status")?;
        if status == 0 {
            return Ok(Claimed::Pending);
        }
        Ok(Claimed::Replay(StoredAnswer {
            status: u16::try_from(status).unwrap_or(500),
            location: r.try_get("location")?,
            content_type: r.try_get("content_type")?,
            body: r.try_get::<Option<Vec<u8>>, _>("body")?.unwrap_or_default(),
        }))
    }

    /// Keeps the answer to the request that holds `key`.
    pub async fn complete_idempotency_key(&self, scope: &str, key: &str, answer: &StoredAnswer) -> Result<()> {
        sqlx::query(
            "UPDATE idempotency_keys SET status = $1, location = $2, content_type = $3, body = $4 \
             WHERE scope = $5 AND key = $6",
        )
        .bind(i64::from(answer.status))
        .bind(answer.location.as_deref())
        .bind(answer.content_type.as_deref())
        .bind(&answer.body)
        .bind(scope)
        .bind(key)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Frees `key` after a request that wrote nothing (a server error): a retry may run.
    pub async fn release_idempotency_key(&self, scope: &str, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2")
            .bind(scope)
            .bind(key)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Forgets keys claimed before `before` (a day is the promise).
    pub async fn sweep_idempotency_keys(&self, before: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(before)
            .execute(&self.write)
            .await?
            .rows_affected())
    }
}
