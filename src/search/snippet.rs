//! Snippets: the passage of a clipping that best shows why it matched, as printed.
//!
//! Matches are found in the folded text with the same grams the index matched, so
//! every highlight is a real match, whole phrases included. The passage is then
//! rendered from the original characters, with hard wraps removed and white space
//! collapsed, and highlights are given in characters of that rendering.

use std::ops::Range;

use serde::Serialize;

use super::query::Term;
use crate::analysis::ngrams;
use crate::text::{sentence_end_after, Folded};

/// Characters of context shown before the first match of a passage.
const LEAD: usize = 20;
/// Bytes of a clipping folded at first to find its best passage (a few sentences).
const FIRST_BYTES: usize = 600;
/// At most this many matches are considered when choosing a passage.
const MAX_MATCHES: usize = 2000;
/// Above this many terms, the grams a term may start at are found in a list of the text's
/// grams sorted by text, not by reading them all for each term.
const FEW_TERMS: usize = 8;

/// A highlighted range of a snippet, in Unicode characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A passage and its highlights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Span>,
}

impl Snippet {
    /// Joins passages in order, one `…` between them.
    pub fn join(parts: &[Snippet]) -> Snippet {
        let mut joined = Snippet { text: String::new(), highlights: vec![] };
        let mut count = 0;
        for part in parts {
            let skip = usize::from(joined.text.ends_with('…') && part.text.starts_with('…'));
            let shift = count as isize - skip as isize;
            joined.text.extend(part.text.chars().skip(skip));
            count += part.text.chars().count() - skip;
            let moved = |at: usize| (at as isize + shift) as usize;
            joined.highlights.extend(part.highlights.iter().map(|h| Span { start: moved(h.start), end: moved(h.end) }));
        }
        joined
    }
}

/// A match: which term, and the folded characters it covers.
#[derive(Debug, Clone)]
struct Match {
    term: usize,
    chars: Range<usize>,
}

/// Up to `count` best passages of about `width` characters each, in text order; each
/// further passage shows matches that the ones before did not.
///
/// Folding is the costly step, so a long clipping is folded only as far as needed: first
/// its opening sentences, then four times as much, until one passage holds every term.
pub fn passages(original: &str, terms: &[Term], width: usize, count: usize) -> Vec<Snippet> {
    let mut end = sentence_end_after(original, FIRST_BYTES);
    loop {
        let Ok(folded) = Folded::new(&original[..end]) else { return vec![] };
        let matches = find(&folded, terms);
        let whole = end == original.len();
        if whole || (count <= 1 && holds_all(&matches, terms.len(), folded.len(), width)) {
            return choose(original, &folded, &matches, width, count, !whole);
        }
        end = sentence_end_after(original, end.saturating_mul(4));
    }
}

/// True if the best window of `matches` holds all `terms` terms.
fn holds_all(matches: &[Match], terms: usize, len: usize, width: usize) -> bool {
    best_window(matches, len, width.max(1), &[]).is_some_and(|w| {
        let mut inside: Vec<usize> =
            matches.iter().filter(|m| m.chars.start >= w.start && m.chars.end <= w.end).map(|m| m.term).collect();
        inside.sort_unstable();
        inside.dedup();
        inside.len() >= terms
    })
}

