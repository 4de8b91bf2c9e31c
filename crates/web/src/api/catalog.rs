//! The guide's reference data, for clients that build their own forms and pages.

use axum::Json;
use kyodo_domain::catalog::{CenterLookup, catalog};
use kyodo_domain::{FieldError, Invalid, text};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::ApiQuery;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(collaboration_types))
        .routes(routes!(municipalities))
        .routes(routes!(support_center))
}

#[derive(Serialize, ToSchema)]
pub struct CollaborationTypeView {
    id: String,
    name: String,
    overview: String,
    advantages: String,
    cautions: String,
}

/// The guide's six collaboration types (協働の種類), with overview, advantages and cautions.
#[utoipa::path(get, path = "/catalog/collaboration-types", tag = "catalog", responses((status = 200, body = Vec<CollaborationTypeView>)))]
async fn collaboration_types() -> Json<Vec<CollaborationTypeView>> {
    Json(
        catalog()
            .collaboration_types
            .iter()
            .map(|t| CollaborationTypeView {
                id: t.id.clone(),
                name: t.name.clone(),
                overview: t.overview.clone(),
                advantages: t.advantages.clone(),
                cautions: t.cautions.clone(),
            })
            .collect(),
    )
}

#[derive(Serialize, ToSchema)]
pub struct MunicipalityView {
    name: String,
    kana: String,
    has_support_center: bool,
}

/// Yamaguchi's 19 municipalities.
#[utoipa::path(get, path = "/catalog/municipalities", tag = "catalog", responses((status = 200, body = Vec<MunicipalityView>)))]
async fn municipalities() -> Json<Vec<MunicipalityView>> {
    let c = catalog();
    Json(
        c.municipalities
            .iter()
            .map(|m| MunicipalityView {
                name: m.name.clone(),
                kana: m.kana.clone(),
                has_support_center: c.support_centers.iter().any(|s| s.municipality == m.name),
            })
            .collect(),
    )
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CenterParams {
    /// A municipality of Yamaguchi, e.g. 下松市.
    municipality: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SupportCenterAnswer {
    municipality: String,
    /// True when the municipality has its own centre; otherwise `center` is the nearest one.
    own: bool,
    distance_km: Option<f64>,
    center: CenterView,
    /// Always worth contacting too: the prefectural centre.
    prefectural_center: String,
}

#[derive(Serialize, ToSchema)]
pub struct CenterView {
    municipality: String,
    name: String,
    postal_code: String,
    address: String,
    tel: String,
    fax: Option<String>,
    email: Vec<String>,
    url: Option<String>,
}

/// The support centre serving a municipality (for the nine without one: the nearest).
#[utoipa::path(get, path = "/catalog/support-center", tag = "catalog", params(CenterParams),
    responses((status = 200, body = SupportCenterAnswer), (status = 422, body = Problem, content_type = "application/problem+json")))]
async fn support_center(ApiQuery(p): ApiQuery<CenterParams>) -> Result<Json<SupportCenterAnswer>, ApiError> {
    let m = text::clean(p.municipality.as_deref().unwrap_or_default(), false);
    let c = catalog();
    let lookup = c.center_for(&m).ok_or_else(|| {
        let e = if m.is_empty() {
            FieldError::required("municipality", "市町")
        } else {
            FieldError::new(
                "municipality",
                "unknown_municipality",
                format!("「{m}」は山口県の市町ではありません。"),
            )
        };
        ApiError::Invalid(Invalid::one(e))
    })?;
    let (center, own, distance_km) = match lookup {
        CenterLookup::Own(center) => (center, true, None),
        CenterLookup::Nearest { center, distance_km } => (center, false, Some((distance_km * 10.0).round() / 10.0)),
    };
    Ok(Json(SupportCenterAnswer {
        municipality: m,
        own,
        distance_km,
        center: CenterView {
            municipality: center.municipality.clone(),
            name: center.name.clone(),
            postal_code: center.postal_code.clone(),
            address: center.address.clone(),
            tel: center.tel.clone(),
            fax: center.fax.clone(),
            email: center.email.clone(),
            url: center.url.clone(),
        },
        prefectural_center: c.prefectural_center.name.clone(),
    }))
}
