//! `jianbao alert`: saved searches that report each new clipping once, never losing one
//! to a run that dies, and never repeating one.

use std::io::Read;
use std::process::Stdio;

use crate::common::{Env, JsonAlertHit, JsonAlertList, JsonAlertResults, Output};

/// A word no sample clipping holds.
const WORD: &str = "鯉魚門";

/// A `.jsonl` line of a clipping dated `date` whose body holds `body`.
fn line(id: &str, date: &str, body: &str) -> String {
    serde_json::json!({"id": id, "date": date, "body": body, "lang": "zh-Hant"}).to_string() + "\n"
}

/// An index of the sample clippings and `lines`, in `corpus/news.jsonl`.
fn indexed(lines: &[String]) -> Env {
    let env = Env::new();
    env.put("corpus/news.jsonl", lines.concat());
    env.index(&[]);
    env
}

/// Rewrites `corpus/news.jsonl` with `lines` and updates the index.
fn update(env: &Env, lines: &[String]) {
    env.put("corpus/news.jsonl", lines.concat());
    env.index(&[]);
}

/// `alert run --format jsonl ARGS`: its exit status and the ids it reported, in order.
#[track_caller]
fn run(env: &Env, args: &[&str]) -> (Option<i32>, Vec<String>) {
    let out = env.run(&[&["alert", "run", "--format", "jsonl"], args].concat());
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
    let hits: Vec<JsonAlertHit> = out.json_lines();
    let name = args.first().copied().unwrap_or("port");
    assert!(hits.iter().all(|h| h.alert == name && h.hit.snippet.contains(WORD)), "{}", out.stdout);
    (out.code, hits.into_iter().map(|h| h.hit.id).collect())
}

#[test]
fn the_first_run_reports_every_match_newest_first_and_later_runs_only_what_came_in() {
    let mut lines = vec![
        line("old", "2019-01-01", &format!("{WORD}舊聞")),
        line("new", "2024-05-01", &format!("{WORD}新聞")),
        line("mid", "2021-03-01", &format!("{WORD}中間")),
        line("other", "2024-06-01", "沙頭角"),
    ];
    let env = indexed(&lines);
    env.assert_success(&["alert", "add", "port", WORD]);
    assert_eq!(run(&env, &[]), (Some(0), vec!["new".into(), "mid".into(), "old".into()]));
    assert_eq!(run(&env, &[]), (Some(1), vec![]), "nothing came in");
    lines.push(line("later", "2020-01-01", &format!("{WORD}後來")));
    lines.push(line("unrelated", "2025-01-01", "沙頭角"));
    update(&env, &lines);
    assert_eq!(run(&env, &[]), (Some(0), vec!["later".into()]), "an old date, but new to the index");
    assert_eq!(run(&env, &[]), (Some(1), vec![]));
}

#[test]
fn a_changed_clipping_is_new_if_it_now_matches_and_not_if_it_was_reported() {
    let env = indexed(&[line("a", "2024-01-01", &format!("{WORD}一")), line("b", "2024-01-02", "沙頭角")]);
    env.assert_success(&["alert", "add", "port", WORD]);
    assert_eq!(run(&env, &[]).1, ["a"]);
    update(&env, &[line("a", "2024-01-01", &format!("{WORD}一，更正")), line("b", "2024-01-02", "沙頭角")]);
    assert_eq!(run(&env, &[]), (Some(1), vec![]), "reported before: a correction is not news");
    update(
        &env,
        &[line("a", "2024-01-01", &format!("{WORD}一，更正")), line("b", "2024-01-02", &format!("沙頭角{WORD}"))],
    );
    assert_eq!(run(&env, &[]), (Some(0), vec!["b".into()]), "it did not match before");
}

