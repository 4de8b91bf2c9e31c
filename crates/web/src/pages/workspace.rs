//! The agreement (合意) and the joint project workspace (Action IV): meetings with minutes and
//! action items, and the agreed targets as indicators with progress and a chart. Shared by the
//! parties' members only; editors and owners write; each party's owner confirms the agreement.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_domain::collaboration::CollaborationType;
use kyodo_domain::collaboration::agreement::{self, AgreementInput, RoleInput, TargetInput};
use kyodo_domain::collaboration::indicator::{self, Track};
use kyodo_domain::collaboration::meeting::{ItemInput, MeetingInput, MinutesInput};
use kyodo_domain::fields;
use kyodo_domain::organization::MemberRole;
use kyodo_domain::{FieldError, Invalid, era, text};
use kyodo_store::{ActionItem, CollaborationRecord, Indicator, Meeting, StoredAgreement};

use super::org_context::parse_id;
use super::{FormErrors, Layout, page, render};
use crate::error::PageError;
use crate::format;
use crate::state::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/collaborations/{cid}/agreement",
            get(agreement_page).post(save_agreement),
        )
        .route("/collaborations/{cid}/agreement/confirm", post(confirm))
        .route("/collaborations/{cid}/workspace", get(workspace))
        .route("/collaborations/{cid}/meetings", post(add_meeting))
        .route("/collaborations/{cid}/meetings.ics", get(calendar))
        .route("/collaborations/{cid}/meetings/{mid}/minutes", post(save_minutes))
        .route("/collaborations/{cid}/meetings/{mid}/approve", post(approve))
        .route("/collaborations/{cid}/items/{iid}/done", post(item_done))
        .route("/collaborations/{cid}/indicators/{kid}/entries", post(add_entry))
        .route("/collaborations/{cid}/indicators/{kid}/chart.svg", get(chart))
        .route("/organizations/{id}/action-items", get(my_items))
        .route("/collaborations/{cid}/agreement.docx", get(agreement_docx))
        .route("/collaborations/{cid}/agreement.pdf", get(agreement_pdf))
        .route("/collaborations/{cid}/introduction", get(introduction))
        .route("/collaborations/{cid}/introduction.docx", get(introduction_docx))
        .route("/collaborations/{cid}/introduction.pdf", get(introduction_pdf))
        .route("/collaborations/{cid}/cycles", post(add_cycle))
        .route("/collaborations/{cid}/cycles/{kid}", post(update_cycle))
}

/// The caller's standing in a collaboration: the parties they belong to with their roles.
pub(crate) struct Standing {
    pub c: CollaborationRecord,
    pub memberships: Vec<(i64, MemberRole)>,
}

impl Standing {
    pub fn can_edit(&self) -> bool {
        self.memberships
            .iter()
            .any(|(_, r)| matches!(r, MemberRole::Owner | MemberRole::Editor))
    }

    /// The party the caller writes as (an editing membership first).
    pub fn party(&self) -> i64 {
        self.memberships
            .iter()
            .find(|(_, r)| matches!(r, MemberRole::Owner | MemberRole::Editor))
            .or(self.memberships.first())
            .map_or(0, |(o, _)| *o)
    }

    pub fn owned(&self) -> Vec<i64> {
        self.memberships
            .iter()
            .filter(|(_, r)| *r == MemberRole::Owner)
            .map(|(o, _)| *o)
            .collect()
    }
}

/// 404 for anyone who is not a member of a party (the collaboration does not exist for them).
pub(crate) async fn standing(state: &AppState, layout: &Layout, cid: &str) -> Result<Standing, PageError> {
    let c = state
        .store
        .collaboration(parse_id(cid)?)
        .await?
        .ok_or(PageError::NotFound)?;
    let user = layout.user.as_ref().ok_or(PageError::NotFound)?;
    let mut memberships = Vec::new();
    for p in &c.parties {
        if let Some(role) = state.store.member_role(p.organization_id, user.id).await? {
            memberships.push((p.organization_id, role));
        }
    }
    if memberships.is_empty() && !super::collaborations::is_invited_coordinator(state, c.id, user).await? {
        return Err(PageError::NotFound);
    }
    Ok(Standing { c, memberships })
}

/// For a write: a visitor goes to the login page (and comes back to `page`), an outsider gets
/// 404, a member who may only read gets 403.
async fn editor(
    state: &AppState,
    layout: &Layout,
    cid: &str,
    page: &str,
) -> Result<Result<Standing, Response>, PageError> {
    if layout.user.is_none() {
        return Ok(Err(login(&format!("/collaborations/{cid}/{page}"))));
    }
    let s = standing(state, layout, cid).await?;
    if !s.can_edit() {
        return Err(PageError::Forbidden);
    }
    Ok(Ok(s))
}

fn login(next: &str) -> Response {
    Redirect::to(&format!("/login?next={next}")).into_response()
}

