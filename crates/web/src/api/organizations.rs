//! Organisations in the API: list (filters, pagination), get, create.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kyodo_domain::ids::OrgId;
use kyodo_domain::organization::disclosure;
use kyodo_domain::organization::profile::ProfileInput;
use kyodo_domain::organization::{OrgKind, OrganizationInput};
use kyodo_domain::{Invalid, text};
use kyodo_store::{Organization, OrganizationFilter, OrganizationSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery, kind_filter, municipality_filter, number};
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::policy::Standing;
use crate::state::{AppState, now};

const MAX_PER_PAGE: i64 = 100;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get_one, update, delete))
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

impl OrganizationSummaryView {
    pub fn new(
        id: i64,
        external_id: Option<String>,
        kind: OrgKind,
        name: String,
        municipality: Option<String>,
    ) -> Self {
        Self {
            id,
            external_id,
            kind: kind.as_str().into(),
            name,
            municipality,
        }
    }
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

/// Organisations, by name, with filters.
#[utoipa::path(get, path = "/organizations", tag = "organizations", params(ListParams),
    responses((status = 200, body = OrganizationPage), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn list(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<OrganizationPage>, ApiError> {
    let mut errors = Invalid::default();
    let kind = kind_filter(&mut errors, &p.kind);
    let municipality = municipality_filter(&mut errors, &p.municipality);
    let page = errors.check(number("page", &p.page, 1, 100_000)).unwrap_or(1);
    let per_page = errors
        .check(number("per_page", &p.per_page, 20, MAX_PER_PAGE))
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
    social_links: Vec<String>,
    /// Collaboration types the organisation is open to (`cosponsorship`, `committee`, …).
    open_types: Vec<String>,
    csr_department: Option<String>,
    dissolved_on: Option<String>,
    disclosure: DisclosureView,
    /// Confirmed by a support-centre coordinator.
    verified: bool,
    created_at: String,
    updated_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct DisclosureView {
    /// 0–5.
    level: u8,
    name: String,
    /// What would raise the level (for those who may edit; empty otherwise).
    next_steps: Vec<String>,
}

async fn view(state: &AppState, o: Organization, standing: Standing) -> Result<OrganizationView, ApiError> {
    let activity = state.store.disclosure_activity(o.id, o.updated_at, now()).await?;
    let d = disclosure::assess(&o.profile(), &activity);
    let disclosure = DisclosureView {
        level: d.level,
        name: d.name().to_owned(),
        next_steps: if standing.can_edit() {
            d.next_steps.iter().map(|s| (*s).to_owned()).collect()
        } else {
            Vec::new()
        },
    };
    let contact = standing.can_view_contact(&o);
    Ok(OrganizationView {
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
        social_links: o.social_links,
        open_types: o.open_types.iter().map(|t| t.as_str().to_owned()).collect(),
        csr_department: o.csr_department,
        dissolved_on: o.dissolved_on,
        disclosure,
        verified: activity.verified,
        created_at: rfc3339(o.created_at),
        updated_at: rfc3339(o.updated_at),
    })
}

/// One organisation's profile.
#[utoipa::path(get, path = "/organizations/{id}", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = OrganizationView), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_one(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<OrganizationView>, ApiError> {
    let id: i64 = text::to_halfwidth_ascii(&id).parse().map_err(|_| ApiError::NotFound)?;
    let org = state.store.organization(id).await?.ok_or(ApiError::NotFound)?;
    let role = match &user {
        Some(u) => state.store.member_role(id, u.id).await?,
        None => None,
    };
    Ok(Json(view(&state, org, Standing::of(user.as_ref(), role)).await?))
}

#[derive(Deserialize, ToSchema, Default)]
pub struct NewOrganizationInput {
    /// One of the seven kinds (see `kind` of the list).
    #[schema(schema_with = super::vocab::org_kind)]
    kind: String,
    name: String,
    name_kana: Option<String>,
    #[schema(schema_with = super::vocab::municipality)]
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
    let id = kyodo_app::organizations::register(
        &state.app,
        &user,
        &OrganizationInput {
            kind: input.kind,
            name: input.name,
            name_kana: input.name_kana,
            municipality: input.municipality,
            mission: input.mission,
            activities: input.activities,
            website: input.website,
        },
    )
    .await?;
    let org = state.store.organization(id.get()).await?.ok_or(ApiError::NotFound)?;
    let owner = Standing::of(Some(&user), Some(kyodo_domain::organization::MemberRole::Owner));
    let body = view(&state, org, owner).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/organizations/{id}"))],
        Json(body),
    )
        .into_response())
}

/// The whole profile, as `PUT` replaces it. Lists are arrays; numbers may be full-width strings.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ProfileInputJson {
    #[schema(schema_with = super::vocab::org_kind)]
    kind: String,
    name: String,
    name_kana: String,
    #[schema(schema_with = super::vocab::municipality)]
    municipality: String,
    address: String,
    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or as written (e.g. 平成16年3月).
    founded: String,
    members: Option<serde_json::Value>,
    employees: Option<serde_json::Value>,
    representative: String,
    email: String,
    phone: String,
    website: String,
    public_contact: bool,
    mission: String,
    activities: String,
    strengths: Vec<String>,
    csr_policy: String,
    csr_department: String,
    #[schema(schema_with = super::vocab::activity_fields)]
    fields: Vec<serde_json::Value>,
    #[schema(schema_with = super::vocab::sdgs)]
    sdgs: Vec<serde_json::Value>,
    awards: Vec<String>,
    social_links: Vec<String>,
    open_types: Vec<String>,
}

