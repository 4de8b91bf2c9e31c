use std::sync::Arc;
use std::time::Duration;

use kyodo_search::SearchIndex;
use kyodo_store::Store;

use crate::auth::throttle::LoginThrottle;

/// Settings the web layer needs; the binary fills them from its configuration.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when kyodo is served over HTTPS, directly or behind a proxy).
    pub secure_cookies: bool,
    /// A session ends after this long without a request…
    pub session_idle: Duration,
    /// …and in any case this long after login.
    pub session_absolute: Duration,
    /// The address people use to reach kyodo, for links in e-mail (no trailing slash).
    pub public_url: String,
    /// A client has this long to send a request's headers (a slow or stuck client is dropped).
    pub header_read_timeout: Duration,
    /// …and may pause this long between parts of a body.
    pub body_idle_timeout: Duration,
    /// After a shutdown signal, requests in flight get this long to finish; then connections close.
    pub shutdown_grace: Duration,
    /// Mail is delivered (an SMTP server is configured): sign-ups are confirmed by a mailed link.
    pub delivers_mail: bool,
    /// Where open data files are kept (`DATA_DIR/opendata`); a temporary directory when unset.
    pub open_data_dir: Option<std::path::PathBuf>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            session_idle: Duration::from_secs(2 * 60 * 60),
            session_absolute: Duration::from_secs(7 * 24 * 60 * 60),
            public_url: "http://127.0.0.1:8080".into(),
            header_read_timeout: Duration::from_secs(10),
            body_idle_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(20),
            delivers_mail: false,
            open_data_dir: None,
        }
    }
}

/// What every handler shares. Cloned for each extractor of each request, so it is one `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    /// The application layer: every business operation goes through it.
    pub app: kyodo_app::App,
    /// Direct reads for the pages not yet moved behind `app` (the registry's); writes go through
    /// `app`.
    pub store: Store,
    pub config: Arc<WebConfig>,
    /// Key for CSRF tokens, shared by every node through the database.
    pub(crate) csrf_key: Arc<[u8]>,
    pub(crate) throttle: Arc<LoginThrottle>,
    pub search: Arc<SearchIndex>,
}

impl AppState {
    pub async fn new(
        store: Store,
        config: WebConfig,
        search: Arc<SearchIndex>,
    ) -> Result<Self, kyodo_store::StoreError> {
        let csrf_key = store.secret("csrf").await?;
        let mut app = kyodo_app::App::new(store.clone(), search.clone(), &config.public_url)
            .delivering_mail(config.delivers_mail);
        if let Some(dir) = &config.open_data_dir {
            app = app.with_open_data_dir(dir.clone());
        }
        Ok(Self(Arc::new(Shared {
            app,
            store,
            config: Arc::new(config),
            csrf_key: csrf_key.into(),
            throttle: Arc::new(LoginThrottle::default()),
            search,
        })))
    }

    /// Brings the search index up to date with the database now (one pass of the indexer).
    pub async fn sync_search(&self) -> anyhow::Result<kyodo_app::jobs::indexer::Pass> {
        self.app.sync_search().await
    }
}

pub(crate) use kyodo_app::now;
