//! Members of an organisation, invitations by e-mail link, and the outbox of mail to send.

use kyodo_domain::organization::MemberRole;
use kyodo_domain::organization::members::{MemberChangeError, check_change};
use sqlx::Row;

use crate::{Result, Store, StoreError, found};

#[derive(Debug, Clone)]
pub struct Member {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub role: MemberRole,
    pub since: i64,
}

#[derive(Debug, Clone)]
pub struct Invitation {
    pub id: i64,
    pub organization_id: i64,
    pub organization_name: String,
    pub email: String,
    pub role: MemberRole,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct OutboxMail {
    pub id: i64,
    pub to_email: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

/// A new invitation and the mail that carries its link.
pub struct NewInvitation<'a> {
    pub organization_id: i64,
    pub email: &'a str,
    pub role: MemberRole,
    pub token_hash: &'a str,
    pub invited_by: i64,
    pub expires_at: i64,
    pub subject: &'a str,
    pub body: &'a str,
}

fn role_of(s: &str) -> MemberRole {
    MemberRole::parse(s).unwrap_or(MemberRole::Viewer)
}

impl Store {
    pub async fn members(&self, organization_id: i64) -> Result<Vec<Member>> {
        let rows = sqlx::query(
            "SELECT u.id, u.display_name, u.email, m.role, m.created_at FROM memberships m \
             JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 ORDER BY m.created_at, u.id",
        )
        .bind(organization_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Member {
                    user_id: r.try_get("id")?,
                    display_name: r.try_get("display_name")?,
                    email: r.try_get("email")?,
                    role: role_of(&r.try_get::<String, _>("role")?),
                    since: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Changes a member's role (`None` removes them), keeping at least one owner. The check and
    /// the change are one transaction, so two owners demoting each other cannot both succeed.
    pub async fn change_member(
        &self,
        organization_id: i64,
        user_id: i64,
        new: Option<MemberRole>,
    ) -> Result<Result<(), MemberChangeError>> {
        let mut tx = self.write.begin().await?;
        let current: Option<String> =
            sqlx::query_scalar("SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2")
                .bind(organization_id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some(current) = current else {
            return Err(StoreError::NotFound);
        };
        let owners: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE organization_id = $1 AND role = 'owner'")
                .bind(organization_id)
                .fetch_one(&mut *tx)
                .await?;
        if let Err(e) = check_change(role_of(&current), new, usize::try_from(owners).unwrap_or(0)) {
            tx.rollback().await?;
            return Ok(Err(e));
        }
        match new {
            Some(role) => {
                sqlx::query("UPDATE memberships SET role = $1 WHERE organization_id = $2 AND user_id = $3")
                    .bind(role.as_str())
                    .bind(organization_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query("DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2")
                    .bind(organization_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Records an invitation and queues its mail, together.
    pub async fn create_invitation(&self, inv: &NewInvitation<'_>, now: i64) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO invitations (organization_id, email, role, token_hash, invited_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(inv.organization_id)
        .bind(inv.email)
        .bind(inv.role.as_str())
        .bind(inv.token_hash)
        .bind(inv.invited_by)
        .bind(now)
        .bind(inv.expires_at)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO outbox (to_email, subject, body, created_at) VALUES ($1, $2, $3, $4)")
            .bind(inv.email)
            .bind(inv.subject)
            .bind(inv.body)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    const INVITATION_COLUMNS: &str = "i.id, i.organization_id, o.name AS organization_name, i.email, i.role, \
        i.created_at, i.expires_at, i.accepted_at";

    fn invitation_from(r: &sqlx::any::AnyRow) -> Result<Invitation> {
        Ok(Invitation {
            id: r.try_get("id")?,
            organization_id: r.try_get("organization_id")?,
            organization_name: r.try_get("organization_name")?,
            email: r.try_get("email")?,
            role: role_of(&r.try_get::<String, _>("role")?),
            created_at: r.try_get("created_at")?,
            expires_at: r.try_get("expires_at")?,
            accepted_at: r.try_get("accepted_at")?,
        })
    }

    pub async fn invitation_by_token(&self, token_hash: &str) -> Result<Option<Invitation>> {
        let row = sqlx::query(&format!(
            "SELECT {} FROM invitations i JOIN organizations o ON o.id = i.organization_id WHERE i.token_hash = $1",
            Self::INVITATION_COLUMNS
        ))
        .bind(token_hash)
        .fetch_optional(&self.read)
        .await?;
        row.as_ref().map(Self::invitation_from).transpose()
    }

    /// Invitations not yet accepted, newest first.
    pub async fn open_invitations(&self, organization_id: i64) -> Result<Vec<Invitation>> {
        let rows = sqlx::query(&format!(
            "SELECT {} FROM invitations i JOIN organizations o ON o.id = i.organization_id \
             WHERE i.organization_id = $1 AND i.accepted_at IS NULL ORDER BY i.id DESC",
            Self::INVITATION_COLUMNS
        ))
        .bind(organization_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(Self::invitation_from).collect()
    }

    /// Accepts an invitation once: marks it used and adds (or raises) the membership.
    /// `Ok(false)` when it was used or expired meanwhile.
    pub async fn accept_invitation(&self, id: i64, user_id: i64, now: i64) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE invitations SET accepted_at = $1, accepted_by = $2 \
             WHERE id = $3 AND accepted_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(user_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        let row = sqlx::query("SELECT organization_id, role FROM invitations WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let org: i64 = row.try_get("organization_id")?;
        let role = role_of(&row.try_get::<String, _>("role")?);
        let existing: Option<String> =
            sqlx::query_scalar("SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2")
                .bind(org)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        match existing.as_deref().map(role_of) {
            // An invitation never lowers a role the person already has.
            Some(current) if current >= role => {}
            Some(_) => {
                sqlx::query("UPDATE memberships SET role = $1 WHERE organization_id = $2 AND user_id = $3")
                    .bind(role.as_str())
                    .bind(org)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(org)
                .bind(user_id)
                .bind(role.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    pub async fn revoke_invitation(&self, organization_id: i64, id: i64) -> Result<()> {
        let done =
            sqlx::query("DELETE FROM invitations WHERE id = $1 AND organization_id = $2 AND accepted_at IS NULL")
                .bind(id)
                .bind(organization_id)
                .execute(&self.write)
                .await?;
        found(&done)
    }

    /// Mail not yet sent, oldest first.
    pub async fn unsent_mail(&self, limit: i64) -> Result<Vec<OutboxMail>> {
        let rows = sqlx::query(
            "SELECT id, to_email, subject, body, created_at, sent_at FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OutboxMail {
                    id: r.try_get("id")?,
                    to_email: r.try_get("to_email")?,
                    subject: r.try_get("subject")?,
                    body: r.try_get("body")?,
                    created_at: r.try_get("created_at")?,
                    sent_at: r.try_get("sent_at")?,
                })
            })
            .collect()
    }

    pub async fn mark_mail(&self, id: i64, sent_at: Option<i64>, error: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE outbox SET sent_at = $1, last_error = $2 WHERE id = $3")
            .bind(sent_at)
            .bind(error)
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
