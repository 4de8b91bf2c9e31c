//! Retries never write twice.
//!
//! An API request that writes may carry an `Idempotency-Key` header; every page form carries a
//! one-time `form_key` field. The first request with a key runs and its answer is kept (a day);
//! a retry with the same key and the same request gets that answer again, marked
//! `Idempotent-Replayed: true`, and writes nothing. A retry while the first still runs, or after
//! it ended without its answer being kept, is refused with 409 rather than run again. A server
//! error frees the key: nothing was written, so the retry may run.
//!
//! Keys are scoped by the credentials the request came with (a hash of the token or session),
//! so nobody can replay another person's answer.

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use kyodo_store::{Claimed, StoredAnswer};
use sha2::{Digest, Sha256};

use super::body::MAX_BODY;
use super::is_api;
use crate::error::{ApiError, PageError, problem_response};
use crate::state::AppState;

pub const KEY_HEADER: &str = "idempotency-key";
pub const FORM_FIELD: &str = "form_key";
const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
/// Answers bigger than this are not kept (writes answer with small JSON or a redirect).
const MAX_KEPT: usize = 1024 * 1024;

pub async fn replay(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let api = is_api(req.uri().path());
    let (req, key, body) = if api {
        let Some(raw) = req.headers().get(KEY_HEADER) else {
            return next.run(req).await;
        };
        let Some(key) = raw.to_str().ok().filter(|k| valid_key(k)).map(str::to_owned) else {
            return problem_response(
                StatusCode::BAD_REQUEST,
                "idempotency_key_invalid",
                "Idempotency-Key は 8〜255 文字の英数字と記号で指定してください。".into(),
                Vec::new(),
            );
        };
        let (parts, body) = req.into_parts();
        let Ok(bytes) = to_bytes(body, super::body::limit_for(parts.uri.path())).await else {
            return super::body::too_large(parts.uri.path());
        };
        (Request::from_parts(parts, Body::from(bytes.clone())), key, bytes)
    } else {
        if !is_urlencoded(&req) {
            return next.run(req).await;
        }
        let (parts, body) = req.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
            return super::body::too_large(parts.uri.path());
        };
        let key = form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == FORM_FIELD)
            .map(|(_, v)| v.into_owned())
            .filter(|k| valid_key(k));
        let req = Request::from_parts(parts, Body::from(bytes.clone()));
        let Some(key) = key else {
            return next.run(req).await;
        };
        // One key per rendered page: each of its forms is its own request.
        let key = format!("{key} {}", req.uri().path());
        (req, key, bytes)
    };
    let scope = scope_of(&req, &state);
    let fingerprint = fingerprint(&req, &body);
    let claimed = state
        .store
        .claim_idempotency_key(&scope, &key, &fingerprint, crate::state::now())
        .await;
    match claimed {
        Ok(Claimed::New) => run_and_keep(&state, &scope, &key, req, next).await,
        Ok(Claimed::Replay(answer)) => replayed(answer),
        Ok(Claimed::Pending) if api => problem_response(
            StatusCode::CONFLICT,
            "idempotency_pending",
            "同じ Idempotency-Key の要求を処理中か、結果を確認できない状態です。もう一度書き込まず、一覧などで結果を確かめてください。".into(),
            Vec::new(),
        ),
        Ok(Claimed::Pending) => crate::pages::error_page(
            StatusCode::CONFLICT,
            "送信を受け付け済みです",
            "このフォームはすでに送信され、処理中か処理が終わっています。二重に登録しないよう、もう一度送信せずに一覧で結果を確かめてください。",
        ),
        Ok(Claimed::Mismatch) if api => problem_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            "この Idempotency-Key は別の内容の要求に使われています。新しいキーを使ってください。".into(),
            Vec::new(),
        ),
        // A page's form sent again with other content (back, edit, send): a new submission.
        Ok(Claimed::Mismatch) => next.run(req).await,
        Err(e) if api => ApiError::from(e).into_response(),
        Err(e) => PageError::from(e).into_response(),
    }
}

async fn run_and_keep(state: &AppState, scope: &str, key: &str, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let (parts, body) = res.into_parts();
    let bytes = match to_bytes(body, MAX_KEPT).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "an answer could not be read to keep it");
            release(state, scope, key).await;
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // A server error wrote nothing; an answer that sets a cookie (signing in) carries a secret
    // that is not kept, so it is not replayed either.
    if parts.status.is_server_error() || parts.headers.contains_key(header::SET_COOKIE) {
        release(state, scope, key).await;
    } else {
        let text = |name: header::HeaderName| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let answer = StoredAnswer {
            status: parts.status.as_u16(),
            location: text(header::LOCATION),
            content_type: text(header::CONTENT_TYPE),
            body: bytes.to_vec(),
        };
        if let Err(e) = state.store.complete_idempotency_key(scope, key, &answer).await {
            // The write stands; a retry will be told it is pending rather than run again.
            tracing::error!(error = %e, "an idempotent answer could not be kept");
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

async fn release(state: &AppState, scope: &str, key: &str) {
    if let Err(e) = state.store.release_idempotency_key(scope, key).await {
        tracing::error!(error = %e, "an idempotency key could not be released");
    }
}

fn replayed(answer: StoredAnswer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut res = (status, Bytes::from(answer.body)).into_response();
    let h = res.headers_mut();
    for (name, value) in [
        (header::LOCATION, answer.location),
        (header::CONTENT_TYPE, answer.content_type),
    ] {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            h.insert(name, v);
        }
    }
    h.insert(REPLAYED, HeaderValue::from_static("true"));
    res
}

/// 8 to 255 visible ASCII characters (a UUID, a ULID, a random string).
fn valid_key(k: &str) -> bool {
    (8..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic())
}

pub(super) fn is_urlencoded(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

fn hex(d: impl AsRef<[u8]>) -> String {
    d.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whose request: the bearer token or the session cookie, hashed; the secret itself is never kept.
fn scope_of(req: &Request, state: &AppState) -> String {
    let mut h = Sha256::new();
    if let Some(auth) = req.headers().get(header::AUTHORIZATION) {
        h.update(b"token\0");
        h.update(auth.as_bytes());
    } else if let Some(c) = CookieJar::from_headers(req.headers()).get(crate::auth::session_cookie_name(state)) {
        h.update(b"session\0");
        h.update(c.value().as_bytes());
    } else {
        h.update(b"anonymous");
    }
    hex(h.finalize())
}

/// The request the key was made for: method, path and query, and body.
fn fingerprint(req: &Request, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(req.method().as_str().as_bytes());
    h.update(b" ");
    h.update(req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("").as_bytes());
    h.update(b"\0");
    h.update(body);
    hex(h.finalize())
}
