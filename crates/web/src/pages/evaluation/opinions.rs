//! Third-party opinions: the list, entering one received, asking a third party to write one by
//! a link of their own, and that link's page (`/o/{token}`), which opens nothing else.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_app::evaluation::opinions;
use kyodo_domain::Invalid;
use kyodo_domain::era;
use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::opinion::{AuthorInput, OpinionInput, RequestInput, WrittenInput};
use kyodo_domain::ids::CollaborationId;
use kyodo_store::{CollaborationRecord, StoredOpinion};

use crate::error::PageError;
use crate::pages::{FormErrors, Layout, PathIds, SignedIn, first, render};
use crate::state::AppState;

pub(super) struct Row {
    pub id: i64,
    pub who: String,
    pub milestone: &'static str,
    /// The date written, or when the request was sent for one not written yet.
    pub on: String,
    pub text: String,
}

fn who(o: &StoredOpinion) -> String {
    let a = &o.author;
    match a.role.as_str() {
        "" => format!("{}（{}）", a.name, a.organization),
        r => format!("{}（{} {r}）", a.name, a.organization),
    }
}

fn row(o: &StoredOpinion) -> Row {
    Row {
        id: o.id,
        who: who(o),
        milestone: o.milestone.map(|m| m.label_ja()).unwrap_or(""),
        on: match o.written_on {
            Some(d) => era::format_date(d),
            None => era::format_unix_date(o.created_at),
        },
        text: o.text.clone(),
    }
}

#[derive(Template)]
#[template(path = "evaluation/opinions.html")]
struct Page {
    layout: Layout,
    c: CollaborationRecord,
    can_edit: bool,
    written: Vec<Row>,
    waiting: Vec<Row>,
    add: OpinionInput,
    request: RequestInput,
    milestones: Vec<(&'static str, &'static str)>,
    errors: FormErrors,
}

/// What was typed into one of the two forms, to show it again.
pub(super) enum Typed {
    Add(OpinionInput),
    Request(RequestInput),
}

async fn page(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    typed: Option<Typed>,
    errors: Invalid,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (standing, list) = opinions::list(&state.app, &si.user, cid).await?;
    let (add, request) = match typed {
        Some(Typed::Add(a)) => (a, RequestInput::default()),
        Some(Typed::Request(r)) => (OpinionInput::default(), r),
        None => (OpinionInput::default(), RequestInput::default()),
    };
    let t = Page {
        layout: si.layout.in_section("running"),
        can_edit: standing.can_edit(),
        written: list.iter().filter(|o| !o.waiting()).map(row).collect(),
        waiting: list.iter().filter(|o| o.waiting()).map(row).collect(),
        add,
        request,
        milestones: Milestone::ALL.iter().map(|m| (m.as_str(), m.label_ja())).collect(),
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
    page(&state, si, cid, None, Invalid::default(), StatusCode::OK).await
}

/// The author's fields of a form whose inputs are prefixed (`add-name`, `request-name`).
fn author(pairs: &[(String, String)], form: &str) -> AuthorInput {
    let get = |f: &str| first(pairs, &format!("{form}-{f}"));
    AuthorInput {
        name: get("name"),
        role: get("role"),
        organization: get("organization"),
    }
}

pub(super) async fn add(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let get = |f: &str| first(&pairs, &format!("add-{f}"));
    let input = OpinionInput {
        author: author(&pairs, "add"),
        milestone: get("milestone"),
        written_on: get("written_on"),
        text: get("text"),
    };
    match opinions::add(&state.app, &si.user, cid, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/collaborations/{cid}/opinions#opinion-{id}")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            let e = e.renamed_all("add");
            page(
                &state,
                si,
                cid,
                Some(Typed::Add(input)),
                e,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn request(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let get = |f: &str| first(&pairs, &format!("request-{f}"));
    let input = RequestInput {
        author: author(&pairs, "request"),
        email: get("email"),
        milestone: get("milestone"),
        message: get("message"),
    };
    match opinions::request(&state.app, &si.user, cid, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/collaborations/{cid}/opinions#opinion-{id}")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            let e = e.renamed_all("request");
            page(
                &state,
                si,
                cid,
                Some(Typed::Request(input)),
                e,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "evaluation/opinion_link.html")]
struct LinkPage {
    layout: Layout,
    token: String,
    title: String,
    parties: String,
    name: String,
    message: String,
    /// The opinion once written (the page then thanks instead of asking).
    written: Option<String>,
    text: String,
    errors: FormErrors,
}

async fn link_page(
    state: &AppState,
    layout: Layout,
    token: String,
    typed: String,
    errors: Invalid,
    status: StatusCode,
) -> Result<Response, PageError> {
    let r = opinions::by_link(&state.app, &token).await?;
    let t = LinkPage {
        layout,
        title: r.title,
        parties: r.parties.join("・"),
        name: r.opinion.author.name.clone(),
        message: r.opinion.message.clone(),
        written: (!r.opinion.waiting()).then(|| r.opinion.text.clone()),
        text: typed,
        errors: FormErrors(errors),
        token,
    };
    Ok(render(status, &t))
}

pub(super) async fn link_form(
    State(state): State<AppState>,
    layout: Layout,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    link_page(&state, layout, token, String::new(), Invalid::default(), StatusCode::OK).await
}

pub(super) async fn link_send(
    State(state): State<AppState>,
    layout: Layout,
    Path(token): Path<String>,
    Form(f): Form<WrittenInput>,
) -> Result<Response, PageError> {
    match opinions::write(&state.app, &token, &f).await {
        Ok(()) => Ok(Redirect::to(&format!("/o/{token}")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            link_page(&state, layout, token, f.text, e, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(kyodo_app::Error::Conflict { .. }) => {
            link_page(
                &state,
                layout,
                token,
                String::new(),
                Invalid::default(),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
