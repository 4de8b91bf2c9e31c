//! Action I: narrow the group's theme to a collaboration theme (団体のテーマ → 協働のテーマ) and
//! outline the plan: each element → the partner(s) and what each is asked to contribute (the
//! guide's お仕事体験 → 商店街でのお店体験).

use serde::{Deserialize, Serialize};

use crate::errors::{FieldError, Invalid};
use crate::listing::{Direction, Resource};
use crate::matching::ListingFacts;
use crate::text;

const TEXT_MAX: usize = 400;
const MAX_ROWS: usize = 30;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutlineRow {
    /// プランの骨子, e.g. 子どもたちが「お仕事体験」.
    pub element: String,
    /// 相手先, e.g. 商店街.
    pub partner: String,
    /// 提携内容, e.g. お店体験.
    pub contribution: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub org_theme: String,
    pub collaboration_theme: String,
    pub outline: Vec<OutlineRow>,
}

/// The guide's words for each resource (人・モノ・金・情報, refined), to read what a theme's outline
/// asks partners for.
const RESOURCE_WORDS: [(&str, &[&str]); 11] = [
    ("funds", &["資金", "寄附", "寄付", "協賛", "助成", "お金"]),
    (
        "people",
        &["ボランティア", "社員", "人材", "講師", "人手", "スタッフ", "派遣"],
    ),
    (
        "venue",
        &[
            "場所",
            "会場",
            "施設",
            "設備",
            "車両",
            "店",
            "ショールーム",
            "モデルルーム",
        ],
    ),
    ("goods", &["物品", "商品", "食品", "材料", "原料", "食材"]),
    (
        "expertise",
        &["ノウハウ", "技術", "専門", "知識", "話を聞く", "話", "習う", "教え"],
    ),
    ("publicity", &["広報", "発信", "PR", "チラシ", "宣伝"]),
    ("network", &["ネットワーク", "調整", "つながり", "紹介"]),
    ("planning", &["企画", "運営", "コーディネート"]),
    ("service", &["託児", "講座", "サービス", "体験"]),
    ("procurement", &["買取", "発注", "取引", "購入"]),
    ("information", &["情報", "声", "課題"]),
];

impl Theme {
    /// The theme as a need, for partner matching on a draft (Action I: which partners, for what).
    /// Its resources are read from the outline's words; when none is recognised, any resource
    /// may answer and the words alone rank the candidates.
    pub fn as_need(&self) -> ListingFacts {
        let asked: String = self
            .outline
            .iter()
            .map(|r| format!("{} {} {}", r.element, r.partner, r.contribution))
            .collect::<Vec<_>>()
            .join("\n");
        let mut resources: Vec<Resource> = RESOURCE_WORDS
            .iter()
            .filter(|(_, words)| {
                words
                    .iter()
                    .any(|w| asked.contains(w) || self.collaboration_theme.contains(w))
            })
            .filter_map(|(code, _)| Resource::parse(code))
            .collect();
        if resources.is_empty() {
            resources = Resource::codes().into_iter().filter_map(Resource::parse).collect();
        }
        ListingFacts {
            id: 0,
            direction: Direction::Need,
            resources,
            title: self.collaboration_theme.clone(),
            description: Some(format!("{}\n{}", self.org_theme, asked)),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ThemeInput {
    pub org_theme: String,
    pub collaboration_theme: String,
    pub outline: Vec<OutlineRow>,
}

impl ThemeInput {
    pub fn parse(&self) -> Result<Theme, Invalid> {
        let mut e = Invalid::default();
        let mut field = |name: &str, label: &str, raw: &str, required: bool| {
            let t = text::clean(raw, true);
            if required && t.is_empty() {
                e.push(FieldError::required(name, label));
            } else if text::grapheme_len(&t) > TEXT_MAX {
                e.push(FieldError::too_long(name, label, TEXT_MAX));
            }
            t
        };
        let org_theme = field("org_theme", "団体のテーマ", &self.org_theme, false);
        let collaboration_theme = field("collaboration_theme", "協働のテーマ", &self.collaboration_theme, true);
        let rows: Vec<(usize, &OutlineRow)> = self
            .outline
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                !(r.element.trim().is_empty() && r.partner.trim().is_empty() && r.contribution.trim().is_empty())
            })
            .collect();
        let mut outline = Vec::new();
        if rows.len() > MAX_ROWS {
            e.push(FieldError::new(
                "outline",
                "too_many",
                format!("プランの骨子は{MAX_ROWS}行までです。"),
            ));
        } else {
            for (i, r) in rows {
                outline.push(OutlineRow {
                    element: field(&format!("outline[{i}].element"), "プランの骨子", &r.element, true),
                    partner: field(&format!("outline[{i}].partner"), "相手先", &r.partner, false),
                    contribution: field(
                        &format!("outline[{i}].contribution"),
                        "提携内容",
                        &r.contribution,
                        false,
                    ),
                });
            }
        }
        e.into_result(|| Theme {
            org_theme,
            collaboration_theme,
            outline,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guides_example_and_its_errors() {
        let input = ThemeInput {
            org_theme: "放課後の子どもの居場所づくり".into(),
            collaboration_theme: "放課後の子供に学校ではできない体験をしてもらう".into(),
            outline: vec![
                OutlineRow {
                    element: "子どもたちが「お仕事体験」".into(),
                    partner: "商店街".into(),
                    contribution: "お店体験".into(),
                },
                OutlineRow::default(),
            ],
        };
        let t = input.parse().unwrap();
        assert_eq!(t.outline.len(), 1);
        let bad = ThemeInput {
            outline: vec![OutlineRow {
                partner: "銀行".into(),
                ..OutlineRow::default()
            }],
            ..ThemeInput::default()
        };
        let e = bad.parse().unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["collaboration_theme", "outline[0].element"]);
    }

    #[test]
    fn a_theme_reads_as_a_need_with_the_resources_its_outline_names() {
        let t = Theme {
            org_theme: "放課後の子どもの居場所づくり".into(),
            collaboration_theme: "放課後の子供に学校ではできない体験をしてもらう".into(),
            outline: vec![
                OutlineRow {
                    element: "子どもたちが「集まれる」".into(),
                    partner: "モデルルームを持つ企業".into(),
                    contribution: "場所の提供".into(),
                },
                OutlineRow {
                    element: "子どもたちが「学ぶ」".into(),
                    partner: "銀行".into(),
                    contribution: "お金の話を聞く".into(),
                },
            ],
        };
        let need = t.as_need();
        let codes: Vec<&str> = need.resources.iter().map(Resource::as_str).collect();
        for c in ["venue", "expertise", "service"] {
            assert!(codes.contains(&c), "{c} in {codes:?}");
        }
        assert_eq!(need.direction, Direction::Need);
        let vague = Theme {
            collaboration_theme: "まちを元気に".into(),
            ..Theme::default()
        };
        assert_eq!(
            vague.as_need().resources.len(),
            Resource::codes().len(),
            "anything may answer"
        );
    }
}
