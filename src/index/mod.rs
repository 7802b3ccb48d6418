//! The on-disk index: opening it, checking it was built as this build would, filling it.

pub mod buckets;
mod directory;
mod merge;
mod meta;
mod roots;
pub mod schema;
mod stats;
mod stories;
mod update;
mod verify;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use std::sync::Arc;

use tantivy::{Index, IndexWriter, TantivyDocument, TantivyError};

use directory::{Access, IndexDir};
pub use meta::{analyzer_stamp, Commits, Payload};
pub use roots::{plan, Plan};
pub use schema::{Fields, ADDED};
pub use stats::{stats, Folder, Stats};
pub use stories::{segment_number, stories_listed, versions, versions_each, versions_of, Listed, Version};
pub use update::{update, Options, Report, MAX_ID_BYTES};

use verify::Verified;

use crate::analysis::{self, Segmenter, UserDict, UserWords};
use crate::corpus::{Document, Meta, Root};
use crate::story::Stories;
use crate::{Error, Result};

/// Decompressed store blocks a reader keeps (256 KiB each).
const STORE_CACHE_BLOCKS: usize = 2;

/// Documents from which a search runs on every core, when the index has several
/// segments (an index of the shared corpus built at once has one; ten times it has
/// several, the merges being bounded).
pub const PARALLEL_DOCS: u64 = 250_000;

/// Memory the writer may use before it flushes a segment, shared by its threads: larger
/// segments mean fewer of them to write and then merge. On the full shared corpus, 768 MiB
/// indexes in 36-38 s against 40-41 s with 512 MiB, at a peak RSS of 1.22 GB instead of
/// 1.05 GB; 1 GiB gained little more and would leave too little room under 1.5 GB.
const WRITER_MEMORY: usize = 768 * 1024 * 1024;

/// An index with jianbao's schema and analyzer registered.
pub struct Store {
    pub index: Index,
    pub fields: Fields,
    path: PathBuf,
    dict: UserDict,
    segmenter: Segmenter,
    fingerprint: String,
    /// Opened on first search and kept: a batch of queries shares it.
    reader: std::sync::OnceLock<tantivy::IndexReader>,
    /// The stories of the clippings the reader sees, loaded when first asked for.
    stories: std::sync::OnceLock<Arc<Stories>>,
    /// Searches the reader's segments, on as many threads as pay ([`Store::search`]).
    executor: std::sync::OnceLock<tantivy::Executor>,
    /// The segment files found whole; `None` for an index in memory.
    verified: Option<Arc<Verified>>,
    /// The corpus folders it holds, recorded with each commit.
    roots: Mutex<Vec<Root>>,
    /// The last commit made or read; documents added now carry the number of the next.
    commits: Mutex<Commits>,
    /// Held while the store is open for an update.
    _lock: Option<WriteLock>,
}

/// The right to update an index: one `jianbao index` at a time, taken before anything in
/// the index folder is read or changed, and let go when dropped (or when the process
/// ends, however it ends). Searches never take it.
#[derive(Debug)]
pub struct WriteLock {
    _file: std::fs::File,
}

/// The lock file in an index folder.
pub const LOCK_FILE: &str = "jianbao.lock";

impl WriteLock {
    /// Takes the lock of the index in `dir`, creating the folder if there is none;
    /// [`Error::Locked`] at once if another process holds it.
    pub fn take(dir: &Path) -> Result<WriteLock> {
        if dir.is_file() {
            return Err(Error::NotAFolder(dir.to_owned()));
        }
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join(LOCK_FILE);
        let file = lock_file(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(WriteLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked(dir.to_owned())),
            Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
        }
    }
}

/// The file at `path` opened to take a lock on it (created if missing, never truncated).
pub(crate) fn lock_file(path: &Path) -> Result<std::fs::File> {
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(path);
    file.map_err(|e| Error::io(path, e))
}

