//! Evaluation sheets and ふりかえりシート in the API: each milestone's plan against actual
//! (pre-filled until saved), lessons to the next PDCA cycle, and each party's own assessment
//! with the side-by-side comparison.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kyodo_app::evaluation::{assessments, sheets};
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::assessment::{AssessmentInput, ScoreInput};
use kyodo_domain::evaluation::sheet::{PurposeResultInput, SheetInput, TargetResultInput, suggest};
use kyodo_domain::ids::{CollaborationId, OrgId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiPath, text_or_number};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(get_sheet, put_sheet))
        .routes(routes!(next_cycle))
        .routes(routes!(get_assessments))
        .routes(routes!(put_assessment))
}

#[derive(Serialize, ToSchema)]
pub struct EvaluationTally {
    achieved: usize,
    partly: usize,
    not_achieved: usize,
    not_judged: usize,
}

#[derive(Serialize, ToSchema)]
pub struct EvaluationSummary {
    /// `before` (事前), `midway` (中間) or `after` (事後).
    milestone: String,
    milestone_label: String,
    held_on: String,
    tally: EvaluationTally,
    /// The PDCA cycle the lessons became.
    next_cycle: Option<i64>,
    updated_at: String,
}

/// The milestones evaluated so far, in order.
#[utoipa::path(get, path = "/collaborations/{id}/evaluations", tag = "evaluation", params(("id" = i64, Path)),
    responses((status = 200, body = [EvaluationSummary]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<Vec<EvaluationSummary>>, ApiError> {
    let (_, list) = sheets::list(&state.app, &user, id).await?;
    Ok(Json(
        list.into_iter()
            .map(|s| {
                let [achieved, partly, not_achieved, not_judged] = s.sheet.tally();
                EvaluationSummary {
                    milestone: s.milestone.as_str().into(),
                    milestone_label: s.milestone.label_ja().into(),
                    held_on: s.sheet.held_on.to_string(),
                    tally: EvaluationTally {
                        achieved,
                        partly,
                        not_achieved,
                        not_judged,
                    },
                    next_cycle: s.next_cycle,
                    updated_at: rfc3339(s.updated_at),
                }
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct EvaluationTargetView {
    what: String,
    baseline: f64,
    target: f64,
    unit: String,
    /// The actual as saved or typed (pre-filled from the indicator of the same name).
    actual: String,
    /// `achieved`, `partly`, `not_achieved` or empty.
    judgement: String,
    /// What the figures suggest, when there is an actual.
    suggested: Option<String>,
    comment: String,
}

#[derive(Serialize, ToSchema)]
pub struct EvaluationPurposeView {
    organization_id: i64,
    name: String,
    judgement: String,
    comment: String,
}

#[derive(Serialize, ToSchema)]
pub struct EvaluationView {
    milestone: String,
    milestone_label: String,
    /// `false` while the sheet is the pre-filled first draft.
    saved: bool,
    held_on: String,
    targets: Vec<EvaluationTargetView>,
    purposes: Vec<EvaluationPurposeView>,
    summary: String,
    keep: Vec<String>,
    change: Vec<String>,
    next_cycle: Option<i64>,
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

async fn view(
    state: &AppState,
    user: &kyodo_store::User,
    id: CollaborationId,
    m: Milestone,
) -> Result<EvaluationView, ApiError> {
    let v = sheets::get(&state.app, user, id, m).await?;
    let agreed = v
        .agreement
        .as_ref()
        .map(|a| a.agreement.targets.clone())
        .unwrap_or_default();
    let blank = TargetResultInput::default();
    let targets = agreed
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let row = v.input.targets.get(i).unwrap_or(&blank);
            let actual = row.actual.parse::<f64>().ok();
            EvaluationTargetView {
                what: t.what.clone(),
                baseline: t.baseline,
                target: t.value,
                unit: t.unit.clone(),
                actual: row.actual.clone(),
                judgement: row.judgement.clone(),
                suggested: actual.map(|a| suggest(t.baseline, t.value, a).as_str().to_owned()),
                comment: row.comment.clone(),
            }
        })
        .collect();
    let purposes = v
        .standing
        .party_ids()
        .into_iter()
        .map(|o| {
            let p = v.input.purposes.iter().find(|p| p.organization_id == o);
            EvaluationPurposeView {
                organization_id: o,
                name: v.standing.party_name(o),
                judgement: p.map(|p| p.judgement.clone()).unwrap_or_default(),
                comment: p.map(|p| p.comment.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(EvaluationView {
        milestone: m.as_str().into(),
        milestone_label: m.label_ja().into(),
        saved: v.stored.is_some(),
        held_on: v.input.held_on.clone(),
        targets,
        purposes,
        summary: v.input.summary.clone(),
        keep: lines(&v.input.keep),
        change: lines(&v.input.change),
        next_cycle: v.stored.as_ref().and_then(|s| s.next_cycle),
    })
}

/// One milestone's sheet: as saved, or pre-filled from the agreement's targets and the
/// indicators' latest values with the judgement they suggest.
#[utoipa::path(get, path = "/collaborations/{id}/evaluations/{milestone}", tag = "evaluation",
    params(("id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`")),
    responses((status = 200, body = EvaluationView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_sheet(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, m)): ApiPath<(CollaborationId, Milestone)>,
) -> Result<Json<EvaluationView>, ApiError> {
    Ok(Json(view(&state, &user, id, m).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct EvaluationTargetBody {
    /// A number (or its text); empty when not measured.
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = Option<f64>)]
    actual: String,
    /// `achieved`, `partly`, `not_achieved`, or empty.
    judgement: String,
    comment: String,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct EvaluationPurposeBody {
    organization_id: i64,
    judgement: String,
    comment: String,
}

#[derive(Deserialize, ToSchema)]
pub struct EvaluationBody {
    /// `YYYY-MM-DD`.
    held_on: String,
    /// One per agreed target, in the agreement's order.
    #[serde(default)]
    targets: Vec<EvaluationTargetBody>,
    #[serde(default)]
    purposes: Vec<EvaluationPurposeBody>,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    keep: Vec<String>,
    #[serde(default)]
    change: Vec<String>,
}

impl From<EvaluationBody> for SheetInput {
    fn from(b: EvaluationBody) -> Self {
        Self {
            held_on: b.held_on,
            targets: b
                .targets
                .into_iter()
                .map(|t| TargetResultInput {
                    actual: t.actual,
                    judgement: t.judgement,
                    comment: t.comment,
                })
                .collect(),
            purposes: b
                .purposes
                .into_iter()
                .map(|p| PurposeResultInput {
                    organization_id: p.organization_id,
                    judgement: p.judgement,
                    comment: p.comment,
                })
                .collect(),
            summary: b.summary,
            keep: b.keep.join("\n"),
            change: b.change.join("\n"),
        }
    }
}

/// Saves a milestone's sheet (editors), checked against the latest agreement; answers the sheet.
#[utoipa::path(put, path = "/collaborations/{id}/evaluations/{milestone}", tag = "evaluation",
    params(("id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`")),
    request_body = EvaluationBody,
    responses((status = 200, body = EvaluationView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`no_agreement`", body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn put_sheet(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, m)): ApiPath<(CollaborationId, Milestone)>,
    ApiJson(body): ApiJson<EvaluationBody>,
) -> Result<Json<EvaluationView>, ApiError> {
    sheets::save(&state.app, &user, id, m, &body.into()).await?;
    Ok(Json(view(&state, &user, id, m).await?))
}

#[derive(Serialize, ToSchema)]
pub struct NextCycle {
    /// The new PDCA cycle's number.
    number: i64,
}

/// Starts the next PDCA cycle with the sheet's lessons as its plan (editors; once per sheet).
#[utoipa::path(post, path = "/collaborations/{id}/evaluations/{milestone}/next-cycle", tag = "evaluation",
    params(("id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`")),
    responses((status = 201, body = NextCycle),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`lessons_taken`", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "no lessons written", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn next_cycle(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, m)): ApiPath<(CollaborationId, Milestone)>,
) -> Result<(StatusCode, Json<NextCycle>), ApiError> {
    let number = sheets::to_cycle(&state.app, &user, id, m).await?;
    Ok((StatusCode::CREATED, Json(NextCycle { number })))
}

#[derive(Serialize, ToSchema)]
pub struct AssessmentItemView {
    /// `p-{principle}`, `r-{organization}-{role}` or `r-{organization}-free`.
    key: String,
    label: String,
    /// The party whose role it is; absent for a principle.
    role_of: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct AssessmentScoreView {
    key: String,
    score: Option<u8>,
    comment: String,
}

#[derive(Serialize, ToSchema)]
pub struct AssessmentSheetView {
    organization_id: i64,
    name: String,
    /// Absent while a draft.
    submitted_at: Option<String>,
    scores: Vec<AssessmentScoreView>,
    overall: String,
}

#[derive(Serialize, ToSchema)]
pub struct ComparedView {
    key: String,
    label: String,
    /// Per sheet in `shown`, in order.
    scores: Vec<Option<u8>>,
    /// Scores two or more apart.
    differs: bool,
}

#[derive(Serialize, ToSchema)]
pub struct AssessmentsView {
    items: Vec<AssessmentItemView>,
    /// The sheets of the parties the caller writes for (drafts included).
    own: Vec<AssessmentSheetView>,
    /// Submitted sheets the caller may compare: the others' appear once the caller's party
    /// submitted (coordinators see every submitted sheet).
    shown: Vec<AssessmentSheetView>,
    compared: Vec<ComparedView>,
    /// Parties that have not submitted.
    waiting: Vec<i64>,
}

fn sheet_view(
    s: &kyodo_app::access::CollabStanding,
    o: i64,
    a: Option<&kyodo_store::StoredAssessment>,
) -> AssessmentSheetView {
    AssessmentSheetView {
        organization_id: o,
        name: s.party_name(o),
        submitted_at: a.and_then(|a| a.submitted_at).map(rfc3339),
        scores: a
            .map(|a| {
                a.assessment
                    .scores
                    .iter()
                    .map(|x| AssessmentScoreView {
                        key: x.key.clone(),
                        score: x.score,
                        comment: x.comment.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        overall: a.map(|a| a.assessment.overall.clone()).unwrap_or_default(),
    }
}

/// The parties' ふりかえりシート at a milestone: one's own (drafts too) and the submitted ones
/// side by side with the differences marked.
#[utoipa::path(get, path = "/collaborations/{id}/evaluations/{milestone}/assessments", tag = "evaluation",
    params(("id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`")),
    responses((status = 200, body = AssessmentsView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_assessments(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, m)): ApiPath<(CollaborationId, Milestone)>,
) -> Result<Json<AssessmentsView>, ApiError> {
    let v = assessments::get(&state.app, &user, id, m).await?;
    let s = &v.standing;
    Ok(Json(AssessmentsView {
        items: v
            .items
            .iter()
            .map(|i| AssessmentItemView {
                key: i.key.clone(),
                label: i.label.clone(),
                role_of: i.role_of,
            })
            .collect(),
        own: v.own.iter().map(|(o, a)| sheet_view(s, *o, a.as_ref())).collect(),
        shown: v.shown.iter().map(|(o, a)| sheet_view(s, *o, Some(a))).collect(),
        compared: v
            .compared
            .iter()
            .map(|c| ComparedView {
                key: c.item.key.clone(),
                label: c.item.label.clone(),
                scores: c.scores.clone(),
                differs: c.differs(),
            })
            .collect(),
        waiting: v.waiting.clone(),
    }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AssessmentScoreBody {
    key: String,
    /// 1–5, or empty in a draft.
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = Option<u8>)]
    score: String,
    comment: String,
}

#[derive(Deserialize, ToSchema)]
pub struct AssessmentBody {
    #[serde(default)]
    scores: Vec<AssessmentScoreBody>,
    #[serde(default)]
    overall: String,
    /// `true` submits the sheet (every item scored), showing it to the other parties, who are
    /// told; `false` keeps it a draft.
    #[serde(default)]
    submit: bool,
}

/// Saves a party's ふりかえりシート (an editor of that party).
#[utoipa::path(put, path = "/collaborations/{id}/evaluations/{milestone}/assessments/{organization_id}", tag = "evaluation",
    params(("id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`"),
           ("organization_id" = i64, Path)),
    request_body = AssessmentBody,
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn put_assessment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, m, org)): ApiPath<(CollaborationId, Milestone, OrgId)>,
    ApiJson(body): ApiJson<AssessmentBody>,
) -> Result<StatusCode, ApiError> {
    let input = AssessmentInput {
        scores: body
            .scores
            .into_iter()
            .map(|s| ScoreInput {
                key: s.key,
                score: s.score,
                comment: s.comment,
            })
            .collect(),
        overall: body.overall,
    };
    assessments::save(&state.app, &user, id, m, Some(org.get()), &input, body.submit).await?;
    Ok(StatusCode::NO_CONTENT)
}
