//! The workspace page (協働の場): indicators, meetings and minutes, action items, PDCA cycles and
//! the audit log, with the forms that schedule meetings and save minutes.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_app::workspace::{Board, indicators as kpi};
use kyodo_domain::collaboration::indicator::Track;
use kyodo_domain::collaboration::meeting::{ItemInput, MeetingInput, MinutesInput};
use kyodo_domain::ids::{CollaborationId, MeetingId};
use kyodo_domain::{Invalid, organization::MemberRole};
use kyodo_store::{CollaborationRecord, Indicator, Meeting};

use super::typed::{Typed, minutes_field};
use super::{ItemView, at, date_ja, every, first};
use crate::error::PageError;
use crate::format;
use crate::pages::{FormErrors, Layout, PathIds, SignedIn, page, render};
use crate::state::AppState;

struct MeetingView {
    m: Meeting,
    when: String,
    has_minutes: bool,
    approvals: Vec<String>,
    can_approve: bool,
}

struct IndicatorView {
    k: Indicator,
    track: Track,
    latest: String,
    entries: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "collaborations/workspace.html")]
struct WorkspacePage {
    layout: Layout,
    c: CollaborationRecord,
    can_edit: bool,
    agreed: bool,
    meetings: Vec<MeetingView>,
    items: Vec<ItemView>,
    indicators: Vec<IndicatorView>,
    parties: Vec<(i64, String)>,
    meeting: MeetingInput,
    cycles: Vec<kyodo_store::StoredCycle>,
    /// The next cycle's plan, from the last cycle's act.
    next_plan: String,
    audit: Vec<(String, String, String, String)>,
    errors: FormErrors,
    /// Which form the errors belong to.
    error_form: String,
    /// What was typed into a refused minutes or entry form.
    typed: Typed,
}

fn audit_label(action: &str) -> &'static str {
    match action {
        "agreement_saved" => "合意の案を保存",
        "agreement_confirmed" => "合意を確認",
        "minutes_saved" => "議事録を保存",
        "minutes_approved" => "議事録を承認",
        "indicator_entry" => "指標の実績を記録",
        "cycle_added" => "PDCAサイクルを追加",
        "cycle_updated" => "PDCAサイクルを更新",
        _ => "変更",
    }
}

fn meeting_view(m: Meeting, b: &Board, writers: &[i64]) -> MeetingView {
    let date = &m.starts_at[..10.min(m.starts_at.len())];
    let time = m
        .starts_at
        .get(10..)
        .map(|t| format!(" {}", t.trim_start_matches('T')))
        .unwrap_or_default();
    MeetingView {
        when: date_ja(date) + &time,
        has_minutes: m.minutes_at.is_some(),
        approvals: m.approved_by.iter().map(|o| b.standing.party_name(*o)).collect(),
        can_approve: m.minutes_at.is_some() && writers.iter().any(|o| !m.approved_by.contains(o)),
        m,
    }
}

fn indicator_view(k: Indicator) -> IndicatorView {
    IndicatorView {
        track: kpi::track(&k),
        latest: k
            .entries
            .last()
            .map(|(_, v, _)| format!("{v}{}", k.unit))
            .unwrap_or_else(|| "—".into()),
        entries: k
            .entries
            .iter()
            .map(|(dt, v, src)| (date_ja(dt), format!("{v}{}", k.unit), src.clone()))
            .collect(),
        k,
    }
}

