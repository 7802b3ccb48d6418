//! The headline of a clipping: the line near its start that reads as a headline.
//!
//! A `.txt` clipping is whatever OCR or a copy made of a page: it may open with a bar
//! code's digits (`4 892246 888889`), a label (`碼上看`), or straight with the body, cut
//! into lines mid-sentence. Its headline is the first of its first [`MAX_LINES`] non-empty
//! lines that reads as one, looked for only until the body begins; a clipping may have
//! none. The same line is both the clipping's title and, in folding, a line whose end is
//! never an OCR hard wrap: the headline is not glued to the line after it (nor is a line
//! that is only a dateline, where a clipping without a headline begins: [`end`]).
//!
//! Each line, trimmed, is one of:
//! - *skipped* (may stand before a headline): fewer than two letters, fewer letters than
//!   other characters (digits, punctuation), at most three characters (a label), a
//!   label wholly in brackets (`【撰文：…】`, `（責任編輯：…）`), or a byline (`記者` or
//!   `撰文` in a line of at most 16 characters, `By` and at most four words);
//! - *body*, which ends the search: a dateline ([`super::dateline`]), a line holding `。`
//!   or ending in `，、；：,;.` (not `...`), a line of more than 64 Han characters or 150
//!   characters in all, a line with a bracket or quote it does not close (or closes one
//!   it did not open), or a line that reads on into the lines below it: indented (a
//!   paragraph's first line) or followed at once by a line that starts with a small
//!   letter, ending in `and`, `of`, `the`…, as wide as the next two non-empty lines give
//!   or take a character (a column cut into lines, with or without blank lines between),
//!   or followed by a line whose first sentence ends (`。！？`) within 8 characters and
//!   its own width: the end of its own;
//! - else the headline.
//!
//! Lines below a line are read only up to their first sentence end (see [`below`]), so
//! that a start of the text cut at a sentence end has the headline of the whole.

use std::ops::Range;

use super::is_ngram_char;

/// Non-empty lines looked at.
pub const MAX_LINES: usize = 8;
/// Bytes of a text looked at: a line that starts after them is not looked at.
const MAX_BYTES: usize = 4096;
/// No headline (nor line that [`end`] gives) ends past this byte: a line looked at
/// starts within [`MAX_BYTES`] and is cut [`MAX_BYTES`] after its start.
pub const REACH: usize = 2 * MAX_BYTES;
/// The longest headline, in Han characters and in characters of any kind.
const MAX_HAN: usize = 64;
const MAX_CHARS: usize = 150;
/// The most characters of a line below a headline in which a sentence may end that the
/// headline began (`發展新質` over `生產力。`).
const SENTENCE_TAIL: usize = 8;

/// Byte range in `text` of its headline line, trimmed of white space; `None` if it has none.
pub fn headline(text: &str) -> Option<Range<usize>> {
    search(text).0
}

/// Byte offset in `text` of the end of a line that is never joined to the next: its
/// headline, or, if it has none, a line that is only a dateline where the body begins
/// (`新華社北京3月5日電`, `【大公報訊】`), which ends there as a headline would.
pub fn end(text: &str) -> Option<usize> {
    let (found, stop) = search(text);
    found.or(stop.filter(|r| super::dateline::is_whole_line(&text[r.clone()]))).map(|r| r.end)
}

/// The headline line of `text`, or else the line where the body began, if any; each
/// trimmed of white space.
fn search(text: &str) -> (Option<Range<usize>>, Option<Range<usize>>) {
    let lines: Vec<Line<'_>> = lines(text).filter(|l| !l.text.trim().is_empty()).take(MAX_LINES + 2).collect();
    let trimmed = |line: &Line<'_>| {
        let start = line.start + (line.text.len() - line.text.trim_start().len());
        start..start + line.text.trim().len()
    };
    for (i, line) in lines.iter().take(MAX_LINES).enumerate() {
        let at_once = lines.get(i + 1).filter(|n| n.start == line.end + 1).map(|n| n.text);
        match kind(line.text, at_once, below(&lines[i + 1..])) {
            Kind::Skipped => continue,
            Kind::Body => return (None, Some(trimmed(line))),
            Kind::Headline => return (Some(trimmed(line)), None),
        }
    }
    (None, None)
}

/// The next two of `lines`, each only up to the end of its first sentence, and the
/// second only if the first holds no sentence end.
///
/// So the headline of a text is that of every start of it that ends at a sentence end
/// ([`super::sentence_end_after`]) after the line below the headline begins, and folding
/// such a start gives the start of folding the whole.
fn below<'a>(lines: &[Line<'a>]) -> [Option<&'a str>; 2] {
    let first_sentence =
        |text: &'a str| match text.char_indices().find(|&(_, c)| matches!(c, '。' | '！' | '？' | '；')) {
            Some((at, mark)) => (&text[..at + mark.len_utf8()], true),
            None => (text, false),
        };
    let Some((next, ended)) = lines.first().map(|l| first_sentence(l.text)) else { return [None, None] };
    let then = lines.get(1).filter(|_| !ended).map(|l| first_sentence(l.text).0);
    [Some(next), then]
}

