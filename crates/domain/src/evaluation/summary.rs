//! The short public summary of an evaluation: a headline and a few paragraphs the parties write
//! (pre-drafted from the report's figures), published only while every party's owner has agreed
//! to the words as they stand — a change takes it down until they agree again. It never holds
//! survey free text or people's names unless the parties write them in; it is the starting draft
//! of a case study later.

use serde::{Deserialize, Serialize};

use crate::errors::Invalid;
use crate::fields;

const HEADLINE_MAX: usize = 100;
const BODY_MAX: usize = 2000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub headline: String,
    pub body: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct SummaryInput {
    pub headline: String,
    pub body: String,
}

impl SummaryInput {
    pub fn parse(&self) -> Result<Summary, Invalid> {
        let mut e = Invalid::default();
        let headline = fields::text(&mut e, "headline", "見出し", &self.headline, HEADLINE_MAX, true);
        let body = fields::text(&mut e, "body", "本文", &self.body, BODY_MAX, true);
        e.into_result(|| Summary { headline, body })
    }
}

impl Summary {
    pub fn to_input(&self) -> SummaryInput {
        SummaryInput {
            headline: self.headline.clone(),
            body: self.body.clone(),
        }
    }

    /// What an agreement to publish is given to: the words exactly as they stand.
    pub fn fingerprint(&self) -> String {
        format!("{}\n\n{}", self.headline, self.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_needs_a_headline_and_a_body_within_bounds() {
        let e = SummaryInput::default().parse().unwrap_err();
        assert!(e.for_field("headline").is_some() && e.for_field("body").is_some());
        let long = SummaryInput {
            headline: "見".repeat(101),
            body: "本文".into(),
        };
        assert_eq!(
            long.parse().unwrap_err().for_field("headline").unwrap().code,
            "too_long"
        );
        let ok = SummaryInput {
            headline: " こども食堂に地域の輪 ".into(),
            body: "参加した子どもは42人に。".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.headline, "こども食堂に地域の輪");
        assert_ne!(
            ok.fingerprint(),
            Summary {
                body: "変えた".into(),
                ..ok.clone()
            }
            .fingerprint()
        );
    }
}
