//! Printers: search results as text for people, or JSON for scripts.
//!
//! Every JSON line the binary writes goes through [`json`], from a typed struct: the
//! search [`Results`] and [`Hit`], a [`BatchError`], an [`Article`] (`show`) and the
//! index [`Stats`]. `docs/json.md` is their contract; tests read them back into structs
//! that refuse unknown fields.
//!
//! Text goes to a terminal, which obeys the control characters it is sent: an id, file
//! name or title holding `ESC [2J` would clear the screen, one holding a line break
//! would forge a line. So text output shows every control character as an escape
//! (`\x1b`, `\n`), except the line breaks the printer itself puts between paragraphs.
//! JSON output is exact: serde escapes control characters itself.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use crate::corpus::{Document, Meta};
use crate::index::Stats;
use crate::search::{Hit, Results, Snippet, Sort, Span};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Readable text, highlights in colour on a terminal.
    Text,
    /// One JSON object: `{query, total, hits}`.
    Json,
    /// One JSON hit per line.
    Jsonl,
}

/// Writes `results` in `format`; `color` applies to text only.
pub fn results(out: &mut impl Write, results: &Results, format: Format, color: bool) -> io::Result<()> {
    match format {
        Format::Text => text(out, results, color),
        Format::Json => json(out, results),
        Format::Jsonl => results.hits.iter().try_for_each(|hit| json(out, hit)),
    }
}

/// Writes `value` as one line of JSON.
pub fn json(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// What `search --count --format json` writes: the query and how many clippings match.
#[derive(Debug, Clone, Serialize)]
pub struct Count<'a> {
    pub query: &'a str,
    pub total: usize,
}

/// The line `search --batch` writes for a query that failed (or a line that is not
/// UTF-8) instead of its results.
#[derive(Debug, Clone, Serialize)]
pub struct BatchError {
    /// The query as read.
    pub query: String,
    /// Why it failed: the message the command would give for it alone.
    pub error: String,
}

const BOLD_RED: &str = "\x1b[1;31m";
const MAGENTA: &str = "\x1b[35m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

fn text(out: &mut impl Write, results: &Results, color: bool) -> io::Result<()> {
    let paint = |style: &'static str| if color { style } else { "" };
    let reset = paint(RESET);
    for hit in &results.hits {
        write!(out, "{}{}{reset}", paint(MAGENTA), visible(&hit.meta.id))?;
        if let Some(title) = &hit.meta.title {
            write!(out, "  {}", one_line(title))?;
        }
        let date = hit.meta.date.as_deref().map(|d| visible(d).into_owned());
        // Sorted by date, every score is 0: the date is what orders the hits.
        let score = (results.sort == Sort::Relevance).then(|| format!("score {:.2}", hit.score));
        let facts: Vec<String> = [date, score].into_iter().flatten().collect();
        writeln!(out, "  {}{}{reset}", paint(DIM), facts.join("  "))?;
        writeln!(out, "    {}", highlighted(hit, paint(BOLD_RED), reset))?;
    }
    let shown = results.hits.len();
    let total = results.total;
    if shown < total {
        writeln!(out, "{}{shown} of {total} matching clippings{reset}", paint(DIM))?;
    }
    Ok(())
}

/// The snippet with each highlight between `on` and `off`.
fn highlighted(hit: &Hit, on: &str, off: &str) -> String {
    marked(&hit.snippet, &hit.highlights, on, off, false)
}

/// `text` with each of `highlights` between `on` and `off`, and its control characters
/// made [`visible`], but line breaks if `breaks` (those of an article's paragraphs).
fn marked(text: &str, highlights: &[Span], on: &str, off: &str, breaks: bool) -> String {
    let mut out = String::with_capacity(text.len() + 16 * highlights.len());
    let mut marks = highlights.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        if marks.peek().is_some_and(|m| m.start == i) {
            out.push_str(on);
        }
        if breaks && c == '\n' {
            out.push(c);
        } else {
            push_visible(&mut out, c);
        }
        if marks.peek().is_some_and(|m| m.end == i + 1) {
            out.push_str(off);
            marks.next();
        }
    }
    out
}

