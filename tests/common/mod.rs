//! What the integration tests share: a temp folder to run `jianbao` in ([`Env`]), what a
//! run printed ([`Output`]), the JSON contract as strict structs ([`json`]) and the
//! fixture corpora ([`corpus`]). Test modules import from here only, never from one
//! another.

#![allow(dead_code)]

mod corpus;
mod json;

use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use serde::de::DeserializeOwned;

pub use corpus::{articles, sample_corpus, shared_corpus, walk, zst_files};
pub use json::{
    batch_line, JsonAlertHit, JsonAlertList, JsonAlertResults, JsonArticle, JsonBatchError, JsonCount, JsonFolder,
    JsonHit, JsonResults, JsonSeries, JsonSpan, JsonStats, JsonStories, JsonStory,
};

/// The `jianbao` binary under test.
pub fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("jianbao")
}

/// One `.jsonl` line: a clipping with only an id and a body.
pub fn jsonl_line(id: &str, body: &str) -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap();
    format!("{{\"id\":{},\"body\":{}}}\n", quoted(id), quoted(body))
}

/// Asserts that `text` (a summary, a stderr) says `expected`.
#[track_caller]
pub fn assert_says(text: &str, expected: &str) {
    assert!(text.contains(expected), "{text:?} should say {expected:?}");
}

/// Variables of the user's terminal that change what jianbao prints.
const USER_TERMINAL: [&str; 5] = ["NO_COLOR", "COLUMNS", "PAGER", "JIANBAO_PAGER", "LESS"];

