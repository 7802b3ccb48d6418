//! Bringing the index up to date with the corpus, doing only the new work.
//!
//! A corpus file whose size and modification time are those of the manifest is not
//! read. Any other file is read, and each of its documents is compared by hash with what
//! the index holds for that file: new documents are added, changed ones replaced, and
//! ones no longer there deleted; the documents of files that are gone from the parts of
//! the corpus walked ([`super::roots`]) are deleted. A file that cannot be read (to its
//! end) keeps what the index held of it and is read again next time.
//!
//! The index is the truth, the manifest only a cache: after an interrupted update (the
//! manifest then names an older commit) every file is read again and compared, and only
//! the missing work is done. A `--rebuild` is committed once, at the end, so that it is
//! all or nothing. A new index is committed empty first, recording how it is built, so
//! that an interrupted first build is finished by the next run.
//!
//! An index built from nothing (a first build or a `--rebuild`) is then merged into one
//! segment: on the full shared corpus that makes it 7% smaller (one term dictionary
//! instead of one per segment) and a search process 25% faster (fewer files to open and
//! look terms up in), for 7 s more of indexing. A merge cut short is done by the next run.
//! Later updates add segments of their own, which tantivy's merge policy merges as they
//! grow.

use std::collections::{BTreeMap, HashMap, HashSet};

use std::rc::Rc;

use rustc_hash::FxHashMap;
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use tantivy::{IndexWriter, Term};
use xxhash_rust::xxh3::Xxh3;

use super::meta::{Manifest, Stamp};
use super::roots::Plan;
use super::{schema, Store};
use crate::corpus::{self, covers, Document, Problem, Severity, Source, Walked};
use crate::Result;

/// Text read between two commits of an incremental update.
const COMMIT_EVERY_BYTES: u64 = 256 * 1024 * 1024;

/// Longer ids are refused: tantivy drops a term over 65,530 bytes unindexed, and a
/// document whose id or key is not indexed could never be found, replaced or deleted.
pub const MAX_ID_BYTES: usize = 4096;

/// Documents whose id repeats within a file, held until the file ends (see
/// [`Update::one`]); past this many bytes of them they are written out.
const MAX_REPEATS_BYTES: usize = 64 << 20;

/// The stamp of a file to be read again next time whatever its size and time: one that
/// could not be read to its end, or was skipped whole.
const READ_AGAIN: Stamp = Stamp { size: u64::MAX, modified_ns: 0 };

/// How to update.
#[derive(Debug, Clone)]
pub struct Options {
    /// Start from an empty index.
    pub rebuild: bool,
    /// Threads that fold and segment (reading and parsing run beside them).
    pub threads: usize,
    /// Advanced by the bytes of each file read; hidden where nobody watches.
    pub progress: ProgressBar,
    /// Merge only small segments ([`MAX_WATCH_MERGE_DOCS`]): an update waits for the
    /// merges its commit starts, and `index --watch` must not wait for one of much of
    /// the index before its next batch.
    pub small_merges: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { rebuild: false, threads: 1, progress: ProgressBar::hidden(), small_merges: false }
    }
}

/// An update that changes at least one clipping in this many brings the stories up to
/// date (`docs/duplicates.md`); a smaller one leaves them to the first reader.
const STORIES_EVERY: usize = 100;

/// The most documents a segment may hold to be merged with [`Options::small_merges`]: a
/// merge of eight such takes a fraction of a second; a later `index` merges the rest.
pub const MAX_WATCH_MERGE_DOCS: usize = 1000;

/// What an update did.
#[derive(Debug, Default)]
pub struct Report {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Files read (the others were unchanged by size and time).
    pub files_read: usize,
    pub bytes_read: u64,
    /// Files and lines skipped, and other warnings.
    pub problems: Vec<Problem>,
    pub elapsed: Duration,
}

impl Report {
    /// Files and lines not indexed, or not read.
    pub fn skipped(&self) -> usize {
        self.problems.iter().filter(|p| p.is_skip()).map(|p| p.count).sum()
    }

