//! What page handlers take instead of raw strings: typed ids from the path, and a signed-in
//! caller (or the one safe redirect to the login page).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;

use super::Layout;
use crate::error::PageError;
use crate::state::AppState;

/// Typed ids from the URL path (`PathIds(cid)` or `PathIds((cid, mid))`); anything that is not
/// an id answers 404, since a malformed id names nothing.
pub struct PathIds<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathIds<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Self(p.0))
            .map_err(|_| PageError::NotFound)
    }
}

/// Someone signed in, with the page's layout; a visitor is sent to log in and brought back.
pub struct SignedIn {
    pub user: kyodo_store::User,
    pub layout: Layout,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Ok(layout) = Layout::from_request_parts(parts, state).await;
        match layout.user.clone() {
            Some(user) => Ok(Self { user, layout }),
            None => Err(login_redirect(&back_to(parts))),
        }
    }
}

/// Where to come back after logging in: the page asked for, or for a form the page it was sent
/// from (a POST target cannot be opened again).
fn back_to(parts: &Parts) -> String {
    if matches!(parts.method, Method::GET | Method::HEAD) {
        return parts
            .uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
    }
    parts
        .headers
        .get(header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| url_path_if_same_host(r, parts))
        .unwrap_or_else(|| "/".to_owned())
}

fn url_path_if_same_host(referer: &str, parts: &Parts) -> Option<String> {
    let host = parts.headers.get(header::HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let path = rest.strip_prefix(host)?;
    path.starts_with('/').then(|| path.to_owned())
}

/// `next` if it is a path on this site, else `None`. Browsers drop tabs and newlines from URLs
/// and treat `\` as `/`, so `/\t/evil.example/` would leave the site: any control character or
/// backslash disqualifies it.
pub fn local_path(next: &str) -> Option<&str> {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.chars().any(|c| c.is_control() || c == '\\');
    local.then_some(next)
}

/// The only way a page sends someone on to a place they asked for (`next`): a local path, with
/// anything outside visible ASCII percent-encoded, so nothing typed reaches the `Location`
/// header raw; otherwise `fallback`.
pub fn redirect_to_next(next: &str, fallback: &'static str) -> Response {
    let Some(path) = local_path(next) else {
        return Redirect::to(fallback).into_response();
    };
    let encoded: String = path
        .bytes()
        .map(|b| {
            if b.is_ascii_graphic() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    match HeaderValue::try_from(encoded) {
        Ok(v) => (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response(),
        Err(_) => Redirect::to(fallback).into_response(),
    }
}

/// The only way a page sends someone to log in: `next` is kept only if it is a path on this
/// site, and always percent-encoded, so nothing typed reaches the `Location` header raw.
pub fn login_redirect(next: &str) -> Response {
    let next = local_path(next).unwrap_or("/");
    let encoded: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    Redirect::to(&format!("/login?next={encoded}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(next: &str) -> String {
        login_redirect(next).headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn next_is_followed_only_to_local_paths_and_never_raw() {
        let to = |next: &str| {
            redirect_to_next(next, "/account").headers()[header::LOCATION]
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(to("/organizations/3?saved=1#a"), "/organizations/3?saved=1#a");
        assert_eq!(to("/search?q=福祉"), "/search?q=%E7%A6%8F%E7%A5%89");
        assert_eq!(to("/a b"), "/a%20b");
        for bad in [
            "",
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example/",
            "/\t/evil.example/",
            "/%09/evil.example/\n",
            "/a\nb",
            "/a\r\nSet-Cookie: x=1",
            "/\u{7f}x",
        ] {
            assert_eq!(to(bad), "/account", "{bad:?}");
        }
    }

    #[test]
    fn the_login_redirect_keeps_only_local_paths_and_encodes_them() {
        assert_eq!(
            location("/collaborations/3/workspace"),
            "/login?next=%2Fcollaborations%2F3%2Fworkspace"
        );
        assert_eq!(
            location("/search?q=福祉&x=1"),
            "/login?next=%2Fsearch%3Fq%3D%E7%A6%8F%E7%A5%89%26x%3D1"
        );
        for bad in [
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example/",
            "/\t/evil.example/",
            "/a\nb",
        ] {
            assert_eq!(location(bad), "/login?next=%2F", "{bad:?}");
        }
    }
}
