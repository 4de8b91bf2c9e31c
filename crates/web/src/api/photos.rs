//! Photos of a proposal's ⑥ 実績 in the API: the body is the image itself (JPEG or PNG, re-encoded
//! on arrival), the caption a query parameter.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kyodo_domain::ids::ProposalId;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::common::Created;
use super::extract::{ApiPath, ApiQuery};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(
            OpenApiRouter::new()
                .routes(routes!(add))
                .layer(axum::extract::DefaultBodyLimit::max(
                    crate::middleware::body::PHOTO_MAX_BODY,
                )),
        )
        .routes(routes!(get_one, delete))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct PhotoParams {
    /// What the photo shows (100 characters at most).
    caption: Option<String>,
}

/// Adds a photo (the author's editors): four at most, 50 megapixels at most.
#[utoipa::path(post, path = "/proposals/{id}/photos", tag = "proposals", params(("id" = i64, Path), PhotoParams),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 201, body = Created),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json"),
              (status = 429, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn add(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<ProposalId>,
    ApiQuery(q): ApiQuery<PhotoParams>,
    body: Bytes,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let caption = q.caption.unwrap_or_default();
    let pid = kyodo_app::photos::add(&state.app, &user, id, body.to_vec(), &caption).await?;
    Ok((StatusCode::CREATED, Json(Created { id: pid })))
}

/// One photo, as stored (JPEG).
#[utoipa::path(get, path = "/proposals/{id}/photos/{photo_id}", tag = "proposals", params(("id" = i64, Path), ("photo_id" = i64, Path)),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, photo)): ApiPath<(ProposalId, i64)>,
) -> Result<Response, ApiError> {
    let (content_type, bytes) = kyodo_app::photos::get(&state.app, &user, id, photo).await?;
    Ok(crate::files::image(content_type, bytes, "private, no-store"))
}

/// Removes a photo (the author's editors).
#[utoipa::path(delete, path = "/proposals/{id}/photos/{photo_id}", tag = "proposals", params(("id" = i64, Path), ("photo_id" = i64, Path)),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn delete(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, photo)): ApiPath<(ProposalId, i64)>,
) -> Result<StatusCode, ApiError> {
    kyodo_app::photos::delete(&state.app, &user, id, photo).await?;
    Ok(StatusCode::NO_CONTENT)
}
