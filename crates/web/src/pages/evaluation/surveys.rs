//! The collaboration's surveys: the list, starting one (a template of the guide, a copy, or
//! blank), and opening or closing one.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_app::evaluation::surveys::{self, Start};
use kyodo_domain::evaluation::survey::{Audience, SettingsInput, templates};
use kyodo_domain::ids::{CollaborationId, SurveyId};
use kyodo_store::CollaborationRecord;
use serde::Deserialize;

use crate::error::PageError;
use crate::pages::{FormErrors, Layout, PathIds, SignedIn, render};
use crate::state::AppState;

pub(super) struct Row {
    pub id: i64,
    pub title: String,
    pub status: &'static str,
    pub status_id: &'static str,
    pub audiences: String,
    pub responses: i64,
}

pub(super) fn audiences_ja(list: &[Audience]) -> String {
    list.iter().map(|a| a.label_ja()).collect::<Vec<_>>().join("・")
}

#[derive(Template)]
#[template(path = "evaluation/surveys.html")]
struct ListPage {
    layout: Layout,
    c: CollaborationRecord,
    can_edit: bool,
    rows: Vec<Row>,
    templates: Vec<(&'static str, &'static str, &'static str)>,
    /// (survey id, "collaboration ／ survey") to copy.
    copies: Vec<(i64, String)>,
    blank: SettingsInput,
    audiences: Vec<(&'static str, &'static str, bool)>,
    errors: FormErrors,
}

async fn list_page(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    blank: SettingsInput,
    errors: kyodo_domain::Invalid,
    status: StatusCode,
) -> Result<Response, PageError> {
    let (standing, list) = surveys::list(&state.app, &si.user, cid).await?;
    let copies = surveys::others(&state.app, &si.user, cid)
        .await?
        .into_iter()
        .map(|(title, s)| (s.id, format!("{title} ／ {}", s.settings.title)))
        .collect();
    let audiences = Audience::ALL
        .iter()
        .map(|a| {
            (
                a.as_str(),
                a.label_ja(),
                blank.audiences.iter().any(|x| x == a.as_str()),
            )
        })
        .collect();
    let t = ListPage {
        layout: si.layout.in_section("running"),
        can_edit: standing.can_edit(),
        rows: list
            .into_iter()
            .map(|s| Row {
                id: s.id,
                status: s.status.label_ja(),
                status_id: s.status.as_str(),
                audiences: audiences_ja(&s.settings.audiences),
                responses: s.responses,
                title: s.settings.title,
            })
            .collect(),
        templates: templates::TEMPLATES.iter().map(|t| (t.id, t.name, t.about)).collect(),
        copies,
        blank,
        audiences,
        errors: FormErrors(errors),
        c: standing.c,
    };
    Ok(render(status, &t))
}

pub(super) async fn list(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
) -> Result<Response, PageError> {
    list_page(
        &state,
        si,
        cid,
        SettingsInput::default(),
        kyodo_domain::Invalid::default(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CreateForm {
    /// `template`, `copy` or `blank`.
    start: String,
    template: String,
    copy_from: String,
    title: String,
    audiences: Vec<String>,
    intro: String,
    purpose: String,
    closes_on: String,
    #[serde(deserialize_with = "kyodo_domain::fields::checkbox")]
    public_link: bool,
}

impl CreateForm {
    fn blank(&self) -> SettingsInput {
        SettingsInput {
            title: self.title.clone(),
            audiences: self.audiences.clone(),
            intro: self.intro.clone(),
            purpose: self.purpose.clone(),
            closes_on: self.closes_on.clone(),
            public_link: self.public_link,
        }
    }
}

pub(super) async fn create(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(cid): PathIds<CollaborationId>,
    Form(f): Form<CreateForm>,
) -> Result<Response, PageError> {
    let start = match f.start.as_str() {
        "template" => Start::Template(f.template.clone()),
        "copy" => match f.copy_from.trim().parse::<SurveyId>() {
            Ok(id) => Start::Copy(id),
            Err(_) => return Err(PageError::NotFound),
        },
        _ => Start::Blank(f.blank()),
    };
    match surveys::create(&state.app, &si.user, cid, start).await {
        Ok(sid) => Ok(Redirect::to(&format!("/collaborations/{cid}/surveys/{sid}")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => {
            list_page(&state, si, cid, f.blank(), e, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn open(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid)): PathIds<(CollaborationId, SurveyId)>,
) -> Result<Response, PageError> {
    match surveys::open(&state.app, &si.user, cid, sid).await {
        Ok(()) => Ok(Redirect::to(&format!("/collaborations/{cid}/surveys/{sid}")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => super::builder::refused(&state, si, cid, sid, e, "open").await,
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn close(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid)): PathIds<(CollaborationId, SurveyId)>,
) -> Result<Response, PageError> {
    surveys::close(&state.app, &si.user, cid, sid).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}/surveys/{sid}")).into_response())
}