impl Store {
    /// Opens the index in `dir`, with the dictionary it was built with, to search it and
    /// to write it.
    ///
    /// [`Error::NoIndex`] if there is none; [`Error::Stale`] if it was built by an
    /// analyzer other than this build's; [`Error::Damaged`] if a file of it is missing or
    /// damaged (segment files are checked when first opened, see `index/verify.rs`).
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_with(dir, Access::Update)
    }

    /// Like [`Store::open`], to search only: it takes no lock file and cannot give a
    /// writer, so `dir` may be read-only (it may record the files it checked there, if it
    /// can: see `index/verify.rs`).
    pub fn open_for_search(dir: &Path) -> Result<Store> {
        Store::open_with(dir, Access::Search)
    }

    fn open_with(dir: &Path, access: Access) -> Result<Store> {
        crate::text::script::init()?;
        if dir.is_file() {
            return Err(Error::NotAFolder(dir.to_owned()));
        }
        if !exists(dir) {
            // Said in full: the user may not be where they think.
            return Err(Error::NoIndex(std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned())));
        }
        let folder = IndexDir::open(dir, access).map_err(|e| index_error(dir, e.into()))?;
        let verified = folder.verified().clone();
        let index = Index::open(folder).map_err(|e| index_error(dir, e))?;
        let payload = payload(&index).map_err(|e| index_error(dir, e))?;
        let dict = UserDict::parse(&payload.userdict)?;
        let mut store = Store::with(index, dir, dict, payload.user_words);
        store.verified = Some(verified);
        *store.roots.lock().unwrap_or_else(|e| e.into_inner()) = payload.roots;
        *store.commits.lock().unwrap_or_else(|e| e.into_inner()) = payload.commits;
        // An index created but never committed to (a first build killed at once) holds
        // nothing, and the next `index` finishes it.
        let unbuilt = payload.fingerprint.is_empty()
            && store.index.searchable_segment_metas().map_err(|e| index_error(dir, e))?.is_empty();
        if store.index.schema() != schema::build().0 || (payload.fingerprint != store.fingerprint && !unbuilt) {
            return Err(Error::Stale(dir.to_owned()));
        }
        Ok(store)
    }

    /// Opens the index in `dir` for an update with dictionary `dict`, creating it if
    /// there is none; `lock` is its [`WriteLock`], held until the store is dropped. An
    /// index built by another analyzer (or dictionary) is an [`Error::Stale`], unless
    /// `rebuild` is set: then it is replaced.
    pub fn open_for_update(dir: &Path, dict: UserDict, rebuild: bool, lock: WriteLock) -> Result<Store> {
        crate::text::script::init()?;
        if exists(dir) {
            let refused = match Store::open(dir) {
                Ok(old) => {
                    let mut fresh = Store::with(old.index.clone(), dir, dict.clone(), None);
                    // A rebuild replaces a damaged index instead of reusing it.
                    let whole = !rebuild || old.open_reader().is_ok();
                    if (fresh.fingerprint == old.fingerprint || old.fingerprint_is_empty()) && whole {
                        fresh.verified = old.verified.clone();
                        fresh._lock = Some(lock);
                        fresh.commits = Mutex::new(old.commits());
                        return Ok(fresh);
                    }
                    Error::Stale(dir.to_owned())
                }
                Err(e) => e,
            };
            if !rebuild {
                return Err(refused);
            }
            // A writer of another kind (not `jianbao index`) may hold tantivy's own lock.
            let directory = tantivy::directory::MmapDirectory::open(dir).map_err(|e| index_error(dir, e.into()))?;
            let held = tantivy::Directory::acquire_lock(&directory, &tantivy::directory::INDEX_WRITER_LOCK)
                .map_err(|e| index_error(dir, TantivyError::LockFailure(e, None)))?;
            drop(held);
            remove_index_files(dir)?;
        }
        let folder = IndexDir::open(dir, Access::Update).map_err(|e| index_error(dir, e.into()))?;
        let verified = folder.verified().clone();
        let index = Index::create(folder, schema::build().0, settings()).map_err(|e| index_error(dir, e))?;
        let mut store = Store::with(index, dir, dict, None);
        store.verified = Some(verified);
        store._lock = Some(lock);
        store.commits = Mutex::new(Commits::new());
        Ok(store)
    }

    /// True if no commit has recorded how this index is built yet.
    fn fingerprint_is_empty(&self) -> bool {
        payload(&self.index).is_ok_and(|p| p.fingerprint.is_empty())
    }

    /// The corpus folders the index holds.
    pub fn roots(&self) -> Vec<Root> {
        self.roots.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The last commit this store made or opened.
    pub fn commits(&self) -> Commits {
        *self.commits.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sets the corpus folders the next commit records.
    pub fn set_roots(&self, roots: Vec<Root>) {
        *self.roots.lock().unwrap_or_else(|e| e.into_inner()) = roots;
    }

    /// An empty index in memory, for tests.
    pub fn in_ram(dict: UserDict) -> Store {
        Store::with(Index::create_in_ram(schema::build().0), Path::new(""), dict, None)
    }

    fn with(index: Index, path: &Path, dict: UserDict, user_words: Option<UserWords>) -> Store {
        let (schema, fields) = schema::build();
        let segmenter = Segmenter::with_user_dict(&dict, user_words);
        analysis::register(index.tokenizers(), &segmenter);
        let fingerprint = meta::fingerprint(&schema, &dict);
        Store {
            index,
            fields,
            path: path.to_owned(),
            dict,
            segmenter,
            fingerprint,
            reader: Default::default(),
            stories: Default::default(),
            executor: Default::default(),
            verified: None,
            roots: Mutex::new(Vec::new()),
            commits: Mutex::new(Commits::default()),
            _lock: None,
        }
    }

    /// The segmenter of this index: queries must be cut as its documents were.
    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// Where the index lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The writer, with `threads` indexing threads; fails at once if another process
    /// holds it, and with [`Error::Damaged`] if the index is damaged: an update would
    /// carry the damage into the segments it merges.
    pub fn writer(&self, threads: usize) -> Result<IndexWriter> {
        if self.verified.is_some() {
            self.open_reader()?;
        }
        self.index.writer_with_num_threads(threads.max(1), WRITER_MEMORY).map_err(|e| self.error(e))
    }

    /// Commits what `writer` holds, recording how the index was built; returns the
    /// commit's opstamp.
    pub fn commit(&self, writer: &mut IndexWriter) -> Result<u64> {
        let user_words = (!self.dict.is_empty()).then(|| self.segmenter.user_words());
        let last = self.commits();
        let next = Commits { commits: last.commits + 1, ..last };
        let payload = Payload::new(self.fingerprint.clone(), &self.dict, user_words, self.roots(), next);
        let payload = serde_json::to_string(&payload).unwrap_or_default();
        let mut prepared = writer.prepare_commit().map_err(|e| self.error(e))?;
        prepared.set_payload(&payload);
        let opstamp = prepared.commit().map_err(|e| self.error(e))?;
        *self.commits.lock().unwrap_or_else(|e| e.into_inner()) = next;
        self.seal()?;
        Ok(opstamp)
    }

    /// Checks the files of the last commit that are not known whole yet (opening a file
    /// checks it), and records them.
    fn seal(&self) -> Result<()> {
        use tantivy::Directory;
        let Some(verified) = &self.verified else { return Ok(()) };
        let live = self.index.load_metas().map_err(|e| self.error(e))?.list_segment_files();
        for file in &live {
            if self.path.join(file).exists() {
                self.index.directory().open_read(file).map_err(|e| self.error(e.into()))?;
            }
        }
        verified.save(|name| live.contains(Path::new(name)));
        Ok(())
    }

    /// Merges the committed segments into as few as [`merge::MAX_INPUT_BYTES`] allows (one,
    /// unless the index is larger than that), and waits for it. Each merge is committed on
    /// its own: if one is cut short, the segments it merges stay as they were.
    pub fn merge_all(&self, writer: &mut IndexWriter) -> Result<()> {
        let metas = self.index.searchable_segment_metas().map_err(|e| self.error(e))?;
        // A segment's files are named after it: `<uuid>.idx`, `<uuid>.store`, ...
        let mut bytes: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
        for entry in std::fs::read_dir(&self.path).map_err(|e| Error::io(&self.path, e))?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let size = entry.metadata().map_or(0, |m| m.len());
            *bytes.entry(name.split('.').next().unwrap_or_default().to_owned()).or_default() += size;
        }
        let sized: Vec<(tantivy::index::SegmentId, u64)> =
            metas.iter().map(|meta| (meta.id(), bytes.get(&meta.id().uuid_string()).copied().unwrap_or(0))).collect();
        // A segment's files are kept while any of its metas lives: let go of them before
        // merging, or the merged segments' files would never be collected.
        drop(metas);
        for group in merge::groups(&sized, merge::MAX_INPUT_BYTES) {
            writer.merge(&group).wait().map_err(|e| self.error(e))?;
        }
        self.seal()
    }

    /// A searcher over the last commit seen by this store's reader.
    pub fn searcher(&self) -> Result<tantivy::Searcher> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader.searcher());
        }
        let reader = self.open_reader()?;
        Ok(self.reader.get_or_init(|| reader).searcher())
    }

    /// Runs `query` through `collector` on `searcher`'s segments: on every core when the
    /// index is large enough for that to pay (at least [`PARALLEL_DOCS`] documents in more
    /// than one segment; `JIANBAO_SEARCH_THREADS=N` sets the number of threads, for
    /// measuring), else on this thread (starting threads costs a small search more than
    /// it saves).
    pub fn search<C: tantivy::collector::Collector>(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn tantivy::query::Query,
        collector: &C,
    ) -> Result<C::Fruit> {
        let executor = self.executor.get_or_init(|| {
            let asked = std::env::var("JIANBAO_SEARCH_THREADS").ok().and_then(|n| n.parse::<usize>().ok());
            let large = searcher.segment_readers().len() > 1 && searcher.num_docs() >= PARALLEL_DOCS;
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            let threads = asked.unwrap_or(if large { cores.min(searcher.segment_readers().len()) } else { 1 });
            match threads {
                0 | 1 => tantivy::Executor::single_thread(),
                n => {
                    tantivy::Executor::multi_thread(n, "jianbao-search-").unwrap_or(tantivy::Executor::single_thread())
                }
            }
        });
        let scoring = if collector.requires_scoring() {
            tantivy::query::EnableScoring::enabled_from_searcher(searcher)
        } else {
            tantivy::query::EnableScoring::disabled_from_searcher(searcher)
        };
        searcher.search_with_executor(query, collector, executor, scoring).map_err(|e| self.error(e))
    }

    /// The stories of the clippings [`Store::searcher`] sees.
    pub fn stories(&self) -> Result<Arc<Stories>> {
        if let Some(stories) = self.stories.get() {
            return Ok(stories.clone());
        }
        let stories = Arc::new(stories::load(self, &self.searcher()?)?);
        Ok(self.stories.get_or_init(|| stories).clone())
    }

    /// A reader of the last commit, its segments checked.
    fn open_reader(&self) -> Result<tantivy::IndexReader> {
        if let Some(verified) = &self.verified {
            verified.take_missing();
        }
        let reader: tantivy::IndexReader = self
            .index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            // The last decompressed store blocks: hits read in document order (a page of
            // many, the candidates of `=`) share them; a page of ten seldom does.
            .doc_store_cache_num_blocks(STORE_CACHE_BLOCKS)
            .try_into()
            .map_err(|e| self.error(e))?;
        let damaged = |why: String| Error::Damaged { path: self.path.clone(), why: Some(why) };
        for segment in reader.searcher().segment_readers() {
            verify::agrees(segment, self.fields.body).map_err(damaged)?;
        }
        // Opening the reader opened (and checked) every segment file of the last commit.
        if let Some(verified) = &self.verified {
            if let Some(file) = verified.take_missing() {
                return Err(damaged(format!("{} is missing", file.display())));
            }
            verified.save(|_| true);
        }
        Ok(reader)
    }

    /// The clipping with `id`, if the index holds one.
    pub fn get(&self, id: &str) -> Result<Option<Document>> {
        let searcher = self.searcher()?;
        let Some(address) = self.address(&searcher, id)? else { return Ok(None) };
        self.load(&searcher, address).map(Some)
    }

    /// Where `searcher` finds the clipping with `id`, if it holds one.
    pub fn address(&self, searcher: &tantivy::Searcher, id: &str) -> Result<Option<tantivy::DocAddress>> {
        use tantivy::collector::TopDocs;
        use tantivy::query::TermQuery;
        use tantivy::schema::IndexRecordOption;
        let query = TermQuery::new(tantivy::Term::from_field_text(self.fields.id, id), IndexRecordOption::Basic);
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score()).map_err(|e| self.error(e))?;
        Ok(top.first().map(|(_, address)| *address))
    }

    /// The clipping stored at `address`.
    pub fn load(&self, searcher: &tantivy::Searcher, address: tantivy::DocAddress) -> Result<Document> {
        use tantivy::schema::Value;
        let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.error(e))?;
        let f = &self.fields;
        let get = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_owned);
        let meta = Meta {
            id: get(f.id).unwrap_or_default(),
            path: get(f.path).unwrap_or_default(),
            title: get(f.title),
            date: get(f.date),
            source: get(f.source),
            lang: get(f.lang),
            url: get(f.url),
        };
        Ok(Document { meta, body: get(f.body).unwrap_or_default() })
    }

    /// Wraps a tantivy error with this index's path.
    pub fn error(&self, e: TantivyError) -> Error {
        index_error(&self.path, e)
    }

    /// The tantivy document for a clipping read from corpus file `file`.
    pub fn document(&self, doc: &Document, file: &str, hash: u64) -> TantivyDocument {
        let (f, meta) = (&self.fields, &doc.meta);
        let mut d = TantivyDocument::new();
        d.add_text(f.id, &meta.id);
        d.add_text(f.path, &meta.path);
        d.add_text(f.file, file);
        d.add_u64(f.hash, hash);
        d.add_text(f.key, schema::key(file, &meta.id));
        d.add_u64(f.added, self.commits().commits + 1);
        if let Some(title) = &meta.title {
            d.add_text(f.title, title);
            d.add_text(f.title_ngrams, title);
            d.add_text(f.title_marks, title);
            d.add_text(f.title_chars, title);
        }
        d.add_text(f.body, &doc.body);
        d.add_text(f.body_ngrams, &doc.body);
        d.add_text(f.body_marks, &doc.body);
        d.add_text(f.body_chars, &doc.body);
        for (field, value) in [(f.date, &meta.date), (f.source, &meta.source), (f.lang, &meta.lang), (f.url, &meta.url)]
        {
            if let Some(value) = value {
                d.add_text(field, value);
            }
        }
        if let Some(source) = &meta.source {
            d.add_text(f.source_ngrams, source);
        }
        if let Some(sketch) = crate::story::Sketch::of(&doc.body) {
            d.add_bytes(f.story, &sketch.to_bytes());
        }
        d
    }
}

