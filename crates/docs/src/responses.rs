//! A survey's responses (or any long table) as an Excel workbook: a heading row, one row per response, numbers as
//! numbers (the response's number, scales, numbers) and everything else as text. Rows are added
//! as they are read and go to a temporary file at once (constant-memory mode), and the finished
//! workbook is a file too: neither is held whole in memory, however many responses there are.

use std::io::Seek;

use rust_xlsxwriter::{Format, Workbook};

use crate::Result;

/// The workbook being written, one row at a time.
pub struct ResponsesWorkbook {
    wb: Workbook,
    numeric: Vec<bool>,
    next_row: u32,
}

impl ResponsesWorkbook {
    /// `numeric[i]` says whether column `i` holds numbers.
    pub fn new(header: &[String], numeric: Vec<bool>) -> Result<Self> {
        Self::named("回答", header, numeric)
    }

    /// A workbook whose one sheet is called `sheet` (any long table: statistics, open data).
    pub fn named(sheet: &str, header: &[String], numeric: Vec<bool>) -> Result<Self> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(sheet)?;
        ws.set_freeze_panes(1, 0)?;
        let bold = Format::new().set_bold();
        for (c, h) in header.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, col, h, &bold)?;
            ws.set_column_width(col, if c < 4 { 14 } else { 24 })?;
        }
        Ok(Self {
            wb,
            numeric,
            next_row: 1,
        })
    }

    pub fn push(&mut self, cells: &[String]) -> Result<()> {
        let ws = self.wb.worksheet_from_index(0)?;
        let row = self.next_row;
        for (c, v) in cells.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            match v.parse::<f64>() {
                Ok(n) if self.numeric.get(c).copied().unwrap_or(false) => ws.write_number(row, col, n)?,
                _ if v.is_empty() => ws,
                _ => ws.write_string(row, col, v)?,
            };
        }
        self.next_row += 1;
        Ok(())
    }

    /// The finished workbook as an unnamed temporary file (gone when closed), read from its start.
    pub fn finish(mut self) -> Result<std::fs::File> {
        let mut file = tempfile::tempfile()?;
        self.wb.save_to_writer(&mut file)?;
        file.rewind()?;
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_with_numbers_and_text() {
        let header = vec!["回答番号".to_owned(), "問1 満足".to_owned(), "問2 感想".to_owned()];
        let mut wb = ResponsesWorkbook::new(&header, vec![true, true, false]).unwrap();
        wb.push(&["1".to_owned(), "5".to_owned(), "=1+1".to_owned()]).unwrap();
        wb.push(&["2".to_owned(), String::new(), "よかった".to_owned()])
            .unwrap();
        let file = wb.finish().unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut sheet = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet).unwrap();
        assert!(sheet.contains("<v>5</v>"), "the scale is a number: {sheet}");
        assert!(
            sheet.contains(r#"<row r="3""#),
            "the second response is the third row: {sheet}"
        );
        assert!(!sheet.contains("<f>"), "text that looks like a formula stays text");
    }
}
