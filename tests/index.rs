//! `jianbao index` on a changing corpus: incremental updates, rebuilds, the writer lock,
//! interrupted runs and index versioning.

use std::process::{Command as Process, Stdio};
use std::time::Duration;

use crate::cli::assert_one_line_error;
use crate::common::Env;

/// The number of clippings matching `query`, by `search --count`-like JSON.
fn total(env: &Env, query: &str) -> usize {
    let out = env.search(&["--format", "json", query]);
    assert!(matches!(out.code, Some(0 | 1)), "search failed: {}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    v["total"].as_u64().unwrap() as usize
}

/// Runs `index` and returns its summary line.
fn index(env: &Env, args: &[&str]) -> String {
    let mut all = vec!["index"];
    all.extend_from_slice(args);
    let out = env.run(&all);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    out.stderr.lines().last().unwrap_or_default().to_owned()
}

fn write(env: &Env, rel: &str, text: &str) {
    let path = env.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[track_caller]
fn assert_summary(summary: &str, expected: &str) {
    assert!(summary.contains(expected), "{summary:?} should say {expected:?}");
}

#[test]
fn text_files_are_added_changed_and_removed() {
    let env = Env::new();
    assert_summary(&index(&env, &[]), "5 added, 0 changed, 0 removed, 0 unchanged");
    assert_summary(&index(&env, &[]), "0 added, 0 changed, 0 removed, 5 unchanged");
    write(&env, "corpus/new.txt", "標題\n鯉魚門三家村");
    assert_summary(&index(&env, &[]), "1 added, 0 changed, 0 removed, 5 unchanged");
    assert_eq!(total(&env, "鲤鱼门"), 1);
    write(&env, "corpus/new.txt", "標題\n沙頭角");
    assert_summary(&index(&env, &[]), "0 added, 1 changed, 0 removed, 5 unchanged");
    assert_eq!((total(&env, "鲤鱼门"), total(&env, "沙头角")), (0, 1));
    std::fs::remove_file(env.path("corpus/new.txt")).unwrap();
    assert_summary(&index(&env, &[]), "0 added, 0 changed, 1 removed, 5 unchanged");
    assert_eq!(total(&env, "沙头角"), 0);
}

/// The `segments` of `stats`, checked against the segments whose files are on disk (a
/// merge must not leave the files of what it merged behind).
fn segments(env: &Env) -> u64 {
    let out = env.run(&["stats", "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let segments = serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap()["segments"].as_u64().unwrap();
    let on_disk = std::fs::read_dir(env.path("index"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "idx"))
        .count();
    assert_eq!(on_disk as u64, segments, "segment files on disk");
    segments
}

#[test]
fn a_build_from_nothing_is_merged_into_one_segment_and_updates_add_their_own() {
    let env = Env::new();
    let line = |i: usize| format!("{{\"id\":\"n{i}\",\"body\":\"第{i}篇：香港新聞，編號{i}。\"}}\n");
    write(&env, "corpus/a.jsonl", &(0..400).map(line).collect::<String>());
    // Two indexing threads write a segment each; the build merges them.
    assert_summary(&index(&env, &["--threads", "2"]), "405 added");
    assert_eq!(segments(&env), 1);
    write(&env, "corpus/b.jsonl", &(400..410).map(line).collect::<String>());
    assert_summary(&index(&env, &["--threads", "2"]), "10 added");
    assert!(segments(&env) > 1, "an update does not rewrite what the index holds");
    assert_eq!(total(&env, "香港新闻"), 410);
    assert_summary(&index(&env, &["--threads", "2", "--rebuild"]), "415 added");
    assert_eq!(segments(&env), 1);
    assert_eq!(total(&env, "香港新闻"), 410);
}

#[test]
fn jsonl_lines_are_added_changed_and_removed() {
    let env = Env::new();
    let line = |id: &str, body: &str| format!("{{\"id\":\"{id}\",\"body\":\"{body}\"}}\n");
    write(&env, "corpus/news.jsonl", &(line("a", "甲乙丙") + &line("b", "丁戊己")));
    assert_summary(&index(&env, &[]), "7 added");
    write(&env, "corpus/news.jsonl", &(line("a", "甲乙丙") + &line("b", "庚辛壬") + &line("c", "癸子丑")));
    assert_summary(&index(&env, &[]), "1 added, 1 changed, 0 removed, 6 unchanged");
    write(&env, "corpus/news.jsonl", &line("c", "癸子丑"));
    assert_summary(&index(&env, &[]), "0 added, 0 changed, 2 removed, 6 unchanged");
    assert_eq!((total(&env, "甲乙"), total(&env, "庚辛"), total(&env, "癸子")), (0, 0, 1));
}

#[test]
fn an_id_in_two_files_is_kept_once_and_reported() {
    let env = Env::new();
    write(&env, "corpus/a.jsonl", "{\"id\":\"same\",\"body\":\"第一版本\"}\n");
    write(&env, "corpus/b.jsonl", "{\"id\":\"same\",\"body\":\"第二版本\"}\n");
    let out = env.run(&["index"]);
    assert!(out.stderr.contains("duplicate id \"same\""), "{}", out.stderr);
    assert_eq!(total(&env, "版本"), 1);
    assert_eq!(total(&env, "第二版本"), 1, "the later one wins");
}

#[test]
fn rebuild_starts_from_scratch() {
    let env = Env::new();
    index(&env, &[]);
    assert_summary(&index(&env, &["--rebuild", "--threads", "1"]), "5 added, 0 changed, 0 removed, 0 unchanged");
    assert_eq!(total(&env, "新质生产力"), 4);
}

#[test]
fn a_lost_manifest_costs_a_reread_but_no_reindexing() {
    let env = Env::new();
    index(&env, &[]);
    std::fs::remove_file(env.path("index/jianbao-files.json")).unwrap();
    let summary = index(&env, &[]);
    assert_summary(&summary, "0 added, 0 changed, 0 removed, 5 unchanged");
    assert_summary(&summary, "read 5 files");
}

#[test]
fn strict_turns_warnings_into_exit_2_and_still_indexes_the_rest() {
    let env = Env::new();
    write(&env, "corpus/bad.jsonl", "{not json\n");
    let out = env.run(&["index", "--strict"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("bad.jsonl:1"), "{}", out.stderr);
    assert_eq!(total(&env, "新质生产力"), 4);
    assert_eq!(env.run(&["index"]).code, Some(0), "without --strict a warning is not an error");
}

#[test]
fn a_second_writer_fails_at_once_with_a_clear_message() {
    let env = Env::indexed();
    let store = jianbao::index::Store::open(&env.path("index")).unwrap();
    let _held = store.writer(1).unwrap();
    let out = env.run(&["index", "--rebuild"]);
    assert_one_line_error(&out, "being written by another");
    assert_eq!(total(&env, "新质生产力"), 4, "searches still work while a writer holds the lock");
}

#[test]
fn a_changed_user_dictionary_asks_for_a_rebuild() {
    let env = Env::indexed();
    write(&env, "dict.txt", "河套地區 10\n");
    let out = env.run(&["index", "--dict", "dict.txt"]);
    assert_one_line_error(&out, "index --rebuild");
    assert_eq!(env.run(&["index", "--rebuild", "--dict", "dict.txt"]).code, Some(0));
    assert_eq!(total(&env, "河套地区"), 1);
}

#[test]
fn an_index_built_by_another_analyzer_is_refused() {
    let env = Env::indexed();
    let meta = env.path("index/meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let key = text.find("fingerprint").unwrap();
    let start = key + text[key..].find('a').unwrap();
    let end = start + 19;
    std::fs::write(&meta, format!("{}a0-0000000000000000{}", &text[..start], &text[end..])).unwrap();
    assert_one_line_error(&env.search(&["香港"]), "index --rebuild");
    assert_one_line_error(&env.run(&["index"]), "index --rebuild");
    assert_eq!(env.run(&["index", "--rebuild"]).code, Some(0));
    assert_eq!(total(&env, "新质生产力"), 4);
}

#[test]
fn a_killed_index_leaves_a_searchable_index_and_a_rerun_completes() {
    let env = Env::indexed();
    let (files, per_file) = (12, 400);
    for f in 0..files {
        let mut lines = String::new();
        for i in 0..per_file {
            let body = format!("第{f}批第{i}篇：香港新型工業化與新質生產力。{}", "河套深港科技創新合作區。".repeat(40));
            lines += &format!("{{\"id\":\"k{f}-{i}\",\"body\":\"{body}\"}}\n");
        }
        write(&env, &format!("corpus/bulk{f:02}.jsonl"), &lines);
    }
    for delay_ms in [150, 600] {
        let mut child = Process::new(assert_cmd::cargo::cargo_bin("jianbao"))
            .arg("index")
            .current_dir(env.path(""))
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let found = total(&env, "新质生产力");
        assert!(found >= 4 && found <= 4 + files * per_file, "searchable after a kill at {delay_ms} ms: {found}");
    }
    index(&env, &[]);
    assert_eq!(total(&env, "新质生产力"), 4 + files * per_file);
    assert_summary(&index(&env, &[]), "0 added, 0 changed, 0 removed");
}

#[test]
fn a_file_read_with_a_warning_is_not_read_again_but_a_skipped_one_is() {
    let env = Env::new();
    write(&env, "corpus/odd-date.md", "---\ndate: someday\n---\n鯉魚門");
    write(&env, "corpus/empty.txt", "");
    let first = env.run(&["index"]);
    assert!(first.stderr.contains("someday") && first.stderr.contains("empty.txt"), "{}", first.stderr);
    assert_summary(&first.stderr, "1 skipped, 1 warnings; read 7 files");
    assert_summary(&index(&env, &[]), "read 1 files");
}
