//! 事前・事後 as pages: the next wave of a survey, its first wave's invitees asked again, and
//! the change from the first wave (shares, means, the change per respondent).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use kyodo_app::evaluation::waves;
use kyodo_domain::evaluation::survey::Audience;
use kyodo_domain::evaluation::survey::change::{QuestionChange, wave_label};
use kyodo_domain::ids::{CollaborationId, SurveyId};
use kyodo_store::{CollaborationRecord, StoredSurvey};

use super::results::{ResultsQuery, number};
use crate::error::PageError;
use crate::pages::{Layout, Lenient, PathIds, SignedIn, page};
use crate::state::AppState;

pub(super) async fn follow_up(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid)): PathIds<(CollaborationId, SurveyId)>,
) -> Result<Response, PageError> {
    let next = waves::follow_up(&state.app, &si.user, cid, sid).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}/surveys/{next}")).into_response())
}

pub(super) async fn invite_first_wave(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid)): PathIds<(CollaborationId, SurveyId)>,
) -> Result<Response, PageError> {
    let n = waves::invite_first_wave(&state.app, &si.user, cid, sid).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}/surveys/{sid}?invited={n}#invitations")).into_response())
}

/// A question's change, in words ready to show.
pub(super) struct ChangeRow {
    pub q: QuestionChange,
    /// (first, later, change) of the mean, or empty.
    pub means: Option<(String, String, String)>,
    /// "+0.8" / "−0.3" of the change per respondent, with how many were paired.
    pub paired: Option<(i64, String, i64, i64, i64)>,
    /// (label, before %, after %, points with sign).
    pub options: Vec<(String, f64, f64, String)>,
}

/// A change with its sign (the minus sign typeset as such).
fn signed(x: f64) -> String {
    if x > 0.0 {
        format!("+{}", number(x))
    } else if x < 0.0 {
        format!("−{}", number(-x))
    } else {
        "±0".to_owned()
    }
}

#[derive(Template)]
#[template(path = "evaluation/change.html")]
struct ChangePage {
    layout: Layout,
    c: CollaborationRecord,
    first: StoredSurvey,
    later: StoredSurvey,
    first_label: String,
    later_label: String,
    filters: Vec<(&'static str, &'static str, bool)>,
    rows: Vec<ChangeRow>,
}

pub(super) async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid)): PathIds<(CollaborationId, SurveyId)>,
    Lenient(q): Lenient<ResultsQuery>,
) -> Result<Response, PageError> {
    let audience = Audience::parse(&q.audience);
    let (standing, ch) = waves::change(&state.app, &si.user, cid, sid, audience).await?;
    let rows = ch
        .questions
        .into_iter()
        .map(|q| ChangeRow {
            means: q.means.map(|(a, b, d)| (number(a), number(b), signed(d))),
            paired: q.paired.filter(|p| p.n > 0).map(|p| {
                (
                    p.n,
                    signed((p.mean_change * 100.0).round() / 100.0),
                    p.up,
                    p.same(),
                    p.down,
                )
            }),
            options: q
                .options
                .iter()
                .map(|o| (o.label.clone(), o.before, o.after, signed(o.points)))
                .collect(),
            q,
        })
        .collect();
    page(&ChangePage {
        layout: si.layout.in_section("running"),
        c: standing.c,
        first_label: wave_label(ch.first.wave),
        later_label: wave_label(ch.later.wave),
        filters: super::results::filters(&ch.later, audience),
        rows,
        first: ch.first,
        later: ch.later,
    })
}
