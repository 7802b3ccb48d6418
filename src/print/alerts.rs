//! What `alert run` and `alert list` print: the new clippings of each saved search, as
//! `search` prints hits, under a line naming the search; and the saved searches.

use std::io::{self, Write};

use serde::Serialize;

use super::escape::visible;
use super::{iso_time, Format, Layout, BOLD};
use crate::alerts::Alert;
use crate::search::{Hit, Results};

/// `alert run --format json`: the new clippings of one saved search.
#[derive(Debug, Clone, Serialize)]
pub struct AlertResults<'a> {
    pub alert: &'a str,
    #[serde(flatten)]
    pub results: &'a Results,
}

/// A line of `alert run --format jsonl`: a new clipping and the saved search that found it.
#[derive(Debug, Clone, Serialize)]
pub struct AlertHit<'a> {
    pub alert: &'a str,
    #[serde(flatten)]
    pub hit: &'a Hit,
}

/// Writes the new clippings `results` of saved search `name` in `format`: as text, a line
/// `NAME: N new (QUERY)` and the hits, or nothing if there are none.
pub fn alert_results(
    out: &mut impl Write,
    name: &str,
    results: &Results,
    format: Format,
    layout: Layout,
) -> io::Result<()> {
    match format {
        Format::Json => super::json(out, &AlertResults { alert: name, results }),
        Format::Jsonl => results.hits.iter().try_for_each(|hit| super::json(out, &AlertHit { alert: name, hit })),
        Format::Text | Format::Csv if results.hits.is_empty() => Ok(()),
        Format::Text | Format::Csv => {
            let (bold, reset) = (layout.paint(BOLD), layout.reset());
            let n = results.total;
            let what = if n == 1 { "clipping" } else { "clippings" };
            writeln!(out, "{bold}{}: {n} new {what}{reset} ({})", visible(name), visible(&results.query))?;
            super::results(out, results, Format::Text, layout)
        }
    }
}

/// `alert list --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct AlertList<'a> {
    pub alerts: Vec<ListedAlert<'a>>,
}

/// A saved search as `alert list --format json` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedAlert<'a> {
    pub name: &'a str,
    pub query: &'a str,
    pub since: Option<&'a str>,
    pub until: Option<&'a str>,
    pub source: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub last_run: Option<u64>,
    pub reported: usize,
}

impl<'a> AlertList<'a> {
    pub fn new(alerts: &'a [Alert]) -> AlertList<'a> {
        let listed = alerts.iter().map(|a| ListedAlert {
            name: &a.name,
            query: &a.query,
            since: a.filter.since.as_deref(),
            until: a.filter.until.as_deref(),
            source: a.filter.source.as_deref(),
            lang: a.filter.lang.as_deref(),
            last_run: a.last_run,
            reported: a.reported,
        });
        AlertList { alerts: listed.collect() }
    }
}

/// Writes the saved searches as text, one a line:
/// `NAME  QUERY  --since 7d  last run 2026-12-07 09:00:00 UTC, 12 reported`.
pub fn alert_list(out: &mut impl Write, list: &AlertList) -> io::Result<()> {
    for a in &list.alerts {
        let mut line = format!("{}  {}", visible(a.name), visible(a.query));
        for (flag, value) in [("since", a.since), ("until", a.until), ("source", a.source), ("lang", a.lang)] {
            if let Some(value) = value {
                line.push_str(&format!("  --{flag} {}", visible(value)));
            }
        }
        match a.last_run {
            Some(at) => line.push_str(&format!("  last run {}, {} reported", iso_time(at), a.reported)),
            None => line.push_str("  never run"),
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}
