//! One survey: while a draft, its builder (settings, questions with wording tips, conditions,
//! order); once open, its links and state. A refused form comes back with what was typed and
//! the message beside its field.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use kyodo_app::evaluation::surveys::{self, Edit};
use kyodo_domain::evaluation::survey::change::wave_label;
use kyodo_domain::evaluation::survey::invitations::InviteInput;
use kyodo_domain::evaluation::survey::{
    Audience, Kind, Move, Question, QuestionInput, SettingsInput, Status, condition_choices, tips,
};
use kyodo_domain::ids::{CollaborationId, SurveyId};
use kyodo_domain::{Invalid, era};
use kyodo_store::{CollaborationRecord, StoredSurvey};
use serde::Deserialize;

use super::surveys::audiences_ja;
use crate::error::PageError;
use crate::pages::{FormErrors, Layout, PathIds, SignedIn, render};
use crate::state::AppState;

/// A question's edit form: what it holds and the choices its selects offer.
pub(super) struct QuestionForm {
    pub f: QuestionInput,
    pub action: String,
    pub kinds: Vec<(&'static str, &'static str, bool)>,
    pub conditions: Vec<(String, String, bool)>,
}

impl QuestionForm {
    fn new(f: QuestionInput, conditions: Vec<(String, String)>, action: String) -> Self {
        Self {
            action,
            kinds: Kind::NAMES.iter().map(|(k, l)| (*k, *l, f.kind == *k)).collect(),
            conditions: conditions
                .into_iter()
                .map(|(v, l)| {
                    let on = v == f.show_if;
                    (v, l, on)
                })
                .collect(),
            f,
        }
    }
}

pub(super) struct QuestionRow {
    pub q: Question,
    pub number: usize,
    pub kind: &'static str,
    /// The options or scale, in words.
    pub detail: String,
    pub condition: String,
    pub tips: Vec<&'static str>,
    pub form: QuestionForm,
    pub first: bool,
    pub last: bool,
}

/// When a question is shown, in words (empty: always).
pub(super) fn condition_ja(s: &StoredSurvey, q: &Question) -> String {
    let Some(c) = &q.show_if else { return String::new() };
    let questions = &s.definition.questions;
    questions
        .iter()
        .position(|p| p.key == c.question)
        .map(|i| {
            let option = questions[i].kind.choices().get(c.option).cloned().unwrap_or_default();
            format!("問{}で「{option}」を選んだ方のみ", i + 1)
        })
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "evaluation/survey.html")]
struct SurveyPage {
    layout: Layout,
    c: CollaborationRecord,
    s: StoredSurvey,
    can_edit: bool,
    draft: bool,
    open: bool,
    status: &'static str,
    audiences: String,
    closes: String,
    public_url: Option<String>,
    member_answers: bool,
    questions: Vec<QuestionRow>,
    add: QuestionForm,
    settings: SettingsInput,
    audience_boxes: Vec<(&'static str, &'static str, bool)>,
    errors: FormErrors,
    /// Which form the errors belong to: `settings`, `add`, `open`, `invite` or a question's key.
    error_form: String,
    /// (name, address, invited on, answered) — whether, never what.
    invitations: Vec<(String, String, String, bool)>,
    answered_links: usize,
    invite: InviteInput,
    invite_audiences: Vec<(&'static str, &'static str, bool)>,
    /// Reminders just sent (from the redirect's query).
    reminded: Option<usize>,
    /// The first wave's invitees just asked again.
    invited: Option<usize>,
    /// This survey's wave, in words, and every wave of its series: (id, words, this one).
    wave: String,
    waves: Vec<(i64, String, bool)>,
}

fn settings_input(s: &StoredSurvey) -> SettingsInput {
    SettingsInput {
        title: s.settings.title.clone(),
        audiences: s.settings.audiences.iter().map(|a| a.as_str().to_owned()).collect(),
        intro: s.settings.intro.clone(),
        purpose: s.settings.purpose.clone(),
        closes_on: s.settings.closes_on.map(|d| d.to_string()).unwrap_or_default(),
        public_link: s.settings.public_link,
    }
}

/// What a refused form sent, to show it again.
pub(super) enum Typed {
    Nothing,
    Settings(SettingsInput),
    Invite(InviteInput),
    /// Reminders were just sent to this many.
    Reminded(usize),
    /// The first wave's invitees were asked again, this many new.
    Invited(usize),
    Question(String, QuestionInput),
}

