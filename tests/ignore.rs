//! What `jianbao index` leaves out of a corpus folder: `.jianbaoignore` files, `--exclude`
//! patterns the index remembers, and the metadata files beside `.jsonl` data.

use crate::common::{assert_says, jsonl_line, Env};

/// A word that no sample clipping holds, for the clippings these tests write.
const MARK: &str = "鯉魚門";

/// Writes a clipping holding [`MARK`] at `rel` below `corpus/`.
fn clipping(env: &Env, rel: &str) {
    env.put(&format!("corpus/{rel}"), format!("標題\n{MARK}三家村"));
}

/// The ids of the clippings written by [`clipping`] that the index holds.
fn marked(env: &Env) -> Vec<String> {
    env.ids(&["鲤鱼门"])
}

/// Runs `index ARGS`, which must succeed; its line of what was left out, if any, and its
/// summary (the last line).
#[track_caller]
fn index(env: &Env, args: &[&str]) -> (Option<String>, String) {
    let stderr = env.index(args);
    let left_out = stderr.lines().find(|l| l.starts_with("jianbao: left out")).map(str::to_owned);
    (left_out, stderr.lines().last().unwrap_or_default().to_owned())
}

#[test]
fn ignore_files_apply_below_their_folder_with_negation_and_folder_patterns() {
    let env = Env::new();
    for rel in ["top.txt", "a.bak.txt", "drafts/d.txt", "sub/top.txt", "sub/b.bak.txt", "sub/keep.bak.txt"] {
        clipping(&env, rel);
    }
    clipping(&env, "drafts.txt");
    // A folder pattern, a pattern at any depth and one anchored to its folder.
    env.put("corpus/.jianbaoignore", "# not news\ndrafts/\n*.bak.txt\n/top.txt\n");
    // Deeper rules decide: `keep.bak.txt` is taken back in below `sub/` only; nothing in
    // a folder left out is looked at, so its own file takes nothing back.
    env.put("corpus/sub/.jianbaoignore", "!keep.bak.txt\n");
    env.put("corpus/drafts/.jianbaoignore", "!*\n");
    let (left_out, summary) = index(&env, &[]);
    assert_eq!(marked(&env), ["drafts.txt", "sub/keep.bak.txt", "sub/top.txt"]);
    assert_eq!(left_out.as_deref(), Some("jianbao: left out 3 files and 1 folder by .jianbaoignore"));
    assert_says(&summary, "8 added");
    assert_says(&summary, "0 warnings");
}

#[test]
fn a_partial_update_applies_the_ignore_files_above_it() {
    let env = Env::new();
    clipping(&env, "sub/a.txt");
    env.index(&[]);
    clipping(&env, "sub/skip.txt");
    env.put("corpus/.jianbaoignore", "sub/skip.txt\n");
    let (left_out, summary) = index(&env, &["corpus/sub"]);
    assert_eq!(left_out.as_deref(), Some("jianbao: left out 1 file by .jianbaoignore"));
    assert_says(&summary, "0 added");
    // A part of the corpus that is left out itself: what the index held of it goes.
    env.put("corpus/.jianbaoignore", "sub/\n");
    let (left_out, summary) = index(&env, &["corpus/sub"]);
    assert_eq!(left_out.as_deref(), Some("jianbao: left out 1 folder by .jianbaoignore"));
    assert_says(&summary, "1 removed");
    assert_eq!(marked(&env), Vec::<String>::new());
}

#[test]
fn files_that_become_ignored_are_removed_and_come_back_when_not() {
    let env = Env::new();
    clipping(&env, "2019/a.txt");
    clipping(&env, "2020/b.txt");
    env.index(&[]);
    env.put("corpus/.jianbaoignore", "2019/\n");
    let (_, summary) = index(&env, &[]);
    assert_says(&summary, "0 added, 0 changed, 1 removed");
    assert_eq!(marked(&env), ["2020/b.txt"]);
    std::fs::remove_file(env.path("corpus/.jianbaoignore")).unwrap();
    let (left_out, summary) = index(&env, &[]);
    assert_eq!(left_out, None);
    assert_says(&summary, "1 added, 0 changed, 0 removed");
    assert_eq!(marked(&env), ["2019/a.txt", "2020/b.txt"]);
}

