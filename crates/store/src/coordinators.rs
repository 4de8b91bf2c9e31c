//! The support-centre coordinators a collaboration's parties invite: invitations by address,
//! and the coordinators who accepted and read along.

use sqlx::Row;

use crate::{Result, Store, StoreError};

/// An invitation waiting for its coordinator.
#[derive(Debug, Clone)]
pub struct CoordinatorInvitation {
    pub id: i64,
    pub collaboration_id: i64,
    pub collaboration_title: String,
    pub email: String,
    pub created_at: i64,
}

const INVITATIONS: &str = "SELECT i.id, i.collaboration_id, c.title, i.email, i.created_at \
     FROM coordinator_invitations i JOIN collaborations c ON c.id = i.collaboration_id";

fn invitation_from(r: &sqlx::any::AnyRow) -> Result<CoordinatorInvitation> {
    Ok(CoordinatorInvitation {
        id: r.try_get("id")?,
        collaboration_id: r.try_get("collaboration_id")?,
        collaboration_title: r.try_get("title")?,
        email: r.try_get("email")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Invites an address; inviting it again, or a coordinator already there, changes nothing.
    pub async fn invite_coordinator_address(
        &self,
        collaboration_id: i64,
        email: &str,
        by: i64,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO coordinator_invitations (collaboration_id, email, invited_by, created_at) \
             SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM collaboration_coordinators c \
               JOIN users u ON u.id = c.user_id WHERE c.collaboration_id = $1 AND u.email = $2) \
             ON CONFLICT (collaboration_id, email) DO NOTHING",
        )
        .bind(collaboration_id)
        .bind(email)
        .bind(by)
        .bind(now)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The invitations of a collaboration still waiting.
    pub async fn coordinator_invitations(&self, collaboration_id: i64) -> Result<Vec<CoordinatorInvitation>> {
        let rows = sqlx::query(&format!("{INVITATIONS} WHERE i.collaboration_id = $1 ORDER BY i.id"))
            .bind(collaboration_id)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(invitation_from).collect()
    }

    /// The invitations waiting for this address.
    pub async fn coordinator_invitations_to(&self, email: &str) -> Result<Vec<CoordinatorInvitation>> {
        let rows = sqlx::query(&format!("{INVITATIONS} WHERE i.email = $1 ORDER BY i.id"))
            .bind(email)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(invitation_from).collect()
    }

    /// Withdraws an invitation of this collaboration.
    pub async fn withdraw_coordinator_invitation(&self, collaboration_id: i64, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM coordinator_invitations WHERE collaboration_id = $1 AND id = $2")
            .bind(collaboration_id)
            .bind(id)
            .execute(&self.write)
            .await?;
        crate::found(&done)
    }

    /// Accepts (the person joins) or declines the invitation of `email` to a collaboration, in one
    /// transaction. `NotFound` when there is no such invitation.
    pub async fn answer_coordinator_invitation(
        &self,
        collaboration_id: i64,
        user_id: i64,
        email: &str,
        accept: bool,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let by: Option<Option<i64>> = sqlx::query_scalar(
            "DELETE FROM coordinator_invitations WHERE collaboration_id = $1 AND email = $2 RETURNING invited_by",
        )
        .bind(collaboration_id)
        .bind(email)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(by) = by else {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        };
        if accept {
            sqlx::query(
                "INSERT INTO collaboration_coordinators (collaboration_id, user_id, invited_by, invited_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (collaboration_id, user_id) DO NOTHING",
            )
            .bind(collaboration_id)
            .bind(user_id)
            .bind(by)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove_coordinator(&self, collaboration_id: i64, user_id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM collaboration_coordinators WHERE collaboration_id = $1 AND user_id = $2")
            .bind(collaboration_id)
            .bind(user_id)
            .execute(&self.write)
            .await?;
        crate::found(&done)
    }

    /// (user id, display name) of the invited coordinators.
    pub async fn coordinators(&self, collaboration_id: i64) -> Result<Vec<(i64, String)>> {
        sqlx::query(
            "SELECT u.id, u.display_name FROM collaboration_coordinators c JOIN users u ON u.id = c.user_id \
             WHERE c.collaboration_id = $1 ORDER BY u.display_name",
        )
        .bind(collaboration_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("display_name")?)))
        .collect()
    }

    pub async fn is_invited_coordinator(&self, collaboration_id: i64, user_id: i64) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM collaboration_coordinators WHERE collaboration_id = $1 AND user_id = $2",
        )
        .bind(collaboration_id)
        .bind(user_id)
        .fetch_one(&self.read)
        .await?;
        Ok(n > 0)
    }
}
