//! Listings (協働募集) in the API: the public board with filters, one listing, and
//! create/update/delete by the organisation's editors.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kyodo_domain::ids::{ListingId, OrgId};
use kyodo_domain::listing::{Direction, ListingInput, Resource};
use kyodo_domain::{FieldError, Invalid, text};
use kyodo_store::{Listing, ListingFilter, OrganizationSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiPath, ApiQuery, kind_filter, municipality_filter, number, present};
use super::organizations::{OrganizationSummaryView, standing_of};
use crate::auth::{ApiUser, MaybeApiUser};
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(board))
        .routes(routes!(get_one, update, delete))
        .routes(routes!(of_organization, create))
}

#[derive(Serialize, ToSchema)]
pub struct ListingView {
    id: i64,
    external_id: Option<String>,
    organization_id: i64,
    /// `need` or `offer`.
    direction: String,
    /// Resource codes (`funds`, `people`, `venue`, …).
    resources: Vec<String>,
    title: String,
    description: Option<String>,
    municipality: Option<String>,
    fields: Vec<u8>,
    sdgs: Vec<u8>,
    /// `open` or `closed`.
    status: String,
    created_at: String,
    updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<OrganizationSummaryView>,
}

fn view(l: Listing, org: Option<OrganizationSummary>) -> ListingView {
    ListingView {
        id: l.id,
        external_id: l.external_id,
        organization_id: l.organization_id,
        direction: l.direction.as_str().into(),
        resources: l.resources.iter().map(|r| r.as_str().to_owned()).collect(),
        title: l.title,
        description: l.description,
        municipality: l.municipality,
        fields: l.fields,
        sdgs: l.sdgs,
        status: l.status.as_str().into(),
        created_at: rfc3339(l.created_at),
        updated_at: rfc3339(l.updated_at),
        organization: org.map(Into::into),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ListingPage {
    items: Vec<ListingView>,
    total: i64,
    page: i64,
    per_page: i64,
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct BoardParams {
    /// `need` or `offer`.
    direction: Option<String>,
    /// A resource code.
    resource: Option<String>,
    /// NPO Act field number, 1–20.
    field: Option<String>,
    /// SDG number, 1–17.
    sdg: Option<String>,
    municipality: Option<String>,
    /// Kind of the organisation.
    kind: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// Open listings of organisations that are not dissolved, newest first, with filters.
#[utoipa::path(get, path = "/listings", tag = "listings", params(BoardParams),
    responses((status = 200, body = ListingPage), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn board(
    State(state): State<AppState>,
    ApiQuery(p): ApiQuery<BoardParams>,
) -> Result<Json<ListingPage>, ApiError> {
    let mut e = Invalid::default();
    let unknown = |field: &str, v: &str| FieldError::new(field, "unknown_value", format!("{field}「{v}」は不明です。"));
    let direction =
        present(&p.direction).and_then(|d| e.check(Direction::parse(&d).ok_or_else(|| unknown("direction", &d))));
    let resource =
        present(&p.resource).and_then(|r| e.check(Resource::parse(&r).ok_or_else(|| unknown("resource", &r))));
    let field = present(&p.field)
        .map(|_| number("field", &p.field, 1, 20))
        .and_then(|r| e.check(r));
    let sdg = present(&p.sdg)
        .map(|_| number("sdg", &p.sdg, 1, 17))
        .and_then(|r| e.check(r));
    let municipality = municipality_filter(&mut e, &p.municipality);
    let kind = kind_filter(&mut e, &p.kind);
    let page = e.check(number("page", &p.page, 1, 100_000)).unwrap_or(1);
    let per_page = e.check(number("per_page", &p.per_page, 20, 100)).unwrap_or(20);
    if !e.0.is_empty() {
        return Err(ApiError::Invalid(e));
    }
    let filter = ListingFilter {
        direction,
        resource,
        field: field.and_then(|n| u8::try_from(n).ok()),
        sdg: sdg.and_then(|n| u8::try_from(n).ok()),
        municipality,
        kind,
    };
    let (rows, total) = state.store.board(&filter, per_page, (page - 1) * per_page).await?;
    Ok(Json(ListingPage {
        items: rows.into_iter().map(|(l, o)| view(l, Some(o))).collect(),
        total,
        page,
        per_page,
    }))
}

/// Can the caller see this listing? Open ones are public; closed ones only to the organisation.
async fn visible(state: &AppState, l: &Listing, user: Option<&kyodo_store::User>) -> Result<bool, ApiError> {
    Ok(kyodo_app::listings::visible(&state.app, user, l).await?)
}

/// One listing.
#[utoipa::path(get, path = "/listings/{id}", tag = "listings", params(("id" = i64, Path)),
    responses((status = 200, body = ListingView), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn get_one(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<ListingView>, ApiError> {
    let id: i64 = text::to_halfwidth_ascii(&id).parse().map_err(|_| ApiError::NotFound)?;
    let l = state.store.listing(id).await?.ok_or(ApiError::NotFound)?;
    if !visible(&state, &l, user.as_ref()).await? {
        return Err(ApiError::NotFound);
    }
    Ok(Json(view(l, None)))
}

/// An organisation's listings (closed ones too, for its members).
#[utoipa::path(get, path = "/organizations/{id}/listings", tag = "listings", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ListingView>), (status = 404, body = Problem, content_type = "application/problem+json")))]
async fn of_organization(
    State(state): State<AppState>,
    MaybeApiUser(user): MaybeApiUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<ListingView>>, ApiError> {
    let private = match &user {
        Some(u) => standing_of(&state, &id, u).await?.1.can_view_private(),
        None => false,
    };
    let id: i64 = text::to_halfwidth_ascii(&id).parse().map_err(|_| ApiError::NotFound)?;
    state.store.organization(id).await?.ok_or(ApiError::NotFound)?;
    let list = state.store.listings_of(id, private).await?;
    Ok(Json(list.into_iter().map(|l| view(l, None)).collect()))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ListingInputJson {
    /// `need` or `offer`.
    #[schema(schema_with = super::vocab::direction)]
    direction: String,
    #[schema(schema_with = super::vocab::resources)]
    resources: Vec<String>,
    title: String,
    description: String,
    #[schema(schema_with = super::vocab::municipality)]
    municipality: String,
    #[schema(schema_with = super::vocab::activity_fields)]
    fields: Vec<serde_json::Value>,
    #[schema(schema_with = super::vocab::sdgs)]
    sdgs: Vec<serde_json::Value>,
    /// `open` (default) or `closed`.
    #[schema(schema_with = super::vocab::listing_status)]
    status: String,
}

impl ListingInputJson {
    fn input(&self) -> ListingInput {
        let text_of = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        ListingInput {
            direction: self.direction.clone(),
            resources: self.resources.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            municipality: self.municipality.clone(),
            fields: self.fields.iter().map(text_of).collect(),
            sdgs: self.sdgs.iter().map(text_of).collect(),
            status: self.status.clone(),
        }
    }
}

/// Adds a listing to an organisation (its editors and owners).
#[utoipa::path(post, path = "/organizations/{id}/listings", tag = "listings", params(("id" = i64, Path)), request_body = ListingInputJson,
    responses((status = 201, body = ListingView), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn create(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
    ApiJson(input): ApiJson<ListingInputJson>,
) -> Result<Response, ApiError> {
    let l = kyodo_app::listings::create(&state.app, &user, id, &input.input()).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/listings/{}", l.id))],
        Json(view(l, None)),
    )
        .into_response())
}

/// Replaces a listing.
#[utoipa::path(put, path = "/listings/{id}", tag = "listings", params(("id" = i64, Path)), request_body = ListingInputJson,
    responses((status = 200, body = ListingView), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn update(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<ListingId>,
    ApiJson(input): ApiJson<ListingInputJson>,
) -> Result<Json<ListingView>, ApiError> {
    let l = kyodo_app::listings::update(&state.app, &user, id, &input.input()).await?;
    Ok(Json(view(l, None)))
}

/// Deletes a listing.
#[utoipa::path(delete, path = "/listings/{id}", tag = "listings", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn delete(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<ListingId>,
) -> Result<StatusCode, ApiError> {
    kyodo_app::listings::delete(&state.app, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
