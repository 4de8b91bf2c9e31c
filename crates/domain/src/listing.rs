//! Collaboration listings (協働募集): what an organisation needs or can offer.

use crate::catalog::catalog;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Need,
    Offer,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Need => "need",
            Self::Offer => "offer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "need" => Some(Self::Need),
            "offer" => Some(Self::Offer),
            _ => None,
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Need => "ニーズ",
            Self::Offer => "提供",
        }
    }
}

/// A resource code (人・モノ・金・情報, refined); the catalog holds the list and names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Resource(String);

impl Resource {
    pub fn parse(code: &str) -> Option<Self> {
        catalog().resource(code).map(|r| Self(r.code.clone()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn label_ja(&self) -> &str {
        catalog().resource(&self.0).map_or("", |r| r.name.as_str())
    }

    /// All codes, for messages that list what is accepted.
    pub fn codes() -> Vec<&'static str> {
        catalog()
            .resources
            .iter()
            .map(|r| r.code.as_str())
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListingStatus {
    Open,
    Closed,
}

impl ListingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(Self::Open),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }
}
