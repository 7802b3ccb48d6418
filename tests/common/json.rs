//! The JSON output as docs/json.md promises it, as structs that refuse unknown fields: a
//! field added, renamed or retyped in the output fails the tests that parse it.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `search --format json`, and each answered line of `search --batch`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonResults {
    pub query: String,
    pub total: usize,
    /// Only with `--collapse`.
    #[serde(default)]
    pub stories: Option<usize>,
    pub took_ms: u64,
    pub hits: Vec<JsonHit>,
}

impl JsonResults {
    /// The ids of the hits, in order.
    pub fn ids(&self) -> Vec<String> {
        self.hits.iter().map(|h| h.id.clone()).collect()
    }
}

/// A hit of `search --format json`, and a line of `--format jsonl`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonHit {
    pub id: String,
    pub path: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub lang: Option<String>,
    /// Accepted before hits carry it and after.
    #[serde(default)]
    pub url: Option<String>,
    pub score: f32,
    pub snippet: String,
    pub highlights: Vec<JsonSpan>,
    /// Only with `--fragments N` > 1.
    #[serde(default)]
    pub fragments: Option<Vec<JsonFragment>>,
    /// Only with `--collapse`.
    #[serde(default)]
    pub versions: Option<Vec<JsonVersion>>,
}

/// Another clipping of a story: a hit's `versions` with `--collapse`, `show`'s `versions`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonVersion {
    pub id: String,
    pub source: Option<String>,
    pub date: Option<String>,
}

/// A line of `duplicates --format jsonl`, and a group of `--format json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonStory {
    pub ids: Vec<String>,
    pub sources: Vec<Option<String>>,
    pub dates: Vec<Option<String>>,
    pub title: Option<String>,
}

/// `duplicates --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonStories {
    pub stories: usize,
    pub clippings: usize,
    pub groups: Vec<JsonStory>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonFragment {
    pub text: String,
    pub highlights: Vec<JsonSpan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSpan {
    pub start: usize,
    pub end: usize,
}

/// `search --count --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonCount {
    pub query: String,
    pub total: usize,
    /// Only with `--collapse`.
    #[serde(default)]
    pub stories: Option<usize>,
}

/// The line of `search --batch` for a query that failed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonBatchError {
    pub query: String,
    pub error: String,
}

/// A line of `search --batch`: the results of its query, or the error.
#[track_caller]
pub fn batch_line(line: &str) -> Result<JsonResults, JsonBatchError> {
    let as_results = match serde_json::from_str(line) {
        Ok(results) => return Ok(results),
        Err(e) => e,
    };
    let error = serde_json::from_str(line)
        .unwrap_or_else(|as_error| panic!("neither results ({as_results}) nor an error ({as_error}): {line:?}"));
    Err(error)
}

/// `show --format json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonArticle {
    pub id: String,
    pub path: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub lang: Option<String>,
    pub url: Option<String>,
    pub text: String,
    pub highlights: Vec<JsonSpan>,
    pub versions: Vec<JsonVersion>,
}

/// `stats --format json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonStats {
    pub documents: usize,
    pub by_source: BTreeMap<String, usize>,
    pub by_lang: BTreeMap<String, usize>,
    pub by_year: BTreeMap<String, usize>,
    pub size_bytes: u64,
    pub segments: usize,
    pub fingerprint: String,
    pub version: String,
    pub updated: u64,
    pub folders: Vec<JsonFolder>,
}

/// A corpus folder of `stats --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonFolder {
    pub path: String,
    pub label: String,
}

/// A line of `trend --format json`: one series.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSeries {
    pub query: String,
    pub by: String,
    pub total: u64,
    pub share_of: String,
    pub buckets: Vec<JsonBucket>,
}

impl JsonSeries {
    /// (key, count) of every bucket, in order.
    pub fn counts(&self) -> Vec<(String, u64)> {
        self.buckets.iter().map(|b| (b.key.clone(), b.count)).collect()
    }
}

/// A bucket of a `trend` series.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonBucket {
    pub key: String,
    pub count: u64,
    pub share: f64,
    /// Only with `--share`.
    #[serde(default)]
    pub clippings: Option<u64>,
}

/// A line of `alert run --format json`: the new clippings of one saved search.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonAlertResults {
    pub alert: String,
    pub query: String,
    pub total: usize,
    /// Only with `--collapse`.
    #[serde(default)]
    pub stories: Option<usize>,
    pub took_ms: u64,
    pub hits: Vec<JsonHit>,
}

/// A line of `alert run --format jsonl`: a hit, with the fields of [`JsonHit`] and no
/// other, and the saved search that found it. (serde refuses unknown fields only without
/// `flatten`: the name is taken out and the rest read as a hit.)
#[derive(Debug, Clone, PartialEq)]
pub struct JsonAlertHit {
    pub alert: String,
    pub hit: JsonHit,
}

impl<'de> Deserialize<'de> for JsonAlertHit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut fields = serde_json::Map::deserialize(d)?;
        let alert = match fields.remove("alert") {
            Some(serde_json::Value::String(name)) => name,
            other => return Err(D::Error::custom(format!("`alert` should be a name, not {other:?}"))),
        };
        let hit = JsonHit::deserialize(serde_json::Value::Object(fields)).map_err(D::Error::custom)?;
        Ok(JsonAlertHit { alert, hit })
    }
}

/// `alert list --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonAlertList {
    pub alerts: Vec<JsonListedAlert>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonListedAlert {
    pub name: String,
    pub query: String,
    pub since: Option<String>,
    pub until: Option<String>,
    pub source: Option<String>,
    pub lang: Option<String>,
    pub last_run: Option<u64>,
    pub reported: usize,
}