/// Stored text is compressed with zstd: about a third smaller than tantivy's default
/// lz4. Blocks of 256 KiB at level 9 store Chinese news 22% smaller than 64 KiB at
/// level 6, compressing as fast (`zstd -b9 -B262144` on 64 MB of HK articles: 3.9x
/// against 3.0x, 49 MB/s against 52 MB/s); a hit then decompresses a quarter of a
/// millisecond more, which keeps the index within 1.5 times its text (issue 18).
fn settings() -> tantivy::IndexSettings {
    let compressor = tantivy::store::ZstdCompressor { compression_level: Some(9) };
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(compressor),
        docstore_blocksize: 256 * 1024,
        ..Default::default()
    }
}

/// What the last commit recorded.
pub fn payload(index: &Index) -> tantivy::Result<Payload> {
    let payload = index.load_metas()?.payload.unwrap_or_default();
    Ok(serde_json::from_str(&payload).unwrap_or_default())
}

/// The corpus folders the index in `dir` holds (none if there is no index).
pub fn held_roots(dir: &Path) -> Result<Vec<Root>> {
    if !exists(dir) {
        return Ok(Vec::new());
    }
    let index = Index::open_in_dir(dir).map_err(|e| index_error(dir, e))?;
    Ok(payload(&index).map_err(|e| index_error(dir, e))?.roots)
}

