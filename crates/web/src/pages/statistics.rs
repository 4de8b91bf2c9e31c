//! 協働の統計 (`/statistics`): the white paper's survey figures beside the same indicators
//! computed live from kyodo, for the whole area, by municipality and by 年度; and the same table
//! as CSV and XLSX. Thin handlers over `kyodo_app::statistics`; the page prints on A4.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use kyodo_domain::catalog::catalog;
use kyodo_domain::era::format_unix_datetime;
use kyodo_domain::statistics::{Breakdown, Cell, Figure};

use crate::error::PageError;
use crate::pages::{Layout, render};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/statistics", get(page))
        .route("/statistics.csv", get(csv))
        .route("/statistics.xlsx", get(xlsx))
}

/// One answer compared: the survey's values (per survey year) and kyodo's.
struct Row {
    label: String,
    rule: String,
    survey: Vec<String>,
    live: String,
    percent: Option<f64>,
}

/// Slices as rows, the collected categories as columns.
pub(crate) struct SliceTable {
    pub head: Vec<String>,
    /// (slice, its base, its cells)
    pub rows: Vec<(String, String, Vec<String>)>,
}

impl SliceTable {
    pub(crate) fn of(f: &Figure, slices: &[&Breakdown]) -> Self {
        let shown: Vec<usize> = (0..f.categories.len()).filter(|i| f.categories[*i].collected).collect();
        Self {
            head: shown.iter().map(|i| f.categories[*i].label.clone()).collect(),
            rows: slices
                .iter()
                .map(|b| {
                    (
                        b.label.clone(),
                        b.base.text(),
                        shown.iter().map(|i| b.cells[*i].text()).collect(),
                    )
                })
                .collect(),
        }
    }
}

struct FigureView {
    id: String,
    title: String,
    definition: String,
    base: String,
    records: u32,
    years: Vec<&'static str>,
    rows: Vec<Row>,
    towns: SliceTable,
    by_year: SliceTable,
    any_hidden: bool,
}

fn view(f: &Figure) -> FigureView {
    let table = catalog().survey.tables.iter().find(|t| t.id == f.id);
    let years = table.map_or_else(Vec::new, |t| {
        t.years
            .iter()
            .map(|y| match y.as_str() {
                "R2" => "令和2年度",
                "H27" => "平成27年度",
                _ => "調査",
            })
            .collect()
    });
    let survey_of = |label: &str| -> Vec<String> {
        table
            .and_then(|t| t.rows.iter().find(|r| r.label == label))
            .map_or_else(
                || vec!["—".into(); years.len()],
                |r| r.values.iter().map(|v| format!("{v:.1}%")).collect(),
            )
    };
    let mut rows: Vec<Row> = f
        .categories
        .iter()
        .zip(&f.all.cells)
        .map(|(c, cell)| Row {
            label: c.label.clone(),
            rule: c.rule.clone(),
            survey: survey_of(&c.label),
            live: cell.text(),
            percent: cell.percent(),
        })
        .collect();
    // Answers the survey had and kyodo has no category for (無回答).
    for r in table.map(|t| t.rows.as_slice()).unwrap_or_default() {
        if !f.categories.iter().any(|c| c.label == r.label) {
            rows.push(Row {
                label: r.label.clone(),
                rule: "kyodo にはない回答です。".into(),
                survey: survey_of(&r.label),
                live: "×".into(),
                percent: None,
            });
        }
    }
    let slices = std::iter::once(&f.all).chain(&f.municipalities).chain(&f.years);
    let any_hidden = slices
        .flat_map(|b| std::iter::once(&b.base).chain(&b.cells))
        .any(|c| *c == Cell::Suppressed);
    FigureView {
        id: f.id.clone(),
        title: f.title.clone(),
        definition: f.definition.clone(),
        base: f.base.clone(),
        records: f.records,
        years,
        rows,
        towns: SliceTable::of(f, &f.municipalities.iter().collect::<Vec<_>>()),
        by_year: SliceTable::of(f, &f.years.iter().collect::<Vec<_>>()),
        any_hidden,
    }
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsPage {
    layout: Layout,
    computed: String,
    computed_iso: String,
    civic_groups: u32,
    min_cell: u32,
    figures: Vec<FigureView>,
    survey: &'static kyodo_domain::catalog::Survey,
}

async fn page(State(state): State<AppState>, layout: Layout) -> Result<Response, PageError> {
    let s = kyodo_app::statistics::latest(&state.app).await?;
    let t = StatisticsPage {
        layout: layout.in_section("guide"),
        computed: format_unix_datetime(s.computed_at),
        computed_iso: kyodo_domain::era::rfc3339(s.computed_at),
        civic_groups: s.civic_groups,
        min_cell: kyodo_domain::statistics::MIN_CELL,
        figures: s.figures.iter().map(view).collect(),
        survey: &catalog().survey,
    };
    Ok(render(StatusCode::OK, &t))
}

async fn csv(State(state): State<AppState>) -> Result<Response, PageError> {
    let (name, body) = kyodo_app::statistics::csv(&state.app).await?;
    Ok(crate::files::download(
        body.into_bytes(),
        "text/csv; charset=utf-8",
        &name,
    ))
}

async fn xlsx(State(state): State<AppState>) -> Result<Response, PageError> {
    let (name, file) = kyodo_app::statistics::xlsx(&state.app).await?;
    Ok(crate::files::file_download(
        file,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
    ))
}
