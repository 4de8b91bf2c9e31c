//! A readable comparison of two versions: per section, the text removed and inserted. Japanese has
//! no spaces between words, so the comparison is by character, with runs merged.

use similar::{ChangeTag, TextDiff};

use super::{ProposalContent, Section};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Same,
    Removed,
    Added,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionDiff {
    pub section: Section,
    pub pieces: Vec<(Piece, String)>,
}

/// The sections that differ, in the proposal's order.
pub fn compare(old: &ProposalContent, new: &ProposalContent) -> Vec<SectionDiff> {
    Section::ALL
        .into_iter()
        .filter_map(|section| {
            let (a, b) = (old.section_text(section), new.section_text(section));
            // Figures read best as whole rows (「140,000円」→「120,000円」), prose by character.
            let by_line = matches!(section, Section::Budget | Section::Targets);
            (a != b).then(|| SectionDiff {
                section,
                pieces: pieces(&a, &b, by_line),
            })
        })
        .collect()
}

fn pieces(a: &str, b: &str, by_line: bool) -> Vec<(Piece, String)> {
    // Lines compared whole need their line ends, so every row stands on its own.
    let (a, b) = if by_line {
        (format!("{a}\n"), format!("{b}\n"))
    } else {
        (a.to_owned(), b.to_owned())
    };
    let diff = if by_line {
        TextDiff::from_lines(&a, &b)
    } else {
        TextDiff::from_chars(&a, &b)
    };
    let mut out: Vec<(Piece, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let piece = match change.tag() {
            ChangeTag::Equal => Piece::Same,
            ChangeTag::Delete => Piece::Removed,
            ChangeTag::Insert => Piece::Added,
        };
        match out.last_mut() {
            Some((p, text)) if *p == piece => text.push_str(change.value()),
            _ => out.push((piece, change.value().to_owned())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proposal::guide_example;

    #[test]
    fn only_changed_sections_with_what_changed() {
        let old = guide_example();
        let mut new = old.clone();
        new.theme = new.theme.replace("住民の繋がり", "世代を超えた繋がり");
        new.budget.lines[0].unit_price = 120_000;
        let d = compare(&old, &new);
        assert_eq!(
            d.iter().map(|s| s.section).collect::<Vec<_>>(),
            [Section::Theme, Section::Budget]
        );
        let removed: String = d[0]
            .pieces
            .iter()
            .filter(|p| p.0 == Piece::Removed)
            .map(|p| p.1.as_str())
            .collect();
        let added: String = d[0]
            .pieces
            .iter()
            .filter(|p| p.0 == Piece::Added)
            .map(|p| p.1.as_str())
            .collect();
        assert_eq!((removed.as_str(), added.as_str()), ("住民の", "世代を超えた"));
        assert!(compare(&old, &old).is_empty());
        // Budget rows are compared whole.
        let budget = &d[1].pieces;
        assert!(
            budget
                .iter()
                .any(|(p, t)| *p == Piece::Removed && t.contains("100,000円 = 100,000円"))
        );
        assert!(
            budget
                .iter()
                .any(|(p, t)| *p == Piece::Added && t.contains("120,000円 = 120,000円"))
        );
    }
}
