//! The judged set: variant queries (kana for kanji, katakana, half-width, 表記ゆれ, long vowels,
//! full-width letters) over records written as people write them, each with the record it must
//! find, and homophone decoys that must rank below it. Reports recall@10 and MRR for the search
//! as written alone (the bigrams before readings) and with readings, and holds the goals:
//! recall@10 ≥ 0.95, no loss on the exact queries, every decoy below its target.
//!
//! `cargo test -p kyodo-search --test judged -- --nocapture` prints the figures per kind.

use std::collections::BTreeMap;

use kyodo_domain::organization::OrgKind;
use kyodo_search::{DocKind, Document, Filters, Mark, Reach, SearchIndex};

const RECORDS: &str = include_str!("judged/records.tsv");
const QUERIES: &str = include_str!("judged/queries.tsv");

fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn index() -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    let docs: Vec<_> = rows(RECORDS)
        .map(|r| {
            let id: i64 = r[0].parse().expect("record id");
            let doc = Document {
                kind: DocKind::Listing,
                id,
                org_id: 1000 + id,
                org_name: format!("団体{id}"),
                org_kind: Some(OrgKind::NpoCorporation),
                municipality: Some("山口市".into()),
                fields: vec![],
                sdgs: vec![],
                resources: vec![],
                direction: Some("offer".into()),
                verified: false,
                title: r[1].into(),
                body: r[2].into(),
            };
            (DocKind::Listing, id, Some(doc))
        })
        .collect();
    let mark = Mark {
        database: "judged".into(),
        position: 1,
        rebuild_request: 0,
    };
    index.apply(&docs, &mark).expect("apply");
    index
}

/// Rank (1-based) of each record in the first 10 hits.
fn ranks(index: &SearchIndex, query: &str, reach: Reach) -> Vec<i64> {
    index
        .search_reaching(query, &Filters::default(), 10, 0, reach)
        .expect("search")
        .hits
        .iter()
        .map(|h| h.id)
        .collect()
}

#[derive(Default)]
struct Score {
    queries: usize,
    found: usize,
    reciprocal: f64,
}

impl Score {
    fn add(&mut self, hits: &[i64], target: i64) {
        self.queries += 1;
        if let Some(at) = hits.iter().position(|id| *id == target) {
            self.found += 1;
            self.reciprocal += 1.0 / (at as f64 + 1.0);
        }
    }
    fn recall(&self) -> f64 {
        self.found as f64 / self.queries.max(1) as f64
    }
    fn mrr(&self) -> f64 {
        self.reciprocal / self.queries.max(1) as f64
    }
}

#[test]
fn the_judged_set_is_found() {
    let index = index();
    let mut by_kind: BTreeMap<(&str, &str), Score> = BTreeMap::new();
    let (mut written, mut read) = (Score::default(), Score::default());
    let mut missed = Vec::new();
    let mut decoys_above = Vec::new();
    for r in rows(QUERIES) {
        let (kind, query, target) = (r[0], r[1], r[2].parse::<i64>().expect("target"));
        let before = ranks(&index, query, Reach::Written);
        let after = ranks(&index, query, Reach::Readings);
        written.add(&before, target);
        read.add(&after, target);
        by_kind.entry((kind, "written")).or_default().add(&before, target);
        by_kind.entry((kind, "readings")).or_default().add(&after, target);
        if !after.contains(&target) {
            missed.push(format!("{kind} {query} → {target}: {after:?}"));
        }
        if let Some(decoy) = r.get(3).map(|d| d.parse::<i64>().expect("decoy")) {
            let at = |id| after.iter().position(|h| *h == id).unwrap_or(usize::MAX);
            if at(decoy) <= at(target) {
                decoys_above.push(format!(
                    "{query}: decoy {decoy} at {}, target {target} at {}",
                    at(decoy),
                    at(target)
                ));
            }
        }
    }
    println!(
        "judged set: {} queries over {} records",
        read.queries,
        rows(RECORDS).count()
    );
    println!(
        "{:<10} {:>7} {:>18} {:>18}",
        "kind", "queries", "written R@10 / MRR", "readings R@10 / MRR"
    );
    let kinds: Vec<&str> = {
        let mut k: Vec<&str> = by_kind.keys().map(|(k, _)| *k).collect();
        k.dedup();
        k
    };
    for k in kinds {
        let (w, r) = (&by_kind[&(k, "written")], &by_kind[&(k, "readings")]);
        println!(
            "{k:<10} {:>7} {:>9.3} / {:>5.3} {:>11.3} / {:>5.3}",
            w.queries,
            w.recall(),
            w.mrr(),
            r.recall(),
            r.mrr()
        );
    }
    println!(
        "{:<10} {:>7} {:>9.3} / {:>5.3} {:>11.3} / {:>5.3}",
        "all",
        read.queries,
        written.recall(),
        written.mrr(),
        read.recall(),
        read.mrr()
    );
    for m in &missed {
        println!("  missed: {m}");
    }
    assert!(read.queries >= 200, "at least 200 judged queries");
    assert!(
        read.recall() >= 0.95,
        "recall@10 {:.3} < 0.95; missed: {missed:#?}",
        read.recall()
    );
    let exact = (&by_kind[&("exact", "written")], &by_kind[&("exact", "readings")]);
    assert!(
        exact.1.recall() >= exact.0.recall() && exact.1.mrr() >= exact.0.mrr() - 1e-9,
        "no loss on the exact queries: written {:.3}/{:.3}, readings {:.3}/{:.3}",
        exact.0.recall(),
        exact.0.mrr(),
        exact.1.recall(),
        exact.1.mrr()
    );
    assert!(
        decoys_above.is_empty(),
        "homophones ranked above their targets: {decoys_above:#?}"
    );
}

/// The page's 「ふくし」の読みで「福祉」も検索しました comes from here.
#[test]
fn a_reading_match_says_what_it_found() {
    let index = index();
    // Found in the title only (the body says 車両).
    let r = index.search("ふくし", &Filters::default(), 10, 0).expect("search");
    assert_eq!(r.hits.first().map(|h| h.id), Some(3));
    let read = r.read_as.iter().find(|a| a.word == "ふくし").expect("read as");
    assert_eq!(read.found, ["福祉"], "{:?}", r.read_as);
    // Found in the body: marked there as written.
    let r = index.search("しろうり", &Filters::default(), 10, 0).expect("search");
    assert_eq!(r.hits.first().map(|h| h.id), Some(16));
    let snippet = &r.hits[0].snippet.parts;
    assert!(
        snippet.contains(&("白瓜".to_owned(), true)),
        "the spelling found is marked: {snippet:?}"
    );
    assert_eq!(r.read_as[0].found, ["白瓜"]);
    let exact = index.search("白瓜", &Filters::default(), 10, 0).expect("search");
    assert!(
        exact.read_as.is_empty(),
        "an exact match says nothing: {:?}",
        exact.read_as
    );
}
