//! Scripting with jianbao: the JSON contract, filters, ordering, paging, query syntax,
//! batch mode, `show`, `stats`, completions and terminal manners, on a fixture corpus
//! with known dates, sources and languages.

use std::collections::{BTreeMap, BTreeSet};

use jianbao::index::Store;
use jianbao::search::{self, Request};

use crate::common::{
    batch_line, binary, jsonl_line, Env, JsonArticle, JsonCount, JsonFolder, JsonResults as Results, JsonSpan as Span,
};

/// (id, date, source, lang, title, body)
type Article = (&'static str, Option<&'static str>, &'static str, &'static str, &'static str, &'static str);

const ARTICLES: &[Article] = &[
    ("a", Some("2019-03-01"), "文匯報 Wen Wei Po", "zh-Hant", "河套發展", "河套區發展新質生產力。"),
    ("b", Some("2020-07-15"), "大公報", "zh-Hant", "合作區消息", "河套合作區迎來首批企業。"),
    ("c", Some("2021-01-02"), "人民日报", "zh-Hans", "科技新闻", "河套地区 新质生产力 发展。"),
    ("d", None, "BBC News", "en", "Economy", "Hong Kong economy grows. The hong kong river is clean."),
    ("e", Some("2020-12-31"), "Reuters", "en", "Oil", "Oil prices rise in Hong Kong and Macau."),
];

fn fixture() -> Env {
    let env = Env::new();
    let mut lines = String::new();
    for (id, date, source, lang, title, body) in ARTICLES {
        let line = serde_json::json!({"id": id, "date": date, "source": source, "lang": lang, "title": title, "body": body, "url": format!("https://example.com/{id}")});
        lines += &format!("{line}\n");
    }
    env.put("news/news.jsonl", lines);
    env.index(&["--index", "idx", "news"]);
    env
}

/// Ids of the hits of `search --format json ARGS`, in order, and the total.
fn page(env: &Env, args: &[&str]) -> (Vec<String>, usize) {
    let r = json(env, args);
    (r.ids(), r.total)
}

/// `search --format json ARGS` on the fixture's index.
fn json(env: &Env, args: &[&str]) -> Results {
    env.search_json(&[&["--index", "idx"], args].concat())
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

fn id_set(env: &Env, args: &[&str]) -> BTreeSet<String> {
    page(env, args).0.into_iter().collect()
}

#[test]
fn every_field_of_a_hit() {
    let env = fixture();
    let r = json(&env, &["河套區"]);
    assert_eq!((r.query.as_str(), r.total), ("河套區", 1));
    assert!(r.took_ms < 60_000);
    let hit = &r.hits[0];
    assert_eq!(hit.id, "a");
    assert_eq!(hit.path, "news.jsonl");
    assert_eq!(hit.title.as_deref(), Some("河套發展"));
    assert_eq!(hit.date.as_deref(), Some("2019-03-01"));
    assert_eq!(hit.source.as_deref(), Some("文匯報 Wen Wei Po"));
    assert_eq!(hit.lang.as_deref(), Some("zh-Hant"));
    assert!(matches!(hit.url.as_deref(), None | Some("https://example.com/a")), "{:?}", hit.url);
    assert!(hit.score > 0.0);
    assert_eq!(hit.snippet, "河套區發展新質生產力。");
    assert_eq!(hit.highlights, [Span { start: 0, end: 3 }]);
}

#[test]
fn date_filters() {
    let env = fixture();
    assert_eq!(id_set(&env, &["河套"]), set(&["a", "b", "c"]));
    assert_eq!(id_set(&env, &["--since", "2020", "河套"]), set(&["b", "c"]));
    assert_eq!(id_set(&env, &["--until", "2019", "河套"]), set(&["a"]));
    assert_eq!(id_set(&env, &["--since", "2020-07", "--until", "2020-12-31", "河套"]), set(&["b"]));
    assert_eq!(id_set(&env, &["--until", "2020-07-14", "河套"]), set(&["a"]));
    assert_eq!(id_set(&env, &["--since", "2020", "hong kong"]), set(&["e"]), "undated clippings are not in a range");
}

#[test]
fn source_and_language_filters() {
    let env = fixture();
    assert_eq!(id_set(&env, &["--source", "文汇报", "河套"]), set(&["a"]));
    assert_eq!(id_set(&env, &["--source", "wen wei", "河套"]), set(&["a"]));
    assert_eq!(id_set(&env, &["source:大公報 河套"]), set(&["b"]));
    assert_eq!(id_set(&env, &["--lang", "en", "hong kong"]), set(&["d", "e"]));
    assert_eq!(id_set(&env, &["--lang", "zh-Hans", "河套"]), set(&["c"]));
    let out = env.search(&["--index", "idx", "--lang", "fr", "x"]);
    assert_eq!(out.code, Some(2));
}

#[test]
fn sorting_and_paging() {
    let env = fixture();
    assert_eq!(page(&env, &["--sort", "date", "河套"]).0, ["a", "b", "c"]);
    assert_eq!(page(&env, &["--sort=-date", "河套"]).0, ["c", "b", "a"]);
    let all = page(&env, &["河套"]).0;
    assert_eq!(page(&env, &["--offset", "1", "--limit", "1", "河套"]), (vec![all[1].clone()], 3));
    assert_eq!(page(&env, &["--offset", "5", "河套"]), (vec![], 3));
    assert_eq!(page(&env, &["--offset", "4000000000", "--limit", "10000", "河套"]), (vec![], 3), "no room reserved");
    let out = env.search(&["--index", "idx", "--count", "河套"]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), "3\n"));
}