/// Every party confirmed the latest version.
pub(crate) fn confirmed(c: &CollaborationRecord, a: Option<&StoredAgreement>) -> bool {
    a.is_some_and(|a| {
        c.parties
            .iter()
            .all(|p| a.confirmed_by.iter().any(|(o, _)| *o == p.organization_id))
    })
}

// --- agreement ---------------------------------------------------------------------------------

struct PartyRoles {
    id: i64,
    name: String,
    choices: Vec<(String, String, bool)>,
    free_roles: String,
    responsibilities: String,
    cost_share: String,
    error: Option<String>,
    confirmed: Option<String>,
}

#[derive(Template)]
#[template(path = "collaborations/agreement.html")]
struct AgreementPage {
    layout: Layout,
    c: CollaborationRecord,
    can_edit: bool,
    can_confirm: bool,
    version: Option<i64>,
    all_confirmed: bool,
    types: Vec<(&'static str, &'static str)>,
    collaboration_type: String,
    purpose: String,
    start: String,
    end: String,
    parties: Vec<PartyRoles>,
    targets: Vec<TargetRow>,
    errors: FormErrors,
}

struct TargetCell {
    id: String,
    name: &'static str,
    label: &'static str,
    value: String,
    error: Option<String>,
}

struct TargetRow {
    number: usize,
    cells: Vec<TargetCell>,
}

fn target_rows(targets: &[TargetInput], errors: &Invalid) -> Vec<TargetRow> {
    let blank = TargetInput::default();
    (0..targets.len() + 2)
        .map(|i| {
            let t = targets.get(i).unwrap_or(&blank);
            let cells = [
                ("target_what", "目標", &t.what, "what"),
                ("target_baseline", "現状値（数、空欄は0）", &t.baseline, "baseline"),
                ("target_value", "目標値（数）", &t.value, "value"),
                ("target_unit", "単位", &t.unit, "unit"),
                ("target_due", "期限", &t.due, "due"),
                ("target_method", "測り方", &t.method, "method"),
                ("target_timing", "評価の時期", &t.timing, "timing"),
            ]
            .into_iter()
            .map(|(name, label, value, key)| {
                let id = format!("targets[{i}].{key}");
                TargetCell {
                    error: errors.for_field(&id).map(|e| e.message.clone()),
                    id,
                    name,
                    label,
                    value: value.clone(),
                }
            })
            .collect();
            TargetRow { number: i + 1, cells }
        })
        .collect()
}

fn date_ja(d: &str) -> String {
    fields::iso_date(d)
        .map(era::format_date)
        .unwrap_or_else(|| d.to_owned())
}

async fn agreement_view(
    state: &AppState,
    layout: Layout,
    s: Standing,
    typed: Option<AgreementInput>,
    errors: Invalid,
) -> Result<AgreementPage, PageError> {
    let stored = state.store.latest_agreement(s.c.id).await?;
    let input = typed.unwrap_or_else(|| match &stored {
        Some(a) => AgreementInput {
            collaboration_type: a.agreement.collaboration_type.as_str().into(),
            purpose: a.agreement.purpose.clone(),
            start: a.agreement.start.to_string(),
            end: a.agreement.end.to_string(),
            roles: a
                .agreement
                .roles
                .iter()
                .map(|r| RoleInput {
                    organization_id: r.organization_id,
                    organization_name: String::new(),
                    guide_roles: r.guide_roles.clone(),
                    free_roles: r.free_roles.clone(),
                    responsibilities: r.responsibilities.clone(),
                    cost_share: r.cost_share.clone(),
                })
                .collect(),
            targets: a
                .agreement
                .targets
                .iter()
                .map(|t| TargetInput {
                    what: t.what.clone(),
                    baseline: t.baseline.to_string(),
                    value: t.value.to_string(),
                    unit: t.unit.clone(),
                    due: t.due.to_string(),
                    method: t.method.clone(),
                    timing: t.timing.clone(),
                })
                .collect(),
        },
        None => AgreementInput::default(),
    });
    let mut parties = Vec::new();
    for p in &s.c.parties {
        let kind = state.store.organization(p.organization_id).await?.map(|o| o.kind);
        let civic = kind.is_some_and(|k| k.is_civic_group());
        let mine = input.roles.iter().find(|r| r.organization_id == p.organization_id);
        parties.push(PartyRoles {
            id: p.organization_id,
            name: p.name.clone(),
            choices: agreement::guide_roles(civic)
                .into_iter()
                .map(|(id, label)| {
                    let on = mine.is_some_and(|m| m.guide_roles.contains(&id));
                    (id, label, on)
                })
                .collect(),
            free_roles: mine.map(|m| m.free_roles.clone()).unwrap_or_default(),
            responsibilities: mine.map(|m| m.responsibilities.clone()).unwrap_or_default(),
            cost_share: mine.map(|m| m.cost_share.clone()).unwrap_or_default(),
            error: errors
                .for_field(&format!("roles_{}", p.organization_id))
                .map(|e| e.message.clone()),
            confirmed: stored.as_ref().and_then(|a| {
                a.confirmed_by
                    .iter()
                    .find(|(o, _)| *o == p.organization_id)
                    .map(|(_, at)| format::datetime_ja(*at))
            }),
        });
    }
    let targets = target_rows(&input.targets, &errors);
    let owned = s.owned();
    let can_confirm = stored
        .as_ref()
        .is_some_and(|a| owned.iter().any(|o| !a.confirmed_by.iter().any(|(c, _)| c == o)));
    Ok(AgreementPage {
        layout: layout.in_section("plan"),
        can_edit: s.can_edit(),
        can_confirm,
        version: stored.as_ref().map(|a| a.version),
        all_confirmed: confirmed(&s.c, stored.as_ref()),
        types: CollaborationType::ALL
            .into_iter()
            .map(|t| (t.as_str(), t.label_ja()))
            .collect(),
        collaboration_type: input.collaboration_type.clone(),
        purpose: input.purpose.clone(),
        start: input.start.clone(),
        end: input.end.clone(),
        parties,
        targets,
        errors: FormErrors(errors),
        c: s.c,
    })
}

