//! `search --remote`: sends a translated query ([`super::translate`]) to the engine over
//! HTTP and makes typed hits of its answer, each snippet made here from the original text
//! the engine stores, by the code of a local search ([`snippet::passages`]).

use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::Value;

use super::{translate, Engine};
use crate::analysis::Segmenter;
use crate::corpus::Meta;
use crate::index::{analyzer_stamp, schema_and_fields};
use crate::search::{query, snippet, Hit, Request, Results, Sort, SNIPPET_WIDTH};
use crate::{Error, Result};

/// Bytes of an answer read at most: a page of 10,000 long clippings, and then some.
const MAX_ANSWER_BYTES: u64 = 1 << 30;

/// An index on an engine, and how to reach it.
#[derive(Debug, Clone)]
pub struct Remote {
    pub engine: Engine,
    /// The URL as typed, without a user and password: for messages.
    pub url: String,
    /// `Basic …`, from a user and password in the URL.
    auth: Option<String>,
    pub index: String,
    /// For connecting and for the whole answer.
    pub timeout: Duration,
}

impl Remote {
    /// The index `index` of the engine at `url` (`http://` or `https://`, maybe with
    /// `user:password@`); an error naming what is wrong with either.
    pub fn new(engine: Engine, url: &str, index: &str, timeout: Duration) -> Result<Remote> {
        let Some((scheme, rest)) = url.split_once("://").filter(|(s, _)| matches!(*s, "http" | "https")) else {
            return Err(Error::Remote(format!("--remote {url:?}: expected a URL starting with http:// or https://")));
        };
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let (auth, host) = match authority.rsplit_once('@') {
            Some((user, host)) => (Some(format!("Basic {}", base64(user.as_bytes()))), host),
            None => (None, authority),
        };
        if host.is_empty() {
            return Err(Error::Remote(format!("--remote {url:?}: the URL names no host")));
        }
        let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        if index.is_empty() || !index.chars().all(ok) || index.starts_with(['_', '.', '-']) {
            return Err(Error::Remote(format!(
                "INDEX {index:?}: an index name is letters, digits, `.`, `_` and `-`, not first"
            )));
        }
        let url = format!("{scheme}://{host}{}", path.trim_end_matches('/'));
        Ok(Remote { engine, url, auth, index: index.to_owned(), timeout })
    }

    /// Where searches of the index are sent.
    pub fn search_url(&self) -> String {
        match self.engine {
            Engine::Quickwit => format!("{}/api/v1/_elastic/{}/_search", self.url, self.index),
            Engine::OpenSearch => format!("{}/{}/_search", self.url, self.index),
        }
    }

    /// Posts `body` to the search URL; the answer as JSON, or a one-line error.
    fn post(&self, body: &Value) -> Result<Value> {
        let url = self.search_url();
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(self.timeout))
            .http_status_as_error(false)
            .user_agent(concat!("jianbao/", env!("CARGO_PKG_VERSION")))
            .build();
        let agent: ureq::Agent = config.into();
        let mut request = agent.post(&url).header("Content-Type", "application/json");
        if let Some(auth) = &self.auth {
            request = request.header("Authorization", auth);
        }
        let mut answer = request.send(body.to_string()).map_err(|e| self.unreachable(&url, e))?;
        let status = answer.status();
        let text = answer
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_string()
            .map_err(|e| self.unreachable(&url, e))?;
        if !status.is_success() {
            return Err(Error::Remote(format!("{} at {url} answered {status}: {}", self.engine.name(), reason(&text))));
        }
        serde_json::from_str(&text).map_err(|e| {
            Error::Remote(format!("{} at {url} answered with something that is not JSON: {e}", self.engine.name()))
        })
    }

    fn unreachable(&self, url: &str, e: ureq::Error) -> Error {
        let engine = self.engine.name();
        Error::Remote(match e {
            ureq::Error::Timeout(_) => format!("{engine} at {url} did not answer within {} s", self.timeout.as_secs()),
            e => format!("cannot reach {engine} at {url}: {}", one_line(&e.to_string())),
        })
    }
}

/// What an engine says went wrong: OpenSearch's `error.reason`, Quickwit's `message`, or
/// the start of the answer.
fn reason(text: &str) -> String {
    let json: Option<Value> = serde_json::from_str(text).ok();
    let said = json.as_ref().and_then(|j| {
        j.pointer("/error/reason").or_else(|| j.get("message")).or_else(|| j.get("error")).and_then(Value::as_str)
    });
    let said = said.unwrap_or(text);
    let line = one_line(said);
    match line.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Standard base64 with padding, for basic authentication.
fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            let digit = DIGITS[(n >> (18 - 6 * i) & 63) as usize] as char;
            out.push(if i <= chunk.len() { digit } else { '=' });
        }
    }
    out
}

/// An engine's answer to a search, as much of it as is read.
#[derive(Debug, Deserialize)]
struct Answer {
    hits: Hits,
}

#[derive(Debug, Deserialize)]
struct Hits {
    total: Total,
    #[serde(default)]
    hits: Vec<Found>,
}

