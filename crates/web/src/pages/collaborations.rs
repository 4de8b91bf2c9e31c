//! Collaborations (協働): from a proposal to a record the parties share, its stages with who moved
//! them and why, and the approach log (Action III). Only the parties' members see a collaboration;
//! to anyone else it does not exist. Editors and owners of a party write.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_app::collaborations::{self as app, Detail};
use kyodo_app::coordinators;
use kyodo_domain::collaboration::approach::{Channel, ContactInput};
use kyodo_domain::collaboration::stage::{MoveContext, Stage, StageInput, check_move};
use kyodo_domain::ids::{CollaborationId, OrgId, ProposalId, UserId};
use kyodo_domain::{Invalid, era};
use kyodo_store::{CollaborationRecord, Organization, StageEvent, StoredContact};
use serde::Deserialize;

use super::{FormErrors, Layout, PathIds, SignedIn, page, render};
use crate::error::PageError;
use crate::format;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/proposals/{pid}/collaboration", post(from_proposal))
        .route("/organizations/{id}/collaborations", get(list))
        .route("/collaborations/{cid}", get(show))
        .route("/collaborations/{cid}/stage", post(move_stage))
        .route("/collaborations/{cid}/contacts", post(add_contact))
        .route("/collaborations/{cid}/coordinators", post(invite))
        .route(
            "/collaborations/{cid}/coordinators/{uid}/remove",
            post(remove_coordinator),
        )
        .route(
            "/collaborations/{cid}/coordinator-invitations/{iid}/withdraw",
            post(withdraw_invitation),
        )
}

/// What was typed into the record's forms, kept when one is refused.
#[derive(Default)]
struct Typed {
    contact: ContactInput,
    reason: String,
    invite_email: String,
}

// --- start from a proposal ------------------------------------------------------------------

async fn from_proposal(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(pid): PathIds<ProposalId>,
) -> Result<Response, PageError> {
    let cid = app::start(&state.app, &si.user, pid).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}")).into_response())
}

// --- list ------------------------------------------------------------------------------------

struct ListItem {
    id: i64,
    title: String,
    stage: &'static str,
    updated: String,
}

#[derive(Template)]
#[template(path = "collaborations/list.html")]
struct ListPage {
    layout: Layout,
    org: Organization,
    items: Vec<ListItem>,
}

async fn list(State(state): State<AppState>, si: SignedIn, PathIds(id): PathIds<OrgId>) -> Result<Response, PageError> {
    let (org, listed) = app::of_organization(&state.app, &si.user, id).await?;
    let items = listed
        .into_iter()
        .map(|l| ListItem {
            id: l.id.get(),
            title: l.title,
            stage: l.stage.label_ja(),
            updated: format::datetime_ja(l.updated_at),
        })
        .collect();
    page(&ListPage {
        layout: si.layout.in_section("plan"),
        org,
        items,
    })
}

// --- the record --------------------------------------------------------------------------------

struct StepView {
    label: &'static str,
    state: &'static str,
}

struct EventView {
    text: String,
    reason: Option<String>,
    by: String,
    at: String,
}

struct ContactView {
    date: String,
    channel: &'static str,
    by: String,
    c: kyodo_domain::collaboration::approach::Contact,
    due: Option<String>,
}

#[derive(Template)]
#[template(path = "collaborations/show.html")]
struct ShowPage {
    layout: Layout,
    c: CollaborationRecord,
    can_edit: bool,
    steps: Vec<StepView>,
    moves: Vec<(&'static str, &'static str)>,
    events: Vec<EventView>,
    contacts: Vec<ContactView>,
    channels: Vec<(&'static str, &'static str)>,
    contact: ContactInput,
    reason: String,
    /// (user id, name) of the coordinators who joined.
    coordinators: Vec<(i64, String)>,
    /// (invitation id, address) of the invitations not yet answered.
    invitations: Vec<(i64, String)>,
    invite_email: String,
    errors: FormErrors,
}

fn steps(current: Stage) -> Vec<StepView> {
    Stage::PATH
        .into_iter()
        .map(|s| StepView {
            label: s.label_ja(),
            state: if s == current {
                "current"
            } else if current != Stage::Declined && s < current {
                "done"
            } else {
                "todo"
            },
        })
        .collect()
}

