//! The evaluation sheet of one milestone: each agreed target against its actual with a
//! judgement, how far each party's purpose was achieved, a summary, and the lessons — what to
//! keep and what to change, which become the next PDCA cycle's plan.

use serde::{Deserialize, Serialize};
use time::Date;

use super::Judgement;
use crate::collaboration::agreement::AgreedTarget;
use crate::errors::{FieldError, Invalid};
use crate::{fields, text};

const COMMENT_MAX: usize = 1000;
const SUMMARY_MAX: usize = 4000;
const LESSON_MAX: usize = 400;
const LESSONS_MAX: usize = 20;

/// One agreed target, as it stood at the evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetResult {
    pub what: String,
    pub baseline: f64,
    pub value: f64,
    pub unit: String,
    /// The measured value (from the indicator's latest entry, or typed).
    pub actual: Option<f64>,
    pub judgement: Option<Judgement>,
    pub comment: String,
}

/// How far one party's purpose was achieved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeResult {
    pub organization_id: i64,
    pub judgement: Option<Judgement>,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sheet {
    pub held_on: Date,
    pub targets: Vec<TargetResult>,
    pub purposes: Vec<PurposeResult>,
    pub summary: String,
    pub keep: Vec<String>,
    pub change: Vec<String>,
}

/// The judgement the figures suggest: reached is 達成, at least half of the way is 一部達成.
pub fn suggest(baseline: f64, target: f64, actual: f64) -> Judgement {
    let rising = target >= baseline;
    let reached = if rising { actual >= target } else { actual <= target };
    let way = target - baseline;
    let progress = if way == 0.0 { 0.0 } else { (actual - baseline) / way };
    if reached {
        Judgement::Achieved
    } else if progress >= 0.5 {
        Judgement::Partly
    } else {
        Judgement::NotAchieved
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct TargetResultInput {
    pub actual: String,
    pub judgement: String,
    pub comment: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct PurposeResultInput {
    pub organization_id: i64,
    pub judgement: String,
    pub comment: String,
}

/// The sheet as typed; the targets' rows follow the agreement's targets in order.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct SheetInput {
    pub held_on: String,
    pub targets: Vec<TargetResultInput>,
    pub purposes: Vec<PurposeResultInput>,
    pub summary: String,
    /// One lesson per line.
    pub keep: String,
    pub change: String,
}

fn judgement(e: &mut Invalid, field: &str, raw: &str) -> Option<Judgement> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let j = Judgement::parse(raw);
    if j.is_none() {
        e.push(FieldError::new(
            field,
            "unknown",
            "達成・一部達成・未達成から選んでください。",
        ));
    }
    j
}

fn lessons(e: &mut Invalid, field: &str, label: &str, raw: &str) -> Vec<String> {
    let list: Vec<String> = text::clean(raw, true)
        .lines()
        .map(|l| l.trim().trim_start_matches(['・', '-', '*']).trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    if list.len() > LESSONS_MAX {
        e.push(FieldError::new(
            field,
            "too_many",
            format!("{label}は{LESSONS_MAX}行までにしてください。"),
        ));
    } else if list.iter().any(|l| text::grapheme_len(l) > LESSON_MAX) {
        e.push(FieldError::new(
            field,
            "too_long",
            format!("{label}は1行{LESSON_MAX}文字までにしてください。"),
        ));
    }
    list
}

impl SheetInput {
    /// Checks the input against the agreed `targets` and the `parties`: one row per target and
    /// one purpose per party, whatever was sent.
    pub fn parse(&self, targets: &[AgreedTarget], parties: &[i64]) -> Result<Sheet, Invalid> {
        let mut e = Invalid::default();
        let held_on = fields::required_date(&mut e, "held_on", "評価した日", &self.held_on);
        let blank = TargetResultInput::default();
        let targets = targets
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let row = self.targets.get(i).unwrap_or(&blank);
                let actual_raw = text::to_halfwidth_ascii(row.actual.trim()).replace(',', "");
                let actual = if actual_raw.is_empty() {
                    None
                } else {
                    let v = actual_raw.parse::<f64>().ok().filter(|v| v.is_finite());
                    if v.is_none() {
                        e.push(FieldError::new(
                            format!("targets[{i}].actual"),
                            "not_a_number",
                            format!("「{}」の実績は数で入力してください。", t.what),
                        ));
                    }
                    v
                };
                TargetResult {
                    what: t.what.clone(),
                    baseline: t.baseline,
                    value: t.value,
                    unit: t.unit.clone(),
                    actual,
                    judgement: judgement(&mut e, &format!("targets[{i}].judgement"), &row.judgement),
                    comment: fields::text(
                        &mut e,
                        &format!("targets[{i}].comment"),
                        "コメント",
                        &row.comment,
                        COMMENT_MAX,
                        false,
                    ),
                }
            })
            .collect();
        let purposes = parties
            .iter()
            .map(|o| {
                let blank = PurposeResultInput::default();
                let p = self.purposes.iter().find(|p| p.organization_id == *o).unwrap_or(&blank);
                PurposeResult {
                    organization_id: *o,
                    judgement: judgement(&mut e, &format!("purpose_{o}"), &p.judgement),
                    comment: fields::text(
                        &mut e,
                        &format!("purpose_comment_{o}"),
                        "コメント",
                        &p.comment,
                        COMMENT_MAX,
                        false,
                    ),
                }
            })
            .collect();
        let summary = fields::text(&mut e, "summary", "まとめ", &self.summary, SUMMARY_MAX, false);
        let keep = lessons(&mut e, "keep", "続けること", &self.keep);
        let change = lessons(&mut e, "change", "変えること", &self.change);
        match held_on {
            Some(held_on) if e.0.is_empty() => Ok(Sheet {
                held_on,
                targets,
                purposes,
                summary,
                keep,
                change,
            }),
            _ => Err(e),
        }
    }

    /// A first sheet: the agreed targets with the indicators' latest values and the judgement
    /// they suggest, and a row per party.
    pub fn prefill(targets: &[AgreedTarget], actuals: &[Option<f64>], parties: &[i64], today: Date) -> Self {
        Self {
            held_on: today.to_string(),
            targets: targets
                .iter()
                .zip(actuals.iter().copied().chain(std::iter::repeat(None)))
                .map(|(t, a)| TargetResultInput {
                    actual: a.map(number).unwrap_or_default(),
                    judgement: a
                        .map(|a| suggest(t.baseline, t.value, a).as_str().to_owned())
                        .unwrap_or_default(),
                    comment: String::new(),
                })
                .collect(),
            purposes: parties
                .iter()
                .map(|o| PurposeResultInput {
                    organization_id: *o,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }
}

/// A number as people write it: no trailing `.0`.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

impl Sheet {
    /// The sheet as its form shows it.
    pub fn to_input(&self) -> SheetInput {
        SheetInput {
            held_on: self.held_on.to_string(),
            targets: self
                .targets
                .iter()
                .map(|t| TargetResultInput {
                    actual: t.actual.map(number).unwrap_or_default(),
                    judgement: t.judgement.map(|j| j.as_str().to_owned()).unwrap_or_default(),
                    comment: t.comment.clone(),
                })
                .collect(),
            purposes: self
                .purposes
                .iter()
                .map(|p| PurposeResultInput {
                    organization_id: p.organization_id,
                    judgement: p.judgement.map(|j| j.as_str().to_owned()).unwrap_or_default(),
                    comment: p.comment.clone(),
                })
                .collect(),
            summary: self.summary.clone(),
            keep: self.keep.join("\n"),
            change: self.change.join("\n"),
        }
    }

    /// The next PDCA cycle's plan: what to change first, then what to keep.
    pub fn next_plan(&self, milestone_ja: &str) -> Option<String> {
        if self.keep.is_empty() && self.change.is_empty() {
            return None;
        }
        let mut out = format!("{milestone_ja}評価（{}）から:\n", self.held_on);
        for l in &self.change {
            out.push_str(&format!("・変える：{l}\n"));
        }
        for l in &self.keep {
            out.push_str(&format!("・続ける：{l}\n"));
        }
        Some(out.trim_end().to_owned())
    }

    /// Counts of targets per judgement (達成, 一部達成, 未達成, not judged).
    pub fn tally(&self) -> [usize; 4] {
        let mut n = [0; 4];
        for t in &self.targets {
            n[match t.judgement {
                Some(Judgement::Achieved) => 0,
                Some(Judgement::Partly) => 1,
                Some(Judgement::NotAchieved) => 2,
                None => 3,
            }] += 1;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn targets() -> Vec<AgreedTarget> {
        let t = |what: &str, baseline, value| AgreedTarget {
            what: what.into(),
            baseline,
            value,
            unit: "人".into(),
            due: date!(2027 - 03 - 31),
            method: "名簿".into(),
            timing: "年度末".into(),
        };
        vec![t("参加者", 0.0, 300.0), t("廃棄量", 100.0, 50.0)]
    }

    #[test]
    fn suggestions_follow_the_figures_either_way() {
        assert_eq!(suggest(0.0, 300.0, 320.0), Judgement::Achieved);
        assert_eq!(suggest(0.0, 300.0, 150.0), Judgement::Partly);
        assert_eq!(suggest(0.0, 300.0, 100.0), Judgement::NotAchieved);
        // Falling targets: 70 is more than half way from 100 to 50.
        assert_eq!(suggest(100.0, 50.0, 70.0), Judgement::Partly);
        assert_eq!(suggest(100.0, 50.0, 40.0), Judgement::Achieved);
    }

    #[test]
    fn prefilled_from_the_indicators_and_read_back() {
        let input = SheetInput::prefill(&targets(), &[Some(210.0)], &[1, 2], date!(2027 - 04 - 10));
        assert_eq!(input.targets[0].actual, "210");
        assert_eq!(input.targets[0].judgement, "partly");
        assert_eq!(input.targets[1].judgement, "");
        let mut input = input;
        input.keep = "・月1回の定例会\n\n".into();
        input.change = "募集を早める\n社内報で告知".into();
        let sheet = input.parse(&targets(), &[1, 2]).unwrap();
        assert_eq!(sheet.tally(), [0, 1, 0, 1]);
        assert_eq!(sheet.keep, ["月1回の定例会"]);
        assert_eq!(sheet.to_input().change, "募集を早める\n社内報で告知");
        let plan = sheet.next_plan("事後").unwrap();
        assert!(plan.starts_with("事後評価（2027-04-10）から:"), "{plan}");
        assert!(plan.contains("・変える：社内報で告知") && plan.contains("・続ける：月1回の定例会"));
    }

    #[test]
    fn errors_name_their_row() {
        let input = SheetInput {
            held_on: "someday".into(),
            targets: vec![TargetResultInput {
                actual: "たくさん".into(),
                judgement: "great".into(),
                ..Default::default()
            }],
            purposes: vec![PurposeResultInput {
                organization_id: 2,
                judgement: "nope".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let e = input.parse(&targets(), &[1, 2]).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(
            fields,
            ["held_on", "targets[0].actual", "targets[0].judgement", "purpose_2"]
        );
    }
}
