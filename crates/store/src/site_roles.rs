//! Site roles (coordinator, admin) with the support centre a coordinator works for, and the
//! site's audit log of who granted or withdrew them.

use kyodo_domain::account::SiteRole;
use sqlx::Row;

use crate::{Result, Store, found};

/// A person with a site role.
#[derive(Debug, Clone)]
pub struct StaffMember {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub role: SiteRole,
    pub centre: Option<(i64, String)>,
}

/// One line of the site's audit log. Names are read when shown: a deleted account leaves none.
#[derive(Debug, Clone)]
pub struct SiteAuditEvent {
    pub actor_name: Option<String>,
    pub subject_name: Option<String>,
    pub action: String,
    pub detail: String,
    pub at: i64,
}

/// A change of someone's site role, as the audit log records it.
#[derive(Debug, Clone, Copy)]
pub struct RoleChange<'a> {
    pub user_id: i64,
    pub role: SiteRole,
    pub centre: Option<i64>,
    /// `None`: the operator at the command line.
    pub by: Option<i64>,
    pub action: &'a str,
    pub detail: &'a str,
}

impl Store {
    /// Sets a person's site role and centre, and writes the audit line, in one transaction.
    pub async fn change_site_role(&self, c: &RoleChange<'_>, now: i64) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query("UPDATE users SET role = $1, centre_id = $2, updated_at = $3 WHERE id = $4")
            .bind(c.role.as_str())
            .bind(c.centre)
            .bind(now)
            .bind(c.user_id)
            .execute(&mut *tx)
            .await?;
        found(&done)?;
        sqlx::query(
            "INSERT INTO site_audit (actor_id, subject_id, action, detail, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(c.by)
        .bind(c.user_id)
        .bind(c.action)
        .bind(c.detail)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Everyone with a site role, admins first.
    pub async fn site_staff(&self) -> Result<Vec<StaffMember>> {
        sqlx::query(
            "SELECT u.id, u.email, u.display_name, u.role, u.centre_id, o.name AS centre_name FROM users u \
             LEFT JOIN organizations o ON o.id = u.centre_id WHERE u.role <> 'user' \
             ORDER BY u.role, u.display_name, u.id",
        )
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            let centre: Option<i64> = r.try_get("centre_id")?;
            let centre_name: Option<String> = r.try_get("centre_name")?;
            Ok(StaffMember {
                user_id: r.try_get("id")?,
                email: r.try_get("email")?,
                display_name: r.try_get("display_name")?,
                role: SiteRole::parse(&role).unwrap_or(SiteRole::User),
                centre: centre.zip(centre_name),
            })
        })
        .collect()
    }

    /// How many admins there are (the last one may not step down).
    pub async fn admin_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin'")
            .fetch_one(&self.read)
            .await?)
    }

    /// The support centre a coordinator works for.
    pub async fn centre_of(&self, user_id: i64) -> Result<Option<(i64, String)>> {
        let row =
            sqlx::query("SELECT o.id, o.name FROM users u JOIN organizations o ON o.id = u.centre_id WHERE u.id = $1")
                .bind(user_id)
                .fetch_optional(&self.read)
                .await?;
        row.map(|r| Ok((r.try_get("id")?, r.try_get("name")?))).transpose()
    }

    /// The site's audit log, newest first.
    pub async fn site_audit(&self, limit: i64) -> Result<Vec<SiteAuditEvent>> {
        sqlx::query(
            "SELECT a.action, a.detail, a.created_at, x.display_name AS actor_name, s.display_name AS subject_name \
             FROM site_audit a LEFT JOIN users x ON x.id = a.actor_id LEFT JOIN users s ON s.id = a.subject_id \
             ORDER BY a.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(SiteAuditEvent {
                actor_name: r.try_get("actor_name")?,
                subject_name: r.try_get("subject_name")?,
                action: r.try_get("action")?,
                detail: r.try_get("detail")?,
                at: r.try_get("created_at")?,
            })
        })
        .collect()
    }
}
