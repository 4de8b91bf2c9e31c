//! Progress in the workspace: action items done, indicator entries, PDCA cycles.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_domain::collaboration::cycle::CycleInput;
use kyodo_domain::collaboration::indicator::EntryInput;
use kyodo_domain::collaboration::meeting::MeetingInput;
use kyodo_domain::ids::{ActionItemId, CollaborationId, CycleId, IndicatorId};

use super::board::{refused, refused_typed};
use super::typed::Typed;
use crate::error::PageError;
use crate::pages::{PathIds, SignedIn};
use crate::state::AppState;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct DoneForm {
    /// `0` reopens the item; anything else (or nothing) marks it done.
    done: String,
}

pub(super) async fn item_done(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, iid)): PathIds<(CollaborationId, ActionItemId)>,
    Form(f): Form<DoneForm>,
) -> Result<Response, PageError> {
    let done = f.done != "0";
    kyodo_app::workspace::items::set_done(&state.app, &si.user, cid, iid, done).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}/workspace#items")).into_response())
}

pub(super) async fn add_entry(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, kid)): PathIds<(CollaborationId, IndicatorId)>,
    Form(f): Form<EntryInput>,
) -> Result<Response, PageError> {
    match kyodo_app::workspace::indicators::record(&state.app, &si.user, cid, kid, &f).await {
        Ok(()) => Ok(Redirect::to(&format!("/collaborations/{cid}/workspace#indicator-{kid}")).into_response()),
        Err(e) => {
            let pairs = vec![
                ("entry_date".to_owned(), f.entry_date),
                ("value".to_owned(), f.value),
                ("source".to_owned(), f.source),
            ];
            let typed = (MeetingInput::default(), Typed::new("entry", kid.get(), pairs));
            let input_of = |field: &str| format!("{field}-{kid}");
            refused_typed(&state, si, cid, typed, e, "entry", input_of).await
        }
    }
}

pub(super) async fn add_cycle(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(f): Form<CycleInput>,
) -> Result<Response, PageError> {
    match kyodo_app::workspace::cycles::add(&state.app, &si.user, cid, &f).await {
        Ok(n) => Ok(Redirect::to(&format!("/collaborations/{cid}/workspace#cycle-{n}")).into_response()),
        Err(e) => refused(&state, si, cid, MeetingInput::default(), e, "cycle").await,
    }
}

pub(super) async fn update_cycle(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, kid)): PathIds<(CollaborationId, CycleId)>,
    Form(f): Form<CycleInput>,
) -> Result<Response, PageError> {
    match kyodo_app::workspace::cycles::update(&state.app, &si.user, cid, kid, &f).await {
        Ok(()) => Ok(Redirect::to(&format!("/collaborations/{cid}/workspace#cycles")).into_response()),
        Err(e) => refused(&state, si, cid, MeetingInput::default(), e, "cycle").await,
    }
}
