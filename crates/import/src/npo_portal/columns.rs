//! The registry CSV's columns, matched by header name (the column set has changed over the years).

use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    NameKana,
    Authority,
    Address,
    Representative,
    Certification,
    Founded,
    Purpose,
    Field(u8),
    CertifiedFrom,
    CertifiedRevoked,
    SpecialFrom,
    SpecialUntil,
    SpecialRevoked,
    Dissolution,
    CorporateNumber,
    Business,
}

/// The header as published, in order (full-width digits as in the file).
pub const HEADER: &[&str] = &[
    "法人名称",
    "法人名称カナ",
    "所轄庁",
    "権限移譲先市町村",
    "主たる事務所の所在地",
    "主たる事業所の郵便番号",
    "従たる事務所の所在地",
    "代表者氏名",
    "団体代表者名（フリガナ）",
    "法人設立認証年月日",
    "設立年月日",
    "定款に記載された目的",
    "活動分野１",
    "活動分野２",
    "活動分野３",
    "活動分野４",
    "活動分野５",
    "活動分野６",
    "活動分野７",
    "活動分野８",
    "活動分野９",
    "活動分野１０",
    "活動分野１１",
    "活動分野１２",
    "活動分野１３",
    "活動分野１４",
    "活動分野１５",
    "活動分野１６",
    "活動分野１７",
    "活動分野１８",
    "活動分野１９",
    "活動分野２０",
    "認定（認定・特例認定１）",
    "認定（認定・特例認定２）",
    "認定（認定・特例認定３）",
    "認定（認定・特例認定４）",
    "認定（PST基準１）",
    "認定（PST基準２）",
    "認定（PST基準３）",
    "認定（PST基準 条例指定（都道府県及び市区町村名））",
    "認定（認定開始日）",
    "認定（認定満了日）",
    "認定（認定取消日）",
    "認定（特例認定年月日）",
    "認定（特例認定満了日）",
    "認定（特例認定取消日）",
    "監督情報",
    "解散情報",
    "法人情報URL",
    "法人番号",
    "条例個別指定フラグ",
    "特定非営利活動に係る事業",
    "その他の事業",
    "事業年度開始日",
    "事業年度終了日",
    "条例個別指定：有効期間(開始日)",
    "条例個別指定：有効期間(満了日)",
    "条例個別指定：有効期限（更新申請日)",
    "条例個別指定：有効期限（更新日)",
    "条例個別指定：有効期限（条例個別指定：取消日)",
];

/// Known headers kyodo does not use (read past without a warning).
const UNUSED: &[&str] = &[
    "権限移譲先市町村",
    "主たる事業所の郵便番号",
    "従たる事務所の所在地",
    "団体代表者名（フリガナ）",
    "認定（認定・特例認定１）",
    "認定（認定・特例認定２）",
    "認定（認定・特例認定３）",
    "認定（認定・特例認定４）",
    "認定（PST基準１）",
    "認定（PST基準２）",
    "認定（PST基準３）",
    "認定（PST基準 条例指定（都道府県及び市区町村名））",
    "認定（認定満了日）",
    "監督情報",
    "法人情報URL",
    "条例個別指定フラグ",
    "その他の事業",
    "事業年度開始日",
    "事業年度終了日",
    "条例個別指定：有効期間(開始日)",
    "条例個別指定：有効期間(満了日)",
    "条例個別指定：有効期限（更新申請日)",
    "条例個別指定：有効期限（更新日)",
    "条例個別指定：有効期限（条例個別指定：取消日)",
];

fn is_unused(header: &str) -> bool {
    let norm = |s: &str| kyodo_domain::text::to_halfwidth_ascii(s.trim());
    header.trim().is_empty() || UNUSED.iter().any(|u| norm(u) == norm(header))
}

fn column_of(header: &str) -> Option<Column> {
    let h = kyodo_domain::text::to_halfwidth_ascii(header.trim());
    if let Some(n) = h.strip_prefix("活動分野") {
        return n.parse::<u8>().ok().filter(|n| (1..=20).contains(n)).map(Column::Field);
    }
    Some(match h.as_str() {
        "法人名称" => Column::Name,
        "法人名称カナ" => Column::NameKana,
        "所轄庁" => Column::Authority,
        "主たる事務所の所在地" => Column::Address,
        "代表者氏名" => Column::Representative,
        "法人設立認証年月日" => Column::Certification,
        "設立年月日" => Column::Founded,
        "定款に記載された目的" => Column::Purpose,
        "認定(認定開始日)" | "認定（認定開始日）" => Column::CertifiedFrom,
        "認定(認定取消日)" | "認定（認定取消日）" => Column::CertifiedRevoked,
        "認定(特例認定年月日)" | "認定（特例認定年月日）" => Column::SpecialFrom,
        "認定(特例認定満了日)" | "認定（特例認定満了日）" => Column::SpecialUntil,
        "認定(特例認定取消日)" | "認定（特例認定取消日）" => Column::SpecialRevoked,
        "解散情報" => Column::Dissolution,
        "法人番号" => Column::CorporateNumber,
        "特定非営利活動に係る事業" => Column::Business,
        _ => return None,
    })
}

/// Column positions by meaning, and warnings for unknown or missing optional columns.
/// Missing 法人名称 or 法人番号 is an error: without them no record can be keyed.
pub fn map_header(header: &csv::StringRecord) -> Result<(HashMap<Column, usize>, Vec<String>), String> {
    let mut map = HashMap::new();
    let mut warnings = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim_start_matches('\u{FEFF}');
        match column_of(h) {
            Some(c) => {
                map.entry(c).or_insert(i);
            }
            None if is_unused(h) => {}
            None => warnings.push(format!("未知の列「{h}」は読み飛ばしました")),
        }
    }
    let missing: Vec<&str> = [(Column::Name, "法人名称"), (Column::CorporateNumber, "法人番号")]
        .iter()
        .filter(|(c, _)| !map.contains_key(c))
        .map(|(_, n)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "必須の列がありません: {}（見出し行を確認してください）",
            missing.join("、")
        ));
    }
    for (c, name) in [
        (Column::Address, "主たる事務所の所在地"),
        (Column::Purpose, "定款に記載された目的"),
        (Column::Dissolution, "解散情報"),
    ] {
        if !map.contains_key(&c) {
            warnings.push(format!("列「{name}」がないため、その情報は取り込みません"));
        }
    }
    Ok((map, warnings))
}
