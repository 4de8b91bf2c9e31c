//! Clippings of media coverage as pages: an article's scan or photo added, seen and removed,
//! over `kyodo_app::evaluation::media`.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kyodo_app::evaluation::media;
use kyodo_domain::ids::{CollaborationId, MediaId};

use crate::error::PageError;
use crate::pages::{Layout, PathIds, SignedIn};
use crate::state::AppState;

/// One form for every article: which one (`media_id`) and the image (`clipping`).
pub(super) async fn add(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (mut data, mut media_id) = (Vec::new(), None);
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("clipping") => data = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
            Some("media_id") => media_id = field.text().await.ok().and_then(|t| t.trim().parse::<i64>().ok()),
            _ => {}
        }
    }
    let Some(mid) = media_id else {
        return Err(PageError::NotFound);
    };
    match media::set_clipping(&state.app, &si.user, cid, mid, data).await {
        Ok(()) => Ok(Redirect::to(&format!("/collaborations/{cid}/media#media-{mid}")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            super::media::page(&state, si, cid, None, Some(mid), e, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn show(
    State(state): State<AppState>,
    layout: Layout,
    PathIds((cid, mid)): PathIds<(CollaborationId, MediaId)>,
) -> Result<Response, PageError> {
    let user = layout.user.ok_or(PageError::NotFound)?;
    let (content_type, bytes) = media::clipping(&state.app, &user, cid, mid.get()).await?;
    Ok(crate::files::image(content_type, bytes, "private, no-store"))
}

pub(super) async fn remove(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, mid)): PathIds<(CollaborationId, MediaId)>,
) -> Result<Response, PageError> {
    media::remove_clipping(&state.app, &si.user, cid, mid.get()).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}/media#media-{mid}")).into_response())
}
