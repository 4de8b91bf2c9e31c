//! The figures as one long table for a spreadsheet (CSV and XLSX share it): the white paper's
//! survey beside kyodo's live figures, a row per (source, slice, category). Hidden cells stay
//! hidden — their count, share and base columns are empty and the note says why.

use super::{Breakdown, Cell, Statistics};
use crate::catalog::catalog;

pub const HEADER: [&str; 11] = [
    "出典",
    "指標ID",
    "指標",
    "区分",
    "区分の値",
    "項目",
    "団体数",
    "割合（%）",
    "母数（団体）",
    "注記",
    "集計日時",
];

/// Which columns hold numbers.
pub const NUMERIC: [bool; 11] = [false, false, false, false, false, false, true, true, true, false, false];

fn year_label(y: &str) -> &str {
    match y {
        "R2" => "令和2年度（2020年度）",
        "H27" => "平成27年度（2015年度）",
        other => other,
    }
}

/// Every row: the survey's first, then kyodo's.
pub fn rows(s: &Statistics) -> Vec<Vec<String>> {
    let survey = &catalog().survey;
    let mut out = Vec::new();
    for t in &survey.tables {
        for r in &t.rows {
            for (y, v) in t.years.iter().zip(&r.values) {
                out.push(vec![
                    survey.title.clone(),
                    t.id.clone(),
                    t.title.clone(),
                    "調査年度".into(),
                    year_label(y).into(),
                    r.label.clone(),
                    String::new(),
                    format!("{v:.1}"),
                    if y == "R2" {
                        survey.answers.to_string()
                    } else {
                        String::new()
                    },
                    if t.multiple {
                        "複数回答".into()
                    } else {
                        String::new()
                    },
                    String::new(),
                ]);
            }
        }
    }
    let source = "kyodo の登録情報から集計";
    let at = crate::era::format_unix_sortable(s.computed_at);
    for f in &s.figures {
        let slices = std::iter::once(("全体", &f.all))
            .chain(f.municipalities.iter().map(|b| ("市町村", b)))
            .chain(f.years.iter().map(|b| ("年度", b)));
        for (dimension, b) in slices {
            for (c, cell) in f.categories.iter().zip(&b.cells) {
                out.push(vec![
                    source.into(),
                    f.id.clone(),
                    f.title.clone(),
                    dimension.into(),
                    b.label.clone(),
                    c.label.clone(),
                    cell.count().map(|n| n.to_string()).unwrap_or_default(),
                    cell.percent().map(|p| format!("{p:.1}")).unwrap_or_default(),
                    b.base.count().map(|n| n.to_string()).unwrap_or_default(),
                    note(b, *cell),
                    at.clone(),
                ]);
            }
        }
    }
    out
}

fn note(b: &Breakdown, cell: Cell) -> String {
    match cell {
        Cell::Suppressed if b.base == Cell::Suppressed => "秘匿（母数が5団体未満）".into(),
        Cell::Suppressed => "秘匿（5団体未満、または他の値から算出できるため）".into(),
        Cell::NotCollected => "kyodo の記録からは分からないため集計していません".into(),
        Cell::Shown { .. } => String::new(),
    }
}
