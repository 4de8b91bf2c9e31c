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
use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;

pub use state::{AppState, WebConfig};

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    let (api_router, openapi) = api::router().split_for_parts();
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
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::csrf::guard,
        ))
        .layer(axum::middleware::from_fn(middleware::headers::security_headers))
        .layer(axum::extract::DefaultBodyLimit::max(middleware::body::MAX_BODY))
        .layer(axum::middleware::from_fn(middleware::body::limit_body))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish and closes the store.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let store = state.store.clone();
    let app = router(state);
    let result = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await;
    store.close().await;
    result
}
