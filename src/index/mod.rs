//! The on-disk index: opening, creating and filling it.

mod schema;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tantivy::directory::error::LockError;
use tantivy::schema::Schema;
use tantivy::{Index, IndexWriter, TantivyDocument, TantivyError};

pub use schema::Fields;

use crate::analysis::{self, Segmenter, UserDict};
use crate::corpus::{self, Document, Problem, Source};
use crate::{text, Error, Result};

/// Memory the writer may use before it flushes a segment, shared by its threads.
const WRITER_MEMORY: usize = 256 * 1024 * 1024;

/// An index with jianbao's schema and analyzer registered.
pub struct Store {
    pub index: Index,
    pub fields: Fields,
    path: PathBuf,
    dict: UserDict,
    segmenter: Segmenter,
}

/// What jianbao records with each commit, atomically with it (tantivy's commit payload).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Payload {
    version: String,
    /// The user dictionary the index was built with; queries must segment with it too.
    userdict: String,
}

impl Store {
    /// Opens the index in `dir`; [`Error::NoIndex`] if there is none.
    pub fn open(dir: &Path) -> Result<Store> {
        if !exists(dir) {
            return Err(Error::NoIndex(dir.to_owned()));
        }
        let index = Index::open_in_dir(dir).map_err(|e| index_error(dir, e))?;
        let (schema, fields) = schema::build();
        if index.schema() != schema {
            return Err(Error::Stale(dir.to_owned()));
        }
        let payload = read_payload(&index).map_err(|e| index_error(dir, e))?;
        let dict = UserDict::parse(&payload.userdict)?;
        Ok(Store::with(index, fields, dir, dict))
    }

    /// Opens the index in `dir`, or creates an empty one, to be filled with documents
    /// segmented with `dict`; an index with another schema is replaced, as `index`
    /// rebuilds everything anyway.
    pub fn create(dir: &Path, dict: UserDict) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        match Store::open(dir) {
            Ok(old) => return Ok(Store::with(old.index, old.fields, dir, dict)),
            Err(Error::NoIndex(_)) => {}
            Err(Error::Stale(_)) => remove_index_files(dir)?,
            Err(other) => return Err(other),
        }
        let (schema, fields) = schema::build();
        let index = Index::create_in_dir(dir, schema).map_err(|e| index_error(dir, e))?;
        Ok(Store::with(index, fields, dir, dict))
    }

    /// An empty index in memory, for tests.
    pub fn in_ram(dict: UserDict) -> Store {
        let (schema, fields) = schema::build();
        Store::with(Index::create_in_ram(schema), fields, Path::new(""), dict)
    }

    fn with(index: Index, fields: Fields, path: &Path, dict: UserDict) -> Store {
        let segmenter = Segmenter::with_user_dict(&dict);
        analysis::register(index.tokenizers(), &segmenter);
        Store { index, fields, path: path.to_owned(), dict, segmenter }
    }

    /// The segmenter of this index: queries must be cut as its documents were.
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// Commits what `writer` holds, recording how the index was built.
    pub fn commit(&self, writer: &mut IndexWriter) -> Result<()> {
        let payload =
            Payload { version: env!("CARGO_PKG_VERSION").to_owned(), userdict: self.dict.source().to_owned() };
        let payload = serde_json::to_string(&payload).unwrap_or_default();
        let mut prepared = writer.prepare_commit().map_err(|e| self.error(e))?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(|e| self.error(e))?;
        Ok(())
    }

    /// Where the index lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The writer; fails at once if another process holds it.
    pub fn writer(&self) -> Result<IndexWriter> {
        self.index.writer(WRITER_MEMORY).map_err(|e| self.error(e))
    }

    /// Wraps a tantivy error with this index's path.
    pub fn error(&self, e: TantivyError) -> Error {
        index_error(&self.path, e)
    }

    /// The tantivy document for a clipping.
    pub fn document(&self, doc: &Document) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::new();
        d.add_text(f.id, &doc.id);
        d.add_text(f.path, &doc.path);
        if let Some(title) = &doc.title {
            d.add_text(f.title, title);
            d.add_text(f.title_ngrams, title);
        }
        d.add_text(f.body, &doc.body);
        d.add_text(f.body_ngrams, &doc.body);
        for (field, value) in [(f.date, &doc.date), (f.source, &doc.source), (f.lang, &doc.lang), (f.url, &doc.url)] {
            if let Some(value) = value {
                d.add_text(field, value);
            }
        }
        d
    }
}

fn read_payload(index: &Index) -> tantivy::Result<Payload> {
    let payload = index.load_metas()?.payload.unwrap_or_default();
    Ok(serde_json::from_str(&payload).unwrap_or_default())
}

/// True if `dir` holds an index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

fn index_error(dir: &Path, e: TantivyError) -> Error {
    match e {
        TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked(dir.to_owned()),
        e => Error::Index { path: dir.to_owned(), source: e },
    }
}

/// Removes a tantivy index's files from `dir`, leaving anything else there alone.
fn remove_index_files(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name == "meta.json" || name == ".managed.json" || is_segment_file(&name);
        if ours {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        }
    }
    Ok(())
}

fn is_segment_file(name: &str) -> bool {
    let exts = ["idx", "pos", "term", "store", "fast", "fieldnorm", "del"];
    name.split_once('.').is_some_and(|(stem, ext)| {
        stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()) && exts.iter().any(|e| ext.starts_with(e))
    })
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Report {
    pub files: usize,
    pub documents: usize,
    pub bytes: u64,
    pub problems: Vec<Problem>,
    pub elapsed: Duration,
}

/// Replaces the contents of the index with the documents of `sources`.
///
/// Nothing is visible until the final commit: if the build fails or is killed, the index
/// keeps what it held before.
pub fn build(store: &Store, sources: &[Source], mut problems: Vec<Problem>) -> Result<Report> {
    let started = Instant::now();
    text::script::init()?;
    let mut writer = store.writer()?;
    writer.delete_all_documents().map_err(|e| store.error(e))?;
    let mut report = Report { files: sources.len(), ..Report::default() };
    for source in sources {
        let read = corpus::read(source);
        problems.extend(read.problems);
        for doc in read.documents {
            report.bytes += doc.body.len() as u64;
            report.documents += 1;
            writer.add_document(store.document(&doc)).map_err(|e| store.error(e))?;
        }
    }
    store.commit(&mut writer)?;
    writer.wait_merging_threads().map_err(|e| store.error(e))?;
    report.problems = problems;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The schema jianbao writes, for checks.
pub fn schema() -> Schema {
    schema::build().0
}
