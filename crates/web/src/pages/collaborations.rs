//! Collaborations (協働): from a proposal to a record the parties share, its stages with who moved
//! them and why, and the approach log (Action III). Only the parties' members see a collaboration;
//! to anyone else it does not exist. Editors and owners of a party write.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_domain::collaboration::approach::{Channel, ContactInput};
use kyodo_domain::collaboration::stage::{MoveContext, Stage, check_move};
use kyodo_domain::organization::MemberRole;
use kyodo_domain::{FieldError, Invalid, era, text};
use kyodo_store::{CollaborationRecord, Organization, StageEvent, StoredContact};
use serde::Deserialize;

use super::org_context::{load, parse_id};
use super::{FormErrors, Layout, page, render};
use crate::error::PageError;
use crate::format;
use crate::state::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/proposals/{pid}/collaboration", post(from_proposal))
        .route("/organizations/{id}/collaborations", get(list))
        .route("/collaborations/{cid}", get(show))
        .route("/collaborations/{cid}/stage", post(move_stage))
        .route("/collaborations/{cid}/contacts", post(add_contact))
        .route("/collaborations/{cid}/coordinators", post(invite))
        .route("/collaborations/{cid}/coordinators/{uid}/remove", post(uninvite))
}

/// An invited coordinator who still holds the coordinator (or admin) role.
pub(crate) async fn is_invited_coordinator(
    state: &AppState,
    cid: i64,
    user: &kyodo_store::User,
) -> Result<bool, PageError> {
    let staff = crate::policy::Standing::of(Some(user), None).is_staff();
    Ok(staff && state.store.is_invited_coordinator(cid, user.id).await?)
}

fn login(next: &str) -> Response {
    Redirect::to(&format!("/login?next={next}")).into_response()
}

/// The collaboration and, for a member of one of its parties, that party and whether they may
/// write; 404 for everyone else.
async fn party_access(
    state: &AppState,
    layout: &Layout,
    cid: &str,
) -> Result<(CollaborationRecord, i64, bool), PageError> {
    let c = state
        .store
        .collaboration(parse_id(cid)?)
        .await?
        .ok_or(PageError::NotFound)?;
    let user = layout.user.as_ref().ok_or(PageError::NotFound)?;
    let mut best: Option<(i64, bool)> = None;
    for p in &c.parties {
        if let Some(role) = state.store.member_role(p.organization_id, user.id).await? {
            let can_edit = matches!(role, MemberRole::Owner | MemberRole::Editor);
            if best.is_none_or(|(_, e)| can_edit && !e) {
                best = Some((p.organization_id, can_edit));
            }
        }
    }
    // A coordinator the parties invited reads along (and writes nothing).
    if best.is_none() && is_invited_coordinator(state, c.id, user).await? {
        best = Some((0, false));
    }
    let (org, can_edit) = best.ok_or(PageError::NotFound)?;
    Ok((c, org, can_edit))
}

// --- start from a proposal ------------------------------------------------------------------

async fn from_proposal(
    State(state): State<AppState>,
    layout: Layout,
    Path(pid): Path<String>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login(&format!("/proposals/{pid}")));
    }
    let (p, access) = super::proposals::accessible(&state, &layout, &pid).await?;
    if !access.can_edit() {
        return Err(PageError::Forbidden);
    }
    // The partners: the one named on the proposal and every organisation it is shared with.
    let mut partners: Vec<i64> = state
        .store
        .proposal_shares(p.id)
        .await?
        .iter()
        .map(|s| s.organization_id)
        .collect();
    partners.extend(p.partner_id);
    let stage = if partners.is_empty() {
        Stage::Proposal
    } else {
        Stage::Negotiation
    };
    let user = layout.user.as_ref().map_or(0, |u| u.id);
    let cid = state
        .store
        .create_collaboration(
            &kyodo_store::NewCollaboration {
                title: &p.title,
                lead: p.organization_id,
                partners: &partners,
                theme_id: p.theme_id,
                proposal_id: Some(p.id),
                stage,
            },
            user,
            now(),
        )
        .await?;
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

