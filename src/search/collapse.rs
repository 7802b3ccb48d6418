//! `search --collapse`: one hit per story (`docs/duplicates.md`).
//!
//! A collector sees every matching clipping, so that `total` stays exact and each story
//! is stood for by its best-ranked clipping, wherever that ranks. Per clipping it reads
//! its story from the array the stories keep for its segment (no hashing) and, sorted by
//! date, the date's ordinal: no document is loaded until the page is known. Clippings in
//! no story are kept only while they may still make the page.

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::Sort;
use crate::index::{schema, segment_number};
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

/// The matches of one segment: those in a story, all of them; the others, the best
/// `keep` of them at least.
#[derive(Default)]
pub struct Harvest {
    total: usize,
    in_stories: Vec<Found>,
    alone: Vec<Found>,
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
    /// Stories to skip and show: no more lone clippings than this can reach the page.
    pub keep: usize,
}

pub struct SegmentCollapse {
    segment: SegmentOrdinal,
    /// Where the stories keep this segment's documents; else each one's key is looked up.
    slot: Option<usize>,
    keys: Column<u64>,
    /// The date rank of each date ordinal, when sorting by date.
    dates: Option<(StrColumn, Vec<f64>)>,
    sort: Sort,
    stories: Arc<Stories>,
    keep: usize,
    harvest: Harvest,
}

impl Collector for Collapse {
    type Fruit = Harvest;
    type Child = SegmentCollapse;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentCollapse> {
        let fast = reader.fast_fields();
        let dates = match self.sort {
            Sort::Relevance => None,
            Sort::Date | Sort::DateDesc => fast.str(schema::DATE)?.map(|column| {
                let ranks = date_ranks(&column, self.sort);
                (column, ranks)
            }),
        };
        Ok(SegmentCollapse {
            segment,
            slot: self.stories.segment_slot(segment_number(reader)),
            keys: fast.u64(schema::HASH)?,
            dates,
            sort: self.sort,
            stories: self.stories.clone(),
            keep: self.keep,
            harvest: Harvest::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort == Sort::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<Harvest>) -> tantivy::Result<Harvest> {
        let mut all = Harvest::default();
        for fruit in fruits {
            all.total += fruit.total;
            all.in_stories.extend(fruit.in_stories);
            all.alone.extend(fruit.alone);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentCollapse {
    type Fruit = Harvest;

    fn collect(&mut self, doc: DocId, score: Score) {
        let rank = match (&self.dates, self.sort) {
            (_, Sort::Relevance) => f64::from(score),
            (Some((column, ranks)), _) => column.term_ords(doc).next().map_or(UNDATED, |ord| ranks[ord as usize]),
            (None, _) => UNDATED,
        };
        let story = match self.slot {
            Some(slot) => self.stories.story_at(slot, doc),
            None => self.keys.first(doc).and_then(|key| self.stories.story_of(key)),
        };
        let found = Found { rank, address: DocAddress::new(self.segment, doc), story };
        self.harvest.total += 1;
        if story.is_some() {
            self.harvest.in_stories.push(found);
            return;
        }
        let alone = &mut self.harvest.alone;
        alone.push(found);
        if alone.len() >= self.keep.max(512).saturating_mul(2) {
            best_first(alone, self.keep);
        }
    }

    fn harvest(self) -> Harvest {
        self.harvest
    }
}

/// Keeps the best `n` of `found`, best first.
fn best_first(found: &mut Vec<Found>, n: usize) {
    if n == 0 {
        found.clear();
        return;
    }
    if n < found.len() {
        found.select_nth_unstable_by(n - 1, Found::before);
        found.truncate(n);
    }
    found.sort_unstable_by(Found::before);
}

/// The rank of an undated clipping sorted by date: last, either way.
const UNDATED: f64 = f64::NEG_INFINITY;

/// The rank of each date of `column` (ordinals are in date order), for `sort`.
fn date_ranks(column: &StrColumn, sort: Sort) -> Vec<f64> {
    let n = column.num_terms() as f64;
    (0..column.num_terms()).map(|ord| if sort == Sort::Date { n - ord as f64 } else { ord as f64 }).collect()
}

/// The stories of `harvest` (every match): their number, and `limit` of them after
/// `offset`, best first, each with its other matching clippings.
pub fn page(harvest: Harvest, stories: &Stories, offset: usize, limit: usize) -> Collapsed {
    let Harvest { total, in_stories, mut alone } = harvest;
    let mut best: Vec<Option<Found>> = vec![None; stories.len()];
    for f in &in_stories {
        let Some(slot) = f.story.and_then(|s| best.get_mut(s as usize)) else { continue };
        if slot.is_none_or(|held| f.before(&held).is_lt()) {
            *slot = Some(*f);
        }
    }
    // Lone clippings may have been dropped on the way: count them from the total.
    let story_count = (total - in_stories.len()) + best.iter().flatten().count();
    alone.extend(best.iter().flatten());
    let mut heads = alone;
    best_first(&mut heads, offset.saturating_add(limit));
    let shown: Vec<Found> = heads.into_iter().skip(offset).collect();
    let mut others: Vec<Vec<DocAddress>> = vec![Vec::new(); shown.len()];
    for f in &in_stories {
        if let Some(i) = shown.iter().position(|h| h.story.is_some() && h.story == f.story && h.address != f.address) {
            others[i].push(f.address);
        }
    }
    let page = shown.into_iter().zip(others).map(|(head, others)| (head.rank as Score, head.address, others)).collect();
    Collapsed { total, stories: story_count, page }
}

#[cfg(test)]
mod tests {
    use super::{best_first, page, Found, Harvest};
    use crate::story::Stories;
    use tantivy::DocAddress;

    fn found(rank: f64, doc: u32, story: Option<u32>) -> Found {
        Found { rank, address: DocAddress::new(0, doc), story }
    }

    #[test]
    fn lone_clippings_dropped_on_the_way_still_count_and_the_best_stay() {
        let stories = Stories::new(vec![vec![1, 2], vec![3, 4]], &[]);
        let mut alone: Vec<Found> = (0..2000).map(|d| found(f64::from(d), d, None)).collect();
        // As the collector keeps only what can reach a page of three.
        best_first(&mut alone, 3);
        let in_stories = vec![found(5000.0, 3000, Some(0)), found(10.0, 3001, Some(0)), found(1999.5, 3002, Some(1))];
        let collapsed = page(Harvest { total: 2003, in_stories, alone }, &stories, 0, 3);
        assert_eq!((collapsed.total, collapsed.stories), (2003, 2002));
        let shown: Vec<(u32, Vec<u32>)> =
            collapsed.page.iter().map(|(_, a, others)| (a.doc_id, others.iter().map(|o| o.doc_id).collect())).collect();
        assert_eq!(shown, vec![(3000, vec![3001]), (3002, vec![]), (1999, vec![])]);
        let second = page(
            Harvest { total: 3, in_stories: Vec::new(), alone: vec![found(1.0, 7, None)] },
            &stories,
            1,
            usize::MAX,
        );
        assert!(second.page.is_empty());
    }
}
