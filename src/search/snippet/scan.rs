//! Finding the matches of a clipping's text, folding it a part at a time.
//!
//! A match near the end of a 50 MB clipping used to fold all of it at once: 1.6 GB for
//! the folding, its map and its n-grams. The text is folded in parts instead, cut where
//! folding and n-grams carry nothing across ([`crate::text::part_end`]), and only the
//! matches are kept (the first [`MAX_MATCHES`]), with where each part starts, so that a
//! passage can be folded again to be shown. What is found is what folding the text
//! whole finds: a match across two parts is found from the grams kept of the first.
//!
//! A term typed with `=` is matched in the text folded but for script: for it, each part
//! is also folded so ([`each_unscripted`]), which keeps the count of characters and
//! where grams stand, so each gram also has the characters it stands for.

use std::ops::Range;

use super::super::query::{Term, Variant};
use crate::analysis::{ngrams, PART_BYTES};
use crate::text::{each_unscripted, part_end, Folded};

/// At most this many matches are considered when choosing a passage.
pub const MAX_MATCHES: usize = 2000;
/// Above this many terms, the grams a term may start at are found in a list of the text's
/// grams sorted by text, not by reading them all for each term.
pub const FEW_TERMS: usize = 8;

/// The folding of a clipping is kept whole up to this many bytes of it; passages beyond
/// are folded again when shown.
const KEPT_BYTES: usize = 1 << 20;

/// A match: which term, and the folded characters it covers.
#[derive(Debug, Clone)]
pub struct Match {
    pub term: usize,
    pub chars: Range<usize>,
    /// The n-gram position of its first unit.
    pub position: usize,
}

/// A gram of the folded text, its characters counted from the start of the text.
struct Gram<'t> {
    text: &'t str,
    position: usize,
    chars: Range<usize>,
    /// The characters it stands for, folded but for script; empty unless a term is exact.
    unscripted: &'t [char],
}

/// A gram at the end of a part, kept for matches that go on into the next.
struct Carried {
    text: String,
    position: usize,
    chars: Range<usize>,
    unscripted: Vec<char>,
}

/// A text being folded part by part, and the matches of `terms` found in it so far.
pub struct Scan<'a> {
    original: &'a str,
    terms: &'a [Term],
    /// Bytes of `original` folded so far.
    done: usize,
    /// Folded characters so far.
    pub len: usize,
    /// The first and just after the last folded character that is not a space.
    pub visible: Option<Range<usize>>,
    /// The first, and so far the earliest, [`MAX_MATCHES`] matches, in text order.
    pub matches: Vec<Match>,
    positions: ngrams::Positions,
    carry: Vec<Carried>,
    /// Where each part starts: in `original`, and in the folded text.
    parts: Vec<(usize, usize)>,
    /// The folding of the parts so far, while it holds at most `keep` bytes of `original`.
    kept: Folded,
    keep: usize,
    part_bytes: usize,
    /// The n-gram positions where a match may begin, if known: a part where none
    /// can is not folded, only counted through.
    starts: Option<&'a [usize]>,
}

impl<'a> Scan<'a> {
    /// A scan that keeps the folding of a text as long as a few clippings.
    pub fn new(original: &'a str, terms: &'a [Term]) -> Self {
        Scan::with(original, terms, PART_BYTES, KEPT_BYTES)
    }

    /// A scan in parts of about `part_bytes` that keeps the folding of up to `keep` bytes.
    pub fn with(original: &'a str, terms: &'a [Term], part_bytes: usize, keep: usize) -> Self {
        Scan {
            part_bytes,
            starts: None,
            original,
            terms,
            done: 0,
            len: 0,
            visible: None,
            matches: Vec::new(),
            positions: ngrams::Positions::default(),
            carry: Vec::new(),
            parts: Vec::new(),
            kept: Folded::default(),
            keep,
        }
    }

    /// Folds only the parts of the text where a match may begin at one of the n-gram
    /// positions `starts` (in order), or go on from one.
    pub fn only_at(mut self, starts: &'a [usize]) -> Self {
        self.starts = Some(starts);
        self
    }

    /// Folds the text on up to byte `end`, a place where it may be cut (a sentence end,
    /// or the end of the text).
    pub fn extend(&mut self, end: usize) {
        while self.done < end {
            let part = part_end(self.original, self.done, self.part_bytes).min(end);
            if !self.skip(part) {
                self.fold(part);
            }
        }
    }

