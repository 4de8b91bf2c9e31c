//! Choosing a partner by name, as the proposal and share forms do: what a name (or part of one)
//! means for this organisation, and whom it is offered first.

use axum::Json;
use axum::extract::State;
use kyodo_app::partners::{self, Choice, Picked};
use kyodo_domain::ids::OrgId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::extract::{ApiPath, ApiQuery};
use crate::auth::ApiUser;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(choices))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct ChoiceParams {
    /// A name as typed (legal form, width and spaces as anyone types them), an organisation's
    /// number or its page's address. Omitted: only the organisations offered.
    q: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ChoiceView {
    organization_id: i64,
    name: String,
    kind: String,
    municipality: Option<String>,
    /// Why it is offered: 同じ名前, 近い名前, これまでの相手 or パートナー候補.
    why: String,
}

#[derive(Serialize, ToSchema)]
pub struct ChoicesView {
    /// The one organisation `q` names, if it names exactly one.
    chosen: Option<i64>,
    /// What `q` might mean when it is unclear, best first.
    near: Vec<ChoiceView>,
    /// Organisations this one has worked with, then its partner candidates.
    offered: Vec<ChoiceView>,
}

fn view(c: Choice) -> ChoiceView {
    ChoiceView {
        organization_id: c.id,
        name: c.name,
        kind: c.kind_ja.to_owned(),
        municipality: c.municipality,
        why: c.why.to_owned(),
    }
}

/// Whom a name means when this organisation chooses a partner (its members).
#[utoipa::path(get, path = "/organizations/{id}/partner-choices", tag = "proposals", params(("id" = i64, Path), ChoiceParams),
    responses((status = 200, body = ChoicesView), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = []), ("session" = [])))]
async fn choices(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    ApiPath(org): ApiPath<OrgId>,
    ApiQuery(p): ApiQuery<ChoiceParams>,
) -> Result<Json<ChoicesView>, ApiError> {
    let offered = partners::offered(&state.app, &user, org).await?;
    let (chosen, near) = match partners::pick(&state.app, p.q.as_deref().unwrap_or_default(), org.get()).await? {
        Picked::Nobody => (None, Vec::new()),
        Picked::One(id) => (Some(id), Vec::new()),
        Picked::Unclear(near) => (None, near),
    };
    Ok(Json(ChoicesView {
        chosen,
        near: near.into_iter().map(view).collect(),
        offered: offered.into_iter().map(view).collect(),
    }))
}
