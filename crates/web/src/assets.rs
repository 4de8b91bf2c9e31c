//! Static assets, embedded in the binary so a fresh machine needs nothing beside it.

use axum::Router;
use axum::http::header;
use axum::routing::get;

use crate::state::AppState;

const CSS: &str = include_str!("../assets/kyodo.css");
const JS: &str = include_str!("../assets/kyodo.js");

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/assets/kyodo.js",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, "public, max-age=3600"),
                    ],
                    JS,
                )
            }),
        )
        .route(
            "/assets/kyodo.css",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                        (header::CACHE_CONTROL, "public, max-age=3600"),
                    ],
                    CSS,
                )
            }),
        )
}
