//! The evaluation report (評価報告書) of one milestone: sections in the guide's order, each a
//! list of lines, a table or bars (a target's way from its baseline), with every claim's evidence
//! named (which survey and its n, which article). One content for the page, Word and A4 PDF; its
//! JSON is also what a sign-off fixes, so any change asks for sign-off again.

use std::sync::OnceLock;

use docx_rs::{AlignmentType, Docx, Paragraph, Table, TableCell, TableRow, WidthType};
use serde::{Deserialize, Serialize};

use crate::docx::{para as p, run};
use crate::pdf::{Engine, engine_for, render};
use crate::{DocError, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    /// How far along, 0–100 (drawn capped at 100).
    pub percent: u32,
    /// The figures beside it (「10人 → 42人 ／ 目標 50人（80%）」).
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Lines {
        lines: Vec<String>,
    },
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Bars under an optional title (a survey question; a target's bars have none).
    Bars {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        title: String,
        bars: Vec<Bar>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// Everything printed, in display form (dates in 和暦 with the Western year).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDoc {
    /// The collaboration's title.
    pub title: String,
    /// 「中間評価 報告書」.
    pub kind: String,
    /// 「評価日 令和9年（2027年）1月20日」.
    pub held_on: String,
    pub parties: Vec<String>,
    pub sections: Vec<Section>,
}

impl ReportDoc {
    /// The content as signed off: the same JSON, whatever renders it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report serialises")
    }
}

/// The sign-off block printed under the report: (party, 「第2版を確認（令和…）」 or 「未確認」).
pub type SignOffs = Vec<(String, String)>;

fn cell(t: &str, bold: bool) -> TableCell {
    let r = if bold { run(t).bold() } else { run(t) };
    TableCell::new().add_paragraph(Paragraph::new().add_run(r))
}

pub fn report_docx(r: &ReportDoc, version: &str, signoffs: &SignOffs) -> Result<Vec<u8>> {
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .default_size(21)
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&r.kind).bold().size(32))
                .align(AlignmentType::Center),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&r.title).bold().size(28))
                .align(AlignmentType::Center),
        )
        .add_paragraph(p(&format!("{version}　{}", r.held_on)).align(AlignmentType::Right))
        .add_paragraph(p(&format!("参加団体：{}", r.parties.join("・"))));
    for (i, s) in r.sections.iter().enumerate() {
        doc = doc.add_paragraph(Paragraph::new().add_run(run(&format!("{}　{}", i + 1, s.heading)).bold().size(24)));
        for b in &s.blocks {
            doc = match b {
                Block::Lines { lines } => lines.iter().fold(doc, |d, l| d.add_paragraph(p(l))),
                Block::Bars { title, bars } => bars.iter().fold(
                    if title.is_empty() {
                        doc
                    } else {
                        doc.add_paragraph(Paragraph::new().add_run(run(title).bold()))
                    },
                    |d, b| {
                        let filled = (b.percent.min(100) / 10) as usize;
                        let bar = format!("{}{}", "■".repeat(filled), "□".repeat(10 - filled));
                        d.add_paragraph(p(&format!("{}　{bar}　{}", b.label, b.text)))
                    },
                ),
                Block::Table { header, rows } => {
                    let mut t = vec![TableRow::new(header.iter().map(|h| cell(h, true)).collect())];
                    t.extend(
                        rows.iter()
                            .map(|row| TableRow::new(row.iter().map(|c| cell(c, false)).collect())),
                    );
                    doc.add_table(Table::new(t).width(9000, WidthType::Dxa))
                }
            };
        }
    }
    doc = doc.add_paragraph(Paragraph::new().add_run(run("確認").bold().size(24)));
    for (party, on) in signoffs {
        doc = doc.add_paragraph(p(&format!("{party}：{on}")));
    }
    // 記名押印: each party's representative signs the copy it files.
    doc = doc.add_paragraph(p("　　　　年　　月　　日").align(AlignmentType::Right));
    for party in &r.parties {
        doc = doc
            .add_paragraph(p(&format!("団体名　{party}")))
            .add_paragraph(p("代表者　＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿　印"));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| DocError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

static TEMPLATE: &str = include_str!("report.typ");

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| engine_for(TEMPLATE))
}

pub fn report_pdf(r: &ReportDoc, version: &str, signoffs: &SignOffs) -> Result<Vec<u8>> {
    let mut data = serde_json::to_value(r).map_err(|e| DocError::Pdf(e.to_string()))?;
    data["version"] = serde_json::json!(version);
    data["signoffs"] = serde_json::json!(signoffs);
    render(engine(), &data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ReportDoc {
        ReportDoc {
            title: "こども食堂の協働".into(),
            kind: "中間評価 報告書".into(),
            held_on: "評価日 令和9年（2027年）1月20日".into(),
            parties: vec!["こども食堂ひだまり".into(), "周南フーズ株式会社".into()],
            sections: vec![
                Section {
                    heading: "目標と実績".into(),
                    blocks: vec![
                        Block::Bars {
                            title: String::new(),
                            bars: vec![Bar {
                                label: "参加した子ども".into(),
                                percent: 80,
                                text: "10人 → 42人 ／ 目標 50人（80%）".into(),
                            }],
                        },
                        Block::Table {
                            header: vec!["目標".into(), "判定".into()],
                            rows: vec![vec!["参加した子ども".into(), "一部達成".into()]],
                        },
                    ],
                },
                Section {
                    heading: "学びと次の一歩".into(),
                    blocks: vec![Block::Lines {
                        lines: vec!["変える：広報を早める".into()],
                    }],
                },
            ],
        }
    }

    #[test]
    fn the_report_renders_as_word_and_pdf_with_every_section() {
        let r = sample();
        let signoffs = vec![("こども食堂ひだまり".to_owned(), "第1版を確認".to_owned())];
        let docx = report_docx(&r, "第1版", &signoffs).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
        for want in [
            "中間評価 報告書",
            "10人 → 42人",
            "一部達成",
            "変える：広報を早める",
            "第1版を確認",
            "印",
        ] {
            assert!(xml.contains(want), "{want} in the Word file");
        }
        let pdf = report_pdf(&r, "第1版", &signoffs).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }

    #[test]
    fn the_content_signed_is_its_json() {
        let r = sample();
        let back: ReportDoc = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(back, r);
    }
}
