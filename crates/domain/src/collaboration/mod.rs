//! A collaboration (協働): the six types of the guide (§Ⅲ-5(1)), and the record that carries a
//! partnership through its life — its stages and the approach log (Action III).

pub mod agreement;
pub mod approach;
pub mod cycle;
pub mod draft;
pub mod indicator;
pub mod meeting;
pub mod stage;

use crate::catalog::{CollaborationTypeInfo, catalog};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum CollaborationType {
    Cosponsorship,
    Committee,
    BusinessCooperation,
    Commission,
    Grant,
    Endorsement,
}

impl TryFrom<String> for CollaborationType {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s).ok_or_else(|| format!("unknown collaboration type {s:?}"))
    }
}

impl From<CollaborationType> for &'static str {
    fn from(t: CollaborationType) -> &'static str {
        t.as_str()
    }
}

impl CollaborationType {
    pub const ALL: [Self; 6] = [
        Self::Cosponsorship,
        Self::Committee,
        Self::BusinessCooperation,
        Self::Commission,
        Self::Grant,
        Self::Endorsement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cosponsorship => "cosponsorship",
            Self::Committee => "committee",
            Self::BusinessCooperation => "business_cooperation",
            Self::Commission => "commission",
            Self::Grant => "grant",
            Self::Endorsement => "endorsement",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The guide's overview, advantages and cautions for this type.
    pub fn info(self) -> &'static CollaborationTypeInfo {
        let info = catalog().collaboration_type(self.as_str());
        // Every variant is in the catalog (checked by the catalog tests).
        info.unwrap_or(&catalog().collaboration_types[0])
    }

    pub fn label_ja(self) -> &'static str {
        &self.info().name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_in_the_catalog_in_order() {
        for (t, info) in CollaborationType::ALL.iter().zip(&catalog().collaboration_types) {
            assert_eq!(t.as_str(), info.id);
            assert_eq!(CollaborationType::parse(t.as_str()), Some(*t));
        }
        assert_eq!(CollaborationType::Commission.label_ja(), "委託");
    }
}
