//! Members of an organisation: the list, invitations by one-time link, role changes, removal.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_domain::account::Email;
use kyodo_domain::organization::MemberRole;
use kyodo_domain::organization::members::INVITATION_DAYS;
use kyodo_domain::{FieldError, Invalid};
use kyodo_store::{Invitation, Member, NewInvitation, Organization, StoreError};
use serde::Deserialize;

use super::org_context::{OrgContext, load, parse_id};
use super::{FormErrors, Layout, page, render};
use crate::auth::tokens;
use crate::error::PageError;
use crate::format;
use crate::state::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations/{id}/members", get(list).post(invite))
        .route("/organizations/{id}/members/{uid}", post(change))
        .route("/organizations/{id}/invitations/{iid}/revoke", post(revoke))
        .route("/invitations/{token}", get(show_invitation).post(accept))
}

const ROLES: [MemberRole; 3] = [MemberRole::Owner, MemberRole::Editor, MemberRole::Viewer];

#[derive(Template)]
#[template(path = "organizations/members.html")]
struct MembersPage {
    layout: Layout,
    org: Organization,
    members: Vec<Member>,
    invitations: Vec<(Invitation, String)>,
    can_manage: bool,
    me: i64,
    roles: [MemberRole; 3],
    invite_email: String,
    invite_role: String,
    new_link: Option<String>,
    notice: Option<String>,
    errors: FormErrors,
}

/// Members may see the list; only owners (and admins) change it.
async fn member_context(
    state: &AppState,
    layout: &Layout,
    id: &str,
) -> Result<Result<OrgContext, Response>, PageError> {
    let Some(user) = layout.user.as_ref() else {
        return Ok(Err(
            Redirect::to(&format!("/login?next=/organizations/{id}/members")).into_response()
        ));
    };
    let ctx = load(state, id, Some(user)).await?;
    if ctx.role.is_none() && !ctx.standing.can_manage_members() {
        return Err(PageError::Forbidden);
    }
    Ok(Ok(ctx))
}

struct Extra {
    invite_email: String,
    invite_role: String,
    new_link: Option<String>,
    notice: Option<String>,
    errors: Invalid,
}

impl Default for Extra {
    fn default() -> Self {
        Self {
            invite_email: String::new(),
            invite_role: "editor".into(),
            new_link: None,
            notice: None,
            errors: Invalid::default(),
        }
    }
}

async fn members_page(
    state: &AppState,
    layout: Layout,
    ctx: OrgContext,
    extra: Extra,
) -> Result<MembersPage, PageError> {
    let members = state.store.members(ctx.org.id).await?;
    let invitations = state
        .store
        .open_invitations(ctx.org.id)
        .await?
        .into_iter()
        .map(|i| {
            let until = format::datetime_ja(i.expires_at);
            (i, until)
        })
        .collect();
    let me = layout.user.as_ref().map_or(0, |u| u.id);
    Ok(MembersPage {
        layout: layout.in_section("find"),
        can_manage: ctx.standing.can_manage_members(),
        org: ctx.org,
        members,
        invitations,
        me,
        roles: ROLES,
        invite_email: extra.invite_email,
        invite_role: extra.invite_role,
        new_link: extra.new_link,
        notice: extra.notice,
        errors: FormErrors(extra.errors),
    })
}

