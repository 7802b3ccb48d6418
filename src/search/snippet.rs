//! Snippets: the passage of a clipping that best shows why it matched, as printed.
//!
//! Matches are found in the folded text with the same grams the index matched, so
//! every highlight is a real match, whole phrases included (of a term typed with `=`,
//! only those in the script typed: [`holds`] is how a search checks a document for one,
//! so what is counted is what is highlighted). The passage is then
//! rendered from the original characters, with hard wraps removed and white space
//! collapsed, and highlights are given in characters of that rendering. White space that
//! folding drops between two CJK characters ([`crate::text::space_vanishes`]) is shown as
//! the original has it: removed if it holds a line break (a hard wrap mended), else as
//! one space (`元朗 建立`, justified or OCR'd spacing), which a match across it covers.
//!
//! Folding is the costly step: a clipping is folded only as far as needed, a part at a
//! time ([`scan`]), and only the part of it a passage is in is kept or folded again.

mod bounds;
mod places;
mod scan;

use std::ops::Range;

use serde::Serialize;

use super::query::Term;
use crate::text::{paragraph, sentence_end_after, Folded};
pub(crate) use places::after_prefix;
pub use places::Hit;
use scan::{Match, Scan};

/// Characters of context shown before the first match of a passage.
const LEAD: usize = 20;
/// Bytes of a clipping folded at first to find its best passage (a few sentences).
const FIRST_BYTES: usize = 600;

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

/// Up to `count` best passages of about `width` characters each, in text order; each
/// further passage shows matches that the ones before did not.
///
/// A long clipping is folded only as far as needed: first its opening sentences, then
/// four times as much, until one passage holds every term.
pub fn passages(original: &str, terms: &[Term], width: usize, count: usize) -> Vec<Snippet> {
    passages_of(Scan::new(original, terms), original, terms, width, count)
}

/// [`passages`] of the text of `hit`: one longer than a part is folded only in the
/// parts where the index says a match may begin ([`places`]), and counted through
/// elsewhere, so that a match at the end of 50 MB costs little more than one at the start.
pub fn hit_passages(hit: Hit<'_>, original: &str, terms: &[Term], width: usize, count: usize) -> Vec<Snippet> {
    if original.len() <= crate::analysis::PART_BYTES {
        return passages(original, terms, width, count);
    }
    match places::starts(hit, terms) {
        Ok(starts) => passages_of(Scan::new(original, terms).only_at(&starts), original, terms, width, count),
        Err(_) => passages(original, terms, width, count),
    }
}

/// True if `original`, the text of `hit`, holds a match of `term`, one that a passage
/// would highlight. It is folded only as far as the first match, and, if long, only in
/// the parts where the index puts the term's first gram, as for [`hit_passages`].
pub fn holds(hit: Hit<'_>, original: &str, term: &Term) -> bool {
    let terms = std::slice::from_ref(term);
    let starts = (original.len() > crate::analysis::PART_BYTES).then(|| places::starts(hit, terms).ok()).flatten();
    let mut scan = Scan::new(original, terms);
    if let Some(starts) = &starts {
        scan = scan.only_at(starts);
    }
    let mut end = sentence_end_after(original, FIRST_BYTES);
    loop {
        scan.extend(end);
        if !scan.matches.is_empty() || end == original.len() {
            return !scan.matches.is_empty();
        }
        end = sentence_end_after(original, end.saturating_mul(4));
    }
}

