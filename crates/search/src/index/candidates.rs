//! Candidate partners for matching at scale: organisations with listings that could answer one of
//! the seeker's. Only these are then scored in full by the domain's matching.
//!
//! Cost is what matters here (the matching target is p99 ≤ 50 ms at 750,000 documents with 8
//! clients on 2 cores). A query whose words are optional must score every document that passes
//! its required clauses — a third of the index for "offers of people". So the words are made
//! required as a group (at least one must occur), only the rarest few are used, and a cheap
//! unscored query pads the list when words find too few.

use std::collections::HashMap;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::{Result, SearchIndex};
use crate::text;

/// The rarest bigrams of a listing's text that are used: enough to recognise its subject.
const GRAMS: usize = 24;

/// One listing of the seeker: its direction (`need`/`offer`), resource codes, and text.
pub type Want = (String, Vec<String>, String);

impl SearchIndex {
    /// Organisation ids, best first: listings of the other direction sharing a resource, ranked by
    /// shared rare words; padded with resource-only complements when words find fewer than `limit`.
    pub fn complementary_orgs(&self, wants: &[Want], limit: usize) -> Result<Vec<i64>> {
        let searcher = self.reader.searcher();
        let mut best: HashMap<i64, f32> = HashMap::new();
        // One query per direction, not per listing: an organisation with many listings costs no
        // more than one with two. Each listing still brings its own rarest words.
        let wants: Vec<Want> = ["need", "offer"]
            .into_iter()
            .filter_map(|direction| {
                let mine: Vec<&Want> = wants.iter().filter(|w| w.0 == direction).collect();
                let mut resources: Vec<String> = mine.iter().flat_map(|w| w.1.iter().cloned()).collect();
                resources.sort();
                resources.dedup();
                let texts: Vec<&str> = mine.iter().map(|w| w.2.as_str()).collect();
                (!mine.is_empty()).then(|| (direction.to_owned(), resources, texts.join("\u{1f}")))
            })
            .collect();
        for want in &wants {
            let Some(base) = self.complement_clauses(want) else {
                continue;
            };
            let grams = self.rare_grams(&searcher, &want.2);
            if grams.is_empty() {
                continue;
            }
            let mut clauses = base;
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(grams))));
            self.collect(&searcher, &BooleanQuery::new(clauses), limit, &mut best)?;
        }
        if best.len() < limit {
            for want in &wants {
                let Some(base) = self.complement_clauses(want) else {
                    continue;
                };
                // Below every word-ranked candidate: any positive text score ranks first.
                let q = ConstScoreQuery::new(Box::new(BooleanQuery::new(base)), 0.0);
                self.collect(&searcher, &q, limit, &mut best)?;
            }
        }
        let mut ranked: Vec<(i64, f32)> = best.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(ranked.into_iter().take(limit).map(|(id, _)| id).collect())
    }

    /// Listings of the other direction with at least one of the resources; `None` without any.
    fn complement_clauses(&self, (direction, resources, _): &Want) -> Option<Vec<(Occur, Box<dyn Query>)>> {
        if resources.is_empty() {
            return None;
        }
        let f = self.f;
        let other = if direction == "need" { "offer" } else { "need" };
        let term = |field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        let any_resource = resources.iter().map(|r| (Occur::Should, term(f.resource, r))).collect();
        Some(vec![
            (Occur::Must, term(f.direction, other)),
            (Occur::Must, Box::new(BooleanQuery::new(any_resource))),
        ])
    }

    /// Should-clauses for the rarest bigrams of `words` in titles and bodies. Bigrams in more than
    /// 5% of documents (「ます」「提供」) say little and cost most, so they are left out.
    fn rare_grams(&self, searcher: &Searcher, words: &str) -> Vec<(Occur, Box<dyn Query>)> {
        let f = self.f;
        let common = (searcher.num_docs() / 20).max(50);
        // `words` holds each listing's text, separated by U+001F: the rarest of each are taken.
        let mut chosen: Vec<String> = words
            .split('\u{1f}')
            .flat_map(|one| {
                let mut grams: Vec<(u64, String)> = text::query_words(one)
                    .iter()
                    .flat_map(|w| text::word_bigrams(w))
                    .filter_map(|g| {
                        let df = searcher.doc_freq(&Term::from_field_text(f.text_bi, &g)).ok()?;
                        (df > 0 && df <= common).then_some((df, g))
                    })
                    .collect();
                grams.sort();
                grams.dedup_by(|a, b| a.1 == b.1);
                grams.truncate(GRAMS);
                grams.into_iter().map(|(_, g)| g)
            })
            .collect();
        chosen.sort();
        chosen.dedup();
        chosen
            .into_iter()
            .map(|g| -> (Occur, Box<dyn Query>) {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.text_bi, &g),
                        IndexRecordOption::WithFreqs,
                    )),
                )
            })
            .collect()
    }

    /// Adds the organisations of the top `limit` documents, keeping each one's best score.
    fn collect(&self, searcher: &Searcher, q: &dyn Query, limit: usize, best: &mut HashMap<i64, f32>) -> Result<()> {
        for (score, addr) in searcher.search(q, &TopDocs::with_limit(limit).order_by_score())? {
            // From the columnar field: no stored document is read.
            let column = searcher.segment_reader(addr.segment_ord).fast_fields().i64("org_id")?;
            if let Some(org) = column.first(addr.doc_id) {
                let e = best.entry(org).or_insert(f32::MIN);
                *e = e.max(score);
            }
        }
        Ok(())
    }
}
