//! What a walk leaves out of a corpus folder, and why: `.jianbaoignore` files, the
//! folder's `--exclude` patterns and the metadata files that describe `.jsonl` data.
//!
//! - A `.jianbaoignore` in a folder holds patterns in `.gitignore` syntax (the `ignore`
//!   crate's matcher), relative to that folder, for everything below it. Of the files
//!   that match an entry, the deepest decides, and within a file the last matching
//!   pattern: `!pattern` takes an entry back in. A folder left out is not looked into, so
//!   nothing below it can be taken back in (as with git). `.gitignore` and `.ignore` are
//!   not read: a corpus folder may be a git repository whose rules are not about news.
//! - `--exclude` patterns, the same syntax relative to the corpus folder, leave entries
//!   out whatever the ignore files say.
//! - A metadata file ([`is_metadata_name`]) in a folder that holds `.jsonl` files, or
//!   whose folders do, is left out unless an ignore file takes it back in.
//!
//! A pattern that cannot be read is a warning naming its file and line, and only that
//! line is not used; an ignore file that cannot be read is an unreadable folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

use super::super::{Kind, Problem, Severity};

/// The name of the ignore files a walk reads.
pub const IGNORE_FILE: &str = ".jianbaoignore";

/// What a walk does with a folder or corpus file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Kept,
    /// By a `.jianbaoignore`.
    Ignored,
    /// By the folder's `--exclude` patterns.
    Excluded,
    /// A file that describes the `.jsonl` data beside it.
    Metadata,
}

/// What walking left out: counts of folders and corpus files (files of a kind the corpus
/// may hold); a folder left out counts once, what it holds is not looked at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeftOut {
    pub ignored_files: usize,
    pub ignored_folders: usize,
    pub excluded_files: usize,
    pub excluded_folders: usize,
    /// The metadata files left out, as their paths are shown ([`super::Source::id`]).
    pub metadata: Vec<String>,
}

impl LeftOut {
    /// Counts an entry left out by `verdict`; `shown` is how its path is shown.
    pub fn count(&mut self, verdict: Verdict, is_dir: bool, shown: impl FnOnce() -> String) {
        match (verdict, is_dir) {
            (Verdict::Kept, _) => {}
            (Verdict::Ignored, false) => self.ignored_files += 1,
            (Verdict::Ignored, true) => self.ignored_folders += 1,
            (Verdict::Excluded, false) => self.excluded_files += 1,
            (Verdict::Excluded, true) => self.excluded_folders += 1,
            (Verdict::Metadata, _) => self.metadata.push(shown()),
        }
    }

    /// `left out 1 metadata file beside .jsonl data (en-bbc/SOURCE.md); 2 files and 1
    /// folder by .jianbaoignore; 3 files by --exclude`, or `None` if nothing was.
    pub fn summary(&self) -> Option<String> {
        const LISTED: usize = 3;
        let mut parts = Vec::new();
        let n = self.metadata.len();
        if n > 0 {
            let mut names = self.metadata[..n.min(LISTED)].join(", ");
            if n > LISTED {
                names.push_str(", …");
            }
            parts.push(format!("{} beside .jsonl data ({names})", count(n, "metadata file")));
        }
        let by_rule = [
            (self.ignored_files, self.ignored_folders, IGNORE_FILE),
            (self.excluded_files, self.excluded_folders, "--exclude"),
        ];
        for (files, folders, by) in by_rule {
            let what = match (files, folders) {
                (0, 0) => continue,
                (n, 0) => count(n, "file"),
                (0, m) => count(m, "folder"),
                (n, m) => format!("{} and {}", count(n, "file"), count(m, "folder")),
            };
            parts.push(format!("{what} by {by}"));
        }
        (!parts.is_empty()).then(|| format!("left out {}", parts.join("; ")))
    }
}

/// `1 file`, `2 files`.
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Checks one `--exclude` pattern: it, or why it cannot be used.
pub fn check_pattern(pattern: &str) -> Result<String, String> {
    let mut builder = GitignoreBuilder::new("");
    builder.add_line(None, pattern).map_err(|e| why(&e))?;
    // A blank line, a `#` comment, a lone `!` or `/`: no pattern at all.
    if builder.build().map_err(|e| why(&e))?.is_empty() {
        return Err("no pattern, so it leaves nothing out (`--no-exclude` clears the patterns)".into());
    }
    Ok(pattern.to_owned())
}

/// The rules in force below one corpus folder, as a walk goes down it (depth first).
pub struct Rules {
    exclude: Gitignore,
    /// The ignore files of the folders above the entry looked at, outermost first, each
    /// with its folder's depth below the corpus folder.
    levels: Vec<(usize, Gitignore)>,
    /// Per folder: whether it, or a folder in it, holds `.jsonl` files.
    data_folders: HashMap<PathBuf, bool>,
}

impl Rules {
    /// The rules of corpus folder `root` with `--exclude` patterns `exclude`.
    pub fn new(root: &Path, exclude: &[String], problems: &mut Vec<Problem>) -> Rules {
        let mut builder = GitignoreBuilder::new(root);
        for pattern in exclude {
            if let Err(e) = builder.add_line(None, pattern) {
                let message = format!("--exclude pattern {pattern:?} held by the index: {}; not used", why(&e));
                problems.push(Problem::new(root, Severity::Warning, message));
            }
        }
        let exclude = build(&builder, root, problems);
        Rules { exclude, levels: Vec::new(), data_folders: HashMap::new() }
    }