async fn list(State(state): State<AppState>, layout: Layout, Path(id): Path<String>) -> Result<Response, PageError> {
    let Some(user) = layout.user.as_ref() else {
        return Ok(login(&format!("/organizations/{id}/collaborations")));
    };
    let ctx = load(&state, &id, Some(user)).await?;
    if ctx.role.is_none() {
        return Err(PageError::Forbidden);
    }
    let items = state
        .store
        .collaborations_of(ctx.org.id)
        .await?
        .into_iter()
        .map(|(id, title, stage, at)| ListItem {
            id,
            title,
            stage: stage.label_ja(),
            updated: format::datetime_ja(at),
        })
        .collect();
    page(&ListPage {
        layout: layout.in_section("plan"),
        org: ctx.org,
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
    /// (user id, name) of the coordinators the parties invited.
    coordinators: Vec<(i64, String)>,
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

async fn show_page(
    state: &AppState,
    layout: Layout,
    c: CollaborationRecord,
    can_edit: bool,
    form: (ContactInput, String),
    errors: Invalid,
) -> Result<ShowPage, PageError> {
    let events = state
        .store
        .stage_events(c.id)
        .await?
        .into_iter()
        .map(event_view)
        .collect();
    let contacts = state
        .store
        .contacts(c.id)
        .await?
        .into_iter()
        .map(contact_view)
        .collect();
    let coordinators = state.store.coordinators(c.id).await?;
    Ok(ShowPage {
        coordinators,
        layout: layout.in_section("plan"),
        steps: steps(c.stage),
        moves: moves(c.stage),
        events,
        contacts,
        channels: Channel::ALL
            .into_iter()
            .map(|ch| (ch.as_str(), ch.label_ja()))
            .collect(),
        contact: form.0,
        reason: form.1,
        errors: FormErrors(errors),
        can_edit,
        c,
    })
}

async fn show(State(state): State<AppState>, layout: Layout, Path(cid): Path<String>) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login(&format!("/collaborations/{cid}")));
    }
    let (c, _, can_edit) = party_access(&state, &layout, &cid).await?;
    let t = show_page(&state, layout, c, can_edit, Default::default(), Invalid::default()).await?;
    page(&t)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StageForm {
    stage: String,
    reason: String,
}

async fn move_stage(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
    Form(f): Form<StageForm>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login(&format!("/collaborations/{cid}")));
    }
    let (c, _, can_edit) = party_access(&state, &layout, &cid).await?;
    if !can_edit {
        return Err(PageError::Forbidden);
    }
    let reason = text::clean(&f.reason, true);
    let checked = match Stage::parse(f.stage.trim()) {
        None => Err(FieldError::new("stage", "invalid", "次の段階を選んでください。")),
        Some(to) => check_move(
            c.stage,
            to,
            &MoveContext {
                agreement_confirmed: super::workspace::confirmed(
                    &c,
                    state.store.latest_agreement(c.id).await?.as_ref(),
                ),
                reason: reason.clone(),
            },
        )
        .map(|()| to),
    };
    let checked = checked.and_then(|to| {
        if text::grapheme_len(&reason) > 1000 {
            Err(FieldError::too_long("reason", "理由", 1000))
        } else {
            Ok(to)
        }
    });
    match checked {
        Ok(to) => {
            let user = layout.user.as_ref().map_or(0, |u| u.id);
            let reason = (!reason.is_empty()).then_some(reason.as_str());
            match state.store.move_stage(c.id, c.stage, to, reason, user, now()).await {
                Ok(()) => Ok(Redirect::to(&format!("/collaborations/{}#stage", c.id)).into_response()),
                Err(kyodo_store::StoreError::Conflict(_)) => {
                    let e = Invalid::one(FieldError::new(
                        "stage",
                        "stage_changed",
                        "ほかのメンバーが段階を変えました。最新の状態を確認してください。",
                    ));
                    let c = state.store.collaboration(c.id).await?.ok_or(PageError::NotFound)?;
                    let t = show_page(&state, layout, c, can_edit, (ContactInput::default(), f.reason), e).await?;
                    Ok(render(StatusCode::CONFLICT, &t))
                }
                Err(e) => Err(e.into()),
            }
        }
        Err(e) => {
            let t = show_page(
                &state,
                layout,
                c,
                can_edit,
                (ContactInput::default(), f.reason),
                Invalid::one(e),
            )
            .await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
    }
}

async fn add_contact(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
    Form(f): Form<ContactInput>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login(&format!("/collaborations/{cid}")));
    }
    let (c, org, can_edit) = party_access(&state, &layout, &cid).await?;
    if !can_edit {
        return Err(PageError::Forbidden);
    }
    match f.parse() {
        Ok(contact) => {
            let user = layout.user.as_ref().map_or(0, |u| u.id);
            state.store.add_contact(c.id, org, &contact, user, now()).await?;
            Ok(Redirect::to(&format!("/collaborations/{}#approach", c.id)).into_response())
        }
        Err(e) => {
            let t = show_page(&state, layout, c, can_edit, (f, String::new()), e).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
    }
}

// --- coordinators the parties invite ---------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(default)]
struct InviteForm {
    email: String,
}

async fn invite(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
    Form(f): Form<InviteForm>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login(&format!("/collaborations/{cid}")));
    }
    let (c, _, can_edit) = party_access(&state, &layout, &cid).await?;
    if !can_edit {
        return Err(PageError::Forbidden);
    }
    let found = match kyodo_domain::account::Email::parse("email", &f.email) {
        Ok(email) => state.store.user_by_email(&email).await?,
        Err(_) => None,
    };
    let Some(coordinator) = found.filter(|u| crate::policy::Standing::of(Some(u), None).is_staff()) else {
        let e = Invalid::one(FieldError::new(
            "email",
            "not_a_coordinator",
            "支援センターのコーディネーターとして登録された人のメールアドレスを入力してください。",
        ));
        let t = show_page(&state, layout, c, can_edit, (ContactInput::default(), String::new()), e).await?;
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t));
    };
    let user = layout.user.as_ref().map_or(0, |u| u.id);
    state
        .store
        .invite_coordinator(c.id, coordinator.id, user, now())
        .await?;
    Ok(Redirect::to(&format!("/collaborations/{}#coordinators", c.id)).into_response())
}

async fn uninvite(
    State(state): State<AppState>,
    layout: Layout,
    Path((cid, uid)): Path<(String, String)>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login(&format!("/collaborations/{cid}")));
    }
    let (c, _, can_edit) = party_access(&state, &layout, &cid).await?;
    if !can_edit {
        return Err(PageError::Forbidden);
    }
    state.store.remove_coordinator(c.id, parse_id(&uid)?).await?;
    Ok(Redirect::to(&format!("/collaborations/{}#coordinators", c.id)).into_response())
}
