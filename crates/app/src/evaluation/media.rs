//! Media coverage: the releases sent and the articles that followed, with the guide's counts.
//! Parties read, editors write.

use kyodo_domain::evaluation::media::{Counts, MediaInput, MediaKind, counts};
use kyodo_domain::ids::CollaborationId;
use kyodo_store::StoredMedia;

use kyodo_domain::{FieldError, Invalid};

use crate::access::{self, CollabStanding};
use crate::{Actor, App, Error, Result, now};

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

/// Keeps a clipping (a scan or photo of the page) with an item (editors), replacing an earlier
/// one; the image is checked and re-encoded as a proposal's photos are.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, media, bytes = bytes.len()))]
pub async fn set_clipping(app: &App, actor: &Actor, id: CollaborationId, media: i64, bytes: Vec<u8>) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    if bytes.is_empty() {
        return Err(Error::Invalid(Invalid::one(FieldError::new(
            "clipping",
            "required",
            "切り抜きの画像ファイル（JPEG・PNG）を選んでください。",
        ))));
    }
    if !app.store.media(s.c.id).await?.iter().any(|m| m.id == media) {
        return Err(Error::NotFound);
    }
    let jpeg = crate::photos::checked_jpeg(app, actor, bytes, "clipping").await?;
    Ok(app
        .store
        .set_media_clipping(s.c.id, media, "image/jpeg", &jpeg, actor.id, now())
        .await?)
}

/// An item's clipping, for the parties (and invited coordinators): its content type and bytes.
pub async fn clipping(app: &App, actor: &Actor, id: CollaborationId, media: i64) -> Result<(String, Vec<u8>)> {
    let s = access::collaboration(app, actor, id).await?;
    app.store.media_clipping(s.c.id, media).await?.ok_or(Error::NotFound)
}

#[tracing::instrument(skip_all, fields(user = actor.id, %id, media))]
pub async fn remove_clipping(app: &App, actor: &Actor, id: CollaborationId, media: i64) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    Ok(app.store.remove_media_clipping(s.c.id, media, actor.id, now()).await?)
}
