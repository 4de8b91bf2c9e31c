//! The caller's own account and personal access tokens.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiJson;
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me, delete_me))
        .routes(routes!(list_tokens, create_token, revoke_all_tokens))
        .routes(routes!(revoke_token))
}

#[derive(Serialize, ToSchema)]
pub struct MeView {
    id: i64,
    email: String,
    display_name: String,
    /// `user`, `coordinator` or `admin`.
    role: String,
    memberships: Vec<MembershipView>,
}

#[derive(Serialize, ToSchema)]
pub struct MembershipView {
    organization_id: i64,
    organization_name: String,
    /// `owner`, `editor` or `viewer`.
    role: String,
}

/// The signed-in user and the organisations they belong to.
#[utoipa::path(get, path = "/me", tag = "accounts",
    responses((status = 200, body = MeView), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn me(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<MeView>, ApiError> {
    let memberships = state
        .store
        .memberships(user.id)
        .await?
        .into_iter()
        .map(|m| MembershipView {
            organization_id: m.organization.id,
            organization_name: m.organization.name,
            role: m.role.as_str().into(),
        })
        .collect();
    Ok(Json(MeView {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        role: user.role.as_str().into(),
        memberships,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct TokenView {
    id: i64,
    name: String,
    prefix: String,
    created_at: String,
    last_used_at: Option<String>,
    revoked_at: Option<String>,
    /// `read` (GET only) or `write`.
    scope: String,
    /// When it stops working (tokens made before scopes existed: never).
    expires_at: Option<String>,
}

impl From<kyodo_store::ApiToken> for TokenView {
    fn from(t: kyodo_store::ApiToken) -> Self {
        Self {
            id: t.id,
            name: t.name,
            prefix: t.prefix,
            created_at: rfc3339(t.created_at),
            last_used_at: t.last_used_at.map(rfc3339),
            revoked_at: t.revoked_at.map(rfc3339),
            scope: t.scope.as_str().to_owned(),
            expires_at: t.expires_at.map(rfc3339),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NewTokenView {
    #[serde(flatten)]
    info: TokenView,
    /// The secret itself: shown only in this response.
    token: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewTokenInput {
    #[schema(min_length = 1, max_length = 50)]
    name: String,
    /// `read` (the default: GET requests only) or `write`.
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = "^(read|write)$")]
    scope: String,
    /// Days until it expires, 1–365 (default 90).
    #[schema(minimum = 1, maximum = 365)]
    expires_in_days: Option<i64>,
}

/// The caller's tokens (never their secrets).
#[utoipa::path(get, path = "/me/tokens", tag = "accounts",
    responses((status = 200, body = Vec<TokenView>), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list_tokens(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<TokenView>>, ApiError> {
    let list = state.store.tokens(user.id).await?;
    Ok(Json(list.into_iter().map(TokenView::from).collect()))
}

/// Creates a token; the secret is in this response only. Only a signed-in person does this: a
/// token cannot mint tokens (403 `token_cannot_mint`), so a leaked one cannot outlive its revocation.
#[utoipa::path(post, path = "/me/tokens", tag = "accounts", request_body = NewTokenInput,
    responses((status = 201, body = NewTokenView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("session" = [])))]
async fn create_token(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<NewTokenInput>,
) -> Result<(StatusCode, Json<NewTokenView>), ApiError> {
    if headers.contains_key(axum::http::header::AUTHORIZATION) {
        return Err(ApiError::Denied {
            code: "token_cannot_mint",
            detail: "トークンで新しいトークンは作れません。ログインした画面（アカウント）で作成してください。".into(),
        });
    }
    let input = kyodo_app::tokens::TokenInput {
        name: input.name,
        scope: input.scope,
        expires_in_days: input.expires_in_days,
    };
    let t = kyodo_app::tokens::issue(&state.app, &user, &input).await?;
    let info = TokenView {
        id: t.id.get(),
        name: t.name,
        prefix: t.prefix,
        created_at: rfc3339(t.created_at),
        last_used_at: None,
        revoked_at: None,
        scope: t.scope.as_str().to_owned(),
        expires_at: Some(rfc3339(t.expires_at)),
    };
    let token = t.secret;
    Ok((StatusCode::CREATED, Json(NewTokenView { info, token })))
}

#[derive(Serialize, ToSchema)]
pub struct RevokedView {
    /// How many live tokens were revoked.
    revoked: u64,
}

/// Revokes every live token of the caller (a lost laptop, a leaked script).
#[utoipa::path(delete, path = "/me/tokens", tag = "accounts",
    responses((status = 200, body = RevokedView), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn revoke_all_tokens(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> Result<Json<RevokedView>, ApiError> {
    let revoked = kyodo_app::tokens::revoke_all(&state.app, &user).await?;
    Ok(Json(RevokedView { revoked }))
}

/// Revokes one of the caller's tokens.
#[utoipa::path(delete, path = "/me/tokens/{id}", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn revoke_token(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id: kyodo_domain::ids::TokenId = id.parse().map_err(|_| ApiError::NotFound)?;
    kyodo_app::tokens::revoke(&state.app, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct DeleteBody {
    /// The account's password, checked again before anything is removed.
    password: String,
}

/// Closes the caller's account and removes their personal data (APPI). Refused with 409
/// `sole_owner` while they are the only owner of an organisation, and 403 for a wrong password.
#[utoipa::path(delete, path = "/me", tag = "accounts", request_body = DeleteBody,
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 429, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn delete_me(
    State(state): State<AppState>,
    crate::auth::ClientIp(ip): crate::auth::ClientIp,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<DeleteBody>,
) -> Result<StatusCode, ApiError> {
    // Throttled like the login: a left-open session or a leaked token cannot guess the password.
    if !state.throttle.allowed(&user.email, ip) {
        return Err(ApiError::TooMany(crate::auth::throttle::MESSAGE.into()));
    }
    match kyodo_app::accounts::delete(&state.app, &user, body.password).await {
        Err(kyodo_app::Error::Forbidden) => {
            state.throttle.failed(&user.email, ip);
            Err(ApiError::Forbidden)
        }
        other => other.map(|()| StatusCode::NO_CONTENT).map_err(Into::into),
    }
}
