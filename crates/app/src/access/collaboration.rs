//! Who may see a collaboration and its workspace: the members of its parties, and the support
//! centres' coordinators the parties invited (who read along and write nothing). To anyone else it
//! does not exist. Editors and owners of a party write; only a party's owner speaks for it
//! (confirms the agreement).

use kyodo_domain::ids::CollaborationId;
use kyodo_domain::organization::MemberRole;
use kyodo_store::CollaborationRecord;

use super::OrgStanding;
use crate::{Actor, App, Error, Result};

/// The collaboration and what the actor is in it.
#[derive(Debug, Clone)]
pub struct CollabStanding {
    pub c: CollaborationRecord,
    /// The parties the actor belongs to, with the actor's role in each.
    pub memberships: Vec<(i64, MemberRole)>,
    /// Reads along as an invited coordinator (and is a member of no party).
    pub coordinator: bool,
}

impl CollabStanding {
    pub fn id(&self) -> CollaborationId {
        CollaborationId::new(self.c.id)
    }

    pub fn can_edit(&self) -> bool {
        self.memberships
            .iter()
            .any(|(_, r)| matches!(r, MemberRole::Owner | MemberRole::Editor))
    }

    pub fn require_edit(&self) -> Result<()> {
        if self.can_edit() { Ok(()) } else { Err(Error::Forbidden) }
    }

    /// The party the actor acts as (an editing membership first); `None` for a coordinator.
    pub fn party(&self) -> Option<i64> {
        self.memberships
            .iter()
            .find(|(_, r)| matches!(r, MemberRole::Owner | MemberRole::Editor))
            .or(self.memberships.first())
            .map(|(o, _)| *o)
    }

    /// The parties whose owner the actor is.
    pub fn owned(&self) -> Vec<i64> {
        self.memberships
            .iter()
            .filter(|(_, r)| *r == MemberRole::Owner)
            .map(|(o, _)| *o)
            .collect()
    }

    /// The parties the actor may write for.
    pub fn editing(&self) -> Vec<i64> {
        self.memberships
            .iter()
            .filter(|(_, r)| matches!(r, MemberRole::Owner | MemberRole::Editor))
            .map(|(o, _)| *o)
            .collect()
    }

    pub fn party_ids(&self) -> Vec<i64> {
        self.c.parties.iter().map(|p| p.organization_id).collect()
    }

    pub fn party_name(&self, id: i64) -> String {
        self.c
            .parties
            .iter()
            .find(|p| p.organization_id == id)
            .map_or_else(String::new, |p| p.name.clone())
    }
}

/// The collaboration and the actor's standing in it; `NotFound` for anyone outside it.
#[tracing::instrument(skip(app, actor), fields(user = actor.id))]
pub async fn collaboration(app: &App, actor: &Actor, id: CollaborationId) -> Result<CollabStanding> {
    let c = app.store.collaboration(id.get()).await?.ok_or(Error::NotFound)?;
    let mut memberships = Vec::new();
    for p in &c.parties {
        if let Some(role) = app.store.member_role(p.organization_id, actor.id).await? {
            memberships.push((p.organization_id, role));
        }
    }
    // An invited coordinator reads along only while they still hold the coordinator role.
    let coordinator = memberships.is_empty()
        && OrgStanding::of(Some(actor), None).is_staff()
        && app.store.is_invited_coordinator(c.id, actor.id).await?;
    if memberships.is_empty() && !coordinator {
        return Err(Error::NotFound);
    }
    Ok(CollabStanding {
        c,
        memberships,
        coordinator,
    })
}

#[cfg(test)]
mod tests {
    use kyodo_domain::collaboration::stage::Stage;
    use kyodo_store::CollaborationParty as Party;

    use super::*;

    fn standing(memberships: Vec<(i64, MemberRole)>, coordinator: bool) -> CollabStanding {
        CollabStanding {
            c: CollaborationRecord {
                id: 1,
                title: String::new(),
                theme_id: None,
                proposal_id: None,
                stage: Stage::Agreement,
                parties: [(10, true), (20, false)]
                    .map(|(id, lead)| Party {
                        organization_id: id,
                        name: format!("団体{id}"),
                        lead,
                    })
                    .into(),
                created_at: 0,
                updated_at: 0,
            },
            memberships,
            coordinator,
        }
    }

    /// Subjects × actions for a collaboration of parties 10 and 20.
    #[test]
    fn collaboration_table() {
        use MemberRole::*;
        // (subject, standing, edit, acts as, owns)
        let table = [
            (
                "party viewer",
                standing(vec![(10, Viewer)], false),
                false,
                Some(10),
                vec![],
            ),
            (
                "party editor",
                standing(vec![(20, Editor)], false),
                true,
                Some(20),
                vec![],
            ),
            (
                "party owner",
                standing(vec![(10, Owner)], false),
                true,
                Some(10),
                vec![10],
            ),
            (
                "member of both",
                standing(vec![(10, Viewer), (20, Owner)], false),
                true,
                Some(20),
                vec![20],
            ),
            ("invited coordinator", standing(vec![], true), false, None, vec![]),
        ];
        for (who, s, edit, party, owned) in table {
            assert_eq!(s.can_edit(), edit, "{who}");
            assert_eq!(s.require_edit().is_ok(), edit, "{who}");
            assert_eq!(s.party(), party, "{who}");
            assert_eq!(s.owned(), owned, "{who}");
        }
    }
}
