//! Open data in the API (no sign-in): the datasets with their files, sizes, date and codebooks,
//! the licence and attribution; and each file. The same as `/opendata`.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::Response;
use kyodo_domain::opendata::{self, Dataset};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(catalogue))
        .routes(routes!(open_file))
}

#[derive(Serialize, ToSchema)]
pub struct CodebookColumnView {
    key: &'static str,
    name: &'static str,
    meaning: &'static str,
    /// 「文字列」「整数」「日付（YYYY-MM-DD）」…
    kind: &'static str,
    example: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct OpenFileView {
    name: String,
    /// `csv` (UTF-8 with BOM), `csv-cp932` or `json`.
    format: String,
    bytes: u64,
    /// Where to fetch it (under /api/v1).
    href: String,
}

#[derive(Serialize, ToSchema)]
pub struct OpenDatasetView {
    id: &'static str,
    title: &'static str,
    description: &'static str,
    /// Rows in the files; none until they are first written.
    rows: Option<u64>,
    files: Vec<OpenFileView>,
    columns: Vec<CodebookColumnView>,
}

#[derive(Serialize, ToSchema)]
pub struct OpenDataView {
    /// When the files were written (RFC 3339); none until the first time.
    generated_at: Option<String>,
    licence: &'static str,
    licence_url: &'static str,
    attribution: String,
    datasets: Vec<OpenDatasetView>,
}

/// The datasets, their files and codebooks.
#[utoipa::path(get, path = "/opendata", tag = "opendata",
    responses((status = 200, body = OpenDataView)))]
async fn catalogue(State(state): State<AppState>) -> Result<Json<OpenDataView>, ApiError> {
    let m = kyodo_app::opendata::manifest(&state.app).await?;
    let datasets = Dataset::ALL
        .into_iter()
        .map(|d| {
            let entry = m.as_ref().and_then(|m| m.dataset(d));
            OpenDatasetView {
                id: d.stem(),
                title: d.title(),
                description: d.description(),
                rows: entry.map(|e| e.rows),
                files: entry
                    .map(|e| {
                        e.files
                            .iter()
                            .map(|f| OpenFileView {
                                name: f.name.clone(),
                                format: f.format.clone(),
                                bytes: f.bytes,
                                href: format!("/opendata/{}", f.name),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                columns: d
                    .columns()
                    .iter()
                    .map(|c| CodebookColumnView {
                        key: c.key,
                        name: c.name,
                        meaning: c.meaning,
                        kind: c.kind,
                        example: c.example,
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(Json(OpenDataView {
        generated_at: m.map(|m| rfc3339(m.generated_at)),
        licence: opendata::LICENCE,
        licence_url: opendata::LICENCE_URL,
        attribution: opendata::attribution(&state.app.public_url),
        datasets,
    }))
}

/// One file (e.g. `organizations.csv`, `listings-cp932.csv`, `cases.json`), as last written.
#[utoipa::path(get, path = "/opendata/{file}", tag = "opendata",
    params(("file" = String, Path)),
    responses((status = 200, content_type = "text/csv", body = String),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn open_file(State(state): State<AppState>, Path(name): Path<String>) -> Result<Response, ApiError> {
    let (file, kind) = kyodo_app::opendata::file(&state.app, &name).await?;
    Ok(crate::files::file_download(file, kind, &name))
}
