//! The index schema: which fields a clipping is stored and searched under.

use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING};

use crate::analysis::{CHARS, MARKS, NGRAMS, WORDS};

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub path: Field,
    pub title: Field,
    pub title_ngrams: Field,
    /// Where the sentences and paragraphs of `title` begin ([`crate::analysis::marks`]).
    pub title_marks: Field,
    /// Each CJK character of `title`, once: a query of one character ([`crate::analysis::chars`]).
    pub title_chars: Field,
    pub body: Field,
    pub body_ngrams: Field,
    pub body_marks: Field,
    pub body_chars: Field,
    pub date: Field,
    pub source: Field,
    /// `source` as n-grams, for `--source` and `source:` matching part of a name.
    pub source_ngrams: Field,
    pub lang: Field,
    pub url: Field,
    /// The corpus file a document came from (its canonical path): deletes follow files.
    pub file: Field,
    /// A hash of the document as read: tells a changed document from an unchanged one.
    pub hash: Field,
    /// `file` and `id` together ([`key`]): what replaces or deletes one document.
    pub key: Field,
    /// The sketch of the body that groups versions of one story ([`crate::story`]).
    pub story: Field,
    /// The number of the commit that added (or last replaced) the document: what is new
    /// to a saved search ([`crate::alerts`]).
    pub added: Field,
}

/// The value of the `key` field of document `id` of corpus file `file`.
pub fn key(file: &str, id: &str) -> String {
    format!("{file}\u{1f}{id}")
}

/// Names of the fast fields read when updating the index.
pub const ID: &str = "id";
pub const FILE: &str = "file";
pub const HASH: &str = "hash";
pub const SOURCE: &str = "source";
pub const LANG: &str = "lang";
pub const DATE: &str = "date";
pub const STORY: &str = "story";
pub const ADDED: &str = "added";

/// Builds the schema and its fields.
///
/// `title` and `body` hold the original text (stored, indexed as words for ranking);
/// `*_ngrams` index the same text as n-grams with positions, for exact matching;
/// `*_marks` its gaps, sentences and paragraphs at the same positions, for proximity;
/// `*_chars` each CJK character it holds, for a query of one character.
/// Metadata is kept in fast fields, for filters and for incremental updates.
///
/// Each `*_ngrams` field is declared right after the field of its word view, and each
/// `*_marks` and `*_chars` fields right after that: tantivy indexes a document's values field by field
/// in schema order, so the views of one text are analyzed one after the other, and the
/// analyzer folds the text once for all (`analysis::whole_folded` keeps the last
/// folding). Declaring another analyzed field between them would fold texts again; `analysis` tests check it is folded once.
/// Adding fields changes the fingerprint, so an index is rebuilt rather than misread.
pub fn build() -> (Schema, Fields) {
    let words = |stored: bool| {
        let indexing = TextFieldIndexing::default().set_tokenizer(WORDS).set_index_option(IndexRecordOption::Basic);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let ngrams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(NGRAMS).set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // Marks are the same few terms in every document: no norms, which only scoring reads.
    let marks = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(MARKS)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions)
            .set_fieldnorms(false),
    );
    // Whether a document holds a character: no frequencies, positions or norms.
    let chars = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(CHARS)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let keyword = STRING | STORED | FAST;
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field(ID, keyword.clone()),
        path: b.add_text_field("path", STORED),
        title: b.add_text_field("title", words(true)),
        title_ngrams: b.add_text_field("title_ngrams", ngrams.clone()),
        title_marks: b.add_text_field("title_marks", marks.clone()),
        title_chars: b.add_text_field("title_chars", chars.clone()),
        body: b.add_text_field("body", words(true)),
        body_ngrams: b.add_text_field("body_ngrams", ngrams.clone()),
        body_marks: b.add_text_field("body_marks", marks),
        body_chars: b.add_text_field("body_chars", chars),
        date: b.add_text_field(DATE, keyword.clone()),
        source: b.add_text_field(SOURCE, keyword.clone()),
        source_ngrams: b.add_text_field("source_ngrams", ngrams.clone()),
        lang: b.add_text_field(LANG, keyword.clone()),
        url: b.add_text_field("url", STORED),
        file: b.add_text_field(FILE, STRING | FAST),
        hash: b.add_u64_field(HASH, FAST),
        key: b.add_text_field("key", STRING),
        story: b.add_bytes_field(STORY, FAST),
        added: b.add_u64_field(ADDED, FAST),
    };
    (b.build(), fields)
}
