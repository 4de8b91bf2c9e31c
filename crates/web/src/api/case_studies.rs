//! Case studies (協働事例) in the API: the collaboration's case as its parties draft, save and
//! approve it, and the public library (search, facets, one case and its PDF). The same
//! operations as the pages, through `kyodo_app::case_studies`.

use axum::Json;
use axum::extract::{Query, State};
use axum::response::Response;
use kyodo_app::case_studies::{self as app, CaseView, library};
use kyodo_domain::case_study::library::{CaseFilter, CaseSource, Facet, LibraryCase};
use kyodo_domain::case_study::{CasePartyInput, CaseStudyInput, KeyPersonInput};
use kyodo_domain::ids::CollaborationId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::common::download;
use super::extract::{ApiJson, ApiPath};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_case, put_case))
        .routes(routes!(approve))
        .routes(routes!(list))
        .routes(routes!(get_public))
        .routes(routes!(public_pdf))
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct CasePartyBody {
    name: String,
    /// 「NPO法人」「企業」…
    kind: String,
    municipality: String,
    /// 協働の具体的な内容: what this party did.
    did: String,
    /// 協働の成果: what it gained.
    gained: String,
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct KeyPersonBody {
    name: String,
    role: String,
    organization: String,
    /// The person's own words (キーパーソンに聞く).
    words: String,
    /// The person agreed to their name and words being published.
    consented: bool,
}

/// A case in the guide's structure.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct CaseBody {
    title: String,
    theme: String,
    field: String,
    collaboration_type: String,
    period: String,
    /// The year it began (Western, `2026`); empty for none.
    year: String,
    /// Resource codes (`funds`, `people` … from `/catalog`).
    resources: Vec<String>,
    summary: String,
    parties: Vec<CasePartyBody>,
    key_persons: Vec<KeyPersonBody>,
    references: String,
}

impl CaseBody {
    fn from_input(i: CaseStudyInput) -> Self {
        Self {
            title: i.title,
            theme: i.theme,
            field: i.field,
            collaboration_type: i.collaboration_type,
            period: i.period,
            year: i.year,
            resources: i.resources,
            summary: i.summary,
            parties: i
                .parties
                .into_iter()
                .map(|p| CasePartyBody {
                    name: p.name,
                    kind: p.kind,
                    municipality: p.municipality,
                    did: p.did,
                    gained: p.gained,
                })
                .collect(),
            key_persons: i
                .key_persons
                .into_iter()
                .map(|k| KeyPersonBody {
                    name: k.name,
                    role: k.role,
                    organization: k.organization,
                    words: k.words,
                    consented: k.consented,
                })
                .collect(),
            references: i.references,
        }
    }