#[test]
fn a_removed_clipping_is_not_reported() {
    let env = indexed(&[line("a", "2024-01-01", &format!("{WORD}一"))]);
    env.assert_success(&["alert", "add", "port", WORD]);
    assert_eq!(run(&env, &[]).1, ["a"]);
    update(&env, &[line("a", "2024-01-01", &format!("{WORD}一")), line("b", "2024-01-02", &format!("{WORD}二"))]);
    update(&env, &[line("a", "2024-01-01", &format!("{WORD}一"))]);
    assert_eq!(run(&env, &[]), (Some(1), vec![]), "b came and went between two runs");
    update(&env, &[]);
    assert_eq!(run(&env, &[]), (Some(1), vec![]), "a is gone");
}

#[test]
fn each_saved_search_keeps_its_own_record_and_filters() {
    let lines = [
        line("zh", "2024-01-01", &format!("{WORD}中文")),
        serde_json::json!({"id": "en", "date": "2024-01-02", "lang": "en", "body": format!("{WORD} in English")})
            .to_string()
            + "\n",
    ];
    let env = indexed(&lines);
    env.assert_success(&["alert", "add", "all", WORD]);
    env.assert_success(&["alert", "add", "--lang", "en", "--since", "2000", "english", WORD]);
    assert_eq!(run(&env, &["english"]), (Some(0), vec!["en".into()]));
    let out = env.assert_success(&["alert", "run", "--format", "json"]);
    let results: Vec<JsonAlertResults> = out.json_lines();
    let summary: Vec<(&str, usize)> = results.iter().map(|r| (r.alert.as_str(), r.total)).collect();
    assert_eq!(summary, [("all", 2), ("english", 0)], "one object per saved search, also with nothing new");
    assert_eq!(results[0].hits.len(), 2);
    assert_eq!(results[0].query, WORD);
    let list: JsonAlertList = env.assert_success(&["alert", "list", "--format", "json"]).json();
    let english = &list.alerts[1];
    assert_eq!((english.lang.as_deref(), english.since.as_deref(), english.reported), (Some("en"), Some("2000"), 1));
    assert!(english.last_run.is_some());
    env.assert_success(&["alert", "rm", "all"]);
    let list: JsonAlertList = env.assert_success(&["alert", "list", "--format", "json"]).json();
    assert_eq!(list.alerts.len(), 1);
    env.assert_success(&["alert", "add", "all", WORD]);
    assert_eq!(run(&env, &["all"]).1.len(), 2, "saved anew, it starts afresh");
}

#[test]
fn text_output_names_the_saved_search_above_its_hits() {
    let env = indexed(&[line("a", "2024-01-01", &format!("{WORD}一"))]);
    env.assert_success(&["alert", "add", "port", WORD]);
    let out = env.assert_success(&["alert", "run"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], format!("port: 1 new clipping ({WORD})"));
    assert!(lines[1].starts_with("a  2024-01-01"), "{:?}", out.stdout);
    assert!(lines[2].contains(WORD), "{:?}", out.stdout);
}

#[test]
fn bad_names_queries_and_duplicates_are_refused_at_add_time_and_change_nothing() {
    let env = indexed(&[line("a", "2024-01-01", WORD)]);
    env.assert_success(&["alert", "add", "port", WORD]);
    let before = std::fs::read(env.path("index/jianbao-alerts.json")).unwrap();
    env.assert_failure_with_error(&["alert", "add", "port", "沙頭角"], "named \"port\" already");
    env.assert_failure_with_error(&["alert", "add", "empty", "。。"], "empty query");
    env.assert_failure_with_error(&["alert", "add", "long", &"香".repeat(20_001)], "bad query");
    env.assert_failure_with_error(&["alert", "add", "bad name", WORD], "a name is letters");
    env.assert_failure_with_error(&["alert", "add", "--source", "", "nosource", WORD], "--source");
    env.assert_failure_with_error(&["alert", "run", "nope"], "no saved search named \"nope\" (saved: port)");
    env.assert_failure_with_error(&["alert", "rm", "port", "nope"], "no saved search named \"nope\"");
    assert_eq!(std::fs::read(env.path("index/jianbao-alerts.json")).unwrap(), before);
    let empty = Env::indexed();
    empty.assert_failure_with_error(&["alert", "run"], "no saved searches");
}

