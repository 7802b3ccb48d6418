//! Search results as text: for each hit a header line, `id  title  source  date  score`,
//! kept within the width, then its snippet, indented and wrapped.

use std::io::{self, Write};

use super::escape::{one_line, visible};
use super::wrap::{columns, shorten, Marked};
use super::{Layout, BOLD_RED, DIM, MAGENTA};
use crate::search::{Hit, Results, Sort};

/// What a snippet line starts with; lines it wraps into start the same.
const INDENT: &str = "    ";
/// Columns between two fields of a header.
const GAP: &str = "  ";

pub(super) fn text(out: &mut impl Write, results: &Results, layout: Layout) -> io::Result<()> {
    let reset = layout.reset();
    for hit in &results.hits {
        writeln!(out, "{}", header(hit, results.sort, layout))?;
        let snippet = Marked::new(&hit.snippet, &hit.highlights, false);
        let room = layout.width().map(|w| w.saturating_sub(INDENT.len()));
        for line in snippet.lines(0..snippet.text.len(), room) {
            let mut text = String::from(INDENT);
            snippet.paint(line, layout.paint(BOLD_RED), reset, &mut text);
            writeln!(out, "{text}")?;
        }
        if let Some(line) = hit.versions.as_deref().and_then(versions) {
            let line = match layout.width() {
                Some(width) => shorten(&line, width.saturating_sub(INDENT.len()).max(1)).into_owned(),
                None => line,
            };
            writeln!(out, "{INDENT}{}{line}{reset}", layout.paint(DIM))?;
        }
    }
    let (shown, total) = (results.hits.len(), results.total);
    match results.stories {
        Some(stories) if shown < stories || stories < total => {
            writeln!(out, "{}{shown} of {stories} stories ({total} matching clippings){reset}", layout.paint(DIM))?
        }
        Some(_) => {}
        None if shown < total => writeln!(out, "{}{shown} of {total} matching clippings{reset}", layout.paint(DIM))?,
        None => {}
    }
    Ok(())
}

/// `+2 versions: 大公報, 文匯報`: the other clippings of a hit's story, by source (by id
/// where there is none), each source once; `None` if there are none.
fn versions(versions: &[crate::search::Version]) -> Option<String> {
    if versions.is_empty() {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    for v in versions {
        let name = v.source.as_deref().map_or_else(|| visible(&v.id).into_owned(), one_line);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let n = versions.len();
    Some(format!("+{n} version{}: {}", if n == 1 { "" } else { "s" }, names.join(", ")))
}

/// The header of `hit`: its id, title and source, and its date and score (only when
/// sorted by relevance: sorted by date, every score is 0).
fn header(hit: &Hit, sort: Sort, layout: Layout) -> String {
    let meta = &hit.meta;
    let mut fields = [
        Some(visible(&meta.id).into_owned()),
        meta.title.as_deref().map(one_line),
        meta.source.as_deref().map(one_line),
        meta.date.as_deref().map(|d| visible(d).into_owned()),
        (sort == Sort::Relevance).then(|| format!("score {:.2}", hit.score)),
    ];
    if let Some(width) = layout.width() {
        // The title goes first, then the source, then the id; the date and score stay.
        fit(&mut fields, &[1, 2, 0], width);
    }
    let [id, title, facts @ ..] = fields;
    let mut line = format!("{}{}{}", layout.paint(MAGENTA), id.unwrap_or_default(), layout.reset());
    if let Some(title) = title {
        line.push_str(GAP);
        line.push_str(&title);
    }
    let facts: Vec<String> = facts.into_iter().flatten().collect();
    if !facts.is_empty() {
        line.push_str(GAP);
        line.push_str(&format!("{}{}{}", layout.paint(DIM), facts.join(GAP), layout.reset()));
    }
    line
}

/// Shortens `fields[i]`, for each `i` of `order` in turn, with `…` until the fields
/// there are, joined by [`GAP`], fit in `width` columns (or each shortened is `…` alone).
fn fit(fields: &mut [Option<String>], order: &[usize], width: usize) {
    for &i in order {
        let present = fields.iter().flatten();
        let total = present.clone().map(|f| columns(f)).sum::<usize>() + GAP.len() * present.count().saturating_sub(1);
        let excess = total.saturating_sub(width);
        if excess == 0 {
            return;
        }
        if let Some(field) = &mut fields[i] {
            let room = columns(field).saturating_sub(excess).max(1);
            *field = shorten(field, room).into_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{columns, fit};

    #[test]
    fn headers_shorten_the_title_then_the_source_then_the_id() {
        let fields = |title: &str| {
            [
                Some("2024/a.txt".to_owned()),
                Some(title.to_owned()),
                Some("大公報".to_owned()),
                Some("2024-03-14".to_owned()),
            ]
        };
        let shown = |fields: &[Option<String>]| fields.iter().flatten().cloned().collect::<Vec<_>>().join("  ");
        let mut short = fields("河套");
        fit(&mut short, &[1, 2, 0], 80);
        assert_eq!(shown(&short), "2024/a.txt  河套  大公報  2024-03-14");
        let mut long = fields(&"深港科技創新合作區".repeat(5));
        fit(&mut long, &[1, 2, 0], 40);
        assert_eq!(shown(&long), "2024/a.txt  深港科…  大公報  2024-03-14");
        assert!(columns(&shown(&long)) <= 40);
        let mut narrow = fields("河套");
        fit(&mut narrow, &[1, 2, 0], 24);
        assert_eq!(shown(&narrow), "2024/…  …  …  2024-03-14");
    }
}
