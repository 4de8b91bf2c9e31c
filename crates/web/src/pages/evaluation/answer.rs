//! Answering a survey: a party's member signed in, or anyone by its public link. The purpose
//! comes before the first question; a refused answer comes back with everything chosen and
//! typed, the message beside its question; a closed survey says so plainly.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::{CookieJar, Form};
use kyodo_app::evaluation::answering::{self, HONEYPOT};
use kyodo_app::evaluation::surveys;
use kyodo_domain::evaluation::survey::answers::{AUDIENCE, CONSENT};
use kyodo_domain::evaluation::survey::{Audience, Kind, Status};
use kyodo_domain::ids::{CollaborationId, SurveyId};
use kyodo_domain::{Invalid, era};
use kyodo_store::StoredSurvey;

use super::builder::condition_ja;
use crate::auth::{self, ClientIp};
use crate::error::PageError;
use crate::pages::{FormErrors, Layout, PathIds, SignedIn, render};
use crate::state::AppState;

pub(super) struct OptionView {
    pub value: usize,
    pub label: String,
    pub checked: bool,
}

pub(super) struct QuestionView {
    pub key: String,
    pub number: usize,
    /// A section heading that starts here.
    pub section: String,
    pub text: String,
    pub help: String,
    /// The kind's name (`Kind::as_str`): `single` and `scale` are radios, `multiple` checkboxes.
    pub input: &'static str,
    pub required: bool,
    pub condition: String,
    pub options: Vec<OptionView>,
    pub value: String,
    pub unit: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation/answer.html")]
struct AnswerPage {
    layout: Layout,
    s: StoredSurvey,
    action: String,
    closes: String,
    questions: Vec<QuestionView>,
    /// The respondent says who they are when the survey asks several audiences.
    audiences: Vec<(&'static str, &'static str, bool)>,
    consent: bool,
    errors: FormErrors,
    honeypot: &'static str,
}

#[derive(Template)]
#[template(path = "evaluation/answered.html")]
struct NoticePage {
    layout: Layout,
    title: String,
    heading: &'static str,
    message: String,
}

fn views(s: &StoredSurvey, typed: &[(String, String)], errors: &Invalid) -> Vec<QuestionView> {
    let values = |key: &str| {
        typed
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect::<Vec<_>>()
    };
    let mut section = String::new();
    s.definition
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mine = values(&q.key);
            let starts = if q.section.is_empty() || q.section == section {
                String::new()
            } else {
                section.clone_from(&q.section);
                q.section.clone()
            };
            QuestionView {
                key: q.key.clone(),
                number: i + 1,
                section: starts,
                text: q.text.clone(),
                help: q.help.clone(),
                input: q.kind.as_str(),
                required: q.required,
                condition: condition_ja(s, q),
                options: q
                    .kind
                    .choices()
                    .into_iter()
                    .enumerate()
                    .map(|(value, label)| OptionView {
                        checked: mine.iter().any(|v| v.trim() == value.to_string()),
                        value,
                        label,
                    })
                    .collect(),
                value: mine.first().cloned().unwrap_or_default(),
                unit: match &q.kind {
                    Kind::Number { unit } => unit.clone(),
                    _ => String::new(),
                },
                error: errors.for_field(&q.key).map(|e| e.message.clone()),
            }
        })
        .collect()
}

fn answer_page(
    layout: Layout,
    s: StoredSurvey,
    action: String,
    ask_audience: bool,
    typed: &[(String, String)],
    errors: Invalid,
    status: StatusCode,
) -> Response {
    let chosen = typed
        .iter()
        .find(|(k, _)| k == AUDIENCE)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let audiences = if ask_audience && s.settings.audiences.len() > 1 {
        s.settings
            .audiences
            .iter()
            .map(|a| (a.as_str(), a.label_ja(), a.as_str() == chosen))
            .collect()
    } else {
        Vec::new()
    };
    let t = AnswerPage {
        layout,
        action,
        closes: s.settings.closes_on.map(era::format_date).unwrap_or_default(),
        questions: views(&s, typed, &errors),
        audiences,
        consent: typed.iter().any(|(k, v)| k == CONSENT && !v.is_empty()),
        errors: FormErrors(errors),
        honeypot: HONEYPOT,
        s,
    };
    render(status, &t)
}

fn notice(layout: Layout, s: &StoredSurvey, status: StatusCode, heading: &'static str, message: String) -> Response {
    render(
        status,
        &NoticePage {
            layout,
            title: s.settings.title.clone(),
            heading,
            message,
        },
    )
}

fn thanks(layout: Layout, s: &StoredSurvey) -> Response {
    notice(
        layout,
        s,
        StatusCode::OK,
        "回答を受け付けました",
        "ご協力ありがとうございました。".into(),
    )
}

fn closed(layout: Layout, s: &StoredSurvey) -> Response {
    let message = if s.status == Status::Draft {
        "このアンケートはまだ回答を受け付けていません。".to_owned()
    } else {
        "このアンケートの回答受付は終了しました。ご協力ありがとうございました。".to_owned()
    };
    notice(layout, s, StatusCode::GONE, "回答の受付は終了しました", message)
}

