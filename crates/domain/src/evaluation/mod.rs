//! 評価 (the guide's Action IV (2)): evaluating a collaboration at its milestones with the methods
//! and figures agreed before it started — plan against actual, each party's own assessment, the
//! surveys, the media coverage won, third parties' opinions, the outcomes for each party, and the
//! lessons that feed the next PDCA cycle.

pub mod assessment;
pub mod media;
pub mod opinion;
pub mod outcome;
pub mod sheet;
pub mod summary;
pub mod survey;

use serde::{Deserialize, Serialize};

/// When an evaluation is made: 事前 (before the start: baselines and methods), 中間 (midway:
/// course correction), 事後 (after: results and lessons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Milestone {
    Before,
    Midway,
    After,
}

impl Milestone {
    pub const ALL: [Milestone; 3] = [Self::Before, Self::Midway, Self::After];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Before => "before",
            Self::Midway => "midway",
            Self::After => "after",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Before => "事前",
            Self::Midway => "中間",
            Self::After => "事後",
        }
    }

    /// What the guide asks of this milestone.
    pub fn about_ja(self) -> &'static str {
        match self {
            Self::Before => "始める前に、目標の基準値と測り方・時期を確かめます。",
            Self::Midway => "途中で目標に照らして進み具合を確かめ、必要なら進め方を変えます。",
            Self::After => "終わってから、目的の達成度と数値の効果をまとめ、次に生かします。",
        }
    }
}

impl std::fmt::Display for Milestone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A judgement of how far something was achieved: 達成・一部達成・未達成.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    Achieved,
    Partly,
    NotAchieved,
}

impl Judgement {
    pub const ALL: [Judgement; 3] = [Self::Achieved, Self::Partly, Self::NotAchieved];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Achieved => "achieved",
            Self::Partly => "partly",
            Self::NotAchieved => "not_achieved",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|j| j.as_str() == s)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Achieved => "達成",
            Self::Partly => "一部達成",
            Self::NotAchieved => "未達成",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_and_judgements_read_back() {
        for m in Milestone::ALL {
            assert_eq!(Milestone::parse(m.as_str()), Some(m));
        }
        assert_eq!(Milestone::parse("later"), None);
        assert_eq!(Judgement::parse("partly").map(Judgement::label_ja), Some("一部達成"));
        assert!(Milestone::Before < Milestone::After);
    }
}
