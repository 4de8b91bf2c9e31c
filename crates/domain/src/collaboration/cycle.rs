//! PDCA cycles (Action IV): each cycle's plan, what was done, the check against the targets, and
//! the act — the course correction that becomes the next cycle's plan.

use serde::Deserialize;

use crate::errors::{FieldError, Invalid};
use crate::text;

const TEXT_MAX: usize = 4000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cycle {
    pub plan: String,
    pub done: String,
    pub check: String,
    pub act: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CycleInput {
    pub plan: String,
    pub done: String,
    pub check: String,
    pub act: String,
}

impl CycleInput {
    pub fn parse(&self) -> Result<Cycle, Invalid> {
        let mut e = Invalid::default();
        let mut t = |field: &str, label: &str, raw: &str| {
            let v = text::clean(raw, true);
            if text::grapheme_len(&v) > TEXT_MAX {
                e.push(FieldError::too_long(field, label, TEXT_MAX));
            }
            v
        };
        let c = Cycle {
            plan: t("plan", "計画（Plan）", &self.plan),
            done: t("done", "実行（Do）", &self.done),
            check: t("check", "評価（Check）", &self.check),
            act: t("act", "改善（Act）", &self.act),
        };
        if c.plan.is_empty() {
            e.push(FieldError::required("plan", "計画（Plan）"));
        }
        // A check without anything done, or an act without a check, skips a step of the cycle.
        if !c.check.is_empty() && c.done.is_empty() {
            e.push(FieldError::new(
                "done",
                "required",
                "評価の前に、実行したこと（Do）を書いてください。",
            ));
        }
        if !c.act.is_empty() && c.check.is_empty() {
            e.push(FieldError::new(
                "check",
                "required",
                "改善の前に、目標に照らした評価（Check）を書いてください。",
            ));
        }
        e.into_result(|| c)
    }
}

impl Cycle {
    /// The next cycle starts from this one's act.
    pub fn next_plan(&self) -> String {
        self.act.clone()
    }

    pub fn phase_ja(&self) -> &'static str {
        if !self.act.is_empty() {
            "改善済み"
        } else if !self.check.is_empty() {
            "評価済み"
        } else if !self.done.is_empty() {
            "実行中"
        } else {
            "計画"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_goes_in_order() {
        let c = CycleInput {
            plan: "5月に種まき".into(),
            done: "5月20日に種まき、12人参加".into(),
            check: "参加目標20人に対し12人".into(),
            act: "次は社内報で募集する".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(c.phase_ja(), "改善済み");
        assert_eq!(c.next_plan(), "次は社内報で募集する");
        let e = CycleInput {
            plan: String::new(),
            act: "x".into(),
            ..CycleInput::default()
        }
        .parse()
        .unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["plan", "check"]);
    }
}
