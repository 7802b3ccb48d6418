//! Counting documents by a fast field: by the day, ISO week, month or year of their date,
//! or by their source or language. `stats` and `trend` count through this one collector.
//!
//! A segment's column holds each distinct value once, in a sorted dictionary (a few
//! thousand dates, a few dozen sources), and each document an ordinal into it. The
//! collector maps every ordinal to its bucket once per segment, so counting a document
//! is a column read and an array index: no document is loaded, whatever the number of hits.

use std::collections::BTreeMap;

use jiff::civil::{Date, ISOWeekDate};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::schema;

/// What documents are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Day,
    /// The ISO week, Monday to Sunday, numbered in its ISO year: `2024-W09`.
    Week,
    Month,
    Year,
    Source,
    Lang,
}

/// A bucket: the first day of a stretch of time, or a value of the field counted by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    Date(Date),
    Text(String),
}

/// How many documents fell in each bucket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// The buckets that hold a document, and how many.
    pub by_key: BTreeMap<Key, u64>,
    /// Documents without a value (or with a date that is not one).
    pub none: u64,
}

impl Counts {
    /// All the documents counted.
    pub fn total(&self) -> u64 {
        self.by_key.values().sum::<u64>() + self.none
    }

    /// The counts by the keys as printed, with `none` for documents without a value if
    /// there are any: what `stats` shows.
    pub fn named(&self, by: By) -> BTreeMap<String, usize> {
        let mut named: BTreeMap<String, usize> = BTreeMap::new();
        for (key, n) in &self.by_key {
            *named.entry(by.label(key)).or_default() += *n as usize;
        }
        if self.none > 0 {
            *named.entry(NONE.to_owned()).or_default() += self.none as usize;
        }
        named
    }
}

/// The key of the bucket of documents without a value.
pub const NONE: &str = "none";

impl By {
    /// As `--by` takes it and JSON says it.
    pub fn name(self) -> &'static str {
        match self {
            By::Day => "day",
            By::Week => "week",
            By::Month => "month",
            By::Year => "year",
            By::Source => "source",
            By::Lang => "lang",
        }
    }

    /// True for the stretches of time, whose empty buckets are counted too.
    pub fn is_time(self) -> bool {
        matches!(self, By::Day | By::Week | By::Month | By::Year)
    }

    fn field(self) -> &'static str {
        match self {
            By::Source => schema::SOURCE,
            By::Lang => schema::LANG,
            _ => schema::DATE,
        }
    }

    /// The bucket of `value`, a value of the field; `None` for a date that is not one.
    fn key(self, value: &str) -> Option<Key> {
        if !self.is_time() {
            return Some(Key::Text(value.to_owned()));
        }
        Some(Key::Date(self.start(iso_day(value)?)))
    }

    /// The first day of the bucket that holds `day`.
    pub fn start(self, day: Date) -> Date {
        match self {
            By::Week => day.iso_week_date().first_of_week().map_or(day, ISOWeekDate::date),
            By::Month => day.first_of_month(),
            By::Year => day.first_of_year(),
            _ => day,
        }
    }

    /// The first day of the bucket after the one that begins on `start`, if the calendar
    /// goes on that far.
    fn next(self, start: Date) -> Option<Date> {
        let span = match self {
            By::Week => jiff::Span::new().weeks(1),
            By::Month => jiff::Span::new().months(1),
            By::Year => jiff::Span::new().years(1),
            _ => jiff::Span::new().days(1),
        };
        start.checked_add(span).ok()
    }

    /// `key` as printed: `2024-03-14`, `2024-W09`, `2024-03`, `2024`, or the value.
    pub fn label(self, key: &Key) -> String {
        match (self, key) {
            (_, Key::Text(text)) => text.clone(),
            (By::Week, Key::Date(d)) => {
                let week = d.iso_week_date();
                format!("{:04}-W{:02}", week.year(), week.week())
            }
            (By::Month, Key::Date(d)) => format!("{:04}-{:02}", d.year(), d.month()),
            (By::Year, Key::Date(d)) => format!("{:04}", d.year()),
            (_, Key::Date(d)) => d.to_string(),
        }
    }

    /// Every bucket from the one that holds `first` to the one that holds `last`, or
    /// `None` if there are more than `most`.
    pub fn span(self, first: Date, last: Date, most: usize) -> Option<Vec<Key>> {
        let (mut at, end) = (self.start(first), self.start(last));
        let mut keys = Vec::new();
        while at <= end {
            if keys.len() == most {
                return None;
            }
            keys.push(Key::Date(at));
            match self.next(at) {
                Some(next) => at = next,
                None => break,
            }
        }
        Some(keys)
    }
}

