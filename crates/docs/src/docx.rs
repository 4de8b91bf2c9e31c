//! The proposal as a Word document (what Japanese offices edit): headings, the sections, and the
//! budget as tables with totals. Japanese runs name an East Asian font, so Word does not fall
//! back to a Western one.

use docx_rs::{AlignmentType, Docx, Paragraph, Run, RunFonts, Table, TableCell, TableRow, WidthType};
use kyodo_domain::proposal::budget::Side;
use kyodo_domain::proposal::{ProposalContent, yen};

use crate::view::{Header, text_sections};
use crate::{DocError, Result};

const FONT: &str = "游ゴシック";

fn fonts() -> RunFonts {
    RunFonts::new().east_asia(FONT).ascii(FONT).hi_ansi(FONT)
}

pub(crate) fn run(text: &str) -> Run {
    Run::new().add_text(text).fonts(fonts())
}

pub(crate) fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

fn heading(text: &str, size: usize) -> Paragraph {
    Paragraph::new().add_run(run(text).bold().size(size))
}

fn cell(text: &str, right: bool) -> TableCell {
    let p = para(text);
    TableCell::new().add_paragraph(if right { p.align(AlignmentType::Right) } else { p })
}

fn budget_table(c: &ProposalContent, side: Side) -> Table {
    let mut rows = vec![TableRow::new(
        ["費目", "内訳", "数量", "単価（円）", "金額（円）"]
            .iter()
            .map(|h| TableCell::new().add_paragraph(Paragraph::new().add_run(run(h).bold())))
            .collect(),
    )];
    let mut total = 0;
    for l in c.budget.lines.iter().filter(|l| l.category.side() == side) {
        total += l.amount();
        rows.push(TableRow::new(vec![
            cell(l.category.label_ja(), false),
            cell(&l.item, false),
            cell(&yen(l.quantity), true),
            cell(&yen(l.unit_price), true),
            cell(&yen(l.amount()), true),
        ]));
    }
    let label = if side == Side::Income { "収入計" } else { "支出計" };
    rows.push(TableRow::new(vec![
        cell(label, false),
        cell("", false),
        cell("", false),
        cell("", false),
        cell(&yen(total), true),
    ]));
    Table::new(rows).width(9000, WidthType::Dxa)
}

pub fn proposal_docx(c: &ProposalContent, h: &Header) -> Result<Vec<u8>> {
    proposal_docx_with_photos(c, h, &[])
}

/// With photos of the track record (checked JPEG or PNG bytes, and captions), after ⑥.
pub fn proposal_docx_with_photos(c: &ProposalContent, h: &Header, photos: &[(Vec<u8>, String)]) -> Result<Vec<u8>> {
    let mut doc = Docx::new()
        .page_size(11906, 16838) // A4 in twentieths of a point
        .default_fonts(fonts())
        .default_size(21); // 10.5pt, the usual size of Japanese office documents
    if h.addressee.is_some() {
        doc = doc.add_paragraph(para(&h.to_line()));
    }
    let mut doc = doc
        .add_paragraph(heading("企画書", 32).align(AlignmentType::Center))
        .add_paragraph(heading(&c.title, 28).align(AlignmentType::Center))
        .add_paragraph(para(&h.line()).align(AlignmentType::Right));
    for (label, lines) in text_sections(c) {
        doc = doc.add_paragraph(heading(label, 24));
        for l in lines {
            doc = doc.add_paragraph(para(&l));
        }
        if label.starts_with('⑥') {
            for (bytes, caption) in photos {
                // About 8 cm wide, keeping the proportions (EMU: 914400 per inch).
                let pic = docx_rs::Pic::new(bytes);
                let (w, hgt) = pic.size;
                let width = 3_000_000u32;
                let height = if w == 0 {
                    width
                } else {
                    (u64::from(width) * u64::from(hgt) / u64::from(w)) as u32
                };
                doc = doc
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_image(pic.size(width, height))))
                    .add_paragraph(para(caption));
            }
        }
        if label.starts_with('④') {
            let t = c.budget.totals();
            doc = doc
                .add_paragraph(heading("⑤ 予算", 24))
                .add_paragraph(para("収入"))
                .add_table(budget_table(c, Side::Income))
                .add_paragraph(para("支出"))
                .add_table(budget_table(c, Side::Expense))
                .add_paragraph(para(&format!(
                    "収入計 {}円　支出計 {}円　差引 {}円",
                    yen(t.income),
                    yen(t.expense),
                    yen(t.balance)
                )));
        }
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(|e| DocError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}
