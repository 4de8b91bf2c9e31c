use super::generate::{Spec, csv_text, encode_cp932, zip};
use super::*;
use time::macros::date;

fn options() -> Options {
    Options {
        prefecture: None,
        today: date!(2026 - 11 - 24),
    }
}

fn file(rows: &[&str]) -> String {
    let mut s = HEADER.join(",");
    for r in rows {
        s.push_str("\r\n");
        s.push_str(r);
    }
    s.push_str("\r\n");
    s
}

/// A row with the given cells set by header name (the rest empty).
fn row_with(cells: &[(&str, &str)]) -> String {
    HEADER
        .iter()
        .map(|h| {
            cells
                .iter()
                .find(|(k, _)| k == h)
                .map_or(String::new(), |(_, v)| v.to_string())
        })
        .map(|v| {
            if v.contains([',', '"', '\n']) {
                format!("\"{}\"", v.replace('"', "\"\""))
            } else {
                v
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn a_generated_file_round_trips_through_cp932_and_zip() {
    let spec = Spec {
        rows: 500,
        seed: 7,
        yamaguchi_share: 0.2,
    };
    let bytes = zip(&encode_cp932(&csv_text(&spec)));
    let text = decode(&unpack(&bytes).unwrap()).unwrap();
    let parsed = parse(&text, &options()).unwrap();
    assert_eq!(parsed.records.len(), 500);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert!(parsed.records.iter().any(|r| r.dissolved_on.is_some()));
    assert!(parsed.records.iter().any(|r| r.address.is_none()));
    assert!(
        parsed
            .records
            .iter()
            .all(|r| r.external_id.starts_with("npo:") && !r.fields.is_empty())
    );
    let yamaguchi = parse(
        &text,
        &Options {
            prefecture: Some("山口県".into()),
            ..options()
        },
    )
    .unwrap();
    assert!(
        yamaguchi.records.len() > 50 && yamaguchi.records.len() < 150,
        "{}",
        yamaguchi.records.len()
    );
    assert!(
        yamaguchi
            .records
            .iter()
            .all(|r| r.prefecture.as_deref() == Some("山口県") || r.address.is_none())
    );
    assert_eq!(yamaguchi.records.len() + yamaguchi.skipped, 500);
    assert!(
        yamaguchi
            .records
            .iter()
            .filter_map(|r| r.municipality.as_deref())
            .all(|m| kyodo_domain::catalog::catalog().is_yamaguchi_municipality(m))
    );
}

#[test]
fn one_row_maps_to_a_record() {
    let text = file(&[&row_with(&[
        ("法人名称", "認定特定非営利活動法人支えてねットワーク"),
        ("所轄庁", "山口県"),
        ("主たる事務所の所在地", "山口県山口市秋穂西1267番地1"),
        ("代表者氏名", "上村 早苗"),
        ("設立年月日", "平成16年3月1日"),
        ("定款に記載された目的", "ひきこもりとその家族を支え、地域で孤立させない"),
        ("活動分野１", "○"),
        ("活動分野５", "○"),
        ("認定（認定開始日）", "2014/08/01"),
        ("法人番号", &generate::corporate_number(1)),
    ])]);
    let r = &parse(&text, &options()).unwrap().records[0];
    assert_eq!(r.kind, OrgKind::CertifiedNpo);
    assert_eq!(r.municipality.as_deref(), Some("山口市"));
    assert_eq!(r.founded.as_deref(), Some("2004-03-01"));
    assert_eq!(r.fields, [1, 5]);
    assert_eq!(r.representative.as_deref(), Some("上村 早苗"));
}

#[test]
fn special_certification_counts_only_while_current_and_dissolution_keeps_its_date() {
    let text = file(&[
        &row_with(&[
            ("法人名称", "A"),
            ("法人番号", &generate::corporate_number(1)),
            ("認定（特例認定年月日）", "2023/01/01"),
            ("認定（特例認定満了日）", "2026/01/01"),
        ]),
        &row_with(&[
            ("法人名称", "B"),
            ("法人番号", &generate::corporate_number(2)),
            ("認定（特例認定年月日）", "2025/01/01"),
            ("認定（特例認定満了日）", "2028/01/01"),
        ]),
        &row_with(&[
            ("法人名称", "C"),
            ("法人番号", &generate::corporate_number(3)),
            ("解散情報", "2019年3月31日 解散"),
        ]),
    ]);
    let rs = parse(&text, &options()).unwrap().records;
    assert_eq!(
        (rs[0].kind, rs[1].kind),
        (OrgKind::NpoCorporation, OrgKind::CertifiedNpo)
    );
    assert_eq!(rs[2].dissolved_on.as_deref(), Some("2019-03-31"));
}

#[test]
fn malformed_rows_get_line_numbered_errors() {
    let good = row_with(&[("法人名称", "良い法人"), ("法人番号", &generate::corporate_number(1))]);
    let bad_number = row_with(&[("法人名称", "番号違い"), ("法人番号", "1234567890123")]);
    let bad_mark = row_with(&[
        ("法人名称", "印違い"),
        ("法人番号", &generate::corporate_number(2)),
        ("活動分野３", "たぶん"),
    ]);
    let bad_date = row_with(&[
        ("法人名称", "日付違い"),
        ("法人番号", &generate::corporate_number(3)),
        ("設立年月日", "そのうち"),
    ]);
    let dup = row_with(&[("法人名称", "重複"), ("法人番号", &generate::corporate_number(1))]);
    let broken_quote = "\"閉じない引用符,1,2";
    let text = file(&[&good, &bad_number, &bad_mark, &bad_date, &dup, broken_quote]);
    let errors = parse(&text, &options()).unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(&lines[..4], &[3, 4, 5, 6], "{errors:?}");
    assert!(errors[0].message.contains("法人番号「1234567890123」"));
    assert!(errors[1].message.contains("活動分野3の値「たぶん」"));
    assert!(errors[2].message.contains("設立年月日「そのうち」"));
    assert!(errors[3].message.contains("2 行目と重複"));
    assert!(errors.len() == 5 && errors[4].message.contains("列の数"), "{errors:?}");
}

#[test]
fn missing_required_columns_fail_and_unknown_ones_warn() {
    let err = parse("法人名称,所轄庁\r\nA,山口県\r\n", &options()).unwrap_err();
    assert!(err[0].message.contains("法人番号"));
    let ok = parse(
        &format!(
            "法人名称,法人番号,新しい列\r\nA,{},x\r\n",
            generate::corporate_number(5)
        ),
        &options(),
    )
    .unwrap();
    assert_eq!(ok.records.len(), 1);
    assert!(ok.warnings.iter().any(|w| w.contains("新しい列")));
    assert!(ok.warnings.iter().any(|w| w.contains("主たる事務所の所在地")));
}

#[test]
fn the_wrong_encoding_is_named() {
    let utf8 = "法人名称,法人番号\r\n山口の会,1\r\n".as_bytes();
    let err = decode(utf8).unwrap_err();
    assert!(err.message.contains("UTF-8 のファイルのようです"), "{}", err.message);
    assert_eq!(decode(&encode_cp932("法人名称\r\n")).unwrap(), "法人名称\r\n");
    assert!(unpack(b"PK\x03\x04broken").is_err());
}

#[test]
fn line_numbers_match_the_file_with_lf_or_crlf() {
    for eol in ["\n", "\r\n"] {
        let text = format!(
            "法人名称,法人番号{eol}A,{}{eol}B,bad{eol}",
            generate::corporate_number(1)
        );
        let errors = parse(&text, &options()).unwrap_err();
        assert_eq!(errors[0].line, 3, "{eol:?}");
    }
}
