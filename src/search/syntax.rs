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

impl Near {
    /// The operator `word` spells (in any case); `Ok(None)` if it looks like none
    /// (`w/o` looks like one, and is malformed).
    fn from_word(word: &str) -> Result<Option<Near>, &'static str> {
        let word = word.to_ascii_lowercase();
        let (name, units) = match word.as_str() {
            "/s" | "w/s" => return Ok(Some(Near::Sentence)),
            "/p" | "w/p" => return Ok(Some(Near::Paragraph)),
            _ => match operator_name(&word) {
                Some(split) => split,
                None => return Ok(None),
            },
        };
        if units.is_empty() || !units.bytes().all(|b| b.is_ascii_digit()) {
            return Err("`w/` without a number of units (w/5)");
        }
        // All digits: only too many of them fail to parse.
        let n = units.parse().ok().filter(|&n| n <= MAX_DISTANCE).ok_or("a distance over 1000 units")?;
        Ok(Some(if matches!(name, "w" | "near") { Near::Within(n) } else { Near::Pre(n) }))
    }
}

/// The name and the rest of a word that looks like a proximity operator with a
/// distance (`w/…`, `near/…`, `pre/…`, `adj/…`), lower case.
fn operator_name(lower: &str) -> Option<(&str, &str)> {
    let (name, rest) = lower.split_once('/')?;
    matches!(name, "w" | "near" | "pre" | "adj").then_some((name, rest))
}

/// Whether `word` is, or looks like, a proximity operator: [`plain_words`] drops it.
fn looks_like_operator(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    matches!(lower.as_str(), "/s" | "/p") || operator_name(&lower).is_some()
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

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    And,
    Or,
    Not,
    Near(Near),
    Atom(Atom),
}

/// Parses `query`; `Ok(None)` if it holds nothing at all.
pub fn parse(query: &str) -> Result<Option<Expr>, ParseError> {
    let tokens = lex(query)?;
    let mut parser = Parser { tokens: &tokens, next: 0, depth: 0 };
    if tokens.is_empty() {
        return Ok(None);
    }
    let expr = parser.or()?;
    match parser.tokens.get(parser.next) {
        None => Ok(Some(expr)),
        Some((at, _)) => Err(Malformed { at: *at, why: "unbalanced `)`" }.into()),
    }
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

fn is_syntax(c: char) -> bool {
    matches!(c, '(' | ')' | '（' | '）') || is_quote(c)
}

/// Quotes that make a phrase. Corner brackets (「」) are not among them: they are the
/// quotation marks of Chinese text, and pasted text holds them unpaired.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

fn closing(open: char) -> &'static [char] {
    match open {
        '“' => &['”', '"'],
        _ => &['"', '”'],
    }
}

/// Splits a query into tokens, each with its character position.
fn lex(query: &str) -> Result<Vec<(usize, Token)>, Malformed> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if matches!(c, '(' | '（') {
            tokens.push((i, Token::Open));
            i += 1;
        } else if matches!(c, ')' | '）') {
            tokens.push((i, Token::Close));
            i += 1;
        } else if c == '-' && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
            tokens.push((i, Token::Not));
            i += 1;
        } else {
            let (token, end) = atom(&chars, i, Scope::Anywhere, true)?;
            tokens.push((i, token));
            i = end;
        }
    }
    Ok(tokens)
}

