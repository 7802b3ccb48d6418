//! Reading the corpus: files on disk into [`Document`]s.
//!
//! Clippings are whatever people saved: a `.txt`, `.md` (with YAML front matter) or
//! `.html`/`.htm` file is one document, whose id is its path below the corpus root; a
//! `.jsonl` file, plain or compressed (`.jsonl.gz`, `.jsonl.zst`), holds one article per
//! line (the format of the shared news corpus). Text in any common Chinese encoding is
//! decoded (module `decode`), dates are put in ISO form (module `date`).
//!
//! Nothing in a file can stop a run: a file or line that cannot be read, or a field that
//! cannot be understood, is reported as a [`Problem`] naming it, and only that part is
//! skipped, so one bad clipping never stops the others from being indexed.

mod date;
mod decode;
mod detect;
mod html;
mod jsonl;
mod markdown;
pub mod name;
mod walk;

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use decode::Decoded;

pub use walk::{covers, user_dicts, walk, walk_roots, Root, Source, Walk, Walked, USER_DICT};

/// What is known of a clipping besides its text: read from its file, stored in the
/// index, and shown with it by every output (search hits, `show`), under these names.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Meta {
    pub id: String,
    /// The file it came from, relative to its corpus root.
    pub path: String,
    pub title: Option<String>,
    /// ISO 8601: `YYYY-MM-DD`, or as much of it as is known.
    pub date: Option<String>,
    pub source: Option<String>,
    /// `zh-Hant`, `zh-Hans` or `en`, if known.
    pub lang: Option<String>,
    pub url: Option<String>,
}

/// A clipping, as read.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Document {
    #[serde(flatten)]
    pub meta: Meta,
    pub body: String,
}

impl Document {
    /// A clipping of `body` with id `id` and nothing else known.
    pub fn new(id: impl Into<String>, body: impl Into<String>) -> Document {
        Document { meta: Meta { id: id.into(), ..Meta::default() }, body: body.into() }
    }
}

/// A file, or a line of one, that was skipped, or read with a warning, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub severity: Severity,
    pub message: String,
    /// How many problems this one stands for: more than one when a file had so many of
    /// one kind that the rest are counted, not listed.
    pub count: usize,
}

/// What a problem did to what was indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Read and indexed, with something left out or replaced (a field, a byte).
    Warning,
    /// Not indexed, by its content (an empty file, a line that is not JSON): the file
    /// or line holds no clipping.
    Skipped,
    /// Could not be read (to its end): a permission, an I/O or a decompression error.
    /// What the index held of the part not read is kept, and the file is read again
    /// next time.
    Unreadable,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = name::escape(self.path.as_os_str());
        match self.line {
            Some(line) => write!(f, "{path}:{line}: {}", self.message),
            None => write!(f, "{path}: {}", self.message),
        }
    }
}

impl Problem {
    /// A problem with file `path` (not one of its lines).
    pub fn new(path: &Path, severity: Severity, message: impl Into<String>) -> Self {
        Problem { path: path.to_owned(), line: None, severity, message: message.into(), count: 1 }
    }

    /// A problem with line `line` of file `path`.
    pub fn at_line(path: &Path, line: usize, severity: Severity, message: impl Into<String>) -> Self {
        Problem { line: Some(line), ..Problem::new(path, severity, message) }
    }

    /// True if the file or line was not indexed at all (not just warned about).
    pub fn is_skip(&self) -> bool {
        self.severity != Severity::Warning
    }
}

/// The documents of one corpus file, and the problems met reading it.
#[derive(Debug, Default)]
pub struct Read {
    pub documents: Vec<Document>,
    pub problems: Vec<Problem>,
}

/// The kinds of file the corpus may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Markdown,
    Html,
    Jsonl,
    JsonlGz,
    JsonlZst,
}

impl Kind {
    /// File name endings, compared without regard to case, and the kinds they mark.
    const ENDINGS: &[(&str, Kind)] = &[
        (".txt", Kind::Text),
        (".md", Kind::Markdown),
        (".html", Kind::Html),
        (".htm", Kind::Html),
        (".jsonl", Kind::Jsonl),
        (".jsonl.gz", Kind::JsonlGz),
        (".jsonl.zst", Kind::JsonlZst),
    ];

    fn of(path: &Path) -> Option<Kind> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        Kind::ENDINGS.iter().find(|(ending, _)| name.ends_with(ending)).map(|&(_, kind)| kind)
    }
}

/// Reads one file found by [`walk`] whole; a document with an id read before replaces it.
pub fn read(source: &Source) -> Read {
    let mut documents: Vec<Document> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let problems = read_each(source, &mut |doc| match index.get(&doc.meta.id) {
        Some(&i) => documents[i] = doc,
        None => {
            index.insert(doc.meta.id.clone(), documents.len());
            documents.push(doc);
        }
    });
    Read { documents, problems }
}

