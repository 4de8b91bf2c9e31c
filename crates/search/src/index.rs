//! The tantivy index: schema, writes by change, search with filters, snippets.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use kyodo_domain::organization::OrgKind;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
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
    /// Another process (a running server) holds the index.
    #[error("the search index is in use by another process")]
    Busy,
    /// The index's files are damaged; it must be rebuilt from the database.
    #[error("search index damaged: {0}")]
    Damaged(String),
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
    /// Query words that found hits by their reading or another writing, with what was found
    /// (「ふくし」の読みで「福祉」も検索しました).
    pub read_as: Vec<ReadAs>,
}

/// A query word (as typed) and the spellings of it found through its reading, in this page's hits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadAs {
    pub word: String,
    pub found: Vec<String>,
}

/// How far a search reaches: only the characters as written (the bigram search before readings,
/// kept to measure against), or also other writings and readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reach {
    Written,
    #[default]
    Readings,
}

/// One filter's values with how many matches carry each (numbers as decimal strings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facet {
    pub name: &'static str,
    pub values: Vec<(String, u64)>,
}

/// What the index reflects, kept in the payload of its last commit: which database (the id written
/// when that database was created), how far into its change log, and the last rebuild request it
/// served. An index whose mark disagrees with its database is rebuilt, never trusted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mark {
    pub database: String,
    pub position: i64,
    pub rebuild_request: i64,
}

impl Mark {
    fn encode(&self) -> String {
        serde_json::json!({
            "database": self.database,
            "position": self.position,
            "rebuild_request": self.rebuild_request,
        })
        .to_string()
    }

    /// `None` for anything else, including the bare position earlier versions wrote.
    fn decode(payload: &str) -> Option<Self> {
        let v: serde_json::Value = serde_json::from_str(payload).ok()?;
        Some(Self {
            database: v.get("database")?.as_str()?.to_owned(),
            position: v.get("position")?.as_i64()?,
            rebuild_request: v.get("rebuild_request")?.as_i64()?,
        })
    }
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
    facet_bits: Field,
    facet_town: Field,
    /// Title and body as written, for snippets and the page.
    title: Field,
    body: Field,
    /// Bigrams (and unigrams, for one-character words) of the title and body as written: the
    /// first tier of a match. The title is there twice, so a word in it counts double — in one
    /// field, so a word costs one phrase to find, not one per field.
    text_bi: Field,
    text_uni: Field,
    /// Bigrams of the title and body written another way ([`text::other_writing`]; a tier of
    /// one score, so the title once) and as read ([`text::reading`]; ranked, the title twice):
    /// the second and third tiers.
    alt: Field,
    read: Field,
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
        // FAST as well: the indexer compares the ids present with the database's.
        id: s.add_i64_field("id", STORED | FAST),
        org_id: s.add_i64_field("org_id", STORED | FAST),
        org_name: s.add_text_field("org_name", STORED),
        kind: s.add_text_field("kind", STRING),
        municipality: s.add_text_field("municipality", STRING),
        field: s.add_u64_field("field", INDEXED),
        sdg: s.add_u64_field("sdg", INDEXED),
        resource: s.add_text_field("resource", STRING),
        direction: s.add_text_field("direction", STRING),
        verified: s.add_text_field("verified", STRING),
        // The facet values as two dense columns, for counting ([`facets`]).
        facet_bits: s.add_u64_field(&facets::BITS_FIELD, FAST),
        facet_town: s.add_text_field(facets::TOWN_FIELD, TextOptions::default().set_fast(None)),
        title: s.add_text_field("title", STORED),
        body: s.add_text_field("body", STORED),
        text_bi: s.add_text_field("text_bi", grams.clone()),
        text_uni: s.add_text_field("text_uni", grams.clone()),
        alt: s.add_text_field("alt", grams.clone()),
        read: s.add_text_field("read", grams),
    };
    (s.build(), f)
}

