//! CSRF protection for every state-changing request.
//!
//! Signed double-submit bound to the session: each browser gets a random `kyodo_csrf` cookie;
//! forms carry `csrf_token = HMAC(server key, cookie, session)`, scripts send it as
//! `X-CSRF-Token`. Another site can neither read the cookies nor compute the HMAC without the
//! server key, and a cookie and token planted from the attacker's own visit do not match the
//! victim's session. The cookie is renewed at login and named `__Host-…` over HTTPS, so no
//! sibling site can set it. A request whose `Origin` (or `Sec-Fetch-Site`) says it came from
//! another site is refused outright. API requests authenticated by a bearer token carry no
//! ambient credentials and are exempt.

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

/// The CSRF cookie's name: `__Host-` when served over HTTPS (Secure, whole site, no Domain).
pub fn cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "__Host-kyodo_csrf"
    } else {
        CSRF_COOKIE
    }
}

/// A new CSRF cookie (at first visit and at every login).
pub fn cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build((cookie_name(state), value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies)
        .build()
}

fn mac(key: &[u8], cookie: &str, session: &str) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(cookie.as_bytes());
    mac.update(b"\0");
    mac.update(session.as_bytes());
    Some(mac)
}

/// The token as a page carries it: a fresh random pad and the tag XORed with it, so no two
/// responses hold the same bytes (compressed pages must not let BREACH recover the tag).
fn masked(key: &[u8], cookie: &str, session: &str) -> String {
    let Some(m) = mac(key, cookie, session) else {
        return String::new();
    };
    let tag = m.finalize().into_bytes();
    let pad: [u8; 32] = rand::random();
    let mut out = pad.to_vec();
    out.extend(tag.iter().zip(pad).map(|(t, p)| t ^ p));
    URL_SAFE_NO_PAD.encode(out)
}

fn verify(key: &[u8], cookie: &str, session: &str, provided: &str) -> bool {
    let Some(mac) = mac(key, cookie, session) else {
        return false;
    };
    let Ok(bytes) = URL_SAFE_NO_PAD.decode(provided) else {
        return false;
    };
    // Masked (as pages carry it) or the bare tag (as a script may compute it from a page).
    let tag: Vec<u8> = match bytes.len() {
        64 => bytes[..32].iter().zip(&bytes[32..]).map(|(p, x)| p ^ x).collect(),
        _ => bytes,
    };
    mac.verify_slice(&tag).is_ok()
}

fn is_state_changing(m: &Method) -> bool {
    !matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let existing = jar
        .get(cookie_name(&state))
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 43);
    let fresh = existing.is_none();
    let cookie_value = existing.unwrap_or_else(random_secret);
    let session = jar
        .get(crate::auth::session_cookie_name(&state))
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    let expected = masked(&state.csrf_key, &cookie_value, &session);
    let path = req.uri().path().to_owned();

    let mut req = req;
    if is_state_changing(req.method()) {
        // API calls with a bearer token, or with no session at all, carry no ambient authority:
        // nothing for a forged request to borrow. They get 401/403 from the handlers instead.
        let ambient = !session.is_empty();
        let exempt = is_api(&path) && (req.headers().contains_key(header::AUTHORIZATION) || !ambient);
        if !exempt {
            if from_another_site(&req, &state) {
                return reject(&path);
            }
            let bound = Bound {
                cookie: &cookie_value,
                session: &session,
            };
            match check(&state, req, bound, fresh).await {
                Ok(rebuilt) => req = rebuilt,
                Err(Refusal::BadToken) => return reject(&path),
                Err(Refusal::TooLarge) => return super::body::too_large(&path),
            }
        }
    }
    req.extensions_mut().insert(CsrfToken(expected));
    let mut res = next.run(req).await;
    // A login renews the cookie itself (see `auth::start_session`); otherwise set it once.
    let renewed = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| sets(v, cookie_name(&state)));
    // Pages carry forms; the API's callers are scripts, and its public answers stay cacheable.
    if fresh
        && !renewed
        && !is_api(&path)
        && let Ok(v) = HeaderValue::from_str(&cookie(&state, cookie_value).to_string())
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

