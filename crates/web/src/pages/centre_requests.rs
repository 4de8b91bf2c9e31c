//! 支援センターへの相談 as pages: a group's list and the form to ask
//! (`/organizations/{id}/centre-requests`), and one conversation (`/centre-requests/{id}`) with
//! its reply form and close button. Thin handlers over `kyodo_app::centre_requests`.

use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use kyodo_app::centre_requests::{self as app, Side, Thread};
use kyodo_domain::centre_request::{Status, Topic};
use kyodo_domain::era::format_unix_datetime;
use kyodo_domain::ids::OrgId;
use kyodo_domain::{FieldError, Invalid};
use kyodo_store::CentreRequest;
use serde::Deserialize;

use super::{FormErrors, Layout, PathIds, SignedIn, render};
use crate::error::PageError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organizations/{id}/centre-requests", get(list).post(ask))
        .route("/centre-requests/{id}", get(show))
        .route("/centre-requests/{id}/replies", post(reply))
        .route("/centre-requests/{id}/close", post(close))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AskForm {
    topic: String,
    message: String,
}

pub(crate) struct Row {
    pub id: i64,
    pub topic: &'static str,
    pub status: &'static str,
    pub with: String,
    pub updated: String,
}

pub(crate) fn rows(rs: &[CentreRequest], centre_side: bool) -> Vec<Row> {
    rs.iter()
        .map(|r| Row {
            id: r.id,
            topic: Topic::parse(&r.topic).map_or("相談", Topic::label_ja),
            status: Status::parse(&r.status).map_or("", Status::label_ja),
            with: if centre_side {
                r.organization_name.clone()
            } else {
                r.centre_name.clone()
            },
            updated: format_unix_datetime(r.updated_at),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "centre_requests/list.html")]
struct ListPage {
    layout: Layout,
    org_id: i64,
    requests: Vec<Row>,
    topics: Vec<(&'static str, &'static str)>,
    form: AskForm,
    errors: FormErrors,
}

async fn list_page(
    state: &AppState,
    si: SignedIn,
    org: OrgId,
    form: AskForm,
    errors: Invalid,
    status: StatusCode,
) -> Result<Response, PageError> {
    let requests = app::of_group(&state.app, &si.user, org).await?;
    let t = ListPage {
        layout: si.layout.in_section("plan"),
        org_id: org.get(),
        requests: rows(&requests, false),
        topics: app::topics(),
        form,
        errors: FormErrors(errors),
    };
    Ok(render(status, &t))
}

async fn list(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(org): PathIds<OrgId>,
) -> Result<Response, PageError> {
    list_page(&state, si, org, AskForm::default(), Invalid::default(), StatusCode::OK).await
}

async fn ask(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(org): PathIds<OrgId>,
    Form(form): Form<AskForm>,
) -> Result<Response, PageError> {
    match app::ask(&state.app, &si.user, org, &form.topic, &form.message).await {
        Ok(id) => Ok(Redirect::to(&format!("/centre-requests/{id}")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            list_page(&state, si, org, form, e, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(kyodo_app::Error::Conflict { code, detail }) => {
            list_page(
                &state,
                si,
                org,
                form,
                Invalid::one(FieldError::new("centre", code, detail)),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "centre_requests/thread.html")]
struct ThreadPage {
    layout: Layout,
    id: i64,
    topic: &'static str,
    status: &'static str,
    group_id: i64,
    group: String,
    centre: String,
    centre_side: bool,
    can_write: bool,
    /// (author, side label, body, when)
    messages: Vec<(String, &'static str, String, String)>,
    message: String,
    errors: FormErrors,
}

fn thread_page(layout: Layout, t: &Thread, message: String, errors: Invalid) -> ThreadPage {
    ThreadPage {
        layout,
        id: t.request.id,
        topic: Topic::parse(&t.request.topic).map_or("相談", Topic::label_ja),
        status: Status::parse(&t.request.status).map_or("", Status::label_ja),
        group_id: t.request.organization_id,
        group: t.request.organization_name.clone(),
        centre: t.request.centre_name.clone(),
        centre_side: t.side == Side::Centre,
        can_write: t.can_write(),
        messages: t
            .messages
            .iter()
            .map(|m| {
                let side = if m.side == "centre" { "センター" } else { "団体" };
                (
                    m.author.clone(),
                    side,
                    m.body.clone(),
                    format_unix_datetime(m.created_at),
                )
            })
            .collect(),
        message,
        errors: FormErrors(errors),
    }
}

async fn show(State(state): State<AppState>, si: SignedIn, PathIds(id): PathIds<i64>) -> Result<Response, PageError> {
    let t = app::get(&state.app, &si.user, id).await?;
    Ok(render(
        StatusCode::OK,
        &thread_page(si.layout, &t, String::new(), Invalid::default()),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReplyForm {
    message: String,
}

async fn reply(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(id): PathIds<i64>,
    Form(form): Form<ReplyForm>,
) -> Result<Response, PageError> {
    let refused = match app::reply(&state.app, &si.user, id, &form.message).await {
        Ok(()) => return Ok(Redirect::to(&format!("/centre-requests/{id}#messages")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => (StatusCode::UNPROCESSABLE_ENTITY, e),
        Err(kyodo_app::Error::Conflict { code, detail }) => (
            StatusCode::CONFLICT,
            Invalid::one(FieldError::new("message", code, detail)),
        ),
        Err(e) => return Err(e.into()),
    };
    let t = app::get(&state.app, &si.user, id).await?;
    Ok(render(refused.0, &thread_page(si.layout, &t, form.message, refused.1)))
}

async fn close(State(state): State<AppState>, si: SignedIn, PathIds(id): PathIds<i64>) -> Result<Response, PageError> {
    app::close(&state.app, &si.user, id).await?;
    Ok(Redirect::to(&format!("/centre-requests/{id}")).into_response())
}
