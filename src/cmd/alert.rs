//! `jianbao alert`: saved searches that report only the clippings new to them.
//!
//! `run` writes and flushes all of its output before it records what it reported: a run
//! killed, or whose reader goes away, before the record is saved reports the same
//! clippings again next time. The saved searches are locked for the whole command, so
//! that two runs never report the same clippings.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Result};

use jianbao::alerts::{self, Alert, Alerts, News};
use jianbao::index::Store;
use jianbao::print::{self, AlertList, Format, Layout};
use jianbao::search::{self, Request};

use crate::cli::{AlertAddArgs, AlertArgs, AlertCommand, AlertListArgs, AlertRmArgs, AlertRunArgs, FormatArg};

pub fn run(args: &AlertArgs) -> Result<ExitCode> {
    match &args.command {
        AlertCommand::Add(args) => add(args),
        AlertCommand::List(args) => list(args),
        AlertCommand::Rm(args) => rm(args),
        AlertCommand::Run(args) => run_saved(args),
    }
}

/// The saved searches of the index in `dir`, locked: waits for another command holding
/// them, and says so.
pub fn open(dir: &Path) -> Result<Alerts> {
    let waiting = || eprintln!("jianbao: waiting for another `jianbao alert` on {} to end", dir.display());
    Ok(Alerts::open(dir, alerts::LOCK_WAIT, waiting)?)
}

/// Saves a search once its query is known to run on the index.
fn add(args: &AlertAddArgs) -> Result<ExitCode> {
    let filter = super::filter(&args.filter)?;
    let query = args.query.join(" ");
    let store = Store::open_for_search(&super::resolve_index(args.index.as_deref())?)?;
    let mut saved = open(store.path())?;
    if saved.alerts.iter().any(|a| a.name == args.name) {
        bail!("a saved search is named {:?} already: remove it first with `jianbao alert rm {}`", args.name, args.name);
    }
    let check = Request { filter: filter.clone(), count_only: true, ..Request::new(query.clone(), 1) };
    let counted = search::search(&store, &check)?;
    for warning in &counted.warnings {
        eprintln!("jianbao: warning: {warning}");
    }
    saved.add(Alert::new(&args.name, &query, &filter))?;
    let n = counted.total;
    eprintln!("jianbao: saved {:?}; it matches {n} clipping{} now", args.name, if n == 1 { "" } else { "s" });
    Ok(ExitCode::SUCCESS)
}

fn list(args: &AlertListArgs) -> Result<ExitCode> {
    let dir = super::resolve_index(args.index.as_deref())?;
    let saved = open(&dir)?;
    if saved.alerts.is_empty() {
        eprintln!("jianbao: no saved searches in {}", dir.display());
    }
    super::write_out(&AlertList::new(&saved.alerts), args.format, |out, list| print::alert_list(out, list))
}

fn rm(args: &AlertRmArgs) -> Result<ExitCode> {
    let dir = super::resolve_index(args.index.as_deref())?;
    open(&dir)?.remove(&args.names)?;
    Ok(ExitCode::SUCCESS)
}

fn run_saved(args: &AlertRunArgs) -> Result<ExitCode> {
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Csv => anyhow::bail!("alert run prints text, json or jsonl: --format csv is not available with it"),
    };
    let layout = super::layout(args.color);
    let dir = super::resolve_index(args.index.as_deref())?;
    let store = Store::open_for_search(&dir)?;
    let mut saved = open(store.path())?;
    let any = report(&store, &mut saved, &args.names, Output { format, layout, collapse: args.collapse })?;
    Ok(ExitCode::from(if any { 0 } else { 1 }))
}

/// How `alert run` prints what is new.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub format: Format,
    pub layout: Layout,
    /// One hit per story.
    pub collapse: bool,
}

/// Runs the saved searches `names` (all, if none), prints their new clippings to stdout,
/// flushes it, and only then records them; true if any was new. Used by `alert run` and
/// by `index --watch --alerts` after each commit.
pub fn report(store: &Store, saved: &mut Alerts, names: &[String], output: Output) -> Result<bool> {
    let Output { format, layout, collapse } = output;
    if saved.alerts.is_empty() {
        bail!("no saved searches in {}: save one with `jianbao alert add NAME QUERY…`", store.path().display());
    }
    saved.check_known(names)?;
    let chosen: Vec<&Alert> = saved.alerts.iter().filter(|a| names.is_empty() || names.contains(&a.name)).collect();
    let mut found: Vec<(String, News)> = Vec::new();
    for alert in chosen {
        let news = alerts::news(store, saved, alert, collapse)?;
        for warning in &news.results.warnings {
            eprintln!("jianbao: warning: {}: {warning}", alert.name);
        }
        found.push((alert.name.clone(), news));
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    for (name, news) in &found {
        print::alert_results(&mut out, name, &news.results, format, layout)?;
    }
    out.flush()?;
    drop(out);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    for (name, news) in &found {
        saved.record(name, news, now)?;
    }
    saved.save()?;
    Ok(found.iter().any(|(_, news)| news.results.total > 0))
}