#[test]
fn exclude_is_remembered_by_the_index_replaced_by_a_new_set_and_cleared() {
    let env = Env::new();
    for rel in ["2019/a.txt", "2019/b.txt", "2020/c.txt", "2020/d.md"] {
        clipping(&env, rel);
    }
    // An ignore file cannot take back what --exclude leaves out.
    env.put("corpus/.jianbaoignore", "!2019/b.txt\n");
    let stderr = env.index(&["--exclude", "2019/**"]);
    assert_says(&stderr, "the index holds 1 folder:");
    assert_says(&stderr, "corpus (--exclude \"2019/**\")");
    assert_says(&stderr, "left out 2 files by --exclude");
    assert_eq!(marked(&env), ["2020/c.txt", "2020/d.md"]);
    // A plain `index` (and a `--rebuild`) leaves the same files out.
    assert_says(&index(&env, &[]).1, "0 added, 0 changed, 0 removed");
    assert_says(&index(&env, &["--rebuild"]).1, "7 added");
    assert_eq!(marked(&env), ["2020/c.txt", "2020/d.md"]);
    // A new set replaces the old one.
    let (left_out, summary) = index(&env, &["corpus", "--exclude", "*.md"]);
    assert_eq!(left_out.as_deref(), Some("jianbao: left out 1 file by --exclude"));
    assert_says(&summary, "2 added, 0 changed, 1 removed");
    assert_eq!(marked(&env), ["2019/a.txt", "2019/b.txt", "2020/c.txt"]);
    let (left_out, summary) = index(&env, &["--no-exclude"]);
    assert_eq!(left_out, None);
    assert_says(&summary, "1 added, 0 changed, 0 removed");
    assert!(!env.index(&[]).contains("--exclude"), "cleared for good");
    assert_eq!(marked(&env).len(), 4);
}

#[test]
fn exclude_is_for_each_folder_it_is_given_with() {
    let env = Env::new();
    clipping(&env, "a.md");
    env.put("other/b.md", MARK);
    env.put("other/c.txt", MARK);
    env.index(&[]);
    let stderr = env.index(&["other", "--exclude", "*.md"]);
    assert_says(&stderr, "other (as other/, --exclude \"*.md\")");
    assert_eq!(marked(&env), ["a.md", "other/c.txt"], "corpus/ keeps its .md clippings");
    // Without a folder named, a set is for every folder the index holds.
    env.index(&["--exclude", "*.txt"]);
    assert_eq!(marked(&env), ["a.md", "other/b.md"]);
}

#[test]
fn a_bad_exclude_pattern_or_one_for_part_of_a_folder_is_refused_and_changes_nothing() {
    let env = Env::new();
    env.assert_failure_with_error(
        &["index", "--exclude", "a{b"],
        "'a{b' for '--exclude <GLOB>': unclosed alternate group",
    );
    assert!(!env.path("index").exists(), "nothing was built");
    env.assert_failure_with_error(&["index", "--exclude", ""], "--no-exclude");
    assert!(env.run(&["index", "--exclude", "*.md", "--no-exclude"]).code == Some(2));
    clipping(&env, "2019/a.txt");
    env.index(&[]);
    env.assert_failure_with_error(
        &["index", "corpus/2019", "--exclude", "*.txt"],
        "--exclude is for a whole corpus folder",
    );
    env.assert_failure_with_error(&["index", "corpus/2019/a.txt", "--exclude", "*.txt"], "--exclude is for a whole");
    assert_eq!(marked(&env), ["2019/a.txt"]);
    assert!(!env.index(&[]).contains("--exclude"));
}

