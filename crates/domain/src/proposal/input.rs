//! A proposal as typed (form or API) → [`ProposalContent`], or every error at once with the field
//! it belongs to. Rows left wholly blank are dropped: forms offer spare rows.

use serde::Deserialize;

use super::budget::{self, Budget, MAX_LINES};
use super::{Ask, Plan, ProposalContent, Target};
use crate::collaboration::CollaborationType;
use crate::errors::{FieldError, Invalid};
use crate::listing::Resource;
use crate::{era, text};

const TITLE_MAX: usize = 100;
const TEXT_MAX: usize = 4_000;
const ROW_TEXT_MAX: usize = 400;
const MAX_TARGETS: usize = 20;
const MAX_ASKS: usize = 30;

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct TargetInput {
    pub what: String,
    pub amount: String,
    pub due: String,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct AskInput {
    pub resource: String,
    pub detail: String,
    pub partner_benefit: String,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct LineInput {
    pub category: String,
    pub item: String,
    /// As typed; JSON clients may send a number instead of a string.
    #[serde(deserialize_with = "string_or_number")]
    pub quantity: String,
    #[serde(deserialize_with = "string_or_number")]
    pub unit_price: String,
}

/// A string, or a JSON number kept as its text (so `-5` and `1.5` are refused with the same
/// messages as when typed).
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        S(String),
        N(serde_json::Number),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::S(s) => s,
        Raw::N(n) => n.to_string(),
    })
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ProposalInput {
    pub title: String,
    pub background: String,
    pub voices: String,
    pub theme: String,
    pub purpose: String,
    pub plan_when: String,
    pub plan_where: String,
    pub plan_who: String,
    pub plan_why: String,
    pub plan_what: String,
    pub plan_how: String,
    pub plan_how_much: String,
    pub track_record: String,
    pub collaboration_type: String,
    pub cautions_response: String,
    pub targets: Vec<TargetInput>,
    pub asks: Vec<AskInput>,
    pub budget: Vec<LineInput>,
}

fn long_text(e: &mut Invalid, field: &str, label: &str, raw: &str, max: usize) -> String {
    let t = text::clean(raw, true);
    if text::grapheme_len(&t) > max {
        e.push(FieldError::too_long(field, label, max));
    }
    t
}

impl ProposalInput {
    pub fn parse(&self) -> Result<ProposalContent, Invalid> {
        let mut e = Invalid::default();
        let title = text::clean(&self.title, false);
        if title.is_empty() {
            e.push(FieldError::required("title", "事業名"));
        } else if text::grapheme_len(&title) > TITLE_MAX {
            e.push(FieldError::too_long("title", "事業名", TITLE_MAX));
        }
        let mut t = |field: &str, label: &str, raw: &str| long_text(&mut e, field, label, raw, TEXT_MAX);
        let background = t("background", "企画の背景", &self.background);
        let voices = t("voices", "当事者の声", &self.voices);
        let theme = t("theme", "テーマ", &self.theme);
        let purpose = t("purpose", "目的", &self.purpose);
        let track_record = t("track_record", "実績", &self.track_record);
        let cautions_response = t("cautions_response", "注意点への対応", &self.cautions_response);
        let plan = Plan {
            when: t("plan_when", "いつ", &self.plan_when),
            where_: t("plan_where", "どこで", &self.plan_where),
            who: t("plan_who", "誰が・誰を対象に", &self.plan_who),
            why: t("plan_why", "なぜ", &self.plan_why),
            what: t("plan_what", "何を", &self.plan_what),
            how: t("plan_how", "どうやって", &self.plan_how),
            how_much: t("plan_how_much", "いくらで", &self.plan_how_much),
        };
        let collaboration_type = match self.collaboration_type.trim() {
            "" => None,
            s => {
                let parsed = CollaborationType::parse(s);
                if parsed.is_none() {
                    e.push(FieldError::new(
                        "collaboration_type",
                        "invalid",
                        "協働の形態は一覧から選んでください。",
                    ));
                }
                parsed
            }
        };
        let targets = self.targets(&mut e);
        let asks = self.asks(&mut e);
        let budget = self.budget(&mut e);
        e.into_result(|| ProposalContent {
            title,
            background,
            voices,
            theme,
            purpose,
            targets,
            plan,
            asks,
            budget,
            track_record,
            collaboration_type,
            cautions_response,
        })
    }

