//! Sharing a proposal with a partner and the comments per section, in the API, through the same
//! operations as the proposal page.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kyodo_domain::ids::{OrgId, ProposalId};
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
        .routes(routes!(share))
        .routes(routes!(unshare))
        .routes(routes!(comments, add_comment))
}

#[derive(Deserialize, ToSchema)]
pub struct ShareBody {
    organization_id: i64,
    /// Share versions up to this one and no further. Omitted: the latest, and every version saved
    /// after it until the proposal is shared again with a version or the share is revoked.
    version: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ShareView {
    organization_id: i64,
    organization_name: String,
    /// The newest version the partner may read.
    version: i64,
    /// Versions saved later are shared too.
    follows: bool,
    shared_at: String,
}

/// Shares a proposal with a partner organisation (editors and owners): up to `version`, or the
/// latest and those to come. Sharing again changes how far; the partner's members are told.
#[utoipa::path(post, path = "/proposals/{id}/shares", tag = "proposals", params(("id" = i64, Path)), request_body = ShareBody,
    responses((status = 200, body = [ShareView]), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn share(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(pid): ApiPath<ProposalId>,
    ApiJson(body): ApiJson<ShareBody>,
) -> Result<Json<Vec<ShareView>>, ApiError> {
    let input = kyodo_app::proposals::ShareInput {
        organization: body.organization_id.to_string(),
        version: body.version,
    };
    let shares = kyodo_app::proposals::share(&state.app, &user, pid, &input).await?;
    Ok(Json(shares.into_iter().map(share_view).collect()))
}

fn share_view(s: kyodo_store::ProposalShare) -> ShareView {
    ShareView {
        organization_id: s.organization_id,
        organization_name: s.organization_name,
        version: s.version,
        follows: s.follows,
        shared_at: rfc3339(s.shared_at),
    }
}

/// Revokes a share.
#[utoipa::path(delete, path = "/proposals/{id}/shares/{organization_id}", tag = "proposals", params(("id" = i64, Path), ("organization_id" = i64, Path)),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn unshare(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((pid, oid)): ApiPath<(ProposalId, OrgId)>,
) -> Result<StatusCode, ApiError> {
    kyodo_app::proposals::unshare(&state.app, &user, pid, oid).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct CommentView {
    id: i64,
    version: i64,
    section: String,
    organization_id: i64,
    organization_name: String,
    body: String,
    created_at: String,
}

/// Comments per section, on the versions this caller may read.
#[utoipa::path(get, path = "/proposals/{id}/comments", tag = "proposals", params(("id" = i64, Path)),
    responses((status = 200, body = [CommentView]), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn comments(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(pid): ApiPath<ProposalId>,
) -> Result<Json<Vec<CommentView>>, ApiError> {
    let (_, all) = kyodo_app::proposals::comments(&state.app, &user, pid).await?;
    Ok(Json(
        all.into_iter()
            .map(|c| CommentView {
                id: c.id,
                version: c.version,
                section: c.section,
                organization_id: c.organization_id,
                organization_name: c.organization_name,
                body: c.body,
                created_at: rfc3339(c.created_at),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct CommentBody {
    /// The version commented on; the newest readable by default.
    version: Option<i64>,
    /// A section id: `background`, `theme`, `purpose`, `targets`, `plan`, `asks`, `budget`,
    /// `track_record`, `collaboration_type`.
    section: String,
    body: String,
}

/// Comments on a section, as the caller's organisation (author or partner).
#[utoipa::path(post, path = "/proposals/{id}/comments", tag = "proposals", params(("id" = i64, Path)), request_body = CommentBody,
    responses((status = 201, body = [CommentView]), (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn add_comment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(pid): ApiPath<ProposalId>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<Response, ApiError> {
    let input = kyodo_app::proposals::CommentInput {
        version: body.version,
        section: body.section,
        body: body.body,
    };
    kyodo_app::proposals::comment(&state.app, &user, pid, &input).await?;
    let all = comments(State(state), ApiUser(user), ApiPath(pid)).await?;
    Ok((StatusCode::CREATED, all).into_response())
}
