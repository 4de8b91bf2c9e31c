//! 支援センターへの相談: a group asks its support centre for help with a partner search or a
//! proposal; the centre's coordinators answer; either side closes it. The guide's intermediaries
//! (§Ⅵ-2) as a conversation with a state.

use crate::errors::{FieldError, Invalid};
use crate::text;

const MAX: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    PartnerSearch,
    Proposal,
    Other,
}

impl Topic {
    pub const ALL: [Self; 3] = [Self::PartnerSearch, Self::Proposal, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PartnerSearch => "partner_search",
            Self::Proposal => "proposal",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::PartnerSearch => "協働の相手探し",
            Self::Proposal => "企画書・提案",
            Self::Other => "そのほかの相談",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Asked, or the group wrote again: the centre's turn.
    Open,
    /// The centre answered: the group's turn.
    Answered,
    Closed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Answered => "answered",
            Self::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Answered, Self::Closed]
            .into_iter()
            .find(|t| t.as_str() == s)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Open => "センターの返事待ち",
            Self::Answered => "センターが返事しました",
            Self::Closed => "終了",
        }
    }
}

/// A message as typed: required, at most 2000 characters, line breaks kept.
pub fn message(field: &str, raw: &str) -> Result<String, FieldError> {
    text::required(field, "相談の内容", raw, MAX)
}

/// A new request: its topic and first message, checked together.
pub fn parse_request(topic: &str, body: &str) -> Result<(Topic, String), Invalid> {
    let mut errors = Invalid::default();
    let t = Topic::parse(topic.trim());
    if t.is_none() {
        errors.push(FieldError::new("topic", "required", "相談の種類を選んでください。"));
    }
    let m = errors.check(message("message", body));
    match (t, m) {
        (Some(t), Some(m)) => errors.into_result(|| (t, m)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_needs_a_topic_and_words() {
        assert_eq!(
            parse_request("partner_search", "　食品を扱う企業を探しています　").unwrap(),
            (Topic::PartnerSearch, "食品を扱う企業を探しています".into())
        );
        let e = parse_request("", " ").unwrap_err();
        assert_eq!(e.0.len(), 2);
        assert!(parse_request("proposal", &"あ".repeat(2001)).is_err());
    }
}
