//! What the actor is to one organisation: public parts for everyone, private parts (members,
//! worksheets, notes, contacts) for its members and the support centres' staff.

use kyodo_domain::account::SiteRole;
use kyodo_domain::ids::OrgId;
use kyodo_domain::organization::MemberRole;
use kyodo_store::Organization;

use crate::{Actor, App, Error, Result};

/// The actor's standing toward one organisation.
#[derive(Debug, Clone, Copy)]
pub struct OrgStanding {
    pub role: Option<MemberRole>,
    pub site: Option<SiteRole>,
}

impl OrgStanding {
    pub fn anonymous() -> Self {
        Self { role: None, site: None }
    }

    pub fn of(actor: Option<&Actor>, role: Option<MemberRole>) -> Self {
        Self {
            role,
            site: actor.map(|u| u.role),
        }
    }

    /// Coordinators and admins: verify groups, approve claims, read along when invited.
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

    /// Only members act as the organisation (write its proposals, read its work items).
    pub fn is_member(self) -> bool {
        self.role.is_some()
    }
}

/// The organisation and the actor's standing toward it; `NotFound` if there is none.
#[tracing::instrument(skip(app, actor), fields(user = actor.map(|a| a.id)))]
pub async fn organization(app: &App, actor: Option<&Actor>, id: OrgId) -> Result<(Organization, OrgStanding)> {
    let (org, role) = app
        .store
        .organization_with_role(id.get(), actor.map(|u| u.id))
        .await?
        .ok_or(Error::NotFound)?;
    Ok((org, OrgStanding::of(actor, role)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(role: Option<MemberRole>, site: Option<SiteRole>) -> OrgStanding {
        OrgStanding { role, site }
    }

    /// Subjects × actions for an organisation: every cell is declared here.
    #[test]
    fn organisation_table() {
        use MemberRole::*;
        use SiteRole::{Admin, Coordinator, User};
        // (subject, standing, view_private, edit, manage_members, staff)
        let table = [
            ("anonymous", OrgStanding::anonymous(), false, false, false, false),
            ("outsider", s(None, Some(User)), false, false, false, false),
            ("viewer", s(Some(Viewer), Some(User)), true, false, false, false),
            ("editor", s(Some(Editor), Some(User)), true, true, false, false),
            ("owner", s(Some(Owner), Some(User)), true, true, true, false),
            ("coordinator", s(None, Some(Coordinator)), true, false, false, true),
            ("admin", s(None, Some(Admin)), true, true, true, true),
        ];
        for (who, st, private, edit, manage, staff) in table {
            assert_eq!(st.can_view_private(), private, "{who} view_private");
            assert_eq!(st.can_edit(), edit, "{who} edit");
            assert_eq!(st.can_manage_members(), manage, "{who} manage_members");
            assert_eq!(st.is_staff(), staff, "{who} staff");
        }
    }
}
