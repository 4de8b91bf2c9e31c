//! Import of the national NPO registry: upserts keyed by 法人番号 (`npo:<番号>`), in one
//! transaction. A profile its own people have claimed keeps their edits; the registry still
//! updates what only it knows (certification and dissolution).

use kyodo_domain::organization::registry::RegistryRecord as NpoRecord;

use crate::{Result, Store, json_list};

/// Called now and then with the number of records written so far.
pub type Progress<'a> = &'a (dyn Fn(usize) + Sync);

pub const PROGRESS_EVERY: usize = 1000;

impl Store {
    pub async fn import_registry(&self, records: &[NpoRecord], now: i64, progress: Progress<'_>) -> Result<usize> {
        let mut tx = self.write.begin().await?;
        for (i, r) in records.iter().enumerate() {
            sqlx::query(
                "INSERT INTO organizations (external_id, kind, name, name_kana, prefecture, municipality, address, \
                 founded, representative, mission, activities, fields, dissolved_on, source, created_at, updated_at) \
                 VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,'npo_portal',$14,$14) \
                 ON CONFLICT (external_id) DO UPDATE SET kind = excluded.kind, name = excluded.name, \
                 name_kana = excluded.name_kana, prefecture = excluded.prefecture, municipality = excluded.municipality, \
                 address = excluded.address, founded = excluded.founded, representative = excluded.representative, \
                 mission = excluded.mission, activities = excluded.activities, fields = excluded.fields, \
                 dissolved_on = excluded.dissolved_on, updated_at = excluded.updated_at \
                 WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = organizations.id)",
            )
            .bind(&r.external_id)
            .bind(r.kind.as_str())
            .bind(&r.name)
            .bind(&r.name_kana)
            .bind(r.prefecture.as_deref().unwrap_or("山口県"))
            .bind(&r.municipality)
            .bind(&r.address)
            .bind(&r.founded)
            .bind(&r.representative)
            .bind(&r.mission)
            .bind(&r.activities)
            .bind(json_list(&r.fields))
            .bind(&r.dissolved_on)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE organizations SET kind = $1, dissolved_on = $2 WHERE external_id = $3 \
                 AND EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = organizations.id)",
            )
            .bind(r.kind.as_str())
            .bind(&r.dissolved_on)
            .bind(&r.external_id)
            .execute(&mut *tx)
            .await?;
            if (i + 1) % PROGRESS_EVERY == 0 {
                progress(i + 1);
            }
        }
        tx.commit().await?;
        progress(records.len());
        Ok(records.len())
    }
}
