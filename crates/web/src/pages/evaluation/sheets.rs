//! The evaluation hub and each milestone's sheet (plan against actual, purposes, lessons), with
//! the step that turns the lessons into the next PDCA cycle.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_app::evaluation::sheets;
use kyodo_domain::evaluation::sheet::{PurposeResultInput, SheetInput, TargetResultInput, number};
use kyodo_domain::evaluation::{Judgement, Milestone};
use kyodo_domain::ids::CollaborationId;
use kyodo_domain::{Invalid, era};
use kyodo_store::CollaborationRecord;
use serde::Deserialize;

use crate::error::PageError;
use crate::pages::{FormErrors, Layout, PathIds, SignedIn, first, render};
use crate::state::AppState;

/// A milestone as the hub lists it.
pub(super) struct Stage {
    pub milestone: &'static str,
    pub label: &'static str,
    pub about: &'static str,
    /// 「令和9年（2027年）3月1日」 once a sheet is saved.
    pub held_on: Option<String>,
    /// 「達成 2・一部達成 1・未達成 0・未判定 1」.
    pub tally: String,
    pub next_cycle: Option<i64>,
}

#[derive(Template)]
#[template(path = "evaluation/overview.html")]
struct Overview {
    layout: Layout,
    c: CollaborationRecord,
    stages: Vec<Stage>,
    has_agreement: bool,
}

pub(super) async fn overview(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    let (standing, saved) = sheets::list(&state.app, &si.user, cid).await?;
    let has_agreement = state.app.store.latest_agreement(standing.c.id).await?.is_some();
    let stages = Milestone::ALL
        .iter()
        .map(|m| {
            let s = saved.iter().find(|s| s.milestone == *m);
            Stage {
                milestone: m.as_str(),
                label: m.label_ja(),
                about: m.about_ja(),
                held_on: s.map(|s| era::format_date(s.sheet.held_on)),
                tally: s.map(|s| tally_ja(s.sheet.tally())).unwrap_or_default(),
                next_cycle: s.and_then(|s| s.next_cycle),
            }
        })
        .collect();
    let t = Overview {
        layout: si.layout.in_section("running"),
        stages,
        has_agreement,
        c: standing.c,
    };
    Ok(render(StatusCode::OK, &t))
}

fn tally_ja(n: [usize; 4]) -> String {
    format!("達成 {}・一部達成 {}・未達成 {}・未判定 {}", n[0], n[1], n[2], n[3])
}

/// One agreed target's row of the form, its field names computed here (templates cannot).
pub(super) struct TargetRow {
    pub what: String,
    pub planned: String,
    pub method: String,
    pub actual: String,
    pub judgement: String,
    pub comment: String,
    pub f_actual: String,
    pub f_judgement: String,
    pub f_comment: String,
}

pub(super) struct PurposeRow {
    pub party: String,
    pub judgement: String,
    pub comment: String,
    pub f_judgement: String,
    pub f_comment: String,
}

