//! The proposal (企画書, the guide's Action II): sections exactly as the guide lists them, the
//! shared purpose and targets, the budget, its review against the guide, and the differences
//! between two versions. Every saved state of a proposal is a version holding one
//! [`ProposalContent`].

pub mod advisor;
pub mod budget;
pub mod diff;
mod input;
pub mod review;
pub mod theme;

use serde::{Deserialize, Serialize};

use crate::collaboration::CollaborationType;
use crate::listing::Resource;
pub use budget::{Budget, BudgetLine, Category, Totals};
pub use input::{AskInput, LineInput, ProposalInput, TargetInput};

/// 目標: what, how much, by when — the guide insists both sides share them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub what: String,
    /// 「200人」「3回」: a number with its unit, as written.
    pub amount: String,
    /// `YYYY-MM` or `YYYY-MM-DD`.
    pub due: Option<String>,
}

/// ③ 事業内容 as 5W2H.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub when: String,
    pub where_: String,
    pub who: String,
    pub why: String,
    pub what: String,
    pub how: String,
    pub how_much: String,
}

impl Plan {
    /// (key, label, text) of each of the seven items, in the guide's order.
    pub fn items(&self) -> [(&'static str, &'static str, &str); 7] {
        [
            ("when", "いつ（When）", &self.when),
            ("where", "どこで（Where）", &self.where_),
            ("who", "誰が・誰を対象に（Who）", &self.who),
            ("why", "なぜ（Why）", &self.why),
            ("what", "何を（What）", &self.what),
            ("how", "どうやって（How）", &self.how),
            ("how_much", "いくらで（How much）", &self.how_much),
        ]
    }
}

/// ④ One thing proposed to the partner, as a resource, with what the partner gains from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ask {
    pub resource: Resource,
    pub detail: String,
    pub partner_benefit: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposalContent {
    /// 事業名.
    pub title: String,
    /// ① 企画の背景: data.
    pub background: String,
    /// ① people's own voices.
    pub voices: String,
    /// ② テーマ（解決したい課題）.
    pub theme: String,
    /// 目的.
    pub purpose: String,
    pub targets: Vec<Target>,
    pub plan: Plan,
    pub asks: Vec<Ask>,
    pub budget: Budget,
    /// ⑥ 実績.
    pub track_record: String,
    pub collaboration_type: Option<CollaborationType>,
    /// How the chosen type's cautions are addressed.
    pub cautions_response: String,
}

/// The parts of a proposal, for review findings, comments and version differences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Title,
    Background,
    Theme,
    Purpose,
    Targets,
    Plan,
    Asks,
    Budget,
    TrackRecord,
    CollaborationType,
}

impl Section {
    pub const ALL: [Self; 10] = [
        Self::Title,
        Self::Background,
        Self::Theme,
        Self::Purpose,
        Self::Targets,
        Self::Plan,
        Self::Asks,
        Self::Budget,
        Self::TrackRecord,
        Self::CollaborationType,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Background => "background",
            Self::Theme => "theme",
            Self::Purpose => "purpose",
            Self::Targets => "targets",
            Self::Plan => "plan",
            Self::Asks => "asks",
            Self::Budget => "budget",
            Self::TrackRecord => "track_record",
            Self::CollaborationType => "collaboration_type",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Self::Title => "事業名",
            Self::Background => "① 企画の背景",
            Self::Theme => "② テーマ（解決したい課題）",
            Self::Purpose => "目的",
            Self::Targets => "目標",
            Self::Plan => "③ 事業内容（5W2H）",
            Self::Asks => "④ 協働提携内容の提案",
            Self::Budget => "⑤ 予算",
            Self::TrackRecord => "⑥ 実績",
            Self::CollaborationType => "協働の形態",
        }
    }
}

