//! The agreement (合意・協定) in the API: the latest version with its confirmations, a new
//! version, each party owner's confirmation, and the 協定書 draft as Word and PDF.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kyodo_app::agreement as app;
use kyodo_app::workspace::documents::{self as docs, Format};
use kyodo_domain::collaboration::agreement::{AgreementInput, RoleInput, TargetInput};
use kyodo_domain::ids::CollaborationId;
use kyodo_store::StoredAgreement;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::common::download;
use super::extract::{ApiJson, ApiPath, text_or_number};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_latest, save))
        .routes(routes!(get_draft))
        .routes(routes!(confirm))
        .routes(routes!(agreement_pdf))
        .routes(routes!(agreement_docx))
}

#[derive(Serialize, ToSchema)]
pub struct RoleView {
    organization_id: i64,
    /// The guide's roles by id: `c1`–`c7` (civic group), `k1`–`k9` (company).
    guide_roles: Vec<String>,
    free_roles: String,
    responsibilities: String,
    cost_share: String,
}

#[derive(Serialize, ToSchema)]
pub struct TargetView {
    what: String,
    baseline: f64,
    value: f64,
    unit: String,
    due: String,
    /// How it is measured.
    method: String,
    /// When it is evaluated.
    timing: String,
}

#[derive(Serialize, ToSchema)]
pub struct ConfirmationView {
    organization_id: i64,
    confirmed_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct AgreementView {
    version: i64,
    /// One of the six collaboration types (e.g. `business_cooperation`).
    collaboration_type: String,
    purpose: String,
    start: String,
    end: String,
    roles: Vec<RoleView>,
    targets: Vec<TargetView>,
    created_at: String,
    /// The parties that confirmed this version.
    confirmations: Vec<ConfirmationView>,
    /// Every party confirmed this version: 実施 may begin.
    all_confirmed: bool,
}

fn view(a: StoredAgreement, all_confirmed: bool) -> AgreementView {
    let g = a.agreement;
    AgreementView {
        version: a.version,
        collaboration_type: g.collaboration_type.as_str().into(),
        purpose: g.purpose,
        start: g.start.to_string(),
        end: g.end.to_string(),
        roles: g
            .roles
            .into_iter()
            .map(|r| RoleView {
                organization_id: r.organization_id,
                guide_roles: r.guide_roles,
                free_roles: r.free_roles,
                responsibilities: r.responsibilities,
                cost_share: r.cost_share,
            })
            .collect(),
        targets: g
            .targets
            .into_iter()
            .map(|t| TargetView {
                what: t.what,
                baseline: t.baseline,
                value: t.value,
                unit: t.unit,
                due: t.due.to_string(),
                method: t.method,
                timing: t.timing,
            })
            .collect(),
        created_at: rfc3339(a.created_at),
        confirmations: a
            .confirmed_by
            .into_iter()
            .map(|(organization_id, at)| ConfirmationView {
                organization_id,
                confirmed_at: rfc3339(at),
            })
            .collect(),
        all_confirmed,
    }
}

/// The latest version of the agreement and who confirmed it; 404 before one is saved.
#[utoipa::path(get, path = "/collaborations/{id}/agreement", tag = "collaborations", params(("id" = i64, Path)),
    responses((status = 200, body = AgreementView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_latest(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<AgreementView>, ApiError> {
    let (s, a) = app::latest(&state.app, &user, id).await?;
    let all = app::all_confirmed(&s.c, a.as_ref());
    Ok(Json(view(a.ok_or(ApiError::NotFound)?, all)))
}

/// A first draft from the proposal, to complete and save as the first version: text as the
/// form shows it (numbers too).
#[derive(Serialize, ToSchema)]
pub struct DraftView {
    /// The proposal's version drafted from: the newest every partner was shown.
    from_proposal_version: i64,
    /// The proposal's collaboration type; empty when it chose none.
    #[schema(schema_with = super::vocab::collaboration_type_or_empty)]
    collaboration_type: String,
    purpose: String,
    start: String,
    end: String,
    roles: Vec<RoleBody>,
    targets: Vec<DraftTarget>,
}

#[derive(Serialize, ToSchema)]
pub struct DraftTarget {
    what: String,
    value: String,
    unit: String,
    due: String,
    method: String,
    timing: String,
}

/// A first draft of the agreement from the proposal the collaboration grew from (type, purpose,
/// targets, what each partner was asked for, the period's end), at the newest version every
/// partner was shown; 404 when the collaboration has no such proposal.
#[utoipa::path(get, path = "/collaborations/{id}/agreement/draft", tag = "collaborations", params(("id" = i64, Path)),
    responses((status = 200, body = DraftView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_draft(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<DraftView>, ApiError> {
    let (d, version) = app::draft(&state.app, &user, id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(DraftView {
        from_proposal_version: version,
        collaboration_type: d.collaboration_type,
        purpose: d.purpose,
        start: d.start,
        end: d.end,
        roles: d
            .roles
            .into_iter()
            .map(|r| RoleBody {
                organization_id: r.organization_id,
                guide_roles: r.guide_roles,
                free_roles: r.free_roles,
                responsibilities: r.responsibilities,
                cost_share: r.cost_share,
            })
            .collect(),
        targets: d
            .targets
            .into_iter()
            .map(|t| DraftTarget {
                what: t.what,
                value: t.value,
                unit: t.unit,
                due: t.due,
                method: t.method,
                timing: t.timing,
            })
            .collect(),
    }))
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct RoleBody {
    organization_id: i64,
    /// The guide's roles by id: `c1`–`c7` for a civic group, `k1`–`k9` for a company.
    guide_roles: Vec<String>,
    free_roles: String,
    responsibilities: String,
    cost_share: String,
}

/// A target: numbers as numbers or text (full-width digits accepted), the due date as
/// `YYYY-MM-DD` or 和暦.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct TargetBody {
    what: String,
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = f64)]
    baseline: String,
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = f64)]
    value: String,
    unit: String,
    due: String,
    method: String,
    timing: String,
}

/// A new version of the agreement: one role entry per party (a party left out is refused as
/// having no role) and at least one target.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct AgreementBody {
    #[schema(schema_with = super::vocab::collaboration_type)]
    collaboration_type: String,
    purpose: String,
    start: String,
    end: String,
    roles: Vec<RoleBody>,
    targets: Vec<TargetBody>,
}

impl From<AgreementBody> for AgreementInput {
    fn from(b: AgreementBody) -> Self {
        Self {
            collaboration_type: b.collaboration_type,
            purpose: b.purpose,
            start: b.start,
            end: b.end,
            roles: b
                .roles
                .into_iter()
                .map(|r| RoleInput {
                    organization_id: r.organization_id,
                    organization_name: String::new(),
                    guide_roles: r.guide_roles,
                    free_roles: r.free_roles,
                    responsibilities: r.responsibilities,
                    cost_share: r.cost_share,
                })
                .collect(),
            targets: b
                .targets
                .into_iter()
                .map(|t| TargetInput {
                    what: t.what,
                    baseline: t.baseline,
                    value: t.value,
                    unit: t.unit,
                    due: t.due,
                    method: t.method,
                    timing: t.timing,
                })
                .collect(),
        }
    }
}

/// Saves a new version (editors of a party); confirmations start again and the parties' owners
/// are asked to confirm.
#[utoipa::path(post, path = "/collaborations/{id}/agreement", tag = "collaborations", params(("id" = i64, Path)), request_body = AgreementBody,
    responses((status = 201, body = AgreementView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn save(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(body): ApiJson<AgreementBody>,
) -> Result<(StatusCode, Json<AgreementView>), ApiError> {
    app::save(&state.app, &user, id, &body.into()).await?;
    let (s, a) = app::latest(&state.app, &user, id).await?;
    let all = app::all_confirmed(&s.c, a.as_ref());
    Ok((StatusCode::CREATED, Json(view(a.ok_or(ApiError::NotFound)?, all))))
}

#[derive(Deserialize, ToSchema)]
pub struct ConfirmBody {
    /// The version read: refused with 409 `agreement_changed` when a newer one exists.
    version: i64,
}

#[derive(Serialize, ToSchema)]
pub struct Confirmed {
    /// Every party has now confirmed: the targets became the workspace's indicators.
    all_confirmed: bool,
}

/// Confirms a version for every party the caller owns (only a party's owner speaks for it).
#[utoipa::path(post, path = "/collaborations/{id}/agreement/confirmations", tag = "collaborations", params(("id" = i64, Path)), request_body = ConfirmBody,
    responses((status = 200, body = Confirmed),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn confirm(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(body): ApiJson<ConfirmBody>,
) -> Result<Json<Confirmed>, ApiError> {
    let all_confirmed = app::confirm(&state.app, &user, id, body.version).await?;
    Ok(Json(Confirmed { all_confirmed }))
}

async fn file(
    state: &AppState,
    user: &kyodo_store::User,
    id: CollaborationId,
    f: Format,
) -> Result<Response, ApiError> {
    let bytes = docs::agreement_file(&state.app, user, id, f).await?;
    Ok(download(
        bytes,
        f.content_type(),
        &format!("agreement.{}", f.extension()),
    ))
}

/// The 協定書 draft as an A4 PDF.
#[utoipa::path(get, path = "/collaborations/{id}/agreement.pdf", tag = "collaborations", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn agreement_pdf(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Response, ApiError> {
    file(&state, &user, id, Format::Pdf).await
}

/// The 協定書 draft as Word.
#[utoipa::path(get, path = "/collaborations/{id}/agreement.docx", tag = "collaborations", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn agreement_docx(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Response, ApiError> {
    file(&state, &user, id, Format::Docx).await
}
