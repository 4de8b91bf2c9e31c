//! The agreement (合意) and the joint project workspace (Action IV) as pages: thin handlers over
//! `kyodo_app::{agreement, workspace}`, which decide access, write and notify.

mod agreement;
mod board;
mod documents;
mod items;
mod progress;
mod typed;

use axum::Router;
use axum::routing::{get, post};
use kyodo_domain::{era, fields};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/collaborations/{cid}/agreement",
            get(agreement::show).post(agreement::save),
        )
        .route("/collaborations/{cid}/agreement/confirm", post(agreement::confirm))
        .route("/collaborations/{cid}/workspace", get(board::show))
        .route("/collaborations/{cid}/meetings", post(board::add_meeting))
        .route("/collaborations/{cid}/meetings.ics", get(documents::calendar))
        .route(
            "/collaborations/{cid}/meetings/{mid}/minutes",
            post(board::save_minutes),
        )
        .route("/collaborations/{cid}/meetings/{mid}/approve", post(board::approve))
        .route("/collaborations/{cid}/items/{iid}/done", post(progress::item_done))
        .route(
            "/collaborations/{cid}/indicators/{kid}/entries",
            post(progress::add_entry),
        )
        .route(
            "/collaborations/{cid}/indicators/{kid}/chart.svg",
            get(documents::chart),
        )
        .route("/organizations/{id}/action-items", get(items::open_items))
        .route("/collaborations/{cid}/agreement.docx", get(documents::agreement_docx))
        .route("/collaborations/{cid}/agreement.pdf", get(documents::agreement_pdf))
        .route("/collaborations/{cid}/introduction", get(documents::introduction))
        .route(
            "/collaborations/{cid}/introduction.docx",
            get(documents::introduction_docx),
        )
        .route(
            "/collaborations/{cid}/introduction.pdf",
            get(documents::introduction_pdf),
        )
        .route("/collaborations/{cid}/cycles", post(progress::add_cycle))
        .route("/collaborations/{cid}/cycles/{kid}", post(progress::update_cycle))
}

/// 「令和8年（2026年）5月1日」 for a stored `YYYY-MM-DD` (as stored if it does not read as one).
fn date_ja(d: &str) -> String {
    fields::iso_date(d)
        .map(era::format_date)
        .unwrap_or_else(|| d.to_owned())
}

use crate::pages::first;

/// Every value posted for `key`, in order (the rows of a table in a form).
fn every(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
}

/// The `i`th value of a column, empty past its end.
fn at(v: &[String], i: usize) -> String {
    v.get(i).cloned().unwrap_or_default()
}

use crate::files::download;

/// An action item as listed: its due date in 和暦, and whether it is overdue.
struct ItemView {
    item: kyodo_store::ActionItem,
    due: String,
    overdue: bool,
}

impl ItemView {
    fn of(item: kyodo_store::ActionItem) -> Self {
        let today = kyodo_app::today().to_string();
        Self {
            due: date_ja(&item.due),
            overdue: !item.done && item.due < today,
            item,
        }
    }
}
