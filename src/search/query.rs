//! The query language: words that must all occur, and `"quoted phrases"`.
//!
//! Each word or phrase becomes a [`Term`]: the grams it must match in order (see
//! [`crate::analysis::ngrams`]) and the words it is ranked by.

use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term as IndexTerm;

use crate::analysis::{ngrams, Segmenter};
use crate::index::Fields;
use crate::text::Folded;
use crate::{Error, Result};

/// How much more a match in the title weighs than one in the body.
const TITLE_BOOST: f32 = 2.0;

/// One thing the user asked for: a word or a quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// As typed.
    pub typed: String,
    /// The grams that must occur, as (position from the first, folded text).
    pub grams: Vec<(usize, String)>,
    /// The folded words it is ranked by.
    pub words: Vec<String>,
}

impl Term {
    /// Analyzes a word or phrase; `None` if nothing in it can be searched (punctuation).
    pub fn new(typed: &str, segmenter: &Segmenter) -> Result<Option<Term>> {
        let folded = Folded::new(typed)?;
        let grams = ngrams::grams(folded.as_str());
        let first = grams.first().map_or(0, |g| g.position);
        let grams: Vec<(usize, String)> =
            grams.iter().filter(|g| g.in_query()).map(|g| (g.position - first, g.text.to_owned())).collect();
        if grams.is_empty() {
            return Ok(None);
        }
        let words = segmenter.words(folded.as_str()).into_iter().map(|w| w.text.to_owned()).collect();
        Ok(Some(Term { typed: typed.to_owned(), grams, words }))
    }

    /// The query that matches documents holding this term in title or body, and ranks
    /// whole-word matches higher.
    pub fn query(&self, f: &Fields) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, self.anywhere(f))];
        for word in &self.words {
            clauses.push((Occur::Should, boost(term_query(f.title, word), TITLE_BOOST)));
            clauses.push((Occur::Should, term_query(f.body, word)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Matches the term exactly in the title or the body.
    fn anywhere(&self, f: &Fields) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Should, boost(self.exact(f.title_ngrams), TITLE_BOOST)),
            (Occur::Should, self.exact(f.body_ngrams)),
        ]))
    }

    /// Matches the grams in order, at their relative positions.
    fn exact(&self, field: Field) -> Box<dyn Query> {
        match self.grams.as_slice() {
            [(_, text)] => term_query(field, text),
            grams => {
                let terms = grams.iter().map(|(p, t)| (*p, IndexTerm::from_field_text(field, t))).collect();
                Box::new(PhraseQuery::new_with_offset(terms))
            }
        }
    }
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(IndexTerm::from_field_text(field, text), IndexRecordOption::WithFreqs))
}

fn boost(query: Box<dyn Query>, by: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, by))
}

/// For several terms, a query that ranks documents where they stand next to each other,
/// in the order typed, above those where they stand apart.
pub fn adjacent(terms: &[Term], f: &Fields, segmenter: &Segmenter) -> Result<Option<Box<dyn Query>>> {
    if terms.len() < 2 {
        return Ok(None);
    }
    let typed: Vec<&str> = terms.iter().map(|t| t.typed.as_str()).collect();
    let together = Term::new(&typed.join(" "), segmenter)?;
    Ok(together.map(|t| t.anywhere(f)))
}

/// Parses a query string into terms that must all occur.
///
/// Words are separated by white space; `"…"` makes a phrase (an unclosed quote runs to
/// the end). Terms with nothing searchable in them are dropped; if none is left, the
/// query is empty.
pub fn parse(query: &str, segmenter: &Segmenter) -> Result<Vec<Term>> {
    let mut terms = Vec::new();
    for piece in split(query) {
        if let Some(term) = Term::new(piece, segmenter)? {
            terms.push(term);
        }
    }
    if terms.is_empty() {
        return Err(Error::EmptyQuery(query.to_owned()));
    }
    Ok(terms)
}

/// Splits on white space outside quotes; quoted parts are kept whole.
fn split(query: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    for (i, part) in query.split(['"', '“', '”', '「', '」']).enumerate() {
        if i % 2 == 1 {
            pieces.push(part);
        } else {
            pieces.extend(part.split_whitespace());
        }
    }
    pieces.retain(|p| !p.trim().is_empty());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_and_phrases() {
        assert_eq!(split("香港 经济"), ["香港", "经济"]);
        assert_eq!(split("\"hong kong\" economy"), ["hong kong", "economy"]);
        assert_eq!(split("“新质 生产力”"), ["新质 生产力"]);
        assert_eq!(split("\"unclosed phrase"), ["unclosed phrase"]);
        assert_eq!(split("  "), Vec::<&str>::new());
    }

    #[test]
    fn terms_hold_relative_grams() {
        let terms = parse("新質生產力 AI", &Segmenter::default()).unwrap();
        let grams: Vec<_> = terms[0].grams.iter().map(|(p, t)| format!("{t}@{p}")).collect();
        assert_eq!(grams, ["新质@0", "质生@1", "生产@2", "产力@3"]);
        assert_eq!(terms[1].grams, [(0, "ai".to_owned())]);
    }

    #[test]
    fn punctuation_only_is_an_empty_query() {
        assert!(matches!(parse("，。 \"\"", &Segmenter::default()), Err(Error::EmptyQuery(_))));
        assert_eq!(parse("「港」 ,", &Segmenter::default()).unwrap().len(), 1);
    }
}
