//! The evaluation's records in the API: media coverage with its counts, third-party opinions
//! (entered, requested, and written by the third party's own link), and outcomes with evidence.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use kyodo_app::evaluation::{media, opinions, outcomes};
use kyodo_domain::evaluation::media::MediaInput;
use kyodo_domain::evaluation::opinion::{AuthorInput, OpinionInput, RequestInput, WrittenInput};
use kyodo_domain::evaluation::outcome::{OutcomeInput, guide_outcomes};
use kyodo_domain::ids::{CollaborationId, MediaId, OutcomeId};
use kyodo_store::StoredOpinion;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::common::Created;
use super::extract::{ApiJson, ApiPath, text_or_number};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_media, add_media))
        .routes(routes!(remove_media))
        .routes(routes!(list_opinions, add_opinion))
        .routes(routes!(request_opinion))
        .routes(routes!(opinion_link))
        .routes(routes!(write_opinion))
        .routes(routes!(list_outcomes, add_outcome))
        .routes(routes!(remove_outcome))
}

#[derive(Serialize, ToSchema)]
pub struct MediaView {
    id: i64,
    /// `release` (a news release sent) or `article` (coverage that followed).
    kind: String,
    on: String,
    title: String,
    /// To whom a release went; the outlet of an article.
    outlet: String,
    /// `newspaper`, `tv`, `radio`, `web` or `bulletin`.
    medium: Option<String>,
    url: String,
    reach: Option<u64>,
    /// `positive`, `neutral` or `negative`.
    tone: Option<String>,
    release_id: Option<i64>,
    /// A clipping is kept with it: `GET …/media/{media_id}/clipping`.
    has_clipping: bool,
}

#[derive(Serialize, ToSchema)]
pub struct MediaCounts {
    releases: usize,
    articles: usize,
    /// Articles that followed one of the releases.
    following: usize,
    /// The reach summed where known (no advertising-value equivalents).
    reach: u64,
}

#[derive(Serialize, ToSchema)]
pub struct MediaList {
    items: Vec<MediaView>,
    counts: MediaCounts,
}

