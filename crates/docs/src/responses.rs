//! A survey's responses as an Excel workbook: a heading row, one row per response, numbers as
//! numbers (the response's number, scales, numbers) and everything else as text. Written in
//! constant-memory mode, row by row, so the workbook is never held whole while it is built.

use rust_xlsxwriter::{Format, Workbook};

use crate::Result;

/// `numeric[i]` says whether column `i` holds numbers.
pub fn responses_xlsx(header: &[String], numeric: &[bool], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("回答")?;
    ws.set_freeze_panes(1, 0)?;
    let bold = Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        let col = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, col, h, &bold)?;
        ws.set_column_width(col, if c < 4 { 14 } else { 24 })?;
    }
    for (r, cells) in rows.iter().enumerate() {
        let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, v) in cells.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            match v.parse::<f64>() {
                Ok(n) if numeric.get(c).copied().unwrap_or(false) => ws.write_number(row, col, n)?,
                _ if v.is_empty() => ws,
                _ => ws.write_string(row, col, v)?,
            };
        }
    }
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_with_numbers_and_text() {
        let header = vec!["回答番号".to_owned(), "問1 満足".to_owned(), "問2 感想".to_owned()];
        let rows = vec![vec!["1".to_owned(), "5".to_owned(), "=1+1".to_owned()]];
        let bytes = responses_xlsx(&header, &[true, true, false], &rows).unwrap();
        assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut sheet = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet).unwrap();
        assert!(sheet.contains("<v>5</v>"), "the scale is a number: {sheet}");
        assert!(!sheet.contains("<f>"), "text that looks like a formula stays text");
    }
}
