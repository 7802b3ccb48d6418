//! Fixtures shared by the integration tests.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Deserialize;

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

/// A temp folder with `corpus/` holding the sample clippings.
pub struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("corpus")).unwrap();
        for (name, text) in sample_corpus() {
            std::fs::write(dir.path().join("corpus").join(name), text).unwrap();
        }
        Env { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn jianbao(&self) -> Command {
        let mut cmd = Command::cargo_bin("jianbao").unwrap();
        cmd.current_dir(self.dir.path()).env_remove("NO_COLOR");
        cmd
    }

    pub fn indexed() -> Env {
        let env = Env::new();
        env.jianbao().args(["index"]).assert().success();
        env
    }

    pub fn search(&self, args: &[&str]) -> Output {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// Runs `jianbao ARGS` in the folder.
    pub fn run(&self, args: &[&str]) -> Output {
        let out = self.jianbao().args(args).output().unwrap();
        Output {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }
}

pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// The `.jsonl.zst` files below `dir`, sorted.
pub fn zst_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        walk(dir).into_iter().filter(|p| p.to_string_lossy().ends_with(".jsonl.zst")).collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
    entries.flatten().flat_map(|e| if e.path().is_dir() { walk(&e.path()) } else { vec![e.path()] }).collect()
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

/// `search --format json`, as docs/json.md promises it: unknown fields are refused.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonResults {
    pub query: String,
    pub total: usize,
    pub took_ms: u64,
    pub hits: Vec<JsonHit>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonHit {
    pub id: String,
    pub path: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub lang: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    pub score: f32,
    pub snippet: String,
    pub highlights: Vec<JsonSpan>,
    /// Only with `--fragments N` > 1.
    #[serde(default)]
    pub fragments: Option<Vec<JsonFragment>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonFragment {
    pub text: String,
    pub highlights: Vec<JsonSpan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSpan {
    pub start: usize,
    pub end: usize,
}
