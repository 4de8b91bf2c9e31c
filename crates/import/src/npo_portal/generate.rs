//! Realistic registry files for tests and benchmarks (the real one cannot be downloaded here):
//! seeded, reproducible, CP932 with CRLF like the published file, with the published quirks —
//! dissolved 法人, rows without an address, certified and 特例認定 ones, mixed date formats.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::columns::HEADER;
use super::corporate_number::check_digit;

#[derive(Debug, Clone)]
pub struct Spec {
    pub rows: usize,
    pub seed: u64,
    /// Share of rows in Yamaguchi (the real file: about 410 of 60,000).
    pub yamaguchi_share: f64,
}

impl Default for Spec {
    fn default() -> Self {
        Self {
            rows: 1000,
            seed: 2021,
            yamaguchi_share: 410.0 / 60_000.0,
        }
    }
}

const PLACES: &[(&str, &str)] = &[
    ("やまぐち", "ヤマグチ"),
    ("しゅうなん", "シュウナン"),
    ("ひかり", "ヒカリ"),
    ("あきよし", "アキヨシ"),
    ("みどりの", "ミドリノ"),
    ("あおぞら", "アオゾラ"),
    ("ふるさと", "フルサト"),
    ("瀬戸内", "セトウチ"),
    ("日本海", "ニホンカイ"),
    ("ひまわり", "ヒマワリ"),
    ("さくら", "サクラ"),
    ("こころ", "ココロ"),
];
const THEMES: &[(&str, &str, u8)] = &[
    ("子ども", "コドモ", 13),
    ("環境", "カンキョウ", 7),
    ("福祉", "フクシ", 1),
    ("まちづくり", "マチヅクリ", 3),
    ("国際交流", "コクサイコウリュウ", 11),
    ("音楽", "オンガク", 6),
    ("スポーツ", "スポーツ", 6),
    ("防災", "ボウサイ", 8),
    ("里山", "サトヤマ", 5),
    ("子育て", "コソダテ", 13),
    ("食育", "ショクイク", 2),
    ("フードバンク", "フードバンク", 1),
    ("見守り", "ミマモリ", 9),
    ("男女共同参画", "ダンジョキョウドウサンカク", 12),
    ("就労", "シュウロウ", 17),
    ("観光", "カンコウ", 4),
    ("ICT", "アイシーティー", 14),
    ("消費生活", "ショウヒセイカツ", 18),
];
const SUFFIXES: &[(&str, &str)] = &[
    ("ネットワーク", "ネットワーク"),
    ("の会", "ノカイ"),
    ("支援センター", "シエンセンター"),
    ("クラブ", "クラブ"),
    ("協会", "キョウカイ"),
    ("サポート", "サポート"),
    ("フォーラム", "フォーラム"),
    ("応援団", "オウエンダン"),
];
const YAMAGUCHI: &[(&str, &str)] = &[
    ("山口市", ""),
    ("下関市", ""),
    ("宇部市", ""),
    ("周南市", ""),
    ("防府市", ""),
    ("岩国市", ""),
    ("萩市", ""),
    ("下松市", ""),
    ("光市", ""),
    ("長門市", ""),
    ("柳井市", ""),
    ("美祢市", ""),
    ("山陽小野田市", ""),
    ("周防大島町", "大島郡"),
    ("和木町", "玖珂郡"),
    ("上関町", "熊毛郡"),
    ("田布施町", "熊毛郡"),
    ("平生町", "熊毛郡"),
    ("阿武町", "阿武郡"),
];
const ELSEWHERE: &[(&str, &str)] = &[
    ("東京都", "新宿区"),
    ("東京都", "世田谷区"),
    ("大阪府", "大阪市北区"),
    ("神奈川県", "横浜市中区"),
    ("愛知県", "名古屋市中区"),
    ("福岡県", "福岡市博多区"),
    ("北海道", "札幌市中央区"),
    ("広島県", "広島市中区"),
    ("島根県", "松江市"),
    ("福岡県", "北九州市小倉北区"),
    ("京都府", "京都市中京区"),
    ("宮城県", "仙台市青葉区"),
];
const SURNAMES: &[&str] = &[
    "山本", "田中", "藤井", "中村", "伊藤", "原田", "河村", "岡本", "松本", "林", "吉村", "上村",
];
const GIVEN: &[&str] = &[
    "早苗",
    "智佳子",
    "太郎",
    "花子",
    "誠",
    "陽子",
    "健一",
    "由美",
    "大輔",
    "恵子",
    "翔",
    "明美",
];

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn date(rng: &mut StdRng, from: i32, to: i32) -> String {
    let (y, m, d) = (
        rng.random_range(from..=to),
        rng.random_range(1..=12u8),
        rng.random_range(1..=28u8),
    );
    if rng.random_bool(0.5) {
        format!("{y}/{m:02}/{d:02}")
    } else {
        format!("{y}年{m}月{d}日")
    }
}

