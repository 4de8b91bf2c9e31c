//! An organisation's open action items across its collaborations.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use kyodo_domain::ids::OrgId;

use super::ItemView;
use crate::error::PageError;
use crate::pages::{Layout, PathIds, SignedIn, page};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "collaborations/my_items.html")]
struct MyItemsPage {
    layout: Layout,
    org_id: i64,
    org_name: String,
    items: Vec<ItemView>,
}

pub(super) async fn open_items(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<OrgId>,
) -> Result<Response, PageError> {
    let (org, items) = kyodo_app::workspace::items::open_of(&state.app, &si.user, id).await?;
    page(&MyItemsPage {
        layout: si.layout.in_section("plan"),
        org_id: org.id,
        org_name: org.name,
        items: items.into_iter().map(ItemView::of).collect(),
    })
}
