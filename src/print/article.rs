//! A whole clipping, as `show` prints it: the typed [`Article`] (its JSON) and its text.

use std::io::{self, Write};

use serde::Serialize;

use super::escape::{one_line, readable_url, visible};
use super::wrap::{packed, Marked};
use super::{Layout, BOLD_RED, DIM};
use crate::corpus::{Document, Meta};
use crate::index::Version;
use crate::search::{Snippet, Span};

/// A whole clipping as `show` prints it. This struct is the JSON of `jianbao show`.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    #[serde(flatten)]
    pub meta: Meta,
    /// The body as it reads in print: hard wraps repaired, paragraphs kept.
    pub text: String,
    /// Matches of `--highlight`, in Unicode characters of `text`.
    pub highlights: Vec<Span>,
    /// The other clippings of its story (`docs/duplicates.md`).
    pub versions: Vec<Version>,
}

impl Article {
    pub fn new(doc: Document, printed: Snippet, versions: Vec<Version>) -> Article {
        Article { meta: doc.meta, text: printed.text, highlights: printed.highlights, versions }
    }
}

/// Writes an article: its title, a line of metadata (`id · date · source · lang · url`,
/// wrapped between fields only, so that a URL stays whole to copy or click), a blank line,
/// then its paragraphs, each wrapped to the width, a blank line between two.
pub fn article(out: &mut impl Write, a: &Article, layout: Layout) -> io::Result<()> {
    if let Some(title) = &a.meta.title {
        let title = Marked::plain(one_line(title));
        for line in title.lines(0..title.text.len(), layout.width()) {
            writeln!(out, "{}", &title.text[line])?;
        }
    }
    let meta = &a.meta;
    let url = meta.url.as_deref().map(readable_url);
    let fields: Vec<String> =
        [Some(meta.id.as_str()), meta.date.as_deref(), meta.source.as_deref(), meta.lang.as_deref()]
            .into_iter()
            .chain([url.as_deref()])
            .flatten()
            .map(|field| visible(field).into_owned())
            .collect();
    for line in packed(&fields, " · ", layout.width()) {
        writeln!(out, "{}{line}{}", layout.paint(DIM), layout.reset())?;
    }
    let body = Marked::new(&a.text, &a.highlights, true);
    for paragraph in paragraphs(&body.text) {
        writeln!(out)?;
        for line in body.lines(paragraph, layout.width()) {
            let mut text = String::new();
            body.paint(line, layout.paint(BOLD_RED), layout.reset(), &mut text);
            writeln!(out, "{text}")?;
        }
    }
    if !a.versions.is_empty() {
        let n = a.versions.len();
        writeln!(
            out,
            "\n{}{n} other version{} of this story:{}",
            layout.paint(DIM),
            if n == 1 { "" } else { "s" },
            layout.reset()
        )?;
        for v in &a.versions {
            writeln!(out, "{}", super::version_line(v, layout))?;
        }
    }
    Ok(())
}

/// The byte ranges of the paragraphs of `text`: what lies between line breaks, a run of
/// them being one break, and not white space alone.
fn paragraphs(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = 0;
    text.split('\n')
        .map(move |part| {
            let range = start..start + part.len();
            start = range.end + 1;
            range
        })
        .filter(|range| !text[range.clone()].trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn paragraphs_are_split_at_runs_of_line_breaks() {
        let text = "第一段。\n第二段。\n\n\n第三段。\n \n";
        let found: Vec<&str> = paragraphs(text).map(|r| &text[r]).collect();
        assert_eq!(found, ["第一段。", "第二段。", "第三段。"]);
    }
}
