//! What `jianbao export` writes: each clipping as a JSON line with its analysis
//! ([`Exported`]), the engine's index definition ([`definition`]), and files of bounded
//! size ([`Writer`]).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::json;

use super::{Engine, BODY_NGRAMS, BODY_WORDS, FILLER, NGRAM_ANALYZER, SOURCE_NGRAMS, TITLE_NGRAMS, TITLE_WORDS};
use crate::analysis::{Analyzer, Segmenter, View};
use crate::corpus::Document;
use crate::index::analyzer_stamp;
use crate::{Error, Result};

/// One clipping as the engine ingests it. This struct is the export's JSON contract
/// (`docs/remote.md`); metadata not known is left out.
#[derive(Debug, Clone, Serialize)]
pub struct Exported<'a> {
    pub id: &'a str,
    pub path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    pub body: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    pub analyzer: String,
    pub title_ngrams: String,
    pub body_ngrams: String,
    pub source_ngrams: String,
    pub title_words: String,
    pub body_words: String,
}

/// The two views a clipping is exported with, made by the analyzer of the index.
#[derive(Debug, Clone)]
pub struct Views {
    ngrams: Analyzer,
    words: Analyzer,
}

impl Views {
    pub fn new(segmenter: &Segmenter) -> Views {
        Views {
            ngrams: Analyzer::new(View::Ngrams, segmenter.clone()),
            words: Analyzer::new(View::Words, segmenter.clone()),
        }
    }

    /// The n-gram view of `text`, a token per position, [`FILLER`] where it has none.
    pub fn ngrams(&self, text: &str) -> String {
        let mut out = String::new();
        let mut next = 0;
        for token in self.ngrams.analyze(text) {
            while next < token.position {
                push(&mut out, FILLER);
                next += 1;
            }
            push(&mut out, &token.text);
            next = token.position + 1;
        }
        out
    }

    /// The word view of `text` (positions are not searched in it).
    pub fn words(&self, text: &str) -> String {
        let mut out = String::new();
        for token in self.words.analyze(text) {
            if !token.text.contains(char::is_whitespace) {
                push(&mut out, &token.text);
            }
        }
        out
    }
}

fn push(out: &mut String, token: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(token);
}

