//! CSRF protection for every state-changing request.
//!
//! Signed double-submit: each browser gets a random `kyodo_csrf` cookie; forms carry
//! `csrf_token = HMAC(server key, cookie)`, scripts send it as `X-CSRF-Token`. Another site can
//! neither read the cookie nor compute the HMAC without the server key. API requests
//! authenticated by a bearer token carry no ambient credentials and are exempt.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::body::MAX_BODY;
use super::is_api;
use crate::auth::tokens::random_secret;
use crate::error::problem_response;
use crate::state::AppState;

pub const CSRF_COOKIE: &str = "kyodo_csrf";
pub const CSRF_FIELD: &str = "csrf_token";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The token to embed in this response's forms.
#[derive(Clone)]
pub struct CsrfToken(pub String);

fn token_for(key: &[u8], cookie: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(cookie.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

fn verify(key: &[u8], cookie: &str, provided: &str) -> bool {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return false;
    };
    mac.update(cookie.as_bytes());
    URL_SAFE_NO_PAD
        .decode(provided)
        .is_ok_and(|tag| mac.verify_slice(&tag).is_ok())
}

fn is_state_changing(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let existing = jar
        .get(CSRF_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 43);
    let fresh = existing.is_none();
    let cookie_value = existing.unwrap_or_else(random_secret);
    let expected = token_for(&state.csrf_key, &cookie_value);
    let path = req.uri().path().to_owned();

    let mut req = req;
    if is_state_changing(req.method()) {
        // API calls with a bearer token, or with no session at all, carry no ambient authority:
        // nothing for a forged request to borrow. They get 401/403 from the handlers instead.
        let ambient = jar.get(crate::auth::SESSION_COOKIE).is_some();
        let exempt = is_api(&path) && (req.headers().contains_key(header::AUTHORIZATION) || !ambient);
        if !exempt {
            match check(&state, req, &cookie_value, fresh).await {
                Ok(rebuilt) => req = rebuilt,
                Err(Refusal::BadToken) => return reject(&path),
                Err(Refusal::TooLarge) => return super::body::too_large(&path),
            }
        }
    }
    req.extensions_mut().insert(CsrfToken(expected));
    let mut res = next.run(req).await;
    if fresh {
        let cookie = Cookie::build((CSRF_COOKIE, cookie_value))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(state.config.secure_cookies)
            .build();
        if let Ok(v) = HeaderValue::from_str(&cookie.to_string()) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Why a state-changing request was not let through.
enum Refusal {
    BadToken,
    TooLarge,
}

/// Checks the header, or else the form field (buffering the form body and handing it on).
async fn check(state: &AppState, req: Request, cookie: &str, fresh: bool) -> Result<Request, Refusal> {
    if fresh {
        return Err(Refusal::BadToken);
    }
    if let Some(v) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return if verify(&state.csrf_key, cookie, v) {
            Ok(req)
        } else {
            Err(Refusal::BadToken)
        };
    }
    // Multipart uploads carry the token in the form's action URL: the body is not buffered here.
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if is_multipart {
        let ok = form_urlencoded::parse(req.uri().query().unwrap_or_default().as_bytes())
            .find(|(k, _)| k == CSRF_FIELD)
            .is_some_and(|(_, v)| verify(&state.csrf_key, cookie, &v));
        return if ok { Ok(req) } else { Err(Refusal::BadToken) };
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(Refusal::BadToken);
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return Err(Refusal::TooLarge);
    };
    let ok = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .is_some_and(|(_, v)| verify(&state.csrf_key, cookie, &v));
    if ok {
        Ok(Request::from_parts(parts, Body::from(bytes)))
    } else {
        Err(Refusal::BadToken)
    }
}

fn reject(path: &str) -> Response {
    let msg = "送信を受け付けられませんでした。ページの有効期限が切れた可能性があります。ページを再読み込みしてから、もう一度送信してください。";
    if is_api(path) {
        problem_response(StatusCode::FORBIDDEN, "csrf", msg.into(), Vec::new())
    } else {
        crate::pages::error_page(StatusCode::FORBIDDEN, "送信を受け付けられませんでした", msg).into_response()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_verify_only_with_the_same_key_and_cookie() {
        let t = super::token_for(b"key-1", "cookie");
        assert!(super::verify(b"key-1", "cookie", &t));
        assert!(!super::verify(b"key-2", "cookie", &t));
        assert!(!super::verify(b"key-1", "other", &t));
        assert!(!super::verify(b"key-1", "cookie", "not base64!"));
    }
}
