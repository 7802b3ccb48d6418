//! What an index holds, counted from its fast fields without reading documents.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::columnar::StrColumn;

use super::{payload, schema, Store};
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
    let mut counts: [BTreeMap<String, usize>; 3] = Default::default();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        for (i, name) in [schema::SOURCE, schema::LANG, schema::DATE].into_iter().enumerate() {
            let column = fast.str(name).map_err(|e| store.error(e))?;
            let key = |s: &str| if i == 2 { s.chars().take(4).collect() } else { s.to_owned() };
            count(column.as_ref(), segment.doc_ids_alive(), &mut counts[i], key);
        }
    }
    let [by_source, by_lang, by_year] = counts;
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

/// Adds the value of `column` (through `key`) of each doc to `counts`; `none` if absent.
fn count(
    column: Option<&StrColumn>,
    docs: impl Iterator<Item = u32>,
    counts: &mut BTreeMap<String, usize>,
    key: impl Fn(&str) -> String,
) {
    let mut by_ord: BTreeMap<Option<u64>, usize> = BTreeMap::new();
    for doc in docs {
        *by_ord.entry(column.and_then(|c| c.term_ords(doc).next())).or_default() += 1;
    }
    let mut text = String::new();
    for (ord, n) in by_ord {
        text.clear();
        let found = ord.is_some_and(|o| column.is_some_and(|c| c.ord_to_str(o, &mut text).unwrap_or(false)));
        let name = if found { key(&text) } else { "none".to_owned() };
        *counts.entry(name).or_default() += n;
    }
}

fn size(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries.flatten().filter_map(|e| e.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum()
}
