//! Outcomes (成果) for each party and for society, chosen from the guide's lists (§Ⅲ-5(3)) or
//! written freely, each tied to its evidence — a survey, a media item, an indicator, a meeting's
//! minutes or a third party's opinion — so a claim in the report names what shows it.

use serde::{Deserialize, Serialize};

use crate::catalog::catalog;
use crate::errors::{FieldError, Invalid};
use crate::fields;

/// What an outcome rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Survey,
    Media,
    Indicator,
    Meeting,
    Opinion,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 5] = [Self::Survey, Self::Media, Self::Indicator, Self::Meeting, Self::Opinion];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Survey => "survey",
            Self::Media => "media",
            Self::Indicator => "indicator",
            Self::Meeting => "meeting",
            Self::Opinion => "opinion",
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Survey => "アンケート",
            Self::Media => "掲載実績",
            Self::Indicator => "指標",
            Self::Meeting => "会議の議事録",
            Self::Opinion => "第三者意見",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One piece of evidence: a record of the collaboration, written `kind:id` in forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub id: i64,
}

impl Evidence {
    pub fn key(self) -> String {
        format!("{}:{}", self.kind.as_str(), self.id)
    }

    pub fn parse(s: &str) -> Option<Self> {
        let (k, id) = s.trim().split_once(':')?;
        Some(Self {
            kind: EvidenceKind::parse(k)?,
            id: id.parse().ok()?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The party it is an outcome for; `None` for society (社会的課題の解決).
    pub organization_id: Option<i64>,
    pub label: String,
    /// Whether the label is one of the guide's.
    pub from_guide: bool,
    pub evidence: Option<Evidence>,
    /// What the evidence shows, in a sentence (「受益者アンケートで満足 85%（n=120）」).
    pub note: String,
}

/// The guide's outcomes: the civic group's, the company's, and the one both lead to.
pub fn guide_outcomes() -> (Vec<&'static str>, Vec<&'static str>, &'static str) {
    let o = &catalog().outcomes;
    (
        o.civic_group.iter().map(String::as_str).collect(),
        o.company.iter().map(String::as_str).collect(),
        o.shared.as_str(),
    )
}

fn is_guide_outcome(label: &str) -> bool {
    let (civic, company, shared) = guide_outcomes();
    civic.contains(&label) || company.contains(&label) || shared == label
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct OutcomeInput {
    /// A party's organisation id, or `society`.
    pub party: String,
    /// One of the guide's outcomes, or empty for a free one.
    pub guide: String,
    pub free: String,
    /// `kind:id` of one of the collaboration's records, or empty.
    pub evidence: String,
    pub note: String,
}

impl OutcomeInput {
    /// Checks the outcome against the collaboration's `parties` and the `evidence` it may cite.
    pub fn parse(&self, parties: &[i64], evidence: &[Evidence]) -> Result<Outcome, Invalid> {
        let mut e = Invalid::default();
        let party = self.party.trim();
        let organization_id = match party {
            "society" => None,
            p => {
                let v = p.parse::<i64>().ok().filter(|o| parties.contains(o));
                if v.is_none() {
                    e.push(FieldError::new(
                        "party",
                        "required",
                        "誰にとっての成果かを選んでください。",
                    ));
                }
                v
            }
        };
        let guide = self.guide.trim();
        let free = fields::text(&mut e, "free", "成果", &self.free, 200, false);
        let (label, from_guide) = if !guide.is_empty() {
            if !is_guide_outcome(guide) {
                e.push(FieldError::new(
                    "guide",
                    "unknown",
                    "手引の成果から選び直してください。",
                ));
            }
            (guide.to_owned(), true)
        } else {
            if free.is_empty() {
                e.push(FieldError::new(
                    "guide",
                    "required",
                    "手引の成果から選ぶか、成果を書いてください。",
                ));
            }
            (free, false)
        };
        let evidence = match self.evidence.trim() {
            "" => None,
            raw => {
                let v = Evidence::parse(raw).filter(|x| evidence.contains(x));
                if v.is_none() {
                    e.push(FieldError::new(
                        "evidence",
                        "unknown",
                        "根拠は、この協働の記録から選んでください。",
                    ));
                }
                v
            }
        };
        let note = fields::text(&mut e, "note", "根拠の説明", &self.note, 400, false);
        e.into_result(|| Outcome {
            organization_id,
            label,
            from_guide,
            evidence,
            note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_from_the_guide_or_written_and_tied_to_evidence() {
        let (civic, _, shared) = guide_outcomes();
        let survey = Evidence {
            kind: EvidenceKind::Survey,
            id: 3,
        };
        let ok = OutcomeInput {
            party: "1".into(),
            guide: civic[0].into(),
            evidence: "survey:3".into(),
            note: "会員が12人増えた".into(),
            ..Default::default()
        }
        .parse(&[1, 2], &[survey])
        .unwrap();
        assert!(ok.from_guide && ok.evidence == Some(survey));
        let society = OutcomeInput {
            party: "society".into(),
            guide: shared.into(),
            ..Default::default()
        }
        .parse(&[1, 2], &[])
        .unwrap();
        assert_eq!(society.organization_id, None);
        let e = OutcomeInput {
            party: "9".into(),
            evidence: "survey:4".into(),
            ..Default::default()
        }
        .parse(&[1, 2], &[survey])
        .unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["party", "guide", "evidence"]);
        assert_eq!(
            Evidence::parse("media:12").map(Evidence::key).as_deref(),
            Some("media:12")
        );
    }
}
