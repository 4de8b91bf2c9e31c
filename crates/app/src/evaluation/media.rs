//! Media coverage: the releases sent and the articles that followed, with the guide's counts.
//! Parties read, editors write.

use kyodo_domain::evaluation::media::{Counts, MediaInput, MediaKind, counts};
use kyodo_domain::ids::CollaborationId;
use kyodo_store::StoredMedia;

use crate::access::{self, CollabStanding};
use crate::{Actor, App, Result, now};

pub async fn list(app: &App, actor: &Actor, id: CollaborationId) -> Result<(CollabStanding, Vec<StoredMedia>, Counts)> {
    let s = access::collaboration(app, actor, id).await?;
    let items = app.store.media(s.c.id).await?;
    let c = counts(items.iter().map(|m| &m.item));
    Ok((s, items, c))
}

#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn add(app: &App, actor: &Actor, id: CollaborationId, input: &MediaInput) -> Result<i64> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let releases: Vec<i64> = app
        .store
        .media(s.c.id)
        .await?
        .into_iter()
        .filter(|m| m.item.kind == MediaKind::Release)
        .map(|m| m.id)
        .collect();
    let m = input.parse(&releases)?;
    Ok(app.store.add_media(s.c.id, &m, actor.id, now()).await?)
}

#[tracing::instrument(skip_all, fields(user = actor.id, %id, media))]
pub async fn remove(app: &App, actor: &Actor, id: CollaborationId, media: i64) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    Ok(app.store.remove_media(s.c.id, media, actor.id, now()).await?)
}
