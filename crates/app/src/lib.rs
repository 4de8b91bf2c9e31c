//! kyodo's application layer: every business operation, written once.
//!
//! Each public function is one operation named from the glossary (`proposals::share`,
//! `agreement::confirm`, `minutes::approve`, …). It takes the actor, typed ids and input already
//! parsed into domain types; decides access (see [`access`]); runs one transaction in the store
//! (which writes the audit line beside the change); queues the notifications it owes the other
//! parties; and returns a result or one [`Error`]. Pages, the JSON API, the CLI and the background
//! jobs call these functions and decide nothing themselves.

pub mod access;
pub mod accounts;
pub mod agreement;
pub mod case_studies;
pub mod centre_requests;
pub mod centres;
pub mod collaborations;
pub mod coordinators;
mod error;
pub mod evaluation;
pub mod imports;
pub mod jobs;
pub mod knowing;
pub mod listings;
pub mod matching;
pub mod members;
pub mod notifications;
pub mod opendata;
pub mod organizations;
pub mod partners;
pub mod photos;
pub mod proposals;
pub mod rate;
pub mod searching;
pub mod site_roles;
pub mod start;
pub mod statistics;
pub mod suggestions;
pub mod themes;
pub mod tokens;
pub mod verification;
pub mod workspace;

use std::sync::Arc;

use kyodo_search::SearchIndex;
use kyodo_store::Store;

pub use error::{Error, Result};
pub use kyodo_store::User as Actor;

/// What every operation runs against: the store, the search index, and where people reach kyodo.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub search: Arc<SearchIndex>,
    /// The address people use to reach kyodo, for links in e-mail (no trailing slash).
    pub public_url: Arc<str>,
    /// The one writer of the search index.
    pub indexer: Arc<jobs::indexer::Indexer>,
    /// Turns on the cores for index work ([`searching`]).
    pub(crate) index_turns: Arc<tokio::sync::Semaphore>,
    /// Image decodes running at once: each can take a few hundred megabytes.
    pub(crate) decodes: Arc<tokio::sync::Semaphore>,
    /// Photo uploads per person (each is decoded and re-encoded).
    pub(crate) uploads: Arc<rate::Rate>,
    /// Coordinator invitations per person (each may mail the address).
    pub(crate) coordinator_invites: Arc<rate::Rate>,
    /// Mail reaches people here, so a sign-up waits for its address to be confirmed.
    pub confirms_sign_up: bool,
    /// Sign-up mails per address.
    pub(crate) signup_mails: Arc<rate::Rate>,
    /// Sends to surveys' public links per network address (a flood, valid or not).
    pub(crate) public_answers: Arc<rate::Rate>,
    /// Where the open data files are written and read from.
    pub open_data: Arc<opendata::OpenDataDir>,
}

/// Photo uploads a person may make in [`UPLOAD_WINDOW`]: far more than filling a proposal takes.
pub const UPLOADS_PER_WINDOW: usize = 30;
pub const UPLOAD_WINDOW: std::time::Duration = std::time::Duration::from_secs(600);

impl App {
    pub fn new(store: Store, search: Arc<SearchIndex>, public_url: &str) -> Self {
        Self {
            indexer: jobs::indexer::Indexer::new(store.clone(), search.clone()),
            store,
            search,
            public_url: public_url.trim_end_matches('/').into(),
            index_turns: Arc::new(tokio::sync::Semaphore::new(searching::index_threads())),
            decodes: Arc::new(tokio::sync::Semaphore::new(2)),
            uploads: Arc::new(rate::Rate::new(UPLOADS_PER_WINDOW, UPLOAD_WINDOW)),
            coordinator_invites: Arc::new(rate::Rate::new(10, std::time::Duration::from_secs(3600))),
            confirms_sign_up: false,
            signup_mails: Arc::new(rate::Rate::new(
                accounts::signup::MAILS_PER_ADDRESS_HOUR,
                std::time::Duration::from_secs(3600),
            )),
            public_answers: Arc::new(rate::Rate::new(120, std::time::Duration::from_secs(600))),
            open_data: Arc::new(opendata::OpenDataDir::temporary()),
        }
    }

    /// Keeps the open data files in `dir` (the data directory's `opendata/`).
    #[must_use]
    pub fn with_open_data_dir(mut self, dir: std::path::PathBuf) -> Self {
        self.open_data = Arc::new(opendata::OpenDataDir::at(dir));
        self
    }

    /// Says whether mail is delivered here: then sign-ups are confirmed by a mailed link.
    #[must_use]
    pub fn delivering_mail(mut self, on: bool) -> Self {
        self.confirms_sign_up = on;
        self
    }

    /// Brings the search index up to date with the database now (one pass of the indexer).
    pub async fn sync_search(&self) -> anyhow::Result<jobs::indexer::Pass> {
        self.indexer.pass().await
    }
}

/// Now, as UTC unix seconds (the storage convention).
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Today in Japan: the parties' calendar day, for due dates and "overdue".
pub fn today() -> time::Date {
    (time::OffsetDateTime::now_utc() + time::Duration::hours(9)).date()
}
