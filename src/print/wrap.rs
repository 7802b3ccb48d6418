//! Breaking text into lines that fit a width, in the columns a terminal gives it.
//!
//! Widths are display columns as `unicode-width` counts them: a CJK character takes two,
//! a combining mark none. The text measured never holds an escape: colour is added to
//! each line after it is cut ([`Marked::paint`]), and closed before the line ends.
//!
//! Where a line may break:
//! - at white space, which the break drops;
//! - between two characters of which one is wide (CJK), as Chinese is set;
//! - not before closing punctuation (`，。、；：？！」』）》…`), nor after opening
//!   punctuation (`「『（《“`), white space between them or not, so that no line starts
//!   or ends with them;
//! - not inside a highlighted span that fits on one line;
//! - inside a word only if the word alone is wider than the line.

use std::borrow::Cow;
use std::ops::Range;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::escape::push_visible;
use crate::search::Span;

/// Punctuation that does not start a line (the closing half of the kinsoku rules).
const CLOSING: &str = "，。、；：？！）」』》〉】〕〗〙〛｝］｠’”…‥・·〃々ー％﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞!),.:;?]}%";
/// Punctuation that does not end a line.
const OPENING: &str = "（「『《〈【〔〖〘〚｛［｟‘“([{";
const ZERO_WIDTH_JOINER: char = '\u{200d}';

/// Columns `s` takes on a terminal.
pub fn columns(s: &str) -> usize {
    s.width()
}

/// `s` in at most `max` columns (at least one): cut, and ended with `…`, if wider.
pub fn shorten(s: &str, max: usize) -> Cow<'_, str> {
    if columns(s) <= max {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    Cow::Owned(out)
}

/// `fields` joined by `separator` into as few lines of at most `width` columns as they
/// fit in, each field whole (a field wider than the line has a line of its own).
pub fn packed(fields: &[String], separator: &str, width: Option<usize>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for field in fields {
        match lines.last_mut() {
            Some(line) if width.is_none_or(|w| columns(line) + columns(separator) + columns(field) <= w) => {
                line.push_str(separator);
                line.push_str(field);
            }
            _ => lines.push(field.clone()),
        }
    }
    lines
}

/// Text as it will be printed, control characters already made visible, and the byte
/// ranges of it to highlight (in order, not overlapping).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    pub text: String,
    pub marks: Vec<Range<usize>>,
}

impl Marked {
    /// `text` with control characters made [`visible`](super::visible), but line breaks
    /// if `breaks` (an article's paragraphs), and `highlights` (in characters of `text`)
    /// as byte ranges of the result.
    pub fn new(text: &str, highlights: &[Span], breaks: bool) -> Marked {
        let mut out = String::with_capacity(text.len());
        let mut marks = Vec::with_capacity(highlights.len());
        let mut next = highlights.iter().peekable();
        let mut open = None;
        for (i, c) in text.chars().enumerate() {
            // An empty span, or one that starts inside the one before, marks nothing.
            while next.peek().is_some_and(|m| m.end <= i || (open.is_none() && m.start < i)) {
                next.next();
            }
            if next.peek().is_some_and(|m| m.start == i && m.end > i) {
                open = Some(out.len());
            }
            if breaks && c == '\n' {
                out.push(c);
            } else {
                push_visible(&mut out, c);
            }
            if let Some(start) = open.filter(|_| next.peek().is_some_and(|m| m.end == i + 1)) {
                marks.push(start..out.len());
                open = None;
                next.next();
            }
        }
        Marked { text: out, marks }
    }

    /// Text without highlights.
    pub fn plain(text: String) -> Marked {
        Marked { text, marks: Vec::new() }
    }

    /// The lines of `self.text[within]` in at most `width` columns (`None`: one line), as
    /// byte ranges without the white space they break at. A line holds at least one
    /// character; white space alone makes no line.
    pub fn lines(&self, within: Range<usize>, width: Option<usize>) -> Vec<Range<usize>> {
        let width = width.unwrap_or(usize::MAX).max(1);
        let mut lines: Vec<Range<usize>> = Vec::new();
        let mut used = 0;
        for unit in self.units(within, width) {
            let w = columns(&self.text[unit.clone()]);
            let gap = lines.last().map_or(0, |line| columns(&self.text[line.end..unit.start]));
            match lines.last_mut() {
                Some(line) if used + gap + w <= width => {
                    used += gap + w;
                    line.end = unit.end;
                }
                _ if w > width => {
                    let pieces = self.cut(unit, width);
                    used = pieces.last().map_or(0, |p| columns(&self.text[p.clone()]));
                    lines.extend(pieces);
                }
                _ => {
                    lines.push(unit);
                    used = w;
                }
            }
        }
        lines
    }