    /// Warnings about what was indexed.
    pub fn warnings(&self) -> usize {
        self.problems.iter().filter(|p| !p.is_skip()).map(|p| p.count).sum()
    }
}

/// The documents the index holds, per corpus file key: id -> hash.
type Held = HashMap<String, Ids>;

/// The ids of one corpus file's documents, with their hashes. Hashed with FxHash: an
/// update reads every document's id and file name the index holds into these maps, and
/// SipHash took a third of an update of one file on 1.12M clippings.
type Ids = FxHashMap<String, u64>;

/// Updates the index in `store` as `plan` says, with the files `walked` found.
pub fn update(store: &Store, plan: &Plan, walked: Walked, options: &Options) -> Result<Report> {
    let started = Instant::now();
    let mut writer = store.writer(options.threads)?;
    // Files of runs that were killed or failed: tantivy lists them, no commit uses them.
    writer.garbage_collect_files().wait().map_err(|e| store.error(e))?;
    store.set_roots(plan.roots.clone());
    // Only the opstamp: a segment's files are kept while any of its metas lives.
    let mut opstamp = store.index.load_metas().map_err(|e| store.error(e))?.opstamp;
    let recorded = super::payload(&store.index).map_err(|e| store.error(e))?;
    let roots_changed = recorded.roots != plan.roots;
    if recorded.fingerprint.is_empty() {
        // A new index: record how it is built before anything goes in.
        opstamp = store.commit(&mut writer)?;
    }
    let before = if options.rebuild { 0 } else { num_docs(store)? };
    if before == 0 {
        // It is all merged at the end.
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    } else if options.small_merges {
        let mut policy = tantivy::indexer::LogMergePolicy::default();
        policy.set_max_docs_before_merge(MAX_WATCH_MERGE_DOCS);
        writer.set_merge_policy(Box::new(policy));
    }
    let cached = if options.rebuild { None } else { Manifest::load(store.path(), opstamp) };
    // What was left out is gone: neither walked nor unread.
    let Walked { sources, problems, unread, .. } = walked;
    let files: Vec<(String, Stamp, &Source)> = sources.iter().map(|s| (s.key.clone(), stamp(s), s)).collect();
    let mut update = Update {
        store,
        writer: &mut writer,
        report: Report { problems, ..Report::default() },
        held: Held::new(),
        owner: FxHashMap::default(),
        repeats: Repeats::default(),
        flushed: HashMap::new(),
        reading: Default::default(),
    };
    if options.rebuild {
        update.writer.delete_all_documents().map_err(|e| store.error(e))?;
    }
    let walked_keys: HashSet<&str> = files.iter().map(|(k, _, _)| k.as_str()).collect();
    // Key prefixes, worked out once: a manifest may list a hundred thousand files.
    let walked_parts: Vec<String> = plan.walks.iter().map(corpus::Walk::key_prefix).collect();
    let forgotten_parts: Vec<String> = plan.forgotten.iter().map(|r| r.key("")).collect();
    let is_gone = |key: &str| {
        let walked_there = walked_parts.iter().any(|p| covers(p, key));
        let unread_there = unread.iter().any(|u| covers(u, key));
        let forgotten = forgotten_parts.iter().any(|p| covers(p, key));
        forgotten || (walked_there && !walked_keys.contains(key) && !unread_there)
    };
    let to_read: Vec<&(String, Stamp, &Source)> = match &cached {
        Some(m) => files.iter().filter(|(k, st, _)| m.files.get(k) != Some(st)).collect(),
        None => files.iter().collect(),
    };
    let mut known: BTreeMap<String, Stamp> = cached.as_ref().map(|m| m.files.clone()).unwrap_or_default();
    let gone_in_manifest = known.keys().any(|k| is_gone(k));
    if !options.rebuild && (cached.is_none() || !to_read.is_empty() || gone_in_manifest) {
        update.load_held()?;
        for key in update.held.keys() {
            known.entry(key.clone()).or_insert(READ_AGAIN);
        }
    }
    let gone: Vec<String> = known.keys().filter(|k| is_gone(k)).cloned().collect();
    for file in &gone {
        update.remove_file(file);
        known.remove(file);
    }
    options.progress.set_length(to_read.iter().map(|(_, st, _)| st.size).sum());
    let mut since_commit = 0;
    for (key, st, source) in to_read {
        let read_whole = update.apply(key, source)?;
        known.insert(key.clone(), if read_whole { *st } else { READ_AGAIN });
        options.progress.inc(st.size);
        since_commit += st.size;
        if !options.rebuild && since_commit >= COMMIT_EVERY_BYTES {
            store.commit(update.writer)?;
            since_commit = 0;
        }
    }
    let mut report = update.report;
    report.unchanged = before.saturating_sub(report.changed + report.removed);
    let changes = report.added + report.changed + report.removed > 0 || options.rebuild || roots_changed;
    let opstamp = if changes { store.commit(&mut writer)? } else { opstamp };
    let merge = (before == 0 && report.added > 0) || cached.as_ref().is_some_and(|m| m.merge_pending);
    let mut manifest = Manifest { opstamp, files: known, merge_pending: merge };
    manifest.save(store.path())?;
    if merge {
        options.progress.set_message("merging");
        release_free_memory();
        store.merge_all(&mut writer)?;
        manifest.merge_pending = false;
        manifest.save(store.path())?;
    }
    writer.wait_merging_threads().map_err(|e| store.error(e))?;
    // Merges that tantivy's policy ran in the background made files not recorded yet.
    store.seal()?;
    // Stories for the whole index cost 0.7 s for 112k clippings, 13 s for 1.12M: after a small
    // update, the first command that needs them computes and keeps them instead.
    let changed = report.added + report.changed + report.removed;
    if merge || changed.saturating_mul(STORIES_EVERY) >= before {
        super::stories::refresh(store)?;
    }
    options.progress.finish_and_clear();
    Ok(Report { elapsed: started.elapsed(), ..report })
}

