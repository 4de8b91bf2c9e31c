//! The agreement page: the form of the latest version, each party's roles from the guide's
//! lists, measurable targets, and each party owner's confirmation.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_app::access::CollabStanding;
use kyodo_domain::collaboration::CollaborationType;
use kyodo_domain::collaboration::agreement::{self, AgreementInput, RoleInput, TargetInput};
use kyodo_domain::ids::CollaborationId;
use kyodo_domain::{FieldError, Invalid, text};
use kyodo_store::{CollaborationRecord, StoredAgreement};

use super::{at, every, first};
use crate::error::PageError;
use crate::format;
use crate::pages::{FormErrors, Layout, PathIds, SignedIn, page, render};
use crate::state::AppState;

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
    /// The proposal's version the form was drafted from, before anything was saved.
    drafted_from: Option<i64>,
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
                ("target_due", "期限（例：2028-03-31、令和10年3月31日）", &t.due, "due"),
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

/// The stored agreement as the form shows it.
fn as_input(a: &StoredAgreement) -> AgreementInput {
    let a = &a.agreement;
    AgreementInput {
        collaboration_type: a.collaboration_type.as_str().into(),
        purpose: a.purpose.clone(),
        start: a.start.to_string(),
        end: a.end.to_string(),
        roles: a
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
    }
}

async fn view(
    state: &AppState,
    layout: Layout,
    s: CollabStanding,
    stored: Option<StoredAgreement>,
    typed: Option<AgreementInput>,
    errors: Invalid,
) -> Result<AgreementPage, PageError> {
    // Nothing saved yet: the form starts from the proposal the partners were shown.
    let drafted = match (&typed, &stored) {
        (None, None) => match &layout.user {
            Some(user) => kyodo_app::agreement::draft(&state.app, user, CollaborationId::new(s.c.id)).await?,
            None => None,
        },
        _ => None,
    };
    let drafted_from = drafted.as_ref().map(|(_, v)| *v);
    let input = match (typed, drafted) {
        (Some(t), _) => t,
        (None, Some((d, _))) => d,
        (None, None) => stored.as_ref().map(as_input).unwrap_or_default(),
    };
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
    let owned = s.owned();
    let can_confirm = stored
        .as_ref()
        .is_some_and(|a| owned.iter().any(|o| !a.confirmed_by.iter().any(|(c, _)| c == o)));
    Ok(AgreementPage {
        layout: layout.in_section("plan"),
        can_edit: s.can_edit(),
        can_confirm,
        version: stored.as_ref().map(|a| a.version),
        all_confirmed: kyodo_app::agreement::all_confirmed(&s.c, stored.as_ref()),
        types: CollaborationType::ALL
            .into_iter()
            .map(|t| (t.as_str(), t.label_ja()))
            .collect(),
        collaboration_type: input.collaboration_type.clone(),
        purpose: input.purpose.clone(),
        start: input.start.clone(),
        end: input.end.clone(),
        targets: target_rows(&input.targets, &errors),
        parties,
        errors: FormErrors(errors),
        drafted_from,
        c: s.c,
    })
}

/// The form again, with what was typed and the messages beside the fields.
async fn again(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    typed: Option<AgreementInput>,
    status: StatusCode,
    errors: Invalid,
) -> Result<Response, PageError> {
    let (s, stored) = kyodo_app::agreement::latest(&state.app, &si.user, cid).await?;
    let t = view(state, si.layout, s, stored, typed, errors).await?;
    Ok(render(status, &t))
}

pub(super) async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    let (s, stored) = kyodo_app::agreement::latest(&state.app, &si.user, cid).await?;
    page(&view(&state, si.layout, s, stored, None, Invalid::default()).await?)
}

/// The form's pairs as an agreement: one set of role fields per party, targets as table rows.
fn agreement_input(c: &CollaborationRecord, pairs: &[(String, String)]) -> AgreementInput {
    let one = |k: &str| first(pairs, k);
    let all = |k: &str| every(pairs, k);
    let (what, baseline, value, unit, due, method, timing) = (
        all("target_what"),
        all("target_baseline"),
        all("target_value"),
        all("target_unit"),
        all("target_due"),
        all("target_method"),
        all("target_timing"),
    );
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

pub(super) async fn save(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = kyodo_app::access::collaboration(&state.app, &si.user, cid).await?;
    let input = agreement_input(&s.c, &pairs);
    match kyodo_app::agreement::save(&state.app, &si.user, cid, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/collaborations/{cid}/agreement?saved=1")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            again(&state, si, cid, Some(input), StatusCode::UNPROCESSABLE_ENTITY, e).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn confirm(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let version = text::to_halfwidth_ascii(&first(&pairs, "version"))
        .parse::<i64>()
        .unwrap_or(0);
    match kyodo_app::agreement::confirm(&state.app, &si.user, cid, version).await {
        Ok(_) => Ok(Redirect::to(&format!("/collaborations/{cid}/agreement#confirmations")).into_response()),
        Err(kyodo_app::Error::Conflict { code, detail }) => {
            let e = Invalid::one(FieldError::new("version", code, detail));
            again(&state, si, cid, None, StatusCode::CONFLICT, e).await
        }
        Err(e) => Err(e.into()),
    }
}
