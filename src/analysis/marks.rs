//! Marks: the view of a text that says where its sentences and paragraphs begin.
//!
//! The marks of a text stand at positions of its n-gram view ([`super::ngrams`]), so a
//! query can tell, from positions alone, whether two matches are in one sentence or one
//! paragraph, and how many units lie between them:
//! - [`GAP`] at each position the n-gram view leaves empty for punctuation (never at the
//!   position of a gram too long to index: that is a unit);
//! - [`SENTENCE`] at the first unit after a sentence boundary: punctuation between two
//!   units that holds one of `。!?;` once folded (`！？；｡` too), or a paragraph boundary;
//! - [`PARAGRAPH`] (with [`SENTENCE`]) at the first unit after a paragraph boundary, as
//!   `show` prints them ([`crate::text::paragraph::is_break`]).
//!
//! There is no mark before the first unit of a text or after its last; several marks
//! may share a position. A text analyzed in parts has the marks of the whole ([`State`]).

use std::ops::Range;

use super::ngrams::{self, Positions};
use crate::text::{headline, paragraph, Folded};

/// The term of a position left empty for punctuation.
pub const GAP: &str = "g";
/// The term of the first unit of a sentence (but the text's first).
pub const SENTENCE: &str = "s";
/// The term of the first unit of a paragraph (but the text's first).
pub const PARAGRAPH: &str = "p";

/// A mark of a folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// [`GAP`], [`SENTENCE`] or [`PARAGRAPH`].
    pub text: &'static str,
    pub position: usize,
    /// The folded character of the first unit after it.
    pub before: usize,
}

/// Where the marks of a text stand after some of it: the marks of the next part of a
/// text cut at a [`crate::text::part_end`] continue from there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State {
    /// Where the headline of the whole text ends ([`headline::end`]).
    headline_end: Option<usize>,
    positions: Positions,
    /// The last unit so far: its position, and the end of its original characters.
    last: Option<(usize, usize)>,
    /// Whether a sentence-final mark came since the last unit.
    sentence: bool,
}

impl State {
    /// The state at the start of `original`, the whole text.
    pub fn new(original: &str) -> State {
        State { headline_end: headline::end(original), ..State::default() }
    }
}

/// The marks of `folded` (the folding of `original`, or a part of it that follows what
/// `state` was left at), with positions in the whole; `state` is left at its end.
pub fn marks_after(original: &str, folded: &Folded, state: &mut State) -> Vec<Mark> {
    let text = folded.as_str();
    let chars: Vec<char> = text.chars().collect();
    let ends_sentence = |range: Range<usize>| chars[range].iter().any(|&c| matches!(c, '。' | '!' | '?' | ';'));
    let origin = folded.origin();
    let mut marks = Vec::new();
    let mut after = 0; // the folded character after the units so far
    for unit in ngrams::units_after(text, &mut state.positions) {
        let start = unit.chars.start;
        if start >= after {
            // Between two units (CJK grams overlap those of their run).
            state.sentence |= ends_sentence(after..start);
            if let Some((position, end)) = state.last {
                let between = end..origin[start].start.max(end);
                let paragraph = holds_break(original, between, state.headline_end);
                let mut mark = |text, position| marks.push(Mark { text, position, before: start });
                if unit.position > position + 1 {
                    mark(GAP, unit.position - 1);
                }
                if paragraph || state.sentence {
                    mark(SENTENCE, unit.position);
                }
                if paragraph {
                    mark(PARAGRAPH, unit.position);
                }
            }
            state.sentence = false;
        }
        after = after.max(unit.chars.end);
        state.last = Some((unit.position, origin[unit.chars.end - 1].end));
    }
    state.sentence |= ends_sentence(after.min(chars.len())..chars.len());
    marks
}

