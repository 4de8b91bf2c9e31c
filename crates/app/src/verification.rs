//! Verification of civic groups and claims of imported organisations, decided by the support
//! centres' coordinators. A group declares the guide's three eligibility conditions; a coordinator
//! verifies it or sends it back with a reason, and may revoke it later; the group is told. A
//! coordinator never decides on an organisation they belong to (separation of duties).

use kyodo_domain::catalog::catalog;
use kyodo_domain::ids::OrgId;
use kyodo_domain::organization::verification::{VerificationEvent, VerificationStatus};
use kyodo_domain::{FieldError, Invalid, text};
use kyodo_store::{Claim, Organization, OrganizationSummary, VerificationRecord};

use crate::access::{self, OrgStanding};
use crate::notifications::{Notice, send};
use crate::{Actor, App, Error, Result, now};

/// An organisation's verification: its status and history, for its members and the staff.
pub struct Verification {
    pub org: Organization,
    pub standing: OrgStanding,
    pub status: VerificationStatus,
    pub history: Vec<VerificationRecord>,
}

impl Verification {
    pub fn can_declare(&self) -> bool {
        self.standing.can_edit() && self.status.allows(VerificationEvent::Declared)
    }

    /// Staff decide, except on their own organisation.
    pub fn can_decide(&self) -> bool {
        self.standing.is_staff() && !self.standing.is_member()
    }
}

#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn status(app: &App, actor: &Actor, org: OrgId) -> Result<Verification> {
    let (org, standing) = access::organization(app, Some(actor), org).await?;
    if !standing.can_view_private() {
        return Err(Error::Forbidden);
    }
    Ok(Verification {
        status: app.store.verification_status(org.id).await?,
        history: app.store.verification_history(org.id).await?,
        org,
        standing,
    })
}

/// A step as typed: `declared` (by the group, with the eligibility conditions it meets),
/// `verified`, `rejected` (with a reason) or `revoked` (by a coordinator).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct StepInput {
    pub event: String,
    pub eligibility: Vec<String>,
    pub note: String,
}

/// Takes one step of the verification. `NotFound` for an unknown step; `Conflict` when the
/// current status does not allow it.
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn step(app: &App, actor: &Actor, org: OrgId, input: &StepInput) -> Result<VerificationStatus> {
    let (org, standing) = access::organization(app, Some(actor), org).await?;
    let event = VerificationEvent::parse(input.event.trim()).ok_or(Error::NotFound)?;
    let allowed = if event.by_coordinator() {
        // Separation of duties: not on one's own organisation, nor on one's own declaration.
        standing.is_staff() && !standing.is_member() && app.store.declared_by(org.id).await? != Some(actor.id)
    } else {
        standing.can_edit()
    };
    if !allowed {
        return Err(Error::Forbidden);
    }
    let mut errors = Invalid::default();
    let note = errors
        .check(text::optional("note", "コメント", Some(&input.note), 1000, true))
        .flatten();
    let needed = catalog().civic_groups.eligibility.len();
    if event == VerificationEvent::Declared && org.kind.is_civic_group() && input.eligibility.len() < needed {
        errors.push(FieldError::new(
            "eligibility",
            "required",
            "県民活動団体として確認を受けるには、3つの要件すべてに該当することを確認してください。",
        ));
    }
    if event == VerificationEvent::Rejected && note.is_none() {
        errors.push(FieldError::required("note", "差し戻しの理由"));
    }
    if !errors.0.is_empty() {
        return Err(errors.into());
    }
    if !app
        .store
        .add_verification_event(org.id, event, actor.id, note.as_deref(), now())
        .await?
    {
        return Err(Error::Conflict {
            code: "not_allowed",
            detail: "現在の状態ではこの操作はできません。ページを再読み込みしてください。".into(),
        });
    }
    if event.by_coordinator() {
        send(
            app,
            Some(actor),
            Notice {
                to: &[org.id],
                kind: "verification",
                text: format!(
                    "{}の確認：{}{}",
                    org.name,
                    event.label_ja(),
                    note.as_deref().map(|n| format!("（{n}）")).unwrap_or_default()
                ),
                link: format!("/organizations/{}/verification", org.id),
            },
        )
        .await;
    }
    Ok(app.store.verification_status(org.id).await?)
}

/// An imported organisation nobody has claimed yet (`Forbidden` otherwise).
pub async fn claimable(app: &App, actor: &Actor, org: OrgId) -> Result<Organization> {
    let (org, _) = access::organization(app, Some(actor), org).await?;
    if !app.store.claimable(org.id).await? {
        return Err(Error::Forbidden);
    }
    Ok(org)
}

/// Claims an imported organisation: a coordinator approves it later. Claiming twice is harmless.
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn claim(app: &App, actor: &Actor, org: OrgId, message: &str) -> Result<String> {
    let org = claimable(app, actor, org).await?;
    let message =
        text::required("message", "団体との関係", message, 1000).map_err(|e| Error::Invalid(Invalid::one(e)))?;
    match app.store.create_claim(org.id, actor.id, &message, now()).await {
        Ok(_) | Err(kyodo_store::StoreError::Conflict(_)) => Ok(message),
        Err(e) => Err(e.into()),
    }
}

/// What waits for the coordinators: declarations to verify and claims to decide (staff only).
pub async fn queue(app: &App, actor: &Actor) -> Result<(Vec<(OrganizationSummary, i64)>, Vec<Claim>)> {
    if !OrgStanding::of(Some(actor), None).is_staff() {
        return Err(Error::Forbidden);
    }
    Ok((
        app.store.pending_verifications().await?,
        app.store.pending_claims().await?,
    ))
}

/// Approves a claim (the claimant becomes the owner) or rejects it (staff only). Returns whether
/// the claim was still pending; `NotFound` when there is no such claim.
#[tracing::instrument(skip_all, fields(user = actor.id, claim))]
pub async fn decide_claim(app: &App, actor: &Actor, claim: i64, approve: bool) -> Result<bool> {
    if !OrgStanding::of(Some(actor), None).is_staff() {
        return Err(Error::Forbidden);
    }
    // Nobody approves their own claim: it would make them the organisation's owner.
    match app.store.claimant(claim).await? {
        None => return Err(Error::NotFound),
        Some(claimant) if claimant == actor.id => return Err(Error::Forbidden),
        Some(_) => {}
    }
    Ok(app.store.decide_claim(claim, approve, actor.id, now()).await?)
}
