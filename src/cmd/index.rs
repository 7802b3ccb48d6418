//! `jianbao index`: (re)build the index from corpus files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use jianbao::analysis::UserDict;
use jianbao::corpus;
use jianbao::index::{self, Store};

use crate::cli::IndexArgs;

pub fn run(args: &IndexArgs) -> Result<ExitCode> {
    build(&args.index, &args.paths, &args.dict)?;
    Ok(ExitCode::SUCCESS)
}

/// Builds the index in `dir` from `paths`, reporting problems and a summary on stderr.
///
/// Words are segmented with the dictionaries `dicts` and each corpus folder's
/// `userdict.txt`; the index keeps them, so that queries are segmented alike.
pub fn build(dir: &Path, paths: &[PathBuf], dicts: &[PathBuf]) -> Result<()> {
    let (sources, problems) = corpus::walk(paths)?;
    let dict = user_dict(dicts.iter().cloned().chain(corpus::user_dicts(paths)))?;
    let store = Store::create(dir, dict)?;
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

fn user_dict(files: impl Iterator<Item = PathBuf>) -> Result<UserDict> {
    let mut dicts = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).with_context(|| format!("reading user dictionary {}", file.display()))?;
        dicts.push(UserDict::parse(&text).with_context(|| file.display().to_string())?);
    }
    Ok(UserDict::merge(&dicts))
}
