//! From a parsed query ([`super::syntax`]) to a tantivy query.
//!
//! Each word or phrase becomes a [`Term`]: the grams it must match in order (see
//! [`crate::analysis::ngrams`]) and the words it is ranked by; one typed with `=` also
//! the characters its grams must stand for in the stored text ([`super::exact`]).

use std::collections::HashMap;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query,
    RegexPhraseQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term as IndexTerm;

use super::exact::{Exact, Failure};
use super::exclusion::Forward;
use super::forms;
use super::near::{NearQuery, Spans};
pub use super::syntax::Scope;
use super::syntax::{self, Atom, Expr, ParseError};
use crate::analysis::{ngrams, Segmenter};
use crate::index::Fields;
use crate::text::{each_unscripted, script, Folded};
use crate::{Error, Result};

/// Grams a final lone character may begin: more than there are CJK characters in use, so
/// that none is left out (tantivy reserves room for them all, so not unbounded).
pub const MAX_EXPANSIONS: u32 = 100_000;

/// How much more a match in the title weighs than one in the body.
pub(crate) const TITLE_BOOST: f32 = 2.0;

/// What a clipping where the words typed side by side stand so, in order, scores on top
/// of its score, for each word: more than any score a word can add (BM25 gives an index
/// term some 30 at most; a word's phrase of grams, its title boost and its ranked words
/// add up to a few hundred), so that every such clipping ranks above every other
/// ([`adjacent`]).
const ADJACENT_SCORE: f32 = 10_000.0;

/// Characters a query (or `--source`) may hold: a pasted article, and then some. A phrase
/// costs in proportion to its length.
pub const MAX_CHARS: usize = 20_000;

/// Words and phrases a query may hold: a pasted paragraph, and then some. Each ORed or
/// excluded one costs a pass over the documents it matches (or all, for `(-word)`): 1,000
/// of them take about a second on the index of the shared corpus.
pub const MAX_TERMS: usize = 1_000;

/// Words a prefix typed with `*` may stand for: more are refused, not searched short.
pub const MAX_TRUNCATED: usize = 5_000;

/// Forms a term typed with `=` is looked up in: each character that script folding may
/// change, as typed or folded alone, in every combination while there are at most this
/// many; beyond, only as typed and as folded whole.
const MAX_FORMS: usize = 16;

/// One thing the user asked for: a word or a quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// As typed.
    pub typed: String,
    /// The grams that must occur, as (position from the first, folded text); of a term
    /// typed with `=`, folded but for script (for white space, width and case).
    pub grams: Vec<(usize, String)>,
    /// The last gram is a lone CJK character that may begin a longer run in a
    /// document: it matches any gram starting with it.
    pub prefix: bool,
    /// The folded words it is ranked by ([`Segmenter::ranked_words`]).
    pub words: Vec<String>,
    /// Typed with `=`: the texts of `grams` in each form the index, which holds folded
    /// text, may hold them in (see [`MAX_FORMS`]); a match must be found in the text
    /// folded but for script. `None`: matched folded.
    pub as_typed: Option<Vec<Vec<String>>>,
    /// How each of `grams` matches besides its own text.
    pub variants: Vec<Variant>,
}

/// How a gram of a term matches the grams of a text, besides its own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Variant {
    /// Only so (or, the last gram of a term with `prefix`, as the start of any gram).
    Only,
    /// Any word that begins with it: an English word typed with `*` after it.
    Truncated,
    /// Also as these: the other forms of an English word ([`super::forms`]).
    Forms(Vec<String>),
}

impl Variant {
    /// True if a gram with text `gram` of a text matches `text`, a gram of a term, so.
    pub fn fits(&self, text: &str, gram: &str) -> bool {
        match self {
            Variant::Only => gram == text,
            Variant::Truncated => gram.starts_with(text),
            Variant::Forms(forms) => gram == text || forms.iter().any(|f| f == gram),
        }
    }
}

impl Term {
    /// Analyzes a word or phrase on its own; `None` if nothing in it can be searched
    /// (punctuation).
    pub fn new(typed: &str, segmenter: &Segmenter) -> Option<Term> {
        let folded = Folded::new(typed);
        Term::of_folded(typed, folded.as_str(), &segmenter.for_query(folded.as_str()), false)
    }

    /// [`Term::new`] for a word or phrase typed with `=`: matched in the script typed.
    pub fn as_typed(typed: &str, segmenter: &Segmenter) -> Option<Term> {
        let folded = Folded::new(typed);
        Term::of_folded(typed, folded.as_str(), &segmenter.for_query(folded.as_str()), true)
    }

