//! A survey's responses as CSV for a spreadsheet: UTF-8 with a BOM (Excel in Japan reads it
//! right), one column per question, choices as their words, CRLF line ends.

use super::{Audience, Definition, Kind, Question};
use crate::csv::line;

/// An answer row as stored: (question key, chosen option, number, text or date).
pub type StoredAnswer = (String, Option<i64>, Option<f64>, Option<String>);

/// The columns' headings: the response's number, time, audience and channel, then each question.
pub fn header_cells(d: &Definition) -> Vec<String> {
    let mut cols = vec![
        "回答番号".to_owned(),
        "回答日時".into(),
        "立場".into(),
        "回答方法".into(),
    ];
    cols.extend(
        d.questions
            .iter()
            .enumerate()
            .map(|(i, q)| format!("問{} {}", i + 1, q.text)),
    );
    cols
}

/// Which columns hold numbers (the response's number, scales and numbers), for a spreadsheet.
pub fn numeric_columns(d: &Definition) -> Vec<bool> {
    let mut out = vec![true, false, false, false];
    out.extend(
        d.questions
            .iter()
            .map(|q| matches!(q.kind, Kind::Scale { .. } | Kind::Number { .. })),
    );
    out
}

/// Starts the file: the BOM and the header line.
pub fn header(d: &Definition) -> String {
    format!("\u{feff}{}\r\n", line(&header_cells(d)))
}

/// One response's cells. `answers` are as stored; `at` is the time already written for people.
pub fn row_cells(
    d: &Definition,
    number: i64,
    at: &str,
    audience: &str,
    via: &str,
    answers: &[StoredAnswer],
) -> Vec<String> {
    let mut cols = vec![
        number.to_string(),
        at.to_owned(),
        Audience::parse(audience).map_or_else(|| audience.to_owned(), |a| a.label_ja().to_owned()),
        match via {
            "member" => "ログインして回答".to_owned(),
            "public" => "公開リンク".to_owned(),
            "link" => "個別リンク".to_owned(),
            other => other.to_owned(),
        },
    ];
    for q in &d.questions {
        cols.push(words(q, answers));
    }
    cols
}

/// One response's CSV line.
pub fn row(d: &Definition, number: i64, at: &str, audience: &str, via: &str, answers: &[StoredAnswer]) -> String {
    format!("{}\r\n", line(&row_cells(d, number, at, audience, via, answers)))
}

/// A question's answer in words, from stored answer rows (empty when not answered).
pub fn words(q: &Question, answers: &[StoredAnswer]) -> String {
    let mine = answers.iter().filter(|a| a.0 == q.key);
    match &q.kind {
        Kind::Scale { .. } => mine
            .filter_map(|a| a.1)
            .map(|c| (c + 1).to_string())
            .collect::<Vec<_>>()
            .join("、"),
        Kind::Single { options } | Kind::Multiple { options } => mine
            .filter_map(|a| a.1)
            .filter_map(|c| options.get(usize::try_from(c).ok()?).cloned())
            .collect::<Vec<_>>()
            .join("、"),
        Kind::Number { .. } => mine
            .filter_map(|a| a.2)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("、"),
        _ => mine.filter_map(|a| a.3.clone()).collect::<Vec<_>>().join("、"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::survey::QuestionInput;

    #[test]
    fn readable_columns_and_safe_cells() {
        let mut d = Definition::default();
        let q = |kind: &str, text: &str, options: &str| QuestionInput {
            kind: kind.into(),
            text: text.into(),
            options: options.into(),
            ..QuestionInput::default()
        };
        d.add(q("multiple", "どれ", "チラシ\nSNS").parse().unwrap()).unwrap();
        d.add(q("scale", "満足", "").parse().unwrap()).unwrap();
        d.add(q("long_text", "感想", "").parse().unwrap()).unwrap();
        let h = header(&d);
        assert!(h.starts_with('\u{feff}'));
        assert!(h.contains("問1 どれ,問2 満足,問3 感想"));
        let answers = vec![
            ("q1".into(), Some(0), None, None),
            ("q1".into(), Some(1), None, None),
            ("q2".into(), Some(4), None, None),
            (
                "q3".into(),
                None,
                None,
                Some("=HYPERLINK(\"x\"), 楽しかった\n また".into()),
            ),
        ];
        let r = row(&d, 7, "2026-12-01 10:00", "volunteers", "public", &answers);
        assert!(
            r.starts_with("7,2026-12-01 10:00,ボランティア・関係者,公開リンク,チラシ、SNS,5,"),
            "{r}"
        );
        assert!(r.contains("\"'=HYPERLINK(\"\"x\"\"), 楽しかった\n また\""), "{r}");
        assert!(r.ends_with("\r\n"));
        // A negative number stays a number.
        assert_eq!(crate::csv::cell("-3"), "-3");
    }
}
