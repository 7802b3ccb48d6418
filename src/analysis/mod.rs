//! The analyzer: the one definition of how text becomes index terms.
//!
//! Text is folded ([`Folded`]) and then cut two ways, into two views of the same text:
//! [`ngrams`] for exact matching and [`words`] for ranking. Both are registered with
//! tantivy under fixed names and used unchanged for documents and for queries, so the
//! two sides cannot drift apart. Token offsets always point into the original text.

pub mod dictionary;
pub mod ngrams;
pub mod words;

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer, TokenizerManager};

use crate::text::Folded;
pub use dictionary::UserDict;
pub use words::{Segmenter, UserWords};

/// Tokenizer name of the word view.
pub const WORDS: &str = "jianbao_words";
/// Tokenizer name of the n-gram view.
pub const NGRAMS: &str = "jianbao_ngrams";

/// Terms longer than this (junk such as base64 blobs) are not indexed.
const MAX_TERM_BYTES: usize = 255;

/// The two views of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Words,
    Ngrams,
}

/// Registers both views with an index's tokenizer manager.
pub fn register(manager: &TokenizerManager, segmenter: &Segmenter) {
    manager.register(WORDS, Analyzer::new(View::Words, segmenter.clone()));
    manager.register(NGRAMS, Analyzer::new(View::Ngrams, segmenter.clone()));
}

/// One view of the analyzer, as a tantivy tokenizer.
#[derive(Debug, Clone)]
pub struct Analyzer {
    view: View,
    segmenter: Segmenter,
}

/// A token of a folded text, before it is handed over: where its text is in the folded
/// text, its position, and the folded characters it covers.
#[derive(Debug, Clone)]
struct Spot {
    text: Range<usize>,
    position: usize,
    chars: Range<usize>,
}

impl Analyzer {
    pub fn new(view: View, segmenter: Segmenter) -> Self {
        Analyzer { view, segmenter }
    }

    /// Tokens of `original`, with offsets into it.
    pub fn analyze(&self, original: &str) -> Vec<Token> {
        let mut stream = self.stream(original);
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push(stream.token().clone());
        }
        tokens
    }

    /// The token stream of `original`.
    fn stream(&self, original: &str) -> Tokens {
        // Both views of a field's text are analyzed one after the other, in one thread:
        // the second reuses the first's folding, the costly step.
        thread_local! {
            static LAST: RefCell<Option<(String, Rc<Folded>)>> = const { RefCell::new(None) };
        }
        let folded = LAST.with_borrow_mut(|last| {
            if let Some((_, folded)) = last.as_ref().filter(|(text, _)| text == original) {
                return Some(folded.clone());
            }
            // Folding fails only if OpenCC cannot load, which `text::script::init` reports first.
            let folded = Rc::new(Folded::new(original).ok()?);
            *last = Some((original.to_owned(), folded.clone()));
            Some(folded)
        });
        let folded = folded.unwrap_or_else(|| Rc::new(Folded::default()));
        let spots = self.spots(&folded);
        Tokens { folded, spots, next: 0, token: Token::default() }
    }

    /// The tokens of a folded text, as spots of it.
    fn spots(&self, folded: &Folded) -> Vec<Spot> {
        let text = folded.as_str();
        // Token texts are slices of `text`.
        let at = |part: &str| {
            let start = part.as_ptr() as usize - text.as_ptr() as usize;
            start..start + part.len()
        };
        let spots: Vec<Spot> = match self.view {
            View::Words => self
                .segmenter
                .ranked_words(text)
                .into_iter()
                .map(|w| Spot { text: at(w.text), position: w.position, chars: w.chars })
                .collect(),
            View::Ngrams => ngrams::grams(text)
                .into_iter()
                .map(|g| Spot { text: at(g.text), position: g.position, chars: g.chars })
                .collect(),
        };
        spots.into_iter().filter(|s| s.text.len() <= MAX_TERM_BYTES).collect()
    }
}

impl Tokenizer for Analyzer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        self.stream(text)
    }
}

/// The tokens of one text. One [`Token`] is filled in turn with each, so that a token
/// costs no allocation (a text has one per character or so).
pub struct Tokens {
    folded: Rc<Folded>,
    spots: Vec<Spot>,
    next: usize,
    token: Token,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        let Some(spot) = self.spots.get(self.next) else { return false };
        self.next += 1;
        let range = self.folded.original_range(spot.chars.clone());
        self.token.offset_from = range.start;
        self.token.offset_to = range.end;
        self.token.position = spot.position;
        self.token.position_length = 1;
        self.token.text.clear();
        self.token.text.push_str(&self.folded.as_str()[spot.text.clone()]);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests;
