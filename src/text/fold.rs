//! The folded form of a text, in which matching happens, with a map back to the original.
//!
//! Folding, in this order, character by character:
//! 1. whitespace: a run of white space between two CJK characters vanishes, whatever it
//!    holds (spaces, U+3000, tabs, line breaks): an OCR hard wrap or the spacing of
//!    justified text does not split a word (`新質\n\n生產力` and `林鄭 月娥` are one word),
//!    unless it ends the text's headline ([`super::headline`]), which is never joined to
//!    the line after it; any other run becomes a single space (`AI 晶片` keeps it). The
//!    original keeps every such run: a snippet shows a vanished run without a line break
//!    as one space (`元朗 建立`), and mends one with a line break (see `search::snippet`);
//! 2. width and compatibility forms (NFKC: `ＡＩ２０２５` → `AI2025`), then lower case;
//! 3. script: Traditional to Simplified (see [`super::script`]).
//!
//! Each folded character remembers the byte range of the original characters it came
//! from, so tokens and highlights found in the folded text land on the original text.
//!
//! A long text can be folded, and analyzed, in parts ([`part_end`]): at a cut no step of folding,
//! of word segmentation or of n-grams carries anything across but whether the character
//! before it is CJK, so folding the parts ([`Folded::part`]) gives the folding of the
//! whole, part by part, and holds only one part's map in memory at a time.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use super::{headline, is_cjk, script};

/// A folded text and, for every folded character, its source in the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    text: String,
    /// Byte range in the original text of each folded character, in order.
    origin: Vec<Range<usize>>,
}

impl Folded {
    /// Folds `original`.
    pub fn new(original: &str) -> Self {
        Folded::part(original, 0..original.len())
    }

    /// Folds `original[range]`, a part of `original` that starts and ends where it may be
    /// cut ([`part_end`], [`sentence_end_after`], or an end of the text): what folding the whole gives for those characters.
    /// Origins are byte ranges in the whole of `original`.
    pub fn part(original: &str, range: Range<usize>) -> Self {
        let before = original[..range.start].chars().next_back();
        let headline = headline_end(original, range.start);
        let (chars, origin) = fold_width_and_space(original, range, before, headline);
        let text = script::to_simplified(&chars);
        debug_assert_eq!(text.chars().count(), origin.len());
        Folded { text, origin }
    }

