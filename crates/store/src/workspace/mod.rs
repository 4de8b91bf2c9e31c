//! The agreement's versions and confirmations, and the joint project workspace: meetings with
//! minutes and action items, indicators with progress entries, PDCA cycles and the audit log.
//! Every write records its audit line in its own transaction.

mod agreements;
mod cycles;
pub(crate) use cycles::insert_cycle;
mod indicators;
mod items;
mod meetings;

pub use kyodo_domain::records::{ActionItem, Indicator, Meeting, StoredAgreement, StoredCycle};
use sqlx::Row;

use crate::{Result, StoreError};

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
