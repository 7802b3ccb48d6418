//! The stories of an index (`docs/duplicates.md`), computed from the sketches it holds
//! and kept beside it in `jianbao-stories.bin`.
//!
//! The file is a cache, like the file manifest: it is tagged with the commit and the
//! number of clippings it was computed for, and a reader that finds it missing, damaged
//! or of another commit (an `index` killed between its commit and writing it) computes
//! the stories again from the index. So the stories shown always match the clippings
//! committed, and a `--rebuild` gives those of any sequence of updates: they depend only
//! on the clippings held.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;
use tantivy::{DocAddress, Searcher};

use super::{schema, Store};
use crate::story::{self, Entry, Sketch, Stories};
use crate::{Error, Result};

/// Name of the stories file in the index folder.
const FILE: &str = "jianbao-stories.bin";

/// The stories of the clippings `searcher` sees.
pub fn load(store: &Store, searcher: &Searcher) -> Result<Stories> {
    let tag = tag(store, searcher)?;
    match read(store.path(), tag) {
        Some(stories) => Ok(stories),
        None => compute(store, searcher),
    }
}

/// After an update: computes the stories of the last commit and stores them, unless the
/// file already holds them.
pub fn refresh(store: &Store) -> Result<()> {
    let reader: tantivy::IndexReader = store
        .index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| store.error(e))?;
    let searcher = reader.searcher();
    let tag = tag(store, &searcher)?;
    if read(store.path(), tag).is_some() {
        return Ok(());
    }
    let stories = compute(store, &searcher)?;
    write(store.path(), &stories.to_bytes(tag))
}

/// What the stories of `searcher` are computed from: the commit and the clippings.
fn tag(store: &Store, searcher: &Searcher) -> Result<[u64; 2]> {
    let opstamp = store.index.load_metas().map_err(|e| store.error(e))?.opstamp;
    Ok([opstamp, searcher.num_docs()])
}

/// The stored stories, if they are whole and tagged `tag`.
fn read(dir: &Path, tag: [u64; 2]) -> Option<Stories> {
    let bytes = std::fs::read(dir.join(FILE)).ok()?;
    Stories::from_bytes(&bytes).filter(|(found, _)| *found == tag).map(|(_, stories)| stories)
}

/// Writes the stories file atomically (a temporary file renamed over the old one).
fn write(dir: &Path, bytes: &[u8]) -> Result<()> {
    let (path, tmp) = (dir.join(FILE), dir.join(format!("{FILE}.tmp")));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
}

/// The stories of the clippings `searcher` sees, from their sketches.
fn compute(store: &Store, searcher: &Searcher) -> Result<Stories> {
    let mut entries = Vec::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(sketches) = fast.bytes(schema::STORY).map_err(|e| store.error(e))? else { continue };
        let keys = fast.u64(schema::HASH).map_err(|e| store.error(e))?;
        let dates = fast.str(schema::DATE).map_err(|e| store.error(e))?;
        let days = match &dates {
            Some(column) => day_numbers(store, column)?,
            None => Vec::new(),
        };
        // Each distinct sketch once, by its ordinal in the column's dictionary.
        let mut by_ord: Vec<Option<Sketch>> = Vec::with_capacity(sketches.num_terms());
        let mut stream = sketches.dictionary().stream().map_err(|e| store.error(e.into()))?;
        while stream.advance() {
            by_ord.push(Sketch::from_bytes(stream.key()));
        }
        for doc in segment.doc_ids_alive() {
            let sketch = sketches.term_ords(doc).next().and_then(|ord| by_ord.get(ord as usize)?.clone());
            if let (Some(sketch), Some(key)) = (sketch, keys.first(doc)) {
                let ord = dates.as_ref().and_then(|d| d.term_ords(doc).next());
                let day = ord.and_then(|ord| days.get(ord as usize).copied().flatten());
                entries.push(Entry { key, sketch, day });
            }
        }
    }
    Ok(Stories::new(story::stories(&entries)))
}

/// The day number of each date of a segment's `date` column, by ordinal.
fn day_numbers(store: &Store, column: &tantivy::columnar::StrColumn) -> Result<Vec<Option<u32>>> {
    let mut days = Vec::with_capacity(column.num_terms());
    let mut stream = column.dictionary().stream().map_err(|e| store.error(e.into()))?;
    while stream.advance() {
        days.push(std::str::from_utf8(stream.key()).ok().and_then(story::day_number));
    }
    Ok(days)
}

/// Another clipping of a story, as a hit or `show` lists it. Part of the JSON contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    pub id: String,
    pub source: Option<String>,
    pub date: Option<String>,
}

