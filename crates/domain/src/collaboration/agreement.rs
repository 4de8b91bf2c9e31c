//! The agreement (合意・協定): the collaboration type, each party's roles from the guide's lists
//! (civic group ①–⑦, company ①–⑨) plus free roles, responsibilities and cost sharing, the period,
//! the purpose, and the targets with how and when they will be checked — agreed before the start,
//! as the guide insists. Each party's owner confirms a version; any change is a new version that
//! needs confirming again.

use serde::{Deserialize, Serialize};
use time::Date;

use super::CollaborationType;
use crate::catalog::catalog;
use crate::errors::{FieldError, Invalid};
use crate::{fields, text};

const TEXT_MAX: usize = 2000;
const ROW_MAX: usize = 400;
const MAX_TARGETS: usize = 30;

/// One party's part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleAssignment {
    pub organization_id: i64,
    /// The guide's roles by id: `c1`–`c7` (civic group), `k1`–`k9` (company).
    pub guide_roles: Vec<String>,
    pub free_roles: String,
    pub responsibilities: String,
    pub cost_share: String,
}

/// A target with its indicator: what, how much (a number and its unit), by when, how it is
/// measured and when it is evaluated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreedTarget {
    pub what: String,
    /// Where it stands at the start (0 when not known).
    #[serde(default)]
    pub baseline: f64,
    pub value: f64,
    pub unit: String,
    pub due: Date,
    pub method: String,
    pub timing: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub collaboration_type: CollaborationType,
    pub purpose: String,
    pub start: Date,
    pub end: Date,
    pub roles: Vec<RoleAssignment>,
    pub targets: Vec<AgreedTarget>,
}

/// The guide's role lists as (id, label): civic group `c1`…, company `k1`….
pub fn guide_roles(civic: bool) -> Vec<(String, String)> {
    let r = &catalog().roles;
    let (prefix, list) = if civic {
        ("c", &r.civic_group)
    } else {
        ("k", &r.company)
    };
    list.iter()
        .enumerate()
        .map(|(i, label)| (format!("{prefix}{}", i + 1), label.clone()))
        .collect()
}

