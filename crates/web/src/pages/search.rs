//! One search box over organisations and listings, in Japanese.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use kyodo_domain::catalog::{Catalog, catalog};
use kyodo_domain::listing::{Direction, Resource};
use kyodo_domain::organization::OrgKind;
use kyodo_domain::text;
use kyodo_search::{DocKind, Filters, Hit};
use serde::Deserialize;

use super::organizations::parse_page;
use super::{Layout, Lenient, page};
use crate::error::PageError;
use crate::state::AppState;

const PER_PAGE: usize = 20;
pub const MAX_QUERY: usize = 200;

pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(search))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SearchQuery {
    pub q: String,
    #[serde(rename = "type")]
    pub doc: String,
    pub kind: String,
    pub municipality: String,
    pub field: String,
    pub sdg: String,
    pub resource: String,
    pub direction: String,
    pub verified: String,
    pub page: String,
}

impl SearchQuery {
    /// Filters from the query; unknown values are dropped (the page) — the API refuses them.
    pub fn filters(&self) -> Filters {
        let num = |s: &str, max: u8| {
            text::to_halfwidth_ascii(s.trim())
                .parse::<u8>()
                .ok()
                .filter(|n| (1..=max).contains(n))
        };
        Filters {
            doc: match self.doc.as_str() {
                "organization" => Some(DocKind::Organization),
                "listing" => Some(DocKind::Listing),
                _ => None,
            },
            kind: OrgKind::parse(self.kind.trim()),
            municipality: Some(text::clean(&self.municipality, false))
                .filter(|m| catalog().is_yamaguchi_municipality(m)),
            field: num(&self.field, 20),
            sdg: num(&self.sdg, 17),
            resource: Resource::parse(self.resource.trim()).map(|r| r.as_str().to_owned()),
            direction: Direction::parse(self.direction.trim()).map(|d| d.as_str().to_owned()),
            verified_only: self.verified == "1",
        }
    }
}

struct Row {
    href: String,
    label: &'static str,
    title: String,
    org_name: String,
    parts: Vec<(String, bool)>,
}

impl From<Hit> for Row {
    fn from(h: Hit) -> Self {
        let (href, label) = match h.kind {
            DocKind::Organization => (format!("/organizations/{}", h.id), "団体"),
            DocKind::Listing => (format!("/listings/{}/matches", h.id), "協働募集"),
        };
        Self {
            href,
            label,
            title: h.title,
            org_name: h.org_name,
            parts: h.snippet.parts,
        }
    }
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    c: &'static Catalog,
    kinds: [OrgKind; 7],
    q: SearchQuery,
    searched: bool,
    truncated: bool,
    rows: Vec<Row>,
    total: usize,
    page: i64,
    prev: Option<String>,
    next: Option<String>,
}

async fn search(
    State(state): State<AppState>,
    layout: Layout,
    Lenient(q): Lenient<SearchQuery>,
) -> Result<Response, PageError> {
    let truncated = q.q.chars().count() > MAX_QUERY;
    let filters = q.filters();
    let page_no = parse_page(&q.page);
    let offset = usize::try_from(page_no - 1).unwrap_or(0) * PER_PAGE;
    let index = state.search.clone();
    let (query, f) = (q.q.clone(), filters.clone());
    let result = tokio::task::spawn_blocking(move || index.search(&query, &f, PER_PAGE, offset))
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?
        .map_err(|e| PageError::Internal(e.to_string()))?;
    let searched = !q.q.trim().is_empty()
        || filters.doc.is_some()
        || filters.kind.is_some()
        || filters.municipality.is_some()
        || filters.field.is_some()
        || filters.sdg.is_some()
        || filters.resource.is_some()
        || filters.direction.is_some()
        || filters.verified_only;
    let link = |p: i64| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &q.q),
            ("type", &q.doc),
            ("kind", &q.kind),
            ("municipality", &q.municipality),
            ("field", &q.field),
            ("sdg", &q.sdg),
            ("resource", &q.resource),
            ("direction", &q.direction),
            ("verified", &q.verified),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        s.append_pair("page", &p.to_string());
        format!("/search?{}", s.finish())
    };
    let total = result.total;
    page(&SearchPage {
        layout: layout.in_section("search"),
        c: catalog(),
        kinds: OrgKind::ALL,
        prev: (page_no > 1).then(|| link(page_no - 1)),
        next: (offset + PER_PAGE < total).then(|| link(page_no + 1)),
        q,
        searched,
        truncated,
        rows: result.hits.into_iter().map(Row::from).collect(),
        total,
        page: page_no,
    })
}
