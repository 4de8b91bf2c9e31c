//! 提案書チェック: findings computed from a proposal's content, each pointing to the part of the
//! guide it rests on. Only what the content shows is judged; the guide's own example passes clean.

use super::budget::Category;
use super::{ProposalContent, Section};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The partner will notice: fix before sending.
    Fix,
    /// The guide recommends it.
    Consider,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fix => "fix",
            Self::Consider => "consider",
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Fix => "要修正",
            Self::Consider => "要検討",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code, e.g. `plan_item_missing`.
    pub code: &'static str,
    pub severity: Severity,
    pub section: Section,
    pub message: String,
    /// Path of the guide page this rests on.
    pub guide: &'static str,
}

const GUIDE_PROPOSAL: &str = "/guide/actions#action-2";
const GUIDE_TYPES: &str = "/guide/types";

/// Wording that asks rather than proposes (the guide: 「お願い」ではなく「提案」で).
const BEGGING: [&str; 4] = ["お願い", "お願いします", "ご支援ください", "助けてください"];

pub fn review(p: &ProposalContent) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut add = |code, severity, section, message: String, guide| {
        out.push(Finding {
            code,
            severity,
            section,
            message,
            guide,
        })
    };
    if p.background.trim().is_empty() {
        add(
            "background_missing",
            Severity::Fix,
            Section::Background,
            "企画の背景がありません。データで現状を示し、当事者の声も添えましょう。".into(),
            GUIDE_PROPOSAL,
        );
    } else {
        if !p.background.chars().any(|c| c.is_ascii_digit()) {
            add(
                "background_without_data",
                Severity::Consider,
                Section::Background,
                "背景に数字（人口、件数、割合など）がありません。データで説明すると説得力が増します。".into(),
                GUIDE_PROPOSAL,
            );
        }
        if p.voices.trim().is_empty() {
            add(
                "voices_missing",
                Severity::Consider,
                Section::Background,
                "当事者の生の声がありません。利用者や住民の言葉は説得材料になります。".into(),
                GUIDE_PROPOSAL,
            );
        }
    }
    if p.theme.trim().is_empty() {
        add(
            "theme_missing",
            Severity::Fix,
            Section::Theme,
            "テーマ（この事業で解決したい課題）がありません。".into(),
            GUIDE_PROPOSAL,
        );
    }
    if p.purpose.trim().is_empty() {
        add(
            "purpose_missing",
            Severity::Fix,
            Section::Purpose,
            "目的がありません。協働する双方が共有できる目的を書きましょう。".into(),
            GUIDE_PROPOSAL,
        );
    }
    let measurable = p
        .targets
        .iter()
        .any(|t| t.amount.chars().any(|c| c.is_ascii_digit()) && t.due.is_some());
    if !measurable {
        add(
            "no_measurable_target",
            Severity::Fix,
            Section::Targets,
            "数値と期限のある目標がありません（例：来場者300人を2027年11月までに）。評価の基準になります。".into(),
            "/guide/actions#action-4",
        );
    }
    for (_, label, text) in p.plan.items() {
        if text.trim().is_empty() {
            add(
                "plan_item_missing",
                Severity::Fix,
                Section::Plan,
                format!("事業内容の5W2Hのうち「{label}」が書かれていません。"),
                GUIDE_PROPOSAL,
            );
        }
    }
    if p.asks.is_empty() {
        add(
            "no_asks",
            Severity::Fix,
            Section::Asks,
            "相手に提案する協働の内容（人・モノ・金・情報）がありません。".into(),
            GUIDE_PROPOSAL,
        );
    }
    for (i, a) in p.asks.iter().enumerate() {
        if a.partner_benefit.trim().is_empty() {
            add(
                "ask_without_benefit",
                Severity::Fix,
                Section::Asks,
                format!(
                    "提案{}（{}：{}）に相手のメリットが書かれていません。「お願い」ではなく、相手にもメリットのある「提案」にしましょう。",
                    i + 1,
                    a.resource.label_ja(),
                    a.detail
                ),
                GUIDE_PROPOSAL,
            );
        }
    }
    let asking_words: Vec<&str> = [p.theme.as_str(), p.purpose.as_str()]
        .into_iter()
        .chain(p.asks.iter().map(|a| a.detail.as_str()))
        .filter(|t| BEGGING.iter().any(|w| t.contains(w)))
        .collect();
    if !asking_words.is_empty() {
        add(
            "asking_not_proposing",
            Severity::Consider,
            Section::Asks,
            "「お願い」の言い回しがあります。相手にとっての意味を示す「提案」の形に書き換えましょう。".into(),
            GUIDE_PROPOSAL,
        );
    }
    let totals = p.budget.totals();
    if p.budget.lines.is_empty() {
        add(
            "budget_missing",
            Severity::Fix,
            Section::Budget,
            "予算がありません。収入と支出の計画を示しましょう。".into(),
            GUIDE_PROPOSAL,
        );
    } else {
        if totals.balance != 0 {
            add(
                "budget_unbalanced",
                Severity::Fix,
                Section::Budget,
                if totals.balance < 0 {
                    format!(
                        "支出が収入を{}円上回っています。不足分をどう賄うか（協賛・助成など）を示しましょう。",
                        super::yen(-totals.balance)
                    )
                } else {
                    format!(
                        "収入が支出を{}円上回っています。収支を合わせるか、使い道を示しましょう。",
                        super::yen(totals.balance)
                    )
                },
                GUIDE_PROPOSAL,
            );
        }
        if !p.budget.has(Category::Personnel) {
            add(
                "no_personnel_cost",
                Severity::Consider,
                Section::Budget,
                "人件費がありません。事業を支えるスタッフの人件費も含めた、活動全体の経費を示しましょう。".into(),
                GUIDE_PROPOSAL,
            );
        }
        if !p.budget.has(Category::Overhead) {
            add(
                "no_overhead_cost",
                Severity::Consider,
                Section::Budget,
                "組織運営費（間接費）がありません。直接の事業費だけでなく、組織運営費も含めましょう。".into(),
                GUIDE_PROPOSAL,
            );
        }
    }
    if p.track_record.trim().is_empty() {
        add(
            "no_track_record",
            Severity::Consider,
            Section::TrackRecord,
            "実績がありません。過去の参加者数、参加者の声、写真やアンケート結果で信頼性を伝えましょう。".into(),
            GUIDE_PROPOSAL,
        );
    }
    match p.collaboration_type {
        None => add(
            "no_collaboration_type",
            Severity::Consider,
            Section::CollaborationType,
            "協働の形態（共催・委託・事業協力など）が決まっていません。形態の診断を使えます。".into(),
            GUIDE_TYPES,
        ),
        Some(t) if p.cautions_response.trim().is_empty() => add(
            "type_cautions_unaddressed",
            Severity::Consider,
            Section::CollaborationType,
            format!(
                "「{}」の注意点（{}）への対応が書かれていません。",
                t.label_ja(),
                t.info().cautions
            ),
            GUIDE_TYPES,
        ),
        Some(_) => {}
    }
    out.sort_by_key(|f| (f.severity, Section::ALL.iter().position(|s| *s == f.section)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proposal::{Ask, ProposalContent, guide_example};

    fn codes(p: &ProposalContent) -> Vec<&'static str> {
        review(p).iter().map(|f| f.code).collect()
    }

    #[test]
    fn no_false_alarms_on_the_guides_own_example() {
        assert_eq!(codes(&guide_example()), Vec::<&str>::new());
    }

    #[test]
    fn an_empty_draft_lists_what_the_guide_asks_for_fixes_first() {
        let f = review(&ProposalContent {
            title: "下書き".into(),
            ..ProposalContent::default()
        });
        let codes: Vec<&str> = f.iter().map(|f| f.code).collect();
        for c in [
            "background_missing",
            "theme_missing",
            "no_measurable_target",
            "plan_item_missing",
            "no_asks",
            "budget_missing",
            "no_track_record",
        ] {
            assert!(codes.contains(&c), "{c} in {codes:?}");
        }
        assert_eq!(f.iter().filter(|f| f.code == "plan_item_missing").count(), 7);
        assert!(f.windows(2).all(|w| w[0].severity <= w[1].severity));
    }

    #[test]
    fn each_rule_fires_on_what_it_names() {
        let mut p = guide_example();
        p.asks.push(Ask {
            resource: crate::listing::Resource::parse("funds").unwrap(),
            detail: "寄附をお願いします".into(),
            partner_benefit: String::new(),
        });
        p.budget.lines.retain(|l| l.category != Category::Overhead);
        p.targets.iter_mut().for_each(|t| t.due = None);
        p.cautions_response.clear();
        p.plan.how_much.clear();
        let c = codes(&p);
        for code in [
            "ask_without_benefit",
            "asking_not_proposing",
            "budget_unbalanced",
            "no_overhead_cost",
            "no_measurable_target",
            "type_cautions_unaddressed",
            "plan_item_missing",
        ] {
            assert!(c.contains(&code), "{code} in {c:?}");
        }
        let unbalanced = review(&p).into_iter().find(|f| f.code == "budget_unbalanced").unwrap();
        assert!(unbalanced.message.contains("収入が支出を65,000円上回っています"));
        assert!(!c.contains(&"no_personnel_cost"));
    }
}
