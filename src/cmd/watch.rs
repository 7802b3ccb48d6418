//! `jianbao index --watch`: keep the index up to date as the corpus folders change.
//!
//! After the update `index` makes, it holds the index's lock and sleeps on the kernel's
//! file notifications (the `notify` crate: inotify on Linux, FSEvents or kqueue
//! elsewhere; polling none, so it costs no CPU while nothing changes). Changes are
//! gathered into batches ([`Batches`]): a batch is due once no event came for
//! [`QUIET`], or [`MAX_WAIT`] after its first event if events keep coming; then only the
//! paths quiet for [`QUIET`] go, and a file still being written waits for the next. Each
//! batch runs the same update as `index PATH…` on the parts of the folders it touched,
//! one commit for all (none if nothing changed).
//!
//! SIGINT and SIGTERM arrive through the same channel as the events: the loop ends when
//! the batch under way is committed, and the process exits 0. What came in meanwhile
//! is left to the next `index`, which finds it as any change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher};

use jianbao::alerts;
use jianbao::corpus::Root;
use jianbao::index::{self, Options, Store, WriteLock};
use jianbao::print::Format;

use super::index::Job;

/// How long a path must go without events before its batch is indexed: a file being
/// written changes more often than this.
const QUIET: Duration = Duration::from_millis(500);
/// How long a batch waits at most for the events to stop, so that a steady stream of
/// new files does not hold the others back.
const MAX_WAIT: Duration = Duration::from_secs(2);

/// What wakes the loop.
enum Wake {
    Changed(Vec<PathBuf>),
    Stop,
}

pub fn run(dir: &Path, job: &Job, options: &Options, alerts: bool) -> Result<ExitCode> {
    let lock = WriteLock::take(dir)?;
    // Refused before anything is indexed: there would be nothing to run.
    if alerts && (!dir.join(alerts::FILE).is_file() || super::alert::open(dir)?.alerts.is_empty()) {
        anyhow::bail!(
            "--alerts: no saved searches in {}: save one with `jianbao alert add NAME QUERY…`",
            dir.display()
        );
    }
    let (store, plan) = super::index::open(dir, job, options, lock)?;
    let report = super::index::update(&store, &plan, job.follow, options)?;
    eprintln!("jianbao: {}", super::index::summary(&report));
    let (wake, woken) = mpsc::channel();
    stop_on_signals(wake.clone())?;
    let _watcher = watch(&store.roots(), wake)?;
    let n = store.roots().len();
    eprintln!("jianbao: watching {n} folder{} for changes; Ctrl-C stops", if n == 1 { "" } else { "s" });
    // A --rebuild was the first update's; a batch updates.
    let options = Options { rebuild: false, small_merges: true, progress: ProgressBar::hidden(), ..options.clone() };
    let ended = match alerts.then(|| run_alerts(&store)).transpose() {
        Ok(_) => follow(&store, &woken, job.follow, &options, alerts),
        Err(e) => Err(e),
    };
    match ended {
        // Whoever read the alerts stopped (`| head`): a normal end.
        Err(e) if super::is_broken_pipe(&e) => {}
        ended => ended?,
    }
    eprintln!("jianbao: stopped; the index is up to date with the last commit");
    Ok(ExitCode::SUCCESS)
}

/// Updates `store` batch by batch until a stop, running the saved searches after each
/// commit that added or changed a clipping if `alerts`. A batch that fails is said and
/// its files tried again on their next change; a closed pipe for the alerts ends it.
fn follow(store: &Store, woken: &Receiver<Wake>, links: bool, options: &Options, alerts: bool) -> Result<()> {
    let roots = store.roots();
    let ignored = store.path().canonicalize().unwrap_or_else(|_| store.path().to_owned());
    let mut batches = Batches::default();
    while let Some(paths) = batches.next(woken, |p| !p.starts_with(&ignored)) {
        let parts = parts(&paths, &roots);
        if parts.is_empty() {
            continue;
        }
        match batch(store, &parts, links, options) {
            Ok(true) if alerts => run_alerts(store)?,
            Ok(_) => {}
            // A folder gone mid-way, a file locked: said, and tried again on its next change.
            Err(e) => eprintln!("jianbao: {e:#}"),
        }
    }
    Ok(())
}

/// Updates the index from the paths `parts` (folders and files of held roots); true if
/// it added or changed a clipping.
fn batch(store: &Store, parts: &[PathBuf], follow: bool, options: &Options) -> Result<bool> {
    let plan = index::plan(&store.roots(), parts, &[], None)?;
    let report = super::index::update(store, &plan, follow, options)?;
    if report.added + report.changed + report.removed > 0 {
        eprintln!("jianbao: {}", super::index::summary(&report));
    }
    Ok(report.added + report.changed > 0)
}

/// Runs every saved search on the last commit and prints what is new to each. Only a
/// closed pipe (`| head`) is an error, which ends the watch: any other is said, and the
/// watch goes on.
fn run_alerts(store: &Store) -> Result<()> {
    let ran = Store::open_for_search(store.path()).map_err(anyhow::Error::from).and_then(|searched| {
        let mut saved = super::alert::open(searched.path())?;
        super::alert::report(
            &searched,
            &mut saved,
            &[],
            super::alert::Output {
                format: Format::Text,
                layout: super::layout(crate::cli::When::Auto),
                collapse: false,
            },
        )
    });
    match ran {
        Err(e) if super::is_broken_pipe(&e) => Err(e),
        Err(e) => {
            eprintln!("jianbao: alerts: {e:#}");
            Ok(())
        }
        Ok(_) => Ok(()),
    }
}

