//! Suggestions as a search is typed: the guide's terms (fields of activity, collaboration types,
//! resources, municipalities) and the names and titles the index finds for what is typed so far,
//! by their spelling or their reading (ふく → 福祉). Public, like the search itself.

use std::sync::OnceLock;

use kyodo_domain::catalog::catalog;
use kyodo_search::{DocKind, Filters, text};

/// Suggestions given at most.
pub const LIMIT: usize = 8;
/// Terms of the guide among them at most, so names and titles always have room.
const TERMS: usize = 3;
/// Longer input is not a word being typed.
const MAX_CHARS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionKind {
    Term,
    Organization,
    Listing,
    Case,
}

impl SuggestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Term => "term",
            Self::Organization => "organization",
            Self::Listing => "listing",
            Self::Case => "case",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub text: String,
    pub kind: SuggestionKind,
    /// Where it leads: the organisation's or listing's page; none for a term (search for it).
    pub href: Option<String>,
}

/// The guide's terms with their normalised spelling and reading, made once.
fn terms() -> &'static [(String, String, String)] {
    static TERMS: OnceLock<Vec<(String, String, String)>> = OnceLock::new();
    TERMS.get_or_init(|| {
        let c = catalog();
        let mut words: Vec<String> = Vec::new();
        words.extend(c.activity_fields.iter().cloned());
        words.extend(c.collaboration_types.iter().map(|t| t.name.clone()));
        words.extend(c.resources.iter().map(|r| r.name.clone()));
        words.extend(c.municipalities.iter().map(|m| m.name.clone()));
        words.extend(
            [
                "協働",
                "企画書",
                "協定書",
                "コレクティブ・インパクト",
                "社会貢献",
                "CSR",
            ]
            .map(str::to_owned),
        );
        words
            .into_iter()
            .map(|w| {
                let norm = text::normalize(&w);
                let reading = text::reading(&norm);
                (w, norm, reading)
            })
            .collect()
    })
}

/// The guide's terms, for a list offered before anything is typed (and without JavaScript).
pub fn guide_terms() -> impl Iterator<Item = &'static str> {
    terms().iter().map(|(t, _, _)| t.as_str())
}

/// The guide's case `number` on the cases page.
pub fn case_href(number: i64) -> String {
    let id = catalog()
        .cases
        .iter()
        .find(|c| i64::from(c.number) == number)
        .map_or("", |c| c.id.as_str());
    format!("/guide/cases#{id}")
}

/// Suggestions for `typed`, terms first, then names and titles, each once.
pub fn suggest(app: &crate::App, typed: &str) -> Vec<Suggestion> {
    let typed: String = typed.trim().chars().take(MAX_CHARS).collect();
    if typed.is_empty() {
        return Vec::new();
    }
    let norm = text::normalize(&typed);
    let reading = text::has_kana(&norm).then(|| text::reading(&norm));
    let mut out: Vec<Suggestion> = terms()
        .iter()
        .filter(|(_, n, r)| {
            n.contains(&norm)
                || reading
                    .as_ref()
                    .is_some_and(|q| q.chars().count() >= 2 && r.contains(q.as_str()))
        })
        .take(TERMS)
        .map(|(t, _, _)| Suggestion {
            text: t.clone(),
            kind: SuggestionKind::Term,
            href: None,
        })
        .collect();
    let hits = match app.search.search(&typed, &Filters::default(), LIMIT * 2, 0) {
        Ok(r) => r.hits,
        Err(e) => {
            // Suggestions are a convenience: the search itself reports the failure.
            tracing::warn!(error = %e, "suggestions not searched");
            Vec::new()
        }
    };
    for h in hits {
        let (text, kind, href) = match h.kind {
            DocKind::Organization => (
                h.org_name,
                SuggestionKind::Organization,
                format!("/organizations/{}", h.org_id),
            ),
            DocKind::Listing => (h.title, SuggestionKind::Listing, format!("/listings/{}", h.id)),
            DocKind::Case => (h.title, SuggestionKind::Case, case_href(h.id)),
        };
        if out.len() >= LIMIT {
            break;
        }
        if !out.iter().any(|s| s.text == text) {
            out.push(Suggestion {
                text,
                kind,
                href: Some(href),
            });
        }
    }
    out
}
