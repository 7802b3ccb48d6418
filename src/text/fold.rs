//! The folded form of a text, in which matching happens, with a map back to the original.
//!
//! Folding, in this order, character by character:
//! 1. whitespace: a run of white space that holds a line break and stands between two
//!    CJK characters is an OCR hard wrap and vanishes (`新質\n\n生產力` is one word); any
//!    other run becomes a single space;
//! 2. width and compatibility forms (NFKC: `ＡＩ２０２５` → `AI2025`), then lower case;
//! 3. script: Traditional to Simplified (see [`super::script`]).
//!
//! Each folded character remembers the byte range of the original characters it came
//! from, so tokens and highlights found in the folded text land on the original text.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::{is_cjk, script};
use crate::Result;

/// A folded text and, for every folded character, its source in the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    text: String,
    /// Byte range in the original text of each folded character, in order.
    origin: Vec<Range<usize>>,
}

impl Folded {
    /// Folds `original`. Fails only when the script converter cannot be loaded.
    pub fn new(original: &str) -> Result<Self> {
        let (chars, origin) = fold_width_and_space(original);
        let text = script::to_simplified(&chars)?;
        debug_assert_eq!(text.chars().count(), origin.len());
        Ok(Folded { text, origin })
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Number of folded characters.
    pub fn len(&self) -> usize {
        self.origin.len()
    }

    /// True when nothing is left after folding.
    pub fn is_empty(&self) -> bool {
        self.origin.is_empty()
    }

    /// Byte range in the original text covered by folded characters `chars`.
    ///
    /// An empty or out-of-range request gives an empty range.
    pub fn original_range(&self, chars: Range<usize>) -> Range<usize> {
        let end = chars.end.min(self.origin.len());
        if chars.start >= end {
            let at = self.origin.get(chars.start).map_or(0, |r| r.start);
            return at..at;
        }
        self.origin[chars.start].start..self.origin[end - 1].end
    }

    /// Byte ranges in the original of each folded character.
    pub fn origin(&self) -> &[Range<usize>] {
        &self.origin
    }
}

/// The end of the first sentence ending at or after byte `at` of `original`: just after
/// a sentence-final mark, or the end of the text.
///
/// Folding `original[..end]` gives the start of folding the whole text: no step carries
/// state across such a mark (white space is settled before it, and no OpenCC phrase
/// holds one), so a long text can be folded only as far as needed.
pub fn sentence_end_after(original: &str, at: usize) -> usize {
    if at >= original.len() {
        return original.len();
    }
    let start = (at..=original.len()).find(|&i| original.is_char_boundary(i)).unwrap_or(original.len());
    original[start..]
        .char_indices()
        .find(|&(_, c)| matches!(c, '。' | '！' | '？' | '；'))
        .map_or(original.len(), |(i, c)| start + i + c.len_utf8())
}

/// Steps 1 and 2: the folded characters before script conversion, with their origins.
fn fold_width_and_space(original: &str) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(original.len());
    let mut origin = Vec::with_capacity(original.len() / 2);
    let mut pending: Option<(Range<usize>, bool)> = None; // white run, holds a line break
    let mut prev_cjk = false;
    for (start, c) in original.char_indices() {
        let range = start..start + c.len_utf8();
        if c.is_whitespace() {
            let newline = matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}');
            pending = Some(match pending {
                Some((run, nl)) => (run.start..range.end, nl || newline),
                None => (range, newline),
            });
            continue;
        }
        if let Some((run, newline)) = pending.take() {
            if !(newline && prev_cjk && is_cjk(c)) {
                out.push(' ');
                origin.push(run);
            }
        }
        prev_cjk = is_cjk(c);
        if let Some(f) = unchanged_but_case(c) {
            out.push(f);
            origin.push(range);
            continue;
        }
        for f in c.nfkc().flat_map(char::to_lowercase) {
            // NFKC can turn a character into white space (e.g. U+00A0); keep it a space.
            out.push(if f.is_whitespace() { ' ' } else { f });
            origin.push(range.clone());
        }
    }
    if let Some((run, _)) = pending {
        out.push(' ');
        origin.push(run);
    }
    (out, origin)
}

/// Step 2 for the characters most text is made of, without the cost of normalizing:
/// CJK unified ideographs, which NFKC and lower-casing leave alone, and ASCII letters,
/// digits and punctuation, which only lower-casing changes. `None` for any other.
fn unchanged_but_case(c: char) -> Option<char> {
    match c {
        '\u{4E00}'..='\u{9FFF}' => Some(c),
        '!'..='~' => Some(c.to_ascii_lowercase()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortcut_folds_as_nfkc_and_lower_case_do() {
        let mut checked = 0;
        for c in ('\0'..='\u{FFFF}').chain('\u{20000}'..='\u{2FFFF}') {
            if let Some(f) = unchanged_but_case(c) {
                let slow: String = c.nfkc().flat_map(char::to_lowercase).collect();
                assert_eq!(slow, f.to_string(), "U+{:04X}", c as u32);
                assert!(!f.is_whitespace());
                checked += 1;
            }
        }
        assert_eq!(checked, 0x9FFF - 0x4E00 + 1 + 94);
    }

    #[track_caller]
    fn assert_fold(original: &str, folded: &str) {
        let f = Folded::new(original).unwrap();
        assert_eq!(f.as_str(), folded, "folding {original:?}");
        assert_eq!(f.as_str().chars().count(), f.len());
    }

    #[test]
    fn folds_script_width_case_and_wraps() {
        let table = [
            ("新質生產力", "新质生产力"),
            ("新質\n生產力", "新质生产力"),
            ("新質\n\n  \n生產力", "新质生产力"),
            ("新質 生產力", "新质 生产力"),
            ("ＡＩ２０２５", "ai2025"),
            ("DeepSeek", "deepseek"),
            ("Hong\nKong", "hong kong"),
            ("Hong  \n\n Kong", "hong kong"),
            ("ＡＩ\n晶片", "ai晶片"),
            ("AI\n晶片", "ai 晶片"),
            ("「新質生產\n力」", "「新质生产力」"),
            ("  lead", " lead"),
            ("", ""),
        ];
        for (original, folded) in table {
            assert_fold(original, folded);
        }
    }

    #[test]
    fn folding_up_to_a_sentence_end_gives_the_start_of_the_whole() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let original = std::fs::read_to_string(entry.path()).unwrap();
            let whole = Folded::new(&original).unwrap();
            let mut at = 0;
            while at < original.len() {
                let end = sentence_end_after(&original, at);
                let part = Folded::new(&original[..end]).unwrap();
                assert_eq!(part.origin(), &whole.origin()[..part.len()], "{:?}", entry.path());
                assert!(whole.as_str().starts_with(part.as_str()), "{:?} at {end}", entry.path());
                checked += 1;
                at = end + 1;
            }
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn origin_points_at_original_characters() {
        let original = "發展新質\n生產力，ＡＩ";
        let f = Folded::new(original).unwrap();
        let sub = |chars: Range<usize>| &original[f.original_range(chars)];
        assert_eq!(sub(2..4), "新質");
        assert_eq!(sub(2..7), "新質\n生產力");
        assert_eq!(sub(8..10), "ＡＩ");
        assert_eq!(sub(9..9), "");
    }
}
