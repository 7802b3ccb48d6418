//! Proximity: `A w/N B`, `A pre/N B`, `A /s B` and `A /p B` (docs/query.md, "Proximity").
//!
//! The query of both sides (an `AND`) finds and scores the candidates; each is then
//! checked in the index alone, without reading its text: the positions of the sides'
//! grams give their occurrences, and the marks field of the same text says where
//! punctuation stood (positions that are no unit) and where sentences and paragraphs
//! begin ([`crate::analysis::marks`]). Units between two occurrences are the positions
//! between them less the punctuation among them; a boundary lies between them if a mark
//! of the first unit after one stands in their stretch.
//!
//! A side is a term, an `OR` of sides, or a proximity match, whose occurrence is the
//! stretch from the start of its earlier to the end of its later occurrence.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::store::StoreReader;
use tantivy::{
    DocId, DocSet, InvertedIndexReader, Score, SegmentReader, TantivyDocument, Term as IndexTerm, TERMINATED,
};

use super::filter::{self, Filtered};
use super::query::{Scope, Term, Variant};
use super::snippet::{self, after_prefix};
pub use super::syntax::Near;
use crate::analysis::marks;
use crate::index::Fields;

/// How much more a candidate costs to check than to read from a posting list, about.
const CHECK_COST: u64 = 8;

/// What a side of a proximity operator matches.
#[derive(Debug, Clone)]
pub enum Spans {
    Term { term: Term, scope: Scope },
    Or(Vec<Spans>),
    Near(Box<Spans>, Near, Box<Spans>),
}

/// A text of a document proximity is checked in: its stored field, its n-gram field and
/// its marks.
#[derive(Debug, Clone, Copy)]
struct Text {
    scope: Scope,
    stored: Field,
    ngrams: Field,
    marks: Field,
}

/// The documents of `candidates` where `spans`, a proximity match, occurs in the title or
/// in the body.
#[derive(Debug)]
pub struct NearQuery {
    candidates: Box<dyn Query>,
    spans: Arc<Spans>,
    texts: [Text; 2],
}

impl NearQuery {
    /// `candidates` must match every document where `spans` occurs (the `AND` of its sides).
    pub fn new(candidates: Box<dyn Query>, spans: Spans, f: &Fields) -> NearQuery {
        let texts = [
            Text { scope: Scope::Title, stored: f.title, ngrams: f.title_ngrams, marks: f.title_marks },
            Text { scope: Scope::Body, stored: f.body, ngrams: f.body_ngrams, marks: f.body_marks },
        ];
        NearQuery { candidates, spans: Arc::new(spans), texts }
    }
}

impl Clone for NearQuery {
    fn clone(&self) -> Self {
        NearQuery { candidates: self.candidates.box_clone(), spans: self.spans.clone(), texts: self.texts }
    }
}

impl Query for NearQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.candidates.weight(enable_scoring)?;
        Ok(Box::new(NearWeight { inner, spans: self.spans.clone(), texts: self.texts }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a IndexTerm, bool)) {
        self.candidates.query_terms(visitor);
    }
}

struct NearWeight {
    inner: Box<dyn Weight>,
    spans: Arc<Spans>,
    texts: [Text; 2],
}

impl Weight for NearWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.inner.scorer(reader, boost)?;
        let mut texts = Vec::new();
        for text in &self.texts {
            let index = reader.inverted_index(text.ngrams)?;
            let root = Node::new(&self.spans, text, &Segment { index: &index, reader })?;
            if !matches!(root, Node::Never) {
                texts.push(TextCheck { root, marks: Marks::new(&*reader.inverted_index(text.marks)?, text.marks)? });
            }
        }
        Ok(Box::new(Filtered::new(inner, NearCheck { texts }, CHECK_COST)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }
}

/// The check of a segment's documents: in the title or the body.
struct NearCheck {
    texts: Vec<TextCheck>,
}

impl filter::Check for NearCheck {
    fn holds(&mut self, doc: DocId) -> bool {
        self.texts.iter_mut().any(|text| {
            text.marks.at(doc);
            !text.root.spans(doc, &mut text.marks, false).is_empty()
        })
    }
}

struct TextCheck {
    root: Node,
    marks: Marks,
}