/// A JSON number or string, as the text a form would have posted.
fn as_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl ProfileInputJson {
    fn input(&self) -> ProfileInput {
        ProfileInput {
            kind: self.kind.clone(),
            name: self.name.clone(),
            name_kana: self.name_kana.clone(),
            municipality: self.municipality.clone(),
            address: self.address.clone(),
            founded: self.founded.clone(),
            members: self.members.as_ref().map(as_text).unwrap_or_default(),
            employees: self.employees.as_ref().map(as_text).unwrap_or_default(),
            representative: self.representative.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            website: self.website.clone(),
            public_contact: self.public_contact,
            mission: self.mission.clone(),
            activities: self.activities.clone(),
            strengths: self.strengths.join("\n"),
            csr_policy: self.csr_policy.clone(),
            csr_department: self.csr_department.clone(),
            fields: self.fields.iter().map(as_text).collect(),
            sdgs: self.sdgs.iter().map(as_text).collect(),
            awards: self.awards.join("\n"),
            social_links: self.social_links.join("\n"),
            open_types: self.open_types.clone(),
        }
    }
}

fn id_of(id: &str) -> Result<i64, ApiError> {
    id.parse::<OrgId>().map(OrgId::get).map_err(|_| ApiError::NotFound)
}

/// Loads an organisation and the caller's standing toward it.
pub(super) async fn standing_of(
    state: &AppState,
    id: &str,
    user: &kyodo_store::User,
) -> Result<(Organization, Standing), ApiError> {
    Ok(kyodo_app::access::organization(&state.app, Some(user), OrgId::new(id_of(id)?)).await?)
}

/// Replaces the profile (editors and owners of the organisation, and admins).
#[utoipa::path(put, path = "/organizations/{id}", tag = "organizations", params(("id" = i64, Path)), request_body = ProfileInputJson,
    responses((status = 200, body = OrganizationView), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ProfileInputJson>,
) -> Result<Json<OrganizationView>, ApiError> {
    let (_, standing) = standing_of(&state, &id, &user).await?;
    let id = OrgId::new(id_of(&id)?);
    let org = kyodo_app::organizations::update_profile(&state.app, &user, id, &input.input()).await?;
    Ok(Json(view(&state, org, standing).await?))
}

/// Deletes the organisation with its listings and records (owners and admins).
#[utoipa::path(delete, path = "/organizations/{id}", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn delete(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    kyodo_app::organizations::delete(&state.app, &user, OrgId::new(id_of(&id)?)).await?;
    Ok(StatusCode::NO_CONTENT)
}
