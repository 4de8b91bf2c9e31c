//! The agreement's versions and confirmations, and the joint project workspace: meetings with
//! minutes and action items, indicators with progress entries, PDCA cycles and the audit log.
//! Every write records its audit line in its own transaction.

mod agreements;
mod cycles;
mod indicators;
mod items;
mod meetings;

use kyodo_domain::collaboration::agreement::Agreement;
use sqlx::Row;

use crate::{Result, StoreError};

#[derive(Debug, Clone)]
pub struct StoredAgreement {
    pub version: i64,
    pub agreement: Agreement,
    pub created_at: i64,
    /// Organisations that confirmed this version, with when.
    pub confirmed_by: Vec<(i64, i64)>,
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: i64,
    pub collaboration_id: i64,
    /// `YYYY-MM-DDTHH:MM`, local time of the parties.
    pub starts_at: String,
    pub place: String,
    pub online_url: Option<String>,
    pub purpose: String,
    pub issues: String,
    pub participants: String,
    pub decisions: Option<String>,
    pub discussion: Option<String>,
    pub minutes_at: Option<i64>,
    pub approved_by: Vec<i64>,
}

#[derive(Debug, Clone)]
pub struct ActionItem {
    pub id: i64,
    pub collaboration_id: i64,
    pub collaboration_title: String,
    pub meeting_id: Option<i64>,
    pub title: String,
    pub owner_name: String,
    pub organization_id: i64,
    pub organization_name: String,
    pub due: String,
    pub done: bool,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub target: f64,
    pub start_date: String,
    pub due: String,
    pub method: String,
    /// (date, value, source), oldest first.
    pub entries: Vec<(String, f64, String)>,
}

/// One line of the audit log, in the caller's transaction.
pub(crate) async fn audit(
    conn: &mut sqlx::AnyConnection,
    collaboration_id: i64,
    user_id: i64,
    action: &str,
    detail: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_events (collaboration_id, user_id, action, detail, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(collaboration_id)
    .bind(user_id)
    .bind(action)
    .bind(detail)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct StoredCycle {
    pub id: i64,
    pub number: i64,
    pub cycle: kyodo_domain::collaboration::cycle::Cycle,
    pub updated_at: i64,
}

/// (who, action, detail, when), oldest first.
pub type AuditEvent = (Option<String>, String, String, i64);

pub(crate) const ITEM_SELECT: &str = "SELECT a.id, a.collaboration_id, c.title AS collaboration_title, a.meeting_id, a.title, \
     a.owner_name, a.organization_id, o.name AS organization_name, a.due, a.done_at FROM action_items a \
     JOIN collaborations c ON c.id = a.collaboration_id JOIN organizations o ON o.id = a.organization_id";

pub(crate) fn action_item_from(r: &sqlx::any::AnyRow) -> Result<ActionItem> {
    Ok(ActionItem {
        id: r.try_get("id")?,
        collaboration_id: r.try_get("collaboration_id")?,
        collaboration_title: r.try_get("collaboration_title")?,
        meeting_id: r.try_get("meeting_id")?,
        title: r.try_get("title")?,
        owner_name: r.try_get("owner_name")?,
        organization_id: r.try_get("organization_id")?,
        organization_name: r.try_get("organization_name")?,
        due: r.try_get("due")?,
        done: r.try_get::<Option<i64>, _>("done_at")?.is_some(),
    })
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))
}
