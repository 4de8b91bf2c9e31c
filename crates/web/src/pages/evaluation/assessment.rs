//! Each party's ふりかえりシート at a milestone: the party's own form (a draft until submitted)
//! and, once submitted, the parties' sheets side by side with the differences marked.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_app::evaluation::assessments;
use kyodo_domain::Invalid;
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::assessment::{AssessmentInput, ScoreInput};
use kyodo_domain::ids::CollaborationId;
use kyodo_store::CollaborationRecord;

use crate::error::PageError;
use crate::pages::{FormErrors, Layout, PathIds, SignedIn, first, render};
use crate::state::AppState;

/// One item of a party's form; field names are prefixed with the form (`o{party}-…`) so two
/// parties' forms on one page never share an id.
pub(super) struct ScoreRow {
    pub label: String,
    /// Whose role it is (empty for a principle).
    pub role_of: String,
    pub score: String,
    pub comment: String,
    pub f_score: String,
    pub f_comment: String,
}

pub(super) struct OwnForm {
    pub party: i64,
    pub party_name: String,
    pub submitted: bool,
    pub rows: Vec<ScoreRow>,
    pub overall: String,
    pub f_overall: String,
}

pub(super) struct CompareRow {
    pub label: String,
    pub scores: Vec<String>,
    /// (party, comment) for the comments given.
    pub comments: Vec<(String, String)>,
    pub differs: bool,
}

#[derive(Template)]
#[template(path = "evaluation/assessment.html")]
struct Page {
    layout: Layout,
    c: CollaborationRecord,
    milestone: &'static str,
    stage_label: &'static str,
    forms: Vec<OwnForm>,
    shown: Vec<String>,
    compare: Vec<CompareRow>,
    /// (party, overall reflection) of the sheets shown.
    overalls: Vec<(String, String)>,
    waiting: Vec<String>,
    errors: FormErrors,
}

async fn page(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    milestone: Milestone,
    typed: Option<(i64, AssessmentInput)>,
    errors: Invalid,
    status: StatusCode,
) -> Result<Response, PageError> {
    let v = assessments::get(&state.app, &si.user, cid, milestone).await?;
    let s = &v.standing;
    let forms = v
        .own
        .iter()
        .map(|(party, stored)| {
            let input = match &typed {
                Some((p, i)) if p == party => i.clone(),
                _ => stored.as_ref().map(|a| a.assessment.to_input()).unwrap_or_default(),
            };
            let prefix = format!("o{party}");
            let rows = v
                .items
                .iter()
                .map(|item| {
                    let typed = input.scores.iter().find(|x| x.key == item.key);
                    ScoreRow {
                        label: item.label.clone(),
                        role_of: item.role_of.map(|o| s.party_name(o)).unwrap_or_default(),
                        score: typed.map(|x| x.score.clone()).unwrap_or_default(),
                        comment: typed.map(|x| x.comment.clone()).unwrap_or_default(),
                        f_score: format!("{prefix}-score_{}", item.key),
                        f_comment: format!("{prefix}-comment_{}", item.key),
                    }
                })
                .collect();
            OwnForm {
                party: *party,
                party_name: s.party_name(*party),
                submitted: stored.as_ref().is_some_and(|a| a.submitted_at.is_some()),
                rows,
                overall: input.overall,
                f_overall: format!("{prefix}-overall"),
            }
        })
        .collect();
    let shown: Vec<String> = v.shown.iter().map(|(o, _)| s.party_name(*o)).collect();
    let compare = v
        .compared
        .iter()
        .map(|c| CompareRow {
            label: c.item.label.clone(),
            scores: c
                .scores
                .iter()
                .map(|n| n.map(|n| n.to_string()).unwrap_or_else(|| "—".into()))
                .collect(),
            comments: shown
                .iter()
                .zip(&c.comments)
                .filter(|(_, cm)| !cm.is_empty())
                .map(|(p, cm)| (p.clone(), cm.clone()))
                .collect(),
            differs: c.differs(),
        })
        .collect();
    let t = Page {
        layout: si.layout.in_section("running"),
        milestone: milestone.as_str(),
        stage_label: milestone.label_ja(),
        forms,
        overalls: v
            .shown
            .iter()
            .filter(|(_, a)| !a.assessment.overall.is_empty())
            .map(|(o, a)| (s.party_name(*o), a.assessment.overall.clone()))
            .collect(),
        shown,
        compare,
        waiting: v.waiting.iter().map(|o| s.party_name(*o)).collect(),
        errors: FormErrors(errors),
        c: v.standing.c,
    };
    Ok(render(status, &t))
}

pub(super) async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, milestone)): PathIds<(CollaborationId, Milestone)>,
) -> Result<Response, PageError> {
    page(&state, si, cid, milestone, None, Invalid::default(), StatusCode::OK).await
}

/// The form's pairs as one party's sheet: `o{party}-score_{key}` and `o{party}-comment_{key}`.
fn read(pairs: &[(String, String)], party: i64) -> AssessmentInput {
    let prefix = format!("o{party}-");
    let mut input = AssessmentInput::default();
    for (k, v) in pairs {
        let Some(rest) = k.strip_prefix(&prefix) else { continue };
        if let Some(key) = rest.strip_prefix("score_") {
            score(&mut input, key).score = v.clone();
        } else if let Some(key) = rest.strip_prefix("comment_") {
            score(&mut input, key).comment = v.clone();
        } else if rest == "overall" {
            input.overall = v.clone();
        }
    }
    input
}

fn score<'a>(input: &'a mut AssessmentInput, key: &str) -> &'a mut ScoreInput {
    match input.scores.iter().position(|s| s.key == key) {
        Some(i) => &mut input.scores[i],
        None => {
            input.scores.push(ScoreInput {
                key: key.to_owned(),
                ..Default::default()
            });
            input.scores.last_mut().expect("just pushed")
        }
    }
}

pub(super) async fn save(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, milestone)): PathIds<(CollaborationId, Milestone)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let party = first(&pairs, "party").trim().parse::<i64>().ok();
    let submit = first(&pairs, "submit") == "1";
    let Some(party) = party else {
        return Err(PageError::NotFound);
    };
    let input = read(&pairs, party);
    match assessments::save(&state.app, &si.user, cid, milestone, Some(party), &input, submit).await {
        Ok(()) => {
            let to = if submit { "compare" } else { "own" };
            Ok(Redirect::to(&format!("/collaborations/{cid}/evaluation/{milestone}/assessment#{to}")).into_response())
        }
        Err(kyodo_app::Error::Invalid(e)) => {
            let e = e.renamed_all(&format!("o{party}"));
            page(
                &state,
                si,
                cid,
                milestone,
                Some((party, input)),
                e,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
