//! The ids each saved search has reported, in a file of its own beside the saved
//! searches (`jianbao-alerts.NAME.ids`), one id a line, only ever appended to.
//!
//! A run reads it only when its search finds candidates (a run with nothing new reads
//! none), and appends what it reported, synced, before the saved searches record the
//! commit seen: a crash between the two leaves ids recorded as reported that the next
//! run finds again and leaves out, which is right, since they were printed. A line cut
//! short by a crash (no line break) is not an id.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The file of the ids saved search `name` of the index in `dir` has reported.
pub fn path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{}.{name}.ids", super::FILE_PREFIX))
}

/// The ids in the file at `path` (none if there is none), as [`line`] writes them.
pub fn read(path: &Path) -> Result<HashSet<String>> {
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    let whole = text.iter().rposition(|&b| b == b'\n').map_or(&[][..], |end| &text[..end]);
    let ids =
        whole.split(|&b| b == b'\n').filter(|id| !id.is_empty()).map(|id| String::from_utf8_lossy(id).into_owned());
    Ok(ids.collect())
}

/// Id `id` as a line of the file (and as [`read`] gives it back): a `.jsonl` id may hold a
/// line break, written `\n`, and so a `\` is written `\\`.
pub fn line(id: &str) -> Cow<'_, str> {
    if id.contains(['\\', '\n']) {
        Cow::Owned(id.replace('\\', "\\\\").replace('\n', "\\n"))
    } else {
        Cow::Borrowed(id)
    }
}

/// Appends `ids` to the file at `path`, and syncs it.
pub fn append<'a>(path: &Path, ids: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut lines = Vec::new();
    for id in ids {
        lines.extend_from_slice(line(id).as_bytes());
        lines.push(b'\n');
    }
    if lines.is_empty() {
        return Ok(());
    }
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(|e| Error::io(path, e))?;
    file.write_all(&lines).and_then(|()| file.sync_all()).map_err(|e| Error::io(path, e))
}

/// Removes the file at `path`, if there is one.
pub fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_appended_and_a_line_cut_short_is_not_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = path(dir.path(), "port");
        assert!(read(&file).unwrap().is_empty());
        append(&file, ["n1", "n10"].into_iter()).unwrap();
        append(&file, ["a/b.txt", "x\ny", "x\\ny"].into_iter()).unwrap();
        let mut cut = std::fs::OpenOptions::new().append(true).open(&file).unwrap();
        cut.write_all(b"n1000").unwrap();
        let ids = read(&file).unwrap();
        let expected: HashSet<String> = ["n1", "n10", "a/b.txt", "x\\ny", "x\\\\ny"].map(String::from).into();
        assert!(ids.contains(line("x\ny").as_ref()) && ids.contains(line("x\\ny").as_ref()));
        assert_eq!(ids, expected);
        remove(&file).unwrap();
        remove(&file).unwrap();
        assert!(read(&file).unwrap().is_empty());
    }
}
