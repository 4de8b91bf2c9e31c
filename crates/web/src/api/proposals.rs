//! Proposals (企画書) and collaboration themes in the API: create, save (each save is a new
//! version), versions, review findings, sharing, comments, and the exports as plain URLs.
//! Access is the same as in the browser: the authoring organisation's members, and members of
//! organisations a version was shared with (up to that version); to anyone else a proposal does
//! not exist (404).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kyodo_domain::proposal::advisor::{self, Answers};
use kyodo_domain::proposal::review::review;
use kyodo_domain::proposal::theme::ThemeInput;
use kyodo_domain::proposal::{ProposalContent, ProposalInput};
use kyodo_domain::{FieldError, Invalid, text};
use kyodo_store::{ProposalSummary, StoredTheme};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery};
use super::organizations::standing_of;
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::exports::{ExportError, Kind};
use crate::format::rfc3339;
use crate::state::{AppState, now};
use kyodo_app::access::ProposalAccess as Access;
use kyodo_domain::ids::{OrgId, ProposalId};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, save))
        .routes(routes!(versions))
        .routes(routes!(get_version))
        .routes(routes!(review_findings))
        .routes(routes!(share))
        .routes(routes!(unshare))
        .routes(routes!(comments, add_comment))
        .routes(routes!(export_pdf))
        .routes(routes!(export_docx))
        .routes(routes!(export_xlsx))
        .routes(routes!(themes, create_theme))
        .routes(routes!(get_theme))
        .routes(routes!(advise))
}

fn id(s: &str) -> Result<i64, ApiError> {
    text::to_halfwidth_ascii(s).parse().map_err(|_| ApiError::NotFound)
}

async fn accessible(
    state: &AppState,
    user: &kyodo_store::User,
    pid: &str,
) -> Result<(ProposalSummary, Access), ApiError> {
    Ok(kyodo_app::access::proposal(&state.app, user, ProposalId::new(id(pid)?)).await?)
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
    fn parse(&self) -> Result<ProposalContent, ApiError> {
        let input: ProposalInput = serde_json::from_value(self.content.clone()).map_err(|e| {
            ApiError::Invalid(Invalid::one(FieldError::new(
                "content",
                "invalid_json",
                format!("content の形式が正しくありません：{e}"),
            )))
        })?;
        input.parse().map_err(ApiError::Invalid)
    }
}

