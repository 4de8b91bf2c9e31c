//! Photos of a proposal's ⑥ 実績 as pages: upload, view and remove, over `kyodo_app::photos`.

use axum::Router;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kyodo_domain::ids::ProposalId;

use super::accessible;
use super::view::{Feedback, show_page};
use crate::error::PageError;
use crate::pages::{Layout, PathIds, SignedIn, render};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/proposals/{pid}/photos",
            post(upload).layer(axum::extract::DefaultBodyLimit::max(
                crate::middleware::body::PHOTO_MAX_BODY,
            )),
        )
        .route("/proposals/{pid}/photos/{fid}", get(photo))
        .route("/proposals/{pid}/photos/{fid}/delete", post(delete))
}

async fn upload(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(pid): PathIds<ProposalId>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (mut data, mut caption) = (Vec::new(), String::new());
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name() {
            Some("photo") => data = field.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
            Some("caption") => caption = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    match kyodo_app::photos::add(&state.app, &si.user, pid, data, &caption).await {
        Ok(_) => Ok(Redirect::to(&format!("/proposals/{pid}#track_record")).into_response()),
        Err(kyodo_app::Error::Invalid(errors)) => {
            let (p, access) = accessible(&state, &si.layout, pid).await?;
            let fb = Feedback {
                errors,
                ..Feedback::default()
            };
            let t = show_page(&state, si.layout, p, access, "", fb).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &t))
        }
        Err(e) => Err(e.into()),
    }
}

async fn photo(
    State(state): State<AppState>,
    layout: Layout,
    PathIds((pid, fid)): PathIds<(ProposalId, i64)>,
) -> Result<Response, PageError> {
    let user = layout.user.ok_or(PageError::NotFound)?;
    let (content_type, bytes) = kyodo_app::photos::get(&state.app, &user, pid, fid).await?;
    Ok(crate::files::image(content_type, bytes, "private, no-store"))
}

async fn delete(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((pid, fid)): PathIds<(ProposalId, i64)>,
) -> Result<Response, PageError> {
    kyodo_app::photos::delete(&state.app, &si.user, pid, fid).await?;
    Ok(Redirect::to(&format!("/proposals/{pid}#track_record")).into_response())
}