async fn survey_page(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    sid: SurveyId,
    errors: Invalid,
    error_form: &str,
    typed: Typed,
) -> Result<Response, PageError> {
    let status = if errors.0.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (standing, s) = surveys::get(&state.app, &si.user, cid, sid).await?;
    // A question form's fields carry its prefix (`add-text`, `q3-options`): several on a page.
    let errors = if error_form == "add" || s.definition.question(error_form).is_some() {
        errors.renamed_all(error_form)
    } else {
        errors
    };
    let n = s.definition.questions.len();
    let mut add = QuestionInput {
        kind: "single".into(),
        required: true,
        ..QuestionInput::default()
    };
    let mut settings = settings_input(&s);
    let questions = s
        .definition
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let f = match &typed {
                Typed::Question(k, f) if *k == q.key => f.clone(),
                _ => QuestionInput::of(q),
            };
            QuestionRow {
                number: i + 1,
                kind: q.kind.label_ja(),
                detail: q.kind.choices().join(" ／ "),
                condition: condition_ja(&s, q),
                tips: tips::tips(&q.text).into_iter().map(|t| t.message).collect(),
                form: QuestionForm::new(
                    f,
                    condition_choices(&s.definition, Some(&q.key)),
                    format!("/collaborations/{cid}/surveys/{sid}/questions/{}", q.key),
                ),
                first: i == 0,
                last: i + 1 == n,
                q: q.clone(),
            }
        })
        .collect();
    let mut invite = InviteInput::default();
    let (reminded, invited) = match typed {
        Typed::Reminded(n) => (Some(n), None),
        Typed::Invited(n) => (None, Some(n)),
        _ => (None, None),
    };
    let waves = super::results::wave_nav(state, &si, cid, sid, true).await?;
    match typed {
        Typed::Question(k, f) if k == "add" => add = f,
        Typed::Settings(f) => settings = f,
        Typed::Invite(f) => invite = f,
        _ => {}
    }
    let invitations: Vec<(String, String, String, bool)> =
        kyodo_app::evaluation::invitations::list(&state.app, &si.user, cid, sid)
            .await?
            .into_iter()
            .map(|i| {
                (
                    i.name,
                    i.email,
                    era::format_unix_date(i.created_at),
                    i.answered_at.is_some(),
                )
            })
            .collect();
    let invite_audiences = if s.settings.audiences.len() > 1 {
        s.settings
            .audiences
            .iter()
            .map(|a| (a.as_str(), a.label_ja(), invite.audience == a.as_str()))
            .collect()
    } else {
        Vec::new()
    };
    let audience_boxes = Audience::ALL
        .iter()
        .map(|a| {
            (
                a.as_str(),
                a.label_ja(),
                settings.audiences.iter().any(|x| x == a.as_str()),
            )
        })
        .collect();
    let t = SurveyPage {
        layout: si.layout.in_section("running"),
        can_edit: standing.can_edit(),
        draft: s.status == Status::Draft,
        open: kyodo_app::evaluation::answering::accepting(&s),
        status: s.status.label_ja(),
        audiences: audiences_ja(&s.settings.audiences),
        closes: s.settings.closes_on.map(era::format_date).unwrap_or_default(),
        public_url: s
            .public_token
            .as_ref()
            .filter(|_| s.settings.public_link)
            .map(|t| format!("{}/s/{t}", state.app.public_url)),
        member_answers: !standing.memberships.is_empty(),
        questions,
        add: QuestionForm::new(
            add,
            condition_choices(&s.definition, None),
            format!("/collaborations/{cid}/surveys/{sid}/questions"),
        ),
        settings,
        audience_boxes,
        errors: FormErrors(errors),
        error_form: error_form.to_owned(),
        answered_links: invitations.iter().filter(|i| i.3).count(),
        invitations,
        invite,
        invite_audiences,
        reminded,
        invited,
        wave: wave_label(s.wave),
        waves,
        c: standing.c,
        s,
    };
    Ok(render(status, &t))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ShowQuery {
    reminded: Option<usize>,
    invited: Option<usize>,
}

