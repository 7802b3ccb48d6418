//! One module per subcommand, each with a `run` entry point, and what they share.

pub mod alert;
pub mod duplicates;
pub mod export;
pub mod index;
mod pager;
mod remote;
pub mod search;
pub mod show;
pub mod stats;
pub mod trend;
mod watch;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use jianbao::index::{exists, Options};
use jianbao::print::{self, Layout};
use jianbao::search::{query, Filter};

use crate::cli::{FilterArgs, TextOrJson, When};

const DEFAULT_INDEX: &str = "index";
pub const DEFAULT_CORPUS: &str = "corpus";

/// A progress bar on stderr drawn by `template`, when stderr is a terminal; hidden
/// otherwise, so that a log or a pipe gets no control characters.
pub fn progress_bar(template: &str) -> indicatif::ProgressBar {
    if !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let style =
        indicatif::ProgressStyle::with_template(template).unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    indicatif::ProgressBar::new(0).with_style(style)
}

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

/// The filters `args` ask for, or why they cannot be met: dates were checked as they
/// were parsed, `--source` and the range are checked here, before the index is opened.
pub fn filter(args: &FilterArgs) -> Result<Filter> {
    if let Some(source) = &args.source {
        query::check_length(source).context("--source")?;
    }
    if let (Some(since), Some(until)) = (&args.since, &args.until) {
        if since.as_str() > until.as_str() && !since.as_str().starts_with(until.as_str()) {
            bail!("--since {} is after --until {}: no date is in that range", since.as_str(), until.as_str());
        }
    }
    Ok(Filter {
        since: args.since.clone(),
        until: args.until.clone(),
        source: args.source.clone(),
        lang: args.lang.map(|l| l.tag().to_owned()),
        added_after: None,
    })
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

/// The layout of text output: its width, and colour as `--color` says.
pub fn layout(color: When) -> Layout {
    Layout::new(width(), use_color(color))
}

/// The columns to fit: `$COLUMNS` if it is a positive integer (also into a pipe: that
/// is how a script or a test asks for a width), else the terminal's if stdout is one;
/// else none, and lines are not wrapped.
fn width() -> Option<usize> {
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    columns.filter(|&c| c > 0).or_else(|| {
        let (terminal_size::Width(w), _) = terminal_size::terminal_size_of(io::stdout())?;
        Some(usize::from(w)).filter(|&w| w > 0)
    })
}

/// Colour `always`, `never`, or (`auto`) on a terminal unless `NO_COLOR` is set and not
/// empty: `always` wins over `NO_COLOR`, as in ripgrep.
fn use_color(when: When) -> bool {
    match when {
        When::Always => true,
        When::Never => false,
        When::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}
