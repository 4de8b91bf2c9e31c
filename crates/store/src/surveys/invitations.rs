//! Personal survey links: invitations written with their mail in one transaction, answered once
//! (the answer and the mark in one transaction), reminded while unanswered.

use sqlx::Row;

use crate::workspace::audit;
use crate::{Result, Store};

/// A person invited to a survey. Whether they answered is shown; what they answered never is.
#[derive(Debug, Clone)]
pub struct SurveyInvitation {
    pub id: i64,
    pub survey_id: i64,
    pub token: String,
    pub name: String,
    pub email: String,
    pub audience: String,
    pub created_at: i64,
    pub reminded_at: Option<i64>,
    pub answered_at: Option<i64>,
}

/// One invitation to write, with the mail that carries its link.
pub struct NewSurveyInvitation<'a> {
    pub token: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<SurveyInvitation> {
    Ok(SurveyInvitation {
        id: r.try_get("id")?,
        survey_id: r.try_get("survey_id")?,
        token: r.try_get("token")?,
        name: r.try_get("name")?,
        email: r.try_get("email")?,
        audience: r.try_get("audience")?,
        created_at: r.try_get("created_at")?,
        reminded_at: r.try_get("reminded_at")?,
        answered_at: r.try_get("answered_at")?,
    })
}

const SELECT: &str =
    "SELECT id, survey_id, token, name, email, audience, created_at, reminded_at, answered_at FROM survey_invitations";

impl Store {
    /// Invites people, queueing each one's mail in the same transaction; an address already
    /// invited to this survey is passed over. Returns how many were invited.
    pub async fn add_survey_invitations(
        &self,
        collaboration_id: i64,
        survey_id: i64,
        audience: &str,
        people: &[NewSurveyInvitation<'_>],
        user_id: i64,
        now: i64,
    ) -> Result<usize> {
        let mut tx = self.write.begin().await?;
        let mut invited = 0;
        for p in people {
            let taken: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM survey_invitations WHERE survey_id = $1 AND email = $2")
                    .bind(survey_id)
                    .bind(p.email)
                    .fetch_one(&mut *tx)
                    .await?;
            if taken > 0 {
                continue;
            }
            sqlx::query(
                "INSERT INTO survey_invitations (survey_id, token, name, email, audience, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(survey_id)
            .bind(p.token)
            .bind(p.name)
            .bind(p.email)
            .bind(audience)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO outbox (to_email, subject, body, created_at) VALUES ($1, $2, $3, $4)")
                .bind(p.email)
                .bind(p.subject)
                .bind(p.body)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            invited += 1;
        }
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "survey_invited",
            &format!("アンケート {survey_id} に {invited} 人を招待"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(invited)
    }

    pub async fn survey_invitations(&self, survey_id: i64) -> Result<Vec<SurveyInvitation>> {
        let rows = sqlx::query(&format!("{SELECT} WHERE survey_id = $1 ORDER BY id"))
            .bind(survey_id)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn survey_invitation(&self, token: &str) -> Result<Option<SurveyInvitation>> {
        let row = sqlx::query(&format!("{SELECT} WHERE token = $1"))
            .bind(token)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Queues a reminder for each invitation not answered and not reminded since `since`, marking
    /// it reminded in the same transaction. `mail` gives (subject, body) for an invitation.
    pub async fn remind_survey_invitations(
        &self,
        survey_id: i64,
        since: i64,
        mail: &(dyn Fn(&SurveyInvitation) -> (String, String) + Sync),
        now: i64,
    ) -> Result<usize> {
        let mut tx = self.write.begin().await?;
        let due: Vec<SurveyInvitation> = sqlx::query(&format!(
            "{SELECT} WHERE survey_id = $1 AND answered_at IS NULL AND COALESCE(reminded_at, created_at) <= $2 ORDER BY id"
        ))
        .bind(survey_id)
        .bind(since)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_>>()?;
        for i in &due {
            let (subject, body) = mail(i);
            sqlx::query("INSERT INTO outbox (to_email, subject, body, created_at) VALUES ($1, $2, $3, $4)")
                .bind(&i.email)
                .bind(subject)
                .bind(body)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE survey_invitations SET reminded_at = $1 WHERE id = $2")
                .bind(now)
                .bind(i.id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(due.len())
    }
}
