//! オープンデータ (`/opendata`): the datasets with their size and date, each one's codebook, the
//! licence and the attribution to use; and the files themselves. Thin handlers over
//! `kyodo_app::opendata`, which writes the files daily and on demand.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use kyodo_domain::era::format_unix_datetime;
use kyodo_domain::opendata::{self, Column, Dataset};

use crate::error::PageError;
use crate::pages::{Layout, render};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/opendata", get(page))
        .route("/opendata/{file}", get(file))
}

/// 「1.2 MB」「834 KB」.
pub(crate) fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

pub(crate) fn format_label(format: &str) -> &'static str {
    match format {
        "csv" => "CSV（UTF-8・BOM付き、Excel向け）",
        "csv-cp932" => "CSV（Shift_JIS／CP932）",
        _ => "JSON",
    }
}

struct DatasetView {
    stem: &'static str,
    title: &'static str,
    description: &'static str,
    rows: Option<u64>,
    /// (href, label, size)
    files: Vec<(String, &'static str, String)>,
    columns: &'static [Column],
}

#[derive(Template)]
#[template(path = "opendata.html")]
struct OpenDataPage {
    layout: Layout,
    generated: Option<String>,
    datasets: Vec<DatasetView>,
    licence: &'static str,
    licence_url: &'static str,
    licence_note: &'static str,
    attribution: String,
}

async fn page(State(state): State<AppState>, layout: Layout) -> Result<Response, PageError> {
    let m = kyodo_app::opendata::manifest(&state.app).await?;
    let datasets = Dataset::ALL
        .into_iter()
        .map(|d| {
            let entry = m.as_ref().and_then(|m| m.dataset(d));
            DatasetView {
                stem: d.stem(),
                title: d.title(),
                description: d.description(),
                rows: entry.map(|e| e.rows),
                files: entry
                    .map(|e| {
                        e.files
                            .iter()
                            .map(|f| (format!("/opendata/{}", f.name), format_label(&f.format), size(f.bytes)))
                            .collect()
                    })
                    .unwrap_or_default(),
                columns: d.columns(),
            }
        })
        .collect();
    let t = OpenDataPage {
        layout: layout.in_section("guide"),
        generated: m.map(|m| format_unix_datetime(m.generated_at)),
        datasets,
        licence: opendata::LICENCE,
        licence_url: opendata::LICENCE_URL,
        licence_note: opendata::LICENCE_NOTE,
        attribution: opendata::attribution(&state.app.public_url),
    };
    Ok(render(StatusCode::OK, &t))
}

async fn file(State(state): State<AppState>, Path(name): Path<String>) -> Result<Response, PageError> {
    let (file, kind) = kyodo_app::opendata::file(&state.app, &name).await?;
    Ok(crate::files::file_download(file, kind, &name))
}
