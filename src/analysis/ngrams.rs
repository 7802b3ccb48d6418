//! Character n-grams: the exact-match half of the analyzer.
//!
//! Every run of CJK characters yields, at each character, the bigram it starts, and at
//! its last character the unigram of that character; every run of other letters and
//! digits is one word, with its English possessive ([`possessive_end`]). Positions advance by one per character or word, and by one more
//! across punctuation, so a query is matched as a phrase of its bigrams: wherever it
//! occurs as a contiguous sequence, inside longer words too, and nowhere else.
//!
//! A single CJK character is found as the first character of a bigram or as a unigram:
//! a query ending in one matches it as a prefix. Keeping unigrams for the last
//! character of a run only makes the index about a third smaller than keeping them all.

use std::ops::Range;

use crate::text::is_ngram_char;

/// What a gram is; the index keeps every kind, a query only those that pin it down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GramKind {
    /// The last CJK character of a longer run (its bigram already covers it in a query).
    Tail,
    /// The only character of its CJK run.
    Lone,
    /// Two neighbouring CJK characters.
    Pair,
    /// A run of other letters and digits.
    Word,
}

/// A gram of a folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gram<'a> {
    pub text: &'a str,
    pub kind: GramKind,
    pub position: usize,
    /// The folded characters it covers.
    pub chars: Range<usize>,
}

impl Gram<'_> {
    /// True for the grams a query is matched by.
    pub fn in_query(&self) -> bool {
        self.kind != GramKind::Tail
    }
}

/// The grams of a folded text, in order of position.
pub fn grams(folded: &str) -> Vec<Gram<'_>> {
    grams_after(folded, &mut Positions::default())
}

/// Where the grams of a text stand after some of it: the grams of the next part of a
/// text cut at a [`crate::text::cut_after`] continue from there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Positions {
    /// The position of the next gram, unless a gap comes first.
    next: usize,
    /// Punctuation since the last gram.
    gap: bool,
    /// Whether there was a gram at all.
    any: bool,
}

impl Positions {
    /// Goes over the characters of a part of a folded text (cut where no run crosses, as
    /// [`grams_after`] takes it) without making its grams: leaves the state where
    /// [`grams_after`] would.
    pub fn skip(&mut self, folded: impl IntoIterator<Item = char>) {
        let mut skip = self.skipping();
        folded.into_iter().for_each(|c| skip.char(c));
    }

    /// [`Positions::skip`] a character at a time.
    pub fn skipping(&mut self) -> Skip<'_> {
        Skip { positions: self, in_word: false, last_s: false, possessive: Possessive::No }
    }

    /// The position the next gram gets, unless punctuation comes first.
    pub fn next(&self) -> usize {
        self.next
    }
}

/// Goes over a part of a folded text a character at a time ([`Positions::skipping`]).
pub struct Skip<'p> {
    positions: &'p mut Positions,
    /// Inside a run of letters and digits other than CJK.
    in_word: bool,
    /// The last character was `s`.
    last_s: bool,
    /// Characters after such a run that may be its possessive, not yet known to be.
    possessive: Possessive,
}

/// How far [`Skip`] is into what may be the possessive of a word. The positions are
/// left as if the text ended there, and mended when the next character says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Possessive {
    No,
    /// An apostrophe after a word that ends in `s` (part of the word, if the text ends).
    ApostropheAfterS,
    /// An apostrophe after any other word (punctuation, if the text ends).
    Apostrophe,
    /// An apostrophe and `s` (part of the word, if the text ends).
    ApostropheS,
}

