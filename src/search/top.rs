//! The page of hits, found without scoring or sorting every match where that gives the
//! same page (`docs/query.md`, "How the top hits are found").
//!
//! By relevance, a query that is one term's union of term queries with frequencies
//! ([`super::query::Term::is_wand`]) is counted without scores, and its top hits found by
//! block-max WAND: tantivy skips the blocks of postings whose best score cannot reach the
//! hits kept so far. Any other query is scored match by match, in one pass that counts
//! too (tantivy still skips putting in order those that cannot reach the page). By date, the
//! page is first looked for in a window of the newest (or oldest) dates, of some 16,000
//! clippings: every match outside the window sorts after every match in it (older, or
//! undated, which come last either way), so if the window holds a page, the page is its,
//! and the matches are then counted without scores. Otherwise, and for any query when
//! asked (`--exhaustive`), every match is sorted, in the pass that counts them: a window
//! that fails costs only its own few clippings.

use std::ops::Bound;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, InvertedIndexRangeQuery, Occur, Query};
use tantivy::schema::Field;
use tantivy::{DocAddress, Order, Searcher, Term};

use crate::index::Store;
use crate::Result;

/// The documents a window of dates holds, at least (shared among the segments in
/// proportion to their sizes; an eighth of a smaller index), and at least this many
/// times the page.
const WINDOW_DOCS: usize = 16_384;
const WINDOW_PAGES: usize = 256;

/// How the page is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// Whatever gives the page soonest.
    Pruned,
    /// Every match scored (or its date read) and sorted.
    Exhaustive,
}

/// The number of matches of `query` and the first `limit` after `offset` of them by
/// relevance (with their scores), as [`Way`] says; `wand` if tantivy ranks the query by
/// block-max WAND.
pub fn by_relevance(
    store: &Store,
    searcher: &Searcher,
    query: &dyn Query,
    wand: bool,
    top: TopDocs,
    way: Way,
) -> Result<(usize, Vec<(f32, DocAddress)>)> {
    if wand && way == Way::Pruned {
        let total = store.search(searcher, query, &Count)?;
        return Ok((total, store.search(searcher, query, &top.order_by_score())?));
    }
    store.search(searcher, query, &(Count, top.order_by_score()))
}

/// The number of matches of `query` and the first `limit` after `offset` of them by the
/// date field `date` in `order` (undated last), as [`Way`] says.
pub fn by_date(
    store: &Store,
    searcher: &Searcher,
    query: &dyn Query,
    order: Order,
    (offset, limit): (usize, usize),
    way: Way,
) -> Result<(usize, Vec<DocAddress>)> {
    let sorted = |query: &dyn Query| {
        let top = TopDocs::with_limit(limit).and_offset(offset).order_by_string_fast_field("date", order);
        let (total, docs) = store.search(searcher, query, &(Count, top))?;
        Ok::<_, crate::Error>((total, docs.into_iter().map(|(_, address)| address).collect::<Vec<_>>()))
    };
    if way == Way::Exhaustive {
        return sorted(query);
    }
    let keep = offset.saturating_add(limit);
    let docs = searcher.num_docs() as usize;
    let want = keep.saturating_mul(WINDOW_PAGES).max(WINDOW_DOCS.min(docs / 8));
    if want < docs / 2 {
        let date = store.fields.date;
        if let Some(bound) = window(searcher, date, order, want).map_err(|e| store.error(e))? {
            let range = match order {
                Order::Desc => InvertedIndexRangeQuery::new(Bound::Included(bound), Bound::Unbounded),
                Order::Asc => InvertedIndexRangeQuery::new(Bound::Unbounded, Bound::Included(bound)),
            };
            let windowed = BooleanQuery::new(vec![(Occur::Must, query.box_clone()), (Occur::Must, Box::new(range))]);
            let (found, page) = sorted(&windowed)?;
            if found >= keep {
                return Ok((store.search(searcher, query, &Count)?, page));
            }
        }
    }
    sorted(query)
}

/// The date that bounds a window of the first dates in `order` holding at least `want`
/// documents of the index, in proportion, of each segment (deleted ones counted, so a
/// window may hold fewer: its matches are counted before it is trusted); `None` if a
/// segment holds fewer dated documents than its share.
fn window(searcher: &Searcher, date: Field, order: Order, want: usize) -> tantivy::Result<Option<Term>> {
    let all = searcher.num_docs().max(1) as usize;
    let mut bound: Option<Vec<u8>> = None;
    for segment in searcher.segment_readers() {
        let share = (want.saturating_mul(segment.num_docs() as usize) / all).max(1) as u64;
        let index = segment.inverted_index(date)?;
        let dates = index.terms();
        let n = dates.num_terms() as u64;
        let ords: Box<dyn Iterator<Item = u64>> = match order {
            Order::Desc => Box::new((0..n).rev()),
            Order::Asc => Box::new(0..n),
        };
        let (mut held, mut text) = (0u64, Vec::new());
        let mut edge = false;
        for ord in ords {
            // By ordinal, the newest first if so: the window's dates, not all of them.
            dates.ord_to_term(ord, &mut text)?;
            held += u64::from(dates.get(&text)?.map_or(0, |info| info.doc_freq));
            if held >= share {
                edge = true;
                break;
            }
        }
        if !edge {
            return Ok(None);
        }
        // The widest of the segments' windows.
        bound = Some(match (bound, order) {
            (None, _) => text,
            (Some(b), Order::Desc) => b.min(text),
            (Some(b), Order::Asc) => b.max(text),
        });
    }
    Ok(bound.map(|b| Term::from_field_text(date, &String::from_utf8_lossy(&b))))
}
