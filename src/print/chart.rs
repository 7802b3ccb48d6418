//! `trend` as a chart in the terminal: a legend line per series, then one row per bucket
//! and series, `KEY  [LABEL ]BAR  COUNT  SHARE`, the bars drawn in eighths of a column
//! (`▏▎▍▌▋▊▉█`) and scaled so that the longest fills the room the width leaves.
//!
//! Several series are told apart without colour by a letter (`a`, `b`, …) before each
//! bar and in the legend; in colour, each series' bars have a colour of their own. The
//! bars measure counts, or with `--share` the mentions per 1,000 clippings of the bucket;
//! the same scale serves every series, so that their bars compare.

use std::io::{self, Write};

use super::escape::one_line;
use super::wrap::{columns, shorten};
use super::{Layout, DIM};
use crate::search::trend::Trend;

/// The width of a chart when output has none (into a pipe without `$COLUMNS`).
const DEFAULT_WIDTH: usize = 80;
/// The widest key kept whole however narrow the chart: a day, `2024-03-14`. Longer
/// ones (a source) are shortened to a third of the width.
const KEY_WIDTH: usize = 10;
/// Columns between the parts of a row.
const GAP: &str = "  ";
/// A bar's last column, by eighths filled.
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
/// The colour of each series' bars, in turn.
const COLOURS: [&str; 6] = ["\x1b[36m", "\x1b[35m", "\x1b[33m", "\x1b[32m", "\x1b[34m", "\x1b[31m"];

/// Writes `trend` as a chart fitted to `layout`.
pub fn chart(out: &mut impl Write, trend: &Trend, layout: Layout) -> io::Result<()> {
    let width = layout.width().unwrap_or(DEFAULT_WIDTH);
    for i in 0..trend.series.len() {
        writeln!(out, "{}", legend(trend, i, width, layout))?;
    }
    let rows = Rows::new(trend, width, layout);
    let buckets = trend.series.first().map_or(0, |s| s.buckets.len());
    for b in 0..buckets {
        for i in 0..trend.series.len() {
            writeln!(out, "{}", rows.row(trend, b, i))?;
        }
    }
    Ok(())
}

/// The legend line of series `i`: its letter (if there are several), its query, and
/// `123 clippings by month`, with `--share` what the figures are.
fn legend(trend: &Trend, i: usize, width: usize, layout: Layout) -> String {
    let series = &trend.series[i];
    let label = if trend.series.len() > 1 { format!("{}  ", label(i)) } else { String::new() };
    let noun = if series.total == 1 { "clipping" } else { "clippings" };
    let per = if trend.per_bucket { format!(", per 1,000 clippings of each {}", series.by) } else { String::new() };
    let facts = format!("{} {noun} by {}{per}", series.total, series.by);
    // The query gives way first, then what is said of it.
    let room = width.saturating_sub(columns(&label) + GAP.len());
    let query = shorten(&one_line(&series.query), room.saturating_sub(columns(&facts)).max(1)).into_owned();
    let facts = shorten(&facts, room.saturating_sub(columns(&query)).max(1)).into_owned();
    let (colour, dim, reset) = (layout.paint(COLOURS[i % COLOURS.len()]), layout.paint(DIM), layout.reset());
    format!("{colour}{label}{reset}{query}{GAP}{dim}{facts}{reset}")
}

/// What the bars of a bucket measure: its count, or with `--share` its share.
fn measure(trend: &Trend, count: u64, share: f64) -> f64 {
    if trend.per_bucket {
        share
    } else {
        count as f64
    }
}

