//! Splits a query into tokens: words and phrases (with their field prefix and `=`),
//! parentheses, `AND`, `OR`, `NOT`/`-`, and proximity operators. A word that looks like
//! a proximity operator and is none (`w/`, `w/abc`, `w/2000`), or a `*` that does not end
//! an English word, makes the query malformed.

use super::{Atom, Malformed, Near, Scope, MAX_DISTANCE};

/// The proximity operator `word` spells, in any case; `Ok(None)` if it looks like none.
/// One that looks like one and is none (`w/`, `w/o`, `w/2000`) is malformed.
fn operator(word: &str) -> Result<Option<Near>, &'static str> {
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
    // All digits: only too many of them fail to parse. The message names MAX_DISTANCE.
    let n = units.parse().ok().filter(|&n| n <= MAX_DISTANCE).ok_or("a distance over 1000 units")?;
    Ok(Some(if matches!(name, "w" | "near") { Near::Within(n) } else { Near::Pre(n) }))
}

/// The name and the rest of a word that looks like a proximity operator with a
/// distance (`w/…`, `near/…`, `pre/…`, `adj/…`), lower case.
fn operator_name(lower: &str) -> Option<(&str, &str)> {
    let (name, rest) = lower.split_once('/')?;
    matches!(name, "w" | "near" | "pre" | "adj").then_some((name, rest))
}

/// Whether `word` is, or looks like, a proximity operator: [`super::plain_words`] drops it.
pub(super) fn looks_like_operator(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    matches!(lower.as_str(), "/s" | "/p") || operator_name(&lower).is_some()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    Open,
    Close,
    And,
    Or,
    Not,
    Near(Near),
    Atom(Atom),
}

pub(super) fn is_syntax(c: char) -> bool {
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
pub(super) fn lex(query: &str) -> Result<Vec<(usize, Token)>, Malformed> {
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
        _ => match operator(&word).map_err(|why| Malformed { at: start, why })? {
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
