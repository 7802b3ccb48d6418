//! Word segmentation: the ranking half of the analyzer.
//!
//! jieba cuts the folded text into words; a document in which the query is a whole word
//! ranks above one where it only appears inside a longer word. Segmentation depends on
//! context, so words are used for ranking only; matching is done by [`super::ngrams`].
//!
//! Loading jieba's 349,045-word dictionary takes ~190 ms, which a search must not pay:
//! the full dictionary is loaded only when documents are segmented, and a query is cut
//! by a segmenter holding just the dictionary words that occur in it (found in an FST
//! compiled into the binary, see `build.rs`) with the same total frequency, which gives
//! the same cuts.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use jieba_rs::Jieba;
use tantivy_fst::raw::{Fst, Output};

use super::dictionary::UserDict;

mod standard {
    include!(concat!(env!("OUT_DIR"), "/jieba_total.rs"));
}

/// The standard dictionary as an FST of word → frequency.
static WORDS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_words.fst"));

/// A word that no folded text holds, carrying the frequency of the words a query
/// segmenter leaves out, so that its total is the full dictionary's.
const FILLER: &str = "\u{10FFFD}";

/// True for the words a text is ranked by: those of two or more characters, one of
/// them CJK. A single character or a Latin word or number is a gram of its own in the
/// n-gram view already, where a match is always the whole of it; indexing such words
/// twice only made the index bigger (about 2%).
pub fn ranks(word: &str) -> bool {
    word.chars().nth(1).is_some() && has_cjk(word)
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(crate::text::is_ngram_char)
}

/// False if jieba cannot find in `text` a word that [`ranks`]: one with CJK in it, and
/// of two characters or more. jieba cuts words only out of runs of CJK, ASCII letters,
/// digits and `+#&._%-`; anything else stands alone. So `港` or `「港」` needs no jieba
/// (which costs a search a quarter of a millisecond to set up).
fn may_hold_ranked_word(text: &str) -> bool {
    // jieba's runs, with the CJK blocks taken a little wider: never wrongly false.
    let in_run = |c: char| match c {
        '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'.. => true,
        c => c.is_ascii_alphanumeric() || "+#&._%-".contains(c),
    };
    has_cjk(text) && text.chars().zip(text.chars().skip(1)).any(|(a, b)| in_run(a) && in_run(b))
}

/// A word of a folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub position: usize,
    /// The folded characters it covers.
    pub chars: Range<usize>,
}

/// A jieba segmenter: the standard dictionary, plus an index's user dictionary if any,
/// loaded on first use.
#[derive(Clone)]
pub struct Segmenter(Arc<Dictionary>);

enum Dictionary {
    /// The full dictionary, loaded when first needed. `resolved` are the user words as
    /// jieba took them, known once it is loaded or when the index recorded them.
    Full { user: UserDict, resolved: OnceLock<UserWords>, jieba: OnceLock<Jieba> },
    /// Only the words of one query.
    Subset(Jieba),
}

/// A user dictionary as jieba took it: each word's final frequency (jieba guesses one
/// for a word given without, from the whole dictionary) and the dictionary's new total.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UserWords {
    pub words: Vec<(String, u64)>,
    pub total: u64,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match *self.0 {
            Dictionary::Full { .. } => "Segmenter(full)",
            Dictionary::Subset(_) => "Segmenter(subset)",
        })
    }
}

impl Default for Segmenter {
    /// The standard dictionary, shared by the whole process.
    fn default() -> Self {
        static STANDARD: OnceLock<Segmenter> = OnceLock::new();
        STANDARD.get_or_init(|| Segmenter::full(UserDict::default())).clone()
    }
}

impl Segmenter {
    /// The standard dictionary with `dict`'s words added; `resolved`, if an index
    /// recorded it, spares queries loading the whole dictionary.
    pub fn with_user_dict(dict: &UserDict, resolved: Option<UserWords>) -> Segmenter {
        if dict.is_empty() {
            return Segmenter::default();
        }
        let segmenter = Segmenter::full(dict.clone());
        if let (Dictionary::Full { resolved: cell, .. }, Some(words)) = (&*segmenter.0, resolved) {
            let _ = cell.set(words);
        }
        segmenter
    }

    fn full(user: UserDict) -> Segmenter {
        Segmenter(Arc::new(Dictionary::Full { user, resolved: OnceLock::new(), jieba: OnceLock::new() }))
    }

    fn jieba(&self) -> &Jieba {
        match &*self.0 {
            Dictionary::Full { user, resolved, jieba } => jieba.get_or_init(|| {
                let (jieba, words) = load(user);
                let _ = resolved.set(words);
                jieba
            }),
            Dictionary::Subset(jieba) => jieba,
        }
    }

    /// The user words as jieba takes them, to record with an index (loads the whole
    /// dictionary if not done yet).
    pub fn user_words(&self) -> UserWords {
        match &*self.0 {
            Dictionary::Full { user, resolved, .. } if !user.is_empty() => {
                self.jieba();
                resolved.get().cloned().unwrap_or_default()
            }
            _ => UserWords::default(),
        }
    }