/// Gives the memory the indexing threads freed back to the system. glibc keeps it in
/// each thread's arena otherwise, and the merge that follows would count on top of it.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap memory to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// How the document that holds an id came to be there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Came {
    /// The index held it before this run, and still does.
    Held,
    /// Added by this run.
    Added,
    /// Replaced by this run.
    Changed,
}

/// Later documents of ids that repeat within one file (a dump with re-scraped lines): the
/// last one of each wins. They wait here until the file ends, so that an id repeated a
/// million times costs one delete, not a million deletes of ever more documents.
#[derive(Default)]
struct Repeats {
    /// Per id: the last document and its hash, and the hash of the one the index holds
    /// and whether it held it before this run.
    last: HashMap<String, Repeat>,
    bytes: usize,
}

struct Repeat {
    doc: Document,
    hash: u64,
    held_hash: u64,
    was_kept: bool,
}

/// An id read from the file being read: the hash of its document in the index, and
/// whether the index held it before this run.
type ReadNow = HashMap<String, (u64, bool)>;

/// An update under way.
struct Update<'a> {
    store: &'a Store,
    writer: &'a mut IndexWriter,
    report: Report,
    held: Held,
    /// The file each document id was last added from in this update or found in, and how.
    /// The file of each id (one shared name a file: an update of one file reads them all).
    owner: FxHashMap<String, (Rc<str>, Came)>,
    repeats: Repeats,
    /// The hashes of the repeats written out last, for the file's [`ReadNow`].
    flushed: HashMap<String, u64>,
    /// The file being read, for problems.
    reading: std::path::PathBuf,
}

