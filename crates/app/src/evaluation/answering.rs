//! Answering a survey: a party's member signed in (once each), or anyone by the public link
//! (limited per browser and per network address, bots turned away by a field only they fill).
//! A respondent's link opens this survey's questions and nothing else.

use kyodo_domain::evaluation::survey::answers;
use kyodo_domain::evaluation::survey::{Audience, Status};
use kyodo_domain::ids::{CollaborationId, SurveyId};
use kyodo_store::{StoreError, StoredSurvey, Via};

use crate::{Actor, App, Error, Result, access, now, today};

/// The hidden field a person never sees and a form-filling bot does.
pub const HONEYPOT: &str = "website";
/// Public answers one browser may give to one survey.
pub const PER_DEVICE: i64 = 1;
/// Public answers an hour from one network address (a school or an office shares one).
pub const PER_ADDRESS_HOUR: i64 = 60;

/// A survey by its public link, while it has one (closed ones too, to say so).
pub async fn public(app: &App, token: &str) -> Result<StoredSurvey> {
    let s = app.store.survey_by_token(token).await?.ok_or(Error::NotFound)?;
    if !s.settings.public_link || s.status == Status::Draft {
        return Err(Error::NotFound);
    }
    Ok(s)
}

/// Whether the survey takes answers today.
pub fn accepting(s: &StoredSurvey) -> bool {
    s.settings.accepts(s.status, today())
}

fn closed() -> Error {
    Error::Conflict {
        code: "survey_closed",
        detail: "このアンケートの回答受付は終了しました。".into(),
    }
}

pub(super) fn refused(e: StoreError) -> Error {
    match e {
        StoreError::Conflict("survey_closed") => closed(),
        StoreError::Conflict("already_answered") => Error::Conflict {
            code: "already_answered",
            detail: "このアンケートには回答済みです。ありがとうございました。".into(),
        },
        StoreError::Conflict("answer_limit") => {
            Error::TooMany("この端末・ネットワークからの回答が多すぎます。しばらくしてからお試しください。".into())
        }
        e => e.into(),
    }
}

/// A member of a party answers (as 協働メンバー when the survey asks them).
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %survey))]
pub async fn as_member(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    survey: SurveyId,
    form: &[(String, String)],
) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    let found = app.store.survey(s.c.id, survey.get()).await?.ok_or(Error::NotFound)?;
    // Coordinators read along; only the parties' own members answer.
    if s.memberships.is_empty() {
        return Err(Error::Forbidden);
    }
    if !accepting(&found) {
        return Err(closed());
    }
    let offered = &found.settings.audiences;
    let fixed = offered.contains(&Audience::Members).then_some(Audience::Members);
    let r = answers::parse(&found.definition, form, fixed, offered)?;
    app.store
        .add_survey_response(found.id, &r, &Via::Member(actor.id), now())
        .await
        .map_err(refused)?;
    Ok(())
}

/// Whether the actor has answered (to show the form or a thank-you).
pub async fn answered(app: &App, actor: &Actor, s: &StoredSurvey) -> Result<bool> {
    Ok(app.store.has_answered(s.id, actor.id).await?)
}

/// Anyone answers by the public link. `device` is the browser's hashed device id; `address`
/// its network address, hashed here with the link so it cannot be read back.
#[tracing::instrument(skip_all)]
pub async fn by_link(
    app: &App,
    token: &str,
    form: &[(String, String)],
    device: &str,
    address: std::net::IpAddr,
) -> Result<()> {
    let address = crate::tokens::hash(&format!("{token}|{address}"));
    if !app.public_answers.allow(address_key(&address)) {
        return Err(Error::TooMany(
            "送信が多すぎます。しばらくしてからお試しください。".into(),
        ));
    }
    let found = public(app, token).await?;
    if form.iter().any(|(k, v)| k == HONEYPOT && !v.trim().is_empty()) {
        tracing::info!(survey = found.id, "a bot's answer turned away");
        return Err(Error::TooMany("送信を受け付けられませんでした。".into()));
    }
    if !accepting(&found) {
        return Err(closed());
    }
    let r = answers::parse(&found.definition, form, None, &found.settings.audiences)?;
    let via = Via::Public {
        device,
        address: &address,
        per_device: PER_DEVICE,
        per_address: PER_ADDRESS_HOUR,
    };
    app.store
        .add_survey_response(found.id, &r, &via, now())
        .await
        .map_err(refused)?;
    Ok(())
}

/// The in-memory flood limit's key for a hashed address.
fn address_key(hash: &str) -> i64 {
    i64::from_str_radix(hash.get(..15).unwrap_or("0"), 16).unwrap_or(0)
}

/// One of a person's own answers, as their data export shows it.
pub struct OwnResponse {
    pub survey: String,
    pub submitted_at: i64,
    /// (question, answer in words).
    pub answers: Vec<(String, String)>,
}

/// Every answer this person gave while signed in (APPI: their data, given back to them).
pub async fn own_responses(app: &App, actor: &Actor) -> Result<Vec<OwnResponse>> {
    use kyodo_domain::evaluation::survey::export;
    let mut out = Vec::new();
    for (survey_id, r) in app.store.responses_of_user(actor.id).await? {
        let Some(cid) = app.store.survey_collaboration(survey_id).await? else {
            continue;
        };
        let Some(s) = app.store.survey(cid, survey_id).await? else {
            continue;
        };
        let answers = s
            .definition
            .questions
            .iter()
            .map(|q| (q.text.clone(), export::words(q, &r.answers)))
            .filter(|(_, a)| !a.is_empty())
            .collect();
        out.push(OwnResponse {
            survey: s.settings.title,
            submitted_at: r.submitted_at,
            answers,
        });
    }
    Ok(out)
}
