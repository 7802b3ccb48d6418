//! The folder tantivy reads an index through: it checks each segment file before tantivy
//! parses it ([`super::verify`]), and lets a search open an index it may not write.
//!
//! tantivy's `MmapDirectory` writes even to search: a reader takes `.tantivy-meta.lock`
//! (opened for writing, created if missing) while it opens the segments, so that a
//! writer's garbage collection, which takes it too, does not delete them meanwhile. On a
//! read-only mount, or for a user who may read the index but not write it, that fails.
//! Opened for [`Access::Search`], this folder takes that lock shared, on the lock file
//! opened for reading (flock needs no write permission), and lets tantivy write nothing.
//! (jianbao's record of checked files is written beside it, when the folder allows.)

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr, META_LOCK,
};

use super::verify::Verified;

/// What an index is opened for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reading only: tantivy may create or change nothing in the folder.
    Search,
    /// Reading and writing, as tantivy's own folder does.
    Update,
}

/// An index folder, for tantivy.
#[derive(Debug, Clone)]
pub struct IndexDir {
    inner: MmapDirectory,
    root: PathBuf,
    access: Access,
    verified: Arc<Verified>,
}

impl IndexDir {
    pub fn open(root: &Path, access: Access) -> Result<IndexDir, OpenDirectoryError> {
        let inner = MmapDirectory::open(root)?;
        let verified = Arc::new(Verified::load(root));
        Ok(IndexDir { inner, root: root.to_owned(), access, verified })
    }

    /// What was found whole in this folder.
    pub fn verified(&self) -> &Arc<Verified> {
        &self.verified
    }

    fn refuse(&self, path: &Path) -> io::Error {
        let message = format!("{}: the index is open for searching only", path.display());
        io::Error::new(io::ErrorKind::PermissionDenied, message)
    }
}

impl Directory for IndexDir {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.verified.check(&self.inner, path)?;
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        match self.access {
            Access::Update => self.inner.delete(path),
            Access::Search => {
                Err(DeleteError::IoError { io_error: Arc::new(self.refuse(path)), filepath: path.into() })
            }
        }
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        match self.access {
            Access::Update => self.inner.open_write(path),
            Access::Search => Err(OpenWriteError::wrap_io_error(self.refuse(path), path.into())),
        }
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        match self.access {
            Access::Update => {
                self.inner.atomic_write(path, data)?;
                readable_as_folder(&self.root, &self.root.join(path));
                Ok(())
            }
            Access::Search => Err(self.refuse(path)),
        }
    }

    fn sync_directory(&self) -> io::Result<()> {
        match self.access {
            Access::Update => self.inner.sync_directory(),
            Access::Search => Ok(()),
        }
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.access {
            Access::Update => self.inner.acquire_lock(lock),
            Access::Search if lock.filepath == META_LOCK.filepath => Ok(shared_lock(&self.root.join(&lock.filepath))),
            Access::Search => Err(LockError::wrap_io_error(self.refuse(&lock.filepath))),
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// Gives `file` the read and write permissions of `folder`: tantivy writes `meta.json` and
/// `.managed.json` through a temporary file, which is private to its owner, and then no one
/// else may search the index. Best effort: at worst, only the owner can.
fn readable_as_folder(folder: &Path, file: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(folder) {
            let mode = meta.permissions().mode() & 0o666;
            let _ = std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode));
        }
    }
    #[cfg(not(unix))]
    let _ = (folder, file);
}

/// The lock `path` taken shared, for reading: held by searches together, and never while a
/// writer collects garbage (tantivy takes it exclusive then). Without a lock file (no
/// writer has collected garbage yet) or without the means to lock it, there is no lock:
/// a search must not create files, and would rather risk that race than not run.
fn shared_lock(path: &Path) -> DirectoryLock {
    match std::fs::File::open(path) {
        Ok(file) if lock_shared(&file) => DirectoryLock::from(Box::new(file)),
        _ => DirectoryLock::from(Box::new(())),
    }
}

/// Takes a shared `flock` on `file`, waiting for an exclusive one to end; released when
/// the file is closed. (std's `File::lock_shared` needs Rust 1.89.)
fn lock_shared(file: &std::fs::File) -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::fd::AsRawFd;
        loop {
            // SAFETY: flock on a file descriptor that `file` keeps open.
            if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_SH) } == 0 {
                return true;
            }
            if io::Error::last_os_error().kind() != io::ErrorKind::Interrupted {
                return false;
            }
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        let _ = file;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_search_folder_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let folder = IndexDir::open(dir.path(), Access::Search).unwrap();
        let lock = folder.acquire_lock(&META_LOCK).unwrap();
        drop(lock);
        assert!(folder.open_write(Path::new("a")).is_err());
        assert!(folder.atomic_write(Path::new("meta.json"), b"{}").is_err());
        assert!(folder.acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK).is_err());
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn searches_share_the_meta_lock_and_wait_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let writer = IndexDir::open(dir.path(), Access::Update).unwrap();
        let search = IndexDir::open(dir.path(), Access::Search).unwrap();
        let held = writer.acquire_lock(&META_LOCK).unwrap();
        let (done, finished) = std::sync::mpsc::channel();
        let waiting = search.clone();
        let thread = std::thread::spawn(move || {
            let a = waiting.acquire_lock(&META_LOCK).unwrap();
            let b = waiting.acquire_lock(&META_LOCK).unwrap();
            done.send(()).unwrap();
            drop((a, b));
        });
        let waited = finished.recv_timeout(std::time::Duration::from_millis(200));
        assert!(waited.is_err(), "a search waits while the writer holds the lock");
        drop(held);
        finished.recv_timeout(std::time::Duration::from_secs(10)).expect("two searches hold it together");
        thread.join().unwrap();
    }
}
