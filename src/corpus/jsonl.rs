//! `.jsonl` corpus files, plain or compressed (`.jsonl.gz`, `.jsonl.zst`): one article
//! per line, as in the shared news corpus and most scraper dumps.
//!
//! Dumps are large, so they are streamed line by line through the decompressor and
//! never held whole. Every fault is local: a bad line, an over-long line or a line that
//! is not UTF-8 is skipped with a problem naming it; a compressed stream that breaks off
//! keeps the lines read before the break.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read as _};

use flate2::read::MultiGzDecoder;
use serde_json::{Map, Value};

use super::{Document, Kind, Meta, Problem, Severity, Source};

/// Longer lines are skipped without being held in memory.
const MAX_LINE_BYTES: u64 = 64 << 20;

/// Problems listed one by one for a file; further ones are counted by severity, so that a
/// file of a million bad lines costs no more memory, or stderr, than one of a hundred.
const MAX_LISTED_PROBLEMS: usize = 100;

/// Fields copied from a line when they hold a string or a number.
const FIELDS: [&str; 5] = ["title", "date", "source", "lang", "url"];

/// Reads every line of a `.jsonl` file, handing each document to `sink` as it is read; a
/// bad line is a problem, the rest are read. A later line with an id already read is
/// handed over too, and replaces the earlier one.
pub fn read_each(source: &Source, sink: &mut dyn FnMut(Document)) -> Vec<Problem> {
    let mut lines =
        Lines { source, sink, problems: Vec::new(), unlisted: Vec::new(), seen: HashMap::new(), any: false };
    match open(source) {
        Ok(reader) => lines.read_all(reader),
        Err(e) => lines.problem(None, Severity::Unreadable, format!("cannot read: {e}")),
    }
    if !lines.any && lines.problems.is_empty() {
        lines.problem(None, Severity::Skipped, "empty file; skipped".into());
    }
    lines.finish()
}

/// The lines of `source`, decompressed as its name says.
fn open(source: &Source) -> io::Result<Box<dyn BufRead>> {
    let file = File::open(&source.file)?;
    Ok(match source.kind {
        // A multi-member reader, because `cat a.gz b.gz` is a valid gzip file.
        Kind::JsonlGz => Box::new(BufReader::new(MultiGzDecoder::new(BufReader::new(file)))),
        Kind::JsonlZst => Box::new(BufReader::new(zstd::Decoder::new(file)?)),
        _ => Box::new(BufReader::new(file)),
    })
}

/// One line read from the stream.
enum Line {
    Text,
    TooLong,
    End,
}

/// Reads the next line into `buf` (with its `\n`), skipping past one over the limit.
fn next_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<Line> {
    buf.clear();
    if (&mut *reader).take(MAX_LINE_BYTES + 1).read_until(b'\n', buf)? == 0 {
        return Ok(Line::End);
    }
    if buf.len() as u64 > MAX_LINE_BYTES && buf.last() != Some(&b'\n') {
        buf.clear();
        reader.skip_until(b'\n')?;
        return Ok(Line::TooLong);
    }
    Ok(Line::Text)
}

/// The state of reading one file.
struct Lines<'a> {
    source: &'a Source,
    sink: &'a mut dyn FnMut(Document),
    problems: Vec<Problem>,
    /// Problems past [`MAX_LISTED_PROBLEMS`]: how many of each severity, and the first line.
    unlisted: Vec<(Severity, usize, usize)>,
    /// The line number of each id read so far.
    seen: HashMap<String, usize>,
    /// Whether any line held more than white space.
    any: bool,
}

impl Lines<'_> {
    fn read_all(&mut self, mut reader: Box<dyn BufRead>) {
        let mut buf = Vec::new();
        for number in 1.. {
            match next_line(&mut *reader, &mut buf) {
                Ok(Line::End) => return,
                Ok(Line::TooLong) => {
                    self.problem(Some(number), Severity::Skipped, "line longer than 64 MiB; skipped".into())
                }
                Ok(Line::Text) => self.line(number, &buf),
                Err(e) => {
                    let message = format!(
                        "cannot read further: {e}; what the index held of the rest is kept, and the file is read again next time"
                    );
                    return self.problem(Some(number), Severity::Unreadable, message);
                }
            }
        }
    }

    fn line(&mut self, number: usize, bytes: &[u8]) {
        let bytes = if number == 1 { bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes) } else { bytes };
        let Ok(text) = std::str::from_utf8(bytes) else {
            return self.problem(Some(number), Severity::Skipped, "line is not valid UTF-8; skipped".into());
        };
        if text.trim().is_empty() {
            return;
        }
        self.any = true;
        match parse(text) {
            Ok((document, warnings)) => {
                warnings.into_iter().for_each(|w| self.problem(Some(number), Severity::Warning, w));
                self.add(number, document);
            }
            Err(message) => self.problem(Some(number), Severity::Skipped, message),
        }
    }

    /// Hands a document over; a later line with the same id replaces the earlier one.
    fn add(&mut self, number: usize, document: Document) {
        let mut document = super::finish(document, self.source, Some(number), &mut self.problems);
        document.meta.path.clone_from(&self.source.id);
        if let Some(earlier) = self.seen.insert(document.meta.id.clone(), number) {
            let message =
                format!("duplicate id {:?} (also on line {earlier}); this line replaces it", document.meta.id);
            self.problem(Some(number), Severity::Warning, message);
        }
        (self.sink)(document);
    }

    fn problem(&mut self, line: Option<usize>, severity: Severity, message: String) {
        if self.problems.len() < MAX_LISTED_PROBLEMS || severity == Severity::Unreadable {
            let path = &self.source.file;
            self.problems.push(match line {
                Some(line) => Problem::at_line(path, line, severity, message),
                None => Problem::new(path, severity, message),
            });
            return;
        }
        match self.unlisted.iter_mut().find(|(s, _, _)| *s == severity) {
            Some((_, n, _)) => *n += 1,
            None => self.unlisted.push((severity, 1, line.unwrap_or(0))),
        }
    }

    /// The problems, with one for each severity of those not listed.
    fn finish(mut self) -> Vec<Problem> {
        for (severity, n, first) in std::mem::take(&mut self.unlisted) {
            let what = match severity {
                Severity::Warning => "warnings",
                _ => "lines skipped",
            };
            let message = format!("{n} more {what} from this line on, not listed one by one");
            let mut problem = Problem::at_line(&self.source.file, first, severity, message);
            problem.count = n;
            self.problems.push(problem);
        }
        self.problems
    }
}

/// The document of one line, and warnings about fields that were left out.
fn parse(line: &str) -> Result<(Document, Vec<String>), String> {
    let article: Map<String, Value> = match serde_json::from_str(line) {
        Ok(Value::Object(article)) => article,
        Ok(_) => return Err("line is not a JSON object; skipped".into()),
        Err(e) => return Err(format!("bad JSON line: {e}; skipped")),
    };
    let id = match article.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err("`id` must be a non-empty string or a number; line skipped".into()),
    };
    let Some(Value::String(body)) = article.get("body") else {
        return Err("`body` must be a string; line skipped".into());
    };
    let mut warnings = Vec::new();
    let mut field = |name: &str| match article.get(name) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => {
            warnings.push(format!("`{name}` is not a string; ignored"));
            None
        }
    };
    let [title, date, source, lang, url] = FIELDS.map(&mut field);
    let meta = Meta { id, path: String::new(), title, date, source, lang, url };
    let document = Document { meta, body: body.clone() };
    Ok((document, warnings))
}

#[cfg(test)]
mod tests;
