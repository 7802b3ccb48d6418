//! Finding corpus files below the folders an index holds, with the size and modification
//! time that let an update skip files that have not changed.
//!
//! Each folder (or single file) an index holds is a [`Root`]. A clipping's path, and so
//! the id of a `.txt`, `.md` or `.html` clipping, is its path below the root, after the
//! root's label: the first root of an index has none (`2024/03/a.txt`), each later one
//! its name (`takungpao/2024-03-14.txt`), so that the same file name in two folders
//! never gives one id. Where a path of the unlabelled root would begin like a labelled
//! root's paths, it is written `./…` instead. File names are escaped losslessly
//! ([`super::name`]).
//!
//! Hidden files and folders are not walked, nor symbolic links out of the root unless
//! asked; what a folder's rules leave out (`.jianbaoignore` files, the root's `--exclude`
//! patterns, metadata beside `.jsonl` data: [`rules`]) is counted in [`LeftOut`].

use std::cell::RefCell;
use std::fs::Metadata;
use std::path::{Component, Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use walkdir::{DirEntry, WalkDir};

use super::{name, Kind, Problem, Severity};
use crate::{Error, Result};

mod rules;

use rules::{LeftOut, Rules, Verdict};

/// A corpus folder's own user dictionary (see [`user_dicts`]); not a clipping.
pub const USER_DICT: &str = "userdict.txt";

/// The user dictionaries of corpus folders `roots` that have one.
pub fn user_dicts(roots: &[PathBuf]) -> Vec<PathBuf> {
    roots.iter().map(|r| r.join(USER_DICT)).filter(|p| p.is_file()).collect()
}

/// A corpus folder, or single corpus file, that an index holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Root {
    /// Never reused within an index: the file keys of its clippings begin with it.
    pub id: u32,
    /// Its canonical path, escaped ([`name::escape`]).
    pub path: String,
    /// What the paths of its clippings begin with: empty, or names joined by `/`.
    pub label: String,
    /// The `--exclude` patterns of a folder, as given ([`rules`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

impl Root {
    /// The root for folder or file `dir` (canonical), to be held beside `held`: the first
    /// one without a label, a later one labelled with its name, or with as many of its
    /// parents' names before it as it takes to tell it from the others.
    pub fn new(dir: &Path, held: &[Root]) -> Root {
        let id = held.iter().map(|r| r.id + 1).max().unwrap_or(0);
        let path = name::escape(dir.as_os_str());
        if !held.iter().any(|r| r.label.is_empty()) {
            return Root { id, path, label: String::new(), exclude: Vec::new() };
        }
        let names: Vec<String> = dir
            .components()
            .filter_map(|c| match c {
                Component::Normal(n) => Some(name::escape(n)),
                _ => None,
            })
            .collect();
        let unlabelled = held.iter().find(|r| r.label.is_empty()).map(Root::dir);
        let free = |label: &str| {
            let clashes = held.iter().any(|r| {
                !r.label.is_empty() && (r.label == label || is_below(label, &r.label) || is_below(&r.label, label))
            });
            let in_unlabelled = unlabelled.as_ref().is_some_and(|d| d.is_dir() && d.join(label).exists());
            !clashes && !in_unlabelled
        };
        let candidates = (1..=names.len()).map(|n| names[names.len() - n..].join("/"));
        let label = candidates
            .chain((2..).map(|i| format!("{}~{i}", names.last().map_or("corpus", String::as_str))))
            .find(|l| !l.is_empty() && free(l))
            .unwrap_or_default();
        Root { id, path, label, exclude: Vec::new() }
    }

    /// Checks one `--exclude` pattern (`.gitignore` syntax): it, or why it cannot be used.
    pub fn check_exclude(pattern: &str) -> std::result::Result<String, String> {
        rules::check_pattern(pattern)
    }

    /// Its path on disk.
    pub fn dir(&self) -> PathBuf {
        name::unescape(&self.path).map_or_else(|| PathBuf::from(&self.path), PathBuf::from)
    }

    /// The key of its file at `rel` (escaped, `/`-separated, empty for a root that is a
    /// file): what the index files the clippings of that file under.
    pub fn key(&self, rel: &str) -> String {
        format!("{}:{rel}", self.id)
    }
}

/// True if path `a` lies below path `b` (both `/`-separated, relative).
fn is_below(a: &str, b: &str) -> bool {
    a.strip_prefix(b).is_some_and(|rest| rest.starts_with('/'))
}

/// Part of a root to walk: all of it, or a folder or file below it.
#[derive(Debug, Clone)]
pub struct Walk {
    pub root: Root,
    /// Canonical; the root's own path, or below it.
    pub start: PathBuf,
}

impl Walk {
    /// The key prefix (as for [`covers`]) of the files this walk covers.
    pub fn key_prefix(&self) -> String {
        let dir = self.root.dir();
        let start = if dir.is_dir() { rel(&dir, &self.start) } else { String::new() };
        self.root.key(&start)
    }
}

/// True if file key `key` is `prefix` or lies below it (a prefix ending in `:` is a root).
pub fn covers(prefix: &str, key: &str) -> bool {
    key.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || prefix.ends_with(':') || rest.starts_with('/'))
}