    /// Appends the folding of the part of the text that follows this one.
    pub fn append(&mut self, next: Folded) {
        self.text.push_str(&next.text);
        self.origin.extend(next.origin);
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

/// The end of a part of `original` that starts at byte `from` (a cut, or the start) and
/// holds about `size` bytes: the first cut after `from + size`, or the end of the text.
///
/// A text without a cut for `4 * size` bytes (a blob without punctuation or spaces) is
/// cut there anyway, after a character that is not white space: white space and width
/// still fold as in the whole, but a word, an n-gram or a script phrase rule across that
/// place may come out otherwise.
pub fn part_end(original: &str, from: usize, size: usize) -> usize {
    let size = size.max(1);
    let at = from.saturating_add(size);
    if at >= original.len() {
        return original.len();
    }
    let limit = at.saturating_add(3 * size).min(original.len());
    let start = (at..limit).find(|&i| original.is_char_boundary(i)).unwrap_or(limit);
    let mut before = original[..start].chars().next_back();
    let mut forced = None;
    for (i, c) in original[start..].char_indices() {
        let Some(b) = before else { break };
        if is_cut(b, c) {
            return start + i;
        }
        if start + i >= limit && !b.is_whitespace() {
            forced = forced.or(Some(start + i));
            break;
        }
        before = Some(c);
    }
    forced.unwrap_or(original.len())
}

/// True if `original` may be cut at byte `at` (see [`part_end`]): folding each side
/// gives the folding of the whole.
pub fn is_cut_at(original: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (original[..at].chars().next_back(), original[at..].chars().next()) else {
        return true;
    };
    is_cut(before, after)
}

/// True if the parts of `part_bytes` that `text` is cut into all end where the text may be
/// cut (not where a text without such a place is cut anyway): for tests of parts.
#[cfg(test)]
pub fn cuts_cleanly(text: &str, part_bytes: usize) -> bool {
    let mut at = 0;
    while at < text.len() {
        at = part_end(text, at, part_bytes);
        if !is_cut_at(text, at) {
            return false;
        }
    }
    true
}

/// True if a text may be cut between `before` and `after`: folding runs no white space
/// across it (`before` is none), and no word, n-gram or script rule runs across it
/// either. Either what `before` folds to is punctuation that every stage takes alone
/// (`。`, `，`, `、`, `」`, `!`, …), or white space follows a character after which
/// folding makes it a space (one that is not CJK: white space vanishes only between CJK
/// characters), and a space ends every word and run.
fn is_cut(before: char, after: char) -> bool {
    !before.is_whitespace() && ((after.is_whitespace() && !is_cjk(before)) || stands_alone(before))
}

/// True if every character `c` folds to is punctuation that no stage joins to its
/// neighbours: not a letter or digit, not white space, not one of the characters jieba
/// takes into words besides those (`+#&._%-`), not an apostrophe (which n-grams take into
/// the word before it when a possessive `s` follows, or nothing does), and never changed
/// by script folding.
fn stands_alone(c: char) -> bool {
    let alone = |f: char| {
        !f.is_alphanumeric()
            && !f.is_whitespace()
            && !super::is_ngram_char(f)
            && !"+#&._%-'\u{2019}".contains(f)
            && !script::may_change(f)
    };
    match unchanged_but_case(c) {
        Some(f) => alone(f),
        None => c.nfkc().flat_map(char::to_lowercase).all(alone),
    }
}

/// Steps 1 and 2 for `original[range]`: the folded characters before script conversion,
/// with their origins; `before` the character before the range, if any, `headline`
/// the end of the headline of `original`.
fn fold_width_and_space(
    original: &str,
    range: Range<usize>,
    before: Option<char>,
    headline: Option<usize>,
) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(range.len());
    let mut origin = Vec::with_capacity(range.len() / 2);
    each_width_and_space(original, range, before, headline, |f, from| {
        out.push(f);
        origin.push(from);
    });
    (out, origin)
}

/// Hands `emit` each character of steps 1 and 2 for `original[range]`, with its origin;
/// the white space that starts at byte `headline` never vanishes.
fn each_width_and_space(
    original: &str,
    range: Range<usize>,
    mut before: Option<char>,
    headline: Option<usize>,
    mut emit: impl FnMut(char, Range<usize>),
) {
    let base = range.start;
    let mut pending: Option<Range<usize>> = None; // a run of white space
    for (start, c) in original[range].char_indices() {
        let start = base + start;
        let range = start..start + c.len_utf8();
        if c.is_whitespace() {
            pending = Some(pending.map_or(range.clone(), |run| run.start..range.end));
            continue;
        }
        if let Some(run) = pending.take() {
            if !before.is_some_and(|b| space_vanishes(b, c)) || headline == Some(run.start) {
                emit(' ', run);
            }
        }
        before = Some(c);
        if let Some(f) = unchanged_but_case(c) {
            emit(f, range);
            continue;
        }
        for f in c.nfkc().flat_map(char::to_lowercase) {
            // NFKC can turn a character into white space (e.g. U+00A0); keep it a space.
            emit(if f.is_whitespace() { ' ' } else { f }, range.clone());
        }
    }
    if let Some(run) = pending {
        emit(' ', run);
    }
}

/// True if white space between `before` and `after`, two characters of a text that are
/// not white space, vanishes in folding (step 1): both are CJK. Only the run that ends a
/// headline ([`super::headline::end`]) is kept even so.
pub fn space_vanishes(before: char, after: char) -> bool {
    is_cjk(before) && is_cjk(after)
}

/// Hands `visit` each character that folding `original[range]` gives (as
/// [`Folded::part`] does), except that script folding is left out: far cheaper, and
/// as good to count characters, spaces and n-gram positions, since script folding keeps
/// the count and turns a CJK character only into another (tested on its dictionaries).
pub fn each_unscripted(original: &str, range: Range<usize>, mut visit: impl FnMut(char)) {
    let before = original[..range.start].chars().next_back();
    let headline = headline_end(original, range.start);
    each_width_and_space(original, range, before, headline, |f, _| visit(f));
}

/// Where the headline of `original` ends ([`headline::end`]), if a part of it that starts
/// at byte `from` can hold the white space after it: the parts of a long text past the
/// first few lines are folded without looking for it again.
fn headline_end(original: &str, from: usize) -> Option<usize> {
    if from > headline::REACH {
        None
    } else {
        headline::end(original)
    }
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
        let f = Folded::new(original);
        assert_eq!(f.as_str(), folded, "folding {original:?}");
        assert_eq!(f.as_str().chars().count(), f.len());
    }

