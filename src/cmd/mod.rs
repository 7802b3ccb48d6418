//! One module per subcommand, each with a `run` entry point, and what they share.

pub mod index;
pub mod search;
pub mod show;
pub mod stats;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use jianbao::index::{exists, Options};
use jianbao::print;

use crate::cli::TextOrJson;

const DEFAULT_INDEX: &str = "index";
pub const DEFAULT_CORPUS: &str = "corpus";

/// The index to search: the one named, or the default one, built from the default
/// corpus on first use so that a fresh checkout answers its first query.
pub fn resolve_index(named: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = named {
        return Ok(dir.to_owned());
    }
    let dir = PathBuf::from(DEFAULT_INDEX);
    let corpus = Path::new(DEFAULT_CORPUS);
    if !exists(&dir) && corpus.is_dir() {
        eprintln!("jianbao: no index yet; building ./{DEFAULT_INDEX} from ./{DEFAULT_CORPUS} first");
        let options = Options { threads: index::default_threads(), ..Options::default() };
        index::build(&dir, &index::Job::default(), &options)?;
    }
    Ok(dir)
}

/// Writes one result to stdout: as text with `text`, or as one line of JSON.
pub fn write_out<T: serde::Serialize>(
    value: &T,
    format: TextOrJson,
    text: impl FnOnce(&mut io::StdoutLock<'static>, &T) -> io::Result<()>,
) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    match format {
        TextOrJson::Text => text(&mut out, value)?,
        TextOrJson::Json => print::json(&mut out, value)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// True if `e` is a write to a closed pipe (`jianbao search … | head`): a normal end.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
pub fn use_color() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
