//! 宿題 (action items): decided in minutes, assigned to a party, done or reopened by the parties.

use kyodo_domain::ids::{ActionItemId, CollaborationId, OrgId};
use kyodo_store::ActionItem;

use crate::{Actor, App, Error, Result, access, now};

/// Marks an item done or open again (editors of a party). An item of another collaboration does
/// not exist here.
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %item, done))]
pub async fn set_done(app: &App, actor: &Actor, id: CollaborationId, item: ActionItemId, done: bool) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    Ok(app.store.set_action_item_done(s.c.id, item.get(), done, now()).await?)
}

/// An organisation's open items across all its collaborations (its members only).
#[tracing::instrument(skip_all, fields(user = actor.id, %org))]
pub async fn open_of(app: &App, actor: &Actor, org: OrgId) -> Result<(kyodo_store::Organization, Vec<ActionItem>)> {
    let (o, standing) = access::organization(app, Some(actor), org).await?;
    if !standing.is_member() {
        return Err(Error::Forbidden);
    }
    let items = app.store.action_items(None, Some(o.id)).await?;
    Ok((o, items))
}
