//! Searching: the query (every word, title or body), the filters, the page of hits with snippets
//! and the facet counts.
//!
//! A word matches in three tiers, each outranking the next whatever the term statistics say:
//! as written (its bigrams in the text), written another way (variants and kana folded: 子ども
//! for 子供, こうれい for 高齢), and — for a word typed with kana — as read (ふくし for 福祉,
//! and homophones such as 副詞, which rank below).

use std::panic::AssertUnwindSafe;
use std::sync::atomic::Ordering;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::above::Above;
use super::snippet::{self, QueryWord};
use super::{DocKind, Filters, Hit, Reach, ReadAs, Result, SearchError, SearchIndex, SearchResult, facets};
use crate::text;

const MAX_QUERY_CHARS: usize = 200;
/// Added for a match as written, and for one written another way: far above any BM25 sum, so a
/// tier never falls below the next.
const WRITTEN: f32 = 10_000.0;
const OTHER_WRITING: f32 = 1_000.0;

/// The bigrams of `word` in a bigram field, as one term or a phrase; `None` for one character.
///
/// A phrase needs only every other bigram (and the last) at its offset: 「フードバンク」 is フー at
/// 0, ドバ at 2 and ンク at 4, which covers every character. Each term left out is a posting list
/// and its positions not read, and phrases are most of what a search costs.
fn grams_query(field: Field, word: &str) -> Option<Box<dyn Query>> {
    let grams = text::word_bigrams(word);
    match grams.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, &grams[0]),
            IndexRecordOption::WithFreqs,
        ))),
        n => {
            let mut at: Vec<usize> = (0..n).step_by(2).collect();
            if at.last() != Some(&(n - 1)) {
                at.push(n - 1);
            }
            Some(Box::new(PhraseQuery::new_with_offset(
                at.into_iter()
                    .map(|i| (i, Term::from_field_text(field, &grams[i])))
                    .collect(),
            )))
        }
    }
}

impl SearchIndex {
    /// The text part of the query: every word must match (in any tier, title or body).
    fn text_query(&self, words: &[QueryWord], reach: Reach) -> Option<Box<dyn Query>> {
        let f = self.f;
        let per_word: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .filter_map(|w| {
                let mut tiers: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                let written = grams_query(f.text_bi, &w.norm).unwrap_or_else(|| {
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.text_uni, &w.norm),
                        IndexRecordOption::WithFreqs,
                    ))
                });
                tiers.push((Occur::Should, Box::new(Above::new(written, WRITTEN))));
                if reach == Reach::Readings && text::is_japanese(&w.norm) {
                    // Written another way: the word's own other form, or its reading where the
                    // text has the word in kana.
                    let mut other: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                    // The word's own other form only where the table knows it (else it is the
                    // word as written, already asked for).
                    let own = (w.other != w.norm || kyodo_reading::variants::touches(&w.norm)).then_some(&w.other);
                    for form in own.into_iter().chain([&w.kana]) {
                        if let Some(q) = grams_query(f.alt, form) {
                            other.push((Occur::Should, q));
                        }
                    }
                    if !other.is_empty() {
                        tiers.push((
                            Occur::Should,
                            Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(other)), OTHER_WRITING)),
                        ));
                    }
                    // As read only for a word typed with kana: a word typed in kanji names its
                    // spelling, and what merely sounds like it (清掃 and 製造) is noise.
                    if text::has_kana(&w.norm)
                        && let Some(read) = grams_query(f.read, &w.reading)
                    {
                        tiers.push((Occur::Should, read));
                    }
                }
                (!tiers.is_empty()).then(|| (Occur::Must, Box::new(BooleanQuery::new(tiers)) as Box<dyn Query>))
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
        self.search_reaching(query, filters, limit, offset, Reach::Readings)
    }

    /// [`Self::search`], reaching only as far as `reach` says.
    pub fn search_reaching(
        &self,
        query: &str,
        filters: &Filters,
        limit: usize,
        offset: usize,
        reach: Reach,
    ) -> Result<SearchResult> {
        match std::panic::catch_unwind(AssertUnwindSafe(|| {
            self.search_unguarded(query, filters, limit, offset, reach)
        })) {
            Ok(result) => result,
            Err(_) => {
                self.damaged.store(true, Ordering::Relaxed);
                tracing::error!("search index damaged: a search panicked; it will be rebuilt");
                Err(SearchError::Damaged("a search panicked".into()))
            }
        }
    }

    fn search_unguarded(
        &self,
        query: &str,
        filters: &Filters,
        limit: usize,
        offset: usize,
        reach: Reach,
    ) -> Result<SearchResult> {
        let query: String = query
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_QUERY_CHARS)
            .collect();
        let words: Vec<QueryWord> = text::query_words(&query).iter().map(|w| QueryWord::new(w)).collect();
        let mut clauses = self.filter_queries(filters);
        let has_text = match self.text_query(&words, reach) {
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
                facets::FacetCounts,
            ),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        let mut read_as: Vec<ReadAs> = Vec::new();
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let s = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            };
            let i = |field: Field| doc.get_first(field).and_then(|v| v.as_i64()).unwrap_or(0);
            let (body, title) = (s(self.f.body), s(self.f.title));
            let marked = snippet::cut(&body, &title, &words, reach);
            for (word, found) in marked.read_as {
                let typed = &words[word].norm;
                match read_as.iter_mut().find(|r| &r.word == typed) {
                    Some(r) if !r.found.contains(&found) => r.found.push(found),
                    Some(_) => {}
                    None => read_as.push(ReadAs {
                        word: typed.clone(),
                        found: vec![found],
                    }),
                }
            }
            hits.push(Hit {
                kind: DocKind::parse(&s(self.f.doc)).unwrap_or(DocKind::Organization),
                id: i(self.f.id),
                org_id: i(self.f.org_id),
                org_name: s(self.f.org_name),
                title,
                snippet: marked.snippet,
                score,
            });
        }
        Ok(SearchResult {
            hits,
            total,
            facets: facets::read(facets),
            read_as,
        })
    }
}
