//! A simple titled document of sections (headings with lines), as Word and A4 PDF: used for the
//! self-introduction sheet (自己紹介シート) an organisation hands a prospective partner.

use std::sync::OnceLock;

use docx_rs::{AlignmentType, Docx, Paragraph};

use crate::docx::run;
use crate::pdf::{Engine, engine_for, render};
use crate::{DocError, Result};

#[derive(Debug, Clone)]
pub struct Sheet {
    pub kind: String,
    pub title: String,
    pub header: String,
    pub sections: Vec<(String, Vec<String>)>,
}

pub fn sheet_docx(s: &Sheet) -> Result<Vec<u8>> {
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .default_size(21)
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&s.kind).bold().size(32))
                .align(AlignmentType::Center),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run(&s.title).bold().size(28))
                .align(AlignmentType::Center),
        )
        .add_paragraph(Paragraph::new().add_run(run(&s.header)).align(AlignmentType::Right));
    for (heading, lines) in &s.sections {
        doc = doc.add_paragraph(Paragraph::new().add_run(run(heading).bold().size(24)));
        for l in lines {
            doc = doc.add_paragraph(Paragraph::new().add_run(run(l)));
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| DocError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

static TEMPLATE: &str = include_str!("sheet.typ");

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| engine_for(TEMPLATE))
}

pub fn sheet_pdf(s: &Sheet) -> Result<Vec<u8>> {
    let data = serde_json::json!({
        "kind": s.kind,
        "title": s.title,
        "header": s.header,
        "sections": s.sections.iter().map(|(h, l)| serde_json::json!({"heading": h, "lines": l})).collect::<Vec<_>>(),
    });
    render(engine(), &data)
}
