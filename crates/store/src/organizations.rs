//! Organisations and their members.

use kyodo_domain::collaboration::CollaborationType;
use kyodo_domain::organization::disclosure::Activity;
use kyodo_domain::organization::profile::Profile;
use kyodo_domain::organization::verification::VerificationStatus;
use kyodo_domain::organization::{MemberRole, NewOrganization, OrgKind};
pub use kyodo_domain::records::Organization;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, Store, StoreError, found, json_list, parse_list};

/// What a list shows.
#[derive(Debug, Clone)]
pub struct OrganizationSummary {
    pub id: i64,
    pub external_id: Option<String>,
    pub kind: OrgKind,
    pub name: String,
    pub municipality: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Membership {
    pub organization: OrganizationSummary,
    pub role: MemberRole,
}

pub(crate) const ORG_COLUMNS: &str = "id, external_id, kind, name, name_kana, prefecture, municipality, address, \
    founded, members, employees, representative, email, phone, website, public_contact, mission, activities, \
    strengths, csr_policy, fields, sdgs, awards, social_links, open_types, csr_department, dissolved_on, source, \
    created_at, updated_at";

fn kind_from(row: &AnyRow) -> Result<OrgKind> {
    let kind: String = row.try_get("kind")?;
    OrgKind::parse(&kind).ok_or_else(|| StoreError::Database(sqlx::Error::Decode(format!("kind {kind}").into())))
}

pub(crate) fn organization_from(row: &AnyRow) -> Result<Organization> {
    let public_contact: i64 = row.try_get("public_contact")?;
    Ok(Organization {
        id: row.try_get("id")?,
        external_id: row.try_get("external_id")?,
        kind: kind_from(row)?,
        name: row.try_get("name")?,
        name_kana: row.try_get("name_kana")?,
        prefecture: row.try_get("prefecture")?,
        municipality: row.try_get("municipality")?,
        address: row.try_get("address")?,
        founded: row.try_get("founded")?,
        members: row.try_get("members")?,
        employees: row.try_get("employees")?,
        representative: row.try_get("representative")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        website: row.try_get("website")?,
        public_contact: public_contact != 0,
        mission: row.try_get("mission")?,
        activities: row.try_get("activities")?,
        strengths: parse_list(&row.try_get::<String, _>("strengths")?),
        csr_policy: row.try_get("csr_policy")?,
        fields: parse_list(&row.try_get::<String, _>("fields")?),
        sdgs: parse_list(&row.try_get::<String, _>("sdgs")?),
        awards: parse_list(&row.try_get::<String, _>("awards")?),
        social_links: parse_list(&row.try_get::<String, _>("social_links")?),
        open_types: parse_list::<String>(&row.try_get::<String, _>("open_types")?)
            .iter()
            .filter_map(|t| CollaborationType::parse(t))
            .collect(),
        csr_department: row.try_get("csr_department")?,
        dissolved_on: row.try_get("dissolved_on")?,
        source: row.try_get("source")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn summary_from(row: &AnyRow) -> Result<OrganizationSummary> {
    Ok(OrganizationSummary {
        id: row.try_get("id")?,
        external_id: row.try_get("external_id")?,
        kind: kind_from(row)?,
        name: row.try_get("name")?,
        municipality: row.try_get("municipality")?,
    })
}

/// Filters for the public list.
#[derive(Debug, Default, Clone)]
pub struct OrganizationFilter {
    pub kind: Option<OrgKind>,
    pub municipality: Option<String>,
    pub external_id: Option<String>,
    pub include_dissolved: bool,
}

impl Store {
    /// Creates an organisation and makes `owner` its owner, in one transaction.
    pub async fn create_organization(&self, new: &NewOrganization, owner: i64, now: i64) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO organizations (kind, name, name_kana, municipality, mission, activities, website, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(new.kind.as_str())
        .bind(&new.name)
        .bind(&new.name_kana)
        .bind(&new.municipality)
        .bind(&new.mission)
        .bind(&new.activities)
        .bind(&new.website)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(owner)
            .bind(MemberRole::Owner.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn organization(&self, id: i64) -> Result<Option<Organization>> {
        let row = sqlx::query(&format!("SELECT {ORG_COLUMNS} FROM organizations WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(organization_from).transpose()
    }

    /// The organisation and `user`'s role in it, in one query (every organisation page needs both).
    pub async fn organization_with_role(
        &self,
        id: i64,
        user: Option<i64>,
    ) -> Result<Option<(Organization, Option<MemberRole>)>> {
        let row = sqlx::query(&format!(
            "SELECT {ORG_COLUMNS}, (SELECT m.role FROM memberships m WHERE m.organization_id = organizations.id \
             AND m.user_id = $2) AS my_role FROM organizations WHERE id = $1"
        ))
        .bind(id)
        .bind(user.unwrap_or(0))
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let role: Option<String> = row.try_get("my_role")?;
        Ok(Some((
            organization_from(&row)?,
            role.as_deref().and_then(MemberRole::parse),
        )))
    }

    /// Saves an edited profile.
    pub async fn update_profile(&self, id: i64, p: &Profile, now: i64) -> Result<()> {
        let open_types: Vec<&str> = p.open_types.iter().map(|t| t.as_str()).collect();
        let done = sqlx::query(
            "UPDATE organizations SET kind = $1, name = $2, name_kana = $3, municipality = $4, address = $5, \
             founded = $6, members = $7, employees = $8, representative = $9, email = $10, phone = $11, \
             website = $12, public_contact = $13, mission = $14, activities = $15, strengths = $16, \
             csr_policy = $17, csr_department = $18, fields = $19, sdgs = $20, awards = $21, social_links = $22, \
             open_types = $23, updated_at = $24 WHERE id = $25",
        )
        .bind(p.kind.unwrap_or(OrgKind::VoluntaryGroup).as_str())
        .bind(&p.name)
        .bind(&p.name_kana)
        .bind(&p.municipality)
        .bind(&p.address)
        .bind(&p.founded)
        .bind(p.members.and_then(|n| i64::try_from(n).ok()))
        .bind(p.employees.and_then(|n| i64::try_from(n).ok()))
        .bind(&p.representative)
        .bind(&p.email)
        .bind(&p.phone)
        .bind(&p.website)
        .bind(i64::from(p.public_contact))
        .bind(&p.mission)
        .bind(&p.activities)
        .bind(json_list(&p.strengths))
        .bind(&p.csr_policy)
        .bind(&p.csr_department)
        .bind(json_list(&p.fields))
        .bind(json_list(&p.sdgs))
        .bind(json_list(&p.awards))
        .bind(json_list(&p.social_links))
        .bind(json_list(&open_types))
        .bind(now)
        .bind(id)
        .execute(&self.write)
        .await?;
        found(&done)
    }

    /// Deletes an organisation and everything that belongs to it (listings, members, notes…).
    pub async fn delete_organization(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM organizations WHERE id = $1")
            .bind(id)
            .execute(&self.write)
            .await?;
        found(&done)
    }

    /// Counts that raise the disclosure level: track records, open listings, verification.
    pub async fn disclosure_activity(&self, id: i64, updated_at: i64, now: i64) -> Result<Activity> {
        let track_records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM track_records WHERE organization_id = $1")
            .bind(id)
            .fetch_one(&self.read)
            .await?;
        let open_listings: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM listings WHERE organization_id = $1 AND status = 'open'")
                .bind(id)
                .fetch_one(&self.read)
                .await?;
        let verified = self.verification_status(id).await? == VerificationStatus::Verified;
        Ok(Activity {
            track_records: usize::try_from(track_records).unwrap_or(0),
            open_listings: usize::try_from(open_listings).unwrap_or(0),
            verified,
            days_since_update: (now - updated_at) / 86_400,
        })
    }

    /// A page of organisations, by name, and the total matching the filter. Dissolved
    /// organisations are left out unless the filter asks for them.
    pub async fn organizations(
        &self,
        filter: &OrganizationFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<OrganizationSummary>, i64)> {
        // Unused filters compare NULL: `($1 IS NULL OR kind = $1)` keeps one statement for all cases.
        let cond = "($1 IS NULL OR kind = $1) AND ($2 IS NULL OR municipality = $2) \
                    AND ($3 IS NULL OR external_id = $3) AND ($4 = 1 OR dissolved_on IS NULL)";
        let kind = filter.kind.map(OrgKind::as_str);
        // Looking one up by its external id finds it even when dissolved.
        let dissolved = i64::from(filter.include_dissolved || filter.external_id.is_some());
        let rows = sqlx::query(&format!(
            "SELECT id, external_id, kind, name, municipality FROM organizations WHERE {cond} \
             ORDER BY name, id LIMIT $5 OFFSET $6"
        ))
        .bind(kind)
        .bind(filter.municipality.as_deref())
        .bind(filter.external_id.as_deref())
        .bind(dissolved)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.read)
        .await?;
        let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM organizations WHERE {cond}"))
            .bind(kind)
            .bind(filter.municipality.as_deref())
            .bind(filter.external_id.as_deref())
            .bind(dissolved)
            .fetch_one(&self.read)
            .await?;
        Ok((rows.iter().map(summary_from).collect::<Result<_>>()?, total))
    }

    /// The organisations a user belongs to, with their role.
    pub async fn memberships(&self, user_id: i64) -> Result<Vec<Membership>> {
        let rows = sqlx::query(
            "SELECT o.id, o.external_id, o.kind, o.name, o.municipality, m.role FROM memberships m \
             JOIN organizations o ON o.id = m.organization_id WHERE m.user_id = $1 ORDER BY o.name, o.id",
        )
        .bind(user_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.try_get("role")?;
                Ok(Membership {
                    organization: summary_from(r)?,
                    role: MemberRole::parse(&role).unwrap_or(MemberRole::Viewer),
                })
            })
            .collect()
    }

    /// A user's role in one organisation, if any.
    pub async fn member_role(&self, organization_id: i64, user_id: i64) -> Result<Option<MemberRole>> {
        let role: Option<String> =
            sqlx::query_scalar("SELECT role FROM memberships WHERE organization_id = $1 AND user_id = $2")
                .bind(organization_id)
                .bind(user_id)
                .fetch_optional(&self.read)
                .await?;
        Ok(role.as_deref().and_then(MemberRole::parse))
    }
}

impl Store {
    /// Organisations this one has worked with or written to: partners of its proposals, those it
    /// shared with or that shared with it, and the other parties of its collaborations.
    pub async fn past_partners(&self, organization_id: i64, limit: i64) -> Result<Vec<OrganizationSummary>> {
        let rows = sqlx::query(
            "SELECT id, external_id, kind, name, municipality FROM organizations WHERE id <> $1 \
             AND dissolved_on IS NULL AND id IN ( \
               SELECT partner_id FROM proposals WHERE organization_id = $1 AND partner_id IS NOT NULL \
               UNION SELECT s.organization_id FROM proposal_shares s JOIN proposals p ON p.id = s.proposal_id \
                 WHERE p.organization_id = $1 \
               UNION SELECT p.organization_id FROM proposal_shares s JOIN proposals p ON p.id = s.proposal_id \
                 WHERE s.organization_id = $1 \
               UNION SELECT b.organization_id FROM collaboration_parties a \
                 JOIN collaboration_parties b ON b.collaboration_id = a.collaboration_id \
                 WHERE a.organization_id = $1) \
             ORDER BY name, id LIMIT $2",
        )
        .bind(organization_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(summary_from).collect()
    }

    /// Organisations whose name is exactly `name` (the database's answer, never the index's).
    pub async fn organizations_named(&self, name: &str) -> Result<Vec<OrganizationSummary>> {
        let rows = sqlx::query(
            "SELECT id, external_id, kind, name, municipality FROM organizations WHERE name = $1 \
             ORDER BY dissolved_on IS NOT NULL, id LIMIT 20",
        )
        .bind(name)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(summary_from).collect()
    }

    /// These organisations, in the order given (those that do not exist left out), in one query.
    pub async fn organization_summaries(&self, ids: &[i64]) -> Result<Vec<OrganizationSummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT id, external_id, kind, name, municipality FROM organizations WHERE id IN ({})",
            marks.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for id in ids {
            q = q.bind(id);
        }
        let found: Vec<OrganizationSummary> = q
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(summary_from)
            .collect::<Result<_>>()?;
        Ok(ids
            .iter()
            .filter_map(|id| found.iter().find(|o| o.id == *id).cloned())
            .collect())
    }
}