impl ProposalContent {
    /// A section as plain text: what the version comparison and the documents show.
    pub fn section_text(&self, s: Section) -> String {
        match s {
            Section::Title => self.title.clone(),
            Section::Background => join_labeled(&[("データ", &self.background), ("当事者の声", &self.voices)]),
            Section::Theme => self.theme.clone(),
            Section::Purpose => self.purpose.clone(),
            Section::Targets => self
                .targets
                .iter()
                .map(|t| {
                    let due = t.due.as_deref().map(crate::era::format_partial).unwrap_or_default();
                    format!(
                        "{}：{}（期限 {}）",
                        t.what,
                        t.amount,
                        if due.is_empty() { "未定".into() } else { due }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Section::Plan => join_labeled(&self.plan.items().map(|(_, label, text)| (label, text))),
            Section::Asks => self
                .asks
                .iter()
                .map(|a| {
                    format!(
                        "【{}】{}\n　相手にとってのメリット：{}",
                        a.resource.label_ja(),
                        a.detail,
                        a.partner_benefit
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Section::Budget => {
                let t = self.budget.totals();
                let mut lines: Vec<String> = self
                    .budget
                    .lines
                    .iter()
                    .map(|l| {
                        format!(
                            "{}　{}　{} × {}円 = {}円",
                            l.category.label_ja(),
                            l.item,
                            yen(l.quantity),
                            yen(l.unit_price),
                            yen(l.amount())
                        )
                    })
                    .collect();
                lines.push(format!(
                    "収入計 {}円／支出計 {}円／差引 {}円",
                    yen(t.income),
                    yen(t.expense),
                    yen(t.balance)
                ));
                lines.join("\n")
            }
            Section::TrackRecord => self.track_record.clone(),
            Section::CollaborationType => match self.collaboration_type {
                Some(t) => join_labeled(&[(t.label_ja(), ""), ("注意点への対応", &self.cautions_response)]),
                None => String::new(),
            },
        }
    }
}

fn join_labeled(parts: &[(&str, &str)]) -> String {
    parts
        .iter()
        .filter(|(l, t)| !t.is_empty() || !l.is_empty())
        .map(|(l, t)| {
            if t.is_empty() {
                (*l).to_owned()
            } else {
                format!("{l}：{t}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whole yen with thousands separators: 1234567 → 「1,234,567」.
pub fn yen(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// The guide's own example (Action II, そばづくりからの里山再生), completed with the figures a
/// real proposal would carry. Used by the demo data and by tests that the review raises no false
/// alarms on the guide's own example.
pub fn guide_example() -> ProposalContent {
    let res = |code: &str| Resource::parse(code).unwrap_or_else(|| unreachable_resource(code));
    ProposalContent {
        title: "そばづくりからの里山再生".into(),
        background: "地区の人口は480人、うち高齢者は210人（43.8%）。耕作放棄地や荒廃山林が増える中、住民で「夢マップ」を作り、出来る取組から始めたが、人手が不足している。".into(),
        voices: "「子どもの頃の棚田の風景をもう一度見たい」（70代の住民）".into(),
        theme: "地区住民の交流の機会を作り、住民の繋がりを強くするとともに、地区のファンをふやすことで、「地区と住民の未来を元気にする！」".into(),
        purpose: "耕作放棄地をそば畑として再生し、地域内外の交流を生み出す。".into(),
        targets: vec![
            Target { what: "そば畑として再生する耕作放棄地".into(), amount: "50a".into(), due: Some("2027-08".into()) },
            Target { what: "そばまつりの来場者".into(), amount: "300人".into(), due: Some("2027-11-30".into()) },
        ],
        plan: Plan {
            when: "栽培時期や行楽シーズンを考え、9～11月に交流イベントを実施する。".into(),
            where_: "地区内の耕作放棄地を開墾したそば畑と公民館。".into(),
            who: "地域内の住民に加え、地域外の住民にも魅力を体感してもらう。".into(),
            why: "共同作業を地域住民間のコミュニケーションの機会とし、地区のファンを増やすため。".into(),
            what: "耕作放棄地を開墾し、そばを栽培する。".into(),
            how: "そばの花盛りや収穫、「そばまつり」で地域外との交流を図る。".into(),
            how_much: "総事業費 40万円（収入・支出は予算のとおり）。".into(),
        },
        asks: vec![
            Ask { resource: res("people"), detail: "開墾と収穫の日に社員ボランティア10名".into(), partner_benefit: "社員研修・チームづくりの場になり、地域に貢献する企業としてのイメージが高まる。".into() },
            Ask { resource: res("goods"), detail: "そばまつりでの販売商品とイベント会場の提供".into(), partner_benefit: "来場者300人への商品PRと販路の拡大につながる。".into() },
            Ask { resource: res("funds"), detail: "協賛金 10万円".into(), partner_benefit: "チラシ・会場に社名を掲載し、地域貢献を発信できる。".into() },
            Ask { resource: res("publicity"), detail: "広報ツールでの発信、顧客への情報提供".into(), partner_benefit: "顧客に地域の話題を届け、店舗への来店のきっかけになる。".into() },
        ],
        budget: Budget {
            lines: vec![
                line(Category::Sponsorship, "企業協賛", 1, 100_000),
                line(Category::Grant, "地域づくり助成金", 1, 150_000),
                line(Category::ParticipationFee, "そば打ち体験参加費", 100, 1_000),
                line(Category::Sales, "そばの販売", 100, 500),
                line(Category::Venue, "公民館使用料", 3, 5_000),
                line(Category::Personnel, "スタッフ謝金", 30, 5_000),
                line(Category::Publicity, "チラシ印刷", 1, 30_000),
                line(Category::Equipment, "草刈機", 2, 40_000),
                line(Category::Materials, "そば種子・肥料", 1, 60_000),
                line(Category::Overhead, "事務局運営費", 1, 65_000),
            ],
        },
        track_record: "2025年から住民で「夢マップ」づくりに取り組み、ワークショップに延べ120人が参加。参加者アンケートで9割が「続けたい」と回答。".into(),
        collaboration_type: Some(CollaborationType::BusinessCooperation),
        cautions_response: "役割分担を協定書に明記し、月1回の定例会で進捗を共有する。".into(),
    }
}

fn line(category: Category, item: &str, quantity: i64, unit_price: i64) -> BudgetLine {
    BudgetLine {
        category,
        item: item.into(),
        quantity,
        unit_price,
    }
}

fn unreachable_resource(code: &str) -> Resource {
    // The codes above are the catalog's own (checked by the catalog tests).
    panic!("resource code {code} is not in the catalog")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_groups_thousands() {
        assert_eq!(yen(0), "0");
        assert_eq!(yen(1_234_567), "1,234,567");
        assert_eq!(yen(-30_000), "-30,000");
    }

    #[test]
    fn the_guides_example_balances_and_reads() {
        let p = guide_example();
        let t = p.budget.totals();
        assert_eq!(t.income, 400_000);
        assert_eq!(t.expense, 400_000);
        assert!(p.section_text(Section::Budget).contains("差引 0円"));
        assert!(p.section_text(Section::Plan).contains("いつ（When）：栽培時期"));
        assert!(p.section_text(Section::Targets).contains("令和9年"));
    }
}
