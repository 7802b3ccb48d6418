//! The analyzer: the one definition of how text becomes index terms.
//!
//! Text is folded ([`Folded`]) and then cut two ways, into two views of the same text:
//! [`ngrams`] for exact matching and [`words`] for ranking. Both are registered with
//! tantivy under fixed names and used unchanged for documents and for queries, so the
//! two sides cannot drift apart. Token offsets always point into the original text.

pub mod dictionary;
pub mod ngrams;
pub mod words;

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

impl Analyzer {
    pub fn new(view: View, segmenter: Segmenter) -> Self {
        Analyzer { view, segmenter }
    }

    /// Tokens of `original`, with offsets into it.
    pub fn analyze(&self, original: &str) -> Vec<Token> {
        // Both views of a field's text are analyzed one after the other, in one thread:
        // the second reuses the first's folding, the costly step.
        thread_local! {
            static LAST: std::cell::RefCell<Option<(String, Folded)>> = const { std::cell::RefCell::new(None) };
        }
        LAST.with_borrow_mut(|last| {
            if let Some((text, folded)) = last.as_ref().filter(|(text, _)| text == original) {
                debug_assert_eq!(text, original);
                return self.tokens(folded);
            }
            // Folding fails only if OpenCC cannot load, which `text::script::init` reports first.
            let Ok(folded) = Folded::new(original) else { return Vec::new() };
            let tokens = self.tokens(&folded);
            *last = Some((original.to_owned(), folded));
            tokens
        })
    }

    /// Tokens of an already folded text, with offsets into its original.
    pub fn tokens(&self, folded: &Folded) -> Vec<Token> {
        let token = |text: &str, position, chars| {
            let range = folded.original_range(chars);
            Token {
                offset_from: range.start,
                offset_to: range.end,
                position,
                text: text.to_owned(),
                position_length: 1,
            }
        };
        let text = folded.as_str();
        let tokens: Vec<Token> = match self.view {
            View::Words => {
                self.segmenter.ranked_words(text).into_iter().map(|w| token(w.text, w.position, w.chars)).collect()
            }
            View::Ngrams => ngrams::grams(text).into_iter().map(|g| token(g.text, g.position, g.chars)).collect(),
        };
        tokens.into_iter().filter(|t| t.text.len() <= MAX_TERM_BYTES).collect()
    }
}

impl Tokenizer for Analyzer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        Tokens { tokens: self.analyze(text), next: 0 }
    }
}

/// The tokens of one text, computed at once.
pub struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests;
