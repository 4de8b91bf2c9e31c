//! Progress in the API: action items (done or reopened, an organisation's open items),
//! indicators with their entries, track and chart, and PDCA cycles.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kyodo_app::workspace::{self as app, cycles, indicators, items};
use kyodo_domain::collaboration::cycle::CycleInput;
use kyodo_domain::collaboration::indicator::EntryInput;
use kyodo_domain::ids::{ActionItemId, CollaborationId, CycleId, IndicatorId, OrgId};
use kyodo_store::{ActionItem, Indicator, StoredCycle};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiPath, text_or_number};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(collaboration_items))
        .routes(routes!(set_item))
        .routes(routes!(organization_items))
        .routes(routes!(list_indicators))
        .routes(routes!(add_entry))
        .routes(routes!(chart))
        .routes(routes!(list_cycles, add_cycle))
        .routes(routes!(update_cycle))
}

#[derive(Serialize, ToSchema)]
pub struct ItemView {
    id: i64,
    collaboration_id: i64,
    collaboration_title: String,
    meeting_id: Option<i64>,
    title: String,
    owner_name: String,
    organization_id: i64,
    organization_name: String,
    due: String,
    done: bool,
    /// Open and past its due date (Japan's calendar day).
    overdue: bool,
}

impl From<ActionItem> for ItemView {
    fn from(i: ActionItem) -> Self {
        let overdue = !i.done && i.due < kyodo_app::today().to_string();
        Self {
            id: i.id,
            collaboration_id: i.collaboration_id,
            collaboration_title: i.collaboration_title,
            meeting_id: i.meeting_id,
            title: i.title,
            owner_name: i.owner_name,
            organization_id: i.organization_id,
            organization_name: i.organization_name,
            due: i.due,
            done: i.done,
            overdue,
        }
    }
}

