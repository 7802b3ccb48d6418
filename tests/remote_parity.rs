//! Parity of `search --remote` with local search, without the engines: the exported
//! NDJSON is loaded into an in-RAM tantivy index whose n-gram fields use tantivy's
//! `WhitespaceTokenizer` with positions (what both engines apply to them), the query JSON
//! the client would send (`--show-request`) is run on it as the engine reads it, and the
//! hit sets and totals must be those of native `jianbao search`.

use std::collections::BTreeSet;
use std::ops::Bound;
use std::path::Path;

use serde_json::Value;
use tantivy::collector::DocSetCollector;
use tantivy::query::{AllQuery, PhrasePrefixQuery, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value as _, FAST, STORED, STRING,
};
use tantivy::{DocAddress, Index, IndexReader, TantivyDocument, Term};

use crate::common::{shared_corpus, zst_files, Env};

const FILLER: &str = "_";

/// An engine's index of an export, as the engine builds it from the documents.
struct Engine {
    reader: IndexReader,
    schema: Schema,
    /// OpenSearch's `jianbao_ngrams` analyzer drops the filler from a query, keeping its
    /// position; Quickwit's `whitespace` does not (and is never sent one).
    drops_filler: bool,
}

impl Engine {
    /// Loads every document of the export in `out`.
    fn load(out: &Path, drops_filler: bool) -> Engine {
        let mut b = Schema::builder();
        let positions = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("whitespace")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let freqs = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer("whitespace").set_index_option(IndexRecordOption::WithFreqs),
        );
        for name in ["id", "date", "source", "lang", "analyzer"] {
            b.add_text_field(name, STRING | STORED | FAST);
        }
        for name in ["title_ngrams", "body_ngrams", "source_ngrams"] {
            b.add_text_field(name, positions.clone());
        }
        for name in ["title_words", "body_words"] {
            b.add_text_field(name, freqs.clone());
        }
        let schema = b.build();
        let index = Index::create_in_ram(schema.clone());
        let mut writer = index.writer(50_000_000).unwrap();
        let mut files: Vec<_> = std::fs::read_dir(out).unwrap().flatten().map(|e| e.path()).collect();
        files.retain(|p| p.extension().is_some_and(|e| e == "ndjson"));
        files.sort();
        assert!(!files.is_empty(), "no documents exported to {}", out.display());
        for file in files {
            for line in std::fs::read_to_string(&file).unwrap().lines() {
                let v: Value = serde_json::from_str(line).unwrap();
                if v.get("index").is_some() {
                    continue; // an OpenSearch action line
                }
                let mut doc = TantivyDocument::new();
                for (name, value) in v.as_object().unwrap() {
                    if let (Ok(field), Some(text)) = (schema.get_field(name), value.as_str()) {
                        doc.add_text(field, text);
                    }
                }
                writer.add_document(doc).unwrap();
            }
        }
        writer.commit().unwrap();
        let reader = index.reader().unwrap();
        Engine { reader, schema, drops_filler }
    }

    fn field(&self, name: &str) -> Field {
        self.schema.get_field(name).unwrap_or_else(|_| panic!("no field {name}"))
    }

    /// The total and the ids of what the query JSON `request` matches.
    fn run(&self, request: &Value) -> (usize, BTreeSet<String>) {
        let docs = self.docs(&request["query"]);
        let searcher = self.reader.searcher();
        let id = self.field("id");
        let ids: BTreeSet<String> = docs
            .iter()
            .map(|address| {
                let doc: TantivyDocument = searcher.doc(*address).unwrap();
                doc.get_first(id).and_then(|v| v.as_str()).unwrap().to_owned()
            })
            .collect();
        (docs.len(), ids)
    }

    /// The documents the query DSL `q` matches, as OpenSearch (and Quickwit's
    /// Elasticsearch API) reads it. `bool` is taken apart here, as sets: `should` alone
    /// needs one to match, beside `must` or `filter` it only scores. (tantivy's own
    /// exclusion of a phrase panics in debug builds: tantivy issue #2811.)
    fn docs(&self, q: &Value) -> BTreeSet<DocAddress> {
        let (kind, body) = q.as_object().unwrap().iter().next().unwrap();
        if kind != "bool" {
            let searcher = self.reader.searcher();
            return searcher.search(&*self.leaf(kind, body), &DocSetCollector).unwrap().into_iter().collect();
        }
        let list = |key: &str| body.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
        let required: Vec<Value> = [list("must"), list("filter")].concat();
        let mut docs = match required.split_first() {
            Some((first, rest)) => rest.iter().fold(self.docs(first), |docs, q| &docs & &self.docs(q)),
            None if list("should").is_empty() => self.docs(&serde_json::json!({"match_all": {}})),
            None => list("should").iter().fold(BTreeSet::new(), |docs, q| &docs | &self.docs(q)),
        };
        for q in list("must_not") {
            docs = &docs - &self.docs(&q);
        }
        docs
    }

    /// A query other than `bool`.
    fn leaf(&self, kind: &str, body: &Value) -> Box<dyn Query> {
        match kind {
            "match_all" => Box::new(AllQuery),
            "match_phrase" | "match_phrase_prefix" => self.phrase(body, kind == "match_phrase_prefix"),
            "term" => {
                let (field, value) = body.as_object().unwrap().iter().next().unwrap();
                self.term(field, value.as_str().unwrap())
            }
            "range" => {
                let spec = &body["date"];
                let field = self.field("date");
                let bound = |key: &str| {
                    spec.get(key).map_or(Bound::Unbounded, |v| {
                        Bound::Included(Term::from_field_text(field, v.as_str().unwrap()))
                    })
                };
                Box::new(RangeQuery::new(bound("gte"), bound("lte")))
            }
            other => panic!("the client sent a query the test does not know: {other}"),
        }
    }

    fn term(&self, field: &str, text: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(self.field(field), text), IndexRecordOption::WithFreqs))
    }

    /// A phrase of the field's tokens at their positions (the filler dropped, its position
    /// kept, on OpenSearch), the last a prefix if asked.
    fn phrase(&self, body: &Value, prefix: bool) -> Box<dyn Query> {
        let (name, spec) = body.as_object().unwrap().iter().next().unwrap();
        let field = self.field(name);
        let text = spec["query"].as_str().unwrap();
        let terms: Vec<(usize, Term)> = text
            .split_whitespace()
            .enumerate()
            .filter(|(_, t)| !(self.drops_filler && *t == FILLER))
            .map(|(at, t)| (at, Term::from_field_text(field, t)))
            .collect();
        match (prefix, terms.len()) {
            (true, _) => {
                let mut query = PhrasePrefixQuery::new_with_offset(terms);
                query.set_max_expansions(spec["max_expansions"].as_u64().unwrap() as u32);
                Box::new(query)
            }
            (false, 1) => Box::new(TermQuery::new(terms[0].1.clone(), IndexRecordOption::WithFreqs)),
            (false, _) => Box::new(PhraseQuery::new_with_offset(terms)),
        }
    }
}

