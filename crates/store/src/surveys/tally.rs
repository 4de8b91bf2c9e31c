//! The database's counts for a survey's results, and its responses a page at a time for exports
//! and for a respondent's own data.

use kyodo_domain::evaluation::survey::Audience;
use kyodo_domain::evaluation::survey::answers::{Response, Value};
use kyodo_domain::evaluation::survey::results::Tallies;
use sqlx::Row;

use super::{ExportedResponse, audience_bind};
use crate::{Result, Store};

impl Store {
    /// Counts for the results, of one audience or all (`None`): read from the kept tallies, a
    /// few rows per question whatever the number of responses.
    pub async fn survey_tallies(&self, survey_id: i64, audience: Option<Audience>) -> Result<Tallies> {
        let rows = sqlx::query(
            "SELECT question_key, choice, CAST(SUM(n) AS BIGINT) AS n, SUM(total) AS total, MIN(lo) AS lo, MAX(hi) AS hi \
             FROM survey_tallies WHERE survey_id = $1 AND ($2 = '' OR audience = $2) GROUP BY question_key, choice",
        )
        .bind(survey_id)
        .bind(audience_bind(audience))
        .fetch_all(&self.read)
        .await?;
        let mut t = Tallies::default();
        for r in rows {
            let (key, choice, n): (String, i64, i64) =
                (r.try_get("question_key")?, r.try_get("choice")?, r.try_get("n")?);
            match choice {
                -1 if key.is_empty() => t.responses = n,
                -1 => {
                    t.answered.insert(key, n);
                }
                -2 => {
                    let total: f64 = r.try_get("total")?;
                    #[allow(clippy::cast_precision_loss)]
                    let mean = total / n.max(1) as f64;
                    t.numbers.insert(key, (mean, r.try_get("lo")?, r.try_get("hi")?));
                }
                c => {
                    if let Ok(c) = usize::try_from(c) {
                        t.chosen.insert((key, c), n);
                    }
                }
            }
        }
        Ok(t)
    }

    /// The newest `limit` free-text answers to a question (of one audience or all).
    pub async fn survey_texts(
        &self,
        survey_id: i64,
        key: &str,
        audience: Option<Audience>,
        limit: i64,
    ) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT s.text FROM survey_answers s JOIN survey_responses r ON r.id = s.response_id \
             WHERE s.survey_id = $1 AND s.question_key = $2 AND ($3 = '' OR r.audience = $3) AND s.text IS NOT NULL \
             ORDER BY s.id DESC LIMIT $4",
        )
        .bind(survey_id)
        .bind(key)
        .bind(audience_bind(audience))
        .bind(limit)
        .fetch_all(&self.read)
        .await?)
    }

    /// Up to `limit` responses after response `after`, oldest first, with their answers.
    pub async fn survey_responses_page(&self, survey_id: i64, after: i64, limit: i64) -> Result<Vec<ExportedResponse>> {
        self.responses_where("r.survey_id = $1 AND r.id > $2", survey_id, after, limit)
            .await
    }

    /// Every response this person gave, for their own data export.
    pub async fn responses_of_user(&self, user_id: i64) -> Result<Vec<(i64, ExportedResponse)>> {
        let rows = sqlx::query("SELECT id, survey_id FROM survey_responses WHERE user_id = $1 ORDER BY id")
            .bind(user_id)
            .fetch_all(&self.read)
            .await?;
        let mut out = Vec::new();
        for r in rows {
            let (id, survey): (i64, i64) = (r.try_get("id")?, r.try_get("survey_id")?);
            for e in self
                .responses_where("r.id = $1 AND r.survey_id > $2", id, -1, 1)
                .await?
            {
                out.push((survey, e));
            }
        }
        Ok(out)
    }

    async fn responses_where(&self, cond: &str, a: i64, b: i64, limit: i64) -> Result<Vec<ExportedResponse>> {
        let heads = sqlx::query(&format!(
            "SELECT r.id, r.audience, r.via, r.submitted_at FROM survey_responses r WHERE {cond} ORDER BY r.id LIMIT $3"
        ))
        .bind(a)
        .bind(b)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        let mut out: Vec<ExportedResponse> = heads
            .iter()
            .map(|r| {
                Ok(ExportedResponse {
                    id: r.try_get("id")?,
                    audience: r.try_get("audience")?,
                    via: r.try_get("via")?,
                    submitted_at: r.try_get("submitted_at")?,
                    answers: Vec::new(),
                })
            })
            .collect::<Result<_>>()?;
        if out.is_empty() {
            return Ok(out);
        }
        // The page's answers in one read; the ids are our own integers.
        let ids: Vec<String> = out.iter().map(|r| r.id.to_string()).collect();
        let rows = sqlx::query(&format!(
            "SELECT response_id, question_key, choice, number, text FROM survey_answers \
             WHERE response_id IN ({}) ORDER BY response_id, id",
            ids.join(",")
        ))
        .fetch_all(&self.read)
        .await?;
        let mut at = 0;
        for row in rows {
            let rid: i64 = row.try_get("response_id")?;
            while at < out.len() && out[at].id < rid {
                at += 1;
            }
            if at < out.len() && out[at].id == rid {
                out[at].answers.push((
                    row.try_get("question_key")?,
                    row.try_get("choice")?,
                    row.try_get("number")?,
                    row.try_get("text")?,
                ));
            }
        }
        Ok(out)
    }
}

