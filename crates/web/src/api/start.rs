//! The signed-in person's start, as the home page shows it: organisations, collaborations with
//! the guide's next step, open items and the unread count.

use axum::Json;
use axum::extract::State;
use kyodo_app::start;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(overview))
}

#[derive(Serialize, ToSchema)]
pub struct StartView {
    organizations: Vec<MyOrganization>,
    collaborations: Vec<MyCollaboration>,
    items: Vec<MyItem>,
    unread: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MyOrganization {
    id: i64,
    name: String,
    /// `owner`, `editor` or `viewer`.
    role: String,
}

#[derive(Serialize, ToSchema)]
pub struct MyCollaboration {
    id: i64,
    title: String,
    stage: String,
    /// The organisation of the caller's that takes part.
    as_organization: String,
    /// What the parties do next, in the guide's words; absent once it is over.
    next_step: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MyItem {
    id: i64,
    title: String,
    owner_name: String,
    organization_name: String,
    due: String,
    collaboration_id: i64,
}

/// The caller's start: what waits for them.
#[utoipa::path(get, path = "/me/start", tag = "accounts",
    responses((status = 200, body = StartView), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn overview(State(state): State<AppState>, ApiUser(user): ApiUser) -> Result<Json<StartView>, ApiError> {
    let o = start::overview(&state.app, &user).await?;
    Ok(Json(StartView {
        organizations: o
            .memberships
            .into_iter()
            .map(|m| MyOrganization {
                id: m.organization.id,
                name: m.organization.name,
                role: m.role.as_str().into(),
            })
            .collect(),
        collaborations: o
            .collaborations
            .into_iter()
            .map(|(c, org)| MyCollaboration {
                id: c.id.get(),
                title: c.title,
                stage: c.stage.as_str().into(),
                as_organization: org,
                next_step: c.stage.next_step_ja().map(str::to_owned),
            })
            .collect(),
        items: o
            .items
            .into_iter()
            .map(|i| MyItem {
                id: i.id,
                title: i.title,
                owner_name: i.owner_name,
                organization_name: i.organization_name,
                due: i.due,
                collaboration_id: i.collaboration_id,
            })
            .collect(),
        unread: o.unread,
    }))
}
