//! Saved searches ("alerts") kept with an index, and what each has reported.
//!
//! They live in the index folder, in [`FILE`], so that they travel with the index, and
//! are written atomically (a temporary file, synced, renamed over the old one, and the
//! folder synced). What is new to a saved search is found in the index ([`news`]): each
//! document carries the number of the commit that added or replaced it, and each saved
//! search records the last commit it has seen and the ids it has reported (in a file of
//! their own, [`reported`]). A saved search's record is changed only by [`Alerts::record`]
//! and [`Alerts::save`], which a run calls after its output is flushed: a run that dies
//! before reports the same clippings again.
//!
//! The file has a lock of its own ([`AlertLock`]), not the index's write lock: `index
//! --watch` holds that one while it runs saved searches itself.

mod news;
mod reported;

use std::collections::HashSet;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::index::Commits;
use crate::search::{Date, Filter};
use crate::{Error, Result};

pub use news::{news, News};

/// What the names of the files of saved searches in an index folder begin with.
pub const FILE_PREFIX: &str = "jianbao-alerts";
/// The saved searches of an index, in its folder.
pub const FILE: &str = "jianbao-alerts.json";
const LOCK_FILE: &str = "jianbao-alerts.lock";
/// How long a command waits for another one to let go of the saved searches.
pub const LOCK_WAIT: Duration = Duration::from_secs(30);
const MAX_NAME_CHARS: usize = 64;

/// One saved search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub name: String,
    pub query: String,
    #[serde(default)]
    pub filter: SavedFilter,
    /// The index whose commits `seen` counts, and the last commit it has seen (0: none).
    #[serde(default)]
    pub seen: Commits,
    /// How many clippings it has reported (their ids are in a file of their own:
    /// [`reported`]).
    #[serde(default)]
    pub reported: usize,
    /// When it last ran, in seconds since the Unix epoch.
    #[serde(default)]
    pub last_run: Option<u64>,
}

/// The filters of a saved search, as typed: a relative date counts back from each run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFilter {
    pub since: Option<String>,
    pub until: Option<String>,
    pub source: Option<String>,
    pub lang: Option<String>,
}

impl SavedFilter {
    /// The filter as typed into `filter`.
    pub fn new(filter: &Filter) -> SavedFilter {
        SavedFilter {
            since: filter.since.as_ref().map(|d| d.typed().to_owned()),
            until: filter.until.as_ref().map(|d| d.typed().to_owned()),
            source: filter.source.clone(),
            lang: filter.lang.clone(),
        }
    }

    /// The filter of a run today.
    pub fn resolve(&self) -> Result<Filter> {
        let date = |typed: &Option<String>| -> Result<Option<Date>> {
            typed.as_deref().map(|d| d.parse::<Date>().map_err(|e| Error::BadQuery(format!("{d}: {e}")))).transpose()
        };
        Ok(Filter {
            since: date(&self.since)?,
            until: date(&self.until)?,
            source: self.source.clone(),
            lang: self.lang.clone(),
            added_after: None,
        })
    }
}

impl Alert {
    /// A saved search that has not run yet.
    pub fn new(name: &str, query: &str, filter: &Filter) -> Alert {
        Alert {
            name: name.to_owned(),
            query: query.to_owned(),
            filter: SavedFilter::new(filter),
            seen: Commits::default(),
            reported: 0,
            last_run: None,
        }
    }
}

/// `name` if it can name a saved search: 1 to 64 letters, digits, `-`, `_` or `.`, not
/// beginning with `-` or `.`; else why not.
pub fn check_name(name: &str) -> std::result::Result<String, String> {
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.');
    let count = name.chars().count();
    if count == 0 || count > MAX_NAME_CHARS {
        return Err(format!("a name has 1 to {MAX_NAME_CHARS} characters"));
    }
    if !name.chars().all(allowed) || name.starts_with(['-', '.']) {
        return Err("a name is letters, digits, `-`, `_` and `.` (not first)".to_owned());
    }
    Ok(name.to_owned())
}

/// The saved searches of an index, read while holding their lock.
#[derive(Debug)]
pub struct Alerts {
    pub alerts: Vec<Alert>,
    dir: PathBuf,
    _lock: AlertLock,
}

/// The file, as written.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Saved {
    alerts: Vec<Alert>,
}

impl Alerts {
    /// The saved searches of the index in `dir` (none if it has no file of them), locked
    /// until dropped: waits up to `wait` for another command holding them, calling
    /// `waiting` once if it has to.
    pub fn open(dir: &Path, wait: Duration, waiting: impl FnOnce()) -> Result<Alerts> {
        let lock = AlertLock::take(dir, wait, waiting)?;
        let path = dir.join(FILE);
        let saved: Saved = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| Error::io(&path, std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Saved::default(),
            Err(e) => return Err(Error::io(&path, e)),
        };
        Ok(Alerts { alerts: saved.alerts, dir: dir.to_owned(), _lock: lock })
    }

