//! Searching: a query in, ranked typed hits with snippets out. Printing is elsewhere.

pub mod query;
pub mod snippet;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur};
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

pub use query::Term;
pub use snippet::{Snippet, Span};

use crate::index::Store;
use crate::{text, Result};

/// Characters in a snippet, about.
pub const SNIPPET_WIDTH: usize = 100;

/// What to search for.
#[derive(Debug, Clone)]
pub struct Request {
    pub query: String,
    /// Hits to return, at least one.
    pub limit: usize,
    /// Passages per snippet, at least one.
    pub fragments: usize,
}

impl Request {
    /// A request for the top `limit` hits with one-passage snippets.
    pub fn new(query: impl Into<String>, limit: usize) -> Request {
        Request { query: query.into(), limit, fragments: 1 }
    }
}

/// The outcome of a search.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub query: String,
    /// Documents that match, all of them, not only those in `hits`.
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// One matching clipping. This struct is the JSON contract.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub path: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub lang: Option<String>,
    pub score: f32,
    /// The best passage, as printed, in plain text.
    pub snippet: String,
    /// Matched ranges of `snippet`, in Unicode characters.
    pub highlights: Vec<Span>,
    /// The passages `snippet` joins, when more than one was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fragments: Option<Vec<Snippet>>,
}

/// Runs `request` against `store`.
pub fn search(store: &Store, request: &Request) -> Result<Results> {
    text::script::init()?;
    let terms = query::parse(&request.query, store.segmenter())?;
    let mut clauses: Vec<_> = terms.iter().map(|t| (Occur::Must, t.query(&store.fields))).collect();
    if let Some(together) = query::adjacent(&terms, &store.fields, store.segmenter())? {
        clauses.push((Occur::Should, together));
    }
    let query = BooleanQuery::new(clauses);
    let reader = store.index.reader().map_err(|e| store.error(e))?;
    let searcher = reader.searcher();
    let collector = (Count, TopDocs::with_limit(request.limit.max(1)).order_by_score());
    let (total, top) = searcher.search(&query, &collector).map_err(|e| store.error(e))?;
    let hits = top
        .into_iter()
        .map(|(score, address)| hit(store, &searcher, address, score, &terms, request.fragments))
        .collect::<Result<_>>()?;
    Ok(Results { query: request.query.clone(), total, hits })
}

fn hit(
    store: &Store,
    searcher: &Searcher,
    address: DocAddress,
    score: f32,
    terms: &[Term],
    fragments: usize,
) -> Result<Hit> {
    let doc: TantivyDocument = searcher.doc(address).map_err(|e| store.error(e))?;
    let f = &store.fields;
    let get = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_owned);
    let body = get(f.body).unwrap_or_default();
    let parts = snippet::passages(&body, terms, SNIPPET_WIDTH, fragments);
    let snippet = Snippet::join(&parts);
    Ok(Hit {
        id: get(f.id).unwrap_or_default(),
        path: get(f.path).unwrap_or_default(),
        title: get(f.title),
        date: get(f.date),
        source: get(f.source),
        lang: get(f.lang),
        score,
        snippet: snippet.text,
        highlights: snippet.highlights,
        fragments: (fragments > 1).then_some(parts),
    })
}

#[cfg(test)]
mod tests;