/// The moves the domain allows from `current` (the agreement is not built yet: 実施 is refused
/// with its reason when chosen, so it is offered to show what it needs).
fn moves(current: Stage) -> Vec<(&'static str, &'static str)> {
    let ctx = MoveContext {
        agreement_confirmed: true,
        reason: "x".into(),
    };
    Stage::PATH
        .into_iter()
        .chain([Stage::Declined])
        .filter(|to| check_move(current, *to, &ctx).is_ok())
        .map(|s| (s.as_str(), s.label_ja()))
        .collect()
}

fn event_view(e: StageEvent) -> EventView {
    EventView {
        text: match e.from {
            Some(f) => format!("「{}」→「{}」", f.label_ja(), e.to.label_ja()),
            None => format!("「{}」で開始", e.to.label_ja()),
        },
        reason: e.reason,
        by: e.by.unwrap_or_else(|| "（退会したユーザー）".into()),
        at: format::datetime_ja(e.at),
    }
}

fn contact_view(s: StoredContact) -> ContactView {
    ContactView {
        date: era::format_date(s.contact.date),
        channel: s.contact.channel.label_ja(),
        by: s.organization_name,
        due: s.contact.next_due.map(era::format_date),
        c: s.contact,
    }
}

fn show_page(layout: Layout, d: Detail, form: Typed, errors: Invalid) -> ShowPage {
    let c = d.standing.c.clone();
    ShowPage {
        coordinators: d.coordinators,
        invitations: d.invitations.into_iter().map(|i| (i.id, i.email)).collect(),
        invite_email: form.invite_email,
        layout: layout.in_section("plan"),
        steps: steps(c.stage),
        moves: moves(c.stage),
        events: d.events.into_iter().map(event_view).collect(),
        contacts: d.contacts.into_iter().map(contact_view).collect(),
        channels: Channel::ALL
            .into_iter()
            .map(|ch| (ch.as_str(), ch.label_ja()))
            .collect(),
        contact: form.contact,
        reason: form.reason,
        errors: FormErrors(errors),
        can_edit: d.standing.can_edit(),
        c,
    }
}

async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    let d = app::detail(&state.app, &si.user, cid).await?;
    page(&show_page(si.layout, d, Default::default(), Invalid::default()))
}

/// The record again after a refused form, with what was typed and the message beside its field.
async fn refused(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    form: Typed,
    e: kyodo_app::Error,
) -> Result<Response, PageError> {
    let kyodo_app::Error::Invalid(inv) = e else {
        return Err(e.into());
    };
    let status = if inv.0.iter().any(|f| f.code == "stage_changed") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let d = app::detail(&state.app, &si.user, cid).await?;
    Ok(render(status, &show_page(si.layout, d, form, inv)))
}

async fn move_stage(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(f): Form<StageInput>,
) -> Result<Response, PageError> {
    match app::move_stage(&state.app, &si.user, cid, &f).await {
        Ok(_) => Ok(Redirect::to(&format!("/collaborations/{cid}#stage")).into_response()),
        Err(e) => {
            let typed = Typed {
                reason: f.reason,
                ..Typed::default()
            };
            refused(&state, si, cid, typed, e).await
        }
    }
}

async fn add_contact(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(f): Form<ContactInput>,
) -> Result<Response, PageError> {
    match app::log_contact(&state.app, &si.user, cid, &f).await {
        Ok(_) => Ok(Redirect::to(&format!("/collaborations/{cid}#approach")).into_response()),
        Err(e) => {
            let typed = Typed {
                contact: f,
                ..Typed::default()
            };
            refused(&state, si, cid, typed, e).await
        }
    }
}

// --- coordinators the parties invite ---------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct InviteForm {
    email: String,
}

/// The same answer for every address (see `kyodo_app::coordinators`).
async fn invite(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(f): Form<InviteForm>,
) -> Result<Response, PageError> {
    match coordinators::invite(&state.app, &si.user, cid, &f.email).await {
        Ok(()) => Ok(Redirect::to(&format!("/collaborations/{cid}#coordinators")).into_response()),
        Err(e) => {
            let typed = Typed {
                invite_email: f.email,
                ..Typed::default()
            };
            refused(&state, si, cid, typed, e).await
        }
    }
}

async fn remove_coordinator(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, uid)): PathIds<(CollaborationId, UserId)>,
) -> Result<Response, PageError> {
    coordinators::remove(&state.app, &si.user, cid, uid).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}#coordinators")).into_response())
}

async fn withdraw_invitation(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, iid)): PathIds<(CollaborationId, i64)>,
) -> Result<Response, PageError> {
    coordinators::withdraw_invitation(&state.app, &si.user, cid, iid).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}#coordinators")).into_response())
}
