//! `jianbao index`: bring the index up to date with the corpus files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::ProgressBar;

use jianbao::analysis::UserDict;
use jianbao::corpus::{self, Root};
use jianbao::index::{self, Options, Plan, Report, Store, WriteLock};

use crate::cli::IndexArgs;

/// What to index: the arguments of `jianbao index` but for how.
#[derive(Debug, Clone, Default)]
pub struct Job {
    /// Folders or files; none: every folder the index holds (`./corpus` for a new one).
    pub paths: Vec<PathBuf>,
    /// User dictionaries beside the folders' own `userdict.txt`.
    pub dicts: Vec<PathBuf>,
    /// Folders to drop with their clippings.
    pub forget: Vec<PathBuf>,
    /// Follow symbolic links out of a corpus folder.
    pub follow: bool,
    /// New `--exclude` patterns for the folders named (none: every folder); empty clears
    /// them; `None` keeps what each folder has.
    pub exclude: Option<Vec<String>>,
}

pub fn run(args: &IndexArgs) -> Result<ExitCode> {
    let threads = args.threads.map_or_else(default_threads, |n| n as usize);
    let options = Options { rebuild: args.rebuild, threads, progress: progress_bar(), small_merges: false };
    let exclude = match (&args.exclude[..], args.no_exclude) {
        (_, true) => Some(Vec::new()),
        ([], false) => None,
        (patterns, false) => Some(patterns.to_vec()),
    };
    let job = Job {
        paths: args.paths.clone(),
        dicts: args.dict.clone(),
        forget: args.forget.clone(),
        follow: args.follow,
        exclude,
    };
    if args.watch {
        let watch = || super::watch::run(&args.index, &job, &options, args.alerts);
        return leaving_nothing_if_refused(&args.index, watch);
    }
    let report = build(&args.index, &job, &options)?;
    let failed = args.strict && !report.problems.is_empty();
    if failed {
        eprintln!("jianbao: --strict: {} skipped, {} warnings", report.skipped(), report.warnings());
    }
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// Updates the index in `dir` as `job` says, reporting problems and a summary on stderr.
///
/// Words are segmented with the dictionaries of `job` and each corpus folder's
/// `userdict.txt`; the index keeps them, so that queries are segmented alike.
pub fn build(dir: &Path, job: &Job, options: &Options) -> Result<Report> {
    leaving_nothing_if_refused(dir, || build_locked(dir, job, options))
}

/// Runs `command` on the index in `dir`; if it fails where there was no index folder, it
/// leaves none behind: only the lock file can be in it.
pub fn leaving_nothing_if_refused<T>(dir: &Path, command: impl FnOnce() -> Result<T>) -> Result<T> {
    let existed = dir.exists();
    let done = command();
    if done.is_err() && !existed {
        let _ = std::fs::remove_file(dir.join(index::LOCK_FILE));
        let _ = std::fs::remove_dir(dir);
    }
    done
}

fn build_locked(dir: &Path, job: &Job, options: &Options) -> Result<Report> {
    // Nothing in the index folder is read or changed before the lock is ours.
    let lock = WriteLock::take(dir)?;
    let (store, plan) = open(dir, job, options, lock)?;
    let report = update(&store, &plan, job.follow, options)?;
    eprintln!("jianbao: {}", holds(&plan.roots));
    eprintln!("jianbao: {}", summary(&report));
    Ok(report)
}

/// The index in `dir`, opened for an update with `lock`, and the plan of what `job` does
/// to the folders it holds; a missing folder is said in a warning.
pub fn open(dir: &Path, job: &Job, options: &Options, lock: WriteLock) -> Result<(Store, Plan)> {
    let held = match index::held_roots(dir) {
        Ok(held) => held,
        Err(_) if options.rebuild => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let mut paths = job.paths.clone();
    if paths.is_empty() && held.is_empty() && job.forget.is_empty() {
        paths.push(PathBuf::from(super::DEFAULT_CORPUS));
    }
    let plan = index::plan(&held, &paths, &job.forget, job.exclude.as_deref())?;
    if let Some(root) = plan.missing.first().filter(|_| options.rebuild) {
        anyhow::bail!(
            "--rebuild would lose the clippings of {}, which is missing: make it reachable, or drop it with `jianbao index --forget {}`",
            root.path,
            root.path
        );
    }
    for root in &plan.missing {
        eprintln!(
            "jianbao: warning: {} is missing: its clippings are kept (`jianbao index --forget {}` drops them)",
            root.path, root.path
        );
    }
    let dirs: Vec<PathBuf> = plan.roots.iter().map(Root::dir).filter(|d| d.is_dir()).collect();
    let dict = user_dict(job.dicts.iter().cloned().chain(corpus::user_dicts(&dirs)))?;
    let store = Store::open_for_update(dir, dict, options.rebuild, lock)?;
    Ok((store, plan))
}

/// Walks what `plan` says and updates `store` with it, saying on stderr each problem and
/// what was left out (the summary is the caller's to say).
pub fn update(store: &Store, plan: &Plan, follow: bool, options: &Options) -> Result<Report> {
    let mut walked = corpus::walk_roots(&plan.walks, &plan.roots, follow);
    let left_out = std::mem::take(&mut walked.left_out);
    let report = index::update(store, plan, walked, options)?;
    for problem in &report.problems {
        eprintln!("jianbao: warning: {problem}");
    }
    if let Some(line) = left_out.summary() {
        eprintln!("jianbao: {line}");
    }
    Ok(report)
}

/// `the index holds 2 folders: /news/corpus (--exclude "2019/**"), /news/takungpao (as takungpao/)`
fn holds(roots: &[Root]) -> String {
    let list: Vec<String> = roots.iter().map(held_folder).collect();
    let n = roots.len();
    format!("the index holds {n} folder{}: {}", if n == 1 { "" } else { "s" }, list.join(", "))
}

/// `/news/takungpao (as takungpao/, --exclude "*.md" "2019/")`
fn held_folder(root: &Root) -> String {
    let mut notes = Vec::new();
    if !root.label.is_empty() {
        notes.push(format!("as {}/", root.label));
    }
    if !root.exclude.is_empty() {
        let patterns: Vec<String> = root.exclude.iter().map(|p| format!("{p:?}")).collect();
        notes.push(format!("--exclude {}", patterns.join(" ")));
    }
    if notes.is_empty() {
        return root.path.clone();
    }
    format!("{} ({})", root.path, notes.join(", "))
}

/// `12 added, 0 changed, 0 removed, 5 unchanged, 1 skipped, 0 warnings; read 3 files, 1.2 MB in 0.4 s (3.0 MB/s)`
/// (`1 warning`, `1 file` for one).
pub fn summary(r: &Report) -> String {
    let secs = r.elapsed.as_secs_f64();
    let mb = r.bytes_read as f64 / 1e6;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let (skipped, warnings, files) = (r.skipped(), r.warnings(), r.files_read);
    format!(
        "{} added, {} changed, {} removed, {} unchanged, {skipped} skipped, {warnings} warning{}; read {files} file{}, {mb:.1} MB in {secs:.2} s ({:.1} MB/s)",
        r.added,
        r.changed,
        r.removed,
        r.unchanged,
        plural(warnings),
        plural(files),
        mb / secs.max(1e-9),
    )
}

fn user_dict(files: impl Iterator<Item = PathBuf>) -> Result<UserDict> {
    let mut dicts = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).with_context(|| format!("reading user dictionary {}", file.display()))?;
        dicts.push(UserDict::parse(&text).with_context(|| file.display().to_string())?);
    }
    Ok(UserDict::merge(&dicts))
}

pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A bar of bytes read, on stderr when it is a terminal; hidden otherwise.
fn progress_bar() -> ProgressBar {
    super::progress_bar("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}")
}
