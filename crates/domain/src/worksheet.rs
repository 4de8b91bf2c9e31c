//! 「自分たちを知る」: the guide's self-analysis checklist (§Ⅲ-2(3)) and the white paper's
//! challenges (§Ⅲ-3(2)) as a private worksheet; and 「相手を知る」 notes about a partner.

use std::collections::BTreeMap;

use crate::catalog::catalog;
use crate::{FieldError, Invalid, text};

/// How much a white-paper challenge weighs on the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChallengeRating {
    NotAnIssue = 1,
    Somewhat = 2,
    Major = 3,
}

impl ChallengeRating {
    pub const ALL: [Self; 3] = [Self::NotAnIssue, Self::Somewhat, Self::Major];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| (*r as u8).to_string() == s.trim())
    }

    pub fn value(self) -> u8 {
        self as u8
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::NotAnIssue => "課題ではない",
            Self::Somewhat => "やや課題",
            Self::Major => "大きな課題",
        }
    }
}

#[derive(Debug, Default, Clone)]
pub struct WorksheetInput {
    pub mission: String,
    pub characteristics: String,
    pub strengths: String,
    pub weaknesses: String,
    pub can_offer: String,
    /// Challenge index (0-based, in the catalog's order) → rating as typed.
    pub challenges: BTreeMap<usize, String>,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Worksheet {
    pub mission: Option<String>,
    pub characteristics: Option<String>,
    pub strengths: Option<String>,
    pub weaknesses: Option<String>,
    pub can_offer: Option<String>,
    pub challenges: BTreeMap<usize, ChallengeRating>,
}

const MAX: usize = 4000;

impl Worksheet {
    pub fn parse(input: &WorksheetInput) -> Result<Self, Invalid> {
        let mut e = Invalid::default();
        let mut opt = |f: &str, label: &str, v: &str| e.check(text::optional(f, label, Some(v), MAX, true)).flatten();
        let mission = opt("mission", "ミッション", &input.mission);
        let characteristics = opt("characteristics", "特性", &input.characteristics);
        let strengths = opt("strengths", "強み", &input.strengths);
        let weaknesses = opt("weaknesses", "弱み", &input.weaknesses);
        let can_offer = opt("can_offer", "相手に提供できること", &input.can_offer);
        let count = catalog().civic_groups.challenges.len();
        let mut challenges = BTreeMap::new();
        for (i, v) in &input.challenges {
            if v.trim().is_empty() {
                continue;
            }
            match ChallengeRating::parse(v).filter(|_| *i < count) {
                Some(r) => {
                    challenges.insert(*i, r);
                }
                None => e.push(FieldError::new(
                    format!("challenge_{i}"),
                    "unknown_choice",
                    "評価の選択が正しくありません。",
                )),
            }
        }
        e.into_result(|| Self {
            mission,
            characteristics,
            strengths,
            weaknesses,
            can_offer,
            challenges,
        })
    }
}

#[derive(Debug, Default, Clone)]
pub struct PartnerNoteInput {
    pub culture: String,
    pub understanding: String,
    pub wants: String,
    pub other: String,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct PartnerNote {
    pub culture: Option<String>,
    pub understanding: Option<String>,
    pub wants: Option<String>,
    pub other: Option<String>,
}

impl PartnerNote {
    pub fn parse(input: &PartnerNoteInput) -> Result<Self, Invalid> {
        let mut e = Invalid::default();
        let mut opt = |f: &str, label: &str, v: &str| e.check(text::optional(f, label, Some(v), MAX, true)).flatten();
        let culture = opt("culture", "組織文化", &input.culture);
        let understanding = opt("understanding", "協働の目的の理解", &input.understanding);
        let wants = opt("wants", "相手が求めていること", &input.wants);
        let other = opt("other", "その他", &input.other);
        e.into_result(|| Self {
            culture,
            understanding,
            wants,
            other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_one_to_three_for_known_challenges() {
        let mut input = WorksheetInput {
            mission: "居場所づくり".into(),
            ..Default::default()
        };
        input.challenges.insert(0, "3".into());
        input.challenges.insert(1, "".into());
        let w = Worksheet::parse(&input).unwrap();
        assert_eq!(w.challenges.get(&0), Some(&ChallengeRating::Major));
        assert_eq!(w.challenges.len(), 1);
        input.challenges.insert(99, "1".into());
        assert!(Worksheet::parse(&input).is_err());
    }
}
