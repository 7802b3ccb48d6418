//! Recursive descent over the tokens of a query ([`super::lex`]), by the precedence of
//! `docs/query.md`, within [`MAX_DEPTH`].

use super::lex::Token;
use super::{Expr, Malformed, Near, ParseError, Scope, MAX_DEPTH};

/// The expression `tokens` (not empty) make.
pub(super) fn expr(tokens: &[(usize, Token)]) -> Result<Expr, ParseError> {
    let mut parser = Parser { tokens, next: 0, depth: 0 };
    let expr = parser.or()?;
    match tokens.get(parser.next) {
        None => Ok(expr),
        Some((at, _)) => Err(Malformed { at: *at, why: "unbalanced `)`" }.into()),
    }
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
