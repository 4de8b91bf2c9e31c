//! Request body size: refused early, with a clear answer instead of a dropped connection.

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::is_api;
use crate::error::problem_response;

/// Forms and JSON bodies are small; uploads will get their own limit where they arrive.
pub const MAX_BODY: usize = 256 * 1024;
/// A photo for a proposal's track record or a media clipping (phones take large ones; it is
/// scaled down on arrival).
pub const PHOTO_MAX_BODY: usize = 8 * 1024 * 1024;

/// A logo: the image itself is checked against 1 MB; a multipart form adds a little around it.
pub const LOGO_MAX_BODY: usize = kyodo_app::organizations::LOGO_MAX_BYTES + 64 * 1024;

/// The limit for a path: photo (and clipping) and logo uploads get their own.
pub fn limit_for(path: &str) -> usize {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    let clipping =
        path.starts_with("/collaborations/") && (path.ends_with("/media/clippings") || path.ends_with("/clipping"));
    if (path.starts_with("/proposals/") && path.ends_with("/photos")) || clipping {
        PHOTO_MAX_BODY
    } else if path.starts_with("/organizations/") && path.ends_with("/logo") {
        LOGO_MAX_BODY
    } else {
        MAX_BODY
    }
}

pub async fn limit_body(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit_for(req.uri().path())) {
        return too_large(req.uri().path());
    }
    // Bodies without a declared length are capped where they are read: the CSRF check and the
    // extractors (DefaultBodyLimit) stop at MAX_BODY and answer with `too_large`.
    next.run(req).await
}

/// The answer to a body over the limit, as a page or as problem+json.
pub fn too_large(path: &str) -> Response {
    let msg = format!("送信された内容が大きすぎます（上限 {} KB）。", limit_for(path) / 1024);
    if is_api(path) {
        problem_response(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", msg, Vec::new())
    } else {
        crate::pages::error_page(StatusCode::PAYLOAD_TOO_LARGE, "送信内容が大きすぎます", &msg).into_response()
    }
}
