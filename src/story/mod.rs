//! Stories: the versions of one article printed by several papers, in either script, cut
//! or with a lead of their own, grouped (`docs/duplicates.md` is the definition).
//!
//! [`sketch`] reduces a body to 128 bytes, stored with its clipping in the index; [`group`]
//! links sketches into stories. The index keeps the stories beside it (see
//! `index/stories.rs`), keyed by each clipping's content hash, which names one version of
//! one clipping whatever segment it is in.

pub mod group;
pub mod sketch;

use std::collections::HashMap;

pub use group::{day_number, stories, Entry};
pub use sketch::Sketch;

/// The stories of an index: which clippings (by content hash) are versions of which,
/// and for each segment the story of each of its documents, which a search reads without
/// hashing (`search --collapse`).
#[derive(Debug, Clone, Default)]
pub struct Stories {
    /// The stories' clippings, by key, each story's ascending, one story after another
    /// (one list, not a list each: a search loads them, and thousands of small
    /// allocations would cost it more than the search).
    keys: Vec<u64>,
    /// Where each story starts in `keys`, and where the last one ends.
    starts: Vec<usize>,
    /// Per segment (its id as a number), 1 + the story of each document, 0 for none.
    by_doc: Vec<(u128, Vec<u32>)>,
    /// The story of each clipping that is in one, made when first asked for.
    of: std::sync::OnceLock<HashMap<u64, u32>>,
}

impl PartialEq for Stories {
    fn eq(&self, other: &Stories) -> bool {
        self.keys == other.keys && self.starts == other.starts && self.by_doc == other.by_doc
    }
}

/// What a stories file starts with, and its format's version.
const MAGIC: &[u8; 8] = b"JBSTORY2";

impl Stories {
    /// The stories `groups` make (each a list of two keys or more); `segments` holds the
    /// key of each live document of each segment, by segment id and document number.
    pub fn new(groups: Vec<Vec<u64>>, segments: &[(u128, Vec<(u32, u64)>)]) -> Stories {
        let mut stories = Stories { keys: Vec::new(), starts: vec![0], by_doc: Vec::new(), of: Default::default() };
        for group in groups {
            stories.push(group);
        }
        let by_doc = segments
            .iter()
            .map(|(id, docs)| {
                let mut stories_of = vec![0u32; docs.iter().map(|&(doc, _)| doc as usize + 1).max().unwrap_or(0)];
                for &(doc, key) in docs {
                    stories_of[doc as usize] = stories.story_of(key).map_or(0, |s| s + 1);
                }
                (*id, stories_of)
            })
            .collect();
        Stories { by_doc, ..stories }
    }

    fn push(&mut self, group: impl IntoIterator<Item = u64>) {
        self.keys.extend(group);
        self.starts.push(self.keys.len());
    }

    /// The story clipping `key` is in, if any.
    pub fn story_of(&self, key: u64) -> Option<u32> {
        let of = self.of.get_or_init(|| {
            let mut of = HashMap::with_capacity(self.keys.len());
            for (n, group) in self.all().enumerate() {
                of.extend(group.iter().map(|&key| (key, n as u32)));
            }
            of
        });
        of.get(&key).copied()
    }

    /// 1 + the story of each document of segment `id`, 0 for none; `None` if the stories
    /// were computed without that segment.
    pub fn of_segment(&self, id: u128) -> Option<&[u32]> {
        self.segment_slot(id).map(|slot| self.by_doc[slot].1.as_slice())
    }

    /// Where the documents of segment `id` are kept, for [`Stories::story_at`].
    pub fn segment_slot(&self, id: u128) -> Option<usize> {
        self.by_doc.iter().position(|(s, _)| *s == id)
    }

    /// The story of document `doc` of the segment at `slot`.
    pub fn story_at(&self, slot: usize, doc: u32) -> Option<u32> {
        let story = *self.by_doc.get(slot)?.1.get(doc as usize)?;
        story.checked_sub(1)
    }

    /// How many stories there are.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// True if there is no story.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The clippings of story `story`.
    pub fn members(&self, story: u32) -> &[u64] {
        let story = story as usize;
        match (self.starts.get(story), self.starts.get(story + 1)) {
            (Some(&start), Some(&end)) => &self.keys[start..end],
            _ => &[],
        }
    }

