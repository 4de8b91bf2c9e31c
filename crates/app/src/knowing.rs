//! 「自分たちを知る」 (the self-assessment worksheet) and 「相手を知る」 (notes on a partner): the
//! organisation's own notes, private to its members — not even coordinators read them.

use kyodo_domain::ids::OrgId;
use kyodo_domain::worksheet::{PartnerNote, PartnerNoteInput, Worksheet, WorksheetInput};
use kyodo_store::Organization;

use crate::access::{self, OrgStanding};
use crate::{Actor, App, Error, Result, now};

/// The organisation, for its members only.
async fn members_only(app: &App, actor: &Actor, org: OrgId) -> Result<(Organization, OrgStanding)> {
    let (org, standing) = access::organization(app, Some(actor), org).await?;
    if !standing.is_member() {
        return Err(Error::Forbidden);
    }
    Ok((org, standing))
}

/// The worksheet as last saved, with when.
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn worksheet(app: &App, actor: &Actor, org: OrgId) -> Result<(Organization, Option<(Worksheet, i64)>)> {
    let (org, _) = members_only(app, actor, org).await?;
    let stored = app.store.worksheet(org.id).await?;
    Ok((org, stored))
}

/// Saves the worksheet (editors and owners). Returns when it was saved.
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn save_worksheet(app: &App, actor: &Actor, org: OrgId, input: &WorksheetInput) -> Result<i64> {
    let (org, standing) = members_only(app, actor, org).await?;
    if !standing.can_edit() {
        return Err(Error::Forbidden);
    }
    let w = Worksheet::parse(input)?;
    let at = now();
    app.store.save_worksheet(org.id, &w, actor.id, at).await?;
    Ok(at)
}

/// The organisation's notes on a partner, with when they were saved.
pub struct Notes {
    pub org: Organization,
    pub partner: Organization,
    pub note: Option<(PartnerNote, i64)>,
}

#[tracing::instrument(skip_all, fields(user = actor.id, %org, %partner))]
pub async fn partner_note(app: &App, actor: &Actor, org: OrgId, partner: OrgId) -> Result<Notes> {
    let (org, _) = members_only(app, actor, org).await?;
    let partner = app.store.organization(partner.get()).await?.ok_or(Error::NotFound)?;
    let note = app.store.partner_note(org.id, partner.id).await?;
    Ok(Notes { org, partner, note })
}

/// Saves the notes on a partner (editors and owners). Returns when they were saved.
#[tracing::instrument(skip_all, fields(user = actor.id, %org, %partner))]
pub async fn save_partner_note(
    app: &App,
    actor: &Actor,
    org: OrgId,
    partner: OrgId,
    input: &PartnerNoteInput,
) -> Result<i64> {
    let (org, standing) = members_only(app, actor, org).await?;
    if !standing.can_edit() {
        return Err(Error::Forbidden);
    }
    let partner = app.store.organization(partner.get()).await?.ok_or(Error::NotFound)?;
    let n = PartnerNote::parse(input)?;
    let at = now();
    app.store
        .save_partner_note(org.id, partner.id, &n, actor.id, at)
        .await?;
    Ok(at)
}