/// Every kind of query on either script, wraps, one character, phrases with punctuation,
/// English forms and truncation, fields, NOT, OR, with and without filters.
const QUERIES: &[&str] = &[
    "新質生產力",
    "新质生产力",
    "香港 工業",
    "香港 OR 澳門",
    "香港 -新質生產力",
    "NOT 香港",
    "港",
    "香港 特",
    "\"高質量 發展\"",
    "title:香港",
    "body:河套",
    "source:大公",
    "gpt-4",
    "\"gpt 4\"",
    "gpt",
    "election",
    "elections results",
    "\"market share\"",
    "econom*",
    "=elections",
    "company's",
    "(香港 OR 深圳) 發展 -澳門",
    "「新質生產力」",
];

/// Extra clippings beside the sample ones: English, punctuation in words, dates, sources.
fn extra(env: &Env) {
    let lines = [
        r#"{"id":"en1","title":"GPT-4 and the economy","body":"The economy grew; GPT-4 models gained market share. Elections results came in.","date":"2024-03-02","source":"Reuters","lang":"en"}"#,
        r#"{"id":"en2","title":"Markets","body":"gpt x 4 is another model. An election, the company's economic plan, market shares.","date":"2023-11-20","source":"BBC","lang":"en"}"#,
        r#"{"id":"zh1","title":"香港特區","body":"香港特别行政区发展新质\n生产力，深圳与香港合作。港","date":"2024-05-01","source":"大公報","lang":"zh-Hans"}"#,
    ];
    env.put("corpus/extra.jsonl", lines.join("\n") + "\n");
}