    /// Analyzes a word or phrase typed as `typed`, folded to `folded`: its n-grams and
    /// ranked words, by the functions (and limits) that cut documents. If `exact`,
    /// `folded` must be the folding of `typed` alone.
    fn of_folded(typed: &str, folded: &str, segmenter: &Segmenter, exact: bool) -> Option<Term> {
        let unscripted = exact.then(|| {
            let mut unscripted = String::new();
            each_unscripted(typed, 0..typed.len(), |c| unscripted.push(c));
            unscripted
        });
        let QueryGrams { grams, prefix, truncated } = query_grams(unscripted.as_deref().unwrap_or(folded))?;
        let as_typed = unscripted.map(|unscripted| form_grams(&unscripted, folded, &grams));
        let words = segmenter.ranked_words(folded).into_iter().map(|w| w.text.to_owned()).collect();
        let variants = grams
            .iter()
            .zip(truncated)
            .map(|((_, text), truncated)| match truncated {
                true => Variant::Truncated,
                // Typed with `=`: the form typed only.
                false if exact => Variant::Only,
                false => Some(forms::of(text)).filter(|f| !f.is_empty()).map_or(Variant::Only, Variant::Forms),
            })
            .collect();
        Some(Term { typed: typed.to_owned(), grams, prefix, words, as_typed, variants })
    }

    /// The prefixes of the words typed with `*`.
    pub fn truncated(&self) -> impl Iterator<Item = &str> {
        self.grams.iter().zip(&self.variants).filter(|(_, v)| **v == Variant::Truncated).map(|((_, t), _)| t.as_str())
    }

    /// True if a match must be checked in the stored text to stand in the script typed:
    /// typed with `=` and holding CJK. Script folding changes no other character, in the
    /// text as in the term, so `=elections` is matched exactly by the index alone.
    pub fn script_checked(&self) -> bool {
        self.as_typed.is_some() && self.grams.iter().any(|(_, g)| g.chars().any(crate::text::is_ngram_char))
    }

    /// True if no gram matches but as itself (the last maybe as a prefix).
    fn plain(&self) -> bool {
        self.variants.iter().all(|v| *v == Variant::Only)
    }

    /// The first gram of each form the index may hold this term in.
    pub fn first_grams(&self) -> Vec<(usize, &str)> {
        let Some((first, text)) = self.grams.first() else { return Vec::new() };
        match &self.as_typed {
            None => vec![(*first, text.as_str())],
            Some(forms) => forms.iter().filter_map(|form| form.first()).map(|t| (*first, t.as_str())).collect(),
        }
    }

    /// The query that matches documents holding this term in `scope`, and ranks
    /// whole-word matches higher.
    pub fn query(&self, f: &Fields, scope: Scope) -> Box<dyn Query> {
        self.union(f, scope).unwrap_or_else(|| self.nested(f, scope))
    }

