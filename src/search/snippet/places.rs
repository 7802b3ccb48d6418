//! Where a hit's matches may begin, as the index knows: the positions, in the hit's
//! n-grams, of each term's first gram. A long clipping is then folded only in the parts
//! that hold one; the others are only counted through (see [`super::scan`]).

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, SegmentReader, Term as IndexTerm};

use super::super::query::{Term, Variant};

/// A document of a segment, and the n-gram field of the text a snippet is of.
#[derive(Clone, Copy)]
pub struct Hit<'s> {
    pub reader: &'s SegmentReader,
    pub doc: DocId,
    pub field: Field,
}

/// The n-gram positions at which a match of one of `terms` may begin in `hit`, in order:
/// where its first gram stands (a lone character: any gram it begins), in any form the
/// index may hold it in ([`Term::first_grams`]).
pub fn starts(hit: Hit<'_>, terms: &[Term]) -> tantivy::Result<Vec<usize>> {
    let index = hit.reader.inverted_index(hit.field)?;
    let mut starts = Vec::new();
    let mut positions = Vec::new();
    let mut read = |mut postings: SegmentPostings, first: usize| {
        // A form of an exact term may not be in the document: its postings may begin after it.
        if postings.doc() <= hit.doc && postings.seek(hit.doc) == hit.doc {
            postings.positions(&mut positions);
            starts.extend(positions.iter().filter_map(|&p| (p as usize).checked_sub(first)));
        }
    };
    let option = IndexRecordOption::WithFreqsAndPositions;
    for term in terms {
        let mut firsts = term.first_grams();
        let variant = term.variants.first();
        if let (Some(Variant::Forms(forms)), Some(&(first, _))) = (variant, firsts.first()) {
            firsts.extend(forms.iter().map(|form| (first, form.as_str())));
        }
        let prefix = (term.prefix && term.grams.len() == 1) || variant == Some(&Variant::Truncated);
        for (first, gram) in firsts {
            let key = IndexTerm::from_field_text(hit.field, gram);
            if prefix {
                let bytes = key.serialized_value_bytes();
                let mut grams = index.terms().range().ge(bytes).lt(after_prefix(bytes)).into_stream()?;
                while grams.advance() {
                    read(index.read_postings_from_terminfo(grams.value(), option)?, first);
                }
            } else if let Some(postings) = index.read_postings(&key, option)? {
                read(postings, first);
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    Ok(starts)
}

/// The first byte string after all those that begin with `prefix` (the bytes of a
/// character, whose last byte is never 0xFF).
pub(crate) fn after_prefix(prefix: &[u8]) -> Vec<u8> {
    let mut bound = prefix.to_vec();
    while let Some(last) = bound.pop() {
        if last < u8::MAX {
            bound.push(last + 1);
            break;
        }
    }
    bound
}
