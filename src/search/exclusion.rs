//! A guard for queries under `NOT`.
//!
//! tantivy 0.27 tests each candidate against an excluded query with `seek_danger`, and
//! may ask for a document before the one an excluded phrase query already stands on; the
//! phrase scorer does not allow seeking backwards (tantivy issue #2811: a panic in debug
//! builds, an unchecked state in release ones). [`Forward`] wraps the excluded query so
//! that a backward seek is answered without reaching it: every document before the next
//! one it may hold is not in it.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, Term};

/// `query`, safe to exclude.
#[derive(Debug)]
pub struct Forward(pub Box<dyn Query>);

impl Clone for Forward {
    fn clone(&self) -> Self {
        Forward(self.0.box_clone())
    }
}

impl Query for Forward {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ForwardWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ForwardWeight(Box<dyn Weight>);

impl Weight for ForwardWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.0.scorer(reader, boost)?;
        let next = inner.doc();
        Ok(Box::new(ForwardScorer { inner, next }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct ForwardScorer {
    inner: Box<dyn Scorer>,
    /// No document before this one is in the set.
    next: DocId,
}

impl DocSet for ForwardScorer {
    fn advance(&mut self) -> DocId {
        self.next = self.inner.advance();
        self.next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if target > self.next {
            self.next = self.inner.seek(target);
        }
        self.next
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        if target < self.next {
            return SeekDangerResult::SeekLowerBound(self.next);
        }
        let result = self.inner.seek_danger(target);
        self.next = match result {
            SeekDangerResult::Found => target,
            SeekDangerResult::SeekLowerBound(bound) => bound,
        };
        result
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for ForwardScorer {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}
