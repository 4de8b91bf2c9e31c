//! The database's counts for a survey's results, and its responses a page at a time for exports
//! and for a respondent's own data.

use kyodo_domain::evaluation::survey::Audience;
use kyodo_domain::evaluation::survey::results::Tallies;
use sqlx::Row;

use super::{ExportedResponse, audience_bind};
use crate::{Result, Store};

impl Store {
    /// Counts for the results, of one audience or all (`None`).
    pub async fn survey_tallies(&self, survey_id: i64, audience: Option<Audience>) -> Result<Tallies> {
        let a = audience_bind(audience);
        let mut t = Tallies {
            responses: sqlx::query_scalar(
                "SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1 AND ($2 = '' OR audience = $2)",
            )
            .bind(survey_id)
            .bind(a)
            .fetch_one(&self.read)
            .await?,
            ..Tallies::default()
        };
        let from = "FROM survey_answers s JOIN survey_responses r ON r.id = s.response_id \
                    WHERE s.survey_id = $1 AND ($2 = '' OR r.audience = $2)";
        for row in sqlx::query(&format!(
            "SELECT s.question_key, COUNT(DISTINCT s.response_id) AS n {from} GROUP BY s.question_key"
        ))
        .bind(survey_id)
        .bind(a)
        .fetch_all(&self.read)
        .await?
        {
            t.answered.insert(row.try_get("question_key")?, row.try_get("n")?);
        }
        for row in sqlx::query(&format!(
            "SELECT s.question_key, s.choice, COUNT(*) AS n {from} AND s.choice IS NOT NULL GROUP BY s.question_key, s.choice"
        ))
        .bind(survey_id)
        .bind(a)
        .fetch_all(&self.read)
        .await?
        {
            let choice: i64 = row.try_get("choice")?;
            if let Ok(c) = usize::try_from(choice) {
                t.chosen.insert((row.try_get("question_key")?, c), row.try_get("n")?);
            }
        }
        for row in sqlx::query(&format!(
            "SELECT s.question_key, AVG(s.number) AS mean, MIN(s.number) AS lo, MAX(s.number) AS hi {from} \
             AND s.number IS NOT NULL GROUP BY s.question_key"
        ))
        .bind(survey_id)
        .bind(a)
        .fetch_all(&self.read)
        .await?
        {
            t.numbers.insert(
                row.try_get("question_key")?,
                (row.try_get("mean")?, row.try_get("lo")?, row.try_get("hi")?),
            );
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
