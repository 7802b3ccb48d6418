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
    /// The full dictionary, loaded when first needed.
    Full { user: UserDict, jieba: OnceLock<Jieba> },
    /// Only the words of one query.
    Subset(Jieba),
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
    /// The standard dictionary with `dict`'s words added.
    pub fn with_user_dict(dict: &UserDict) -> Segmenter {
        if dict.is_empty() {
            Segmenter::default()
        } else {
            Segmenter::full(dict.clone())
        }
    }

    fn full(user: UserDict) -> Segmenter {
        Segmenter(Arc::new(Dictionary::Full { user, jieba: OnceLock::new() }))
    }

    fn jieba(&self) -> &Jieba {
        match &*self.0 {
            Dictionary::Full { user, jieba } => jieba.get_or_init(|| {
                let mut jieba = Jieba::new();
                for entry in user.entries() {
                    jieba.add_word(&entry.word, entry.freq, entry.tag.as_deref());
                }
                jieba
            }),
            Dictionary::Subset(jieba) => jieba,
        }
    }

    /// A segmenter that cuts `folded` (and any part of it) as this one does, cheap to
    /// make. With a user dictionary, whose frequencies depend on the whole dictionary,
    /// it is this one.
    pub fn for_query(&self, folded: &str) -> Segmenter {
        match &*self.0 {
            Dictionary::Full { user, .. } if user.is_empty() => Segmenter(Arc::new(Dictionary::Subset(subset(folded)))),
            _ => self.clone(),
        }
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

/// A jieba holding the standard dictionary's words that occur in `text`, and a filler
/// that makes its total frequency the full dictionary's: route probabilities, and so
/// cuts, are then those of the full dictionary.
fn subset(text: &str) -> Jieba {
    let mut jieba = Jieba::empty();
    let mut kept = 0;
    for (word, freq) in dictionary_words_in(text) {
        if !jieba.has_word(word) {
            jieba.add_word(word, Some(freq as usize), None);
            kept += freq;
        }
    }
    jieba.add_word(FILLER, Some(standard::TOTAL.saturating_sub(kept).max(1) as usize), None);
    jieba
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