async fn partner(state: &AppState, id: Option<i64>) -> Result<Option<i64>, ApiError> {
    match id {
        None => Ok(None),
        Some(i) => match state.store.organization(i).await? {
            Some(o) => Ok(Some(o.id)),
            None => Err(ApiError::Invalid(Invalid::one(FieldError::new(
                "partner_id",
                "unknown_organization",
                "協働の相手の団体が見つかりません。",
            )))),
        },
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
    let (org, standing) = standing_of(&state, &oid, &user).await?;
    if standing.role.is_none() || !standing.can_edit() {
        return Err(ApiError::Forbidden);
    }
    let content = body.parse()?;
    let partner = partner(&state, body.partner_id).await?;
    let pid = state
        .store
        .create_proposal(org.id, partner, None, &content, user.id, now())
        .await?;
    let (p, access) = accessible(&state, &user, &pid.to_string()).await?;
    let v = state.store.proposal_version(pid, 1).await?.ok_or(ApiError::NotFound)?;
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
    Path(pid): Path<String>,
) -> Result<Json<ProposalView>, ApiError> {
    let (p, access) = accessible(&state, &user, &pid).await?;
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
    Path(pid): Path<String>,
    ApiJson(body): ApiJson<ProposalBody>,
) -> Result<Json<ProposalView>, ApiError> {
    let (p, access) = accessible(&state, &user, &pid).await?;
    if !access.can_edit() {
        return Err(ApiError::Forbidden);
    }
    let content = body.parse()?;
    let partner = match body.partner_id {
        Some(_) => Some(partner(&state, body.partner_id).await?),
        None => None,
    };
    let note = body
        .note
        .as_deref()
        .map(|n| text::clean(n, true))
        .filter(|n| !n.is_empty());
    if note.as_deref().is_some_and(|n| text::grapheme_len(n) > 1000) {
        return Err(ApiError::Invalid(Invalid::one(FieldError::too_long(
            "note",
            "改訂メモ",
            1000,
        ))));
    }
    let n = state
        .store
        .save_proposal_version(p.id, &content, note.as_deref(), partner, user.id, now())
        .await?;
    let (p, access) = accessible(&state, &user, &pid).await?;
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
    Path(pid): Path<String>,
) -> Result<Json<Vec<VersionView>>, ApiError> {
    let (p, access) = accessible(&state, &user, &pid).await?;
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
    Path((pid, n)): Path<(String, String)>,
) -> Result<Json<ProposalView>, ApiError> {
    let (p, access) = accessible(&state, &user, &pid).await?;
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
    Path(pid): Path<String>,
    ApiQuery(q): ApiQuery<VersionParam>,
) -> Result<Json<Vec<FindingView>>, ApiError> {
    let (p, access) = accessible(&state, &user, &pid).await?;
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

#[derive(Deserialize, ToSchema)]
pub struct ShareBody {
    organization_id: i64,
    /// Share versions up to this one; the latest by default.
    version: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct ShareView {
    organization_id: i64,
    organization_name: String,
    version: i64,
    shared_at: String,
}

/// Shares versions up to `version` with a partner organisation (editors and owners).
#[utoipa::path(post, path = "/proposals/{id}/shares", tag = "proposals", params(("id" = i64, Path)), request_body = ShareBody,
    responses((status = 200, body = [ShareView]), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn share(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(pid): Path<String>,
    ApiJson(body): ApiJson<ShareBody>,
) -> Result<Json<Vec<ShareView>>, ApiError> {
    let input = kyodo_app::proposals::ShareInput {
        organization: Some(OrgId::new(body.organization_id)),
        version: body.version,
    };
    let shares = kyodo_app::proposals::share(&state.app, &user, ProposalId::new(id(&pid)?), &input).await?;
    Ok(Json(shares.into_iter().map(share_view).collect()))
}

fn share_view(s: kyodo_store::ProposalShare) -> ShareView {
    ShareView {
        organization_id: s.organization_id,
        organization_name: s.organization_name,
        version: s.version,
        shared_at: rfc3339(s.shared_at),
    }
}

/// Revokes a share.
#[utoipa::path(delete, path = "/proposals/{id}/shares/{organization_id}", tag = "proposals", params(("id" = i64, Path), ("organization_id" = i64, Path)),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn unshare(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path((pid, oid)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let oid = OrgId::new(id(&oid)?);
    kyodo_app::proposals::unshare(&state.app, &user, ProposalId::new(id(&pid)?), oid).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct CommentView {
    id: i64,
    version: i64,
    section: String,
    organization_id: i64,
    organization_name: String,
    body: String,
    created_at: String,
}

/// Comments per section, on the versions this caller may read.
#[utoipa::path(get, path = "/proposals/{id}/comments", tag = "proposals", params(("id" = i64, Path)),
    responses((status = 200, body = [CommentView]), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn comments(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(pid): Path<String>,
) -> Result<Json<Vec<CommentView>>, ApiError> {
    let (p, access) = accessible(&state, &user, &pid).await?;
    Ok(Json(
        state
            .store
            .proposal_comments(p.id, Some(access.latest(&p)))
            .await?
            .into_iter()
            .map(|c| CommentView {
                id: c.id,
                version: c.version,
                section: c.section,
                organization_id: c.organization_id,
                organization_name: c.organization_name,
                body: c.body,
                created_at: rfc3339(c.created_at),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct CommentBody {
    /// The version commented on; the newest readable by default.
    version: Option<i64>,
    /// A section id: `background`, `theme`, `purpose`, `targets`, `plan`, `asks`, `budget`,
    /// `track_record`, `collaboration_type`.
    section: String,
    body: String,
}

/// Comments on a section, as the caller's organisation (author or partner).
#[utoipa::path(post, path = "/proposals/{id}/comments", tag = "proposals", params(("id" = i64, Path)), request_body = CommentBody,
    responses((status = 201, body = [CommentView]), (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn add_comment(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(pid): Path<String>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<Response, ApiError> {
    let input = kyodo_app::proposals::CommentInput {
        version: body.version,
        section: body.section,
        body: body.body,
    };
    kyodo_app::proposals::comment(&state.app, &user, ProposalId::new(id(&pid)?), &input).await?;
    let all = comments(State(state), ApiUser(user), Path(pid)).await?;
    Ok((StatusCode::CREATED, all).into_response())
}

async fn export(
    state: AppState,
    user: kyodo_store::User,
    pid: String,
    q: VersionParam,
    kind: Kind,
) -> Result<Response, ApiError> {
    let (p, access) = accessible(&state, &user, &pid).await?;
    let v = asked_version(&state, &p, access, &q).await?;
    crate::exports::render(&state, &p, v, kind).await.map_err(|e| match e {
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
    Path(pid): Path<String>,
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
    Path(pid): Path<String>,
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
    Path(pid): Path<String>,
    ApiQuery(q): ApiQuery<VersionParam>,
) -> Result<Response, ApiError> {
    export(state, user, pid, q, Kind::Xlsx).await
}

// --- themes ------------------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
pub struct ThemeView {
    id: i64,
    organization_id: i64,
    org_theme: String,
    collaboration_theme: String,
    /// [{`element`, `partner`, `contribution`}]
    #[schema(value_type = Object)]
    outline: serde_json::Value,
    source_listing_id: Option<i64>,
    partner_id: Option<i64>,
    updated_at: String,
}

fn theme_view(t: StoredTheme) -> ThemeView {
    ThemeView {
        id: t.id,
        organization_id: t.organization_id,
        org_theme: t.theme.org_theme,
        outline: serde_json::to_value(&t.theme.outline).unwrap_or_default(),
        collaboration_theme: t.theme.collaboration_theme,
        source_listing_id: t.source_listing_id,
        partner_id: t.partner_id,
        updated_at: rfc3339(t.updated_at),
    }
}

/// The organisation's collaboration themes (members only).
#[utoipa::path(get, path = "/organizations/{id}/themes", tag = "proposals", params(("id" = i64, Path)),
    responses((status = 200, body = [ThemeView]), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn themes(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(oid): Path<String>,
) -> Result<Json<Vec<ThemeView>>, ApiError> {
    let (org, standing) = standing_of(&state, &oid, &user).await?;
    if standing.role.is_none() {
        return Err(ApiError::Forbidden);
    }
    Ok(Json(
        state
            .store
            .themes_of(org.id)
            .await?
            .into_iter()
            .map(theme_view)
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ThemeBody {
    org_theme: Option<String>,
    collaboration_theme: String,
    /// [{`element`, `partner`, `contribution`}]
    #[schema(value_type = Object)]
    outline: Option<serde_json::Value>,
    /// A listing of this organisation the theme starts from.
    source_listing_id: Option<i64>,
    /// A partner the theme is meant for (e.g. from a matching result).
    partner_id: Option<i64>,
}

/// Creates a collaboration theme (editors and owners).
#[utoipa::path(post, path = "/organizations/{id}/themes", tag = "proposals", params(("id" = i64, Path)), request_body = ThemeBody,
    responses((status = 201, body = ThemeView), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn create_theme(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(oid): Path<String>,
    ApiJson(body): ApiJson<ThemeBody>,
) -> Result<Response, ApiError> {
    let (org, standing) = standing_of(&state, &oid, &user).await?;
    if standing.role.is_none() || !standing.can_edit() {
        return Err(ApiError::Forbidden);
    }
    let outline = match body.outline {
        None => Vec::new(),
        Some(v) => serde_json::from_value(v).map_err(|e| {
            ApiError::Invalid(Invalid::one(FieldError::new(
                "outline",
                "invalid_json",
                format!("outline の形式が正しくありません：{e}"),
            )))
        })?,
    };
    let theme = ThemeInput {
        org_theme: body.org_theme.unwrap_or_default(),
        collaboration_theme: body.collaboration_theme,
        outline,
    }
    .parse()?;
    let listing = match body.source_listing_id {
        Some(lid) => state
            .store
            .listing(lid)
            .await?
            .filter(|l| l.organization_id == org.id)
            .map(|l| l.id),
        None => None,
    };
    let partner = partner(&state, body.partner_id).await?;
    let tid = state
        .store
        .create_theme(org.id, &theme, listing, partner, user.id, now())
        .await?;
    let t = state.store.theme(tid).await?.ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/themes/{tid}"))],
        Json(theme_view(t)),
    )
        .into_response())
}

/// One theme (the organisation's members).
#[utoipa::path(get, path = "/themes/{id}", tag = "proposals", params(("id" = i64, Path)),
    responses((status = 200, body = ThemeView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_theme(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(tid): Path<String>,
) -> Result<Json<ThemeView>, ApiError> {
    let t = state.store.theme(id(&tid)?).await?.ok_or(ApiError::NotFound)?;
    if state.store.member_role(t.organization_id, user.id).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    Ok(Json(theme_view(t)))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct AdviceParams {
    /// `us`, `jointly`, `partner`, `new_committee`
    organiser: Option<String>,
    /// `us`, `shared`, `partner`
    responsibility: Option<String>,
    /// `none`, `partner_funds_us`, `partner_pays_for_work`, `each_own`
    money: Option<String>,
    /// `two`, `many`
    parties: Option<String>,
    /// `one_event`, `fixed_period`, `ongoing`
    period: Option<String>,
    /// `yes`, `no`
    name_enough: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AdviceView {
    /// One of the six collaboration type ids.
    collaboration_type: String,
    name: String,
    overview: String,
    advantages: String,
    cautions: String,
    reasons: Vec<String>,
}

/// The collaboration-type advisor: the types that fit the answers, best first, with why.
#[utoipa::path(get, path = "/collaboration-types/advice", tag = "proposals", params(AdviceParams),
    responses((status = 200, body = [AdviceView])))]
async fn advise(ApiQuery(q): ApiQuery<AdviceParams>) -> Json<Vec<AdviceView>> {
    let pairs = [
        ("organiser", q.organiser),
        ("responsibility", q.responsibility),
        ("money", q.money),
        ("parties", q.parties),
        ("period", q.period),
        ("name_enough", q.name_enough),
    ];
    let answers = Answers::from_pairs(pairs.iter().filter_map(|(k, v)| v.as_deref().map(|v| (*k, v))));
    Json(
        advisor::recommend(&answers)
            .into_iter()
            .map(|r| {
                let info = r.collaboration_type.info();
                AdviceView {
                    collaboration_type: r.collaboration_type.as_str().into(),
                    name: info.name.clone(),
                    overview: info.overview.clone(),
                    advantages: info.advantages.clone(),
                    cautions: info.cautions.clone(),
                    reasons: r.reasons,
                }
            })
            .collect(),
    )
}
