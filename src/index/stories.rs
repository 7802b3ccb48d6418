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
use tantivy::columnar::StrColumn;
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
        None => {
            let stories = compute(store, searcher)?;
            // Kept for the next reader, if this one may write (a read-only index is searched
            // all the same); the tag says which commit they belong to.
            let _ = write(store.path(), &stories.to_bytes(tag));
            Ok(stories)
        }
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
    // A name of this process's own: readers may write the file at the same time.
    let (path, tmp) = (dir.join(FILE), dir.join(format!("{FILE}.{}.tmp", std::process::id())));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
}

/// The stories of the clippings `searcher` sees, from their sketches.
fn compute(store: &Store, searcher: &Searcher) -> Result<Stories> {
    let mut entries = Vec::new();
    let mut segments = Vec::new();
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
        let mut docs = Vec::new();
        for doc in segment.doc_ids_alive() {
            docs.extend(keys.first(doc).map(|key| (doc, key)));
            let sketch = sketches.term_ords(doc).next().and_then(|ord| by_ord.get(ord as usize)?.clone());
            if let (Some(sketch), Some(key)) = (sketch, keys.first(doc)) {
                let ord = dates.as_ref().and_then(|d| d.term_ords(doc).next());
                let day = ord.and_then(|ord| days.get(ord as usize).copied().flatten());
                entries.push(Entry { key, sketch, day });
            }
        }
        segments.push((segment_number(segment), docs));
    }
    Ok(Stories::new(story::stories(&entries), &segments))
}

/// The id of `segment` as a number.
pub fn segment_number(segment: &tantivy::SegmentReader) -> u128 {
    u128::from_str_radix(&segment.segment_id().uuid_string(), 16).unwrap_or(0)
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
    Ok(versions_each(store, searcher, vec![addresses.to_vec()])?.pop().unwrap_or_default())
}

/// [`versions`] of each list of `lists`, reading the columns once for all.
pub fn versions_each(store: &Store, searcher: &Searcher, lists: Vec<Vec<DocAddress>>) -> Result<Vec<Vec<Version>>> {
    let all: Vec<DocAddress> = lists.iter().flatten().copied().collect();
    let mut read = versions_at(store, &Columns::open(store, searcher)?, &all)?.into_iter();
    Ok(lists
        .iter()
        .map(|list| {
            let mut versions: Vec<Version> = read.by_ref().take(list.len()).map(|(v, _)| v).collect();
            versions.sort_by(in_date_order);
            versions
        })
        .collect())
}

/// The versions at `addresses`, each with its address, in the order given.
fn versions_at(store: &Store, columns: &Columns, addresses: &[DocAddress]) -> Result<Vec<(Version, DocAddress)>> {
    let [ids, sources, dates] = [0, 1, 2].map(|field| columns.values(store, field, addresses));
    let (ids, sources, dates) = (ids?, sources?, dates?);
    let versions = (ids.into_iter().zip(sources).zip(dates))
        .zip(addresses)
        .map(|(((id, source), date), &address)| (Version { id: id.unwrap_or_default(), source, date }, address));
    Ok(versions.collect())
}

/// Date order, undated last, then by id.
fn in_date_order(a: &Version, b: &Version) -> std::cmp::Ordering {
    (a.date.is_none(), &a.date, &a.id).cmp(&(b.date.is_none(), &b.date, &b.id))
}

/// The id, source and date columns of each segment, opened once: opening a column costs
/// more than reading a value from it.
struct Columns(Vec<[Option<StrColumn>; 3]>);