impl Update<'_> {
    /// Finds what the index holds.
    fn load_held(&mut self) -> Result<()> {
        self.held = held(self.store)?;
        self.owner.reserve(self.held.values().map(|docs| docs.len()).sum());
        for (file, docs) in &self.held {
            let file: Rc<str> = Rc::from(file.as_str());
            for id in docs.keys() {
                self.owner.insert(id.clone(), (file.clone(), Came::Held));
            }
        }
        Ok(())
    }

    fn remove_file(&mut self, file: &str) {
        let docs = self.held.remove(file).map_or(0, |d| d.len());
        self.report.removed += docs;
        self.writer.delete_term(Term::from_field_text(self.store.fields.file, file));
    }

    /// Brings the documents of one corpus file up to date, reading it as a stream; true
    /// if it was read whole (else it is read again next time).
    fn apply(&mut self, file: &str, source: &Source) -> Result<bool> {
        self.report.files_read += 1;
        self.reading.clone_from(&source.file);
        let mut before = self.held.remove(file).unwrap_or_default();
        let mut read_now = ReadNow::new();
        let mut failed = None;
        let problems = corpus::read_each(source, &mut |doc| {
            if failed.is_none() {
                failed = self.one(file, doc, &mut before, &mut read_now).err();
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        self.flush_repeats(file)?;
        self.flushed.clear();
        let unreadable = problems.iter().any(|p| p.severity == Severity::Unreadable);
        let skipped_whole = problems.iter().any(|p| p.line.is_none() && p.is_skip());
        self.report.problems.extend(problems);
        if unreadable {
            // What was not read is kept as the index had it.
            let kept = self.held.entry(file.to_owned()).or_default();
            kept.extend(before);
            kept.extend(read_now.into_iter().map(|(id, (hash, _))| (id, hash)));
        } else {
            for id in before.keys() {
                self.report.removed += 1;
                self.delete(file, id);
            }
            self.held.insert(file.to_owned(), read_now.into_iter().map(|(id, (hash, _))| (id, hash)).collect());
        }
        Ok(!unreadable && !skipped_whole)
    }

    /// Adds, replaces or keeps one document of `file`. `before` holds what the index
    /// had of the file and not met yet; `read_now` the ids already read from it.
    fn one(&mut self, file: &str, doc: Document, before: &mut Ids, read_now: &mut ReadNow) -> Result<()> {
        self.report.bytes_read += doc.body.len() as u64;
        if doc.meta.id.len() > MAX_ID_BYTES {
            let message = format!("id of {} bytes, longer than {MAX_ID_BYTES}; skipped", doc.meta.id.len());
            self.report.problems.push(Problem::new(&self.reading, Severity::Skipped, message));
            return Ok(());
        }
        let hash = hash(&doc);
        if let Some(&(held_hash, was_kept)) = read_now.get(&doc.meta.id) {
            // A later line of the same file with the same id: it replaces the one read
            // before, when the file ends.
            self.repeats.bytes += doc.body.len();
            let repeat = Repeat { doc, hash, held_hash, was_kept };
            match self.repeats.last.entry(repeat.doc.meta.id.clone()) {
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    let first = e.get_mut();
                    (first.doc, first.hash) = (repeat.doc, repeat.hash);
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(repeat);
                }
            }
            if self.repeats.bytes > MAX_REPEATS_BYTES {
                self.flush_repeats(file)?;
                for (id, hash) in self.flushed.drain() {
                    if let Some(entry) = read_now.get_mut(&id) {
                        *entry = (hash, false);
                    }
                }
            }
            return Ok(());
        }
        let kept = before.get(&doc.meta.id) == Some(&hash);
        read_now.insert(doc.meta.id.clone(), (hash, kept));
        let came = match before.remove(&doc.meta.id) {
            Some(old) if old == hash => return Ok(()),
            Some(_) => {
                self.report.changed += 1;
                self.delete(file, &doc.meta.id);
                Came::Changed
            }
            None => {
                self.report.added += 1;
                Came::Added
            }
        };
        self.claim(file, &doc, came);
        let document = self.store.document(&doc, file, hash);
        self.writer.add_document(document).map_err(|e| self.store.error(e))?;
        Ok(())
    }

    /// Writes out the repeated documents held back: each replaces what the index has of
    /// its id from `file` (the first one read, or one written out before).
    fn flush_repeats(&mut self, file: &str) -> Result<()> {
        let repeats = std::mem::take(&mut self.repeats);
        for (id, repeat) in repeats.last {
            self.flushed.insert(id.clone(), repeat.hash);
            if repeat.hash == repeat.held_hash {
                continue;
            }
            if repeat.was_kept {
                // The first line was what the index held: the last one is a change.
                self.report.changed += 1;
            }
            self.delete(file, &id);
            let document = self.store.document(&repeat.doc, file, repeat.hash);
            self.writer.add_document(document).map_err(|e| self.store.error(e))?;
        }
        Ok(())
    }

    /// Records that `file` now holds `doc`; an id held by another file is a duplicate,
    /// and the later one wins.
    fn claim(&mut self, file: &str, doc: &Document, came: Came) {
        let Some((other, how)) = self.owner.insert(doc.meta.id.clone(), (Rc::from(file), came)) else { return };
        if &*other == file {
            return;
        }
        let message = format!("duplicate id {:?}, also in {}: this one wins", doc.meta.id, shown_key(&other));
        self.report.problems.push(Problem::new(&self.reading, Severity::Warning, message));
        match how {
            // Added by this run and replaced at once: it never was.
            Came::Added => self.report.added -= 1,
            Came::Changed => {
                self.report.changed -= 1;
                self.report.removed += 1;
            }
            Came::Held => self.report.removed += 1,
        }
        if let Some(docs) = self.held.get_mut(&*other) {
            docs.remove(&doc.meta.id);
        }
        self.delete(&other, &doc.meta.id);
    }

    fn delete(&mut self, file: &str, id: &str) {
        self.writer.delete_term(Term::from_field_text(self.store.fields.key, &schema::key(file, id)));
    }
}

/// A file key without its root's number.
fn shown_key(key: &str) -> &str {
    key.split_once(':').map_or(key, |(_, rel)| rel)
}

fn num_docs(store: &Store) -> Result<usize> {
    let reader = store.index.reader().map_err(|e| store.error(e))?;
    Ok(reader.searcher().num_docs() as usize)
}

/// What the index holds: per corpus file, each document's id and hash.
fn held(store: &Store) -> Result<Held> {
    let reader = store.index.reader().map_err(|e| store.error(e))?;
    let searcher = reader.searcher();
    let mut held = Held::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let column = |name| fast.str(name).map_err(|e| store.error(e));
        let (Some(ids), Some(files)) = (column(schema::ID)?, column(schema::FILE)?) else { continue };
        let hashes = fast.u64(schema::HASH).map_err(|e| store.error(e))?;
        let (id_terms, file_terms) = (terms(store, &ids)?, terms(store, &files)?);
        for doc in segment.doc_ids_alive() {
            if let (Some(id), Some(file)) = (term(&ids, &id_terms, doc), term(&files, &file_terms, doc)) {
                let hash = hashes.first(doc).unwrap_or(0);
                held.entry(file.clone()).or_default().insert(id.clone(), hash);
            }
        }
    }
    Ok(held)
}

