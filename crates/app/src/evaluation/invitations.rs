//! Personal survey links: the parties invite respondents by address (each gets a link of their
//! own by mail), see who has answered (never what), and remind those who have not. A link opens
//! its survey's questions and nothing else, and takes one answer.

use kyodo_domain::evaluation::survey::answers;
use kyodo_domain::evaluation::survey::invitations::InviteInput;
use kyodo_domain::evaluation::survey::{Audience, Status};
use kyodo_domain::ids::{CollaborationId, SurveyId};
use kyodo_store::{NewSurveyInvitation, StoredSurvey, SurveyInvitation, Via};

use super::answering::{accepting, refused};
use super::surveys::get;
use crate::{Actor, App, Error, Result, now};

/// A day between reminders to the same person.
pub const REMIND_AFTER: i64 = 24 * 3600;

fn mail(app: &App, s: &StoredSurvey, name: &str, token: &str, reminder: bool) -> (String, String) {
    let greeting = if name.is_empty() {
        String::new()
    } else {
        format!("{name} 様\n\n")
    };
    let closes = s
        .settings
        .closes_on
        .map(|d| format!("締切：{}\n", kyodo_domain::era::format_date(d)))
        .unwrap_or_default();
    let (subject, lead) = if reminder {
        (
            format!("【再送】アンケートへのご協力のお願い：{}", s.settings.title),
            "先日お送りしたアンケートに、まだご回答をいただいていないようです。お手すきの際にご協力ください。",
        )
    } else {
        (
            format!("アンケートへのご協力のお願い：{}", s.settings.title),
            "アンケートへのご協力をお願いします。",
        )
    };
    let body = format!(
        "{greeting}{lead}\n\n{}\n{closes}\n次のリンクから回答できます（あなた専用のリンクです。ほかの人に渡さないでください）：\n{}/r/{token}\n\n回答の利用目的：{}\n",
        s.settings.title, app.public_url, s.settings.purpose
    );
    (subject, body)
}

/// Invites people by address (editors, while the survey takes answers); returns how many were
/// new. Their mail is queued with the invitations, in one transaction.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %survey))]
pub async fn invite(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    survey: SurveyId,
    input: &InviteInput,
) -> Result<usize> {
    let (s, found) = get(app, actor, id, survey).await?;
    s.require_edit()?;
    if !accepting(&found) {
        return Err(Error::Conflict {
            code: "survey_not_open",
            detail: "回答の受付を始めてから招待してください。".into(),
        });
    }
    let (audience, people) = input.parse(&found.settings.audiences)?;
    let people: Vec<(&str, &str)> = people.iter().map(|p| (p.name.as_str(), p.email.as_str())).collect();
    send_invitations(app, actor, &found, audience.as_str(), &people).await
}

/// Writes the invitations of `people` (name, address) with their mail; returns how many were
/// new to this survey.
pub(super) async fn send_invitations(
    app: &App,
    actor: &Actor,
    found: &StoredSurvey,
    audience: &str,
    people: &[(&str, &str)],
) -> Result<usize> {
    let tokens: Vec<String> = people.iter().map(|_| crate::tokens::random_secret()).collect();
    let mails: Vec<(String, String)> = people
        .iter()
        .zip(&tokens)
        .map(|((name, _), t)| mail(app, found, name, t, false))
        .collect();
    let rows: Vec<NewSurveyInvitation<'_>> = people
        .iter()
        .zip(&tokens)
        .zip(&mails)
        .map(|(((name, email), t), (subject, body))| NewSurveyInvitation {
            token: t,
            name,
            email,
            subject,
            body,
        })
        .collect();
    Ok(app
        .store
        .add_survey_invitations(found.collaboration_id, found.id, audience, &rows, actor.id, now())
        .await?)
}

/// Who was invited and whether they answered (the parties and invited coordinators).
pub async fn list(app: &App, actor: &Actor, id: CollaborationId, survey: SurveyId) -> Result<Vec<SurveyInvitation>> {
    let (_, found) = get(app, actor, id, survey).await?;
    Ok(app.store.survey_invitations(found.id).await?)
}

/// Mails the link again to everyone who has not answered and was not reminded in the last day
/// (editors); returns how many.
pub async fn remind(app: &App, actor: &Actor, id: CollaborationId, survey: SurveyId) -> Result<usize> {
    let (s, found) = get(app, actor, id, survey).await?;
    s.require_edit()?;
    if !accepting(&found) {
        return Ok(0);
    }
    let t = now();
    let compose = |i: &SurveyInvitation| mail(app, &found, &i.name, &i.token, true);
    Ok(app
        .store
        .remind_survey_invitations(found.id, t - REMIND_AFTER, &compose, t)
        .await?)
}

/// The survey a personal link opens, and its invitation.
pub async fn by_link(app: &App, token: &str) -> Result<(StoredSurvey, SurveyInvitation)> {
    let i = app.store.survey_invitation(token).await?.ok_or(Error::NotFound)?;
    let cid = app
        .store
        .survey_collaboration(i.survey_id)
        .await?
        .ok_or(Error::NotFound)?;
    let s = app.store.survey(cid, i.survey_id).await?.ok_or(Error::NotFound)?;
    if s.status == Status::Draft {
        return Err(Error::NotFound);
    }
    Ok((s, i))
}

/// Answers by a personal link: once, as the audience it was sent to.
#[tracing::instrument(skip_all)]
pub async fn answer(app: &App, token: &str, form: &[(String, String)]) -> Result<()> {
    let (s, i) = by_link(app, token).await?;
    if !accepting(&s) {
        return Err(refused(kyodo_store::StoreError::Conflict("survey_closed")));
    }
    if i.answered_at.is_some() {
        return Err(refused(kyodo_store::StoreError::Conflict("already_answered")));
    }
    let r = answers::parse(&s.definition, form, Audience::parse(&i.audience), &s.settings.audiences)?;
    app.store
        .add_survey_response(s.id, &r, &Via::Link(i.id), now())
        .await
        .map_err(refused)?;
    Ok(())
}
