//! Typed ids: a number means one kind of record, so an organisation's id cannot be passed where a
//! meeting's is expected. Parsed once at the edge from a URL segment or JSON (full-width digits
//! accepted, since people type and paste them); past the edge only the types travel.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            /// An id read back from storage (always valid there).
            pub const fn new(id: i64) -> Self {
                Self(id)
            }

            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl FromStr for $name {
            type Err = BadId;

            fn from_str(s: &str) -> Result<Self, BadId> {
                parse_positive(s).map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // A number, or a string of (possibly full-width) digits.
                #[derive(Deserialize)]
                #[serde(untagged)]
                enum Raw {
                    N(i64),
                    S(String),
                }
                match Raw::deserialize(d)? {
                    Raw::N(n) if n > 0 => Ok(Self(n)),
                    Raw::N(_) => Err(serde::de::Error::custom(BadId)),
                    Raw::S(s) => s.parse().map_err(serde::de::Error::custom),
                }
            }
        }
    )*};
}

typed_id! {
    /// 団体
    OrgId;
    /// A person's account.
    UserId;
    /// 協働募集
    ListingId;
    /// 企画書
    ProposalId;
    /// 協働のテーマ
    ThemeId;
    /// 協働
    CollaborationId;
    /// 定例会
    MeetingId;
    /// 宿題
    ActionItemId;
    /// 指標
    IndicatorId;
    /// A PDCA cycle's number within its collaboration.
    CycleId;
    /// アンケート
    SurveyId;
    /// 報道（リリース・掲載）
    MediaId;
    /// 第三者意見
    OpinionId;
    /// 成果
    OutcomeId;
    /// お知らせ
    NotificationId;
    /// An API access token.
    TokenId;
}

/// Not a record id: the edge answers 404 (a malformed id names nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadId;

impl fmt::Display for BadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a record id")
    }
}

impl std::error::Error for BadId {}

fn parse_positive(s: &str) -> Result<i64, BadId> {
    let s = crate::text::to_halfwidth_ascii(s.trim());
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(BadId);
    }
    s.parse::<i64>().ok().filter(|n| *n > 0).ok_or(BadId)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_full_width_digits_and_nothing_else() {
        assert_eq!("１２".parse::<OrgId>(), Ok(OrgId::new(12)));
        assert_eq!(" 7 ".parse::<MeetingId>(), Ok(MeetingId::new(7)));
        for bad in ["", "1 2", "0", "-1", "+1", "1e3", "%0A", "99999999999999999999", "一"] {
            assert_eq!(bad.parse::<OrgId>(), Err(BadId), "{bad:?}");
        }
    }

    #[test]
    fn ids_deserialize_from_numbers_and_strings() {
        let a: CollaborationId = serde_json::from_str("3").unwrap();
        let b: CollaborationId = serde_json::from_str("\"３\"").unwrap();
        assert_eq!(a, b);
        assert!(serde_json::from_str::<CollaborationId>("0").is_err());
        assert_eq!(serde_json::to_string(&a).unwrap(), "3");
    }
}
