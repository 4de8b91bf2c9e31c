//! The caller's notifications in the API: the list, marking them read, and which kinds arrive in
//! the app or by e-mail.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kyodo_app::notifications::{self as app, Setting};
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
        .routes(routes!(list))
        .routes(routes!(read_all))
        .routes(routes!(read_one))
        .routes(routes!(settings, set_settings))
}

#[derive(Serialize, ToSchema)]
pub struct NotificationView {
    id: i64,
    /// `share`, `comment`, `collaboration`, `meeting`, `minutes` or `item`.
    kind: String,
    text: String,
    /// The path of the exact place it is about.
    link: String,
    created_at: String,
    read: bool,
}

#[derive(Serialize, ToSchema)]
pub struct NotificationList {
    unread: i64,
    items: Vec<NotificationView>,
}

/// The caller's newest notifications (100 at most) and how many are unread.
#[utoipa::path(get, path = "/me/notifications", tag = "accounts",
    responses((status = 200, body = NotificationList),
              (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<NotificationList>, ApiError> {
    let items = app::list(&state.app, &user, 100)
        .await?
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            kind: n.kind,
            text: n.text,
            link: n.link,
            created_at: rfc3339(n.created_at),
            read: n.read,
        })
        .collect();
    let unread = app::unread(&state.app, &user).await?;
    Ok(Json(NotificationList { unread, items }))
}

/// Marks one of the caller's notifications read (as following it on the page does).
#[utoipa::path(post, path = "/me/notifications/{id}/read", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn read_one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    app::open(&state.app, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks all of the caller's notifications read.
#[utoipa::path(post, path = "/me/notifications/read", tag = "accounts",
    responses((status = 204), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn read_all(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<StatusCode, ApiError> {
    app::mark_read(&state.app, &user).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct SettingView {
    /// The kind (see `NotificationView.kind`).
    kind: String,
    /// Its name in Japanese (ignored when sent).
    #[serde(default)]
    label: String,
    in_app: bool,
    email: bool,
}

impl From<Setting> for SettingView {
    fn from(s: Setting) -> Self {
        Self {
            kind: s.kind.into(),
            label: s.label.into(),
            in_app: s.in_app,
            email: s.email,
        }
    }
}

/// Where the caller receives each kind of notification.
#[utoipa::path(get, path = "/me/notification-settings", tag = "accounts",
    responses((status = 200, body = [SettingView]), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn settings(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<SettingView>>, ApiError> {
    let all = app::settings(&state.app, &user).await?;
    Ok(Json(all.into_iter().map(SettingView::from).collect()))
}

/// Sets where the caller receives the kinds named; others keep their setting. An unknown kind is
/// refused (422).
#[utoipa::path(put, path = "/me/notification-settings", tag = "accounts", request_body = [SettingView],
    responses((status = 200, body = [SettingView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn set_settings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<Vec<SettingView>>,
) -> Result<Json<Vec<SettingView>>, ApiError> {
    let wanted: Vec<(String, bool, bool)> = body.into_iter().map(|s| (s.kind, s.in_app, s.email)).collect();
    let all = app::set(&state.app, &user, &wanted).await?;
    Ok(Json(all.into_iter().map(SettingView::from).collect()))
}
