//! `.jsonl` corpus files: one article per line, as in the shared news corpus.

use serde::Deserialize;
use serde_json::Value;

use super::{Document, Problem, Read, Source};

/// One line as written; `id` may be a string or a number.
#[derive(Deserialize)]
struct Article {
    id: Value,
    body: String,
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
    lang: Option<String>,
    url: Option<String>,
}

/// Reads every line of a `.jsonl` file; a bad line is a problem, the rest are read.
pub fn read(source: &Source) -> Read {
    let mut read = Read::default();
    let bytes = match std::fs::read(&source.file) {
        Ok(bytes) => bytes,
        Err(e) => return Read { documents: vec![], problems: vec![Problem::new(&source.file, e.to_string())] },
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Read { documents: vec![], problems: vec![Problem::new(&source.file, "not UTF-8 text; skipped")] };
    };
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse(source, line) {
            Ok(document) => {
                let document = super::finish(document, source, Some(number + 1), &mut read.problems);
                read.documents.push(document);
            }
            Err(message) => read.problems.push(Problem { path: source.file.clone(), line: Some(number + 1), message }),
        }
    }
    read
}

fn parse(source: &Source, line: &str) -> Result<Document, String> {
    let article: Article = serde_json::from_str(line).map_err(|e| format!("bad JSON line: {e}"))?;
    let id = match article.id {
        Value::String(s) if !s.trim().is_empty() => s,
        Value::Number(n) => n.to_string(),
        _ => return Err("`id` must be a non-empty string or a number".into()),
    };
    Ok(Document {
        id,
        path: source.id.clone(),
        title: article.title.filter(|t| !t.trim().is_empty()),
        date: article.date,
        source: article.source,
        lang: article.lang,
        url: article.url,
        body: article.body,
    })
}
