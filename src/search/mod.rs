//! Searching: a query in, ranked typed hits with snippets out. Printing is elsewhere.

mod collapse;
mod exact;
mod exclusion;
mod filter;
mod forms;
pub mod near;
pub mod query;
pub mod snippet;
pub mod syntax;
mod top;
pub mod trend;

use std::collections::HashSet;
use std::ops::Bound;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Order, Searcher, Term as IndexTerm};

pub use crate::index::Version;
pub use query::Term;
pub use snippet::{Snippet, Span};

use crate::corpus::Meta;
use crate::index::Store;
use crate::{Error, Result};

/// Characters in a snippet, about.
pub const SNIPPET_WIDTH: usize = 100;

/// What to search for.
#[derive(Debug, Clone)]
pub struct Request {
    pub query: String,
    /// Hits to return, at least one.
    pub limit: usize,
    /// Hits to skip first, for paging.
    pub offset: usize,
    /// Passages per snippet, at least one.
    pub fragments: usize,
    /// Only count: no hits, no snippets.
    pub count_only: bool,
    pub filter: Filter,
    pub sort: Sort,
    /// One hit per story, the others of the story its versions.
    pub collapse: bool,
    /// Score (or date) every match and sort them all, instead of finding the page
    /// without: the same page, slower; to prove that it is the same.
    pub exhaustive: bool,
}

impl Request {
    /// A request for the top `limit` hits by relevance, with one-passage snippets.
    pub fn new(query: impl Into<String>, limit: usize) -> Request {
        Request {
            query: query.into(),
            limit,
            offset: 0,
            fragments: 1,
            count_only: false,
            filter: Filter::default(),
            sort: Sort::Relevance,
            collapse: false,
            exhaustive: false,
        }
    }
}

/// Conditions on metadata, applied inside the index (fast fields), not after the search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Dates from this one on.
    pub since: Option<Date>,
    /// Dates up to and including this one: with `2024-03`, all of March 2024.
    pub until: Option<Date>,
    /// Source names containing this text (folded like any text).
    pub source: Option<String>,
    /// The language tag, exactly (`zh-Hant`, `zh-Hans`, `en`).
    pub lang: Option<String>,
    /// Only documents added or replaced by a commit after this one (saved searches).
    pub added_after: Option<u64>,
}

/// A date as a filter takes it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checked when parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    /// The ISO date, year or month.
    iso: String,
    /// As typed: a relative date (`7d`) resolves anew each day.
    typed: String,
}

impl std::str::FromStr for Date {
    /// What a date must look like (the argument parser names the date and the flag).
    type Err = String;

    /// An absolute date, or one relative to today on this machine's clock and time zone.
    fn from_str(date: &str) -> std::result::Result<Date, String> {
        Date::parse(date, jiff::ZonedDateTime::now().date())
    }
}

impl Date {
    /// `date` as `--since` and `--until` take it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or
    /// relative to `today`: `today`, `yesterday`, or `Nd`, `Nw`, `Nm`, `Ny` for N days,
    /// weeks, calendar months or years before it (at most 4 digits; a month back from the
    /// 31st is the last day of a shorter month: `1m` from 2024-03-31 is 2024-02-29).
    pub fn parse(date: &str, today: jiff::civil::Date) -> std::result::Result<Date, String> {
        const EXPECTED: &str = "expected YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, \
            or Nd, Nw, Nm, Ny for N days, weeks, months or years ago";
        if let Some(back) = Date::ago(&date.to_ascii_lowercase()) {
            let day = back.and_then(|span| today.checked_sub(span).ok()).filter(|d| d.year() >= 1);
            let typed = date.to_owned();
            return day.map(|d| Date { iso: d.to_string(), typed }).ok_or_else(|| format!("{date:?} is too far back"));
        }
        let parts: Vec<&str> = date.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let ok = match parts.as_slice() {
            [y] => digits(y, 4),
            [y, m] => digits(y, 4) && digits(m, 2) && ("01"..="12").contains(m),
            [y, m, d] => {
                digits(y, 4) && digits(m, 2) && digits(d, 2) && ("01"..="12").contains(m) && ("01"..="31").contains(d)
            }
            _ => false,
        };
        if ok {
            Ok(Date { iso: date.to_owned(), typed: date.to_owned() })
        } else {
            Err(EXPECTED.to_owned())
        }
    }

    /// The span a relative date (lower case) goes back from today, if it is one: `None`
    /// inside if it is spelt as one but goes back too far to count.
    fn ago(date: &str) -> Option<Option<jiff::Span>> {
        match date {
            "today" => return Some(Some(jiff::Span::new())),
            "yesterday" => return Some(Some(jiff::Span::new().days(1))),
            _ => {}
        }
        let unit = date.chars().next_back()?;
        let n = &date[..date.len() - unit.len_utf8()];
        if !(1..=4).contains(&n.len()) || !n.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: i64 = n.parse().ok()?;
        let span = match unit {
            'd' => jiff::Span::new().try_days(n),
            'w' => jiff::Span::new().try_weeks(n),
            'm' => jiff::Span::new().try_months(n),
            'y' => jiff::Span::new().try_years(n),
            _ => return None,
        };
        Some(span.ok())
    }