    /// [`Term::query`] as the exact match, which decides what matches, and the ranked
    /// words, which add to the score.
    pub(crate) fn nested(&self, f: &Fields, scope: Scope) -> Box<dyn Query> {
        let exact = match scope {
            Scope::Anywhere => self.anywhere(f),
            Scope::Title => self.exact(f.title_ngrams, Some(f.title_chars)),
            Scope::Body => self.exact(f.body_ngrams, Some(f.body_chars)),
            Scope::Source => return self.exact(f.source_ngrams, None),
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, exact)];
        for word in &self.words {
            if scope != Scope::Body {
                clauses.push((Occur::Should, boost(term_query(f.title, word), TITLE_BOOST)));
            }
            if scope != Scope::Title {
                clauses.push((Occur::Should, term_query(f.body, word)));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// True if [`Term::query`] is a union of term queries ([`Term::union`]).
    pub fn is_union(&self, scope: Scope) -> bool {
        self.union_texts(scope).is_some()
    }

    /// True if [`Term::query`] is a union of term queries that tantivy ranks by block-max
    /// WAND: those of the n-gram views only, which record frequencies (the word views do
    /// not, and tantivy then scores every match of the union).
    pub fn is_wand(&self, scope: Scope) -> bool {
        self.is_union(scope) && self.words.is_empty()
    }

    /// True if [`Term::query`] reads postings only, no positions: a union of term queries,
    /// or a lone character in its view. Counting its matches costs little next to
    /// ordering them; counting a phrase's costs as much (each match's positions).
    pub fn is_counted_cheaply(&self, scope: Scope) -> bool {
        self.is_union(scope) || (self.lone().is_some() && scope != Scope::Source)
    }

    /// The character of a term that is one CJK character, matched as itself: looked up
    /// in the characters view ([`Term::exact`]).
    fn lone(&self) -> Option<&str> {
        match self.grams.as_slice() {
            [(_, text)] if self.prefix && self.as_typed.is_none() && self.plain() => Some(text),
            _ => None,
        }
    }

    /// The texts of the one gram of a term matched as itself or as its forms (a CJK pair,
    /// an English word), if every word it is ranked by is that gram; `None` for any other.
    fn union_texts(&self, scope: Scope) -> Option<Vec<&str>> {
        let ([(_, gram)], [variant]) = (self.grams.as_slice(), self.variants.as_slice()) else { return None };
        if self.as_typed.is_some() || self.prefix || scope == Scope::Source || self.words.iter().any(|w| w != gram) {
            return None;
        }
        match variant {
            Variant::Only => Some(vec![gram.as_str()]),
            Variant::Forms(forms) => Some(std::iter::once(gram).chain(forms).map(String::as_str).collect()),
            Variant::Truncated => None,
        }
    }

    /// [`Term::query`] of a term of one gram ([`Term::union_texts`]), as one union of term
    /// queries: the gram and its forms in the n-gram views, its words in the word views,
    /// the title's boosted. A document holding the word holds its gram (the views cut one
    /// folded text, and the word is that gram's text), so the union matches what the
    /// gram does, and a sum scores it as the nested query does; but tantivy ranks a union
    /// of terms by block-max WAND, skipping the blocks of postings that cannot reach the
    /// top hits, where the nested query scores every match.
    fn union(&self, f: &Fields, scope: Scope) -> Option<Box<dyn Query>> {
        let texts = self.union_texts(scope)?;
        // (n-gram view, its boost, word view, its boost), as [`Term::nested`] weighs them:
        // `title:` matches in the title alone, and boosts its words only.
        let views = match scope {
            Scope::Anywhere => {
                vec![(f.title_ngrams, TITLE_BOOST, f.title, TITLE_BOOST), (f.body_ngrams, 1.0, f.body, 1.0)]
            }
            Scope::Title => vec![(f.title_ngrams, 1.0, f.title, TITLE_BOOST)],
            Scope::Body | Scope::Source => vec![(f.body_ngrams, 1.0, f.body, 1.0)],
        };
        let boosted = |query: Box<dyn Query>, by: f32| if by == 1.0 { query } else { boost(query, by) };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (ngrams, by, words, words_by) in views {
            clauses.extend(texts.iter().map(|t| (Occur::Should, boosted(term_query(ngrams, t), by))));
            clauses.extend(self.words.iter().map(|w| (Occur::Should, boosted(term_query(words, w), words_by))));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Matches the term exactly in the title or the body.
    fn anywhere(&self, f: &Fields) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, boost(self.exact(f.title_ngrams, Some(f.title_chars)), TITLE_BOOST)),
            (Occur::Should, self.exact(f.body_ngrams, Some(f.body_chars))),
        ]))
    }

    /// Matches the grams in order, at their relative positions; a final lone character
    /// as the prefix of whatever gram stands there. A term typed with `=`: in any of the
    /// forms the index may hold it in. `chars` is the characters view of `field`'s text,
    /// if it has one: a lone character alone is looked up there, one term instead of the
    /// prefix of thousands, scored as the prefix is (a constant).
    fn exact(&self, field: Field, chars: Option<Field>) -> Box<dyn Query> {
        let Some(forms) = &self.as_typed else {
            if let (Some(chars), Some(text)) = (chars, self.lone()) {
                let term = TermQuery::new(IndexTerm::from_field_text(chars, text), IndexRecordOption::Basic);
                return Box::new(ConstScoreQuery::new(Box::new(term), 1.0));
            }
            return self.phrase(field, self.grams.iter().map(|(_, t)| t.as_str()));
        };
        let any = forms.iter().map(|form| (Occur::Should, self.phrase(field, form.iter().map(String::as_str))));
        Box::new(BooleanQuery::new(any.collect()))
    }

    /// Matches grams of texts `texts` at the positions of this term's grams.
    fn phrase<'t>(&self, field: Field, texts: impl Iterator<Item = &'t str>) -> Box<dyn Query> {
        if !self.plain() {
            return self.varied(field, texts);
        }
        let terms: Vec<(usize, IndexTerm)> =
            self.grams.iter().zip(texts).map(|((p, _), t)| (*p, IndexTerm::from_field_text(field, t))).collect();
        match (terms.len(), self.prefix) {
            (_, true) => {
                let mut query = PhrasePrefixQuery::new_with_offset(terms);
                query.set_max_expansions(MAX_EXPANSIONS);
                Box::new(query)
            }
            (1, false) => Box::new(TermQuery::new(terms[0].1.clone(), IndexRecordOption::WithFreqs)),
            _ => Box::new(PhraseQuery::new_with_offset(terms)),
        }
    }

    /// [`Term::phrase`] of a term with a gram that matches more than its own text: a
    /// regular expression a gram.
    fn varied<'t>(&self, field: Field, texts: impl Iterator<Item = &'t str>) -> Box<dyn Query> {
        let last = self.grams.len() - 1;
        let patterns: Vec<(usize, String)> = self
            .grams
            .iter()
            .zip(texts)
            .zip(&self.variants)
            .enumerate()
            .map(|(i, (((at, _), text), variant))| {
                let pattern = match variant {
                    Variant::Truncated => format!("{}.*", escape(text)),
                    Variant::Only if self.prefix && i == last => format!("{}.*", escape(text)),
                    Variant::Only => escape(text),
                    Variant::Forms(forms) => {
                        let any: Vec<String> =
                            std::iter::once(text).chain(forms.iter().map(String::as_str)).map(escape).collect();
                        format!("({})", any.join("|"))
                    }
                };
                (*at, pattern)
            })
            .collect();
        if let ([(_, text)], [Variant::Forms(forms)]) = (self.grams.as_slice(), self.variants.as_slice()) {
            // Scored as the words are: a regular expression would score them all alike.
            let any = std::iter::once(text).chain(forms).map(|form| (Occur::Should, term_query(field, form)));
            return Box::new(BooleanQuery::new(any.collect()));
        }
        if patterns.len() == 1 {
            let (_, pattern) = &patterns[0];
            // An escaped pattern is a regular expression.
            return match RegexQuery::from_pattern(pattern, field) {
                Ok(query) => Box::new(query),
                Err(_) => Box::new(EmptyQuery),
            };
        }
        let mut query = RegexPhraseQuery::new_with_offset(field, patterns);
        query.set_max_expansions(MAX_EXPANSIONS);
        Box::new(query)
    }
}