/// The collaboration's action items, by due date.
#[utoipa::path(get, path = "/collaborations/{id}/action-items", tag = "workspace", params(("id" = i64, Path)),
    responses((status = 200, body = [ItemView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn collaboration_items(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<Vec<ItemView>>, ApiError> {
    let b = app::board(&state.app, &user, id).await?;
    Ok(Json(b.items.into_iter().map(ItemView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
pub struct ItemPatch {
    /// `true` marks the item done, `false` opens it again.
    done: bool,
}

/// Marks an action item done or open again (editors).
#[utoipa::path(patch, path = "/collaborations/{id}/action-items/{item_id}", tag = "workspace",
    params(("id" = i64, Path), ("item_id" = i64, Path)), request_body = ItemPatch,
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn set_item(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, iid)): ApiPath<(CollaborationId, ActionItemId)>,
    ApiJson(body): ApiJson<ItemPatch>,
) -> Result<StatusCode, ApiError> {
    items::set_done(&state.app, &user, id, iid, body.done).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An organisation's open action items across its collaborations (its members).
#[utoipa::path(get, path = "/organizations/{id}/action-items", tag = "workspace", params(("id" = i64, Path)),
    responses((status = 200, body = [ItemView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn organization_items(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
) -> Result<Json<Vec<ItemView>>, ApiError> {
    let (_, open) = items::open_of(&state.app, &user, id).await?;
    Ok(Json(open.into_iter().map(ItemView::from).collect()))
}

#[derive(Serialize, ToSchema)]
pub struct EntryView {
    date: String,
    value: f64,
    /// How the value was checked.
    source: String,
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorView {
    id: i64,
    name: String,
    unit: String,
    baseline: f64,
    target: f64,
    start_date: String,
    due: String,
    method: String,
    entries: Vec<EntryView>,
    /// `no_data`, `on_track`, `off_track` or `reached`, against the straight path from the
    /// baseline to the target.
    track: String,
    /// The track in Japanese (順調・遅れ・達成・記録なし).
    track_label: String,
}

impl From<Indicator> for IndicatorView {
    fn from(k: Indicator) -> Self {
        let track = indicators::track(&k);
        Self {
            track: match track {
                kyodo_domain::collaboration::indicator::Track::NoData => "no_data",
                kyodo_domain::collaboration::indicator::Track::OnTrack => "on_track",
                kyodo_domain::collaboration::indicator::Track::OffTrack => "off_track",
                kyodo_domain::collaboration::indicator::Track::Reached => "reached",
            }
            .into(),
            track_label: track.label_ja().into(),
            id: k.id,
            name: k.name,
            unit: k.unit,
            baseline: k.baseline,
            target: k.target,
            start_date: k.start_date,
            due: k.due,
            method: k.method,
            entries: k
                .entries
                .into_iter()
                .map(|(date, value, source)| EntryView { date, value, source })
                .collect(),
        }
    }
}

/// The indicators (the confirmed agreement's targets) with their entries and track.
#[utoipa::path(get, path = "/collaborations/{id}/indicators", tag = "workspace", params(("id" = i64, Path)),
    responses((status = 200, body = [IndicatorView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list_indicators(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<Vec<IndicatorView>>, ApiError> {
    let b = app::board(&state.app, &user, id).await?;
    Ok(Json(b.indicators.into_iter().map(IndicatorView::from).collect()))
}

/// A progress entry: the date it was measured, the value (a number, or text with full-width
/// digits) and how it was checked.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct EntryBody {
    date: String,
    #[serde(deserialize_with = "text_or_number")]
    #[schema(value_type = f64)]
    value: String,
    source: String,
}

/// Records a progress entry (editors).
#[utoipa::path(post, path = "/collaborations/{id}/indicators/{indicator_id}/entries", tag = "workspace",
    params(("id" = i64, Path), ("indicator_id" = i64, Path)), request_body = EntryBody,
    responses((status = 201, body = IndicatorView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn add_entry(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, kid)): ApiPath<(CollaborationId, IndicatorId)>,
    ApiJson(body): ApiJson<EntryBody>,
) -> Result<(StatusCode, Json<IndicatorView>), ApiError> {
    let input = EntryInput {
        entry_date: body.date,
        value: body.value,
        source: body.source,
    };
    indicators::record(&state.app, &user, id, kid, &input).await?;
    let k = indicators::get(&state.app, &user, id, kid).await?;
    Ok((StatusCode::CREATED, Json(IndicatorView::from(k))))
}

/// The indicator's progress as an SVG chart (with its text alternative inside).
#[utoipa::path(get, path = "/collaborations/{id}/indicators/{indicator_id}/chart.svg", tag = "workspace",
    params(("id" = i64, Path), ("indicator_id" = i64, Path)),
    responses((status = 200, content_type = "image/svg+xml", body = String),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn chart(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, kid)): ApiPath<(CollaborationId, IndicatorId)>,
) -> Result<Response, ApiError> {
    let k = indicators::get(&state.app, &user, id, kid).await?;
    let svg = indicators::chart_svg(&k).ok_or(ApiError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        svg,
    )
        .into_response())
}

#[derive(Serialize, ToSchema)]
pub struct CycleView {
    id: i64,
    number: i64,
    plan: String,
    done: String,
    check: String,
    act: String,
    updated_at: String,
}

impl From<StoredCycle> for CycleView {
    fn from(c: StoredCycle) -> Self {
        Self {
            id: c.id,
            number: c.number,
            plan: c.cycle.plan,
            done: c.cycle.done,
            check: c.cycle.check,
            act: c.cycle.act,
            updated_at: rfc3339(c.updated_at),
        }
    }
}

/// The PDCA cycles, oldest first.
#[utoipa::path(get, path = "/collaborations/{id}/cycles", tag = "workspace", params(("id" = i64, Path)),
    responses((status = 200, body = [CycleView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list_cycles(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<Vec<CycleView>>, ApiError> {
    let b = app::board(&state.app, &user, id).await?;
    Ok(Json(b.cycles.into_iter().map(CycleView::from).collect()))
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct CycleBody {
    plan: String,
    done: String,
    check: String,
    act: String,
}

impl From<CycleBody> for CycleInput {
    fn from(b: CycleBody) -> Self {
        Self {
            plan: b.plan,
            done: b.done,
            check: b.check,
            act: b.act,
        }
    }
}

/// Adds the next cycle (editors).
#[utoipa::path(post, path = "/collaborations/{id}/cycles", tag = "workspace", params(("id" = i64, Path)), request_body = CycleBody,
    responses((status = 201, body = CycleView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn add_cycle(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(body): ApiJson<CycleBody>,
) -> Result<(StatusCode, Json<CycleView>), ApiError> {
    let number = cycles::add(&state.app, &user, id, &body.into()).await?;
    let b = app::board(&state.app, &user, id).await?;
    let c = b
        .cycles
        .into_iter()
        .find(|c| c.number == number)
        .ok_or(ApiError::NotFound)?;
    Ok((StatusCode::CREATED, Json(CycleView::from(c))))
}

/// Updates a cycle (editors).
#[utoipa::path(put, path = "/collaborations/{id}/cycles/{cycle_id}", tag = "workspace",
    params(("id" = i64, Path), ("cycle_id" = i64, Path)), request_body = CycleBody,
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn update_cycle(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, kid)): ApiPath<(CollaborationId, CycleId)>,
    ApiJson(body): ApiJson<CycleBody>,
) -> Result<StatusCode, ApiError> {
    cycles::update(&state.app, &user, id, kid, &body.into()).await?;
    Ok(StatusCode::NO_CONTENT)
}
