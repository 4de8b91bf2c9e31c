//! The budget as an Excel workbook. Amounts and totals are formulas (数量×単価, SUM, 収入−支出),
//! so the sheet stays right when someone edits it; each carries its computed value as well, or
//! viewers that do not recalculate would show 0.

use kyodo_domain::proposal::budget::Side;
use kyodo_domain::proposal::{ProposalContent, yen};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Workbook};

use crate::Result;
use crate::view::Header;

pub fn budget_xlsx(c: &ProposalContent, h: &Header) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("予算")?;
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let text = Format::new().set_border(FormatBorder::Thin);
    let money = Format::new().set_border(FormatBorder::Thin).set_num_format("#,##0");
    let total = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_num_format("#,##0");
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 28)?;
    ws.set_column_width(2, 8)?;
    ws.set_column_width(3, 12)?;
    ws.set_column_width(4, 14)?;
    ws.write_string_with_format(0, 0, format!("予算書　{}", c.title), &title)?;
    ws.write_string(1, 0, h.line())?;

    let mut row: u32 = 3;
    let mut totals_at = Vec::new();
    for (side, label) in [(Side::Income, "収入"), (Side::Expense, "支出")] {
        ws.write_string_with_format(row, 0, label, &title)?;
        row += 1;
        for (col, h) in ["費目", "内訳", "数量", "単価（円）", "金額（円）"].iter().enumerate() {
            ws.write_string_with_format(row, u16::try_from(col).unwrap_or(0), *h, &head)?;
        }
        row += 1;
        let first = row;
        let mut sum = 0i64;
        for l in c.budget.lines.iter().filter(|l| l.category.side() == side) {
            let r = row + 1; // 1-based row in formulas
            ws.write_string_with_format(row, 0, l.category.label_ja(), &text)?;
            ws.write_string_with_format(row, 1, &l.item, &text)?;
            ws.write_number_with_format(row, 2, l.quantity as f64, &money)?;
            ws.write_number_with_format(row, 3, l.unit_price as f64, &money)?;
            ws.write_formula_with_format(
                row,
                4,
                Formula::new(format!("=C{r}*D{r}")).set_result(l.amount().to_string()),
                &money,
            )?;
            sum += l.amount();
            row += 1;
        }
        ws.write_string_with_format(row, 0, format!("{label}計"), &head)?;
        // An empty side sums an empty range: still a formula, with result 0.
        let range = if row > first {
            format!("=SUM(E{}:E{})", first + 1, row)
        } else {
            "=0".to_owned()
        };
        ws.write_formula_with_format(row, 4, Formula::new(range).set_result(sum.to_string()), &total)?;
        totals_at.push((row + 1, sum));
        row += 2;
    }
    let (income_row, income) = totals_at[0];
    let (expense_row, expense) = totals_at[1];
    ws.write_string_with_format(row, 0, "差引（収入−支出）", &head)?;
    ws.write_formula_with_format(
        row,
        4,
        Formula::new(format!("=E{income_row}-E{expense_row}")).set_result((income - expense).to_string()),
        &total,
    )?;
    ws.write_string(
        row + 2,
        0,
        format!("金額の単位：円（{}円の収入、{}円の支出）", yen(income), yen(expense)),
    )?;
    Ok(wb.save_to_buffer()?)
}
