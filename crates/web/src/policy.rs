//! Who may do what. Every route asks here; nothing else decides access.
//!
//! Scopes: public (profiles' public parts, the guide), organisation (private parts, members),
//! and the site roles coordinator and admin. Deny by default.

use kyodo_domain::account::SiteRole;
use kyodo_domain::organization::MemberRole;
use kyodo_store::{Organization, User};

/// What the caller is to one organisation.
#[derive(Debug, Clone, Copy)]
pub struct Standing {
    pub role: Option<MemberRole>,
    pub site: Option<SiteRole>,
}

impl Standing {
    #[cfg(test)]
    pub fn anonymous() -> Self {
        Self { role: None, site: None }
    }

    pub fn of(user: Option<&User>, role: Option<MemberRole>) -> Self {
        Self {
            role,
            site: user.map(|u| u.role),
        }
    }

    /// Coordinators and admins: verify groups, approve claims.
    pub fn is_staff(self) -> bool {
        matches!(self.site, Some(SiteRole::Coordinator | SiteRole::Admin))
    }

    /// Members' list, private worksheets and notes.
    pub fn can_view_private(self) -> bool {
        self.role.is_some() || self.is_staff()
    }

    /// Contact persons are personal data: public only when the organisation opted in.
    pub fn can_view_contact(self, org: &Organization) -> bool {
        org.public_contact || self.can_view_private()
    }

    pub fn can_edit(self) -> bool {
        matches!(self.role, Some(MemberRole::Owner | MemberRole::Editor)) || self.site == Some(SiteRole::Admin)
    }

    pub fn can_manage_members(self) -> bool {
        self.role == Some(MemberRole::Owner) || self.site == Some(SiteRole::Admin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(role: Option<MemberRole>, site: Option<SiteRole>) -> Standing {
        Standing { role, site }
    }

    #[test]
    fn outsiders_see_only_public_parts() {
        for st in [Standing::anonymous(), s(None, Some(SiteRole::User))] {
            assert!(!st.can_view_private() && !st.can_edit() && !st.can_manage_members());
        }
    }

    #[test]
    fn roles_grant_in_order() {
        let viewer = s(Some(MemberRole::Viewer), Some(SiteRole::User));
        let editor = s(Some(MemberRole::Editor), Some(SiteRole::User));
        let owner = s(Some(MemberRole::Owner), Some(SiteRole::User));
        assert!(viewer.can_view_private() && !viewer.can_edit());
        assert!(editor.can_edit() && !editor.can_manage_members());
        assert!(owner.can_manage_members());
        let coordinator = s(None, Some(SiteRole::Coordinator));
        assert!(coordinator.can_view_private() && !coordinator.can_edit());
        assert!(s(None, Some(SiteRole::Admin)).can_manage_members());
    }
}
