//! Meetings, their minutes with action items, and each party's approval of the minutes.

use kyodo_domain::collaboration::meeting::{Minutes, NewMeeting};
use sqlx::Row;

use super::{Meeting, audit};
use crate::{Result, Store, StoreError};

impl Store {
    pub async fn create_meeting(&self, collaboration_id: i64, m: &NewMeeting, user_id: i64, now: i64) -> Result<i64> {
        let t = m.starts_at;
        let starts_at = format!("{}T{:02}:{:02}", t.date(), t.hour(), t.minute());
        crate::insert_returning_id(
            sqlx::query_scalar(
                "INSERT INTO meetings (collaboration_id, starts_at, place, online_url, purpose, issues, participants, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(collaboration_id)
            .bind(starts_at)
            .bind(&m.place)
            .bind(m.online_url.as_deref())
            .bind(&m.purpose)
            .bind(&m.issues)
            .bind(&m.participants)
            .bind(user_id)
            .bind(now),
            &self.write,
        )
        .await
    }

    pub async fn meetings(&self, collaboration_id: i64) -> Result<Vec<Meeting>> {
        let rows = sqlx::query(
            "SELECT id, collaboration_id, starts_at, place, online_url, purpose, issues, participants, decisions, \
             discussion, minutes_at FROM meetings WHERE collaboration_id = $1 ORDER BY starts_at, id",
        )
        .bind(collaboration_id)
        .fetch_all(&self.read)
        .await?;
        // Every approval of this collaboration's meetings in one query.
        let approvals: Vec<(i64, i64)> = sqlx::query(
            "SELECT a.meeting_id, a.organization_id FROM minutes_approvals a JOIN meetings m ON m.id = a.meeting_id \
             WHERE m.collaboration_id = $1",
        )
        .bind(collaboration_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("meeting_id")?, r.try_get("organization_id")?)))
        .collect::<Result<_>>()?;
        let mut out = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let approved_by = approvals.iter().filter(|(m, _)| *m == id).map(|(_, o)| *o).collect();
            out.push(Meeting {
                id,
                collaboration_id: r.try_get("collaboration_id")?,
                starts_at: r.try_get("starts_at")?,
                place: r.try_get("place")?,
                online_url: r.try_get("online_url")?,
                purpose: r.try_get("purpose")?,
                issues: r.try_get("issues")?,
                participants: r.try_get("participants")?,
                decisions: r.try_get("decisions")?,
                discussion: r.try_get("discussion")?,
                minutes_at: r.try_get("minutes_at")?,
                approved_by,
            });
        }
        Ok(out)
    }

    /// Writes the minutes of a meeting of this collaboration with their action items, in one
    /// transaction; earlier approvals are withdrawn (the text changed). `NotFound` if the meeting
    /// belongs to another collaboration.
    pub async fn save_minutes(
        &self,
        collaboration_id: i64,
        meeting_id: i64,
        minutes: &Minutes,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let (decisions, discussion, items) = (&minutes.decisions, &minutes.discussion, &minutes.items);
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE meetings SET decisions = $3, discussion = $4, minutes_at = $5 WHERE id = $1 AND collaboration_id = $2",
        )
        .bind(meeting_id)
        .bind(collaboration_id)
        .bind(decisions)
        .bind(discussion)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM minutes_approvals WHERE meeting_id = $1")
            .bind(meeting_id)
            .execute(&mut *tx)
            .await?;
        for i in items {
            sqlx::query(
                "INSERT INTO action_items (collaboration_id, meeting_id, title, owner_name, organization_id, due, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(collaboration_id)
            .bind(meeting_id)
            .bind(&i.title)
            .bind(&i.owner_name)
            .bind(i.organization_id)
            .bind(i.due.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "minutes_saved",
            &format!("会議 {meeting_id}（宿題 {}件）", items.len()),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn approve_minutes(
        &self,
        collaboration_id: i64,
        meeting_id: i64,
        organization_id: i64,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "INSERT INTO minutes_approvals (meeting_id, organization_id, user_id, approved_at) \
             SELECT id, $3, $4, $5 FROM meetings WHERE id = $1 AND collaboration_id = $2 AND minutes_at IS NOT NULL \
             ON CONFLICT (meeting_id, organization_id) DO NOTHING",
        )
        .bind(meeting_id)
        .bind(collaboration_id)
        .bind(organization_id)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() > 0 {
            audit(
                &mut tx,
                collaboration_id,
                user_id,
                "minutes_approved",
                &format!("会議 {meeting_id}（団体 {organization_id}）"),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