    /// Every story, each a list of clipping keys.
    pub fn all(&self) -> impl Iterator<Item = &[u64]> {
        self.starts.windows(2).map(|w| &self.keys[w[0]..w[1]])
    }

    /// The stories as stored, tagged with `tag` (what they were computed from), and a
    /// checksum: 8-byte little-endian words.
    pub fn to_bytes(&self, tag: [u64; 2]) -> Vec<u8> {
        let mut words: Vec<u64> = tag.to_vec();
        words.push(self.len() as u64);
        for group in self.all() {
            words.push(group.len() as u64);
            words.extend(group);
        }
        words.push(self.by_doc.len() as u64);
        for (id, docs) in &self.by_doc {
            words.extend([(*id >> 64) as u64, *id as u64, docs.len() as u64]);
            words.extend(docs.chunks(2).map(|p| u64::from(p[0]) | u64::from(p.get(1).copied().unwrap_or(0)) << 32));
        }
        let mut bytes = MAGIC.to_vec();
        bytes.extend(words.iter().flat_map(|w| w.to_le_bytes()));
        let sum = xxhash_rust::xxh3::xxh3_64(&bytes);
        bytes.extend_from_slice(&sum.to_le_bytes());
        bytes
    }

    /// Stories read back with their tag; `None` if `bytes` is not a whole stories file.
    pub fn from_bytes(bytes: &[u8]) -> Option<([u64; 2], Stories)> {
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        if xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(sum.try_into().ok()?) {
            return None;
        }
        let mut words = body.strip_prefix(MAGIC.as_slice())?.chunks_exact(8).map(|w| {
            let word: [u8; 8] = w.try_into().unwrap_or_default();
            u64::from_le_bytes(word)
        });
        let next_len = |words: &mut dyn Iterator<Item = u64>| usize::try_from(words.next()?).ok();
        let tag = [words.next()?, words.next()?];
        let mut stories = Stories { keys: Vec::new(), starts: vec![0], by_doc: Vec::new(), of: Default::default() };
        for _ in 0..next_len(&mut words)? {
            let len = next_len(&mut words)?;
            stories.push(words.by_ref().take(len));
            (stories.starts[stories.starts.len() - 1] - stories.starts[stories.starts.len() - 2] == len)
                .then_some(())?;
        }
        for _ in 0..next_len(&mut words)? {
            let id = u128::from(words.next()?) << 64 | u128::from(words.next()?);
            let len = next_len(&mut words)?;
            let mut docs: Vec<u32> =
                words.by_ref().take(len.div_ceil(2)).flat_map(|w| [w as u32, (w >> 32) as u32]).collect();
            (docs.len() >= len).then_some(())?;
            docs.truncate(len);
            stories.by_doc.push((id, docs));
        }
        words.next().is_none().then_some((tag, stories))
    }
}

#[cfg(test)]
mod tests {
    use super::Stories;

    #[test]
    fn stories_read_back_as_written_and_damage_is_seen() {
        let segments = [(7u128 << 70 | 3, vec![(0, 1), (2, 3), (4, 4)]), (9, vec![(0, 9)])];
        let stories = Stories::new(vec![vec![1, 5, 9], vec![2, 3]], &segments);
        assert_eq!(stories.of_segment(7 << 70 | 3), Some(&[1, 0, 2, 0, 0][..]));
        assert_eq!(stories.of_segment(9), Some(&[1][..]));
        assert_eq!(stories.of_segment(8), None);
        let bytes = stories.to_bytes([7, 42]);
        assert_eq!(Stories::from_bytes(&bytes), Some(([7, 42], stories.clone())));
        assert_eq!(stories.story_of(5), Some(0));
        assert_eq!(stories.story_of(3), Some(1));
        assert_eq!(stories.story_of(4), None);
        assert_eq!(stories.members(1), &[2, 3]);
        for cut in [0, 8, bytes.len() - 1] {
            assert_eq!(Stories::from_bytes(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        flipped[30] ^= 1;
        assert_eq!(Stories::from_bytes(&flipped), None);
    }
}
