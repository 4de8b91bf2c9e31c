//! The evaluation report in the API: its content and where each party stands, the sign-off by a
//! party's owner, and the Word and PDF files.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kyodo_app::evaluation::report;
use kyodo_app::workspace::documents::Format;
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::ids::CollaborationId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::common::download;
use super::extract::{ApiJson, ApiPath};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_report))
        .routes(routes!(sign_off))
        .routes(routes!(report_pdf))
        .routes(routes!(report_docx))
}

#[derive(Serialize, ToSchema)]
pub struct ReportSignOffView {
    organization_id: i64,
    name: String,
    /// When the party's owner signed off this version.
    signed_at: Option<String>,
    /// The newest earlier version it signed off, when the content has changed since.
    earlier_version: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportView {
    version: i64,
    /// Every party signed off this version.
    complete: bool,
    /// The report: title, kind, date, parties and its sections (each block `lines`, `table`
    /// or `bars`), as the page and the files show it.
    #[schema(value_type = Object)]
    content: serde_json::Value,
    signoffs: Vec<ReportSignOffView>,
}

/// A milestone's evaluation report as it reads now, with each party's sign-off.
#[utoipa::path(get, path = "/collaborations/{id}/evaluations/{milestone}/report", tag = "evaluation",
    params(("id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`")),
    responses((status = 200, body = ReportView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`no_sheet`: the milestone's sheet is not saved", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_report(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, m)): ApiPath<(CollaborationId, Milestone)>,
) -> Result<Json<ReportView>, ApiError> {
    let v = report::get(&state.app, &user, id, m).await?;
    Ok(Json(ReportView {
        version: v.version,
        complete: v.complete(),
        content: serde_json::to_value(&v.doc).unwrap_or_default(),
        signoffs: v
            .signoffs
            .iter()
            .map(|s| ReportSignOffView {
                organization_id: s.organization_id,
                name: s.name.clone(),
                signed_at: s.signed_at.map(rfc3339),
                earlier_version: s.earlier,
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ReportSignOffBody {
    /// The party signed for (its owner); the caller's first owned party if absent.
    organization_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ReportSigned {
    /// The version signed off.
    version: i64,
}

/// Signs the report off as it reads now for a party (its owner). The other parties are asked to
/// sign too, or told every party has.
#[utoipa::path(post, path = "/collaborations/{id}/evaluations/{milestone}/report/sign-offs", tag = "evaluation",
    params(("id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`")),
    request_body = ReportSignOffBody,
    responses((status = 201, body = ReportSigned),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "`no_sheet` or `report_changed`", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn sign_off(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, m)): ApiPath<(CollaborationId, Milestone)>,
    ApiJson(b): ApiJson<ReportSignOffBody>,
) -> Result<(StatusCode, Json<ReportSigned>), ApiError> {
    let version = report::sign(&state.app, &user, id, m, b.organization_id).await?;
    Ok((StatusCode::CREATED, Json(ReportSigned { version })))
}

async fn file(
    state: &AppState,
    user: &kyodo_store::User,
    id: CollaborationId,
    m: Milestone,
    f: Format,
) -> Result<Response, ApiError> {
    let bytes = report::file(&state.app, user, id, m, f).await?;
    Ok(download(
        bytes,
        f.content_type(),
        &format!("evaluation-{m}.{}", f.extension()),
    ))
}

/// The report as an A4 PDF (和暦 with the Western year; 記名押印 lines).
#[utoipa::path(get, path = "/collaborations/{id}/evaluations/{milestone}/report.pdf", tag = "evaluation",
    params(("id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn report_pdf(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, m)): ApiPath<(CollaborationId, Milestone)>,
) -> Result<Response, ApiError> {
    file(&state, &user, id, m, Format::Pdf).await
}

/// The report as a Word file to edit.
#[utoipa::path(get, path = "/collaborations/{id}/evaluations/{milestone}/report.docx", tag = "evaluation",
    params(("id" = i64, Path), ("milestone" = String, Path, description = "`before`, `midway` or `after`")),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn report_docx(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, m)): ApiPath<(CollaborationId, Milestone)>,
) -> Result<Response, ApiError> {
    file(&state, &user, id, m, Format::Docx).await
}
