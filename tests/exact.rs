//! Search in the script typed (`=乾`) and snippets cut between words, end to end.

use crate::common::{Env, JsonResults, JsonSpan};

/// (id, title, body): 乾, 干 and 幹 as typed in either script.
const CLIPPINGS: &[(&str, &str, &str)] = &[
    ("qianlong", "乾隆南巡", "清朝乾隆皇帝六次南巡。"),
    ("wrap", "年間", "清朝乾\n隆年間的事。"),
    ("ganlong", "誤寫", "誤寫的干隆年間。"),
    ("qianjing", "街道", "香港的街道很乾淨。"),
    ("ganjing", "街道", "香港的街道很干净。"),
    ("ganbu", "幹部", "香港幹部下鄉。"),
    ("both", "兩寫", "乾淨和干净都寫。"),
];

fn fixture() -> Env {
    let env = Env::new();
    let line = |(id, title, body): &(&str, &str, &str)| serde_json::json!({"id": id, "title": title, "body": body});
    let lines: String = CLIPPINGS.iter().map(|c| format!("{}\n", line(c))).collect();
    env.put("news/qian.jsonl", lines);
    env.index(&["--index", "idx", "news"]);
    env
}

fn ids(env: &Env, query: &str) -> Vec<String> {
    env.ids(&["--index", "idx", query])
}

fn marked(text: &str, highlights: &[JsonSpan]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    highlights.iter().map(|h| chars[h.start..h.end].iter().collect()).collect()
}

#[test]
fn an_equals_sign_finds_the_characters_as_typed() {
    let env = fixture();
    assert_eq!(
        ids(&env, "乾"),
        ["both", "ganbu", "ganjing", "ganlong", "qianjing"],
        "folded: 乾淨, 幹部 and 干 are 干"
    );
    assert_eq!(ids(&env, "=乾"), ["both", "qianjing", "qianlong", "wrap"]);
    assert_eq!(ids(&env, "=干"), ["both", "ganjing", "ganlong"]);
    assert_eq!(ids(&env, "=幹"), ["ganbu"]);
    assert_eq!(ids(&env, "=乾隆"), ["qianlong", "wrap"], "also across a hard wrap, and not 干隆");
    assert_eq!(ids(&env, "=乾 OR 幹"), ["both", "ganbu", "ganjing", "ganlong", "qianjing", "qianlong", "wrap"]);
    assert_eq!(ids(&env, "香港 -=干"), ["ganbu", "qianjing"]);
    assert_eq!(ids(&env, "title:=乾"), ["qianlong"]);
    for query in ["=乾", "=干", "=乾隆", "香港 -=干", "=乾 OR 幹"] {
        let results: JsonResults = env.search_json(&["--index", "idx", "-n", "1", query]);
        assert_eq!(results.total, ids(&env, query).len(), "{query}: the total counts only exact clippings");
        let count = env.assert_success(&["search", "--index", "idx", "--count", query]);
        assert_eq!(count.stdout.trim(), results.total.to_string(), "{query}: --count agrees");
    }
}

#[test]
fn only_exact_occurrences_are_highlighted() {
    let env = fixture();
    let hit = |query: &str| {
        let results = env.search_json(&["--index", "idx", query]);
        results.hits.into_iter().find(|h| h.id == "both").unwrap()
    };
    let exact = hit("=乾");
    assert_eq!(marked(&exact.snippet, &exact.highlights), ["乾"]);
    let folded = hit("乾");
    assert_eq!(marked(&folded.snippet, &folded.highlights), ["乾", "干"]);
    let shown = env.show_json(&["--index", "idx", "--highlight", "=干", "both"]);
    assert_eq!(marked(&shown.text, &shown.highlights), ["干"]);
    let wrap = env.search_json(&["--index", "idx", "=乾隆"]).hits.into_iter().find(|h| h.id == "wrap").unwrap();
    assert_eq!(marked(&wrap.snippet, &wrap.highlights), ["乾隆"]);
}

#[test]
fn an_equals_sign_with_nothing_after_it_is_an_error_alone_and_a_warning_among_words() {
    let env = fixture();
    for query in ["=", "=\"\"", "=()"] {
        env.assert_failure_with_error(&["search", "--index", "idx", query], "an `=` without a word or phrase");
    }
    let out = env.search(&["--index", "idx", "--count", "香港 ="]);
    assert_eq!((out.code, out.stdout.trim()), (Some(0), "3"));
    assert!(out.stderr.contains("warning: an `=` without a word or phrase right after it"), "{}", out.stderr);
}

/// True for the characters of a word a snippet must not cut.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() && !c.is_ascii_punctuation()
}

#[test]
fn english_snippets_begin_and_end_between_words() {
    let sentences = [
        "The court of appeal upheld the decision to revoke the licence of the broadcaster on Tuesday.",
        "Lawyers for the company said the ruling was disproportionate and would be challenged.",
        "The regulator had argued that repeated breaches of impartiality rules justified revocation.",
        "Shares in the parent group fell sharply in early trading before recovering somewhat.",
        "Analysts expect a further hearing before the supreme court later this year.",
    ];
    let article: String = (0..12).map(|i| sentences[i % sentences.len()]).collect::<Vec<_>>().join(" ");
    let env = Env::new();
    env.put("en/ruling.txt", format!("Ruling\n{article}\n"));
    env.index(&["--index", "idx", "en"]);
    // The title line is the body's first line too; a snippet shows the line break as a space.
    let article = format!("Ruling {article}");
    let words: Vec<&str> = article.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 3).collect();
    let mut checked = 0;
    for query in words.iter().step_by(7).chain(&["disproportionate", "licence", "court", "year"]) {
        for fragments in ["1", "3"] {
            let results = env.search_json(&["--index", "idx", "--fragments", fragments, query]);
            let hit = &results.hits[0];
            let passages = hit
                .fragments
                .as_ref()
                .map_or(vec![hit.snippet.clone()], |f| f.iter().map(|f| f.text.clone()).collect());
            for passage in passages {
                let inner = passage.trim_start_matches('…').trim_end_matches('…');
                let at = article.find(inner).unwrap_or_else(|| panic!("{inner:?} is not in the article"));
                let before = article[..at].chars().next_back();
                let after = article[at + inner.len()..].chars().next();
                let first = inner.chars().next().unwrap();
                let last = inner.chars().next_back().unwrap();
                assert!(!(before.is_some_and(in_word) && in_word(first)), "{query}: starts mid-word: {passage:?}");
                assert!(!(after.is_some_and(in_word) && in_word(last)), "{query}: ends mid-word: {passage:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked}");
}
