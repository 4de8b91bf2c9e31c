//! Verification of an organisation by a support-centre coordinator, as a history of events.
//!
//! A civic group declares the guide's eligibility (§Ⅲ-3(1)): not mainly religious or political,
//! not for elections, not for profit. A coordinator verifies or sends it back; a verification can
//! later be revoked. The current status is the latest event; the history is never rewritten.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationEvent {
    Declared,
    Verified,
    Rejected,
    Revoked,
}

impl VerificationEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Declared => "declared",
            Self::Verified => "verified",
            Self::Rejected => "rejected",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Declared, Self::Verified, Self::Rejected, Self::Revoked]
            .into_iter()
            .find(|e| e.as_str() == s)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Declared => "確認を申請",
            Self::Verified => "確認済み",
            Self::Rejected => "差し戻し",
            Self::Revoked => "確認を取り消し",
        }
    }

    /// Coordinators decide; members only declare.
    pub fn by_coordinator(self) -> bool {
        !matches!(self, Self::Declared)
    }
}

/// Where an organisation stands, from its latest event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationStatus {
    NotRequested,
    Pending,
    Verified,
    Rejected,
    Revoked,
}

impl VerificationStatus {
    pub fn from_latest(latest: Option<VerificationEvent>) -> Self {
        match latest {
            None => Self::NotRequested,
            Some(VerificationEvent::Declared) => Self::Pending,
            Some(VerificationEvent::Verified) => Self::Verified,
            Some(VerificationEvent::Rejected) => Self::Rejected,
            Some(VerificationEvent::Revoked) => Self::Revoked,
        }
    }

    /// Is `event` allowed next?
    pub fn allows(self, event: VerificationEvent) -> bool {
        use VerificationEvent as E;
        match event {
            E::Declared => matches!(self, Self::NotRequested | Self::Rejected | Self::Revoked),
            E::Verified | E::Rejected => self == Self::Pending,
            E::Revoked => self == Self::Verified,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotRequested => "not_requested",
            Self::Pending => "pending",
            Self::Verified => "verified",
            Self::Rejected => "rejected",
            Self::Revoked => "revoked",
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::NotRequested => "未申請",
            Self::Pending => "確認待ち",
            Self::Verified => "確認済み",
            Self::Rejected => "差し戻し",
            Self::Revoked => "確認取り消し",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::VerificationEvent as E;
    use super::VerificationStatus as S;

    #[test]
    fn the_lifecycle_of_a_verification() {
        assert!(S::NotRequested.allows(E::Declared));
        assert!(
            !S::NotRequested.allows(E::Verified),
            "nothing to verify before a declaration"
        );
        assert!(S::Pending.allows(E::Verified) && S::Pending.allows(E::Rejected));
        assert!(!S::Pending.allows(E::Declared), "no double declaration");
        assert!(S::Verified.allows(E::Revoked) && !S::Verified.allows(E::Declared));
        assert!(
            S::Rejected.allows(E::Declared),
            "a group may declare again after a rejection"
        );
        assert_eq!(S::from_latest(Some(E::Declared)), S::Pending);
    }
}
