//! Printers: search results as text for people, or JSON for scripts.
//!
//! Every JSON line the binary writes goes through [`json`], from a typed struct: the
//! search [`Results`] and [`Hit`](crate::search::Hit), a [`BatchError`], an [`Article`]
//! (`show`), the index [`Stats`], each [`Series`](crate::search::trend::Series) of
//! `trend` and what `alert` prints ([`AlertResults`], [`AlertHit`], [`AlertList`]).
//! `docs/json.md` is their contract; tests read them back into structs that refuse
//! unknown fields. Spreadsheets get [`csv`]; `trend` draws a [`chart`].
//!
//! Text goes to a terminal, which obeys the control characters it is sent: an id, file
//! name or title holding `ESC [2J` would clear the screen, one holding a line break
//! would forge a line. So text output shows every control character as an escape
//! (`\x1b`, `\n`), except the line breaks the printer itself puts between paragraphs
//! ([`escape`]). It fits the [`Layout`] the command decided: lines wrapped to a width
//! ([`wrap`]), colour or not. JSON output is exact: serde escapes control characters
//! itself, and no layout applies.

mod alerts;
mod article;
mod chart;
pub mod csv;
mod escape;
mod hits;
mod wrap;

use std::io::{self, Write};

use serde::Serialize;

use crate::index::{Listed, Stats, Version};
use crate::search::Results;

pub use alerts::{alert_list, alert_results, AlertHit, AlertList, AlertResults};
pub use article::{article, Article};
pub use chart::chart;
pub use escape::visible;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable text, highlights in colour on a terminal.
    Text,
    /// One JSON object: `{query, total, hits}`.
    Json,
    /// One JSON hit per line.
    Jsonl,
    /// A header row, then one row per hit ([`csv`]).
    Csv,
}

/// How text output fits where it goes: decided once by the command, from the terminal,
/// `$COLUMNS`, `--color` and `NO_COLOR`, and passed to every text printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    width: Option<usize>,
    color: bool,
}

impl Layout {
    /// The narrowest width lines are fitted to: a narrower one is taken as this.
    pub const MIN_WIDTH: usize = 20;

    /// Lines fitted to `width` columns (at least [`Layout::MIN_WIDTH`]; `None`: lines
    /// are not wrapped or shortened), in colour if `color`.
    pub fn new(width: Option<usize>, color: bool) -> Layout {
        Layout { width: width.map(|w| w.max(Layout::MIN_WIDTH)), color }
    }

    /// The columns lines are fitted to, if any.
    pub fn width(self) -> Option<usize> {
        self.width
    }

    /// `style` in colour, else nothing: without colour no escape is written at all.
    fn paint(self, style: &'static str) -> &'static str {
        if self.color {
            style
        } else {
            ""
        }
    }

    fn reset(self) -> &'static str {
        self.paint(RESET)
    }
}

/// Writes `results` in `format`; `layout` applies to text only.
pub fn results(out: &mut impl Write, results: &Results, format: Format, layout: Layout) -> io::Result<()> {
    match format {
        Format::Text => hits::text(out, results, layout),
        Format::Json => json(out, results),
        Format::Jsonl => results.hits.iter().try_for_each(|hit| json(out, hit)),
        Format::Csv => csv::hits(out, results),
    }
}

/// Writes `value` as one line of JSON.
pub fn json(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// What `search --count --format json` writes: the query and how many clippings match.
#[derive(Debug, Clone, Serialize)]
pub struct Count<'a> {
    pub query: &'a str,
    pub total: usize,
    /// With `--collapse`: the stories the matching clippings make.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stories: Option<usize>,
}

/// The line `search --batch` writes for a query that failed (or a line that is not
/// UTF-8) instead of its results.
#[derive(Debug, Clone, Serialize)]
pub struct BatchError {
    /// The query as read.
    pub query: String,
    /// Why it failed: the message the command would give for it alone.
    pub error: String,
}

/// Writes the stories `jianbao duplicates` lists: a line with the number of clippings
/// and the title, then a line per clipping.
pub fn stories(out: &mut impl Write, stories: &[Listed], layout: Layout) -> io::Result<()> {
    for story in stories {
        let title = story.title.as_deref().map(escape::one_line).unwrap_or_default();
        let head = format!("{} clippings  {title}", story.ids.len());
        let head = match layout.width() {
            Some(width) => wrap::shorten(&head, width).into_owned(),
            None => head,
        };
        writeln!(out, "{}{head}{}", layout.paint(BOLD), layout.reset())?;
        for (i, id) in story.ids.iter().enumerate() {
            let version = Version { id: id.clone(), source: story.sources[i].clone(), date: story.dates[i].clone() };
            writeln!(out, "{}", version_line(&version, layout))?;
        }
    }
    Ok(())
}

/// `    id  source  date`, fitted to the width: one clipping of a story.
fn version_line(v: &Version, layout: Layout) -> String {
    let fields: Vec<String> = [
        Some(visible(&v.id).into_owned()),
        v.source.as_deref().map(escape::one_line),
        v.date.as_deref().map(|d| visible(d).into_owned()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let line = fields.join("  ");
    let line = match layout.width() {
        Some(width) => wrap::shorten(&line, width.saturating_sub(4).max(1)).into_owned(),
        None => line,
    };
    format!("    {line}")
}

const BOLD: &str = "\x1b[1m";
const BOLD_RED: &str = "\x1b[1;31m";
const MAGENTA: &str = "\x1b[35m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Writes index statistics as text.
pub fn stats(out: &mut impl Write, s: &Stats, dir: &std::path::Path) -> io::Result<()> {
    writeln!(out, "index      {}", visible(&dir.display().to_string()))?;
    writeln!(out, "documents  {}", s.documents)?;
    let segments = if s.segments == 1 { "1 segment".to_owned() } else { format!("{} segments", s.segments) };
    writeln!(out, "size       {:.1} MB in {segments}", s.size_bytes as f64 / 1e6)?;
    writeln!(out, "analyzer   {} (jianbao {})", s.fingerprint, s.version)?;
    writeln!(out, "updated    {}", iso_time(s.updated))?;
    for (name, counts) in [("by lang", &s.by_lang), ("by year", &s.by_year), ("by source", &s.by_source)] {
        writeln!(out, "{name}")?;
        for (key, n) in counts {
            writeln!(out, "  {n:>8}  {}", visible(key))?;
        }
    }
    writeln!(out, "folders")?;
    for folder in &s.folders {
        match folder.label.as_str() {
            "" => writeln!(out, "  {}", folder.path)?,
            label => writeln!(out, "  {} (as {label}/)", folder.path)?,
        }
    }
    Ok(())
}

/// `YYYY-MM-DD HH:MM:SS UTC` of seconds since the Unix epoch (proleptic Gregorian).
fn iso_time(secs: u64) -> String {
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::iso_time;

    #[test]
    fn iso_time_of_known_instants() {
        assert_eq!(iso_time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(iso_time(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(iso_time(1_795_566_569), "2026-11-25 00:29:29 UTC");
    }
}