/// `text` with the characters a regular expression gives a meaning to escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The grams a query matches of a word or phrase.
struct QueryGrams {
    /// (position from the first, folded text).
    grams: Vec<(usize, String)>,
    /// The last is a lone CJK character, a prefix.
    prefix: bool,
    /// Of each gram, whether it is a word typed with `*` after it.
    truncated: Vec<bool>,
}

/// The grams of folded text `folded` a query matches (a `*` is no punctuation: it takes
/// no position); `None` if it has none.
fn query_grams(folded: &str) -> Option<QueryGrams> {
    let stars: Vec<usize> = folded.chars().enumerate().filter(|&(_, c)| c == '*').map(|(i, _)| i).collect();
    let unstarred: String;
    let text = if stars.is_empty() {
        folded
    } else {
        unstarred = folded.chars().map(|c| if c == '*' { ' ' } else { c }).collect();
        &unstarred
    };
    let all = ngrams::grams(text);
    let first = all.first().map_or(0, |g| g.position);
    let grams: Vec<&ngrams::Gram> = all.iter().filter(|g| g.in_query()).collect();
    let prefix = grams.last()?.kind == ngrams::GramKind::Lone;
    let truncated = grams.iter().map(|g| g.kind == ngrams::GramKind::Word && stars.contains(&g.chars.end)).collect();
    let grams = grams.iter().map(|g| (g.position - first, g.text.to_owned())).collect();
    Some(QueryGrams { grams, prefix, truncated })
}

/// The texts of `grams`, those of `unscripted` (a word or phrase folded but for script,
/// whose folding is `whole`), in each form a document may hold them in ([`forms`]).
fn form_grams(unscripted: &str, whole: &str, grams: &[(usize, String)]) -> Vec<Vec<String>> {
    let mut forms: Vec<Vec<String>> = forms(unscripted, whole)
        .iter()
        .filter_map(|form| query_grams(form))
        // Script folding keeps CJK characters CJK: the grams of a form stand where those typed do.
        .filter(|form| form.grams.iter().map(|g| g.0).eq(grams.iter().map(|g| g.0)))
        .map(|form| form.grams.into_iter().map(|(_, text)| text).collect())
        .collect();
    forms.dedup();
    forms
}