/// Sends [`Wake::Stop`] on SIGINT and SIGTERM, from a thread of its own.
fn stop_on_signals(wake: Sender<Wake>) -> Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]).context("catching SIGINT and SIGTERM")?;
    std::thread::spawn(move || {
        for _ in signals.forever() {
            if wake.send(Wake::Stop).is_err() {
                break;
            }
        }
    });
    Ok(())
}

/// Watches each root: a folder and all below it, a single file through its folder.
fn watch(roots: &[Root], wake: Sender<Wake>) -> Result<notify::RecommendedWatcher> {
    let dirs: Vec<PathBuf> = roots.iter().map(Root::dir).collect();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let changed = match event {
            // The kernel dropped events (its queue overflowed): look at everything again.
            Ok(event) if event.need_rescan() => dirs.clone(),
            Ok(event) if counts(&event.kind) => event.paths,
            Ok(_) => return,
            Err(e) if e.paths.is_empty() => dirs.clone(),
            Err(e) => e.paths,
        };
        let _ = wake.send(Wake::Changed(changed));
    })
    .context("watching the corpus folders")?;
    for root in roots {
        let path = root.dir();
        let (target, mode) = match path.parent() {
            Some(parent) if path.is_file() => (parent.to_owned(), RecursiveMode::NonRecursive),
            _ => (path.clone(), RecursiveMode::Recursive),
        };
        if let Err(e) = watcher.watch(&target, mode) {
            eprintln!("jianbao: warning: cannot watch {}: {e}", root.path);
        }
    }
    Ok(watcher)
}

/// True for events that may change what a file holds: not reading it (the update itself
/// reads files), but closing it after writing.
fn counts(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Changed paths gathered into batches.
#[derive(Default)]
struct Batches {
    /// Each path waiting, with the time of its last event.
    pending: HashMap<PathBuf, Instant>,
    /// When the oldest event waiting came.
    since: Option<Instant>,
}

impl Batches {
    /// The next batch of changed paths that `keep` keeps, once due; `None` on a stop (or
    /// when nothing can send any more).
    fn next(&mut self, woken: &Receiver<Wake>, keep: impl Fn(&Path) -> bool) -> Option<Vec<PathBuf>> {
        loop {
            let message = match self.due() {
                None => woken.recv().ok(),
                Some(at) => match woken.recv_timeout(at.saturating_duration_since(Instant::now())) {
                    Ok(message) => Some(message),
                    Err(RecvTimeoutError::Timeout) => {
                        let ready = self.take_ready();
                        if !ready.is_empty() {
                            return Some(ready);
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => None,
                },
            };
            match message? {
                Wake::Stop => return None,
                Wake::Changed(paths) => {
                    let now = Instant::now();
                    for path in paths.into_iter().filter(|p| keep(p)) {
                        self.pending.insert(path, now);
                        self.since.get_or_insert(now);
                    }
                }
            }
        }
    }

    /// When the paths waiting are due: once all have been quiet for [`QUIET`], or at
    /// [`MAX_WAIT`] after the first if one of them has been quiet by then.
    fn due(&self) -> Option<Instant> {
        let last = *self.pending.values().max()?;
        let first = *self.pending.values().min()?;
        let capped = self.since.map_or(last, |since| (since + MAX_WAIT).max(first + QUIET));
        Some((last + QUIET).min(capped))
    }

    /// The paths quiet for [`QUIET`], taken out; the others wait for another batch.
    fn take_ready(&mut self) -> Vec<PathBuf> {
        let now = Instant::now();
        let ready: Vec<PathBuf> =
            self.pending.iter().filter(|(_, &at)| at + QUIET <= now).map(|(p, _)| p.clone()).collect();
        for path in &ready {
            self.pending.remove(path);
        }
        self.since = (!self.pending.is_empty()).then_some(now);
        ready
    }
}

/// What to update for changed `paths`: each one that exists (a file, or a folder made
/// or moved in), else the nearest folder above it that exists (where a file was deleted
/// or moved away), within a root held. Hidden files are never read, but a change of a
/// `.jianbaoignore` updates its folder.
fn parts(paths: &[PathBuf], roots: &[Root]) -> Vec<PathBuf> {
    let dirs: Vec<PathBuf> = roots.iter().map(Root::dir).collect();
    let mut parts: Vec<PathBuf> = Vec::new();
    for path in paths {
        let Some(dir) = dirs.iter().find(|d| path.starts_with(d)) else { continue };
        let below = path.strip_prefix(dir).unwrap_or(path);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let hidden = below.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
        let mut part = match path.parent() {
            Some(parent) if name == ".jianbaoignore" => parent.to_owned(),
            _ if hidden => continue,
            _ => path.clone(),
        };
        while !part.exists() && part != *dir {
            let Some(parent) = part.parent() else { break };
            part = parent.to_owned();
        }
        if part.starts_with(dir) && part.exists() && !parts.contains(&part) {
            parts.push(part);
        }
    }
    parts
}
