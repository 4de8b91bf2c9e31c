//! Coordinators in a collaboration, through the same operations as the pages: a party invites an
//! address (202, the same answer for every address), sees and withdraws what is waiting, and ends
//! a coordinator's reading along; a coordinator lists the invitations to their address and
//! accepts or declines one.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kyodo_app::coordinators as app;
use kyodo_domain::ids::{CollaborationId, UserId};
use kyodo_store::CoordinatorInvitation;
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
        .routes(routes!(invite))
        .routes(routes!(remove))
        .routes(routes!(pending))
        .routes(routes!(withdraw))
        .routes(routes!(mine))
        .routes(routes!(answer))
}

#[derive(Deserialize, ToSchema)]
pub struct CoordinatorInviteBody {
    /// The address of the coordinator to invite.
    email: String,
}

#[derive(Serialize, ToSchema)]
pub struct CoordinatorInvitationView {
    id: i64,
    collaboration_id: i64,
    collaboration_title: String,
    email: String,
    invited_at: String,
}

impl From<CoordinatorInvitation> for CoordinatorInvitationView {
    fn from(i: CoordinatorInvitation) -> Self {
        Self {
            id: i.id,
            collaboration_id: i.collaboration_id,
            collaboration_title: i.collaboration_title,
            email: i.email,
            invited_at: rfc3339(i.created_at),
        }
    }
}

/// Invites the coordinator at an address to read along (editors of a party). 202 whoever the
/// address belongs to: a coordinator there is told and joins by accepting.
#[utoipa::path(post, path = "/collaborations/{id}/coordinators", tag = "collaborations", params(("id" = i64, Path)), request_body = CoordinatorInviteBody,
    responses((status = 202),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json"),
              (status = 429, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn invite(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(body): ApiJson<CoordinatorInviteBody>,
) -> Result<StatusCode, ApiError> {
    app::invite(&state.app, &user, id, &body.email).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Ends a coordinator's reading along (editors of a party).
#[utoipa::path(delete, path = "/collaborations/{id}/coordinators/{user_id}", tag = "collaborations",
    params(("id" = i64, Path), ("user_id" = i64, Path)),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn remove(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, uid)): ApiPath<(CollaborationId, UserId)>,
) -> Result<StatusCode, ApiError> {
    app::remove(&state.app, &user, id, uid).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The invitations not yet answered (the parties' members).
#[utoipa::path(get, path = "/collaborations/{id}/coordinator-invitations", tag = "collaborations", params(("id" = i64, Path)),
    responses((status = 200, body = [CoordinatorInvitationView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn pending(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<Vec<CoordinatorInvitationView>>, ApiError> {
    let all = app::pending(&state.app, &user, id).await?;
    Ok(Json(all.into_iter().map(CoordinatorInvitationView::from).collect()))
}

/// Withdraws an invitation not yet answered (editors of a party).
#[utoipa::path(delete, path = "/collaborations/{id}/coordinator-invitations/{invitation_id}", tag = "collaborations",
    params(("id" = i64, Path), ("invitation_id" = i64, Path)),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn withdraw(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, invitation)): ApiPath<(CollaborationId, i64)>,
) -> Result<StatusCode, ApiError> {
    app::withdraw_invitation(&state.app, &user, id, invitation).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The invitations waiting for the caller's address (coordinators and admins).
#[utoipa::path(get, path = "/coordinator/invitations", tag = "collaborations",
    responses((status = 200, body = [CoordinatorInvitationView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn mine(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Vec<CoordinatorInvitationView>>, ApiError> {
    let all = app::invitations_for(&state.app, &user).await?;
    Ok(Json(all.into_iter().map(CoordinatorInvitationView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct AnswerBody {
    /// `true` joins the collaboration (read only); `false` declines.
    accept: bool,
}

/// Accepts or declines the invitation to a collaboration (coordinators and admins); the parties
/// are told. 404 when there is none for the caller's address.
#[utoipa::path(post, path = "/coordinator/invitations/{collaboration_id}", tag = "collaborations",
    params(("collaboration_id" = i64, Path)), request_body = AnswerBody,
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn answer(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> Result<StatusCode, ApiError> {
    app::answer(&state.app, &user, id, body.accept).await?;
    Ok(StatusCode::NO_CONTENT)
}
