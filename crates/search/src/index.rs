//! The tantivy index: schema, writes by change, search with filters, snippets.

use std::path::Path;
use std::sync::Mutex;

use kyodo_domain::organization::OrgKind;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::text;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index writer is unavailable")]
    Poisoned,
}

pub type Result<T> = std::result::Result<T, SearchError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Organization,
    Listing,
    /// A case study (協働事例): the guide's, numbered as in the guide.
    Case,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Organization => "organization",
            Self::Listing => "listing",
            Self::Case => "case",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Organization, Self::Listing, Self::Case]
            .into_iter()
            .find(|k| k.as_str() == s)
    }

    fn key(self, id: i64) -> String {
        let prefix = match self {
            Self::Organization => "o",
            Self::Listing => "l",
            Self::Case => "c",
        };
        format!("{prefix}:{id}")
    }
}

/// What is searchable about one organisation or listing. Public text only: never contact persons.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: DocKind,
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// The organisation's kind; none for a case study, which has several parties.
    pub org_kind: Option<OrgKind>,
    pub municipality: Option<String>,
    pub fields: Vec<u8>,
    pub sdgs: Vec<u8>,
    pub resources: Vec<String>,
    pub direction: Option<String>,
    pub verified: bool,
    pub title: String,
    pub body: String,
}

#[derive(Debug, Default, Clone)]
pub struct Filters {
    pub doc: Option<DocKind>,
    pub kind: Option<OrgKind>,
    pub municipality: Option<String>,
    pub field: Option<u8>,
    pub sdg: Option<u8>,
    pub resource: Option<String>,
    pub direction: Option<String>,
    pub verified_only: bool,
}

/// A snippet as pieces of text, each marked if it matched (rendered with escaping by the caller).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snippet {
    pub parts: Vec<(String, bool)>,
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: DocKind,
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub title: String,
    pub snippet: Snippet,
    pub score: f32,
}

#[derive(Debug, Default)]
pub struct SearchResult {
    pub hits: Vec<Hit>,
    pub total: usize,
    /// Counts per value of each filter over all matches (not only this page), most first.
    pub facets: Vec<Facet>,
}

/// One filter's values with how many matches carry each (numbers as decimal strings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub name: &'static str,
    pub values: Vec<(String, u64)>,
}

/// How the index was found at start-up.
#[derive(Debug, PartialEq, Eq)]
pub enum Opened {
    Existing,
    Created,
    /// It could not be opened (the reason); a fresh one was made and must be filled.
    Rebuilt(String),
}

#[derive(Clone, Copy)]
struct Fields {
    key: Field,
    doc: Field,
    id: Field,
    org_id: Field,
    org_name: Field,
    kind: Field,
    municipality: Field,
    field: Field,
    sdg: Field,
    resource: Field,
    direction: Field,
    verified: Field,
    title: Field,
    title_bi: Field,
    title_uni: Field,
    body: Field,
    body_bi: Field,
    body_uni: Field,
}

fn schema() -> (Schema, Fields) {
    let mut s = Schema::builder();
    let grams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let f = Fields {
        key: s.add_text_field("key", STRING | STORED),
        doc: s.add_text_field("doc", STRING | STORED | FAST),
        id: s.add_i64_field("id", STORED),
        org_id: s.add_i64_field("org_id", STORED | FAST),
        org_name: s.add_text_field("org_name", STORED),
        // FAST as well: facet counts read these columns.
        kind: s.add_text_field("kind", STRING | FAST),
        municipality: s.add_text_field("municipality", STRING | FAST),
        field: s.add_u64_field("field", INDEXED | FAST),
        sdg: s.add_u64_field("sdg", INDEXED | FAST),
        resource: s.add_text_field("resource", STRING | FAST),
        direction: s.add_text_field("direction", STRING | FAST),
        verified: s.add_text_field("verified", STRING | FAST),
        title: s.add_text_field("title", STORED),
        title_bi: s.add_text_field("title_bi", grams.clone()),
        title_uni: s.add_text_field("title_uni", grams.clone()),
        body: s.add_text_field("body", STORED),
        body_bi: s.add_text_field("body_bi", grams.clone()),
        body_uni: s.add_text_field("body_uni", grams),
    };
    (s.build(), f)
}

