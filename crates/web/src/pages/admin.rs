//! Site roles for admins: who is a support centre's coordinator or an admin, granting and
//! withdrawing those roles, and the site's audit log of every change.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_app::site_roles::{self, RoleInput};
use kyodo_domain::Invalid;
use kyodo_domain::ids::{OrgId, UserId};
use kyodo_domain::organization::OrgKind;
use kyodo_store::{OrganizationFilter, OrganizationSummary, SiteAuditEvent, StaffMember};
use serde::Deserialize;

use super::{FormErrors, PathIds, SignedIn, page, render};
use crate::error::PageError;
use crate::format;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/roles", get(show).post(grant))
        .route("/admin/roles/{uid}/withdraw", post(withdraw))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
struct RoleForm {
    email: String,
    role: String,
    centre_id: String,
}

#[derive(Template)]
#[template(path = "admin/roles.html")]
struct RolesPage {
    layout: super::Layout,
    staff: Vec<StaffMember>,
    centres: Vec<OrganizationSummary>,
    audit: Vec<(SiteAuditEvent, String)>,
    form: RoleForm,
    errors: FormErrors,
    done: bool,
}

async fn roles_page(
    state: &AppState,
    si: SignedIn,
    form: RoleForm,
    errors: Invalid,
    done: bool,
) -> Result<RolesPage, PageError> {
    let staff = site_roles::staff(&state.app, &si.user).await?;
    let audit = site_roles::audit(&state.app, &si.user, 200)
        .await?
        .into_iter()
        .map(|a| {
            let at = format::datetime_ja(a.at);
            (a, at)
        })
        .collect();
    let filter = OrganizationFilter {
        kind: Some(OrgKind::SupportCenter),
        ..OrganizationFilter::default()
    };
    let (centres, _) = state.store.organizations(&filter, 500, 0).await?;
    Ok(RolesPage {
        layout: si.layout.in_section("admin"),
        staff,
        centres,
        audit,
        form,
        errors: FormErrors(errors),
        done,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ShowQuery {
    done: String,
}

async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    super::Lenient(q): super::Lenient<ShowQuery>,
) -> Result<Response, PageError> {
    page(
        &roles_page(
            &state,
            si,
            RoleForm {
                role: "coordinator".into(),
                ..RoleForm::default()
            },
            Invalid::default(),
            q.done == "1",
        )
        .await?,
    )
}

async fn grant(State(state): State<AppState>, si: SignedIn, Form(f): Form<RoleForm>) -> Result<Response, PageError> {
    let input = RoleInput {
        email: f.email.clone(),
        role: f.role.clone(),
        centre: f.centre_id.trim().parse::<OrgId>().ok(),
    };
    match site_roles::grant(&state.app, Some(&si.user), &input).await {
        Ok(()) => Ok(Redirect::to("/admin/roles?done=1#staff").into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            let t = roles_page(&state, si, f, e, false).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
        Err(e) => Err(e.into()),
    }
}

async fn withdraw(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(uid): PathIds<UserId>,
) -> Result<Response, PageError> {
    site_roles::withdraw(&state.app, Some(&si.user), uid).await?;
    Ok(Redirect::to("/admin/roles?done=1#staff").into_response())
}
