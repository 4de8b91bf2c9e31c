//! Answering surveys by the API: a party's member with their token or session, and anyone by a
//! survey's public link (no sign-in; limited per browser and per address; 429 for floods).

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use kyodo_app::evaluation::answering;
use kyodo_domain::evaluation::survey::answers::{AUDIENCE, CONSENT};
use kyodo_domain::ids::{CollaborationId, SurveyId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiPath};
use super::surveys::{QuestionView, question_view};
use crate::auth::{self, ApiUser, ClientIp};
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(answer_as_member))
        .routes(routes!(public_survey))
        .routes(routes!(answer_public))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ResponseBody {
    /// The respondent read the purpose and agrees (required).
    consent: bool,
    /// Who the respondent is, when the survey asks several audiences and does not know.
    audience: Option<String>,
    /// Question key → the answer: an option's position (or several, as a list, for a multiple
    /// choice), a number, or text (`YYYY-MM-DD` for a date).
    #[schema(value_type = Object)]
    answers: BTreeMap<String, serde_json::Value>,
    /// Leave out: only a bot fills it.
    website: Option<String>,
}

impl ResponseBody {
    /// As the form would send it: a field per value.
    pub(super) fn pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.consent {
            out.push((CONSENT.to_owned(), "on".to_owned()));
        }
        if let Some(a) = &self.audience {
            out.push((AUDIENCE.to_owned(), a.clone()));
        }
        if let Some(w) = &self.website {
            out.push((answering::HONEYPOT.to_owned(), w.clone()));
        }
        for (k, v) in &self.answers {
            let one = |v: &serde_json::Value| match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            };
            match v {
                serde_json::Value::Array(list) => out.extend(list.iter().filter_map(one).map(|x| (k.clone(), x))),
                other => out.extend(one(other).map(|x| (k.clone(), x))),
            }
        }
        out
    }
}

/// Answers a survey as a member of one of the collaboration's parties (once per person).
#[utoipa::path(post, path = "/collaborations/{id}/surveys/{survey_id}/responses", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)), request_body = ResponseBody,
    responses((status = 201),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`survey_closed` or `already_answered`", body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn answer_as_member(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
    ApiJson(body): ApiJson<ResponseBody>,
) -> Result<StatusCode, ApiError> {
    answering::as_member(&state.app, &user, id, sid, &body.pairs()).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Serialize, ToSchema)]
pub struct PublicSurveyView {
    title: String,
    intro: String,
    /// What the answers are used for: show it before the first question.
    purpose: String,
    closes_on: Option<String>,
    accepting: bool,
    /// The audiences to choose from (`audience` in the answer) when there are several.
    audiences: Vec<String>,
    questions: Vec<QuestionView>,
}

/// A survey by its public link: what a respondent sees (no sign-in).
#[utoipa::path(get, path = "/public-surveys/{token}", tag = "evaluation", params(("token" = String, Path)),
    responses((status = 200, body = PublicSurveyView),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn public_survey(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<PublicSurveyView>, ApiError> {
    let s = answering::public(&state.app, &token).await?;
    Ok(Json(PublicSurveyView {
        title: s.settings.title.clone(),
        intro: s.settings.intro.clone(),
        purpose: s.settings.purpose.clone(),
        closes_on: s.settings.closes_on.map(|d| d.to_string()),
        accepting: answering::accepting(&s),
        audiences: s.settings.audiences.iter().map(|a| a.as_str().to_owned()).collect(),
        questions: s
            .definition
            .questions
            .iter()
            .map(|q| {
                let mut v = question_view(q);
                v.clear_tips();
                v
            })
            .collect(),
    }))
}

/// Answers a survey by its public link (no sign-in; 429 past the limits per browser and address).
#[utoipa::path(post, path = "/public-surveys/{token}/responses", tag = "evaluation", params(("token" = String, Path)),
    request_body = ResponseBody,
    responses((status = 201),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`survey_closed`", body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json"),
              (status = 429, body = Problem, content_type = "application/problem+json")))]
async fn answer_public(
    State(state): State<AppState>,
    jar: CookieJar,
    ClientIp(ip): ClientIp,
    Path(token): Path<String>,
    ApiJson(body): ApiJson<ResponseBody>,
) -> Result<Response, ApiError> {
    let (jar, device) = auth::ensure_device(&state, jar);
    answering::by_link(&state.app, &token, &body.pairs(), &device, ip).await?;
    Ok((jar, StatusCode::CREATED).into_response())
}
