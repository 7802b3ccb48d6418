//! `search --collapse`: one hit per story (`docs/duplicates.md`).
//!
//! A collector sees every matching clipping, so that `total` stays exact and each story
//! is stood for by its best-ranked clipping, wherever that ranks. Per clipping it reads
//! one fast field (its content hash, which names it in the stories) and, sorted by date,
//! the date's ordinal: no document is loaded until the page is known.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::Sort;
use crate::index::schema;
use crate::story::Stories;

/// A matching clipping: where it ranks (higher first), where it is, and its story.
#[derive(Debug, Clone, Copy)]
pub struct Found {
    rank: f64,
    address: DocAddress,
    story: Option<u32>,
}

impl Found {
    /// Higher rank first; at equal rank, index order, as tantivy's top docs have it.
    fn before(&self, other: &Found) -> std::cmp::Ordering {
        other.rank.total_cmp(&self.rank).then_with(|| self.address.cmp(&other.address))
    }
}

/// What a collapsed search found: the counts, and the page of stories asked for, each
/// its best clipping (with its score) and the addresses of its other matching clippings.
pub struct Collapsed {
    pub total: usize,
    pub stories: usize,
    pub page: Vec<(Score, DocAddress, Vec<DocAddress>)>,
}

/// Collects every match with its rank and story; [`page`] then picks the stories.
pub struct Collapse {
    pub stories: Arc<Stories>,
    pub sort: Sort,
}

pub struct SegmentCollapse {
    segment: SegmentOrdinal,
    keys: Column<u64>,
    /// The date rank of each date ordinal, when sorting by date.
    dates: Option<(StrColumn, Vec<f64>)>,
    sort: Sort,
    stories: Arc<Stories>,
    found: Vec<Found>,
}

impl Collector for Collapse {
    type Fruit = Vec<Found>;
    type Child = SegmentCollapse;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentCollapse> {
        let fast = reader.fast_fields();
        let keys = fast.u64(schema::HASH)?;
        let dates = match self.sort {
            Sort::Relevance => None,
            Sort::Date | Sort::DateDesc => fast.str(schema::DATE)?.map(|column| {
                let ranks = date_ranks(&column, self.sort);
                (column, ranks)
            }),
        };
        Ok(SegmentCollapse { segment, keys, dates, sort: self.sort, stories: self.stories.clone(), found: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        self.sort == Sort::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Found>>) -> tantivy::Result<Vec<Found>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentCollapse {
    type Fruit = Vec<Found>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let rank = match (&self.dates, self.sort) {
            (_, Sort::Relevance) => f64::from(score),
            (Some((column, ranks)), _) => column.term_ords(doc).next().map_or(UNDATED, |ord| ranks[ord as usize]),
            (None, _) => UNDATED,
        };
        let story = self.keys.first(doc).and_then(|key| self.stories.story_of(key));
        self.found.push(Found { rank, address: DocAddress::new(self.segment, doc), story });
    }

    fn harvest(self) -> Vec<Found> {
        self.found
    }
}

/// The rank of an undated clipping sorted by date: last, either way.
const UNDATED: f64 = f64::NEG_INFINITY;

/// The rank of each date of `column` (ordinals are in date order), for `sort`.
fn date_ranks(column: &StrColumn, sort: Sort) -> Vec<f64> {
    let n = column.num_terms() as f64;
    (0..column.num_terms()).map(|ord| if sort == Sort::Date { n - ord as f64 } else { ord as f64 }).collect()
}

/// The stories of `found` (every match): their number, and `limit` of them after
/// `offset`, best first, each with its other matching clippings.
pub fn page(found: Vec<Found>, offset: usize, limit: usize) -> Collapsed {
    let total = found.len();
    let mut best: HashMap<u32, Found> = HashMap::new();
    let mut members: HashMap<u32, Vec<Found>> = HashMap::new();
    let mut heads: Vec<Found> = Vec::new();
    for f in found {
        let Some(story) = f.story else {
            heads.push(f);
            continue;
        };
        members.entry(story).or_default().push(f);
        let held = best.entry(story).or_insert(f);
        if f.before(held).is_lt() {
            *held = f;
        }
    }
    heads.extend(best.into_values());
    let stories = heads.len();
    let wanted = (offset + limit).min(heads.len());
    if wanted == 0 {
        heads.clear();
    } else if wanted < heads.len() {
        heads.select_nth_unstable_by(wanted - 1, Found::before);
        heads.truncate(wanted);
    }
    heads.sort_unstable_by(Found::before);
    let page = heads
        .into_iter()
        .skip(offset)
        .map(|head| {
            let others = head
                .story
                .and_then(|s| members.get(&s))
                .map_or_else(Vec::new, |m| m.iter().filter(|f| f.address != head.address).map(|f| f.address).collect());
            (head.rank as Score, head.address, others)
        })
        .collect();
    Collapsed { total, stories, page }
}
