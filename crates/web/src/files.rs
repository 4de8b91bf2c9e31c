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

/// A finished file on disk (a large export), sent in pieces as it is read.
pub fn file_download(file: std::fs::File, content_type: &'static str, name: &str) -> Response {
    let len = file.metadata().map(|m| m.len()).ok();
    let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file)));
    let mut response = (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response();
    if let Some(len) = len {
        response.headers_mut().insert(header::CONTENT_LENGTH, len.into());
    }
    response
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

/// A survey's responses as a CSV download, written while they are read: the file is never held
/// whole. A failure after the first bytes cuts the file short and is logged.
pub fn csv_stream(export: kyodo_app::evaluation::surveys::Export) -> Response {
    let name = export.file_name();
    let stream = futures_util::stream::unfold(Some(export), |e| async move {
        let mut e = e?;
        match e.next().await {
            Ok(Some(chunk)) => Some((Ok::<_, std::io::Error>(chunk), Some(e))),
            Ok(None) => None,
            Err(err) => {
                tracing::error!(error = %err, "survey export cut short");
                Some((Err(std::io::Error::other(err.to_string())), None))
            }
        }
    });
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response()
}
