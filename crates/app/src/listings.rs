//! 協働募集 (needs and offers): created, changed and removed by the organisation's editors.

use kyodo_domain::ids::{ListingId, OrgId};
use kyodo_domain::listing::{ListingInput, ListingStatus, NewListing};
use kyodo_store::{Listing, Organization};

use crate::organizations::editable;
use crate::{Actor, App, Error, Result, access, now};

/// Posts a listing for the organisation (editors). Returns it as stored.
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn create(app: &App, actor: &Actor, org: OrgId, input: &ListingInput) -> Result<Listing> {
    let (org, _) = editable(app, actor, org).await?;
    let l = NewListing::parse(input)?;
    Ok(app.store.create_listing(org.id, &l, now()).await?)
}

/// Whether the actor may see the listing: open ones are public, the others are for the
/// organisation's members and the staff.
pub async fn visible(app: &App, actor: Option<&Actor>, l: &Listing) -> Result<bool> {
    if l.status == ListingStatus::Open {
        return Ok(true);
    }
    let Some(actor) = actor else { return Ok(false) };
    let (_, standing) = access::organization(app, Some(actor), OrgId::new(l.organization_id)).await?;
    Ok(standing.can_view_private())
}

/// The listing and its organisation, if the actor may edit them; a listing the actor may not
/// even see does not exist for them.
pub async fn editable_listing(app: &App, actor: &Actor, id: ListingId) -> Result<(Listing, Organization)> {
    let listing = app.store.listing(id.get()).await?.ok_or(Error::NotFound)?;
    match editable(app, actor, OrgId::new(listing.organization_id)).await {
        Ok((org, _)) => Ok((listing, org)),
        Err(Error::Forbidden) if !visible(app, Some(actor), &listing).await? => Err(Error::NotFound),
        Err(e) => Err(e),
    }
}

/// Replaces a listing (its organisation's editors).
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn update(app: &App, actor: &Actor, id: ListingId, input: &ListingInput) -> Result<Listing> {
    let (listing, _) = editable_listing(app, actor, id).await?;
    let l = NewListing::parse(input)?;
    app.store.update_listing(listing.id, &l, now()).await?;
    app.store.listing(listing.id).await?.ok_or(Error::NotFound)
}

/// Removes a listing (its organisation's editors).
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn delete(app: &App, actor: &Actor, id: ListingId) -> Result<OrgId> {
    let (listing, org) = editable_listing(app, actor, id).await?;
    app.store.delete_listing(listing.id).await?;
    Ok(OrgId::new(org.id))
}
