//! お知らせ: telling the other parties, and a person's own list and settings.
//!
//! Notifications are written after the change they tell of, in their own transaction: a failed
//! notification is logged and never undoes work that was already acknowledged.

use kyodo_store::{NOTIFICATION_KINDS, Notification};

use crate::{Actor, App, Result, now};

/// What to tell the members of some organisations (never the actor), and where to send them.
pub(crate) struct Notice<'a> {
    pub to: &'a [i64],
    pub kind: &'static str,
    pub text: String,
    /// A path inside kyodo, with the anchor of the exact place.
    pub link: String,
}

/// Queues `n` in the app and the mail outbox, as each recipient's settings allow.
pub(crate) async fn send(app: &App, actor: Option<&Actor>, n: Notice<'_>) {
    let by = actor.map_or(0, |a| a.id);
    let new = kyodo_store::NewNotification {
        people: &[],
        organizations: n.to,
        actor: by,
        kind: n.kind,
        text: &n.text,
        link: &n.link,
    };
    if let Err(e) = app.store.notify(&new, &app.public_url, now()).await {
        tracing::warn!(error = %e, kind = n.kind, "notification not written");
    }
}

/// The actor's newest notifications.
#[tracing::instrument(skip_all, fields(user = actor.id))]
pub async fn list(app: &App, actor: &Actor, limit: i64) -> Result<Vec<Notification>> {
    Ok(app.store.notifications(actor.id, limit.clamp(1, 500)).await?)
}

pub async fn unread(app: &App, actor: &Actor) -> Result<i64> {
    Ok(app.store.unread_notifications(actor.id).await?)
}

/// Opens one of the actor's notifications: it is read now. Gives the exact place it is about;
/// `NotFound` when it is not the actor's.
#[tracing::instrument(skip_all, fields(user = actor.id, id))]
pub async fn open(app: &App, actor: &Actor, id: i64) -> Result<String> {
    app.store
        .open_notification(actor.id, id, now())
        .await?
        .ok_or(crate::Error::NotFound)
}

/// Marks all of the actor's notifications read.
#[tracing::instrument(skip_all, fields(user = actor.id))]
pub async fn mark_read(app: &App, actor: &Actor) -> Result<()> {
    Ok(app.store.mark_notifications_read(actor.id, now()).await?)
}

/// One kind of notification and where the actor receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub kind: &'static str,
    pub label: &'static str,
    pub in_app: bool,
    pub email: bool,
}

pub async fn settings(app: &App, actor: &Actor) -> Result<Vec<Setting>> {
    Ok(app
        .store
        .notification_settings(actor.id)
        .await?
        .into_iter()
        .map(|(kind, in_app, email)| Setting {
            kind,
            label: label(kind),
            in_app,
            email,
        })
        .collect())
}

fn label(kind: &str) -> &'static str {
    NOTIFICATION_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, l)| l)
}

/// Sets where the actor receives each kind; a kind not named keeps its current setting.
#[tracing::instrument(skip_all, fields(user = actor.id))]
pub async fn set(app: &App, actor: &Actor, wanted: &[(String, bool, bool)]) -> Result<Vec<Setting>> {
    if let Some((unknown, _, _)) = wanted.iter().find(|(k, _, _)| !kinds().any(|known| known == k)) {
        return Err(crate::Error::invalid(
            "kind",
            "unknown_kind",
            format!("お知らせの種類「{unknown}」は不明です。"),
        ));
    }
    let mut current = settings(app, actor).await?;
    for s in &mut current {
        if let Some((_, in_app, email)) = wanted.iter().find(|(k, _, _)| k == s.kind) {
            (s.in_app, s.email) = (*in_app, *email);
        }
    }
    let rows: Vec<(&str, bool, bool)> = current.iter().map(|s| (s.kind, s.in_app, s.email)).collect();
    app.store.set_notification_settings(actor.id, &rows).await?;
    Ok(current)
}

/// The kinds a person can switch, for the edges to check names against.
pub fn kinds() -> impl Iterator<Item = &'static str> {
    NOTIFICATION_KINDS.iter().map(|(k, _)| *k)
}

/// Queues a notice for some people by name (a coordinator who belongs to no party).
pub(crate) async fn send_to_people(
    app: &App,
    actor: Option<&Actor>,
    people: &[i64],
    kind: &'static str,
    text: String,
    link: String,
) {
    let new = kyodo_store::NewNotification {
        people,
        organizations: &[],
        actor: actor.map_or(0, |a| a.id),
        kind,
        text: &text,
        link: &link,
    };
    if let Err(e) = app.store.notify(&new, &app.public_url, now()).await {
        tracing::warn!(error = %e, kind, "notification not written");
    }
}
