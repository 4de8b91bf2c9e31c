//! A question as typed in the builder (one form, every kind) and the conditions it may carry.

use serde::Deserialize;

use super::{Condition, Definition, Kind, Question};
use crate::{FieldError, Invalid, fields, text};

/// A question as typed: options one per line, the condition as `q2:1` (question, option).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct QuestionInput {
    /// One of `Kind::NAMES`.
    pub kind: String,
    pub text: String,
    pub help: String,
    pub section: String,
    /// Choices, one per line (single and multiple choice).
    pub options: String,
    /// A scale's words for 1 and for 5.
    pub low: String,
    pub high: String,
    /// A number's unit.
    pub unit: String,
    #[serde(deserialize_with = "fields::checkbox")]
    pub required: bool,
    pub show_if: String,
}

const MAX_OPTIONS: usize = 20;

impl QuestionInput {
    /// The question (its key is given by the definition).
    pub fn parse(&self) -> Result<Question, Invalid> {
        let mut e = Invalid::default();
        let text = fields::text(&mut e, "text", "設問の文", &self.text, 300, true);
        let help = fields::text(&mut e, "help", "補足", &self.help, 500, false);
        let section = fields::text(&mut e, "section", "見出し", &self.section, 100, false);
        let kind = match self.kind.trim() {
            "single" | "multiple" => {
                let options: Vec<String> = self
                    .options
                    .lines()
                    .map(|l| text::clean(l, false))
                    .filter(|l| !l.is_empty())
                    .collect();
                if options.len() < 2 {
                    e.push(FieldError::new(
                        "options",
                        "too_few",
                        "選択肢を2つ以上、1行に1つずつ入力してください。",
                    ));
                } else if options.len() > MAX_OPTIONS {
                    e.push(FieldError::new(
                        "options",
                        "too_many",
                        format!("選択肢は{MAX_OPTIONS}個までです。"),
                    ));
                } else if options.iter().any(|o| text::grapheme_len(o) > 100) {
                    e.push(FieldError::too_long("options", "選択肢（1つ）", 100));
                } else if (1..options.len()).any(|i| options[..i].contains(&options[i])) {
                    e.push(FieldError::new("options", "duplicate", "同じ選択肢が2回あります。"));
                }
                if self.kind.trim() == "single" {
                    Kind::Single { options }
                } else {
                    Kind::Multiple { options }
                }
            }
            "scale" => {
                let word = |e: &mut Invalid, field: &str, raw: &str, default: &str| {
                    let v = fields::text(e, field, "目盛りのことば", raw, 30, false);
                    if v.is_empty() { default.to_owned() } else { v }
                };
                Kind::Scale {
                    low: word(&mut e, "low", &self.low, "そう思わない"),
                    high: word(&mut e, "high", &self.high, "そう思う"),
                }
            }
            "number" => Kind::Number {
                unit: fields::text(&mut e, "unit", "単位", &self.unit, 10, false),
            },
            "short_text" => Kind::ShortText,
            "long_text" => Kind::LongText,
            "date" => Kind::Date,
            _ => {
                e.push(FieldError::new("kind", "unknown", "答え方を選んでください。"));
                Kind::ShortText
            }
        };
        let show_if = match self.show_if.trim() {
            "" => None,
            s => match s.split_once(':').and_then(|(q, o)| Some((q, o.parse::<usize>().ok()?))) {
                Some((q, option)) => Some(Condition {
                    question: q.to_owned(),
                    option,
                }),
                None => {
                    e.push(FieldError::new(
                        "show_if",
                        "bad_condition",
                        "表示する条件を選び直してください。",
                    ));
                    None
                }
            },
        };
        e.into_result(|| Question {
            key: String::new(),
            section,
            text,
            help,
            kind,
            required: self.required,
            show_if,
        })
    }

    /// The builder's form filled with a question, to edit it.
    pub fn of(q: &Question) -> Self {
        let mut input = Self {
            kind: q.kind.as_str().to_owned(),
            text: q.text.clone(),
            help: q.help.clone(),
            section: q.section.clone(),
            required: q.required,
            show_if: q
                .show_if
                .as_ref()
                .map(|c| format!("{}:{}", c.question, c.option))
                .unwrap_or_default(),
            ..Self::default()
        };
        match &q.kind {
            Kind::Single { options } | Kind::Multiple { options } => input.options = options.join("\n"),
            Kind::Scale { low, high } => (input.low, input.high) = (low.clone(), high.clone()),
            Kind::Number { unit } => input.unit = unit.clone(),
            _ => {}
        }
        input
    }
}

/// The conditions a question may be shown under, as (value, words): each option of each choice
/// question before `before` (every choice question when `None`).
pub fn condition_choices(d: &Definition, before: Option<&str>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (n, q) in d.questions.iter().enumerate() {
        if Some(q.key.as_str()) == before {
            break;
        }
        for (i, o) in q.kind.choices().iter().enumerate() {
            out.push((
                format!("{}:{i}", q.key),
                format!("問{}「{}」で「{o}」を選んだとき", n + 1, q.text),
            ));
        }
    }
    out
}
