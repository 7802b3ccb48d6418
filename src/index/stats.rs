//! What an index holds, counted from its fast fields without reading documents
//! ([`super::buckets`], as `trend` counts).

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::query::AllQuery;

use super::buckets::{Buckets, By};
use super::{payload, Store};
use crate::Result;

/// Counts and facts about an index. This struct is the JSON of `jianbao stats`.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub documents: usize,
    pub by_source: BTreeMap<String, usize>,
    pub by_lang: BTreeMap<String, usize>,
    /// By the year of `date`; `none` for undated documents.
    pub by_year: BTreeMap<String, usize>,
    pub size_bytes: u64,
    /// Index segments: one after a build from nothing, more after updates.
    pub segments: usize,
    pub fingerprint: String,
    pub version: String,
    /// Seconds since the Unix epoch of the last commit.
    pub updated: u64,
    /// The corpus folders (or files) it holds.
    pub folders: Vec<Folder>,
}

/// A corpus folder an index holds.
#[derive(Debug, Clone, Serialize)]
pub struct Folder {
    /// Its canonical path.
    pub path: String,
    /// What the paths of its clippings begin with (empty for the index's first folder).
    pub label: String,
}

/// Counts what `store` holds.
pub fn stats(store: &Store) -> Result<Stats> {
    // The reader searches use: it writes nothing, and no thread watches for commits.
    let searcher = store.searcher()?;
    let count = |by: By| searcher.search(&AllQuery, &Buckets(by)).map(|c| c.named(by)).map_err(|e| store.error(e));
    let (by_source, by_lang, by_year) = (count(By::Source)?, count(By::Lang)?, count(By::Year)?);
    let payload = payload(&store.index).map_err(|e| store.error(e))?;
    Ok(Stats {
        documents: searcher.num_docs() as usize,
        by_source,
        by_lang,
        by_year,
        size_bytes: size(store.path()),
        segments: searcher.segment_readers().len(),
        fingerprint: payload.fingerprint,
        version: payload.version,
        updated: payload.updated,
        folders: payload.roots.into_iter().map(|r| Folder { path: r.path, label: r.label }).collect(),
    })
}

fn size(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries.flatten().filter_map(|e| e.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum()
}
