//! A story over time: how many clippings match, bucket by bucket (day, ISO week, month,
//! year, source or language), for one or several queries side by side.
//!
//! Each query is planned and filtered exactly as `search` runs it, and its matches are
//! counted from fast fields by [`Buckets`]: the buckets of a series add up to `search`'s
//! `total`, and no document is loaded. Stretches of time between the first and the last
//! non-empty bucket (or `--since` and `--until`, when given) are all listed, empty ones
//! as 0; undated clippings fall in a `none` bucket.

use jiff::civil::Date as Day;
use serde::Serialize;
use tantivy::query::AllQuery;

use super::{check_truncated, checked, filtered, query, Filter};
use crate::index::buckets::{Buckets, By, Counts, Key, NONE};
use crate::index::Store;
use crate::{Error, Result};

/// The most buckets a series may have: more than the days of the years an index takes
/// dates from (1800 to 2200).
pub const MAX_BUCKETS: usize = 150_000;

/// What to count.
#[derive(Debug, Clone)]
pub struct Request {
    /// One series per query.
    pub queries: Vec<String>,
    pub by: By,
    pub filter: Filter,
    /// Divide each count by all clippings of its bucket, instead of by the series' total.
    pub per_bucket: bool,
}

/// The series counted, their buckets aligned: the same keys in the same order.
#[derive(Debug, Clone)]
pub struct Trend {
    pub by: By,
    pub per_bucket: bool,
    pub series: Vec<Series>,
    /// Said to the user on stderr (a malformed query searched as plain words).
    pub warnings: Vec<String>,
}

/// One query's counts. This struct is the JSON contract of `trend`.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub query: String,
    pub by: &'static str,
    /// Matching clippings, all of them: the sum of the counts.
    pub total: u64,
    /// What `share` divides by: `total`, or (`--share`) `bucket`, all clippings of the bucket.
    pub share_of: &'static str,
    pub buckets: Vec<Bucket>,
}

/// One bucket of a series.
#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    /// `2024-03-14`, `2024-W09`, `2024-03`, `2024`, a source or a language; `none`.
    pub key: String,
    pub count: u64,
    /// `count` divided by the series' total, or (`--share`) by `clippings`; 0 for 0 / 0.
    pub share: f64,
    /// With `--share`: all clippings of the bucket, under the same filters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clippings: Option<u64>,
}

/// Counts every query of `request` by its buckets.
pub fn trend(store: &Store, request: &Request) -> Result<Trend> {
    let mut warnings = Vec::new();
    let mut counted = Vec::new();
    for text in &request.queries {
        let (counts, warning) = count(store, text, request)?;
        warnings.extend(warning);
        counted.push(counts);
    }
    let all = if request.per_bucket || !request.by.is_time() { Some(count_all(store, request)?) } else { None };
    let keys = keys(request, &counted, all.as_ref())?;
    let series = request.queries.iter().zip(&counted).map(|(q, c)| series(request, q, c, &keys, all.as_ref()));
    Ok(Trend { by: request.by, per_bucket: request.per_bucket, series: series.collect(), warnings })
}

/// The counts of the clippings `text` finds under the filters, and the warning of its
/// plan, if any.
fn count(store: &Store, text: &str, request: &Request) -> Result<(Counts, Option<String>)> {
    let plan = query::plan(text, &store.fields, store.segmenter())?;
    let query = filtered(store, plan.query, &request.filter)?;
    let searcher = store.searcher()?;
    check_truncated(store, &searcher, &plan.truncated)?;
    let counts = store.search(&searcher, &query, &Buckets(request.by))?;
    checked(store, &plan.failure)?;
    Ok((counts, plan.warning))
}

/// The counts of all clippings under the filters: what `--share` divides by, and the
/// sources and languages there are.
fn count_all(store: &Store, request: &Request) -> Result<Counts> {
    let query = filtered(store, Box::new(AllQuery), &request.filter)?;
    let searcher = store.searcher()?;
    store.search(&searcher, &query, &Buckets(request.by))
}