impl Columns {
    fn open(store: &Store, searcher: &Searcher) -> Result<Columns> {
        let mut segments = Vec::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let column = |name| fast.str(name).map_err(|e| store.error(e));
            segments.push([column(schema::ID)?, column(schema::SOURCE)?, column(schema::DATE)?]);
        }
        Ok(Columns(segments))
    }

    /// The values of column `field` (0 id, 1 source, 2 date) for the clippings at
    /// `addresses`, in order. Read in the order of the column's dictionary, once each:
    /// looking up one value by its ordinal scans a block of the dictionary.
    fn values(&self, store: &Store, field: usize, addresses: &[DocAddress]) -> Result<Vec<Option<String>>> {
        let mut values = vec![None; addresses.len()];
        let mut wanted: Vec<(u32, u64, usize)> = Vec::with_capacity(addresses.len());
        for (i, a) in addresses.iter().enumerate() {
            if let Some(column) = &self.0[a.segment_ord as usize][field] {
                wanted.extend(column.term_ords(a.doc_id).next().map(|ord| (a.segment_ord, ord, i)));
            }
        }
        wanted.sort_unstable();
        for run in wanted.chunk_by(|a, b| a.0 == b.0) {
            let Some(column) = &self.0[run[0].0 as usize][field] else { continue };
            let mut ords: Vec<u64> = run.iter().map(|w| w.1).collect();
            ords.dedup();
            let mut terms = Vec::with_capacity(ords.len());
            column
                .dictionary()
                .sorted_ords_to_term_cb(&ords, |bytes| terms.push(String::from_utf8_lossy(bytes).into_owned()))
                .map_err(|e| store.error(e.into()))?;
            for &(_, ord, i) in run {
                values[i] = ords.binary_search(&ord).ok().and_then(|at| terms.get(at).cloned());
            }
        }
        Ok(values)
    }
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

/// The titles of the clippings at `addresses`, read in index order through a cache, so
/// that each block of stored clippings is decompressed once, not once per clipping.
fn titles(
    store: &Store,
    searcher: &Searcher,
    mut addresses: Vec<DocAddress>,
) -> Result<HashMap<DocAddress, Option<String>>> {
    use tantivy::schema::Value;
    addresses.sort_unstable();
    let mut titles = HashMap::with_capacity(addresses.len());
    for segment in addresses.chunk_by(|a, b| a.segment_ord == b.segment_ord) {
        let reader = searcher.segment_reader(segment[0].segment_ord);
        let docs = reader.get_store_reader(4).map_err(|e| store.error(e.into()))?;
        for &address in segment {
            let doc: tantivy::TantivyDocument = docs.get(address.doc_id).map_err(|e| store.error(e))?;
            let title = doc.get_first(store.fields.title).and_then(|v| v.as_str()).map(str::to_owned);
            titles.insert(address, title);
        }
    }
    Ok(titles)
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
    let big: Vec<&[u64]> = stories.all().filter(|g| g.len() >= min_size).collect();
    let found = addresses(store, &searcher, big.iter().flat_map(|g| g.iter().copied()).collect())?;
    // Every clipping's id, source and date read at once, then parted by story.
    let at: Vec<DocAddress> = big.iter().flat_map(|g| g.iter().filter_map(|k| found.get(k).copied())).collect();
    let mut all = versions_at(store, &Columns::open(store, &searcher)?, &at)?.into_iter();
    let mut members = Vec::with_capacity(big.len());
    for group in big {
        let n = group.iter().filter(|k| found.contains_key(k)).count();
        let mut story: Vec<(Version, DocAddress)> = all.by_ref().take(n).collect();
        story.sort_by(|(a, _), (b, _)| in_date_order(a, b));
        members.push(story);
    }
    let firsts: Vec<DocAddress> = members.iter().filter_map(|m| m.first().map(|(_, a)| *a)).collect();
    let titles = titles(store, &searcher, firsts)?;
    let mut listed = Vec::with_capacity(members.len());
    for story in members {
        let mut title = None;
        for (_, address) in &story {
            title = match titles.get(address) {
                Some(title) => title.clone(),
                None => store.load(&searcher, *address)?.meta.title,
            };
            if title.is_some() {
                break;
            }
        }
        let mut shown = Listed { ids: Vec::new(), sources: Vec::new(), dates: Vec::new(), title };
        for (v, _) in story {
            shown.ids.push(v.id);
            shown.sources.push(v.source);
            shown.dates.push(v.date);
        }
        listed.push(shown);
    }
    let first = |l: &Listed| {
        let date = l.dates.first().and_then(Option::as_deref);
        (date.is_none(), date.map(str::to_owned), l.ids.first().cloned())
    };
    listed.sort_by(|a, b| b.ids.len().cmp(&a.ids.len()).then_with(|| first(a).cmp(&first(b))));
    Ok(listed)
}