/// Reads one file found by [`walk`], handing each document to `sink` as it is read, so
/// that a large `.jsonl` file is never held whole; returns the problems met. A document
/// whose id was handed over before, from the same file, replaces that one.
pub fn read_each(source: &Source, sink: &mut dyn FnMut(Document)) -> Vec<Problem> {
    if matches!(source.kind, Kind::Jsonl | Kind::JsonlGz | Kind::JsonlZst) {
        return jsonl::read_each(source, sink);
    }
    let read = read_single(source);
    read.documents.into_iter().for_each(sink);
    read.problems
}

/// Reads a file that holds one document.
fn read_single(source: &Source) -> Read {
    let mut read = Read::default();
    let Some(text) = load(source, &mut read.problems) else { return read };
    let document = match source.kind {
        Kind::Markdown => markdown::document(source, &text, &mut read.problems),
        Kind::Html => html::document(source, &text, &mut read.problems),
        _ => text_document(source, text),
    };
    if document.body.trim().is_empty() && document.meta.title.is_none() {
        read.problems.push(Problem::new(&source.file, Severity::Skipped, "no visible text; skipped"));
        return read;
    }
    let mut document = finish(document, source, None, &mut read.problems);
    detect::complete(&mut document);
    read.documents.push(document);
    read
}

/// The text of a file holding one document, or `None` with the problem that stopped it.
fn load(source: &Source, problems: &mut Vec<Problem>) -> Option<String> {
    let mut problem = |severity, message: String| problems.push(Problem::new(&source.file, severity, message));
    let decoded = match read_whole(&source.file).and_then(|bytes| decode_text(&bytes)) {
        Ok(decoded) => decoded,
        Err((severity, message)) => {
            problem(severity, message);
            return None;
        }
    };
    if decoded.replaced > 0 {
        let (n, encoding) = (decoded.replaced, decoded.encoding.name());
        problem(Severity::Warning, format!("{n} malformed byte sequence(s) in {encoding} replaced by U+FFFD"));
    }
    Some(decoded.text)
}

/// Files that hold one document are read whole; a larger one is surely not a clipping.
const MAX_FILE_BYTES: u64 = 64 << 20;

fn read_whole(path: &Path) -> Result<Vec<u8>, (Severity, String)> {
    let cannot = |e: std::io::Error| (Severity::Unreadable, format!("cannot read: {e}"));
    let file = File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    let too_large = || (Severity::Skipped, "larger than 64 MiB; skipped".to_owned());
    if len > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    // The file may have grown since its length was read.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn decode_text(bytes: &[u8]) -> Result<Decoded, (Severity, String)> {
    let empty = || (Severity::Skipped, "empty file; skipped".to_owned());
    if bytes.is_empty() {
        return Err(empty());
    }
    let decoded = decode::decode(bytes).map_err(|message| (Severity::Skipped, format!("{message}; skipped")))?;
    if decoded.text.trim().is_empty() {
        return Err(empty());
    }
    Ok(decoded)
}

/// Checks what a reader found in file `source` (at `line`): control characters go, blank
/// fields become `None`, and a date is put in ISO form, or taken from the file name when
/// the file gives none.
fn finish(mut document: Document, source: &Source, line: Option<usize>, problems: &mut Vec<Problem>) -> Document {
    let d = &mut document;
    for field in [&mut d.meta.title, &mut d.meta.date, &mut d.meta.source, &mut d.meta.lang, &mut d.meta.url] {
        *field = field.take().and_then(tidy);
    }
    if let Cow::Owned(clean) = decode::strip_controls(&document.body) {
        document.body = clean;
    }
    document.meta.date = match document.meta.date.take() {
        Some(given) => date::normalize(&given).or_else(|| {
            let message = format!("date {given:?} not understood; read without a date");
            let path = &source.file;
            problems.push(match line {
                Some(line) => Problem::at_line(path, line, Severity::Warning, message),
                None => Problem::new(path, Severity::Warning, message),
            });
            None
        }),
        None => source.file.file_name().and_then(|n| date::from_file_name(&n.to_string_lossy())),
    };
    document
}

/// A metadata field without control characters or surrounding white space, if anything is left.
fn tidy(field: String) -> Option<String> {
    let clean = decode::strip_controls(&field);
    let trimmed = clean.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// The document of a `.txt` file: its text, titled by its headline if it has one.
fn text_document(source: &Source, text: String) -> Document {
    let (id, path, title) = (source.id.clone(), source.id.clone(), detect::title(&text));
    Document { meta: Meta { id, path, title, ..Meta::default() }, body: text }
}

/// The first non-empty line, trimmed, as a title.
fn first_line(text: &str) -> Option<String> {
    const MAX_CHARS: usize = 200;
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    Some(line.chars().take(MAX_CHARS).collect())
}

#[cfg(test)]
mod tests;
