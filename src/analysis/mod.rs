//! The analyzer: the one definition of how text becomes index terms.
//!
//! Text is folded ([`Folded`]) and then cut into four views of the same text:
//! [`ngrams`] for exact matching, [`words`] for ranking, [`marks`], where its
//! sentences and paragraphs begin, at positions of the n-grams, for proximity, and
//! [`chars`], each CJK character it holds, for a query of one character. All are
//! registered with tantivy under fixed names and used unchanged for documents and for
//! queries, so the two sides cannot drift apart. Token offsets always point into the
//! original text.
//!
//! A text longer than [`PART_BYTES`] is analyzed in parts, cut where no stage carries
//! anything across ([`crate::text::part_end`]): the tokens are those of the whole text,
//! but only one part is folded and cut at a time. Folding keeps 16 bytes per character
//! and n-grams some 60 more, so a 50 MB clipping analyzed whole took 1.7 GB.

pub mod chars;
pub mod dictionary;
pub mod marks;
pub mod ngrams;
pub mod words;

use std::cell::RefCell;
use std::collections::HashSet;
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
/// Tokenizer name of the marks view.
pub const MARKS: &str = "jianbao_marks";
/// Tokenizer name of the characters view.
pub const CHARS: &str = "jianbao_chars";

/// Terms longer than this (junk such as base64 blobs) are not indexed, and not looked
/// for in a query or a snippet: [`ngrams::grams`] and [`Segmenter::ranked_words`] leave
/// them out, wherever they cut.
pub const MAX_TERM_BYTES: usize = 255;

/// Texts up to this long are analyzed whole; longer ones in parts of about this size.
pub const PART_BYTES: usize = 256 * 1024;

/// The four views of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Words,
    Ngrams,
    Marks,
    Chars,
}

/// Registers the views with an index's tokenizer manager.
pub fn register(manager: &TokenizerManager, segmenter: &Segmenter) {
    manager.register(WORDS, Analyzer::new(View::Words, segmenter.clone()));
    manager.register(NGRAMS, Analyzer::new(View::Ngrams, segmenter.clone()));
    manager.register(MARKS, Analyzer::new(View::Marks, segmenter.clone()));
    manager.register(CHARS, Analyzer::new(View::Chars, segmenter.clone()));
}

/// One view of the analyzer, as a tantivy tokenizer.
#[derive(Debug, Clone)]
pub struct Analyzer {
    view: View,
    segmenter: Segmenter,
}

/// A token of a folded text, before it is handed over: its text, its position, and the
/// folded characters it covers.
#[derive(Debug, Clone)]
struct Spot {
    text: Term,
    position: usize,
    chars: Range<usize>,
}

/// The text of a [`Spot`].
#[derive(Debug, Clone)]
enum Term {
    /// A part of the folded text.
    Folded(Range<usize>),
    /// A mark ([`marks::GAP`], …).
    Mark(&'static str),
}

/// Where the analysis of the parts of a text so far left off, in each view.
#[derive(Debug, Default)]
struct Progress {
    positions: ngrams::Positions,
    words: usize,
    marks: marks::State,
    /// The characters the parts so far held.
    chars: HashSet<char>,
}

impl Analyzer {
    pub fn new(view: View, segmenter: Segmenter) -> Self {
        Analyzer { view, segmenter }
    }

    /// Tokens of `original`, with offsets into it.
    pub fn analyze(&self, original: &str) -> Vec<Token> {
        self.analyze_in_parts(original, PART_BYTES)
    }

    /// [`Analyzer::analyze`] in parts of about `part_bytes`, for tests that the parts
    /// give the tokens of the whole.
    #[doc(hidden)]
    pub fn analyze_in_parts(&self, original: &str, part_bytes: usize) -> Vec<Token> {
        let mut stream = self.stream(original, part_bytes);
        let mut tokens = Vec::new();
        while stream.advance() {
            tokens.push(stream.token().clone());
        }
        tokens
    }

