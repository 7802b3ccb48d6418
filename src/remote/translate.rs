//! From a query, parsed and analyzed as a local search does it ([`query::parse`],
//! [`Term`]), to the engine's query DSL: the translation table of `docs/remote.md`.
//!
//! Each term becomes phrases of its grams at their positions, which match in the
//! exported n-gram fields exactly what they match in the local index. What the DSL cannot
//! say exactly (proximity, `=` before CJK, a `*` inside a phrase; on Quickwit, a phrase
//! with an empty position) is refused with one line, never sent approximately.

use serde_json::{json, Value};

use super::{Engine, BODY_NGRAMS, BODY_WORDS, FILLER, SOURCE_NGRAMS, TITLE_NGRAMS, TITLE_WORDS};
use crate::analysis::Segmenter;
use crate::search::query::{self, Scope, Term, Variant};
use crate::search::syntax::{Atom, Expr};
use crate::search::{Request, Sort};
use crate::{Error, Result};

/// Phrases one term may be sent as: one per combination of the English forms of its
/// words. More are refused rather than sent short.
pub const MAX_PHRASES: usize = 64;

/// The body of the search request for `request` on `engine`.
pub fn request(engine: Engine, request: &Request, segmenter: &Segmenter) -> Result<Value> {
    let (expr, _) = query::parse(&request.query)?;
    let expr = expr.ok_or_else(|| Error::EmptyQuery(request.query.clone()))?;
    let t = Translator { engine, segmenter };
    let query = t.expr(&expr)?.ok_or_else(|| Error::EmptyQuery(request.query.clone()))?;
    let mut filters = Vec::new();
    let f = &request.filter;
    if f.since.is_some() || f.until.is_some() {
        let mut range = serde_json::Map::new();
        if let Some(since) = &f.since {
            range.insert("gte".into(), json!(since.as_str()));
        }
        if let Some(until) = &f.until {
            // Dates are ISO strings: every date starting with `until` sorts below it + U+FFFF.
            range.insert("lte".into(), json!(format!("{}\u{ffff}", until.as_str())));
        }
        filters.push(json!({"range": {"date": range}}));
    }
    if let Some(lang) = &f.lang {
        filters.push(json!({"term": {"lang": lang}}));
    }
    if let Some(source) = &f.source {
        let term = Term::new(source, segmenter)
            .ok_or_else(|| Error::BadQuery(format!("--source {source:?} has no words to match")))?;
        filters.push(t.exact(&term, SOURCE_NGRAMS)?);
    }
    let query = if filters.is_empty() { query } else { json!({"bool": {"must": [query], "filter": filters}}) };
    let size = if request.count_only { 0 } else { request.limit };
    let mut body = json!({"query": query, "from": request.offset, "size": size, "track_total_hits": true});
    let order = match request.sort {
        Sort::Relevance => None,
        Sort::Date => Some("asc"),
        Sort::DateDesc => Some("desc"),
    };
    if let Some(order) = order {
        body["sort"] = json!([{"date": {"order": order}}]);
    }
    Ok(body)
}

/// The request that counts the documents of an index analyzed otherwise than by `stamp`.
pub fn other_analyzers(stamp: &str) -> Value {
    json!({"query": {"bool": {"must_not": [{"term": {"analyzer": stamp}}]}}, "size": 0, "track_total_hits": true})
}

struct Translator<'a> {
    engine: Engine,
    segmenter: &'a Segmenter,
}