    /// Counts through the next part, up to byte `end`, without folding it, if no match
    /// can begin in it or go on into it; false (having done nothing) if one may.
    fn skip(&mut self, end: usize) -> bool {
        let Some(starts) = self.starts else { return false };
        let (start, mut count, mut visible) = (self.len, 0, Visible::default());
        let mut positions = self.positions;
        let mut skip = positions.skipping();
        each_unscripted(self.original, self.done..end, |c| {
            if c != ' ' {
                visible.add(start + count);
            }
            skip.char(c);
            count += 1;
        });
        // The positions of the part's grams, and the matches that may cover one of them.
        let (from, to) = (self.positions.next(), positions.next());
        let span = span(self.terms);
        let first = starts.partition_point(|&s| s + span < from);
        if starts.get(first).is_some_and(|&s| s < to) {
            return false;
        }
        if to > from {
            // No match that began before goes on across this part.
            self.carry.clear();
        }
        self.see(visible);
        self.positions = positions;
        self.parts.push((self.done, start));
        self.len += count;
        self.done = end;
        true
    }

    /// Folds the next part, up to byte `end`, and finds the matches that end in it.
    fn fold(&mut self, end: usize) {
        let folded = Folded::part(self.original, self.done..end);
        let start = self.len;
        let mut unscripted = Vec::new();
        if self.terms.iter().any(|t| t.as_typed.is_some()) {
            unscripted.reserve(folded.len());
            each_unscripted(self.original, self.done..end, |c| unscripted.push(c));
            debug_assert_eq!(unscripted.len(), folded.len());
        }
        let grams = ngrams::grams_after(folded.as_str(), &mut self.positions);
        let shifted = |g: &ngrams::Gram<'_>| g.chars.start + start..g.chars.end + start;
        let own = |g: &ngrams::Gram<'_>| unscripted.get(g.chars.clone()).unwrap_or_default();
        let grams: Vec<Gram<'_>> = (self.carry.iter())
            .map(|g| Gram { text: &g.text, position: g.position, chars: g.chars.clone(), unscripted: &g.unscripted })
            .chain(grams.iter().map(|g| Gram {
                text: g.text,
                position: g.position,
                chars: shifted(g),
                unscripted: own(g),
            }))
            .collect();
        let mut found = find(&grams, self.terms);
        // Those that lie in the grams carried over were found with the part before.
        found.retain(|m| m.chars.end > start);
        let carry = carried(&grams, self.terms);
        drop(grams);
        self.carry = carry;
        self.add(found);
        let mut visible = Visible::default();
        for (i, _) in folded.as_str().chars().enumerate().filter(|&(_, c)| c != ' ') {
            visible.add(start + i);
        }
        self.see(visible);
        self.parts.push((self.done, start));
        self.len += folded.len();
        self.done = end;
        // The folding kept is that of the text from its start, while it is not long.
        if end <= self.keep && self.kept.len() == start {
            self.kept.append(folded);
        }
    }

    /// Takes in the visible characters of the next part.
    fn see(&mut self, part: Visible) {
        if let Some(first) = part.first {
            self.visible = Some(self.visible.as_ref().map_or(first, |v| v.start)..part.end);
        }
    }

    /// Merges newly found matches into those kept: the first [`MAX_MATCHES`], in order,
    /// one per range of characters (that of the first term).
    fn add(&mut self, found: Vec<Match>) {
        self.matches.extend(found);
        self.matches.sort_by_key(|m| (m.chars.start, m.chars.end));
        self.matches.dedup_by(|a, b| a.chars == b.chars);
        self.matches.truncate(MAX_MATCHES);
    }

    /// The folding of a stretch of the text folded so far that holds folded characters
    /// `chars`, and the index of its first character.
    pub fn folding(&self, chars: &Range<usize>) -> (std::borrow::Cow<'_, Folded>, usize) {
        if chars.end <= self.kept.len() {
            return (std::borrow::Cow::Borrowed(&self.kept), 0);
        }
        let first = self.parts.partition_point(|&(_, c)| c <= chars.start).saturating_sub(1);
        let last = self.parts.partition_point(|&(_, c)| c < chars.end).max(first + 1);
        let (from, base) = self.parts.get(first).copied().unwrap_or((0, 0));
        let to = self.parts.get(last).map_or(self.done, |&(b, _)| b);
        (std::borrow::Cow::Owned(Folded::part(self.original, from..to)), base)
    }
}

/// The first and just after the last folded character of a part that is not a space.
#[derive(Default)]
struct Visible {
    first: Option<usize>,
    end: usize,
}

