//! `export` and `search --remote` against a mock engine: a server on 127.0.0.1 inside
//! the test checks the requests against golden files and answers with canned hits, which
//! must print exactly as the same hits of a local search. Golden files are in
//! `tests/golden/`; `JIANBAO_BLESS=1` writes them anew.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::common::{Env, JsonResults};

/// Compares `actual` with the golden file `name`, or writes it with `JIANBAO_BLESS=1`.
#[track_caller]
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("JIANBAO_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(actual, expected, "{name} differs (JIANBAO_BLESS=1 to accept the change)");
}

/// An exported document line: the documented fields, and no other.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ExportedLine {
    id: String,
    path: String,
    title: Option<String>,
    body: String,
    date: Option<String>,
    source: Option<String>,
    lang: Option<String>,
    url: Option<String>,
    analyzer: String,
    title_ngrams: String,
    body_ngrams: String,
    source_ngrams: String,
    title_words: String,
    body_words: String,
}

/// OpenSearch's bulk action line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Action {
    index: ActionIndex,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionIndex {
    #[serde(rename = "_index")]
    index: String,
    #[serde(rename = "_id")]
    id: String,
}

/// The documents exported to `out`, by id, checking each line on the way.
fn exported(out: &Path, opensearch: bool) -> HashMap<String, ExportedLine> {
    let mut docs = HashMap::new();
    let mut files: Vec<_> = std::fs::read_dir(out).unwrap().flatten().map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "ndjson"));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            let action: Option<Action> = opensearch.then(|| serde_json::from_str(line).unwrap());
            let line = if opensearch { lines.next().unwrap() } else { line };
            let doc: ExportedLine = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            assert_eq!(doc.analyzer, "jianbao-a9");
            if let Some(action) = action {
                assert_eq!((action.index.index.as_str(), action.index.id.as_str()), ("news", doc.id.as_str()));
            }
            docs.insert(doc.id.clone(), doc);
        }
    }
    docs
}

#[test]
fn definitions_match_their_golden_files_and_every_line_is_a_documented_document() {
    let env = Env::indexed();
    env.assert_success(&["export", "--to", "quickwit", "--name", "news", "qw"]);
    env.assert_success(&["export", "--to", "opensearch", "--name", "news", "os"]);
    golden("quickwit-index-config.yaml", &std::fs::read_to_string(env.path("qw/index-config.yaml")).unwrap());
    let definition = std::fs::read_to_string(env.path("os/index.json")).unwrap();
    serde_json::from_str::<Value>(&definition).unwrap();
    golden("opensearch-index.json", &definition);
    let (qw, os) = (exported(&env.path("qw"), false), exported(&env.path("os"), true));
    assert_eq!(qw.len(), 5);
    assert_eq!(os.len(), 5);
    let doc = &os["001_212026726d27be0b.txt"];
    assert!(doc.body.starts_with(" 香港積極邁向高質量發展"), "the original text: {:?}", &doc.body[..40]);
    assert!(doc.body_ngrams.starts_with("香港 港积 积极 极迈"), "folded n-grams: {:?}", &doc.body_ngrams[..40]);
    assert!(doc.body_ngrams.contains(" _ "), "punctuation leaves a filler");
    // An export never mixes with what is there.
    env.assert_failure_with_error(&["export", "--to", "quickwit", "qw"], "is not empty");
    env.assert_failure_with_error(&["export", "--to", "quickwit", "--name", "a/b", "x"], "--name");
}

#[test]
fn a_corpus_is_exported_in_files_of_bounded_size_without_an_index() {
    let env = Env::new();
    let body = "香港新質生產力，".repeat(400); // 9.6 kB a clipping
    let lines: String = (0..150).map(|i| crate::common::jsonl_line(&format!("a{i}"), &body)).collect();
    env.put("big/a.jsonl", lines);
    env.put("big/huge.jsonl", crate::common::jsonl_line("huge", &"港".repeat(400_000)));
    let out = env.run(&["export", "--corpus", "big", "--to", "quickwit", "--max-file-mb", "1", "out"]);
    assert_eq!(out.code, Some(2), "a document larger than a file is skipped, and said: {}", out.stderr);
    assert!(out.stderr.contains("huge: larger than 1 MB"), "{}", out.stderr);
    let files: Vec<_> =
        (1..).map(|n| env.path(&format!("out/docs-{n:05}.ndjson"))).take_while(|p| p.exists()).collect();
    assert!(files.len() >= 3, "{} files", files.len());
    assert!(out.stderr.contains(&format!("exported 150 clippings in {} files", files.len())), "{}", out.stderr);
    for file in &files {
        let size = std::fs::metadata(file).unwrap().len();
        assert!(
            size <= 1_000_000 && size > 500_000 || file == files.last().unwrap(),
            "{}: {size} bytes",
            file.display()
        );
    }
    assert_eq!(exported(&env.path("out"), false).len(), 150);
    assert!(!env.path("index").exists(), "no index is built");
}

/// A mock engine: answers each request in turn with `answers` (status, body), recording
/// the request line and body of each.
struct Mock {
    url: String,
    requests: Arc<Mutex<Vec<(String, String)>>>,
    thread: JoinHandle<()>,
}

impl Mock {
    fn serve(answers: Vec<(u16, String)>) -> Mock {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        let thread = std::thread::spawn(move || {
            for (status, answer) in answers {
                let (mut stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let (mut first, mut length) = (String::new(), 0);
                reader.read_line(&mut first).unwrap();
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    if header.trim().is_empty() {
                        break;
                    }
                    if let Some((name, value)) = header.split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap();
                        }
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                seen.lock().unwrap().push((first.trim().to_owned(), String::from_utf8(body).unwrap()));
                let reply = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                );
                stream.write_all(reply.as_bytes()).unwrap();
            }
        });
        Mock { url, requests, thread }
    }

    fn requests(self) -> Vec<(String, String)> {
        self.thread.join().unwrap();
        Arc::try_unwrap(self.requests).unwrap().into_inner().unwrap()
    }
}

