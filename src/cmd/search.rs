//! `jianbao search`: run one query and print the hits.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use jianbao::index::{self, Options, Store};
use jianbao::print::{self, Format};
use jianbao::search::{self, Request};

use crate::cli::{FormatArg, SearchArgs};

const DEFAULT_INDEX: &str = "index";
const DEFAULT_CORPUS: &str = "corpus";

pub fn run(args: &SearchArgs) -> Result<ExitCode> {
    let dir = resolve_index(args.index.as_deref())?;
    let store = Store::open(&dir)?;
    let request =
        Request { query: args.query.join(" "), limit: args.limit as usize, fragments: args.fragments as usize };
    let results = search::search(&store, &request)?;
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
    };
    let mut out = io::stdout().lock();
    let written = print::results(&mut out, &results, format, use_color()).and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(if results.total > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The index to search: the one named, or the default one, built from the default
/// corpus on first use so that a fresh checkout answers its first query.
fn resolve_index(named: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = named {
        return Ok(dir.to_owned());
    }
    let dir = PathBuf::from(DEFAULT_INDEX);
    let corpus = Path::new(DEFAULT_CORPUS);
    if !index::exists(&dir) && corpus.is_dir() {
        eprintln!("jianbao: no index yet; building ./{DEFAULT_INDEX} from ./{DEFAULT_CORPUS} first");
        let options = Options { threads: super::index::default_threads(), ..Options::default() };
        super::index::build(&dir, &[corpus.to_owned()], &[], &options)?;
    }
    Ok(dir)
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
fn use_color() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
