//! Errors at the HTTP edge. API errors are `application/problem+json` with a stable `code`;
//! page errors are a Japanese page. Internal details are logged, never shown.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kyodo_domain::Invalid;
use kyodo_store::StoreError;
use serde::Serialize;

/// An error answered by the JSON API.
#[derive(Debug)]
pub enum ApiError {
    Invalid(Invalid),
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict {
        code: &'static str,
        detail: String,
    },
    TooLarge,
    BadRequest {
        code: &'static str,
        detail: String,
    },
    /// Refused for a reason the caller can act on (403 with its own code).
    Denied {
        code: &'static str,
        detail: String,
    },
    /// Done too often lately (429).
    TooMany(String),
    /// The disk is full: the write was not made (507; reads keep working).
    StorageFull(String),
    Internal(String),
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// Human-readable explanation, in Japanese.
    pub detail: String,
    /// Stable machine-readable code that clients branch on.
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            Self::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_input",
                "入力内容に誤りがあります。".into(),
            ),
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "ログインまたはアクセストークンが必要です。".into(),
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "この操作を行う権限がありません。".into(),
            ),
            Self::NotFound => (StatusCode::NOT_FOUND, "not_found", "見つかりません。".into()),
            Self::Conflict { code, detail } => (StatusCode::CONFLICT, code, detail.clone()),
            Self::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!(
                    "送信された内容が大きすぎます（上限 {} KB）。",
                    crate::middleware::body::MAX_BODY / 1024
                ),
            ),
            Self::BadRequest { code, detail } => (StatusCode::BAD_REQUEST, code, detail.clone()),
            Self::TooMany(detail) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests", detail.clone()),
            Self::Denied { code, detail } => (StatusCode::FORBIDDEN, code, detail.clone()),
            Self::StorageFull(_) => (
                StatusCode::INSUFFICIENT_STORAGE,
                "storage_full",
                "保存する領域が足りないため、保存できませんでした。内容は保存されていません。管理者にお知らせのうえ、時間をおいて再度お試しください。".into(),
            ),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "サーバーで問題が発生しました。時間をおいて再度お試しください。".into(),
            ),
        }
    }
}

pub fn problem_response(status: StatusCode, code: &str, detail: String, errors: Vec<ProblemField>) -> Response {
    let body = Problem {
        kind: format!("urn:kyodo:problem:{code}"),
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail,
        code: code.to_owned(),
        errors,
    };
    let mut res = (status, Json(body)).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/problem+json"),
    );
    res
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            Self::Internal(detail) => tracing::error!(%detail, "internal error in API request"),
            Self::StorageFull(detail) => tracing::error!(%detail, "storage full: a write was refused"),
            _ => {}
        }
        let (status, code, detail) = self.parts();
        let errors = match self {
            Self::Invalid(inv) => inv
                .0
                .into_iter()
                .map(|e| ProblemField {
                    field: e.field,
                    code: e.code.to_owned(),
                    message: e.message,
                })
                .collect(),
            _ => Vec::new(),
        };
        problem_response(status, code, detail, errors)
    }
}

/// A store error where a handler still reads the store: the application layer's one mapping.
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        kyodo_app::Error::from(e).into()
    }
}

/// The application layer's outcome, mapped once for the API. A storage failure answers 503: the
/// write was not acknowledged and may be retried.
impl From<kyodo_app::Error> for ApiError {
    fn from(e: kyodo_app::Error) -> Self {
        use kyodo_app::Error as E;
        match e {
            E::NotFound => Self::NotFound,
            E::Forbidden => Self::Forbidden,
            E::LoginRequired => Self::Unauthorized,
            E::Invalid(inv) => Self::Invalid(inv),
            E::Conflict { code, detail } => Self::Conflict { code, detail },
            E::TooMany(detail) => Self::TooMany(detail),
            E::StorageFull(detail) => Self::StorageFull(detail),
            E::Unavailable(detail) => Self::Internal(detail),
        }
    }
}

impl From<Invalid> for ApiError {
    fn from(e: Invalid) -> Self {
        Self::Invalid(e)
    }
}

/// An error answered with an HTML page.
#[derive(Debug)]
pub enum PageError {
    NotFound,
    Forbidden,
    /// Refused input or a conflict where no form is at hand: the message is shown as it is.
    Refused {
        status: StatusCode,
        message: String,
    },
    /// The disk is full: nothing was saved (507).
    StorageFull(String),
    Internal(String),
}

/// The application layer's outcome on a page that has no form to show it beside (a form's own
/// `Invalid` and `Conflict` are rendered by its handler, next to the fields).
impl From<kyodo_app::Error> for PageError {
    fn from(e: kyodo_app::Error) -> Self {
        use kyodo_app::Error as E;
        match e {
            E::NotFound | E::LoginRequired => Self::NotFound,
            E::Forbidden => Self::Forbidden,
            E::Invalid(inv) => Self::Refused {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message: inv.0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "),
            },
            E::Conflict { detail, .. } => Self::Refused {
                status: StatusCode::CONFLICT,
                message: detail,
            },
            E::TooMany(message) => Self::Refused {
                status: StatusCode::TOO_MANY_REQUESTS,
                message,
            },
            E::StorageFull(detail) => Self::StorageFull(detail),
            E::Unavailable(detail) => Self::Internal(detail),
        }
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> Self {
        kyodo_app::Error::from(e).into()
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(format!("template: {e}"))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, title, message) = match &self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "ページが見つかりません",
                "お探しのページは見つかりませんでした。URLをご確認ください。",
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "表示する権限がありません",
                "このページを見る権限がありません。所属する団体のアカウントでログインしてください。",
            ),
            Self::Refused { status, message } => {
                return crate::pages::error_page(*status, "受け付けられませんでした", message);
            }
            Self::StorageFull(detail) => {
                tracing::error!(%detail, "storage full: a write was refused");
                (
                    StatusCode::INSUFFICIENT_STORAGE,
                    "保存できませんでした",
                    "保存する領域が足りないため、保存できませんでした。入力した内容は保存されていません。ブラウザの「戻る」で入力内容を残したまま、時間をおいて再度お試しください。",
                )
            }
            Self::Internal(detail) => {
                tracing::error!(%detail, "internal error in page request");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "問題が発生しました",
                    "サーバーで問題が発生しました。時間をおいて再度お試しください。",
                )
            }
        };
        crate::pages::error_page(status, title, message)
    }
}
