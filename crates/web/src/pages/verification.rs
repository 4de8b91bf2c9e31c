//! Verification of organisations and claims of imported ones, with the coordinators' queue.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_domain::catalog::catalog;
use kyodo_domain::organization::verification::{VerificationEvent, VerificationStatus};
use kyodo_domain::{FieldError, Invalid, text};
use kyodo_store::{Claim, Organization, OrganizationSummary, StoreError, VerificationRecord};
use serde::Deserialize;

use super::org_context::{load, parse_id};
use super::{FormErrors, Layout, page, render};
use crate::error::PageError;
use crate::format;
use crate::policy::Standing;
use crate::state::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations/{id}/verification", get(status).post(act))
        .route("/organizations/{id}/claim", get(claim_form).post(claim))
        .route("/coordinator", get(queue))
        .route("/coordinator/claims/{cid}", post(decide_claim))
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
    errors: FormErrors,
}

async fn status_page(
    state: &AppState,
    layout: Layout,
    org: Organization,
    standing: Standing,
    errors: Invalid,
) -> Result<StatusPage, PageError> {
    let status = state.store.verification_status(org.id).await?;
    let history = state
        .store
        .verification_history(org.id)
        .await?
        .into_iter()
        .map(|r| {
            let at = format::datetime_ja(r.at);
            (r, at)
        })
        .collect();
    Ok(StatusPage {
        layout: layout.in_section("find"),
        civic: org.kind.is_civic_group(),
        eligibility: &catalog().civic_groups.eligibility,
        can_declare: standing.can_edit() && status.allows(VerificationEvent::Declared),
        can_decide: standing.is_staff(),
        org,
        status,
        history,
        errors: FormErrors(errors),
    })
}

