//! Waves of a survey in the API (事前・事後): the series, the next wave, the first wave's
//! invitees asked again, and the change from the first wave.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kyodo_app::evaluation::waves;
use kyodo_domain::evaluation::survey::Audience;
use kyodo_domain::evaluation::survey::change::wave_label;
use kyodo_domain::ids::{CollaborationId, SurveyId};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiPath;
use super::survey_links::SurveyCount;
use super::surveys::ResultsQuery;
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, follow_up))
        .routes(routes!(invite_first_wave))
        .routes(routes!(change))
}

#[derive(Serialize, ToSchema)]
pub struct WaveView {
    /// The survey of this wave.
    id: i64,
    wave: i64,
    /// 「第1回（事前）」, 「第2回（事後）」 …
    label: String,
    /// `draft`, `open` or `closed`.
    status: String,
    responses: i64,
}

/// Every wave of the survey's series, first to last.
#[utoipa::path(get, path = "/collaborations/{id}/surveys/{survey_id}/waves", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)),
    responses((status = 200, body = [WaveView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
) -> Result<Json<Vec<WaveView>>, ApiError> {
    let all = waves::series(&state.app, &user, id, sid).await?;
    Ok(Json(
        all.into_iter()
            .map(|s| WaveView {
                id: s.id,
                wave: s.wave,
                label: wave_label(s.wave),
                status: s.status.as_str().into(),
                responses: s.responses,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct NewWave {
    /// The new wave's survey (a draft with the latest wave's questions and settings).
    id: i64,
}

/// Starts the next wave of the series (editors), once the latest wave has taken answers.
#[utoipa::path(post, path = "/collaborations/{id}/surveys/{survey_id}/waves", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)),
    responses((status = 201, body = NewWave),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`survey_wave_draft`: the latest wave is still a draft", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn follow_up(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
) -> Result<(StatusCode, Json<NewWave>), ApiError> {
    let next = waves::follow_up(&state.app, &user, id, sid).await?;
    Ok((StatusCode::CREATED, Json(NewWave { id: next.get() })))
}

/// Invites everyone the first wave invited, by the same address and as the same audience, to
/// this later wave (editors, while it takes answers).
#[utoipa::path(post, path = "/collaborations/{id}/surveys/{survey_id}/invitations/first-wave", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)),
    responses((status = 201, body = SurveyCount),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`survey_not_open`", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "this is the first wave", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn invite_first_wave(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
) -> Result<(StatusCode, Json<SurveyCount>), ApiError> {
    let count = waves::invite_first_wave(&state.app, &user, id, sid).await?;
    Ok((StatusCode::CREATED, Json(SurveyCount::new(count))))
}

#[derive(Serialize, ToSchema)]
pub struct OptionShift {
    label: String,
    /// Shares of those who answered, in percent.
    before: f64,
    after: f64,
    /// Percentage points.
    points: f64,
}

#[derive(Serialize, ToSchema)]
pub struct PairedChange {
    /// Respondents who answered in both waves (same personal-link address or member).
    n: i64,
    mean_change: f64,
    up: i64,
    same: i64,
    down: i64,
}

#[derive(Serialize, ToSchema)]
pub struct QuestionShift {
    key: String,
    number: usize,
    text: String,
    before_answered: i64,
    after_answered: i64,
    options: Vec<OptionShift>,
    mean_before: Option<f64>,
    mean_after: Option<f64>,
    mean_change: Option<f64>,
    unit: String,
    /// For scales and numbers: the change per respondent.
    paired: Option<PairedChange>,
}

#[derive(Serialize, ToSchema)]
pub struct WaveChange {
    first_survey_id: i64,
    first_responses: i64,
    wave: i64,
    responses: i64,
    questions: Vec<QuestionShift>,
}

/// The change from the first wave to this one, per question asked alike in both (free text is
/// never compared), of one audience or all.
#[utoipa::path(get, path = "/collaborations/{id}/surveys/{survey_id}/change", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path), ResultsQuery),
    responses((status = 200, body = WaveChange),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "not a later wave", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn change(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
    axum::extract::Query(q): axum::extract::Query<ResultsQuery>,
) -> Result<Json<WaveChange>, ApiError> {
    let (_, ch) = waves::change(&state.app, &user, id, sid, Audience::parse(&q.audience)).await?;
    Ok(Json(WaveChange {
        first_survey_id: ch.first.id,
        first_responses: ch.first.responses,
        wave: ch.later.wave,
        responses: ch.later.responses,
        questions: ch
            .questions
            .into_iter()
            .map(|c| QuestionShift {
                options: c
                    .options
                    .iter()
                    .map(|o| OptionShift {
                        label: o.label.clone(),
                        before: o.before,
                        after: o.after,
                        points: o.points,
                    })
                    .collect(),
                mean_before: c.means.map(|m| m.0),
                mean_after: c.means.map(|m| m.1),
                mean_change: c.means.map(|m| m.2),
                paired: c.paired.map(|p| PairedChange {
                    n: p.n,
                    mean_change: (p.mean_change * 100.0).round() / 100.0,
                    up: p.up,
                    same: p.same(),
                    down: p.down,
                }),
                key: c.key,
                number: c.number,
                text: c.text,
                before_answered: c.before_n,
                after_answered: c.after_n,
                unit: c.unit,
            })
            .collect(),
    }))
}
