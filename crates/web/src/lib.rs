//! kyodo's web layer: server-rendered Japanese pages, the JSON API under `/api/v1`, and the
//! middleware that guards both (sessions, CSRF, security headers, body limit).
//!
//! Data flows one way: request → extractors (auth, typed ids) → parse into domain types →
//! `kyodo_app` (access, one transaction, audit, notifications) → response rendered from the result.

pub(crate) mod api;
mod assets;
pub mod auth;
mod error;
mod exports;
mod files;
mod format;
mod middleware;
mod pages;
mod policy;
mod state;

use std::future::Future;

use axum::Router;
use tokio::net::TcpListener;

pub use state::{AppState, WebConfig};

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    let (api_router, openapi) = api::router().split_for_parts();
    let openapi = api::with_standard_responses(api::with_idempotency_key(openapi));
    Router::new()
        .merge(pages::router())
        .nest("/api/v1", api_router)
        .merge(api::docs(openapi))
        .merge(assets::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::search::after_write,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::idempotency::replay,
        ))
        .layer(axum::middleware::from_fn(middleware::keep_typed::keep_typed))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::csrf::guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::headers::security_headers,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(middleware::body::MAX_BODY))
        .layer(axum::middleware::from_fn(middleware::body::limit_body))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            state.config.body_idle_timeout,
        ))
        .layer(compression())
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// gzip or brotli for what the client accepts: pages, CSS, JSON and other text. Images and the
/// exports (PDF, and Word/Excel, which are ZIP files) are compressed already. Pages may hold the
/// CSRF token beside reflected input; it is masked afresh in every response (BREACH).
fn compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
    let predicate = DefaultPredicate::new()
        .and(NotForContentType::new("application/pdf"))
        .and(NotForContentType::new("application/vnd.openxmlformats"))
        .and(NotForContentType::new("application/zip"));
    tower_http::compression::CompressionLayer::new()
        .gzip(true)
        .br(true)
        .compress_when(predicate)
}

/// Serves until `shutdown` resolves; then stops accepting, lets requests in flight finish for the
/// grace period, closes what remains, and closes the store.
///
/// Connections are served by hyper directly (not `axum::serve`) for what that hides: a deadline
/// on reading a request's headers, so a client that never finishes them cannot hold a connection
/// (or a shutdown) open, and a bound on the graceful shutdown.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto;
    use tower::ServiceExt;

    let store = state.store.clone();
    let (header_read, grace) = (state.config.header_read_timeout, state.config.shutdown_grace);
    let app = router(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read);
    builder.http2().timer(TokioTimer::new());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors, say: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: axum::extract::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(axum::extract::ConnectInfo(addr));
            app.clone().oneshot(req.map(axum::body::Body::new))
        });
        let conn = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
        let conn = graceful.watch(conn.into_owned());
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, %addr, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(grace) => {
            tracing::warn!(?grace, "shutdown: grace period over; closing the connections still open");
        }
    }
    if tokio::time::timeout(std::time::Duration::from_secs(5), store.close())
        .await
        .is_err()
    {
        tracing::warn!("shutdown: the database pool did not close in time");
    }
    Ok(())
}
