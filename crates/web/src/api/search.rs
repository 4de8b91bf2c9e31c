//! Search in the API: the same index and words as the page, strict about filter values.

use axum::Json;
use axum::extract::State;
use kyodo_domain::listing::{Direction, Resource};
use kyodo_domain::{FieldError, Invalid};
use kyodo_search::{DocKind, Filters};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiQuery, kind_filter, municipality_filter, number, present};
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(suggestions))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words, all of which must appear (Japanese of any length; full-width and half-width alike).
    q: Option<String>,
    /// `organization` or `listing`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    doc: Option<String>,
    kind: Option<String>,
    municipality: Option<String>,
    field: Option<String>,
    sdg: Option<String>,
    resource: Option<String>,
    direction: Option<String>,
    /// `true` for organisations a coordinator has verified.
    verified: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SnippetPart {
    text: String,
    /// A matched word.
    highlight: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SearchHit {
    /// `organization` or `listing`.
    #[serde(rename = "type")]
    doc: String,
    id: i64,
    organization_id: i64,
    organization_name: String,
    title: String,
    snippet: Vec<SnippetPart>,
    score: f32,
}

/// Counts per value of one filter over all matches: `name` is the filter's query parameter
/// (`type` for the document type), `value` what to pass to it.
#[derive(Serialize, ToSchema)]
pub struct FacetCounts {
    name: String,
    values: Vec<FacetValue>,
}

#[derive(Serialize, ToSchema)]
pub struct FacetValue {
    value: String,
    count: u64,
}

#[derive(Serialize, ToSchema)]
pub struct SearchPage {
    items: Vec<SearchHit>,
    total: usize,
    page: usize,
    per_page: usize,
    facets: Vec<FacetCounts>,
    /// Query words that also found other spellings by their reading or another writing
    /// (「ふくし」 found 「福祉」), with the spellings found in this page's items.
    read_as: Vec<ReadAsView>,
}

#[derive(Serialize, ToSchema)]
pub struct ReadAsView {
    word: String,
    found: Vec<String>,
}

/// Organisations and listings by words and filters, best first, with snippets.
#[utoipa::path(get, path = "/search", tag = "search", params(SearchParams),
    responses((status = 200, body = SearchPage), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn search(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> Result<Json<SearchPage>, ApiError> {
    let mut e = Invalid::default();
    let unknown = |field: &str, v: &str| FieldError::new(field, "unknown_value", format!("{field}「{v}」は不明です。"));
    let q = p.q.clone().unwrap_or_default();
    if q.chars().count() > crate::pages::search::MAX_QUERY {
        e.push(FieldError::too_long("q", "検索語", crate::pages::search::MAX_QUERY));
    }
    let doc = present(&p.doc).and_then(|d| e.check(DocKind::parse(&d).ok_or_else(|| unknown("type", &d))));
    let kind = kind_filter(&mut e, &p.kind);
    let municipality = municipality_filter(&mut e, &p.municipality);
    let field = present(&p.field).and_then(|_| e.check(number("field", &p.field, 1, 20)));
    let sdg = present(&p.sdg).and_then(|_| e.check(number("sdg", &p.sdg, 1, 17)));
    let resource =
        present(&p.resource).and_then(|r| e.check(Resource::parse(&r).ok_or_else(|| unknown("resource", &r))));
    let direction =
        present(&p.direction).and_then(|d| e.check(Direction::parse(&d).ok_or_else(|| unknown("direction", &d))));
    let verified_only = matches!(present(&p.verified).as_deref(), Some("true" | "1"));
    let page = usize::try_from(e.check(number("page", &p.page, 1, 500)).unwrap_or(1)).unwrap_or(1);
    let per_page = usize::try_from(e.check(number("per_page", &p.per_page, 20, 100)).unwrap_or(20)).unwrap_or(20);
    if !e.0.is_empty() {
        return Err(ApiError::Invalid(e));
    }
    let filters = Filters {
        doc,
        kind,
        municipality,
        field: field.and_then(|n| u8::try_from(n).ok()),
        sdg: sdg.and_then(|n| u8::try_from(n).ok()),
        resource: resource.map(|r| r.as_str().to_owned()),
        direction: direction.map(|d| d.as_str().to_owned()),
        verified_only,
    };
    let result = state
        .app
        .search(q, filters, per_page, (page - 1) * per_page)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let items = result
        .hits
        .into_iter()
        .map(|h| SearchHit {
            doc: h.kind.as_str().into(),
            id: h.id,
            organization_id: h.org_id,
            organization_name: h.org_name,
            title: h.title,
            snippet: h
                .snippet
                .parts
                .into_iter()
                .map(|(text, highlight)| SnippetPart { text, highlight })
                .collect(),
            score: h.score,
        })
        .collect();
    let facets = result
        .facets
        .into_iter()
        .map(|f| FacetCounts {
            name: if f.name == "doc" { "type" } else { f.name }.to_owned(),
            values: f
                .values
                .into_iter()
                .map(|(value, count)| FacetValue { value, count })
                .collect(),
        })
        .collect();
    Ok(Json(SearchPage {
        items,
        total: result.total,
        page,
        per_page,
        facets,
        read_as: result
            .read_as
            .into_iter()
            .map(|r| ReadAsView {
                word: r.word,
                found: r.found,
            })
            .collect(),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// What has been typed so far (50 characters are read).
    q: Option<String>,
}

/// One suggestion: a term of the guide (search for it), or an organisation, listing or case
/// (`href` is its page).
#[derive(Serialize, ToSchema)]
pub struct SuggestionView {
    text: String,
    #[schema(example = "organization")]
    kind: String,
    href: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Suggestions {
    items: Vec<SuggestionView>,
}

/// Suggestions as a search is typed: the guide's terms, then names and titles, found by spelling
/// or reading (「ふく」 suggests 「福祉」). At most 8.
#[utoipa::path(get, path = "/search/suggestions", tag = "search", params(SuggestParams),
    responses((status = 200, body = Suggestions)))]
async fn suggestions(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<SuggestParams>,
) -> Result<Json<Suggestions>, ApiError> {
    let app = state.app.clone();
    let typed = p.q.unwrap_or_default();
    let found = state
        .app
        .on_index(move || kyodo_app::suggestions::suggest(&app, &typed))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Json(Suggestions {
        items: found
            .into_iter()
            .map(|s| SuggestionView {
                text: s.text,
                kind: s.kind.as_str().to_owned(),
                href: s.href,
            })
            .collect(),
    }))
}