/// What an answer's refusal becomes: the form again, a notice, or the error page.
fn refused(
    layout: Layout,
    s: StoredSurvey,
    action: String,
    ask: bool,
    typed: &[(String, String)],
    e: kyodo_app::Error,
) -> Result<Response, PageError> {
    match e {
        kyodo_app::Error::Invalid(inv) => Ok(answer_page(
            layout,
            s,
            action,
            ask,
            typed,
            inv,
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        kyodo_app::Error::Conflict {
            code: "survey_closed", ..
        } => Ok(closed(layout, &s)),
        kyodo_app::Error::Conflict {
            code: "already_answered",
            detail,
        } => Ok(notice(layout, &s, StatusCode::CONFLICT, "回答済みです", detail)),
        other => Err(other.into()),
    }
}

pub(super) async fn member_form(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid)): PathIds<(CollaborationId, SurveyId)>,
) -> Result<Response, PageError> {
    let (_, s) = surveys::get(&state.app, &si.user, cid, sid).await?;
    if !answering::accepting(&s) {
        return Ok(closed(si.layout, &s));
    }
    if answering::answered(&state.app, &si.user, &s).await? {
        return Ok(notice(
            si.layout,
            &s,
            StatusCode::OK,
            "回答済みです",
            "このアンケートには回答済みです。ありがとうございました。".into(),
        ));
    }
    let ask = !s.settings.audiences.contains(&Audience::Members);
    let action = format!("/collaborations/{cid}/surveys/{sid}/answer");
    Ok(answer_page(
        si.layout,
        s,
        action,
        ask,
        &[],
        Invalid::default(),
        StatusCode::OK,
    ))
}

pub(super) async fn member_send(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid)): PathIds<(CollaborationId, SurveyId)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    match answering::as_member(&state.app, &si.user, cid, sid, &pairs).await {
        Ok(()) => {
            let (_, s) = surveys::get(&state.app, &si.user, cid, sid).await?;
            Ok(thanks(si.layout, &s))
        }
        Err(e) => {
            let (_, s) = surveys::get(&state.app, &si.user, cid, sid).await?;
            let ask = !s.settings.audiences.contains(&Audience::Members);
            let action = format!("/collaborations/{cid}/surveys/{sid}/answer");
            refused(si.layout, s, action, ask, &pairs, e)
        }
    }
}

pub(super) async fn public_form(
    State(state): State<AppState>,
    layout: Layout,
    jar: CookieJar,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    let s = answering::public(&state.app, &token).await?;
    // The browser gets its device id now, so the answer it sends can be counted against it.
    let (jar, _) = auth::ensure_device(&state, jar);
    if !answering::accepting(&s) {
        return Ok((jar, closed(layout, &s)).into_response());
    }
    let action = format!("/s/{token}");
    Ok((
        jar,
        answer_page(layout, s, action, true, &[], Invalid::default(), StatusCode::OK),
    )
        .into_response())
}

pub(super) async fn public_send(
    State(state): State<AppState>,
    layout: Layout,
    jar: CookieJar,
    ClientIp(ip): ClientIp,
    axum::extract::Path(token): axum::extract::Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (jar, device) = auth::ensure_device(&state, jar);
    match answering::by_link(&state.app, &token, &pairs, &device, ip).await {
        Ok(()) => {
            let s = answering::public(&state.app, &token).await?;
            Ok((jar, thanks(layout, &s)).into_response())
        }
        Err(kyodo_app::Error::NotFound) => Err(PageError::NotFound),
        Err(e) => {
            let s = answering::public(&state.app, &token).await?;
            let action = format!("/s/{token}");
            Ok((jar, refused(layout, s, action, true, &pairs, e)?).into_response())
        }
    }
}

pub(super) async fn link_form(
    State(state): State<AppState>,
    layout: Layout,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> Result<Response, PageError> {
    let (s, i) = kyodo_app::evaluation::invitations::by_link(&state.app, &token).await?;
    if i.answered_at.is_some() {
        return Ok(notice(
            layout,
            &s,
            StatusCode::OK,
            "回答済みです",
            "このリンクからの回答は受け付けました。ありがとうございました。".into(),
        ));
    }
    if !answering::accepting(&s) {
        return Ok(closed(layout, &s));
    }
    let action = format!("/r/{token}");
    Ok(answer_page(
        layout,
        s,
        action,
        false,
        &[],
        Invalid::default(),
        StatusCode::OK,
    ))
}

pub(super) async fn link_send(
    State(state): State<AppState>,
    layout: Layout,
    axum::extract::Path(token): axum::extract::Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let result = kyodo_app::evaluation::invitations::answer(&state.app, &token, &pairs).await;
    let (s, _) = kyodo_app::evaluation::invitations::by_link(&state.app, &token).await?;
    match result {
        Ok(()) => Ok(thanks(layout, &s)),
        Err(e) => refused(layout, s, format!("/r/{token}"), false, &pairs, e),
    }
}
