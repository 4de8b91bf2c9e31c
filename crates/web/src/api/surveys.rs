//! Surveys in the API: build (from a template, a copy or blank), edit questions while a draft,
//! open and close, results and the CSV of responses. The parties' members read, editors write;
//! answering is in `survey_answers`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kyodo_app::evaluation::surveys::{self, Edit, Start};
use kyodo_domain::evaluation::survey::{Audience, Kind, Move, Question, QuestionInput, SettingsInput, tips};
use kyodo_domain::ids::{CollaborationId, SurveyId};
use kyodo_store::StoredSurvey;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiPath};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one))
        .routes(routes!(save_settings))
        .routes(routes!(add_question))
        .routes(routes!(save_question, remove_question))
        .routes(routes!(move_question))
        .routes(routes!(open))
        .routes(routes!(close))
        .routes(routes!(results))
        .routes(routes!(csv))
        .routes(routes!(xlsx))
}

#[derive(Serialize, ToSchema)]
pub struct ConditionView {
    /// The earlier question's key.
    question: String,
    /// The option's position (0-based).
    option: usize,
}

#[derive(Serialize, ToSchema)]
pub struct QuestionView {
    /// Stable within the survey (`q1`, `q2`, …): answers are keyed by it.
    key: String,
    section: String,
    text: String,
    help: String,
    /// `single`, `multiple`, `scale`, `number`, `short_text`, `long_text` or `date`.
    kind: String,
    /// What the respondent picks from, by position (a scale's five points included).
    options: Vec<String>,
    unit: String,
    required: bool,
    show_if: Option<ConditionView>,
    /// Wording advice for やさしい日本語 (none for a plain question).
    tips: Vec<String>,
}

impl QuestionView {
    /// For respondents: the builder's wording advice is not theirs to see.
    pub(super) fn clear_tips(&mut self) {
        self.tips.clear();
    }
}