    fn targets(&self, e: &mut Invalid) -> Vec<Target> {
        let rows: Vec<(usize, &TargetInput)> = self
            .targets
            .iter()
            .enumerate()
            .filter(|(_, r)| !(r.what.trim().is_empty() && r.amount.trim().is_empty() && r.due.trim().is_empty()))
            .collect();
        if rows.len() > MAX_TARGETS {
            e.push(FieldError::new(
                "targets",
                "too_many",
                format!("目標は{MAX_TARGETS}件までです。"),
            ));
            return Vec::new();
        }
        rows.into_iter()
            .map(|(i, r)| {
                let at = format!("targets[{i}]");
                let what = long_text(e, &format!("{at}.what"), "目標", &r.what, ROW_TEXT_MAX);
                if what.is_empty() {
                    e.push(FieldError::required(&format!("{at}.what"), "目標（何を）"));
                }
                let amount = long_text(e, &format!("{at}.amount"), "目標値", &r.amount, 100);
                let due = match r.due.trim() {
                    "" => None,
                    s => {
                        let d = era::parse_partial_date(s);
                        if d.is_none() {
                            e.push(FieldError::new(
                                format!("{at}.due"),
                                "invalid_date",
                                "期限は「2027-11」「令和9年11月」のように入力してください。",
                            ));
                        }
                        d
                    }
                };
                Target { what, amount, due }
            })
            .collect()
    }

    fn asks(&self, e: &mut Invalid) -> Vec<Ask> {
        let rows: Vec<(usize, &AskInput)> = self
            .asks
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                !(r.resource.trim().is_empty() && r.detail.trim().is_empty() && r.partner_benefit.trim().is_empty())
            })
            .collect();
        if rows.len() > MAX_ASKS {
            e.push(FieldError::new(
                "asks",
                "too_many",
                format!("提案は{MAX_ASKS}件までです。"),
            ));
            return Vec::new();
        }
        rows.into_iter()
            .filter_map(|(i, r)| {
                let at = format!("asks[{i}]");
                let resource = Resource::parse(r.resource.trim());
                if resource.is_none() {
                    e.push(FieldError::new(
                        format!("{at}.resource"),
                        "invalid",
                        "資源の種類（人・モノ・金・情報）を選んでください。",
                    ));
                }
                let detail = long_text(e, &format!("{at}.detail"), "提案の内容", &r.detail, ROW_TEXT_MAX);
                if detail.is_empty() {
                    e.push(FieldError::required(&format!("{at}.detail"), "提案の内容"));
                }
                let partner_benefit = long_text(
                    e,
                    &format!("{at}.partner_benefit"),
                    "相手のメリット",
                    &r.partner_benefit,
                    ROW_TEXT_MAX,
                );
                Some(Ask {
                    resource: resource?,
                    detail,
                    partner_benefit,
                })
            })
            .collect()
    }

    fn budget(&self, e: &mut Invalid) -> Budget {
        let rows: Vec<(usize, &LineInput)> = self
            .budget
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                !(r.item.trim().is_empty() && r.quantity.trim().is_empty() && r.unit_price.trim().is_empty())
            })
            .collect();
        if rows.len() > MAX_LINES {
            e.push(FieldError::new(
                "budget",
                "too_many",
                format!("予算の行は{MAX_LINES}行までです（{}行あります）。", rows.len()),
            ));
            return Budget::default();
        }
        let mut lines = Vec::new();
        for (i, r) in rows {
            // A quantity left blank means one (「一式」).
            let quantity = if r.quantity.trim().is_empty() { "1" } else { &r.quantity };
            match budget::parse_line(&format!("budget[{i}]"), &r.category, &r.item, quantity, &r.unit_price) {
                Ok(l) => lines.push(l),
                Err(errors) => errors.into_iter().for_each(|x| e.push(x)),
            }
        }
        Budget { lines }
    }
}

