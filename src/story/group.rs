//! Stories from sketches: which clippings are compared, and the groups their links make.
//!
//! Clippings are compared when their sketches share two values or more; a value held by
//! more than [`MAX_SHARED`] clippings is boilerplate (a broadcast's formula, a wire
//! service's dateline) and links nothing. The stories are the connected components of
//! the pairs that pass [`Sketch::same_story`]: a function of the set of clippings alone,
//! whatever order they were added in.

use std::collections::HashMap;

use super::Sketch;

/// A value shared by more clippings than this is too common to link any of them.
const MAX_SHARED: usize = 256;

/// Sketch values two clippings must share before they are compared.
const MIN_SHARED: u16 = 2;

/// A clipping as grouping sees it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// What names the clipping in the stories (its content hash in the index).
    pub key: u64,
    pub sketch: Sketch,
}

/// The stories of two or more clippings among `entries`: each a list of keys in
/// ascending order, the lists in the order of their first keys.
pub fn stories(entries: &[Entry]) -> Vec<Vec<u64>> {
    let mut holders: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        for &value in &entry.sketch.mins {
            holders.entry(value).or_default().push(i as u32);
        }
    }
    let mut links = Links::new(entries.len());
    let mut shared = vec![0u16; entries.len()];
    let mut met: Vec<u32> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        for value in &entry.sketch.mins {
            let Some(others) = holders.get(value).filter(|h| h.len() <= MAX_SHARED) else { continue };
            // Each pair is met from its first clipping only.
            for &j in others.iter().filter(|&&j| j as usize > i) {
                if shared[j as usize] == 0 {
                    met.push(j);
                }
                shared[j as usize] += 1;
            }
        }
        for j in met.drain(..) {
            let j = j as usize;
            if shared[j] >= MIN_SHARED && entry.sketch.same_story(&entries[j].sketch) {
                links.join(i, j);
            }
            shared[j] = 0;
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
