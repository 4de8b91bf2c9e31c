//! Members and invitations in the API, through the same operations as the members page.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kyodo_app::members::{self as app, InviteInput};
use kyodo_domain::ids::{OrgId, UserId};
use kyodo_domain::organization::MemberRole;
use kyodo_domain::{FieldError, Invalid};
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
        .routes(routes!(roster, invite))
        .routes(routes!(change_role, remove))
        .routes(routes!(revoke_invitation))
        .routes(routes!(accept))
}

#[derive(Serialize, ToSchema)]
pub struct MemberView {
    user_id: i64,
    display_name: String,
    /// Shown to the organisation's own members only.
    email: String,
    /// `owner`, `editor` or `viewer`.
    role: String,
    since: String,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationView {
    id: i64,
    email: String,
    role: String,
    expires_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct RosterView {
    members: Vec<MemberView>,
    /// Invitations not yet accepted.
    invitations: Vec<InvitationView>,
}

/// The organisation's members and open invitations (its members).
#[utoipa::path(get, path = "/organizations/{id}/members", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = RosterView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn roster(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
) -> Result<Json<RosterView>, ApiError> {
    let r = app::roster(&state.app, &user, id).await?;
    Ok(Json(RosterView {
        members: r
            .members
            .into_iter()
            .map(|m| MemberView {
                user_id: m.user_id,
                display_name: m.display_name,
                email: m.email,
                role: m.role.as_str().into(),
                since: rfc3339(m.since),
            })
            .collect(),
        invitations: r
            .invitations
            .into_iter()
            .map(|i| InvitationView {
                id: i.id,
                email: i.email,
                role: i.role.as_str().into(),
                expires_at: rfc3339(i.expires_at),
            })
            .collect(),
    }))
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct InviteBody {
    email: String,
    /// `owner`, `editor` or `viewer`.
    #[schema(schema_with = super::vocab::member_role)]
    role: String,
}

#[derive(Serialize, ToSchema)]
pub struct InvitedView {
    id: i64,
    email: String,
    /// The one-time link (also mailed): valid for 7 days, bound to the invited address.
    link: String,
}

/// Invites someone by e-mail (owners); the mail goes out through the outbox.
#[utoipa::path(post, path = "/organizations/{id}/invitations", tag = "organizations", params(("id" = i64, Path)), request_body = InviteBody,
    responses((status = 201, body = InvitedView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn invite(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
    ApiJson(body): ApiJson<InviteBody>,
) -> Result<(StatusCode, Json<InvitedView>), ApiError> {
    let input = InviteInput {
        email: body.email,
        role: body.role,
    };
    let inv = app::invite(&state.app, &user, id, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(InvitedView {
            id: inv.id,
            email: inv.email,
            link: inv.link,
        }),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct MemberRoleBody {
    /// `owner`, `editor` or `viewer`.
    #[schema(schema_with = super::vocab::member_role)]
    role: String,
}

/// Changes a member's role (owners). The last owner cannot be demoted (409 `last_owner`).
#[utoipa::path(patch, path = "/organizations/{id}/members/{user_id}", tag = "organizations",
    params(("id" = i64, Path), ("user_id" = i64, Path)), request_body = MemberRoleBody,
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn change_role(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, uid)): ApiPath<(OrgId, UserId)>,
    ApiJson(body): ApiJson<MemberRoleBody>,
) -> Result<StatusCode, ApiError> {
    let role = MemberRole::parse(body.role.trim()).ok_or_else(|| {
        ApiError::Invalid(Invalid::one(FieldError::new(
            "role",
            "unknown_choice",
            "役割は owner・editor・viewer のいずれかです。",
        )))
    })?;
    app::change(&state.app, &user, id, uid, Some(role)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a member (owners), or leaves (anyone, for themselves). Never the last owner.
#[utoipa::path(delete, path = "/organizations/{id}/members/{user_id}", tag = "organizations",
    params(("id" = i64, Path), ("user_id" = i64, Path)),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn remove(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, uid)): ApiPath<(OrgId, UserId)>,
) -> Result<StatusCode, ApiError> {
    app::change(&state.app, &user, id, uid, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes an invitation not yet used (owners).
#[utoipa::path(delete, path = "/organizations/{id}/invitations/{invitation_id}", tag = "organizations",
    params(("id" = i64, Path), ("invitation_id" = i64, Path)),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn revoke_invitation(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, iid)): ApiPath<(OrgId, i64)>,
) -> Result<StatusCode, ApiError> {
    app::revoke_invitation(&state.app, &user, id, iid).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Joined {
    organization_id: i64,
}

/// Accepts an invitation as the caller (bound to the invited address, usable once).
#[utoipa::path(post, path = "/invitations/{token}/accept", tag = "organizations", params(("token" = String, Path)),
    responses((status = 200, body = Joined),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn accept(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(token): Path<String>,
) -> Result<Json<Joined>, ApiError> {
    let org = app::accept(&state.app, &user, &token).await?;
    Ok(Json(Joined {
        organization_id: org.get(),
    }))
}
