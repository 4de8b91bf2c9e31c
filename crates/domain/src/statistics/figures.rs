//! The white paper's four questions, answered from kyodo's records: what counts as a company
//! collaboration, which of the survey's answers each role or resource stands for, and which
//! answers kyodo cannot know (marked as not collected rather than guessed).

use std::collections::BTreeMap;

use super::{Answer, Category, Respondent, Spec, Statistics, figure};
use crate::catalog::catalog;

/// A collaboration of a civic group with a company that got under way (実施・評価・完了).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CollaborationFact {
    /// The 年度 it was started.
    pub year: i32,
    /// The agreement's collaboration type (its code), if agreed.
    pub collaboration_type: Option<String>,
    /// Every guide role (`c1`…, `k1`…) the agreement gives any party.
    pub roles: Vec<String>,
}

/// One civic group, as the statistics see it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrgFacts {
    pub municipality: Option<String>,
    pub company_collaborations: Vec<CollaborationFact>,
    /// 協働実績 entries: (year, partners as written).
    pub track_records: Vec<(Option<i32>, String)>,
    /// Need listings: (年度 created, resource codes).
    pub needs: Vec<(i32, Vec<String>)>,
    /// The worksheet's ratings of the guide's challenges, by index (1 = not an issue … 3).
    pub challenges: BTreeMap<usize, u8>,
}

/// Whether a 協働実績's partners name a company: a legal form or a word only businesses use.
pub fn names_company(partners: &str) -> bool {
    const MARKS: [&str; 14] = [
        "株式会社",
        "有限会社",
        "合同会社",
        "合資会社",
        "合名会社",
        "(株)",
        "（株）",
        "㈱",
        "(有)",
        "（有）",
        "㈲",
        "企業",
        "銀行",
        "信用金庫",
    ];
    MARKS.iter().any(|m| partners.contains(m))
}

fn cat(label: &str, rule: &str) -> Category {
    Category {
        label: label.into(),
        rule: rule.into(),
        collected: true,
    }
}

fn not_collected(label: &str) -> Category {
    Category {
        label: label.into(),
        rule: "kyodo の記録からは分かりません。".into(),
        collected: false,
    }
}

fn has(roles: &[String], ids: &[&str]) -> bool {
    roles.iter().any(|r| ids.contains(&r.as_str()))
}

/// Which of the survey's "what the collaboration was" answers a collaboration counts in.
fn content_picks(c: &CollaborationFact) -> Vec<usize> {
    let t = c.collaboration_type.as_deref().unwrap_or("");
    let r = &c.roles;
    let rules = [
        matches!(t, "business_cooperation" | "cosponsorship" | "committee"),
        false,
        t == "grant" || has(r, &["k5", "k6"]),
        has(r, &["k1", "k9"]),
        has(r, &["k8", "k9"]),
        has(r, &["k4"]),
        has(r, &["c5", "c6"]),
        t == "commission" || has(r, &["k7"]),
        t == "endorsement" || has(r, &["k2", "k3"]),
    ];
    rules
        .iter()
        .enumerate()
        .filter(|(_, on)| **on)
        .map(|(i, _)| i)
        .collect()
}

fn expectation_picks(resources: &[String]) -> Vec<usize> {
    let any = |codes: &[&str]| resources.iter().any(|r| codes.contains(&r.as_str()));
    let rules = [
        any(&["funds"]),
        false,
        any(&["people"]),
        false,
        any(&["venue", "goods"]),
        resources
            .iter()
            .any(|r| !["funds", "people", "venue", "goods"].contains(&r.as_str())),
    ];
    rules
        .iter()
        .enumerate()
        .filter(|(_, on)| **on)
        .map(|(i, _)| i)
        .collect()
}