impl ProposalContent {
    /// The content as the input that would produce it (to fill a form for editing).
    pub fn to_input(&self) -> ProposalInput {
        ProposalInput {
            title: self.title.clone(),
            background: self.background.clone(),
            voices: self.voices.clone(),
            theme: self.theme.clone(),
            purpose: self.purpose.clone(),
            plan_when: self.plan.when.clone(),
            plan_where: self.plan.where_.clone(),
            plan_who: self.plan.who.clone(),
            plan_why: self.plan.why.clone(),
            plan_what: self.plan.what.clone(),
            plan_how: self.plan.how.clone(),
            plan_how_much: self.plan.how_much.clone(),
            track_record: self.track_record.clone(),
            collaboration_type: self
                .collaboration_type
                .map(|t| t.as_str().to_owned())
                .unwrap_or_default(),
            cautions_response: self.cautions_response.clone(),
            targets: self
                .targets
                .iter()
                .map(|t| TargetInput {
                    what: t.what.clone(),
                    amount: t.amount.clone(),
                    due: t.due.clone().unwrap_or_default(),
                })
                .collect(),
            asks: self
                .asks
                .iter()
                .map(|a| AskInput {
                    resource: a.resource.as_str().to_owned(),
                    detail: a.detail.clone(),
                    partner_benefit: a.partner_benefit.clone(),
                })
                .collect(),
            budget: self
                .budget
                .lines
                .iter()
                .map(|l| LineInput {
                    category: l.category.as_str().to_owned(),
                    item: l.item.clone(),
                    quantity: l.quantity.to_string(),
                    unit_price: l.unit_price.to_string(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guides_example_round_trips_through_its_input() {
        let p = super::super::guide_example();
        assert_eq!(p.to_input().parse(), Ok(p));
    }

    #[test]
    fn every_error_is_reported_with_its_field_and_blank_rows_are_dropped() {
        let input = ProposalInput {
            title: String::new(),
            collaboration_type: "partnership".into(),
            targets: vec![
                TargetInput::default(),
                TargetInput {
                    what: "参加者".into(),
                    amount: "200人".into(),
                    due: "いつか".into(),
                },
            ],
            asks: vec![AskInput {
                resource: "money".into(),
                detail: "協賛".into(),
                partner_benefit: String::new(),
            }],
            budget: vec![
                LineInput {
                    category: "materials".into(),
                    item: "種子".into(),
                    quantity: "１０".into(),
                    unit_price: "-100".into(),
                },
                LineInput::default(),
            ],
            ..ProposalInput::default()
        };
        let e = input.parse().unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "title",
                "collaboration_type",
                "targets[1].due",
                "asks[0].resource",
                "budget[0].unit_price"
            ]
        );
    }

    #[test]
    fn ten_thousand_budget_lines_are_refused_with_one_message() {
        let input = ProposalInput {
            title: "大きすぎる予算".into(),
            budget: vec![
                LineInput {
                    category: "materials".into(),
                    item: "x".into(),
                    quantity: "1".into(),
                    unit_price: "1".into(),
                };
                10_000
            ],
            ..ProposalInput::default()
        };
        let e = input.parse().unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.0[0].code, "too_many");
    }

    #[test]
    fn full_width_digits_and_blank_quantity_are_normalised() {
        let input = ProposalInput {
            title: "t".into(),
            budget: vec![LineInput {
                category: "venue".into(),
                item: "会場".into(),
                quantity: String::new(),
                unit_price: "１５，０００円".into(),
            }],
            ..ProposalInput::default()
        };
        let p = input.parse().unwrap();
        assert_eq!(p.budget.lines[0].amount(), 15_000);
    }
}
