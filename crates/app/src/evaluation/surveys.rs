//! アンケート as the parties build and run them: from a template of the guide, a copy of an
//! earlier survey or blank; questions edited while a draft; opened (the other parties told) and
//! closed; results counted by the database. The parties' members see everything here, invited
//! coordinators read; editors write.

use kyodo_domain::evaluation::survey::results::{self, QuestionResult};
use kyodo_domain::evaluation::survey::{
    Audience, Definition, Move, QuestionInput, Settings, SettingsInput, Status, templates,
};
use kyodo_domain::ids::{CollaborationId, SurveyId};
use kyodo_store::StoredSurvey;

use crate::access::{self, CollabStanding};
use crate::notifications::{Notice, send};
use crate::{Actor, App, Error, Result, now};

/// How a new survey starts.
pub enum Start {
    Template(String),
    /// A copy of another survey the actor can see (an earlier collaboration's, say).
    Copy(SurveyId),
    Blank(SettingsInput),
}

/// The collaboration's surveys.
pub async fn list(app: &App, actor: &Actor, id: CollaborationId) -> Result<(CollabStanding, Vec<StoredSurvey>)> {
    let s = access::collaboration(app, actor, id).await?;
    let list = app.store.surveys(s.c.id).await?;
    Ok((s, list))
}

/// One survey of the collaboration, with the actor's standing.
pub async fn get(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    survey: SurveyId,
) -> Result<(CollabStanding, StoredSurvey)> {
    let s = access::collaboration(app, actor, id).await?;
    let found = app.store.survey(s.c.id, survey.get()).await?.ok_or(Error::NotFound)?;
    Ok((s, found))
}

/// Starts a survey as a draft (editors).
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn create(app: &App, actor: &Actor, id: CollaborationId, start: Start) -> Result<SurveyId> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let (settings, definition) = match start {
        Start::Template(t) => {
            let t = templates::find(&t)
                .ok_or_else(|| Error::invalid("template", "unknown", "ひな形を選び直してください。"))?;
            templates::build(t, &s.c.title)
        }
        Start::Copy(from) => {
            let source = copyable(app, actor, from).await?;
            let mut settings = source.settings;
            settings.title = format!("{}（コピー）", settings.title);
            settings.closes_on = None;
            (settings, source.definition)
        }
        Start::Blank(input) => (input.parse()?, Definition::default()),
    };
    let sid = app
        .store
        .create_survey(s.c.id, &settings, &definition, actor.id, now())
        .await?;
    Ok(SurveyId::new(sid))
}

/// A survey the actor may copy: one of a collaboration they belong to.
async fn copyable(app: &App, actor: &Actor, from: SurveyId) -> Result<StoredSurvey> {
    let cid = app
        .store
        .survey_collaboration(from.get())
        .await?
        .ok_or(Error::NotFound)?;
    let (_, s) = get(app, actor, CollaborationId::new(cid), from).await?;
    Ok(s)
}

/// Surveys of the actor's collaborations other than this one, to copy from.
pub async fn others(app: &App, actor: &Actor, id: CollaborationId) -> Result<Vec<(String, StoredSurvey)>> {
    let mut all = app.store.surveys_of_user(actor.id, 50).await?;
    all.retain(|(_, s)| s.collaboration_id != id.get());
    Ok(all)
}

/// A draft for editing (editors), refused once it takes answers.
async fn draft(app: &App, actor: &Actor, id: CollaborationId, survey: SurveyId) -> Result<StoredSurvey> {
    let (s, found) = get(app, actor, id, survey).await?;
    s.require_edit()?;
    if found.status != Status::Draft {
        return Err(fixed());
    }
    Ok(found)
}

fn fixed() -> Error {
    Error::Conflict {
        code: "survey_not_draft",
        detail: "回答の受付を始めたアンケートは変更できません。変えるときは、複製して新しいアンケートにしてください。"
            .into(),
    }
}