    /// As given, or as a relative date resolves: an ISO 8601 date, or its year or month.
    pub fn as_str(&self) -> &str {
        &self.iso
    }

    /// As typed: `7d` for a relative date, else as [`Date::as_str`].
    pub fn typed(&self) -> &str {
        &self.typed
    }
}

/// The order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Relevance,
    /// Oldest first.
    Date,
    /// Newest first.
    DateDesc,
}

/// The outcome of a search.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub query: String,
    /// Documents that match, all of them, not only those in `hits`.
    pub total: usize,
    /// With `--collapse`: the stories the matching documents make.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stories: Option<usize>,
    pub took_ms: u64,
    pub hits: Vec<Hit>,
    /// Said to the user on stderr, not part of the results.
    #[serde(skip)]
    pub warnings: Vec<String>,
    /// The order of `hits`: text output shows scores only when they rank.
    #[serde(skip)]
    pub sort: Sort,
}

/// One matching clipping. This struct is the JSON contract.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    #[serde(flatten)]
    pub meta: Meta,
    /// Relevance; 0 when sorted by date.
    pub score: f32,
    /// The best passage, as printed, in plain text.
    pub snippet: String,
    /// Matched ranges of `snippet`, in Unicode characters.
    pub highlights: Vec<Span>,
    /// The passages `snippet` joins, when more than one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fragments: Option<Vec<Snippet>>,
    /// With `--collapse`: the other matching clippings of its story.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versions: Option<Vec<Version>>,
}

/// Runs `request` against `store`.
pub fn search(store: &Store, request: &Request) -> Result<Results> {
    let started = Instant::now();
    let plan = query::plan(&request.query, &store.fields, store.segmenter())?;
    let failure = plan.failure.clone();
    let query = filtered(store, plan.query, &request.filter)?;
    let searcher = store.searcher()?;
    check_truncated(store, &searcher, &plan.truncated)?;
    // No more hits than documents: a huge offset or limit must not make tantivy reserve
    // room for them.
    let docs = searcher.num_docs() as usize;
    if request.collapse {
        let stories = store.stories()?;
        let limit = if request.count_only { 0 } else { request.limit };
        let collector = collapse::Collapse {
            stories: stories.clone(),
            sort: request.sort,
            keep: request.offset.saturating_add(limit),
        };
        let found = store.search(&searcher, query.as_ref(), &collector);
        checked(store, &failure)?;
        let collapsed = collapse::page(found?, &stories, request.offset, limit);
        let others: Vec<Vec<DocAddress>> = collapsed.page.iter().map(|(_, _, others)| others.clone()).collect();
        let versions = crate::index::versions_each(store, &searcher, others)?;
        let hits = collapsed
            .page
            .into_iter()
            .zip(versions)
            .map(|((score, address, _), versions)| {
                let score = if request.sort == Sort::Relevance { score } else { 0.0 };
                let mut hit = hit(store, &searcher, address, score, &plan.terms, request.fragments)?;
                hit.versions = Some(versions);
                Ok(hit)
            })
            .collect::<Result<_>>()?;
        let took_ms = started.elapsed().as_millis() as u64;
        let warnings = plan.warning.into_iter().collect();
        let (query, sort, total, stories) =
            (request.query.clone(), request.sort, collapsed.total, Some(collapsed.stories));
        return Ok(Results { query, total, stories, took_ms, hits, warnings, sort });
    }
    if request.count_only || request.offset >= docs {
        let total = store.search(&searcher, query.as_ref(), &Count)?;
        checked(store, &failure)?;
        let took_ms = started.elapsed().as_millis() as u64;
        let warnings = plan.warning.into_iter().collect();
        let (query, sort) = (request.query.clone(), request.sort);
        return Ok(Results { query, total, stories: None, took_ms, hits: Vec::new(), warnings, sort });
    }
    let limit = request.limit.clamp(1, docs.max(1));
    let way = if request.exhaustive { top::Way::Exhaustive } else { top::Way::Pruned };
    let (total, ranked): (usize, Vec<(f32, DocAddress)>) = match request.sort {
        Sort::Relevance => {
            // Filters make the query more than a union of terms.
            let wand = plan.wand && request.filter == Filter::default();
            let page = TopDocs::with_limit(limit).and_offset(request.offset);
            top::by_relevance(store, &searcher, query.as_ref(), wand, page, way)?
        }
        Sort::Date | Sort::DateDesc => {
            let order = if request.sort == Sort::Date { Order::Asc } else { Order::Desc };
            let page = (request.offset, limit);
            // A window pays only where counting the matches costs little next to sorting them.
            let way =
                if plan.counted_cheaply && request.filter == Filter::default() { way } else { top::Way::Exhaustive };
            let (total, docs) = top::by_date(store, &searcher, query.as_ref(), order, page, way)?;
            (total, docs.into_iter().map(|address| (0.0, address)).collect())
        }
    };
    checked(store, &failure)?;
    // Read in document order, so that hits in one store block decompress it once; then
    // put back in rank order.
    let mut order: Vec<usize> = (0..ranked.len()).collect();
    order.sort_by_key(|&i| ranked[i].1);
    let mut read: Vec<Option<Hit>> = vec![None; ranked.len()];
    for i in order {
        let (score, address) = ranked[i];
        read[i] = Some(hit(store, &searcher, address, score, &plan.terms, request.fragments)?);
    }
    let hits = read.into_iter().flatten().collect();
    let took_ms = started.elapsed().as_millis() as u64;
    let warnings = plan.warning.into_iter().collect();
    Ok(Results { query: request.query.clone(), total, stories: None, took_ms, hits, warnings, sort: request.sort })
}

