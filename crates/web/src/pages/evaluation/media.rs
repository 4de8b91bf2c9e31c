//! Media coverage: the releases sent and the articles that followed, with the guide's counts.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_app::evaluation::media;
use kyodo_domain::Invalid;
use kyodo_domain::era;
use kyodo_domain::evaluation::media::{Counts, MediaInput, MediaKind, Medium, Tone};
use kyodo_domain::ids::{CollaborationId, MediaId};
use kyodo_store::CollaborationRecord;

use crate::error::PageError;
use crate::pages::{FormErrors, Layout, PathIds, SignedIn, first, render};
use crate::state::AppState;

pub(super) struct Row {
    pub id: i64,
    pub on: String,
    pub title: String,
    pub outlet: String,
    pub medium: &'static str,
    pub url: String,
    pub reach: String,
    pub tone: &'static str,
    /// For an article, the release it followed.
    pub followed: String,
    pub has_clipping: bool,
}

#[derive(Template)]
#[template(path = "evaluation/media.html")]
struct Page {
    layout: Layout,
    c: CollaborationRecord,
    can_edit: bool,
    releases: Vec<Row>,
    articles: Vec<Row>,
    counts: Counts,
    release: MediaInput,
    article: MediaInput,
    /// (id, "date title") of the releases an article may follow.
    release_choices: Vec<(String, String)>,
    media: Vec<(&'static str, &'static str)>,
    tones: Vec<(&'static str, &'static str)>,
    /// The article the clipping form had chosen (kept when the upload is refused).
    clipping_for: String,
    errors: FormErrors,
}

pub(super) async fn page(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    typed: Option<MediaInput>,
    clipping_for: Option<i64>,
    errors: Invalid,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (standing, items, counts) = media::list(&state.app, &si.user, cid).await?;
    let title_of = |id: i64| {
        items
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.item.title.clone())
            .unwrap_or_default()
    };
    let mut releases = Vec::new();
    let mut articles = Vec::new();
    for m in &items {
        let i = &m.item;
        let row = Row {
            id: m.id,
            on: era::format_date(i.on),
            title: i.title.clone(),
            outlet: i.outlet.clone(),
            medium: i.medium.map(|x| x.label_ja()).unwrap_or(""),
            url: i.url.clone(),
            reach: i.reach.map(|n| format!("{n}")).unwrap_or_default(),
            tone: i.tone.map(|x| x.label_ja()).unwrap_or(""),
            followed: i.release_id.map(title_of).unwrap_or_default(),
            has_clipping: m.has_clipping,
        };
        match i.kind {
            MediaKind::Release => releases.push(row),
            MediaKind::Article => articles.push(row),
        }
    }
    let release_choices = items
        .iter()
        .filter(|m| m.item.kind == MediaKind::Release)
        .map(|m| (m.id.to_string(), format!("{} {}", m.item.on, m.item.title)))
        .collect();
    let blank = |kind: MediaKind| MediaInput {
        kind: kind.as_str().into(),
        ..Default::default()
    };
    let (release, article) = match typed {
        Some(t) if t.kind == "article" => (blank(MediaKind::Release), t),
        Some(t) => (t, blank(MediaKind::Article)),
        None => (blank(MediaKind::Release), blank(MediaKind::Article)),
    };
    let t = Page {
        layout: si.layout.in_section("running"),
        can_edit: standing.can_edit(),
        releases,
        articles,
        counts,
        release,
        article,
        release_choices,
        media: Medium::ALL.iter().map(|m| (m.as_str(), m.label_ja())).collect(),
        tones: Tone::ALL.iter().map(|m| (m.as_str(), m.label_ja())).collect(),
        clipping_for: clipping_for.map(|id| id.to_string()).unwrap_or_default(),
        errors: FormErrors(errors),
        c: standing.c,
    };
    Ok(render(status, &t))
}

pub(super) async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    page(&state, si, cid, None, None, Invalid::default(), StatusCode::OK).await
}

/// The form's pairs as the item: the release and article forms name their fields after their
/// kind (`release-title`, `article-title`) so both can sit on one page with their own errors.
fn read(pairs: &[(String, String)]) -> MediaInput {
    let kind = if first(pairs, "kind") == "article" {
        "article"
    } else {
        "release"
    };
    let get = |field: &str| first(pairs, &format!("{kind}-{field}"));
    MediaInput {
        kind: kind.into(),
        on: get("on"),
        title: get("title"),
        outlet: get("outlet"),
        medium: get("medium"),
        url: get("url"),
        reach: get("reach"),
        tone: get("tone"),
        release_id: get("release_id"),
    }
}

pub(super) async fn add(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = read(&pairs);
    match media::add(&state.app, &si.user, cid, &f).await {
        Ok(id) => Ok(Redirect::to(&format!("/collaborations/{cid}/media#media-{id}")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            let e = e.renamed_all(&f.kind);
            page(&state, si, cid, Some(f), None, e, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn remove(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, mid)): PathIds<(CollaborationId, MediaId)>,
) -> Result<Response, PageError> {
    media::remove(&state.app, &si.user, cid, mid.get()).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}/media")).into_response())
}
