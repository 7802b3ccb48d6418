//! The `jianbao` binary end to end: index a fixture corpus, search it, check what a user
//! or a script sees.

use assert_cmd::Command;
use jianbao::text::Folded;

use crate::common::{Env, JsonHit, JsonResults};

fn folded(text: &str) -> String {
    Folded::new(text).as_str().to_owned()
}

#[test]
fn json_hits_have_exact_highlights_in_original_script() {
    let env = Env::indexed();
    let results: JsonResults = env.assert_success(&["search", "--format", "json", "新质生产力"]).json();
    assert_eq!(results.query, "新质生产力");
    assert_eq!(results.total, 4);
    assert_eq!(results.hits.len(), 4);
    let mut ids: Vec<&str> = results.hits.iter().map(|h| &h.id[..3]).collect();
    ids.sort();
    assert_eq!(ids, ["000", "001", "002", "004"]);
    for hit in &results.hits {
        assert_eq!(hit.path, hit.id);
        // Only 004 opens with a headline; 000 and 004 with a dateline; all are Traditional.
        let source = match &hit.id[..3] {
            "000" => Some("香港文匯報"),
            "004" => Some("大公報"),
            _ => None,
        };
        assert_eq!(hit.title.is_some(), hit.id.starts_with("004"), "{hit:?}");
        assert!(hit.date.is_none() && hit.source.as_deref() == source && hit.lang.as_deref() == Some("zh-Hant"));
        assert!(hit.score > 0.0);
        let chars: Vec<char> = hit.snippet.chars().collect();
        assert!((60..=130).contains(&chars.len()), "snippet length {}: {}", chars.len(), hit.snippet);
        assert!(!hit.snippet.contains('\n'));
        assert!(!hit.highlights.is_empty(), "{hit:?}");
        for h in &hit.highlights {
            let marked: String = chars[h.start..h.end].iter().collect();
            assert_eq!(folded(&marked), "新质生产力", "highlight {marked:?} in {}", hit.snippet);
            assert!(marked.contains('質'), "highlight in the original script: {marked}");
        }
    }
    let ranked: Vec<f32> = results.hits.iter().map(|h| h.score).collect();
    assert!(ranked.windows(2).all(|w| w[0] >= w[1]), "{ranked:?}");
}

#[test]
fn fragments_show_several_passages() {
    let env = Env::indexed();
    let one = env.search_json(&["新質生產力"]);
    assert!(one.hits.iter().all(|h| h.fragments.is_none()));
    let three = env.search_json(&["--fragments", "3", "新質生產力"]);
    let busiest = three.hits.iter().find(|h| h.id.starts_with("002")).unwrap();
    let fragments = busiest.fragments.as_ref().unwrap();
    assert_eq!(fragments.len(), 3, "002 has 21 matches, far apart");
    for f in fragments {
        let chars: Vec<char> = f.text.chars().collect();
        assert!(!f.highlights.is_empty());
        assert!(f.highlights.iter().all(|h| folded(&chars[h.start..h.end].iter().collect::<String>()) == "新质生产力"));
        assert!(busiest.snippet.contains(f.text.trim_matches('…')));
    }
    assert!(busiest.highlights.len() > one.hits.iter().find(|h| h.id.starts_with("002")).unwrap().highlights.len());
}

#[test]
fn total_counts_all_matches_while_limit_cuts_hits() {
    let env = Env::indexed();
    let results = env.search_json(&["--limit", "2", "香港"]);
    assert_eq!(results.hits.len(), 2);
    assert_eq!(results.total, 5);
}

#[test]
fn jsonl_prints_one_hit_per_line() {
    let env = Env::indexed();
    let out = env.search(&["--format", "jsonl", "新質生產力"]);
    let hits: Vec<JsonHit> = out.json_lines();
    assert_eq!(hits.len(), 4);
}

#[test]
fn text_output_is_plain_when_piped() {
    let env = Env::indexed();
    let out = env.search(&["河套"]);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.contains("004_781c3fc3f78edbba.txt"), "{}", out.stdout);
    assert!(out.stdout.contains("河套"));
    assert!(!out.stdout.contains('\x1b'), "no colour when stdout is not a terminal");
}

