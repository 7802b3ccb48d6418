//! `jianbao index` on a changing corpus: incremental updates, rebuilds, the writer lock,
//! interrupted runs and index versioning.

use std::time::Duration;

use crate::common::{assert_says, jsonl_line, Env};

/// Runs `index ARGS`, which must succeed, and returns its summary line.
#[track_caller]
fn summary(env: &Env, args: &[&str]) -> String {
    env.index(args).lines().last().unwrap_or_default().to_owned()
}

#[test]
fn text_files_are_added_changed_and_removed() {
    let env = Env::new();
    assert_says(&summary(&env, &[]), "5 added, 0 changed, 0 removed, 0 unchanged");
    assert_says(&summary(&env, &[]), "0 added, 0 changed, 0 removed, 5 unchanged");
    env.put("corpus/new.txt", "標題\n鯉魚門三家村");
    assert_says(&summary(&env, &[]), "1 added, 0 changed, 0 removed, 5 unchanged");
    assert_eq!(env.total(&["鲤鱼门"]), 1);
    env.put("corpus/new.txt", "標題\n沙頭角");
    assert_says(&summary(&env, &[]), "0 added, 1 changed, 0 removed, 5 unchanged");
    assert_eq!((env.total(&["鲤鱼门"]), env.total(&["沙头角"])), (0, 1));
    std::fs::remove_file(env.path("corpus/new.txt")).unwrap();
    assert_says(&summary(&env, &[]), "0 added, 0 changed, 1 removed, 5 unchanged");
    assert_eq!(env.total(&["沙头角"]), 0);
}

/// The `segments` of `stats`, checked against the segments whose files are on disk (a
/// merge must not leave the files of what it merged behind).
fn segments(env: &Env) -> usize {
    let segments = env.stats_json(&[]).segments;
    let on_disk = std::fs::read_dir(env.path("index"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "idx"))
        .count();
    assert_eq!(on_disk, segments, "segment files on disk");
    segments
}

#[test]
fn a_build_from_nothing_is_merged_into_one_segment_and_updates_add_their_own() {
    let env = Env::new();
    let line = |i: usize| jsonl_line(&format!("n{i}"), &format!("第{i}篇：香港新聞，編號{i}。"));
    env.put("corpus/a.jsonl", (0..400).map(line).collect::<String>());
    // Two indexing threads write a segment each; the build merges them.
    assert_says(&summary(&env, &["--threads", "2"]), "405 added");
    assert_eq!(segments(&env), 1);
    env.put("corpus/b.jsonl", (400..410).map(line).collect::<String>());
    assert_says(&summary(&env, &["--threads", "2"]), "10 added");
    assert!(segments(&env) > 1, "an update does not rewrite what the index holds");
    assert_eq!(env.total(&["香港新闻"]), 410);
    assert_says(&summary(&env, &["--threads", "2", "--rebuild"]), "415 added");
    assert_eq!(segments(&env), 1);
    assert_eq!(env.total(&["香港新闻"]), 410);
}

#[test]
fn jsonl_lines_are_added_changed_and_removed() {
    let env = Env::new();
    env.put("corpus/news.jsonl", jsonl_line("a", "甲乙丙") + &jsonl_line("b", "丁戊己"));
    assert_says(&summary(&env, &[]), "7 added");
    env.put("corpus/news.jsonl", jsonl_line("a", "甲乙丙") + &jsonl_line("b", "庚辛壬") + &jsonl_line("c", "癸子丑"));
    assert_says(&summary(&env, &[]), "1 added, 1 changed, 0 removed, 6 unchanged");
    env.put("corpus/news.jsonl", jsonl_line("c", "癸子丑"));
    assert_says(&summary(&env, &[]), "0 added, 0 changed, 2 removed, 6 unchanged");
    assert_eq!((env.total(&["甲乙"]), env.total(&["庚辛"]), env.total(&["癸子"])), (0, 0, 1));
}

