//! Users, server-side sessions and personal access tokens.
//!
//! Session ids and tokens are stored only as SHA-256 hashes: a copy of the database does not let
//! anyone sign in. Hashing happens in the caller (web layer); this module stores what it is given.

use kyodo_domain::account::{Email, SiteRole, TokenScope};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, Store, StoreError, found};

#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: SiteRole,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub user: User,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// The person's unread notifications, read with the session: every signed-in page shows it.
    pub unread: i64,
}

#[derive(Debug, Clone)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// The first characters of the token, to recognise it in a list.
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub scope: TokenScope,
    pub expires_at: Option<i64>,
}

/// What a new token is: its owner, name, secret's hash, shown prefix, scope and end.
pub struct NewToken<'a> {
    pub user_id: i64,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub prefix: &'a str,
    pub scope: TokenScope,
    pub expires_at: Option<i64>,
}

const USER_COLUMNS: &str = "u.id, u.email, u.display_name, u.role, u.created_at";

fn user_from(row: &AnyRow) -> Result<User> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        role: SiteRole::parse(&role).unwrap_or(SiteRole::User),
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// Creates a user; `Conflict("email")` if the address is taken.
    pub async fn create_user(
        &self,
        email: &Email,
        display_name: &str,
        password_hash: &str,
        role: SiteRole,
        now: i64,
    ) -> Result<i64> {
        sqlx::query_scalar(
            "INSERT INTO users (email, display_name, password_hash, role, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(email.as_str())
        .bind(display_name)
        .bind(password_hash)
        .bind(role.as_str())
        .bind(now)
        // Every row read, so a failed implicit commit is an error (see `insert_returning_id`).
        .fetch_all(&self.write)
        .await
        .map_err(|e| StoreError::unique(e, "email"))?
        .into_iter()
        .next()
        .ok_or(StoreError::Database(sqlx::Error::RowNotFound))
    }

    /// The user and password hash for an e-mail address, for login.
    pub async fn user_credentials(&self, email: &Email) -> Result<Option<(User, String)>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.email = $1"
        ))
        .bind(email.as_str())
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| Ok((user_from(&r)?, r.try_get("password_hash")?)))
            .transpose()
    }

    pub async fn user_by_email(&self, email: &Email) -> Result<Option<User>> {
        Ok(self.user_credentials(email).await?.map(|(u, _)| u))
    }

    pub async fn user_by_id(&self, user_id: i64) -> Result<Option<User>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1"))
            .bind(user_id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(user_from).transpose()
    }

    pub async fn set_password_hash(&self, user_id: i64, hash: &str, now: i64) -> Result<()> {
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now)
            .bind(user_id)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn set_role(&self, user_id: i64, role: SiteRole, now: i64) -> Result<()> {
        let done = sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
            .bind(role.as_str())
            .bind(now)
            .bind(user_id)
            .execute(&self.write)
            .await?;
        found(&done)
    }

    // --- sessions -------------------------------------------------------------------------

    pub async fn create_session(&self, id_hash: &str, user_id: i64, now: i64) -> Result<()> {
        sqlx::query("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)")
            .bind(id_hash)
            .bind(user_id)
            .bind(now)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, s.created_at AS s_created, s.last_seen_at, \
             (SELECT COUNT(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1"
        ))
        .bind(id_hash)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok(SessionRecord {
                user: user_from(&r)?,
                created_at: r.try_get("s_created")?,
                last_seen_at: r.try_get("last_seen_at")?,
                unread: r.try_get("unread")?,
            })
        })
        .transpose()
    }

    pub async fn touch_session(&self, id_hash: &str, now: i64) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(id_hash)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Removes sessions idle since `idle_before` or created before `created_before`.
    pub async fn delete_expired_sessions(&self, idle_before: i64, created_before: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
            .bind(idle_before)
            .bind(created_before)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    // --- personal access tokens -----------------------------------------------------------

    pub async fn create_token(&self, t: &NewToken<'_>, now: i64) -> Result<i64> {
        crate::insert_returning_id(
            sqlx::query_scalar(
                "INSERT INTO api_tokens (user_id, name, token_hash, prefix, scope, expires_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(t.user_id)
            .bind(t.name)
            .bind(t.token_hash)
            .bind(t.prefix)
            .bind(t.scope.as_str())
            .bind(t.expires_at)
            .bind(now),
            &self.write,
        )
        .await
    }

    pub async fn tokens(&self, user_id: i64) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query(
            "SELECT id, name, prefix, created_at, last_used_at, revoked_at, scope, expires_at FROM api_tokens \
             WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(user_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ApiToken {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    prefix: r.try_get("prefix")?,
                    created_at: r.try_get("created_at")?,
                    last_used_at: r.try_get("last_used_at")?,
                    revoked_at: r.try_get("revoked_at")?,
                    scope: TokenScope::parse(&r.try_get::<String, _>("scope")?).unwrap_or(TokenScope::Read),
                    expires_at: r.try_get("expires_at")?,
                })
            })
            .collect()
    }

    /// Revokes one of the user's own tokens; `NotFound` if it is not theirs or already revoked.
    pub async fn revoke_token(&self, user_id: i64, token_id: i64, now: i64) -> Result<()> {
        let done =
            sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
                .bind(now)
                .bind(token_id)
                .bind(user_id)
                .execute(&self.write)
                .await?;
        found(&done)
    }

    /// Revokes every live token of the person (a lost laptop, a leaked script). How many.
    pub async fn revoke_all_tokens(&self, user_id: i64, now: i64) -> Result<u64> {
        let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(user_id)
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }

    /// The user behind a live (unrevoked, unexpired) token and what it may do, recording its use.
    pub async fn user_by_token(&self, token_hash: &str, now: i64) -> Result<Option<(User, TokenScope)>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, t.id AS token_id, t.last_used_at, t.scope FROM api_tokens t \
             JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL \
             AND (t.expires_at IS NULL OR t.expires_at > $2)"
        ))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let last: Option<i64> = row.try_get("last_used_at")?;
        // Record use at most once a minute: tokens drive scripts, and each write costs an fsync.
        if last.is_none_or(|t| now - t >= 60) {
            let id: i64 = row.try_get("token_id")?;
            // Bookkeeping only: a failure to record it (a full disk) must not refuse the request.
            if let Err(e) = sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id)
                .execute(&self.write)
                .await
            {
                tracing::warn!(error = %e, "a token's last use could not be recorded");
            }
        }
        let scope = TokenScope::parse(&row.try_get::<String, _>("scope")?).unwrap_or(TokenScope::Read);
        Ok(Some((user_from(&row)?, scope)))
    }

    // --- personal data (APPI: the person can see and erase what is held about them) -------

    /// Organisations where this user is the only owner: deleting the account would orphan them.
    pub async fn sole_ownerships(&self, user_id: i64) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT o.name FROM memberships m JOIN organizations o ON o.id = m.organization_id \
             WHERE m.user_id = $1 AND m.role = 'owner' AND (SELECT COUNT(*) FROM memberships x \
             WHERE x.organization_id = m.organization_id AND x.role = 'owner') = 1 ORDER BY o.name",
        )
        .bind(user_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("name")?)).collect()
    }

    /// Deletes the account: sessions, tokens, memberships and claims go with it; records others
    /// keep (verification history, invitations sent) lose the link to this person.
    /// Their survey answers go too, and those surveys' counts are made again without them.
    pub async fn delete_user(&self, user_id: i64) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let answered: Vec<i64> =
            sqlx::query_scalar("SELECT DISTINCT survey_id FROM survey_responses WHERE user_id = $1")
                .bind(user_id)
                .fetch_all(&mut *tx)
                .await?;
        let done = sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        found(&done)?;
        for survey in answered {
            crate::surveys::recount(&mut tx, survey).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
