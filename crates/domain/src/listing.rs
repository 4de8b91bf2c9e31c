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
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Resource(String);

impl TryFrom<String> for Resource {
    type Error = String;
    fn try_from(code: String) -> Result<Self, String> {
        Self::parse(&code).ok_or_else(|| format!("unknown resource code {code:?}"))
    }
}

impl From<Resource> for String {
    fn from(r: Resource) -> String {
        r.0
    }
}

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

    /// The guide's family of the resource: 人・モノ・金・情報. Money needs meet money offers
    /// (資金 and 買取 are both 金), a venue need may be met by goods (モノ), and so on.
    pub fn family(&self) -> &str {
        catalog().resource(&self.0).map_or("", |r| r.group.as_str())
    }

    /// All codes, for messages that list what is accepted.
    pub fn codes() -> Vec<&'static str> {
        catalog().resources.iter().map(|r| r.code.as_str()).collect()
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

/// A listing form as typed.
#[derive(Debug, Default, Clone)]
pub struct ListingInput {
    pub direction: String,
    pub resources: Vec<String>,
    pub title: String,
    pub description: String,
    pub municipality: String,
    pub fields: Vec<String>,
    pub sdgs: Vec<String>,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewListing {
    pub direction: Direction,
    pub resources: Vec<Resource>,
    pub title: String,
    pub description: Option<String>,
    pub municipality: Option<String>,
    pub fields: Vec<u8>,
    pub sdgs: Vec<u8>,
    pub status: ListingStatus,
}

impl NewListing {
    pub fn parse(input: &ListingInput) -> Result<Self, crate::Invalid> {
        use crate::organization::profile::parse_numbers;
        use crate::{FieldError, Invalid, text};
        let mut e = Invalid::default();
        let direction = e.check(Direction::parse(input.direction.trim()).ok_or_else(|| {
            FieldError::new(
                "direction",
                "required",
                "「求めていること（ニーズ）」か「提供できること」を選んでください。",
            )
        }));
        let mut resources: Vec<Resource> = Vec::new();
        for code in &input.resources {
            match Resource::parse(code.trim()) {
                Some(r) if !resources.contains(&r) => resources.push(r),
                Some(_) => {}
                None => e.push(FieldError::new(
                    "resources",
                    "unknown_choice",
                    "資源の選択が正しくありません。",
                )),
            }
        }
        if input.resources.is_empty() {
            e.push(FieldError::new(
                "resources",
                "required",
                "人・モノ・金・情報のうち、1つ以上選んでください。",
            ));
        }
        let title = e.check(text::required("title", "タイトル", &input.title, 100));
        let description = e
            .check(text::optional(
                "description",
                "説明",
                Some(&input.description),
                4000,
                true,
            ))
            .flatten();
        let municipality = e
            .check(crate::organization::parse_municipality(
                "municipality",
                &input.municipality,
            ))
            .flatten();
        let fields = e
            .check(parse_numbers("fields", "活動分野", &input.fields, 20))
            .unwrap_or_default();
        let sdgs = e
            .check(parse_numbers("sdgs", "SDGs", &input.sdgs, 17))
            .unwrap_or_default();
        let status = match input.status.trim() {
            "" => Some(ListingStatus::Open),
            s => e.check(
                ListingStatus::parse(s)
                    .ok_or_else(|| FieldError::new("status", "unknown_choice", "募集の状態が正しくありません。")),
            ),
        };
        match (direction, title, status) {
            (Some(direction), Some(title), Some(status)) if e.0.is_empty() => Ok(Self {
                direction,
                resources,
                title,
                description,
                municipality,
                fields,
                sdgs,
                status,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_needs_a_direction_a_resource_and_a_title() {
        let err = NewListing::parse(&ListingInput::default()).unwrap_err();
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["direction", "resources", "title"]);
        let ok = NewListing::parse(&ListingInput {
            direction: "offer".into(),
            resources: vec!["venue".into(), "venue".into(), "funds".into()],
            title: "月曜日の店舗貸切".into(),
            municipality: "山口市".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(ok.resources.len(), 2);
        assert_eq!(ok.status, ListingStatus::Open);
        let bad = NewListing::parse(&ListingInput {
            resources: vec!["money".into()],
            ..Default::default()
        })
        .unwrap_err();
        assert!(bad.for_field("resources").is_some());
    }
}
