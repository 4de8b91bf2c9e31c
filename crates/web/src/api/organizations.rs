//! Organisations in the API: list (filters, pagination), get, create.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kyodo_domain::catalog::catalog;
use kyodo_domain::organization::{NewOrganization, OrgKind, OrganizationInput};
use kyodo_domain::{FieldError, Invalid, text};
use kyodo_store::{Organization, OrganizationFilter, OrganizationSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery};
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::policy::Standing;
use crate::state::{AppState, now};

const MAX_PER_PAGE: i64 = 100;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one))
}

#[derive(Serialize, ToSchema)]
pub struct OrganizationSummaryView {
    id: i64,
    external_id: Option<String>,
    /// One of `npo_corporation`, `certified_npo`, `voluntary_group`, `company`, `university`, `government`, `support_center`.
    kind: String,
    name: String,
    municipality: Option<String>,
}

impl From<OrganizationSummary> for OrganizationSummaryView {
    fn from(o: OrganizationSummary) -> Self {
        Self {
            id: o.id,
            external_id: o.external_id,
            kind: o.kind.as_str().into(),
            name: o.name,
            municipality: o.municipality,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OrganizationPage {
    items: Vec<OrganizationSummaryView>,
    total: i64,
    page: i64,
    per_page: i64,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Filter by kind.
    kind: Option<String>,
    /// Filter by municipality of Yamaguchi (e.g. 下松市).
    municipality: Option<String>,
    /// Find the organisation imported under this external id.
    external_id: Option<String>,
    /// 1-based page number (full-width digits accepted).
    page: Option<String>,
    /// Items per page, 1–100 (default 20).
    per_page: Option<String>,
}

fn number(field: &str, s: Option<&str>, default: i64, max: i64) -> Result<i64, FieldError> {
    let Some(s) = s
        .map(|s| text::to_halfwidth_ascii(s.trim()))
        .filter(|s| !s.is_empty())
    else {
        return Ok(default);
    };
    s.parse::<i64>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            FieldError::new(
                field,
                "out_of_range",
                format!("{field} は1から{max}までの整数で指定してください。"),
            )
        })
}

/// Organisations, by name, with filters.
#[utoipa::path(get, path = "/organizations", tag = "organizations", params(ListParams),
    responses((status = 200, body = OrganizationPage), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<OrganizationPage>, ApiError> {
    let mut errors = Invalid::default();
    let kind = match p.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => errors.check(OrgKind::parse(k).ok_or_else(|| {
            FieldError::new("kind", "unknown_kind", format!("kind「{k}」は不明です。"))
        })),
    };
    let municipality = match p
        .municipality
        .as_deref()
        .map(|m| text::clean(m, false))
        .filter(|m| !m.is_empty())
    {
        None => None,
        Some(m) if catalog().is_yamaguchi_municipality(&m) => Some(m),
        Some(m) => {
            errors.push(FieldError::new(
                "municipality",
                "unknown_municipality",
                format!("「{m}」は山口県の市町ではありません。"),
            ));
            None
        }
    };
    let page = errors
        .check(number("page", p.page.as_deref(), 1, 100_000))
        .unwrap_or(1);
    let per_page = errors
        .check(number("per_page", p.per_page.as_deref(), 20, MAX_PER_PAGE))
        .unwrap_or(20);
    if !errors.0.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let filter = OrganizationFilter {
        kind,
        municipality,
        external_id: p.external_id.filter(|e| !e.is_empty()),
        ..Default::default()
    };
    let (items, total) = state
        .store
        .organizations(&filter, per_page, (page - 1) * per_page)
        .await?;
    Ok(Json(OrganizationPage {
        items: items.into_iter().map(Into::into).collect(),
        total,
        page,
        per_page,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct OrganizationView {
    id: i64,
    external_id: Option<String>,
    kind: String,
    kind_label: String,
    name: String,
    name_kana: Option<String>,
    prefecture: String,
    municipality: Option<String>,
    address: Option<String>,
    founded: Option<String>,
    members: Option<i64>,
    employees: Option<i64>,
    /// Personal data: present only when the organisation made contacts public, or for its members.
    representative: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    website: Option<String>,
    public_contact: bool,
    mission: Option<String>,
    activities: Option<String>,
    strengths: Vec<String>,
    csr_policy: Option<String>,
    /// NPO Act activity fields, 1–20.
    fields: Vec<u8>,
    /// SDG goals, 1–17.
    sdgs: Vec<u8>,
    awards: Vec<String>,
    created_at: String,
    updated_at: String,
}

fn view(o: Organization, standing: Standing) -> OrganizationView {
    let contact = standing.can_view_contact(&o);
    OrganizationView {
        id: o.id,
        external_id: o.external_id,
        kind: o.kind.as_str().into(),
        kind_label: o.kind.label_ja().into(),
        name: o.name,
        name_kana: o.name_kana,
        prefecture: o.prefecture,
        municipality: o.municipality,
        address: o.address,
        founded: o.founded,
        members: o.members,
        employees: o.employees,
        representative: o.representative.filter(|_| contact),
        email: o.email.filter(|_| contact),
        phone: o.phone.filter(|_| contact),
        website: o.website,
        public_contact: o.public_contact,
        mission: o.mission,
        activities: o.activities,
        strengths: o.strengths,
        csr_policy: o.csr_policy,
        fields: o.fields,
        sdgs: o.sdgs,
        awards: o.awards,
        created_at: rfc3339(o.created_at),
        updated_at: rfc3339(o.updated_at),
    }
}

/// One organisation's profile.
#[utoipa::path(get, path = "/organizations/{id}", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = OrganizationView), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_one(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<OrganizationView>, ApiError> {
    let id: i64 = text::to_halfwidth_ascii(&id)
        .parse()
        .map_err(|_| ApiError::NotFound)?;
    let org = state
        .store
        .organization(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let role = match &user {
        Some(u) => state.store.member_role(id, u.id).await?,
        None => None,
    };
    Ok(Json(view(org, Standing::of(user.as_ref(), role))))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct NewOrganizationInput {
    /// One of the seven kinds (see `kind` of the list).
    kind: String,
    name: String,
    name_kana: Option<String>,
    municipality: Option<String>,
    mission: Option<String>,
    activities: Option<String>,
    website: Option<String>,
}

/// Registers an organisation; the caller becomes its owner.
#[utoipa::path(post, path = "/organizations", tag = "organizations", request_body = NewOrganizationInput,
    responses((status = 201, body = OrganizationView), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiJson(input): ApiJson<NewOrganizationInput>,
) -> Result<Response, ApiError> {
    let new = NewOrganization::parse(&OrganizationInput {
        kind: input.kind,
        name: input.name,
        name_kana: input.name_kana,
        municipality: input.municipality,
        mission: input.mission,
        activities: input.activities,
        website: input.website,
    })?;
    let id = state
        .store
        .create_organization(&new, user.id, now())
        .await?;
    let org = state
        .store
        .organization(id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let body = view(
        org,
        Standing::of(
            Some(&user),
            Some(kyodo_domain::organization::MemberRole::Owner),
        ),
    );
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/organizations/{id}"))],
        Json(body),
    )
        .into_response())
}
