//! Import and export of the interchange format: the whole file in one transaction.

use std::collections::HashMap;

use kyodo_domain::interchange::{LineError, ListingRecord, OrgRecord, Parsed, Record};
use kyodo_domain::listing::{Direction, ListingStatus, Resource};
use sqlx::Row;

use crate::organizations::{ORG_COLUMNS, organization_from};
use crate::{Result, Store, json_list, parse_list};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub organizations: usize,
    pub listings: usize,
}

/// The external id under which an organisation made in the UI is exported.
fn export_id(id: i64, external: Option<String>) -> String {
    external.unwrap_or_else(|| format!("kyodo:{id}"))
}

impl Store {
    /// Imports a parsed file: organisations upserted by `external_id`, then listings. Listings may
    /// name organisations imported earlier; an unknown one fails the whole import (nothing written).
    pub async fn import(&self, parsed: &Parsed, now: i64) -> Result<Result<ImportSummary, Vec<LineError>>> {
        self.import_with_progress(parsed, now, &|_| {}).await
    }

    /// [`Store::import`], reporting the number of records written now and then.
    pub async fn import_with_progress(
        &self,
        parsed: &Parsed,
        now: i64,
        progress: crate::Progress<'_>,
    ) -> Result<Result<ImportSummary, Vec<LineError>>> {
        let mut tx = self.write.begin().await?;
        let mut ids: HashMap<String, i64> = HashMap::new();
        let mut summary = ImportSummary::default();
        for (_, rec) in &parsed.records {
            if let Record::Organization(o) = rec {
                let id = upsert_org(&mut tx, o, now).await?;
                ids.insert(o.external_id.clone(), id);
                summary.organizations += 1;
                if summary.organizations % crate::registry::PROGRESS_EVERY == 0 {
                    progress(summary.organizations);
                }
            }
        }
        let mut missing = Vec::new();
        for (line, ext) in &parsed.external_refs {
            if ids.contains_key(ext) {
                continue;
            }
            let found: Option<i64> = sqlx::query_scalar("SELECT id FROM organizations WHERE external_id = $1")
                .bind(ext)
                .fetch_optional(&mut *tx)
                .await?;
            match found {
                Some(id) => {
                    ids.insert(ext.clone(), id);
                }
                None => missing.push(LineError {
                    line: *line,
                    message: format!("listing names unknown organization \"{ext}\""),
                }),
            }
        }
        if !missing.is_empty() {
            tx.rollback().await?;
            return Ok(Err(missing));
        }
        for (_, rec) in &parsed.records {
            if let Record::Listing(l) = rec {
                upsert_listing(&mut tx, l, ids[&l.organization], now).await?;
                summary.listings += 1;
                if summary.listings % crate::registry::PROGRESS_EVERY == 0 {
                    progress(summary.organizations + summary.listings);
                }
            }
        }
        tx.commit().await?;
        progress(summary.organizations + summary.listings);
        Ok(Ok(summary))
    }

    /// Every organisation and listing as interchange records, organisations first.
    pub async fn export(&self) -> Result<Vec<Record>> {
        let mut out = Vec::new();
        let rows = sqlx::query(&format!("SELECT {ORG_COLUMNS} FROM organizations ORDER BY id"))
            .fetch_all(&self.read)
            .await?;
        for row in &rows {
            let o = organization_from(row)?;
            out.push(Record::Organization(Box::new(OrgRecord {
                external_id: export_id(o.id, o.external_id),
                kind: o.kind,
                name: o.name,
                name_kana: o.name_kana,
                prefecture: o.prefecture,
                municipality: o.municipality,
                address: o.address,
                founded: o.founded,
                members: o.members.and_then(|n| u64::try_from(n).ok()),
                employees: o.employees.and_then(|n| u64::try_from(n).ok()),
                representative: o.representative,
                email: o.email,
                phone: o.phone,
                website: o.website,
                public_contact: o.public_contact,
                mission: o.mission,
                activities: o.activities,
                strengths: o.strengths,
                csr_policy: o.csr_policy,
                fields: o.fields,
                sdgs: o.sdgs,
                awards: o.awards,
            })));
        }
        let rows = sqlx::query(
            "SELECT l.id, l.external_id, l.direction, l.resources, l.title, l.description, l.municipality, \
             l.fields, l.sdgs, l.status, o.id AS org_id, o.external_id AS org_external_id \
             FROM listings l JOIN organizations o ON o.id = l.organization_id ORDER BY l.id",
        )
        .fetch_all(&self.read)
        .await?;
        for r in &rows {
            let direction: String = r.try_get("direction")?;
            let status: String = r.try_get("status")?;
            let resources: Vec<String> = parse_list(&r.try_get::<String, _>("resources")?);
            out.push(Record::Listing(Box::new(ListingRecord {
                external_id: export_id(r.try_get("id")?, r.try_get("external_id")?),
                organization: export_id(r.try_get("org_id")?, r.try_get("org_external_id")?),
                direction: Direction::parse(&direction).unwrap_or(Direction::Need),
                resources: resources.iter().filter_map(|c| Resource::parse(c)).collect(),
                title: r.try_get("title")?,
                description: r.try_get("description")?,
                municipality: r.try_get("municipality")?,
                fields: parse_list(&r.try_get::<String, _>("fields")?),
                sdgs: parse_list(&r.try_get::<String, _>("sdgs")?),
                status: ListingStatus::parse(&status).unwrap_or(ListingStatus::Open),
            })));
        }
        Ok(out)
    }
}