/// The folded texts a document may hold for `unscripted`, a word or phrase folded but for
/// script, whose folding is `whole` (see [`MAX_FORMS`]).
fn forms(unscripted: &str, whole: &str) -> Vec<String> {
    let choices: Vec<Vec<char>> = unscripted.chars().map(script_forms).collect();
    let count = choices.iter().try_fold(1usize, |n, c| n.checked_mul(c.len()).filter(|&n| n <= MAX_FORMS));
    let mut forms = match count {
        Some(_) => choices.iter().fold(vec![String::new()], |forms, options| {
            forms.iter().flat_map(|form| options.iter().map(move |&c| format!("{form}{c}"))).collect()
        }),
        None => vec![unscripted.to_owned()],
    };
    forms.push(whole.to_owned());
    forms.sort_unstable();
    forms.dedup();
    forms
}

/// `c`, and what script folding makes of it alone if that is another character.
fn script_forms(c: char) -> Vec<char> {
    if !script::may_change(c) {
        return vec![c];
    }
    let alone = script::to_simplified(c.encode_utf8(&mut [0; 4]));
    let mut chars = alone.chars();
    match (chars.next(), chars.next()) {
        (Some(f), None) if f != c => vec![c, f],
        _ => vec![c],
    }
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(IndexTerm::from_field_text(field, text), IndexRecordOption::WithFreqs))
}

fn boost(query: Box<dyn Query>, by: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, by))
}

/// A query ready to run.
pub struct Plan {
    pub query: Box<dyn Query>,
    /// The terms asked for (not those excluded), to highlight.
    pub terms: Vec<Term>,
    /// The prefixes of the words typed with `*` (excluded ones too), to bound.
    pub truncated: Vec<String>,
    /// Why the query was searched as plain words, if it was.
    pub warning: Option<String>,
    /// What went wrong reading the stored text of a document to check a term typed with
    /// `=`, if anything did: to ask after running the query.
    pub failure: Failure,
    /// The query is one term's union of term queries ranked by block-max WAND
    /// ([`Term::is_wand`]): its top hits are found without scoring every match, and its
    /// count without scoring.
    pub wand: bool,
    /// The query is one term that reads postings only ([`Term::is_counted_cheaply`]).
    pub counted_cheaply: bool,
}

/// Parses and analyzes `query` into a [`Plan`]. A query that does not parse is searched
/// as plain words, with a warning; one with nothing searchable is [`Error::EmptyQuery`],
/// or, if it did not parse, [`Error::BadQuery`] saying why (a lone `=`).
///
/// Each word or phrase is folded once; one segmenter, holding the dictionary words of
/// them all, cuts them ([`Segmenter::for_query`]).
pub fn plan(query: &str, f: &Fields, segmenter: &Segmenter) -> Result<Plan> {
    let (expr, malformed) = parse(query)?;
    let warning = warning(query, malformed.as_ref());
    let Some(expr) = expr else { return Err(Error::EmptyQuery(query.to_owned())) };
    let mut folded = HashMap::new();
    fold_atoms(&expr, &mut folded);
    let mut all: Vec<&str> = folded.values().map(Folded::as_str).collect();
    all.sort_unstable();
    // No dictionary word holds a space, so none runs across two of them joined.
    let segmenter = &segmenter.for_query(&all.join(" "));
    let failure = Failure::default();
    let mut builder =
        Builder { f, segmenter, folded: &folded, terms: Vec::new(), truncated: Vec::new(), failure: &failure };
    let Some(mut built) = builder.build(&expr, true) else {
        return Err(match malformed {
            Some(malformed) => Error::BadQuery(malformed.to_string()),
            None => Error::EmptyQuery(query.to_owned()),
        });
    };
    let one = |test: fn(&Term, Scope) -> bool| matches!(&expr, Expr::Atom(atom) if builder.terms.len() == 1 && test(&builder.terms[0], atom.scope));
    let (mut wand, mut counted_cheaply) = (one(Term::is_wand), one(Term::is_counted_cheaply));
    if let Some(together) = adjacent(&expr, &folded, segmenter) {
        (wand, counted_cheaply) = (false, false);
        let words = count_atoms(&expr) as f32;
        let tier: Box<dyn Query> = Box::new(ConstScoreQuery::new(together.anywhere(f), ADJACENT_SCORE * words));
        built = Box::new(BooleanQuery::new(vec![(Occur::Must, built), (Occur::Should, tier)]));
    }
    let mut truncated = builder.truncated;
    truncated.sort_unstable();
    truncated.dedup();
    Ok(Plan { query: built, terms: builder.terms, truncated, warning, failure, wand, counted_cheaply })
}