#[test]
fn an_id_in_two_files_is_kept_once_and_reported() {
    let env = Env::new();
    env.put("corpus/a.jsonl", jsonl_line("same", "第一版本"));
    env.put("corpus/b.jsonl", jsonl_line("same", "第二版本"));
    let out = env.run(&["index"]);
    assert!(out.stderr.contains("duplicate id \"same\""), "{}", out.stderr);
    assert_eq!(env.total(&["版本"]), 1);
    assert_eq!(env.total(&["第二版本"]), 1, "the later one wins");
}

#[test]
fn rebuild_starts_from_scratch() {
    let env = Env::new();
    env.index(&[]);
    assert_says(&summary(&env, &["--rebuild", "--threads", "1"]), "5 added, 0 changed, 0 removed, 0 unchanged");
    assert_eq!(env.total(&["新质生产力"]), 4);
}

#[test]
fn a_lost_manifest_costs_a_reread_but_no_reindexing() {
    let env = Env::new();
    env.index(&[]);
    std::fs::remove_file(env.path("index/jianbao-files.json")).unwrap();
    let last = summary(&env, &[]);
    assert_says(&last, "0 added, 0 changed, 0 removed, 5 unchanged");
    assert_says(&last, "read 5 files");
}

#[test]
fn strict_turns_warnings_into_exit_2_and_still_indexes_the_rest() {
    let env = Env::new();
    env.put("corpus/bad.jsonl", "{not json\n");
    let out = env.run(&["index", "--strict"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("bad.jsonl:1"), "{}", out.stderr);
    assert_eq!(env.total(&["新质生产力"]), 4);
    assert_eq!(env.run(&["index"]).code, Some(0), "without --strict a warning is not an error");
}

#[test]
fn a_second_writer_fails_at_once_with_a_clear_message() {
    let env = Env::indexed();
    let store = jianbao::index::Store::open(&env.path("index")).unwrap();
    let _held = store.writer(1).unwrap();
    env.assert_failure_with_error(&["index", "--rebuild"], "being written by another");
    assert_eq!(env.total(&["新质生产力"]), 4, "searches still work while a writer holds the lock");
}

#[test]
fn a_changed_user_dictionary_asks_for_a_rebuild() {
    let env = Env::indexed();
    env.put("dict.txt", "河套地區 10\n");
    env.assert_failure_with_error(&["index", "--dict", "dict.txt"], "index --rebuild");
    env.index(&["--rebuild", "--dict", "dict.txt"]);
    assert_eq!(env.total(&["河套地区"]), 1);
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
    env.assert_failure_with_error(&["search", "香港"], "index --rebuild");
    env.assert_failure_with_error(&["index"], "index --rebuild");
    env.index(&["--rebuild"]);
    assert_eq!(env.total(&["新质生产力"]), 4);
}

#[test]
fn a_killed_index_leaves_a_searchable_index_and_a_rerun_completes() {
    let env = Env::indexed();
    let (files, per_file) = (12, 400);
    for f in 0..files {
        let mut lines = String::new();
        for i in 0..per_file {
            let body = format!("第{f}批第{i}篇：香港新型工業化與新質生產力。{}", "河套深港科技創新合作區。".repeat(40));
            lines += &jsonl_line(&format!("k{f}-{i}"), &body);
        }
        env.put(&format!("corpus/bulk{f:02}.jsonl"), &lines);
    }
    for delay_ms in [150, 600] {
        env.kill_after(&["index"], Duration::from_millis(delay_ms));
        let found = env.total(&["新质生产力"]);
        assert!(found >= 4 && found <= 4 + files * per_file, "searchable after a kill at {delay_ms} ms: {found}");
    }
    env.index(&[]);
    assert_eq!(env.total(&["新质生产力"]), 4 + files * per_file);
    assert_says(&summary(&env, &[]), "0 added, 0 changed, 0 removed");
}

#[test]
fn a_file_read_with_a_warning_is_not_read_again_but_a_skipped_one_is() {
    let env = Env::new();
    env.put("corpus/odd-date.md", "---\ndate: someday\n---\n鯉魚門");
    env.put("corpus/empty.txt", "");
    let first = env.run(&["index"]);
    assert!(first.stderr.contains("someday") && first.stderr.contains("empty.txt"), "{}", first.stderr);
    assert_says(&first.stderr, "1 skipped, 1 warning; read 7 files");
    assert_says(&summary(&env, &[]), "read 1 file,");
}
