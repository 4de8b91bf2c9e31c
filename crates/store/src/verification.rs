//! Verification events and claims of imported organisations (decided by coordinators).

use kyodo_domain::organization::verification::{VerificationEvent, VerificationStatus};
use kyodo_domain::organization::{MemberRole, OrgKind};
use sqlx::Row;

use crate::{OrganizationSummary, Result, Store, StoreError};

/// See [`Store::organization_facts`].
#[derive(Debug, Clone, Copy)]
pub struct OrganizationFacts {
    pub verification: VerificationStatus,
    pub has_logo: bool,
    pub claimable: bool,
}

#[derive(Debug, Clone)]
pub struct VerificationRecord {
    pub event: VerificationEvent,
    pub by: Option<String>,
    /// The support centre the coordinator worked for when deciding.
    pub centre: Option<String>,
    pub note: Option<String>,
    pub at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimStatus {
    Pending,
    Approved,
    Rejected,
}

impl ClaimStatus {
    fn parse(s: &str) -> Self {
        match s {
            "approved" => Self::Approved,
            "rejected" => Self::Rejected,
            _ => Self::Pending,
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Pending => "承認待ち",
            Self::Approved => "承認済み",
            Self::Rejected => "却下",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub id: i64,
    pub organization: OrganizationSummary,
    pub user_name: String,
    pub user_email: String,
    pub message: String,
    pub status: ClaimStatus,
    pub created_at: i64,
}

impl Store {
    pub async fn verification_status(&self, organization_id: i64) -> Result<VerificationStatus> {
        let latest: Option<String> = sqlx::query_scalar(
            "SELECT kind FROM verification_events WHERE organization_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(organization_id)
        .fetch_optional(&self.read)
        .await?;
        Ok(VerificationStatus::from_latest(
            latest.as_deref().and_then(VerificationEvent::parse),
        ))
    }

    /// Appends an event if the current status allows it (checked inside the transaction).
    /// `Ok(false)` when it does not.
    pub async fn add_verification_event(
        &self,
        organization_id: i64,
        event: VerificationEvent,
        user_id: i64,
        note: Option<&str>,
        now: i64,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let latest: Option<String> = sqlx::query_scalar(
            "SELECT kind FROM verification_events WHERE organization_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(organization_id)
        .fetch_optional(&mut *tx)
        .await?;
        let status = VerificationStatus::from_latest(latest.as_deref().and_then(VerificationEvent::parse));
        if !status.allows(event) {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO verification_events (organization_id, kind, user_id, note, created_at, centre_id) \
             VALUES ($1, $2, $3, $4, $5, (SELECT centre_id FROM users WHERE id = $3))",
        )
        .bind(organization_id)
        .bind(event.as_str())
        .bind(user_id)
        .bind(note)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn verification_history(&self, organization_id: i64) -> Result<Vec<VerificationRecord>> {
        let rows = sqlx::query(
            "SELECT v.kind, u.display_name, c.name AS centre_name, v.note, v.created_at FROM verification_events v \
             LEFT JOIN users u ON u.id = v.user_id LEFT JOIN organizations c ON c.id = v.centre_id \
             WHERE v.organization_id = $1 ORDER BY v.id DESC",
        )
        .bind(organization_id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok(VerificationRecord {
                    event: VerificationEvent::parse(&kind).unwrap_or(VerificationEvent::Declared),
                    by: r.try_get("display_name")?,
                    centre: r.try_get("centre_name")?,
                    note: r.try_get("note")?,
                    at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Organisations whose latest event is a declaration: the coordinators' queue.
    pub async fn pending_verifications(&self) -> Result<Vec<(OrganizationSummary, i64)>> {
        let rows = sqlx::query(
            "SELECT o.id, o.external_id, o.kind, o.name, o.municipality, v.created_at FROM verification_events v \
             JOIN organizations o ON o.id = v.organization_id \
             WHERE v.kind = 'declared' AND v.id = (SELECT MAX(id) FROM verification_events w WHERE w.organization_id = v.organization_id) \
             ORDER BY v.id",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok((
                    OrganizationSummary {
                        id: r.try_get("id")?,
                        external_id: r.try_get("external_id")?,
                        kind: OrgKind::parse(&kind).unwrap_or(OrgKind::VoluntaryGroup),
                        name: r.try_get("name")?,
                        municipality: r.try_get("municipality")?,
                    },
                    r.try_get("created_at")?,
                ))
            })
            .collect()
    }

    // --- claims ------------------------------------------------------------------------------

    /// Can this organisation be claimed? Imported, and nobody belongs to it yet.
    /// What an organisation's page shows beside its profile, in one query: its verification
    /// status, whether it has a logo, and whether it can be claimed (imported, no members).
    pub async fn organization_facts(&self, organization_id: i64) -> Result<OrganizationFacts> {
        let row = sqlx::query(
            "SELECT o.source, \
             (SELECT COUNT(*) FROM memberships m WHERE m.organization_id = o.id) AS members, \
             (SELECT COUNT(*) FROM organization_logos g WHERE g.organization_id = o.id) AS logos, \
             (SELECT v.kind FROM verification_events v WHERE v.organization_id = o.id ORDER BY v.id DESC LIMIT 1) \
             AS latest FROM organizations o WHERE o.id = $1",
        )
        .bind(organization_id)
        .fetch_optional(&self.read)
        .await?;
        let row = row.ok_or(StoreError::NotFound)?;
        let source: String = row.try_get("source")?;
        let members: i64 = row.try_get("members")?;
        let logos: i64 = row.try_get("logos")?;
        let latest: Option<String> = row.try_get("latest")?;
        Ok(OrganizationFacts {
            verification: VerificationStatus::from_latest(latest.as_deref().and_then(VerificationEvent::parse)),
            has_logo: logos > 0,
            claimable: source != "web" && members == 0,
        })
    }

    pub async fn claimable(&self, organization_id: i64) -> Result<bool> {
        let row = sqlx::query(
            "SELECT o.source, (SELECT COUNT(*) FROM memberships m WHERE m.organization_id = o.id) AS members \
             FROM organizations o WHERE o.id = $1",
        )
        .bind(organization_id)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else {
            return Err(StoreError::NotFound);
        };
        let source: String = row.try_get("source")?;
        let members: i64 = row.try_get("members")?;
        Ok(source != "web" && members == 0)
    }

    /// Files a claim; `Conflict("claim")` if this user already has one pending for it.
    pub async fn create_claim(&self, organization_id: i64, user_id: i64, message: &str, now: i64) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM claims WHERE organization_id = $1 AND user_id = $2 AND status = 'pending'",
        )
        .bind(organization_id)
        .bind(user_id)
        .fetch_one(&mut *tx)
        .await?;
        if pending > 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict("claim"));
        }
        let id = sqlx::query_scalar(
            "INSERT INTO claims (organization_id, user_id, message, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(organization_id)
        .bind(user_id)
        .bind(message)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn pending_claims(&self) -> Result<Vec<Claim>> {
        self.claims_where("c.status = 'pending'", None).await
    }

    pub async fn claims_by_user(&self, user_id: i64) -> Result<Vec<Claim>> {
        self.claims_where("c.user_id = $1", Some(user_id)).await
    }

    async fn claims_where(&self, cond: &str, arg: Option<i64>) -> Result<Vec<Claim>> {
        let sql = format!(
            "SELECT c.id, c.message, c.status, c.created_at, u.display_name, u.email, \
             o.id AS org_id, o.external_id, o.kind, o.name, o.municipality FROM claims c \
             JOIN users u ON u.id = c.user_id JOIN organizations o ON o.id = c.organization_id \
             WHERE {cond} ORDER BY c.id DESC"
        );
        let mut q = sqlx::query(&sql);
        if let Some(a) = arg {
            q = q.bind(a);
        }
        let rows = q.fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok(Claim {
                    id: r.try_get("id")?,
                    organization: OrganizationSummary {
                        id: r.try_get("org_id")?,
                        external_id: r.try_get("external_id")?,
                        kind: OrgKind::parse(&kind).unwrap_or(OrgKind::NpoCorporation),
                        name: r.try_get("name")?,
                        municipality: r.try_get("municipality")?,
                    },
                    user_name: r.try_get("display_name")?,
                    user_email: r.try_get("email")?,
                    message: r.try_get("message")?,
                    status: ClaimStatus::parse(&r.try_get::<String, _>("status")?),
                    created_at: r.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Decides a pending claim. Approval makes the claimant owner — only if the organisation still
    /// has no members (a second approval for the same organisation is refused). `Ok(false)` when
    /// the claim was not pending or the organisation was taken meanwhile.
    /// Who made a claim (the person who would become the organisation's owner).
    pub async fn claimant(&self, claim_id: i64) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT user_id FROM claims WHERE id = $1")
            .bind(claim_id)
            .fetch_optional(&self.read)
            .await?)
    }

    /// Who made the organisation's latest declaration (the request a coordinator decides on).
    pub async fn declared_by(&self, organization_id: i64) -> Result<Option<i64>> {
        let by: Option<Option<i64>> = sqlx::query_scalar(
            "SELECT user_id FROM verification_events WHERE organization_id = $1 AND kind = 'declared' \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(organization_id)
        .fetch_optional(&self.read)
        .await?;
        Ok(by.flatten())
    }

    pub async fn decide_claim(&self, claim_id: i64, approve: bool, coordinator: i64, now: i64) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query("SELECT organization_id, user_id FROM claims WHERE id = $1 AND status = 'pending'")
            .bind(claim_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            return Ok(false);
        };
        let org: i64 = row.try_get("organization_id")?;
        let user: i64 = row.try_get("user_id")?;
        if approve {
            let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships WHERE organization_id = $1")
                .bind(org)
                .fetch_one(&mut *tx)
                .await?;
            if members > 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            sqlx::query("INSERT INTO memberships (organization_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)")
                .bind(org)
                .bind(user)
                .bind(MemberRole::Owner.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE claims SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4")
            .bind(if approve { "approved" } else { "rejected" })
            .bind(coordinator)
            .bind(now)
            .bind(claim_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}
