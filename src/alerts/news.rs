//! What is new to a saved search: the clippings it matches that a commit after the last
//! one it saw added or replaced, less those it has reported. The commit numbers are
//! filtered inside the index (a range on the `added` fast field), by the one search path
//! every command uses.

use crate::index::{Commits, Store};
use crate::search::{self, Request, Results, Sort};
use crate::Result;

use super::{Alert, Alerts};

/// The new clippings of one saved search, and the commit it ran on.
#[derive(Debug, Clone)]
pub struct News {
    /// Newest first; `total` is how many there are, all in `hits`.
    pub results: Results,
    /// The last commit the search saw: recorded when the results are.
    pub seen: Commits,
}

/// The clippings new to `alert` in `store`.
///
/// `seen` is the highest commit number among the documents of the searcher it runs on
/// (deleted ones included): every document added later carries a higher one. An index
/// created anew since the alert last ran counts from 1 again: then every document is a
/// candidate, and the ids reported before keep it from repeating itself.
pub fn news(store: &Store, saved: &Alerts, alert: &Alert, collapse: bool) -> Result<News> {
    let searcher = store.searcher()?;
    let mut seen = Commits { born: store.commits().born, commits: last_added(store, &searcher)? };
    let after = if alert.seen.born == seen.born { alert.seen.commits } else { 0 };
    // A merge that drops deleted documents may lower the highest number found, never
    // the count of commits: what was seen stays seen.
    seen.commits = seen.commits.max(after);
    let mut filter = alert.filter.resolve()?;
    if after == seen.commits {
        // Nothing came in since: no search needed.
        let results = Results {
            query: alert.query.clone(),
            total: 0,
            stories: None,
            took_ms: 0,
            hits: Vec::new(),
            warnings: Vec::new(),
            sort: Sort::DateDesc,
        };
        return Ok(News { results, seen });
    }
    filter.added_after = Some(after);
    let request = Request { filter, sort: Sort::DateDesc, collapse, ..Request::new(alert.query.clone(), usize::MAX) };
    let mut results = search::search(store, &request)?;
    if !results.hits.is_empty() {
        let reported = saved.reported(&alert.name)?;
        let new = |id: &str| !reported.contains(super::reported::line(id).as_ref());
        for hit in &mut results.hits {
            if let Some(versions) = &mut hit.versions {
                versions.retain(|v| new(&v.id));
            }
        }
        // A story stays while any of its clippings is new to the search.
        results.hits.retain(|hit| new(&hit.meta.id) || hit.versions.as_ref().is_some_and(|v| !v.is_empty()));
        results.total = results.hits.iter().map(|h| 1 + h.versions.as_ref().map_or(0, Vec::len)).sum();
        results.stories = collapse.then_some(results.hits.len());
    }
    Ok(News { results, seen })
}

/// The highest commit number the documents of `searcher` carry (0 if none).
fn last_added(store: &Store, searcher: &tantivy::Searcher) -> Result<u64> {
    let mut last = 0;
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().u64(crate::index::ADDED).map_err(|e| store.error(e))?;
        last = last.max(column.max_value());
    }
    Ok(last)
}