/// A line of a text: its text (without the `\n`) and where it starts and ends.
struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// The lines of `text` that start within its first [`MAX_BYTES`], the last one cut
/// there if it runs on (so a blob without line breaks is never scanned whole).
fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() || start >= MAX_BYTES {
            return None;
        }
        let limit = (start + MAX_BYTES).min(text.len());
        let limit = (start..=limit).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(start);
        let (end, next) = match text[start..limit].find('\n') {
            Some(i) => (start + i, start + i + 1),
            None if limit == text.len() => (limit, limit),
            // Cut at the limit: no line after it is looked at.
            None => (limit, usize::MAX),
        };
        let line = Line { text: &text[start..end], start, end };
        start = next;
        Some(line)
    })
}

#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Skipped,
    Body,
    Headline,
}

/// What `line` is, given the line right below it if no blank line stands between, and
/// the next two non-empty lines.
fn kind(line: &str, at_once: Option<&str>, below: [Option<&str>; 2]) -> Kind {
    let trimmed = line.trim();
    let visible = visible(trimmed);
    let letters = trimmed.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || letters * 2 < visible || visible <= 3 || is_byline(trimmed, visible) || is_label(trimmed) {
        return Kind::Skipped;
    }
    if continues(line, at_once, below) {
        return Kind::Body;
    }
    if is_sentence(trimmed) || !balanced(trimmed) || super::dateline::source(trimmed).is_some() {
        return Kind::Body;
    }
    Kind::Headline
}

/// Characters of `line` that are not white space.
fn visible(line: &str) -> usize {
    line.chars().filter(|c| !c.is_whitespace()).count()
}

/// True if `line` reads on into the lines below it ([`below`]): it is indented (a
/// paragraph's first line) or the line right below starts with a small letter; it ends
/// in a word that cannot end an English headline; it is as wide as the next two lines,
/// give or take a character (a column cut into lines, with or without blank lines
/// between); or the next line's first sentence ends within [`SENTENCE_TAIL`] characters
/// and the width of `line` (it ends the sentence `line` began).
fn continues(line: &str, at_once: Option<&str>, [next, then]: [Option<&str>; 2]) -> bool {
    const OPEN_ENDS: [&str; 12] = ["and", "or", "of", "the", "a", "an", "to", "in", "for", "with", "on", "by"];
    let last_word = line.trim_end().rsplit(' ').next().unwrap_or("");
    let w = visible(line);
    let column = |n: &str, t: &str| w.abs_diff(visible(n)) <= 1 && visible(n).abs_diff(visible(t)) <= 1;
    let ends_it = |n: &str| visible(n) <= w.min(SENTENCE_TAIL) && n.trim_end().ends_with(['。', '！', '？']);
    at_once.is_some_and(|n| line.starts_with(char::is_whitespace) || n.trim_start().starts_with(char::is_lowercase))
        || OPEN_ENDS.contains(&last_word)
        || next.zip(then).is_some_and(|(n, t)| column(n, t))
        || next.is_some_and(ends_it)
}

/// A byline: `記者` in a short line, or `By` and a name.
fn is_byline(line: &str, visible: usize) -> bool {
    (visible <= 16 && ["記者", "记者", "撰文"].iter().any(|w| line.contains(w)))
        || (line.starts_with("By ") && line.split(' ').count() <= 5)
}

/// A label wholly in brackets: `【高齡產子系列之四】`, `（責任編輯：馮虎）`.
fn is_label(line: &str) -> bool {
    [('【', '】'), ('（', '）'), ('(', ')'), ('［', '］'), ('[', ']')]
        .iter()
        .any(|&(open, close)| line.starts_with(open) && line.ends_with(close) && line.matches(close).count() == 1)
}

/// True if `line` reads as (part of) the body's sentences rather than a headline.
fn is_sentence(line: &str) -> bool {
    let han = line.chars().filter(|&c| is_ngram_char(c)).count();
    line.contains('。')
        || (line.ends_with(['，', '、', '；', '：', ',', ';', '.', ':']) && !line.ends_with("..."))
        || han > MAX_HAN
        || line.chars().count() > MAX_CHARS
}

/// True if every bracket and quote `line` opens it also closes, and none it closes was
/// opened before it.
fn balanced(line: &str) -> bool {
    const PAIRS: [(char, char); 8] =
        [('「', '」'), ('『', '』'), ('《', '》'), ('（', '）'), ('(', ')'), ('“', '”'), ('【', '】'), ('〈', '〉')];
    PAIRS.iter().all(|&(open, close)| {
        let mut depth = 0i32;
        for c in line.chars() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
        }
        depth == 0
    })
}

#[cfg(test)]
mod tests;