    /// Adds `alert`: a saved search of that name removed before leaves no ids behind.
    pub fn add(&mut self, alert: Alert) -> Result<()> {
        reported::remove(&reported::path(&self.dir, &alert.name))?;
        self.alerts.push(alert);
        self.save()
    }

    /// Removes the saved searches `names`, which must all be saved.
    pub fn remove(&mut self, names: &[String]) -> Result<()> {
        self.check_known(names)?;
        self.alerts.retain(|a| !names.contains(&a.name));
        self.save()?;
        names.iter().try_for_each(|name| reported::remove(&reported::path(&self.dir, name)))
    }

    /// The ids saved search `name` has reported.
    pub fn reported(&self, name: &str) -> Result<HashSet<String>> {
        reported::read(&reported::path(&self.dir, name))
    }

    /// Records that saved search `name` reported `news` at `now` (seconds since the Unix
    /// epoch): its ids are appended to its file at once, the rest is written by
    /// [`Alerts::save`].
    pub fn record(&mut self, name: &str, news: &News, now: u64) -> Result<()> {
        let known = self.names();
        let dir = self.dir.clone();
        let alert = self.alerts.iter_mut().find(|a| a.name == name).ok_or_else(|| unknown(name, &known))?;
        // With --collapse, a story's other versions were reported with it.
        let versions = |hit: &'_ crate::search::Hit| hit.versions.clone().unwrap_or_default();
        let ids: Vec<String> = news
            .results
            .hits
            .iter()
            .flat_map(|hit| std::iter::once(hit.meta.id.clone()).chain(versions(hit).into_iter().map(|v| v.id)))
            .collect();
        reported::append(&reported::path(&dir, name), ids.iter().map(String::as_str))?;
        alert.seen = news.seen;
        alert.reported += ids.len();
        alert.last_run = Some(now);
        Ok(())
    }

    /// [`Error::Alerts`] unless every one of `names` is saved.
    pub fn check_known(&self, names: &[String]) -> Result<()> {
        let known = self.names();
        match names.iter().find(|n| !known.contains(n)) {
            Some(name) => Err(unknown(name, &known)),
            None => Ok(()),
        }
    }

    fn names(&self) -> Vec<String> {
        self.alerts.iter().map(|a| a.name.clone()).collect()
    }

    /// Writes them: to a temporary file, synced, renamed over the old one; then the
    /// folder is synced, so that the rename survives a crash.
    pub fn save(&self) -> Result<()> {
        let path = self.dir.join(FILE);
        let tmp = self.dir.join(format!("{FILE}.tmp"));
        let saved = Saved { alerts: self.alerts.clone() };
        let bytes = serde_json::to_vec_pretty(&saved).map_err(|e| Error::io(&tmp, e.into()))?;
        let mut file = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        file.write_all(&bytes).and_then(|()| file.sync_all()).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        File::open(&self.dir).and_then(|d| d.sync_all()).map_err(|e| Error::io(&self.dir, e))
    }
}

fn unknown(name: &str, known: &[String]) -> Error {
    let list = if known.is_empty() { "none".to_owned() } else { known.join(", ") };
    Error::Alerts(format!("no saved search named {name:?} (saved: {list})"))
}

/// The right to read and change the saved searches of an index: one `alert` command (or
/// `index --watch --alerts` running them) at a time. Let go when dropped, or when the
/// process ends however it ends.
#[derive(Debug)]
pub struct AlertLock {
    _file: File,
}

impl AlertLock {
    /// Takes the lock in `dir`, waiting up to `wait` (calling `waiting` once if it must).
    fn take(dir: &Path, wait: Duration, waiting: impl FnOnce()) -> Result<AlertLock> {
        let path = dir.join(LOCK_FILE);
        let file = crate::index::lock_file(&path)?;
        let started = Instant::now();
        let mut waiting = Some(waiting);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(AlertLock { _file: file }),
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
                Err(std::fs::TryLockError::WouldBlock) if started.elapsed() >= wait => {
                    return Err(Error::Alerts(format!(
                        "the saved searches of {} are in use by another `jianbao alert` (or `index --watch --alerts`) after {} s of waiting; try again when it ends",
                        dir.display(),
                        wait.as_secs()
                    )));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    if let Some(say) = waiting.take() {
                        say();
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_name;

    #[test]
    fn names_are_words_of_a_sane_length() {
        for good in ["minister", "林鄭", "hk-2024", "a.b_c", "x"] {
            assert_eq!(check_name(good).as_deref(), Ok(good));
        }
        for bad in ["", "-x", ".hidden", "a b", "a/b", "a\nb", &"x".repeat(65)] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }
}
