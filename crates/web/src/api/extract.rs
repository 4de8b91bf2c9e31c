//! Extractors whose rejections are problem+json, so malformed input never gets a plain-text 4xx.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(JsonRejection::BytesRejection(_)) => Err(ApiError::TooLarge),
            Err(e) => Err(json_rejection(&e)),
        }
    }
}

fn json_rejection(e: &JsonRejection) -> ApiError {
    let (code, detail) = match e {
        JsonRejection::MissingJsonContentType(_) => (
            "unsupported_media_type",
            "Content-Type: application/json で送信してください。".to_owned(),
        ),
        JsonRejection::JsonSyntaxError(_) => ("invalid_json", "JSON の構文が正しくありません。".to_owned()),
        JsonRejection::JsonDataError(d) => (
            "invalid_json",
            format!("JSON の内容が正しくありません: {}", d.body_text()),
        ),
        _ => ("invalid_json", "JSON を読み取れませんでした。".to_owned()),
    };
    ApiError::BadRequest { code, detail }
}

pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Self(v)),
            Err(e) => Err(ApiError::BadRequest {
                code: "invalid_query",
                detail: format!("クエリが正しくありません: {}", e.body_text()),
            }),
        }
    }
}

/// A query value as typed: trimmed, full-width forms made ASCII; empty is absent.
pub fn present(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(|v| kyodo_domain::text::to_halfwidth_ascii(v.trim()))
        .filter(|v| !v.is_empty())
}

/// A whole number in 1..=max (full-width digits accepted), or `default` when absent.
pub fn number(field: &str, s: &Option<String>, default: i64, max: i64) -> Result<i64, kyodo_domain::FieldError> {
    let Some(v) = present(s) else { return Ok(default) };
    v.parse::<i64>().ok().filter(|n| (1..=max).contains(n)).ok_or_else(|| {
        kyodo_domain::FieldError::new(
            field,
            "out_of_range",
            format!("{field} は1から{max}までの整数で指定してください。"),
        )
    })
}

/// The `kind` filter: absent, or one of the seven kinds (else an error is recorded).
pub fn kind_filter(e: &mut kyodo_domain::Invalid, v: &Option<String>) -> Option<kyodo_domain::organization::OrgKind> {
    let k = present(v)?;
    e.check(
        kyodo_domain::organization::OrgKind::parse(&k)
            .ok_or_else(|| kyodo_domain::FieldError::new("kind", "unknown_kind", format!("kind「{k}」は不明です。"))),
    )
}

/// The `municipality` filter: absent, or one of Yamaguchi's 19 (else an error is recorded).
pub fn municipality_filter(e: &mut kyodo_domain::Invalid, v: &Option<String>) -> Option<String> {
    let m = v
        .as_deref()
        .map(|m| kyodo_domain::text::clean(m, false))
        .filter(|m| !m.is_empty())?;
    if kyodo_domain::catalog::catalog().is_yamaguchi_municipality(&m) {
        Some(m)
    } else {
        e.push(kyodo_domain::FieldError::new(
            "municipality",
            "unknown_municipality",
            format!("「{m}」は山口県の市町ではありません。"),
        ));
        None
    }
}

/// Typed ids from the URL path; anything that is not an id answers 404 (it names nothing).
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Self(p.0))
            .map_err(|_| ApiError::NotFound)
    }
}

/// A field that people type as text but scripts send as a number (amounts, values, dates):
/// either is read as the text the domain parses.
pub fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Raw {
        S(String),
        N(serde_json::Number),
        Nothing(()),
    }
    Ok(match <Raw as serde::Deserialize>::deserialize(d)? {
        Raw::S(s) => s,
        Raw::N(n) => n.to_string(),
        Raw::Nothing(()) => String::new(),
    })
}
