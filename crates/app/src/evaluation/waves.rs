//! 事前・事後: a survey run again after the work (a later wave of the first), its first wave's
//! invitees asked again, and the change from the first wave per question — shares, means and,
//! where the same people answered both, the change per respondent.

use kyodo_domain::evaluation::survey::change::{self, QuestionChange};
use kyodo_domain::evaluation::survey::results::tabulate;
use kyodo_domain::evaluation::survey::{Audience, Status};
use kyodo_domain::ids::{CollaborationId, SurveyId};
use kyodo_store::StoredSurvey;

use super::answering::accepting;
use super::invitations::send_invitations;
use super::surveys::get;
use crate::access::CollabStanding;
use crate::{Actor, App, Error, Result, now};

/// The first wave's id of the series a survey belongs to.
pub fn first_of(s: &StoredSurvey) -> i64 {
    s.baseline_id.unwrap_or(s.id)
}

/// Every wave of the survey's series, first to last.
pub async fn series(app: &App, actor: &Actor, id: CollaborationId, survey: SurveyId) -> Result<Vec<StoredSurvey>> {
    let (s, found) = get(app, actor, id, survey).await?;
    let first = first_of(&found);
    let mut all = app.store.surveys(s.c.id).await?;
    all.retain(|x| first_of(x) == first);
    all.sort_by_key(|x| x.wave);
    Ok(all)
}

/// Starts the next wave of a survey that has run (editors): the same questions and settings as
/// the latest wave, a draft without a closing day. Returns the new survey's id.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %survey))]
pub async fn follow_up(app: &App, actor: &Actor, id: CollaborationId, survey: SurveyId) -> Result<SurveyId> {
    let (s, _) = get(app, actor, id, survey).await?;
    s.require_edit()?;
    let waves = series(app, actor, id, survey).await?;
    let (Some(first), Some(latest)) = (waves.first(), waves.last()) else {
        return Err(Error::NotFound);
    };
    if latest.status == Status::Draft {
        return Err(Error::Conflict {
            code: "survey_wave_draft",
            detail: format!(
                "第{}回はまだ準備中です。その回の受付を始めてから次の回をつくってください。",
                latest.wave
            ),
        });
    }
    let mut settings = latest.settings.clone();
    settings.title = first.settings.title.clone();
    settings.closes_on = None;
    let (sid, _) = match app
        .store
        .create_survey_wave(s.c.id, first.id, &settings, &latest.definition, actor.id, now())
        .await
    {
        Err(kyodo_store::StoreError::Conflict(_)) => {
            return Err(Error::Conflict {
                code: "survey_wave",
                detail: "同時に次の回がつくられました。一覧を確かめてください。".into(),
            });
        }
        other => other?,
    };
    Ok(SurveyId::new(sid))
}

/// Invites everyone the first wave invited, by the same address and as the same audience, to a
/// later wave that takes answers (editors); returns how many were new.
pub async fn invite_first_wave(app: &App, actor: &Actor, id: CollaborationId, survey: SurveyId) -> Result<usize> {
    let (s, found) = get(app, actor, id, survey).await?;
    s.require_edit()?;
    let Some(first) = found.baseline_id else {
        return Err(Error::invalid("wave", "first_wave", "これは第1回です。"));
    };
    if !accepting(&found) {
        return Err(Error::Conflict {
            code: "survey_not_open",
            detail: "回答の受付を始めてから招待してください。".into(),
        });
    }
    let earlier = app.store.survey_invitations(first).await?;
    let mut invited = 0;
    for a in &found.settings.audiences {
        let people: Vec<(&str, &str)> = earlier
            .iter()
            .filter(|i| i.audience == a.as_str())
            .map(|i| (i.name.as_str(), i.email.as_str()))
            .collect();
        if !people.is_empty() {
            invited += send_invitations(app, actor, &found, a.as_str(), &people).await?;
        }
    }
    Ok(invited)
}

/// A later wave beside the first: each question asked alike in both.
pub struct Change {
    pub first: StoredSurvey,
    pub later: StoredSurvey,
    pub questions: Vec<QuestionChange>,
}

/// The change from the first wave to this one (the parties and invited coordinators), of one
/// audience or all.
pub async fn change(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    survey: SurveyId,
    audience: Option<Audience>,
) -> Result<(CollabStanding, Change)> {
    let (s, later) = get(app, actor, id, survey).await?;
    let Some(first_id) = later.baseline_id else {
        return Err(Error::NotFound);
    };
    let first = app.store.survey(s.c.id, first_id).await?.ok_or(Error::NotFound)?;
    let before = tabulate(&first.definition, &app.store.survey_tallies(first.id, audience).await?);
    let after = tabulate(&later.definition, &app.store.survey_tallies(later.id, audience).await?);
    let mut questions = change::compare(&first.definition, &later.definition, &before, &after);
    for q in questions.iter_mut().filter(|q| q.pairable) {
        q.paired = Some(app.store.survey_paired(first.id, later.id, &q.key, audience).await?);
    }
    Ok((
        s,
        Change {
            first,
            later,
            questions,
        },
    ))
}
