//! The library's error type: what can go wrong, said so that a user can act on it.

use std::path::PathBuf;

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no index at {0}: run `jianbao index` first")]
    NoIndex(PathBuf),
    #[error("the index at {0} was built with another analyzer or user dictionary: run `jianbao index --rebuild`")]
    Stale(PathBuf),
    #[error("the index at {0} is being written by another `jianbao index`; try again when it ends")]
    Locked(PathBuf),
    #[error("no space left on {0}")]
    NoSpace(PathBuf),
    #[error("{0}")]
    Roots(String),
    // Not named `source`: the message already holds it, and a source would be printed twice.
    #[error("{}: {cause}", path.display())]
    Io { path: PathBuf, cause: std::io::Error },
    #[error("empty query: {0:?} has no words to search for")]
    EmptyQuery(String),
    #[error("bad query: {0}")]
    BadQuery(String),
    #[error("{0}")]
    Script(String),
    #[error("user dictionary: {0}")]
    Dictionary(String),
    #[error("index {}: {}", path.display(), brief(cause))]
    Index { path: PathBuf, cause: tantivy::TantivyError },
}

/// A tantivy error cut to a readable length: some carry a whole file's content.
fn brief(e: &tantivy::TantivyError) -> String {
    const MAX_CHARS: usize = 200;
    let text = e.to_string();
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(MAX_CHARS) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_owned(),
    }
}

impl Error {
    /// An I/O error about `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let path = path.into();
        if source.kind() == std::io::ErrorKind::StorageFull {
            return Error::NoSpace(path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(&path).to_owned());
        }
        Error::Io { path, cause: source }
    }
}
