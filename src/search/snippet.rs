//! Snippets: the passage of a clipping that best shows why it matched, as printed.
//!
//! Matches are found in the folded text with the same grams the index matched, so
//! every highlight is a real match, whole phrases included. The passage is then
//! rendered from the original characters, with hard wraps removed and white space
//! collapsed, and highlights are given in characters of that rendering.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use super::query::Term;
use crate::analysis::ngrams;
use crate::text::Folded;

/// Characters of context shown before the first match of a passage.
const LEAD: usize = 20;
/// At most this many matches are considered when choosing a passage.
const MAX_MATCHES: usize = 2000;

/// A highlighted range of a snippet, in Unicode characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A passage and its highlights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Span>,
}

/// A match: which term, and the folded characters it covers.
#[derive(Debug, Clone)]
struct Match {
    term: usize,
    chars: Range<usize>,
}

/// The best passage of about `width` characters of `original` for `terms`.
pub fn snippet(original: &str, terms: &[Term], width: usize) -> Snippet {
    let Ok(folded) = Folded::new(original) else {
        return Snippet { text: String::new(), highlights: vec![] };
    };
    let matches = find(&folded, terms);
    let window = best_window(&matches, folded.len(), width.max(1));
    render(original, &folded, window, &matches)
}

/// Every occurrence of every term in a folded text, in order.
fn find(folded: &Folded, terms: &[Term]) -> Vec<Match> {
    let grams = ngrams::grams(folded.as_str());
    let at: HashMap<(usize, &str), Range<usize>> =
        grams.iter().map(|g| ((g.position, g.text), g.chars.clone())).collect();
    let mut matches = Vec::new();
    for (index, term) in terms.iter().enumerate() {
        let Some((_, first)) = term.grams.first() else { continue };
        for g in grams.iter().filter(|g| g.text == first.as_str()) {
            let covered: Option<Vec<&Range<usize>>> =
                term.grams.iter().map(|(p, t)| at.get(&(g.position + p, t.as_str()))).collect();
            if let Some(covered) = covered {
                let end = covered.iter().map(|r| r.end).max().unwrap_or(g.chars.end);
                matches.push(Match { term: index, chars: g.chars.start..end });
            }
        }
    }
    matches.sort_by_key(|m| (m.chars.start, m.chars.end));
    matches.truncate(MAX_MATCHES);
    matches
}

/// The window of `width` folded characters holding the most distinct terms, then the
/// most matches; the earliest such.
fn best_window(matches: &[Match], len: usize, width: usize) -> Range<usize> {
    let place = |start: usize| {
        let start = start.min(len.saturating_sub(width));
        start..(start + width).min(len)
    };
    let score = |w: &Range<usize>| {
        let inside: Vec<&Match> = matches.iter().filter(|m| m.chars.start >= w.start && m.chars.end <= w.end).collect();
        let mut terms: Vec<usize> = inside.iter().map(|m| m.term).collect();
        terms.sort_unstable();
        terms.dedup();
        (terms.len(), inside.len())
    };
    let mut best = place(0);
    let mut best_score = None;
    for m in matches {
        let window = place(m.chars.start.saturating_sub(LEAD));
        let s = score(&window);
        if best_score.is_none_or(|b| s > b) {
            best_score = Some(s);
            best = window;
        }
    }
    best
}

/// Renders folded characters `window` from the original, with highlights.
fn render(original: &str, folded: &Folded, window: Range<usize>, matches: &[Match]) -> Snippet {
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
        last_origin = Some(from);
        let start = count;
        if c == ' ' {
            text.push(' ');
            count += 1;
        } else {
            let piece = &original[from.clone()];
            text.push_str(piece);
            count += piece.chars().count();
        }
        shown.push(start..count);
    }
    let after = folded.as_str().chars().skip(window.end).any(|c| c != ' ');
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