    /// Enters folder `dir`, at `depth` below the corpus folder: reads its ignore file, if
    /// it has one. A problem with a pattern is added to `problems`; an ignore file that
    /// cannot be read is the error, a problem with the folder.
    pub fn enter(&mut self, dir: &Path, depth: usize, problems: &mut Vec<Problem>) -> Result<(), Problem> {
        self.levels.retain(|(d, _)| *d < depth);
        let file = dir.join(IGNORE_FILE);
        let bytes = match std::fs::read(&file) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            // The folder is then not read: what it would leave out is not known.
            Err(e) => {
                let message = format!("cannot read its {IGNORE_FILE}: {e}; skipped");
                return Err(Problem::new(dir, Severity::Unreadable, message));
            }
        };
        let mut builder = GitignoreBuilder::new(dir);
        for (at, line) in lines(&bytes).enumerate() {
            let warn = |message: String| Problem::at_line(&file, at + 1, Severity::Warning, message);
            match std::str::from_utf8(line) {
                Err(_) => problems.push(warn("not UTF-8; the line is not used".into())),
                Ok(text) => {
                    if let Err(e) = builder.add_line(Some(file.clone()), text) {
                        problems.push(warn(format!("bad pattern {text:?}: {}; the line is not used", why(&e))));
                    }
                }
            }
        }
        self.levels.push((depth, build(&builder, &file, problems)));
        Ok(())
    }

    /// What to do with `path`, at `depth` (at least 1) below the corpus folder, whose
    /// folders down to its own have been entered.
    pub fn verdict(&mut self, path: &Path, depth: usize, is_dir: bool) -> Verdict {
        self.levels.retain(|(d, _)| *d < depth);
        if self.exclude.matched(path, is_dir).is_ignore() {
            return Verdict::Excluded;
        }
        let decided = self.levels.iter().rev().map(|(_, g)| g.matched(path, is_dir)).find(|m| !m.is_none());
        let (ignored, taken_back) = (decided.as_ref().is_some_and(Match::is_ignore), decided.is_some());
        match (ignored, taken_back) {
            (true, _) => Verdict::Ignored,
            (false, true) => Verdict::Kept,
            (false, false) if !is_dir && self.is_metadata(path) => Verdict::Metadata,
            (false, false) => Verdict::Kept,
        }
    }

    fn is_metadata(&mut self, path: &Path) -> bool {
        let Some(folder) = path.parent().filter(|_| is_metadata_name(path)) else { return false };
        let known = self.data_folders.get(folder).copied();
        known.unwrap_or_else(|| {
            let holds = holds_data(folder, 1);
            self.data_folders.insert(folder.to_owned(), holds);
            holds
        })
    }
}

/// The names of files that describe data rather than report news: `README`, `SOURCE`,
/// `LICENSE`, `LICENCE` or `CHANGELOG`, in any case, with the ending of a file that holds
/// one clipping (`SOURCE.md`, `readme.txt`, `License.html`).
pub fn is_metadata_name(path: &Path) -> bool {
    const NAMES: &[&str] = &["readme", "source", "license", "licence", "changelog"];
    let Some(kind) = Kind::of(path).filter(|&k| !is_jsonl(k)) else { return false };
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let stem = Kind::ENDINGS.iter().filter(|(_, k)| *k == kind).find_map(|(ending, _)| name.strip_suffix(ending));
    stem.is_some_and(|s| NAMES.contains(&s))
}

/// True if folder `dir` holds a `.jsonl` (`.gz`, `.zst`) file, or one of its folders
/// does, down to `levels` below it.
fn holds_data(dir: &Path, levels: usize) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    let mut folders = Vec::new();
    for entry in entries.flatten() {
        let is_dir = entry.path().is_dir();
        if !is_dir && Kind::of(&entry.path()).is_some_and(is_jsonl) {
            return true;
        }
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if is_dir && !hidden {
            folders.push(entry.path());
        }
    }
    levels > 0 && folders.iter().any(|f| holds_data(f, levels - 1))
}

fn is_jsonl(kind: Kind) -> bool {
    matches!(kind, Kind::Jsonl | Kind::JsonlGz | Kind::JsonlZst)
}

/// The lines of an ignore file, without a byte order mark or `\r` line ends.
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes.split(|&b| b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l))
}

/// The matcher of the patterns in `builder`; none, with a warning about `from`, if they
/// cannot be put together (each was checked alone).
fn build(builder: &GitignoreBuilder, from: &Path, problems: &mut Vec<Problem>) -> Gitignore {
    builder.build().unwrap_or_else(|e| {
        let message = format!("patterns not used: {}", why(&e));
        problems.push(Problem::new(from, Severity::Warning, message));
        Gitignore::empty()
    })
}

/// What is wrong with a pattern, without the `ignore` crate's wrapping.
fn why(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Glob { err, .. } => err.clone(),
        e => e.to_string(),
    }
}

#[cfg(test)]
mod tests;
