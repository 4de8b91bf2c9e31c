//! お知らせ: a person's notifications, and which kinds they receive in the app or by e-mail.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_app::notifications::{self as app, Setting};
use kyodo_store::Notification;

use super::{Layout, SignedIn, page};
use crate::error::PageError;
use crate::format;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read", post(read_all))
        .route("/notifications/{nid}", get(open))
        .route("/notifications/settings", post(settings))
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct ListPage {
    layout: Layout,
    items: Vec<(Notification, String)>,
    settings: Vec<Setting>,
}

async fn list(State(state): State<AppState>, si: SignedIn) -> Result<Response, PageError> {
    let items = app::list(&state.app, &si.user, 100)
        .await?
        .into_iter()
        .map(|n| {
            let at = format::datetime_ja(n.created_at);
            (n, at)
        })
        .collect();
    let settings = app::settings(&state.app, &si.user).await?;
    page(&ListPage {
        layout: si.layout.in_section("notifications"),
        items,
        settings,
    })
}

/// Following a notification marks it read and goes to the exact place it is about.
async fn open(
    State(state): State<AppState>,
    si: SignedIn,
    super::PathIds(id): super::PathIds<i64>,
) -> Result<Response, PageError> {
    let link = app::open(&state.app, &si.user, id).await?;
    Ok(super::redirect_to_next(&link, "/notifications"))
}

async fn read_all(State(state): State<AppState>, si: SignedIn) -> Result<Response, PageError> {
    app::mark_read(&state.app, &si.user).await?;
    Ok(Redirect::to("/notifications").into_response())
}

/// Checkboxes `app_<kind>` and `mail_<kind>`: a kind left unchecked is turned off.
async fn settings(
    State(state): State<AppState>,
    si: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let on = |key: String| pairs.iter().any(|(k, _)| *k == key);
    let wanted: Vec<(String, bool, bool)> = app::kinds()
        .map(|kind| (kind.to_owned(), on(format!("app_{kind}")), on(format!("mail_{kind}"))))
        .collect();
    app::set(&state.app, &si.user, &wanted).await?;
    Ok(Redirect::to("/notifications?saved=1#settings").into_response())
}
