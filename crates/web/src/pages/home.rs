use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use kyodo_domain::catalog::{Catalog, catalog};
use kyodo_store::OrganizationFilter;

use super::{Layout, page};
use crate::error::PageError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    layout: Layout,
    catalog: &'static Catalog,
    organizations: i64,
}

async fn home(State(state): State<AppState>, layout: Layout) -> Result<Response, PageError> {
    let (_, organizations) = state.store.organizations(&OrganizationFilter::default(), 1, 0).await?;
    page(&Home {
        layout,
        catalog: catalog(),
        organizations,
    })
}
