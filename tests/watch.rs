//! `jianbao index --watch`: new, changed, moved and deleted files indexed as they come, a
//! burst in a few commits, a file being written once it is complete, and a clean stop.
//!
//! The machine may be loaded: each test polls with a generous timeout instead of
//! sleeping a fixed time, and the watching process is killed when a test ends, however.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::common::{assert_says, Env};

const TIMEOUT: Duration = Duration::from_secs(30);
const WORD: &str = "鯉魚門";
const OTHER: &str = "沙頭角";

/// A running `jianbao index --watch`, its output in files beside the corpus.
struct Watch {
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Watch {
    /// Starts `jianbao index --watch ARGS` and waits until it watches.
    fn start(env: &Env, args: &[&str]) -> Watch {
        let stdout = env.path("watch.out");
        Watch::start_into(env, args, std::fs::File::create(&stdout).unwrap().into(), stdout)
    }

    /// [`Watch::start`] with its stdout to `into` (read back from `stdout`).
    fn start_into(env: &Env, args: &[&str], into: Stdio, stdout: PathBuf) -> Watch {
        let stderr = env.path("watch.err");
        let child = env
            .command(&[&["index", "--watch"], args].concat())
            .stdout(into)
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let watch = Watch { child, stdout, stderr };
        watch.wait_until("it watches", || watch.stderr().contains("watching"));
        watch
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap()
    }

    fn stdout(&self) -> String {
        std::fs::read_to_string(&self.stdout).unwrap()
    }

    /// The lines of stderr that report a commit, after the first update's.
    fn commits(&self) -> usize {
        let stderr = self.stderr();
        let watching = stderr.split_once("watching").map_or("", |(_, after)| after);
        watching.lines().filter(|l| l.contains(" added, ")).count()
    }

    #[track_caller]
    fn wait_until(&self, what: &str, done: impl Fn() -> bool) {
        let started = Instant::now();
        while !done() {
            assert!(started.elapsed() < TIMEOUT, "not within {TIMEOUT:?}: {what}; stderr: {}", self.stderr());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Sends SIGINT and waits for the process to end.
    fn interrupt(&mut self) -> ExitStatus {
        self.signal("-INT")
    }

    /// Sends `signal` (`-TERM`) and waits for the process to end.
    fn signal(&mut self, signal: &str) -> ExitStatus {
        let pid = self.child.id().to_string();
        assert!(std::process::Command::new("kill").args([signal, &pid]).status().unwrap().success());
        self.ended()
    }

    /// Waits for the process to end.
    fn ended(&mut self) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(started.elapsed() < TIMEOUT, "still running: {}", self.stderr());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn new_changed_moved_and_deleted_files_are_indexed_and_sigint_stops_it_cleanly() {
    let env = Env::new();
    let mut watch = Watch::start(&env, &[]);
    env.put("corpus/new.txt", format!("標題\n{WORD}今日新聞。"));
    watch.wait_until("a new file is found", || env.total(&[WORD]) == 1);
    env.put("corpus/new.txt", format!("標題\n{OTHER}今日新聞。"));
    watch.wait_until("a changed file is found", || env.total(&[OTHER]) == 1 && env.total(&[WORD]) == 0);
    std::fs::create_dir(env.path("corpus/sub")).unwrap();
    std::fs::rename(env.path("corpus/new.txt"), env.path("corpus/sub/moved.txt")).unwrap();
    watch.wait_until("a moved file is found where it went", || env.ids(&[OTHER]) == ["sub/moved.txt"]);
    std::fs::remove_file(env.path("corpus/sub/moved.txt")).unwrap();
    watch.wait_until("a deleted file is gone", || env.total(&[OTHER]) == 0);
    env.assert_failure_with_error(&["index"], "being written by another `jianbao index`");
    assert_eq!(watch.interrupt().code(), Some(0), "{}", watch.stderr());
    assert_says(&watch.stderr(), "stopped");
    assert_says(&env.index(&[]), "0 added, 0 changed, 0 removed, 5 unchanged");
}

#[test]
fn a_burst_of_files_is_indexed_in_a_few_commits_after_a_rebuild() {
    let env = Env::indexed();
    let mut watch = Watch::start(&env, &["--rebuild"]);
    for i in 0..200 {
        env.put(&format!("corpus/burst/{i:03}.txt"), format!("第{i}篇\n{WORD}新聞，編號{i}。"));
    }
    watch.wait_until("200 files are found", || env.total(&[WORD]) == 200);
    let commits = watch.commits();
    assert!((1..=5).contains(&commits), "{commits} commits: {}", watch.stderr());
    assert_eq!(env.stats_json(&[]).documents, 205, "a batch adds to what the rebuild made");
    assert_eq!(watch.signal("-TERM").code(), Some(0), "SIGTERM stops it as SIGINT does");
}

#[test]
fn a_file_still_being_written_is_indexed_once_complete() {
    let env = Env::new();
    let mut watch = Watch::start(&env, &[]);
    let mut file = std::fs::File::create(env.path("corpus/slow.txt")).unwrap();
    writeln!(file, "標題\n{WORD}開頭。").unwrap();
    // Written on for longer than a batch waits, in writes closer together than its quiet time.
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(2500) {
        writeln!(file, "香港新聞。").unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(env.total(&[WORD]), 0, "indexed half written: {}", watch.stderr());
    writeln!(file, "{OTHER}結尾。").unwrap();
    drop(file);
    watch.wait_until("the whole file is found", || env.total(&[OTHER]) == 1);
    assert_eq!(env.total(&[WORD]), 1);
    assert_eq!(watch.interrupt().code(), Some(0));
}

#[test]
fn with_alerts_it_prints_what_is_new_to_each_saved_search_after_each_commit() {
    let env = Env::indexed();
    env.assert_success(&["alert", "add", "port", WORD]);
    let mut watch = Watch::start(&env, &["--alerts"]);
    env.put("corpus/new.txt", format!("標題\n{WORD}今日新聞。"));
    watch.wait_until("the new clipping is printed", || watch.stdout().contains("port: 1 new clipping"));
    assert_eq!(watch.interrupt().code(), Some(0));
    assert_says(&watch.stdout(), "new.txt");
    assert_eq!(env.run(&["alert", "run"]).code, Some(1), "the watch recorded what it printed");
}

#[test]
fn a_monitor_piped_into_head_ends_when_head_does() {
    let env = Env::indexed();
    env.assert_success(&["alert", "add", "port", WORD]);
    let mut watch = Watch::start_into(&env, &["--alerts"], Stdio::piped(), env.path("unused"));
    let mut stdout = watch.child.stdout.take().unwrap();
    env.put("corpus/first.txt", format!("標題\n{WORD}今日新聞。"));
    let mut first = [0u8; 10];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    env.put("corpus/second.txt", format!("標題\n{WORD}明日新聞。"));
    assert_eq!(watch.ended().code(), Some(0), "{}", watch.stderr());
    let second = env.run(&["alert", "run", "--format", "jsonl"]);
    assert_says(&second.stdout, "second.txt");
}

#[test]
fn with_alerts_but_none_saved_it_is_refused_before_indexing() {
    let env = Env::new();
    env.assert_failure_with_error(&["index", "--watch", "--alerts"], "no saved searches");
    assert!(!env.path("index").exists(), "a refused command changes nothing");
}
