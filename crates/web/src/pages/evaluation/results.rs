//! A survey's results while it runs (counts, shares, means, free text, a chart per question as
//! SVG with its text alternative) and its responses as CSV, streamed a page at a time.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use kyodo_app::evaluation::surveys::{self, Results};
use kyodo_domain::evaluation::survey::Audience;
use kyodo_domain::evaluation::survey::change::wave_label;
use kyodo_domain::evaluation::survey::results::QuestionResult;
use kyodo_domain::ids::{CollaborationId, SurveyId};
use kyodo_store::{CollaborationRecord, StoredSurvey};
use serde::Deserialize;

use crate::error::PageError;
use crate::pages::{Layout, Lenient, PathIds, SignedIn, page};
use crate::state::AppState;

pub(super) struct ResultView {
    pub r: QuestionResult,
    /// The bar chart of its options (empty for numbers, dates and text).
    pub chart: String,
    pub mean: String,
    pub range: String,
    pub texts: Vec<String>,
}

#[derive(Template)]
#[template(path = "evaluation/results.html")]
struct ResultsPage {
    layout: Layout,
    c: CollaborationRecord,
    s: StoredSurvey,
    responses: i64,
    /// (value, words, chosen), every audience first.
    filters: Vec<(&'static str, &'static str, bool)>,
    results: Vec<ResultView>,
    /// The series' waves that took answers: (id, words, this one).
    waves: Vec<(i64, String, bool)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ResultsQuery {
    pub audience: String,
}

/// The audience filter's choices, every audience first; only one when the survey asks one.
pub(super) fn filters(s: &StoredSurvey, audience: Option<Audience>) -> Vec<(&'static str, &'static str, bool)> {
    let chosen = audience.map_or("", Audience::as_str);
    let mut filters = vec![("", "すべての回答者", chosen.is_empty())];
    if s.settings.audiences.len() > 1 {
        filters.extend(
            s.settings
                .audiences
                .iter()
                .map(|a| (a.as_str(), a.label_ja(), a.as_str() == chosen)),
        );
    }
    filters
}

pub(super) fn number(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn views(res: Results) -> Vec<ResultView> {
    res.questions
        .into_iter()
        .map(|r| {
            let bars: Vec<(String, i64, f64)> = r
                .options
                .iter()
                .map(|o| (o.label.clone(), o.count, o.percent))
                .collect();
            let chart = if bars.is_empty() {
                String::new()
            } else {
                kyodo_docs::bars::bars_svg(
                    &format!("chart-{}", r.key),
                    &format!("問{} {}", r.number, r.text),
                    r.answered,
                    &bars,
                )
            };
            let texts = res
                .texts
                .iter()
                .find(|(k, _)| *k == r.key)
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            ResultView {
                mean: r.mean.map(number).unwrap_or_default(),
                range: r
                    .range
                    .map(|(a, b)| format!("{}〜{}", number(a), number(b)))
                    .unwrap_or_default(),
                chart,
                texts,
                r,
            }
        })
        .collect()
}

pub(super) async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid)): PathIds<(CollaborationId, SurveyId)>,
    Lenient(q): Lenient<ResultsQuery>,
) -> Result<Response, PageError> {
    let audience = Audience::parse(&q.audience);
    let (standing, s, res) = surveys::results(&state.app, &si.user, cid, sid, audience).await?;
    let filters = filters(&s, audience);
    let waves = wave_nav(&state, &si, cid, sid, false).await?;
    page(&ResultsPage {
        waves,
        layout: si.layout.in_section("running"),
        c: standing.c,
        responses: res.responses,
        filters,
        results: views(res),
        s,
    })
}

/// The survey's series for a wave switch: (id, words, this one), drafts left out for results.
pub(super) async fn wave_nav(
    state: &AppState,
    si: &SignedIn,
    cid: CollaborationId,
    sid: SurveyId,
    with_drafts: bool,
) -> Result<Vec<(i64, String, bool)>, PageError> {
    Ok(kyodo_app::evaluation::waves::series(&state.app, &si.user, cid, sid)
        .await?
        .into_iter()
        .filter(|w| with_drafts || w.status != kyodo_domain::evaluation::survey::Status::Draft)
        .map(|w| (w.id, wave_label(w.wave), w.id == sid.get()))
        .collect())
}

/// The responses as CSV (UTF-8 with BOM), written while they are read.
pub(super) async fn csv(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid)): PathIds<(CollaborationId, SurveyId)>,
) -> Result<Response, PageError> {
    let export = surveys::export(&state.app, &si.user, cid, sid).await?;
    Ok(crate::files::csv_stream(export))
}

/// The responses as an Excel workbook.
pub(super) async fn xlsx(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid)): PathIds<(CollaborationId, SurveyId)>,
) -> Result<Response, PageError> {
    let (name, file) = surveys::export_xlsx(&state.app, &si.user, cid, sid).await?;
    Ok(crate::files::file_download(
        file,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
    ))
}