/// The whole page; `form` names the form `errors` belong to, `meeting` and `typed` what the
/// refused form held.
async fn view(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    (meeting, typed): (MeetingInput, Typed),
    errors: (Invalid, &str),
) -> Result<WorkspacePage, PageError> {
    let b = kyodo_app::workspace::board(&state.app, &si.user, cid).await?;
    let writers: Vec<i64> = b
        .standing
        .memberships
        .iter()
        .filter(|(_, r)| matches!(r, MemberRole::Owner | MemberRole::Editor))
        .map(|(o, _)| *o)
        .collect();
    let agreed = b.agreed();
    let meetings = b
        .meetings
        .clone()
        .into_iter()
        .map(|m| meeting_view(m, &b, &writers))
        .collect();
    let next_plan = b.cycles.last().map(|c| c.cycle.next_plan()).unwrap_or_default();
    let audit = b
        .audit
        .iter()
        .rev()
        .take(50)
        .map(|(who, action, detail, at)| {
            (
                format::datetime_ja(*at),
                who.clone().unwrap_or_else(|| "（退会したユーザー）".into()),
                audit_label(action).to_owned(),
                detail.clone(),
            )
        })
        .collect();
    Ok(WorkspacePage {
        layout: si.layout.in_section("plan"),
        can_edit: b.standing.can_edit(),
        agreed,
        meetings,
        items: b.items.into_iter().map(ItemView::of).collect(),
        indicators: b.indicators.into_iter().map(indicator_view).collect(),
        parties: b
            .standing
            .c
            .parties
            .iter()
            .map(|p| (p.organization_id, p.name.clone()))
            .collect(),
        meeting,
        cycles: b.cycles,
        next_plan,
        audit,
        error_form: errors.1.to_owned(),
        errors: FormErrors(errors.0),
        typed,
        c: b.standing.c,
    })
}

/// The page again after a refused form: 422 with the messages beside the fields.
pub(super) async fn refused(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    meeting: MeetingInput,
    e: kyodo_app::Error,
    form: &str,
) -> Result<Response, PageError> {
    refused_typed(state, si, cid, (meeting, Typed::default()), e, form, |f| f.to_owned()).await
}

/// As `refused`, for a form repeated on the page: `input_of` renames each message's field to
/// the id of its input, and `typed` brings back what was sent.
pub(super) async fn refused_typed(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    typed: (MeetingInput, Typed),
    e: kyodo_app::Error,
    form: &str,
    input_of: impl Fn(&str) -> String,
) -> Result<Response, PageError> {
    match e {
        kyodo_app::Error::Invalid(mut inv) => {
            for f in &mut inv.0 {
                f.field = input_of(&f.field);
            }
            let t = view(state, si, cid, typed, (inv, form)).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
        other => Err(other.into()),
    }
}

pub(super) async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    let nothing = (MeetingInput::default(), Typed::default());
    page(&view(&state, si, cid, nothing, (Invalid::default(), "")).await?)
}

pub(super) async fn add_meeting(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(f): Form<MeetingInput>,
) -> Result<Response, PageError> {
    match kyodo_app::workspace::meetings::schedule(&state.app, &si.user, cid, &f).await {
        Ok(_) => Ok(Redirect::to(&format!("/collaborations/{cid}/workspace#meetings")).into_response()),
        Err(e) => refused(&state, si, cid, f, e, "meeting").await,
    }
}

/// The minutes form's pairs: decisions, discussion, and the action items as table rows.
fn minutes_input(pairs: &[(String, String)]) -> MinutesInput {
    let all = |k: &str| every(pairs, k);
    let (titles, owners, orgs, dues) = (all("item_title"), all("item_owner"), all("item_org"), all("item_due"));
    MinutesInput {
        decisions: first(pairs, "decisions"),
        discussion: first(pairs, "discussion"),
        items: (0..titles.len().max(dues.len()))
            .map(|i| ItemInput {
                title: at(&titles, i),
                owner_name: at(&owners, i),
                organization: at(&orgs, i),
                due: at(&dues, i),
            })
            .collect(),
    }
}

pub(super) async fn save_minutes(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, mid)): PathIds<(CollaborationId, MeetingId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let input = minutes_input(&pairs);
    match kyodo_app::workspace::meetings::save_minutes(&state.app, &si.user, cid, mid, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/collaborations/{cid}/workspace#meeting-{mid}")).into_response()),
        Err(e) => {
            let typed = (MeetingInput::default(), Typed::new("minutes", mid.get(), pairs));
            let input_of = |f: &str| minutes_field(mid.get(), f);
            refused_typed(&state, si, cid, typed, e, "minutes", input_of).await
        }
    }
}

pub(super) async fn approve(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, mid)): PathIds<(CollaborationId, MeetingId)>,
) -> Result<Response, PageError> {
    kyodo_app::workspace::meetings::approve_minutes(&state.app, &si.user, cid, mid).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}/workspace#meeting-{mid}")).into_response())
}
