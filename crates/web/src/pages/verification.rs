//! Verification of organisations and claims of imported ones, with the coordinators' queue.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_app::verification::{self as app, StepInput, Verification};
use kyodo_domain::Invalid;
use kyodo_domain::catalog::catalog;
use kyodo_domain::ids::OrgId;
use kyodo_domain::organization::verification::VerificationStatus;
use kyodo_store::{Claim, Organization, OrganizationSummary, VerificationRecord};
use serde::Deserialize;

use super::{FormErrors, Layout, PathIds, SignedIn, page, render};
use crate::error::PageError;
use crate::format;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations/{id}/verification", get(status).post(act))
        .route("/organizations/{id}/claim", get(claim_form).post(claim))
        .route("/coordinator", get(queue))
        .route("/coordinator/claims/{cid}", post(decide_claim))
        .route("/coordinator/invitations/{cid}", post(answer_invitation))
}

#[derive(Template)]
#[template(path = "organizations/verification.html")]
struct StatusPage {
    layout: Layout,
    org: Organization,
    status: VerificationStatus,
    history: Vec<(VerificationRecord, String)>,
    civic: bool,
    eligibility: &'static [String],
    can_declare: bool,
    can_decide: bool,
    /// What a refused form held: the conditions ticked (their numbers) and the comment.
    checked: Vec<String>,
    note: String,
    errors: FormErrors,
}

impl StatusPage {
    fn ticked(&self, n: &usize) -> bool {
        self.checked.iter().any(|c| c.trim() == n.to_string())
    }
}

fn status_page(layout: Layout, v: Verification, errors: Invalid) -> StatusPage {
    StatusPage {
        checked: Vec::new(),
        note: String::new(),
        layout: layout.in_section("find"),
        civic: v.org.kind.is_civic_group(),
        eligibility: &catalog().civic_groups.eligibility,
        can_declare: v.can_declare(),
        can_decide: v.can_decide(),
        org: v.org,
        status: v.status,
        history: v
            .history
            .into_iter()
            .map(|r| {
                let at = format::datetime_ja(r.at);
                (r, at)
            })
            .collect(),
        errors: FormErrors(errors),
    }
}

async fn status(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
) -> Result<Response, PageError> {
    let v = app::status(&state.app, &si.user, id).await?;
    page(&status_page(si.layout, v, Invalid::default()))
}

async fn act(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
    Form(form): Form<StepInput>,
) -> Result<Response, PageError> {
    let (status, errors) = match app::step(&state.app, &si.user, id, &form).await {
        Ok(_) => return Ok(Redirect::to(&format!("/organizations/{id}/verification")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => (StatusCode::UNPROCESSABLE_ENTITY, e),
        Err(kyodo_app::Error::Conflict { code, detail }) => (
            StatusCode::CONFLICT,
            Invalid::one(kyodo_domain::FieldError::new("event", code, detail)),
        ),
        Err(e) => return Err(e.into()),
    };
    let v = app::status(&state.app, &si.user, id).await?;
    let page = StatusPage {
        checked: form.eligibility,
        note: form.note,
        ..status_page(si.layout, v, errors)
    };
    Ok(render(status, &page))
}

// --- claims ------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "organizations/claim.html")]
struct ClaimPage {
    layout: Layout,
    org: Organization,
    message: String,
    done: bool,
    errors: FormErrors,
}

async fn claim_form(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
) -> Result<Response, PageError> {
    let org = app::claimable(&state.app, &si.user, id).await?;
    page(&ClaimPage {
        layout: si.layout.in_section("find"),
        org,
        message: String::new(),
        done: false,
        errors: FormErrors::default(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ClaimForm {
    message: String,
}

async fn claim(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
    Form(form): Form<ClaimForm>,
) -> Result<Response, PageError> {
    let org = app::claimable(&state.app, &si.user, id).await?;
    let (status, message, done, errors) = match app::claim(&state.app, &si.user, id, &form.message).await {
        Ok(m) => (StatusCode::OK, m, true, Invalid::default()),
        Err(kyodo_app::Error::Invalid(e)) => (StatusCode::UNPROCESSABLE_ENTITY, form.message, false, e),
        Err(e) => return Err(e.into()),
    };
    Ok(render(
        status,
        &ClaimPage {
            layout: si.layout.in_section("find"),
            org,
            message,
            done,
            errors: FormErrors(errors),
        },
    ))
}

// --- the coordinators' queue -------------------------------------------------------------

#[derive(Template)]
#[template(path = "coordinator.html")]
struct QueuePage {
    layout: Layout,
    verifications: Vec<(OrganizationSummary, String)>,
    claims: Vec<(Claim, String)>,
    /// (collaboration id, title, when) of the invitations to this coordinator's address.
    invitations: Vec<(i64, String, String)>,
}

async fn queue(State(state): State<AppState>, si: SignedIn) -> Result<Response, PageError> {
    let (verifications, claims) = app::queue(&state.app, &si.user).await?;
    let invitations = kyodo_app::coordinators::invitations_for(&state.app, &si.user)
        .await?
        .into_iter()
        .map(|i| {
            (
                i.collaboration_id,
                i.collaboration_title,
                format::datetime_ja(i.created_at),
            )
        })
        .collect();
    page(&QueuePage {
        invitations,
        layout: si.layout.in_section("coordinator"),
        verifications: verifications
            .into_iter()
            .map(|(o, at)| (o, format::datetime_ja(at)))
            .collect(),
        claims: claims
            .into_iter()
            .map(|c| {
                let at = format::datetime_ja(c.created_at);
                (c, at)
            })
            .collect(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DecideForm {
    decision: String,
}

async fn decide_claim(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<i64>,
    Form(form): Form<DecideForm>,
) -> Result<Response, PageError> {
    let approve = match form.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(PageError::NotFound),
    };
    app::decide_claim(&state.app, &si.user, cid, approve).await?;
    Ok(Redirect::to("/coordinator").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct AnswerForm {
    answer: String,
}

/// A coordinator accepts (and goes to the collaboration) or declines an invitation.
async fn answer_invitation(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<kyodo_domain::ids::CollaborationId>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, PageError> {
    let accept = match form.answer.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(PageError::NotFound),
    };
    kyodo_app::coordinators::answer(&state.app, &si.user, cid, accept).await?;
    let to = if accept {
        format!("/collaborations/{cid}")
    } else {
        "/coordinator".into()
    };
    Ok(Redirect::to(&to).into_response())
}