/// The first term document `doc` has in `column`, of its `terms`.
fn term<'a>(column: &tantivy::columnar::StrColumn, terms: &'a [String], doc: tantivy::DocId) -> Option<&'a String> {
    column.term_ords(doc).next().and_then(|ord| terms.get(ord as usize))
}

/// Every term of a string fast field of a segment, by its ord: one pass over the
/// dictionary, where a look-up per document would decompress a block each time (2 s, most
/// of an update of one file, on an index of the shared corpus).
fn terms(store: &Store, column: &tantivy::columnar::StrColumn) -> Result<Vec<String>> {
    let dictionary = column.dictionary();
    let mut stream = dictionary.stream().map_err(|e| store.error(e.into()))?;
    let mut terms = Vec::with_capacity(dictionary.num_terms());
    while stream.advance() {
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}

fn stamp(source: &Source) -> Stamp {
    Stamp { size: source.size, modified_ns: source.modified_ns }
}

/// A hash of everything indexed about a document.
fn hash(doc: &Document) -> u64 {
    let mut h = Xxh3::new();
    for part in [&doc.meta.id, &doc.meta.path, &doc.body] {
        h.update(part.as_bytes());
        h.update(&[0xff]);
    }
    for part in [&doc.meta.title, &doc.meta.date, &doc.meta.source, &doc.meta.lang, &doc.meta.url] {
        h.update(part.as_deref().unwrap_or("\u{0}").as_bytes());
        h.update(&[0xff]);
    }
    h.digest()
}
