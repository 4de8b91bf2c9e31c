//! The case library for everyone (`/cases`): the guide's cases and the published ones, found by
//! the words and narrowed by facets that combine; and one published case (`/cases/{id}`) as a
//! page that prints on A4.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kyodo_app::case_studies::library;
use kyodo_domain::case_study::CaseStudy;
use kyodo_domain::case_study::library::{CaseFilter, Facet, LibraryCase, shown};
use kyodo_domain::era::format_unix_date;

use crate::error::PageError;
use crate::pages::{Layout, PathIds, render};
use crate::state::AppState;

/// A case as a list shows it.
pub(super) struct Entry {
    href: String,
    title: String,
    /// 「手引 事例1」 for the guide's.
    source: Option<String>,
    summary: String,
    /// (label, link to the list filtered by it)
    tags: Vec<(String, String)>,
    parties: String,
}

pub(super) fn entries(cases: &[LibraryCase]) -> Vec<Entry> {
    let none = CaseFilter::default();
    cases
        .iter()
        .map(|c| {
            let mut tags = Vec::new();
            for (key, value) in [("field", &c.field), ("collaboration_type", &c.collaboration_type)] {
                if !value.is_empty() {
                    tags.push((value.clone(), none.link(key, value)));
                }
            }
            if let Some(y) = c.year {
                tags.push((shown("year", &y.to_string()), none.link("year", &y.to_string())));
            }
            Entry {
                href: c.href(),
                title: c.title.clone(),
                source: match &c.source {
                    kyodo_domain::case_study::library::CaseSource::Guide { label, .. } => Some(format!("手引 {label}")),
                    kyodo_domain::case_study::library::CaseSource::Kyodo(_) => None,
                },
                summary: c.summary.chars().take(120).collect::<String>()
                    + if c.summary.chars().count() > 120 { "…" } else { "" },
                tags,
                parties: c.parties.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join("・"),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "cases/library.html")]
struct LibraryPage {
    layout: Layout,
    q: String,
    entries: Vec<Entry>,
    facets: Vec<Facet>,
    chosen: Vec<(&'static str, String, String)>,
    by_reading: bool,
    filtered: bool,
}

pub(super) async fn list(
    State(state): State<AppState>,
    layout: Layout,
    Query(f): Query<CaseFilter>,
) -> Result<Response, PageError> {
    let found = library::search(&state.app, &f).await?;
    let t = LibraryPage {
        layout: layout.in_section("guide"),
        q: f.q.clone(),
        entries: entries(&found.cases),
        facets: found.facets,
        chosen: f.chosen(),
        by_reading: found.by_reading && !f.q.trim().is_empty(),
        filtered: !f.is_empty(),
    };
    Ok(render(StatusCode::OK, &t))
}

/// A party on the case page, its kind and town each a link to the cases like it.
struct PartyView {
    name: String,
    kind: Option<(String, String)>,
    municipality: Option<(String, String)>,
    did: String,
    gained: String,
}

#[derive(Template)]
#[template(path = "cases/case.html")]
struct CasePage {
    layout: Layout,
    id: i64,
    c: CaseStudy,
    /// (label, link)
    tags: Vec<(String, String)>,
    /// The key persons who agreed: nobody else's name is shown.
    speaking: Vec<kyodo_domain::case_study::KeyPerson>,
    resources: Vec<(String, String)>,
    parties: Vec<PartyView>,
    updated: String,
    related: Vec<Entry>,
}

pub(super) async fn show(
    State(state): State<AppState>,
    layout: Layout,
    PathIds(id): PathIds<i64>,
) -> Result<Response, PageError> {
    let p = library::case(&state.app, id).await?;
    let none = CaseFilter::default();
    let c = p.content;
    let mut tags = Vec::new();
    for (key, value) in [("field", &c.field), ("collaboration_type", &c.collaboration_type)] {
        if !value.is_empty() {
            tags.push((value.clone(), none.link(key, value)));
        }
    }
    let t = CasePage {
        layout: layout.in_section("guide"),
        id: p.id,
        tags,
        speaking: c.key_persons.iter().filter(|k| k.consented).cloned().collect(),
        resources: c
            .resources
            .iter()
            .map(|r| (shown("resource", r), none.link("resource", r)))
            .collect(),
        parties: c
            .parties
            .iter()
            .map(|x| PartyView {
                name: x.name.clone(),
                kind: (!x.kind.is_empty()).then(|| (x.kind.clone(), none.link("kind", &x.kind))),
                municipality: (!x.municipality.is_empty())
                    .then(|| (x.municipality.clone(), none.link("municipality", &x.municipality))),
                did: x.did.clone(),
                gained: x.gained.clone(),
            })
            .collect(),
        updated: format_unix_date(p.updated_at),
        related: entries(&p.related),
        c,
    };
    Ok(render(StatusCode::OK, &t))
}

pub(super) async fn pdf(State(state): State<AppState>, PathIds(id): PathIds<i64>) -> Result<Response, PageError> {
    let bytes = library::pdf(&state.app, id).await?;
    Ok(crate::files::download(
        bytes,
        "application/pdf",
        &format!("case-{id}.pdf"),
    ))
}
