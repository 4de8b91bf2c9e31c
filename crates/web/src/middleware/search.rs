//! After a write succeeds, the indexer is told. A page's write (a form, answered by a redirect to
//! the page that shows the result) also waits, briefly, for the index to cover it: what a person
//! just saved is what they find. An API write does not wait: clients read their write back by id,
//! and search follows within the indexer's next pass (milliseconds). Indexing never runs here.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// Long enough for the indexer's next pass under load, short enough not to be felt.
const SETTLE: Duration = Duration::from_millis(300);

pub async fn after_write(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let page = !super::is_api(req.uri().path());
    let res = next.run(req).await;
    if writes && (res.status().is_success() || res.status().is_redirection()) {
        if page {
            state.app.indexer.settle(SETTLE).await;
        } else {
            state.app.indexer.wake();
        }
    }
    res
}
