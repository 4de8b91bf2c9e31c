//! Password change and reset through the API: twins of the pages in `pages::passwords`, through
//! the same operations. Changing a password needs a signed-in person, never a token.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum_extra::extract::CookieJar;
use kyodo_app::accounts::credentials::{self, ChangeInput};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiJson;
use crate::auth::{self, ApiUser, ClientIp};
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(change_password))
        .routes(routes!(request_reset))
        .routes(routes!(reset_password))
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    current_password: String,
    /// 10–128 characters, not a common password.
    new_password: String,
}

/// Changes the caller's password (a browser session; a token may not). Other sessions end and
/// the person is mailed. 403 `wrong_password`, 422 for a refused new password, 429 when throttled.
#[utoipa::path(put, path = "/me/password", tag = "accounts", request_body = PasswordChange,
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json"),
              (status = 429, body = Problem, content_type = "application/problem+json")),
    security(("session" = [])))]
async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    jar: CookieJar,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    if headers.contains_key(header::AUTHORIZATION) {
        return Err(ApiError::Denied {
            code: "session_required",
            detail: "パスワードの変更は、ログインした画面から行ってください（トークンではできません）。".into(),
        });
    }
    if !state.throttle.allowed(&user.email, ip) {
        return Err(ApiError::TooMany(auth::throttle::MESSAGE.into()));
    }
    let keep = jar
        .get(auth::session_cookie_name(&state))
        .map(|c| auth::tokens::hash(c.value()));
    let input = ChangeInput {
        current_password: body.current_password,
        new_password: body.new_password,
    };
    match credentials::change(&state.app, &user, &input, keep.as_deref()).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(kyodo_app::Error::Forbidden) => {
            state.throttle.failed(&user.email, ip);
            Err(ApiError::Denied {
                code: "wrong_password",
                detail: "今のパスワードが正しくありません。".into(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, ToSchema)]
pub struct ResetRequest {
    email: String,
}

/// Mails a single-use reset link (valid an hour) if the address is registered. The answer is
/// 202 either way, so nobody learns who has an account.
#[utoipa::path(post, path = "/password-resets", tag = "accounts", request_body = ResetRequest,
    responses((status = 202), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn request_reset(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<ResetRequest>,
) -> Result<StatusCode, ApiError> {
    crate::pages::ask_reset(&state, &body.email, ip).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, ToSchema)]
pub struct NewPassword {
    /// 10–128 characters, not a common password.
    password: String,
}

/// Sets a new password with the link's secret; every session of the person ends. 422 with
/// field `token` when the link expired or was used.
#[utoipa::path(post, path = "/password-resets/{token}", tag = "accounts", params(("token" = String, Path)),
    request_body = NewPassword,
    responses((status = 204), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn reset_password(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ApiJson(body): ApiJson<NewPassword>,
) -> Result<StatusCode, ApiError> {
    credentials::reset(&state.app, &token, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}
