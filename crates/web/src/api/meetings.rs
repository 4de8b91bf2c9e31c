//! Meetings and minutes in the API: schedule a meeting (purpose and issues set beforehand), the
//! meetings as iCalendar, minutes with action items, and each party's approval.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kyodo_app::workspace::meetings as app;
use kyodo_domain::collaboration::meeting::{ItemInput, MeetingInput, MinutesInput};
use kyodo_domain::ids::{CollaborationId, MeetingId};
use kyodo_store::Meeting;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::common::Created;
use super::extract::{ApiJson, ApiPath};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, schedule))
        .routes(routes!(calendar))
        .routes(routes!(save_minutes))
        .routes(routes!(approve))
}

#[derive(Serialize, ToSchema)]
pub struct MeetingView {
    id: i64,
    /// `YYYY-MM-DDTHH:MM`, Japan time.
    starts_at: String,
    place: String,
    online_url: Option<String>,
    purpose: String,
    /// The issues to discuss, set beforehand.
    issues: String,
    participants: String,
    /// Present once minutes are saved.
    decisions: Option<String>,
    discussion: Option<String>,
    minutes_at: Option<String>,
    /// The parties that approved the minutes.
    approved_by: Vec<i64>,
}

impl From<Meeting> for MeetingView {
    fn from(m: Meeting) -> Self {
        Self {
            id: m.id,
            starts_at: m.starts_at,
            place: m.place,
            online_url: m.online_url,
            purpose: m.purpose,
            issues: m.issues,
            participants: m.participants,
            decisions: m.decisions,
            discussion: m.discussion,
            minutes_at: m.minutes_at.map(rfc3339),
            approved_by: m.approved_by,
        }
    }
}

/// The collaboration's meetings, in date order.
#[utoipa::path(get, path = "/collaborations/{id}/meetings", tag = "workspace", params(("id" = i64, Path)),
    responses((status = 200, body = [MeetingView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<Vec<MeetingView>>, ApiError> {
    let (_, meetings) = app::list(&state.app, &user, id).await?;
    Ok(Json(meetings.into_iter().map(MeetingView::from).collect()))
}

/// A meeting to schedule: the date (`YYYY-MM-DD`, 和暦 or full-width), the time (`14:30`), a
/// place or an online URL, the purpose and the issues to discuss.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct MeetingBody {
    date: String,
    time: String,
    place: String,
    online_url: String,
    purpose: String,
    issues: String,
    participants: String,
}

impl From<MeetingBody> for MeetingInput {
    fn from(b: MeetingBody) -> Self {
        Self {
            date: b.date,
            time: b.time,
            place: b.place,
            online_url: b.online_url,
            purpose: b.purpose,
            issues: b.issues,
            participants: b.participants,
        }
    }
}

/// Schedules a meeting (editors); the parties are notified.
#[utoipa::path(post, path = "/collaborations/{id}/meetings", tag = "workspace", params(("id" = i64, Path)), request_body = MeetingBody,
    responses((status = 201, body = Created),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn schedule(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(body): ApiJson<MeetingBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let mid = app::schedule(&state.app, &user, id, &body.into()).await?;
    Ok((StatusCode::CREATED, Json(Created { id: mid.get() })))
}

/// The meetings as an iCalendar file (RFC 5545).
#[utoipa::path(get, path = "/collaborations/{id}/meetings.ics", tag = "workspace", params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/calendar", body = String),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn calendar(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Response, ApiError> {
    let ics = app::calendar(&state.app, &user, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        ics,
    )
        .into_response())
}

/// An action item decided in the meeting: what, who (a person and their party), by when (not
/// before the meeting).
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct ItemBody {
    title: String,
    owner_name: String,
    /// The party's organisation id.
    #[serde(deserialize_with = "super::extract::text_or_number")]
    #[schema(value_type = i64)]
    organization_id: String,
    due: String,
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct MinutesBody {
    decisions: String,
    discussion: String,
    items: Vec<ItemBody>,
}

impl From<MinutesBody> for MinutesInput {
    fn from(b: MinutesBody) -> Self {
        Self {
            decisions: b.decisions,
            discussion: b.discussion,
            items: b
                .items
                .into_iter()
                .map(|i| ItemInput {
                    title: i.title,
                    owner_name: i.owner_name,
                    organization: i.organization_id,
                    due: i.due,
                })
                .collect(),
        }
    }
}

/// Saves the meeting's minutes and their action items (editors); earlier approvals are cleared,
/// the parties are asked to approve, and each item's party is told of its item.
#[utoipa::path(put, path = "/collaborations/{id}/meetings/{meeting_id}/minutes", tag = "workspace",
    params(("id" = i64, Path), ("meeting_id" = i64, Path)), request_body = MinutesBody,
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn save_minutes(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, mid)): ApiPath<(CollaborationId, MeetingId)>,
    ApiJson(body): ApiJson<MinutesBody>,
) -> Result<StatusCode, ApiError> {
    app::save_minutes(&state.app, &user, id, mid, &body.into()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Approves the minutes for the caller's party (editors); 404 before minutes exist.
#[utoipa::path(post, path = "/collaborations/{id}/meetings/{meeting_id}/approvals", tag = "workspace",
    params(("id" = i64, Path), ("meeting_id" = i64, Path)),
    responses((status = 204),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn approve(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, mid)): ApiPath<(CollaborationId, MeetingId)>,
) -> Result<StatusCode, ApiError> {
    app::approve_minutes(&state.app, &user, id, mid).await?;
    Ok(StatusCode::NO_CONTENT)
}
