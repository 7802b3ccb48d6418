//! Printers: search results as text for people, or JSON for scripts.

use std::io::{self, Write};

use crate::search::{Hit, Results};

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
        Format::Json => {
            serde_json::to_writer(&mut *out, results)?;
            writeln!(out)
        }
        Format::Jsonl => results.hits.iter().try_for_each(|hit| {
            serde_json::to_writer(&mut *out, hit)?;
            writeln!(out)
        }),
    }
}

const BOLD_RED: &str = "\x1b[1;31m";
const MAGENTA: &str = "\x1b[35m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

fn text(out: &mut impl Write, results: &Results, color: bool) -> io::Result<()> {
    let paint = |style: &'static str| if color { style } else { "" };
    let reset = paint(RESET);
    for hit in &results.hits {
        write!(out, "{}{}{reset}", paint(MAGENTA), hit.id)?;
        if let Some(title) = &hit.title {
            write!(out, "  {}", one_line(title))?;
        }
        let date = hit.date.as_deref().map(|d| format!("{d}  ")).unwrap_or_default();
        writeln!(out, "  {}{date}score {:.2}{reset}", paint(DIM), hit.score)?;
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
    let mut out = String::with_capacity(hit.snippet.len() + 16 * hit.highlights.len());
    let mut marks = hit.highlights.iter().peekable();
    for (i, c) in hit.snippet.chars().enumerate() {
        if marks.peek().is_some_and(|m| m.start == i) {
            out.push_str(on);
        }
        out.push(c);
        if marks.peek().is_some_and(|m| m.end == i + 1) {
            out.push_str(off);
            marks.next();
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