#[derive(Debug, Deserialize)]
struct Total {
    value: u64,
}

#[derive(Debug, Deserialize)]
struct Found {
    #[serde(rename = "_score")]
    score: Option<f32>,
    #[serde(rename = "_source")]
    source: Stored,
}

/// A hit's stored fields (`docs/remote.md`).
#[derive(Debug, Deserialize)]
struct Stored {
    id: String,
    #[serde(default)]
    path: String,
    title: Option<String>,
    #[serde(default)]
    body: String,
    date: Option<String>,
    source: Option<String>,
    lang: Option<String>,
    url: Option<String>,
    analyzer: Option<String>,
}

fn parse(remote: &Remote, answer: Value) -> Result<Answer> {
    serde_json::from_value(answer).map_err(|e| {
        let (engine, url) = (remote.engine.name(), remote.search_url());
        Error::Remote(format!("{engine} at {url} answered a search with something else: {e}"))
    })
}

/// The body of the search `request` would send to `remote`, without sending it.
pub fn request_body(remote: &Remote, request: &Request, segmenter: &Segmenter) -> Result<Value> {
    let (_, fields) = schema_and_fields();
    query::plan(&request.query, &fields, segmenter)?;
    translate::request(remote.engine, request, segmenter)
}

/// Runs `request` on `remote`: the same hits, total and printing as a local search (see
/// `docs/remote.md` for the order of hits).
pub fn search(remote: &Remote, request: &Request, segmenter: &Segmenter) -> Result<Results> {
    let started = Instant::now();
    let (_, fields) = schema_and_fields();
    // Parsed as a local search parses it: the same refusals, warnings and highlights.
    let plan = query::plan(&request.query, &fields, segmenter)?;
    let body = translate::request(remote.engine, request, segmenter)?;
    let stamp = analyzer_stamp();
    let others = parse(remote, remote.post(&translate::other_analyzers(&stamp))?)?;
    if others.hits.total.value > 0 {
        return Err(stale(remote, others.hits.total.value, &stamp));
    }
    let answer = parse(remote, remote.post(&body)?)?;
    let mut hits = Vec::new();
    for found in answer.hits.hits {
        if found.source.analyzer.as_deref() != Some(stamp.as_str()) {
            return Err(stale(remote, 1, &stamp));
        }
        let score = if request.sort == Sort::Relevance { found.score.unwrap_or(0.0) } else { 0.0 };
        hits.push(hit(found.source, score, &plan.terms, request.fragments));
    }
    Ok(Results {
        query: request.query.clone(),
        total: answer.hits.total.value as usize,
        stories: None,
        took_ms: started.elapsed().as_millis() as u64,
        hits,
        warnings: plan.warning.into_iter().collect(),
        sort: request.sort,
    })
}

fn stale(remote: &Remote, count: u64, stamp: &str) -> Error {
    Error::Remote(format!(
        "index {} at {} holds {count} document(s) analyzed otherwise than this jianbao ({stamp}): export it again \
         and reload it",
        remote.index, remote.url
    ))
}

/// A hit as a local search makes it, from the stored original text.
fn hit(stored: Stored, score: f32, terms: &[query::Term], fragments: usize) -> Hit {
    let parts = snippet::passages(&stored.body, terms, SNIPPET_WIDTH, fragments);
    let Stored { id, path, title, date, source, lang, url, .. } = stored;
    Hit::new(Meta { id, path, title, date, source, lang, url }, score, parts, fragments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_of_basic_credentials() {
        assert_eq!(base64(b"elastic:changeme"), "ZWxhc3RpYzpjaGFuZ2VtZQ==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"abc"), "YWJj");
    }

    #[test]
    fn urls_and_index_names_are_checked_and_credentials_kept_out_of_messages() {
        let t = Duration::from_secs(1);
        let remote = Remote::new(Engine::OpenSearch, "https://u:p@host:9200/", "news", t).unwrap();
        assert_eq!(remote.search_url(), "https://host:9200/news/_search");
        assert_eq!(remote.auth.as_deref(), Some("Basic dTpw"));
        let qw = Remote::new(Engine::Quickwit, "http://h:7280", "news", t).unwrap();
        assert_eq!(qw.search_url(), "http://h:7280/api/v1/_elastic/news/_search");
        assert!(Remote::new(Engine::Quickwit, "h:7280", "news", t).is_err());
        assert!(Remote::new(Engine::Quickwit, "http://", "news", t).is_err());
        assert!(Remote::new(Engine::Quickwit, "http://h", "a/b", t).is_err());
        assert!(Remote::new(Engine::Quickwit, "http://h", "_all", t).is_err());
    }

    #[test]
    fn reasons_are_one_short_line() {
        assert_eq!(reason(r#"{"error":{"reason":"no such\nindex"},"status":404}"#), "no such index");
        assert_eq!(reason(r#"{"message":"index `x` not found"}"#), "index `x` not found");
        assert_eq!(reason("plain\ttext"), "plain text");
    }
}
