//! Folding by table lookup where no phrase rule of OpenCC's `hk2s` can apply.
//!
//! The tables (`data/opencc/`, written by `scripts/opencc-tables`) give, for every key
//! character of `hk2s`, what the conversion makes of it alone, and the first two
//! characters of every phrase rule. A run of key characters in which no such pair stands
//! (for the second step: in what the first step made of the run) converts character by
//! character, which a lookup does without OpenCC; most runs are such. Tests compare the
//! tables with the crate's dictionaries, and the result with `ferrous-opencc` itself.

mod data {
    include!(concat!(env!("OUT_DIR"), "/opencc_tables.rs"));
}

use data::{DENSE, DENSE_FIRST, FIRST_STEP, KEY_BITS, PAIRS_1, PAIRS_2};

/// Bits of a [`DENSE`] entry besides the character.
const STARTS_PAIR_1: u32 = 1 << 29;
const STARTS_PAIR_2: u32 = 1 << 30;
const CHAR_MASK: u32 = (1 << 21) - 1;

/// True if `c` is one of the key characters: no other character is ever converted.
pub fn is_key_char(c: char) -> bool {
    KEY_BITS.get(c as usize / 64).is_some_and(|word| word >> (c as usize % 64) & 1 == 1)
}

/// The entry of key character `c`, if the dense table holds it (it holds the CJK blocks
/// up to U+9FFF, not the supplementary planes).
fn entry(c: char) -> Option<u32> {
    let at = (c as u32).checked_sub(DENSE_FIRST)?;
    DENSE.get(at as usize).copied().filter(|&e| e != 0)
}

/// What the first step of `hk2s` makes of `c` alone.
fn first_step(c: char) -> u32 {
    FIRST_STEP.binary_search_by_key(&(c as u32), |&(from, _)| from).map_or(c as u32, |i| FIRST_STEP[i].1)
}

fn pair(a: u32, b: u32) -> u64 {
    (a as u64) << 32 | b as u64
}

/// What `hk2s` makes of key character `c` standing alone, if the table knows.
pub fn alone(c: char) -> Option<char> {
    entry(c).and_then(|e| char::from_u32(e & CHAR_MASK))
}

/// Appends to `out` what `hk2s` makes of `run`, a run of key characters, and returns
/// true; or returns false, leaving `out` as it was, if a phrase rule may apply in it (or
/// it holds a character the table does not).
pub fn convert_run(run: &str, out: &mut String) -> bool {
    let start = out.len();
    let mut chars = run.chars().peekable();
    while let Some(c) = chars.next() {
        let Some(e) = entry(c) else {
            out.truncate(start);
            return false;
        };
        if let Some(&next) = chars.peek() {
            let phrase = (e & STARTS_PAIR_1 != 0 && PAIRS_1.binary_search(&pair(c as u32, next as u32)).is_ok())
                || (e & STARTS_PAIR_2 != 0 && PAIRS_2.binary_search(&pair(first_step(c), first_step(next))).is_ok());
            if phrase {
                out.truncate(start);
                return false;
            }
        }
        out.push(char::from_u32(e & CHAR_MASK).unwrap_or(c));
    }
    true
}