/// The id, source and date of the clippings at `addresses`, from fast fields, in date
/// order (undated last), then by id.
pub fn versions(store: &Store, searcher: &Searcher, addresses: &[DocAddress]) -> Result<Vec<Version>> {
    Ok(in_date_order(store, searcher, addresses)?.into_iter().map(|(v, _)| v).collect())
}

/// [`versions`], each with its address.
fn in_date_order(store: &Store, searcher: &Searcher, addresses: &[DocAddress]) -> Result<Vec<(Version, DocAddress)>> {
    let mut versions = addresses.iter().map(|&a| Ok((version(store, searcher, a)?, a))).collect::<Result<Vec<_>>>()?;
    versions.sort_by(|(a, _), (b, _)| (a.date.is_none(), &a.date, &a.id).cmp(&(b.date.is_none(), &b.date, &b.id)));
    Ok(versions)
}

fn version(store: &Store, searcher: &Searcher, address: DocAddress) -> Result<Version> {
    let fast = searcher.segment_reader(address.segment_ord).fast_fields();
    let text = |name: &str| -> Result<Option<String>> {
        let Some(column) = fast.str(name).map_err(|e| store.error(e))? else { return Ok(None) };
        let Some(ord) = column.term_ords(address.doc_id).next() else { return Ok(None) };
        let mut value = String::new();
        let found = column.ord_to_str(ord, &mut value).map_err(|e| store.error(e.into()))?;
        Ok(found.then_some(value))
    };
    Ok(Version { id: text(schema::ID)?.unwrap_or_default(), source: text(schema::SOURCE)?, date: text(schema::DATE)? })
}

/// The other clippings of the story of clipping `id` (none if it is in no story, or
/// the index holds no such clipping).
pub fn versions_of(store: &Store, id: &str) -> Result<Vec<Version>> {
    let searcher = store.searcher()?;
    let Some(address) = store.address(&searcher, id)? else { return Ok(Vec::new()) };
    let keys =
        searcher.segment_reader(address.segment_ord).fast_fields().u64(schema::HASH).map_err(|e| store.error(e))?;
    let stories = store.stories()?;
    let Some(story) = keys.first(address.doc_id).and_then(|key| stories.story_of(key)) else { return Ok(Vec::new()) };
    let found = addresses(store, &searcher, stories.members(story).iter().copied().collect())?;
    let others: Vec<DocAddress> = found.into_values().filter(|&a| a != address).collect();
    versions(store, &searcher, &others)
}

/// Where the clippings with content hashes `keys` are.
fn addresses(store: &Store, searcher: &Searcher, keys: HashSet<u64>) -> Result<HashMap<u64, DocAddress>> {
    let mut found = HashMap::with_capacity(keys.len());
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let column = segment.fast_fields().u64(schema::HASH).map_err(|e| store.error(e))?;
        for doc in segment.doc_ids_alive() {
            if let Some(key) = column.first(doc).filter(|k| keys.contains(k)) {
                found.insert(key, DocAddress::new(ord as u32, doc));
            }
        }
    }
    Ok(found)
}

/// A story as `jianbao duplicates` lists it. This struct is the JSON contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    /// Its clippings, earliest first (undated last), then by id.
    pub ids: Vec<String>,
    pub sources: Vec<Option<String>>,
    pub dates: Vec<Option<String>>,
    /// The title of its earliest clipping that has one.
    pub title: Option<String>,
}

/// The stories of at least `min_size` clippings, largest first, then by the date of
/// their earliest clipping, then by its id.
pub fn stories_listed(store: &Store, min_size: usize) -> Result<Vec<Listed>> {
    let searcher = store.searcher()?;
    let stories = store.stories()?;
    let big: Vec<&Vec<u64>> = stories.all().iter().filter(|g| g.len() >= min_size).collect();
    let found = addresses(store, &searcher, big.iter().flat_map(|g| g.iter().copied()).collect())?;
    let mut listed = Vec::with_capacity(big.len());
    for group in big {
        let members: Vec<DocAddress> = group.iter().filter_map(|k| found.get(k).copied()).collect();
        let members = in_date_order(store, &searcher, &members)?;
        let mut title = None;
        for (_, address) in &members {
            title = store.load(&searcher, *address)?.meta.title;
            if title.is_some() {
                break;
            }
        }
        let mut story = Listed { ids: Vec::new(), sources: Vec::new(), dates: Vec::new(), title };
        for (v, _) in members {
            story.ids.push(v.id);
            story.sources.push(v.source);
            story.dates.push(v.date);
        }
        listed.push(story);
    }
    let first = |l: &Listed| {
        let date = l.dates.first().and_then(Option::as_deref);
        (date.is_none(), date.map(str::to_owned), l.ids.first().cloned())
    };
    listed.sort_by(|a, b| b.ids.len().cmp(&a.ids.len()).then_with(|| first(a).cmp(&first(b))));
    Ok(listed)
}
