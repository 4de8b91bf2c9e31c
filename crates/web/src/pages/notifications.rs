//! お知らせ: a person's notifications, and which kinds they receive in the app or by e-mail.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use kyodo_store::{NOTIFICATION_KINDS, Notification};

use super::{Layout, page};
use crate::error::PageError;
use crate::format;
use crate::state::{AppState, now};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list))
        .route("/notifications/read", post(read_all))
        .route("/notifications/settings", post(settings))
}

struct SettingRow {
    kind: &'static str,
    label: &'static str,
    in_app: bool,
    email: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct ListPage {
    layout: Layout,
    items: Vec<(Notification, String)>,
    settings: Vec<SettingRow>,
}

async fn list(State(state): State<AppState>, layout: Layout) -> Result<Response, PageError> {
    let Some(user) = layout.user.as_ref() else {
        return Ok(Redirect::to("/login?next=/notifications").into_response());
    };
    let items = state
        .store
        .notifications(user.id, 100)
        .await?
        .into_iter()
        .map(|n| {
            let at = format::datetime_ja(n.created_at);
            (n, at)
        })
        .collect();
    let settings = state
        .store
        .notification_settings(user.id)
        .await?
        .into_iter()
        .map(|(kind, in_app, email)| SettingRow {
            kind,
            label: NOTIFICATION_KINDS
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or("", |(_, l)| l),
            in_app,
            email,
        })
        .collect();
    page(&ListPage {
        layout: layout.in_section("notifications"),
        items,
        settings,
    })
}

async fn read_all(State(state): State<AppState>, layout: Layout) -> Result<Response, PageError> {
    let Some(user) = layout.user.as_ref() else {
        return Ok(Redirect::to("/login?next=/notifications").into_response());
    };
    state.store.mark_notifications_read(user.id, now()).await?;
    Ok(Redirect::to("/notifications").into_response())
}

/// Checkboxes `app_<kind>` and `mail_<kind>`: a kind left unchecked is turned off.
async fn settings(
    State(state): State<AppState>,
    layout: Layout,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let Some(user) = layout.user.as_ref() else {
        return Ok(Redirect::to("/login?next=/notifications").into_response());
    };
    let on = |key: String| pairs.iter().any(|(k, _)| *k == key);
    let rows: Vec<(&str, bool, bool)> = NOTIFICATION_KINDS
        .iter()
        .map(|(kind, _)| (*kind, on(format!("app_{kind}")), on(format!("mail_{kind}"))))
        .collect();
    state.store.set_notification_settings(user.id, &rows).await?;
    Ok(Redirect::to("/notifications?saved=1#settings").into_response())
}

/// Notifies the members of `organizations` (not the actor); a failure is logged, never shown:
/// the action itself has already succeeded.
pub(crate) async fn notify(state: &AppState, organizations: &[i64], actor: i64, kind: &str, text: &str, link: &str) {
    if let Err(e) = state
        .store
        .notify(organizations, actor, kind, text, link, &state.config.public_url, now())
        .await
    {
        tracing::warn!(error = %e, kind, "notification not written");
    }
}
