//! Proposals (企画書) in the API: create, save (each save is a new version), versions, review
//! findings and the exports as plain URLs; sharing and comments in `proposal_sharing`, themes in
//! `themes`.
//! Access is the same as in the browser: the authoring organisation's members, and members of
//! organisations a version was shared with (up to that version); to anyone else a proposal does
//! not exist (404).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kyodo_app::access::ProposalAccess as Access;
use kyodo_domain::ids::{OrgId, ProposalId};
use kyodo_domain::proposal::ProposalInput;
use kyodo_domain::proposal::review::review;
use kyodo_domain::{FieldError, Invalid, text};
use kyodo_store::ProposalSummary;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::organizations::standing_of;
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::exports::{ExportError, Kind};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, save))
        .routes(routes!(versions))
        .routes(routes!(get_version))
        .routes(routes!(review_findings))
        .routes(routes!(export_pdf))
        .routes(routes!(export_docx))
        .routes(routes!(export_xlsx))
        .merge(super::proposal_sharing::router())
        .merge(super::themes::router())
}

pub(super) fn id(s: &str) -> Result<i64, ApiError> {
    text::to_halfwidth_ascii(s).parse().map_err(|_| ApiError::NotFound)
}

pub(super) async fn accessible(
    state: &AppState,
    user: &kyodo_store::User,
    pid: ProposalId,
) -> Result<(ProposalSummary, Access), ApiError> {
    Ok(kyodo_app::access::proposal(&state.app, user, pid).await?)
}

#[derive(Serialize, ToSchema)]
pub struct ProposalSummaryView {
    id: i64,
    organization_id: i64,
    organization_name: String,
    partner_id: Option<i64>,
    title: String,
    /// The newest version this caller may read.
    latest_version: i64,
    updated_at: String,
}

