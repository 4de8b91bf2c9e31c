//! Indicators (the agreed targets) and their progress entries.

use kyodo_domain::collaboration::indicator::Entry;
use sqlx::Row;

use super::{Indicator, audit};
use crate::{Result, Store};

impl Store {
    pub async fn indicators(&self, collaboration_id: i64) -> Result<Vec<Indicator>> {
        let rows = sqlx::query(
            "SELECT id, name, unit, baseline, target, start_date, due, method FROM indicators \
             WHERE collaboration_id = $1 ORDER BY id",
        )
        .bind(collaboration_id)
        .fetch_all(&self.read)
        .await?;
        // Every entry of this collaboration's indicators in one query, in date order.
        let all: Vec<(i64, (String, f64, String))> = sqlx::query(
            "SELECT e.indicator_id, e.entry_date, e.value, e.source FROM indicator_entries e \
             JOIN indicators i ON i.id = e.indicator_id WHERE i.collaboration_id = $1 ORDER BY e.entry_date, e.id",
        )
        .bind(collaboration_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|e| {
            Ok((
                e.try_get("indicator_id")?,
                (e.try_get("entry_date")?, e.try_get("value")?, e.try_get("source")?),
            ))
        })
        .collect::<Result<_>>()?;
        let mut out = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            let entries = all.iter().filter(|(k, _)| *k == id).map(|(_, e)| e.clone()).collect();
            out.push(Indicator {
                id,
                name: r.try_get("name")?,
                unit: r.try_get("unit")?,
                baseline: r.try_get("baseline")?,
                target: r.try_get("target")?,
                start_date: r.try_get("start_date")?,
                due: r.try_get("due")?,
                method: r.try_get("method")?,
                entries,
            });
        }
        Ok(out)
    }

    /// Adds a progress entry to an indicator of this collaboration (`NotFound` otherwise).
    /// Adds a progress entry to an indicator of this collaboration (`NotFound` for another's).
    pub async fn add_indicator_entry(
        &self,
        collaboration_id: i64,
        indicator_id: i64,
        entry: &Entry,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let (date, value, source) = (entry.date.to_string(), entry.value, &entry.source);
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "INSERT INTO indicator_entries (indicator_id, entry_date, value, source, user_id, created_at) \
             SELECT id, $3, $4, $5, $6, $7 FROM indicators WHERE id = $1 AND collaboration_id = $2",
        )
        .bind(indicator_id)
        .bind(collaboration_id)
        .bind(&date)
        .bind(value)
        .bind(source)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        crate::found(&done)?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "indicator_entry",
            &format!("指標 {indicator_id}：{date} {value}（{source}）"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
