//! アンケート: surveys, and their responses with one answer row per chosen option, number, text
//! or date. Results are counted as each response is stored (`survey_tallies`, in the same
//! transaction), exports read in pages of responses: neither grows with the number of answers.

use kyodo_domain::evaluation::survey::answers::{Response, Value};
use kyodo_domain::evaluation::survey::{Audience, Definition, Settings, Status};
use kyodo_domain::fields;
use sqlx::Row;

use crate::workspace::{audit, json};
use crate::{Result, Store, StoreError, found, parse_list};

#[derive(Debug, Clone)]
pub struct StoredSurvey {
    pub id: i64,
    pub collaboration_id: i64,
    pub settings: Settings,
    pub definition: Definition,
    pub status: Status,
    /// The link anyone may answer by, once opened with a public link.
    pub public_token: Option<String>,
    pub responses: i64,
    /// The first wave, when this survey runs it again (事後); `None` for a first wave.
    pub baseline_id: Option<i64>,
    /// 1 for the first wave, 2 for the next …
    pub wave: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// How a response came in, and the limits that apply to it.
#[derive(Debug, Clone)]
pub enum Via<'a> {
    /// A signed-in member of a party: one response per person.
    Member(i64),
    /// A personal link (the invitation's id): one response per link.
    Link(i64),
    /// The public link: at most `per_device` from one browser, `per_address` an hour from one
    /// network address (both as keyed hashes, never the raw values).
    Public {
        device: &'a str,
        address: &'a str,
        per_device: i64,
        per_address: i64,
    },
}

/// One response as exported: id, audience, how it came, when, and its answers.
#[derive(Debug, Clone)]
pub struct ExportedResponse {
    pub id: i64,
    pub audience: String,
    pub via: String,
    pub submitted_at: i64,
    /// (question key, choice, number, text), in answer order.
    pub answers: Vec<kyodo_domain::evaluation::survey::export::StoredAnswer>,
}

/// A survey's columns and its response count, for `FROM surveys s`.
macro_rules! survey_columns {
    () => {
        "s.id, s.collaboration_id, s.title, s.audiences, s.intro, s.purpose, s.closes_on, s.public_link, \
         s.public_token, s.status, s.definition, s.baseline_id, s.wave, s.created_at, s.updated_at, \
         (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id) AS responses"
    };
}

const SURVEY_SELECT: &str = concat!("SELECT ", survey_columns!(), " FROM surveys s");

const SURVEY_SELECT_TITLED: &str = concat!(
    "SELECT ",
    survey_columns!(),
    ", c.title AS collaboration_title FROM surveys s JOIN collaborations c ON c.id = s.collaboration_id"
);