impl Visible {
    fn add(&mut self, at: usize) {
        self.first.get_or_insert(at);
        self.end = at + 1;
    }
}

/// How many positions after its first gram a match may end, at most.
fn span(terms: &[Term]) -> usize {
    terms.iter().filter_map(|t| t.grams.last().map(|(p, _)| *p)).max().unwrap_or(0)
}

/// The grams at the end of `grams` that a match may begin with and end after them.
fn carried(grams: &[Gram<'_>], terms: &[Term]) -> Vec<Carried> {
    let span = span(terms);
    let Some(last) = grams.last().map(|g| g.position) else { return Vec::new() };
    let from = grams.partition_point(|g| g.position + span < last);
    grams[from..]
        .iter()
        .map(|g| Carried {
            text: g.text.to_owned(),
            position: g.position,
            chars: g.chars.clone(),
            unscripted: g.unscripted.to_vec(),
        })
        .collect()
}

/// Every occurrence of every term among `grams` (in order of position), in order: where
/// its grams stand at their relative positions (a prefix gram: any gram starting with
/// it), as the index matched them; of a term typed with `=`, only where they stand for
/// the characters typed.
fn find(grams: &[Gram<'_>], terms: &[Term]) -> Vec<Match> {
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
        let fits = |i: usize, g: &Gram| {
            let text = term.grams[i].1.as_str();
            let prefix = term.prefix && i == last;
            let variant = &term.variants[i];
            match (&term.as_typed, prefix) {
                (None, true) => g.text.starts_with(text),
                (None, false) => variant.fits(text, g.text),
                (Some(_), true) => g.unscripted.first().is_some_and(|&c| text.starts_with(c)),
                (Some(_), false) if *variant == Variant::Truncated => {
                    g.unscripted.len() >= text.chars().count()
                        && g.unscripted.iter().copied().zip(text.chars()).all(|(a, b)| a == b)
                }
                (Some(_), false) => g.unscripted.iter().copied().eq(text.chars()),
            }
        };
        let Some((first_pos, first)) = term.grams.first() else { continue };
        // The grams that equal (or begin with) the first: consecutive in text order.
        let starts: Box<dyn Iterator<Item = &Gram>> = match &by_text {
            // Grams in order of folded text are not in order of what they stand for.
            // Nor are the forms of a word next to each other.
            _ if term.as_typed.is_some() || term.variants[0] != Variant::Only => {
                Box::new(grams.iter().filter(|g| fits(0, g)))
            }
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
                let width = |g: &Gram| if term.prefix && i == last { 1 } else { g.chars.len() };
                found.map(|g| end = end.max(g.chars.start + width(g))).is_some()
            });
            if all {
                matches.push(Match { term: index, chars: start.chars.start..end, position: base });
            }
        }
    }
    matches
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Segmenter;

    /// Every match of `terms` in `text`, as `find` gives them for one whole part.
    fn found(text: &str, terms: &[Term]) -> Vec<(usize, Range<usize>)> {
        let folded = Folded::new(text);
        let grams: Vec<Gram<'_>> = ngrams::grams(folded.as_str())
            .iter()
            .map(|g| Gram { text: g.text, position: g.position, chars: g.chars.clone(), unscripted: &[] })
            .collect();
        let mut matches = find(&grams, terms);
        matches.sort_by_key(|m| (m.chars.start, m.chars.end));
        matches.dedup_by(|a, b| a.chars == b.chars);
        matches.into_iter().map(|m| (m.term, m.chars)).collect()
    }

    #[test]
    fn many_terms_match_as_each_alone() {
        let text = "香港經濟發展新質生產力，港深合作。\n河套區的港人說：Hong Kong AI chips，香港";
        let typed =
            ["香港", "經濟", "港", "新質生產力", "河套", "ai", "hong kong", "合作", "港深", "說", "力", "chips，香"];
        let segmenter = Segmenter::default();
        let terms: Vec<Term> = typed.iter().map(|t| Term::new(t, &segmenter).unwrap()).collect();
        assert!(terms.len() > FEW_TERMS && terms.iter().any(|t| t.prefix));
        let mut alone = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            alone.extend(found(text, std::slice::from_ref(term)).into_iter().map(|(_, chars)| (i, chars)));
        }
        alone.sort_by_key(|(_, chars)| (chars.start, chars.end));
        alone.dedup_by(|a, b| a.1 == b.1);
        let together = found(text, &terms);
        assert!(together.len() > typed.len());
        assert_eq!(together, alone);
    }
}