#[test]
fn a_bad_pattern_is_a_warning_naming_file_and_line_and_strict_makes_it_fail() {
    let env = Env::new();
    clipping(&env, "a.bak.txt");
    clipping(&env, "sub/b.txt");
    env.put("corpus/sub/.jianbaoignore", "*.bak.txt\r\na{b\n");
    let out = env.run(&["index"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let file = env.path("corpus/sub/.jianbaoignore").canonicalize().unwrap();
    assert_says(&out.stderr, &format!("warning: {}:2: bad pattern \"a{{b\": unclosed alternate group", file.display()));
    assert_says(&out.stderr, "1 warning;");
    assert_eq!(marked(&env), ["a.bak.txt", "sub/b.txt"], "the other lines are used, below their folder");
    let strict = env.run(&["index", "--strict"]);
    assert_eq!(strict.code, Some(2), "{}", strict.stderr);
    assert_says(&strict.stderr, "jianbao: --strict: 0 skipped, 1 warnings");
}

#[test]
fn a_folder_whose_ignore_file_cannot_be_read_keeps_its_clippings() {
    let env = Env::new();
    clipping(&env, "sub/a.txt");
    env.index(&[]);
    clipping(&env, "sub/b.txt");
    // Not a file: reading it fails whoever runs the test.
    std::fs::create_dir(env.path("corpus/sub/.jianbaoignore")).unwrap();
    let out = env.run(&["index"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_says(&out.stderr, "sub: cannot read its .jianbaoignore");
    assert_says(&out.stderr, "0 added, 0 changed, 0 removed, 6 unchanged, 1 skipped");
    assert_eq!(marked(&env), ["sub/a.txt"]);
}

#[test]
fn metadata_beside_jsonl_data_is_left_out_and_reported_unless_taken_back() {
    let env = Env::new();
    env.put("corpus/bbc/bbc.jsonl", jsonl_line("n1", "香港新聞"));
    clipping(&env, "bbc/SOURCE.md");
    clipping(&env, "bbc/license.txt");
    // Beside folders of data.
    clipping(&env, "README.md");
    // Beside clippings alone, a README is one of them.
    clipping(&env, "notes/README.md");
    clipping(&env, "notes/a.md");
    let (left_out, summary) = index(&env, &[]);
    assert_eq!(
        left_out.as_deref(),
        Some("jianbao: left out 3 metadata files beside .jsonl data (README.md, bbc/SOURCE.md, bbc/license.txt)")
    );
    assert_says(&summary, "8 added");
    assert_says(&summary, "0 skipped, 0 warnings");
    assert_eq!(marked(&env), ["notes/README.md", "notes/a.md"]);
    env.put("corpus/.jianbaoignore", "!SOURCE.md\n");
    let (left_out, summary) = index(&env, &[]);
    assert_eq!(
        left_out.as_deref(),
        Some("jianbao: left out 2 metadata files beside .jsonl data (README.md, bbc/license.txt)")
    );
    assert_says(&summary, "1 added");
    assert_eq!(marked(&env), ["bbc/SOURCE.md", "notes/README.md", "notes/a.md"]);
    // An update of just that file sees what a whole one sees.
    env.put("corpus/.jianbaoignore", "");
    let (left_out, summary) = index(&env, &["corpus/bbc/SOURCE.md"]);
    assert_eq!(left_out.as_deref(), Some("jianbao: left out 1 metadata file beside .jsonl data (bbc/SOURCE.md)"));
    assert_says(&summary, "1 removed");
}

#[test]
fn the_user_dictionary_is_used_and_not_counted_whatever_the_ignore_files_say() {
    let env = Env::new();
    env.put("corpus/userdict.txt", "三家村鯉 10 n\n");
    env.put("corpus/.jianbaoignore", "*.txt\n");
    let (left_out, summary) = index(&env, &[]);
    assert_eq!(left_out.as_deref(), Some("jianbao: left out 5 files by .jianbaoignore"));
    assert_says(&summary, "0 added");
    let meta = std::fs::read_to_string(env.path("index/meta.json")).unwrap();
    assert!(meta.contains("三家村鯉"), "the index keeps the folder's dictionary: {meta}");
}
