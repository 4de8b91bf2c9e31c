//! 「自分たちを知る」 and 「相手を知る」 in the API: the organisation's private worksheet and its
//! notes on a partner, for its members only.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use kyodo_app::knowing as app;
use kyodo_domain::catalog::catalog;
use kyodo_domain::ids::OrgId;
use kyodo_domain::worksheet::{PartnerNote, PartnerNoteInput, Worksheet, WorksheetInput};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiJson, ApiPath};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_worksheet, save_worksheet))
        .routes(routes!(get_note, save_note))
}

/// The worksheet: the guide's questions about the organisation, and how much each of the white
/// paper's challenges weighs (by its 0-based number in `challenge_names`: 1 = 課題ではない,
/// 2 = やや課題, 3 = 大きな課題).
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct WorksheetBody {
    mission: String,
    characteristics: String,
    strengths: String,
    weaknesses: String,
    can_offer: String,
    challenges: BTreeMap<usize, u8>,
}

#[derive(Serialize, ToSchema)]
pub struct WorksheetView {
    #[serde(flatten)]
    body: WorksheetBody,
    /// The challenges' names, by number.
    challenge_names: Vec<String>,
    updated_at: Option<String>,
}

fn worksheet_view(stored: Option<(Worksheet, i64)>) -> WorksheetView {
    let (w, at) = match stored {
        Some((w, at)) => (w, Some(rfc3339(at))),
        None => (Worksheet::default(), None),
    };
    let text = |t: Option<String>| t.unwrap_or_default();
    WorksheetView {
        body: WorksheetBody {
            mission: text(w.mission),
            characteristics: text(w.characteristics),
            strengths: text(w.strengths),
            weaknesses: text(w.weaknesses),
            can_offer: text(w.can_offer),
            challenges: w.challenges.into_iter().map(|(i, r)| (i, r.value())).collect(),
        },
        challenge_names: catalog().civic_groups.challenges.clone(),
        updated_at: at,
    }
}

/// The organisation's worksheet (its members).
#[utoipa::path(get, path = "/organizations/{id}/worksheet", tag = "organizations", params(("id" = i64, Path)),
    responses((status = 200, body = WorksheetView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_worksheet(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
) -> Result<Json<WorksheetView>, ApiError> {
    let (_, stored) = app::worksheet(&state.app, &user, id).await?;
    Ok(Json(worksheet_view(stored)))
}

/// Saves the worksheet (editors and owners).
#[utoipa::path(put, path = "/organizations/{id}/worksheet", tag = "organizations", params(("id" = i64, Path)), request_body = WorksheetBody,
    responses((status = 200, body = WorksheetView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn save_worksheet(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
    ApiJson(b): ApiJson<WorksheetBody>,
) -> Result<Json<WorksheetView>, ApiError> {
    let input = WorksheetInput {
        mission: b.mission,
        characteristics: b.characteristics,
        strengths: b.strengths,
        weaknesses: b.weaknesses,
        can_offer: b.can_offer,
        challenges: b.challenges.into_iter().map(|(i, r)| (i, r.to_string())).collect(),
    };
    app::save_worksheet(&state.app, &user, id, &input).await?;
    let (_, stored) = app::worksheet(&state.app, &user, id).await?;
    Ok(Json(worksheet_view(stored)))
}

/// The organisation's notes on a partner (the guide's 「相手を知る」).
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct NoteBody {
    /// The partner's culture and way of working.
    culture: String,
    /// How well the partner understands the organisation's field.
    understanding: String,
    /// What the partner wants from a collaboration.
    wants: String,
    other: String,
}

#[derive(Serialize, ToSchema)]
pub struct NoteView {
    #[serde(flatten)]
    body: NoteBody,
    updated_at: Option<String>,
}

fn note_view(stored: Option<(PartnerNote, i64)>) -> NoteView {
    let (n, at) = match stored {
        Some((n, at)) => (n, Some(rfc3339(at))),
        None => (PartnerNote::default(), None),
    };
    let text = |t: Option<String>| t.unwrap_or_default();
    NoteView {
        body: NoteBody {
            culture: text(n.culture),
            understanding: text(n.understanding),
            wants: text(n.wants),
            other: text(n.other),
        },
        updated_at: at,
    }
}

/// The organisation's notes on a partner (its members).
#[utoipa::path(get, path = "/organizations/{id}/partners/{partner_id}/notes", tag = "organizations",
    params(("id" = i64, Path), ("partner_id" = i64, Path)),
    responses((status = 200, body = NoteView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_note(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, pid)): ApiPath<(OrgId, OrgId)>,
) -> Result<Json<NoteView>, ApiError> {
    let n = app::partner_note(&state.app, &user, id, pid).await?;
    Ok(Json(note_view(n.note)))
}

/// Saves the notes on a partner (editors and owners).
#[utoipa::path(put, path = "/organizations/{id}/partners/{partner_id}/notes", tag = "organizations",
    params(("id" = i64, Path), ("partner_id" = i64, Path)), request_body = NoteBody,
    responses((status = 200, body = NoteView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn save_note(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath((id, pid)): ApiPath<(OrgId, OrgId)>,
    ApiJson(b): ApiJson<NoteBody>,
) -> Result<Json<NoteView>, ApiError> {
    let input = PartnerNoteInput {
        culture: b.culture,
        understanding: b.understanding,
        wants: b.wants,
        other: b.other,
    };
    app::save_partner_note(&state.app, &user, id, pid, &input).await?;
    let n = app::partner_note(&state.app, &user, id, pid).await?;
    Ok(Json(note_view(n.note)))
}
