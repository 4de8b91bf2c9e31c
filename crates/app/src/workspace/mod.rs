//! The joint project workspace (Action IV): meetings with minutes and action items, indicators
//! with progress, PDCA cycles, the audit log, and the documents drawn from them. Shared by the
//! parties' members and invited coordinators (who read only); editors and owners write.

pub mod cycles;
pub mod documents;
pub mod indicators;
pub mod items;
pub mod meetings;

use kyodo_domain::ids::CollaborationId;
use kyodo_store::{ActionItem, AuditEvent, Indicator, Meeting, StoredAgreement, StoredCycle};

use crate::access::{self, CollabStanding};
use crate::{Actor, App, Result};

/// Everything the workspace shows, in one read.
pub struct Board {
    pub standing: CollabStanding,
    pub agreement: Option<StoredAgreement>,
    pub meetings: Vec<Meeting>,
    pub items: Vec<ActionItem>,
    pub indicators: Vec<Indicator>,
    pub cycles: Vec<StoredCycle>,
    /// Newest last.
    pub audit: Vec<AuditEvent>,
}

impl Board {
    /// Every party confirmed the latest agreement.
    pub fn agreed(&self) -> bool {
        crate::agreement::all_confirmed(&self.standing.c, self.agreement.as_ref())
    }
}

#[tracing::instrument(skip_all, fields(user = actor.id, %id))]
pub async fn board(app: &App, actor: &Actor, id: CollaborationId) -> Result<Board> {
    let standing = access::collaboration(app, actor, id).await?;
    let c = standing.c.id;
    Ok(Board {
        agreement: app.store.latest_agreement(c).await?,
        meetings: app.store.meetings(c).await?,
        items: app.store.action_items(Some(c), None).await?,
        indicators: app.store.indicators(c).await?,
        cycles: app.store.cycles(c).await?,
        audit: app.store.audit_events(c).await?,
        standing,
    })
}
