//! One module per subcommand, each with a `run` entry point, and what they share.

pub mod index;
pub mod search;
pub mod show;
pub mod stats;

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::Result;

use jianbao::index::{exists, Options};

const DEFAULT_INDEX: &str = "index";
const DEFAULT_CORPUS: &str = "corpus";

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
        index::build(&dir, &[corpus.to_owned()], &[], &options)?;
    }
    Ok(dir)
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
pub fn use_color() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