#[derive(Template)]
#[template(path = "evaluation/sheet.html")]
struct SheetPage {
    layout: Layout,
    c: CollaborationRecord,
    milestone: &'static str,
    stage_label: &'static str,
    about: &'static str,
    can_edit: bool,
    has_agreement: bool,
    saved: bool,
    just_saved: bool,
    next_cycle: Option<i64>,
    targets: Vec<TargetRow>,
    purposes: Vec<PurposeRow>,
    input: SheetInput,
    judgements: Vec<(&'static str, &'static str)>,
    errors: FormErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct Saved {
    saved: Option<String>,
}

async fn sheet_page(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    milestone: Milestone,
    refused: Option<(Option<SheetInput>, Invalid)>,
    just_saved: bool,
) -> Result<Response, PageError> {
    let view = sheets::get(&state.app, &si.user, cid, milestone).await?;
    // A refused form comes back as typed, answered 422.
    let (status, typed, errors) = match refused {
        Some((typed, e)) => (StatusCode::UNPROCESSABLE_ENTITY, typed, e),
        None => (StatusCode::OK, None, Invalid::default()),
    };
    let input = typed.unwrap_or(view.input);
    let agreed = view
        .agreement
        .as_ref()
        .map(|a| a.agreement.targets.clone())
        .unwrap_or_default();
    let blank = TargetResultInput::default();
    let targets = agreed
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let row = input.targets.get(i).unwrap_or(&blank);
            TargetRow {
                what: t.what.clone(),
                planned: format!(
                    "{}{u} → {}{u}（{}まで）",
                    number(t.baseline),
                    number(t.value),
                    era::format_date(t.due),
                    u = t.unit
                ),
                method: [t.method.as_str(), t.timing.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("・"),
                actual: row.actual.clone(),
                judgement: row.judgement.clone(),
                comment: row.comment.clone(),
                f_actual: format!("targets[{i}].actual"),
                f_judgement: format!("targets[{i}].judgement"),
                f_comment: format!("targets[{i}].comment"),
            }
        })
        .collect();
    let purposes = view
        .standing
        .party_ids()
        .into_iter()
        .map(|o| {
            let p = input.purposes.iter().find(|p| p.organization_id == o);
            PurposeRow {
                party: view.standing.party_name(o),
                judgement: p.map(|p| p.judgement.clone()).unwrap_or_default(),
                comment: p.map(|p| p.comment.clone()).unwrap_or_default(),
                f_judgement: format!("purpose_{o}"),
                f_comment: format!("purpose_comment_{o}"),
            }
        })
        .collect();
    let t = SheetPage {
        layout: si.layout.in_section("running"),
        milestone: milestone.as_str(),
        stage_label: milestone.label_ja(),
        about: milestone.about_ja(),
        can_edit: view.standing.can_edit(),
        has_agreement: view.agreement.is_some(),
        saved: view.stored.is_some(),
        just_saved,
        next_cycle: view.stored.as_ref().and_then(|s| s.next_cycle),
        targets,
        purposes,
        input,
        judgements: Judgement::ALL.iter().map(|j| (j.as_str(), j.label_ja())).collect(),
        errors: FormErrors(errors),
        c: view.standing.c,
    };
    Ok(render(status, &t))
}

pub(super) async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, milestone)): PathIds<(CollaborationId, Milestone)>,
    Query(q): Query<Saved>,
) -> Result<Response, PageError> {
    let just_saved = q.saved.is_some();
    sheet_page(&state, si, cid, milestone, None, just_saved).await
}

/// The form's pairs as the sheet: rows by index, purposes by party.
fn read(pairs: &[(String, String)], targets: usize, parties: &[i64]) -> SheetInput {
    let get = |k: &str| first(pairs, k);
    SheetInput {
        held_on: get("held_on"),
        targets: (0..targets)
            .map(|i| TargetResultInput {
                actual: get(&format!("targets[{i}].actual")),
                judgement: get(&format!("targets[{i}].judgement")),
                comment: get(&format!("targets[{i}].comment")),
            })
            .collect(),
        purposes: parties
            .iter()
            .map(|o| PurposeResultInput {
                organization_id: *o,
                judgement: get(&format!("purpose_{o}")),
                comment: get(&format!("purpose_comment_{o}")),
            })
            .collect(),
        summary: get("summary"),
        keep: get("keep"),
        change: get("change"),
    }
}

pub(super) async fn save(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, milestone)): PathIds<(CollaborationId, Milestone)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let view = sheets::get(&state.app, &si.user, cid, milestone).await?;
    let n = view.agreement.as_ref().map_or(0, |a| a.agreement.targets.len());
    let input = read(&pairs, n, &view.standing.party_ids());
    match sheets::save(&state.app, &si.user, cid, milestone, &input).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/collaborations/{cid}/evaluation/{milestone}?saved=1#lessons")).into_response())
        }
        Err(kyodo_app::Error::Invalid(e)) => {
            sheet_page(&state, si, cid, milestone, Some((Some(input), e)), false).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn next_cycle(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, milestone)): PathIds<(CollaborationId, Milestone)>,
) -> Result<Response, PageError> {
    match sheets::to_cycle(&state.app, &si.user, cid, milestone).await {
        Ok(n) => Ok(Redirect::to(&format!("/collaborations/{cid}/workspace#cycle-{n}")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => sheet_page(&state, si, cid, milestone, Some((None, e)), false).await,
        Err(e) => Err(e.into()),
    }
}
