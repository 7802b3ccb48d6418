//! `jianbao index`: (re)build the index from corpus files.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use jianbao::corpus;
use jianbao::index::{self, Store};

use crate::cli::IndexArgs;

pub fn run(args: &IndexArgs) -> Result<ExitCode> {
    build(&args.index, &args.paths)?;
    Ok(ExitCode::SUCCESS)
}

/// Builds the index in `dir` from `paths`, reporting problems and a summary on stderr.
pub fn build(dir: &Path, paths: &[std::path::PathBuf]) -> Result<()> {
    let (sources, problems) = corpus::walk(paths)?;
    let store = Store::create(dir)?;
    let report = index::build(&store, &sources, problems)?;
    for problem in &report.problems {
        eprintln!("jianbao: warning: {problem}");
    }
    let secs = report.elapsed.as_secs_f64();
    let mb = report.bytes as f64 / 1e6;
    eprintln!(
        "jianbao: indexed {} documents from {} files into {} ({} skipped) in {secs:.1} s, {:.1} MB/s",
        report.documents,
        report.files,
        dir.display(),
        report.problems.len(),
        mb / secs.max(1e-9),
    );
    Ok(())
}
