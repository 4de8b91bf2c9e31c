//! Synthetic interchange files: civic groups and companies across Yamaguchi with needs and offers
//! that complement one another, varied enough to exercise search and matching. Seeded.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const MUNICIPALITIES: &[&str] = &[
    "下関市",
    "宇部市",
    "山口市",
    "萩市",
    "防府市",
    "下松市",
    "岩国市",
    "光市",
    "長門市",
    "柳井市",
    "美祢市",
    "周南市",
    "山陽小野田市",
    "周防大島町",
    "和木町",
    "上関町",
    "田布施町",
    "平生町",
    "阿武町",
];
/// (theme, NPO Act field, SDG, what groups do, what they need)
const THEMES: &[(&str, u8, u8, &str, &str)] = &[
    (
        "子ども食堂",
        13,
        2,
        "地域の子どもに温かい食事と居場所を提供する",
        "食材と調理ボランティア",
    ),
    (
        "子育て支援",
        13,
        4,
        "子育て中の家族の孤立を防ぎ、一時預かりや相談を行う",
        "託児の場所と活動資金",
    ),
    (
        "高齢者の見守り",
        1,
        3,
        "一人暮らしの高齢者を訪問し、見守りと買い物支援を行う",
        "移動手段と見守り機器",
    ),
    (
        "障害者の就労支援",
        17,
        8,
        "障害のある人の就労体験と工賃の向上に取り組む",
        "仕事の発注と販路",
    ),
    (
        "里山保全",
        7,
        15,
        "耕作放棄地と荒廃した山林を再生する",
        "重機の貸出と作業ボランティア",
    ),
    (
        "海岸清掃",
        7,
        14,
        "海岸の漂着ごみを回収し、海の豊かさを守る",
        "ごみ袋と運搬車両",
    ),
    ("防災", 8, 11, "地域の防災訓練と避難所運営を支える", "防災資機材と会場"),
    (
        "観光ガイド",
        4,
        8,
        "地域の歴史と自然を案内するボランティアガイドを育てる",
        "広報と送迎",
    ),
    (
        "国際交流",
        11,
        10,
        "外国人住民の日本語学習と生活相談を支える",
        "教室と通訳の人材",
    ),
    (
        "フードバンク",
        1,
        2,
        "食品ロスを減らし、必要とする家庭や施設に食品を届ける",
        "余剰食品と保管場所",
    ),
    (
        "ひきこもり支援",
        1,
        3,
        "ひきこもりの人と家族を支え、居場所と就労体験をつくる",
        "就労体験の場と買い手",
    ),
    (
        "文化芸術",
        6,
        4,
        "地域の伝統芸能と音楽活動を次の世代に伝える",
        "公演の会場と協賛",
    ),
];
const GROUP_SUFFIX: &[&str] = &[
    "の会",
    "ネットワーク",
    "応援団",
    "サポートセンター",
    "協議会",
    "クラブ",
    "プロジェクト",
];
const NAME_PREFIX: &[&str] = &[
    "あおぞら",
    "ひまわり",
    "さくら",
    "みらい",
    "ふるさと",
    "こころ",
    "やまびこ",
    "せせらぎ",
    "つばさ",
    "わかば",
];
const COMPANY_KIND: &[(&str, &str, &str)] = &[
    ("スーパー", "食料品の小売業", "販売できなくなった食品と店頭スペース"),
    ("建設", "土木・建築工事業", "重機と技術者"),
    ("運送", "貨物運送業", "配送車両と倉庫"),
    ("銀行", "地域金融", "金融教育の講師と寄附"),
    ("印刷", "印刷・広告業", "チラシの印刷と広報"),
    ("IT", "ソフトウェア開発", "ITの技術と講師"),
    ("ホテル", "宿泊・観光業", "会議室と送迎バス"),
    ("食品製造", "食品の製造・加工", "地元の原材料の買取"),
    ("美容室", "理容・美容業", "定休日の店舗貸切"),
    ("自動車販売", "自動車の販売・整備", "車両とチャイルドシートの貸出"),
];
const COMPANY_FORM: &[&str] = &["株式会社", "有限会社", "合同会社"];
const RESOURCES: &[&str] = &[
    "funds",
    "people",
    "venue",
    "goods",
    "expertise",
    "publicity",
    "network",
    "planning",
    "service",
    "procurement",
    "information",
];

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `organizations` organisations (about a third companies) and `listings` listings, as JSON Lines.
pub fn generate(organizations: usize, listings: usize, seed: u64) -> String {
    generate_with(organizations, listings, seed, 0.35)
}

