//! Which segment files are known to be whole, so that opening an index reads only the others.
//!
//! tantivy ends each segment file with a footer holding a CRC32 of the file, but does not
//! check it when it reads the file; a damaged file then makes it panic, abort on an
//! allocation of gigabytes, or answer wrongly. Checking the CRC reads the whole file: on
//! the index of the shared corpus (~500 MB), far more than a search (~3 ms) may spend.
//!
//! So a file is checked once, and `jianbao-verified.json` records it whole with its size,
//! modification time and inode. Opening an index then only `stat`s the files tantivy
//! opens, and checks those that differ from the record: any write, truncation, copy or
//! replacement of a file changes one of the three. (Not the change time: `chmod -R a-w`,
//! the way to make an index read-only, changes it, and a read-only index could never
//! record the result, so every search would check every file.) Damage that changes none of
//! them (bit rot under the file system) is not seen; a panic it causes is still caught by
//! the command line.
//!
//! The indexer checks and records each commit's files; a search records what it checked
//! when it can write the folder, and otherwise checks again next time. Every entry is a
//! fact about one version of one file, so concurrent writers of the record can lose
//! entries (they are checked again) but never make a damaged file pass.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tantivy::directory::error::OpenReadError;
use tantivy::directory::footer::Footer;
use tantivy::directory::{Directory, FileSlice};
use tantivy::schema::Field;
use tantivy::SegmentReader;

/// Name of the record in the index folder.
pub const RECORD: &str = "jianbao-verified.json";

/// The smallest file with a footer: its length and magic number (8 bytes), and more.
const MIN_FILE_LEN: u64 = 8;

/// What identifies one version of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    pub mtime: i64,
    pub mtime_ns: i64,
    pub inode: u64,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp { len: meta.len(), mtime: meta.mtime(), mtime_ns: meta.mtime_nsec(), inode: meta.ino() }
        }
        #[cfg(not(unix))]
        {
            let since = meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            let since = since.unwrap_or_default();
            Stamp { len: meta.len(), mtime: since.as_secs() as i64, mtime_ns: since.subsec_nanos().into(), inode: 0 }
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    files: BTreeMap<String, Stamp>,
}

/// The record of an index folder, and what this process checked there.
#[derive(Debug)]
pub struct Verified {
    dir: PathBuf,
    recorded: BTreeMap<String, Stamp>,
    /// Files found whole by this process (recorded or checked), as they were then.
    whole: Mutex<BTreeMap<String, Stamp>>,
    /// Set when a file was checked that the record did not hold.
    changed: AtomicBool,
    /// A file asked for that does not exist: tantivy takes a missing `.pos` file for a
    /// segment without positions, but all of jianbao's segments have them.
    missing: Mutex<Option<PathBuf>>,
}

