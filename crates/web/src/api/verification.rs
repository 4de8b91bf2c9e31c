//! Verification and claims in the API, through the same operations as the pages.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kyodo_app::verification::{self as app, StepInput};
use kyodo_domain::ids::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiPath};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(status, step))
        .routes(routes!(claim))
        .routes(routes!(queue))
        .routes(routes!(decide_claim))
}

#[derive(Serialize, ToSchema)]
pub struct StepView {
    /// `declared`, `verified`, `rejected` or `revoked`.
    event: String,
    note: Option<String>,
    /// Who took the step (a person's display name).
    by: Option<String>,
    at: String,
}

#[derive(Serialize, ToSchema)]
pub struct VerificationView {
    /// `not_requested`, `pending`, `verified`, `rejected` or `revoked`.
    status: String,
    status_label: String,
    history: Vec<StepView>,
    can_declare: bool,
    can_decide: bool,
}

async fn view(state: &AppState, user: &kyodo_store::User, id: OrgId) -> Result<VerificationView, ApiError> {
    let v = app::status(&state.app, user, id).await?;
    Ok(VerificationView {
        status: v.status.as_str().into(),
        status_label: v.status.label_ja().into(),
        can_declare: v.can_declare(),
        can_decide: v.can_decide(),
        history: v
            .history
            .into_iter()
            .map(|r| StepView {
                event: r.event.as_str().into(),
                note: r.note,
                by: r.by,
                at: rfc3339(r.at),
            })
            .collect(),
    })
}

/// The organisation's verification status and history (its members and coordinators).
#[utoipa::path(get, path = "/organizations/{id}/verification", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = VerificationView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn status(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
) -> Result<Json<VerificationView>, ApiError> {
    view(&state, &user, id).await.map(Json)
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct StepBody {
    /// `declared` (the group's editors, with the eligibility conditions), or `verified`,
    /// `rejected` (with a reason) and `revoked` (a coordinator who is not a member).
    event: String,
    /// The eligibility conditions the group meets, as the guide words them (all three to declare).
    eligibility: Vec<String>,
    note: String,
}

/// Takes one step of the verification; 409 when the current status does not allow it.
#[utoipa::path(post, path = "/organizations/{id}/verification", tag = "organizations", params(("id" = i64, Path)), request_body = StepBody,
    responses((status = 200, body = VerificationView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn step(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
    ApiJson(body): ApiJson<StepBody>,
) -> Result<Json<VerificationView>, ApiError> {
    let input = StepInput {
        event: body.event,
        eligibility: body.eligibility,
        note: body.note,
    };
    app::step(&state.app, &user, id, &input).await?;
    view(&state, &user, id).await.map(Json)
}

#[derive(Deserialize, ToSchema)]
pub struct ClaimBody {
    /// How the claimant is related to the organisation.
    message: String,
}

/// Claims an imported organisation nobody runs yet; a coordinator decides.
#[utoipa::path(post, path = "/organizations/{id}/claim", tag = "organizations", params(("id" = i64, Path)), request_body = ClaimBody,
    responses((status = 202),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn claim(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
    ApiJson(body): ApiJson<ClaimBody>,
) -> Result<StatusCode, ApiError> {
    app::claim(&state.app, &user, id, &body.message).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Serialize, ToSchema)]
pub struct PendingVerification {
    organization_id: i64,
    name: String,
    declared_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct PendingClaim {
    id: i64,
    organization_id: i64,
    organization_name: String,
    /// The claimant's name and address (coordinators only see this).
    claimant: String,
    claimant_email: String,
    message: String,
    created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct QueueView {
    verifications: Vec<PendingVerification>,
    claims: Vec<PendingClaim>,
}

/// What waits for the coordinators (coordinators and admins).
#[utoipa::path(get, path = "/coordinator/queue", tag = "organizations",
    responses((status = 200, body = QueueView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn queue(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<QueueView>, ApiError> {
    let (verifications, claims) = app::queue(&state.app, &user).await?;
    Ok(Json(QueueView {
        verifications: verifications
            .into_iter()
            .map(|(o, at)| PendingVerification {
                organization_id: o.id,
                name: o.name,
                declared_at: rfc3339(at),
            })
            .collect(),
        claims: claims
            .into_iter()
            .map(|c| PendingClaim {
                id: c.id,
                organization_id: c.organization.id,
                organization_name: c.organization.name,
                claimant: c.user_name,
                claimant_email: c.user_email,
                message: c.message,
                created_at: rfc3339(c.created_at),
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct DecisionBody {
    /// `approve` (the claimant becomes the owner) or `reject`.
    decision: String,
}

/// Decides a claim (coordinators and admins); 409 when it was already decided.
#[utoipa::path(post, path = "/coordinator/claims/{claim_id}", tag = "organizations", params(("claim_id" = i64, Path)), request_body = DecisionBody,
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn decide_claim(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(claim): ApiPath<i64>,
    ApiJson(body): ApiJson<DecisionBody>,
) -> Result<StatusCode, ApiError> {
    let approve = match body.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => {
            return Err(ApiError::Invalid(kyodo_domain::Invalid::one(
                kyodo_domain::FieldError::new("decision", "unknown_choice", "decision は approve か reject です。"),
            )));
        }
    };
    if app::decide_claim(&state.app, &user, claim, approve).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::Conflict {
            code: "claim_decided",
            detail: "この申請は既に判断されています。".into(),
        })
    }
}
