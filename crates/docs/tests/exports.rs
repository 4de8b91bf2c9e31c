//! Each export opened for real: the PDF read back with poppler's `pdftotext` and `pdffonts`, the
//! DOCX and XLSX unzipped and their XML read; the XLSX formulas evaluated and compared with the
//! domain's totals.

#![allow(clippy::unwrap_used, reason = "a test that cannot proceed should fail loudly")]

use std::collections::HashMap;
use std::io::Read;
use std::process::Command;

use kyodo_docs::{Header, budget_xlsx, proposal_docx, proposal_pdf};
use kyodo_domain::proposal::guide_example;
use time::macros::date;

fn header() -> Header {
    Header {
        organization: "里山を守る会".into(),
        version: 2,
        date: date!(2026 - 11 - 24),
        addressee: Some("山口そば株式会社".into()),
    }
}

fn unzip(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Poppler's tools read the PDF back. Without them the PDF tests report themselves skipped, as the
/// PostgreSQL tests do; in CI (`CI` set, and `.ci/run` installs poppler-utils) they must run.
fn poppler() -> bool {
    let present = Command::new("pdftotext").arg("-v").output().is_ok();
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext (poppler-utils) is required in CI"
        );
        eprintln!("skipped: install poppler-utils to read the PDF back");
    }
    present
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_pdf_is_a4_japanese_with_the_font_embedded() {
    if !poppler() {
        return;
    }
    let pdf = proposal_pdf(&guide_example(), &header()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let p = path.to_str().unwrap();
    // Typst spaces Latin digits from kana and kanji (「令和 8 年」), as Japanese typesetting does;
    // compare without spaces.
    let text = tool("pdftotext", &["-layout", p, "-"]).replace(' ', "");
    for expected in [
        "山口そば株式会社御中",
        "企画書",
        "そばづくりからの里山再生",
        "里山を守る会",
        "令和8年（2026年）11月24日",
        "第2版",
        "①企画の背景",
        "いつ（When）",
        "相手にとってのメリット",
        "組織運営費（間接費）",
        "400,000",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    let fonts = tool("pdffonts", &[p]);
    assert!(fonts.contains("IPAexGothic"), "{fonts}");
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "every font embedded:\n{fonts}"
    );
    let info = tool("pdfinfo", &[p]);
    assert!(info.contains("595.276 x 841.89") || info.contains("A4"), "A4:\n{info}");
}

/// Emoji and symbols IPAex lacks print from the embedded fallback font, never as empty boxes.
#[test]
fn emoji_print_from_the_fallback_font() {
    if !poppler() {
        return;
    }
    let mut p = guide_example();
    p.title = "🌾そばまつり🎉".into();
    let pdf = proposal_pdf(&p, &header()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let p = path.to_str().unwrap();
    let fonts = tool("pdffonts", &[p]);
    assert!(
        fonts.contains("Symbola"),
        "the emoji come from the fallback font:\n{fonts}"
    );
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "every font embedded:\n{fonts}"
    );
    let text = tool("pdftotext", &[p, "-"]).replace(' ', "");
    assert!(text.contains("🌾そばまつり🎉"), "{text}");
}

#[test]
fn user_text_is_never_typst_markup() {
    if !poppler() {
        return;
    }
    let mut p = guide_example();
    p.title = "#panic(\"x\") *太字* $x$ [括弧] \\ 「引用」".into();
    p.theme = "= 見出し？\n#let a = 1".into();
    let pdf = proposal_pdf(&p, &header()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    let text = text.replace(' ', "");
    assert!(text.contains("#panic(\"x\")*太字*$x$[括弧]"), "{text}");
    assert!(text.contains("#leta=1"));
}

#[test]
fn the_docx_holds_the_japanese_text_and_an_east_asian_font() {
    let docx = proposal_docx(&guide_example(), &header()).unwrap();
    let xml = unzip(&docx, "word/document.xml");
    for expected in [
        "そばづくりからの里山再生",
        "④ 協働提携内容の提案",
        "相手にとってのメリット",
        "収入計",
        "400,000",
        "令和8年（2026年）11月24日",
        "山口そば株式会社 御中",
    ] {
        assert!(xml.contains(expected), "{expected}");
    }
    assert!(xml.contains("w:eastAsia=\"游ゴシック\""));
}

/// Cell values and formulas of a sheet: reference → (formula, cached value).
fn cells(sheet: &str) -> HashMap<String, (Option<String>, String)> {
    let mut out = HashMap::new();
    for part in sheet.split("<c r=\"").skip(1) {
        let reference = part.split('"').next().unwrap().to_owned();
        let body = part.split("</c>").next().unwrap();
        let between = |open: &str, close: &str| {
            body.find(open)
                .map(|i| body[i + open.len()..].split(close).next().unwrap().to_owned())
        };
        let formula = between("<f>", "</f>");
        let value = between("<v>", "</v>").unwrap_or_default();
        out.insert(reference, (formula, value));
    }
    out
}

/// Evaluates the few formula shapes the export writes: =A1*B1, =SUM(E2:E5), =E1-E2, =0.
fn eval(cells: &HashMap<String, (Option<String>, String)>, r: &str) -> f64 {
    let (formula, value) = &cells[r];
    let Some(f) = formula else {
        return value.parse().unwrap();
    };
    let f = f.trim_start_matches('=');
    if let Some(range) = f.strip_prefix("SUM(").and_then(|x| x.strip_suffix(')')) {
        let (a, b) = range.split_once(':').unwrap();
        let (col, from, to) = (&a[..1], a[1..].parse::<u32>().unwrap(), b[1..].parse::<u32>().unwrap());
        return (from..=to)
            .filter_map(|i| {
                cells
                    .get(&format!("{col}{i}"))
                    .map(|_| eval(cells, &format!("{col}{i}")))
            })
            .sum();
    }
    if let Some((a, b)) = f.split_once('*') {
        return eval(cells, a) * eval(cells, b);
    }
    if let Some((a, b)) = f.split_once('-') {
        return eval(cells, a) - eval(cells, b);
    }
    f.parse().unwrap()
}

#[test]
fn the_xlsx_totals_are_formulas_that_evaluate_to_the_domains_totals() {
    let mut p = guide_example();
    p.budget.lines[0].unit_price = 123_456; // unbalance it: the balance must follow
    let t = p.budget.totals();
    let xlsx = budget_xlsx(&p, &header()).unwrap();
    let sheet = unzip(&xlsx, "xl/worksheets/sheet1.xml");
    let shared = unzip(&xlsx, "xl/sharedStrings.xml");
    assert!(shared.contains("予算書　そばづくりからの里山再生") && shared.contains("組織運営費（間接費）"));
    let c = cells(&sheet);
    let formulas: Vec<(&String, &String)> = c.iter().filter_map(|(r, (f, _))| f.as_ref().map(|f| (r, f))).collect();
    let total = |prefix: &str| {
        let (r, _) = formulas.iter().find(|(_, f)| f.starts_with(prefix)).unwrap();
        (eval(&c, r), c[*r].1.parse::<f64>().unwrap())
    };
    let sums: Vec<&&String> = formulas
        .iter()
        .filter(|(_, f)| f.starts_with("SUM("))
        .map(|(r, _)| r)
        .collect();
    assert_eq!(sums.len(), 2, "income and expense totals are SUM formulas");
    let mut sum_values: Vec<f64> = sums.iter().map(|r| eval(&c, r)).collect();
    sum_values.sort_by(f64::total_cmp);
    let mut expected = vec![t.income as f64, t.expense as f64];
    expected.sort_by(f64::total_cmp);
    assert_eq!(sum_values, expected);
    let (balance, cached) = total("E");
    assert_eq!(
        (balance, cached),
        (t.balance as f64, t.balance as f64),
        "balance formula and its cached value"
    );
    assert!(
        formulas.iter().filter(|(_, f)| f.contains('*')).count() == p.budget.lines.len(),
        "one amount formula per line"
    );
}

fn agreement() -> kyodo_docs::agreement::AgreementDoc {
    kyodo_docs::agreement::AgreementDoc {
        title: "そばづくりからの里山再生".into(),
        version: 2,
        collaboration_type: "事業協力・事業協定".into(),
        purpose: "耕作放棄地をそば畑として再生する。".into(),
        period: "令和8年（2026年）4月1日〜令和9年（2027年）3月31日".into(),
        parties: vec![
            ("里山を守る会".into(), vec!["事業全体の企画・運営".into()]),
            (
                "山口そば株式会社".into(),
                vec!["社員、人材の派遣・招聘".into(), "費用の分担：協賛金10万円".into()],
            ),
        ],
        targets: vec![(
            "そばまつりの来場者".into(),
            "300人".into(),
            "令和9年（2027年）3月31日".into(),
            "受付で数える".into(),
            "まつりの翌週".into(),
        )],
        confirmations: vec![
            ("里山を守る会".into(), "令和8年（2026年）11月24日".into()),
            ("山口そば株式会社".into(), "未確認".into()),
        ],
        date: "令和8年（2026年）11月24日".into(),
    }
}

#[test]
fn the_agreement_reads_back_from_pdf_and_docx() {
    let a = agreement();
    let xml = unzip(&kyodo_docs::agreement::agreement_docx(&a).unwrap(), "word/document.xml");
    for s in [
        "協定書（案）",
        "社員、人材の派遣・招聘",
        "受付で数える",
        "山口そば株式会社：未確認",
        "各団体が記名押印のうえ",
        "団体名　山口そば株式会社",
        "代表者",
    ] {
        assert!(xml.contains(s), "{s}");
    }
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, kyodo_docs::agreement::agreement_pdf(&a).unwrap()).unwrap();
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]).replace(' ', "");
    // Table cells wrap (「そばまつりの来／場者」): look for words that fit a line.
    for s in [
        "協定書（案）",
        "第2版",
        "そばまつり",
        "受付で数える",
        "まつりの翌週",
        "里山を守る会：令和8年（2026年）11月24日",
        "記名押印",
        "所在地",
        "印",
    ] {
        assert!(text.contains(s), "{s} in {text}");
    }
    assert_eq!(
        text.matches("代表者").count(),
        a.parties.len(),
        "a signature line for each party"
    );
}

