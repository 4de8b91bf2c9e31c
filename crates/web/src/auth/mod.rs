//! Who is asking: server-side sessions for browsers, personal access tokens for scripts.

pub mod password;
pub mod throttle;
pub mod tokens;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Method, header};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use kyodo_domain::account::TokenScope;
use kyodo_store::User;

use crate::error::ApiError;
use crate::state::{AppState, now};

pub const SESSION_COOKIE: &str = "kyodo_session";

/// The device cookie: a random id a browser gets at its first successful login and keeps for a
/// year, so the login throttle can tell the real user's browser from others behind the same
/// address. It identifies nothing else and is stored nowhere but in the throttle (hashed).
fn device_cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "__Host-kyodo_device"
    } else {
        "kyodo_device"
    }
}

/// The hash of this browser's device cookie, if it has one.
pub fn device_of(state: &AppState, jar: &CookieJar) -> Option<String> {
    jar.get(device_cookie_name(state))
        .map(|c| c.value())
        .filter(|v| v.len() == 43)
        .map(tokens::hash)
}

/// The browser's device (hashed), giving it a device cookie if it has none.
pub fn ensure_device(state: &AppState, jar: CookieJar) -> (CookieJar, String) {
    if let Some(d) = device_of(state, &jar) {
        return (jar, d);
    }
    let raw = tokens::random_secret();
    let hashed = tokens::hash(&raw);
    let cookie = Cookie::build((device_cookie_name(state), raw))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies)
        .max_age(time::Duration::days(365))
        .build();
    (jar.add(cookie), hashed)
}

/// The session cookie's name: `__Host-` when served over HTTPS, so no sibling site can set it.
pub fn session_cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "__Host-kyodo_session"
    } else {
        SESSION_COOKIE
    }
}

/// Record activity at most this often (seconds): every write is an fsync on SQLite.
const TOUCH_EVERY: i64 = 60;

/// The signed-in user of a browser request, if any.
pub struct Viewer(pub Option<User>);

impl FromRequestParts<AppState> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        Ok(Self(session_user(&jar, state).await))
    }
}

/// The signed-in user and their unread notifications (every page's header shows the count).
pub struct ViewerWithUnread(pub Option<(User, i64)>);

impl FromRequestParts<AppState> for ViewerWithUnread {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        Ok(Self(session(&jar, state).await.map(|s| (s.user, s.unread))))
    }
}

async fn session_user(jar: &CookieJar, state: &AppState) -> Option<User> {
    session(jar, state).await.map(|s| s.user)
}

/// The live session of this browser, if any; an expired one is removed.
async fn session(jar: &CookieJar, state: &AppState) -> Option<kyodo_store::SessionRecord> {
    let raw = jar.get(session_cookie_name(state))?.value().to_owned();
    let id_hash = tokens::hash(&raw);
    let record = state.store.session(&id_hash).await.ok()??;
    let now = now();
    let idle = i64::try_from(state.config.session_idle.as_secs()).unwrap_or(i64::MAX);
    let absolute = i64::try_from(state.config.session_absolute.as_secs()).unwrap_or(i64::MAX);
    if now - record.last_seen_at > idle || now - record.created_at > absolute {
        let _ = state.store.delete_session(&id_hash).await;
        return None;
    }
    if now - record.last_seen_at >= TOUCH_EVERY {
        let _ = state.store.touch_session(&id_hash, now).await;
    }
    Some(record)
}

/// The caller of an API request: a bearer token, or else the browser session.
pub struct ApiUser(pub User);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(auth) = parts.headers.get(header::AUTHORIZATION) {
            let token = auth
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or(ApiError::Unauthorized)?;
            let found = state.store.user_by_token(&tokens::hash(token.trim()), now()).await?;
            let (user, scope) = found.ok_or(ApiError::Unauthorized)?;
            let reads = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
            if scope == TokenScope::Read && !reads {
                return Err(ApiError::Denied {
                    code: "insufficient_scope",
                    detail:
                        "このトークンは読み取り専用です。書き込みには「読み取りと書き込み」のトークンを使ってください。"
                            .into(),
                });
            }
            return Ok(Self(user));
        }
        let jar = CookieJar::from_headers(&parts.headers);
        session_user(&jar, state).await.map(Self).ok_or(ApiError::Unauthorized)
    }
}

/// Like [`ApiUser`], but anonymous callers are let through.
pub struct MaybeApiUser(pub Option<User>);

impl FromRequestParts<AppState> for MaybeApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if parts.headers.contains_key(header::AUTHORIZATION) || parts.headers.contains_key(header::COOKIE) {
            match ApiUser::from_request_parts(parts, state).await {
                Ok(ApiUser(u)) => return Ok(Self(Some(u))),
                // A bad token is an error, not a silent downgrade to anonymous.
                Err(e) if parts.headers.contains_key(header::AUTHORIZATION) => return Err(e),
                Err(_) => {}
            }
        }
        Ok(Self(None))
    }
}

/// Starts a session for `user_id`: a fresh random id every time (no fixation), stored hashed.
pub async fn start_session(
    state: &AppState,
    jar: CookieJar,
    user_id: i64,
) -> Result<CookieJar, kyodo_store::StoreError> {
    let raw = tokens::random_secret();
    state.store.create_session(&tokens::hash(&raw), user_id, now()).await?;
    // A new CSRF cookie too: nothing from before the login (a planted cookie) carries over.
    let jar = jar.add(crate::middleware::csrf::cookie(state, tokens::random_secret()));
    Ok(jar.add(session_cookie(state, raw)))
}

/// Ends the session server-side and removes the cookie.
pub async fn end_session(state: &AppState, jar: CookieJar) -> CookieJar {
    if let Some(c) = jar.get(session_cookie_name(state)) {
        let _ = state.store.delete_session(&tokens::hash(c.value())).await;
    }
    jar.remove(Cookie::build(session_cookie_name(state)).path("/"))
}

fn session_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build((session_cookie_name(state), value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies)
        .build()
}

/// The client's address, for rate limiting.
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(Self(ip))
    }
}
