//! CSV for spreadsheets: a header row, then one row per hit (`search --format csv`) or per
//! bucket (`trend --format csv`).
//!
//! Fields are written as the `csv` crate quotes them (RFC 4180: a field holding a comma,
//! a quote or a line break is quoted, its quotes doubled), so any title or snippet loads
//! as it is. Text is exact, as in JSON: no escapes for a terminal, no highlights. UTF-8
//! without a byte order mark: scripts (Python's `csv`, the `csv` crate) would take the
//! mark for part of the first column's name. LibreOffice and Google Sheets read UTF-8 as
//! it is; Excel through Data > From Text/CSV (a double click guesses a legacy encoding).

use std::io::{self, Write};

use super::Count;
use crate::index::Listed;
use crate::search::trend::Trend;
use crate::search::Results;

/// A CSV writer on `out`.
fn writer<W: Write>(out: W) -> io::Result<csv::Writer<W>> {
    Ok(csv::Writer::from_writer(out))
}

/// The hits of `results`: `id,date,source,lang,title,score,snippet,path,url`, a missing
/// value empty.
pub fn hits(out: &mut impl Write, results: &Results) -> io::Result<()> {
    let mut csv = writer(out)?;
    csv.write_record(["id", "date", "source", "lang", "title", "score", "snippet", "path", "url"])?;
    for hit in &results.hits {
        let meta = &hit.meta;
        let or_empty = |v: &Option<String>| v.clone().unwrap_or_default();
        let score = hit.score.to_string();
        let (date, source, lang, title, url) = (
            or_empty(&meta.date),
            or_empty(&meta.source),
            or_empty(&meta.lang),
            or_empty(&meta.title),
            or_empty(&meta.url),
        );
        csv.write_record([&meta.id, &date, &source, &lang, &title, &score, &hit.snippet, &meta.path, &url])?;
    }
    csv.flush()
}

/// `search --count --format csv`: `query,total` (and `stories` with `--collapse`) and
/// its row.
pub fn count(out: &mut impl Write, count: &Count<'_>) -> io::Result<()> {
    let mut csv = writer(out)?;
    let stories = count.stories.map(|n| n.to_string());
    csv.write_record(["query", "total"].into_iter().chain(stories.as_ref().map(|_| "stories")))?;
    csv.write_record([count.query, &count.total.to_string()].into_iter().chain(stories.as_deref()))?;
    csv.flush()
}

/// The buckets of `trend`: `key,count,share`, one `count,share` pair per series, each
/// named after its query when there are several, and with `--share` the clippings of the
/// bucket last (`clippings`).
pub fn trend(out: &mut impl Write, trend: &Trend) -> io::Result<()> {
    let mut csv = writer(out)?;
    let several = trend.series.len() > 1;
    let mut header = vec!["key".to_owned()];
    for series in &trend.series {
        let name = |column: &str| if several { format!("{column} {}", series.query) } else { column.to_owned() };
        header.extend([name("count"), name("share")]);
    }
    if trend.per_bucket {
        header.push("clippings".to_owned());
    }
    csv.write_record(&header)?;
    let Some(first) = trend.series.first() else { return csv.flush() };
    for (i, bucket) in first.buckets.iter().enumerate() {
        let mut row = vec![bucket.key.clone()];
        for series in &trend.series {
            let b = &series.buckets[i];
            row.extend([b.count.to_string(), b.share.to_string()]);
        }
        row.extend(bucket.clippings.map(|n| n.to_string()));
        csv.write_record(&row)?;
    }
    csv.flush()
}

/// The stories of `duplicates`: `story,id,source,date,title`, one row per clipping, the
/// story numbered from 1 in the order listed and its title on each of its rows.
pub fn stories(out: &mut impl Write, stories: &[Listed]) -> io::Result<()> {
    let mut csv = writer(out)?;
    csv.write_record(["story", "id", "source", "date", "title"])?;
    for (n, story) in stories.iter().enumerate() {
        let (n, title) = ((n + 1).to_string(), story.title.clone().unwrap_or_default());
        for (i, id) in story.ids.iter().enumerate() {
            let or_empty = |v: &Option<String>| v.clone().unwrap_or_default();
            let (source, date) = (or_empty(&story.sources[i]), or_empty(&story.dates[i]));
            csv.write_record([&n, id, &source, &date, &title])?;
        }
    }
    csv.flush()
}