/// Up to `count` passages of a folded text (or of its start, if `more` follows).
fn choose(original: &str, folded: &Folded, matches: &[Match], width: usize, count: usize, more: bool) -> Vec<Snippet> {
    let mut windows: Vec<Range<usize>> = Vec::new();
    while windows.len() < count.max(1) {
        let left: Vec<Match> =
            matches.iter().filter(|m| !windows.iter().any(|w| overlaps(w, &m.chars))).cloned().collect();
        match best_window(&left, folded.len(), width.max(1), &windows) {
            Some(window) => windows.push(window),
            None => break,
        }
    }
    windows.sort_by_key(|w| w.start);
    windows.into_iter().map(|w| render(original, folded, w, matches, Layout::OneLine, more)).collect()
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Every occurrence of every term in a folded text, in order: where its grams stand at
/// their relative positions (a prefix gram: any gram starting with it), as the index
/// matched them.
fn find(folded: &Folded, terms: &[Term]) -> Vec<Match> {
    let grams = ngrams::grams(folded.as_str());
    debug_assert!(grams.is_sorted_by_key(|g| g.position));
    // The grams at a position, found by binary search: grams come in order of position.
    let at = |position: usize| {
        let from = grams.partition_point(|g| g.position < position);
        grams[from..].iter().take_while(move |g| g.position == position)
    };
    let by_text = (terms.len() > FEW_TERMS).then(|| {
        let mut order: Vec<usize> = (0..grams.len()).collect();
        order.sort_by_key(|&i| grams[i].text);
        order
    });
    let mut matches = Vec::new();
    for (index, term) in terms.iter().enumerate() {
        let last = term.grams.len().saturating_sub(1);
        let fits = |i: usize, g: &ngrams::Gram| {
            let text = term.grams[i].1.as_str();
            if term.prefix && i == last {
                g.text.starts_with(text)
            } else {
                g.text == text
            }
        };
        let Some((first_pos, first)) = term.grams.first() else { continue };
        // The grams that equal (or begin with) the first: consecutive in text order.
        let starts: Box<dyn Iterator<Item = &ngrams::Gram>> = match &by_text {
            None => Box::new(grams.iter().filter(|g| fits(0, g))),
            Some(order) => {
                let from = order.partition_point(|&i| grams[i].text < first.as_str());
                Box::new(order[from..].iter().map(|&i| &grams[i]).take_while(|g| fits(0, g)))
            }
        };
        for start in starts {
            let Some(base) = start.position.checked_sub(*first_pos) else { continue };
            let mut end = start.chars.start;
            let all = term.grams.iter().enumerate().all(|(i, (p, _))| {
                let found = at(base + p).find(|g| fits(i, g));
                // A prefix covers only its own character of the gram it begins.
                let width = |g: &ngrams::Gram| if term.prefix && i == last { 1 } else { g.chars.len() };
                found.map(|g| end = end.max(g.chars.start + width(g))).is_some()
            });
            if all {
                matches.push(Match { term: index, chars: start.chars.start..end });
            }
        }
    }
    matches.sort_by_key(|m| (m.chars.start, m.chars.end));
    matches.dedup_by(|a, b| a.chars == b.chars);
    matches.truncate(MAX_MATCHES);
    matches
}

/// The window of `width` folded characters holding the most distinct terms, then the
/// most matches, and overlapping none of `taken`; the earliest such. Without matches,
/// the start of the text. `matches` are in order of where they start.
fn best_window(matches: &[Match], len: usize, width: usize, taken: &[Range<usize>]) -> Option<Range<usize>> {
    debug_assert!(matches.is_sorted_by_key(|m| m.chars.start));
    let place = |start: usize| {
        let start = start.min(len.saturating_sub(width));
        start..(start + width).min(len)
    };
    let score = |w: &Range<usize>| {
        // Those starting inside the window, found by binary search, that also end there.
        let from = matches.partition_point(|m| m.chars.start < w.start);
        let to = matches.partition_point(|m| m.chars.start < w.end);
        let inside: Vec<&Match> = matches[from..to.max(from)].iter().filter(|m| m.chars.end <= w.end).collect();
        let mut terms: Vec<usize> = inside.iter().map(|m| m.term).collect();
        terms.sort_unstable();
        terms.dedup();
        (terms.len(), inside.len())
    };
    if matches.is_empty() {
        return taken.is_empty().then(|| place(0));
    }
    let mut best: Option<(Range<usize>, (usize, usize))> = None;
    for m in matches {
        let lead = (width.saturating_sub(m.chars.len()) / 4).min(LEAD);
        let window = place(m.chars.start.saturating_sub(lead));
        if taken.iter().any(|t| overlaps(t, &window)) {
            continue;
        }
        let s = score(&window);
        if s.1 > 0 && best.as_ref().is_none_or(|(_, b)| s > *b) {
            best = Some((window, s));
        }
    }
    best.map(|(window, _)| window)
}

/// Renders folded characters `window` from the original, with highlights.
/// How line breaks of the original are rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// None: one line, for snippets.
    OneLine,
    /// A line break after sentence-final punctuation starts a paragraph; others are wraps.
    Paragraphs,
}