/// Writer memory: enough for bulk rebuilds, small enough for a 2-core machine beside the server.
const WRITER_BYTES: usize = 64 * 1024 * 1024;
const MAX_QUERY_CHARS: usize = 200;
const SNIPPET_CHARS: usize = 80;

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    f: Fields,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it, or replacing it when it cannot be opened.
    pub fn open(dir: &Path) -> Result<(Self, Opened)> {
        std::fs::create_dir_all(dir)?;
        let (schema, f) = schema();
        let empty = std::fs::read_dir(dir)?.next().is_none();
        let (index, opened) = if empty {
            (Index::create_in_dir(dir, schema)?, Opened::Created)
        } else {
            match Index::open_in_dir(dir) {
                Ok(i) if i.schema() == schema => (i, Opened::Existing),
                Ok(_) => (
                    Self::recreate(dir, schema)?,
                    Opened::Rebuilt("the index layout changed".into()),
                ),
                Err(e) => (Self::recreate(dir, schema)?, Opened::Rebuilt(e.to_string())),
            }
        };
        Ok((Self::with(index, f)?, opened))
    }

    fn recreate(dir: &Path, schema: Schema) -> Result<Index> {
        std::fs::remove_dir_all(dir)?;
        std::fs::create_dir_all(dir)?;
        Ok(Index::create_in_dir(dir, schema)?)
    }

    /// An index in memory (tests).
    pub fn in_memory() -> Result<Self> {
        let (schema, f) = schema();
        Self::with(Index::create_in_ram(schema), f)
    }

    fn with(index: Index, f: Fields) -> Result<Self> {
        let writer = index.writer_with_num_threads(1, WRITER_BYTES)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(writer),
            f,
        })
    }

    /// The change-log sequence number the index has caught up to, if any.
    pub fn position(&self) -> Option<i64> {
        self.index.load_metas().ok()?.payload?.parse().ok()
    }

    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn doc(&self, d: &Document) -> TantivyDocument {
        let f = self.f;
        let mut doc = TantivyDocument::new();
        doc.add_text(f.key, d.kind.key(d.id));
        doc.add_text(f.doc, d.kind.as_str());
        doc.add_i64(f.id, d.id);
        doc.add_i64(f.org_id, d.org_id);
        doc.add_text(f.org_name, &d.org_name);
        if let Some(k) = d.org_kind {
            doc.add_text(f.kind, k.as_str());
        }
        if let Some(m) = &d.municipality {
            doc.add_text(f.municipality, m);
        }
        for n in &d.fields {
            doc.add_u64(f.field, u64::from(*n));
        }
        for n in &d.sdgs {
            doc.add_u64(f.sdg, u64::from(*n));
        }
        for r in &d.resources {
            doc.add_text(f.resource, r);
        }
        if let Some(dir) = &d.direction {
            doc.add_text(f.direction, dir);
        }
        if d.verified {
            doc.add_text(f.verified, "1");
        }
        let title = text::normalize(&d.title);
        let body = text::normalize(&d.body);
        // Titles are shown as written; bodies are shown only as snippets, cut from the normalised
        // text the matches were found in.
        doc.add_text(f.title, &d.title);
        doc.add_pre_tokenized_text(f.title_bi, text::bigrams(&title));
        doc.add_pre_tokenized_text(f.title_uni, text::unigrams(&title));
        doc.add_text(f.body, &body);
        doc.add_pre_tokenized_text(f.body_bi, text::bigrams(&body));
        doc.add_pre_tokenized_text(f.body_uni, text::unigrams(&body));
        doc
    }

    /// Applies changes (`None` deletes) and records that the log was read up to `position`.
    pub fn apply(&self, changes: &[(DocKind, i64, Option<Document>)], position: i64) -> Result<()> {
        let mut w = self.writer.lock().map_err(|_| SearchError::Poisoned)?;
        for (kind, id, doc) in changes {
            w.delete_term(Term::from_field_text(self.f.key, &kind.key(*id)));
            if let Some(d) = doc {
                w.add_document(self.doc(d))?;
            }
        }
        let mut commit = w.prepare_commit()?;
        commit.set_payload(&position.to_string());
        commit.commit()?;
        drop(w);
        self.reader.reload()?;
        Ok(())
    }

    /// Replaces everything (a rebuild), recording the log position it reflects.
    pub fn replace_all(&self, docs: impl IntoIterator<Item = Document>, position: i64) -> Result<()> {
        let mut w = self.writer.lock().map_err(|_| SearchError::Poisoned)?;
        w.delete_all_documents()?;
        for d in docs {
            w.add_document(self.doc(&d))?;
        }
        let mut commit = w.prepare_commit()?;
        commit.set_payload(&position.to_string());
        commit.commit()?;
        drop(w);
        self.reader.reload()?;
        Ok(())
    }

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

    /// Searches; an empty query with no filters finds nothing (not everything).
    pub fn search(&self, query: &str, filters: &Filters, limit: usize, offset: usize) -> Result<SearchResult> {
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

/// Up to 80 characters of `body` around the first match, with every match marked.
fn snippet(body: &str, words: &[String]) -> Snippet {
    let chars: Vec<char> = body.chars().collect();
    let mut marked = vec![false; chars.len()];
    for w in words {
        let wc: Vec<char> = w.chars().collect();
        if wc.is_empty() || wc.len() > chars.len() {
            continue;
        }
        for start in 0..=chars.len() - wc.len() {
            if chars[start..start + wc.len()] == wc[..] {
                marked[start..start + wc.len()].iter_mut().for_each(|m| *m = true);
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

mod candidates;
mod facets;
#[cfg(test)]
mod tests;
