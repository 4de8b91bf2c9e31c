//! The agreement's versions and confirmations, and the joint project workspace: meetings with
//! minutes and action items, indicators with progress entries.

use kyodo_domain::collaboration::agreement::Agreement;
use kyodo_domain::collaboration::indicator::Entry;
use kyodo_domain::collaboration::meeting::{Minutes, NewMeeting};
use sqlx::Row;

use crate::{Result, Store, StoreError};

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
async fn audit(
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

const ITEM_SELECT: &str = "SELECT a.id, a.collaboration_id, c.title AS collaboration_title, a.meeting_id, a.title, \
     a.owner_name, a.organization_id, o.name AS organization_name, a.due, a.done_at FROM action_items a \
     JOIN collaborations c ON c.id = a.collaboration_id JOIN organizations o ON o.id = a.organization_id";

fn action_item_from(r: &sqlx::any::AnyRow) -> Result<ActionItem> {
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

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Database(sqlx::Error::Encode(Box::new(e))))
}

impl Store {
    /// Saves the agreement as the next version (confirmations start afresh). Returns the version.
    pub async fn save_agreement(&self, collaboration_id: i64, a: &Agreement, user_id: i64, now: i64) -> Result<i64> {
        let body = json(a)?;
        let mut tx = self.write.begin().await?;
        // Locks the collaboration's row (PostgreSQL) so two saves get consecutive versions.
        let found = sqlx::query("UPDATE collaborations SET updated_at = $2 WHERE id = $1")
            .bind(collaboration_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        if found.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let version: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM agreements WHERE collaboration_id = $1")
                .bind(collaboration_id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO agreements (collaboration_id, version, content, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(collaboration_id)
        .bind(version)
        .bind(&body)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "agreement_saved",
            &format!("第{version}版"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    pub async fn latest_agreement(&self, collaboration_id: i64) -> Result<Option<StoredAgreement>> {
        let Some(r) = sqlx::query(
            "SELECT version, content, created_at FROM agreements WHERE collaboration_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(collaboration_id)
        .fetch_optional(&self.read)
        .await?
        else {
            return Ok(None);
        };
        let version: i64 = r.try_get("version")?;
        let agreement: Agreement = serde_json::from_str(&r.try_get::<String, _>("content")?)
            .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
        let confirmed_by = sqlx::query(
            "SELECT organization_id, confirmed_at FROM agreement_confirmations WHERE collaboration_id = $1 AND version = $2",
        )
        .bind(collaboration_id)
        .bind(version)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|c| Ok((c.try_get("organization_id")?, c.try_get("confirmed_at")?)))
        .collect::<Result<Vec<_>>>()?;
        Ok(Some(StoredAgreement {
            version,
            agreement,
            created_at: r.try_get("created_at")?,
            confirmed_by,
        }))
    }

    /// Records the confirmation of `version` by each of `organizations` (the parties the actor
    /// owns), only if it is still the latest (a newer version means the confirmer read an outdated
    /// text: `Conflict`). When every one of `parties` has then confirmed, the agreed targets become
    /// the collaboration's indicators — all in one transaction. Returns whether all have confirmed.
    pub async fn confirm_agreement(
        &self,
        collaboration_id: i64,
        version: i64,
        organizations: &[i64],
        parties: &[i64],
        user_id: i64,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "SELECT version, content FROM agreements WHERE collaboration_id = $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(collaboration_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row.filter(|r| r.try_get::<i64, _>("version").ok() == Some(version)) else {
            return Err(StoreError::Conflict("agreement_changed"));
        };
        for organization_id in organizations {
            sqlx::query(
                "INSERT INTO agreement_confirmations (collaboration_id, version, organization_id, user_id, confirmed_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (collaboration_id, version, organization_id) DO NOTHING",
            )
            .bind(collaboration_id)
            .bind(version)
            .bind(organization_id)
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            audit(
                &mut tx,
                collaboration_id,
                user_id,
                "agreement_confirmed",
                &format!("第{version}版（団体 {organization_id}）"),
                now,
            )
            .await?;
        }
        let confirmed: Vec<i64> = sqlx::query_scalar(
            "SELECT organization_id FROM agreement_confirmations WHERE collaboration_id = $1 AND version = $2",
        )
        .bind(collaboration_id)
        .bind(version)
        .fetch_all(&mut *tx)
        .await?;
        let all = parties.iter().all(|p| confirmed.contains(p));
        if all {
            let agreement: Agreement = serde_json::from_str(&row.try_get::<String, _>("content")?)
                .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
            set_indicators(&mut tx, collaboration_id, &agreement, now).await?;
        }
        tx.commit().await?;
        Ok(all)
    }

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
    #[allow(clippy::too_many_arguments, reason = "one row's columns")]
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

    #[allow(clippy::too_many_arguments, reason = "one row's columns")]
    pub async fn create_meeting(&self, collaboration_id: i64, m: &NewMeeting, user_id: i64, now: i64) -> Result<i64> {
        let t = m.starts_at;
        let starts_at = format!("{}T{:02}:{:02}", t.date(), t.hour(), t.minute());
        Ok(sqlx::query_scalar(
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
        .bind(now)
        .fetch_one(&self.write)
        .await?)
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
    #[allow(clippy::too_many_arguments, reason = "the minutes' parts and who wrote them")]
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

    /// Adds the next cycle (number = last + 1).
    pub async fn add_cycle(
        &self,
        collaboration_id: i64,
        c: &kyodo_domain::collaboration::cycle::Cycle,
        user_id: i64,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let number: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM cycles WHERE collaboration_id = $1")
                .bind(collaboration_id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO cycles (collaboration_id, number, plan, done, check_result, act, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(collaboration_id)
        .bind(number)
        .bind(&c.plan)
        .bind(&c.done)
        .bind(&c.check)
        .bind(&c.act)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::unique(e, "cycle_number"))?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "cycle_added",
            &format!("第{number}サイクル"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(number)
    }

    pub async fn update_cycle(
        &self,
        collaboration_id: i64,
        id: i64,
        c: &kyodo_domain::collaboration::cycle::Cycle,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE cycles SET plan = $3, done = $4, check_result = $5, act = $6, updated_by = $7, updated_at = $8 \
             WHERE id = $1 AND collaboration_id = $2",
        )
        .bind(id)
        .bind(collaboration_id)
        .bind(&c.plan)
        .bind(&c.done)
        .bind(&c.check)
        .bind(&c.act)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        crate::found(&done)?;
        audit(
            &mut tx,
            collaboration_id,
            user_id,
            "cycle_updated",
            &format!("サイクル {id}：{}", c.phase_ja()),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn cycles(&self, collaboration_id: i64) -> Result<Vec<StoredCycle>> {
        sqlx::query(
            "SELECT id, number, plan, done, check_result, act, updated_at FROM cycles WHERE collaboration_id = $1 ORDER BY number",
        )
        .bind(collaboration_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(StoredCycle {
                id: r.try_get("id")?,
                number: r.try_get("number")?,
                cycle: kyodo_domain::collaboration::cycle::Cycle {
                    plan: r.try_get("plan")?,
                    done: r.try_get("done")?,
                    check: r.try_get("check_result")?,
                    act: r.try_get("act")?,
                },
                updated_at: r.try_get("updated_at")?,
            })
        })
        .collect()
    }

    pub async fn audit_events(&self, collaboration_id: i64) -> Result<Vec<AuditEvent>> {
        sqlx::query(
            "SELECT u.display_name, a.action, a.detail, a.created_at FROM audit_events a \
             LEFT JOIN users u ON u.id = a.user_id WHERE a.collaboration_id = $1 ORDER BY a.id",
        )
        .bind(collaboration_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("display_name")?,
                r.try_get("action")?,
                r.try_get("detail")?,
                r.try_get("created_at")?,
            ))
        })
        .collect()
    }

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

/// Replaces the collaboration's indicators with the agreed targets (when the agreement becomes
/// confirmed). Progress entries of an indicator with the same name and unit are kept.
async fn set_indicators(tx: &mut sqlx::AnyConnection, collaboration_id: i64, a: &Agreement, now: i64) -> Result<()> {
    let existing: Vec<(i64, String, String)> =
        sqlx::query("SELECT id, name, unit FROM indicators WHERE collaboration_id = $1")
            .bind(collaboration_id)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("name")?, r.try_get("unit")?)))
            .collect::<Result<_>>()?;
    let mut kept = Vec::new();
    for t in &a.targets {
        if let Some((id, _, _)) = existing.iter().find(|(_, n, u)| *n == t.what && *u == t.unit) {
            sqlx::query(
                "UPDATE indicators SET target = $2, start_date = $3, due = $4, method = $5, baseline = $6 WHERE id = $1",
            )
            .bind(id)
            .bind(t.value)
            .bind(a.start.to_string())
            .bind(t.due.to_string())
            .bind(&t.method)
            .bind(t.baseline)
            .execute(&mut *tx)
                .await?;
            kept.push(*id);
        } else {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO indicators (collaboration_id, name, unit, baseline, target, start_date, due, method, \
                 created_at) VALUES ($1, $2, $3, $9, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(collaboration_id)
            .bind(&t.what)
            .bind(&t.unit)
            .bind(t.value)
            .bind(a.start.to_string())
            .bind(t.due.to_string())
            .bind(&t.method)
            .bind(now)
            .bind(t.baseline)
            .fetch_one(&mut *tx)
            .await?;
            kept.push(id);
        }
    }
    for (id, _, _) in existing.iter().filter(|(id, _, _)| !kept.contains(id)) {
        sqlx::query("DELETE FROM indicators WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}
