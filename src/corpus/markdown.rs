//! `.md` clippings: optional YAML front matter between `---` lines, then the text.
//!
//! Front matter is where note-taking tools and static-site generators put an article's
//! title, date, source and link. It is parsed as real YAML, so quoted, unquoted and
//! numeric values all read the same; a block that is not valid YAML costs only the
//! metadata (with a warning), never the article.

use serde_yaml_ng::Value;

use super::{detect, first_line, Document, Meta, Problem, Severity, Source};

/// The document of a Markdown file whose text is `text`.
pub fn document(source: &Source, text: &str, problems: &mut Vec<Problem>) -> Document {
    let (front, body) = split_front_matter(text);
    let meta = Meta { id: source.id.clone(), path: source.id.clone(), ..Meta::default() };
    let mut document = Document { meta, body: String::new() };
    if let Some(yaml) = front {
        let mut warn = |message: String| problems.push(Problem::new(&source.file, Severity::Warning, message));
        apply_front_matter(yaml, &mut document, &mut warn);
    }
    document.meta.title = document.meta.title.filter(|t| !t.trim().is_empty()).or_else(|| heading(body));
    document.body = body.to_owned();
    document
}

/// The first line with words if it is a heading, without its `#`s (`## Title ##`), else
/// the headline of the text as of a `.txt` clipping; a rule (`---`, `***`) is no title.
fn heading(body: &str) -> Option<String> {
    let is_rule = |line: &str| line.chars().all(|c| matches!(c, '-' | '=' | '*' | '_' | '#' | ' ' | '\t'));
    let first = body.lines().map(str::trim).find(|line| !is_rule(line))?;
    let Some(line) = first.strip_prefix('#') else { return detect::title(body) };
    let line = line.trim_start_matches('#');
    let unclosed = line.trim_end_matches('#');
    first_line(if unclosed.ends_with([' ', '\t']) { unclosed } else { line })
}

/// The YAML between a first line `---` and the next line `---` (or `...`), and the text
/// after it; no front matter if either line is missing.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next().filter(|l| l.trim_end() == "---") else { return (None, text) };
    let mut end = first.len();
    for line in lines {
        if matches!(line.trim_end(), "---" | "...") {
            let body = text[end + line.len()..].trim_start_matches(['\r', '\n']);
            return (Some(&text[first.len()..end]), body);
        }
        end += line.len();
    }
    (None, text)
}

/// Sets the fields of `document` that front matter `yaml` names; other keys are the
/// business of other tools and are ignored.
fn apply_front_matter(yaml: &str, document: &mut Document, warn: &mut impl FnMut(String)) {
    let mapping = match serde_yaml_ng::from_str(yaml) {
        Ok(Value::Mapping(mapping)) => mapping,
        Ok(Value::Null) => return,
        Ok(_) => return warn("front matter is not a set of `key: value` fields; read without it".into()),
        Err(e) => return warn(format!("front matter is not valid YAML ({e}); read without it")),
    };
    for (key, value) in &mapping {
        let Some((name, field)) = key.as_str().and_then(|k| field(document, k)) else { continue };
        match scalar(value) {
            Some(text) => *field = text,
            None => warn(format!("front matter `{name}` is not a single value; ignored")),
        }
    }
}

/// The field of `document` a front matter key names, whatever its case.
fn field<'d>(document: &'d mut Document, key: &str) -> Option<(&'static str, &'d mut Option<String>)> {
    match key.to_ascii_lowercase().as_str() {
        "title" => Some(("title", &mut document.meta.title)),
        "date" => Some(("date", &mut document.meta.date)),
        "source" => Some(("source", &mut document.meta.source)),
        "url" => Some(("url", &mut document.meta.url)),
        "lang" => Some(("lang", &mut document.meta.lang)),
        _ => None,
    }
}

/// The text of a scalar (`None` inside for an empty value); `None` for a list or map.
fn scalar(value: &Value) -> Option<Option<String>> {
    match value {
        Value::Null => Some(None),
        Value::Bool(b) => Some(Some(b.to_string())),
        Value::Number(n) => Some(Some(n.to_string())),
        Value::String(s) => Some(Some(s.clone())),
        Value::Tagged(tagged) => scalar(&tagged.value),
        Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

#[cfg(test)]
mod tests;