async fn agreement_page(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login(&format!("/collaborations/{cid}/agreement")));
    }
    let s = standing(&state, &layout, &cid).await?;
    let t = agreement_view(&state, layout, s, None, Invalid::default()).await?;
    page(&t)
}

/// The first value posted for `key` (empty if none): forms with per-party or per-row fields are
/// read as (key, value) pairs.
fn first(pairs: &[(String, String)], key: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// Every value posted for `key`, in order (the rows of a table in a form).
fn every(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
}

fn agreement_input(c: &CollaborationRecord, pairs: &[(String, String)]) -> AgreementInput {
    let one = |k: &str| first(pairs, k);
    let all = |k: &str| every(pairs, k);
    let baseline = all("target_baseline");
    let (what, value, unit, due, method, timing) = (
        all("target_what"),
        all("target_value"),
        all("target_unit"),
        all("target_due"),
        all("target_method"),
        all("target_timing"),
    );
    let at = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
    AgreementInput {
        collaboration_type: one("collaboration_type"),
        purpose: one("purpose"),
        start: one("start"),
        end: one("end"),
        roles: c
            .parties
            .iter()
            .map(|p| RoleInput {
                organization_id: p.organization_id,
                organization_name: p.name.clone(),
                guide_roles: all(&format!("roles_{}", p.organization_id)),
                free_roles: one(&format!("free_roles_{}", p.organization_id)),
                responsibilities: one(&format!("resp_{}", p.organization_id)),
                cost_share: one(&format!("cost_{}", p.organization_id)),
            })
            .collect(),
        targets: (0..what.len().max(value.len()))
            .map(|i| TargetInput {
                what: at(&what, i),
                baseline: at(&baseline, i),
                value: at(&value, i),
                unit: at(&unit, i),
                due: at(&due, i),
                method: at(&method, i),
                timing: at(&timing, i),
            })
            .collect(),
    }
}

async fn save_agreement(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = match editor(&state, &layout, &cid, "agreement").await? {
        Ok(s) => s,
        Err(to_login) => return Ok(to_login),
    };
    let input = agreement_input(&s.c, &pairs);
    match input.parse() {
        Ok(a) => {
            let user = layout.user.as_ref().map_or(0, |u| u.id);
            state.store.save_agreement(s.c.id, &a, user, now()).await?;
            Ok(Redirect::to(&format!("/collaborations/{}/agreement?saved=1", s.c.id)).into_response())
        }
        Err(e) => {
            let t = agreement_view(&state, layout, s, Some(input), e).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
    }
}

async fn confirm(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login(&format!("/collaborations/{cid}/agreement")));
    }
    let s = standing(&state, &layout, &cid).await?;
    // Only a party's owner speaks for it.
    let owned = s.owned();
    if owned.is_empty() {
        return Err(PageError::Forbidden);
    }
    let version = pairs
        .iter()
        .find(|(k, _)| k == "version")
        .and_then(|(_, v)| text::to_halfwidth_ascii(v).parse::<i64>().ok())
        .unwrap_or(0);
    let user = layout.user.as_ref().map_or(0, |u| u.id);
    for org in &owned {
        match state.store.confirm_agreement(s.c.id, version, *org, user, now()).await {
            Ok(()) => {}
            Err(kyodo_store::StoreError::Conflict(_)) => {
                let e = Invalid::one(FieldError::new(
                    "version",
                    "agreement_changed",
                    "合意の内容が更新されました。最新の内容を確認してから、もう一度確認してください。",
                ));
                let t = agreement_view(&state, layout, s, None, e).await?;
                return Ok(render(StatusCode::CONFLICT, &t));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let latest = state.store.latest_agreement(s.c.id).await?;
    if confirmed(&s.c, latest.as_ref())
        && let Some(a) = latest
    {
        // Confirmed by every party: the agreed targets become the workspace's indicators.
        state.store.set_indicators(s.c.id, &a.agreement, now()).await?;
    }
    Ok(Redirect::to(&format!("/collaborations/{}/agreement#confirmations", s.c.id)).into_response())
}

// --- workspace ---------------------------------------------------------------------------------

struct MeetingView {
    m: Meeting,
    when: String,
    has_minutes: bool,
    approvals: Vec<String>,
    can_approve: bool,
}

struct ItemView {
    item: ActionItem,
    due: String,
    overdue: bool,
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
}

fn today() -> time::Date {
    // Japan time: the parties' calendar day.
    (time::OffsetDateTime::now_utc() + time::Duration::hours(9)).date()
}

async fn workspace_view(
    state: &AppState,
    layout: Layout,
    s: Standing,
    meeting: MeetingInput,
    errors: (Invalid, &str),
) -> Result<WorkspacePage, PageError> {
    let owned_or_edit: Vec<i64> = s
        .memberships
        .iter()
        .filter(|(_, r)| matches!(r, MemberRole::Owner | MemberRole::Editor))
        .map(|(o, _)| *o)
        .collect();
    let name_of = |id: i64| {
        s.c.parties
            .iter()
            .find(|p| p.organization_id == id)
            .map_or(String::new(), |p| p.name.clone())
    };
    let meetings = state
        .store
        .meetings(s.c.id)
        .await?
        .into_iter()
        .map(|m| MeetingView {
            when: date_ja(&m.starts_at[..10.min(m.starts_at.len())])
                + &m.starts_at
                    .get(10..)
                    .map(|t| format!(" {}", t.trim_start_matches('T')))
                    .unwrap_or_default(),
            has_minutes: m.minutes_at.is_some(),
            approvals: m.approved_by.iter().map(|o| name_of(*o)).collect(),
            can_approve: m.minutes_at.is_some() && owned_or_edit.iter().any(|o| !m.approved_by.contains(o)),
            m,
        })
        .collect();
    let today = today().to_string();
    let items = state
        .store
        .action_items(Some(s.c.id), None)
        .await?
        .into_iter()
        .map(|i| ItemView {
            due: date_ja(&i.due),
            overdue: !i.done && i.due < today,
            item: i,
        })
        .collect();
    let indicators = state
        .store
        .indicators(s.c.id)
        .await?
        .into_iter()
        .map(|k| {
            let d = |x: &str| fields::iso_date(x);
            let entries: Vec<(time::Date, f64)> =
                k.entries.iter().filter_map(|(dt, v, _)| Some((d(dt)?, *v))).collect();
            let track = match (d(&k.start_date), d(&k.due)) {
                (Some(st), Some(du)) => indicator::track(k.baseline, k.target, st, du, &entries),
                _ => Track::NoData,
            };
            IndicatorView {
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
                track,
                k,
            }
        })
        .collect();
    let agreement = state.store.latest_agreement(s.c.id).await?;
    let cycles = state.store.cycles(s.c.id).await?;
    let next_plan = cycles.last().map(|c| c.cycle.next_plan()).unwrap_or_default();
    let audit = state
        .store
        .audit_events(s.c.id)
        .await?
        .into_iter()
        .rev()
        .take(50)
        .map(|(who, action, detail, at)| {
            let what = match action.as_str() {
                "agreement_saved" => "合意の案を保存",
                "agreement_confirmed" => "合意を確認",
                "minutes_saved" => "議事録を保存",
                "minutes_approved" => "議事録を承認",
                "indicator_entry" => "指標の実績を記録",
                "cycle_added" => "PDCAサイクルを追加",
                "cycle_updated" => "PDCAサイクルを更新",
                _ => "変更",
            };
            (
                format::datetime_ja(at),
                who.unwrap_or_else(|| "（退会したユーザー）".into()),
                what.to_owned(),
                detail,
            )
        })
        .collect();
    Ok(WorkspacePage {
        cycles,
        next_plan,
        audit,
        layout: layout.in_section("plan"),
        can_edit: s.can_edit(),
        agreed: confirmed(&s.c, agreement.as_ref()),
        meetings,
        items,
        indicators,
        parties: s
            .c
            .parties
            .iter()
            .map(|p| (p.organization_id, p.name.clone()))
            .collect(),
        meeting,
        error_form: errors.1.to_owned(),
        errors: FormErrors(errors.0),
        c: s.c,
    })
}

async fn workspace(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login(&format!("/collaborations/{cid}/workspace")));
    }
    let s = standing(&state, &layout, &cid).await?;
    let t = workspace_view(&state, layout, s, MeetingInput::default(), (Invalid::default(), "")).await?;
    page(&t)
}

async fn add_meeting(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
    Form(f): Form<MeetingInput>,
) -> Result<Response, PageError> {
    let s = match editor(&state, &layout, &cid, "workspace").await? {
        Ok(s) => s,
        Err(to_login) => return Ok(to_login),
    };
    match f.parse() {
        Ok(m) => {
            let user = layout.user.as_ref().map_or(0, |u| u.id);
            let starts = format!(
                "{}T{:02}:{:02}",
                m.starts_at.date(),
                m.starts_at.hour(),
                m.starts_at.minute()
            );
            state
                .store
                .create_meeting(
                    s.c.id,
                    &starts,
                    &m.place,
                    m.online_url.as_deref(),
                    &m.purpose,
                    &m.issues,
                    &m.participants,
                    user,
                    now(),
                )
                .await?;
            let parties: Vec<i64> = s.c.parties.iter().map(|p| p.organization_id).collect();
            super::notifications::notify(
                &state,
                &parties,
                user,
                "meeting",
                &format!(
                    "「{}」の定例会（{}）が予定されました：{}",
                    s.c.title,
                    date_ja(&starts[..10]),
                    m.purpose
                ),
                &format!("/collaborations/{}/workspace#meetings", s.c.id),
            )
            .await;
            Ok(Redirect::to(&format!("/collaborations/{}/workspace#meetings", s.c.id)).into_response())
        }
        Err(e) => {
            let t = workspace_view(&state, layout, s, f, (e, "meeting")).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
    }
}

async fn save_minutes(
    State(state): State<AppState>,
    layout: Layout,
    Path((cid, mid)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = match editor(&state, &layout, &cid, "workspace").await? {
        Ok(s) => s,
        Err(to_login) => return Ok(to_login),
    };
    let mid = parse_id(&mid)?;
    // A meeting of another collaboration does not exist here.
    let meeting = state
        .store
        .meetings(s.c.id)
        .await?
        .into_iter()
        .find(|m| m.id == mid)
        .ok_or(PageError::NotFound)?;
    let one = |k: &str| first(&pairs, k);
    let all = |k: &str| every(&pairs, k);
    let (titles, owners, orgs, dues) = (all("item_title"), all("item_owner"), all("item_org"), all("item_due"));
    let at = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
    let input = MinutesInput {
        decisions: one("decisions"),
        discussion: one("discussion"),
        items: (0..titles.len().max(dues.len()))
            .map(|i| ItemInput {
                title: at(&titles, i),
                owner_name: at(&owners, i),
                organization: at(&orgs, i),
                due: at(&dues, i),
            })
            .collect(),
    };
    let held = fields::iso_date(&meeting.starts_at).unwrap_or_else(today);
    let parties: Vec<i64> = s.c.parties.iter().map(|p| p.organization_id).collect();
    match input.parse(&parties, held) {
        Ok(m) => {
            let items: Vec<(String, String, i64, String)> = m
                .items
                .iter()
                .map(|i| {
                    (
                        i.title.clone(),
                        i.owner_name.clone(),
                        i.organization_id,
                        i.due.to_string(),
                    )
                })
                .collect();
            let user = layout.user.as_ref().map_or(0, |u| u.id);
            state
                .store
                .save_minutes(s.c.id, mid, &m.decisions, &m.discussion, &items, user, now())
                .await?;
            let parties: Vec<i64> = s.c.parties.iter().map(|p| p.organization_id).collect();
            let link = format!("/collaborations/{}/workspace#meeting-{mid}", s.c.id);
            super::notifications::notify(
                &state,
                &parties,
                user,
                "minutes",
                &format!(
                    "「{}」の議事録（{}）ができました。内容の確認と承認をお願いします",
                    s.c.title, meeting.purpose
                ),
                &link,
            )
            .await;
            for i in &m.items {
                super::notifications::notify(
                    &state,
                    &[i.organization_id],
                    user,
                    "item",
                    &format!(
                        "宿題「{}」（担当 {}、期限 {}）が割り当てられました",
                        i.title,
                        i.owner_name,
                        era::format_date(i.due)
                    ),
                    &format!("/collaborations/{}/workspace#items", s.c.id),
                )
                .await;
            }
            Ok(Redirect::to(&format!("/collaborations/{}/workspace#meeting-{mid}", s.c.id)).into_response())
        }
        Err(e) => {
            let t = workspace_view(&state, layout, s, MeetingInput::default(), (e, "minutes")).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
    }
}

async fn approve(
    State(state): State<AppState>,
    layout: Layout,
    Path((cid, mid)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let s = match editor(&state, &layout, &cid, "workspace").await? {
        Ok(s) => s,
        Err(to_login) => return Ok(to_login),
    };
    let mid = parse_id(&mid)?;
    let user = layout.user.as_ref().map_or(0, |u| u.id);
    state.store.approve_minutes(s.c.id, mid, s.party(), user, now()).await?;
    Ok(Redirect::to(&format!("/collaborations/{}/workspace#meeting-{mid}", s.c.id)).into_response())
}

async fn item_done(
    State(state): State<AppState>,
    layout: Layout,
    Path((cid, iid)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = match editor(&state, &layout, &cid, "workspace").await? {
        Ok(s) => s,
        Err(to_login) => return Ok(to_login),
    };
    let done = !pairs.iter().any(|(k, v)| k == "done" && v == "0");
    state
        .store
        .set_action_item_done(s.c.id, parse_id(&iid)?, done, now())
        .await?;
    Ok(Redirect::to(&format!("/collaborations/{}/workspace#items", s.c.id)).into_response())
}

async fn add_entry(
    State(state): State<AppState>,
    layout: Layout,
    Path((cid, kid)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = match editor(&state, &layout, &cid, "workspace").await? {
        Ok(s) => s,
        Err(to_login) => return Ok(to_login),
    };
    let kid = parse_id(&kid)?;
    let one = |k: &str| first(&pairs, k);
    let mut e = Invalid::default();
    let date = fields::required_date(&mut e, "entry_date", "日付", &one("entry_date"));
    let value = text::to_halfwidth_ascii(one("value").trim())
        .replace(',', "")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0);
    if value.is_none() {
        e.push(FieldError::new(
            "value",
            "not_a_number",
            "実績値は0以上の数で入力してください。",
        ));
    }
    let source = text::clean(&one("source"), false);
    if source.is_empty() {
        e.push(FieldError::required("source", "出典（何で確かめたか）"));
    } else if text::grapheme_len(&source) > 200 {
        e.push(FieldError::too_long("source", "出典", 200));
    }
    if let (Some(d), Some(v), true) = (date, value, e.0.is_empty()) {
        let user = layout.user.as_ref().map_or(0, |u| u.id);
        state
            .store
            .add_indicator_entry(s.c.id, kid, &d.to_string(), v, &source, user, now())
            .await?;
        return Ok(Redirect::to(&format!("/collaborations/{}/workspace#indicator-{kid}", s.c.id)).into_response());
    }
    let t = workspace_view(&state, layout, s, MeetingInput::default(), (e, "entry")).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
}

async fn chart(
    State(state): State<AppState>,
    layout: Layout,
    Path((cid, kid)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let s = standing(&state, &layout, &cid).await?;
    let kid = parse_id(&kid)?;
    let k = state
        .store
        .indicators(s.c.id)
        .await?
        .into_iter()
        .find(|k| k.id == kid)
        .ok_or(PageError::NotFound)?;
    let d = |x: &str| fields::iso_date(x);
    let entries: Vec<(time::Date, f64)> = k.entries.iter().filter_map(|(dt, v, _)| Some((d(dt)?, *v))).collect();
    let (Some(start), Some(due)) = (d(&k.start_date), d(&k.due)) else {
        return Err(PageError::NotFound);
    };
    let svg = kyodo_docs::chart::progress_svg(&kyodo_docs::chart::ChartInput {
        name: &k.name,
        unit: &k.unit,
        baseline: k.baseline,
        target: k.target,
        start,
        due,
        entries: &entries,
    });
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        svg,
    )
        .into_response())
}

async fn calendar(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
) -> Result<Response, PageError> {
    let s = standing(&state, &layout, &cid).await?;
    let meetings = state.store.meetings(s.c.id).await?;
    let parsed: Vec<(Meeting, time::PrimitiveDateTime)> = meetings
        .into_iter()
        .filter_map(|m| {
            let f = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
            let t = time::PrimitiveDateTime::parse(&m.starts_at, &f).ok()?;
            Some((m, t))
        })
        .collect();
    let events: Vec<kyodo_docs::ics::Event<'_>> = parsed
        .iter()
        .map(|(m, t)| kyodo_docs::ics::Event {
            uid: format!("meeting-{}-collaboration-{}@kyodo", m.id, s.c.id),
            starts_at: *t,
            summary: &m.purpose,
            location: if m.place.is_empty() {
                m.online_url.as_deref().unwrap_or("")
            } else {
                &m.place
            },
            description: &m.issues,
            url: m.online_url.as_deref(),
        })
        .collect();
    let ics = kyodo_docs::ics::calendar(&format!("{}（定例会）", s.c.title), &events);
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"meetings.ics\""),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        ics,
    )
        .into_response())
}

// --- an organisation's open action items across its collaborations -----------------------------

#[derive(Template)]
#[template(path = "collaborations/my_items.html")]
struct MyItemsPage {
    layout: Layout,
    org_id: i64,
    org_name: String,
    items: Vec<ItemView>,
}

async fn my_items(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let Some(user) = layout.user.as_ref() else {
        return Ok(login(&format!("/organizations/{id}/action-items")));
    };
    let ctx = super::org_context::load(&state, &id, Some(user)).await?;
    if ctx.role.is_none() {
        return Err(PageError::Forbidden);
    }
    let today = today().to_string();
    let items = state
        .store
        .action_items(None, Some(ctx.org.id))
        .await?
        .into_iter()
        .map(|i| ItemView {
            due: date_ja(&i.due),
            overdue: i.due < today,
            item: i,
        })
        .collect();
    page(&MyItemsPage {
        layout: layout.in_section("plan"),
        org_id: ctx.org.id,
        org_name: ctx.org.name,
        items,
    })
}

// --- PDCA cycles -----------------------------------------------------------------------------------

async fn add_cycle(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
    Form(f): Form<kyodo_domain::collaboration::cycle::CycleInput>,
) -> Result<Response, PageError> {
    let s = match editor(&state, &layout, &cid, "workspace").await? {
        Ok(s) => s,
        Err(to_login) => return Ok(to_login),
    };
    match f.parse() {
        Ok(c) => {
            let user = layout.user.as_ref().map_or(0, |u| u.id);
            let n = state.store.add_cycle(s.c.id, &c, user, now()).await?;
            Ok(Redirect::to(&format!("/collaborations/{}/workspace#cycle-{n}", s.c.id)).into_response())
        }
        Err(e) => {
            let t = workspace_view(&state, layout, s, MeetingInput::default(), (e, "cycle")).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
    }
}

async fn update_cycle(
    State(state): State<AppState>,
    layout: Layout,
    Path((cid, kid)): Path<(String, String)>,
    Form(f): Form<kyodo_domain::collaboration::cycle::CycleInput>,
) -> Result<Response, PageError> {
    let s = match editor(&state, &layout, &cid, "workspace").await? {
        Ok(s) => s,
        Err(to_login) => return Ok(to_login),
    };
    let kid = parse_id(&kid)?;
    match f.parse() {
        Ok(c) => {
            let user = layout.user.as_ref().map_or(0, |u| u.id);
            state.store.update_cycle(s.c.id, kid, &c, user, now()).await?;
            Ok(Redirect::to(&format!("/collaborations/{}/workspace#cycles", s.c.id)).into_response())
        }
        Err(e) => {
            let t = workspace_view(&state, layout, s, MeetingInput::default(), (e, "cycle")).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
    }
}

// --- the agreement as a 協定書 draft ----------------------------------------------------------------

async fn agreement_doc(
    state: &AppState,
    layout: &Layout,
    cid: &str,
) -> Result<kyodo_docs::agreement::AgreementDoc, PageError> {
    let s = standing(state, layout, cid).await?;
    let a = state.store.latest_agreement(s.c.id).await?.ok_or(PageError::NotFound)?;
    let ag = &a.agreement;
    let parties =
        s.c.parties
            .iter()
            .map(|p| {
                let mut lines: Vec<String> = Vec::new();
                if let Some(r) = ag.roles.iter().find(|r| r.organization_id == p.organization_id) {
                    lines.extend(r.guide_roles.iter().filter_map(|id| agreement::role_label(id)));
                    if !r.free_roles.is_empty() {
                        lines.push(r.free_roles.clone());
                    }
                    if !r.responsibilities.is_empty() {
                        lines.push(format!("責任の範囲：{}", r.responsibilities));
                    }
                    if !r.cost_share.is_empty() {
                        lines.push(format!("費用の分担：{}", r.cost_share));
                    }
                }
                (p.name.clone(), lines)
            })
            .collect();
    let confirmations =
        s.c.parties
            .iter()
            .map(|p| {
                let on = a
                    .confirmed_by
                    .iter()
                    .find(|(o, _)| *o == p.organization_id)
                    .map_or_else(
                        || "未確認".to_owned(),
                        |(_, at)| format!("確認済み（{}）", format::datetime_ja(*at)),
                    );
                (p.name.clone(), on)
            })
            .collect();
    Ok(kyodo_docs::agreement::AgreementDoc {
        title: s.c.title.clone(),
        version: a.version,
        collaboration_type: ag.collaboration_type.label_ja().to_owned(),
        purpose: ag.purpose.clone(),
        period: format!("{}〜{}", era::format_date(ag.start), era::format_date(ag.end)),
        parties,
        targets: ag
            .targets
            .iter()
            .map(|t| {
                (
                    t.what.clone(),
                    format!("{}{}", t.value, t.unit),
                    era::format_date(t.due),
                    t.method.clone(),
                    t.timing.clone(),
                )
            })
            .collect(),
        confirmations,
        date: era::format_date(today()),
    })
}

fn download(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

async fn agreement_docx(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
) -> Result<Response, PageError> {
    let doc = agreement_doc(&state, &layout, &cid).await?;
    let bytes = tokio::task::spawn_blocking(move || kyodo_docs::agreement::agreement_docx(&doc))
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?
        .map_err(|e| PageError::Internal(e.to_string()))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "agreement.docx",
    ))
}

async fn agreement_pdf(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
) -> Result<Response, PageError> {
    let doc = agreement_doc(&state, &layout, &cid).await?;
    let bytes = tokio::task::spawn_blocking(move || kyodo_docs::agreement::agreement_pdf(&doc))
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?
        .map_err(|e| PageError::Internal(e.to_string()))?;
    Ok(download(bytes, "application/pdf", "agreement.pdf"))
}

// --- the self-introduction sheet (Action III ①②) ---------------------------------------------------

/// The caller's party introducing itself to the other parties: who it is (mission, activities,
/// strengths, track record) and why them (the matching reasons between the two).
async fn introduction_sheet(
    state: &AppState,
    layout: &Layout,
    cid: &str,
) -> Result<(i64, kyodo_docs::sheet::Sheet), PageError> {
    let s = standing(state, layout, cid).await?;
    let me = s.party();
    let org = state.store.organization(me).await?.ok_or(PageError::NotFound)?;
    let others: Vec<&kyodo_store::CollaborationParty> =
        s.c.parties.iter().filter(|p| p.organization_id != me).collect();
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    let lines = |t: &Option<String>| {
        t.as_deref()
            .map(|x| x.lines().map(str::to_owned).collect::<Vec<_>>())
            .unwrap_or_default()
    };
    sections.push(("ミッション（団体の役割）".into(), lines(&org.mission)));
    sections.push(("活動内容".into(), lines(&org.activities)));
    if !org.strengths.is_empty() {
        sections.push(("強み".into(), org.strengths.clone()));
    }
    let records: Vec<String> = state
        .store
        .track_records(me)
        .await?
        .iter()
        .map(|r| {
            let r = &r.record;
            let mut l = format!("{}{}", r.year.map(|y| format!("{y}年　")).unwrap_or_default(), r.title);
            if let Some(p) = &r.partners {
                l.push_str(&format!("（{p}）"));
            }
            if let Some(d) = &r.description {
                l.push_str(&format!("：{d}"));
            }
            l
        })
        .collect();
    sections.push((
        "活動実績・協働実績".into(),
        if records.is_empty() {
            vec!["（未登録）".into()]
        } else {
            records
        },
    ));
    for other in &others {
        let ids = [me, other.organization_id];
        let parties = state.store.matching_parties_among(&ids, now()).await?;
        let reasons = parties
            .iter()
            .position(|p| p.id == me)
            .and_then(|i| {
                kyodo_domain::matching::Universe::new(&parties)
                    .matches(i, &[], 5)
                    .into_iter()
                    .find(|c| c.id == other.organization_id)
            })
            .map(|c| c.reasons)
            .unwrap_or_default();
        let heading = format!("なぜ{}と協働したいのか", other.name);
        let body = if reasons.is_empty() {
            vec!["（協働募集を登録すると、互いに補い合える点がここに示されます）".into()]
        } else {
            reasons
        };
        sections.push((heading, body));
    }
    let to: Vec<String> = others.iter().map(|p| format!("{} 御中", p.name)).collect();
    Ok((
        s.c.id,
        kyodo_docs::sheet::Sheet {
            kind: "自己紹介シート".into(),
            title: org.name.clone(),
            header: format!("{}　{}", to.join("・"), era::format_date(today())),
            sections,
        },
    ))
}

#[derive(Template)]
#[template(path = "collaborations/introduction.html")]
struct IntroductionPage {
    layout: Layout,
    cid: i64,
    sheet: kyodo_docs::sheet::Sheet,
}

async fn introduction(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login(&format!("/collaborations/{cid}/introduction")));
    }
    let (cid, sheet) = introduction_sheet(&state, &layout, &cid).await?;
    page(&IntroductionPage {
        layout: layout.in_section("plan"),
        cid,
        sheet,
    })
}

async fn introduction_docx(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
) -> Result<Response, PageError> {
    let (_, sheet) = introduction_sheet(&state, &layout, &cid).await?;
    let bytes = tokio::task::spawn_blocking(move || kyodo_docs::sheet::sheet_docx(&sheet))
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?
        .map_err(|e| PageError::Internal(e.to_string()))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "introduction.docx",
    ))
}

async fn introduction_pdf(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
) -> Result<Response, PageError> {
    let (_, sheet) = introduction_sheet(&state, &layout, &cid).await?;
    let bytes = tokio::task::spawn_blocking(move || kyodo_docs::sheet::sheet_pdf(&sheet))
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?
        .map_err(|e| PageError::Internal(e.to_string()))?;
    Ok(download(bytes, "application/pdf", "introduction.pdf"))
}
