//! Outcomes for each party and for society, each tied to the record that shows it.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_app::evaluation::outcomes;
use kyodo_domain::Invalid;
use kyodo_domain::evaluation::outcome::{OutcomeInput, guide_outcomes};
use kyodo_domain::ids::{CollaborationId, OutcomeId};
use kyodo_store::CollaborationRecord;

use crate::error::PageError;
use crate::pages::{FormErrors, Layout, PathIds, SignedIn, render};
use crate::state::AppState;

pub(super) struct Row {
    pub id: i64,
    pub label: String,
    pub from_guide: bool,
    pub evidence: String,
    pub note: String,
}

/// The outcomes of one party (or of society).
pub(super) struct Group {
    pub name: String,
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "evaluation/outcomes.html")]
struct Page {
    layout: Layout,
    c: CollaborationRecord,
    can_edit: bool,
    groups: Vec<Group>,
    input: OutcomeInput,
    /// (value, name) of whom an outcome may be for.
    parties: Vec<(String, String)>,
    civic: Vec<&'static str>,
    company: Vec<&'static str>,
    shared: &'static str,
    evidence: Vec<(String, String)>,
    errors: FormErrors,
}

const SOCIETY: &str = "社会（社会的課題の解決）";

async fn page(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    input: OutcomeInput,
    errors: Invalid,
    status: StatusCode,
) -> Result<Response, PageError> {
    let v = outcomes::list(&state.app, &si.user, cid).await?;
    let s = &v.standing;
    let named = |key: Option<kyodo_domain::evaluation::outcome::Evidence>| {
        key.and_then(|k| v.evidence.iter().find(|(e, _)| *e == k))
            .map(|(_, name)| name.clone())
            .unwrap_or_default()
    };
    let mut whom: Vec<(Option<i64>, String)> = s.party_ids().into_iter().map(|o| (Some(o), s.party_name(o))).collect();
    whom.push((None, SOCIETY.to_owned()));
    let groups = whom
        .iter()
        .map(|(o, name)| Group {
            name: name.clone(),
            rows: v
                .outcomes
                .iter()
                .filter(|x| x.outcome.organization_id == *o)
                .map(|x| Row {
                    id: x.id,
                    label: x.outcome.label.clone(),
                    from_guide: x.outcome.from_guide,
                    evidence: named(x.outcome.evidence),
                    note: x.outcome.note.clone(),
                })
                .collect(),
        })
        .collect();
    let (civic, company, shared) = guide_outcomes();
    let t = Page {
        layout: si.layout.in_section("running"),
        can_edit: s.can_edit(),
        groups,
        input,
        parties: whom
            .into_iter()
            .map(|(o, n)| (o.map(|o| o.to_string()).unwrap_or_else(|| "society".into()), n))
            .collect(),
        civic,
        company,
        shared,
        evidence: v.evidence.iter().map(|(e, n)| (e.key(), n.clone())).collect(),
        errors: FormErrors(errors),
        c: v.standing.c,
    };
    Ok(render(status, &t))
}

pub(super) async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    page(
        &state,
        si,
        cid,
        OutcomeInput::default(),
        Invalid::default(),
        StatusCode::OK,
    )
    .await
}

pub(super) async fn add(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(f): Form<OutcomeInput>,
) -> Result<Response, PageError> {
    match outcomes::add(&state.app, &si.user, cid, &f).await {
        Ok(id) => Ok(Redirect::to(&format!("/collaborations/{cid}/outcomes#outcome-{id}")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => page(&state, si, cid, f, e, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn remove(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, oid)): PathIds<(CollaborationId, OutcomeId)>,
) -> Result<Response, PageError> {
    outcomes::remove(&state.app, &si.user, cid, oid.get()).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}/outcomes")).into_response())
}
