//! Third-party opinions: entered by a party, or asked of the third party by a link of their own
//! (its hash kept, the mail queued in the same transaction) and written by them once.

use kyodo_domain::evaluation::Milestone;
use kyodo_domain::evaluation::opinion::{Author, ThirdPartyOpinion};
use kyodo_domain::fields::iso_date;
use sqlx::Row;
use time::Date;

use crate::workspace::audit;
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone)]
pub struct StoredOpinion {
    pub id: i64,
    pub collaboration_id: i64,
    pub author: Author,
    pub milestone: Option<Milestone>,
    /// `None` while an invited third party has not written yet.
    pub written_on: Option<Date>,
    pub text: String,
    /// Where the request was sent, for an invited opinion.
    pub email: Option<String>,
    pub message: String,
    pub created_at: i64,
    pub written_at: Option<i64>,
}

impl StoredOpinion {
    pub fn waiting(&self) -> bool {
        self.written_on.is_none()
    }
}

/// A request for an opinion, with the mail that carries its link.
pub struct NewOpinionRequest<'a> {
    pub author: &'a Author,
    pub email: &'a str,
    pub milestone: Option<Milestone>,
    pub message: &'a str,
    pub token_hash: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

const SELECT: &str = "SELECT id, collaboration_id, name, role, organization, milestone, written_on, opinion, email, \
     message, created_at, written_at FROM third_party_opinions";

fn from_row(r: &sqlx::any::AnyRow) -> Result<StoredOpinion> {
    let milestone: Option<String> = r.try_get("milestone")?;
    let written_on: Option<String> = r.try_get("written_on")?;
    Ok(StoredOpinion {
        id: r.try_get("id")?,
        collaboration_id: r.try_get("collaboration_id")?,
        author: Author {
            name: r.try_get("name")?,
            role: r.try_get("role")?,
            organization: r.try_get("organization")?,
        },
        milestone: milestone.as_deref().and_then(Milestone::parse),
        written_on: written_on.as_deref().and_then(iso_date),
        text: r.try_get("opinion")?,
        email: r.try_get("email")?,
        message: r.try_get("message")?,
        created_at: r.try_get("created_at")?,
        written_at: r.try_get("written_at")?,
    })
}

impl Store {
    /// An opinion a party received and enters.
    pub async fn add_opinion(
        &self,
        collaboration_id: i64,
        o: &ThirdPartyOpinion,
        user_id: i64,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO third_party_opinions (collaboration_id, name, role, organization, milestone, written_on, opinion, \
             created_by, created_at, written_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(collaboration_id)
        .bind(&o.author.name)
        .bind(&o.author.role)
        .bind(&o.author.organization)
        .bind(o.milestone.map(Milestone::as_str))
        .bind(o.written_on.to_string())
        .bind(&o.text)
        .bind(user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "opinion_added",
            &format!("{}（{}）の意見", o.author.name, o.author.organization),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Asks a third party for their opinion: the request and its mail in one transaction.
    pub async fn request_opinion(
        &self,
        collaboration_id: i64,
        r: &NewOpinionRequest<'_>,
        user_id: i64,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO third_party_opinions (collaboration_id, name, role, organization, milestone, opinion, email, \
             token_hash, message, created_by, created_at) VALUES ($1, $2, $3, $4, $5, '', $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(collaboration_id)
        .bind(&r.author.name)
        .bind(&r.author.role)
        .bind(&r.author.organization)
        .bind(r.milestone.map(Milestone::as_str))
        .bind(r.email)
        .bind(r.token_hash)
        .bind(r.message)
        .bind(user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO outbox (to_email, subject, body, created_at) VALUES ($1, $2, $3, $4)")
            .bind(r.email)
            .bind(r.subject)
            .bind(r.body)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "opinion_requested",
            &format!("{}（{}）に第三者意見を依頼", r.author.name, r.author.organization),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn opinions(&self, collaboration_id: i64) -> Result<Vec<StoredOpinion>> {
        sqlx::query(&format!("{SELECT} WHERE collaboration_id = $1 ORDER BY id"))
            .bind(collaboration_id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// The request a link's hash belongs to.
    pub async fn opinion_by_token(&self, token_hash: &str) -> Result<Option<StoredOpinion>> {
        sqlx::query(&format!("{SELECT} WHERE token_hash = $1"))
            .bind(token_hash)
            .fetch_optional(&self.read)
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// The invited third party writes their opinion, once (`Conflict` after). Returns the
    /// opinion's id and collaboration.
    pub async fn write_opinion(&self, token_hash: &str, text: &str, on: Date, now: i64) -> Result<(i64, i64)> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "UPDATE third_party_opinions SET opinion = $2, written_on = $3, written_at = $4 \
             WHERE token_hash = $1 AND written_at IS NULL RETURNING id, collaboration_id, name",
        )
        .bind(token_hash)
        .bind(text)
        .bind(on.to_string())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM third_party_opinions WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_one(&mut *tx)
                .await?;
            return Err(if known > 0 {
                StoreError::Conflict("opinion_written")
            } else {
                StoreError::NotFound
            });
        };
        let (id, cid, name): (i64, i64, String) = (
            row.try_get("id")?,
            row.try_get("collaboration_id")?,
            row.try_get("name")?,
        );
        sqlx::query(
            "INSERT INTO audit_events (collaboration_id, user_id, action, detail, created_at) VALUES ($1, NULL, $2, $3, $4)",
        )
        .bind(cid)
        .bind("opinion_written")
        .bind(format!("{name}が第三者意見を書きました"))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((id, cid))
    }
}