/// What walking found.
#[derive(Debug, Default)]
pub struct Walked {
    pub sources: Vec<Source>,
    pub problems: Vec<Problem>,
    /// The keys (or key prefixes, as for [`covers`]) of files and folders that could not
    /// be read: what the index holds of them is not gone.
    pub unread: Vec<String>,
    /// What the rules of the corpus folders left out: gone from the corpus.
    pub left_out: LeftOut,
}

/// A corpus file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub file: PathBuf,
    /// Its path as shown (the root's label, then its path below the root, with `/`
    /// separators): the id of a text document.
    pub id: String,
    /// What the index files its clippings under: its root's id and its path below it.
    pub key: String,
    pub kind: Kind,
    /// Length in bytes, of the file a symlink points to.
    pub size: u64,
    /// Last modification, in nanoseconds since the Unix epoch; 0 if the system cannot tell.
    pub modified_ns: u64,
}

/// Lists the corpus files below `roots` (folders or files), in a stable order, as a new
/// index would hold them (the first root unlabelled, the others labelled).
///
/// A root that does not exist is an error; a file or folder below it that cannot be
/// read (permissions, a symlink loop) is a [`Problem`].
pub fn walk(roots: &[PathBuf]) -> Result<(Vec<Source>, Vec<Problem>)> {
    let mut held: Vec<Root> = Vec::new();
    let mut walks = Vec::new();
    for root in roots {
        let dir = root.canonicalize().map_err(|e| Error::io(root, e))?;
        let root = Root::new(&dir, &held);
        held.push(root.clone());
        walks.push(Walk { root, start: dir });
    }
    let walked = walk_roots(&walks, &held, false);
    Ok((walked.sources, walked.problems))
}

/// Lists the corpus files of `walks`, in a stable order; `held` are all the roots of the
/// index (whose labels decide how paths are written). Symbolic links that lead out of
/// their root are not followed, unless `follow` says so. What the rules of a folder leave
/// out ([`rules`]) is counted, not listed; a partial walk applies the ignore files of the
/// folders above its start, so that it sees what a whole one sees.
pub fn walk_roots(walks: &[Walk], held: &[Root], follow: bool) -> Walked {
    let mut walked = Walked::default();
    let labels: Vec<&str> = held.iter().map(|r| r.label.as_str()).filter(|l| !l.is_empty()).collect();
    for walk in walks {
        walk_one(walk, &labels, follow, &mut walked);
    }
    walked
}

