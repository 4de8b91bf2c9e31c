//! Collaborations in the API, through the same operations as the pages: start one from a
//! proposal, read it, move its stage, keep the approach log, and download
//! the self-introduction sheet. To anyone outside its parties a collaboration does not exist (404).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use kyodo_app::collaborations as app;
use kyodo_app::workspace::documents::{self as docs, Format};
use kyodo_domain::collaboration::approach::ContactInput;
use kyodo_domain::collaboration::stage::StageInput;
use kyodo_domain::ids::{CollaborationId, OrgId, ProposalId};
use kyodo_store::StoredContact;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::common::{CollaborationView, Created, StageEventView, download};
use super::extract::{ApiJson, ApiPath};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::format::rfc3339;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(start))
        .routes(routes!(get_one))
        .routes(routes!(move_stage))
        .routes(routes!(contacts, add_contact))
        .routes(routes!(introduction))
        .routes(routes!(introduction_pdf))
        .routes(routes!(introduction_docx))
}

/// The collaborations an organisation is a party to (its members).
#[utoipa::path(get, path = "/organizations/{id}/collaborations", tag = "collaborations", params(("id" = i64, Path)),
    responses((status = 200, body = [CollaborationSummary]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn list(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<OrgId>,
) -> Result<Json<Vec<CollaborationSummary>>, ApiError> {
    let (_, listed) = app::of_organization(&state.app, &user, id).await?;
    Ok(Json(
        listed
            .into_iter()
            .map(|l| CollaborationSummary {
                id: l.id.get(),
                title: l.title,
                stage: l.stage.as_str().into(),
                updated_at: rfc3339(l.updated_at),
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct CollaborationSummary {
    id: i64,
    title: String,
    stage: String,
    updated_at: String,
}

/// Starts a collaboration from a proposal (its author's editors). The parties are the author, the
/// partner named on it and every organisation it is shared with; they are notified.
#[utoipa::path(post, path = "/proposals/{id}/collaboration", tag = "collaborations", params(("id" = i64, Path)),
    responses((status = 201, body = CollaborationView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn start(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<ProposalId>,
) -> Result<(StatusCode, Json<CollaborationView>), ApiError> {
    let cid = app::start(&state.app, &user, id).await?;
    let d = app::detail(&state.app, &user, cid).await?;
    Ok((StatusCode::CREATED, Json(CollaborationView::from(&d.standing.c))))
}

#[derive(Serialize, ToSchema)]
pub struct CollaborationDetail {
    #[serde(flatten)]
    collaboration: CollaborationView,
    /// Whether the caller may write (an editor or owner of a party).
    can_edit: bool,
    /// The stage history, oldest first.
    stages: Vec<StageEventView>,
    /// Coordinators the parties invited (read only).
    coordinators: Vec<CoordinatorView>,
}

#[derive(Serialize, ToSchema)]
pub struct CoordinatorView {
    user_id: i64,
    name: String,
}

/// A collaboration with its stage history and invited coordinators.
#[utoipa::path(get, path = "/collaborations/{id}", tag = "collaborations", params(("id" = i64, Path)),
    responses((status = 200, body = CollaborationDetail),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn get_one(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<CollaborationDetail>, ApiError> {
    let d = app::detail(&state.app, &user, id).await?;
    Ok(Json(CollaborationDetail {
        collaboration: CollaborationView::from(&d.standing.c),
        can_edit: d.standing.can_edit(),
        stages: d.events.into_iter().map(StageEventView::from).collect(),
        coordinators: d
            .coordinators
            .into_iter()
            .map(|(user_id, name)| CoordinatorView { user_id, name })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct StageBody {
    /// The stage to move to (see `CollaborationView.stage`): forward one at a time, back to any
    /// earlier one, or `declined` with a reason.
    #[schema(schema_with = super::vocab::stage)]
    stage: String,
    /// Why (required for `declined`).
    #[serde(default)]
    reason: String,
}

/// Moves the collaboration to another stage (editors). `running` needs the agreement confirmed by
/// every party; a move someone else made first answers 422 with `stage_changed`.
#[utoipa::path(post, path = "/collaborations/{id}/stage", tag = "collaborations", params(("id" = i64, Path)), request_body = StageBody,
    responses((status = 200, body = CollaborationView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn move_stage(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(body): ApiJson<StageBody>,
) -> Result<Json<CollaborationView>, ApiError> {
    let input = StageInput {
        stage: body.stage,
        reason: body.reason,
    };
    let c = app::move_stage(&state.app, &user, id, &input).await?;
    Ok(Json(CollaborationView::from(&c)))
}

#[derive(Serialize, ToSchema)]
pub struct ContactView {
    id: i64,
    /// The party that made the contact.
    organization_name: String,
    date: String,
    /// `in_person`, `phone`, `email`, `online`, `event` or `other`.
    channel: String,
    /// 会った人 (personal data: the parties only).
    people: String,
    key_person: String,
    said: String,
    partner_opinion: String,
    next_step: String,
    next_due: Option<String>,
    recorded_at: String,
}

impl From<StoredContact> for ContactView {
    fn from(s: StoredContact) -> Self {
        let c = s.contact;
        Self {
            id: s.id,
            organization_name: s.organization_name,
            date: c.date.to_string(),
            channel: c.channel.as_str().into(),
            people: c.people,
            key_person: c.key_person,
            said: c.said,
            partner_opinion: c.partner_opinion,
            next_step: c.next_step,
            next_due: c.next_due.map(|d| d.to_string()),
            recorded_at: rfc3339(s.at),
        }
    }
}

/// The approach log, oldest first.
#[utoipa::path(get, path = "/collaborations/{id}/contacts", tag = "collaborations", params(("id" = i64, Path)),
    responses((status = 200, body = [ContactView]),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn contacts(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<Vec<ContactView>>, ApiError> {
    let d = app::detail(&state.app, &user, id).await?;
    Ok(Json(d.contacts.into_iter().map(ContactView::from).collect()))
}

/// A contact as the approach log records it. Dates as `YYYY-MM-DD`, 和暦 or full-width digits.
#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct ContactBody {
    date: String,
    /// `in_person`, `phone`, `email`, `online`, `event` or `other`.
    #[schema(schema_with = super::vocab::channel)]
    channel: String,
    people: String,
    key_person: String,
    said: String,
    partner_opinion: String,
    next_step: String,
    next_due: String,
}

impl From<ContactBody> for ContactInput {
    fn from(b: ContactBody) -> Self {
        Self {
            date: b.date,
            channel: b.channel,
            people: b.people,
            key_person: b.key_person,
            said: b.said,
            partner_opinion: b.partner_opinion,
            next_step: b.next_step,
            next_due: b.next_due,
        }
    }
}

/// Adds a contact to the approach log, as the caller's party (editors).
#[utoipa::path(post, path = "/collaborations/{id}/contacts", tag = "collaborations", params(("id" = i64, Path)), request_body = ContactBody,
    responses((status = 201, body = Created),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn add_contact(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
    ApiJson(body): ApiJson<ContactBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = app::log_contact(&state.app, &user, id, &body.into()).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Serialize, ToSchema)]
pub struct SheetView {
    /// 「自己紹介シート」
    kind: String,
    /// The introducing organisation.
    title: String,
    /// The addressees (〇〇 御中) and the date.
    header: String,
    sections: Vec<SheetSection>,
}

#[derive(Serialize, ToSchema)]
pub struct SheetSection {
    heading: String,
    lines: Vec<String>,
}

/// The caller's party introducing itself to the other parties (自己紹介シート), with why them.
#[utoipa::path(get, path = "/collaborations/{id}/introduction", tag = "collaborations", params(("id" = i64, Path)),
    responses((status = 200, body = SheetView),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn introduction(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Json<SheetView>, ApiError> {
    let (_, s) = docs::introduction(&state.app, &user, id).await?;
    Ok(Json(SheetView {
        kind: s.kind,
        title: s.title,
        header: s.header,
        sections: s
            .sections
            .into_iter()
            .map(|(heading, lines)| SheetSection { heading, lines })
            .collect(),
    }))
}

async fn sheet_file(
    state: &AppState,
    user: &kyodo_store::User,
    id: CollaborationId,
    f: Format,
) -> Result<Response, ApiError> {
    let bytes = docs::introduction_file(&state.app, user, id, f).await?;
    Ok(download(
        bytes,
        f.content_type(),
        &format!("introduction.{}", f.extension()),
    ))
}

/// The self-introduction sheet as an A4 PDF (和暦 with the Western year).
#[utoipa::path(get, path = "/collaborations/{id}/introduction.pdf", tag = "collaborations", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn introduction_pdf(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Response, ApiError> {
    sheet_file(&state, &user, id, Format::Pdf).await
}

/// The self-introduction sheet as Word.
#[utoipa::path(get, path = "/collaborations/{id}/introduction.docx", tag = "collaborations", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn introduction_docx(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(id): ApiPath<CollaborationId>,
) -> Result<Response, ApiError> {
    sheet_file(&state, &user, id, Format::Docx).await
}