async fn status(State(state): State<AppState>, layout: Layout, Path(id): Path<String>) -> Result<Response, PageError> {
    let Some(user) = layout.user.clone() else {
        return Ok(Redirect::to(&format!("/login?next=/organizations/{id}/verification")).into_response());
    };
    let ctx = load(&state, &id, Some(&user)).await?;
    if !ctx.standing.can_view_private() {
        return Err(PageError::Forbidden);
    }
    page(&status_page(&state, layout, ctx.org, ctx.standing, Invalid::default()).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ActForm {
    /// declared, verified, rejected or revoked
    event: String,
    /// The three eligibility conditions, checked by a civic group when declaring.
    eligibility: Vec<String>,
    note: String,
}

async fn act(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
    Form(form): Form<ActForm>,
) -> Result<Response, PageError> {
    let Some(user) = layout.user.clone() else {
        return Ok(Redirect::to(&format!("/login?next=/organizations/{id}/verification")).into_response());
    };
    let ctx = load(&state, &id, Some(&user)).await?;
    let event = VerificationEvent::parse(form.event.trim()).ok_or(PageError::NotFound)?;
    let allowed = if event.by_coordinator() {
        ctx.standing.is_staff()
    } else {
        ctx.standing.can_edit()
    };
    if !allowed {
        return Err(PageError::Forbidden);
    }
    let mut errors = Invalid::default();
    let note = errors
        .check(text::optional("note", "コメント", Some(&form.note), 1000, true))
        .flatten();
    let needed = catalog().civic_groups.eligibility.len();
    if event == VerificationEvent::Declared && ctx.org.kind.is_civic_group() && form.eligibility.len() < needed {
        errors.push(FieldError::new(
            "eligibility",
            "required",
            "県民活動団体として確認を受けるには、3つの要件すべてに該当することを確認してください。",
        ));
    }
    if event == VerificationEvent::Rejected && note.is_none() {
        errors.push(FieldError::required("note", "差し戻しの理由"));
    }
    if !errors.0.is_empty() {
        let p = status_page(&state, layout, ctx.org, ctx.standing, errors).await?;
        return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &p));
    }
    if !state
        .store
        .add_verification_event(ctx.org.id, event, user.id, note.as_deref(), now())
        .await?
    {
        let e = FieldError::new(
            "event",
            "not_allowed",
            "現在の状態ではこの操作はできません。ページを再読み込みしてください。",
        );
        let p = status_page(&state, layout, ctx.org, ctx.standing, Invalid::one(e)).await?;
        return Ok(render(StatusCode::CONFLICT, &p));
    }
    Ok(Redirect::to(&format!("/organizations/{}/verification", ctx.org.id)).into_response())
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

async fn claimable_org(
    state: &AppState,
    layout: &Layout,
    id: &str,
) -> Result<Result<Organization, Response>, PageError> {
    let Some(user) = layout.user.as_ref() else {
        return Ok(Err(
            Redirect::to(&format!("/login?next=/organizations/{id}/claim")).into_response()
        ));
    };
    let ctx = load(state, id, Some(user)).await?;
    if !state.store.claimable(ctx.org.id).await? {
        return Err(PageError::Forbidden);
    }
    Ok(Ok(ctx.org))
}

async fn claim_form(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let org = match claimable_org(&state, &layout, &id).await? {
        Ok(o) => o,
        Err(r) => return Ok(r),
    };
    page(&ClaimPage {
        layout: layout.in_section("find"),
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
    layout: Layout,
    Path(id): Path<String>,
    Form(form): Form<ClaimForm>,
) -> Result<Response, PageError> {
    let org = match claimable_org(&state, &layout, &id).await? {
        Ok(o) => o,
        Err(r) => return Ok(r),
    };
    let user = layout.user.clone().ok_or(PageError::Forbidden)?;
    let message = match text::required("message", "団体との関係", &form.message, 1000) {
        Ok(m) => m,
        Err(e) => {
            let t = ClaimPage {
                layout: layout.in_section("find"),
                org,
                message: form.message,
                done: false,
                errors: FormErrors(Invalid::one(e)),
            };
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t));
        }
    };
    match state.store.create_claim(org.id, user.id, &message, now()).await {
        Ok(_) | Err(StoreError::Conflict(_)) => page(&ClaimPage {
            layout: layout.in_section("find"),
            org,
            message,
            done: true,
            errors: FormErrors::default(),
        }),
        Err(e) => Err(e.into()),
    }
}

// --- the coordinators' queue -------------------------------------------------------------

#[derive(Template)]
#[template(path = "coordinator.html")]
struct QueuePage {
    layout: Layout,
    verifications: Vec<(OrganizationSummary, String)>,
    claims: Vec<(Claim, String)>,
}

fn require_staff(layout: &Layout) -> Result<(), PageError> {
    let standing = Standing::of(layout.user.as_ref(), None);
    if standing.is_staff() {
        Ok(())
    } else {
        Err(PageError::Forbidden)
    }
}

async fn queue(State(state): State<AppState>, layout: Layout) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(Redirect::to("/login?next=/coordinator").into_response());
    }
    require_staff(&layout)?;
    let verifications = state
        .store
        .pending_verifications()
        .await?
        .into_iter()
        .map(|(o, at)| (o, format::datetime_ja(at)))
        .collect();
    let claims = state.store.pending_claims().await?.into_iter().map(|c| {
        let at = format::datetime_ja(c.created_at);
        (c, at)
    });
    page(&QueuePage {
        layout: layout.in_section("coordinator"),
        verifications,
        claims: claims.collect(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DecideForm {
    decision: String,
}

async fn decide_claim(
    State(state): State<AppState>,
    layout: Layout,
    Path(cid): Path<String>,
    Form(form): Form<DecideForm>,
) -> Result<Response, PageError> {
    let Some(user) = layout.user.clone() else {
        return Ok(Redirect::to("/login?next=/coordinator").into_response());
    };
    require_staff(&layout)?;
    let approve = match form.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(PageError::NotFound),
    };
    state
        .store
        .decide_claim(parse_id(&cid)?, approve, user.id, now())
        .await?;
    Ok(Redirect::to("/coordinator").into_response())
}
