//! Site roles: an admin makes a person a support centre's coordinator or an admin, or withdraws
//! the role, in the app (the operator can at the command line, as `by: None`). Each change is one
//! transaction with its line in the site's audit log, and the person is told.

use kyodo_domain::account::{Email, SiteRole};
use kyodo_domain::ids::{OrgId, UserId};
use kyodo_domain::organization::OrgKind;
use kyodo_domain::{FieldError, Invalid};
use kyodo_store::{RoleChange, SiteAuditEvent, StaffMember, User};

use crate::notifications::send_to_people;
use crate::{Actor, App, Error, Result, now};

/// A role as asked: whose (by address), which, and for a coordinator the centre they work for.
#[derive(Debug, Clone, Default)]
pub struct RoleInput {
    pub email: String,
    pub role: String,
    pub centre: Option<OrgId>,
}

fn require_admin(by: Option<&Actor>) -> Result<()> {
    match by {
        Some(a) if a.role != SiteRole::Admin => Err(Error::Forbidden),
        _ => Ok(()),
    }
}

/// Gives the person at `input.email` a site role (`user` withdraws it). `by` is an admin, or
/// `None` for the operator at the command line.
#[tracing::instrument(skip_all, fields(by = by.map(|a| a.id), role = %input.role))]
pub async fn grant(app: &App, by: Option<&Actor>, input: &RoleInput) -> Result<()> {
    require_admin(by)?;
    let mut e = Invalid::default();
    let email = e.check(Email::parse("email", &input.email));
    let role = SiteRole::parse(input.role.trim());
    if role.is_none() {
        e.push(FieldError::new(
            "role",
            "unknown_role",
            "役割は「コーディネーター」「管理者」「利用者（役割を外す）」から選んでください。",
        ));
    }
    let target = match &email {
        Some(email) => app.store.user_by_email(email).await?,
        None => None,
    };
    if email.is_some() && target.is_none() {
        e.push(FieldError::new(
            "email",
            "unknown_account",
            "このアドレスのアカウントはありません。先に本人に登録してもらってください。",
        ));
    }
    let centre = match (role, input.centre) {
        (Some(SiteRole::Coordinator), Some(c)) => match app.store.organization(c.get()).await? {
            Some(o) if o.kind == OrgKind::SupportCenter => Some((o.id, o.name)),
            _ => {
                e.push(FieldError::new(
                    "centre_id",
                    "not_a_centre",
                    "支援センターとして登録された団体を選んでください。",
                ));
                None
            }
        },
        _ => None,
    };
    let (Some(target), Some(role)) = (target, role) else {
        return Err(e.into());
    };
    if !e.0.is_empty() {
        return Err(e.into());
    }
    change(app, by, &target, role, centre).await
}

/// Withdraws a person's site role (they become an ordinary user).
#[tracing::instrument(skip_all, fields(by = by.map(|a| a.id), %user))]
pub async fn withdraw(app: &App, by: Option<&Actor>, user: UserId) -> Result<()> {
    require_admin(by)?;
    let target = app.store.user_by_id(user.get()).await?.ok_or(Error::NotFound)?;
    change(app, by, &target, SiteRole::User, None).await
}

async fn change(
    app: &App,
    by: Option<&Actor>,
    target: &User,
    role: SiteRole,
    centre: Option<(i64, String)>,
) -> Result<()> {
    if target.role == SiteRole::Admin && role != SiteRole::Admin && app.store.admin_count().await? <= 1 {
        return Err(Error::Conflict {
            code: "last_admin",
            detail: "最後の管理者です。先にほかの人を管理者にしてください。".into(),
        });
    }
    let detail = match (&role, &centre) {
        (SiteRole::Coordinator, Some((_, name))) => format!("コーディネーター（{name}）"),
        (SiteRole::Coordinator, None) => "コーディネーター（センター未設定）".to_owned(),
        (SiteRole::Admin, _) => "管理者".to_owned(),
        (SiteRole::User, _) => format!("{}の役割を外す", target.role.label_ja()),
    };
    let action = if role == SiteRole::User { "withdraw" } else { "grant" };
    app.store
        .change_site_role(
            &RoleChange {
                user_id: target.id,
                role,
                centre: centre.as_ref().map(|(id, _)| *id),
                by: by.map(|a| a.id),
                action,
                detail: &detail,
            },
            now(),
        )
        .await?;
    tracing::info!(user = target.id, role = role.as_str(), "site role changed");
    let (text, link) = match role {
        SiteRole::Coordinator => (
            format!("{detail}になりました。確認と申請の一覧から始められます"),
            "/coordinator",
        ),
        SiteRole::Admin => ("管理者になりました".to_owned(), "/admin/roles"),
        SiteRole::User => (format!("{}の役割がなくなりました", target.role.label_ja()), "/"),
    };
    send_to_people(app, by, &[target.id], "site_role", text, link.to_owned()).await;
    Ok(())
}

/// Everyone with a site role, with their centre (admins).
pub async fn staff(app: &App, actor: &Actor) -> Result<Vec<StaffMember>> {
    require_admin(Some(actor))?;
    Ok(app.store.site_staff().await?)
}

/// The site's audit log, newest first (admins).
pub async fn audit(app: &App, actor: &Actor, limit: i64) -> Result<Vec<SiteAuditEvent>> {
    require_admin(Some(actor))?;
    Ok(app.store.site_audit(limit.clamp(1, 1000)).await?)
}