#[test]
fn an_exclusion_is_a_query_word_as_in_search() {
    let env =
        indexed(&[line("a", "2024-01-01", &format!("{WORD}一")), line("b", "2024-01-02", &format!("{WORD}沙頭角"))]);
    env.assert_success(&["alert", "add", "port", WORD, "-沙頭角"]);
    assert_eq!(run(&env, &[]).1, ["a"]);
}

#[test]
fn a_rebuild_keeps_the_saved_searches_and_reports_nothing_again() {
    let env = indexed(&[line("a", "2024-01-01", WORD)]);
    env.assert_success(&["alert", "add", "port", WORD]);
    assert_eq!(run(&env, &[]).1, ["a"]);
    env.index(&["--rebuild"]);
    assert_eq!(run(&env, &[]), (Some(1), vec![]));
    // An index made anew counts its commits from 1 again: what it adds is still found.
    std::fs::remove_file(env.path("index/meta.json")).unwrap();
    update(&env, &[line("a", "2024-01-01", WORD), line("b", "2024-01-02", WORD)]);
    assert_eq!(run(&env, &[]).1, ["b"]);
}

/// Enough matching clippings that their JSON lines overflow a pipe's buffer (64 KiB).
fn many() -> Env {
    let lines: Vec<String> = (0..400)
        .map(|i| line(&format!("n{i:03}"), "2024-01-01", &format!("第{i}篇。{WORD}{}", "香港新聞。".repeat(40))))
        .collect();
    let env = indexed(&lines);
    env.assert_success(&["alert", "add", "port", WORD]);
    env
}

/// Starts `alert run --format jsonl` and reads the first `n` bytes of its output.
fn started_run(env: &Env, n: usize) -> (std::process::Child, std::process::ChildStdout) {
    let mut child = env
        .command(&["alert", "run", "--format", "jsonl"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    stdout.read_exact(&mut vec![0u8; n]).unwrap();
    (child, stdout)
}

#[test]
fn a_run_killed_after_its_output_reports_the_same_clippings_again() {
    let env = many();
    // Some output came: the run is writing, then blocked on the full pipe.
    let (mut child, _stdout) = started_run(&env, 4096);
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(run(&env, &[]).1.len(), 400, "none lost");
    assert_eq!(run(&env, &[]).1.len(), 0);
}

#[test]
fn a_run_whose_reader_went_away_reports_the_same_clippings_again() {
    let env = many();
    let (mut child, stdout) = started_run(&env, 100);
    drop(stdout);
    child.wait().unwrap();
    assert_eq!(run(&env, &[]).1.len(), 400);
}

#[test]
fn two_runs_at_once_never_report_the_same_clipping() {
    let env = many();
    let spawn = || {
        env.command(&["alert", "run", "--format", "jsonl"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // Both read at once: the one holding the lock may be blocked writing to its pipe.
    let (first, second) = (spawn(), spawn());
    let outputs: Vec<Output> = std::thread::scope(|s| {
        let readers = [first, second].map(|c| s.spawn(|| Output::from(c.wait_with_output().unwrap())));
        readers.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let mut codes: Vec<Option<i32>> = outputs.iter().map(|o| o.code).collect();
    codes.sort();
    assert_eq!(codes, [Some(0), Some(1)], "{:?}", outputs.iter().map(|o| &o.stderr).collect::<Vec<_>>());
    let mut ids: Vec<String> = outputs.iter().flat_map(|o| o.json_lines::<JsonAlertHit>()).map(|h| h.hit.id).collect();
    assert_eq!(ids.len(), 400);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 400);
    let waited = outputs.iter().find(|o| o.code == Some(1)).unwrap();
    assert!(
        waited.stderr.contains("waiting for another `jianbao alert`") || waited.stderr.is_empty(),
        "{}",
        waited.stderr
    );
}