/// The keys of every series, in order, `None` standing for `none`: for time, every
/// bucket from the first to the last (or from `--since` to `--until`); for sources and
/// languages, every one the filters leave, most matches first.
fn keys(request: &Request, counted: &[Counts], all: Option<&Counts>) -> Result<Vec<Option<Key>>> {
    let by = request.by;
    let mut keys: Vec<Option<Key>> = if by.is_time() {
        time_keys(request, counted)?.into_iter().map(Some).collect()
    } else {
        let found = counted.iter().chain(all).flat_map(|c| c.by_key.keys());
        let mut keys: Vec<Key> = found.cloned().collect();
        keys.sort();
        keys.dedup();
        let matches = |k: &Key| counted.iter().map(|c| c.by_key.get(k).copied().unwrap_or(0)).sum::<u64>();
        let clippings = |k: &Key| all.and_then(|a| a.by_key.get(k).copied()).unwrap_or(0);
        keys.sort_by_cached_key(|k| (std::cmp::Reverse((matches(k), clippings(k))), k.clone()));
        keys.into_iter().map(Some).collect()
    };
    if counted.iter().any(|c| c.none > 0) {
        keys.push(None);
    }
    Ok(keys)
}

/// The stretches of time from `--since` (else the first that holds a match) to
/// `--until` (else the last that does).
fn time_keys(request: &Request, counted: &[Counts]) -> Result<Vec<Key>> {
    let dates = counted.iter().flat_map(|c| c.by_key.keys()).filter_map(|k| match k {
        Key::Date(d) => Some(*d),
        Key::Text(_) => None,
    });
    let first = request.filter.since.as_ref().and_then(|d| day(d.as_str(), false));
    let last = request.filter.until.as_ref().and_then(|d| day(d.as_str(), true));
    let first = first.or_else(|| dates.clone().min());
    let last = last.or_else(|| dates.max());
    let (Some(first), Some(last)) = (first, last) else { return Ok(Vec::new()) };
    request.by.span(first, last, MAX_BUCKETS).ok_or_else(|| {
        let by = request.by.name();
        Error::Range(format!("{first} to {last} by {by} is more than {MAX_BUCKETS} buckets: narrow --since and --until, or count by a longer stretch"))
    })
}

/// The first (or, if `end`, the last) day of `date` as `--since` and `--until` take it:
/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a day past the end of its month is its last day).
pub fn day(date: &str, end: bool) -> Option<Day> {
    let mut parts = date.split('-').map(|p| p.parse::<i16>().ok());
    let year = parts.next()??;
    let month = parts.next().unwrap_or(Some(if end { 12 } else { 1 }))?;
    let first = Day::new(year, month as i8, 1).ok()?;
    let last = first.days_in_month() as i16;
    let day = parts.next().unwrap_or(Some(if end { last } else { 1 }))?;
    Day::new(year, month as i8, day.clamp(1, last) as i8).ok()
}

/// The series of `query` over `keys`.
fn series(request: &Request, query: &str, counts: &Counts, keys: &[Option<Key>], all: Option<&Counts>) -> Series {
    let by = request.by;
    let total = counts.total();
    let found = |counts: &Counts, key: &Option<Key>| match key {
        Some(key) => counts.by_key.get(key).copied().unwrap_or(0),
        None => counts.none,
    };
    let bucket = |key: &Option<Key>| {
        let count = found(counts, key);
        let clippings = all.filter(|_| request.per_bucket).map(|all| found(all, key));
        let of = clippings.unwrap_or(total);
        let share = if of == 0 { 0.0 } else { count as f64 / of as f64 };
        let key = key.as_ref().map_or_else(|| NONE.to_owned(), |k| by.label(k));
        Bucket { key, count, share, clippings }
    };
    Series {
        query: query.to_owned(),
        by: by.name(),
        total,
        share_of: if request.per_bucket { "bucket" } else { "total" },
        buckets: keys.iter().map(bucket).collect(),
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::day;

    #[test]
    fn since_and_until_are_the_first_and_last_days_they_name() {
        let table = [
            ("2024", false, date(2024, 1, 1)),
            ("2024", true, date(2024, 12, 31)),
            ("2024-02", false, date(2024, 2, 1)),
            ("2024-02", true, date(2024, 2, 29)),
            ("2023-02-31", true, date(2023, 2, 28)),
            ("2024-03-14", false, date(2024, 3, 14)),
        ];
        for (given, end, expected) in table {
            assert_eq!(day(given, end), Some(expected), "{given} {end}");
        }
    }
}
