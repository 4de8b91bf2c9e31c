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
    /// The query parameter a facet sets.
    fn slot(&mut self, facet: &str) -> Option<&mut String> {
        Some(match facet {
            "doc" => &mut self.doc,
            "kind" => &mut self.kind,
            "municipality" => &mut self.municipality,
            "field" => &mut self.field,
            "sdg" => &mut self.sdg,
            "resource" => &mut self.resource,
            "direction" => &mut self.direction,
            "verified" => &mut self.verified,
            _ => return None,
        })
    }

    /// This search as a link, at `page` (the first page without it).
    fn href(&self, page: Option<i64>) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("type", &self.doc),
            ("kind", &self.kind),
            ("municipality", &self.municipality),
            ("field", &self.field),
            ("sdg", &self.sdg),
            ("resource", &self.resource),
            ("direction", &self.direction),
            ("verified", &self.verified),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        if let Some(p) = page {
            s.append_pair("page", &p.to_string());
        }
        format!("/search?{}", s.finish())
    }

    /// Filters from the query; unknown values are dropped (the page) — the API refuses them.
    pub fn filters(&self) -> Filters {
        let num = |s: &str, max: u8| {
            text::to_halfwidth_ascii(s.trim())
                .parse::<u8>()
                .ok()
                .filter(|n| (1..=max).contains(n))
        };
        Filters {
            doc: DocKind::parse(self.doc.trim()),
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

/// One filter's values with their counts, each a link that narrows the search to it.
struct FacetView {
    heading: &'static str,
    items: Vec<FacetItem>,
}

struct FacetItem {
    label: String,
    count: u64,
    href: String,
    current: bool,
}

fn facet_label(name: &str, value: &str) -> Option<(&'static str, String)> {
    let c = catalog();
    let n = value.parse::<usize>().ok();
    Some(match name {
        "doc" => (
            "対象",
            match value {
                "organization" => "団体",
                "listing" => "協働募集",
                "case" => "協働事例",
                _ => return None,
            }
            .to_owned(),
        ),
        "kind" => ("団体の種類", OrgKind::parse(value)?.label_ja().to_owned()),
        "municipality" => ("市町", value.to_owned()),
        "field" => ("活動分野", c.activity_fields.get(n?.checked_sub(1)?)?.clone()),
        "sdg" => ("SDGs", format!("{}. {}", n?, c.sdgs.get(n?.checked_sub(1)?)?)),
        "resource" => ("資源", Resource::parse(value)?.label_ja().to_owned()),
        "direction" => ("ニーズ／提供", Direction::parse(value)?.label_ja().to_owned()),
        "verified" if value == "1" => ("確認", "確認済みの団体".to_owned()),
        _ => return None,
    })
}

fn facet_views(q: &SearchQuery, facets: &[kyodo_search::Facet]) -> Vec<FacetView> {
    facets
        .iter()
        .filter_map(|f| {
            let mut heading = "";
            let items: Vec<FacetItem> = f
                .values
                .iter()
                .filter_map(|(value, count)| {
                    let (h, label) = facet_label(f.name, value)?;
                    heading = h;
                    let mut narrowed = q.clone();
                    let slot = narrowed.slot(f.name)?;
                    let current = slot == value;
                    *slot = value.clone();
                    Some(FacetItem {
                        label,
                        count: *count,
                        href: narrowed.href(None),
                        current,
                    })
                })
                .collect();
            // A facet with one value that is already chosen says nothing new.
            let says_something = match items.as_slice() {
                [] => false,
                [only] => !only.current,
                _ => true,
            };
            says_something.then_some(FacetView { heading, items })
        })
        .collect()
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
            DocKind::Case => (kyodo_app::suggestions::case_href(h.id), "協働事例"),
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
    facets: Vec<FacetView>,
    /// 「ふくし」の読みで「福祉」も検索しました: each query word with the spellings it found.
    read_as: Vec<kyodo_search::ReadAs>,
    /// Offered under the box before anything is typed; `kyodo.js` refills the list as one types.
    terms: Vec<&'static str>,
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
    let result = state
        .app
        .search(q.q.clone(), filters.clone(), PER_PAGE, offset)
        .await
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
    let link = |p: i64| q.href(Some(p));
    let facets = facet_views(&q, &result.facets);
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
        read_as: result.read_as,
        terms: kyodo_app::suggestions::guide_terms().collect(),
        facets,
        total,
        page: page_no,
    })
}