impl Verified {
    /// The record of `dir`; empty if there is none or it does not parse.
    pub fn load(dir: &Path) -> Verified {
        let record = std::fs::read(dir.join(RECORD))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Record>(&bytes).ok())
            .unwrap_or_default();
        Verified {
            dir: dir.to_owned(),
            recorded: record.files,
            whole: Mutex::default(),
            changed: AtomicBool::new(false),
            missing: Mutex::default(),
        }
    }

    /// Checks segment file `path` of `directory` (the folder of this record) before tantivy
    /// reads it: fine if the record holds it as it is, else its checksum must hold.
    pub fn check(&self, directory: &dyn Directory, path: &Path) -> Result<(), OpenReadError> {
        let name = path.to_string_lossy().into_owned();
        if self.lock().contains_key(&name) {
            return Ok(());
        }
        let meta = std::fs::metadata(self.dir.join(path)).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => {
                *self.missing.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(path.to_owned());
                OpenReadError::FileDoesNotExist(path.to_owned())
            }
            _ => OpenReadError::wrap_io_error(e, path.to_owned()),
        })?;
        let stamp = Stamp::of(&meta);
        if self.recorded.get(&name) != Some(&stamp) {
            whole(directory, path, stamp.len).map_err(|e| OpenReadError::wrap_io_error(e, path.to_owned()))?;
            self.changed.store(true, Ordering::Relaxed);
        }
        self.lock().insert(name, stamp);
        Ok(())
    }

    /// The last file asked for that did not exist since the last call, if any.
    pub fn take_missing(&self) -> Option<PathBuf> {
        self.missing.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take()
    }

    /// Writes the record of the files found whole for which `live` holds, if this process
    /// checked any the record did not hold. Best effort: an index that cannot be written is
    /// checked again next time.
    pub fn save(&self, live: impl Fn(&str) -> bool) {
        if !self.changed.load(Ordering::Relaxed) {
            return;
        }
        let files = self.lock().iter().filter(|(name, _)| live(name)).map(|(n, s)| (n.clone(), *s)).collect();
        let Ok(bytes) = serde_json::to_vec(&Record { files }) else { return };
        let tmp = self.dir.join(format!("{RECORD}.{}.tmp", std::process::id()));
        if std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, self.dir.join(RECORD))).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Stamp>> {
        self.whole.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Checks the number of documents `meta.json` gives a segment against its files (the
/// norms of `field`, one byte per document): with a wrong one, tantivy reads past the
/// ends of arrays (a panic) or counts documents that are not there. `meta.json` has no
/// checksum, and this is what it says that the footers cannot vouch for.
pub fn agrees(segment: &SegmentReader, field: Field) -> Result<(), String> {
    let id = segment.segment_id().uuid_string();
    let norms = segment.get_fieldnorms_reader(field).map_err(|e| format!("{id}.fieldnorm: {e}"))?;
    if norms.num_docs() != segment.max_doc() {
        return Err(format!(
            "meta.json gives segment {id} {} documents, its files hold {}",
            segment.max_doc(),
            norms.num_docs()
        ));
    }
    Ok(())
}

/// Ok if file `path` of `directory`, `len` bytes long, ends with a footer whose checksum
/// is that of the rest of the file.
fn whole(directory: &dyn Directory, path: &Path, len: u64) -> io::Result<()> {
    // tantivy's footer reader indexes out of bounds below 8 bytes.
    if len < MIN_FILE_LEN {
        return Err(corrupt(format!("truncated to {len} bytes")));
    }
    let file: FileSlice = directory.get_file_handle(path).map(FileSlice::new).map_err(|e| corrupt(e.to_string()))?;
    let (footer, body) =
        Footer::extract_footer(file).map_err(|_| corrupt("its end is not a valid footer".to_owned()))?;
    let mut crc = flate2::Crc::new();
    crc.update(body.read_bytes()?.as_slice());
    if crc.sum() != footer.crc {
        return Err(corrupt("its checksum does not match its content".to_owned()));
    }
    Ok(())
}

fn corrupt(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A directory of one file, `f`, with a footer.
    fn folder(content: &[u8]) -> (tempfile::TempDir, tantivy::directory::MmapDirectory) {
        use std::io::Write;
        use tantivy::directory::TerminatingWrite;
        let dir = tempfile::tempdir().unwrap();
        let mmap = tantivy::directory::MmapDirectory::open(dir.path()).unwrap();
        let managed = tantivy::directory::ManagedDirectory::wrap(Box::new(mmap.clone())).unwrap();
        let mut w = managed.open_write(Path::new("f")).unwrap();
        w.write_all(content).unwrap();
        w.terminate().unwrap();
        (dir, mmap)
    }

    fn overwrite(path: &Path, at: u64, bytes: &[u8]) {
        use std::io::{Seek, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
        f.seek(io::SeekFrom::Start(at)).unwrap();
        f.write_all(bytes).unwrap();
    }

    #[test]
    fn a_recorded_file_is_trusted_until_its_stamp_changes() {
        let (dir, mmap) = folder(b"some segment data");
        let (f, file) = (Path::new("f"), dir.path().join("f"));
        let verified = Verified::load(dir.path());
        verified.check(&mmap, f).unwrap();
        verified.save(|_| true);
        assert_eq!(Verified::load(dir.path()).recorded.len(), 1);

        // Damage that keeps size, time and inode is not read (this is what makes opening
        // cheap)...
        let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
        overwrite(&file, 2, b"X");
        std::fs::File::options().write(true).open(&file).unwrap().set_modified(modified).unwrap();
        assert!(Verified::load(dir.path()).check(&mmap, f).is_ok());

        // ...but a write that leaves the time as it is, is not how files get damaged.
        std::thread::sleep(std::time::Duration::from_millis(20));
        overwrite(&file, 3, b"Y");
        let err = Verified::load(dir.path()).check(&mmap, f).unwrap_err();
        assert!(err.to_string().contains("checksum does not match"), "{err}");
    }

    #[test]
    fn short_missing_and_footless_files_are_damage() {
        let (dir, mmap) = folder(b"data");
        let verified = Verified::load(dir.path());
        let file = dir.path().join("f");
        for len in [0, 5, 7, 20] {
            std::fs::OpenOptions::new().write(true).open(&file).unwrap().set_len(len).unwrap();
            let err = verified.check(&mmap, Path::new("f")).unwrap_err();
            assert!(matches!(err, OpenReadError::IoError { .. }), "{len}: {err}");
        }
        let err = verified.check(&mmap, Path::new("gone")).unwrap_err();
        assert!(matches!(err, OpenReadError::FileDoesNotExist(_)), "{err}");
    }

    #[test]
    fn only_live_files_are_recorded_and_nothing_unchecked() {
        let (dir, mmap) = folder(b"data");
        let verified = Verified::load(dir.path());
        verified.save(|_| true);
        assert!(!dir.path().join(RECORD).exists(), "nothing was checked: nothing to write");
        verified.check(&mmap, Path::new("f")).unwrap();
        verified.save(|name| name != "f");
        assert!(Verified::load(dir.path()).recorded.is_empty());
    }
}
