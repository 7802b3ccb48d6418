//! `jianbao search`: run one query, or many (`--batch`), and print the hits.

use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use jianbao::index::Store;
use jianbao::print::{self, BatchError, Format, Layout};
use jianbao::search::{self, Request, Results, Sort};

use crate::cli::{FormatArg, SearchArgs, SortArg};

/// A search as the arguments ask for it, checked before the index is opened.
struct Job {
    index: Option<PathBuf>,
    /// The request; in a batch, each query read replaces its query.
    request: Request,
    format: Format,
    /// How text output fits the terminal.
    layout: Layout,
    queries: Queries,
}

/// Where the queries come from.
enum Queries {
    /// The one on the command line.
    Argument,
    /// One per line of standard input (`--batch`).
    Stdin,
    /// One per line of a file (`--queries FILE`).
    File(PathBuf),
}

impl Job {
    /// The search `args` describe, or why they describe none.
    fn new(args: &SearchArgs) -> Result<Job> {
        let filter = super::filter(&args.filter)?;
        let batch = args.batch || args.queries.is_some();
        if let (true, Some(format @ (FormatArg::Text | FormatArg::Csv))) = (batch, args.format) {
            let format = if format == FormatArg::Text { "text" } else { "csv" };
            bail!("--batch and --queries write one JSON line per query: --format {format} is not available with them");
        }
        let request = Request {
            query: args.query.join(" "),
            limit: args.limit as usize,
            offset: args.offset as usize,
            fragments: args.fragments as usize,
            count_only: args.count,
            filter,
            sort: match args.sort {
                SortArg::Relevance => Sort::Relevance,
                SortArg::Date => Sort::Date,
                SortArg::DateDesc => Sort::DateDesc,
            },
            collapse: args.collapse,
            exhaustive: args.exhaustive,
        };
        let format = match args.format.unwrap_or(FormatArg::Text) {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
        };
        let queries = match (&args.queries, args.batch) {
            (Some(file), _) => Queries::File(file.clone()),
            (None, true) => Queries::Stdin,
            (None, false) => Queries::Argument,
        };
        Ok(Job { index: args.index.clone(), request, format, layout: super::layout(args.color), queries })
    }
}

pub fn run(args: &SearchArgs) -> Result<ExitCode> {
    let job = Job::new(args)?;
    if let Some(url) = &args.remote.remote {
        return super::remote::run(url, args, job.request, job.format, job.layout);
    }
    keep_freed_memory();
    let dir = super::resolve_index(job.index.as_deref())?;
    let store = Store::open_for_search(&dir)?;
    // Written at once at the end (or as each batch query is answered), not line by line.
    let mut out = io::BufWriter::new(io::stdout().lock());
    match &job.queries {
        Queries::Argument => one(&store, &job, &mut out),
        Queries::Stdin => batch(&store, &job.request, None, &mut out),
        Queries::File(path) => batch(&store, &job.request, Some(path), &mut out),
    }
}

/// Has glibc keep freed memory for the next allocation instead of handing it back.
///
/// A search is short: by default, each block of a few hundred KiB it allocates (jieba's
/// root table, zstd's decompression contexts) is mapped afresh and unmapped when freed,
/// and every page costs a page fault when touched. Kept, freed memory is reused: a
/// quarter fewer page faults and ~7% less time per search process. Memory stays bounded
/// by the peak, which a search (or a batch of them) reaches early.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets thresholds of glibc's allocator (under its own lock).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 8 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 << 20);
        libc::mallopt(libc::M_TOP_PAD, 4 << 20);
    }
}

fn one(store: &Store, job: &Job, out: &mut impl Write) -> Result<ExitCode> {
    let results = search::search(store, &job.request)?;
    print_one(&results, job.request.count_only, job.format, job.layout, out)
}

/// Prints the results of one search (a local one, or one on a remote engine) as asked.
pub(super) fn print_one(
    results: &Results,
    count_only: bool,
    format: Format,
    layout: Layout,
    out: &mut impl Write,
) -> Result<ExitCode> {
    warn(results);
    let count = print::Count { query: &results.query, total: results.total, stories: results.stories };
    if count_only && format == Format::Text {
        writeln!(out, "{}", results.stories.unwrap_or(results.total))?;
    } else if count_only && format == Format::Csv {
        print::csv::count(out, &count)?;
    } else if count_only {
        print::json(out, &count)?;
    } else {
        print::results(out, results, format, layout)?;
    }
    out.flush()?;
    Ok(exit_code(results.total > 0, false))
}

/// One JSON line per query read: the results, or `{"query", "error"}` for a query that
/// failed or a line that is not UTF-8. The index and dictionaries are loaded once for all.
fn batch(store: &Store, template: &Request, file: Option<&Path>, out: &mut impl Write) -> Result<ExitCode> {
    let mut input: Box<dyn BufRead> = match file {
        Some(path) => Box::new(io::BufReader::new(
            std::fs::File::open(path).with_context(|| format!("reading queries from {}", path.display()))?,
        )),
        None => Box::new(io::stdin().lock()),
    };
    let (mut any_hits, mut any_failed) = (false, false);
    let mut line = Vec::new();
    for number in 1.. {
        line.clear();
        if input.read_until(b'\n', &mut line).context("reading queries")? == 0 {
            break;
        }
        // A line that is not UTF-8 fails alone, as a query that cannot run does.
        let answer = match std::str::from_utf8(&line) {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => answer(store, template, text.trim()),
            Err(e) => Err(BatchError {
                query: String::from_utf8_lossy(&line).trim().to_owned(),
                error: format!("line {number} is not UTF-8: {e}"),
            }),
        };
        match answer {
            Ok(results) => {
                any_hits |= results.total > 0;
                print::json(out, &results)?;
            }
            Err(failed) => {
                any_failed = true;
                eprintln!("jianbao: {}: {}", abbreviated(&failed.query), failed.error);
                print::json(out, &failed)?;
            }
        }
        // A script may wait for each answer before it sends the next query.
        out.flush()?;
    }
    Ok(exit_code(any_hits, any_failed))
}

/// The results of one batch query, or the query and what went wrong.
fn answer(store: &Store, template: &Request, query: &str) -> std::result::Result<Results, BatchError> {
    let request = Request { query: query.to_owned(), ..template.clone() };
    let results =
        search::search(store, &request).map_err(|e| BatchError { query: query.to_owned(), error: e.to_string() })?;
    warn(&results);
    Ok(results)
}

/// `query` to quote in a message: its start, if it is long.
fn abbreviated(query: &str) -> String {
    const MAX_CHARS: usize = 60;
    match query.char_indices().nth(MAX_CHARS) {
        Some((at, _)) => format!("{}…", &query[..at]),
        None => query.to_owned(),
    }
}

pub(super) fn exit_code(hits: bool, failed: bool) -> ExitCode {
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