async fn list(State(state): State<AppState>, layout: Layout, Path(id): Path<String>) -> Result<Response, PageError> {
    let ctx = match member_context(&state, &layout, &id).await? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    page(&members_page(&state, layout, ctx, Extra::default()).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InviteForm {
    email: String,
    role: String,
}

async fn invite(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
    Form(form): Form<InviteForm>,
) -> Result<Response, PageError> {
    let ctx = match member_context(&state, &layout, &id).await? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    if !ctx.standing.can_manage_members() {
        return Err(PageError::Forbidden);
    }
    let mut errors = Invalid::default();
    let email = errors.check(Email::parse("email", &form.email));
    let role = errors.check(
        MemberRole::parse(form.role.trim())
            .ok_or_else(|| FieldError::new("role", "unknown_choice", "役割を選んでください。")),
    );
    let (Some(email), Some(role)) = (email, role) else {
        let extra = Extra {
            invite_email: form.email,
            invite_role: form.role,
            errors,
            ..Extra::default()
        };
        return Ok(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &members_page(&state, layout, ctx, extra).await?,
        ));
    };
    let inviter = layout.user.as_ref().map_or(0, |u| u.id);
    let token = tokens::random_secret();
    let link = format!("{}/invitations/{token}", state.config.public_url);
    let now = now();
    let body = format!(
        "{org} から kyodo（協働）への招待が届きました。\n\n役割：{role}\n\n次のリンクから参加してください（{days}日間有効、1回限り）：\n{link}\n\n心当たりのない場合は、このメールを破棄してください。",
        org = ctx.org.name,
        role = role.label_ja(),
        days = INVITATION_DAYS,
    );
    let subject = format!("【kyodo】{}への招待", ctx.org.name);
    let inv = NewInvitation {
        organization_id: ctx.org.id,
        email: email.as_str(),
        role,
        token_hash: &tokens::hash(&token),
        invited_by: inviter,
        expires_at: now + INVITATION_DAYS * 86_400,
        subject: &subject,
        body: &body,
    };
    state.store.create_invitation(&inv, now).await?;
    tracing::info!(organization = ctx.org.id, "invitation queued in the outbox");
    // Without SMTP the mail waits in the outbox; the inviter gets the link now so nothing is lost.
    let extra = Extra {
        new_link: Some(link),
        notice: Some(format!("{email} への招待を作成しました。")),
        ..Extra::default()
    };
    page(&members_page(&state, layout, ctx, extra).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ChangeForm {
    /// A role, or `remove`.
    action: String,
}

async fn change(
    State(state): State<AppState>,
    layout: Layout,
    Path((id, uid)): Path<(String, String)>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, PageError> {
    let ctx = match member_context(&state, &layout, &id).await? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    let uid = parse_id(&uid)?;
    let me = layout.user.as_ref().map_or(0, |u| u.id);
    // Anyone may leave; only owners change others.
    let leaving = uid == me && form.action == "remove";
    if !(ctx.standing.can_manage_members() || leaving) {
        return Err(PageError::Forbidden);
    }
    let new = match form.action.trim() {
        "remove" => None,
        r => Some(MemberRole::parse(r).ok_or(PageError::NotFound)?),
    };
    match state.store.change_member(ctx.org.id, uid, new).await {
        Ok(Ok(())) if uid == me && new.is_none() => Ok(Redirect::to("/account").into_response()),
        Ok(Ok(())) => Ok(Redirect::to(&format!("/organizations/{}/members", ctx.org.id)).into_response()),
        Ok(Err(rule)) => {
            let extra = Extra {
                notice: Some(rule.message_ja().to_owned()),
                ..Extra::default()
            };
            Ok(render(
                StatusCode::CONFLICT,
                &members_page(&state, layout, ctx, extra).await?,
            ))
        }
        Err(StoreError::NotFound) => Err(PageError::NotFound),
        Err(e) => Err(e.into()),
    }
}

async fn revoke(
    State(state): State<AppState>,
    layout: Layout,
    Path((id, iid)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let ctx = match member_context(&state, &layout, &id).await? {
        Ok(c) => c,
        Err(r) => return Ok(r),
    };
    if !ctx.standing.can_manage_members() {
        return Err(PageError::Forbidden);
    }
    state.store.revoke_invitation(ctx.org.id, parse_id(&iid)?).await?;
    Ok(Redirect::to(&format!("/organizations/{}/members", ctx.org.id)).into_response())
}

// --- accepting an invitation -------------------------------------------------------------

#[derive(Template)]
#[template(path = "organizations/invitation.html")]
struct InvitationPage {
    layout: Layout,
    token: String,
    invitation: Option<Invitation>,
    problem: Option<&'static str>,
}

/// Why an invitation cannot be used by this user now, if it cannot.
fn problem(inv: &Invitation, user_email: Option<&str>, now: i64) -> Option<&'static str> {
    if inv.accepted_at.is_some() {
        Some("この招待は既に使われています。")
    } else if inv.expires_at <= now {
        Some("この招待の有効期限が切れています。招待した方に、もう一度招待してもらってください。")
    } else if user_email.is_some_and(|e| e != inv.email) {
        Some("この招待は別のメールアドレス宛てです。招待されたメールアドレスのアカウントでログインしてください。")
    } else {
        None
    }
}

async fn show_invitation(
    State(state): State<AppState>,
    layout: Layout,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let invitation = state.store.invitation_by_token(&tokens::hash(&token)).await?;
    let problem = match &invitation {
        None => Some("この招待リンクは無効です。"),
        Some(inv) => problem(inv, layout.user.as_ref().map(|u| u.email.as_str()), now()),
    };
    page(&InvitationPage {
        layout,
        token,
        invitation,
        problem,
    })
}

async fn accept(
    State(state): State<AppState>,
    layout: Layout,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let Some(user) = layout.user.clone() else {
        return Ok(Redirect::to(&format!("/login?next=/invitations/{token}")).into_response());
    };
    let Some(inv) = state.store.invitation_by_token(&tokens::hash(&token)).await? else {
        return Err(PageError::NotFound);
    };
    if let Some(p) = problem(&inv, Some(&user.email), now()) {
        let t = InvitationPage {
            layout,
            token,
            invitation: Some(inv),
            problem: Some(p),
        };
        return Ok(render(StatusCode::CONFLICT, &t));
    }
    if !state.store.accept_invitation(inv.id, user.id, now()).await? {
        let t = InvitationPage {
            layout,
            token,
            invitation: Some(inv),
            problem: Some("この招待は使えなくなりました。"),
        };
        return Ok(render(StatusCode::CONFLICT, &t));
    }
    Ok(Redirect::to(&format!("/organizations/{}", inv.organization_id)).into_response())
}