/// [`Error::BadQuery`] if one of `prefixes` (of words typed with `*`, folded) begins
/// more than [`query::MAX_TRUNCATED`] different words of the titles and bodies.
fn check_truncated(store: &Store, searcher: &Searcher, prefixes: &[String]) -> Result<()> {
    let f = &store.fields;
    for prefix in prefixes {
        let mut words: HashSet<Vec<u8>> = HashSet::new();
        for segment in searcher.segment_readers() {
            for field in [f.title_ngrams, f.body_ngrams] {
                let index = segment.inverted_index(field).map_err(|e| store.error(e))?;
                let key = IndexTerm::from_field_text(field, prefix);
                let bytes = key.serialized_value_bytes();
                let range = index.terms().range().ge(bytes).lt(snippet::after_prefix(bytes));
                let mut found = range.into_stream().map_err(|e| store.error(e.into()))?;
                while found.advance() {
                    words.insert(found.key().to_vec());
                    if words.len() > query::MAX_TRUNCATED {
                        let most = query::MAX_TRUNCATED;
                        return Err(Error::BadQuery(format!(
                            "`{prefix}*` stands for more than {most} different words; type more letters before the `*`"
                        )));
                    }
                }
            }
        }
    }
    Ok(())
}

/// The error met checking the stored text of a document for a term typed with `=`, if
/// one was: the counts would be short of it.
fn checked(store: &Store, failure: &exact::Failure) -> Result<()> {
    failure.get().map_or(Ok(()), |e| Err(store.error(e)))
}

/// `query` restricted by `filter`.
fn filtered(store: &Store, query: Box<dyn Query>, filter: &Filter) -> Result<Box<dyn Query>> {
    let f = &store.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    if filter.since.is_some() || filter.until.is_some() {
        let (since, until) = (filter.since.as_ref(), filter.until.as_ref());
        let lower = since.map_or(Bound::Unbounded, |d| Bound::Included(IndexTerm::from_field_text(f.date, d.as_str())));
        // Dates are ISO strings: every date starting with `until` sorts below `until` + U+FFFF.
        let upper = until.map_or(Bound::Unbounded, |d| {
            Bound::Included(IndexTerm::from_field_text(f.date, &format!("{}\u{ffff}", d.as_str())))
        });
        clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
    }
    if let Some(after) = filter.added_after {
        let lower = Bound::Excluded(IndexTerm::from_field_u64(f.added, after));
        clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, Bound::Unbounded))));
    }
    if let Some(lang) = &filter.lang {
        let term = IndexTerm::from_field_text(f.lang, lang);
        clauses.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
    }
    if let Some(source) = &filter.source {
        query::check_length(source)?;
        let term = Term::new(source, store.segmenter())
            .ok_or_else(|| Error::BadQuery(format!("--source {source:?} has no words to match")))?;
        clauses.push((Occur::Must, term.query(f, query::Scope::Source)));
    }
    Ok(if clauses.len() == 1 { clauses.remove(0).1 } else { Box::new(BooleanQuery::new(clauses)) })
}

fn hit(
    store: &Store,
    searcher: &Searcher,
    address: DocAddress,
    score: f32,
    terms: &[Term],
    fragments: usize,
) -> Result<Hit> {
    let doc = store.load(searcher, address)?;
    let reader = searcher.segment_reader(address.segment_ord);
    let at = snippet::Hit { reader, doc: address.doc_id, field: store.fields.body_ngrams };
    let parts = snippet::hit_passages(at, &doc.body, terms, SNIPPET_WIDTH, fragments);
    Ok(Hit::new(doc.meta, score, parts, fragments))
}

impl Hit {
    /// The hit of a clipping with `meta`, shown by `parts`, the passages asked for
    /// (`fragments`) as [`snippet`] finds them: what every search, local or remote, returns.
    pub fn new(meta: Meta, score: f32, parts: Vec<Snippet>, fragments: usize) -> Hit {
        let snippet = Snippet::join(&parts);
        Hit {
            meta,
            score,
            snippet: snippet.text,
            highlights: snippet.highlights,
            fragments: (fragments > 1).then_some(parts),
            versions: None,
        }
    }
}

#[cfg(test)]
mod tests;
