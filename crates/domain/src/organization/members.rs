//! Members of an organisation: invitations and role changes, with the one rule that matters —
//! an organisation always keeps at least one owner.

use super::MemberRole;

/// An invitation link works this long, once.
pub const INVITATION_DAYS: i64 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberChangeError {
    LastOwner,
}

impl MemberChangeError {
    pub fn message_ja(self) -> &'static str {
        match self {
            Self::LastOwner => {
                "オーナーが1人もいなくなるため、この変更はできません。先に別のメンバーをオーナーにしてください。"
            }
        }
    }
}

/// May a member with `current` role become `new` (None = removed), given how many owners there are?
pub fn check_change(current: MemberRole, new: Option<MemberRole>, owners: usize) -> Result<(), MemberChangeError> {
    let loses_owner = current == MemberRole::Owner && new != Some(MemberRole::Owner);
    if loses_owner && owners <= 1 {
        Err(MemberChangeError::LastOwner)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_owner_stays() {
        assert_eq!(
            check_change(MemberRole::Owner, None, 1),
            Err(MemberChangeError::LastOwner)
        );
        assert_eq!(
            check_change(MemberRole::Owner, Some(MemberRole::Editor), 1),
            Err(MemberChangeError::LastOwner)
        );
        assert!(check_change(MemberRole::Owner, None, 2).is_ok());
        assert!(check_change(MemberRole::Editor, None, 1).is_ok());
        assert!(check_change(MemberRole::Viewer, Some(MemberRole::Owner), 1).is_ok());
    }
}
