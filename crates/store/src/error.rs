use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A uniqueness rule was broken (e.g. the e-mail address is taken). The name says which.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("not found")]
    NotFound,
    #[error("unsupported database URL {0} (expected sqlite:… or postgres://…)")]
    UnsupportedUrl(String),
    /// The disk (or the database's quota) is full: nothing was written. Reads still work.
    #[error("storage full: {0}")]
    Full(sqlx::Error),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// The database file is damaged (SQLite's own check found it so); restore it from a backup.
    #[error("the database is damaged: {0}")]
    Damaged(String),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if is_full(&e) { Self::Full(e) } else { Self::Database(e) }
    }
}

/// SQLite's SQLITE_FULL (13, with its extended codes), PostgreSQL's disk_full (53100), or the
/// operating system's ENOSPC / EDQUOT on the connection's own I/O.
fn is_full(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            let sqlite_full = code.parse::<i64>().is_ok_and(|c| c & 0xff == 13);
            sqlite_full || code == "53100" || db.message().contains("disk is full")
        }
        sqlx::Error::Io(io) => matches!(io.raw_os_error(), Some(28 | 122)),
        _ => false,
    }
}

impl StoreError {
    /// Turns a unique violation into a domain conflict named `what`; other errors pass through.
    pub(crate) fn unique(e: sqlx::Error, what: &'static str) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::Conflict(what),
            _ => e.into(),
        }
    }
}
