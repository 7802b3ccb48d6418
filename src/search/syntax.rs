//! The query syntax: words, `"phrases"`, `AND`, `OR`, `NOT`/`-word`, parentheses,
//! field prefixes (`title:河套`, `source:"文匯報"`) and `=` before a word or phrase
//! (`=乾`, `="乾隆 皇帝"`, `title:=乾`; `=title:乾` reads the same) to match it in the
//! script typed ([`super::exact`]), proximity operators (`w/5`, `pre/5`, `/s`, `/p` and
//! their aliases) and truncation (`econom*`), as `docs/query.md` defines them.
//!
//! Words next to each other must all occur. A query that does not parse (an unclosed
//! quote or parenthesis, an operator with nothing to apply to, `w/` without a distance,
//! a `*` that does not end an English word) is not an error: its words are searched as
//! plain words, and the caller is told why, to warn the user. A query nested deeper than
//! [`MAX_DEPTH`] is refused: the parser, the query built from it and tantivy's scorers
//! all recurse once per level, and a few thousand levels overflow the stack, which aborts
//! the process (a whole `--batch` with it).

use std::fmt;

use lex::{is_syntax, lex, looks_like_operator, Token};

mod lex;
mod parse;

/// Where an atom must occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Title or body.
    Anywhere,
    Title,
    Body,
    Source,
}

/// The field prefixes a query may use, in any case (`Title:`).
pub const FIELDS: &[&str] = &["title", "body", "source"];

impl Scope {
    fn from_prefix(name: &str) -> Option<Scope> {
        match name.to_ascii_lowercase().as_str() {
            "title" => Some(Scope::Title),
            "body" => Some(Scope::Body),
            "source" => Some(Scope::Source),
            _ => None,
        }
    }
}

/// The words of `query` that look like a field prefix but name no field (`headline:疫苗`):
/// they are searched as text, and the user is told. A URL (`https://…`) or a time
/// (`10:30`) does not look like one.
pub fn unknown_fields(query: &str) -> Vec<String> {
    let Ok(tokens) = lex(query) else { return Vec::new() };
    let mut unknown: Vec<String> = tokens
        .into_iter()
        .filter_map(|(_, token)| match token {
            Token::Atom(Atom { scope: Scope::Anywhere, text: word, .. }) => {
                let (name, rest) = word.split_once(':')?;
                let looks_like_field = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic());
                (looks_like_field && !rest.starts_with("//")).then(|| name.to_owned())
            }
            _ => None,
        })
        .collect();
    unknown.dedup();
    unknown
}

/// A word or phrase of a query, and where and how it must occur.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    pub scope: Scope,
    /// As typed, without its field prefix, `=` or quotes; a `*` of truncation kept
    /// (`econom*`, `econom* growth`), and only where it ends an English word of three
    /// letters or digits or more.
    pub text: String,
    /// Typed with `=`: it must occur in the script typed, not only folded.
    pub exact: bool,
}

impl Atom {
    /// A word or phrase to find anywhere, folded.
    pub fn anywhere(text: impl Into<String>) -> Atom {
        Atom { scope: Scope::Anywhere, text: text.into(), exact: false }
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Atom(Atom),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    /// An occurrence of each side, near each other as the operator says. Each side is
    /// spannable: an atom not scoped to the source, an `Or` of spannables, or a `Near`.
    Near(Box<Expr>, Near, Box<Expr>),
}

/// A proximity operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Near {
    /// `w/N`, `near/N`: at most N units between the two, in either order.
    Within(u32),
    /// `pre/N`, `adj/N`: the second after the first, at most N units between them.
    Pre(u32),
    /// `/s`, `w/s`: in one sentence.
    Sentence,
    /// `/p`, `w/p`: in one paragraph.
    Paragraph,
}

/// The greatest distance `w/N` and `pre/N` may give, in units.
pub const MAX_DISTANCE: u32 = 1000;

impl fmt::Display for Near {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Near::Within(n) => write!(f, "w/{n}"),
            Near::Pre(n) => write!(f, "pre/{n}"),
            Near::Sentence => f.write_str("/s"),
            Near::Paragraph => f.write_str("/p"),
        }
    }
}

/// Levels of `(`, `NOT` (or `-`) and proximity operators a query may nest: far more than
/// anyone types, far fewer than the stack holds (a debug build handles a few thousand).
/// Operators of one level apply left to right, so each in a row nests the ones before it.
pub const MAX_DEPTH: usize = 100;

/// Why a query was not parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not well formed: its words can still be searched as plain words.
    Malformed(Malformed),
    /// Nested deeper than [`MAX_DEPTH`]: refused.
    TooDeep,
}

impl From<Malformed> for ParseError {
    fn from(malformed: Malformed) -> Self {
        ParseError::Malformed(malformed)
    }
}

/// Why a query did not parse, and where (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub at: usize,
    pub why: &'static str,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {}", self.why, self.at + 1)
    }
}

/// Parses `query`; `Ok(None)` if it holds nothing at all.
pub fn parse(query: &str) -> Result<Option<Expr>, ParseError> {
    let tokens = lex(query)?;
    if tokens.is_empty() {
        return Ok(None);
    }
    parse::expr(&tokens).map(Some)
}

/// The words and phrases of a query that did not parse, to be searched as plain words
/// (those typed with `=` in the script typed): without `AND`, `OR`, `NOT`, words that are
/// or look like proximity operators (`w/5`, `w/`, `/s`), and any `*`.
pub fn plain_words(query: &str) -> Vec<Atom> {
    let cleaned: String = query.chars().filter(|&c| c != '*').map(|c| if is_syntax(c) { ' ' } else { c }).collect();
    cleaned
        .split_whitespace()
        .map(|w| w.trim_start_matches('-'))
        .filter(|w| !matches!(*w, "AND" | "OR" | "NOT") && !looks_like_operator(w))
        .filter_map(|w| {
            let text = w.trim_start_matches('=');
            let exact = text.len() < w.len();
            (!text.is_empty()).then(|| Atom { exact, ..Atom::anywhere(text) })
        })
        .collect()
}

#[cfg(test)]
mod tests;