impl<'a> Exported<'a> {
    pub fn new(doc: &'a Document, views: &Views) -> Exported<'a> {
        let m = &doc.meta;
        let title = m.title.as_deref().unwrap_or("");
        Exported {
            id: &m.id,
            path: &m.path,
            title: m.title.as_deref(),
            body: &doc.body,
            date: m.date.as_deref(),
            source: m.source.as_deref(),
            lang: m.lang.as_deref(),
            url: m.url.as_deref(),
            analyzer: analyzer_stamp(),
            title_ngrams: views.ngrams(title),
            body_ngrams: views.ngrams(&doc.body),
            source_ngrams: views.ngrams(m.source.as_deref().unwrap_or("")),
            title_words: views.words(title),
            body_words: views.words(&doc.body),
        }
    }

    /// The lines the engine ingests for it: the document, after an action line for
    /// OpenSearch's bulk API.
    pub fn lines(&self, engine: Engine, index: &str) -> Result<String> {
        let doc = serde_json::to_string(self).map_err(|e| Error::Remote(format!("document {}: {e}", self.id)))?;
        Ok(match engine {
            Engine::Quickwit => format!("{doc}\n"),
            Engine::OpenSearch => format!("{}\n{doc}\n", json!({"index": {"_index": index, "_id": self.id}})),
        })
    }
}

/// The index definition: Quickwit's index config (YAML), or OpenSearch's settings and
/// mappings (JSON), for an index named `index`.
pub fn definition(engine: Engine, index: &str) -> String {
    match engine {
        Engine::Quickwit => quickwit(index),
        Engine::OpenSearch => opensearch(index),
    }
}

fn quickwit(index: &str) -> String {
    let stamp = analyzer_stamp();
    let field = |name: &str, rest: &str| format!("    - name: {name}\n      type: text\n{rest}");
    let keyword = "      tokenizer: raw\n      fast: true\n";
    let stored = "      indexed: false\n";
    let ngrams = "      tokenizer: whitespace\n      record: position\n      stored: false\n";
    let words = "      tokenizer: whitespace\n      record: freq\n      stored: false\n";
    let fields: Vec<String> = vec![
        field("id", keyword),
        field("path", stored),
        field("title", stored),
        field("body", stored),
        field("date", keyword),
        field("source", keyword),
        field("lang", keyword),
        field("url", stored),
        field("analyzer", keyword),
        field(TITLE_NGRAMS, ngrams),
        field(BODY_NGRAMS, ngrams),
        field(SOURCE_NGRAMS, ngrams),
        field(TITLE_WORDS, words),
        field(BODY_WORDS, words),
    ];
    format!(
        "# Made by `jianbao export --to quickwit` (docs/remote.md). analyzer: {stamp}\n\
         # The *_ngrams and *_words fields hold jianbao's analysis, pre-analyzed: split at\n\
         # spaces only; `{FILLER}` stands where a position is empty.\n\
         version: 0.8\n\
         index_id: {index}\n\
         doc_mapping:\n  mode: strict\n  field_mappings:\n{}\
         search_settings:\n  default_search_fields: [{TITLE_NGRAMS}, {BODY_NGRAMS}]\n",
        fields.concat()
    )
}

fn opensearch(index: &str) -> String {
    let keyword = json!({"type": "keyword"});
    let stored = json!({"type": "text", "index": false});
    let ngrams = json!({"type": "text", "analyzer": NGRAM_ANALYZER, "index_options": "positions"});
    let words = json!({"type": "text", "analyzer": "whitespace", "index_options": "freqs"});
    let definition = json!({
        "settings": {
            "analysis": {
                "filter": {"jianbao_filler": {"type": "stop", "stopwords": [FILLER]}},
                "analyzer": {NGRAM_ANALYZER: {"type": "custom", "tokenizer": "whitespace", "filter": ["jianbao_filler"]}}
            }
        },
        "mappings": {
            "_meta": {"analyzer": analyzer_stamp(), "made_by": "jianbao export --to opensearch", "index": index},
            "dynamic": "strict",
            "_source": {"excludes": [TITLE_NGRAMS, BODY_NGRAMS, SOURCE_NGRAMS, TITLE_WORDS, BODY_WORDS]},
            "properties": {
                "id": keyword, "path": {"type": "keyword", "index": false}, "title": stored, "body": stored,
                "date": keyword, "source": keyword, "lang": keyword, "url": {"type": "keyword", "index": false},
                "analyzer": keyword,
                TITLE_NGRAMS: ngrams, BODY_NGRAMS: ngrams, SOURCE_NGRAMS: ngrams,
                TITLE_WORDS: words, BODY_WORDS: words
            }
        }
    });
    let mut text = serde_json::to_string_pretty(&definition).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes the documents into numbered NDJSON files of at most `max_bytes` each, a
/// document's lines never split across two.
pub struct Writer {
    dir: PathBuf,
    max_bytes: u64,
    file: Option<BufWriter<File>>,
    bytes: u64,
    /// Files begun so far.
    pub files: usize,
}

impl Writer {
    pub fn new(dir: &Path, max_bytes: u64) -> Writer {
        Writer { dir: dir.to_owned(), max_bytes, file: None, bytes: 0, files: 0 }
    }

    /// The name of the `n`th file (from 1).
    pub fn name(n: usize) -> String {
        format!("docs-{n:05}.ndjson")
    }

    /// Appends `lines`, in a new file if they would not fit in this one; false, writing
    /// nothing, if they are larger than a file may be.
    pub fn write(&mut self, lines: &str) -> Result<bool> {
        let len = lines.len() as u64;
        if len > self.max_bytes {
            return Ok(false);
        }
        if self.file.is_none() || self.bytes + len > self.max_bytes {
            self.finish()?;
            self.files += 1;
            let path = self.dir.join(Writer::name(self.files));
            self.file = Some(BufWriter::new(File::create(&path).map_err(|e| Error::io(&path, e))?));
            self.bytes = 0;
        }
        let path = self.dir.join(Writer::name(self.files));
        if let Some(file) = &mut self.file {
            file.write_all(lines.as_bytes()).map_err(|e| Error::io(&path, e))?;
        }
        self.bytes += len;
        Ok(true)
    }

    /// Flushes the last file.
    pub fn finish(&mut self) -> Result<()> {
        if let Some(mut file) = self.file.take() {
            let path = self.dir.join(Writer::name(self.files));
            file.flush().map_err(|e| Error::io(&path, e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_positions_get_the_filler_and_tokens_keep_their_positions() {
        let views = Views::new(&Segmenter::default());
        let table = [
            ("GPT-4 的芯片", "gpt _ 4 的芯 芯片 片"),
            ("新質生產力", "新质 质生 生产 产力 力"),
            ("「港」，澳", "港 _ 澳"),
            ("the company's share", "the company share"),
            ("", ""),
        ];
        for (text, expected) in table {
            assert_eq!(views.ngrams(text), expected, "n-grams of {text:?}");
        }
        let long = "a".repeat(crate::analysis::MAX_TERM_BYTES + 1);
        assert_eq!(views.ngrams(&format!("x {long} y")), "x _ y", "a word too long to index keeps its position");
    }

    #[test]
    fn a_document_too_large_for_a_file_is_not_written_and_files_roll_over() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = Writer::new(dir.path(), 10);
        assert!(writer.write("12345\n").unwrap());
        assert!(writer.write("1234\n").unwrap(), "a new file");
        assert!(!writer.write("12345678901\n").unwrap());
        writer.finish().unwrap();
        assert_eq!(writer.files, 2);
        assert_eq!(std::fs::read_to_string(dir.path().join(Writer::name(2))).unwrap(), "1234\n");
    }
}
