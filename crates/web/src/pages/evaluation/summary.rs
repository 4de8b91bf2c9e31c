//! The evaluation's public summary: the parties write it and agree to publish it; the public
//! page (`/reports/{cid}/{milestone}`) shows it while every party agrees.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_app::evaluation::summary;
use kyodo_domain::Invalid;
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::summary::SummaryInput;
use kyodo_domain::ids::CollaborationId;
use kyodo_store::CollaborationRecord;

use crate::error::PageError;
use crate::pages::{FormErrors, Layout, PathIds, SignedIn, first, render};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "evaluation/summary.html")]
struct Page {
    layout: Layout,
    c: CollaborationRecord,
    milestone: &'static str,
    stage_label: &'static str,
    can_edit: bool,
    input: SummaryInput,
    saved: bool,
    published: bool,
    /// (party name, agrees now)
    parties: Vec<(String, bool)>,
    /// The actor's owned parties: (id, name, agrees now)
    mine: Vec<(i64, String, bool)>,
    missing: Option<String>,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    m: Milestone,
    typed: Option<SummaryInput>,
    errors: Invalid,
) -> Result<Response, PageError> {
    let status = if errors.0.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let layout = si.layout.in_section("running");
    let t = match summary::get(&state.app, &si.user, cid, m).await {
        Ok(v) => Page {
            layout,
            milestone: m.as_str(),
            stage_label: m.label_ja(),
            can_edit: v.standing.can_edit(),
            published: v.published(),
            saved: v.saved,
            parties: v.parties.iter().map(|(_, n, a)| (n.clone(), *a)).collect(),
            mine: v.mine(),
            input: typed.unwrap_or(v.input),
            missing: None,
            errors: FormErrors(errors),
            c: v.standing.c,
        },
        Err(kyodo_app::Error::Conflict { detail, .. }) => {
            let (standing, _) = kyodo_app::evaluation::sheets::list(&state.app, &si.user, cid).await?;
            Page {
                layout,
                milestone: m.as_str(),
                stage_label: m.label_ja(),
                can_edit: false,
                input: SummaryInput::default(),
                saved: false,
                published: false,
                parties: Vec::new(),
                mine: Vec::new(),
                missing: Some(detail),
                errors: FormErrors(errors),
                c: standing.c,
            }
        }
        Err(e) => return Err(e.into()),
    };
    Ok(render(status, &t))
}

pub(super) async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, m)): PathIds<(CollaborationId, Milestone)>,
) -> Result<Response, PageError> {
    page(&state, si, cid, m, None, Invalid::default()).await
}

pub(super) async fn save(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, m)): PathIds<(CollaborationId, Milestone)>,
    Form(f): Form<SummaryInput>,
) -> Result<Response, PageError> {
    match summary::save(&state.app, &si.user, cid, m, &f).await {
        Ok(()) => Ok(Redirect::to(&format!("/collaborations/{cid}/evaluation/{m}/summary#consent")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => page(&state, si, cid, m, Some(f), e).await,
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn consent(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, m)): PathIds<(CollaborationId, Milestone)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let party = first(&pairs, "party").trim().parse::<i64>().ok();
    let publish = first(&pairs, "publish") != "0";
    summary::consent(&state.app, &si.user, cid, m, party, publish).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}/evaluation/{m}/summary#consent")).into_response())
}

#[derive(Template)]
#[template(path = "evaluation/public_report.html")]
struct PublicPage {
    layout: Layout,
    title: String,
    parties: String,
    stage_label: &'static str,
    headline: String,
    body: String,
}

pub(super) async fn public(
    State(state): State<AppState>,
    layout: Layout,
    PathIds((cid, m)): PathIds<(CollaborationId, Milestone)>,
) -> Result<Response, PageError> {
    let p = summary::public(&state.app, cid, m).await?;
    let t = PublicPage {
        layout,
        title: p.title,
        parties: p.parties.join("・"),
        stage_label: p.milestone.label_ja(),
        headline: p.summary.headline,
        body: p.summary.body,
    };
    Ok(render(StatusCode::OK, &t))
}
