//! Personal survey links in the API: invite by address, see who has answered (never what),
//! remind, and answer by a link.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kyodo_app::evaluation::invitations;
use kyodo_domain::evaluation::survey::invitations::InviteInput;
use kyodo_domain::ids::{CollaborationId, SurveyId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiPath};
use super::survey_answers::ResponseBody;
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, invite))
        .routes(routes!(remind))
        .routes(routes!(answer))
}

#[derive(Serialize, ToSchema)]
pub struct SurveyInvitationView {
    name: String,
    email: String,
    audience: String,
    invited_at: String,
    reminded_at: Option<String>,
    /// Whether they answered; what they answered is never shown here.
    answered: bool,
}

/// Who was invited by a personal link, and whether they answered.
#[utoipa::path(get, path = "/collaborations/{id}/surveys/{survey_id}/invitations", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)),
    responses((status = 200, body = [SurveyInvitationView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
) -> Result<Json<Vec<SurveyInvitationView>>, ApiError> {
    let list = invitations::list(&state.app, &user, id, sid).await?;
    Ok(Json(
        list.into_iter()
            .map(|i| SurveyInvitationView {
                name: i.name,
                email: i.email,
                audience: i.audience,
                invited_at: rfc3339(i.created_at),
                reminded_at: i.reminded_at.map(rfc3339),
                answered: i.answered_at.is_some(),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct SurveyInvitee {
    #[serde(default)]
    name: String,
    email: String,
}

#[derive(Deserialize, ToSchema)]
pub struct SurveyInviteBody {
    people: Vec<SurveyInvitee>,
    /// Needed when the survey asks several audiences.
    #[serde(default)]
    audience: String,
}

/// How many a step reached: invitations new to the survey, reminders sent.
#[derive(Serialize, ToSchema)]
pub struct SurveyCount {
    count: usize,
}

impl SurveyCount {
    pub(super) fn new(count: usize) -> Self {
        Self { count }
    }
}

/// Invites people by address: each is mailed a link of their own (editors, while the survey
/// takes answers); an address already invited is passed over. Answers how many were new.
#[utoipa::path(post, path = "/collaborations/{id}/surveys/{survey_id}/invitations", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)), request_body = SurveyInviteBody,
    responses((status = 201, body = SurveyCount),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`survey_not_open`", body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn invite(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
    ApiJson(body): ApiJson<SurveyInviteBody>,
) -> Result<(StatusCode, Json<SurveyCount>), ApiError> {
    let people = body
        .people
        .iter()
        .map(|p| {
            if p.name.trim().is_empty() {
                p.email.clone()
            } else {
                format!("{} <{}>", p.name, p.email)
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let input = InviteInput {
        people,
        audience: body.audience,
    };
    let count = invitations::invite(&state.app, &user, id, sid, &input).await?;
    Ok((StatusCode::CREATED, Json(SurveyCount { count })))
}

/// Mails the link again to those who have not answered and were not reminded in the last day
/// (editors). Answers how many.
#[utoipa::path(post, path = "/collaborations/{id}/surveys/{survey_id}/reminders", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)),
    responses((status = 200, body = SurveyCount),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn remind(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
) -> Result<Json<SurveyCount>, ApiError> {
    let count = invitations::remind(&state.app, &user, id, sid).await?;
    Ok(Json(SurveyCount { count }))
}

/// Answers by a personal link (no sign-in; once per link).
#[utoipa::path(post, path = "/survey-links/{token}/responses", tag = "evaluation", params(("token" = String, Path)),
    request_body = ResponseBody,
    responses((status = 201),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`survey_closed` or `already_answered`", body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn answer(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ApiJson(body): ApiJson<ResponseBody>,
) -> Result<StatusCode, ApiError> {
    invitations::answer(&state.app, &token, &body.pairs()).await?;
    Ok(StatusCode::CREATED)
}
