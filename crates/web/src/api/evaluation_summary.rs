//! The evaluation's public summary in the API: read and write it (the parties), agree to publish
//! it or withdraw (each party's owner), and read it published (anyone).

use axum::Json;
use axum::extract::State;
use kyodo_app::evaluation::summary;
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::summary::SummaryInput;
use kyodo_domain::ids::CollaborationId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiPath};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_summary, put_summary))
        .routes(routes!(consent))
        .routes(routes!(public_report))
}

#[derive(Serialize, ToSchema)]
pub struct SummaryPartyView {
    organization_id: i64,
    name: String,
    /// Agrees to publish the words as they stand.
    agrees: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SummaryView {
    headline: String,
    body: String,
    /// `false` while it is the draft made from the figures.
    saved: bool,
    /// Every party agrees: anyone can read it at `/public-reports/{id}/{milestone}`.
    published: bool,
    parties: Vec<SummaryPartyView>,
}

async fn view(
    state: &AppState,
    user: &kyodo_store::User,
    id: CollaborationId,
    m: Milestone,
) -> Result<SummaryView, ApiError> {
    let v = summary::get(&state.app, user, id, m).await?;
    Ok(SummaryView {
        published: v.published(),
        saved: v.saved,
        headline: v.input.headline.clone(),
        body: v.input.body.clone(),
        parties: v
            .parties
            .iter()
            .map(|(o, n, a)| SummaryPartyView {
                organization_id: *o,
                name: n.clone(),
                agrees: *a,
            })
            .collect(),
    })
}

/// The milestone's public summary: as saved, or drafted from the figures (`409 no_sheet` before
/// the milestone's sheet is saved).
#[utoipa::path(get, path = "/collaborations/{id}/evaluations/{milestone}/summary", tag = "evaluation",
    params(("id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`")),
    responses((status = 200, body = SummaryView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_summary(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, m)): ApiPath<(CollaborationId, Milestone)>,
) -> Result<Json<SummaryView>, ApiError> {
    Ok(Json(view(&state, &user, id, m).await?))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct SummaryBody {
    headline: String,
    body: String,
}

/// Saves the summary's words (editors). Agreements to earlier words no longer hold.
#[utoipa::path(put, path = "/collaborations/{id}/evaluations/{milestone}/summary", tag = "evaluation",
    params(("id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`")),
    request_body = SummaryBody,
    responses((status = 200, body = SummaryView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn put_summary(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, m)): ApiPath<(CollaborationId, Milestone)>,
    ApiJson(b): ApiJson<SummaryBody>,
) -> Result<Json<SummaryView>, ApiError> {
    let input = SummaryInput {
        headline: b.headline,
        body: b.body,
    };
    summary::save(&state.app, &user, id, m, &input).await?;
    Ok(Json(view(&state, &user, id, m).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct SummaryConsentBody {
    /// The party (its owner); the caller's first owned party if absent.
    #[serde(default)]
    organization_id: Option<i64>,
    /// `true` agrees to publish the words as they stand; `false` withdraws.
    publish: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SummaryPublished {
    published: bool,
}

/// A party's owner agrees to publish the summary as it stands, or withdraws; the other parties
/// are told.
#[utoipa::path(post, path = "/collaborations/{id}/evaluations/{milestone}/summary/consents", tag = "evaluation",
    params(("id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`")),
    request_body = SummaryConsentBody,
    responses((status = 200, body = SummaryPublished),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`no_summary`", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn consent(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, m)): ApiPath<(CollaborationId, Milestone)>,
    ApiJson(b): ApiJson<SummaryConsentBody>,
) -> Result<Json<SummaryPublished>, ApiError> {
    let published = summary::consent(&state.app, &user, id, m, b.organization_id, b.publish).await?;
    Ok(Json(SummaryPublished { published }))
}

#[derive(Serialize, ToSchema)]
pub struct PublicReportView {
    collaboration_id: i64,
    title: String,
    parties: Vec<String>,
    milestone: String,
    headline: String,
    body: String,
}

/// A published summary (no sign-in). `404` unless every party agrees to publish it as it stands.
#[utoipa::path(get, path = "/public-reports/{collaboration_id}/{milestone}", tag = "evaluation",
    params(("collaboration_id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`")),
    responses((status = 200, body = PublicReportView),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn public_report(
    State(state): State<AppState>,
    ApiPath((id, m)): ApiPath<(CollaborationId, Milestone)>,
) -> Result<Json<PublicReportView>, ApiError> {
    let p = summary::public(&state.app, id, m).await?;
    Ok(Json(PublicReportView {
        collaboration_id: p.collaboration_id,
        title: p.title,
        parties: p.parties,
        milestone: p.milestone.as_str().into(),
        headline: p.summary.headline,
        body: p.summary.body,
    }))
}
