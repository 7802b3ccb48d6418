//! Stories from sketches: which clippings are compared, and the groups their links make.
//!
//! Clippings with the same sketch and date (copies of one text: a wire story printed as
//! it came, an archive loaded twice) are grouped once, as one: they are one story if
//! their sketch can be compared at all. The others are compared when their sketches
//! share two values or more; a value held by more than [`MAX_SHARED`] different sketches
//! is boilerplate (a broadcast's formula, a wire service's dateline) and links nothing.
//! The stories are the connected components of the pairs that pass
//! [`Sketch::same_story`]: a function of the set of clippings alone, whatever order they
//! were added in.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::Sketch;

/// A value shared by more different sketches than this is too common to link any of them.
const MAX_SHARED: usize = 256;

/// Sketch values two clippings must share before they are compared.
const MIN_SHARED: usize = 2;

/// Two dated clippings further apart than this are not one story, however alike: a
/// broadcast's announcement of this year's session is not last year's.
pub const MAX_DAYS_APART: u32 = 31;

/// A clipping as grouping sees it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// What names the clipping in the stories (its content hash in the index).
    pub key: u64,
    pub sketch: Sketch,
    /// Its date, in days since 0000-03-01 ([`day_number`]), if it has one.
    pub day: Option<u32>,
}

impl Entry {
    fn same_story(&self, other: &Entry) -> bool {
        let near = match (self.day, other.day) {
            (Some(a), Some(b)) => a.abs_diff(b) <= MAX_DAYS_APART,
            _ => true,
        };
        near && self.sketch.same_story(&other.sketch)
    }
}

/// The day number of a `YYYY-MM-DD` date (days since 0000-03-01), `None` for any other
/// text: only differences between two of them count.
pub fn day_number(date: &str) -> Option<u32> {
    let mut parts = date.split('-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Months from March, so that February's length only touches the year's end.
    let (y, m) = if m <= 2 { (y.checked_sub(1)?, m + 9) } else { (y, m - 3) };
    Some(365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d - 1)
}

/// The stories of two or more clippings among `entries`: each a list of keys in
/// ascending order, the lists in the order of their first keys.
pub fn stories(entries: &[Entry]) -> Vec<Vec<u64>> {
    // The first entry of each (sketch, date), and of each entry its twins' first: copies
    // cost one entry, not a pair with each other copy for each value they share.
    let mut firsts: FxHashMap<(&Sketch, Option<u32>), usize> = FxHashMap::default();
    let twin_of: Vec<usize> =
        entries.iter().enumerate().map(|(i, e)| *firsts.entry((&e.sketch, e.day)).or_insert(i)).collect();
    drop(firsts);
    let mut links = Links::new(entries.len());
    for (i, &first) in twin_of.iter().enumerate() {
        let sketch = &entries[i].sketch;
        if first != i && sketch.mins.len() >= MIN_SHARED && sketch.same_story(sketch) {
            links.join(first, i);
        }
    }
    // (value, clipping), sorted: a run of one value lists the clippings that hold it.
    let mut held: Vec<(u32, u32)> = entries
        .iter()
        .enumerate()
        .filter(|&(i, _)| twin_of[i] == i)
        .flat_map(|(i, e)| e.sketch.mins.iter().map(move |&v| (v, i as u32)))
        .collect();
    held.sort_unstable();
    // Each pair of clippings once per value they share, the first clipping in the high bits.
    let mut met: Vec<u64> = Vec::new();
    for run in held.chunk_by(|a, b| a.0 == b.0).filter(|run| (2..=MAX_SHARED).contains(&run.len())) {
        for (k, &(_, a)) in run.iter().enumerate() {
            met.extend(run[k + 1..].iter().map(|&(_, b)| u64::from(a) << 32 | u64::from(b)));
        }
    }
    met.sort_unstable();
    for run in met.chunk_by(|a, b| a == b).filter(|run| run.len() >= MIN_SHARED) {
        let (a, b) = ((run[0] >> 32) as usize, (run[0] & 0xffff_ffff) as usize);
        if entries[a].same_story(&entries[b]) {
            links.join(a, b);
        }
    }
    links.groups(entries)
}

/// Union-find over clipping indexes.
struct Links {
    parent: Vec<u32>,
}

impl Links {
    fn new(n: usize) -> Links {
        Links { parent: (0..n as u32).collect() }
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] as usize != i {
            let up = self.parent[self.parent[i] as usize];
            self.parent[i] = up;
            i = up as usize;
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[high] = low as u32;
        }
    }

    fn groups(mut self, entries: &[Entry]) -> Vec<Vec<u64>> {
        let mut by_root: HashMap<usize, Vec<u64>> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            let root = self.root(i);
            by_root.entry(root).or_default().push(entry.key);
        }
        let mut groups: Vec<Vec<u64>> = by_root.into_values().filter(|g| g.len() > 1).collect();
        for group in &mut groups {
            group.sort_unstable();
        }
        groups.sort_unstable();
        groups
    }
}
