//! Nothing typed is lost: when a form's submission fails on the server's side (a full disk, the
//! database away, a fault), the answer is a page that shows every value sent and a button that
//! sends them again. The one-time `form_key` goes with them, so a retry writes at most once.
//!
//! Refusals the person can fix (a missing title) are answered by each page itself, with the
//! values back in their fields and the message beside them; this covers what no page expects.

use askama::Template;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::body::MAX_BODY;
use super::csrf::{CSRF_FIELD, CsrfToken};
use super::idempotency::{FORM_FIELD, is_urlencoded};
use super::is_api;
use crate::pages::Layout;

#[derive(Template)]
#[template(path = "kept.html")]
struct KeptPage {
    layout: Layout,
    message: &'static str,
    action: String,
    /// What was typed (label, field, value), shown and sent again in the order the form had it.
    shown: Vec<(String, String, String)>,
    /// The form's bookkeeping (one-time key), sent again but not shown.
    hidden: Vec<(String, String)>,
    /// A password was typed: it is never written into a page, so it must be typed again.
    password_dropped: bool,
}

pub async fn keep_typed(req: Request, next: Next) -> Response {
    if req.method() != Method::POST || is_api(req.uri().path()) || !is_urlencoded(&req) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return super::body::too_large(parts.uri.path());
    };
    let csrf = parts
        .extensions
        .get::<CsrfToken>()
        .map(|t| t.0.clone())
        .unwrap_or_default();
    let action = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let res = next.run(Request::from_parts(parts, Body::from(bytes.clone()))).await;
    let status = res.status();
    if !status.is_server_error() {
        return res;
    }
    let (mut shown, mut hidden, mut password_dropped) = (Vec::new(), Vec::new(), false);
    for (name, value) in form_urlencoded::parse(&bytes).into_owned() {
        match name.as_str() {
            CSRF_FIELD => {}
            n if n.contains("password") => password_dropped = true,
            FORM_FIELD => hidden.push((name, value)),
            _ => shown.push((label(&name).unwrap_or(&name).to_owned(), name, value)),
        }
    }
    let page = KeptPage {
        layout: Layout {
            user: None,
            csrf,
            form_key: String::new(),
            section: "",
            unread: 0,
        },
        message: match status {
            StatusCode::INSUFFICIENT_STORAGE => {
                "サーバーの保存領域が足りないため、保存できませんでした（管理者に連絡してください）。"
            }
            StatusCode::SERVICE_UNAVAILABLE => "サーバーが一時的に混み合っているため、保存できませんでした。",
            _ => "サーバーで問題が発生したため、保存できませんでした。",
        },
        action,
        shown,
        hidden,
        password_dropped,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => res,
    }
}

/// Japanese names for the fields most forms share; others are shown by their field name.
fn label(field: &str) -> Option<&'static str> {
    Some(match field {
        "title" => "件名",
        "name" => "名称",
        "description" => "説明",
        "body" | "content" => "本文",
        "email" => "メールアドレス",
        "municipality" => "市町",
        "status" => "状態",
        "direction" => "種類",
        "resources" => "資源",
        "reason" => "理由",
        "note" | "notes" => "メモ",
        "summary" => "概要",
        "comment" => "コメント",
        "date" | "held_on" => "日付",
        _ => return None,
    })
}
