//! A query whose score is the wrapped query's plus a constant: how a tier is put above the next
//! (a match as written scores 10,000 + its BM25) with the wrapped query evaluated once.

use tantivy::COLLECT_BLOCK_BUFFER_LEN;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

#[derive(Debug)]
pub(super) struct Above {
    query: Box<dyn Query>,
    by: Score,
}

impl Above {
    pub(super) fn new(query: Box<dyn Query>, by: Score) -> Self {
        Self { query, by }
    }
}

impl Clone for Above {
    fn clone(&self) -> Self {
        Self {
            query: self.query.box_clone(),
            by: self.by,
        }
    }
}

impl Query for Above {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.query.weight(scoring)?;
        Ok(if scoring.is_scoring_enabled() {
            Box::new(AboveWeight { inner, by: self.by })
        } else {
            inner
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

struct AboveWeight {
    inner: Box<dyn Weight>,
    by: Score,
}

impl Weight for AboveWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(AboveScorer {
            inner: self.inner.scorer(reader, boost)?,
            by: boost * self.by,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut explanation = Explanation::new("Above", self.by);
        explanation.add_detail(self.inner.explain(reader, doc)?);
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

struct AboveScorer {
    inner: Box<dyn Scorer>,
    by: Score,
}

impl DocSet for AboveScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }

    fn fill_buffer(&mut self, buffer: &mut [DocId; COLLECT_BLOCK_BUFFER_LEN]) -> usize {
        self.inner.fill_buffer(buffer)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for AboveScorer {
    fn score(&mut self) -> Score {
        self.inner.score() + self.by
    }
}