/// The letter of series `i`: `a` to `z`, then `aa`, `ab`, …
fn label(i: usize) -> String {
    let (mut n, mut letters) = (i + 1, Vec::new());
    while n > 0 {
        letters.push(b'a' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.iter().rev().map(|&b| char::from(b)).collect()
}

/// The widths of the columns of the rows, the scale of the bars, and the colours.
struct Rows {
    key_width: usize,
    label_width: usize,
    count_width: usize,
    share_width: usize,
    bar_width: usize,
    /// The longest bar's measure.
    most: f64,
    layout: Layout,
}

impl Rows {
    fn new(trend: &Trend, width: usize, layout: Layout) -> Rows {
        let buckets = || trend.series.iter().flat_map(|s| s.buckets.iter());
        let key_width =
            buckets().map(|b| columns(&one_line(&b.key))).max().unwrap_or(0).min((width / 3).max(KEY_WIDTH));
        let several = trend.series.len() > 1;
        let label_width = if several { label(trend.series.len() - 1).len() } else { 0 };
        let count_width = buckets().map(|b| b.count.to_string().len()).max().unwrap_or(1);
        // `1000.0‰`, `100.0%`: the widest a share is shown.
        let share_width = if trend.per_bucket { 7 } else { 6 };
        let most = buckets().map(|b| measure(trend, b.count, b.share)).fold(0.0, f64::max);
        let label_room = if several { label_width + 1 } else { 0 };
        let taken = key_width + GAP.len() + label_room + GAP.len() + count_width + GAP.len() + share_width;
        let bar_width = width.saturating_sub(taken).max(1);
        Rows { key_width, label_width, count_width, share_width, bar_width, most, layout }
    }

    /// The row of series `i` in bucket `b`: the key (on the first series' row), the
    /// series' letter, its bar, count and share.
    fn row(&self, trend: &Trend, b: usize, i: usize) -> String {
        let Some(bucket) = trend.series[i].buckets.get(b) else { return String::new() };
        let key = if i == 0 { self.key(&bucket.key) } else { " ".repeat(self.key_width) };
        let label =
            if trend.series.len() > 1 { format!("{:<w$} ", label(i), w = self.label_width) } else { String::new() };
        let bar = self.bar(measure(trend, bucket.count, bucket.share));
        let (colour, reset) = (self.layout.paint(COLOURS[i % COLOURS.len()]), self.layout.reset());
        let (count, share) = (bucket.count, self.share(trend, bucket.share));
        let (cw, sw) = (self.count_width, self.share_width);
        format!("{key}{GAP}{label}{colour}{bar}{reset}{GAP}{count:>cw$}{GAP}{share:>sw$}")
    }

    /// `key` on one line, shortened or padded to the key column.
    fn key(&self, key: &str) -> String {
        let key = shorten(&one_line(key), self.key_width).into_owned();
        let pad = self.key_width.saturating_sub(columns(&key));
        format!("{key}{}", " ".repeat(pad))
    }

    /// A bar for `value`, padded to the bar column: at least an eighth for any value
    /// above 0, so that a small count is not drawn as none.
    fn bar(&self, value: f64) -> String {
        let eighths =
            if self.most > 0.0 { (value / self.most * (self.bar_width * 8) as f64).round() as usize } else { 0 };
        let eighths = if value > 0.0 { eighths.max(1) } else { 0 };
        let mut bar = "█".repeat(eighths / 8);
        if eighths % 8 > 0 {
            bar.push(EIGHTHS[eighths % 8]);
        }
        let pad = self.bar_width.saturating_sub(eighths.div_ceil(8));
        bar + &" ".repeat(pad)
    }

    /// A share as shown: a percentage of the series, or per 1,000 clippings of the bucket.
    fn share(&self, trend: &Trend, share: f64) -> String {
        if trend.per_bucket {
            format!("{:.1}‰", share * 1000.0)
        } else {
            format!("{:.1}%", share * 100.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn series_are_lettered_as_spreadsheet_columns() {
        let labels: Vec<String> = [0, 1, 25, 26, 27, 701, 702].into_iter().map(label).collect();
        assert_eq!(labels, ["a", "b", "z", "aa", "ab", "zz", "aaa"]);
    }
}
