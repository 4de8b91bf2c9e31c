//! Action items: a collaboration's, an organisation's open ones, and the reminders due.

use super::{ActionItem, ITEM_SELECT, action_item_from};
use crate::{Result, Store};

impl Store {
    /// Action items of a collaboration, or (with `organization`) an organisation's open ones
    /// across its collaborations; by due date.
    pub async fn action_items(
        &self,
        collaboration_id: Option<i64>,
        organization: Option<i64>,
    ) -> Result<Vec<ActionItem>> {
        let (cond, id) = match (collaboration_id, organization) {
            (Some(c), _) => ("a.collaboration_id = $1", c),
            (None, Some(o)) => ("a.organization_id = $1 AND a.done_at IS NULL", o),
            (None, None) => return Ok(Vec::new()),
        };
        sqlx::query(&format!("{ITEM_SELECT} WHERE {cond} ORDER BY a.due, a.id"))
            .bind(id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(action_item_from)
            .collect()
    }

    pub async fn set_action_item_done(&self, collaboration_id: i64, item_id: i64, done: bool, now: i64) -> Result<()> {
        let r = sqlx::query("UPDATE action_items SET done_at = $3 WHERE id = $1 AND collaboration_id = $2")
            .bind(item_id)
            .bind(collaboration_id)
            .bind(done.then_some(now))
            .execute(&self.write)
            .await?;
        crate::found(&r)
    }

    /// Open items due on or before `by` (`YYYY-MM-DD`) whose organisation was not yet reminded,
    /// marked reminded in the same transaction (so two servers do not both remind).
    pub async fn take_items_to_remind(&self, by: &str, now: i64) -> Result<Vec<ActionItem>> {
        let mut tx = self.write.begin().await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM action_items WHERE done_at IS NULL AND reminded_at IS NULL AND due <= $1 ORDER BY id",
        )
        .bind(by)
        .fetch_all(&mut *tx)
        .await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Built from integers only.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        sqlx::query(&format!(
            "UPDATE action_items SET reminded_at = $1 WHERE id IN ({list})"
        ))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let items = sqlx::query(&format!("{ITEM_SELECT} WHERE a.id IN ({list}) ORDER BY a.id"))
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(action_item_from)
            .collect::<Result<Vec<_>>>()?;
        tx.commit().await?;
        Ok(items)
    }
}
