//! Collaborations: parties, stage changes and the approach log. Access is the web layer's policy.

use kyodo_domain::collaboration::approach::{Channel, Contact};
use kyodo_domain::collaboration::stage::Stage;
pub use kyodo_domain::records::{CollaborationRecord, Party};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, Store, StoreError};

#[derive(Debug, Clone)]
pub struct StageEvent {
    pub from: Option<Stage>,
    pub to: Stage,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub at: i64,
}

#[derive(Debug, Clone)]
pub struct StoredContact {
    pub id: i64,
    pub organization_name: String,
    pub contact: Contact,
    pub at: i64,
}

/// A new collaboration.
pub struct NewCollaboration<'a> {
    pub title: &'a str,
    pub lead: i64,
    pub partners: &'a [i64],
    pub theme_id: Option<i64>,
    pub proposal_id: Option<i64>,
    pub stage: Stage,
}

fn stage(s: &str) -> Result<Stage> {
    Stage::parse(s).ok_or_else(|| StoreError::Database(sqlx::Error::Decode(format!("unknown stage {s}").into())))
}

fn date(s: &str) -> Result<time::Date> {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &f).map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
}

impl Store {
    /// The collaboration, its parties and its first stage event, in one transaction.
    pub async fn create_collaboration(&self, c: &NewCollaboration<'_>, user_id: i64, now: i64) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO collaborations (title, theme_id, proposal_id, stage, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(c.title)
        .bind(c.theme_id)
        .bind(c.proposal_id)
        .bind(c.stage.as_str())
        .bind(user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let mut parties = vec![(c.lead, 1i64)];
        parties.extend(c.partners.iter().filter(|p| **p != c.lead).map(|p| (*p, 0)));
        parties.sort_unstable();
        parties.dedup_by_key(|p| p.0);
        for (org, lead) in parties {
            sqlx::query(
                "INSERT INTO collaboration_parties (collaboration_id, organization_id, lead) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(org)
            .bind(lead)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO collaboration_stage_events (collaboration_id, from_stage, to_stage, reason, user_id, created_at) \
             VALUES ($1, NULL, $2, NULL, $3, $4)",
        )
        .bind(id)
        .bind(c.stage.as_str())
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn collaboration(&self, id: i64) -> Result<Option<CollaborationRecord>> {
        let Some(r) = sqlx::query(
            "SELECT id, title, theme_id, proposal_id, stage, created_at, updated_at FROM collaborations WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?
        else {
            return Ok(None);
        };
        let parties = sqlx::query(
            "SELECT p.organization_id, o.name, p.lead FROM collaboration_parties p \
             JOIN organizations o ON o.id = p.organization_id WHERE p.collaboration_id = $1 ORDER BY p.lead DESC, o.name",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|p| {
            Ok(Party {
                organization_id: p.try_get("organization_id")?,
                name: p.try_get("name")?,
                lead: p.try_get::<i64, _>("lead")? == 1,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(Some(CollaborationRecord {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            theme_id: r.try_get("theme_id")?,
            proposal_id: r.try_get("proposal_id")?,
            stage: stage(&r.try_get::<String, _>("stage")?)?,
            parties,
            created_at: r.try_get("created_at")?,
            updated_at: r.try_get("updated_at")?,
        }))
    }

    /// The collaborations an organisation takes part in, most recently changed first.
    pub async fn collaborations_of(&self, organization_id: i64) -> Result<Vec<(i64, String, Stage, i64)>> {
        sqlx::query(
            "SELECT c.id, c.title, c.stage, c.updated_at FROM collaborations c \
             JOIN collaboration_parties p ON p.collaboration_id = c.id WHERE p.organization_id = $1 \
             ORDER BY c.updated_at DESC, c.id DESC",
        )
        .bind(organization_id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("title")?,
                stage(&r.try_get::<String, _>("stage")?)?,
                r.try_get("updated_at")?,
            ))
        })
        .collect()
    }

    /// Moves the stage if it is still `from` (another member may have moved it meanwhile: then
    /// `Conflict`), recording who, when and why, in one transaction.
    pub async fn move_stage(
        &self,
        id: i64,
        from: Stage,
        to: Stage,
        reason: Option<&str>,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query("UPDATE collaborations SET stage = $3, updated_at = $4 WHERE id = $1 AND stage = $2")
            .bind(id)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict("stage_changed"));
        }
        sqlx::query(
            "INSERT INTO collaboration_stage_events (collaboration_id, from_stage, to_stage, reason, user_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(reason)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn stage_events(&self, id: i64) -> Result<Vec<StageEvent>> {
        sqlx::query(
            "SELECT e.from_stage, e.to_stage, e.reason, u.display_name, e.created_at FROM collaboration_stage_events e \
             LEFT JOIN users u ON u.id = e.user_id WHERE e.collaboration_id = $1 ORDER BY e.id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(StageEvent {
                from: r
                    .try_get::<Option<String>, _>("from_stage")?
                    .map(|s| stage(&s))
                    .transpose()?,
                to: stage(&r.try_get::<String, _>("to_stage")?)?,
                reason: r.try_get("reason")?,
                by: r.try_get("display_name")?,
                at: r.try_get("created_at")?,
            })
        })
        .collect()
    }

    pub async fn add_contact(&self, id: i64, organization_id: i64, c: &Contact, user_id: i64, now: i64) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let cid: i64 = sqlx::query_scalar(
            "INSERT INTO approach_contacts (collaboration_id, organization_id, contact_date, channel, people, key_person, \
             said, partner_opinion, next_step, next_due, author_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(id)
        .bind(organization_id)
        .bind(c.date.to_string())
        .bind(c.channel.as_str())
        .bind(&c.people)
        .bind(&c.key_person)
        .bind(&c.said)
        .bind(&c.partner_opinion)
        .bind(&c.next_step)
        .bind(c.next_due.map(|d| d.to_string()))
        .bind(user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE collaborations SET updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(cid)
    }

    /// The approach log, oldest first.
    pub async fn contacts(&self, id: i64) -> Result<Vec<StoredContact>> {
        sqlx::query(
            "SELECT a.id, o.name, a.contact_date, a.channel, a.people, a.key_person, a.said, a.partner_opinion, \
             a.next_step, a.next_due, a.created_at FROM approach_contacts a \
             JOIN organizations o ON o.id = a.organization_id WHERE a.collaboration_id = $1 ORDER BY a.contact_date, a.id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(contact_from)
        .collect()
    }
}

fn contact_from(r: &AnyRow) -> Result<StoredContact> {
    Ok(StoredContact {
        id: r.try_get("id")?,
        organization_name: r.try_get("name")?,
        contact: Contact {
            date: date(&r.try_get::<String, _>("contact_date")?)?,
            channel: Channel::parse(&r.try_get::<String, _>("channel")?).unwrap_or(Channel::Other),
            people: r.try_get("people")?,
            key_person: r.try_get("key_person")?,
            said: r.try_get("said")?,
            partner_opinion: r.try_get("partner_opinion")?,
            next_step: r.try_get("next_step")?,
            next_due: r
                .try_get::<Option<String>, _>("next_due")?
                .map(|d| date(&d))
                .transpose()?,
        },
        at: r.try_get("created_at")?,
    })
}
