//! Who may see a proposal, and how much. Drafts are private to the authoring organisation's
//! members; a partner organisation's members see the versions shared with it, and may comment,
//! until the share is revoked. Anyone else is told the proposal does not exist.

use kyodo_domain::ids::ProposalId;
use kyodo_domain::organization::MemberRole;
use kyodo_store::ProposalSummary;

use crate::{Actor, App, Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalAccess {
    /// A member of the authoring organisation; editors and owners may save versions and share.
    Author { can_edit: bool },
    /// A member of an organisation it was shared with: versions up to `up_to`, as `organization`,
    /// and the photos there were when that version was saved (ids up to `until`).
    Partner { up_to: i64, organization: i64, until: i64 },
}

impl ProposalAccess {
    pub fn can_edit(self) -> bool {
        matches!(self, Self::Author { can_edit: true })
    }

    /// The newest version this actor may read.
    pub fn latest(self, p: &ProposalSummary) -> i64 {
        match self {
            Self::Author { .. } => p.latest_version,
            Self::Partner { up_to, .. } => up_to.min(p.latest_version),
        }
    }

    /// Photos with ids up to this are shown (a partner: those there were when its version was saved).
    pub fn photos_until(self) -> i64 {
        match self {
            Self::Author { .. } => i64::MAX,
            Self::Partner { until, .. } => until,
        }
    }

    pub fn may_read(self, p: &ProposalSummary, version: i64) -> bool {
        (1..=self.latest(p)).contains(&version)
    }

    /// The organisation a comment is written as.
    pub fn commenting_as(self, p: &ProposalSummary) -> i64 {
        match self {
            Self::Author { .. } => p.organization_id,
            Self::Partner { organization, .. } => organization,
        }
    }

    /// For a write: editors and owners of the author only.
    pub fn require_edit(self) -> Result<()> {
        if self.can_edit() { Ok(()) } else { Err(Error::Forbidden) }
    }
}

/// The proposal and the actor's access to it; `NotFound` when it does not exist for this actor.
#[tracing::instrument(skip(app, actor), fields(user = actor.id))]
pub async fn proposal(app: &App, actor: &Actor, id: ProposalId) -> Result<(ProposalSummary, ProposalAccess)> {
    let p = app.store.proposal(id.get()).await?.ok_or(Error::NotFound)?;
    if let Some(role) = app.store.member_role(p.organization_id, actor.id).await? {
        let can_edit = matches!(role, MemberRole::Owner | MemberRole::Editor);
        return Ok((p, ProposalAccess::Author { can_edit }));
    }
    // The shares of this proposal among the actor's organisations: the widest one counts.
    let mut best: Option<(i64, i64)> = None;
    for m in app.store.memberships(actor.id).await? {
        if let Some(v) = app.store.shared_version(p.id, m.organization.id).await?
            && best.is_none_or(|(bv, _)| v > bv)
        {
            best = Some((v, m.organization.id));
        }
    }
    let (up_to, organization) = best.ok_or(Error::NotFound)?;
    // What a partner sees of the proposal comes from the version shared with it: its title,
    // number and date, never the author's newer drafts.
    let up_to = up_to.min(p.latest_version);
    let (title, saved_at, until) = app.store.version_title(p.id, up_to).await?.ok_or(Error::NotFound)?;
    let p = ProposalSummary {
        title,
        latest_version: up_to,
        updated_at: saved_at,
        ..p
    };
    Ok((
        p,
        ProposalAccess::Partner {
            up_to,
            organization,
            until,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(latest: i64) -> ProposalSummary {
        ProposalSummary {
            id: 1,
            organization_id: 10,
            organization_name: String::new(),
            partner_id: None,
            theme_id: None,
            title: String::new(),
            latest_version: latest,
            created_at: 0,
            updated_at: 0,
        }
    }

    /// Subjects × actions for a proposal with three versions, the partner shown up to version 2.
    #[test]
    fn proposal_table() {
        let p = summary(3);
        let editor = ProposalAccess::Author { can_edit: true };
        let viewer = ProposalAccess::Author { can_edit: false };
        let partner = ProposalAccess::Partner {
            up_to: 2,
            organization: 20,
            until: 100,
        };
        // (subject, access, edit, latest readable, reads v3, comments as)
        for (who, a, edit, latest, v3, as_org) in [
            ("author editor", editor, true, 3, true, 10),
            ("author viewer", viewer, false, 3, true, 10),
            ("partner", partner, false, 2, false, 20),
        ] {
            assert_eq!(a.can_edit(), edit, "{who}");
            assert_eq!(a.photos_until(), if as_org == 20 { 100 } else { i64::MAX }, "{who}");
            assert_eq!(a.require_edit().is_ok(), edit, "{who}");
            assert_eq!(a.latest(&p), latest, "{who}");
            assert_eq!(a.may_read(&p, 3), v3, "{who}");
            assert!(!a.may_read(&p, 0) && !a.may_read(&p, 4), "{who}");
            assert_eq!(a.commenting_as(&p), as_org, "{who}");
        }
    }
}
