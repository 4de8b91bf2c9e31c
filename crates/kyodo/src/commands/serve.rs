use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use kyodo_domain::interchange;
use kyodo_store::Store;
use kyodo_web::{AppState, WebConfig};
use tokio::net::TcpListener;

use super::{now, open_store};
use crate::cli::ServeArgs;
use crate::config::Config;

/// The guide's three case studies, shipped as demo data.
const DEMO_DATA: &str = include_str!("../../../../demo/guide-cases.jsonl");

pub async fn run(config: &Config, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(config).await?;
    if args.demo {
        load_demo(&store).await?;
    }
    let listener = TcpListener::bind(config.bind)
        .await
        .with_context(|| format!("{} で待ち受けできません", config.bind))?;
    let addr = listener.local_addr()?;
    // Not configured, the public address is where this server listens: the port it was given
    // (when asked for any port, 0), not the one asked for, so links in pages and mail work.
    let public_url = if config.public_url == format!("http://{}", config.bind) {
        format!("http://{addr}")
    } else {
        config.public_url.clone()
    };
    let web = WebConfig {
        secure_cookies: config.secure_cookies,
        public_url,
        delivers_mail: config.smtp_url.is_some(),
        open_data_dir: Some(config.data_dir.join("opendata")),
        ..WebConfig::default()
    };
    let search = super::search::open(config)?;
    let state = AppState::new(store.clone(), web.clone(), search)
        .await
        .context("起動時の初期化に失敗しました")?;
    super::search::first_pass(&state.app.indexer).await?;
    kyodo_app::jobs::index_feed::refresh_guide_cases(&state.search).await?;
    // Woken by every write here; the interval picks up writes made elsewhere.
    tokio::spawn(state.app.indexer.clone().run(Duration::from_secs(2)));
    tokio::spawn(remind_forever(state.clone()));
    tokio::spawn(count_forever(state.clone()));
    tokio::spawn(publish_forever(state.clone()));
    tokio::spawn(sweep_sessions(store.clone(), web));
    tokio::spawn(verify_database(store.clone()));
    match &config.smtp_url {
        Some(url) => {
            let mailer = crate::mail::Mailer::new(url, &config.mail_from)?;
            tokio::spawn(crate::mail::deliver_forever(store, mailer));
        }
        None => tracing::warn!(
            "no KYODO_SMTP_URL: mail stays in the outbox; invitation links are shown to inviters, and sign-ups \
             are not confirmed by mail, so the sign-up form says when an address is already registered"
        ),
    }
    println!("kyodo を http://{addr}/ で起動しました（Ctrl+C で停止）");
    tracing::info!(%addr, database = %kyodo_store::redact(&config.database_url), "listening");
    kyodo_web::serve(listener, state, shutdown_signal()).await?;
    tracing::info!("stopped cleanly");
    Ok(ExitCode::SUCCESS)
}

async fn load_demo(store: &Store) -> anyhow::Result<()> {
    let parsed = interchange::parse(DEMO_DATA)
        .map_err(|e| anyhow::anyhow!("demo data: line {}: {}", e[0].line, e[0].message))?;
    match store.import(&parsed, now()).await? {
        Ok(s) => tracing::info!(
            organizations = s.organizations,
            listings = s.listings,
            "demo data loaded"
        ),
        Err(e) => anyhow::bail!("demo data: line {}: {}", e[0].line, e[0].message),
    }
    Ok(())
}

/// Reminds organisations of action items due tomorrow or overdue, once an hour.
async fn remind_forever(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        if let Err(e) = kyodo_app::jobs::reminders::remind_due_items(&state.app, kyodo_app::today()).await {
            tracing::warn!(error = %e, "action item reminders failed");
        }
    }
}

/// Recomputes the statistics at start and then every hour, so no page computes them.
async fn count_forever(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        match kyodo_app::statistics::refresh(&state.app).await {
            Ok(s) => tracing::info!(civic_groups = s.civic_groups, "statistics computed"),
            Err(e) => tracing::warn!(error = %e, "statistics could not be computed"),
        }
    }
}

/// Writes the open data files at start and then once a day (`kyodo opendata` does it on demand).
async fn publish_forever(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(24 * 3600));
    loop {
        tick.tick().await;
        match kyodo_app::opendata::generate(&state.app).await {
            Ok(m) => tracing::info!(datasets = m.datasets.len(), "open data written"),
            Err(e) => tracing::error!(error = %e, "open data could not be written"),
        }
    }
}

/// Removes expired sessions now and then, so the table does not grow without bound.
async fn sweep_sessions(store: Store, web: WebConfig) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let now = now();
        let idle = i64::try_from(web.session_idle.as_secs()).unwrap_or(i64::MAX);
        let absolute = i64::try_from(web.session_absolute.as_secs()).unwrap_or(i64::MAX);
        if let Err(e) = store
            .delete_expired_sessions(now.saturating_sub(idle), now.saturating_sub(absolute))
            .await
        {
            tracing::warn!(error = %e, "session sweep failed");
        }
        if let Err(e) = store.delete_expired_signups(now).await {
            tracing::warn!(error = %e, "sign-up sweep failed");
        }
    }
}

/// Resolves on Ctrl+C or SIGTERM; the server then finishes in-flight requests.
/// Reads the whole database once the server is up (start-up read only each table's first
/// pages). Damage makes `/readyz` fail from then on, and is logged with what to do.
async fn verify_database(store: Store) {
    match store.verify_whole().await {
        Ok(()) => tracing::info!("database verified (every page read)"),
        Err(e) => tracing::error!(
            error = %e,
            "the database is damaged: stop kyodo and restore the last backup (kyodo restore); \
             /readyz answers 503 until then"
        ),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