fn walk_one(walk: &Walk, labels: &[&str], follow: bool, walked: &mut Walked) {
    let dir = walk.root.dir();
    let is_file_root = !dir.is_dir();
    let base = if is_file_root { dir.parent().unwrap_or(Path::new("")).to_owned() } else { dir.clone() };
    // A root that is a file has no folder for rules to be in.
    let mut rules = None;
    if !is_file_root {
        match rules_at_start(walk, &dir, labels, walked) {
            Some(r) => rules = Some(r),
            None => return,
        }
    }
    let start_depth =
        if is_file_root { 0 } else { walk.start.strip_prefix(&dir).map_or(0, |r| r.components().count()) };
    let problems = RefCell::new(Vec::new());
    let mut record = |problem: Problem| {
        if problem.severity == Severity::Unreadable {
            let rel = if is_file_root { String::new() } else { rel(&base, &problem.path) };
            walked.unread.push(walk.root.key(&rel));
        }
        problems.borrow_mut().push(problem);
    };
    let keep = |e: &DirEntry| keep(e, follow, &dir, &problems);
    let mut entries = WalkDir::new(&walk.start).follow_links(true).sort_by_file_name().into_iter().filter_entry(keep);
    while let Some(entry) = entries.next() {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                record(walk_problem(&walk.start, &e));
                continue;
            }
        };
        let rel = if is_file_root { String::new() } else { rel(&base, e.path()) };
        let shown = || shown(&walk.root, &rel, e.path(), labels);
        if let Some(rules) = rules.as_mut() {
            let verdict = judge(rules, &e, start_depth + e.depth(), &rel, &mut problems.borrow_mut());
            match verdict {
                Ok(Verdict::Kept) => {}
                Ok(verdict) => {
                    let is_dir = e.file_type().is_dir();
                    walked.left_out.count(verdict, is_dir, shown);
                    if is_dir {
                        entries.skip_current_dir();
                    }
                    continue;
                }
                Err(problem) => {
                    entries.skip_current_dir();
                    record(problem);
                    continue;
                }
            }
        }
        match source(&walk.root, rel.clone(), shown(), &e) {
            Ok(Some(source)) => walked.sources.push(source),
            Ok(None) => {}
            Err(problem) => record(problem),
        }
    }
    walked.problems.extend(problems.into_inner());
}

/// The rules below the root of `walk` (a folder, `dir`), after judging its start by those
/// of the folders above it: `None` if they leave it out, or cannot be read (as `walked`
/// then records), and nothing is to be walked.
fn rules_at_start(walk: &Walk, dir: &Path, labels: &[&str], walked: &mut Walked) -> Option<Rules> {
    let mut rules = Rules::new(dir, &walk.root.exclude, &mut walked.problems);
    match above(&mut rules, dir, &walk.start, &mut walked.problems) {
        Ok(Verdict::Kept) => Some(rules),
        Ok(verdict) => {
            let rel = rel(dir, &walk.start);
            let shown = || shown(&walk.root, &rel, &walk.start, labels);
            walked.left_out.count(verdict, walk.start.is_dir(), shown);
            None
        }
        Err(problem) => {
            walked.unread.push(walk.key_prefix());
            walked.problems.push(problem);
            None
        }
    }
}

/// False for an entry not to walk: a hidden one, or a symbolic link out of the corpus
/// folder `dir` unless `follow` (with a problem).
fn keep(e: &DirEntry, follow: bool, dir: &Path, problems: &RefCell<Vec<Problem>>) -> bool {
    if e.depth() > 0 && is_hidden(e.path()) {
        return false;
    }
    if follow || !e.path_is_symlink() {
        return true;
    }
    match e.path().canonicalize() {
        Ok(target) if target.starts_with(dir) => true,
        Ok(target) => {
            let message = format!(
                "symbolic link to {}, outside the corpus folder: not followed (`--follow` follows it)",
                name::escape(target.as_os_str())
            );
            problems.borrow_mut().push(Problem::new(e.path(), Severity::Skipped, message));
            false
        }
        // A dangling link: walkdir reports it.
        Err(_) => true,
    }
}

