//! Security headers on every response, and who may keep a copy of it.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// No inline script anywhere; the API explorer needs inline styles and data: images.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
const CSP_DOCS: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// HTTPS only, for a year, once kyodo is known to be served over it (`--secure-cookies`).
const HSTS: &str = "max-age=31536000; includeSubDomains";

pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let docs = req.uri().path().starts_with("/api/v1/docs");
    // A request with credentials may be answered with what only that person may see.
    let credentialed = req.headers().contains_key(header::AUTHORIZATION)
        || req
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .any(|c| c.to_str().is_ok_and(|c| c.contains(crate::auth::SESSION_COOKIE)));
    let mut res = next.run(req).await;
    let personal = credentialed || res.headers().contains_key(header::SET_COOKIE);
    let h = res.headers_mut();
    // A handler that knows better says so itself (public assets, a public logo). Otherwise
    // nothing personal is stored by a browser or a proxy (a shared PC, a company proxy), and
    // public pages are checked again before reuse.
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if personal { "private, no-store" } else { "no-cache" }),
        );
        h.append(header::VARY, HeaderValue::from_static("Cookie, Authorization"));
    }
    if state.config.secure_cookies {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    // A handler may set a stricter policy of its own (uploaded images are sandboxed).
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(if docs { CSP_DOCS } else { CSP }));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    res
}
