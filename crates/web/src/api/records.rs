//! An organisation's track records (協働実績) and logo in the API, through the same operations as
//! the profile pages.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use kyodo_app::organizations as app;
use kyodo_domain::ids::OrgId;
use kyodo_domain::organization::track_record::TrackRecordInput;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::common::Created;
use super::extract::{ApiJson, ApiPath, text_or_number};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_record))
        .routes(routes!(delete_record))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(put_logo, delete_logo))
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::middleware::body::LOGO_MAX_BODY,
                )),
        )
}

/// A track record: what was done, with whom, in which year (西暦, 和暦 or full-width digits).
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct RecordBody {
    title: String,
    partners: String,
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = String)]
    year: String,
    description: String,
}

/// Adds a track record (editors).
#[utoipa::path(post, path = "/organizations/{id}/records", tag = "organizations", params(("id" = i64, Path)), request_body = RecordBody,
    responses((status = 201, body = Created),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn add_record(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
    ApiJson(b): ApiJson<RecordBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let input = TrackRecordInput {
        title: b.title,
        partners: b.partners,
        year: b.year,
        description: b.description,
    };
    let rid = app::add_record(&state.app, &user, id, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: rid })))
}

/// Deletes a track record (editors).
#[utoipa::path(delete, path = "/organizations/{id}/records/{record_id}", tag = "organizations",
    params(("id" = i64, Path), ("record_id" = i64, Path)),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn delete_record(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, rid)): ApiPath<(OrgId, i64)>,
) -> Result<StatusCode, ApiError> {
    app::delete_record(&state.app, &user, id, rid).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replaces the logo with the request body (PNG, JPEG or WebP, checked by content, 1 MB at most;
/// SVG is refused). It is served at `/organizations/{id}/logo`.
#[utoipa::path(put, path = "/organizations/{id}/logo", tag = "organizations", params(("id" = i64, Path)),
    request_body(content = Vec<u8>, content_type = "image/png"),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn put_logo(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    app::upload_logo(&state.app, &user, id, &body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the logo (editors).
#[utoipa::path(delete, path = "/organizations/{id}/logo", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn delete_logo(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
) -> Result<StatusCode, ApiError> {
    app::delete_logo(&state.app, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
