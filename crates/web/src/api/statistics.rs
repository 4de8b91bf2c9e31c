//! 協働の統計 in the API (no sign-in): every figure as the page shows it — already suppressed —
//! with the white paper's survey, and the same long table as CSV and XLSX.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use kyodo_domain::catalog::catalog;
use kyodo_domain::statistics::{Breakdown, Cell, Figure};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_statistics))
        .routes(routes!(statistics_csv))
        .routes(routes!(statistics_xlsx))
}

#[derive(Serialize, ToSchema)]
pub struct StatCellView {
    /// `shown`, `suppressed` (fewer than 5 organisations, or derivable from others) or
    /// `not_collected` (kyodo's records cannot tell).
    state: &'static str,
    count: Option<u32>,
    /// Of the slice's base, one decimal.
    percent: Option<f64>,
}

fn cell(c: Cell) -> StatCellView {
    StatCellView {
        state: match c {
            Cell::Shown { .. } => "shown",
            Cell::Suppressed => "suppressed",
            Cell::NotCollected => "not_collected",
        },
        count: c.count(),
        percent: c.percent(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct StatSliceView {
    /// 「全体」, a municipality, or 「2026年度（令和8年度）」.
    label: String,
    /// The municipality's name or the 年度 (e.g. `2026`); empty for the whole.
    key: String,
    base: StatCellView,
    /// In the order of the figure's categories.
    cells: Vec<StatCellView>,
}

fn slice(b: &Breakdown) -> StatSliceView {
    StatSliceView {
        label: b.label.clone(),
        key: b.key.clone(),
        base: cell(b.base),
        cells: b.cells.iter().map(|c| cell(*c)).collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct StatCategoryView {
    label: String,
    /// How kyodo recognises it.
    rule: String,
    collected: bool,
}

#[derive(Serialize, ToSchema)]
pub struct SurveyRowView {
    label: String,
    /// One per survey year, in `years`' order (%).
    values: Vec<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct StatFigureView {
    /// `experience`, `content`, `expectations`, `challenges` (the white paper's tables).
    id: String,
    title: String,
    definition: String,
    base: String,
    /// Records the figure was computed from.
    records: u32,
    categories: Vec<StatCategoryView>,
    all: StatSliceView,
    municipalities: Vec<StatSliceView>,
    years: Vec<StatSliceView>,
    /// The white paper's survey years (`R2`, `H27`) and its values for this figure.
    survey_years: Vec<String>,
    survey: Vec<SurveyRowView>,
}

fn figure(f: &Figure) -> StatFigureView {
    let table = catalog().survey.tables.iter().find(|t| t.id == f.id);
    StatFigureView {
        id: f.id.clone(),
        title: f.title.clone(),
        definition: f.definition.clone(),
        base: f.base.clone(),
        records: f.records,
        categories: f
            .categories
            .iter()
            .map(|c| StatCategoryView {
                label: c.label.clone(),
                rule: c.rule.clone(),
                collected: c.collected,
            })
            .collect(),
        all: slice(&f.all),
        municipalities: f.municipalities.iter().map(slice).collect(),
        years: f.years.iter().map(slice).collect(),
        survey_years: table.map(|t| t.years.clone()).unwrap_or_default(),
        survey: table
            .map(|t| {
                t.rows
                    .iter()
                    .map(|r| SurveyRowView {
                        label: r.label.clone(),
                        values: r.values.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct StatisticsView {
    /// When the figures were computed (RFC 3339).
    computed_at: String,
    /// Civic groups counted.
    civic_groups: u32,
    /// Cells under this many organisations are suppressed.
    min_cell: u32,
    /// The white paper's survey these figures answer.
    survey_title: String,
    survey_answers: u32,
    figures: Vec<StatFigureView>,
}

/// Every figure (suppressed as published), beside the white paper's survey.
#[utoipa::path(get, path = "/statistics", tag = "statistics",
    responses((status = 200, body = StatisticsView),
              (status = 503, body = Problem, content_type = "application/problem+json")))]
async fn get_statistics(State(state): State<AppState>) -> Result<Json<StatisticsView>, ApiError> {
    let s = kyodo_app::statistics::latest(&state.app).await?;
    let survey = &catalog().survey;
    Ok(Json(StatisticsView {
        computed_at: rfc3339(s.computed_at),
        civic_groups: s.civic_groups,
        min_cell: kyodo_domain::statistics::MIN_CELL,
        survey_title: survey.title.clone(),
        survey_answers: survey.answers,
        figures: s.figures.iter().map(figure).collect(),
    }))
}

/// The figures as one long table, CSV (UTF-8 with BOM): the survey's rows, then kyodo's by slice.
#[utoipa::path(get, path = "/statistics.csv", tag = "statistics",
    responses((status = 200, content_type = "text/csv", body = String)))]
async fn statistics_csv(State(state): State<AppState>) -> Result<Response, ApiError> {
    let (name, body) = kyodo_app::statistics::csv(&state.app).await?;
    Ok(crate::files::download(
        body.into_bytes(),
        "text/csv; charset=utf-8",
        &name,
    ))
}

/// The same table as an Excel workbook.
#[utoipa::path(get, path = "/statistics.xlsx", tag = "statistics",
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
async fn statistics_xlsx(State(state): State<AppState>) -> Result<Response, ApiError> {
    let (name, file) = kyodo_app::statistics::xlsx(&state.app).await?;
    Ok(crate::files::file_download(
        file,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
    ))
}
