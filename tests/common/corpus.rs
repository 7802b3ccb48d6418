//! The fixture corpora: the sample clippings under `tests/fixtures/sample`, and the shared
//! news corpus when it is present.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The sample clippings (a fixture copy of `corpus/`, which is the user's to change), as
/// (file name, text).
pub fn sample_corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    files
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

/// The shared news corpus, if present: `$JIANBAO_SHARED_CORPUS` or `../shared/corpus`.
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("JIANBAO_SHARED_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

/// The `.jsonl.zst` files below `dir`, sorted.
pub fn zst_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        walk(dir).into_iter().filter(|p| p.is_file() && p.to_string_lossy().ends_with(".jsonl.zst")).collect();
    files.sort();
    files
}

/// `dir` and every folder and file below it; a folder that cannot be read adds nothing.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut all = vec![dir.to_owned()];
    let Ok(entries) = std::fs::read_dir(dir) else { return all };
    for entry in entries.flatten() {
        if entry.path().is_dir() {
            all.extend(walk(&entry.path()));
        } else {
            all.push(entry.path());
        }
    }
    all
}

/// Title and body of each article of a `.jsonl.zst` file.
pub fn articles(file: &Path) -> impl Iterator<Item = String> {
    let input = std::fs::File::open(file).unwrap();
    let reader = BufReader::new(zstd::Decoder::new(input).unwrap());
    reader.lines().map_while(Result::ok).filter_map(|line| {
        let v: serde_json::Value = serde_json::from_str(&line).ok()?;
        let title = v["title"].as_str().unwrap_or("");
        Some(format!("{title}\n{}", v["body"].as_str()?))
    })
}
