//! kyodo's storage: one `Store` over SQLite (the embedded default) or PostgreSQL.
//!
//! Queries are written once, as runtime SQL through sqlx's `Any` driver with `$n` placeholders,
//! which both backends accept; only the migrations differ per backend. Integers are `BIGINT`,
//! times are UTC unix seconds and flags are 0/1, so every value decodes the same way on both.
//! Every business operation is one transaction: a caller sees it whole or not at all.

mod accounts;
mod case_studies;
mod centre_requests;
mod centres;
mod collaborations;
mod coordinators;
mod error;
mod evaluations;
mod idempotency;
mod instance;
mod interchange;
mod listings;
mod matching;
mod members;
mod notifications;
mod opendata;
mod organizations;
mod passwords;
mod proposal_photos;
mod proposals;
mod records;
mod registry;
mod search_feed;
mod secrets;
mod signups;
mod site_roles;
mod statistics;
mod surveys;
mod verification;
mod worksheets;
mod workspace;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};

pub use accounts::{ApiToken, NewToken, SessionRecord, User};
pub use case_studies::StoredCaseStudy;
pub use centre_requests::{CentreMessage, CentreRequest};
pub use centres::AreaListing;
pub use collaborations::{
    CollaborationRecord, NewCollaboration, Party as CollaborationParty, StageEvent, StoredContact,
};
pub use coordinators::CoordinatorInvitation;
pub use error::StoreError;
pub use evaluations::{
    NewOpinionRequest, ReportVersion, StoredAssessment, StoredMedia, StoredOpinion, StoredOutcome, StoredSheet,
    StoredSummary,
};
pub use idempotency::{Claimed, StoredAnswer};
pub use interchange::ImportSummary;
pub use listings::{Listing, ListingFilter};
pub use matching::MatchingFacts;
pub use members::{Invitation, Member, NewInvitation, OutboxMail};
pub use notifications::{NOTIFICATION_KINDS, NewNotification, Notification};
pub use organizations::{Membership, Organization, OrganizationFilter, OrganizationSummary};
pub use passwords::Mail;
pub use proposals::{
    NewComment, ProposalComment, ProposalShare, ProposalSummary, ProposalVersion, StoredTheme, VersionInfo,
};
pub use records::StoredTrackRecord;
pub use registry::Progress;
pub use search_feed::{Changed, FeedState};
pub use signups::{Confirmed, PendingSignup};
pub use site_roles::{RoleChange, SiteAuditEvent, StaffMember};
pub use surveys::{ExportedResponse, NewSurveyInvitation, StoredSurvey, SurveyInvitation, Via};
pub use verification::OrganizationFacts;
pub use verification::{Claim, ClaimStatus, VerificationRecord};
pub use workspace::{ActionItem, AuditEvent, Indicator, Meeting, StoredAgreement, StoredCycle};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }
}

/// The database behind kyodo. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    /// Reads (and, on PostgreSQL, writes).
    read: AnyPool,
    /// Writes. On SQLite a pool of exactly one connection, so writers queue here instead of
    /// failing with SQLITE_BUSY; on PostgreSQL the same pool as `read`.
    write: AnyPool,
    backend: Backend,
    /// The board's totals by filter, with the change-log position they were counted at (SQLite).
    board_counts: listings::BoardCounts,
    /// Damage found by [`Store::verify_whole`] after start: readiness fails with it.
    damage: Arc<std::sync::Mutex<Option<String>>>,
}

impl Store {
    /// Connects, creating an SQLite file if needed. Does not migrate: call [`Store::migrate`].
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url).ok_or_else(|| StoreError::UnsupportedUrl(redact(url)))?;
        match backend {
            Backend::Sqlite => {
                let url = if url.contains('?') {
                    url.to_owned()
                } else {
                    format!("{url}?mode=rwc")
                };
                let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
                check_sqlite_connection(&options, Check::Probe).await?;
                let read = sqlite_pool(8).connect_with(options.clone()).await?;
                let write = sqlite_pool(1).connect_with(options).await?;
                Ok(Self {
                    read,
                    write,
                    backend,
                    board_counts: listings::BoardCounts::default(),
                    damage: Arc::default(),
                })
            }
            Backend::Postgres => {
                let options = AnyConnectOptions::from_str(url)?.disable_statement_logging();
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(options)
                    .await?;
                Ok(Self {
                    read: pool.clone(),
                    write: pool,
                    backend,
                    board_counts: listings::BoardCounts::default(),
                    damage: Arc::default(),
                })
            }
        }
    }

    /// Applies pending migrations of this backend. Safe to call on every start.
    pub async fn migrate(&self) -> Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.write).await?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Is the database reachable? (`/readyz`)
    pub async fn ping(&self) -> Result<()> {
        if let Some(reason) = self.damage.lock().ok().and_then(|d| d.clone()) {
            return Err(StoreError::Damaged(reason));
        }
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    /// Reads every page of an SQLite database (`quick_check`), as the server does just after it
    /// starts: start-up itself only reads each table's first pages, since reading a national
    /// database whole takes seconds. Damage found is kept, and readiness fails with it from then
    /// on. Nothing to do on PostgreSQL (it checks its own pages as it reads them).
    pub async fn verify_whole(&self) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        let found = quick_check(sqlx::query_scalar("PRAGMA quick_check").fetch_all(&self.read).await);
        if let (Err(StoreError::Damaged(reason)), Ok(mut d)) = (&found, self.damage.lock()) {
            *d = Some(reason.clone());
        }
        found
    }

    /// Has [`Store::close`] been called (the process is stopping)?
    pub fn is_closed(&self) -> bool {
        self.write.is_closed()
    }

    /// Closes the pools, waiting for checked-out connections. On SQLite the WAL is first copied
    /// into the database file and emptied: SQLite would do so when its last connection closes,
    /// but a connection still closing as the process exits left it behind now and then (the
    /// data was safe in the WAL, yet the file alone was not the whole database).
    pub async fn close(&self) {
        if self.backend == Backend::Sqlite
            && !self.write.is_closed()
            && let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.write)
                .await
        {
            tracing::warn!(error = %e, "WAL checkpoint on close");
        }
        self.write.close().await;
        self.read.close().await;
    }
}

