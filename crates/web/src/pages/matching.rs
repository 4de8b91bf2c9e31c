//! 「パートナー候補」: candidates for an organisation or for one of its listings, with reasons.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use kyodo_domain::matching::evidence::Strength;
use kyodo_domain::matching::{Party, Universe};
use kyodo_domain::organization::OrgKind;
use serde::Deserialize;

use super::org_context::parse_id;
use super::{Layout, Lenient, page};
use crate::api::parse_kinds;
use crate::error::PageError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations/{id}/matches", get(for_organization))
        .route("/listings/{lid}/matches", get(for_listing))
        .route("/themes/{tid}/matches", get(for_theme))
}

/// Candidates for a draft collaboration theme (private: the organisation's members only).
async fn for_theme(
    State(state): State<AppState>,
    layout: Layout,
    Path(tid): Path<String>,
    Lenient(q): Lenient<MatchQuery>,
) -> Result<Response, PageError> {
    let theme = state.store.theme(parse_id(&tid)?).await?.ok_or(PageError::NotFound)?;
    let member = match &layout.user {
        Some(u) => state.store.member_role(theme.organization_id, u.id).await?.is_some(),
        None => false,
    };
    if !member {
        return Err(PageError::NotFound);
    }
    let parties = kyodo_app::matching::parties_for(
        &state.app,
        theme.organization_id,
        kyodo_app::matching::Seeker::Theme(theme.theme.as_need()),
    )
    .await
    .map_err(|e| PageError::Internal(e.to_string()))?
    .ok_or(PageError::NotFound)?;
    render_matches(
        &state,
        layout,
        parties,
        theme.organization_id,
        For::Theme(theme.theme.collaboration_theme.clone()),
        &q.kind,
        format!("/themes/{}/matches", theme.id),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MatchQuery {
    kind: String,
}

struct Row {
    id: i64,
    name: String,
    kind: &'static str,
    municipality: Option<String>,
    /// `strong`, `moderate` or `weak`, and its words (強い・中程度・弱い).
    strength: &'static str,
    strength_label: &'static str,
    reasons: Vec<String>,
    type_id: Option<&'static str>,
    type_name: Option<&'static str>,
    type_cautions: Option<String>,
    /// Cases of this pair's kinds and suggested type in the library: (title, href).
    cases: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "organizations/matches.html")]
struct MatchesPage {
    layout: Layout,
    seeker_id: i64,
    seeker_name: String,
    /// Set when matching for one listing.
    listing_title: Option<String>,
    /// Set when matching for a draft collaboration theme.
    theme_title: Option<String>,
    base: String,
    kinds: [OrgKind; 7],
    kind: String,
    rows: Vec<Row>,
    /// Members of the seeker may turn a candidate into a collaboration theme (Action I).
    theme_link: Option<String>,
    /// Members are shown what would help when no good partner exists yet.
    member: bool,
    /// Whether any candidate fits better than 弱い.
    any_good: bool,
}

/// What the candidates are for: the organisation, one of its listings, or a draft theme (its title).
enum For {
    Organization,
    Listing(i64),
    Theme(String),
}

async fn render_matches(
    state: &AppState,
    layout: Layout,
    parties: Vec<Party>,
    seeker_id: i64,
    target: For,
    kind: &str,
    base: String,
) -> Result<Response, PageError> {
    let listing = match target {
        For::Listing(l) => Some(l),
        _ => None,
    };
    let theme_title = match target {
        For::Theme(t) => Some(t),
        _ => None,
    };
    let member = match &layout.user {
        Some(u) => state.store.member_role(seeker_id, u.id).await?.is_some(),
        None => false,
    };
    let theme_link = member.then(|| {
        let from = listing.map(|l| format!("&listing={l}")).unwrap_or_default();
        format!("/organizations/{seeker_id}/themes?{}", from.trim_start_matches('&'))
    });
    let seeker = parties
        .iter()
        .position(|p| p.id == seeker_id)
        .ok_or(PageError::NotFound)?;
    let listing_title = listing.and_then(|_| parties[seeker].listings.first().map(|l| l.title.clone()));
    let kinds = parse_kinds(Some(kind)).unwrap_or_default();
    let library = kyodo_app::case_studies::library::all(&state.app).await?;
    let seeker_kind = parties[seeker].kind.label_ja();
    let universe = Universe::new(&parties);
    let rows: Vec<Row> = universe
        .matches(seeker, &kinds, 10)
        .into_iter()
        .filter_map(|c| {
            let p = parties.iter().find(|p| p.id == c.id)?;
            Some(Row {
                id: p.id,
                name: p.name.clone(),
                kind: p.kind.label_ja(),
                municipality: p.municipality.clone(),
                strength: c.strength.as_str(),
                strength_label: c.strength.label_ja(),
                reasons: c.reasons,
                type_id: c.suggested_type.map(|t| t.as_str()),
                type_name: c.suggested_type.map(|t| t.label_ja()),
                type_cautions: c.suggested_type.map(|t| t.info().cautions.clone()),
                cases: kyodo_domain::case_study::library::like(
                    &library,
                    "",
                    c.suggested_type.map_or("", |t| t.label_ja()),
                    &[seeker_kind, p.kind.label_ja()],
                    &[],
                    2,
                )
                .into_iter()
                .map(|x| (x.title.clone(), x.href()))
                .collect(),
            })
        })
        .collect();
    let any_good = rows.iter().any(|r: &Row| r.strength != Strength::Weak.as_str());
    page(&MatchesPage {
        any_good,
        layout: layout.in_section("find"),
        seeker_id,
        seeker_name: parties[seeker].name.clone(),
        listing_title,
        theme_title,
        base,
        kinds: OrgKind::ALL,
        kind: kinds.first().map(|k| k.as_str().to_owned()).unwrap_or_default(),
        rows,
        theme_link,
        member,
    })
}

async fn for_organization(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
    Lenient(q): Lenient<MatchQuery>,
) -> Result<Response, PageError> {
    let id = parse_id(&id)?;
    let parties = kyodo_app::matching::parties_for(&state.app, id, kyodo_app::matching::Seeker::Organization)
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?
        .ok_or(PageError::NotFound)?;
    render_matches(
        &state,
        layout,
        parties,
        id,
        For::Organization,
        &q.kind,
        format!("/organizations/{id}/matches"),
    )
    .await
}

async fn for_listing(
    State(state): State<AppState>,
    layout: Layout,
    Path(lid): Path<String>,
    Lenient(q): Lenient<MatchQuery>,
) -> Result<Response, PageError> {
    let lid = parse_id(&lid)?;
    let listing = state.store.listing(lid).await?.ok_or(PageError::NotFound)?;
    let parties = kyodo_app::matching::parties_for(
        &state.app,
        listing.organization_id,
        kyodo_app::matching::Seeker::Listing(lid),
    )
    .await
    .map_err(|e| PageError::Internal(e.to_string()))?
    .ok_or(PageError::NotFound)?;
    render_matches(
        &state,
        layout,
        parties,
        listing.organization_id,
        For::Listing(lid),
        &q.kind,
        format!("/listings/{lid}/matches"),
    )
    .await
}
