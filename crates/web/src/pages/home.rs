//! The home page: a visitor's introduction, or a signed-in person's own start (their
//! organisations, collaborations with the guide's next step, items waiting, unread notifications).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use kyodo_app::start::{self, Overview};
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

#[derive(Template)]
#[template(path = "start.html")]
struct Start {
    layout: Layout,
    o: Overview,
    /// Each item's due date in 和暦, in the order of `o.items`.
    due: Vec<String>,
}

async fn home(State(state): State<AppState>, layout: Layout) -> Result<Response, PageError> {
    if let Some(user) = layout.user.clone() {
        let o = start::overview(&state.app, &user).await?;
        let due = o
            .items
            .iter()
            .map(|i| {
                time::Date::parse(&i.due, &time::format_description::well_known::Iso8601::DATE)
                    .map_or_else(|_| i.due.clone(), kyodo_domain::era::format_date)
            })
            .collect();
        return page(&Start { layout, o, due });
    }
    let (_, organizations) = state.store.organizations(&OrganizationFilter::default(), 1, 0).await?;
    page(&Home {
        layout,
        catalog: catalog(),
        organizations,
    })
}
