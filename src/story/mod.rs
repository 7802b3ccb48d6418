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

/// The stories of an index: which clippings (by content hash) are versions of which.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stories {
    /// Each story's clippings, by key, ascending.
    members: Vec<Vec<u64>>,
    /// The story of each clipping that is in one.
    of: HashMap<u64, u32>,
}

/// What a stories file starts with, and its format's version.
const MAGIC: &[u8; 8] = b"JBSTORY1";

impl Stories {
    /// The stories `groups` make (each a list of two keys or more).
    pub fn new(groups: Vec<Vec<u64>>) -> Stories {
        let mut of = HashMap::with_capacity(groups.iter().map(Vec::len).sum());
        for (n, group) in groups.iter().enumerate() {
            for &key in group {
                of.insert(key, n as u32);
            }
        }
        Stories { members: groups, of }
    }

    /// The story clipping `key` is in, if any.
    pub fn story_of(&self, key: u64) -> Option<u32> {
        self.of.get(&key).copied()
    }

    /// The clippings of story `story`.
    pub fn members(&self, story: u32) -> &[u64] {
        self.members.get(story as usize).map_or(&[], Vec::as_slice)
    }

    /// Every story, each a list of clipping keys.
    pub fn all(&self) -> &[Vec<u64>] {
        &self.members
    }

    /// The stories as stored, tagged with `tag` (what they were computed from), and a
    /// checksum.
    pub fn to_bytes(&self, tag: [u64; 2]) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        for word in tag {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        bytes.extend_from_slice(&(self.members.len() as u64).to_le_bytes());
        for group in &self.members {
            bytes.extend_from_slice(&(group.len() as u64).to_le_bytes());
            for key in group {
                bytes.extend_from_slice(&key.to_le_bytes());
            }
        }
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
        let tag = [words.next()?, words.next()?];
        let count = words.next()?;
        let mut groups = Vec::new();
        for _ in 0..count {
            let len = words.next()?;
            let group: Vec<u64> = words.by_ref().take(usize::try_from(len).ok()?).collect();
            if group.len() as u64 != len {
                return None;
            }
            groups.push(group);
        }
        words.next().is_none().then(|| (tag, Stories::new(groups)))
    }
}

#[cfg(test)]
mod tests {
    use super::Stories;

    #[test]
    fn stories_read_back_as_written_and_damage_is_seen() {
        let stories = Stories::new(vec![vec![1, 5, 9], vec![2, 3]]);
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
