//! Searching: the query (every word, title or body), the filters, the page of hits with snippets
//! and the facet counts.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::Ordering;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::{DocKind, Filters, Hit, Result, SearchError, SearchIndex, SearchResult, Snippet, facets};
use crate::text;

const MAX_QUERY_CHARS: usize = 200;
const SNIPPET_CHARS: usize = 80;

impl SearchIndex {
    /// The text part of the query: every word must appear (title or body, title counting double).
    fn text_query(&self, words: &[String]) -> Option<Box<dyn Query>> {
        let f = self.f;
        let per_word: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|w| {
                let in_field = |bi: Field, uni: Field| -> Box<dyn Query> {
                    let grams = text::word_bigrams(w);
                    match grams.len() {
                        0 => Box::new(TermQuery::new(
                            Term::from_field_text(uni, w),
                            IndexRecordOption::WithFreqs,
                        )),
                        1 => Box::new(TermQuery::new(
                            Term::from_field_text(bi, &grams[0]),
                            IndexRecordOption::WithFreqs,
                        )),
                        _ => Box::new(PhraseQuery::new(
                            grams.iter().map(|g| Term::from_field_text(bi, g)).collect(),
                        )),
                    }
                };
                let either: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(in_field(f.title_bi, f.title_uni), 2.0)),
                    ),
                    (Occur::Should, in_field(f.body_bi, f.body_uni)),
                ]));
                (Occur::Must, either)
            })
            .collect();
        if per_word.is_empty() {
            None
        } else {
            Some(Box::new(BooleanQuery::new(per_word)))
        }
    }

    fn filter_queries(&self, filters: &Filters) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.f;
        let term = |field: Field, v: &str| -> (Occur, Box<dyn Query>) {
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(field, v),
                    IndexRecordOption::Basic,
                )),
            )
        };
        let num = |field: Field, v: u8| -> (Occur, Box<dyn Query>) {
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(field, u64::from(v)),
                    IndexRecordOption::Basic,
                )),
            )
        };
        let mut out = Vec::new();
        if let Some(d) = filters.doc {
            out.push(term(f.doc, d.as_str()));
        }
        if let Some(k) = filters.kind {
            out.push(term(f.kind, k.as_str()));
        }
        if let Some(m) = &filters.municipality {
            out.push(term(f.municipality, m));
        }
        if let Some(n) = filters.field {
            out.push(num(f.field, n));
        }
        if let Some(n) = filters.sdg {
            out.push(num(f.sdg, n));
        }
        if let Some(r) = &filters.resource {
            out.push(term(f.resource, r));
        }
        if let Some(d) = &filters.direction {
            out.push(term(f.direction, d));
        }
        if filters.verified_only {
            out.push(term(f.verified, "1"));
        }
        out
    }

    /// Searches; an empty query with no filters finds nothing (not everything). A panic inside
    /// tantivy (damaged segment bytes) becomes [`SearchError::Damaged`] and marks the index for a
    /// rebuild, instead of taking the request down.
    pub fn search(&self, query: &str, filters: &Filters, limit: usize, offset: usize) -> Result<SearchResult> {
        match std::panic::catch_unwind(AssertUnwindSafe(|| {
            self.search_unguarded(query, filters, limit, offset)
        })) {
            Ok(result) => result,
            Err(_) => {
                self.damaged.store(true, Ordering::Relaxed);
                tracing::error!("search index damaged: a search panicked; it will be rebuilt");
                Err(SearchError::Damaged("a search panicked".into()))
            }
        }
    }

    fn search_unguarded(&self, query: &str, filters: &Filters, limit: usize, offset: usize) -> Result<SearchResult> {
        let query: String = query
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_QUERY_CHARS)
            .collect();
        let words = text::query_words(&query);
        let mut clauses = self.filter_queries(filters);
        let has_text = match self.text_query(&words) {
            Some(q) => {
                clauses.push((Occur::Must, q));
                true
            }
            None => false,
        };
        if clauses.is_empty() {
            return Ok(SearchResult::default());
        }
        if !has_text {
            // Filters only: every document that passes them, scored alike.
            clauses.push((Occur::Should, Box::new(tantivy::query::AllQuery)));
        }
        let q = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let limit = limit.clamp(1, 100);
        let (top, total, facets) = searcher.search(
            &q,
            &(
                TopDocs::with_limit(limit)
                    .and_offset(offset.min(10_000))
                    .order_by_score(),
                Count,
                facets::collector(),
            ),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let s = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            };
            let i = |field: Field| doc.get_first(field).and_then(|v| v.as_i64()).unwrap_or(0);
            let body = s(self.f.body);
            hits.push(Hit {
                kind: DocKind::parse(&s(self.f.doc)).unwrap_or(DocKind::Organization),
                id: i(self.f.id),
                org_id: i(self.f.org_id),
                org_name: s(self.f.org_name),
                title: s(self.f.title),
                snippet: snippet(&body, &words),
                score,
            });
        }
        Ok(SearchResult {
            hits,
            total,
            facets: facets::read(facets),
        })
    }
}

/// Up to 80 characters of `body` (as written) around the first match, with every match marked.
/// The query's words are normalised; each character of the body is normalised on its own and
/// remembers where it came from, so 「ＮＰＯ法人」 is found by 「npo」 and shown as written.
fn snippet(body: &str, words: &[String]) -> Snippet {
    let chars: Vec<char> = body.chars().collect();
    let (norm, from_char): (Vec<char>, Vec<usize>) = chars
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            text::normalize(&c.to_string())
                .chars()
                .map(move |n| (n, i))
                .collect::<Vec<_>>()
        })
        .unzip();
    let mut marked = vec![false; chars.len()];
    for w in words {
        let wc: Vec<char> = w.chars().collect();
        if wc.is_empty() || wc.len() > norm.len() {
            continue;
        }
        for start in 0..=norm.len() - wc.len() {
            if norm[start..start + wc.len()] == wc[..] {
                for &i in &from_char[start..start + wc.len()] {
                    marked[i] = true;
                }
            }
        }
    }
    let first = marked.iter().position(|m| *m).unwrap_or(0);
    let from = first.saturating_sub(20);
    let to = (from + SNIPPET_CHARS).min(chars.len());
    let mut parts: Vec<(String, bool)> = Vec::new();
    if from > 0 {
        parts.push(("…".into(), false));
    }
    for i in from..to {
        match parts.last_mut() {
            Some((s, m)) if *m == marked[i] && !(s == "…" && !*m && i == from) => s.push(chars[i]),
            _ => parts.push((chars[i].to_string(), marked[i])),
        }
    }
    if to < chars.len() {
        parts.push(("…".into(), false));
    }
    Snippet { parts }
}