/// The folding of each word and phrase of `expr`, once per text.
fn fold_atoms<'e>(expr: &'e Expr, folded: &mut HashMap<&'e str, Folded>) {
    match expr {
        Expr::Atom(Atom { text, .. }) => {
            folded.entry(text.as_str()).or_insert_with(|| Folded::new(text));
        }
        Expr::Not(inner) => fold_atoms(inner, folded),
        Expr::And(all) | Expr::Or(all) => all.iter().for_each(|e| fold_atoms(e, folded)),
        Expr::Near(left, _, right) => {
            fold_atoms(left, folded);
            fold_atoms(right, folded);
        }
    }
}

/// The parsed query, or its plain words and why it did not parse, within the limits of
/// depth, length and number of words.
pub fn parse(query: &str) -> Result<(Option<Expr>, Option<syntax::Malformed>)> {
    let (expr, malformed) = match syntax::parse(query) {
        Ok(expr) => (expr, None),
        Err(ParseError::Malformed(malformed)) => {
            let words = syntax::plain_words(query).into_iter().map(Expr::Atom).collect();
            (Some(Expr::And(words)), Some(malformed))
        }
        Err(ParseError::TooDeep) => {
            let depth = syntax::MAX_DEPTH;
            return Err(Error::BadQuery(format!(
                "nested deeper than {depth} levels of `(`, `NOT`, `-` and proximity operators"
            )));
        }
    };
    check_length(query)?;
    let atoms = expr.as_ref().map_or(0, count_atoms);
    if atoms > MAX_TERMS {
        return Err(Error::BadQuery(format!("too many words and phrases ({atoms}; at most {MAX_TERMS})")));
    }
    Ok((expr, malformed))
}

/// What to tell the user about `query`: why it was searched as plain words, and which
/// field names it gave that are none.
fn warning(query: &str, malformed: Option<&syntax::Malformed>) -> Option<String> {
    let malformed = malformed.map(|m| format!("{m}; searching the words instead"));
    let unknown = syntax::unknown_fields(query);
    if unknown.is_empty() {
        return malformed;
    }
    let names: Vec<String> = unknown.iter().map(|n| format!("`{n}:`")).collect();
    let fields = syntax::FIELDS.join(", ");
    let said = format!("no field {} (fields: {fields}); searched as text", names.join(", "));
    Some(malformed.map_or(said.clone(), |w| format!("{w}; {said}")))
}

/// [`Error::BadQuery`] if `text` is longer than [`MAX_CHARS`].
pub fn check_length(text: &str) -> Result<()> {
    // More than MAX_CHARS bytes may still be few enough characters.
    if text.len() > MAX_CHARS && text.chars().count() > MAX_CHARS {
        let chars = text.chars().count();
        return Err(Error::BadQuery(format!("too long ({chars} characters; at most {MAX_CHARS})")));
    }
    Ok(())
}

/// The words and phrases of `expr` (its depth is bounded by the parser).
fn count_atoms(expr: &Expr) -> usize {
    match expr {
        Expr::Atom(..) => 1,
        Expr::Not(inner) => count_atoms(inner),
        Expr::And(all) | Expr::Or(all) => all.iter().map(count_atoms).sum(),
        Expr::Near(left, _, right) => count_atoms(left) + count_atoms(right),
    }
}

/// Builds tantivy queries from a parsed query, collecting the terms to highlight.
struct Builder<'a> {
    f: &'a Fields,
    segmenter: &'a Segmenter,
    /// The folding of each word and phrase ([`fold_atoms`]).
    folded: &'a HashMap<&'a str, Folded>,
    terms: Vec<Term>,
    /// The prefixes of the words typed with `*`, wanted or not.
    truncated: Vec<String>,
    /// Shared by the checks of terms typed with `=`.
    failure: &'a Failure,
}