pub(super) async fn show(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid)): PathIds<(CollaborationId, SurveyId)>,
    crate::pages::Lenient(q): crate::pages::Lenient<ShowQuery>,
) -> Result<Response, PageError> {
    let typed = match (q.reminded, q.invited) {
        (Some(n), _) => Typed::Reminded(n),
        (None, Some(n)) => Typed::Invited(n),
        (None, None) => Typed::Nothing,
    };
    survey_page(&state, si, cid, sid, Invalid::default(), "", typed).await
}

pub(super) async fn invite(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(ids): PathIds<(CollaborationId, SurveyId)>,
    Form(f): Form<InviteInput>,
) -> Result<Response, PageError> {
    let r = kyodo_app::evaluation::invitations::invite(&state.app, &si.user, ids.0, ids.1, &f)
        .await
        .map(|_| "invitations".to_owned());
    after(&state, si, ids, r, "invite", Typed::Invite(f)).await
}

pub(super) async fn remind(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid)): PathIds<(CollaborationId, SurveyId)>,
) -> Result<Response, PageError> {
    let n = kyodo_app::evaluation::invitations::remind(&state.app, &si.user, cid, sid).await?;
    Ok(Redirect::to(&format!("/collaborations/{cid}/surveys/{sid}?reminded={n}#invitations")).into_response())
}

/// The survey page again with a refused button's message (opening an empty survey).
pub(super) async fn refused(
    state: &AppState,
    si: SignedIn,
    cid: CollaborationId,
    sid: SurveyId,
    e: Invalid,
    form: &str,
) -> Result<Response, PageError> {
    survey_page(state, si, cid, sid, e, form, Typed::Nothing).await
}

async fn after(
    state: &AppState,
    si: SignedIn,
    (cid, sid): (CollaborationId, SurveyId),
    result: kyodo_app::Result<String>,
    form: &str,
    typed: Typed,
) -> Result<Response, PageError> {
    match result {
        Ok(key) => Ok(Redirect::to(&format!("/collaborations/{cid}/surveys/{sid}#{key}")).into_response()),
        Err(kyodo_app::Error::Invalid(e)) => survey_page(state, si, cid, sid, e, form, typed).await,
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn save_settings(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(ids): PathIds<(CollaborationId, SurveyId)>,
    Form(f): Form<SettingsInput>,
) -> Result<Response, PageError> {
    let r = surveys::save_settings(&state.app, &si.user, ids.0, ids.1, &f)
        .await
        .map(|()| "settings".to_owned());
    after(&state, si, ids, r, "settings", Typed::Settings(f)).await
}

pub(super) async fn add_question(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds(ids): PathIds<(CollaborationId, SurveyId)>,
    Form(f): Form<QuestionInput>,
) -> Result<Response, PageError> {
    let r = surveys::edit(&state.app, &si.user, ids.0, ids.1, Edit::Add(&f)).await;
    after(&state, si, ids, r, "add", Typed::Question("add".into(), f)).await
}

pub(super) async fn save_question(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid, key)): PathIds<(CollaborationId, SurveyId, String)>,
    Form(f): Form<QuestionInput>,
) -> Result<Response, PageError> {
    let r = surveys::edit(&state.app, &si.user, cid, sid, Edit::Replace(&key, &f)).await;
    after(&state, si, (cid, sid), r, &key.clone(), Typed::Question(key, f)).await
}

pub(super) async fn remove_question(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid, key)): PathIds<(CollaborationId, SurveyId, String)>,
) -> Result<Response, PageError> {
    let r = surveys::edit(&state.app, &si.user, cid, sid, Edit::Remove(&key))
        .await
        .map(|_| "questions".to_owned());
    after(&state, si, (cid, sid), r, &key, Typed::Nothing).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct MoveForm {
    /// `up` or `down`.
    direction: String,
}

pub(super) async fn move_question(
    State(state): State<AppState>,
    si: SignedIn,
    PathIds((cid, sid, key)): PathIds<(CollaborationId, SurveyId, String)>,
    Form(f): Form<MoveForm>,
) -> Result<Response, PageError> {
    let to = if f.direction == "up" { Move::Up } else { Move::Down };
    let r = surveys::edit(&state.app, &si.user, cid, sid, Edit::Shift(&key, to)).await;
    after(&state, si, (cid, sid), r, &key, Typed::Nothing).await
}
