//! 協働事例 as pages: the collaboration's case as its parties write and approve it, and the
//! library everyone reads (`/cases`). Thin handlers over `kyodo_app::case_studies`.

mod edit;
mod library;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/collaborations/{cid}/case", get(edit::show).post(edit::save))
        .route("/collaborations/{cid}/case/approval", post(edit::approve))
        .route("/cases", get(library::list))
        .route("/cases/{id}", get(library::show))
        .route("/cases/{id}/pdf", get(library::pdf))
}