/// Reads a word, a phrase, a `field:` prefixed atom or one marked `=` starting at `start`;
/// or, if `operators` (not right after a field prefix or `=`), a proximity operator.
fn atom(chars: &[char], start: usize, scope: Scope, operators: bool) -> Result<(Token, usize), Malformed> {
    if chars[start] == '=' {
        return exact(chars, start, scope);
    }
    if is_quote(chars[start]) {
        let close = closing(chars[start]);
        let end = (start + 1..chars.len())
            .find(|&j| close.contains(&chars[j]))
            .ok_or(Malformed { at: start, why: "unclosed quote" })?;
        truncation(&chars[start + 1..end], start + 1)?;
        let text = chars[start + 1..end].iter().collect();
        return Ok((Token::Atom(Atom { scope, text, exact: false }), end + 1));
    }
    let end = (start..chars.len()).find(|&j| chars[j].is_whitespace() || is_syntax(chars[j])).unwrap_or(chars.len());
    let word: String = chars[start..end].iter().collect();
    if scope == Scope::Anywhere {
        if let Some((name, rest)) = word.split_once(':') {
            if let Some(field) = Scope::from_prefix(name) {
                let after = start + name.chars().count() + 1;
                return match (rest.is_empty(), chars.get(after)) {
                    (true, Some(&q)) if is_quote(q) => atom(chars, after, field, false),
                    (true, _) => Err(Malformed { at: start, why: "a field prefix with nothing after it" }),
                    (false, _) => atom(chars, after, field, false),
                };
            }
        }
    }
    let token = match word.as_str() {
        "AND" => Token::And,
        "OR" => Token::Or,
        "NOT" => Token::Not,
        // `title:w/5` and `=w/5` are words.
        _ if !operators => atom_token(chars, start, end, scope, word)?,
        _ => match Near::from_word(&word).map_err(|why| Malformed { at: start, why })? {
            Some(near) => Token::Near(near),
            None => atom_token(chars, start, end, scope, word)?,
        },
    };
    Ok((token, end))
}

/// The word `word`, `chars[start..end]`, as an atom.
fn atom_token(chars: &[char], start: usize, end: usize, scope: Scope, word: String) -> Result<Token, Malformed> {
    truncation(&chars[start..end], start)?;
    Ok(Token::Atom(Atom { scope, text: word, exact: false }))
}

/// Checks each `*` of the text of an atom, `text`, which starts at character `start`:
/// truncation ends an English word of at least three letters or digits.
fn truncation(text: &[char], start: usize) -> Result<(), Malformed> {
    let english = |c: &char| c.is_alphanumeric() && !crate::text::is_ngram_char(*c);
    for (i, _) in text.iter().enumerate().filter(|(_, c)| **c == '*') {
        let why = if text[..i].last().is_some_and(|c| crate::text::is_ngram_char(*c))
            || text.get(i + 1).is_some_and(|c| c.is_alphanumeric())
        {
            "`*` only ends an English word"
        } else if text[..i].iter().rev().take_while(|c| english(c)).count() < 3 {
            "`*` needs at least three letters before it (econom*)"
        } else {
            continue;
        };
        return Err(Malformed { at: start + i, why });
    }
    Ok(())
}

/// Reads the word or phrase right after the `=` (or several) at `start`, marked exact.
/// An `=` with nothing after it, or an empty phrase, is malformed. Only a field prefix
/// recurses back here, once, so the recursion is bounded.
fn exact(chars: &[char], start: usize, scope: Scope) -> Result<(Token, usize), Malformed> {
    let bare = Malformed { at: start, why: "an `=` without a word or phrase right after it" };
    let after = (start..chars.len()).find(|&j| chars[j] != '=').ok_or(bare.clone())?;
    if chars[after].is_whitespace() || matches!(chars[after], '(' | ')' | '（' | '）') {
        return Err(bare);
    }
    let (token, end) = atom(chars, after, scope, false)?;
    let atom = match token {
        Token::Atom(atom) => atom,
        // `=AND` is the word.
        _ => Atom { scope, text: chars[after..end].iter().collect(), exact: false },
    };
    if atom.text.trim().is_empty() {
        return Err(bare);
    }
    Ok((Token::Atom(Atom { exact: true, ..atom }), end))
}

/// Recursive descent over tokens, loosest first:
///
/// ```text
/// or   := and (OR and)*          and  := not (AND? not)*     not := NOT not | para
/// para := sent (/p sent)*        sent := near (/s near)*
/// near := primary (NEAROP primary)*                          primary := ( or ) | atom
/// ```
///
/// where NEAROP is `w/N`, `near/N`, `pre/N` or `adj/N`. Only `NOT` and `(` recurse, and
/// each proximity operator in a row nests those before it: counting all three in `depth`
/// bounds the recursion, of the parser and of whatever walks the [`Expr`].
struct Parser<'a> {
    tokens: &'a [(usize, Token)],
    next: usize,
    depth: usize,
}

