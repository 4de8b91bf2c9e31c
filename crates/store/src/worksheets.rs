//! Private worksheets (自分たちを知る) and partner notes (相手を知る). Only the organisation's
//! members ever read these; the web layer's policy makes sure.

use std::collections::BTreeMap;

use kyodo_domain::worksheet::{ChallengeRating, PartnerNote, Worksheet};
use sqlx::Row;

use crate::{Result, Store};

impl Store {
    pub async fn worksheet(&self, organization_id: i64) -> Result<Option<(Worksheet, i64)>> {
        let row = sqlx::query(
            "SELECT mission, characteristics, strengths, weaknesses, can_offer, challenges, updated_at \
             FROM worksheets WHERE organization_id = $1",
        )
        .bind(organization_id)
        .fetch_optional(&self.read)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let raw: BTreeMap<usize, u8> = serde_json::from_str(&r.try_get::<String, _>("challenges")?).unwrap_or_default();
        let challenges = raw
            .into_iter()
            .filter_map(|(i, v)| ChallengeRating::parse(&v.to_string()).map(|r| (i, r)))
            .collect();
        Ok(Some((
            Worksheet {
                mission: r.try_get("mission")?,
                characteristics: r.try_get("characteristics")?,
                strengths: r.try_get("strengths")?,
                weaknesses: r.try_get("weaknesses")?,
                can_offer: r.try_get("can_offer")?,
                challenges,
            },
            r.try_get("updated_at")?,
        )))
    }

    pub async fn save_worksheet(&self, organization_id: i64, w: &Worksheet, user_id: i64, now: i64) -> Result<()> {
        let challenges: BTreeMap<usize, u8> = w.challenges.iter().map(|(i, r)| (*i, r.value())).collect();
        sqlx::query(
            "INSERT INTO worksheets (organization_id, mission, characteristics, strengths, weaknesses, can_offer, \
             challenges, updated_at, updated_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) \
             ON CONFLICT (organization_id) DO UPDATE SET mission = excluded.mission, \
             characteristics = excluded.characteristics, strengths = excluded.strengths, \
             weaknesses = excluded.weaknesses, can_offer = excluded.can_offer, challenges = excluded.challenges, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(organization_id)
        .bind(&w.mission)
        .bind(&w.characteristics)
        .bind(&w.strengths)
        .bind(&w.weaknesses)
        .bind(&w.can_offer)
        .bind(serde_json::to_string(&challenges).unwrap_or_else(|_| "{}".into()))
        .bind(now)
        .bind(user_id)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn partner_note(&self, organization_id: i64, partner_id: i64) -> Result<Option<(PartnerNote, i64)>> {
        let row = sqlx::query(
            "SELECT culture, understanding, wants, other, updated_at FROM partner_notes \
             WHERE organization_id = $1 AND partner_id = $2",
        )
        .bind(organization_id)
        .bind(partner_id)
        .fetch_optional(&self.read)
        .await?;
        row.map(|r| {
            Ok((
                PartnerNote {
                    culture: r.try_get("culture")?,
                    understanding: r.try_get("understanding")?,
                    wants: r.try_get("wants")?,
                    other: r.try_get("other")?,
                },
                r.try_get("updated_at")?,
            ))
        })
        .transpose()
    }

    pub async fn save_partner_note(
        &self,
        organization_id: i64,
        partner_id: i64,
        n: &PartnerNote,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO partner_notes (organization_id, partner_id, culture, understanding, wants, other, updated_at, \
             updated_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (organization_id, partner_id) DO UPDATE SET \
             culture = excluded.culture, understanding = excluded.understanding, wants = excluded.wants, \
             other = excluded.other, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(organization_id)
        .bind(partner_id)
        .bind(&n.culture)
        .bind(&n.understanding)
        .bind(&n.wants)
        .bind(&n.other)
        .bind(now)
        .bind(user_id)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Logo bytes, already validated by the caller.
    pub async fn save_logo(&self, organization_id: i64, content_type: &str, bytes: &[u8], now: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO organization_logos (organization_id, content_type, bytes, updated_at) VALUES ($1,$2,$3,$4) \
             ON CONFLICT (organization_id) DO UPDATE SET content_type = excluded.content_type, \
             bytes = excluded.bytes, updated_at = excluded.updated_at",
        )
        .bind(organization_id)
        .bind(content_type)
        .bind(bytes.to_vec())
        .bind(now)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    pub async fn logo(&self, organization_id: i64) -> Result<Option<(String, Vec<u8>, i64)>> {
        let row =
            sqlx::query("SELECT content_type, bytes, updated_at FROM organization_logos WHERE organization_id = $1")
                .bind(organization_id)
                .fetch_optional(&self.read)
                .await?;
        row.map(|r| {
            Ok((
                r.try_get("content_type")?,
                r.try_get("bytes")?,
                r.try_get("updated_at")?,
            ))
        })
        .transpose()
    }

    pub async fn delete_logo(&self, organization_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM organization_logos WHERE organization_id = $1")
            .bind(organization_id)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
