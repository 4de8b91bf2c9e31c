//! Each party's own assessment (ふりかえりシート): the guide's five principles of collaboration and
//! every role in the agreement, scored 1–5 with a comment. Each party fills in its own sheet; once
//! submitted it is shown beside the others', and where the scores differ by two or more the
//! parties see it at once — the place to talk.

use serde::{Deserialize, Serialize};

use crate::catalog::catalog;
use crate::collaboration::agreement::{RoleAssignment, role_label};
use crate::errors::{FieldError, Invalid};
use crate::{fields, text};

const COMMENT_MAX: usize = 1000;
/// Scores this far apart are highlighted.
pub const DIFFERS_BY: u8 = 2;

/// What is scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// `p-{principle}`, `r-{organization}-{role}` or `r-{organization}-free`.
    pub key: String,
    pub label: String,
    /// The party whose role it is; `None` for a principle.
    pub role_of: Option<i64>,
}

/// The five principles, then each party's roles as the agreement lists them.
pub fn items(roles: &[RoleAssignment]) -> Vec<Item> {
    let mut out: Vec<Item> = catalog()
        .principles
        .iter()
        .map(|p| Item {
            key: format!("p-{}", p.id),
            label: p.name.clone(),
            role_of: None,
        })
        .collect();
    for r in roles {
        for id in &r.guide_roles {
            if let Some(label) = role_label(id) {
                out.push(Item {
                    key: format!("r-{}-{id}", r.organization_id),
                    label,
                    role_of: Some(r.organization_id),
                });
            }
        }
        if !r.free_roles.is_empty() {
            out.push(Item {
                key: format!("r-{}-free", r.organization_id),
                label: r.free_roles.clone(),
                role_of: Some(r.organization_id),
            });
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub key: String,
    pub score: Option<u8>,
    pub comment: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub scores: Vec<Score>,
    pub overall: String,
}

impl Assessment {
    pub fn score(&self, key: &str) -> Option<&Score> {
        self.scores.iter().find(|s| s.key == key)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct ScoreInput {
    pub key: String,
    pub score: String,
    pub comment: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct AssessmentInput {
    pub scores: Vec<ScoreInput>,
    pub overall: String,
}

impl AssessmentInput {
    /// Reads a score per item (keys not among `items` are dropped). A sheet being submitted must
    /// score every item; a draft may leave some blank.
    pub fn parse(&self, items: &[Item], submitting: bool) -> Result<Assessment, Invalid> {
        let mut e = Invalid::default();
        let scores = items
            .iter()
            .map(|item| {
                let typed = self.scores.iter().find(|s| s.key == item.key);
                let raw = typed
                    .map(|s| text::to_halfwidth_ascii(s.score.trim()))
                    .unwrap_or_default();
                let field = format!("score_{}", item.key);
                let score = match raw.parse::<u8>() {
                    Ok(n @ 1..=5) => Some(n),
                    _ if raw.is_empty() => {
                        if submitting {
                            e.push(FieldError::new(
                                &field,
                                "required",
                                format!("「{}」を1〜5で評価してください。", item.label),
                            ));
                        }
                        None
                    }
                    _ => {
                        e.push(FieldError::new(&field, "out_of_range", "1〜5の数で選んでください。"));
                        None
                    }
                };
                Score {
                    key: item.key.clone(),
                    score,
                    comment: fields::text(
                        &mut e,
                        &format!("comment_{}", item.key),
                        "コメント",
                        typed.map(|s| s.comment.as_str()).unwrap_or(""),
                        COMMENT_MAX,
                        false,
                    ),
                }
            })
            .collect();
        let overall = fields::text(&mut e, "overall", "全体のふりかえり", &self.overall, 4000, false);
        e.into_result(|| Assessment { scores, overall })
    }
}

impl Assessment {
    pub fn to_input(&self) -> AssessmentInput {
        AssessmentInput {
            scores: self
                .scores
                .iter()
                .map(|s| ScoreInput {
                    key: s.key.clone(),
                    score: s.score.map(|n| n.to_string()).unwrap_or_default(),
                    comment: s.comment.clone(),
                })
                .collect(),
            overall: self.overall.clone(),
        }
    }
}

/// One item across the parties' submitted sheets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    pub item: Item,
    /// Per sheet, in the order given.
    pub scores: Vec<Option<u8>>,
    pub comments: Vec<String>,
    /// Highest minus lowest score given.
    pub spread: u8,
}

impl Compared {
    pub fn differs(&self) -> bool {
        self.spread >= DIFFERS_BY
    }
}

/// The items side by side across `sheets`.
pub fn side_by_side(items: &[Item], sheets: &[&Assessment]) -> Vec<Compared> {
    items
        .iter()
        .map(|item| {
            let found: Vec<Option<&Score>> = sheets.iter().map(|a| a.score(&item.key)).collect();
            let scores: Vec<Option<u8>> = found.iter().map(|s| s.and_then(|s| s.score)).collect();
            let given: Vec<u8> = scores.iter().flatten().copied().collect();
            let spread = match (given.iter().max(), given.iter().min()) {
                (Some(hi), Some(lo)) => hi - lo,
                _ => 0,
            };
            Compared {
                item: item.clone(),
                comments: found
                    .iter()
                    .map(|s| s.map(|s| s.comment.clone()).unwrap_or_default())
                    .collect(),
                scores,
                spread,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles() -> Vec<RoleAssignment> {
        vec![
            RoleAssignment {
                organization_id: 1,
                guide_roles: vec!["c1".into()],
                free_roles: String::new(),
                responsibilities: String::new(),
                cost_share: String::new(),
            },
            RoleAssignment {
                organization_id: 2,
                guide_roles: vec!["k1".into(), "zz".into()],
                free_roles: "会場の清掃".into(),
                responsibilities: String::new(),
                cost_share: String::new(),
            },
        ]
    }

    fn input(pairs: &[(&str, &str)]) -> AssessmentInput {
        AssessmentInput {
            scores: pairs
                .iter()
                .map(|(k, v)| ScoreInput {
                    key: (*k).into(),
                    score: (*v).into(),
                    comment: String::new(),
                })
                .collect(),
            overall: String::new(),
        }
    }

    #[test]
    fn the_five_principles_then_every_partys_roles() {
        let keys: Vec<String> = items(&roles()).into_iter().map(|i| i.key).collect();
        assert_eq!(keys.len(), 5 + 1 + 2, "{keys:?}");
        assert_eq!(keys[0], "p-equal_footing");
        assert_eq!(&keys[5..], ["r-1-c1", "r-2-k1", "r-2-free"]);
    }

    #[test]
    fn a_submitted_sheet_scores_everything() {
        let it = items(&roles());
        let draft = input(&[("p-equal_footing", "４")]).parse(&it, false).unwrap();
        assert_eq!(draft.score("p-equal_footing").unwrap().score, Some(4));
        let e = input(&[("p-equal_footing", "6")]).parse(&it, true).unwrap_err();
        assert_eq!(e.0.len(), it.len());
        assert_eq!(e.0[0].code, "out_of_range");
        assert_eq!(e.0[1].field, "score_p-mutual_understanding");
    }

    #[test]
    fn differences_of_two_or_more_stand_out() {
        let it = items(&roles());
        let all: Vec<(&str, &str)> = it.iter().map(|i| (i.key.as_str(), "4")).collect();
        let a = input(&all).parse(&it, true).unwrap();
        let mut other = all.clone();
        other[0].1 = "2";
        other[1].1 = "5";
        let b = input(&other).parse(&it, true).unwrap();
        let rows = side_by_side(&it, &[&a, &b]);
        assert!(rows[0].differs() && rows[0].scores == [Some(4), Some(2)]);
        assert!(!rows[1].differs() && rows[1].spread == 1);
    }
}