/// The releases sent and the coverage that followed, with the counts.
#[utoipa::path(get, path = "/collaborations/{id}/media", tag = "evaluation", params(("id" = i64, Path)),
    responses((status = 200, body = MediaList),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list_media(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<MediaList>, ApiError> {
    let (_, items, c) = media::list(&state.app, &user, id).await?;
    Ok(Json(MediaList {
        items: items
            .into_iter()
            .map(|m| MediaView {
                id: m.id,
                kind: m.item.kind.as_str().into(),
                on: m.item.on.to_string(),
                title: m.item.title,
                outlet: m.item.outlet,
                medium: m.item.medium.map(|x| x.as_str().into()),
                url: m.item.url,
                reach: m.item.reach,
                tone: m.item.tone.map(|x| x.as_str().into()),
                release_id: m.item.release_id,
                has_clipping: m.has_clipping,
            })
            .collect(),
        counts: MediaCounts {
            releases: c.releases,
            articles: c.articles,
            following: c.following,
            reach: c.reach,
        },
    }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct MediaBody {
    kind: String,
    /// `YYYY-MM-DD`.
    on: String,
    title: String,
    outlet: String,
    medium: String,
    url: String,
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = Option<u64>)]
    reach: String,
    tone: String,
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = Option<i64>)]
    release_id: String,
}

/// Records a release or an article (editors).
#[utoipa::path(post, path = "/collaborations/{id}/media", tag = "evaluation", params(("id" = i64, Path)),
    request_body = MediaBody,
    responses((status = 201, body = Created),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn add_media(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(b): ApiJson<MediaBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let input = MediaInput {
        kind: b.kind,
        on: b.on,
        title: b.title,
        outlet: b.outlet,
        medium: b.medium,
        url: b.url,
        reach: b.reach,
        tone: b.tone,
        release_id: b.release_id,
    };
    let id = media::add(&state.app, &user, id, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Removes a release or an article (editors).
#[utoipa::path(delete, path = "/collaborations/{id}/media/{media_id}", tag = "evaluation",
    params(("id" = i64, Path), ("media_id" = i64, Path)),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn remove_media(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, mid)): ApiPath<(CollaborationId, MediaId)>,
) -> Result<StatusCode, ApiError> {
    media::remove(&state.app, &user, id, mid.get()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct OpinionView {
    id: i64,
    name: String,
    role: String,
    organization: String,
    milestone: Option<String>,
    /// Absent while a requested opinion is not written yet.
    written_on: Option<String>,
    text: String,
    /// Where a request was sent.
    email: Option<String>,
    requested_at: String,
}

impl From<StoredOpinion> for OpinionView {
    fn from(o: StoredOpinion) -> Self {
        Self {
            id: o.id,
            name: o.author.name,
            role: o.author.role,
            organization: o.author.organization,
            milestone: o.milestone.map(|m| m.as_str().into()),
            written_on: o.written_on.map(|d| d.to_string()),
            text: o.text,
            email: o.email,
            requested_at: rfc3339(o.created_at),
        }
    }
}

/// Third-party opinions, written and awaited.
#[utoipa::path(get, path = "/collaborations/{id}/opinions", tag = "evaluation", params(("id" = i64, Path)),
    responses((status = 200, body = [OpinionView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list_opinions(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<Vec<OpinionView>>, ApiError> {
    let (_, list) = opinions::list(&state.app, &user, id).await?;
    Ok(Json(list.into_iter().map(OpinionView::from).collect()))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct OpinionBody {
    name: String,
    role: String,
    organization: String,
    /// `before`, `midway`, `after` or empty.
    milestone: String,
    /// `YYYY-MM-DD`.
    written_on: String,
    text: String,
}

/// Records an opinion the parties received (editors).
#[utoipa::path(post, path = "/collaborations/{id}/opinions", tag = "evaluation", params(("id" = i64, Path)),
    request_body = OpinionBody,
    responses((status = 201, body = Created),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn add_opinion(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(b): ApiJson<OpinionBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let input = OpinionInput {
        author: AuthorInput {
            name: b.name,
            role: b.role,
            organization: b.organization,
        },
        milestone: b.milestone,
        written_on: b.written_on,
        text: b.text,
    };
    let id = opinions::add(&state.app, &user, id, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct OpinionRequestBody {
    name: String,
    role: String,
    organization: String,
    email: String,
    milestone: String,
    /// A few words sent with the link.
    message: String,
}

/// Asks a third party to write their opinion in kyodo: a link of their own goes by mail
/// (editors).
#[utoipa::path(post, path = "/collaborations/{id}/opinion-requests", tag = "evaluation", params(("id" = i64, Path)),
    request_body = OpinionRequestBody,
    responses((status = 201, body = Created),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn request_opinion(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(b): ApiJson<OpinionRequestBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let input = RequestInput {
        author: AuthorInput {
            name: b.name,
            role: b.role,
            organization: b.organization,
        },
        email: b.email,
        milestone: b.milestone,
        message: b.message,
    };
    let id = opinions::request(&state.app, &user, id, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Serialize, ToSchema)]
pub struct OpinionLinkView {
    /// The collaboration's title and parties: all the link shows of it.
    title: String,
    parties: Vec<String>,
    name: String,
    message: String,
    written: bool,
}

/// What the holder of an opinion link sees (no sign-in).
#[utoipa::path(get, path = "/opinion-links/{token}", tag = "evaluation", params(("token" = String, Path)),
    responses((status = 200, body = OpinionLinkView),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn opinion_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<OpinionLinkView>, ApiError> {
    let r = opinions::by_link(&state.app, &token).await?;
    Ok(Json(OpinionLinkView {
        written: !r.opinion.waiting(),
        title: r.title,
        parties: r.parties,
        name: r.opinion.author.name,
        message: r.opinion.message,
    }))
}

/// Writes the opinion by its link (no sign-in; once per link). The parties are told.
#[utoipa::path(post, path = "/opinion-links/{token}/opinion", tag = "evaluation", params(("token" = String, Path)),
    request_body = WrittenBody,
    responses((status = 201),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`opinion_written`", body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn write_opinion(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ApiJson(b): ApiJson<WrittenBody>,
) -> Result<StatusCode, ApiError> {
    opinions::write(&state.app, &token, &WrittenInput { text: b.text }).await?;
    Ok(StatusCode::CREATED)
}

#[derive(Deserialize, ToSchema)]
pub struct WrittenBody {
    // Defaulted, so that a link that opens nothing answers 404 whatever was sent.
    #[serde(default)]
    text: String,
}

#[derive(Serialize, ToSchema)]
pub struct OutcomeView {
    id: i64,
    /// The party it is an outcome for; absent for society.
    organization_id: Option<i64>,
    label: String,
    from_guide: bool,
    /// `kind:id` of the record that shows it (`survey`, `media`, `indicator`, `meeting`,
    /// `opinion`).
    evidence: Option<String>,
    evidence_label: Option<String>,
    note: String,
}

#[derive(Serialize, ToSchema)]
pub struct EvidenceChoice {
    key: String,
    label: String,
}

#[derive(Serialize, ToSchema)]
pub struct GuideOutcomes {
    civic_group: Vec<String>,
    company: Vec<String>,
    shared: String,
}

#[derive(Serialize, ToSchema)]
pub struct OutcomeList {
    outcomes: Vec<OutcomeView>,
    /// The records an outcome may cite.
    evidence: Vec<EvidenceChoice>,
    guide: GuideOutcomes,
}

/// Outcomes for each party and for society, with the records they may cite.
#[utoipa::path(get, path = "/collaborations/{id}/outcomes", tag = "evaluation", params(("id" = i64, Path)),
    responses((status = 200, body = OutcomeList),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list_outcomes(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<OutcomeList>, ApiError> {
    let v = outcomes::list(&state.app, &user, id).await?;
    let named = |e: kyodo_domain::evaluation::outcome::Evidence| {
        v.evidence.iter().find(|(x, _)| *x == e).map(|(_, n)| n.clone())
    };
    let (civic, company, shared) = guide_outcomes();
    Ok(Json(OutcomeList {
        outcomes: v
            .outcomes
            .iter()
            .map(|o| OutcomeView {
                id: o.id,
                organization_id: o.outcome.organization_id,
                label: o.outcome.label.clone(),
                from_guide: o.outcome.from_guide,
                evidence: o.outcome.evidence.map(|e| e.key()),
                evidence_label: o.outcome.evidence.and_then(named),
                note: o.outcome.note.clone(),
            })
            .collect(),
        evidence: v
            .evidence
            .iter()
            .map(|(e, n)| EvidenceChoice {
                key: e.key(),
                label: n.clone(),
            })
            .collect(),
        guide: GuideOutcomes {
            civic_group: civic.into_iter().map(str::to_owned).collect(),
            company: company.into_iter().map(str::to_owned).collect(),
            shared: shared.to_owned(),
        },
    }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct OutcomeBody {
    /// A party's organisation id, or `society`.
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = String)]
    party: String,
    /// One of the guide's outcomes; or leave empty and write `free`.
    guide: String,
    free: String,
    /// `kind:id` of one of the collaboration's records.
    evidence: String,
    note: String,
}

/// Records an outcome (editors).
#[utoipa::path(post, path = "/collaborations/{id}/outcomes", tag = "evaluation", params(("id" = i64, Path)),
    request_body = OutcomeBody,
    responses((status = 201, body = Created),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn add_outcome(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(b): ApiJson<OutcomeBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let input = OutcomeInput {
        party: b.party,
        guide: b.guide,
        free: b.free,
        evidence: b.evidence,
        note: b.note,
    };
    let id = outcomes::add(&state.app, &user, id, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Removes an outcome (editors).
#[utoipa::path(delete, path = "/collaborations/{id}/outcomes/{outcome_id}", tag = "evaluation",
    params(("id" = i64, Path), ("outcome_id" = i64, Path)),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn remove_outcome(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, oid)): ApiPath<(CollaborationId, OutcomeId)>,
) -> Result<StatusCode, ApiError> {
    outcomes::remove(&state.app, &user, id, oid.get()).await?;
    Ok(StatusCode::NO_CONTENT)
}
