//! A query kept to the documents that pass a check of its own: how a term typed with `=`
//! ([`super::exact`]) and a proximity operator ([`super::near`]) are matched. The inner
//! query finds the candidates and scores them; the check, made once per segment, says
//! which of them stay. Since the filter is the query, `AND`, `OR`, `NOT`, the total, the
//! ranking and the highlights all see only the documents that pass.

use tantivy::query::Scorer;
use tantivy::{DocId, DocSet, Score, SeekDangerResult, TERMINATED};

/// What a segment's documents are checked for.
pub trait Check: Send + 'static {
    /// True if document `doc` passes; asked in order of `doc`, the same
    /// document maybe more than once.
    fn holds(&mut self, doc: DocId) -> bool;
}

/// The documents of `inner` that pass `check`.
pub struct Filtered<C> {
    inner: Box<dyn Scorer>,
    check: C,
    /// How much more a document costs to check than to read from a posting list, about:
    /// for an intersection's choice of which docset leads.
    cost: u64,
}

impl<C: Check> Filtered<C> {
    /// The filter, standing on the first document of `inner` that passes.
    pub fn new(inner: Box<dyn Scorer>, check: C, cost: u64) -> Filtered<C> {
        let mut filtered = Filtered { inner, check, cost };
        let first = filtered.inner.doc();
        filtered.settle(first);
        filtered
    }

    /// Goes on from `doc`, where the inner scorer stands, to the first document that passes.
    fn settle(&mut self, mut doc: DocId) -> DocId {
        while doc != TERMINATED && !self.check.holds(doc) {
            doc = self.inner.advance();
        }
        doc
    }
}

impl<C: Check> DocSet for Filtered<C> {
    fn advance(&mut self) -> DocId {
        let doc = self.inner.advance();
        self.settle(doc)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.inner.seek(target);
        self.settle(doc)
    }

    /// Checks only `target`: an intersection asks about the documents the other terms
    /// hold, and checking on from there would check documents they rule out.
    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        match self.inner.seek_danger(target) {
            SeekDangerResult::Found if self.check.holds(target) => SeekDangerResult::Found,
            SeekDangerResult::Found => SeekDangerResult::SeekLowerBound(target + 1),
            bound => bound,
        }
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost().saturating_mul(self.cost)
    }
}

impl<C: Check> Scorer for Filtered<C> {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}