fn sets(header: &HeaderValue, name: &str) -> bool {
    header
        .to_str()
        .is_ok_and(|v| v.starts_with(name) && v[name.len()..].starts_with('='))
}

/// The browser says this request was sent by another site: `Sec-Fetch-Site: cross-site`, or an
/// `Origin` whose host is neither the one asked for nor the configured public address.
fn from_another_site(req: &Request, state: &AppState) -> bool {
    let h = req.headers();
    if h.get("sec-fetch-site").is_some_and(|v| v == "cross-site") {
        return true;
    }
    let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false; // older browsers and scripts: the token decides
    };
    let host_of = |url: &str| -> Option<String> {
        let rest = url.split_once("://")?.1;
        Some(rest.split('/').next()?.to_ascii_lowercase())
    };
    let Some(from) = host_of(origin) else {
        return true; // "null" (a sandboxed frame, a file) is nobody we know
    };
    let asked = h
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    asked.as_deref() != Some(from.as_str()) && host_of(&state.config.public_url).as_deref() != Some(from.as_str())
}

/// What a token must have been made from: this browser's CSRF cookie and its session.
#[derive(Clone, Copy)]
struct Bound<'a> {
    cookie: &'a str,
    session: &'a str,
}

impl Bound<'_> {
    fn verify(self, key: &[u8], provided: &str) -> bool {
        verify(key, self.cookie, self.session, provided)
    }
}

/// Why a state-changing request was not let through.
enum Refusal {
    BadToken,
    TooLarge,
}

/// Checks the header, or else the form field (buffering the form body and handing it on).
async fn check(state: &AppState, req: Request, bound: Bound<'_>, fresh: bool) -> Result<Request, Refusal> {
    if fresh {
        return Err(Refusal::BadToken);
    }
    if let Some(v) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return if bound.verify(&state.csrf_key, v) {
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
            .is_some_and(|(_, v)| bound.verify(&state.csrf_key, &v));
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
        .is_some_and(|(_, v)| bound.verify(&state.csrf_key, &v));
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
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use hmac::Mac;

    /// The bare tag, as a script computing it would send it.
    fn token_for(key: &[u8], cookie: &str, session: &str) -> String {
        super::mac(key, cookie, session).map_or_else(String::new, |m| URL_SAFE_NO_PAD.encode(m.finalize().into_bytes()))
    }

    #[test]
    fn every_response_carries_the_token_masked_differently() {
        let (a, b) = (super::masked(b"k", "c", "s"), super::masked(b"k", "c", "s"));
        assert_ne!(a, b, "no two pages hold the same token bytes");
        assert!(super::verify(b"k", "c", "s", &a) && super::verify(b"k", "c", "s", &b));
        assert!(!super::verify(b"k", "c", "other", &a), "still bound to the session");
        let mut tampered = URL_SAFE_NO_PAD.decode(&a).unwrap();
        tampered[40] ^= 1;
        assert!(!super::verify(b"k", "c", "s", &URL_SAFE_NO_PAD.encode(tampered)));
    }

    #[test]
    fn tokens_verify_only_with_the_same_key_cookie_and_session() {
        let t = token_for(b"key-1", "cookie", "session-a");
        assert!(super::verify(b"key-1", "cookie", "session-a", &t));
        assert!(!super::verify(b"key-2", "cookie", "session-a", &t));
        assert!(!super::verify(b"key-1", "other", "session-a", &t));
        assert!(
            !super::verify(b"key-1", "cookie", "session-b", &t),
            "bound to the session"
        );
        assert!(
            !super::verify(b"key-1", "cookie", "", &t),
            "a pre-login token is not a session's"
        );
        assert!(!super::verify(b"key-1", "cookie", "session-a", "not base64!"));
    }
}