/// The engine's answer holding `docs` (as exported) in order, of `total` matches.
fn answer(docs: &[&ExportedLine], total: usize) -> String {
    let hits: Vec<Value> = docs
        .iter()
        .map(|d| {
            let source = json!({"id": d.id, "path": d.path, "title": d.title, "body": d.body, "date": d.date,
                "source": d.source, "lang": d.lang, "url": d.url, "analyzer": d.analyzer});
            json!({"_index": "news", "_id": d.id, "_score": 1.5, "_source": source})
        })
        .collect();
    json!({"took": 3, "timed_out": false, "hits": {"total": {"value": total, "relation": "eq"}, "hits": hits}})
        .to_string()
}

const NO_OTHERS: &str = r#"{"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}"#;

#[test]
fn remote_hits_print_as_local_hits_in_every_format_and_requests_match_golden_files() {
    let env = Env::indexed();
    env.assert_success(&["export", "--to", "opensearch", "--name", "news", "os"]);
    let docs = exported(&env.path("os"), true);
    let query = ["--sort", "-date", "--fragments", "2", "新質生產力 香港"];
    let local = env.search_json(&query);
    assert!(local.total >= 2);
    let found: Vec<&ExportedLine> = local.ids().iter().map(|id| &docs[id]).collect();
    for (format, engine, golden_name) in [
        ("json", "opensearch", "opensearch-search.json"),
        ("text", "quickwit", "quickwit-search.json"),
        ("jsonl", "opensearch", ""),
        ("csv", "quickwit", ""),
    ] {
        let mock = Mock::serve(vec![(200, NO_OTHERS.to_owned()), (200, answer(&found, local.total))]);
        let args =
            [&["search", "--format", format, "--remote", &mock.url, "--engine", engine, "news"], &query[..]].concat();
        let remote = env.run(&args);
        let native = env.search(&[&["--format", format], &query[..]].concat());
        assert_eq!(remote.code, Some(0), "{}", remote.stderr);
        let requests = mock.requests();
        let path = match engine {
            "opensearch" => "POST /news/_search HTTP/1.1",
            _ => "POST /api/v1/_elastic/news/_search HTTP/1.1",
        };
        assert_eq!(requests.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), [path, path]);
        assert_eq!(
            requests[0].1,
            r#"{"query":{"bool":{"must_not":[{"term":{"analyzer":"jianbao-a9"}}]}},"size":0,"track_total_hits":true}"#
        );
        if !golden_name.is_empty() {
            let pretty = serde_json::to_string_pretty(&serde_json::from_str::<Value>(&requests[1].1).unwrap()).unwrap();
            golden(golden_name, &(pretty + "\n"));
        }
        if format == "json" {
            let mut remote: JsonResults = remote.json();
            let mut native: JsonResults = native.json();
            (remote.took_ms, native.took_ms) = (0, 0);
            assert_eq!(remote.hits, native.hits);
            assert_eq!(remote.total, native.total);
            assert!(remote.hits[0].highlights.len() >= 2, "highlighted on the stored text");
        } else {
            assert_eq!(remote.stdout, native.stdout, "--format {format}");
        }
    }
}

#[test]
fn refusals_and_failures_are_one_line_with_exit_status_2() {
    let env = Env::new();
    let search = |url: &str, engine: &str, query: &str| {
        env.run(&["search", "--remote", url, "--engine", engine, "--timeout", "1", "news", query])
    };
    // Refused before anything is sent.
    search("http://127.0.0.1:9", "opensearch", "香港 w/5 經濟").assert_one_line_error("proximity operators");
    search("http://127.0.0.1:9", "opensearch", "=乾隆").assert_one_line_error("`=乾隆` cannot be searched");
    search("http://127.0.0.1:9", "quickwit", "\"gpt-4 chip\"").assert_one_line_error("Quickwit cannot leave");
    search("http://127.0.0.1:9", "opensearch", "\"econom* growth\"").assert_one_line_error("put it last");
    search("localhost:9200", "opensearch", "港").assert_one_line_error("http:// or https://");
    env.run(&["search", "--remote", "http://x", "--engine", "quickwit", "--collapse", "news", "港"])
        .assert_one_line_error("--collapse");
    // Nothing listens.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    search(&format!("http://{closed}"), "opensearch", "港").assert_one_line_error("cannot reach OpenSearch");
    // Listens and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    search(&url, "quickwit", "港").assert_one_line_error("did not answer within 1 s");
    // An HTTP error, with the engine's reason.
    let mock = Mock::serve(vec![(404, r#"{"error":{"reason":"no such index [news]"},"status":404}"#.to_owned())]);
    search(&mock.url, "opensearch", "港").assert_one_line_error("answered 404 Not Found: no such index [news]");
    mock.requests();
    // Documents of another analyzer.
    let mock = Mock::serve(vec![(200, r#"{"hits":{"total":{"value":7,"relation":"eq"},"hits":[]}}"#.to_owned())]);
    search(&mock.url, "opensearch", "港").assert_one_line_error("holds 7 document(s) analyzed otherwise");
    mock.requests();
    // No hits: exit 1.
    let none = r#"{"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}"#.to_owned();
    let mock = Mock::serve(vec![(200, NO_OTHERS.to_owned()), (200, none)]);
    assert_eq!(search(&mock.url, "opensearch", "港").code, Some(1));
    mock.requests();
}