#[test]
fn no_hits_exit_1_with_empty_json() {
    let env = Env::indexed();
    let out = env.search(&["--format", "json", "不存在的詞語"]);
    assert_eq!(out.code, Some(1));
    let results: JsonResults = out.json();
    assert_eq!((results.total, results.hits.len()), (0, 0));
}

#[test]
fn phrases_and_several_words() {
    let env = Env::indexed();
    let all = env.search_json(&["河套 孫東"]);
    assert!(all.total >= 1);
    let phrase = env.search_json(&["\"河套 孫東\""]);
    assert!(phrase.total < all.total || all.total == 0, "a phrase is stricter than AND");
}

#[test]
fn search_builds_the_default_index_on_first_use() {
    let env = Env::new();
    let out = env.search(&["新质生产力"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("building"), "{}", out.stderr);
    assert!(env.path("index/meta.json").is_file());
    let again = env.search(&["新质生产力"]);
    assert!(again.stderr.is_empty(), "{}", again.stderr);
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn missing_index_is_a_one_line_error() {
    let env = Env::new();
    env.assert_failure_with_error(&["search", "--index", "nowhere", "香港"], "nowhere");
}

#[test]
fn empty_query_is_a_one_line_error() {
    let env = Env::indexed();
    env.assert_failure_with_error(&["search", "，。"], "empty query");
}

#[test]
fn bad_corpus_path_is_a_one_line_error_and_keeps_the_index() {
    let env = Env::indexed();
    let out = env.assert_failure_with_error(&["index", "no/such/dir"], "no/such/dir");
    assert_eq!(out.stderr.matches("os error").count(), 1, "the cause is said once: {}", out.stderr);
    assert_eq!(env.search(&["香港"]).code, Some(0), "the old index still answers");
}

#[test]
fn indexes_jsonl_and_markdown_and_reports_bad_lines() {
    let env = Env::new();
    env.put(
        "news/a.jsonl",
        "{\"id\":\"n1\",\"title\":\"睡著了\",\"body\":\"DeepSeek 發布新模型\",\"date\":\"2025-01-20\",\"source\":\"明報\",\"lang\":\"zh-Hant\"}\n{broken\n",
    );
    env.put("news/b.md", "---\ntitle: 河套\n---\nＡＩ\n晶片");
    let stderr = env.index(&["--index", "idx", "news"]);
    assert!(stderr.contains("a.jsonl:2"), "{stderr}");
    let json = |q: &str| env.search_json(&["--index", "idx", q]);
    let sleep = json("睡着");
    let hit = &sleep.hits[0];
    assert_eq!((hit.id.as_str(), hit.date.as_deref(), hit.source.as_deref()), ("n1", Some("2025-01-20"), Some("明報")));
    assert_eq!(hit.lang.as_deref(), Some("zh-Hant"));
    assert_eq!(json("deepseek").total, 1);
    assert_eq!(json("ai晶片").hits[0].id, "b.md");
    assert_eq!(json("ai晶片").hits[0].title.as_deref(), Some("河套"));
}

#[test]
fn help_lists_the_subcommands() {
    let out = Command::cargo_bin("jianbao").unwrap().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("index") && help.contains("search"), "{help}");
}

#[test]
fn argument_errors_keep_what_clap_knows_on_one_line() {
    let env = Env::new();
    let cases: [(&[&str], &[&str]); 5] = [
        (&["search", "--limt", "3", "河套"], &["'--limt'", "similar argument exists: '--limit'"]),
        (&["serch", "河套"], &["'serch'", "similar subcommand exists: 'search'"]),
        (&["search", "--lang", "fr", "河套"], &["'fr'", "[possible values: zh-Hant, zh-Hans, en]"]),
        (&["search"], &["required arguments were not provided: <QUERY>..."]),
        (&["search", "--sort=-dat", "河套"], &["similar value exists: '-date'"]),
    ];
    for (args, said) in cases {
        let out = env.run(args);
        out.assert_one_line_error("(see --help)");
        for part in said {
            assert!(out.stderr.contains(part), "{args:?} should say {part}: {}", out.stderr);
        }
        assert!(!out.stderr.contains("Usage:"), "{}", out.stderr);
    }
}
