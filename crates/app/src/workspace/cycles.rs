//! PDCA cycles: plan, do, check, act; the next cycle's plan starts from the last act.

use kyodo_domain::collaboration::cycle::CycleInput;
use kyodo_domain::ids::{CollaborationId, CycleId};

use crate::{Actor, App, Result, access, now};

/// Adds the next cycle (editors of a party). Returns its number.
#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn add(app: &App, actor: &Actor, id: CollaborationId, input: &CycleInput) -> Result<i64> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let c = input.parse()?;
    Ok(app.store.add_cycle(s.c.id, &c, actor.id, now()).await?)
}

/// Updates a cycle of this collaboration (editors of a party).
#[tracing::instrument(skip_all, fields(user = actor.id, %id, %cycle))]
pub async fn update(app: &App, actor: &Actor, id: CollaborationId, cycle: CycleId, input: &CycleInput) -> Result<()> {
    let s = access::collaboration(app, actor, id).await?;
    s.require_edit()?;
    let c = input.parse()?;
    Ok(app.store.update_cycle(s.c.id, cycle.get(), &c, actor.id, now()).await?)
}
