//! Finding corpus files below the paths a user names.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

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
            match entry {
                Ok(entry) if entry.depth() == 1 && entry.file_name() == USER_DICT => {}
                Ok(entry) if entry.file_type().is_file() => {
                    if let Some(source) = source(base, entry.path()) {
                        sources.push(source);
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let path = e.path().unwrap_or(root).to_owned();
                    let message = e.io_error().map_or_else(|| e.to_string(), |io| io.to_string());
                    problems.push(Problem::new(&path, message));
                }
            }
        }
    }
    Ok((sources, problems))
}

fn source(base: &Path, file: &Path) -> Option<Source> {
    let kind = Kind::of(file)?;
    let relative = file.strip_prefix(base).unwrap_or(file);
    let id = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    Some(Source { file: file.to_owned(), id, kind })
}

fn is_hidden(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'))
}