    /// Writes `self.text[line]` to `out` with each highlight in it between `on` and `off`:
    /// one that goes on past the line is closed at its end, and opened again on the next.
    pub fn paint(&self, line: Range<usize>, on: &str, off: &str, out: &mut String) {
        let mut at = line.start;
        for mark in self.marks_in(line.clone()) {
            let (start, end) = (mark.start.max(at), mark.end.min(line.end));
            if start >= end {
                continue;
            }
            out.push_str(&self.text[at..start]);
            out.push_str(on);
            out.push_str(&self.text[start..end]);
            out.push_str(off);
            at = end;
        }
        out.push_str(&self.text[at..line.end]);
    }

    /// The highlights that overlap `range`.
    fn marks_in(&self, range: Range<usize>) -> &[Range<usize>] {
        let first = self.marks.partition_point(|m| m.end <= range.start);
        let end = self.marks.partition_point(|m| m.start < range.end);
        &self.marks[first..end.max(first)]
    }

    /// The pieces of `within` that no line breaks inside, as byte ranges without the
    /// white space between them.
    fn units(&self, within: Range<usize>, width: usize) -> Vec<Range<usize>> {
        let marks = self.marks_in(within.clone());
        let fits: Vec<bool> = marks.iter().map(|m| columns(&self.text[m.clone()]) <= width).collect();
        let mut mark = 0;
        // True if a break before byte `at` would split a highlight that fits on a line.
        let mut glued = |at: usize| {
            while mark < marks.len() && marks[mark].end <= at {
                mark += 1;
            }
            mark < marks.len() && marks[mark].start < at && fits[mark]
        };
        let mut units: Vec<Range<usize>> = Vec::new();
        let mut start: Option<usize> = None;
        let mut previous = ' ';
        for (i, c) in self.text[within.clone()].char_indices() {
            let at = within.start + i;
            let inside = glued(at);
            match (start, c.is_whitespace() && !inside) {
                (Some(s), true) => {
                    units.push(s..at);
                    start = None;
                }
                (None, true) => {}
                (None, false) => {
                    // After white space: the unit before goes on if no line may start here.
                    let last = units.last().and_then(|u| self.text[u.clone()].chars().next_back());
                    let joined = last.is_some_and(|l| inside || !ends_line(l) || !starts_line(c));
                    start = Some(if joined { units.pop().map_or(at, |u| u.start) } else { at });
                }
                (Some(s), false) => {
                    if !inside && breaks_between(previous, c) {
                        units.push(s..at);
                        start = Some(at);
                    }
                }
            }
            previous = c;
        }
        units.extend(start.map(|s| s..within.end));
        units
    }

    /// `unit` cut between characters into pieces of at most `width` columns (each holds
    /// at least one character).
    fn cut(&self, unit: Range<usize>, width: usize) -> Vec<Range<usize>> {
        let mut pieces = Vec::new();
        let (mut start, mut used) = (unit.start, 0);
        for (i, c) in self.text[unit.clone()].char_indices() {
            let (at, w) = (unit.start + i, c.width().unwrap_or(0));
            if w > 0 && used + w > width && at > start {
                pieces.push(start..at);
                (start, used) = (at, 0);
            }
            used += w;
        }
        pieces.push(start..unit.end);
        pieces
    }
}

/// True if a line may break between `a` and `b`, neither of them white space.
fn breaks_between(a: char, b: char) -> bool {
    let wide = |c: char| c.width() == Some(2);
    (wide(a) || wide(b)) && ends_line(a) && starts_line(b)
}

/// True if a line may start with `c`.
fn starts_line(c: char) -> bool {
    !CLOSING.contains(c) && c.width().unwrap_or(0) > 0
}

/// True if a line may end with `c`.
fn ends_line(c: char) -> bool {
    !OPENING.contains(c) && c != ZERO_WIDTH_JOINER
}

#[cfg(test)]
mod tests;
