//! Finding corpus files below the paths a user names, with the size and modification
//! time that let a rebuild skip files that have not changed.

use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use walkdir::{DirEntry, WalkDir};

use super::{Kind, Problem};
use crate::{Error, Result};

/// A corpus folder's own user dictionary (see [`user_dicts`]); not a clipping.
pub const USER_DICT: &str = "userdict.txt";

/// The user dictionaries of corpus folders `roots` that have one.
pub fn user_dicts(roots: &[PathBuf]) -> Vec<PathBuf> {
    roots.iter().map(|r| r.join(USER_DICT)).filter(|p| p.is_file()).collect()
}

/// A corpus file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub file: PathBuf,
    /// Its path below the corpus root, with `/` separators: the id of a text document.
    pub id: String,
    pub kind: Kind,
    /// Length in bytes, of the file a symlink points to.
    pub size: u64,
    /// Last modification, in nanoseconds since the Unix epoch; 0 if the system cannot tell.
    pub modified_ns: u64,
}

/// Lists the corpus files below `roots` (folders or files), in a stable order.
///
/// A root that does not exist is an error; a file or folder below it that cannot be
/// read (permissions, a symlink loop) is a [`Problem`].
pub fn walk(roots: &[PathBuf]) -> Result<(Vec<Source>, Vec<Problem>)> {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for root in roots {
        let meta = std::fs::metadata(root).map_err(|e| Error::io(root, e))?;
        let base = if meta.is_dir() { root.as_path() } else { root.parent().unwrap_or(Path::new("")) };
        let entries = WalkDir::new(root).follow_links(true).sort_by_file_name();
        for entry in entries.into_iter().filter_entry(|e| e.depth() == 0 || !is_hidden(e.path())) {
            match entry.map_err(|e| walk_problem(root, &e)).and_then(|e| source(base, &e)) {
                Ok(Some(source)) => sources.push(source),
                Ok(None) => {}
                Err(problem) => problems.push(problem),
            }
        }
    }
    Ok((sources, problems))
}

/// The corpus file `entry` stands for, if it is one.
fn source(base: &Path, entry: &DirEntry) -> Result<Option<Source>, Problem> {
    let is_user_dict = entry.depth() == 1 && entry.file_name() == USER_DICT;
    let kind = match Kind::of(entry.path()) {
        Some(kind) if entry.file_type().is_file() && !is_user_dict => kind,
        _ => return Ok(None),
    };
    let file = entry.path();
    let meta = entry.metadata().map_err(|e| walk_problem(file, &e))?;
    let relative = file.strip_prefix(base).unwrap_or(file);
    let id = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    Ok(Some(Source { file: file.to_owned(), id, kind, size: meta.len(), modified_ns: modified_ns(&meta) }))
}

fn modified_ns(meta: &Metadata) -> u64 {
    let since_epoch = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    since_epoch.map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

fn walk_problem(fallback: &Path, e: &walkdir::Error) -> Problem {
    let path = e.path().unwrap_or(fallback);
    // A symlink loop has no I/O error behind it; walkdir's own message names both ends.
    let message = e.io_error().map_or_else(|| e.to_string(), |io| io.to_string());
    Problem::new(path, format!("{message}; skipped"))
}

fn is_hidden(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'))
}
