//! Sharing a proposal with a partner chosen by name: the latest version and those to come (the
//! default), or up to one version; stopping it.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum_extra::extract::Form;
use kyodo_domain::ids::{OrgId, ProposalId};
use serde::Deserialize;

use super::view::{Feedback, show_page};
use super::{accessible, login_redirect};
use crate::error::PageError;
use crate::pages::org_context::parse_id;
use crate::pages::partner_field::chosen;
use crate::pages::{Layout, PathIds, SignedIn, render};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/proposals/{pid}/shares", post(share))
        .route("/proposals/{pid}/shares/{oid}/revoke", post(revoke))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ShareForm {
    organization: String,
    organization_pick: String,
    /// `follow` (this version and those to come) or `this` (up to `version` only).
    how: String,
    version: String,
}

async fn share(
    State(state): State<AppState>,
    layout: Layout,
    PathIds(pid): PathIds<ProposalId>,
    Form(f): Form<ShareForm>,
) -> Result<Response, PageError> {
    if layout.user.is_none() {
        return Ok(login_redirect(&format!("/proposals/{pid}")));
    }
    let (p, access) = accessible(&state, &layout, pid).await?;
    let user = layout.user.clone().ok_or(PageError::NotFound)?;
    let input = kyodo_app::proposals::ShareInput {
        organization: chosen(&f.organization, &f.organization_pick),
        version: if f.how == "this" {
            Some(parse_id(&f.version).unwrap_or(0))
        } else {
            None
        },
    };
    match kyodo_app::proposals::share(&state.app, &user, ProposalId::new(p.id), &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/proposals/{}#sharing", p.id)).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            let failed = e.0.iter().any(|x| x.field == "organization_id");
            let t = show_page(
                &state,
                layout,
                p,
                access,
                "",
                Feedback {
                    // The form names the field `organization`.
                    errors: e.renamed("organization_id", "organization"),
                    share: (f.organization, f.organization_pick),
                    share_failed: failed,
                    ..Feedback::default()
                },
            )
            .await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
        Err(e) => Err(e.into()),
    }
}

async fn revoke(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((pid, oid)): PathIds<(ProposalId, OrgId)>,
) -> Result<Response, PageError> {
    kyodo_app::proposals::unshare(&state.app, &si.user, pid, oid).await?;
    Ok(Redirect::to(&format!("/proposals/{pid}#sharing")).into_response())
}
