//! Photos for a proposal's ⑥ 実績: checked and re-encoded on arrival (damaged files refused,
//! camera metadata dropped), at most four. Decoding is bounded: the count is checked before any
//! decode, the pixel count before the pixels are read, and only a few decodes run at once.

use kyodo_domain::ids::ProposalId;
use kyodo_domain::{FieldError, Invalid, text};

use crate::{Actor, App, Error, Result, access, now};

/// Photos per proposal: enough for a track record on one or two pages.
pub const MAX_PHOTOS: i64 = 4;
const CAPTION_MAX: usize = 100;

fn refused(e: FieldError) -> Error {
    Error::Invalid(Invalid::one(e))
}

/// An uploaded image as kyodo keeps it: JPEG, re-encoded, its metadata dropped; a damaged or
/// oversized file is refused on `field`. Each person's uploads are throttled and only a few
/// decodes run at once, whatever the image is for (a proposal's photo, a media clipping).
pub(crate) async fn checked_jpeg(app: &App, actor: &Actor, bytes: Vec<u8>, field: &'static str) -> Result<Vec<u8>> {
    if !app.uploads.allow(actor.id) {
        return Err(Error::TooMany(format!(
            "画像の追加が続いたため、しばらく受け付けを止めています（{}分間に{}枚まで）。時間をおいてお試しください。",
            crate::UPLOAD_WINDOW.as_secs() / 60,
            crate::UPLOADS_PER_WINDOW
        )));
    }
    let _slot = app
        .decodes
        .acquire()
        .await
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    tokio::task::spawn_blocking(move || kyodo_docs::photo::normalize(&bytes))
        .await
        .map_err(|e| Error::Unavailable(e.to_string()))?
        .map_err(|e| refused(FieldError::new(field, "invalid_image", e.to_string())))
}

/// Adds a photo (the author's editors). Returns its id.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, bytes = bytes.len()))]
pub async fn add(app: &App, actor: &Actor, id: ProposalId, bytes: Vec<u8>, caption: &str) -> Result<i64> {
    let (p, a) = access::proposal(app, actor, id).await?;
    a.require_edit()?;
    let caption = text::clean(caption, false);
    if bytes.is_empty() {
        return Err(refused(FieldError::new(
            "photo",
            "required",
            "写真のファイルを選んでください。",
        )));
    }
    if text::grapheme_len(&caption) > CAPTION_MAX {
        return Err(refused(FieldError::too_long("caption", "写真の説明", CAPTION_MAX)));
    }
    let too_many = || {
        refused(FieldError::new(
            "photo",
            "too_many",
            format!("写真は{MAX_PHOTOS}枚までです。"),
        ))
    };
    // Refused before decoding: a full proposal never spends a decode.
    if app.store.proposal_photos(p.id, i64::MAX).await?.len() as i64 >= MAX_PHOTOS {
        return Err(too_many());
    }
    let jpeg = checked_jpeg(app, actor, bytes, "photo").await?;
    match app
        .store
        .add_proposal_photo(p.id, &caption, "image/jpeg", &jpeg, MAX_PHOTOS, now())
        .await
    {
        Ok(id) => Ok(id),
        // Another upload took the last place meanwhile.
        Err(kyodo_store::StoreError::Conflict(_)) => Err(too_many()),
        Err(e) => Err(e.into()),
    }
}

/// A photo of a proposal the actor may read: its content type and bytes.
pub async fn get(app: &App, actor: &Actor, id: ProposalId, photo: i64) -> Result<(String, Vec<u8>)> {
    let (p, a) = access::proposal(app, actor, id).await?;
    let (content_type, bytes, _) = app
        .store
        .proposal_photo(p.id, photo, a.photos_until())
        .await?
        .ok_or(Error::NotFound)?;
    Ok((content_type, bytes))
}

/// Removes a photo (the author's editors).
#[tracing::instrument(skip_all, fields(user = actor.id, %id, photo))]
pub async fn delete(app: &App, actor: &Actor, id: ProposalId, photo: i64) -> Result<()> {
    let (p, a) = access::proposal(app, actor, id).await?;
    a.require_edit()?;
    Ok(app.store.delete_proposal_photo(p.id, photo).await?)
}
