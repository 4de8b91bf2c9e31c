//! Members of an organisation: invitations by one-time link (mailed through the outbox in the same
//! transaction), role changes and removal (never the last owner), and accepting an invitation.

use kyodo_domain::account::Email;
use kyodo_domain::ids::{OrgId, UserId};
use kyodo_domain::organization::MemberRole;
use kyodo_domain::organization::members::INVITATION_DAYS;
use kyodo_domain::{FieldError, Invalid};
use kyodo_store::{Invitation, Member, NewInvitation, Organization};

use crate::access::{self, OrgStanding};
use crate::tokens::{hash, random_secret};
use crate::{Actor, App, Error, Result, now};

/// The members and the open invitations, for the organisation's members (and admins).
pub struct Roster {
    pub org: Organization,
    pub standing: OrgStanding,
    pub members: Vec<Member>,
    pub invitations: Vec<Invitation>,
}

#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn roster(app: &App, actor: &Actor, org: OrgId) -> Result<Roster> {
    let (org, standing) = access::organization(app, Some(actor), org).await?;
    if !standing.is_member() && !standing.can_manage_members() {
        return Err(Error::Forbidden);
    }
    Ok(Roster {
        members: app.store.members(org.id).await?,
        invitations: app.store.open_invitations(org.id).await?,
        org,
        standing,
    })
}

/// An invitation as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct InviteInput {
    pub email: String,
    pub role: String,
}

/// An invitation just made: the link is shown to the inviter too, so nothing waits on mail.
#[derive(Debug, Clone)]
pub struct Invited {
    pub id: i64,
    pub email: String,
    pub link: String,
}

/// Invites someone by e-mail (owners and admins). The mail is written to the outbox in the same
/// transaction as the invitation.
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn invite(app: &App, actor: &Actor, org: OrgId, input: &InviteInput) -> Result<Invited> {
    let (org, standing) = access::organization(app, Some(actor), org).await?;
    if !standing.can_manage_members() {
        return Err(Error::Forbidden);
    }
    let mut errors = Invalid::default();
    let email = errors.check(Email::parse("email", &input.email));
    let role = errors.check(
        MemberRole::parse(input.role.trim())
            .ok_or_else(|| FieldError::new("role", "unknown_choice", "役割を選んでください。")),
    );
    let (Some(email), Some(role)) = (email, role) else {
        return Err(errors.into());
    };
    let token = random_secret();
    let link = format!("{}/invitations/{token}", app.public_url);
    let at = now();
    let body = format!(
        "{org} から kyodo（協働）への招待が届きました。\n\n役割：{role}\n\n次のリンクから参加してください（{days}日間有効、1回限り）：\n{link}\n\n心当たりのない場合は、このメールを破棄してください。",
        org = org.name,
        role = role.label_ja(),
        days = INVITATION_DAYS,
    );
    let subject = format!("【kyodo】{}への招待", org.name);
    let id = app
        .store
        .create_invitation(
            &NewInvitation {
                organization_id: org.id,
                email: email.as_str(),
                role,
                token_hash: &hash(&token),
                invited_by: actor.id,
                expires_at: at + INVITATION_DAYS * 86_400,
                subject: &subject,
                body: &body,
            },
            at,
        )
        .await?;
    tracing::info!(organization = org.id, "invitation queued in the outbox");
    Ok(Invited {
        id,
        email: email.as_str().to_owned(),
        link,
    })
}

/// Changes a member's role, or removes them (`None`). Owners (and admins) change anyone; anyone
/// may leave. The last owner can be neither demoted nor removed (`Conflict`).
#[tracing::instrument(skip_all, fields(user = actor.id, %org, %member))]
pub async fn change(app: &App, actor: &Actor, org: OrgId, member: UserId, role: Option<MemberRole>) -> Result<()> {
    let (org, standing) = access::organization(app, Some(actor), org).await?;
    let leaving = member.get() == actor.id && role.is_none();
    if !(standing.can_manage_members() || leaving) {
        return Err(Error::Forbidden);
    }
    match app.store.change_member(org.id, member.get(), role).await? {
        Ok(()) => Ok(()),
        Err(rule) => Err(Error::Conflict {
            code: "last_owner",
            detail: rule.message_ja().to_owned(),
        }),
    }
}

/// Revokes an invitation not yet used (owners and admins).
#[tracing::instrument(skip_all, fields(user = actor.id, %org, invitation))]
pub async fn revoke_invitation(app: &App, actor: &Actor, org: OrgId, invitation: i64) -> Result<()> {
    let (org, standing) = access::organization(app, Some(actor), org).await?;
    if !standing.can_manage_members() {
        return Err(Error::Forbidden);
    }
    Ok(app.store.revoke_invitation(org.id, invitation).await?)
}

/// The invitation behind a link, and why this person cannot use it now, if they cannot.
pub async fn invitation(
    app: &App,
    actor: Option<&Actor>,
    token: &str,
) -> Result<(Option<Invitation>, Option<&'static str>)> {
    let inv = app.store.invitation_by_token(&hash(token)).await?;
    let why = match &inv {
        None => Some("この招待リンクは無効です。"),
        Some(i) => problem(i, actor.map(|a| a.email.as_str()), now()),
    };
    Ok((inv, why))
}

/// Why an invitation cannot be used by this person now, if it cannot.
fn problem(inv: &Invitation, email: Option<&str>, now: i64) -> Option<&'static str> {
    if inv.accepted_at.is_some() {
        Some("この招待は既に使われています。")
    } else if inv.expires_at <= now {
        Some("この招待の有効期限が切れています。招待した方に、もう一度招待してもらってください。")
    } else if email.is_some_and(|e| e != inv.email) {
        Some("この招待は別のメールアドレス宛てです。招待されたメールアドレスのアカウントでログインしてください。")
    } else {
        None
    }
}

/// Accepts an invitation for the actor (bound to the invited address, once). `NotFound` for an
/// unknown link; `Conflict` with the reason when it cannot be used.
#[tracing::instrument(skip_all, fields(user = actor.id))]
pub async fn accept(app: &App, actor: &Actor, token: &str) -> Result<OrgId> {
    let inv = app
        .store
        .invitation_by_token(&hash(token))
        .await?
        .ok_or(Error::NotFound)?;
    let refuse = |why: &str| Error::Conflict {
        code: "invitation_unusable",
        detail: why.to_owned(),
    };
    if let Some(why) = problem(&inv, Some(&actor.email), now()) {
        return Err(refuse(why));
    }
    if !app.store.accept_invitation(inv.id, actor.id, now()).await? {
        return Err(refuse("この招待は使えなくなりました。"));
    }
    Ok(OrgId::new(inv.organization_id))
}
