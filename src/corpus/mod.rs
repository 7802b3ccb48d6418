//! Reading the corpus: files on disk into [`Document`]s.
//!
//! A `.txt` or `.md` file is one document, whose id is its path below the corpus root; a
//! `.jsonl` file holds one article per line (the format of the shared news corpus). A
//! file or line that cannot be read is reported as a [`Problem`] and skipped: one bad
//! clipping never stops the others from being indexed.

mod date;
mod jsonl;
mod walk;

use std::fmt;
use std::path::{Path, PathBuf};

pub use walk::{user_dicts, walk, Source, USER_DICT};

/// A clipping, as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    /// The file it came from, relative to its corpus root.
    pub path: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub lang: Option<String>,
    pub url: Option<String>,
    pub body: String,
}

/// A file, or a line of one, that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl Problem {
    fn new(path: &Path, message: impl Into<String>) -> Self {
        Problem { path: path.to_owned(), line: None, message: message.into() }
    }
}

/// The documents of one corpus file, and the problems met reading it.
#[derive(Debug, Default)]
pub struct Read {
    pub documents: Vec<Document>,
    pub problems: Vec<Problem>,
}

/// Reads one file found by [`walk`].
pub fn read(source: &Source) -> Read {
    let bytes = match std::fs::read(&source.file) {
        Ok(bytes) => bytes,
        Err(e) => return Read { documents: vec![], problems: vec![Problem::new(&source.file, e.to_string())] },
    };
    let text = match decode(&bytes) {
        Some(text) => text,
        None => {
            let problem = Problem::new(&source.file, "not UTF-8 text; skipped");
            return Read { documents: vec![], problems: vec![problem] };
        }
    };
    match source.kind {
        Kind::Jsonl => jsonl::read(source, text),
        Kind::Text => Read::one(source, text_document(source, text)),
        Kind::Markdown => Read::one(source, markdown_document(source, text)),
    }
}

impl Read {
    fn one(source: &Source, document: Document) -> Read {
        let mut read = Read::default();
        let document = finish(document, source, None, &mut read.problems);
        read.documents.push(document);
        read
    }
}

/// Checks what a reader found in file `source` (at `line`): a date is put in ISO form, or
/// taken from the file name when the file gives none.
fn finish(mut document: Document, source: &Source, line: Option<usize>, problems: &mut Vec<Problem>) -> Document {
    document.date = match document.date.take().filter(|d| !d.trim().is_empty()) {
        Some(given) => date::normalize(&given).or_else(|| {
            let message = format!("date {given:?} not understood; read without a date");
            problems.push(Problem { path: source.file.clone(), line, message });
            None
        }),
        None => source.file.file_name().and_then(|n| date::from_file_name(&n.to_string_lossy())),
    };
    document
}

/// The kinds of file the corpus may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Markdown,
    Jsonl,
}

impl Kind {
    /// File name endings, compared without regard to case, and the kinds they mark.
    const ENDINGS: &[(&str, Kind)] = &[(".txt", Kind::Text), (".md", Kind::Markdown), (".jsonl", Kind::Jsonl)];

    fn of(path: &Path) -> Option<Kind> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        Kind::ENDINGS.iter().find(|(ending, _)| name.ends_with(ending)).map(|&(_, kind)| kind)
    }
}

fn decode(bytes: &[u8]) -> Option<&str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).ok()
}

fn text_document(source: &Source, text: &str) -> Document {
    Document {
        id: source.id.clone(),
        path: source.id.clone(),
        title: first_line(text),
        body: text.to_owned(),
        ..Document::default()
    }
}

fn markdown_document(source: &Source, text: &str) -> Document {
    let (front, body) = split_front_matter(text);
    let field = |key: &str| front.iter().find(|(k, _)| *k == key).map(|(_, v)| v.to_string());
    Document {
        id: source.id.clone(),
        path: source.id.clone(),
        title: field("title").or_else(|| first_line(body).map(|t| t.trim_start_matches('#').trim().to_owned())),
        date: field("date"),
        source: field("source"),
        lang: field("lang"),
        url: field("url"),
        body: body.to_owned(),
    }
}

/// The first non-empty line, trimmed, as a title.
fn first_line(text: &str) -> Option<String> {
    const MAX_CHARS: usize = 200;
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    Some(line.chars().take(MAX_CHARS).collect())
}

/// Splits flat `key: value` front matter between `---` lines from the body.
fn split_front_matter(text: &str) -> (Vec<(&str, &str)>, &str) {
    let Some(rest) = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n")) else {
        return (vec![], text);
    };
    let Some(end) = rest.find("\n---").filter(|&i| rest[i + 4..].starts_with(['\n', '\r']) || rest.len() == i + 4)
    else {
        return (vec![], text);
    };
    let fields = rest[..end]
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim(), v.trim().trim_matches(['"', '\''])))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']);
    (fields, body)
}

#[cfg(test)]
mod tests;