pub(super) fn question_view(q: &Question) -> QuestionView {
    QuestionView {
        key: q.key.clone(),
        section: q.section.clone(),
        text: q.text.clone(),
        help: q.help.clone(),
        kind: q.kind.as_str().into(),
        options: q.kind.choices(),
        unit: match &q.kind {
            Kind::Number { unit } => unit.clone(),
            _ => String::new(),
        },
        required: q.required,
        show_if: q.show_if.as_ref().map(|c| ConditionView {
            question: c.question.clone(),
            option: c.option,
        }),
        tips: tips::tips(&q.text).into_iter().map(|t| t.message.to_owned()).collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct SurveyView {
    id: i64,
    collaboration_id: i64,
    title: String,
    /// `beneficiaries`, `members`, `volunteers`.
    audiences: Vec<String>,
    intro: String,
    /// What the answers are used for, shown before the first question.
    purpose: String,
    closes_on: Option<String>,
    public_link: bool,
    /// The address anyone may answer at, once opened with a public link.
    public_url: Option<String>,
    /// `draft`, `open` or `closed`.
    status: String,
    status_label: String,
    /// Taking answers today (open and not past its closing day).
    accepting: bool,
    responses: i64,
    /// Which run of the survey this is: 1 for the first (事前), 2 and up for later waves (事後).
    wave: i64,
    /// The first wave's id, for a later wave.
    baseline_id: Option<i64>,
    questions: Vec<QuestionView>,
    created_at: String,
    updated_at: String,
}

fn view(state: &AppState, s: &StoredSurvey) -> SurveyView {
    SurveyView {
        id: s.id,
        collaboration_id: s.collaboration_id,
        title: s.settings.title.clone(),
        audiences: s.settings.audiences.iter().map(|a| a.as_str().to_owned()).collect(),
        intro: s.settings.intro.clone(),
        purpose: s.settings.purpose.clone(),
        closes_on: s.settings.closes_on.map(|d| d.to_string()),
        public_link: s.settings.public_link,
        public_url: s
            .public_token
            .as_ref()
            .filter(|_| s.settings.public_link)
            .map(|t| format!("{}/s/{t}", state.app.public_url)),
        status: s.status.as_str().into(),
        status_label: s.status.label_ja().into(),
        accepting: kyodo_app::evaluation::answering::accepting(s),
        responses: s.responses,
        wave: s.wave,
        baseline_id: s.baseline_id,
        questions: s.definition.questions.iter().map(question_view).collect(),
        created_at: rfc3339(s.created_at),
        updated_at: rfc3339(s.updated_at),
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct SettingsBody {
    title: String,
    audiences: Vec<String>,
    intro: String,
    purpose: String,
    /// `YYYY-MM-DD`; absent or empty: until closed by hand.
    closes_on: String,
    public_link: bool,
}

impl From<SettingsBody> for SettingsInput {
    fn from(b: SettingsBody) -> Self {
        Self {
            title: b.title,
            audiences: b.audiences,
            intro: b.intro,
            purpose: b.purpose,
            closes_on: b.closes_on,
            public_link: b.public_link,
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct CreateBody {
    /// A template of the guide: `beneficiaries`, `members` or `volunteers`.
    template: Option<String>,
    /// A survey of another collaboration of yours to copy.
    copy_from: Option<i64>,
    /// A blank survey with these settings.
    settings: Option<SettingsBody>,
}

async fn fetch(
    state: &AppState,
    user: &kyodo_store::User,
    id: CollaborationId,
    sid: SurveyId,
) -> Result<SurveyView, ApiError> {
    let (_, s) = surveys::get(&state.app, user, id, sid).await?;
    Ok(view(state, &s))
}

/// The collaboration's surveys (its parties and invited coordinators).
#[utoipa::path(get, path = "/collaborations/{id}/surveys", tag = "evaluation", params(("id" = i64, Path)),
    responses((status = 200, body = [SurveyView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<Vec<SurveyView>>, ApiError> {
    let (_, list) = surveys::list(&state.app, &user, id).await?;
    Ok(Json(list.iter().map(|s| view(&state, s)).collect()))
}

/// Starts a survey as a draft (editors): give one of `template`, `copy_from` or `settings`.
#[utoipa::path(post, path = "/collaborations/{id}/surveys", tag = "evaluation", params(("id" = i64, Path)),
    request_body = CreateBody,
    responses((status = 201, body = SurveyView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(body): ApiJson<CreateBody>,
) -> Result<(StatusCode, Json<SurveyView>), ApiError> {
    let start = match (body.template, body.copy_from, body.settings) {
        (Some(t), None, None) => Start::Template(t),
        (None, Some(c), None) => Start::Copy(SurveyId::new(c)),
        (None, None, Some(s)) => Start::Blank(s.into()),
        _ => {
            return Err(kyodo_app::Error::invalid(
                "template",
                "one_of",
                "template・copy_from・settings のどれか1つを指定してください。",
            )
            .into());
        }
    };
    let sid = surveys::create(&state.app, &user, id, start).await?;
    Ok((StatusCode::CREATED, Json(fetch(&state, &user, id, sid).await?)))
}

/// One survey with its questions.
#[utoipa::path(get, path = "/collaborations/{id}/surveys/{survey_id}", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)),
    responses((status = 200, body = SurveyView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
) -> Result<Json<SurveyView>, ApiError> {
    Ok(Json(fetch(&state, &user, id, sid).await?))
}

/// Changes a draft's settings (editors; 409 `survey_not_draft` once it takes answers).
#[utoipa::path(put, path = "/collaborations/{id}/surveys/{survey_id}/settings", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)), request_body = SettingsBody,
    responses((status = 200, body = SurveyView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn save_settings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
    ApiJson(body): ApiJson<SettingsBody>,
) -> Result<Json<SurveyView>, ApiError> {
    surveys::save_settings(&state.app, &user, id, sid, &body.into()).await?;
    Ok(Json(fetch(&state, &user, id, sid).await?))
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct ConditionBody {
    question: String,
    option: usize,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct QuestionBody {
    /// `single`, `multiple`, `scale`, `number`, `short_text`, `long_text` or `date`.
    kind: String,
    text: String,
    help: String,
    section: String,
    /// A choice question's options.
    options: Vec<String>,
    /// A scale's words for 1 and 5.
    low: String,
    high: String,
    /// A number's unit.
    unit: String,
    required: bool,
    show_if: Option<ConditionBody>,
}

impl From<QuestionBody> for QuestionInput {
    fn from(b: QuestionBody) -> Self {
        Self {
            kind: b.kind,
            text: b.text,
            help: b.help,
            section: b.section,
            options: b.options.join("\n"),
            low: b.low,
            high: b.high,
            unit: b.unit,
            required: b.required,
            show_if: b
                .show_if
                .map(|c| format!("{}:{}", c.question, c.option))
                .unwrap_or_default(),
        }
    }
}

/// Adds a question at the end of a draft (editors).
#[utoipa::path(post, path = "/collaborations/{id}/surveys/{survey_id}/questions", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)), request_body = QuestionBody,
    responses((status = 201, body = SurveyView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn add_question(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
    ApiJson(body): ApiJson<QuestionBody>,
) -> Result<(StatusCode, Json<SurveyView>), ApiError> {
    surveys::edit(&state.app, &user, id, sid, Edit::Add(&body.into())).await?;
    Ok((StatusCode::CREATED, Json(fetch(&state, &user, id, sid).await?)))
}

/// Replaces a question of a draft, keeping its key and place (editors).
#[utoipa::path(put, path = "/collaborations/{id}/surveys/{survey_id}/questions/{key}", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path), ("key" = String, Path)), request_body = QuestionBody,
    responses((status = 200, body = SurveyView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn save_question(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid, key)): ApiPath<(CollaborationId, SurveyId, String)>,
    ApiJson(body): ApiJson<QuestionBody>,
) -> Result<Json<SurveyView>, ApiError> {
    surveys::edit(&state.app, &user, id, sid, Edit::Replace(&key, &body.into())).await?;
    Ok(Json(fetch(&state, &user, id, sid).await?))
}

/// Removes a question of a draft (editors; 422 `in_use` while another is shown by it).
#[utoipa::path(delete, path = "/collaborations/{id}/surveys/{survey_id}/questions/{key}", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path), ("key" = String, Path)),
    responses((status = 200, body = SurveyView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn remove_question(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid, key)): ApiPath<(CollaborationId, SurveyId, String)>,
) -> Result<Json<SurveyView>, ApiError> {
    surveys::edit(&state.app, &user, id, sid, Edit::Remove(&key)).await?;
    Ok(Json(fetch(&state, &user, id, sid).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct MoveBody {
    /// `up` or `down`.
    direction: String,
}

/// Moves a question one place up or down (editors; a move before its condition is refused).
#[utoipa::path(post, path = "/collaborations/{id}/surveys/{survey_id}/questions/{key}/move", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path), ("key" = String, Path)), request_body = MoveBody,
    responses((status = 200, body = SurveyView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn move_question(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid, key)): ApiPath<(CollaborationId, SurveyId, String)>,
    ApiJson(body): ApiJson<MoveBody>,
) -> Result<Json<SurveyView>, ApiError> {
    let to = match body.direction.as_str() {
        "up" => Move::Up,
        "down" => Move::Down,
        _ => return Err(kyodo_app::Error::invalid("direction", "unknown", "direction は up か down です。").into()),
    };
    surveys::edit(&state.app, &user, id, sid, Edit::Shift(&key, to)).await?;
    Ok(Json(fetch(&state, &user, id, sid).await?))
}

/// Opens the survey for answers (editors); the other parties are told.
#[utoipa::path(post, path = "/collaborations/{id}/surveys/{survey_id}/open", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)),
    responses((status = 200, body = SurveyView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn open(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
) -> Result<Json<SurveyView>, ApiError> {
    surveys::open(&state.app, &user, id, sid).await?;
    Ok(Json(fetch(&state, &user, id, sid).await?))
}

/// Stops taking answers (editors); the other parties are told.
#[utoipa::path(post, path = "/collaborations/{id}/surveys/{survey_id}/close", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)),
    responses((status = 200, body = SurveyView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn close(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
) -> Result<Json<SurveyView>, ApiError> {
    surveys::close(&state.app, &user, id, sid).await?;
    Ok(Json(fetch(&state, &user, id, sid).await?))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    /// `beneficiaries`, `members` or `volunteers`; absent for every audience.
    pub(super) audience: String,
}

#[derive(Serialize, ToSchema)]
pub struct OptionCount {
    label: String,
    count: i64,
    /// Of those who answered the question (each option on its own).
    percent: f64,
}

#[derive(Serialize, ToSchema)]
pub struct QuestionResultView {
    key: String,
    number: usize,
    text: String,
    answered: i64,
    options: Vec<OptionCount>,
    /// A scale's mean point (1–5) or a number's mean.
    mean: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
    /// The newest free-text answers (up to 50).
    texts: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ResultsView {
    responses: i64,
    audience: Option<String>,
    questions: Vec<QuestionResultView>,
}

/// The results so far: counts by the database, of one audience or all.
#[utoipa::path(get, path = "/collaborations/{id}/surveys/{survey_id}/results", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path), ResultsQuery),
    responses((status = 200, body = ResultsView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn results(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
    axum::extract::Query(q): axum::extract::Query<ResultsQuery>,
) -> Result<Json<ResultsView>, ApiError> {
    let audience = Audience::parse(&q.audience);
    let (_, _, r) = surveys::results(&state.app, &user, id, sid, audience).await?;
    let questions = r
        .questions
        .into_iter()
        .map(|x| QuestionResultView {
            texts: r
                .texts
                .iter()
                .find(|(k, _)| *k == x.key)
                .map(|(_, t)| t.clone())
                .unwrap_or_default(),
            key: x.key,
            number: x.number,
            text: x.text,
            answered: x.answered,
            options: x
                .options
                .into_iter()
                .map(|o| OptionCount {
                    label: o.label,
                    count: o.count,
                    percent: o.percent,
                })
                .collect(),
            mean: x.mean,
            min: x.range.map(|r| r.0),
            max: x.range.map(|r| r.1),
        })
        .collect();
    Ok(Json(ResultsView {
        responses: r.responses,
        audience: audience.map(|a| a.as_str().to_owned()),
        questions,
    }))
}

/// Every response as CSV (UTF-8 with BOM, one column per question, choices as words), streamed.
#[utoipa::path(get, path = "/collaborations/{id}/surveys/{survey_id}/responses.csv", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)),
    responses((status = 200, content_type = "text/csv", body = String),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn csv(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
) -> Result<Response, ApiError> {
    let export = surveys::export(&state.app, &user, id, sid).await?;
    Ok(crate::files::csv_stream(export))
}

/// Every response as an Excel workbook (numbers as numbers, choices as words).
#[utoipa::path(get, path = "/collaborations/{id}/surveys/{survey_id}/responses.xlsx", tag = "evaluation",
    params(("id" = i64, Path), ("survey_id" = i64, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn xlsx(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, sid)): ApiPath<(CollaborationId, SurveyId)>,
) -> Result<Response, ApiError> {
    let (name, file) = surveys::export_xlsx(&state.app, &user, id, sid).await?;
    Ok(crate::files::file_download(
        file,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
    ))
}
