//! The sketch of a body: how many shingles it has and the smallest of their hashes, and
//! the test of two sketches for one story (`docs/duplicates.md` defines both).
//!
//! A bottom-k sketch rather than MinHash: versions of a story are mostly one text held
//! in another (a cut, a dropped paragraph, an added lead), and the values of the smaller
//! sketch below the larger sketch's largest are a uniform sample of the smaller text
//! whose membership in the larger one is known exactly. That estimates containment,
//! which Jaccard similarity blurs with the size difference, from 132 bytes a clipping.

use crate::text::{self, is_ngram_char, script};

/// Tokens in a shingle.
const SHINGLE_TOKENS: usize = 5;

/// A number counts as this many shingles of its own, besides the shingles it is in.
const NUMBER_WEIGHT: u64 = 6;

/// Hashes kept in a sketch.
pub const KEPT: usize = 32;

/// Fewer shingles than this: too short to tell a story from a template.
pub const MIN_SHINGLES: u32 = 24;

/// The smaller text must have at least this share of the larger one's shingles.
const MIN_SIZE_RATIO: f64 = 0.4;

/// And at least this share of its shingles must occur in the larger text.
const MIN_CONTAINMENT: f64 = 0.8;

/// A text of fewer shingles than [`SHORT`] must have this share in the other: a short
/// item of a template (`X Bank raises its prime rate to 7-3/4 pct`) differs from the
/// next in a few words only.
const MIN_CONTAINMENT_SHORT: f64 = 0.9;
const SHORT: u32 = 100;

/// Fewer sampled shingles than this cannot tell containment.
const MIN_SAMPLE: usize = 8;

/// Only the start of a longer body is sketched.
const MAX_BODY_BYTES: usize = 256 * 1024;

/// The sketch of one body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sketch {
    /// Shingles in the body (counted with repeats).
    pub shingles: u32,
    /// The smallest distinct shingle hashes (their upper 32 bits), ascending; all of them
    /// if there are no more than [`KEPT`].
    pub mins: Vec<u32>,
}

impl Sketch {
    /// The sketch of `body`; `None` if it is too short to group.
    pub fn of(body: &str) -> Option<Sketch> {
        let end = if body.len() > MAX_BODY_BYTES { text::part_end(body, 0, MAX_BODY_BYTES) } else { body.len() };
        let mut shingles = Shingles::default();
        let mut word = String::new();
        for c in body[..end].chars().map(folded) {
            if is_ngram_char(c) {
                shingles.end_word(&mut word);
                shingles.push(token_hash(c as u64));
            } else if c.is_alphanumeric() {
                word.push(c);
            } else {
                shingles.end_word(&mut word);
            }
        }
        shingles.end_word(&mut word);
        let sketch = shingles.finish();
        (sketch.shingles >= MIN_SHINGLES).then_some(sketch)
    }

    /// The sketch as stored in the index: the shingle count, then the hashes, each as 4
    /// bytes little-endian.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(4 * (1 + self.mins.len()));
        bytes.extend_from_slice(&self.shingles.to_le_bytes());
        for m in &self.mins {
            bytes.extend_from_slice(&m.to_le_bytes());
        }
        bytes
    }

    /// A sketch read back from the index; `None` if `bytes` is not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Sketch> {
        if bytes.len() < 4 || !bytes.len().is_multiple_of(4) || bytes.len() > 4 * (1 + KEPT) {
            return None;
        }
        let mut words = bytes.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]));
        let shingles = words.next()?;
        let mins: Vec<u32> = words.collect();
        mins.windows(2).all(|w| w[0] < w[1]).then_some(Sketch { shingles, mins })
    }

    /// True if all the body's distinct shingles are in the sketch.
    fn is_whole(&self) -> bool {
        self.mins.len() < KEPT
    }

    /// The largest value this sketch knows membership up to.
    fn reach(&self) -> u32 {
        if self.is_whole() {
            u32::MAX
        } else {
            self.mins.last().copied().unwrap_or(u32::MAX)
        }
    }

    /// True if `self` and `other` are versions of one story: the smaller has at least
    /// [`MIN_SIZE_RATIO`] of the larger's shingles and [`MIN_CONTAINMENT`] of its own
    /// shingles occur in the larger.
    pub fn same_story(&self, other: &Sketch) -> bool {
        let (small, large) = if self.shingles <= other.shingles { (self, other) } else { (other, self) };
        if small.shingles < MIN_SHINGLES || f64::from(small.shingles) < MIN_SIZE_RATIO * f64::from(large.shingles) {
            return false;
        }
        let least = if small.shingles < SHORT { MIN_CONTAINMENT_SHORT } else { MIN_CONTAINMENT };
        small.containment_in(large).is_some_and(|c| c >= least)
    }

    /// The share of this text's shingles that occur in `other`, estimated from the
    /// values of this sketch no larger than the largest of `other`'s, whose membership
    /// `other`'s sketch tells exactly; `None` if there are too few such values.
    pub fn containment_in(&self, other: &Sketch) -> Option<f64> {
        let reach = other.reach();
        let sample: Vec<u32> = self.mins.iter().copied().take_while(|&v| v <= reach).collect();
        if sample.len() < MIN_SAMPLE.min(self.mins.len()) || sample.is_empty() {
            return None;
        }
        let held = sample.iter().filter(|v| other.mins.binary_search(v).is_ok()).count();
        Some(held as f64 / sample.len() as f64)
    }
}

