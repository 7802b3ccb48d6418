//! `jianbao search`: run one query, or many (`--batch`), and print the hits.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use jianbao::index::{self, Options, Store};
use jianbao::print::{self, Format};
use jianbao::search::{self, Filter, Request, Results, Sort};

use crate::cli::{FormatArg, SearchArgs, SortArg};

const DEFAULT_INDEX: &str = "index";
const DEFAULT_CORPUS: &str = "corpus";

pub fn run(args: &SearchArgs) -> Result<ExitCode> {
    let dir = resolve_index(args.index.as_deref())?;
    let store = Store::open(&dir)?;
    let request = request(args, args.query.join(" "));
    let mut out = io::stdout().lock();
    let outcome = if args.batch || args.queries.is_some() {
        batch(&store, &request, args.queries.as_deref(), &mut out)
    } else {
        one(&store, &request, args, &mut out)
    };
    match outcome {
        Err(e) if is_broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        other => other,
    }
}

/// The request the arguments describe, for `query`.
fn request(args: &SearchArgs, query: String) -> Request {
    Request {
        query,
        limit: args.limit as usize,
        offset: args.offset as usize,
        fragments: args.fragments as usize,
        filter: Filter {
            since: args.since.clone(),
            until: args.until.clone(),
            source: args.source.clone(),
            lang: args.lang.map(|l| l.tag().to_owned()),
        },
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
            SortArg::DateDesc => Sort::DateDesc,
        },
    }
}

fn one(store: &Store, request: &Request, args: &SearchArgs, out: &mut impl Write) -> Result<ExitCode> {
    let results = search::search(store, request)?;
    warn(&results);
    if args.count {
        writeln!(out, "{}", results.total)?;
    } else {
        let format = match args.format {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
        };
        print::results(out, &results, format, use_color())?;
    }
    out.flush()?;
    Ok(exit_code(results.total > 0, false))
}

/// One JSON line per query read: the results, or `{"query", "error"}` for a query that
/// failed. The index and dictionaries are loaded once for all.
fn batch(store: &Store, template: &Request, file: Option<&Path>, out: &mut impl Write) -> Result<ExitCode> {
    let input: Box<dyn BufRead> = match file {
        Some(path) => Box::new(io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("reading queries from {}", path.display()))?,
        )),
        None => Box::new(io::stdin().lock()),
    };
    let (mut any_hits, mut any_failed) = (false, false);
    for line in input.lines() {
        let line = line.context("reading queries")?;
        let query = line.trim();
        if query.is_empty() {
            continue;
        }
        let request = Request { query: query.to_owned(), ..template.clone() };
        match search::search(store, &request) {
            Ok(results) => {
                warn(&results);
                any_hits |= results.total > 0;
                serde_json::to_writer(&mut *out, &results)?;
            }
            Err(e) => {
                any_failed = true;
                eprintln!("jianbao: {query}: {e}");
                serde_json::to_writer(&mut *out, &serde_json::json!({ "query": query, "error": e.to_string() }))?;
            }
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(exit_code(any_hits, any_failed))
}

fn exit_code(hits: bool, failed: bool) -> ExitCode {
    ExitCode::from(if failed {
        2
    } else if hits {
        0
    } else {
        1
    })
}

fn warn(results: &Results) {
    for warning in &results.warnings {
        eprintln!("jianbao: warning: {warning}");
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
        || e.downcast_ref::<serde_json::Error>().and_then(|e| e.io_error_kind()) == Some(io::ErrorKind::BrokenPipe)
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