impl Skip<'_> {
    /// Goes over the next character.
    pub fn char(&mut self, c: char) {
        let taken = !c.is_alphanumeric();
        match std::mem::replace(&mut self.possessive, Possessive::No) {
            Possessive::No => {}
            Possessive::ApostropheAfterS | Possessive::Apostrophe if c == 's' => {
                // Was counted as punctuation, if after a word not in `s`: it is not.
                self.positions.gap = false;
                self.possessive = Possessive::ApostropheS;
                return;
            }
            Possessive::ApostropheAfterS | Possessive::ApostropheS if taken => self.in_word = false,
            Possessive::Apostrophe => self.in_word = false,
            // Not a possessive after all: the apostrophe was punctuation, and its `s` a word.
            Possessive::ApostropheAfterS => self.step('\''),
            Possessive::ApostropheS => {
                self.step('\'');
                self.step('s');
            }
        }
        if self.in_word && is_apostrophe(c) {
            self.possessive = if self.last_s { Possessive::ApostropheAfterS } else { Possessive::Apostrophe };
            self.positions.gap |= !self.last_s;
            return;
        }
        self.step(c);
    }

    /// Goes over `c`, taken alone.
    fn step(&mut self, c: char) {
        let p = &mut *self.positions;
        let cjk = is_ngram_char(c);
        self.last_s = c == 's';
        if !cjk && !c.is_alphanumeric() {
            p.gap |= c != ' ';
            self.in_word = false;
            return;
        }
        if cjk || !self.in_word {
            // A gram begins here: a CJK character, or a run of other letters and digits.
            if p.gap && p.any {
                p.next += 1;
            }
            (p.gap, p.any) = (false, true);
            p.next += 1;
        }
        self.in_word = !cjk;
    }
}

/// The grams of `folded`, the part of a folded text that follows what `state` was left
/// at, with their positions in the whole; `state` is left at the end of the part. A gram
/// longer than [`super::MAX_TERM_BYTES`] is left out (its position is not taken by
/// another).
pub fn grams_after<'a>(folded: &'a str, state: &mut Positions) -> Vec<Gram<'a>> {
    let mut grams = units_after(folded, state);
    grams.retain(|g| g.text.len() <= super::MAX_TERM_BYTES);
    grams
}

/// [`grams_after`] with the grams too long to index: one per unit of the text (a CJK
/// character, or a word), the grams of CJK runs overlapping.
pub fn units_after<'a>(folded: &'a str, state: &mut Positions) -> Vec<Gram<'a>> {
    let chars: Vec<(usize, char)> = folded.char_indices().collect();
    let byte = |i: usize| chars.get(i).map_or(folded.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let Positions { next: mut position, mut gap, any } = *state;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let cjk = is_ngram_char(c);
        if !cjk && !c.is_alphanumeric() {
            gap |= c != ' ';
            i += 1;
            continue;
        }
        if gap && (any || !out.is_empty()) {
            position += 1;
        }
        gap = false;
        let mut end = run_end(&chars, i, cjk);
        if cjk {
            for k in i..end {
                if k + 1 < end {
                    let text = &folded[byte(k)..byte(k + 2)];
                    out.push(Gram { text, kind: GramKind::Pair, position, chars: k..k + 2 });
                } else {
                    let kind = if end - i == 1 { GramKind::Lone } else { GramKind::Tail };
                    out.push(Gram { text: &folded[byte(k)..byte(k + 1)], kind, position, chars: k..k + 1 });
                }
                position += 1;
            }
        } else {
            let text = &folded[byte(i)..byte(end)];
            end = possessive_end(&chars, end);
            out.push(Gram { text, kind: GramKind::Word, position, chars: i..end });
            position += 1;
        }
        i = end;
    }
    *state = Positions { next: position, gap, any: any || !out.is_empty() };
    out
}