/// As [`generate`], with the share of companies among the organisations chosen.
pub fn generate_with(organizations: usize, listings: usize, seed: u64, company_share: f64) -> String {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = String::with_capacity(organizations * 400 + listings * 300);
    out.push_str("# kyodo interchange format v1 — synthetic data\n");
    let mut themes_of = Vec::with_capacity(organizations);
    for i in 0..organizations {
        let m = pick(&mut rng, MUNICIPALITIES);
        let company = rng.random_bool(company_share.clamp(0.0, 1.0));
        if company {
            let (kind, business, offer) = *pick(&mut rng, COMPANY_KIND);
            let name = format!(
                "{}{}{}{}",
                pick(&mut rng, COMPANY_FORM),
                m.trim_end_matches(['市', '町']),
                kind,
                i % 97
            );
            themes_of.push((None, offer));
            out.push_str(&format!(
                "{{\"type\":\"organization\",\"external_id\":\"gen-org-{i}\",\"kind\":\"company\",\"name\":{},\"municipality\":{},\"employees\":{},\"activities\":{},\"csr_policy\":{},\"fields\":[16],\"sdgs\":[8,12,17]}}\n",
                json_str(&name),
                json_str(m),
                rng.random_range(5..3000),
                json_str(business),
                json_str(&format!("地域に根ざした企業として、{offer}を生かした社会貢献に取り組む")),
            ));
        } else {
            let (theme, field, sdg, does, needs) = *pick(&mut rng, THEMES);
            let name = format!(
                "{}{}{}",
                pick(&mut rng, NAME_PREFIX),
                theme,
                pick(&mut rng, GROUP_SUFFIX)
            );
            let kind = if rng.random_bool(0.6) {
                "npo_corporation"
            } else {
                "voluntary_group"
            };
            themes_of.push((Some(theme), needs));
            out.push_str(&format!(
                "{{\"type\":\"organization\",\"external_id\":\"gen-org-{i}\",\"kind\":\"{kind}\",\"name\":{},\"municipality\":{},\"members\":{},\"mission\":{},\"activities\":{},\"fields\":[{field}],\"sdgs\":[{sdg}]}}\n",
                json_str(&format!("{}（{}）", name, i % 1000)),
                json_str(m),
                rng.random_range(3..200),
                json_str(does),
                json_str(&format!("{m}で{theme}の活動をしている。")),
            ));
        }
    }
    for j in 0..listings {
        if organizations == 0 {
            break;
        }
        let i = rng.random_range(0..organizations);
        let (theme, thing) = themes_of[i];
        let need = rng.random_bool(0.5);
        let res = pick(&mut rng, RESOURCES);
        let title = match (theme, need) {
            (Some(t), true) => format!("{t}のための{thing}を求めています"),
            (Some(t), false) => format!("{t}の経験とネットワークを提供します"),
            (None, true) => format!("{thing}を生かせる地域の活動を探しています"),
            (None, false) => format!("{thing}を提供します"),
        };
        out.push_str(&format!(
            "{{\"type\":\"listing\",\"external_id\":\"gen-listing-{j}\",\"organization\":\"gen-org-{i}\",\"direction\":\"{}\",\"resources\":[\"{res}\"],\"title\":{}}}\n",
            if need { "need" } else { "offer" },
            json_str(&title),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn generated_files_are_valid_interchange() {
        let text = super::generate(300, 600, 1);
        let parsed = kyodo_domain::interchange::parse(&text).expect("valid");
        assert_eq!(parsed.records.len(), 900);
        assert!(parsed.external_refs.is_empty());
        assert_eq!(super::generate(10, 10, 1), super::generate(10, 10, 1), "seeded");
    }
}