fn summary_view(p: &ProposalSummary, access: Option<Access>) -> ProposalSummaryView {
    ProposalSummaryView {
        id: p.id,
        organization_id: p.organization_id,
        organization_name: p.organization_name.clone(),
        partner_id: p.partner_id,
        title: p.title.clone(),
        latest_version: access.map_or(p.latest_version, |a| a.latest(p)),
        updated_at: rfc3339(p.updated_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct Totals {
    income: i64,
    expense: i64,
    balance: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ProposalView {
    #[serde(flatten)]
    summary: ProposalSummaryView,
    version: i64,
    note: Option<String>,
    created_at: String,
    /// The sections as saved (see `ProposalBody.content`), amounts in whole yen.
    #[schema(value_type = Object)]
    content: serde_json::Value,
    /// Computed by the domain layer.
    totals: Totals,
}

fn proposal_view(p: &ProposalSummary, access: Access, v: kyodo_store::ProposalVersion) -> ProposalView {
    let t = v.content.budget.totals();
    ProposalView {
        summary: summary_view(p, Some(access)),
        version: v.version,
        note: v.note,
        created_at: rfc3339(v.created_at),
        content: serde_json::to_value(&v.content).unwrap_or_default(),
        totals: Totals {
            income: t.income,
            expense: t.expense,
            balance: t.balance,
        },
    }
}

/// A proposal to save. `content` holds the guide's sections: `title` (required), `background`,
/// `voices`, `theme`, `purpose`, `plan_when`, `plan_where`, `plan_who`, `plan_why`, `plan_what`,
/// `plan_how`, `plan_how_much`, `track_record`, `collaboration_type` (one of the six ids),
/// `cautions_response`, `targets` [{`what`, `amount`, `due`}], `asks` [{`resource`, `detail`,
/// `partner_benefit`}], `budget` [{`category`, `item`, `quantity`, `unit_price`}] (amounts as
/// numbers or strings; full-width digits accepted).
#[derive(Deserialize, ToSchema)]
pub struct ProposalBody {
    #[schema(value_type = Object)]
    content: serde_json::Value,
    partner_id: Option<i64>,
    /// 改訂メモ (on save).
    note: Option<String>,
}

impl ProposalBody {
    /// The draft as the application layer takes it; a partner left out is kept as it is.
    fn draft(&self) -> Result<kyodo_app::proposals::DraftInput, ApiError> {
        let content: ProposalInput = serde_json::from_value(self.content.clone()).map_err(|e| {
            ApiError::Invalid(Invalid::one(FieldError::new(
                "content",
                "invalid_json",
                format!("content の形式が正しくありません：{e}"),
            )))
        })?;
        Ok(kyodo_app::proposals::DraftInput {
            content,
            partner: match self.partner_id {
                Some(id) => kyodo_app::proposals::PartnerChoice::Typed(id.to_string()),
                None => kyodo_app::proposals::PartnerChoice::Keep,
            },
            note: self.note.clone().unwrap_or_default(),
        })
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProposalList {
    items: Vec<ProposalSummaryView>,
    /// Proposals other organisations shared with this one.
    shared_with_us: Vec<ProposalSummaryView>,
}

/// The organisation's proposals (members only).
#[utoipa::path(get, path = "/organizations/{id}/proposals", tag = "proposals", params(("id" = i64, Path)),
    responses((status = 200, body = ProposalList), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(oid): Path<String>,
) -> Result<Json<ProposalList>, ApiError> {
    let (org, standing) = standing_of(&state, &oid, &user).await?;
    if standing.role.is_none() {
        return Err(ApiError::Forbidden);
    }
    let items = state
        .store
        .proposals_of(org.id)
        .await?
        .iter()
        .map(|p| summary_view(p, None))
        .collect();
    let shared_with_us = state
        .store
        .proposals_shared_with(org.id)
        .await?
        .iter()
        .map(|(p, v)| {
            let mut s = summary_view(p, None);
            s.latest_version = (*v).min(p.latest_version);
            s
        })
        .collect();
    Ok(Json(ProposalList { items, shared_with_us }))
}

/// Creates a proposal (version 1). Editors and owners of the organisation.
#[utoipa::path(post, path = "/organizations/{id}/proposals", tag = "proposals", params(("id" = i64, Path)), request_body = ProposalBody,
    responses((status = 201, body = ProposalView), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(oid): Path<String>,
    ApiJson(body): ApiJson<ProposalBody>,
) -> Result<Response, ApiError> {
    let (org, _) = standing_of(&state, &oid, &user).await?;
    let pid = kyodo_app::proposals::create(&state.app, &user, OrgId::new(org.id), None, &body.draft()?).await?;
    let (p, access) = accessible(&state, &user, pid).await?;
    let v = state
        .store
        .proposal_version(pid.get(), 1)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/proposals/{pid}"))],
        Json(proposal_view(&p, access, v)),
    )
        .into_response())
}

/// The newest version this caller may read.
#[utoipa::path(get, path = "/proposals/{id}", tag = "proposals", params(("id" = i64, Path)),
    responses((status = 200, body = ProposalView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(pid): ApiPath<ProposalId>,
) -> Result<Json<ProposalView>, ApiError> {
    let (p, access) = accessible(&state, &user, pid).await?;
    let v = state
        .store
        .proposal_version(p.id, access.latest(&p))
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(proposal_view(&p, access, v)))
}

/// Saves a new version (the author's editors and owners).
#[utoipa::path(put, path = "/proposals/{id}", tag = "proposals", params(("id" = i64, Path)), request_body = ProposalBody,
    responses((status = 200, body = ProposalView), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn save(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(pid): ApiPath<ProposalId>,
    ApiJson(body): ApiJson<ProposalBody>,
) -> Result<Json<ProposalView>, ApiError> {
    let n = kyodo_app::proposals::save(&state.app, &user, pid, &body.draft()?).await?;
    let (p, access) = accessible(&state, &user, pid).await?;
    let v = state.store.proposal_version(p.id, n).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(proposal_view(&p, access, v)))
}

#[derive(Serialize, ToSchema)]
pub struct VersionView {
    version: i64,
    title: String,
    note: Option<String>,
    created_at: String,
}

/// The versions this caller may read, newest first.
#[utoipa::path(get, path = "/proposals/{id}/versions", tag = "proposals", params(("id" = i64, Path)),
    responses((status = 200, body = [VersionView]), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn versions(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(pid): ApiPath<ProposalId>,
) -> Result<Json<Vec<VersionView>>, ApiError> {
    let (p, access) = accessible(&state, &user, pid).await?;
    Ok(Json(
        state
            .store
            .proposal_versions(p.id)
            .await?
            .into_iter()
            .filter(|v| access.may_read(&p, v.version))
            .map(|v| VersionView {
                version: v.version,
                title: v.title,
                note: v.note,
                created_at: rfc3339(v.created_at),
            })
            .collect(),
    ))
}

/// One version.
#[utoipa::path(get, path = "/proposals/{id}/versions/{version}", tag = "proposals", params(("id" = i64, Path), ("version" = i64, Path)),
    responses((status = 200, body = ProposalView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_version(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((pid, n)): ApiPath<(ProposalId, String)>,
) -> Result<Json<ProposalView>, ApiError> {
    let (p, access) = accessible(&state, &user, pid).await?;
    let n = id(&n)?;
    if !access.may_read(&p, n) {
        return Err(ApiError::NotFound);
    }
    let v = state.store.proposal_version(p.id, n).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(proposal_view(&p, access, v)))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct VersionParam {
    /// A version number; the newest readable one by default.
    version: Option<String>,
}

async fn asked_version(
    state: &AppState,
    p: &ProposalSummary,
    access: Access,
    q: &VersionParam,
) -> Result<kyodo_store::ProposalVersion, ApiError> {
    let asked = match q.version.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(id(s)?),
        None => None,
    };
    crate::exports::version(state, p, access, asked)
        .await
        .map_err(|e| match e {
            ExportError::NotFound => ApiError::NotFound,
            ExportError::Internal(m) => ApiError::Internal(m),
        })
}

#[derive(Serialize, ToSchema)]
pub struct FindingView {
    code: String,
    /// `fix` (要修正) or `consider` (要検討).
    severity: String,
    section: String,
    message: String,
    /// The guide page it rests on.
    guide: String,
}

/// Review findings against the guide (the authoring organisation's members).
#[utoipa::path(get, path = "/proposals/{id}/review", tag = "proposals", params(("id" = i64, Path), VersionParam),
    responses((status = 200, body = [FindingView]), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn review_findings(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(pid): ApiPath<ProposalId>,
    ApiQuery(q): ApiQuery<VersionParam>,
) -> Result<Json<Vec<FindingView>>, ApiError> {
    let (p, access) = accessible(&state, &user, pid).await?;
    if !matches!(access, Access::Author { .. }) {
        return Err(ApiError::Forbidden);
    }
    let v = asked_version(&state, &p, access, &q).await?;
    Ok(Json(
        review(&v.content)
            .into_iter()
            .map(|f| FindingView {
                code: f.code.into(),
                severity: f.severity.as_str().into(),
                section: f.section.as_str().into(),
                message: f.message,
                guide: f.guide.into(),
            })
            .collect(),
    ))
}

async fn export(
    state: AppState,
    user: kyodo_store::User,
    pid: ProposalId,
    q: VersionParam,
    kind: Kind,
) -> Result<Response, ApiError> {
    let (p, access) = accessible(&state, &user, pid).await?;
    let v = asked_version(&state, &p, access, &q).await?;
    crate::exports::render(&state, &p, access, v, kind)
        .await
        .map_err(|e| match e {
            ExportError::NotFound => ApiError::NotFound,
            ExportError::Internal(m) => ApiError::Internal(m),
        })
}

/// The proposal as PDF (A4, Japanese, font embedded).
#[utoipa::path(get, path = "/proposals/{id}/export.pdf", tag = "proposals", params(("id" = i64, Path), VersionParam),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn export_pdf(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(pid): ApiPath<ProposalId>,
    ApiQuery(q): ApiQuery<VersionParam>,
) -> Result<Response, ApiError> {
    export(state, user, pid, q, Kind::Pdf).await
}

/// The proposal as a Word document.
#[utoipa::path(get, path = "/proposals/{id}/export.docx", tag = "proposals", params(("id" = i64, Path), VersionParam),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn export_docx(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(pid): ApiPath<ProposalId>,
    ApiQuery(q): ApiQuery<VersionParam>,
) -> Result<Response, ApiError> {
    export(state, user, pid, q, Kind::Docx).await
}

/// The budget as an Excel workbook with live formulas.
#[utoipa::path(get, path = "/proposals/{id}/export.xlsx", tag = "proposals", params(("id" = i64, Path), VersionParam),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn export_xlsx(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(pid): ApiPath<ProposalId>,
    ApiQuery(q): ApiQuery<VersionParam>,
) -> Result<Response, ApiError> {
    export(state, user, pid, q, Kind::Xlsx).await
}