/// Where the possessive of the word that ends at character `end` of `chars` ends: after
/// `'s` (or `’s`) that no letter or digit follows, or after the apostrophe of a word in
/// `s` that none follows (`companies'`); else `end`. It is part of the word's gram, not
/// punctuation: `company's` is one unit, as `company`.
fn possessive_end(chars: &[(usize, char)], end: usize) -> usize {
    let c = |i: usize| chars.get(i).map(|&(_, c)| c);
    let free = |i: usize| !c(i).is_some_and(char::is_alphanumeric);
    if !c(end).is_some_and(is_apostrophe) {
        end
    } else if c(end + 1) == Some('s') && free(end + 2) {
        end + 2
    } else if c(end - 1) == Some('s') && free(end + 1) {
        end + 1
    } else {
        end
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn run_end(chars: &[(usize, char)], start: usize, cjk: bool) -> usize {
    let same = |c: char| if cjk { is_ngram_char(c) } else { c.is_alphanumeric() && !is_ngram_char(c) };
    chars[start..].iter().position(|&(_, c)| !same(c)).map_or(chars.len(), |n| start + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(folded: &str, query: bool) -> Vec<String> {
        grams(folded)
            .into_iter()
            .filter(|g| !query || g.in_query())
            .map(|g| format!("{}@{}", g.text, g.position))
            .collect()
    }

    #[test]
    fn grams_table() {
        let table: &[(&str, &[&str])] = &[
            ("新质生产力", &["新质@0", "质生@1", "生产@2", "产力@3", "力@4"]),
            ("ai芯片", &["ai@0", "芯片@1", "片@2"]),
            ("2025年", &["2025@0", "年@1"]),
            ("gpt-4 is", &["gpt@0", "4@2", "is@3"]),
            ("hong kong", &["hong@0", "kong@1"]),
            ("「港」", &["港@0"]),
            // A possessive is part of its word: no gap after it.
            ("the company's share", &["the@0", "company@1", "share@2"]),
            ("companies’ shares", &["companies@0", "shares@1"]),
            ("it's", &["it@0"]),
            ("boss's'", &["boss@0"]),
            // Not a possessive: a letter follows, or the word does not end in `s`.
            ("o'sullivan", &["o@0", "sullivan@2"]),
            ("rock'n", &["rock@0", "n@2"]),
            ("ma' am", &["ma@0", "am@2"]),
            ("james'x", &["james@0", "x@2"]),
            ("years'sx", &["years@0", "sx@2"]),
            ("港's", &["港@0", "s@2"]),
            ("", &[]),
            (" ,. ", &[]),
        ];
        for (folded, expected) in table {
            assert_eq!(show(folded, false), *expected, "grams of {folded:?}");
        }
    }

    #[test]
    fn query_keeps_pairs_lone_chars_and_words() {
        assert_eq!(show("新质生产力", true), ["新质@0", "质生@1", "生产@2", "产力@3"]);
        assert_eq!(show("2025年度", true), ["2025@0", "年度@1"]);
        assert_eq!(show("港", true), ["港@0"]);
    }

    #[test]
    fn skipping_a_part_leaves_positions_where_its_grams_do() {
        let parts = [
            "新质生产力",
            "。",
            "ai芯片 x",
            " ",
            "gpt-4 is",
            "，「港」",
            "",
            " ,. ",
            "2025年",
            "é1 ﬁ",
            "company's",
            " the companies' x",
            "o's",
            "o'sx'",
            "ma'",
            "ma' am",
            "years'sx bus'",
            "it’s港's",
        ];
        let (mut by_grams, mut by_skip) = (Positions::default(), Positions::default());
        for part in parts.iter().cycle().take(40) {
            grams_after(part, &mut by_grams);
            by_skip.skip(part.chars());
            assert_eq!(by_skip, by_grams, "after {part:?}");
        }
    }

    #[test]
    fn char_ranges_cover_the_text_and_possessives() {
        let folded = "ai芯片 x the company's, companies' shares";
        let covered: Vec<String> =
            grams(folded).iter().map(|g| folded.chars().skip(g.chars.start).take(g.chars.len()).collect()).collect();
        let expected = ["ai", "芯片", "片", "x", "the", "company's", "companies'", "shares"];
        assert_eq!(covered, expected);
    }
}