/// What `rules` do with entry `e`, at `depth` below its corpus folder (a folder that is
/// kept is entered: its ignore file read, which may fail). The start of a walk was
/// judged by [`above`].
fn judge(
    rules: &mut Rules,
    e: &DirEntry,
    depth: usize,
    rel: &str,
    problems: &mut Vec<Problem>,
) -> Result<Verdict, Problem> {
    let is_dir = e.file_type().is_dir();
    let is_corpus_file = Kind::of(e.path()).is_some() && rel != USER_DICT;
    if e.depth() > 0 && (is_dir || is_corpus_file) {
        let verdict = rules.verdict(e.path(), depth, is_dir);
        if verdict != Verdict::Kept {
            return Ok(verdict);
        }
    }
    if is_dir {
        rules.enter(e.path(), depth, problems)?;
    }
    Ok(Verdict::Kept)
}

/// What `rules` do with `start`, below corpus folder `dir`, by the ignore files of the
/// folders from `dir` down to it, which are entered.
fn above(rules: &mut Rules, dir: &Path, start: &Path, problems: &mut Vec<Problem>) -> Result<Verdict, Problem> {
    let below = start.strip_prefix(dir).unwrap_or(Path::new(""));
    let mut folder = dir.to_owned();
    for (depth, part) in below.components().enumerate() {
        rules.enter(&folder, depth, problems)?;
        folder.push(part);
        let verdict = rules.verdict(&folder, depth + 1, folder.is_dir());
        if verdict != Verdict::Kept {
            return Ok(verdict);
        }
    }
    Ok(Verdict::Kept)
}

/// The path shown for the file at `rel` of `root`: see the module.
fn shown(root: &Root, rel: &str, file: &Path, labels: &[&str]) -> String {
    if rel.is_empty() {
        // A root that is a file.
        return if root.label.is_empty() {
            file.file_name().map(name::escape).unwrap_or_default()
        } else {
            root.label.clone()
        };
    }
    if !root.label.is_empty() {
        return format!("{}/{rel}", root.label);
    }
    if labels.iter().any(|l| rel == *l || is_below(rel, l)) {
        return format!("./{rel}");
    }
    rel.to_owned()
}

/// The path of `path` below `base`, escaped and `/`-separated.
fn rel(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative.components().map(|c| name::escape(c.as_os_str())).collect::<Vec<_>>().join("/")
}

/// The corpus file `entry` stands for, if it is one.
fn source(root: &Root, rel: String, shown: String, entry: &DirEntry) -> Result<Option<Source>, Problem> {
    // Only the root's own: a partial walk must see what a whole one sees.
    let is_user_dict = rel == USER_DICT;
    let Some(kind) = Kind::of(entry.path()).filter(|_| !is_user_dict) else { return Ok(None) };
    let file_type = entry.file_type();
    if file_type.is_dir() {
        return Ok(None);
    }
    let file = entry.path();
    if !file_type.is_file() {
        let what = special_file(&file_type);
        return Err(Problem::new(file, Severity::Skipped, format!("not a regular file ({what}); skipped")));
    }
    let meta = entry.metadata().map_err(|e| walk_problem(file, &e))?;
    let key = root.key(&rel);
    Ok(Some(Source { file: file.to_owned(), id: shown, key, kind, size: meta.len(), modified_ns: modified_ns(&meta) }))
}

fn special_file(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    let _ = file_type;
    "not a file"
}

fn modified_ns(meta: &Metadata) -> u64 {
    let since_epoch = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    since_epoch.map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

fn walk_problem(fallback: &Path, e: &walkdir::Error) -> Problem {
    let path = e.path().unwrap_or(fallback);
    // A symlink loop has no I/O error behind it; walkdir's own message names both ends.
    let message = e.io_error().map_or_else(|| e.to_string(), |io| io.to_string());
    Problem::new(path, Severity::Unreadable, format!("{message}; skipped"))
}

fn is_hidden(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'))
}
