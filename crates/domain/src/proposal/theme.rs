//! Action I: narrow the group's theme to a collaboration theme (団体のテーマ → 協働のテーマ) and
//! outline the plan: each element → the partner(s) and what each is asked to contribute (the
//! guide's お仕事体験 → 商店街でのお店体験).

use serde::{Deserialize, Serialize};

use crate::errors::{FieldError, Invalid};
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
}