/// Writer memory: enough for bulk rebuilds, small enough for a 2-core machine beside the server.
const WRITER_BYTES: usize = 64 * 1024 * 1024;

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    /// `None` after a failed write: the next write starts a fresh writer.
    writer: Mutex<Option<IndexWriter>>,
    f: Fields,
    /// Set when a search found the files damaged; the indexer rebuilds.
    damaged: AtomicBool,
    /// Held while this process owns the directory (`search.lock` beside it); none in memory.
    _lock: Option<std::fs::File>,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it, or replacing it when it cannot be used: unreadable
    /// metadata, another layout, a missing or truncated file, or a checksum that does not match.
    ///
    /// The directory is owned by one process at a time: [`SearchError::Busy`] when another holds
    /// it (nothing is checked or replaced then).
    pub fn open(dir: &Path) -> Result<(Self, Opened)> {
        std::fs::create_dir_all(dir)?;
        let lock = std::fs::File::create(dir.with_extension("lock"))?;
        if lock.try_lock().is_err() {
            return Err(SearchError::Busy);
        }
        let (schema, f) = schema();
        let (index, opened) = if std::fs::read_dir(dir)?.next().is_none() {
            (Index::create_in_dir(dir, schema)?, Opened::Created)
        } else {
            match Self::check(dir, &schema) {
                Ok(index) => (index, Opened::Existing),
                Err(reason) => {
                    std::fs::remove_dir_all(dir)?;
                    std::fs::create_dir_all(dir)?;
                    (Index::create_in_dir(dir, schema)?, Opened::Rebuilt(reason))
                }
            }
        };
        let mut me = Self::with(index, f)?;
        me._lock = Some(lock);
        Ok((me, opened))
    }

    /// Opens the index in `dir` and verifies every file of its segments.
    fn check(dir: &Path, schema: &Schema) -> std::result::Result<Index, String> {
        let index = Index::open_in_dir(dir).map_err(|e| e.to_string())?;
        if index.schema() != *schema {
            return Err("the index layout changed".into());
        }
        for segment in index.searchable_segment_metas().map_err(|e| e.to_string())? {
            for file in segment.list_files() {
                let is_delete_file = file.to_string_lossy().ends_with(".del");
                if (!is_delete_file || segment.has_deletes()) && !dir.join(&file).is_file() {
                    return Err(format!("{} is missing", file.display()));
                }
            }
        }
        let damaged = index.validate_checksum().map_err(|e| e.to_string())?;
        if let Some(file) = damaged.iter().next() {
            return Err(format!("{} is damaged (checksum)", file.display()));
        }
        Ok(index)
    }

    /// The mark and document count of the index in `dir`, read without taking the writer's lock
    /// (so while a server holds it).
    pub fn peek(dir: &Path) -> Result<(Option<Mark>, u64)> {
        let index = Index::open_in_dir(dir)?;
        let mark = index.load_metas()?.payload.as_deref().and_then(Mark::decode);
        let reader: IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok((mark, reader.searcher().num_docs()))
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
            writer: Mutex::new(Some(writer)),
            f,
            damaged: AtomicBool::new(false),
            _lock: None,
        })
    }

    /// What the index reflects (`None` when it was never filled, or by an earlier version).
    pub fn mark(&self) -> Option<Mark> {
        Mark::decode(self.index.load_metas().ok()?.payload.as_deref()?)
    }

    /// The change-log position the index has caught up to, if any.
    pub fn position(&self) -> Option<i64> {
        self.mark().map(|m| m.position)
    }

    /// Did a search find the files damaged since the last rebuild?
    pub fn is_damaged(&self) -> bool {
        self.damaged.load(Ordering::Relaxed)
    }

    /// The ids of the documents of one kind in the index.
    pub fn ids(&self, kind: DocKind) -> Result<HashSet<i64>> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.f.doc, kind.as_str()),
            IndexRecordOption::Basic,
        );
        let addresses = searcher.search(&q, &DocSetCollector)?;
        let mut columns = Vec::new();
        for segment in searcher.segment_readers() {
            columns.push(segment.fast_fields().i64("id")?.first_or_default_col(0));
        }
        Ok(addresses
            .into_iter()
            .filter_map(|a| Some(columns.get(a.segment_ord as usize)?.get_val(a.doc_id)))
            .collect())
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
        let numbers: Vec<(&str, String)> = (d.fields.iter().map(|n| ("field", n.to_string())))
            .chain(d.sdgs.iter().map(|n| ("sdg", n.to_string())))
            .collect();
        let mut closed: Vec<(&str, &str)> = vec![("doc", d.kind.as_str())];
        if let Some(k) = d.org_kind {
            doc.add_text(f.kind, k.as_str());
            closed.push(("kind", k.as_str()));
        }
        doc.add_text(f.facet_town, d.municipality.as_deref().unwrap_or_default());
        if let Some(m) = &d.municipality {
            doc.add_text(f.municipality, m);
        }
        for r in &d.resources {
            doc.add_text(f.resource, r);
            closed.push(("resource", r));
        }
        if let Some(dir) = &d.direction {
            doc.add_text(f.direction, dir);
            closed.push(("direction", dir));
        }
        if d.verified {
            doc.add_text(f.verified, "1");
            closed.push(("verified", "1"));
        }
        for n in &d.fields {
            doc.add_u64(f.field, u64::from(*n));
        }
        for n in &d.sdgs {
            doc.add_u64(f.sdg, u64::from(*n));
        }
        closed.extend(numbers.iter().map(|(name, n)| (*name, n.as_str())));
        doc.add_u64(f.facet_bits, facets::bits(&closed));
        // Titles and bodies are kept as written: snippets are cut from the body as written, with
        // the matches found through each character's normalised form.
        doc.add_text(f.title, &d.title);
        doc.add_text(f.body, &d.body);
        // Parts are separated by a character that is not a letter, so no phrase spans two.
        let title = text::normalize(&d.title);
        let both = format!("{title}\n{}", text::normalize(&d.body));
        let written = format!("{title}\n{both}");
        doc.add_pre_tokenized_text(f.text_bi, text::bigrams(&written));
        doc.add_pre_tokenized_text(f.text_uni, text::unigrams(&written));
        doc.add_pre_tokenized_text(f.alt, text::bigrams(&text::other_writing(&both)));
        doc.add_pre_tokenized_text(f.read, text::bigrams(&text::reading(&written)));
        doc
    }

    /// Applies changes (`None` deletes) and records the mark they bring the index to.
    pub fn apply(&self, changes: &[(DocKind, i64, Option<Document>)], mark: &Mark) -> Result<()> {
        self.write(mark, |w| {
            for (kind, id, doc) in changes {
                w.delete_term(Term::from_field_text(self.f.key, &kind.key(*id)));
                if let Some(d) = doc {
                    w.add_document(self.doc(d))?;
                }
            }
            Ok(())
        })
    }

    /// Replaces everything (a rebuild), recording the mark it reflects.
    pub fn replace_all(&self, docs: impl IntoIterator<Item = Document>, mark: &Mark) -> Result<()> {
        self.write(mark, |w| {
            w.delete_all_documents()?;
            for d in docs {
                w.add_document(self.doc(&d))?;
            }
            Ok(())
        })?;
        self.damaged.store(false, Ordering::Relaxed);
        Ok(())
    }

    /// One commit: the changes and the mark together, or neither. After a failure (a full disk)
    /// the writer is dropped, releasing its lock; the next write starts a fresh one from the last
    /// commit, and since the mark did not move, the same changes are read again.
    fn write(&self, mark: &Mark, changes: impl FnOnce(&mut IndexWriter) -> Result<()>) -> Result<()> {
        let mut slot = self.writer.lock().map_err(|_| SearchError::Poisoned)?;
        let w = match slot.as_mut() {
            Some(w) => w,
            None => slot.insert(self.index.writer_with_num_threads(1, WRITER_BYTES)?),
        };
        let outcome = changes(w).and_then(|()| {
            let mut commit = w.prepare_commit()?;
            commit.set_payload(&mark.encode());
            commit.commit()?;
            Ok(())
        });
        if outcome.is_err() {
            *slot = None;
        }
        drop(slot);
        outcome?;
        self.reader.reload()?;
        Ok(())
    }
}

mod above;
mod candidates;
mod facets;
mod query;
mod snippet;
#[cfg(test)]
mod tests;
