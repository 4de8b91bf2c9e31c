//! Downloads and drawn pages of a collaboration: the meetings as iCalendar, an indicator's chart,
//! the 協定書 draft and the self-introduction sheet. A file is not a page to come back to, so a
//! visitor gets 404 like an outsider.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use kyodo_app::workspace::documents::{self as docs, Format};
use kyodo_domain::ids::{CollaborationId, IndicatorId};

use super::download;
use crate::auth::Viewer;
use crate::error::PageError;
use crate::pages::{Layout, PathIds, SignedIn, page};
use crate::state::AppState;

fn known(viewer: Viewer) -> Result<kyodo_store::User, PageError> {
    viewer.0.ok_or(PageError::NotFound)
}

pub(super) async fn chart(
    State(state): State<AppState>,
    viewer: Viewer,
    PathIds((cid, kid)): PathIds<(CollaborationId, IndicatorId)>,
) -> Result<Response, PageError> {
    let user = known(viewer)?;
    let k = kyodo_app::workspace::indicators::get(&state.app, &user, cid, kid).await?;
    let svg = kyodo_app::workspace::indicators::chart_svg(&k).ok_or(PageError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        svg,
    )
        .into_response())
}

pub(super) async fn calendar(
    State(state): State<AppState>,
    viewer: Viewer,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    let user = known(viewer)?;
    let ics = kyodo_app::workspace::meetings::calendar(&state.app, &user, cid).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"meetings.ics\""),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        ics,
    )
        .into_response())
}

async fn agreement_file(
    state: &AppState,
    viewer: Viewer,
    cid: CollaborationId,
    f: Format,
) -> Result<Response, PageError> {
    let bytes = docs::agreement_file(&state.app, &known(viewer)?, cid, f).await?;
    Ok(download(
        bytes,
        f.content_type(),
        &format!("agreement.{}", f.extension()),
    ))
}

pub(super) async fn agreement_docx(
    State(state): State<AppState>,
    viewer: Viewer,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    agreement_file(&state, viewer, cid, Format::Docx).await
}

pub(super) async fn agreement_pdf(
    State(state): State<AppState>,
    viewer: Viewer,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    agreement_file(&state, viewer, cid, Format::Pdf).await
}

#[derive(Template)]
#[template(path = "collaborations/introduction.html")]
struct IntroductionPage {
    layout: Layout,
    cid: i64,
    sheet: kyodo_docs::sheet::Sheet,
}

pub(super) async fn introduction(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    let (s, sheet) = docs::introduction(&state.app, &si.user, cid).await?;
    page(&IntroductionPage {
        layout: si.layout.in_section("plan"),
        cid: s.c.id,
        sheet,
    })
}

async fn introduction_file(
    state: &AppState,
    viewer: Viewer,
    cid: CollaborationId,
    f: Format,
) -> Result<Response, PageError> {
    let bytes = docs::introduction_file(&state.app, &known(viewer)?, cid, f).await?;
    Ok(download(
        bytes,
        f.content_type(),
        &format!("introduction.{}", f.extension()),
    ))
}

pub(super) async fn introduction_docx(
    State(state): State<AppState>,
    viewer: Viewer,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    introduction_file(&state, viewer, cid, Format::Docx).await
}

pub(super) async fn introduction_pdf(
    State(state): State<AppState>,
    viewer: Viewer,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    introduction_file(&state, viewer, cid, Format::Pdf).await
}