#[test]
fn query_syntax() {
    let env = fixture();
    let table: &[(&str, &[&str])] = &[
        ("河套 OR oil", &["a", "b", "c", "e"]),
        ("河套 -新质生产力", &["b"]),
        ("河套 NOT 新質生產力", &["b"]),
        ("-新质生产力 河套", &["b"]),
        ("-\"hong kong\"", &["a", "b", "c"]),
        ("(河套 OR oil) AND 发展", &["a", "c"]),
        ("title:河套", &["a"]),
        ("body:经济 OR title:economy", &["d"]),
        ("\"hong kong\" -oil", &["d"]),
        ("\"kong hong\"", &[]),
    ];
    for (query, expected) in table {
        assert_eq!(id_set(&env, &["--", query]), set(expected), "{query}");
    }
}

#[test]
fn malformed_queries_fall_back_to_words_with_a_warning() {
    let env = fixture();
    for (query, warning) in
        [("(河套 OR 发展", "unclosed `(`"), ("\"河套", "unclosed quote"), ("河套 AND", "nothing after")]
    {
        let out = env.search(&["--index", "idx", "--format", "json", query]);
        assert_eq!(out.code, Some(0), "{query}: {}", out.stderr);
        assert!(out.stderr.contains(warning) && out.stderr.lines().count() == 1, "{query}: {}", out.stderr);
        let r: Results = out.json();
        assert!(r.total >= 1, "{query}");
    }
}

#[test]
fn errors_in_json_mode_leave_stdout_empty() {
    let env = fixture();
    for args in [vec!["--since", "2020-13", "河套"], vec!["--source", "，", "河套"], vec!["。"]] {
        let mut all = vec!["--index", "idx", "--format", "json"];
        all.extend(args);
        let out = env.search(&all);
        out.assert_one_line_error("jianbao:");
        assert!(out.stdout.is_empty(), "{}", out.stdout);
    }
}

#[test]
fn batch_lines_equal_single_queries() {
    let env = fixture();
    let words = ["河套", "新质生产力", "hong kong", "oil", "發展", "区", "economy", "不存在", "合作", "\"hong kong\""];
    let mut queries = Vec::new();
    for a in words {
        for b in words {
            queries.push(if a == b { a.to_owned() } else { format!("{a} {b}") });
        }
    }
    queries.extend(words.iter().map(|w| format!("{w} OR 河套")));
    queries.extend(words.iter().map(|w| format!("-{w} 河套")));
    assert_eq!(queries.len(), 120);
    queries.extend((0..80).map(|i| words[i % words.len()].to_owned()));
    let input = queries.join("\n") + "\n";
    let out = env.run_with_input(&["search", "--index", "idx", "--batch"], input);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let lines: Vec<Results> = out.json_lines();
    assert_eq!(lines.len(), 200);
    let store = Store::open(&env.path("idx")).unwrap();
    for (query, line) in queries.iter().zip(&lines) {
        assert_eq!(&line.query, query);
        let single = search::search(&store, &Request::new(query.clone(), 10)).unwrap();
        let single: Results = serde_json::from_value(serde_json::to_value(&single).unwrap()).unwrap();
        assert_eq!(Results { took_ms: 0, ..single }, Results { took_ms: 0, ..line.clone() }, "{query}");
    }
    for (query, line) in queries.iter().zip(&lines).take(8) {
        let cli = json(&env, &["--", query]);
        assert_eq!((cli.total, &cli.hits), (line.total, &line.hits), "{query}");
    }
}