impl Builder<'_> {
    /// The query for `expr`; `None` if it holds nothing searchable. `wanted` is false
    /// under a `NOT`.
    fn build(&mut self, expr: &Expr, wanted: bool) -> Option<Box<dyn Query>> {
        match expr {
            Expr::Atom(atom) => self.term(atom).map(|term| {
                let mut query = term.query(self.f, atom.scope);
                if term.script_checked() {
                    query = Box::new(Exact::new(query, term.clone(), self.f, atom.scope, self.failure.clone()));
                }
                // A word typed twice is highlighted once.
                let same = |t: &Term| {
                    t.grams == term.grams
                        && t.prefix == term.prefix
                        && t.as_typed == term.as_typed
                        && t.variants == term.variants
                };
                self.truncated.extend(term.truncated().map(str::to_owned));
                if wanted && !self.terms.iter().any(same) {
                    self.terms.push(term);
                }
                query
            }),
            Expr::Not(inner) => self.build(inner, !wanted).map(|q| excluding(vec![q])),
            Expr::Or(any) => {
                let clauses: Vec<_> =
                    any.iter().filter_map(|e| self.build(e, wanted)).map(|q| (Occur::Should, q)).collect();
                (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
            }
            Expr::And(all) => self.and(all, wanted),
            Expr::Near(..) => {
                let candidates = self.candidates(expr, wanted)?;
                Some(Box::new(NearQuery::new(candidates, self.spans(expr)?, self.f)))
            }
        }
    }

    /// A query that matches every document a side of a proximity operator occurs in: a
    /// proximity match inside it needs only both its sides.
    fn candidates(&mut self, expr: &Expr, wanted: bool) -> Option<Box<dyn Query>> {
        match expr {
            Expr::Near(left, _, right) => {
                let both =
                    vec![(Occur::Must, self.candidates(left, wanted)?), (Occur::Must, self.candidates(right, wanted)?)];
                Some(Box::new(BooleanQuery::new(both)))
            }
            Expr::Or(any) => {
                let clauses: Vec<_> =
                    any.iter().filter_map(|e| self.candidates(e, wanted)).map(|q| (Occur::Should, q)).collect();
                (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
            }
            expr => self.build(expr, wanted),
        }
    }

    /// What a side of a proximity operator matches (the parser lets only terms, `OR`
    /// and proximity be one); `None` if it holds nothing searchable.
    fn spans(&self, expr: &Expr) -> Option<Spans> {
        match expr {
            Expr::Atom(atom) => Some(Spans::Term { term: self.term(atom)?, scope: atom.scope }),
            Expr::Or(any) => {
                let any: Vec<Spans> = any.iter().filter_map(|e| self.spans(e)).collect();
                (!any.is_empty()).then_some(Spans::Or(any))
            }
            Expr::Near(left, near, right) => {
                Some(Spans::Near(Box::new(self.spans(left)?), *near, Box::new(self.spans(right)?)))
            }
            Expr::And(_) | Expr::Not(_) => None,
        }
    }

    /// The term of a word or phrase of the query.
    fn term(&self, atom: &Atom) -> Option<Term> {
        let folded = self.folded.get(atom.text.as_str())?;
        Term::of_folded(&atom.text, folded.as_str(), self.segmenter, atom.exact)
    }

    /// All of `all` must match; `NOT` members must not.
    fn and(&mut self, all: &[Expr], wanted: bool) -> Option<Box<dyn Query>> {
        let mut clauses = Vec::new();
        for expr in all {
            match expr {
                Expr::Not(inner) => clauses.extend(self.build(inner, !wanted).map(|q| (Occur::MustNot, forward(q)))),
                expr => clauses.extend(self.build(expr, wanted).map(|q| (Occur::Must, q))),
            }
        }
        if clauses.is_empty() {
            return None;
        }
        if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}

fn forward(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(Forward(query))
}

/// Every document but those matching `queries`.
fn excluding(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
    clauses.extend(queries.into_iter().map(|q| (Occur::MustNot, forward(q))));
    Box::new(BooleanQuery::new(clauses))
}

/// For plain words (no operators or fields), the term of them all, which ranks
/// documents where they stand next to each other, in the order typed, above all those
/// where they do not ([`ADJACENT_SCORE`]).
fn adjacent(expr: &Expr, folded: &HashMap<&str, Folded>, segmenter: &Segmenter) -> Option<Term> {
    let Expr::And(all) = expr else { return None };
    if all.len() < 2 {
        return None;
    }
    let (mut typed, mut together) = (Vec::new(), Vec::new());
    for e in all {
        match e {
            Expr::Atom(Atom { scope: Scope::Anywhere, text, .. }) => {
                typed.push(text.as_str());
                together.push(folded.get(text.as_str())?.as_str());
            }
            _ => return None,
        }
    }
    Term::of_folded(&typed.join(" "), &together.join(" "), segmenter, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(query: &str) -> Result<Vec<Term>> {
        let (_, fields) = crate::index::schema_and_fields();
        plan(query, &fields, &Segmenter::default()).map(|p| p.terms)
    }

    #[test]
    fn terms_hold_relative_grams() {
        let terms = terms("新質生產力 AI").unwrap();
        let grams: Vec<_> = terms[0].grams.iter().map(|(p, t)| format!("{t}@{p}")).collect();
        assert_eq!(grams, ["新质@0", "质生@1", "生产@2", "产力@3"]);
        assert_eq!(terms[1].grams, [(0, "ai".to_owned())]);
    }

    #[test]
    fn long_queries_are_refused_and_repeated_terms_highlighted_once() {
        let many = vec!["香港"; MAX_TERMS + 1].join(" OR ");
        assert!(matches!(terms(&many), Err(Error::BadQuery(m)) if m.contains("too many words")));
        assert_eq!(terms(&vec!["香港"; MAX_TERMS].join(" OR ")).unwrap().len(), 1);
        assert_eq!(terms("香港 經濟 香港 -香港").unwrap().len(), 2);
        let long = "港".repeat(MAX_CHARS + 1);
        assert!(matches!(terms(&long), Err(Error::BadQuery(m)) if m.contains("too long (20001 characters")));
        assert!(terms(&"港".repeat(MAX_CHARS)).is_ok());
        assert!(terms(&"ab-".repeat(MAX_CHARS / 3)).is_ok());
    }

    #[test]
    fn words_too_long_to_index_are_left_out_as_documents_leave_them() {
        let long = "a".repeat(crate::analysis::MAX_TERM_BYTES + 1);
        assert!(matches!(terms(&long), Err(Error::EmptyQuery(_))));
        let terms = terms(&format!("x {long} y")).unwrap();
        assert_eq!(terms.len(), 2, "the long word is not a term");
        let phrase = self::terms(&format!("\"x {long} y\"")).unwrap();
        assert_eq!(phrase[0].grams, [(0, "x".to_owned()), (2, "y".to_owned())], "its position is kept");
    }

    #[test]
    fn an_exact_term_is_looked_up_in_each_form_a_document_may_hold() {
        let segmenter = Segmenter::default();
        let term = Term::as_typed("乾", &segmenter).unwrap();
        assert_eq!((term.grams.clone(), term.prefix), (vec![(0, "乾".to_owned())], true));
        assert_eq!(term.as_typed, Some(vec![vec!["乾".to_owned()], vec!["干".to_owned()]]));
        let forms = |typed: &str| Term::as_typed(typed, &segmenter).unwrap().as_typed.unwrap().len();
        assert_eq!(forms("乾隆"), 2, "乾隆 and 干隆");
        assert_eq!(forms("ＡＩ"), 1);
        assert_eq!(forms("乾淨後來"), 16);
        assert!(forms("乾淨後來幹") <= 2, "beyond {MAX_FORMS}: as typed and folded whole");
        let plain = Term::new("乾", &segmenter).unwrap();
        assert_eq!((plain.grams, plain.as_typed), (vec![(0, "干".to_owned())], None));
    }

    #[test]
    fn english_words_match_their_forms_and_prefixes_unless_typed_with_an_equals_sign() {
        let terms = terms("\"econom* growth\" =elections").unwrap();
        let grams: Vec<&str> = terms[0].grams.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(grams, ["econom", "growth"]);
        assert_eq!(terms[0].grams[1].0, 1, "the `*` takes no position");
        assert_eq!(terms[0].variants, [Variant::Truncated, Variant::Forms(vec!["growths".to_owned()])]);
        assert_eq!(terms[0].truncated().collect::<Vec<_>>(), ["econom"]);
        assert_eq!(terms[1].variants, [Variant::Only]);
        assert!(Variant::Forms(vec!["taxes".into()]).fits("tax", "taxes") && !Variant::Only.fits("tax", "taxes"));
        assert!(Variant::Truncated.fits("econom", "economy") && !Variant::Truncated.fits("econom", "econ"));
    }

    #[test]
    fn punctuation_only_is_an_empty_query() {
        assert!(matches!(terms("，。 \"\""), Err(Error::EmptyQuery(_))));
        assert!(terms("-香港").unwrap().is_empty(), "a query of exclusions highlights nothing");
        assert_eq!(terms("「港」 ,").unwrap().len(), 1);
        assert_eq!(terms("香港 -经济 NOT 澳门").unwrap().len(), 1, "excluded terms are not highlighted");
    }
}
