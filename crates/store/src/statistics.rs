//! What the statistics are computed from (civic groups' collaborations with companies, track
//! records, needs and worksheet ratings), and the latest computed snapshot.

use std::collections::{BTreeMap, HashMap};

use kyodo_domain::statistics::{CollaborationFact, OrgFacts, Statistics};
use sqlx::Row;

use crate::{Result, Store, parse_list};

/// Rows read per query while gathering, so memory follows the number of groups, not the tables.
const PAGE: i64 = 5000;

const UNDER_WAY: &str = "('running', 'evaluation', 'completed')";

impl Store {
    /// Every active civic group's facts, by organisation id.
    pub async fn statistics_facts(&self) -> Result<Vec<OrgFacts>> {
        let mut groups: HashMap<i64, OrgFacts> = HashMap::new();
        let mut after = 0_i64;
        loop {
            let rows = sqlx::query(
                "SELECT id, municipality FROM organizations WHERE id > $1 AND dissolved_on IS NULL \
                 AND kind IN ('npo_corporation', 'certified_npo', 'voluntary_group') ORDER BY id LIMIT $2",
            )
            .bind(after)
            .bind(PAGE)
            .fetch_all(&self.read)
            .await?;
            for r in &rows {
                after = r.try_get("id")?;
                let facts = OrgFacts {
                    municipality: r.try_get("municipality")?,
                    ..OrgFacts::default()
                };
                groups.insert(after, facts);
            }
            if (rows.len() as i64) < PAGE {
                break;
            }
        }

        let agreements: HashMap<i64, (Option<String>, Vec<String>)> = sqlx::query(&format!(
            "SELECT a.collaboration_id, a.content FROM agreements a \
             JOIN collaborations c ON c.id = a.collaboration_id AND c.stage IN {UNDER_WAY} \
             WHERE a.version = (SELECT MAX(b.version) FROM agreements b WHERE b.collaboration_id = a.collaboration_id)"
        ))
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            let content: serde_json::Value =
                serde_json::from_str(&r.try_get::<String, _>("content")?).unwrap_or_default();
            let kind = content["collaboration_type"].as_str().map(str::to_owned);
            let roles = content["roles"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|x| x["guide_roles"].as_array().cloned().unwrap_or_default())
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            Ok((r.try_get("collaboration_id")?, (kind, roles)))
        })
        .collect::<Result<_>>()?;

        let rows = sqlx::query(&format!(
            "SELECT p.organization_id, c.id, c.created_at FROM collaboration_parties p \
             JOIN collaborations c ON c.id = p.collaboration_id \
             WHERE c.stage IN {UNDER_WAY} AND EXISTS (SELECT 1 FROM collaboration_parties q \
             JOIN organizations o ON o.id = q.organization_id WHERE q.collaboration_id = c.id AND o.kind = 'company')"
        ))
        .fetch_all(&self.read)
        .await?;
        for r in &rows {
            let Some(g) = groups.get_mut(&r.try_get::<i64, _>("organization_id")?) else {
                continue;
            };
            let id: i64 = r.try_get("id")?;
            let (collaboration_type, roles) = agreements.get(&id).cloned().unwrap_or_default();
            g.company_collaborations.push(CollaborationFact {
                year: kyodo_domain::era::fiscal_year(r.try_get("created_at")?),
                collaboration_type,
                roles,
            });
        }

        for r in sqlx::query("SELECT organization_id, partners, year FROM track_records")
            .fetch_all(&self.read)
            .await?
        {
            if let Some(g) = groups.get_mut(&r.try_get::<i64, _>("organization_id")?) {
                let year = r.try_get::<Option<i64>, _>("year")?.and_then(|y| i32::try_from(y).ok());
                g.track_records
                    .push((year, r.try_get::<Option<String>, _>("partners")?.unwrap_or_default()));
            }
        }

        let mut after = 0_i64;
        loop {
            let rows = sqlx::query(
                "SELECT id, organization_id, resources, created_at FROM listings \
                 WHERE id > $1 AND direction = 'need' ORDER BY id LIMIT $2",
            )
            .bind(after)
            .bind(PAGE)
            .fetch_all(&self.read)
            .await?;
            for r in &rows {
                after = r.try_get("id")?;
                if let Some(g) = groups.get_mut(&r.try_get::<i64, _>("organization_id")?) {
                    let year = kyodo_domain::era::fiscal_year(r.try_get("created_at")?);
                    g.needs.push((year, parse_list(&r.try_get::<String, _>("resources")?)));
                }
            }
            if (rows.len() as i64) < PAGE {
                break;
            }
        }

        for r in sqlx::query("SELECT organization_id, challenges FROM worksheets")
            .fetch_all(&self.read)
            .await?
        {
            if let Some(g) = groups.get_mut(&r.try_get::<i64, _>("organization_id")?) {
                let ratings: BTreeMap<usize, u8> =
                    serde_json::from_str(&r.try_get::<String, _>("challenges")?).unwrap_or_default();
                g.challenges = ratings;
            }
        }
        let mut out: Vec<(i64, OrgFacts)> = groups.into_iter().collect();
        out.sort_by_key(|(id, _)| *id);
        Ok(out.into_iter().map(|(_, g)| g).collect())
    }

    /// Replaces the snapshot with a newly computed one.
    pub async fn save_statistics(&self, s: &Statistics) -> Result<()> {
        let body = crate::workspace::json(s)?;
        sqlx::query(
            "INSERT INTO statistics_snapshots (id, computed_at, content) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO UPDATE SET computed_at = excluded.computed_at, content = excluded.content",
        )
        .bind(s.computed_at)
        .bind(body)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// The latest snapshot, if one was computed.
    pub async fn statistics(&self) -> Result<Option<Statistics>> {
        let body: Option<String> = sqlx::query_scalar("SELECT content FROM statistics_snapshots WHERE id = 1")
            .fetch_optional(&self.read)
            .await?;
        Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
    }
}
