//! Clippings of media coverage in the API: the body is the image itself (JPEG or PNG, checked
//! and re-encoded on arrival), one per item, replaced when sent again.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kyodo_app::evaluation::media;
use kyodo_domain::ids::{CollaborationId, MediaId};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiPath;
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(put_clipping))
        .layer(axum::extract::DefaultBodyLimit::max(
            crate::middleware::body::PHOTO_MAX_BODY,
        ))
        .merge(OpenApiRouter::new().routes(routes!(get_clipping, delete_clipping)))
}

/// Keeps a clipping with a release or article (editors), replacing an earlier one.
#[utoipa::path(put, path = "/collaborations/{id}/media/{media_id}/clipping", tag = "evaluation",
    params(("id" = i64, Path), ("media_id" = i64, Path)),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json"),
              (status = 429, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn put_clipping(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, mid)): ApiPath<(CollaborationId, MediaId)>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    media::set_clipping(&state.app, &user, id, mid.get(), body.to_vec()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The clipping, as stored (JPEG).
#[utoipa::path(get, path = "/collaborations/{id}/media/{media_id}/clipping", tag = "evaluation",
    params(("id" = i64, Path), ("media_id" = i64, Path)),
    responses((status = 200, content_type = "image/jpeg", body = Vec<u8>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_clipping(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, mid)): ApiPath<(CollaborationId, MediaId)>,
) -> Result<Response, ApiError> {
    let (content_type, bytes) = media::clipping(&state.app, &user, id, mid.get()).await?;
    Ok(crate::files::image(content_type, bytes, "private, no-store"))
}

/// Removes the clipping (editors).
#[utoipa::path(delete, path = "/collaborations/{id}/media/{media_id}/clipping", tag = "evaluation",
    params(("id" = i64, Path), ("media_id" = i64, Path)),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn delete_clipping(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, mid)): ApiPath<(CollaborationId, MediaId)>,
) -> Result<StatusCode, ApiError> {
    media::remove_clipping(&state.app, &user, id, mid.get()).await?;
    Ok(StatusCode::NO_CONTENT)
}
