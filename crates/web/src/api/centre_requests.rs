//! 支援センターへの相談 in the API: the same operations as the pages, through
//! `kyodo_app::centre_requests`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kyodo_app::centre_requests::{self as app, Side};
use kyodo_domain::ids::OrgId;
use kyodo_store::CentreRequest;
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
        .routes(routes!(list_for_group, ask))
        .routes(routes!(list_for_centre))
        .routes(routes!(get_request))
        .routes(routes!(reply))
        .routes(routes!(close))
}

#[derive(Serialize, ToSchema)]
pub struct CentreRequestView {
    id: i64,
    organization_id: i64,
    organization_name: String,
    centre_id: i64,
    centre_name: String,
    /// `partner_search`, `proposal` or `other`.
    topic: String,
    /// `open` (the centre's turn), `answered` (the group's) or `closed`.
    status: String,
    created_at: String,
    updated_at: String,
}

fn view(r: CentreRequest) -> CentreRequestView {
    CentreRequestView {
        id: r.id,
        organization_id: r.organization_id,
        organization_name: r.organization_name,
        centre_id: r.centre_id,
        centre_name: r.centre_name,
        topic: r.topic,
        status: r.status,
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct CentreMessageView {
    author: String,
    /// `group` or `centre`.
    side: String,
    body: String,
    created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct CentreThreadView {
    request: CentreRequestView,
    messages: Vec<CentreMessageView>,
    /// `group` or `centre`: the caller's side.
    side: &'static str,
    can_write: bool,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AskBody {
    /// `partner_search`, `proposal` or `other`.
    topic: String,
    message: String,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct CentreReplyBody {
    message: String,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedRequest {
    id: i64,
}

/// The group's requests to its support centre (members).
#[utoipa::path(get, path = "/organizations/{id}/centre-requests", tag = "centres", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<CentreRequestView>),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list_for_group(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
) -> Result<Json<Vec<CentreRequestView>>, ApiError> {
    Ok(Json(
        app::of_group(&state.app, &user, id)
            .await?
            .into_iter()
            .map(view)
            .collect(),
    ))
}

/// Asks the support centre that serves the group's municipality (editors). Its coordinators
/// are told. 409 `no_centre` when that centre is not in kyodo (the answer says how to reach it).
#[utoipa::path(post, path = "/organizations/{id}/centre-requests", tag = "centres", params(("id" = i64, Path)),
    request_body = AskBody,
    responses((status = 201, body = CreatedRequest),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn ask(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
    ApiJson(b): ApiJson<AskBody>,
) -> Result<(StatusCode, Json<CreatedRequest>), ApiError> {
    let id = app::ask(&state.app, &user, id, &b.topic, &b.message).await?;
    Ok((StatusCode::CREATED, Json(CreatedRequest { id })))
}

/// The requests to the caller's centre (its coordinators).
#[utoipa::path(get, path = "/centre/requests", tag = "centres",
    responses((status = 200, body = Vec<CentreRequestView>),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list_for_centre(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<Vec<CentreRequestView>>, ApiError> {
    Ok(Json(
        app::of_centre(&state.app, &user).await?.into_iter().map(view).collect(),
    ))
}

/// One request and its messages (the group's members and the centre's coordinators).
#[utoipa::path(get, path = "/centre-requests/{request_id}", tag = "centres", params(("request_id" = i64, Path)),
    responses((status = 200, body = CentreThreadView),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_request(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CentreThreadView>, ApiError> {
    let t = app::get(&state.app, &user, id).await?;
    let can_write = t.can_write();
    Ok(Json(CentreThreadView {
        side: if t.side == Side::Centre { "centre" } else { "group" },
        can_write,
        messages: t
            .messages
            .into_iter()
            .map(|m| CentreMessageView {
                author: m.author,
                side: m.side,
                body: m.body,
                created_at: rfc3339(m.created_at),
            })
            .collect(),
        request: view(t.request),
    }))
}

/// Writes back (the centre's coordinators, the group's editors); the other side is told.
#[utoipa::path(post, path = "/centre-requests/{request_id}/replies", tag = "centres", params(("request_id" = i64, Path)),
    request_body = CentreReplyBody,
    responses((status = 204),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn reply(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<CentreReplyBody>,
) -> Result<StatusCode, ApiError> {
    app::reply(&state.app, &user, id, &b.message).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends the conversation (either side that may write); the other side is told.
#[utoipa::path(post, path = "/centre-requests/{request_id}/close", tag = "centres", params(("request_id" = i64, Path)),
    responses((status = 204),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn close(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    app::close(&state.app, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
