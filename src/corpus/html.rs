//! `.html` / `.htm` clippings: saved web pages.
//!
//! A saved page holds the article among menus, scripts and styles. The body is the text
//! a reader would see, with block elements on lines of their own so that paragraphs do
//! not run together, and the metadata comes from the tags news sites fill for search
//! engines and social media (`article:published_time`, `og:site_name`, canonical link):
//! the title from `<title>` or the first `<h1>`, else the headline of the text.

use std::sync::LazyLock;

use scraper::node::Element;
use scraper::{ElementRef, Html, Node, Selector};

use super::{detect, Document, Meta, Problem, Severity, Source};

mod depth;

/// Elements whose content is never shown as text.
const HIDDEN: &[&str] = &["script", "style", "noscript", "template", "head", "iframe", "object", "svg", "math"];

/// Elements that start a new line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Where each field is looked for, in order: a CSS selector and the attribute to read.
const DATES: &[(&str, &str)] = &[
    (r#"meta[property="article:published_time"]"#, "content"),
    (r#"meta[name="date"]"#, "content"),
    (r#"meta[itemprop="datePublished"]"#, "content"),
    ("time[datetime]", "datetime"),
];
const SOURCES: &[(&str, &str)] = &[(r#"meta[property="og:site_name"]"#, "content")];
const URLS: &[(&str, &str)] = &[(r#"link[rel="canonical"]"#, "href"), (r#"meta[property="og:url"]"#, "content")];

/// The selectors above, parsed once per process.
static SELECTORS: LazyLock<Selectors> = LazyLock::new(Selectors::new);

struct Selectors {
    title: Selector,
    h1: Selector,
    body: Selector,
    dates: Vec<(Selector, &'static str)>,
    sources: Vec<(Selector, &'static str)>,
    urls: Vec<(Selector, &'static str)>,
}

impl Selectors {
    fn new() -> Self {
        // The selectors are constants of this module, so a failure is a bug found by any test.
        let parse = |css: &str| Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e}"));
        let all = |table: &[(&str, &'static str)]| table.iter().map(|&(css, attr)| (parse(css), attr)).collect();
        Selectors {
            title: parse("title"),
            h1: parse("h1"),
            body: parse("body"),
            dates: all(DATES),
            sources: all(SOURCES),
            urls: all(URLS),
        }
    }
}

/// The document of a saved web page whose text is `text`; a page nested too deep to be
/// a page (see [`depth`]) is read with a warning.
pub fn document(source: &Source, text: &str, problems: &mut Vec<Problem>) -> Document {
    let (page, dropped) = depth::parse(text);
    if dropped > 0 {
        let message = format!(
            "elements nested more than {} deep: {dropped} tags below that depth ignored, their text kept",
            depth::MAX_DEPTH
        );
        problems.push(Problem::new(&source.file, Severity::Warning, message));
    }
    let s = &*SELECTORS;
    let body = page.select(&s.body).next().map_or_else(String::new, visible_text);
    let title = [&s.title, &s.h1].into_iter().find_map(|sel| page.select(sel).map(inline_text).find(|t| !t.is_empty()));
    let meta = Meta {
        id: source.id.clone(),
        path: source.id.clone(),
        title: title.or_else(|| detect::title(&body)),
        date: attribute(&page, &s.dates),
        source: attribute(&page, &s.sources),
        lang: page.root_element().attr("lang").map(str::to_owned),
        url: attribute(&page, &s.urls),
    };
    Document { meta, body }
}

/// The first non-empty value of the first element that `table` finds.
fn attribute(page: &Html, table: &[(Selector, &str)]) -> Option<String> {
    let values = table.iter().flat_map(|(sel, attr)| page.select(sel).filter_map(move |e| e.attr(attr)));
    values.map(str::trim).find(|v| !v.is_empty()).map(str::to_owned)
}

/// The text of `element` on one line, white space collapsed (for titles).
fn inline_text(element: ElementRef<'_>) -> String {
    element.text().flat_map(str::split_ascii_whitespace).collect::<Vec<_>>().join(" ")
}

/// The text a reader sees in `element`: hidden elements left out, a line per block.
///
/// The tree is walked with a loop, not recursion, so that a page nested ten thousand
/// levels deep cannot overflow the stack.
fn visible_text(element: ElementRef<'_>) -> String {
    let mut text = Text::default();
    let root = *element;
    let mut node = root;
    loop {
        let descend = text.open(node.value());
        if let Some(child) = node.first_child().filter(|_| descend) {
            node = child;
            continue;
        }
        loop {
            text.close(node.value());
            if node.id() == root.id() {
                return text.out;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                break;
            }
            match node.parent() {
                Some(parent) => node = parent,
                None => return text.out,
            }
        }
    }
}

fn is_hidden(element: &Element) -> bool {
    HIDDEN.contains(&element.name()) || element.attr("hidden").is_some()
}

/// Text being gathered from a page, with the separators owed before the next word.
#[derive(Default)]
struct Text {
    out: String,
    space: bool,
    line: bool,
    /// Depth inside `<pre>`, where white space is kept as written.
    pre: usize,
}

impl Text {
    /// Takes in a node on the way down; false if its content is to be skipped.
    fn open(&mut self, node: &Node) -> bool {
        match node {
            Node::Text(text) => self.push(text),
            Node::Element(e) if is_hidden(e) => return false,
            Node::Element(e) => self.boundary(e.name(), true),
            _ => {}
        }
        true
    }

    /// Takes in the end of a node on the way up.
    fn close(&mut self, node: &Node) {
        match node {
            Node::Element(e) if !is_hidden(e) => self.boundary(e.name(), false),
            _ => {}
        }
    }

    fn boundary(&mut self, name: &str, open: bool) {
        if BLOCKS.contains(&name) {
            self.line = true;
        } else if matches!(name, "td" | "th") {
            self.space = true;
        }
        if name == "pre" {
            self.pre = if open { self.pre + 1 } else { self.pre.saturating_sub(1) };
        }
    }

    fn push(&mut self, text: &str) {
        for c in text.chars() {
            if self.pre == 0 && c.is_ascii_whitespace() {
                self.space = true;
            } else if self.pre > 0 && c == '\n' {
                self.out.push('\n');
                (self.line, self.space) = (false, false);
            } else {
                self.separate();
                self.out.push(c);
            }
        }
    }

    /// Writes the line break or space owed before a visible character.
    fn separate(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            if self.line {
                self.out.push('\n');
            } else if self.space {
                self.out.push(' ');
            }
        }
        (self.line, self.space) = (false, false);
    }
}

#[cfg(test)]
mod tests;