    fn into_input(self) -> CaseStudyInput {
        CaseStudyInput {
            title: self.title,
            theme: self.theme,
            field: self.field,
            collaboration_type: self.collaboration_type,
            period: self.period,
            year: self.year,
            resources: self.resources,
            summary: self.summary,
            parties: self
                .parties
                .into_iter()
                .map(|p| CasePartyInput {
                    name: p.name,
                    kind: p.kind,
                    municipality: p.municipality,
                    did: p.did,
                    gained: p.gained,
                })
                .collect(),
            key_persons: self
                .key_persons
                .into_iter()
                .map(|k| KeyPersonInput {
                    name: k.name,
                    role: k.role,
                    organization: k.organization,
                    words: k.words,
                    consented: k.consented,
                })
                .collect(),
            references: self.references,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CaseApprovalView {
    organization_id: i64,
    name: String,
    /// The version this party approved, if any; only the latest counts.
    approved_version: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct CaseStudyView {
    /// The case's id in the library once saved.
    case_id: Option<i64>,
    /// `null` while it is the draft made from kyodo's records.
    version: Option<i64>,
    /// Every party's owner approved the latest version: anyone reads it at `/case-studies/{case_id}`.
    published: bool,
    /// Why the latest version cannot be public as it stands.
    blockers: Vec<String>,
    content: CaseBody,
    approvals: Vec<CaseApprovalView>,
}

fn view(v: CaseView) -> CaseStudyView {
    CaseStudyView {
        case_id: v.saved.as_ref().map(|s| s.id),
        version: v.version(),
        published: v.published,
        blockers: v.blockers,
        approvals: v
            .parties
            .into_iter()
            .map(|p| CaseApprovalView {
                organization_id: p.organization_id,
                name: p.name,
                approved_version: p.approved,
            })
            .collect(),
        content: CaseBody::from_input(v.input),
    }
}

/// The collaboration's case: as saved, or drafted from its records (`409 not_evaluated` before
/// 評価).
#[utoipa::path(get, path = "/collaborations/{id}/case-study", tag = "cases",
    params(("id" = i64, Path)),
    responses((status = 200, body = CaseStudyView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_case(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<CaseStudyView>, ApiError> {
    Ok(Json(view(app::get(&state.app, &user, id).await?)))
}

/// Saves the case (the parties' editors). Changed content is the next version; approvals of
/// earlier versions no longer count and the other parties are asked to approve.
#[utoipa::path(put, path = "/collaborations/{id}/case-study", tag = "cases",
    params(("id" = i64, Path)),
    request_body = CaseBody,
    responses((status = 200, body = CaseStudyView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn put_case(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(b): ApiJson<CaseBody>,
) -> Result<Json<CaseStudyView>, ApiError> {
    app::save(&state.app, &user, id, &b.into_input()).await?;
    Ok(Json(view(app::get(&state.app, &user, id).await?)))
}

#[derive(Deserialize, ToSchema)]
pub struct CaseApprovalBody {
    /// The party (its owner); the caller's first owned party if absent.
    #[serde(default)]
    organization_id: Option<i64>,
    /// The version approved (it must be the latest: `409 case_study_changed` otherwise);
    /// `null` withdraws the party's approval, taking a published case out of the library.
    version: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct CasePublished {
    published: bool,
}

/// A party's owner approves the latest version for publication, or withdraws; the other
/// parties are told.
#[utoipa::path(post, path = "/collaborations/{id}/case-study/approvals", tag = "cases",
    params(("id" = i64, Path)),
    request_body = CaseApprovalBody,
    responses((status = 200, body = CasePublished),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`no_case_study`, `case_study_changed`, `not_evaluated`", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn approve(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(b): ApiJson<CaseApprovalBody>,
) -> Result<Json<CasePublished>, ApiError> {
    let published = app::approve(&state.app, &user, id, b.organization_id, b.version).await?;
    Ok(Json(CasePublished { published }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// Words, found as written, written another way or by reading.
    q: Option<String>,
    field: Option<String>,
    collaboration_type: Option<String>,
    /// A kind of party as labelled (「NPO法人」「企業」).
    kind: Option<String>,
    municipality: Option<String>,
    year: Option<String>,
    /// A resource code.
    resource: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LibraryPartyView {
    name: String,
    kind: String,
    municipality: String,
}

#[derive(Serialize, ToSchema)]
pub struct LibraryCaseView {
    /// The published case's id; `null` for the guide's own.
    case_id: Option<i64>,
    /// 「事例1」「参考２」 for the guide's cases.
    guide: Option<String>,
    href: String,
    title: String,
    field: String,
    collaboration_type: String,
    summary: String,
    parties: Vec<LibraryPartyView>,
    year: Option<i32>,
    resources: Vec<String>,
}

fn library_view(c: LibraryCase) -> LibraryCaseView {
    let href = c.href();
    let (case_id, guide) = match c.source {
        CaseSource::Kyodo(id) => (Some(id), None),
        CaseSource::Guide { label, .. } => (None, Some(label)),
    };
    LibraryCaseView {
        case_id,
        guide,
        href,
        title: c.title,
        field: c.field,
        collaboration_type: c.collaboration_type,
        summary: c.summary,
        parties: c
            .parties
            .into_iter()
            .map(|p| LibraryPartyView {
                name: p.name,
                kind: p.kind,
                municipality: p.municipality,
            })
            .collect(),
        year: c.year,
        resources: c.resources,
    }
}

#[derive(Serialize, ToSchema)]
pub struct FacetValueView {
    value: String,
    label: String,
    count: usize,
    /// The library page filtered by this value too.
    href: String,
    chosen: bool,
}

#[derive(Serialize, ToSchema)]
pub struct FacetView {
    key: String,
    label: String,
    values: Vec<FacetValueView>,
}

fn facet_view(f: Facet) -> FacetView {
    FacetView {
        key: f.key.into(),
        label: f.label.into(),
        values: f
            .values
            .into_iter()
            .map(|v| FacetValueView {
                value: v.value,
                label: v.label,
                count: v.count,
                href: v.href,
                chosen: v.chosen,
            })
            .collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct LibraryView {
    cases: Vec<LibraryCaseView>,
    facets: Vec<FacetView>,
    /// Some cases were found by the words' reading or another writing only.
    by_reading: bool,
}

/// The case library (no sign-in): the guide's cases and the published ones, filtered; every
/// filter set must hold.
#[utoipa::path(get, path = "/case-studies", tag = "cases", params(CaseQuery),
    responses((status = 200, body = LibraryView)))]
async fn list(State(state): State<AppState>, Query(q): Query<CaseQuery>) -> Result<Json<LibraryView>, ApiError> {
    let f = CaseFilter {
        q: q.q.unwrap_or_default(),
        field: q.field.unwrap_or_default(),
        collaboration_type: q.collaboration_type.unwrap_or_default(),
        kind: q.kind.unwrap_or_default(),
        municipality: q.municipality.unwrap_or_default(),
        year: q.year.unwrap_or_default(),
        resource: q.resource.unwrap_or_default(),
    };
    let found = library::search(&state.app, &f).await?;
    Ok(Json(LibraryView {
        cases: found.cases.into_iter().map(library_view).collect(),
        facets: found.facets.into_iter().map(facet_view).collect(),
        by_reading: found.by_reading,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PublicCaseView {
    case_id: i64,
    /// Only the key persons who consented are in it.
    content: CaseBody,
    updated_at: String,
    related: Vec<LibraryCaseView>,
}

/// A published case (no sign-in). `404` unless every party approved its latest version.
#[utoipa::path(get, path = "/case-studies/{case_id}", tag = "cases",
    params(("case_id" = i64, Path)),
    responses((status = 200, body = PublicCaseView),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_public(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<PublicCaseView>, ApiError> {
    let mut p = library::case(&state.app, id).await?;
    p.content.key_persons.retain(|k| k.consented);
    Ok(Json(PublicCaseView {
        case_id: p.id,
        content: CaseBody::from_input(p.content.to_input()),
        updated_at: rfc3339(p.updated_at),
        related: p.related.into_iter().map(library_view).collect(),
    }))
}

/// A published case as an A4 PDF (no sign-in).
#[utoipa::path(get, path = "/case-studies/{case_id}/pdf", tag = "cases",
    params(("case_id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn public_pdf(State(state): State<AppState>, ApiPath(id): ApiPath<i64>) -> Result<Response, ApiError> {
    let bytes = library::pdf(&state.app, id).await?;
    Ok(download(bytes, "application/pdf", &format!("case-{id}.pdf")))
}
