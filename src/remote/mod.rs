//! Handing an archive to a distributed engine (Quickwit, OpenSearch) and searching it
//! there with the same matches as here: see `docs/remote.md`.
//!
//! The engines cannot fold scripts, mend wraps or keep offsets into the original, so the
//! analysis stays jianbao's: [`export`] writes each document with its n-gram and word
//! views as space-separated tokens, which the engine only splits and numbers; [`translate`]
//! turns a query, parsed and analyzed by [`crate::search::query`], into the engine's query
//! DSL; [`client`] sends it and makes typed [`crate::search::Hit`]s of the answer, their
//! snippets made here from the stored original text.

pub mod client;
pub mod export;
pub mod translate;

pub use client::{search, Remote};
pub use export::{definition, Exported, Writer};
pub use translate::request;

/// The engine an archive is handed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Quickwit,
    OpenSearch,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Quickwit => "Quickwit",
            Engine::OpenSearch => "OpenSearch",
        }
    }
}

/// The token written at each position the n-gram view leaves empty (punctuation between
/// two units, a word too long to index): no text yields it as a gram (a gram is letters,
/// digits or CJK), so the engine numbers positions as jianbao does and no phrase asks for it.
pub const FILLER: &str = "_";

/// OpenSearch's analyzer of the n-gram fields: whitespace, then the filler dropped with its
/// position kept ([`export::definition`]).
pub const NGRAM_ANALYZER: &str = "jianbao_ngrams";

/// The n-gram fields, by what a query atom's scope searches.
pub const TITLE_NGRAMS: &str = "title_ngrams";
pub const BODY_NGRAMS: &str = "body_ngrams";
pub const SOURCE_NGRAMS: &str = "source_ngrams";
/// The word fields, for ranking.
pub const TITLE_WORDS: &str = "title_words";
pub const BODY_WORDS: &str = "body_words";