/// The day `value` names as the index stores dates, `YYYY-MM-DD`, if it is one. Read
/// by hand: a segment holds thousands of them, each read again for every series.
fn iso_day(value: &str) -> Option<Date> {
    let bytes = value.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |at: std::ops::Range<usize>| value.get(at)?.parse::<i16>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// A collector of [`Counts`] by one field: `searcher.search(&query, &Buckets(By::Month))`.
#[derive(Debug, Clone, Copy)]
pub struct Buckets(pub By);

impl Collector for Buckets {
    type Fruit = Counts;
    type Child = SegmentBuckets;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentBuckets> {
        let Some(column) = segment.fast_fields().str(self.0.field())? else {
            return Ok(SegmentBuckets { ords: None, slot_of_ord: Vec::new(), keys: Vec::new(), counts: vec![0] });
        };
        // Slot 0 counts documents without a bucket; the keys come in order, as the
        // dictionary's values do (ISO dates sort as days do), so equal keys are neighbours.
        let mut slot_of_ord = Vec::with_capacity(column.num_terms());
        let mut keys: Vec<Key> = Vec::new();
        let mut values = column.dictionary().stream()?;
        while values.advance() {
            let key = std::str::from_utf8(values.key()).ok().and_then(|v| self.0.key(v));
            let slot = match key {
                None => 0,
                Some(key) => {
                    if keys.last() != Some(&key) {
                        keys.push(key);
                    }
                    keys.len() as u32
                }
            };
            slot_of_ord.push(slot);
        }
        let counts = vec![0; keys.len() + 1];
        Ok(SegmentBuckets { ords: Some(column.ords().clone()), slot_of_ord, keys, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        for counts in fruits {
            all.none += counts.none;
            for (key, n) in counts.by_key {
                *all.by_key.entry(key).or_default() += n;
            }
        }
        Ok(all)
    }
}

/// The counts of one segment, by slot: its column, and which slot each value falls in.
pub struct SegmentBuckets {
    ords: Option<Column<u64>>,
    slot_of_ord: Vec<u32>,
    /// The key of slot `i + 1`.
    keys: Vec<Key>,
    counts: Vec<u64>,
}

impl SegmentBuckets {
    fn slot(&self, ord: Option<u64>) -> usize {
        ord.and_then(|o| self.slot_of_ord.get(o as usize)).map_or(0, |&s| s as usize)
    }
}

impl SegmentCollector for SegmentBuckets {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        let ord = self.ords.as_ref().and_then(|c| c.first(doc));
        let slot = self.slot(ord);
        self.counts[slot] += 1;
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let Some(ords) = &self.ords else {
            self.counts[0] += docs.len() as u64;
            return;
        };
        let mut found = [None; 64];
        for chunk in docs.chunks(found.len()) {
            let found = &mut found[..chunk.len()];
            ords.first_vals(chunk, found);
            for &ord in found.iter() {
                let slot = self.slot(ord);
                self.counts[slot] += 1;
            }
        }
    }

    fn harvest(self) -> Counts {
        let by_key = self.keys.into_iter().zip(self.counts[1..].iter().copied()).filter(|&(_, n)| n > 0).collect();
        Counts { by_key, none: self.counts[0] }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::{By, Key};

    #[test]
    fn buckets_begin_and_are_named_as_the_calendar_says() {
        let table = [
            (By::Day, "2024-02-29", "2024-02-29"),
            (By::Week, "2024-02-29", "2024-W09"),
            // 2021-01-03 is a Sunday, in the last ISO week of 2020.
            (By::Week, "2021-01-03", "2020-W53"),
            (By::Week, "2024-12-30", "2025-W01"),
            (By::Month, "2024-02-29", "2024-02"),
            (By::Year, "2024-02-29", "2024"),
            (By::Source, "大公報", "大公報"),
        ];
        for (by, value, expected) in table {
            let key = by.key(value).unwrap();
            assert_eq!(by.label(&key), expected, "{by:?} {value}");
        }
        for not_a_day in ["2024-02-30", "2024-3-14", "2024-03-14T00", "20240314", "2024-0a-14"] {
            assert_eq!(By::Month.key(not_a_day), None, "{not_a_day}");
        }
        assert_eq!(By::Source.key("2024-02-30"), Some(Key::Text("2024-02-30".to_owned())));
    }

    #[test]
    fn a_span_holds_every_bucket_between_and_no_more_than_asked() {
        let labels =
            |by: By, first, last| by.span(first, last, 1000).unwrap().iter().map(|k| by.label(k)).collect::<Vec<_>>();
        assert_eq!(
            labels(By::Month, date(2023, 11, 30), date(2024, 2, 1)),
            ["2023-11", "2023-12", "2024-01", "2024-02"]
        );
        assert_eq!(labels(By::Week, date(2020, 12, 31), date(2021, 1, 4)), ["2020-W53", "2021-W01"]);
        assert_eq!(labels(By::Year, date(2024, 5, 1), date(2024, 6, 1)), ["2024"]);
        assert_eq!(labels(By::Day, date(2024, 2, 28), date(2024, 3, 1)), ["2024-02-28", "2024-02-29", "2024-03-01"]);
        assert!(labels(By::Day, date(2024, 3, 2), date(2024, 3, 1)).is_empty());
        assert_eq!(By::Day.span(date(2024, 1, 1), date(2024, 12, 31), 365), None);
        assert_eq!(By::Day.span(date(2023, 1, 1), date(2023, 12, 31), 365).map(|s| s.len()), Some(365));
    }
}
