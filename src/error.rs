//! The library's error type: what can go wrong, said so that a user can act on it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::TantivyError;

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no index at {0}: build one with `jianbao index [FOLDER…]` here, or name one with --index DIR")]
    NoIndex(PathBuf),
    #[error("{0} is a file, not an index folder: name a folder with --index DIR")]
    NotAFolder(PathBuf),
    #[error("the index at {0} was built with another analyzer or user dictionary: run `jianbao index --rebuild`")]
    Stale(PathBuf),
    #[error("the index at {0} is being written by another `jianbao index`; try again when it ends")]
    Locked(PathBuf),
    #[error("no space left on {0}")]
    NoSpace(PathBuf),
    #[error("{0}")]
    Roots(String),
    /// About saved searches: a name unknown or taken, the file in use.
    #[error("{0}")]
    Alerts(String),
    // Not named `source`: the message already holds it, and a source would be printed twice.
    #[error("{}: {cause}", path.display())]
    Io { path: PathBuf, cause: std::io::Error },
    #[error("empty query: {0:?} has no words to search for")]
    EmptyQuery(String),
    #[error("bad query: {0}")]
    BadQuery(String),
    /// A stretch of time too long to count by the unit asked for.
    #[error("{0}")]
    Range(String),
    #[error("{0}")]
    Script(String),
    /// About a remote engine: a query it cannot answer exactly, an unreachable or failing
    /// server, an index of another analyzer ([`crate::remote`]).
    #[error("{0}")]
    Remote(String),
    #[error("user dictionary: {0}")]
    Dictionary(String),
    /// A file of the index is missing, truncated or does not hold what it should.
    #[error("the index at {} is damaged{}: run `jianbao index --rebuild`", path.display(), why.as_ref().map(|w| format!(" ({w})")).unwrap_or_default())]
    Damaged { path: PathBuf, why: Option<String> },
    #[error("index {}: {}", path.display(), describe(cause))]
    Index { path: PathBuf, cause: TantivyError },
}

/// A tantivy error in words: tantivy's own messages of I/O errors are Rust debug dumps.
fn describe(e: &TantivyError) -> String {
    match e {
        TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, filepath }) => {
            format!("{}: {io_error}", filepath.display())
        }
        TantivyError::OpenDirectoryError(OpenDirectoryError::IoError { io_error, directory_path }) => {
            format!("{}: {io_error}", directory_path.display())
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!("{}: {io_error}", filepath.display())
        }
        TantivyError::LockFailure(LockError::IoError(io_error), _) => format!("cannot take its lock: {io_error}"),
        e => brief(e),
    }
}

/// A tantivy error cut to a readable length: some carry a whole file's content.
fn brief(e: &impl std::fmt::Display) -> String {
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

    /// The damage or failure a tantivy error about the index in `dir` stands for.
    pub fn index(dir: &Path, e: TantivyError) -> Self {
        let damaged = |why: String| Error::Damaged { path: dir.to_owned(), why: Some(why) };
        match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked(dir.to_owned()),
            TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
                damaged(format!("{} is missing", file.display()))
            }
            TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) if is_damage(&io_error) => {
                damaged(format!("{}: {io_error}", filepath.display()))
            }
            TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
                Error::io(dir.join(filepath), unshared(&io_error))
            }
            TantivyError::IoError(io_error) if is_damage(&io_error) => damaged(brief(&io_error)),
            TantivyError::IoError(io_error) => Error::io(dir, unshared(&io_error)),
            TantivyError::DataCorruption(corruption) => damaged(corruption_text(&format!("{corruption:?}"))),
            // A stored document that does not decode.
            TantivyError::DeserializeError(e) => damaged(brief(&e)),
            e => Error::Index { path: dir.to_owned(), cause: e },
        }
    }
}

/// True for the I/O errors of reading data that is not what it should be: tantivy reads
/// mapped memory, so an error that no system call gave (`Other`, no OS code) is about what
/// it read, like its decoders' (zstd, sstable) errors.
fn is_damage(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{InvalidData, Other, UnexpectedEof};
    matches!(e.kind(), InvalidData | UnexpectedEof) || (e.kind() == Other && e.raw_os_error().is_none())
}

fn unshared(e: &Arc<std::io::Error>) -> std::io::Error {
    std::io::Error::new(e.kind(), e.to_string())
}

/// `FILE: what` from the only text tantivy's `DataCorruption` gives, its debug form
/// ``Data corruption (in file `"meta.json"`): Meta file cannot be deserialized. Error(...). Content: ...``:
/// the file and the first clause (what follows is a debug dump and the file's content).
fn corruption_text(debug: &str) -> String {
    let rest = debug.strip_prefix("Data corruption").unwrap_or(debug);
    let (file, what) = match rest.strip_prefix(" (in file `").and_then(|r| r.split_once("`): ")) {
        Some((file, what)) => (Some(file.trim_matches('"')), what),
        None => (None, rest.trim_start_matches(": ")),
    };
    let first = what.split([':', '.']).next().unwrap_or(what);
    let what = brief(&first.trim());
    match file {
        Some(file) => format!("{file}: {what}"),
        None => what,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tantivy_errors_read_as_damage_naming_the_file() {
        let dir = Path::new("idx");
        let io = |kind, text: &str| Arc::new(std::io::Error::new(kind, text.to_owned()));
        let cases: Vec<(TantivyError, &str)> = vec![
            (
                TantivyError::OpenReadError(OpenReadError::FileDoesNotExist("a.idx".into())),
                "the index at idx is damaged (a.idx is missing): run `jianbao index --rebuild`",
            ),
            (
                TantivyError::OpenReadError(OpenReadError::IoError {
                    io_error: io(std::io::ErrorKind::InvalidData, "bad footer"),
                    filepath: "a.store".into(),
                }),
                "the index at idx is damaged (a.store: bad footer): run `jianbao index --rebuild`",
            ),
            (
                TantivyError::OpenReadError(OpenReadError::IoError {
                    io_error: io(std::io::ErrorKind::PermissionDenied, "Permission denied"),
                    filepath: "meta.json".into(),
                }),
                "idx/meta.json: Permission denied",
            ),
            (
                TantivyError::DataCorruption(tantivy::error::DataCorruption::new(
                    "meta.json".into(),
                    "Meta file cannot be deserialized. Error(\"x\", line: 1). Content: \"{}\"".into(),
                )),
                "the index at idx is damaged (meta.json: Meta file cannot be deserialized): run `jianbao index --rebuild`",
            ),
            (
                TantivyError::DataCorruption(tantivy::error::DataCorruption::new(
                    ".managed.json".into(),
                    "Managed file cannot be deserialized: Error(\"EOF\", line: 1, column: 0). ".into(),
                )),
                "the index at idx is damaged (.managed.json: Managed file cannot be deserialized): run `jianbao index --rebuild`",
            ),
            (
                TantivyError::DataCorruption(tantivy::error::DataCorruption::comment_only("Bad term info.")),
                "the index at idx is damaged (Bad term info): run `jianbao index --rebuild`",
            ),
            (
                TantivyError::OpenWriteError(OpenWriteError::IoError {
                    io_error: io(std::io::ErrorKind::StorageFull, "No space left on device"),
                    filepath: "b.pos".into(),
                }),
                "index idx: b.pos: No space left on device",
            ),
        ];
        for (e, expected) in cases {
            let text = Error::index(dir, e).to_string();
            assert_eq!(text, expected);
            assert!(!text.contains("IoError {") && !text.contains("Custom {"), "{text}");
        }
    }
}
