//! Who may see a proposal, and how much. Drafts are private to the authoring organisation's
//! members; a partner organisation's members see the versions shared with it, and may comment,
//! until the share is revoked. Anyone else is told the proposal does not exist.

use kyodo_domain::organization::MemberRole;
use kyodo_store::{ProposalSummary, User};

use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A member of the authoring organisation; editors and owners may save versions and share.
    Author { can_edit: bool },
    /// A member of an organisation it was shared with: versions up to `up_to`, as `organization`.
    Partner { up_to: i64, organization: i64 },
}

impl Access {
    pub fn can_edit(self) -> bool {
        matches!(self, Self::Author { can_edit: true })
    }

    /// The newest version this caller may read.
    pub fn latest(self, p: &ProposalSummary) -> i64 {
        match self {
            Self::Author { .. } => p.latest_version,
            Self::Partner { up_to, .. } => up_to.min(p.latest_version),
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
}

/// The proposal and the caller's access to it; `None` when it does not exist for this caller.
pub async fn load(state: &AppState, id: i64, user: Option<&User>) -> anyhow::Result<Option<(ProposalSummary, Access)>> {
    let Some(user) = user else { return Ok(None) };
    let Some(p) = state.store.proposal(id).await? else {
        return Ok(None);
    };
    if let Some(role) = state.store.member_role(p.organization_id, user.id).await? {
        let can_edit = matches!(role, MemberRole::Owner | MemberRole::Editor);
        return Ok(Some((p, Access::Author { can_edit })));
    }
    // The shares of this proposal among the caller's organisations: the widest one counts.
    let mut best: Option<(i64, i64)> = None;
    for m in state.store.memberships(user.id).await? {
        if let Some(v) = state.store.shared_version(p.id, m.organization.id).await?
            && best.is_none_or(|(bv, _)| v > bv)
        {
            best = Some((v, m.organization.id));
        }
    }
    Ok(best.map(|(up_to, organization)| (p, Access::Partner { up_to, organization })))
}