/// Every figure from the civic groups' facts. `municipalities` are the area's, in order.
pub fn compute(groups: &[OrgFacts], municipalities: &[String], now: i64) -> Statistics {
    let respond = |answers: &dyn Fn(&OrgFacts) -> Vec<Answer>| -> Vec<Respondent> {
        groups
            .iter()
            .map(|g| Respondent {
                municipality: g.municipality.clone(),
                answers: answers(g),
            })
            .collect()
    };
    let collaborations: u32 = groups.iter().map(|g| g.company_collaborations.len() as u32).sum();
    let company_records: u32 = groups
        .iter()
        .map(|g| g.track_records.iter().filter(|(_, p)| names_company(p)).count() as u32)
        .sum();

    let experience = Spec {
        id: "experience",
        title: "企業との協働の実績".into(),
        definition: "kyodo に登録されている県民活動団体のうち、企業と協働したことがある団体。企業を相手とする協働が実施・評価・完了の段階まで進んだもの、または協働実績に会社名（株式会社など）があるものを「実績がある」とします。年度別は、その年度に始めた協働または実績の年で数えます。".into(),
        base: "県民活動団体（NPO法人・認定NPO法人・任意団体）".into(),
        categories: vec![
            cat("実績がある", "企業との協働が実施以降まで進んだ、または協働実績に会社名がある"),
            cat("実績がない", "上のいずれもない"),
        ],
        base_all: true,
        none: Some(1),
        by_year: true,
        records: groups.len() as u32 + collaborations + company_records,
    };
    let experience = figure(
        experience,
        &respond(&|g| {
            let from_work = g.company_collaborations.iter().map(|c| Answer {
                year: Some(c.year),
                picks: vec![0],
            });
            let from_records = g
                .track_records
                .iter()
                .filter(|(_, p)| names_company(p))
                .map(|(y, _)| Answer {
                    year: *y,
                    picks: vec![0],
                });
            from_work.chain(from_records).collect()
        }),
        municipalities,
    );

    let content = Spec {
        id: "content",
        title: "企業との協働の内容（複数回答）".into(),
        definition: "企業との協働（実施以降）がある県民活動団体について、協定の「協働の形」と各者の役割（手引の役割一覧）から内容を分類します。1団体が複数に数えられます。".into(),
        base: "企業との協働（実施以降）がある県民活動団体".into(),
        categories: vec![
            cat("企業とともに事業を実施", "協働の形が事業協力・共催・実行委員会"),
            not_collected("企業が会員として加入"),
            cat("企業から資金を受入れ", "補助・助成、または企業の役割に寄附金・助成金・協賛金"),
            cat("企業の所有施設等を借用", "企業の役割に場の提供、施設・設備・車両の貸出"),
            cat("企業の所有機材等を借用", "企業の役割に物品の提供、施設・設備・車両の貸出"),
            cat("企業から人材を受入れ", "企業の役割に社員・人材の派遣"),
            cat("企業への助言・提言", "団体の役割に社会的課題の知識・情報の提供、指導・助言"),
            cat("企業の県民活動を受託", "協働の形が委託、または企業の役割に発注先としての検討"),
            cat("その他", "後援、または企業の役割にノウハウの提供・広報支援"),
        ],
        base_all: false,
        none: None,
        by_year: true,
        records: collaborations,
    };
    let content = figure(
        content,
        &respond(&|g| {
            g.company_collaborations
                .iter()
                .map(|c| Answer {
                    year: Some(c.year),
                    picks: content_picks(c),
                })
                .collect()
        }),
        municipalities,
    );

    let needs: u32 = groups.iter().map(|g| g.needs.len() as u32).sum();
    let expectations = Spec {
        id: "expectations",
        title: "企業との協働に期待すること（複数回答）".into(),
        definition: "「求めていること」を掲載した県民活動団体について、掲載した資源（人・モノ・金・情報）で分類します。年度別は掲載した年度で数えます。".into(),
        base: "「求めていること」を掲載した県民活動団体".into(),
        categories: vec![
            cat("資金面での支援", "資金（寄附・助成・協賛）を求めている"),
            not_collected("連携した事業の実施"),
            cat("人的な面での支援", "人材（ボランティア・社員派遣・講師）を求めている"),
            not_collected("会員としての加入"),
            cat("所有施設・機材等の借用", "場所・施設・設備・車両、物品を求めている"),
            cat("その他", "ノウハウ・広報・ネットワークなど、上記以外の資源を求めている"),
        ],
        base_all: false,
        none: None,
        by_year: true,
        records: needs,
    };
    let expectations = figure(
        expectations,
        &respond(&|g| {
            g.needs
                .iter()
                .map(|(y, r)| Answer {
                    year: Some(*y),
                    picks: expectation_picks(r),
                })
                .collect()
        }),
        municipalities,
    );

    let guide = &catalog().civic_groups.challenges;
    let survey_labels = [
        "団体の社会的認知度向上",
        "連携・協力の取組方針の明確化",
        "企業活動に対する理解",
        "人材の育成・配置",
        "企画運営能力の向上",
        "団体活動の専門性を向上",
    ];
    let mut categories: Vec<Category> = survey_labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let asked = guide.get(i).map_or(*l, String::as_str);
            cat(
                l,
                &format!("自己分析シートで「{asked}」を「やや課題」「大きな課題」とした"),
            )
        })
        .collect();
    categories.extend(["企業情報の収集", "自己資金調達能力の向上", "その他"].map(not_collected));
    let sheets = groups.iter().filter(|g| !g.challenges.is_empty()).count() as u32;
    let challenges = Spec {
        id: "challenges",
        title: "企業と協働する上での課題（複数回答）".into(),
        definition: "自己分析シートで課題を評価した県民活動団体について、「やや課題」「大きな課題」とした項目を数えます（シートは非公開で、ここには集計値だけが出ます）。".into(),
        base: "自己分析シートで課題を評価した県民活動団体".into(),
        categories,
        base_all: false,
        none: None,
        by_year: false,
        records: sheets,
    };
    let challenges = figure(
        challenges,
        &respond(&|g| {
            if g.challenges.is_empty() {
                return Vec::new();
            }
            let picks = g
                .challenges
                .iter()
                .filter(|(i, r)| **r >= 2 && **i < 6)
                .map(|(i, _)| *i)
                .collect();
            vec![Answer { year: None, picks }]
        }),
        municipalities,
    );

    Statistics {
        computed_at: now,
        civic_groups: groups.len() as u32,
        figures: vec![experience, content, expectations, challenges],
    }
}