    #[test]
    fn folds_script_width_case_and_wraps() {
        let table = [
            ("新質生產力", "新质生产力"),
            ("新質\n生產力", "新质生产力"),
            ("新質\n\n  \n生產力", "新质生产力"),
            ("新質 生產力", "新质生产力"),
            // Any white space between two CJK characters vanishes: justified and OCR'd text.
            ("林鄭 月娥", "林郑月娥"),
            ("香港特別\u{3000}行政區", "香港特别行政区"),
            ("香港\t \u{3000}經濟", "香港经济"),
            ("「新質」 生產力", "「新质」生产力"),
            ("AI 晶片", "ai 晶片"),
            ("晶片 AI", "晶片 ai"),
            ("ＡＩ 晶片", "ai晶片"),
            ("ＡＩ２０２５", "ai2025"),
            ("DeepSeek", "deepseek"),
            ("Hong\nKong", "hong kong"),
            ("Hong  \n\n Kong", "hong kong"),
            ("ＡＩ\n晶片", "ai晶片"),
            ("AI\n晶片", "ai 晶片"),
            ("「新質生產\n力」", "「新质生产力」"),
            // The headline is not glued to the line after it; a wrap below it still joins.
            (
                "港府推進 新型工業化\n新質生產力在香港起步，各界期待。",
                "港府推进新型工业化 新质生产力在香港起步,各界期待。",
            ),
            // Nor is a line that is only a dateline, where the body begins.
            ("新華社 北京電\n新質生產力在香港起步。", "新华社北京电 新质生产力在香港起步。"),
            ("新華社 北京電　新質生產力在香港起步。", "新华社北京电新质生产力在香港起步。"),
            ("新華社北京電 國務院\n總理李強。", "新华社北京电国务院总理李强。"),
            ("港府推進新型工業化　\n新質生產力在香港起步。", "港府推进新型工业化 新质生产力在香港起步。"),
            ("港府推進新型工業化\n\n新質\n生產力在香港起步。", "港府推进新型工业化 新质生产力在香港起步。"),
            ("  lead", " lead"),
            ("", ""),
        ];
        for (original, folded) in table {
            assert_fold(original, folded);
        }
    }

    #[test]
    fn folding_up_to_a_sentence_end_gives_the_start_of_the_whole() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let original = std::fs::read_to_string(entry.path()).unwrap();
            let whole = Folded::new(&original);
            let mut at = 0;
            while at < original.len() {
                let end = sentence_end_after(&original, at);
                let part = Folded::new(&original[..end]);
                assert_eq!(part.origin(), &whole.origin()[..part.len()], "{:?}", entry.path());
                assert!(whole.as_str().starts_with(part.as_str()), "{:?} at {end}", entry.path());
                checked += 1;
                at = end + 1;
            }
        }
        assert!(checked > 100, "{checked}");
    }

    /// `original` folded in parts of about `part_bytes`, joined; `None` if a part had to
    /// end where the text may not be cut.
    fn in_parts(original: &str, part_bytes: usize) -> Option<(String, Vec<Range<usize>>)> {
        let (mut text, mut origin, mut at) = (String::new(), Vec::new(), 0);
        while at < original.len() {
            let end = part_end(original, at, part_bytes);
            if !is_cut_at(original, end) {
                return None;
            }
            let part = Folded::part(original, at..end);
            text.push_str(part.as_str());
            origin.extend_from_slice(part.origin());
            at = end;
        }
        Some((text, origin))
    }

    #[test]
    fn folding_in_parts_gives_the_whole() {
        let table = [
            "發展新質\n生產力。\n\n因地制宜，「新質生產力」！Hong\nKong said: AI\n晶片；ＡＩ\n晶片  end.\n",
            "第一段。\n第二段，\n第三段、 第四段",
            "林鄭 月娥\u{3000}說，香港特別 行政區 AI 晶片。 新質\t生產力",
            "word.  next word\n\nＡＩ\n\nline ㍿ ① 乾隆。裏綫着",
        ];
        for original in table {
            let whole = Folded::new(original);
            for part_bytes in 1..original.len() {
                let Some((text, origin)) = in_parts(original, part_bytes) else { continue };
                assert_eq!(text, whole.as_str(), "{original:?} in parts of {part_bytes}");
                assert_eq!(origin, whole.origin(), "{original:?} in parts of {part_bytes}");
            }
        }
    }

    #[test]
    fn sentence_ends_are_places_to_cut() {
        for mark in ['。', '！', '？', '；'] {
            let text = format!("香港{mark}\n經濟{mark}Hong{mark} Kong");
            let mut at = 0;
            while at < text.len() {
                at = sentence_end_after(&text, at + 1);
                assert!(is_cut_at(&text, at), "{text:?} at {at}");
            }
        }
        assert!(!is_cut_at("香港\n經濟", "香港".len()), "a hard wrap between CJK characters vanishes");
        assert!(!is_cut_at("香港 經濟", "香港".len()), "so does a space");
        assert!(!is_cut_at("a.b", 2) && !is_cut_at("a b", 2) && is_cut_at("a b", 1));
    }

    #[test]
    fn a_text_without_places_to_cut_is_cut_anyway() {
        let blob = "香".repeat(100);
        let end = part_end(&blob, 0, 30);
        assert_eq!(end, 120, "after 4 × 30 bytes");
        assert!(!is_cut_at(&blob, end));
    }

    #[test]
    fn origin_points_at_original_characters() {
        let original = "。發展新質\n生產力，ＡＩ";
        let f = Folded::new(original);
        let sub = |chars: Range<usize>| &original[f.original_range(chars)];
        assert_eq!(sub(3..5), "新質");
        assert_eq!(sub(3..8), "新質\n生產力");
        assert_eq!(sub(9..11), "ＡＩ");
        assert_eq!(sub(10..10), "");
    }
}
