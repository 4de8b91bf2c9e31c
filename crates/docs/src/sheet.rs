//! A simple titled document of sections (headings with lines), as Word and A4 PDF: used for the
//! self-introduction sheet (自己紹介シート) an organisation hands a prospective partner.

use std::sync::OnceLock;

use docx_rs::{AlignmentType, Docx, Paragraph, Run, RunFonts};
use typst::foundations::{Dict, Value};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};

use crate::{DocError, Result};

#[derive(Debug, Clone)]
pub struct Sheet {
    pub kind: String,
    pub title: String,
    pub header: String,
    pub sections: Vec<(String, Vec<String>)>,
}

const FONT: &str = "游ゴシック";

fn run(t: &str) -> Run {
    Run::new()
        .add_text(t)
        .fonts(RunFonts::new().east_asia(FONT).ascii(FONT).hi_ansi(FONT))
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

fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        TypstEngine::builder()
            .main_file(TEMPLATE)
            .fonts([crate::pdf::FONT, crate::pdf::EMOJI_FONT])
            .build()
    })
}

pub fn sheet_pdf(s: &Sheet) -> Result<Vec<u8>> {
    let data = serde_json::json!({
        "kind": s.kind,
        "title": s.title,
        "header": s.header,
        "sections": s.sections.iter().map(|(h, l)| serde_json::json!({"heading": h, "lines": l})).collect::<Vec<_>>(),
    });
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Value::Str(data.to_string().into()));
    let doc = engine()
        .compile_with_input(inputs)
        .output
        .map_err(|e| DocError::Pdf(format!("{e:?}")))?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|e| DocError::Pdf(format!("{e:?}")))
}
