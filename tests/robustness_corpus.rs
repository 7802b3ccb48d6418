//! Clippings that once cost far too much or came out wrong (issue 11, "Never lose a
//! clipping"): a page nested a million elements deep, control characters in what is
//! printed, a batch of queries with a line that is not UTF-8.

use crate::common::Env;

/// An empty corpus folder in a temp dir, with `files` written into it.
fn corpus(files: &[(&str, &[u8])]) -> Env {
    let env = Env::new();
    let corpus = env.path("corpus");
    std::fs::remove_dir_all(&corpus).unwrap();
    std::fs::create_dir(&corpus).unwrap();
    for (name, bytes) in files {
        std::fs::write(corpus.join(name), bytes).unwrap();
    }
    env
}

#[test]
fn a_page_nested_a_million_elements_deep_is_indexed_with_a_warning() {
    let depth = 1_000_000;
    let page =
        format!("<html><body><p>開頭</p>{}深處文字{}</body></html>", "<div>".repeat(depth), "</div>".repeat(depth));
    let env = corpus(&[("deep.html", page.as_bytes())]);
    let out = env.run(&["index"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("deep.html: elements nested more than 512 deep"), "{}", out.stderr);
    assert!(out.stderr.contains("1 added"), "{}", out.stderr);
    let out = env.search(&["深處"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("深處文字"), "{}", out.stdout);
}

/// Runs `jianbao search --batch` on `input` in the folder of `env`.
fn batch(env: &Env, input: &[u8]) -> (Option<i32>, Vec<serde_json::Value>, String) {
    let out = env.jianbao().args(["search", "--batch"]).write_stdin(input).output().unwrap();
    let lines = String::from_utf8(out.stdout).unwrap();
    let lines = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (out.status.code(), lines, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_batch_line_that_is_not_utf8_fails_alone() {
    let env = Env::indexed();
    let (code, lines, stderr) = batch(&env, b"\xe6\xb2\xb3\xe5\xa5\x97\n\xff\xfe bad\n\n\xe9\xa6\x99\xe6\xb8\xaf\n");
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!((lines[0]["query"].as_str(), lines[2]["query"].as_str()), (Some("河套"), Some("香港")));
    assert!(lines[0]["total"].as_u64() > Some(0) && lines[2]["total"].as_u64() > Some(0), "{lines:?}");
    let error = lines[1].as_object().unwrap();
    assert_eq!(error.keys().collect::<Vec<_>>(), ["error", "query"]);
    assert_eq!(error["query"], "\u{fffd}\u{fffd} bad");
    assert!(error["error"].as_str().unwrap().starts_with("line 2 is not UTF-8"), "{error:?}");
    assert!(stderr.contains("line 2 is not UTF-8"), "{stderr}");
}

/// A corpus whose ids hold an escape sequence that clears the screen and a line break.
fn hostile_ids() -> Env {
    let line = r#"{"id":"evil\u001b[2J\nforged","title":"河套","source":"報","body":"河套區發展。"}"#;
    corpus(&[("news.jsonl", line.as_bytes()), ("a\x1b[31mred.txt", "河套之二。\n河套。".as_bytes())])
}

#[test]
fn control_characters_in_ids_are_escaped_in_text_and_exact_in_json() {
    let env = hostile_ids();
    assert_eq!(env.run(&["index"]).code, Some(0));
    let text = env.search(&["河套"]);
    assert_eq!(text.code, Some(0), "{}", text.stderr);
    assert!(!text.stdout.contains('\x1b'), "{:?}", text.stdout);
    assert!(text.stdout.contains("evil\\x1b[2J\\nforged"), "{}", text.stdout);
    assert!(text.stdout.contains("a\\x1b[31mred.txt"), "{}", text.stdout);
    // Each hit on two lines: its id, title and score, then its snippet.
    assert_eq!(text.stdout.lines().count(), 4, "{}", text.stdout);
    let json: serde_json::Value = serde_json::from_str(&env.search(&["--format", "json", "河套"]).stdout).unwrap();
    let mut ids: Vec<&str> = json["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    ids.sort();
    // A file name is escaped in the id itself (losslessly, see corpus::name); a `.jsonl`
    // id is kept as given, and escaped only when printed as text.
    assert_eq!(ids, ["a\\x1b[31mred.txt", "evil\x1b[2J\nforged"]);
}

#[test]
fn show_escapes_control_characters_but_keeps_paragraphs() {
    let env = hostile_ids();
    assert_eq!(env.run(&["index"]).code, Some(0));
    let out = env.run(&["show", "a\\x1b[31mred.txt"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.stdout, "河套之二。\na\\x1b[31mred.txt\n\n河套之二。\n河套。\n");
    let out = env.run(&["show", "evil\x1b[2J\nforged"]);
    assert_eq!(out.stdout, "河套\nevil\\x1b[2J\\nforged · 報\n\n河套區發展。\n");
    let out = env.run(&["show", "--format", "json", "evil\x1b[2J\nforged"]);
    let article: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(article["id"], "evil\x1b[2J\nforged");
}

#[test]
fn snippets_of_a_long_clipping_are_those_of_its_whole_text() {
    use jianbao::search::snippet::{passages, Snippet};
    // Over 256 KiB: folded only in the parts where the index says a match may begin.
    let filler = "無關的文字，一段又一段。Some English words in between.\n".repeat(2_500);
    let text = format!("開頭的香港。\n{filler}河套區的新質\n生產力發展；Hong\nKong said.\n{filler}結尾的港口。");
    let env = corpus(&[("long.txt", text.as_bytes())]);
    assert_eq!(env.run(&["index"]).code, Some(0));
    let (_, fields) = jianbao::index::schema_and_fields();
    let segmenter = jianbao::analysis::Segmenter::default();
    for query in ["河套", "新质生产力", "\"hong kong\"", "港", "香港 河套", "結尾", "between"] {
        for fragments in [1, 3] {
            let out = env.search(&["--format", "json", "--fragments", &fragments.to_string(), query]);
            assert_eq!(out.code, Some(0), "{query}: {}", out.stderr);
            let hit = &serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap()["hits"][0];
            let terms = jianbao::search::query::plan(query, &fields, &segmenter).unwrap().terms;
            let expected = Snippet::join(&passages(&text, &terms, jianbao::search::SNIPPET_WIDTH, fragments));
            assert_eq!(hit["snippet"], expected.text, "{query} ({fragments})");
            assert_eq!(hit["highlights"], serde_json::to_value(&expected.highlights).unwrap(), "{query}");
        }
    }
}