/// True if a run of white space in `original[between]` is a paragraph boundary.
fn holds_break(original: &str, between: Range<usize>, headline_end: Option<usize>) -> bool {
    let mut space: Option<usize> = None; // where the run of white space being read began
    for (i, c) in original[between.clone()].char_indices().chain([(between.len(), 'x')]) {
        let at = between.start + i;
        match (c.is_whitespace(), space) {
            (true, None) => space = Some(at),
            (false, Some(from)) => {
                if paragraph::is_break(original, from..at, headline_end) {
                    return true;
                }
                space = None;
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(original: &str) -> Vec<(&'static str, usize)> {
        let folded = Folded::new(original);
        marks_after(original, &folded, &mut State::new(original)).into_iter().map(|m| (m.text, m.position)).collect()
    }

    #[test]
    fn marks_table() {
        let long = "x".repeat(super::super::MAX_TERM_BYTES + 1);
        let table: &[(&str, &[(&str, usize)])] = &[
            // 香0 港1 經2 濟3 ，4 穩5 步6 增7 長8 。9 市10 民11 滿12 意13
            ("香港經濟，穩步增長。市民滿意", &[("g", 4), ("g", 9), ("s", 10)]),
            // Full-width and half-width sentence ends; a full stop ends none.
            ("好！好？好；好｡好", &[("g", 1), ("s", 2), ("g", 3), ("s", 4), ("g", 5), ("s", 6), ("g", 7), ("s", 8)]),
            // prices0 rose1 !2 did3 they4 ?5 yes6 ;7 3 8 .9 5 10 %11 up12 .13 mr14 .15 lee16
            (
                "Prices rose! Did they? Yes; 3.5% up. Mr. Lee",
                &[
                    ("g", 2),
                    ("s", 3),
                    ("g", 5),
                    ("s", 6),
                    ("g", 7),
                    ("s", 8),
                    ("g", 9),
                    ("g", 11),
                    ("g", 13),
                    ("g", 15),
                ],
            ),
            // A hard wrap inside a word, or after a comma, is nothing.
            ("新質\n生產力", &[]),
            ("起步，\n新質", &[("g", 2)]),
            ("They say it\nrose, she said.", &[("g", 4)]),
            // A line break after a sentence end is a paragraph boundary; spacing is not.
            ("起步。\n新質", &[("g", 2), ("s", 3), ("p", 3)]),
            ("起步。\n\n「新質」", &[("g", 2), ("s", 3), ("p", 3)]),
            ("他說：「好。」\n新質", &[("g", 2), ("g", 4), ("s", 5), ("p", 5)]),
            ("起步。　新質", &[("g", 2), ("s", 3)]),
            ("起步: \nnext", &[("g", 2), ("s", 3), ("p", 3)]),
            // After the headline, without punctuation: no gap, a new paragraph.
            ("港府推進 新型工業化\n新質生產力在香港起步，各界期待。", &[("s", 9), ("p", 9), ("g", 19)]),
            // A possessive is part of its word: no gap after it.
            ("The company's chief said: \"No.\"\nThe companies’ boards", &[("g", 4), ("g", 6), ("s", 7), ("p", 7)]),
            // Nothing before the first unit or after the last.
            ("。\n\n新質！\n", &[]),
            ("", &[]),
            ("，。\n", &[]),
        ];
        for (original, expected) in table {
            assert_eq!(marks(original), *expected, "marks of {original:?}");
        }
        // A word too long to index is a unit all the same: a0 long1 b2 。3 c4.
        assert_eq!(marks(&format!("a {long} b。c")), [("g", 3), ("s", 4)]);
        assert_eq!(marks(&format!("a。{long}。b")), [("g", 1), ("s", 2), ("g", 3), ("s", 4)]);
    }

    #[test]
    fn a_gap_mark_stands_where_the_ngram_view_leaves_a_position_empty() {
        let original = "香港經濟，穩步增長。Prices rose! 3.5% up, the company's x";
        let taken: Vec<usize> = ngrams::grams(Folded::new(original).as_str()).iter().map(|g| g.position).collect();
        let last = taken.last().copied().unwrap_or(0);
        let empty: Vec<usize> = (0..last).filter(|p| !taken.contains(p)).collect();
        let gaps: Vec<usize> = marks(original).into_iter().filter(|m| m.0 == GAP).map(|m| m.1).collect();
        assert_eq!(gaps, empty);
    }
}