fn survey_from(r: &sqlx::any::AnyRow) -> Result<StoredSurvey> {
    let audiences: Vec<Audience> = parse_list(&r.try_get::<String, _>("audiences")?);
    let closes: Option<String> = r.try_get("closes_on")?;
    let definition: String = r.try_get("definition")?;
    Ok(StoredSurvey {
        id: r.try_get("id")?,
        collaboration_id: r.try_get("collaboration_id")?,
        settings: Settings {
            title: r.try_get("title")?,
            audiences,
            intro: r.try_get("intro")?,
            purpose: r.try_get("purpose")?,
            closes_on: closes.as_deref().and_then(fields::iso_date),
            public_link: r.try_get::<i64, _>("public_link")? != 0,
        },
        definition: serde_json::from_str(&definition).unwrap_or_default(),
        status: Status::parse(&r.try_get::<String, _>("status")?).unwrap_or(Status::Closed),
        public_token: r.try_get("public_token")?,
        responses: r.try_get("responses")?,
        baseline_id: r.try_get("baseline_id")?,
        wave: r.try_get("wave")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

impl Store {
    pub async fn create_survey(
        &self,
        collaboration_id: i64,
        s: &Settings,
        d: &Definition,
        user_id: i64,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO surveys (collaboration_id, title, audiences, intro, purpose, closes_on, public_link, status, \
             definition, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $10, $10) \
             RETURNING id",
        )
        .bind(collaboration_id)
        .bind(&s.title)
        .bind(json(&s.audiences)?)
        .bind(&s.intro)
        .bind(&s.purpose)
        .bind(s.closes_on.map(|d| d.to_string()))
        .bind(i64::from(s.public_link))
        .bind(json(d)?)
        .bind(user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "survey_created",
            &format!("アンケート「{}」", s.title),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn surveys(&self, collaboration_id: i64) -> Result<Vec<StoredSurvey>> {
        let rows = sqlx::query(&format!("{SURVEY_SELECT} WHERE s.collaboration_id = $1 ORDER BY s.id"))
            .bind(collaboration_id)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(survey_from).collect()
    }

    /// The survey if it belongs to this collaboration.
    pub async fn survey(&self, collaboration_id: i64, id: i64) -> Result<Option<StoredSurvey>> {
        let row = sqlx::query(&format!("{SURVEY_SELECT} WHERE s.id = $1 AND s.collaboration_id = $2"))
            .bind(id)
            .bind(collaboration_id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(survey_from).transpose()
    }

    pub async fn survey_by_token(&self, token: &str) -> Result<Option<StoredSurvey>> {
        let row = sqlx::query(&format!("{SURVEY_SELECT} WHERE s.public_token = $1"))
            .bind(token)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(survey_from).transpose()
    }

    /// Saves settings and questions of a draft (`Conflict("survey_not_draft")` once opened).
    pub async fn save_survey_draft(
        &self,
        collaboration_id: i64,
        id: i64,
        s: &Settings,
        d: &Definition,
        now: i64,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE surveys SET title = $1, audiences = $2, intro = $3, purpose = $4, closes_on = $5, public_link = $6, \
             definition = $7, updated_at = $8 WHERE id = $9 AND collaboration_id = $10 AND status = 'draft'",
        )
        .bind(&s.title)
        .bind(json(&s.audiences)?)
        .bind(&s.intro)
        .bind(&s.purpose)
        .bind(s.closes_on.map(|d| d.to_string()))
        .bind(i64::from(s.public_link))
        .bind(json(d)?)
        .bind(now)
        .bind(id)
        .bind(collaboration_id)
        .execute(&self.write)
        .await?;
        if done.rows_affected() == 0 {
            return match self.survey(collaboration_id, id).await? {
                Some(_) => Err(StoreError::Conflict("survey_not_draft")),
                None => Err(StoreError::NotFound),
            };
        }
        Ok(())
    }

    /// Opens or closes a survey, with its audit line; `token` is set when it is opened with a
    /// public link and none was given before.
    pub async fn set_survey_status(
        &self,
        collaboration_id: i64,
        id: i64,
        status: Status,
        token: Option<&str>,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE surveys SET status = $1, public_token = COALESCE(public_token, $2), updated_at = $3 \
             WHERE id = $4 AND collaboration_id = $5",
        )
        .bind(status.as_str())
        .bind(token)
        .bind(now)
        .bind(id)
        .bind(collaboration_id)
        .execute(&mut *tx)
        .await?;
        found(&done)?;
        let action = if status == Status::Open {
            "survey_opened"
        } else {
            "survey_closed"
        };
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            action,
            &format!("アンケート {id}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a response whole, or nothing: `Conflict("survey_closed")` if it stopped taking
    /// answers meanwhile, `Conflict("already_answered")` for a member's second response,
    /// `Conflict("answer_limit")` past a public link's limits.
    pub async fn add_survey_response(&self, survey_id: i64, r: &Response, via: &Via<'_>, now: i64) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM surveys WHERE id = $1")
            .bind(survey_id)
            .fetch_optional(&mut *tx)
            .await?;
        if status.as_deref() != Some("open") {
            return Err(StoreError::Conflict("survey_closed"));
        }
        let (via_name, user, device, address) = match via {
            Via::Member(u) => ("member", Some(*u), None, None),
            Via::Link(invitation) => {
                let done = sqlx::query(
                    "UPDATE survey_invitations SET answered_at = $1 WHERE id = $2 AND survey_id = $3 AND answered_at IS NULL",
                )
                .bind(now)
                .bind(*invitation)
                .bind(survey_id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::Conflict("already_answered"));
                }
                ("link", None, None, None)
            }
            Via::Public {
                device,
                address,
                per_device,
                per_address,
            } => {
                let from_device: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1 AND device_hash = $2",
                )
                .bind(survey_id)
                .bind(*device)
                .fetch_one(&mut *tx)
                .await?;
                let from_address: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1 AND address_hash = $2 AND submitted_at > $3",
                )
                .bind(survey_id)
                .bind(*address)
                .bind(now - 3600)
                .fetch_one(&mut *tx)
                .await?;
                if from_device >= *per_device || from_address >= *per_address {
                    return Err(StoreError::Conflict("answer_limit"));
                }
                ("public", None, Some(*device), Some(*address))
            }
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO survey_responses (survey_id, audience, via, user_id, device_hash, address_hash, submitted_at, \
             invitation_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(survey_id)
        .bind(r.audience.as_str())
        .bind(via_name)
        .bind(user)
        .bind(device)
        .bind(address)
        .bind(now)
        .bind(match via {
            Via::Link(i) => Some(*i),
            _ => None,
        })
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| StoreError::unique(e, "already_answered"))?;
        insert_answers(&mut tx, survey_id, id, r).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The collaboration a survey belongs to.
    pub async fn survey_collaboration(&self, id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT collaboration_id FROM surveys WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.read)
            .await?)
    }

    /// The surveys of every collaboration this person's organisations take part in, with the
    /// collaboration's title, newest first (to copy one).
    pub async fn surveys_of_user(&self, user_id: i64, limit: i64) -> Result<Vec<(String, StoredSurvey)>> {
        let rows = sqlx::query(&format!(
            "{SURVEY_SELECT_TITLED} WHERE s.collaboration_id IN (SELECT p.collaboration_id FROM collaboration_parties p \
             JOIN memberships m ON m.organization_id = p.organization_id WHERE m.user_id = $1) ORDER BY s.id DESC LIMIT $2"
        ))
        .bind(user_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("collaboration_title")?, survey_from(r)?)))
            .collect()
    }

    /// Stores many responses at once, in one transaction (responses entered from paper, and the
    /// bench's fixtures): no limits apply, the survey need not be open.
    pub async fn add_survey_responses(&self, survey_id: i64, rs: &[Response], via: &str, now: i64) -> Result<()> {
        let mut tx = self.write.begin().await?;
        for r in rs {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO survey_responses (survey_id, audience, via, submitted_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(survey_id)
            .bind(r.audience.as_str())
            .bind(via)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            insert_answers(&mut tx, survey_id, id, r).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether this person has answered the survey.
    pub async fn has_answered(&self, survey_id: i64, user_id: i64) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1 AND user_id = $2")
            .bind(survey_id)
            .bind(user_id)
            .fetch_one(&self.read)
            .await?;
        Ok(n > 0)
    }
}

/// A response's answer rows: one per chosen option, number, text or date.
async fn insert_answers(conn: &mut sqlx::AnyConnection, survey_id: i64, id: i64, r: &Response) -> Result<()> {
    tally::count(conn, survey_id, r).await?;
    for a in &r.answers {
        let rows: Vec<(Option<i64>, Option<f64>, Option<String>)> = match &a.value {
            Value::Choices(c) => c.iter().map(|i| (i64::try_from(*i).ok(), None, None)).collect(),
            Value::Number(n) => vec![(None, Some(*n), None)],
            Value::Text(t) => vec![(None, None, Some(t.clone()))],
            Value::Date(d) => vec![(None, None, Some(d.to_string()))],
        };
        for (choice, number, text) in rows {
            sqlx::query(
                "INSERT INTO survey_answers (response_id, survey_id, question_key, choice, number, text) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(survey_id)
            .bind(&a.key)
            .bind(choice)
            .bind(number)
            .bind(text)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

mod invitations;
mod tally;
mod waves;

pub use invitations::{NewSurveyInvitation, SurveyInvitation};

pub(crate) use tally::recount;

/// The audience filter as a bind: `''` for every audience.
fn audience_bind(a: Option<Audience>) -> &'static str {
    a.map_or("", Audience::as_str)
}