/// An occurrence: the positions of its first and last unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    fn overlaps(&self, other: &Span) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    fn hull(&self, other: &Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// [`Spans`] in one text of one segment.
enum Node {
    Term(Leaf),
    Or(Vec<Node>),
    Near(Box<Node>, Near, Box<Node>),
    /// Matches nothing in this text (a term of the other field, or one it does not hold).
    Never,
}

/// The segment a [`Node`] is made for: its reader, and the inverted index of the text.
struct Segment<'a> {
    index: &'a InvertedIndexReader,
    reader: &'a SegmentReader,
}

impl Node {
    fn new(spans: &Spans, text: &Text, index: &Segment<'_>) -> tantivy::Result<Node> {
        Ok(match spans {
            Spans::Term { scope, .. } if !matches!(scope, Scope::Anywhere) && *scope != text.scope => Node::Never,
            Spans::Term { term, .. } => Leaf::new(term, text, index)?.map_or(Node::Never, Node::Term),
            Spans::Or(any) => {
                let nodes: Vec<Node> = any
                    .iter()
                    .map(|s| Node::new(s, text, index))
                    .collect::<tantivy::Result<Vec<_>>>()?
                    .into_iter()
                    .filter(|n| !matches!(n, Node::Never))
                    .collect();
                if nodes.is_empty() {
                    Node::Never
                } else {
                    Node::Or(nodes)
                }
            }
            Spans::Near(left, near, right) => {
                let (left, right) = (Node::new(left, text, index)?, Node::new(right, text, index)?);
                if matches!(left, Node::Never) || matches!(right, Node::Never) {
                    Node::Never
                } else {
                    Node::Near(Box::new(left), *near, Box::new(right))
                }
            }
        })
    }

    /// The occurrences in `doc`, in order, each once; with `all` false, at most one: the
    /// check needs only to know there is one.
    fn spans(&mut self, doc: DocId, marks: &mut Marks, all: bool) -> Vec<Span> {
        match self {
            Node::Never => Vec::new(),
            Node::Term(leaf) => leaf.spans(doc),
            Node::Or(any) => {
                let mut out: Vec<Span> = any.iter_mut().flat_map(|n| n.spans(doc, marks, true)).collect();
                out.sort_unstable();
                out.dedup();
                out
            }
            Node::Near(left, near, right) => {
                let left = left.spans(doc, marks, true);
                if left.is_empty() {
                    return Vec::new();
                }
                let right = right.spans(doc, marks, true);
                pairs(&left, *near, &right, marks, all)
            }
        }
    }
}