    /// A segmenter that cuts `folded` (and any part of it) as this one does, cheap to
    /// make. For a text that has no word to rank by (without CJK, for example: see
    /// [`Segmenter::ranked_words`]), or with a user dictionary whose resolved words are not
    /// known, it is this one.
    pub fn for_query(&self, folded: &str) -> Segmenter {
        if !may_hold_ranked_word(folded) {
            return self.clone();
        }
        let user = match &*self.0 {
            Dictionary::Full { user, .. } if user.is_empty() => UserWords::default(),
            Dictionary::Full { resolved, .. } => match resolved.get() {
                Some(words) => words.clone(),
                None => return self.clone(),
            },
            Dictionary::Subset(_) => return self.clone(),
        };
        Segmenter(Arc::new(Dictionary::Subset(subset(folded, &user))))
    }

    /// The words a folded text is ranked by (those that [`ranks`], up to
    /// [`super::MAX_TERM_BYTES`] long); none, and no jieba run, for a text that cannot hold
    /// one (without CJK, for example).
    pub fn ranked_words<'a>(&self, folded: &'a str) -> Vec<Word<'a>> {
        self.ranked_words_after(folded, &mut 0)
    }

    /// [`Segmenter::ranked_words`] of a part of a folded text cut where no word runs
    /// across ([`crate::text::part_end`]), numbered from `next`, which is left after the
    /// part's last word. A part that cannot hold a ranked word is not segmented and
    /// leaves `next` as it was: word positions are not indexed (only n-grams' are).
    pub fn ranked_words_after<'a>(&self, folded: &'a str, next: &mut usize) -> Vec<Word<'a>> {
        if !may_hold_ranked_word(folded) {
            return Vec::new();
        }
        let words = self.words(folded);
        let first = *next;
        *next += words.len();
        let ranked = words.into_iter().filter(|w| ranks(w.text) && w.text.len() <= super::MAX_TERM_BYTES);
        ranked.map(|w| Word { position: first + w.position, ..w }).collect()
    }

    /// The words of a folded text, without white space and punctuation.
    pub fn words<'a>(&self, folded: &'a str) -> Vec<Word<'a>> {
        self.jieba()
            .cut(folded, true)
            .into_iter()
            .filter(|t| t.word.chars().any(char::is_alphanumeric))
            .enumerate()
            .map(|(position, t)| Word { text: t.word, position, chars: t.start..t.end })
            .collect()
    }
}

/// The standard dictionary with `user`'s words added, and those words as jieba took them.
fn load(user: &UserDict) -> (Jieba, UserWords) {
    let mut jieba = Jieba::new();
    let mut total = standard::TOTAL;
    let mut taken: Vec<(String, u64)> = Vec::new();
    for entry in user.entries() {
        let before =
            taken.iter().rev().find(|(w, _)| *w == entry.word).map(|(_, f)| *f).or_else(|| standard_freq(&entry.word));
        let freq = jieba.add_word(&entry.word, entry.freq, entry.tag.as_deref()) as u64;
        if !entry.word.is_empty() {
            total = total + freq - before.unwrap_or(0);
            taken.push((entry.word.clone(), freq));
        }
    }
    (jieba, UserWords { words: taken, total })
}

/// A jieba holding the dictionary words that occur in `text` (standard ones, as `user`
/// overrides them, and `user`'s own), and a filler that makes its total frequency the
/// full dictionary's: route probabilities, and so cuts, are then those of the full one.
fn subset(text: &str, user: &UserWords) -> Jieba {
    let overrides: HashMap<&str, u64> = user.words.iter().map(|(w, f)| (w.as_str(), *f)).collect();
    let mut jieba = Jieba::empty();
    let mut kept = 0;
    let standard = dictionary_words_in(text).into_iter().map(|(w, f)| (w, overrides.get(w).copied().unwrap_or(f)));
    let own = overrides.iter().filter(|(w, _)| text.contains(**w)).map(|(w, f)| (*w, *f));
    for (word, freq) in standard.chain(own) {
        if !jieba.has_word(word) {
            jieba.add_word(word, Some(freq as usize), None);
            kept += freq;
        }
    }
    let total = if user.words.is_empty() { standard::TOTAL } else { user.total };
    jieba.add_word(FILLER, Some(total.saturating_sub(kept).max(1) as usize), None);
    jieba
}

/// The frequency of `word` in the standard dictionary.
fn standard_freq(word: &str) -> Option<u64> {
    let fst = Fst::new(WORDS_FST).ok()?;
    let map = tantivy_fst::Map::from(fst);
    map.get(word)
}

/// Every (word, frequency) of the standard dictionary that occurs in `text`.
fn dictionary_words_in(text: &str) -> Vec<(&str, u64)> {
    let Ok(fst) = Fst::new(WORDS_FST) else { return Vec::new() };
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (start, _) in text.char_indices() {
        let mut node = fst.root();
        let mut output = Output::zero();
        for (i, &b) in bytes[start..].iter().enumerate() {
            let Some(t) = node.find_input(b) else { break };
            let transition = node.transition(t);
            output = output.cat(transition.out);
            node = fst.node(transition.addr);
            let end = start + i + 1;
            if node.is_final() && text.is_char_boundary(end) {
                found.push((&text[start..end], output.cat(node.final_output()).value()));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests;
