//! Clippings that once cost far too much or came out wrong (issue 11, "Never lose a
//! clipping"): a page nested a million elements deep, control characters in what is
//! printed, a batch of queries with a line that is not UTF-8.

use crate::common::{Env, JsonResults, JsonSpan};

/// An empty corpus folder in a temp dir, with `files` written into it.
fn corpus(files: &[(&str, &[u8])]) -> Env {
    let env = Env::new();
    std::fs::remove_dir_all(env.path("corpus")).unwrap();
    std::fs::create_dir(env.path("corpus")).unwrap();
    for (name, bytes) in files {
        env.put(&format!("corpus/{name}"), bytes);
    }
    env
}

#[test]
fn a_page_nested_a_million_elements_deep_is_indexed_with_a_warning() {
    let depth = 1_000_000;
    let page =
        format!("<html><body><p>開頭</p>{}深處文字{}</body></html>", "<div>".repeat(depth), "</div>".repeat(depth));
    let env = corpus(&[("deep.html", page.as_bytes())]);
    let stderr = env.index(&[]);
    assert!(stderr.contains("deep.html: elements nested more than 512 deep"), "{stderr}");
    assert!(stderr.contains("1 added"), "{stderr}");
    let out = env.assert_success(&["search", "深處"]);
    assert!(out.stdout.contains("深處文字"), "{}", out.stdout);
}

#[test]
fn a_batch_line_that_is_not_utf8_fails_alone() {
    let env = Env::indexed();
    let input = b"\xe6\xb2\xb3\xe5\xa5\x97\n\xff\xfe bad\n\n\xe9\xa6\x99\xe6\xb8\xaf\n";
    let out = env.run_with_input(&["search", "--batch"], input);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let lines = out.batch_lines();
    assert_eq!(lines.len(), 3, "{lines:?}");
    let (first, last) = (lines[0].as_ref().unwrap(), lines[2].as_ref().unwrap());
    assert_eq!((first.query.as_str(), last.query.as_str()), ("河套", "香港"));
    assert!(first.total > 0 && last.total > 0, "{lines:?}");
    // Exactly `query` and `error`: the struct refuses any other field.
    let error = lines[1].as_ref().unwrap_err();
    assert_eq!(error.query, "\u{fffd}\u{fffd} bad");
    assert!(error.error.starts_with("line 2 is not UTF-8"), "{error:?}");
    assert!(out.stderr.contains("line 2 is not UTF-8"), "{}", out.stderr);
}

/// An indexed corpus whose ids hold an escape sequence that clears the screen and a line
/// break.
fn hostile_ids() -> Env {
    let line = r#"{"id":"evil\u001b[2J\nforged","title":"河套","source":"報","body":"河套區發展。"}"#;
    let env = corpus(&[("news.jsonl", line.as_bytes()), ("a\x1b[31mred.txt", "河套之二。\n河套。".as_bytes())]);
    env.index(&[]);
    env
}

#[test]
fn control_characters_in_ids_are_escaped_in_text_and_exact_in_json() {
    let env = hostile_ids();
    let text = env.assert_success(&["search", "河套"]);
    assert!(!text.stdout.contains('\x1b'), "{:?}", text.stdout);
    assert!(text.stdout.contains("evil\\x1b[2J\\nforged"), "{}", text.stdout);
    assert!(text.stdout.contains("a\\x1b[31mred.txt"), "{}", text.stdout);
    // Each hit on two lines: its id, title and score, then its snippet.
    assert_eq!(text.stdout.lines().count(), 4, "{}", text.stdout);
    let ids = env.ids(&["河套"]);
    // A file name is escaped in the id itself (losslessly, see corpus::name); a `.jsonl`
    // id is kept as given, and escaped only when printed as text.
    assert_eq!(ids, ["a\\x1b[31mred.txt", "evil\x1b[2J\nforged"]);
}

#[test]
fn show_escapes_control_characters_but_keeps_paragraphs() {
    let env = hostile_ids();
    let out = env.assert_success(&["show", "a\\x1b[31mred.txt"]);
    // The clipping has no headline (its first line is a sentence): no title line.
    assert_eq!(out.stdout, "a\\x1b[31mred.txt\n\n河套之二。\n\n河套。\n");
    let out = env.run(&["show", "evil\x1b[2J\nforged"]);
    assert_eq!(out.stdout, "河套\nevil\\x1b[2J\\nforged · 報\n\n河套區發展。\n");
    assert_eq!(env.show_json(&["evil\x1b[2J\nforged"]).id, "evil\x1b[2J\nforged");
}

#[test]
fn snippets_of_a_long_clipping_are_those_of_its_whole_text() {
    use jianbao::search::snippet::{passages, Snippet};
    // Over 256 KiB: folded only in the parts where the index says a match may begin.
    let filler = "無關的文字，一段又一段。Some English words in between.\n".repeat(2_500);
    let text = format!("開頭的香港。\n{filler}河套區的新質\n生產力發展；Hong\nKong said.\n{filler}結尾的港口。");
    let env = corpus(&[("long.txt", text.as_bytes())]);
    env.index(&[]);
    let (_, fields) = jianbao::index::schema_and_fields();
    let segmenter = jianbao::analysis::Segmenter::default();
    for query in ["河套", "新质生产力", "\"hong kong\"", "港", "香港 河套", "結尾", "between"] {
        for fragments in [1, 3] {
            let out = env.assert_success(&["search", "--format", "json", "--fragments", &fragments.to_string(), query]);
            let hit = &out.json::<JsonResults>().hits[0];
            let terms = jianbao::search::query::plan(query, &fields, &segmenter).unwrap().terms;
            let expected = Snippet::join(&passages(&text, &terms, jianbao::search::SNIPPET_WIDTH, fragments));
            assert_eq!(hit.snippet, expected.text, "{query} ({fragments})");
            let highlights: Vec<JsonSpan> =
                serde_json::from_value(serde_json::to_value(&expected.highlights).unwrap()).unwrap();
            assert_eq!(hit.highlights, highlights, "{query}");
        }
    }
}
