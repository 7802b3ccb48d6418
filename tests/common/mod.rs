//! Fixtures shared by the integration tests.

use std::path::{Path, PathBuf};

/// The repository's sample clippings, as (file name, text).
pub fn sample_corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    files
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

/// The shared news corpus, if present: `$JIANBAO_SHARED_CORPUS` or `../shared/corpus`.
#[allow(dead_code)]
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("JIANBAO_SHARED_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}
