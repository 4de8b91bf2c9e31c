//! A signed-in person's start: their organisations, their collaborations by stage with the next
//! step of the guide for each, the items waiting for their organisations, and how many
//! notifications are unread. Read through the same operations the organisation pages use, so it
//! shows nothing those pages would not.

use kyodo_domain::ids::OrgId;
use kyodo_store::{ActionItem, Membership};

use crate::collaborations::{Listed, of_organization};
use crate::workspace::items::open_of;
use crate::{Actor, App, Result};

pub struct Overview {
    pub memberships: Vec<Membership>,
    /// Each collaboration once, with the name of the actor's organisation in it; most recent first.
    pub collaborations: Vec<(Listed, String)>,
    /// Open items of the actor's organisations, soonest due first.
    pub items: Vec<ActionItem>,
    pub unread: i64,
}

#[tracing::instrument(skip_all, fields(user = actor.id))]
pub async fn overview(app: &App, actor: &Actor) -> Result<Overview> {
    let memberships = app.store.memberships(actor.id).await?;
    let mut collaborations: Vec<(Listed, String)> = Vec::new();
    let mut items: Vec<ActionItem> = Vec::new();
    for m in &memberships {
        let org = OrgId::new(m.organization.id);
        let (_, listed) = of_organization(app, actor, org).await?;
        for l in listed {
            if !collaborations.iter().any(|(c, _)| c.id == l.id) {
                collaborations.push((l, m.organization.name.clone()));
            }
        }
        let (_, open) = open_of(app, actor, org).await?;
        for i in open {
            if !i.done && !items.iter().any(|x| x.id == i.id) {
                items.push(i);
            }
        }
    }
    collaborations.sort_by_key(|(c, _)| std::cmp::Reverse(c.updated_at));
    items.sort_by(|a, b| a.due.cmp(&b.due));
    Ok(Overview {
        memberships,
        collaborations,
        items,
        unread: app.store.unread_notifications(actor.id).await?,
    })
}
