//! `jianbao index`: bring the index up to date with the corpus files.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use jianbao::analysis::UserDict;
use jianbao::corpus;
use jianbao::index::{self, Options, Report, Store};

use crate::cli::IndexArgs;

pub fn run(args: &IndexArgs) -> Result<ExitCode> {
    let threads = args.threads.map_or_else(default_threads, |n| n as usize);
    let options = Options { rebuild: args.rebuild, threads, progress: progress_bar() };
    let report = build(&args.index, &args.paths, &args.dict, &options)?;
    let failed = args.strict && !report.problems.is_empty();
    if failed {
        eprintln!("jianbao: --strict: {} warnings", report.problems.len());
    }
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// Updates the index in `dir` from `paths`, reporting problems and a summary on stderr.
///
/// Words are segmented with the dictionaries `dicts` and each corpus folder's
/// `userdict.txt`; the index keeps them, so that queries are segmented alike.
pub fn build(dir: &Path, paths: &[PathBuf], dicts: &[PathBuf], options: &Options) -> Result<Report> {
    let (sources, problems) = corpus::walk(paths)?;
    let dict = user_dict(dicts.iter().cloned().chain(corpus::user_dicts(paths)))?;
    let store = Store::open_for_update(dir, dict, options.rebuild)?;
    let report = index::update(&store, &sources, problems, options)?;
    for problem in &report.problems {
        eprintln!("jianbao: warning: {problem}");
    }
    eprintln!("jianbao: {}", summary(&report));
    Ok(report)
}

/// `12 added, 0 changed, 0 removed, 5 unchanged, 1 skipped, 0 warnings; read 3 files, 1.2 MB in 0.4 s (3.0 MB/s)`
fn summary(r: &Report) -> String {
    let secs = r.elapsed.as_secs_f64();
    let mb = r.bytes_read as f64 / 1e6;
    let skipped = r.problems.iter().filter(|p| p.is_skip()).count();
    let warnings = r.problems.len() - skipped;
    format!(
        "{} added, {} changed, {} removed, {} unchanged, {skipped} skipped, {warnings} warnings; read {} files, {mb:.1} MB in {secs:.2} s ({:.1} MB/s)",
        r.added,
        r.changed,
        r.removed,
        r.unchanged,
        r.files_read,
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
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(0).with_style(style)
}