async fn upsert_org(tx: &mut sqlx::Transaction<'_, sqlx::Any>, o: &OrgRecord, now: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO organizations (external_id, kind, name, name_kana, prefecture, municipality, address, founded, \
         members, employees, representative, email, phone, website, public_contact, mission, activities, strengths, \
         csr_policy, fields, sdgs, awards, created_at, updated_at, source) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$23,'interchange') \
         ON CONFLICT (external_id) DO UPDATE SET kind = excluded.kind, name = excluded.name, \
         name_kana = excluded.name_kana, prefecture = excluded.prefecture, municipality = excluded.municipality, \
         address = excluded.address, founded = excluded.founded, members = excluded.members, \
         employees = excluded.employees, representative = excluded.representative, email = excluded.email, \
         phone = excluded.phone, website = excluded.website, public_contact = excluded.public_contact, \
         mission = excluded.mission, activities = excluded.activities, strengths = excluded.strengths, \
         csr_policy = excluded.csr_policy, fields = excluded.fields, sdgs = excluded.sdgs, awards = excluded.awards, \
         updated_at = excluded.updated_at RETURNING id",
    )
    .bind(&o.external_id)
    .bind(o.kind.as_str())
    .bind(&o.name)
    .bind(&o.name_kana)
    .bind(&o.prefecture)
    .bind(&o.municipality)
    .bind(&o.address)
    .bind(&o.founded)
    .bind(o.members.and_then(|n| i64::try_from(n).ok()))
    .bind(o.employees.and_then(|n| i64::try_from(n).ok()))
    .bind(&o.representative)
    .bind(&o.email)
    .bind(&o.phone)
    .bind(&o.website)
    .bind(i64::from(o.public_contact))
    .bind(&o.mission)
    .bind(&o.activities)
    .bind(json_list(&o.strengths))
    .bind(&o.csr_policy)
    .bind(json_list(&o.fields))
    .bind(json_list(&o.sdgs))
    .bind(json_list(&o.awards))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

async fn upsert_listing(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    l: &ListingRecord,
    organization_id: i64,
    now: i64,
) -> Result<()> {
    let resources: Vec<&str> = l.resources.iter().map(Resource::as_str).collect();
    sqlx::query(
        "INSERT INTO listings (external_id, organization_id, direction, resources, title, description, municipality, \
         fields, sdgs, status, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11) \
         ON CONFLICT (external_id) DO UPDATE SET organization_id = excluded.organization_id, \
         direction = excluded.direction, resources = excluded.resources, title = excluded.title, \
         description = excluded.description, municipality = excluded.municipality, fields = excluded.fields, \
         sdgs = excluded.sdgs, status = excluded.status, updated_at = excluded.updated_at",
    )
    .bind(&l.external_id)
    .bind(organization_id)
    .bind(l.direction.as_str())
    .bind(json_list(&resources))
    .bind(&l.title)
    .bind(&l.description)
    .bind(&l.municipality)
    .bind(json_list(&l.fields))
    .bind(json_list(&l.sdgs))
    .bind(l.status.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