    /// The token stream of `original`, analyzed whole if it is at most `part_bytes`
    /// long, else in parts.
    fn stream<'a>(&self, original: &'a str, part_bytes: usize) -> Tokens<'a> {
        let mut tokens = Tokens {
            analyzer: self.clone(),
            original,
            part_bytes,
            folded: Rc::new(Folded::default()),
            spots: Vec::new(),
            next: 0,
            done: 0,
            progress: Progress::default(),
            token: Token::default(),
        };
        if self.view == View::Marks {
            tokens.progress.marks = marks::State::new(original);
        }
        if original.len() <= part_bytes {
            tokens.folded = whole_folded(original);
            tokens.spots = self.spots(original, &tokens.folded, &mut tokens.progress);
            tokens.done = original.len();
        }
        tokens
    }

    /// The tokens of the folding of `original` (or of a part of it, after `progress`), as
    /// spots of it.
    fn spots(&self, original: &str, folded: &Folded, progress: &mut Progress) -> Vec<Spot> {
        let text = folded.as_str();
        // Token texts are slices of `text`.
        let at = |part: &str| {
            let start = part.as_ptr() as usize - text.as_ptr() as usize;
            Term::Folded(start..start + part.len())
        };
        match self.view {
            View::Words => self
                .segmenter
                .ranked_words_after(text, &mut progress.words)
                .into_iter()
                .map(|w| Spot { text: at(w.text), position: w.position, chars: w.chars })
                .collect(),
            View::Ngrams => ngrams::grams_after(text, &mut progress.positions)
                .into_iter()
                .map(|g| Spot { text: at(g.text), position: g.position, chars: g.chars })
                .collect(),
            View::Marks => marks::marks_after(original, folded, &mut progress.marks)
                .into_iter()
                .map(|m| Spot { text: Term::Mark(m.text), position: m.position, chars: m.before..m.before })
                .collect(),
            // Positions are not indexed in this view.
            View::Chars => chars::distinct_after(text, &mut progress.chars)
                .into_iter()
                .map(|c| Spot { text: at(c.text), position: 0, chars: c.chars })
                .collect(),
        }
    }
}

/// The folding of a whole text.
///
/// The views of a field's text are analyzed one after the other, in one thread: the
/// later ones reuse the first's folding, the costly step. That holds because tantivy
/// indexes a document's values in the order of their fields in the schema, in the thread
/// that took the document, and `index/schema.rs` declares each word view right before its
/// n-gram view, and its marks view right after; `tests.rs` checks that each text is
/// folded once.
fn whole_folded(original: &str) -> Rc<Folded> {
    thread_local! {
        static LAST: RefCell<Option<(String, Rc<Folded>)>> = const { RefCell::new(None) };
    }
    let folded = LAST.with_borrow_mut(|last| {
        if let Some((_, folded)) = last.as_ref().filter(|(text, _)| text == original) {
            return folded.clone();
        }
        let folded = Rc::new(Folded::new(original));
        #[cfg(test)]
        tests::folded_whole(original);
        *last = Some((original.to_owned(), folded.clone()));
        folded
    });
    folded
}

impl Tokenizer for Analyzer {
    type TokenStream<'a> = Tokens<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens<'a> {
        self.stream(text, PART_BYTES)
    }
}

/// The tokens of one text, one part of it at a time. One [`Token`] is filled in turn
/// with each, so that a token costs no allocation (a text has one per character or so).
pub struct Tokens<'a> {
    analyzer: Analyzer,
    original: &'a str,
    part_bytes: usize,
    /// The part being handed over, and its tokens.
    folded: Rc<Folded>,
    spots: Vec<Spot>,
    next: usize,
    /// Bytes of `original` analyzed so far.
    done: usize,
    /// Where the views of the parts so far left off.
    progress: Progress,
    token: Token,
}

impl Tokens<'_> {
    /// Analyzes the next part of the text; false at its end.
    fn next_part(&mut self) -> bool {
        if self.done >= self.original.len() {
            return false;
        }
        let end = crate::text::part_end(self.original, self.done, self.part_bytes);
        let folded = Folded::part(self.original, self.done..end);
        self.spots = self.analyzer.spots(self.original, &folded, &mut self.progress);
        self.folded = Rc::new(folded);
        self.next = 0;
        self.done = end;
        true
    }
}

impl TokenStream for Tokens<'_> {
    fn advance(&mut self) -> bool {
        while self.next >= self.spots.len() {
            if !self.next_part() {
                return false;
            }
        }
        let spot = &self.spots[self.next];
        self.next += 1;
        let range = self.folded.original_range(spot.chars.clone());
        self.token.offset_from = range.start;
        self.token.offset_to = range.end;
        self.token.position = spot.position;
        self.token.position_length = 1;
        self.token.text.clear();
        match &spot.text {
            Term::Folded(text) => self.token.text.push_str(&self.folded.as_str()[text.clone()]),
            Term::Mark(mark) => self.token.text.push_str(mark),
        }
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