/// The label of a role id, if it is one of the guide's.
pub fn role_label(id: &str) -> Option<String> {
    let civic = id.starts_with('c');
    guide_roles(civic).into_iter().find(|(i, _)| i == id).map(|(_, l)| l)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RoleInput {
    pub organization_id: i64,
    pub organization_name: String,
    pub guide_roles: Vec<String>,
    pub free_roles: String,
    pub responsibilities: String,
    pub cost_share: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TargetInput {
    pub what: String,
    pub baseline: String,
    pub value: String,
    pub unit: String,
    pub due: String,
    pub method: String,
    pub timing: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AgreementInput {
    pub collaboration_type: String,
    pub purpose: String,
    pub start: String,
    pub end: String,
    pub roles: Vec<RoleInput>,
    pub targets: Vec<TargetInput>,
}

impl AgreementInput {
    pub fn parse(&self) -> Result<Agreement, Invalid> {
        let mut e = Invalid::default();
        let collaboration_type = CollaborationType::parse(self.collaboration_type.trim());
        if collaboration_type.is_none() {
            e.push(FieldError::new(
                "collaboration_type",
                "required",
                "協働の形態を選んでください。",
            ));
        }
        let purpose = fields::text(&mut e, "purpose", "目的", &self.purpose, TEXT_MAX, true);
        let start = fields::required_date(&mut e, "start", "開始日", &self.start);
        let end = fields::required_date(&mut e, "end", "終了日", &self.end);
        if let (Some(s), Some(t)) = (start, end)
            && t < s
        {
            e.push(FieldError::new(
                "end",
                "before_start",
                "終了日は開始日より後にしてください。",
            ));
        }
        let roles: Vec<RoleAssignment> = self
            .roles
            .iter()
            .map(|r| {
                let at = format!("roles_{}", r.organization_id);
                let known: Vec<String> = r
                    .guide_roles
                    .iter()
                    .filter(|id| role_label(id).is_some())
                    .cloned()
                    .collect();
                let free_roles = fields::text(
                    &mut e,
                    &format!("free_roles_{}", r.organization_id),
                    "その他の役割",
                    &r.free_roles,
                    ROW_MAX,
                    false,
                );
                if known.is_empty() && free_roles.is_empty() {
                    e.push(FieldError::new(
                        at,
                        "no_role",
                        format!("{}の役割を一つ以上選ぶか、書いてください。", r.organization_name),
                    ));
                }
                RoleAssignment {
                    organization_id: r.organization_id,
                    guide_roles: known,
                    free_roles,
                    responsibilities: fields::text(
                        &mut e,
                        &format!("resp_{}", r.organization_id),
                        "責任の範囲",
                        &r.responsibilities,
                        ROW_MAX,
                        false,
                    ),
                    cost_share: fields::text(
                        &mut e,
                        &format!("cost_{}", r.organization_id),
                        "費用の分担",
                        &r.cost_share,
                        ROW_MAX,
                        false,
                    ),
                }
            })
            .collect();
        let rows: Vec<(usize, &TargetInput)> = self
            .targets
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                ![&t.what, &t.baseline, &t.value, &t.unit, &t.due, &t.method, &t.timing]
                    .iter()
                    .all(|x| x.trim().is_empty())
            })
            .collect();
        if rows.is_empty() {
            e.push(FieldError::new(
                "targets",
                "no_target",
                "目標を一つ以上入れてください。評価の方法と時期は、始める前に決めておきます。",
            ));
        } else if rows.len() > MAX_TARGETS {
            e.push(FieldError::new(
                "targets",
                "too_many",
                format!("目標は{MAX_TARGETS}件までです。"),
            ));
        }
        let mut targets = Vec::new();
        for (i, t) in rows.into_iter().take(MAX_TARGETS) {
            let at = |f: &str| format!("targets[{i}].{f}");
            let what = fields::text(&mut e, &at("what"), "目標", &t.what, ROW_MAX, true);
            let raw = text::to_halfwidth_ascii(t.value.trim()).replace(',', "");
            let value = raw.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0);
            if value.is_none() {
                e.push(FieldError::new(
                    at("value"),
                    "not_a_number",
                    "目標値は0以上の数で入力してください。",
                ));
            }
            let baseline = if t.baseline.trim().is_empty() {
                Some(0.0)
            } else {
                text::to_halfwidth_ascii(t.baseline.trim())
                    .replace(',', "")
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0)
            };
            if baseline.is_none() {
                e.push(FieldError::new(
                    at("baseline"),
                    "not_a_number",
                    "現状値は0以上の数で入力してください。",
                ));
            }
            let unit = fields::text(&mut e, &at("unit"), "単位", &t.unit, 20, true);
            let due = fields::required_date(&mut e, &at("due"), "期限", &t.due);
            let method = fields::text(&mut e, &at("method"), "測り方", &t.method, ROW_MAX, true);
            let timing = fields::text(&mut e, &at("timing"), "評価の時期", &t.timing, ROW_MAX, true);
            if let (Some(value), Some(due), Some(baseline)) = (value, due, baseline) {
                targets.push(AgreedTarget {
                    what,
                    baseline,
                    value,
                    unit,
                    due,
                    method,
                    timing,
                });
            }
        }
        match (collaboration_type, start, end) {
            (Some(collaboration_type), Some(start), Some(end)) if e.0.is_empty() => Ok(Agreement {
                collaboration_type,
                purpose,
                start,
                end,
                roles,
                targets,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> AgreementInput {
        AgreementInput {
            collaboration_type: "business_cooperation".into(),
            purpose: "耕作放棄地をそば畑として再生し、地域内外の交流を生み出す。".into(),
            start: "2027-04-01".into(),
            end: "2028-03-31".into(),
            roles: vec![
                RoleInput {
                    organization_id: 1,
                    organization_name: "里山を守る会".into(),
                    guide_roles: vec!["c1".into(), "c4".into()],
                    ..RoleInput::default()
                },
                RoleInput {
                    organization_id: 2,
                    organization_name: "山口そば株式会社".into(),
                    guide_roles: vec!["k4".into()],
                    free_roles: "そば打ち講師".into(),
                    ..RoleInput::default()
                },
            ],
            targets: vec![TargetInput {
                what: "そばまつりの来場者".into(),
                baseline: String::new(),
                value: "３００".into(),
                unit: "人".into(),
                due: "2027-11-30".into(),
                method: "受付での来場者数の集計".into(),
                timing: "まつりの翌週の定例会".into(),
            }],
        }
    }

    #[test]
    fn an_agreement_with_roles_from_the_guides_lists_and_measurable_targets() {
        let a = input().parse().unwrap();
        assert_eq!(a.targets[0].value, 300.0);
        assert_eq!(
            role_label("c1").as_deref(),
            Some(catalog().roles.civic_group[0].as_str())
        );
        assert_eq!(role_label("k9").as_deref(), Some(catalog().roles.company[8].as_str()));
        assert_eq!(role_label("k10"), None);
    }

    #[test]
    fn dates_out_of_order_targets_without_unit_and_parties_without_roles_are_named() {
        let mut i = input();
        i.end = "2027-01-01".into();
        i.targets[0].unit = String::new();
        i.targets[0].method = String::new();
        i.roles[1].guide_roles = vec!["k99".into()];
        i.roles[1].free_roles = String::new();
        let fields: Vec<String> = i.parse().unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["end", "roles_2", "targets[0].unit", "targets[0].method"]);
        let none = AgreementInput {
            roles: vec![],
            ..input()
        };
        assert!(none.parse().is_ok(), "roles are per party; no parties, no role rows");
        let no_targets = AgreementInput {
            targets: vec![TargetInput::default()],
            ..input()
        };
        assert_eq!(no_targets.parse().unwrap_err().0[0].code, "no_target");
    }
}