/// A temp folder with `corpus/` holding the sample clippings.
pub struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        let env = Env { dir: tempfile::tempdir().unwrap() };
        std::fs::create_dir(env.path("corpus")).unwrap();
        for (name, text) in sample_corpus() {
            env.put(&format!("corpus/{name}"), text);
        }
        env
    }

    /// [`Env::new`] with the default index built.
    pub fn indexed() -> Env {
        let env = Env::new();
        env.index(&[]);
        env
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `contents` to `rel`, creating the folders it is in.
    pub fn put(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// `jianbao` in the folder, without the variables of the user's terminal: tests that
    /// want a width, colour or pager set them.
    pub fn jianbao(&self) -> Command {
        let mut cmd = Command::cargo_bin("jianbao").unwrap();
        cmd.current_dir(self.dir.path());
        for var in USER_TERMINAL {
            cmd.env_remove(var);
        }
        cmd
    }

    /// `jianbao ARGS` in the folder, as a process to spawn and talk to.
    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(binary());
        cmd.args(args).current_dir(self.dir.path());
        for var in USER_TERMINAL {
            cmd.env_remove(var);
        }
        cmd
    }

    /// Starts `jianbao ARGS` in the background, its stderr dropped.
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args).stderr(Stdio::null()).spawn().unwrap()
    }

    /// Starts `jianbao ARGS` and kills it (SIGKILL on Unix) after `delay`.
    pub fn kill_after(&self, args: &[&str], delay: Duration) {
        let mut child = self.spawn(args);
        std::thread::sleep(delay);
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// `jianbao` as a user who may not write what this process owns: as root, which may
    /// write whatever the permissions say, that is `nobody`, through `setpriv`. `None` if
    /// root cannot drop to it (no `setpriv`).
    pub fn as_reader(&self) -> Option<std::process::Command> {
        use std::os::unix::fs::MetadataExt;
        let mut cmd = if std::fs::metadata(self.dir.path()).unwrap().uid() != 0 {
            std::process::Command::new(binary())
        } else {
            let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
            let works = std::process::Command::new("setpriv").args(nobody).arg("true").status();
            if !works.is_ok_and(|s| s.success()) {
                return None;
            }
            let mut cmd = std::process::Command::new("setpriv");
            cmd.args(nobody).arg(binary());
            cmd
        };
        cmd.current_dir(self.dir.path());
        Some(cmd)
    }

    /// Runs `jianbao ARGS` in the folder.
    pub fn run(&self, args: &[&str]) -> Output {
        self.jianbao().args(args).output().unwrap().into()
    }

    /// Runs `jianbao ARGS` with `input` on its stdin.
    pub fn run_with_input(&self, args: &[&str], input: impl Into<Vec<u8>>) -> Output {
        self.jianbao().args(args).write_stdin(input).output().unwrap().into()
    }

    /// Runs `jianbao search ARGS`.
    pub fn search(&self, args: &[&str]) -> Output {
        self.run(&[&["search"], args].concat())
    }

    /// Runs `jianbao ARGS`, which must exit 0.
    #[track_caller]
    pub fn assert_success(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
        out
    }

    /// Runs `jianbao ARGS`, which must fail with a one-line error that mentions `mentions`.
    #[track_caller]
    pub fn assert_failure_with_error(&self, args: &[&str], mentions: &str) -> Output {
        let out = self.run(args);
        out.assert_one_line_error(mentions);
        out
    }

    /// Runs `jianbao index ARGS`, which must succeed, and returns its stderr.
    #[track_caller]
    pub fn index(&self, args: &[&str]) -> String {
        self.assert_success(&[&["index"], args].concat()).stderr
    }

    /// `search --format json ARGS`, which must exit 0 or 1.
    #[track_caller]
    pub fn search_json(&self, args: &[&str]) -> JsonResults {
        let out = self.search(&[&["--format", "json"], args].concat());
        assert!(matches!(out.code, Some(0 | 1)), "{args:?}: {}", out.stderr);
        out.json()
    }

    /// The number of clippings `search ARGS` finds.
    #[track_caller]
    pub fn total(&self, args: &[&str]) -> usize {
        self.search_json(args).total
    }

    /// The ids of every clipping `search ARGS` finds (up to 1,000), sorted.
    #[track_caller]
    pub fn ids(&self, args: &[&str]) -> Vec<String> {
        let mut ids = self.search_json(&[&["-n", "1000"], args].concat()).ids();
        ids.sort();
        ids
    }

    /// `show --format json ARGS`, which must succeed.
    #[track_caller]
    pub fn show_json(&self, args: &[&str]) -> JsonArticle {
        self.assert_success(&[&["show", "--format", "json"], args].concat()).json()
    }

    /// `stats --format json ARGS`, which must succeed.
    #[track_caller]
    pub fn stats_json(&self, args: &[&str]) -> JsonStats {
        self.assert_success(&[&["stats", "--format", "json"], args].concat()).json()
    }
}

/// What a run of `jianbao` printed, and its exit status.
pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Output that must be UTF-8.
impl From<std::process::Output> for Output {
    fn from(out: std::process::Output) -> Output {
        Output {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }
}

impl Output {
    /// Output that may hold anything (a damaged index): bytes that are not UTF-8 as U+FFFD.
    pub fn lossy(out: std::process::Output) -> Output {
        Output {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// stdout as one JSON value of type `T`.
    #[track_caller]
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("{e}: stdout {:?}, stderr {:?}", self.stdout, self.stderr))
    }

    /// stdout as one JSON value of type `T` a line.
    #[track_caller]
    pub fn json_lines<T: DeserializeOwned>(&self) -> Vec<T> {
        let parse = |line: &str| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
        self.stdout.lines().map(parse).collect()
    }

    /// stdout of `search --batch`: each line the results of a query, or its error.
    #[track_caller]
    pub fn batch_lines(&self) -> Vec<Result<JsonResults, JsonBatchError>> {
        self.stdout.lines().map(batch_line).collect()
    }

    /// Exit 2 and one line on stderr that mentions `mentions`; no panic.
    #[track_caller]
    pub fn assert_one_line_error(&self, mentions: &str) {
        assert_eq!(self.code, Some(2), "stderr: {}", self.stderr);
        assert_eq!(self.stderr.trim_end().lines().count(), 1, "{:?}", self.stderr);
        assert!(self.stderr.contains(mentions), "{:?} should mention {mentions}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
    }
}
