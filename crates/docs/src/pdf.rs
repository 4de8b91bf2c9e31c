//! The proposal as a PDF: A4, Japanese typography, with the IPAex Gothic font embedded (shipped in
//! `fonts/`, so a machine without CJK fonts renders it too). Laid out by typst from a template;
//! the content goes in as JSON data, never as markup.

use std::sync::OnceLock;

use kyodo_domain::proposal::budget::Side;
use kyodo_domain::proposal::{ProposalContent, Section, yen};
use typst::foundations::{Dict, Value};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};

use crate::view::Header;
use crate::{DocError, Result};

pub(crate) static FONT: &[u8] = include_bytes!("../fonts/ipaexg.ttf");
/// Symbola: the glyphs IPAex lacks (emoji, many symbols), monochrome as an office printer prints.
pub(crate) static EMOJI_FONT: &[u8] = include_bytes!("../fonts/Symbola.ttf");
static TEMPLATE: &str = include_str!("proposal.typ");

pub(crate) type Engine = TypstEngine<TypstTemplateMainFile>;

/// A template's engine with kyodo's fonts. Each document keeps its own in a `OnceLock`: parsing
/// the template and the 6 MB font is the slow part.
pub(crate) fn engine_for(template: &'static str) -> Engine {
    TypstEngine::builder()
        .main_file(template)
        .fonts([FONT, EMOJI_FONT])
        .build()
}

/// Lays `data` out with the template (it reads `sys.inputs.data` as JSON text) and writes the PDF.
pub(crate) fn render(engine: &Engine, data: &serde_json::Value) -> Result<Vec<u8>> {
    let mut inputs = Dict::new();
    inputs.insert("data".into(), Value::Str(data.to_string().into()));
    let doc = engine
        .compile_with_input(inputs)
        .output
        .map_err(|e| DocError::Pdf(format!("{e:?}")))?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|e| DocError::Pdf(format!("{e:?}")))
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| engine_for(TEMPLATE))
}

fn data(c: &ProposalContent, h: &Header) -> serde_json::Value {
    let rows = |side: Side| -> Vec<serde_json::Value> {
        c.budget
            .lines
            .iter()
            .filter(|l| l.category.side() == side)
            .map(|l| {
                serde_json::json!({
                    "category": l.category.label_ja(),
                    "item": l.item,
                    "quantity": yen(l.quantity),
                    "unit_price": yen(l.unit_price),
                    "amount": yen(l.amount()),
                })
            })
            .collect()
    };
    let t = c.budget.totals();
    let sections: Vec<serde_json::Value> = crate::view::text_sections(c)
        .into_iter()
        .zip(
            Section::ALL
                .into_iter()
                .filter(|s| !matches!(s, Section::Title | Section::Budget)),
        )
        .map(|((label, lines), s)| serde_json::json!({ "id": s.as_str(), "label": label, "lines": lines }))
        .collect();
    serde_json::json!({
        "title": if c.title.is_empty() { "（事業名未定）" } else { c.title.as_str() },
        "header": h.line(),
        "addressee": h.to_line(),
        "sections": sections,
        "income": rows(Side::Income),
        "expense": rows(Side::Expense),
        "income_total": yen(t.income),
        "expense_total": yen(t.expense),
        "balance": yen(t.balance),
    })
}

pub fn proposal_pdf(c: &ProposalContent, h: &Header) -> Result<Vec<u8>> {
    proposal_pdf_with_photos(c, h, &[])
}

/// With photos of the track record (JPEG or PNG bytes, already checked, and captions).
pub fn proposal_pdf_with_photos(c: &ProposalContent, h: &Header, photos: &[(Vec<u8>, String)]) -> Result<Vec<u8>> {
    let mut inputs = Dict::new();
    let mut d = data(c, h);
    d["captions"] = serde_json::json!(photos.iter().map(|(_, caption)| caption).collect::<Vec<_>>());
    inputs.insert("data".into(), Value::Str(d.to_string().into()));
    let images: typst::foundations::Array = photos
        .iter()
        .map(|(bytes, _)| Value::Bytes(typst::foundations::Bytes::new(bytes.clone())))
        .collect();
    inputs.insert("photos".into(), Value::Array(images));
    let doc = engine()
        .compile_with_input(inputs)
        .output
        .map_err(|e| DocError::Pdf(format!("{e:?}")))?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|e| DocError::Pdf(format!("{e:?}")))
}