/// The whole of `original` as it reads in print, with every match of `terms` highlighted.
pub fn whole(original: &str, terms: &[Term]) -> Snippet {
    let Ok(folded) = Folded::new(original) else { return Snippet { text: String::new(), highlights: vec![] } };
    let matches = find(&folded, terms);
    render(original, &folded, 0..folded.len(), &matches, Layout::Paragraphs, false)
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '」' | '』' | '：' | '.' | '!' | '?' | ':' | '"' | '”')
}

fn render(
    original: &str,
    folded: &Folded,
    window: Range<usize>,
    matches: &[Match],
    layout: Layout,
    more: bool,
) -> Snippet {
    let origin = folded.origin();
    let window = trim_spaces(folded, window);
    let mut text = String::new();
    let mut count = 0; // characters in `text`
    let before = folded.as_str().chars().take(window.start).any(|c| c != ' ');
    if before {
        text.push('…');
        count += 1;
    }
    // Display character range of each folded character in the window.
    let mut shown: Vec<Range<usize>> = Vec::with_capacity(window.len());
    let mut last_origin: Option<&Range<usize>> = None;
    for (i, c) in folded.as_str().chars().enumerate().skip(window.start).take(window.len()) {
        let from = &origin[i];
        if last_origin == Some(from) {
            // Several folded characters from one original character: shown once.
            let previous = shown.last().cloned().unwrap_or(count..count);
            shown.push(previous);
            continue;
        }
        let gap = last_origin.map_or("", |last| original.get(last.end..from.start).unwrap_or(""));
        last_origin = Some(from);
        let breaks = |s: &str| s.contains('\n') || s.contains('\r');
        let paragraph = layout == Layout::Paragraphs
            && text.chars().next_back().is_some_and(ends_sentence)
            && (breaks(gap) || (c == ' ' && breaks(&original[from.clone()])));
        if paragraph {
            text.push('\n');
            count += 1;
        }
        let start = count;
        if c == ' ' {
            if !paragraph {
                text.push(' ');
                count += 1;
            }
        } else {
            let piece = &original[from.clone()];
            text.push_str(piece);
            count += piece.chars().count();
        }
        shown.push(start..count);
    }
    let after = more || folded.as_str().chars().skip(window.end).any(|c| c != ' ');
    if after {
        text.push('…');
    }
    let highlights = highlights(matches, &window, &shown);
    Snippet { text, highlights }
}

/// Highlights of the matches inside `window`, overlapping ones merged.
fn highlights(matches: &[Match], window: &Range<usize>, shown: &[Range<usize>]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for m in matches.iter().filter(|m| m.chars.start >= window.start && m.chars.end <= window.end) {
        let start = shown[m.chars.start - window.start].start;
        let end = shown[m.chars.end - 1 - window.start].end;
        match spans.last_mut() {
            Some(last) if start < last.end => last.end = last.end.max(end),
            _ => spans.push(Span { start, end }),
        }
    }
    spans
}

/// Drops folded spaces at either end of a window.
fn trim_spaces(folded: &Folded, window: Range<usize>) -> Range<usize> {
    let chars: Vec<char> = folded.as_str().chars().skip(window.start).take(window.len()).collect();
    let lead = chars.iter().take_while(|c| **c == ' ').count();
    let trail = chars[lead..].iter().rev().take_while(|c| **c == ' ').count();
    window.start + lead..window.end - trail
}

#[cfg(test)]
mod tests;
