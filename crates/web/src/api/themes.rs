//! Collaboration themes (協働のテーマ) and the collaboration-type advisor in the API, through the
//! same operations as the planning pages.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kyodo_domain::ids::{OrgId, ThemeId};
use kyodo_domain::proposal::advisor::{self, Answers};
use kyodo_domain::proposal::theme::ThemeInput;
use kyodo_domain::{FieldError, Invalid};
use kyodo_store::StoredTheme;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiQuery};
use super::proposals::id;
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(themes, create_theme))
        .routes(routes!(get_theme, update_theme))
        .routes(routes!(advise))
}

/// One row of a theme's outline.
#[derive(ToSchema)]
#[allow(dead_code, reason = "documents the shape of `outline` in the OpenAPI document")]
pub struct OutlineRowSchema {
    /// プランの骨子 (e.g. 子どもたちが「お仕事体験」).
    element: String,
    /// 相手先 (e.g. 商店街).
    partner: String,
    /// 提携内容 (e.g. お店体験).
    contribution: String,
}

#[derive(Serialize, ToSchema)]
pub struct ThemeView {
    id: i64,
    organization_id: i64,
    org_theme: String,
    collaboration_theme: String,
    /// The plan's outline, row by row (プランの骨子・相手先・提携内容).
    #[schema(value_type = Vec<OutlineRowSchema>)]
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
    let (_, _, themes) = kyodo_app::themes::of_organization(&state.app, &user, OrgId::new(id(&oid)?)).await?;
    Ok(Json(themes.into_iter().map(theme_view).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct ThemeBody {
    org_theme: Option<String>,
    collaboration_theme: String,
    /// The plan's outline, row by row (プランの骨子・相手先・提携内容; up to 30 rows).
    #[schema(value_type = Option<Vec<OutlineRowSchema>>)]
    outline: Option<serde_json::Value>,
    /// A listing of this organisation the theme starts from.
    source_listing_id: Option<i64>,
    /// A partner the theme is meant for (e.g. from a matching result).
    partner_id: Option<i64>,
}

impl ThemeBody {
    fn input(&self) -> Result<ThemeInput, ApiError> {
        let outline = match &self.outline {
            None => Vec::new(),
            Some(v) => serde_json::from_value(v.clone()).map_err(|e| {
                ApiError::Invalid(Invalid::one(FieldError::new(
                    "outline",
                    "invalid_json",
                    format!("outline の形式が正しくありません：{e}"),
                )))
            })?,
        };
        Ok(ThemeInput {
            org_theme: self.org_theme.clone().unwrap_or_default(),
            collaboration_theme: self.collaboration_theme.clone(),
            outline,
        })
    }
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
    let oid = OrgId::new(id(&oid)?);
    let input = body.input()?;
    let origin = kyodo_app::themes::Origin {
        listing: body.source_listing_id,
        partner: body.partner_id.map(OrgId::new),
    };
    let tid = kyodo_app::themes::create(&state.app, &user, oid, &input, &origin).await?;
    let t = state.store.theme(tid.get()).await?.ok_or(ApiError::NotFound)?;
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
    let (t, _, _) = kyodo_app::themes::get(&state.app, &user, ThemeId::new(id(&tid)?)).await?;
    Ok(Json(theme_view(t)))
}

/// Replaces a theme's text and outline (the organisation's editors).
#[utoipa::path(put, path = "/themes/{id}", tag = "proposals", params(("id" = i64, Path)), request_body = ThemeBody,
    responses((status = 200, body = ThemeView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn update_theme(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(tid): Path<String>,
    ApiJson(body): ApiJson<ThemeBody>,
) -> Result<Json<ThemeView>, ApiError> {
    let t = kyodo_app::themes::update(&state.app, &user, ThemeId::new(id(&tid)?), &body.input()?).await?;
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
    /// Cases of this type from the library (the guide's and published ones): (title, href).
    cases: Vec<AdviceCase>,
}

#[derive(Serialize, ToSchema)]
pub struct AdviceCase {
    title: String,
    href: String,
}

/// The collaboration-type advisor: the types that fit the answers, best first, with why.
#[utoipa::path(get, path = "/collaboration-types/advice", tag = "proposals", params(AdviceParams),
    responses((status = 200, body = [AdviceView])))]
async fn advise(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<AdviceParams>,
) -> Result<Json<Vec<AdviceView>>, ApiError> {
    let pairs = [
        ("organiser", q.organiser),
        ("responsibility", q.responsibility),
        ("money", q.money),
        ("parties", q.parties),
        ("period", q.period),
        ("name_enough", q.name_enough),
    ];
    let answers = Answers::from_pairs(pairs.iter().filter_map(|(k, v)| v.as_deref().map(|v| (*k, v))));
    let mut out = Vec::new();
    for r in advisor::recommend(&answers) {
        let info = r.collaboration_type.info();
        let cases = kyodo_app::case_studies::library::of_type(&state.app, r.collaboration_type)
            .await?
            .into_iter()
            .map(|c| AdviceCase {
                href: c.href(),
                title: c.title,
            })
            .collect();
        out.push(AdviceView {
            collaboration_type: r.collaboration_type.as_str().into(),
            name: info.name.clone(),
            overview: info.overview.clone(),
            advantages: info.advantages.clone(),
            cautions: info.cautions.clone(),
            reasons: r.reasons,
            cases,
        });
    }
    Ok(Json(out))
}