/// The n-gram positions where the matches of `term` in `original` begin, in order (of
/// the first [`scan::MAX_MATCHES`]): for a proximity check of a term typed with `=`.
pub fn starts(original: &str, term: &Term) -> Vec<u32> {
    let mut scan = Scan::new(original, std::slice::from_ref(term));
    scan.extend(original.len());
    let mut starts: Vec<u32> = scan.matches.iter().map(|m| m.position as u32).collect();
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// [`passages`] folding the text in parts of about `part_bytes`, keeping the folding of
/// only `keep` bytes of it, and, given `starts`, folding only the parts where a match
/// may begin: for tests that this gives the passages of the whole.
#[doc(hidden)]
pub fn passages_in_parts(
    original: &str,
    terms: &[Term],
    (width, count): (usize, usize),
    (part_bytes, keep): (usize, usize),
    starts: Option<&[usize]>,
) -> Vec<Snippet> {
    let mut scan = Scan::with(original, terms, part_bytes, keep);
    if let Some(starts) = starts {
        scan = scan.only_at(starts);
    }
    passages_of(scan, original, terms, width, count)
}

fn passages_of(mut scan: Scan<'_>, original: &str, terms: &[Term], width: usize, count: usize) -> Vec<Snippet> {
    let mut end = sentence_end_after(original, FIRST_BYTES);
    loop {
        scan.extend(end);
        let whole = end == original.len();
        if whole || (count <= 1 && holds_all(&scan.matches, terms.len(), scan.len, width)) {
            return choose(original, &scan, width, count, !whole);
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

/// Up to `count` passages of the text scanned (or of its start, if `more` follows).
fn choose(original: &str, scan: &Scan<'_>, width: usize, count: usize, more: bool) -> Vec<Snippet> {
    let matches = &scan.matches;
    let mut windows: Vec<Range<usize>> = Vec::new();
    while windows.len() < count.max(1) {
        let left: Vec<Match> =
            matches.iter().filter(|m| !windows.iter().any(|w| overlaps(w, &m.chars))).cloned().collect();
        match best_window(&left, scan.len, width.max(1), &windows) {
            Some(window) => windows.push(window),
            None => break,
        }
    }
    windows.sort_by_key(|w| w.start);
    let mut shown = Vec::with_capacity(windows.len());
    let mut after = 0; // where the passage before ends
    for (i, w) in windows.iter().enumerate() {
        let (folded, base) = scan.folding(w);
        let next = windows.get(i + 1).map_or(usize::MAX, |n| n.start);
        let room = after.max(base)..next.min(base + folded.len());
        let w = bounds::snap(folded.as_str(), base, w.clone(), shows(matches, w), room);
        after = w.end;
        let stretch = Stretch { folded: &folded, base, visible: scan.visible.clone(), more };
        shown.push(render(original, &stretch, w, matches, Layout::OneLine));
    }
    shown
}

/// The folded characters from the first match inside `window` to the end of the last.
fn shows(matches: &[Match], window: &Range<usize>) -> Option<Range<usize>> {
    let inside = matches.iter().filter(|m| m.chars.start >= window.start && m.chars.end <= window.end);
    inside.fold(None, |span, m| {
        Some(span.map_or(m.chars.clone(), |s: Range<usize>| s.start.min(m.chars.start)..s.end.max(m.chars.end)))
    })
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
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
    /// Paragraphs as [`paragraph::is_break`] has them, after the headline that ends at
    /// this byte of the original ([`crate::text::headline::end`]); other line breaks are
    /// wraps.
    Paragraphs { headline_end: Option<usize> },
}

/// The whole of `original` as it reads in print, with every match of `terms` highlighted.
pub fn whole(original: &str, terms: &[Term]) -> Snippet {
    let mut scan = Scan::with(original, terms, crate::analysis::PART_BYTES, usize::MAX);
    scan.extend(original.len());
    let (folded, base) = scan.folding(&(0..scan.len));
    let stretch = Stretch { folded: &folded, base, visible: scan.visible.clone(), more: false };
    let layout = Layout::Paragraphs { headline_end: crate::text::headline::end(original) };
    render(original, &stretch, 0..scan.len, &scan.matches, layout)
}

/// The folding of a stretch of a text that holds a window to render, and what is
/// around it.
struct Stretch<'f> {
    folded: &'f Folded,
    /// The index in the whole folding of the stretch's first character.
    base: usize,
    /// The first and just after the last folded character that is not a space, in the
    /// whole folding (of what was folded).
    visible: Option<Range<usize>>,
    /// More text follows what was folded.
    more: bool,
}

/// Renders folded characters `window` (of the whole folding) from the original, with
/// highlights.
fn render(original: &str, stretch: &Stretch<'_>, window: Range<usize>, matches: &[Match], layout: Layout) -> Snippet {
    let folded = stretch.folded;
    let origin = folded.origin();
    let local = trim_spaces(folded, window.start - stretch.base..window.end - stretch.base);
    let window = local.start + stretch.base..local.end + stretch.base;
    let mut text = String::new();
    let mut count = 0; // characters in `text`
    let before = stretch.visible.as_ref().is_some_and(|v| v.start < window.start);
    if before {
        text.push('…');
        count += 1;
    }
    // Display character range of each folded character in the window.
    let mut shown: Vec<Range<usize>> = Vec::with_capacity(window.len());
    let mut last_origin: Option<&Range<usize>> = None;
    for (i, c) in folded.as_str().chars().enumerate().skip(local.start).take(local.len()) {
        let from = &origin[i];
        if last_origin == Some(from) {
            // Several folded characters from one original character: shown once.
            let previous = shown.last().cloned().unwrap_or(count..count);
            shown.push(previous);
            continue;
        }
        // White space that folding dropped before this character.
        let dropped = last_origin.map_or(from.start..from.start, |last| last.end..from.start);
        let gap = original.get(dropped.clone()).unwrap_or("");
        last_origin = Some(from);
        let paragraph = match layout {
            Layout::OneLine => false,
            Layout::Paragraphs { headline_end } => {
                let breaks = |space: Range<usize>| paragraph::is_break(original, space, headline_end);
                !text.is_empty() && (breaks(dropped) || (c == ' ' && breaks(from.clone())))
            }
        };
        if paragraph {
            text.push('\n');
            count += 1;
        }
        if !paragraph && is_spacing(gap) {
            text.push(' ');
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
    let after = stretch.more || stretch.visible.as_ref().is_some_and(|v| v.end > window.end);
    if after {
        text.push('…');
    }
    let highlights = highlights(matches, &window, &shown);
    Snippet { text, highlights }
}

/// True if `gap`, the original between two folded characters, is white space that folding
/// dropped and that holds no line break: spacing in a line, shown as one space.
fn is_spacing(gap: &str) -> bool {
    !gap.is_empty() && !gap.contains(paragraph::LINE_BREAKS)
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