/// A unique valid 法人番号 for row `i`.
pub fn corporate_number(i: usize) -> String {
    let base = format!("{:012}", 600_000_000_000u64 + (i as u64) * 7919);
    let d = check_digit(&base).unwrap_or(0);
    format!("{d}{base}")
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// One data row, in header order, as UTF-8 text fields.
pub fn row(rng: &mut StdRng, i: usize, yamaguchi: bool) -> Vec<String> {
    let (place, place_kana) = *pick(rng, PLACES);
    let (theme, theme_kana, field) = *pick(rng, THEMES);
    let (suffix, suffix_kana) = *pick(rng, SUFFIXES);
    let name = format!("特定非営利活動法人{place}{theme}{suffix}");
    let kana = format!("トクテイヒエイリカツドウホウジン{place_kana}{theme_kana}{suffix_kana}");
    let address = if rng.random_bool(0.12) {
        String::new()
    } else if yamaguchi {
        let (m, gun) = *pick(rng, YAMAGUCHI);
        format!(
            "山口県{gun}{m}{}丁目{}番{}号",
            rng.random_range(1..=5),
            rng.random_range(1..=30),
            rng.random_range(1..=20)
        )
    } else {
        let (p, c) = *pick(rng, ELSEWHERE);
        format!(
            "{p}{c}{}-{}-{}",
            rng.random_range(1..=9),
            rng.random_range(1..=30),
            rng.random_range(1..=20)
        )
    };
    let authority = if yamaguchi {
        "山口県".to_owned()
    } else {
        address.chars().take(3).collect()
    };
    let mut cols: Vec<String> = vec![String::new(); HEADER.len()];
    let set = |cols: &mut Vec<String>, header: &str, v: String| {
        if let Some(i) = HEADER.iter().position(|h| *h == header) {
            cols[i] = v;
        }
    };
    set(&mut cols, "法人名称", name);
    set(&mut cols, "法人名称カナ", kana);
    set(&mut cols, "所轄庁", authority);
    set(&mut cols, "主たる事務所の所在地", address);
    set(
        &mut cols,
        "代表者氏名",
        format!("{} {}", pick(rng, SURNAMES), pick(rng, GIVEN)),
    );
    set(&mut cols, "法人設立認証年月日", date(rng, 1999, 2024));
    set(&mut cols, "設立年月日", date(rng, 1999, 2024));
    set(
        &mut cols,
        "定款に記載された目的",
        format!(
            "この法人は、地域の人々に対して、{theme}に関する事業を行い、{place}の地域社会の発展に寄与することを目的とする。"
        ),
    );
    let mut fields = vec![field];
    for _ in 0..rng.random_range(0..3) {
        fields.push(rng.random_range(1..=19));
    }
    for f in fields {
        let header = format!("活動分野{}", to_fullwidth(f));
        set(&mut cols, &header, "○".into());
    }
    if rng.random_bool(0.02) {
        set(&mut cols, "認定（認定開始日）", date(rng, 2012, 2024));
        if rng.random_bool(0.1) {
            set(&mut cols, "認定（認定取消日）", date(rng, 2024, 2025));
        }
    } else if rng.random_bool(0.005) {
        set(&mut cols, "認定（特例認定年月日）", date(rng, 2021, 2025));
    }
    if rng.random_bool(0.15) {
        set(&mut cols, "解散情報", format!("{} 解散", date(rng, 2005, 2025)));
    }
    set(&mut cols, "法人番号", corporate_number(i));
    set(
        &mut cols,
        "特定非営利活動に係る事業",
        format!("（１）{theme}に関する講座・イベントの開催\n（２）{theme}に関する相談事業"),
    );
    cols
}

fn to_fullwidth(n: u8) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c))
        .collect()
}

/// The whole file as UTF-8 text with CRLF line ends (encode with [`encode_cp932`]).
pub fn csv_text(spec: &Spec) -> String {
    let mut rng = StdRng::seed_from_u64(spec.seed);
    let mut out = String::with_capacity(spec.rows * 600);
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for i in 0..spec.rows {
        let yamaguchi = rng.random_bool(spec.yamaguchi_share.clamp(0.0, 1.0));
        let cols = row(&mut rng, i, yamaguchi);
        out.push_str(&cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn encode_cp932(text: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(text).0.into_owned()
}

/// A ZIP holding the CSV, named like the published download.
pub fn zip(csv: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    // Writing into memory cannot fail short of allocation failure.
    if w.start_file("000_AdministrativeInputData_20261124.csv", options)
        .is_ok()
    {
        let _ = w.write_all(csv);
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}
