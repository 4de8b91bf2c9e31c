//! A milestone's evaluation report: the page every party reads, its sign-off by each party's
//! owner, and the Word and PDF downloads.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_app::evaluation::report;
use kyodo_app::workspace::documents::Format;
use kyodo_docs::report::{Bar, Block};
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::ids::CollaborationId;
use kyodo_store::CollaborationRecord;

use crate::auth::Viewer;
use crate::error::PageError;
use crate::files::download;
use crate::pages::{Layout, PathIds, SignedIn, first, render};
use crate::state::AppState;

/// A block as the template draws it: one of its parts is filled.
pub(super) struct BlockView {
    pub lines: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub bars_title: String,
    pub bars: Vec<(Bar, u32)>,
}

fn block(b: Block) -> BlockView {
    let mut v = BlockView {
        lines: Vec::new(),
        header: Vec::new(),
        rows: Vec::new(),
        bars_title: String::new(),
        bars: Vec::new(),
    };
    match b {
        Block::Lines { lines } => v.lines = lines,
        Block::Table { header, rows } => (v.header, v.rows) = (header, rows),
        // A meter shows at most the whole way; the text says how far past it the actual went.
        Block::Bars { title, bars } => {
            v.bars_title = title;
            v.bars = bars
                .into_iter()
                .map(|b| {
                    let p = b.percent.min(100);
                    (b, p)
                })
                .collect()
        }
    }
    v
}

#[derive(Template)]
#[template(path = "evaluation/report.html")]
struct Page {
    layout: Layout,
    c: CollaborationRecord,
    milestone: &'static str,
    kind: String,
    held_on: String,
    version: String,
    sections: Vec<(String, Vec<BlockView>)>,
    signoffs: Vec<(String, String)>,
    to_sign: Vec<(i64, String)>,
    complete: bool,
    /// Why there is no report yet (no sheet saved).
    missing: Option<String>,
}

pub(super) async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, milestone)): PathIds<(CollaborationId, Milestone)>,
) -> Result<Response, PageError> {
    let layout = si.layout.in_section("running");
    let t = match report::get(&state.app, &si.user, cid, milestone).await {
        Ok(v) => Page {
            layout,
            milestone: milestone.as_str(),
            kind: v.doc.kind.clone(),
            held_on: v.doc.held_on.clone(),
            version: v.version_line(),
            signoffs: v.signoff_lines(),
            to_sign: v.to_sign().into_iter().map(|o| (o, v.standing.party_name(o))).collect(),
            complete: v.complete(),
            sections: v
                .doc
                .sections
                .into_iter()
                .map(|s| (s.heading, s.blocks.into_iter().map(block).collect()))
                .collect(),
            missing: None,
            c: v.standing.c,
        },
        Err(kyodo_app::Error::Conflict { detail, .. }) => {
            let (standing, _) = kyodo_app::evaluation::sheets::list(&state.app, &si.user, cid).await?;
            Page {
                layout,
                milestone: milestone.as_str(),
                kind: format!("{}評価 報告書", milestone.label_ja()),
                held_on: String::new(),
                version: String::new(),
                sections: Vec::new(),
                signoffs: Vec::new(),
                to_sign: Vec::new(),
                complete: false,
                missing: Some(detail),
                c: standing.c,
            }
        }
        Err(e) => return Err(e.into()),
    };
    Ok(render(StatusCode::OK, &t))
}

pub(super) async fn sign(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, milestone)): PathIds<(CollaborationId, Milestone)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let party = first(&pairs, "party").trim().parse::<i64>().ok();
    report::sign(&state.app, &si.user, cid, milestone, party).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}/evaluation/{milestone}/report#signoff")).into_response())
}

async fn file(
    state: &AppState,
    viewer: Viewer,
    cid: CollaborationId,
    m: Milestone,
    f: Format,
) -> Result<Response, PageError> {
    let user = viewer.0.ok_or(PageError::NotFound)?;
    let bytes = report::file(&state.app, &user, cid, m, f).await?;
    Ok(download(
        bytes,
        f.content_type(),
        &format!("evaluation-{m}.{}", f.extension()),
    ))
}

pub(super) async fn pdf(
    State(state): State<AppState>,
    viewer: Viewer,
    PathIds((cid, milestone)): PathIds<(CollaborationId, Milestone)>,
) -> Result<Response, PageError> {
    file(&state, viewer, cid, milestone, Format::Pdf).await
}

pub(super) async fn docx(
    State(state): State<AppState>,
    viewer: Viewer,
    PathIds((cid, milestone)): PathIds<(CollaborationId, Milestone)>,
) -> Result<Response, PageError> {
    file(&state, viewer, cid, milestone, Format::Docx).await
}