/// A script can hold a conversation with `--batch`: each answer comes out whole before the
/// next query goes in.
#[test]
fn batch_answers_each_query_before_reading_the_next() {
    use std::io::{BufRead, BufReader, Write};
    let env = fixture();
    let mut child = env
        .command(&["search", "--index", "idx", "--batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let (answers, received) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || BufReader::new(stdout).lines().map_while(Result::ok).try_for_each(|l| answers.send(l)));
    for (query, total) in [("河套", 3), ("oil", 1)] {
        writeln!(input, "{query}").unwrap();
        input.flush().unwrap();
        let line = received.recv_timeout(std::time::Duration::from_secs(30)).expect("no answer while stdin is open");
        let answer = batch_line(&line).unwrap();
        assert_eq!((answer.query.as_str(), answer.total), (query, total));
    }
    drop(input);
    assert!(child.wait().unwrap().success());
}

#[test]
fn batch_reports_a_failing_query_and_goes_on() {
    let env = fixture();
    env.put("queries.txt", "河套\n。。\n\noil\n");
    let out = env.run(&["search", "--index", "idx", "--queries", "queries.txt", "--since", "2019"]);
    assert_eq!(out.code, Some(2));
    let lines = out.batch_lines();
    assert_eq!(lines.len(), 3);
    let (first, failed, last) =
        (lines[0].as_ref().unwrap(), lines[1].as_ref().unwrap_err(), lines[2].as_ref().unwrap());
    assert_eq!((first.query.as_str(), first.total), ("河套", 3));
    assert_eq!(failed.query, "。。");
    assert!(failed.error.contains("empty query"), "{}", failed.error);
    assert_eq!((last.query.as_str(), last.total), ("oil", 1), "filters apply to every query");
}

#[test]
fn show_prints_a_whole_clipping() {
    let env = fixture();
    let out = env.run(&["show", "--index", "idx", "--highlight", "\"hong kong\"", "d"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.starts_with("Economy\nd · BBC News · en · https://example.com/d\n"), "{}", out.stdout);
    assert!(out.stdout.contains("Hong Kong economy grows."));
    let marked = env.show_json(&["--index", "idx", "--highlight", "\"hong kong\"", "d"]);
    assert_eq!(marked.title.as_deref(), Some("Economy"));
    assert_eq!(marked.url.as_deref(), Some("https://example.com/d"));
    assert_eq!(marked.highlights.len(), 2);
    let chars: Vec<char> = marked.text.chars().collect();
    let spans: Vec<String> = marked.highlights.iter().map(|h| chars[h.start..h.end].iter().collect()).collect();
    assert_eq!(spans, ["Hong Kong", "hong kong"]);
    let plain = env.show_json(&["--index", "idx", "d"]);
    let expected = JsonArticle {
        id: "d".into(),
        path: "news.jsonl".into(),
        title: Some("Economy".into()),
        date: None,
        source: Some("BBC News".into()),
        lang: Some("en".into()),
        url: Some("https://example.com/d".into()),
        text: "Hong Kong economy grows. The hong kong river is clean.".into(),
        highlights: vec![],
        versions: vec![],
    };
    assert_eq!(plain, expected);
    assert_eq!(marked, JsonArticle { highlights: marked.highlights.clone(), ..expected }, "only the highlights differ");
    let missing = env.run(&["show", "--index", "idx", "zzz"]);
    assert_eq!(missing.code, Some(1));
    assert!(missing.stderr.contains("zzz"));
}

#[test]
fn stats_count_what_the_index_holds() {
    let env = fixture();
    let stats = env.stats_json(&["--index", "idx"]);
    let counts = |pairs: &[(&str, usize)]| pairs.iter().map(|&(k, n)| (k.to_owned(), n)).collect::<BTreeMap<_, _>>();
    assert_eq!(stats.documents, 5);
    assert_eq!(stats.by_lang, counts(&[("en", 2), ("zh-Hans", 1), ("zh-Hant", 2)]));
    assert_eq!(stats.by_year, counts(&[("2019", 1), ("2020", 2), ("2021", 1), ("none", 1)]));
    assert_eq!(stats.by_source.get("大公報"), Some(&1));
    assert_eq!(stats.by_source.values().sum::<usize>(), 5);
    assert!(stats.size_bytes > 1000);
    assert_eq!(stats.segments, 1, "a build from nothing");
    assert!(stats.fingerprint.starts_with('a'));
    assert_eq!(stats.version, env!("CARGO_PKG_VERSION"));
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert!(stats.updated <= now && now - stats.updated < 3600, "updated {} at {now}", stats.updated);
    let news = std::fs::canonicalize(env.path("news")).unwrap().to_string_lossy().into_owned();
    assert_eq!(stats.folders, [JsonFolder { path: news, label: String::new() }]);
    let text = env.run(&["stats", "--index", "idx"]).stdout;
    assert!(text.contains("documents  5") && text.contains("updated    20"), "{text}");
}

#[test]
fn completions_version_and_help() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = env.run(&["completions", shell]);
        assert_eq!(out.code, Some(0));
        assert!(out.stdout.contains("jianbao") && out.stdout.contains("since"), "{shell}");
    }
    assert!(env.run(&["--version"]).stdout.starts_with("jianbao 0."));
    let help = env.run(&["search", "--help"]).stdout;
    for flag in ["--since", "--until", "--source", "--lang", "--sort", "--offset", "--count", "--batch", "--fragments"]
    {
        assert!(help.contains(flag), "{flag}");
    }
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let env = fixture();
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` command to give jianbao a terminal");
        return;
    }
    let bin = binary();
    let run = |no_color: bool| {
        let command = format!("{} search --index idx 河套", bin.display());
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec", &command, "/dev/null"]).current_dir(env.path(""));
        if no_color {
            cmd.env("NO_COLOR", "1")
        } else {
            cmd.env_remove("NO_COLOR")
        };
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert!(run(false).contains("\x1b[1;31m"), "colour on a terminal");
    assert!(!run(true).contains('\x1b'), "no colour with NO_COLOR");
}

#[test]
fn a_closed_pipe_is_a_normal_exit() {
    let env = Env::new();
    let body = "河套".repeat(30);
    let mut lines: String = (0..3000).map(|i| jsonl_line(&format!("n{i}"), &body)).collect();
    // Longer than a pipe holds, for `show`.
    lines.push_str(&jsonl_line("long", &"河套".repeat(100_000)));
    env.put("many/m.jsonl", lines);
    env.index(&["--index", "idx", "many"]);
    let bin = binary();
    for command in ["search --format jsonl -n 3000 河套", "show long", "show --format json long"] {
        let script = format!("set -o pipefail; {} {command} --index idx | head -c 100 >/dev/null", bin.display());
        let out = std::process::Command::new("bash").args(["-c", &script]).current_dir(env.path("")).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{command}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn count_as_json_is_an_object_and_as_text_a_number() {
    let env = fixture();
    let total = env.total(&["--index", "idx", "河套"]);
    assert!(total > 0);
    let out = env.assert_success(&["search", "--index", "idx", "--count", "--format", "json", "河套"]);
    assert_eq!(out.json::<JsonCount>(), JsonCount { query: "河套".to_owned(), total, stories: None });
    let out = env.assert_success(&["search", "--index", "idx", "--count", "河套"]);
    assert_eq!(out.stdout, format!("{total}\n"));
}

#[test]
fn an_inverted_date_range_is_refused_and_a_range_within_a_year_is_not() {
    let env = fixture();
    env.assert_failure_with_error(
        &["search", "--index", "idx", "--since", "2021", "--until", "2019-12", "河套"],
        "--since 2021 is after --until 2019-12",
    );
    // A month of 2020 is within --until 2020.
    let within = env.ids(&["--index", "idx", "--since", "2020-07", "--until", "2020", "河套"]);
    assert_eq!(within, ["b"]);
}

#[test]
fn batch_refuses_text_output_rather_than_writing_json() {
    let env = fixture();
    env.put("queries.txt", "河套\n");
    env.assert_failure_with_error(
        &["search", "--index", "idx", "--queries", "queries.txt", "--format", "text"],
        "--format text is not available",
    );
    for format in [&[][..], &["--format", "json"], &["--format", "jsonl"]] {
        let out = env.assert_success(&[&["search", "--index", "idx", "--queries", "queries.txt"], format].concat());
        assert!(batch_line(out.stdout.trim_end()).is_ok(), "{format:?}: {}", out.stdout);
    }
}

#[test]
fn the_index_summary_says_one_file_and_one_warning_in_the_singular() {
    let env = Env::new();
    env.put("one/a.txt", "河套\n");
    let said = env.index(&["--index", "idx", "one"]);
    assert!(said.contains("0 warnings; read 1 file,"), "{said}");
    env.put("one/b.md", "---\ndate: someday\n---\n河套\n");
    let said = env.index(&["--index", "idx", "one"]);
    assert!(said.contains("1 warning; read 1 file,"), "{said}");
}

#[test]
fn field_names_take_any_case_and_an_unknown_field_is_a_warning() {
    let env = fixture();
    let lower = env.ids(&["--index", "idx", "title:河套"]);
    assert!(!lower.is_empty());
    assert_eq!(env.ids(&["--index", "idx", "Title:河套"]), lower);
    assert_eq!(env.ids(&["--index", "idx", "SOURCE:大公報"]), env.ids(&["--index", "idx", "source:大公報"]));
    let out = env.search(&["--index", "idx", "headline:河套"]);
    assert_eq!(out.code, Some(1), "searched as text, which no clipping holds: {}", out.stderr);
    assert!(out.stderr.contains("no field `headline:` (fields: title, body, source)"), "{}", out.stderr);
    for quiet in ["https://example.com", "10:30", "河套"] {
        let out = env.search(&["--index", "idx", quiet]);
        assert!(!out.stderr.contains("no field"), "{quiet}: {}", out.stderr);
    }
}

#[test]
fn hits_sorted_by_date_show_their_date_and_no_score() {
    let env = fixture();
    let by_date = env.assert_success(&["search", "--index", "idx", "--sort", "date", "河套"]).stdout;
    assert!(by_date.contains("2019-03-01") && !by_date.contains("score"), "{by_date}");
    let ranked = env.assert_success(&["search", "--index", "idx", "河套"]).stdout;
    assert!(ranked.contains("2019-03-01  score "), "{ranked}");
}

#[test]
fn a_missing_index_is_named_in_full_and_a_file_is_not_taken_for_one() {
    let env = fixture();
    let out = env.assert_failure_with_error(&["search", "--index", "nowhere", "河套"], "--index DIR");
    let full = env.path("nowhere");
    assert!(out.stderr.contains(&format!("no index at {}", full.display())), "{}", out.stderr);
    env.put("notes.txt", "mine");
    for args in [
        &["index", "--index", "notes.txt"][..],
        &["search", "--index", "notes.txt", "河套"],
        &["stats", "--index", "notes.txt"],
    ] {
        env.assert_failure_with_error(args, "notes.txt is a file, not an index folder");
    }
    assert_eq!(std::fs::read_to_string(env.path("notes.txt")).unwrap(), "mine");
}

#[test]
fn exclusions_need_no_dashes_and_options_after_dashes_stay_options() {
    let env = fixture();
    // Without `--`, a word like `-合作區` is an exclusion, not an unknown flag.
    assert_eq!(id_set(&env, &["河套", "-合作區"]), set(&["a", "c"]));
    assert_eq!(id_set(&env, &["hong", "-oil"]), set(&["d"]));
    // After `--`, `-n 1` still limits: one hit, of the two without 河套.
    let (ids, total) = page(&env, &["--", "-河套", "-n", "1"]);
    assert_eq!((ids.len(), total), (1, 2), "{ids:?}");
    assert!(set(&["d", "e"]).contains(&ids[0]));
    // A value is never a query word, and `-n` with a word after it is one.
    assert_eq!(page(&env, &["--sort", "-date", "河套"]).0, ["c", "b", "a"]);
    assert_eq!(id_set(&env, &["hong", "-news"]), set(&["d", "e"]));
}

#[test]
fn relative_dates_count_back_from_today_on_this_machine() {
    let today = jiff::ZonedDateTime::now().date();
    let ago = |days: i64| today.checked_sub(jiff::Span::new().days(days)).unwrap().to_string();
    let env = Env::new();
    let dated = [("now", ago(0)), ("week", ago(6)), ("fortnight", ago(13)), ("old", ago(400))];
    let lines: String = dated
        .iter()
        .map(|(id, date)| format!("{}\n", serde_json::json!({"id": id, "date": date, "body": "河套消息。"})))
        .collect();
    env.put("news/news.jsonl", lines);
    env.index(&["--index", "idx", "news"]);
    assert_eq!(id_set(&env, &["--since", "7d", "河套"]), set(&["now", "week"]));
    assert_eq!(id_set(&env, &["--since", "2w", "--until", "yesterday", "河套"]), set(&["week", "fortnight"]));
    assert_eq!(id_set(&env, &["--since", "today", "河套"]), set(&["now"]));
    assert_eq!(id_set(&env, &["--until", "1y", "河套"]), set(&["old"]));
    env.assert_failure_with_error(&["search", "--index", "idx", "--since", "7days", "河套"], "--since");
}
