//! Cross-cutting request handling: CSRF, security headers, body size, idempotent retries, and the
//! search index's read-your-writes wait.

pub mod body;
pub mod csrf;
pub mod headers;
pub mod idempotency;
pub mod keep_typed;
pub mod search;

/// Is this an API request (answered with problem+json rather than a page)?
pub fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}