impl Translator<'_> {
    /// The query of `expr`; `None` if it holds nothing searchable (as a local search
    /// leaves such a part out).
    fn expr(&self, expr: &Expr) -> Result<Option<Value>> {
        match expr {
            Expr::Atom(atom) => self.atom(atom),
            Expr::Not(inner) => {
                Ok(self.expr(inner)?.map(|q| json!({"bool": {"must": [match_all()], "must_not": [q]}})))
            }
            Expr::Or(any) => {
                let should = self.each(any)?;
                Ok((!should.is_empty()).then(|| json!({"bool": {"should": should}})))
            }
            Expr::And(all) => self.and(all),
            Expr::Near(..) => Err(Error::Remote(format!(
                "proximity operators (w/N, pre/N, /s, /p) cannot be searched on {}: they need jianbao's \
                 sentence marks; search locally or without them",
                self.engine.name()
            ))),
        }
    }

    fn each(&self, exprs: &[Expr]) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        for expr in exprs {
            out.extend(self.expr(expr)?);
        }
        Ok(out)
    }

    fn and(&self, all: &[Expr]) -> Result<Option<Value>> {
        let (mut must, mut must_not) = (Vec::new(), Vec::new());
        for expr in all {
            match expr {
                Expr::Not(inner) => must_not.extend(self.expr(inner)?),
                expr => must.extend(self.expr(expr)?),
            }
        }
        if must.is_empty() && must_not.is_empty() {
            return Ok(None);
        }
        if must.is_empty() {
            must.push(match_all());
        }
        Ok(Some(json!({"bool": {"must": must, "must_not": must_not}})))
    }

    /// A word or phrase where its scope says, ranked by its words beside.
    fn atom(&self, atom: &Atom) -> Result<Option<Value>> {
        let term = match atom.exact {
            true => Term::as_typed(&atom.text, self.segmenter),
            false => Term::new(&atom.text, self.segmenter),
        };
        let Some(term) = term else { return Ok(None) };
        if term.script_checked() {
            return Err(Error::Remote(format!(
                "`={}` cannot be searched on {}: a match in the script typed is checked in the stored text; \
                 search locally or without `=`",
                atom.text,
                self.engine.name()
            )));
        }
        let (exact, words): (Value, &[&str]) = match atom.scope {
            Scope::Anywhere => {
                let either = vec![self.exact(&term, TITLE_NGRAMS)?, self.exact(&term, BODY_NGRAMS)?];
                (json!({"bool": {"should": either}}), &[TITLE_WORDS, BODY_WORDS])
            }
            Scope::Title => (self.exact(&term, TITLE_NGRAMS)?, &[TITLE_WORDS]),
            Scope::Body => (self.exact(&term, BODY_NGRAMS)?, &[BODY_WORDS]),
            Scope::Source => return self.exact(&term, SOURCE_NGRAMS).map(Some),
        };
        if term.words.is_empty() {
            return Ok(Some(exact));
        }
        let ranked: Vec<Value> =
            words.iter().map(|field| json!({"match": {*field: {"query": term.words.join(" ")}}})).collect();
        Ok(Some(json!({"bool": {"must": [exact], "should": ranked}})))
    }

    /// Matches `term` in n-gram field `field` as the local index does: its grams at their
    /// positions, in any of its forms.
    fn exact(&self, term: &Term, field: &str) -> Result<Value> {
        let typed: Vec<String> = term.grams.iter().map(|(_, t)| t.clone()).collect();
        let forms = term.as_typed.clone().unwrap_or_else(|| vec![typed]);
        let mut phrases = Vec::new();
        for form in &forms {
            for texts in self.combinations(term, form)? {
                phrases.push(self.phrase(term, &texts, field)?);
            }
        }
        Ok(match phrases.len() {
            1 => phrases.remove(0),
            _ => json!({"bool": {"should": phrases}}),
        })
    }

    /// Every choice of one text per gram of `term` (whose gram texts, in one form, are
    /// `form`) that the local query matches.
    fn combinations(&self, term: &Term, form: &[String]) -> Result<Vec<Vec<String>>> {
        let last = form.len().saturating_sub(1);
        let mut out: Vec<Vec<String>> = vec![Vec::new()];
        for (i, (text, variant)) in form.iter().zip(&term.variants).enumerate() {
            let choices: Vec<&String> = match variant {
                Variant::Truncated if i != last => {
                    return Err(Error::Remote(format!(
                        "`{}`: a word typed with `*` inside a phrase cannot be searched on {}; put it last",
                        term.typed,
                        self.engine.name()
                    )))
                }
                Variant::Only | Variant::Truncated => vec![text],
                Variant::Forms(forms) => std::iter::once(text).chain(forms).collect(),
            };
            if out.len() * choices.len() > MAX_PHRASES {
                return Err(Error::Remote(format!(
                    "`{}` has more than {MAX_PHRASES} combinations of English word forms to send to {}; \
                     type some with `=`",
                    term.typed,
                    self.engine.name()
                )));
            }
            out = out
                .iter()
                .flat_map(|done| choices.iter().map(move |c| [done.clone(), vec![(*c).clone()]].concat()))
                .collect();
        }
        Ok(out)
    }

    /// One phrase: `texts` at the positions of `term`'s grams, the filler where a position
    /// is empty; the last as a prefix if the term ends in a lone CJK character or a `*`.
    fn phrase(&self, term: &Term, texts: &[String], field: &str) -> Result<Value> {
        let mut tokens: Vec<&str> = Vec::new();
        for ((at, _), text) in term.grams.iter().zip(texts) {
            while tokens.len() < *at {
                tokens.push(FILLER);
            }
            tokens.push(text);
        }
        if self.engine == Engine::Quickwit && tokens.contains(&FILLER) {
            return Err(Error::Remote(format!(
                "`{}` has punctuation between its words, where jianbao matches any word: Quickwit cannot leave a \
                 position of a phrase free; type it without the punctuation, or use OpenSearch",
                term.typed
            )));
        }
        let prefix = term.prefix || term.variants.last() == Some(&Variant::Truncated);
        let query = tokens.join(" ");
        Ok(match prefix {
            true => json!({"match_phrase_prefix": {field: {"query": query, "max_expansions": query::MAX_EXPANSIONS}}}),
            false => json!({"match_phrase": {field: {"query": query}}}),
        })
    }
}

fn match_all() -> Value {
    json!({"match_all": {}})
}
