//! CSV for spreadsheets: cells quoted when they need it, and a cell a spreadsheet would run as a
//! formula made text (CSV injection). Files start with a BOM and end lines with CRLF, as Excel in
//! Japan reads them right.

/// The byte-order mark a UTF-8 file for Excel starts with.
pub const BOM: &str = "\u{feff}";

/// One line's cells, joined (without the line end).
pub fn line(cols: &[String]) -> String {
    cols.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",")
}

/// A cell quoted when it needs it; one that a spreadsheet would run as a formula is made text.
pub fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}