async fn save(app: &App, found: &StoredSurvey, settings: &Settings, d: &Definition) -> Result<()> {
    match app
        .store
        .save_survey_draft(found.collaboration_id, found.id, settings, d, now())
        .await
    {
        Err(kyodo_store::StoreError::Conflict(_)) => Err(fixed()),
        other => Ok(other?),
    }
}

/// Changes a draft's settings.
pub async fn save_settings(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    survey: SurveyId,
    input: &SettingsInput,
) -> Result<()> {
    let found = draft(app, actor, id, survey).await?;
    let settings = input.parse()?;
    save(app, &found, &settings, &found.definition).await
}

/// What to do to a draft's questions.
pub enum Edit<'a> {
    Add(&'a QuestionInput),
    Replace(&'a str, &'a QuestionInput),
    Remove(&'a str),
    Shift(&'a str, Move),
}

/// Edits a draft's questions; returns the key of the question concerned.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %survey))]
pub async fn edit(app: &App, actor: &Actor, id: CollaborationId, survey: SurveyId, edit: Edit<'_>) -> Result<String> {
    let found = draft(app, actor, id, survey).await?;
    let mut d = found.definition.clone();
    let key = match edit {
        Edit::Add(q) => d.add(q.parse()?)?,
        Edit::Replace(key, q) => {
            d.replace(key, q.parse()?)?;
            key.to_owned()
        }
        Edit::Remove(key) => {
            d.remove(key)?;
            key.to_owned()
        }
        Edit::Shift(key, to) => {
            d.shift(key, to)?;
            key.to_owned()
        }
    };
    save(app, &found, &found.settings, &d).await?;
    Ok(key)
}

/// Opens a survey for answers (editors); the other parties are told. A public link is made if
/// the settings ask for one.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %survey))]
pub async fn open(app: &App, actor: &Actor, id: CollaborationId, survey: SurveyId) -> Result<()> {
    let (s, found) = get(app, actor, id, survey).await?;
    s.require_edit()?;
    if found.definition.questions.is_empty() {
        return Err(Error::invalid(
            "questions",
            "empty",
            "設問を1つ以上つくってから、回答の受付を始めてください。",
        ));
    }
    let token = found.settings.public_link.then(crate::tokens::random_secret);
    app.store
        .set_survey_status(s.c.id, found.id, Status::Open, token.as_deref(), actor.id, now())
        .await?;
    tell(app, actor, &s, &found, "の回答受付を始めました").await;
    Ok(())
}

/// Stops taking answers (editors); the other parties are told.
pub async fn close(app: &App, actor: &Actor, id: CollaborationId, survey: SurveyId) -> Result<()> {
    let (s, found) = get(app, actor, id, survey).await?;
    s.require_edit()?;
    app.store
        .set_survey_status(s.c.id, found.id, Status::Closed, None, actor.id, now())
        .await?;
    tell(app, actor, &s, &found, "の回答受付を締め切りました").await;
    Ok(())
}

async fn tell(app: &App, actor: &Actor, s: &CollabStanding, found: &StoredSurvey, what: &str) {
    let to: Vec<i64> = s.party_ids();
    send(
        app,
        Some(actor),
        Notice {
            to: &to,
            kind: "survey",
            text: format!("「{}」のアンケート「{}」{what}", s.c.title, found.settings.title),
            link: format!("/collaborations/{}/surveys/{}", s.c.id, found.id),
        },
    )
    .await;
}

/// Free-text answers shown per question on the results page.
pub const TEXTS_SHOWN: i64 = 50;

/// The results so far, of one audience or all: the parties and invited coordinators.
pub struct Results {
    pub responses: i64,
    pub questions: Vec<QuestionResult>,
    /// Question key → the newest free-text answers.
    pub texts: Vec<(String, Vec<String>)>,
}

pub async fn results(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    survey: SurveyId,
    audience: Option<Audience>,
) -> Result<(CollabStanding, StoredSurvey, Results)> {
    let (standing, found) = get(app, actor, id, survey).await?;
    let tallies = app.store.survey_tallies(found.id, audience).await?;
    let questions = results::tabulate(&found.definition, &tallies);
    let mut texts = Vec::new();
    for q in found.definition.questions.iter().filter(|q| q.kind.is_text()) {
        texts.push((
            q.key.clone(),
            app.store.survey_texts(found.id, &q.key, audience, TEXTS_SHOWN).await?,
        ));
    }
    Ok((
        standing,
        found,
        Results {
            responses: tallies.responses,
            questions,
            texts,
        },
    ))
}

/// Responses a CSV page reads at a time: memory stays flat however many there are.
const EXPORT_PAGE: i64 = 500;

/// The responses as CSV, read a page at a time (the parties and invited coordinators).
pub struct Export {
    app: App,
    pub survey: StoredSurvey,
    after: i64,
    number: i64,
    started: bool,
}

pub async fn export(app: &App, actor: &Actor, id: CollaborationId, survey: SurveyId) -> Result<Export> {
    let (_, found) = get(app, actor, id, survey).await?;
    Ok(Export {
        app: app.clone(),
        survey: found,
        after: 0,
        number: 0,
        started: false,
    })
}

impl Export {
    pub fn file_name(&self) -> String {
        format!("survey-{}-responses.csv", self.survey.id)
    }

    /// The next piece of the file (the header first), `None` at its end.
    pub async fn next(&mut self) -> Result<Option<String>> {
        use kyodo_domain::evaluation::survey::export;
        let d = &self.survey.definition;
        if !self.started {
            self.started = true;
            return Ok(Some(export::header(d)));
        }
        let page = self
            .app
            .store
            .survey_responses_page(self.survey.id, self.after, EXPORT_PAGE)
            .await?;
        let Some(last) = page.last() else { return Ok(None) };
        self.after = last.id;
        let mut out = String::new();
        for r in &page {
            self.number += 1;
            let at = kyodo_domain::era::format_unix_sortable(r.submitted_at);
            out.push_str(&export::row(d, self.number, &at, &r.audience, &r.via, &r.answers));
        }
        Ok(Some(out))
    }
}

/// The responses as an Excel workbook (the parties and invited coordinators). Pages are read
/// here and handed, two at most in flight, to a blocking thread that writes them, so memory stays
/// flat as with the CSV. Returns the file name and the finished workbook, a temporary file.
pub async fn export_xlsx(
    app: &App,
    actor: &Actor,
    id: CollaborationId,
    survey: SurveyId,
) -> Result<(String, std::fs::File)> {
    use kyodo_domain::evaluation::survey::export as cells;
    let (_, found) = get(app, actor, id, survey).await?;
    let d = found.definition.clone();
    let (header, numeric) = (cells::header_cells(&d), cells::numeric_columns(&d));
    let (pages, mut received) = tokio::sync::mpsc::channel::<Vec<Vec<String>>>(2);
    let writer = tokio::task::spawn_blocking(move || {
        let mut wb = kyodo_docs::responses::ResponsesWorkbook::new(&header, numeric)?;
        while let Some(rows) = received.blocking_recv() {
            for r in &rows {
                wb.push(r)?;
            }
        }
        wb.finish()
    });
    let (mut after, mut number) = (0, 0);
    loop {
        let page = app.store.survey_responses_page(found.id, after, EXPORT_PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        let rows = page
            .iter()
            .map(|r| {
                number += 1;
                let at = kyodo_domain::era::format_unix_sortable(r.submitted_at);
                cells::row_cells(&d, number, &at, &r.audience, &r.via, &r.answers)
            })
            .collect();
        if pages.send(rows).await.is_err() {
            break; // the writer stopped: its error is below
        }
    }
    drop(pages);
    let file = writer
        .await
        .map_err(|e| Error::Unavailable(e.to_string()))?
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    Ok((format!("survey-{}-responses.xlsx", found.id), file))
}
