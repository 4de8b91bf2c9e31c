//! Members of an organisation: the list, invitations by one-time link, role changes, removal.
//! Thin handlers over `kyodo_app::members`.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_app::members::{self as app, InviteInput, Roster};
use kyodo_domain::Invalid;
use kyodo_domain::ids::{OrgId, UserId};
use kyodo_domain::organization::MemberRole;
use kyodo_store::{Invitation, Member, Organization};
use serde::Deserialize;

use super::{FormErrors, Layout, PathIds, SignedIn, page, render};
use crate::error::PageError;
use crate::format;
use crate::state::AppState;

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

fn members_page(layout: Layout, me: i64, r: Roster, extra: Extra) -> MembersPage {
    let invitations = r
        .invitations
        .into_iter()
        .map(|i| {
            let until = format::datetime_ja(i.expires_at);
            (i, until)
        })
        .collect();
    MembersPage {
        layout: layout.in_section("find"),
        can_manage: r.standing.can_manage_members(),
        org: r.org,
        members: r.members,
        invitations,
        me,
        roles: ROLES,
        invite_email: extra.invite_email,
        invite_role: extra.invite_role,
        new_link: extra.new_link,
        notice: extra.notice,
        errors: FormErrors(extra.errors),
    }
}

async fn again(
    state: &AppState,
    si: SignedIn,
    id: OrgId,
    status: StatusCode,
    extra: Extra,
) -> Result<Response, PageError> {
    let r = app::roster(&state.app, &si.user, id).await?;
    Ok(render(status, &members_page(si.layout, si.user.id, r, extra)))
}

async fn list(State(state): State<AppState>, si: SignedIn, PathIds(id): PathIds<OrgId>) -> Result<Response, PageError> {
    let r = app::roster(&state.app, &si.user, id).await?;
    page(&members_page(si.layout, si.user.id, r, Extra::default()))
}

async fn invite(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
    Form(form): Form<InviteInput>,
) -> Result<Response, PageError> {
    match app::invite(&state.app, &si.user, id, &form).await {
        // Without SMTP the mail waits in the outbox; the inviter gets the link now so nothing is lost.
        Ok(inv) => {
            let extra = Extra {
                new_link: Some(inv.link),
                notice: Some(format!("{} への招待を作成しました。", inv.email)),
                ..Extra::default()
            };
            again(&state, si, id, StatusCode::OK, extra).await
        }
        Err(kyodo_app::Error::Invalid(errors)) => {
            let extra = Extra {
                invite_email: form.email,
                invite_role: form.role,
                errors,
                ..Extra::default()
            };
            again(&state, si, id, StatusCode::UNPROCESSABLE_ENTITY, extra).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ChangeForm {
    /// A role, or `remove`.
    action: String,
}

async fn change(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((id, uid)): PathIds<(OrgId, UserId)>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, PageError> {
    let role = match form.action.trim() {
        "remove" => None,
        r => Some(MemberRole::parse(r).ok_or(PageError::NotFound)?),
    };
    match app::change(&state.app, &si.user, id, uid, role).await {
        Ok(()) if uid.get() == si.user.id && role.is_none() => Ok(Redirect::to("/account").into_response()),
        Ok(()) => Ok(Redirect::to(&format!("/organizations/{id}/members")).into_response()),
        Err(kyodo_app::Error::Conflict { detail, .. }) => {
            let extra = Extra {
                notice: Some(detail),
                ..Extra::default()
            };
            again(&state, si, id, StatusCode::CONFLICT, extra).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn revoke(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((id, iid)): PathIds<(OrgId, i64)>,
) -> Result<Response, PageError> {
    app::revoke_invitation(&state.app, &si.user, id, iid).await?;
    Ok(Redirect::to(&format!("/organizations/{id}/members")).into_response())
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

async fn show_invitation(
    State(state): State<AppState>,
    layout: Layout,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let (invitation, problem) = app::invitation(&state.app, layout.user.as_ref(), &token).await?;
    page(&InvitationPage {
        layout,
        token,
        invitation,
        problem,
    })
}

async fn accept(State(state): State<AppState>, si: SignedIn, Path(token): Path<String>) -> Result<Response, PageError> {
    match app::accept(&state.app, &si.user, &token).await {
        Ok(org) => Ok(Redirect::to(&format!("/organizations/{org}")).into_response()),
        Err(kyodo_app::Error::Conflict { .. }) => {
            let (invitation, problem) = app::invitation(&state.app, Some(&si.user), &token).await?;
            let t = InvitationPage {
                layout: si.layout,
                token,
                invitation,
                problem: problem.or(Some("この招待は使えなくなりました。")),
            };
            Ok(render(StatusCode::CONFLICT, &t))
        }
        Err(e) => Err(e.into()),
    }
}