type Parsed = Result<Expr, ParseError>;

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(_, t)| t)
    }

    fn at(&self) -> usize {
        self.tokens.get(self.next).or(self.tokens.last()).map_or(0, |(at, _)| *at)
    }

    fn or(&mut self) -> Parsed {
        let mut any = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.next += 1;
            any.push(self.and()?);
        }
        Ok(if any.len() == 1 { any.remove(0) } else { Expr::Or(any) })
    }

    fn and(&mut self) -> Parsed {
        let mut all = vec![self.not()?];
        loop {
            match self.peek() {
                Some(Token::And) => {
                    self.next += 1;
                    all.push(self.not()?);
                }
                Some(Token::Not | Token::Open | Token::Atom(..)) => all.push(self.not()?),
                _ => break,
            }
        }
        Ok(if all.len() == 1 { all.remove(0) } else { Expr::And(all) })
    }

    fn not(&mut self) -> Parsed {
        if self.peek() != Some(&Token::Not) {
            return self.para();
        }
        self.next += 1;
        Ok(Expr::Not(Box::new(self.nested(Self::not)?)))
    }

    fn para(&mut self) -> Parsed {
        self.proximity(Self::sent, |near| near == Near::Paragraph)
    }

    fn sent(&mut self) -> Parsed {
        self.proximity(Self::near, |near| near == Near::Sentence)
    }

    fn near(&mut self) -> Parsed {
        self.proximity(Self::primary, |near| matches!(near, Near::Within(_) | Near::Pre(_)))
    }

    /// Operands parsed by `operand`, joined left to right by the proximity operators
    /// `of_level` accepts.
    fn proximity(&mut self, operand: fn(&mut Self) -> Parsed, of_level: fn(Near) -> bool) -> Parsed {
        let mut left = operand(self)?;
        let depth = self.depth;
        while let Some(&(at, Token::Near(near))) = self.tokens.get(self.next) {
            if !of_level(near) {
                break;
            }
            if self.depth == MAX_DEPTH {
                return Err(ParseError::TooDeep);
            }
            self.depth += 1;
            self.next += 1;
            if matches!(self.peek(), None | Some(Token::Close | Token::And | Token::Or | Token::Near(_))) {
                return Err(Malformed { at, why: "a proximity operator with nothing after it" }.into());
            }
            let right = operand(self)?;
            left = Expr::Near(Box::new(side(left, at)?), near, Box::new(side(right, at)?));
        }
        self.depth = depth;
        Ok(left)
    }

    fn primary(&mut self) -> Parsed {
        let at = self.at();
        let token = self.peek().cloned();
        self.next += 1;
        let why = match token {
            Some(Token::Atom(atom)) => return Ok(Expr::Atom(atom)),
            Some(Token::Open) => {
                let inner = self.nested(Self::or)?;
                if self.peek() != Some(&Token::Close) {
                    return Err(Malformed { at, why: "unclosed `(`" }.into());
                }
                self.next += 1;
                return Ok(inner);
            }
            Some(Token::Close) => "`)` with nothing before it",
            Some(Token::And | Token::Or) => "an operator with nothing before it",
            Some(Token::Near(_)) => "a proximity operator with nothing before it",
            // Only a side of a proximity operator begins here with NOT: `not` reads the others.
            Some(Token::Not) => NOT_A_SIDE,
            None => "an operator with nothing after it",
        };
        Err(Malformed { at, why }.into())
    }

    /// Parses with `rule` one level deeper.
    fn nested(&mut self, rule: fn(&mut Self) -> Parsed) -> Parsed {
        if self.depth == MAX_DEPTH {
            return Err(ParseError::TooDeep);
        }
        self.depth += 1;
        let expr = rule(self);
        self.depth -= 1;
        expr
    }
}

const NOT_A_SIDE: &str = "a side of a proximity operator must be a word, a phrase or an OR group";

/// `expr` as a side of the proximity operator at `at`, if it is spannable: an occurrence
/// of it covers a stretch of units of one field.
fn side(expr: Expr, at: usize) -> Result<Expr, Malformed> {
    fn spannable(expr: &Expr) -> bool {
        match expr {
            Expr::Atom(atom) => atom.scope != Scope::Source,
            Expr::Or(any) => any.iter().all(spannable),
            Expr::Near(..) => true,
            Expr::And(_) | Expr::Not(_) => false,
        }
    }
    if spannable(&expr) {
        Ok(expr)
    } else {
        Err(Malformed { at, why: NOT_A_SIDE })
    }
}

#[cfg(test)]
mod tests;
