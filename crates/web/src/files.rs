//! Responses that carry a file rather than a page: private downloads and uploaded images, with the
//! headers that keep them private and inert. Shared by the pages and the API.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A private download (never cached, always saved rather than shown).
pub fn download(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// An uploaded image, served with the type it was checked as, never sniffed, never run as a
/// document. `cache` is `private, no-store` for what only some may see.
pub fn image(content_type: String, bytes: Vec<u8>, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache.to_owned()),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response()
}