/// `s` on one line, white space collapsed, control characters [`visible`].
fn one_line(s: &str) -> String {
    visible(&s.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

/// `s` with each control character written as an escape: `\n`, `\r`, `\t`, `\x1b` (C0
/// and DEL), `\u{9b}` (C1).
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.contains(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    s.chars().for_each(|c| push_visible(&mut out, c));
    Cow::Owned(out)
}

fn push_visible(out: &mut String, c: char) {
    if c.is_control() {
        crate::corpus::name::push_control(out, c);
    } else {
        out.push(c);
    }
}

/// A whole clipping as `show` prints it. This struct is the JSON of `jianbao show`.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    #[serde(flatten)]
    pub meta: Meta,
    /// The body as it reads in print: hard wraps repaired, paragraphs kept.
    pub text: String,
    /// Matches of `--highlight`, in Unicode characters of `text`.
    pub highlights: Vec<Span>,
}

impl Article {
    pub fn new(doc: Document, printed: Snippet) -> Article {
        Article { meta: doc.meta, text: printed.text, highlights: printed.highlights }
    }
}

/// Writes an article: title, a line of metadata, then the text.
pub fn article(out: &mut impl Write, a: &Article, color: bool) -> io::Result<()> {
    let paint = |style: &'static str| if color { style } else { "" };
    if let Some(title) = &a.meta.title {
        writeln!(out, "{}", one_line(title))?;
    }
    let meta: Vec<Cow<'_, str>> =
        [Some(&a.meta.id), a.meta.date.as_ref(), a.meta.source.as_ref(), a.meta.lang.as_ref(), a.meta.url.as_ref()]
            .into_iter()
            .flatten()
            .map(|field| visible(field))
            .collect();
    writeln!(out, "{}{}{}\n", paint(DIM), meta.join(" · "), paint(RESET))?;
    writeln!(out, "{}", marked(&a.text, &a.highlights, paint(BOLD_RED), paint(RESET), true))
}

/// Writes index statistics as text.
pub fn stats(out: &mut impl Write, s: &Stats, dir: &std::path::Path) -> io::Result<()> {
    writeln!(out, "index      {}", visible(&dir.display().to_string()))?;
    writeln!(out, "documents  {}", s.documents)?;
    let segments = if s.segments == 1 { "1 segment".to_owned() } else { format!("{} segments", s.segments) };
    writeln!(out, "size       {:.1} MB in {segments}", s.size_bytes as f64 / 1e6)?;
    writeln!(out, "analyzer   {} (jianbao {})", s.fingerprint, s.version)?;
    writeln!(out, "updated    {}", iso_time(s.updated))?;
    for (name, counts) in [("by lang", &s.by_lang), ("by year", &s.by_year), ("by source", &s.by_source)] {
        writeln!(out, "{name}")?;
        for (key, n) in counts {
            writeln!(out, "  {n:>8}  {}", visible(key))?;
        }
    }
    writeln!(out, "folders")?;
    for folder in &s.folders {
        match folder.label.as_str() {
            "" => writeln!(out, "  {}", folder.path)?,
            label => writeln!(out, "  {} (as {label}/)", folder.path)?,
        }
    }
    Ok(())
}

/// `YYYY-MM-DD HH:MM:SS UTC` of seconds since the Unix epoch (proleptic Gregorian).
fn iso_time(secs: u64) -> String {
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::{iso_time, marked, one_line, visible, Span};

    #[test]
    fn control_characters_are_shown_as_escapes() {
        let table = [
            ("plain 新聞", "plain 新聞"),
            ("a\x1b[2Jb", "a\\x1b[2Jb"),
            ("line\nforged\r\t", "line\\nforged\\r\\t"),
            ("\0\x7f\u{9b}", "\\x00\\x7f\\u{9b}"),
        ];
        for (text, shown) in table {
            assert_eq!(visible(text), shown, "{text:?}");
        }
        assert_eq!(one_line(" 標題\n \x1b[31m紅 "), "標題 \\x1b[31m紅");
    }

    #[test]
    fn marked_text_keeps_its_line_breaks_and_highlights() {
        let highlights = [Span { start: 1, end: 3 }];
        assert_eq!(marked("a\x1bb\nc", &highlights, "<", ">", true), "a<\\x1bb>\nc");
        assert_eq!(marked("a\x1bb\nc", &highlights, "<", ">", false), "a<\\x1bb>\\nc");
    }

    #[test]
    fn iso_time_of_known_instants() {
        assert_eq!(iso_time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(iso_time(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(iso_time(1_795_566_569), "2026-11-25 00:29:29 UTC");
    }
}
