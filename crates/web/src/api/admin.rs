//! Site roles for admins, as on the roles page: who has one, granting and withdrawing them, and
//! the site's audit log.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kyodo_app::site_roles::{self, RoleInput};
use kyodo_domain::ids::{OrgId, UserId};
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
        .routes(routes!(staff, grant))
        .routes(routes!(withdraw))
        .routes(routes!(audit))
}

#[derive(Serialize, ToSchema)]
pub struct StaffView {
    user_id: i64,
    email: String,
    display_name: String,
    /// `coordinator` or `admin`.
    role: String,
    /// The support centre a coordinator works for.
    centre_id: Option<i64>,
    centre_name: Option<String>,
}

/// Everyone with a site role (admins).
#[utoipa::path(get, path = "/admin/roles", tag = "admin",
    responses((status = 200, body = [StaffView]), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn staff(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<StaffView>>, ApiError> {
    let all = site_roles::staff(&state.app, &user).await?;
    Ok(Json(
        all.into_iter()
            .map(|s| StaffView {
                user_id: s.user_id,
                email: s.email,
                display_name: s.display_name,
                role: s.role.as_str().to_owned(),
                centre_id: s.centre.as_ref().map(|(id, _)| *id),
                centre_name: s.centre.map(|(_, n)| n),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct SiteRoleBody {
    /// The person's address (registered).
    email: String,
    /// `coordinator`, `admin`, or `user` to withdraw.
    #[schema(pattern = "^(coordinator|admin|user)$")]
    role: String,
    /// For a coordinator: the support centre (an organisation of kind `support_center`).
    centre_id: Option<i64>,
}

/// Gives a person a site role; logged and the person is told (admins).
#[utoipa::path(post, path = "/admin/roles", tag = "admin", request_body = SiteRoleBody,
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn grant(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(body): ApiJson<SiteRoleBody>,
) -> Result<StatusCode, ApiError> {
    let input = RoleInput {
        email: body.email,
        role: body.role,
        centre: body.centre_id.filter(|c| *c > 0).map(OrgId::new),
    };
    site_roles::grant(&state.app, Some(&user), &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws a person's site role; logged and the person is told (admins).
#[utoipa::path(delete, path = "/admin/roles/{user_id}", tag = "admin", params(("user_id" = i64, Path)),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn withdraw(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(uid): ApiPath<UserId>,
) -> Result<StatusCode, ApiError> {
    site_roles::withdraw(&state.app, Some(&user), uid).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct AuditView {
    /// Who changed it; none for the operator at the command line (or a deleted account).
    actor_name: Option<String>,
    subject_name: Option<String>,
    /// `grant` or `withdraw`.
    action: String,
    detail: String,
    at: String,
}

/// The site's audit log of role changes, newest first (admins).
#[utoipa::path(get, path = "/admin/audit", tag = "admin",
    responses((status = 200, body = [AuditView]), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn audit(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<Vec<AuditView>>, ApiError> {
    let all = site_roles::audit(&state.app, &user, 500).await?;
    Ok(Json(
        all.into_iter()
            .map(|a| AuditView {
                actor_name: a.actor_name,
                subject_name: a.subject_name,
                action: a.action,
                detail: a.detail,
                at: rfc3339(a.at),
            })
            .collect(),
    ))
}
