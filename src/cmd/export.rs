//! `jianbao export`: the index (or a corpus) as Quickwit or OpenSearch loads it, the
//! documents streamed into files of bounded size (see docs/remote.md).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use indicatif::ProgressBar;
use tantivy::DocAddress;

use jianbao::analysis::Segmenter;
use jianbao::corpus::{self, Document};
use jianbao::index::Store;
use jianbao::remote::export::Views;
use jianbao::remote::{definition, Engine, Exported, Remote, Writer};

use crate::cli::ExportArgs;

/// Where the documents go, and what became of them.
struct Sink {
    engine: Engine,
    name: String,
    views: Views,
    writer: Writer,
    max_mb: u64,
    progress: ProgressBar,
    written: u64,
    /// Documents larger than a file may be.
    too_large: u64,
}

impl Sink {
    fn put(&mut self, doc: &Document) -> Result<()> {
        let lines = Exported::new(doc, &self.views).lines(self.engine, &self.name)?;
        if self.writer.write(&lines)? {
            self.written += 1;
        } else {
            self.too_large += 1;
            let (id, mb) = (&doc.meta.id, self.max_mb);
            self.progress.suspend(|| eprintln!("jianbao: warning: {id}: larger than {mb} MB as exported; skipped"));
        }
        self.progress.inc(1);
        Ok(())
    }
}

pub fn run(args: &ExportArgs) -> Result<ExitCode> {
    let engine = args.to.engine();
    // The name is checked as a search names it.
    Remote::new(engine, "http://localhost", &args.name, std::time::Duration::from_secs(1))
        .map_err(|_| anyhow::anyhow!("--name {:?}: an index name is letters, digits, `.`, `_` and `-`", args.name))?;
    for path in &args.corpus {
        if !path.exists() {
            bail!("--corpus {}: no such file or folder", path.display());
        }
    }
    let store = match args.corpus.is_empty() {
        true => Some(Store::open_for_search(&super::resolve_index(args.index.as_deref())?)?),
        false => None,
    };
    prepare(&args.out)?;
    let file = match engine {
        Engine::Quickwit => "index-config.yaml",
        Engine::OpenSearch => "index.json",
    };
    let path = args.out.join(file);
    std::fs::write(&path, definition(engine, &args.name)).with_context(|| format!("writing {}", path.display()))?;
    let segmenter = store.as_ref().map_or_else(Segmenter::default, |s| s.segmenter().clone());
    let mut sink = Sink {
        engine,
        name: args.name.clone(),
        views: Views::new(&segmenter),
        writer: Writer::new(&args.out, args.max_file_mb * 1_000_000),
        max_mb: args.max_file_mb,
        progress: progress_bar(),
        written: 0,
        too_large: 0,
    };
    match &store {
        Some(store) => from_index(store, &mut sink)?,
        None => from_corpus(&args.corpus, &mut sink)?,
    }
    sink.writer.finish()?;
    sink.progress.finish_and_clear();
    eprintln!(
        "jianbao: exported {} clippings in {} files of documents to {} ({} for the index definition){}",
        sink.written,
        sink.writer.files,
        args.out.display(),
        path.display(),
        match sink.too_large {
            0 => String::new(),
            n => format!("; {n} skipped, larger than --max-file-mb"),
        }
    );
    Ok(ExitCode::from(if sink.too_large > 0 { 2 } else { 0 }))
}

/// Creates `out`, or takes it if it is an empty folder: an export never mixes with files
/// already there.
fn prepare(out: &Path) -> Result<()> {
    if out.exists() {
        let mut entries = std::fs::read_dir(out).with_context(|| format!("OUT {}: not a folder", out.display()))?;
        if entries.next().is_some() {
            bail!("OUT {} is not empty: name a new or empty folder", out.display());
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating OUT {}", out.display()))
}

/// Every clipping the index holds, in the order stored.
fn from_index(store: &Store, sink: &mut Sink) -> Result<()> {
    let searcher = store.searcher()?;
    sink.progress.set_length(searcher.num_docs());
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let doc = store.load(&searcher, DocAddress::new(ord as u32, doc))?;
            sink.put(&doc)?;
        }
    }
    Ok(())
}

/// Every clipping of the corpus files below `paths`, each file read as `index` reads it;
/// a file it cannot use is reported and skipped, as `index` does.
fn from_corpus(paths: &[PathBuf], sink: &mut Sink) -> Result<()> {
    let (sources, problems) = corpus::walk(paths)?;
    let mut report = |problem: &corpus::Problem| {
        sink.progress.suspend(|| eprintln!("jianbao: warning: {problem}"));
    };
    problems.iter().for_each(&mut report);
    for source in &sources {
        let mut failed = None;
        let problems = corpus::read_each(source, &mut |doc| {
            if failed.is_none() {
                failed = sink.put(&doc).err();
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        for problem in &problems {
            sink.progress.suspend(|| eprintln!("jianbao: warning: {problem}"));
        }
    }
    Ok(())
}

/// Clippings exported so far (of how many, from an index), on stderr when it is a
/// terminal; hidden otherwise.
fn progress_bar() -> ProgressBar {
    super::progress_bar("{bar:40} {pos}/{len} clippings {per_sec} eta {eta}")
}