/// The stretches of the pairs of an occurrence in `left` and one in `right` that `near`
/// allows (both in order of start).
fn pairs(left: &[Span], near: Near, right: &[Span], marks: &mut Marks, all: bool) -> Vec<Span> {
    let mut out = Vec::new();
    if right.is_empty() {
        return out;
    }
    let longest = right.iter().map(|s| s.end - s.start).max().unwrap_or(0);
    for a in left {
        // The occurrences of `right` that may pair with `a`, by where they start.
        let (from, to) = match near {
            Near::Within(n) | Near::Pre(n) => {
                // Between two units stand at most `n` units and `n + 1` runs of punctuation.
                let reach = 2 * n + 2;
                let from =
                    if matches!(near, Near::Pre(_)) { a.end + 1 } else { a.start.saturating_sub(reach + longest) };
                (from, a.end.saturating_add(reach))
            }
            Near::Sentence | Near::Paragraph => {
                let kind = if near == Near::Sentence { Kind::Sentence } else { Kind::Paragraph };
                let (first, next) = marks.around(kind, a.start);
                if next.is_some_and(|next| a.end >= next) {
                    continue; // `a` itself crosses a boundary
                }
                (first, next.map_or(u32::MAX, |n| n - 1))
            }
        };
        let start = right.partition_point(|b| b.start < from);
        for b in right[start..].iter().take_while(|b| b.start <= to) {
            if a.overlaps(b) || !allowed(a, b, near, marks) {
                continue;
            }
            out.push(a.hull(b));
            if !all {
                return out;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// True if occurrences `a` and `b`, which do not overlap, make a pair under `near`.
fn allowed(a: &Span, b: &Span, near: Near, marks: &mut Marks) -> bool {
    let (first, last) = if a.end < b.start { (a, b) } else { (b, a) };
    match near {
        Near::Pre(_) if a.end >= b.start => false,
        Near::Within(n) | Near::Pre(n) => {
            let between = last.start - first.end - 1;
            between <= n || (between <= 2 * n + 1 && between - marks.count(Kind::Gap, first.end, last.start) <= n)
        }
        // A mark at the first unit of the pair is the boundary before it.
        Near::Sentence => marks.count(Kind::Sentence, first.start + 1, last.end + 1) == 0,
        Near::Paragraph => marks.count(Kind::Paragraph, first.start + 1, last.end + 1) == 0,
    }
}

/// A term's grams in one text of a segment.
struct Leaf {
    /// Each gram's position from the first, and the postings of the index terms it
    /// matches.
    grams: Vec<(u32, Merged)>,
    /// Positions from its first unit to its last.
    length: u32,
    buffers: Vec<Vec<u32>>,
    /// Of a term typed with `=` in CJK: the stored text, which says which of the
    /// occurrences the index gives stand in the script typed.
    exact: Option<Box<Exact>>,
}

/// Where to read a document's text to check a term typed with `=`.
struct Exact {
    term: Term,
    store: StoreReader,
    stored: Field,
}

impl Exact {
    /// The positions where the term begins in `doc` as typed; none if it cannot be read
    /// (the candidates' own check of the term has read it, and kept the error).
    fn starts(&self, doc: DocId) -> Vec<u32> {
        let Ok(stored) = self.store.get::<TantivyDocument>(doc) else { return Vec::new() };
        let text = stored.get_first(self.stored).and_then(|v| v.as_str()).unwrap_or_default();
        snippet::starts(text, &self.term)
    }
}

impl Leaf {
    /// `None` if a gram of `term` matches no index term of the segment.
    fn new(term: &Term, text: &Text, segment: &Segment<'_>) -> tantivy::Result<Option<Leaf>> {
        let (field, index) = (text.ngrams, segment.index);
        let last = term.grams.len().saturating_sub(1);
        let mut grams = Vec::new();
        for (i, (at, text)) in term.grams.iter().enumerate() {
            let mut texts = vec![text.as_str()];
            if let Some(forms) = &term.as_typed {
                texts.extend(forms.iter().filter_map(|form| form.get(i)).map(String::as_str));
            }
            let prefix = (term.prefix && i == last) || term.variants[i] == Variant::Truncated;
            if let Variant::Forms(forms) = &term.variants[i] {
                texts.extend(forms.iter().map(String::as_str));
            }
            texts.sort_unstable();
            texts.dedup();
            let mut lists = Vec::new();
            for text in texts {
                let key = IndexTerm::from_field_text(field, text);
                let option = IndexRecordOption::WithFreqsAndPositions;
                if prefix {
                    let bytes = key.serialized_value_bytes();
                    let mut found = index.terms().range().ge(bytes).lt(after_prefix(bytes)).into_stream()?;
                    while found.advance() {
                        lists.push(index.read_postings_from_terminfo(found.value(), option)?);
                    }
                } else if let Some(postings) = index.read_postings(&key, option)? {
                    lists.push(postings);
                }
            }
            if lists.is_empty() {
                return Ok(None);
            }
            grams.push((*at as u32, Merged::new(lists)));
        }
        let length = term.grams.last().map_or(0, |(at, text)| {
            let pair = !(term.prefix) && text.chars().count() == 2 && text.chars().all(crate::text::is_ngram_char);
            *at as u32 + u32::from(pair)
        });
        let buffers = vec![Vec::new(); grams.len()];
        let exact = match term.script_checked() {
            true => Some(Box::new(Exact {
                term: term.clone(),
                store: segment.reader.get_store_reader(1)?,
                stored: text.stored,
            })),
            false => None,
        };
        Ok(Some(Leaf { grams, length, buffers, exact }))
    }

    /// The term's occurrences in `doc`, in order.
    fn spans(&mut self, doc: DocId) -> Vec<Span> {
        for ((_, merged), buffer) in self.grams.iter_mut().zip(&mut self.buffers) {
            merged.positions(doc, buffer);
            if buffer.is_empty() {
                return Vec::new();
            }
        }
        let Some(((first, rest), (offset, _))) = self.buffers.split_first().zip(self.grams.first()) else {
            return Vec::new();
        };
        let spans: Vec<Span> = first
            .iter()
            .filter_map(|&p| p.checked_sub(*offset))
            .filter(|&start| {
                rest.iter().zip(&self.grams[1..]).all(|(at, (o, _))| at.binary_search(&(start + o)).is_ok())
            })
            .map(|start| Span { start, end: start + self.length })
            .collect();
        match &self.exact {
            Some(exact) if !spans.is_empty() => {
                let starts = exact.starts(doc);
                spans.into_iter().filter(|s| starts.binary_search(&s.start).is_ok()).collect()
            }
            _ => spans,
        }
    }
}

/// The postings of several index terms as one: the positions of any of them.
struct Merged {
    lists: Vec<SegmentPostings>,
    /// The document each list stands on, least first (when more than one).
    heap: BinaryHeap<Reverse<(DocId, usize)>>,
}

impl Merged {
    fn new(lists: Vec<SegmentPostings>) -> Merged {
        let heap = lists.iter().enumerate().map(|(i, p)| Reverse((p.doc(), i))).filter(|r| r.0 .0 != TERMINATED);
        Merged { heap: heap.collect(), lists }
    }

    /// The positions in `doc` (asked in order of documents), sorted, each once.
    fn positions(&mut self, doc: DocId, out: &mut Vec<u32>) {
        out.clear();
        if let [only] = self.lists.as_mut_slice() {
            if only.doc() < doc {
                only.seek(doc);
            }
            if only.doc() == doc {
                only.positions(out);
            }
            return;
        }
        let mut there = Vec::new();
        while let Some(&Reverse((at, i))) = self.heap.peek() {
            if at > doc {
                break;
            }
            self.heap.pop();
            let at = if at < doc { self.lists[i].seek(doc) } else { at };
            if at == doc {
                self.lists[i].append_positions_with_offset(0, out);
                there.push(i);
            } else if at != TERMINATED {
                self.heap.push(Reverse((at, i)));
            }
        }
        self.heap.extend(there.into_iter().map(|i| Reverse((doc, i))));
        out.sort_unstable();
        out.dedup();
    }
}

/// A kind of mark ([`crate::analysis::marks`]).
#[derive(Debug, Clone, Copy)]
enum Kind {
    Gap = 0,
    Sentence = 1,
    Paragraph = 2,
}

/// The marks of one text of a segment's documents, read for a document when asked.
struct Marks {
    /// By [`Kind`].
    lists: [Merged; 3],
    doc: DocId,
    /// Of `doc`, by [`Kind`]: its positions, once read.
    read: [Option<Vec<u32>>; 3],
}

impl Marks {
    fn new(index: &InvertedIndexReader, field: Field) -> tantivy::Result<Marks> {
        let list = |term: &str| -> tantivy::Result<Merged> {
            let key = IndexTerm::from_field_text(field, term);
            let postings = index.read_postings(&key, IndexRecordOption::WithFreqsAndPositions)?;
            Ok(Merged::new(postings.into_iter().collect()))
        };
        let lists = [list(marks::GAP)?, list(marks::SENTENCE)?, list(marks::PARAGRAPH)?];
        Ok(Marks { lists, doc: TERMINATED, read: [None, None, None] })
    }

    /// Forgets what was read unless it was of `doc`.
    fn at(&mut self, doc: DocId) {
        if self.doc != doc {
            self.doc = doc;
            self.read.iter_mut().for_each(|r| *r = None);
        }
    }

    fn positions(&mut self, kind: Kind) -> &[u32] {
        let (doc, merged) = (self.doc, &mut self.lists[kind as usize]);
        self.read[kind as usize].get_or_insert_with(|| {
            let mut out = Vec::new();
            merged.positions(doc, &mut out);
            out
        })
    }

    /// Marks of `kind` at positions `from..to`.
    fn count(&mut self, kind: Kind, from: u32, to: u32) -> u32 {
        let all = self.positions(kind);
        (all.partition_point(|&p| p < to) - all.partition_point(|&p| p < from)) as u32
    }

    /// The stretch of `kind` (a sentence, a paragraph) that position `at` is in: the
    /// position of its first unit (0 for the first), and that of the next one's, if any.
    fn around(&mut self, kind: Kind, at: u32) -> (u32, Option<u32>) {
        let all = self.positions(kind);
        let i = all.partition_point(|&p| p <= at);
        (if i == 0 { 0 } else { all[i - 1] }, all.get(i).copied())
    }
}

#[cfg(test)]
mod tests;
