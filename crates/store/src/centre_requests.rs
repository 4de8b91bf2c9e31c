//! 支援センターへの相談: requests, their messages, and who may be told of them.

use sqlx::Row;

use crate::{Result, Store, StoreError};

#[derive(Debug, Clone)]
pub struct CentreRequest {
    pub id: i64,
    pub organization_id: i64,
    pub organization_name: String,
    pub centre_id: i64,
    pub centre_name: String,
    pub topic: String,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct CentreMessage {
    pub author: String,
    pub side: String,
    pub body: String,
    pub created_at: i64,
}

const SELECT: &str = "SELECT r.id, r.organization_id, g.name AS organization_name, r.centre_id, c.name AS centre_name, \
     r.topic, r.status, r.created_at, r.updated_at FROM centre_requests r \
     JOIN organizations g ON g.id = r.organization_id JOIN organizations c ON c.id = r.centre_id";

fn request(r: &sqlx::any::AnyRow) -> Result<CentreRequest> {
    Ok(CentreRequest {
        id: r.try_get("id")?,
        organization_id: r.try_get("organization_id")?,
        organization_name: r.try_get("organization_name")?,
        centre_id: r.try_get("centre_id")?,
        centre_name: r.try_get("centre_name")?,
        topic: r.try_get("topic")?,
        status: r.try_get("status")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

impl Store {
    /// The support centre organisation registered in a municipality, if any (the oldest first).
    pub async fn support_centre_in(&self, municipality: &str) -> Result<Option<(i64, String)>> {
        let row = sqlx::query(
            "SELECT id, name FROM organizations WHERE kind = 'support_center' AND municipality = $1 \
             AND dissolved_on IS NULL ORDER BY id LIMIT 1",
        )
        .bind(municipality)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| Ok((r.try_get("id")?, r.try_get("name")?))).transpose()
    }

    /// The coordinators who work for a centre.
    pub async fn centre_coordinators(&self, centre_id: i64) -> Result<Vec<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM users WHERE centre_id = $1 AND role IN ('coordinator', 'admin')")
                .bind(centre_id)
                .fetch_all(&self.read)
                .await?,
        )
    }

    /// A new request with its first message, in one transaction. Returns its id.
    pub async fn create_centre_request(
        &self,
        organization_id: i64,
        centre_id: i64,
        topic: &str,
        body: &str,
        user_id: i64,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO centre_requests (organization_id, centre_id, topic, status, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, 'open', $4, $5, $5) RETURNING id",
        )
        .bind(organization_id)
        .bind(centre_id)
        .bind(topic)
        .bind(user_id)
        .bind(now)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .next()
        .ok_or(StoreError::Database(sqlx::Error::RowNotFound))?;
        sqlx::query(
            "INSERT INTO centre_request_messages (request_id, author_id, side, body, created_at) VALUES ($1, $2, 'group', $3, $4)",
        )
        .bind(id)
        .bind(user_id)
        .bind(body)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn centre_request(&self, id: i64) -> Result<Option<CentreRequest>> {
        let row = sqlx::query(&format!("{SELECT} WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(request).transpose()
    }

    /// A group's requests, or a centre's, newest first.
    pub async fn centre_requests(
        &self,
        organization_id: Option<i64>,
        centre_id: Option<i64>,
    ) -> Result<Vec<CentreRequest>> {
        sqlx::query(&format!(
            "{SELECT} WHERE ($1 IS NULL OR r.organization_id = $1) AND ($2 IS NULL OR r.centre_id = $2) \
             ORDER BY r.updated_at DESC, r.id DESC LIMIT 200"
        ))
        .bind(organization_id)
        .bind(centre_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(request)
        .collect()
    }

    pub async fn centre_request_messages(&self, id: i64) -> Result<Vec<CentreMessage>> {
        sqlx::query(
            "SELECT COALESCE(u.display_name, '（退会した人）') AS author, m.side, m.body, m.created_at \
             FROM centre_request_messages m LEFT JOIN users u ON u.id = m.author_id \
             WHERE m.request_id = $1 ORDER BY m.id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(CentreMessage {
                author: r.try_get("author")?,
                side: r.try_get("side")?,
                body: r.try_get("body")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect()
    }

    /// A message from one side, and the state it leaves the request in, in one transaction.
    pub async fn add_centre_message(
        &self,
        id: i64,
        side: &str,
        body: &str,
        status: &str,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        sqlx::query("INSERT INTO centre_request_messages (request_id, author_id, side, body, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(id)
            .bind(user_id)
            .bind(side)
            .bind(body)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE centre_requests SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn close_centre_request(&self, id: i64, now: i64) -> Result<()> {
        sqlx::query("UPDATE centre_requests SET status = 'closed', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