/// Shingles of a token stream, hashed, with the smallest kept.
#[derive(Default)]
struct Shingles {
    /// The last [`SHINGLE_TOKENS`] token hashes, as a ring.
    window: [u64; SHINGLE_TOKENS],
    tokens: usize,
    /// The window's polynomial hash, rolled on one token at a time.
    rolling: u64,
    count: u32,
    /// Kept as a sorted list: a new value rarely makes it in once the list is full.
    smallest: Vec<u32>,
}

/// The base of the rolling hash (odd), and its power that drops the oldest token.
const BASE: u64 = 0x100_0000_01b3;
const BASE_TO_LAST: u64 = power(BASE, SHINGLE_TOKENS - 1);

const fn power(base: u64, exponent: usize) -> u64 {
    let mut p = 1u64;
    let mut i = 0;
    while i < exponent {
        p = p.wrapping_mul(base);
        i += 1;
    }
    p
}

impl Shingles {
    fn end_word(&mut self, word: &mut String) {
        if word.is_empty() {
            return;
        }
        let token = xxhash_rust::xxh3::xxh3_64(word.as_bytes());
        self.push(token);
        if word.bytes().all(|b| b.is_ascii_digit()) {
            // Items of one template differ mostly in their numbers: a number counts as
            // much as NUMBER_WEIGHT shingles of its own.
            for salt in 1..=NUMBER_WEIGHT {
                self.keep((mix(token ^ salt) >> 32) as u32);
            }
        }
        word.clear();
    }

    fn push(&mut self, token: u64) {
        let slot = self.tokens % SHINGLE_TOKENS;
        let oldest = if self.tokens >= SHINGLE_TOKENS { self.window[slot] } else { 0 };
        self.window[slot] = token;
        self.tokens += 1;
        self.rolling =
            self.rolling.wrapping_sub(oldest.wrapping_mul(BASE_TO_LAST)).wrapping_mul(BASE).wrapping_add(token);
        if self.tokens >= SHINGLE_TOKENS {
            self.keep((mix(self.rolling) >> 32) as u32);
        }
    }

    fn keep(&mut self, value: u32) {
        self.count = self.count.saturating_add(1);
        if self.smallest.len() == KEPT && value >= self.smallest[KEPT - 1] {
            return;
        }
        if let Err(at) = self.smallest.binary_search(&value) {
            self.smallest.insert(at, value);
            self.smallest.truncate(KEPT);
        }
    }

    fn finish(self) -> Sketch {
        Sketch { shingles: self.count, mins: self.smallest }
    }
}

/// `c` folded as search folds it, one character alone: width and case, and script by
/// character ([`script::simplified_alone`]), without OpenCC's phrases. Tens of times
/// faster than folding the text, and as good to compare two texts: white space and
/// punctuation only separate tokens here, and a phrase rule rarely changes a character
/// otherwise than its table does.
fn folded(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).map_or(c, |c| c.to_ascii_lowercase())
        }
        c if c.is_ascii() => c,
        c if is_ngram_char(c) => script::simplified_alone(c),
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// The hash of a one-character token: not a word's hash, whose bytes differ.
fn token_hash(c: u64) -> u64 {
    mix(c ^ 0x9e37_79b9_7f4a_7c15)
}

/// A 64-bit finalizer (MurmurHash3's): every input bit moves every output bit.
fn mix(mut h: u64) -> u64 {
    h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests;
