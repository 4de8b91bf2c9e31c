//! Partner candidates (協働パートナー候補), as `shared/spec/interchange.md` defines the endpoint.

use axum::Json;
use axum::extract::{Path, State};
use kyodo_domain::matching::Universe;
use kyodo_domain::organization::OrgKind;
use kyodo_domain::{FieldError, Invalid, text};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiQuery;
use super::organizations::OrganizationSummaryView;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(matches))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct MatchParams {
    /// How many candidates, 1–50 (default 10).
    limit: Option<String>,
    /// Only these kinds, comma-separated (e.g. `company` or `npo_corporation,certified_npo`).
    kind: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MatchView {
    organization: OrganizationSummaryView,
    /// Higher is better; comparable within one answer.
    score: f64,
    /// How well the two complement each other, from the evidence: `strong` (強い), `moderate`
    /// (中程度) or `weak` (弱い: resources of a kind that fits, nothing more).
    #[schema(example = "strong")]
    strength: String,
    strength_label: String,
    /// Why, in Japanese: the complementary listings, what each side gains, what they share.
    reasons: Vec<String>,
    /// The collaboration type that fits the exchange, with the guide's caution for it.
    suggested_type: Option<SuggestedType>,
}

#[derive(Serialize, ToSchema)]
pub struct SuggestedType {
    id: String,
    name: String,
    cautions: String,
}

#[derive(Serialize, ToSchema)]
pub struct MatchesView {
    matches: Vec<MatchView>,
}

/// Parses `kind=a,b`; unknown kinds are an error.
pub fn parse_kinds(s: Option<&str>) -> Result<Vec<OrgKind>, FieldError> {
    s.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| {
            OrgKind::parse(k).ok_or_else(|| FieldError::new("kind", "unknown_kind", format!("kind「{k}」は不明です。")))
        })
        .collect()
}

/// Candidate partners for an organisation, best first, with reasons (two-sided: what each needs
/// against what the other offers). Dissolved organisations and closed listings are left out.
#[utoipa::path(get, path = "/organizations/{id}/matches", tag = "organizations", params(("id" = i64, Path), MatchParams),
    responses((status = 200, body = MatchesView), (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn matches(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<MatchParams>,
) -> Result<Json<MatchesView>, ApiError> {
    let id: i64 = text::to_halfwidth_ascii(&id).parse().map_err(|_| ApiError::NotFound)?;
    let mut e = Invalid::default();
    let kinds = e.check(parse_kinds(p.kind.as_deref())).unwrap_or_default();
    let limit = match p
        .limit
        .as_deref()
        .map(|l| text::to_halfwidth_ascii(l.trim()))
        .filter(|l| !l.is_empty())
    {
        None => 10,
        Some(l) => e
            .check(l.parse::<usize>().ok().filter(|n| (1..=50).contains(n)).ok_or_else(|| {
                FieldError::new("limit", "out_of_range", "limit は1から50までの整数で指定してください。")
            }))
            .unwrap_or(10),
    };
    if !e.0.is_empty() {
        return Err(ApiError::Invalid(e));
    }
    let parties = kyodo_app::matching::parties_for(&state.app, id, kyodo_app::matching::Seeker::Organization)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .ok_or(ApiError::NotFound)?;
    let seeker = parties.iter().position(|p| p.id == id).ok_or(ApiError::NotFound)?;
    let universe = Universe::new(&parties);
    let found = universe.matches(seeker, &kinds, limit);
    let matches = found
        .into_iter()
        .filter_map(|c| {
            let p = parties.iter().find(|p| p.id == c.id)?;
            Some(MatchView {
                organization: OrganizationSummaryView::new(p.id, None, p.kind, p.name.clone(), p.municipality.clone()),
                score: (c.score * 1000.0).round() / 1000.0,
                strength: c.strength.as_str().into(),
                strength_label: c.strength.label_ja().into(),
                reasons: c.reasons,
                suggested_type: c.suggested_type.map(|t| SuggestedType {
                    id: t.as_str().into(),
                    name: t.label_ja().into(),
                    cautions: t.info().cautions.clone(),
                }),
            })
        })
        .collect();
    Ok(Json(MatchesView { matches }))
}
