//! Waves of a survey (事前・事後): a later wave is written beside the first with the next number,
//! and a question's change is measured per respondent by the database, pairing answers given
//! through personal links to the same address or by the same signed-in member.

use kyodo_domain::evaluation::survey::change::Paired;
use kyodo_domain::evaluation::survey::{Audience, Definition, Settings};
use sqlx::Row;

use super::audience_bind;
use crate::workspace::{audit, json};
use crate::{Result, Store, StoreError};

/// One respondent's value for a scale (its point) or number question in one survey, with who
/// gave it: an invited address or a member's account. Anonymous answers have no one to pair.
const VALUES: &str = "SELECT COALESCE(i.email, 'u:' || CAST(r.user_id AS TEXT)) AS who, \
     COALESCE(a.number, a.choice + 1) AS v FROM survey_responses r \
     JOIN survey_answers a ON a.response_id = r.id \
     LEFT JOIN survey_invitations i ON i.id = r.invitation_id \
     WHERE r.survey_id = $SURVEY AND a.question_key = $2 AND ($3 = '' OR r.audience = $3) \
     AND (i.email IS NOT NULL OR r.user_id IS NOT NULL)";

impl Store {
    /// Writes the next wave of the series whose first wave is `first` (a draft, in the same
    /// collaboration); `Conflict("survey_wave")` if another wave took the number meanwhile.
    pub async fn create_survey_wave(
        &self,
        collaboration_id: i64,
        first: i64,
        s: &Settings,
        d: &Definition,
        user_id: i64,
        now: i64,
    ) -> Result<(i64, i64)> {
        let mut tx = self.write.begin().await?;
        let wave: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(MAX(wave), 0) + 1 AS BIGINT) FROM surveys \
             WHERE collaboration_id = $1 AND (id = $2 OR baseline_id = $2)",
        )
        .bind(collaboration_id)
        .bind(first)
        .fetch_one(&mut *tx)
        .await?;
        if wave < 2 {
            return Err(StoreError::NotFound);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO surveys (collaboration_id, title, audiences, intro, purpose, closes_on, public_link, status, \
             definition, created_by, created_at, updated_at, baseline_id, wave) \
             VALUES ($1, $2, $3, $4, $5, NULL, $6, 'draft', $7, $8, $9, $9, $10, $11) RETURNING id",
        )
        .bind(collaboration_id)
        .bind(&s.title)
        .bind(json(&s.audiences)?)
        .bind(&s.intro)
        .bind(&s.purpose)
        .bind(i64::from(s.public_link))
        .bind(json(d)?)
        .bind(user_id)
        .bind(now)
        .bind(first)
        .bind(wave)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| StoreError::unique(e, "survey_wave"))?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "survey_wave_created",
            &format!("アンケート「{}」第{wave}回", s.title),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok((id, wave))
    }

    /// How the answers to question `key` moved from survey `before` to survey `after`, among
    /// the respondents who answered it in both (of one audience or all).
    pub async fn survey_paired(
        &self,
        before: i64,
        after: i64,
        key: &str,
        audience: Option<Audience>,
    ) -> Result<Paired> {
        let sql = format!(
            "SELECT COUNT(*) AS n, AVG(b.v - a.v) AS mean, \
             CAST(COALESCE(SUM(CASE WHEN b.v > a.v THEN 1 ELSE 0 END), 0) AS BIGINT) AS up, \
             CAST(COALESCE(SUM(CASE WHEN b.v < a.v THEN 1 ELSE 0 END), 0) AS BIGINT) AS down \
             FROM ({}) a JOIN ({}) b ON b.who = a.who",
            VALUES.replace("$SURVEY", "$1"),
            VALUES.replace("$SURVEY", "$4"),
        );
        let r = sqlx::query(&sql)
            .bind(before)
            .bind(key)
            .bind(audience_bind(audience))
            .bind(after)
            .fetch_one(&self.read)
            .await?;
        let n: i64 = r.try_get("n")?;
        Ok(Paired {
            n,
            mean_change: if n > 0 { r.try_get("mean")? } else { 0.0 },
            up: r.try_get("up")?,
            down: r.try_get("down")?,
        })
    }
}