/// True if `dir` holds an index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

fn index_error(dir: &Path, e: TantivyError) -> Error {
    if is_disk_full(&e) {
        return Error::NoSpace(dir.to_owned());
    }
    Error::index(dir, e)
}

/// True if `e` comes of a full disk (ENOSPC), wherever tantivy wrapped it.
fn is_disk_full(e: &TantivyError) -> bool {
    let mut cause: Option<&dyn std::error::Error> = Some(e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::StorageFull {
                return true;
            }
        }
        cause = c.source();
    }
    // Some of tantivy's errors keep only the text of the I/O error.
    e.to_string().contains("No space left on device")
}

/// Removes a tantivy index's files from `dir`, leaving anything else there alone.
fn remove_index_files(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let alerts = name.starts_with(crate::alerts::FILE_PREFIX);
        let ours = name == "meta.json"
            || name == ".managed.json"
            || (name.starts_with("jianbao-") && !alerts)
            || is_segment(&name);
        // The lock file stays: the one removing holds it; saved searches are the user's.
        if ours {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        }
    }
    Ok(())
}

fn is_segment(name: &str) -> bool {
    let exts = ["idx", "pos", "term", "store", "fast", "fieldnorm", "del"];
    name.split_once('.').is_some_and(|(stem, ext)| {
        stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()) && exts.iter().any(|e| ext.starts_with(e))
    })
}

/// The schema jianbao writes, and its fields.
pub fn schema_and_fields() -> (tantivy::schema::Schema, Fields) {
    schema::build()
}