/// Exports the default index of `env` for `engine` into `out`.
fn export(env: &Env, engine: &str, out: &str) {
    env.assert_success(&["export", "--to", engine, out]);
}

/// Checks every query of `queries`, alone and with each filter, on both engines.
fn check_parity(env: &Env, queries: &[&str]) {
    export(env, "opensearch", "os");
    export(env, "quickwit", "qw");
    let engines =
        [("opensearch", Engine::load(&env.path("os"), true)), ("quickwit", Engine::load(&env.path("qw"), false))];
    let filters: &[&[&str]] =
        &[&[], &["--since", "2024"], &["--until", "2023-12", "--lang", "en"], &["--source", "報"]];
    let (mut compared, mut found) = (0, 0);
    for query in queries {
        for filter in filters {
            let native = env.search_json(&[&["-n", "10000"], *filter, &[query]].concat());
            let native_ids: BTreeSet<String> = native.ids().into_iter().collect();
            found += usize::from(native.total > 0 && filter.is_empty());
            for (name, engine) in &engines {
                let args = [
                    &["search", "--remote", "http://127.0.0.1:9", "--engine", name, "--show-request"],
                    *filter,
                    &["jianbao", query],
                ]
                .concat();
                let out = env.run(&args);
                if *name == "quickwit" && out.code == Some(2) {
                    out.assert_one_line_error("Quickwit cannot leave a position of a phrase free");
                    continue;
                }
                assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
                let (total, ids) = engine.run(&out.json());
                assert_eq!((total, &ids), (native.total, &native_ids), "{name}: {query:?} {filter:?}");
                compared += 1;
            }
        }
    }
    assert!(compared >= queries.len() * filters.len(), "too few comparisons: {compared}");
    assert!(found * 4 >= queries.len() * 3, "most queries must find something: {found} did");
}

#[test]
fn the_engines_match_what_local_search_matches_on_the_sample_corpus() {
    let env = Env::new();
    extra(&env);
    env.index(&[]);
    check_parity(&env, QUERIES);
    // Some queries must find something, or the comparison says little.
    assert!(env.search_json(&["gpt-4"]).total == 2, "gpt-4 and `gpt x 4` (any unit where the `-` is)");
    assert!(env.search_json(&["新質生產力"]).total >= 3);
}

#[test]
fn the_engines_match_what_local_search_matches_on_2000_shared_articles() {
    let Some(dir) = shared_corpus() else {
        eprintln!("skipped: no shared corpus (set JIANBAO_SHARED_CORPUS)");
        return;
    };
    let env = Env::new();
    let mut lines = String::new();
    let mut taken = 0;
    'files: for file in zst_files(&dir) {
        let reader = std::io::BufReader::new(zstd::Decoder::new(std::fs::File::open(&file).unwrap()).unwrap());
        for line in std::io::BufRead::lines(reader).map_while(Result::ok).step_by(40).take(200) {
            lines.push_str(&line);
            lines.push('\n');
            taken += 1;
            if taken == 2000 {
                break 'files;
            }
        }
    }
    env.put("corpus/shared.jsonl", lines);
    env.index(&[]);
    let queries = [
        "香港",
        "新質生產力",
        "經濟 -香港",
        "\"hong kong\"",
        "港",
        "中",
        "market*",
        "election",
        "title:香港",
        "source:bbc",
        "china OR 中国",
        "covid-19",
        "u.s.",
        "\"prime minister\"",
        "NOT 的",
        "=China",
    ];
    check_parity(&env, &queries);
}
