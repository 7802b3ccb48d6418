//! `jianbao trend`: count the clippings each query matches by day, week, month, year,
//! source or language, and print a chart, JSON or CSV.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

use jianbao::index::buckets::By;
use jianbao::index::Store;
use jianbao::print::{self, Layout};
use jianbao::search::trend::{self, Request};

use crate::cli::{ByArg, ChartFormat, TrendArgs};

pub fn run(args: &TrendArgs) -> Result<ExitCode> {
    let (request, layout) = job(args)?;
    let store = Store::open_for_search(&super::resolve_index(args.index.as_deref())?)?;
    let trend = trend::trend(&store, &request)?;
    for warning in &trend.warnings {
        eprintln!("jianbao: warning: {warning}");
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.format {
        ChartFormat::Text => print::chart(&mut out, &trend, layout)?,
        ChartFormat::Json => trend.series.iter().try_for_each(|series| print::json(&mut out, series))?,
        ChartFormat::Csv => print::csv::trend(&mut out, &trend)?,
    }
    out.flush()?;
    Ok(super::search::exit_code(trend.series.iter().any(|s| s.total > 0), false))
}

/// What `args` ask to count, and how a chart fits the terminal, checked before the
/// index is opened: the query words typed are one series, first, then each `-e`.
fn job(args: &TrendArgs) -> Result<(Request, Layout)> {
    let filter = super::filter(&args.filter)?;
    let typed = (!args.query.is_empty()).then(|| args.query.join(" "));
    let queries = typed.into_iter().chain(args.series.iter().cloned()).collect();
    let by = match args.by {
        ByArg::Day => By::Day,
        ByArg::Week => By::Week,
        ByArg::Month => By::Month,
        ByArg::Year => By::Year,
        ByArg::Source => By::Source,
        ByArg::Lang => By::Lang,
    };
    let request = Request { queries, by, filter, per_bucket: args.share };
    Ok((request, super::layout(args.color)))
}