/// SQLite settings, chosen deliberately:
/// - WAL: readers never block the writer and vice versa.
/// - `synchronous=FULL`: a committed transaction survives power loss. NORMAL would be faster
///   but may lose the last commits on power loss; kyodo's writes are small and few, and a 2xx
///   promises the data is stored.
/// - `foreign_keys=ON`: SQLite leaves them off by default.
/// - `busy_timeout=5000`: another process (e.g. `kyodo import` while the server runs) waits
///   instead of failing at once.
///
/// No ping before each use: the connection lives in this process and cannot go stale, and the
/// ping is a second round trip to SQLite's worker thread for every query.
fn sqlite_pool(max: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        .min_connections(1)
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute(
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; \
                     PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
                )
                .await?;
                Ok(())
            })
        })
}

/// How much of an SQLite file is read before it is used.
enum Check {
    /// The schema and each table's first row: a file that is not a database, or whose tables are
    /// damaged from their root, fails at once, in milliseconds at any size. (The rest is read by
    /// [`Store::verify_whole`] once the server is up.)
    Probe,
    /// Every page (`quick_check`): for a backup, which is not used until it is checked.
    Full,
}

fn damaged(e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.code().is_some_and(|c| c == "26" || c == "11") => {
            StoreError::Damaged(db.message().to_owned())
        }
        _ => StoreError::from(e),
    }
}

/// Checks an SQLite file kyodo does not have open (a backup): `quick_check`, then the row counts
/// of the main tables. Read-only: the file is not changed.
pub async fn inspect_sqlite_file(path: &std::path::Path) -> Result<Vec<(&'static str, i64)>> {
    sqlx::any::install_default_drivers();
    let options =
        AnyConnectOptions::from_str(&format!("sqlite://{}?mode=ro", path.display()))?.disable_statement_logging();
    let mut conn = check_sqlite_connection(&options, Check::Full).await?;
    let mut out = Vec::new();
    for table in instance::COUNTED_TABLES {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut conn)
            .await?;
        out.push((table, n));
    }
    let _ = sqlx::Connection::close(conn).await;
    Ok(out)
}

/// Opens one connection and checks the file before any pool exists, so a damaged file fails at
/// once with SQLite's own words instead of a pool timing out.
async fn check_sqlite_connection(options: &AnyConnectOptions, check: Check) -> Result<sqlx::AnyConnection> {
    use sqlx::ConnectOptions as _;
    let mut conn = options.connect().await.map_err(damaged)?;
    if let Check::Probe = check {
        let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut conn)
            .await
            .map_err(damaged)?;
        for table in tables {
            // Names from the schema itself, quoted.
            // NOT INDEXED: the table's own pages, not an index's.
            let sql = format!("SELECT 1 FROM \"{}\" NOT INDEXED LIMIT 1", table.replace('"', "\"\""));
            sqlx::query(&sql).fetch_optional(&mut conn).await.map_err(damaged)?;
        }
        return Ok(conn);
    }
    quick_check(sqlx::query_scalar("PRAGMA quick_check").fetch_all(&mut conn).await)?;
    Ok(conn)
}

/// What `quick_check` said: "ok" alone, or the damage (its first three lines).
fn quick_check(said: std::result::Result<Vec<String>, sqlx::Error>) -> Result<()> {
    let lines = said.map_err(damaged)?;
    if lines.len() == 1 && lines[0] == "ok" {
        Ok(())
    } else {
        Err(StoreError::Damaged(
            lines.into_iter().take(3).collect::<Vec<_>>().join("; "),
        ))
    }
}

/// A database URL fit for logs: the password is replaced.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// `NotFound` when a statement changed no row (the thing to change was not there, or not theirs).
pub(crate) fn found(done: &sqlx::any::AnyQueryResult) -> Result<()> {
    if done.rows_affected() == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Runs an `INSERT … RETURNING id` on its own (no transaction around it). Every row is read, not
/// only the first: on SQLite the implicit commit happens at the statement's last step, and a
/// reader that stops after the row would take a failed commit (a full disk) for success.
pub(crate) async fn insert_returning_id<'q>(
    q: sqlx::query::QueryScalar<'q, sqlx::Any, i64, sqlx::any::AnyArguments<'q>>,
    pool: &AnyPool,
) -> Result<i64> {
    q.fetch_all(pool)
        .await?
        .into_iter()
        .next()
        .ok_or(StoreError::Database(sqlx::Error::RowNotFound))
}

pub(crate) fn json_list<T: serde::Serialize>(items: &[T]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn parse_list<T: serde::de::DeserializeOwned>(s: &str) -> Vec<T> {
    serde_json::from_str(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(
            super::redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact("sqlite://data/kyodo.db"), "sqlite://data/kyodo.db");
    }
}
