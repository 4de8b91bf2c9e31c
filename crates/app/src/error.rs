//! The one error an operation returns. Each edge maps it once: a Japanese page, or
//! `application/problem+json` with a stable code.

use kyodo_domain::{FieldError, Invalid};
use kyodo_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Absent, or not visible to this actor (the two are never told apart).
    #[error("not found")]
    NotFound,
    /// The actor can see the thing but may not do this to it.
    #[error("forbidden")]
    Forbidden,
    /// Nobody is signed in, and the operation needs someone.
    #[error("login required")]
    LoginRequired,
    /// The input was refused; nothing was written.
    #[error("invalid input: {0}")]
    Invalid(Invalid),
    /// The thing changed under the actor (a newer version, a stage moved, a duplicate).
    #[error("conflict: {code}")]
    Conflict { code: &'static str, detail: String },
    /// The person has done this too often lately; they may try again later (429).
    #[error("too many: {0}")]
    TooMany(String),
    /// The disk is full: nothing was written, reads still work. Logged at the edge.
    #[error("storage full: {0}")]
    StorageFull(String),
    /// The storage failed; nothing is acknowledged. Logged at the edge.
    #[error("unavailable: {0}")]
    Unavailable(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid(Invalid::one(FieldError::new(field, code, message)))
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::Conflict(what) => Self::Conflict {
                code: "conflict",
                detail: format!("既に登録されています（{what}）。"),
            },
            StoreError::Full(e) => Self::StorageFull(e.to_string()),
            other => Self::Unavailable(other.to_string()),
        }
    }
}

impl From<Invalid> for Error {
    fn from(e: Invalid) -> Self {
        Self::Invalid(e)
    }
}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Self {
        Self::Unavailable(format!("{e:#}"))
    }
}