#[test]
fn a_sheet_reads_back_from_pdf_and_docx() {
    let s = kyodo_docs::sheet::Sheet {
        kind: "自己紹介シート".into(),
        title: "里山を守る会".into(),
        header: "山口そば株式会社 御中　令和8年（2026年）11月24日".into(),
        sections: vec![
            ("ミッション".into(), vec!["耕作放棄地を再生する".into()]),
            (
                "なぜ貴社と".into(),
                vec!["貴社の『社員ボランティア』（提供）が応えます".into()],
            ),
        ],
    };
    let xml = unzip(&kyodo_docs::sheet::sheet_docx(&s).unwrap(), "word/document.xml");
    assert!(xml.contains("自己紹介シート") && xml.contains("耕作放棄地を再生する"));
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.pdf");
    std::fs::write(&path, kyodo_docs::sheet::sheet_pdf(&s).unwrap()).unwrap();
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]).replace(' ', "");
    assert!(
        text.contains("自己紹介シート") && text.contains("なぜ貴社と") && text.contains("社員ボランティア"),
        "{text}"
    );
}

#[test]
fn photos_of_the_track_record_are_in_the_pdf_and_docx() {
    let img = image::RgbImage::from_pixel(400, 300, image::Rgb([200, 160, 40]));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let jpeg = kyodo_docs::photo::normalize(&png).unwrap();
    let photos = vec![(jpeg, "そば打ち体験（2025年10月）".to_owned())];
    let docx = kyodo_docs::proposal_docx_with_photos(&guide_example(), &header(), &photos).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    assert!(
        (0..zip.len()).any(|i| zip.by_index(i).unwrap().name().unwrap().starts_with("word/media/")),
        "the photo is in the DOCX"
    );
    assert!(unzip(&docx, "word/document.xml").contains("そば打ち体験（2025年10月）"));
    if !poppler() {
        return;
    }
    let pdf = kyodo_docs::proposal_pdf_with_photos(&guide_example(), &header(), &photos).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let list = tool("pdfimages", &["-list", path.to_str().unwrap()]);
    assert_eq!(list.lines().skip(2).count(), 1, "one image:\n{list}");
    assert!(
        tool("pdftotext", &[path.to_str().unwrap(), "-"])
            .replace(' ', "")
            .contains("そば打ち体験（2025年10月）")
    );
}
