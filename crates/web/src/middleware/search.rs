//! After a write succeeds, the search index catches up before the response is sent: what a person
//! just saved is what they find.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

pub async fn after_write(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let res = next.run(req).await;
    if writes
        && (res.status().is_success() || res.status().is_redirection())
        && let Err(e) = state.sync_search().await
    {
        // The data is saved; the index will catch up on the next poll.
        tracing::warn!(error = %e, "search index catch-up failed after a write");
    }
    res
}