/// Adds one (question, choice) to the kept tallies.
async fn bump(
    conn: &mut sqlx::AnyConnection,
    survey_id: i64,
    audience: &str,
    key: &str,
    choice: i64,
    value: f64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO survey_tallies (survey_id, audience, question_key, choice, n, total, lo, hi) \
         VALUES ($1, $2, $3, $4, 1, $5, $5, $5) ON CONFLICT (survey_id, audience, question_key, choice) DO UPDATE SET \
         n = survey_tallies.n + 1, total = survey_tallies.total + excluded.total, \
         lo = CASE WHEN excluded.lo < survey_tallies.lo THEN excluded.lo ELSE survey_tallies.lo END, \
         hi = CASE WHEN excluded.hi > survey_tallies.hi THEN excluded.hi ELSE survey_tallies.hi END",
    )
    .bind(survey_id)
    .bind(audience)
    .bind(key)
    .bind(choice)
    .bind(value)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Counts a response into the tallies, in the caller's transaction (the one that stores it).
pub(super) async fn count(conn: &mut sqlx::AnyConnection, survey_id: i64, r: &Response) -> Result<()> {
    let a = r.audience.as_str();
    bump(conn, survey_id, a, "", -1, 0.0).await?;
    for answer in &r.answers {
        bump(conn, survey_id, a, &answer.key, -1, 0.0).await?;
        match &answer.value {
            Value::Choices(c) => {
                for i in c {
                    bump(conn, survey_id, a, &answer.key, i64::try_from(*i).unwrap_or(-3), 0.0).await?;
                }
            }
            Value::Number(v) => bump(conn, survey_id, a, &answer.key, -2, *v).await?,
            Value::Text(_) | Value::Date(_) => {}
        }
    }
    Ok(())
}

/// Counts a survey's tallies afresh from its answers (after responses are erased).
pub(crate) async fn recount(conn: &mut sqlx::AnyConnection, survey_id: i64) -> Result<()> {
    sqlx::query("DELETE FROM survey_tallies WHERE survey_id = $1")
        .bind(survey_id)
        .execute(&mut *conn)
        .await?;
    for select in [
        "SELECT r.survey_id, r.audience, '', -1, COUNT(*), 0.0, 0.0, 0.0 FROM survey_responses r \
         WHERE r.survey_id = $1 GROUP BY r.survey_id, r.audience",
        "SELECT s.survey_id, r.audience, s.question_key, -1, COUNT(DISTINCT s.response_id), 0.0, 0.0, 0.0 \
         FROM survey_answers s JOIN survey_responses r ON r.id = s.response_id WHERE s.survey_id = $1 \
         GROUP BY s.survey_id, r.audience, s.question_key",
        "SELECT s.survey_id, r.audience, s.question_key, s.choice, COUNT(*), 0.0, 0.0, 0.0 \
         FROM survey_answers s JOIN survey_responses r ON r.id = s.response_id WHERE s.survey_id = $1 \
         AND s.choice IS NOT NULL GROUP BY s.survey_id, r.audience, s.question_key, s.choice",
        "SELECT s.survey_id, r.audience, s.question_key, -2, COUNT(*), SUM(s.number), MIN(s.number), MAX(s.number) \
         FROM survey_answers s JOIN survey_responses r ON r.id = s.response_id WHERE s.survey_id = $1 \
         AND s.number IS NOT NULL GROUP BY s.survey_id, r.audience, s.question_key",
    ] {
        sqlx::query(&format!(
            "INSERT INTO survey_tallies (survey_id, audience, question_key, choice, n, total, lo, hi) {select}"
        ))
        .bind(survey_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
