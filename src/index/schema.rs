//! The index schema: which fields a clipping is stored and searched under.

use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};

use crate::analysis::{NGRAMS, WORDS};

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub path: Field,
    pub title: Field,
    pub title_ngrams: Field,
    pub body: Field,
    pub body_ngrams: Field,
    pub date: Field,
    pub source: Field,
    pub lang: Field,
    pub url: Field,
}

/// Builds the schema and its fields.
///
/// `title` and `body` hold the original text (stored, indexed as words for ranking);
/// `*_ngrams` index the same text as n-grams with positions, for exact matching.
pub fn build() -> (Schema, Fields) {
    let words = |stored: bool| {
        let indexing = TextFieldIndexing::default().set_tokenizer(WORDS).set_index_option(IndexRecordOption::WithFreqs);
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
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        path: b.add_text_field("path", STORED),
        title: b.add_text_field("title", words(true)),
        title_ngrams: b.add_text_field("title_ngrams", ngrams.clone()),
        body: b.add_text_field("body", words(true)),
        body_ngrams: b.add_text_field("body_ngrams", ngrams),
        date: b.add_text_field("date", STRING | STORED),
        source: b.add_text_field("source", STRING | STORED),
        lang: b.add_text_field("lang", STRING | STORED),
        url: b.add_text_field("url", STORED),
    };
    (b.build(), fields)
}
