//! The characters view: each CJK character a text holds, once, for a query of one
//! character.
//!
//! In the n-gram view a lone character is the prefix of every bigram it begins, and a
//! unigram where a run ends: a query of one common character reads thousands of posting
//! lists, and their lengths grow with the index (`人` begins some 4,000 bigrams). This
//! view holds the same answer as one term per character and document, without
//! positions, frequencies or norms, so that such a query reads one list. It takes the
//! characters n-grams are made of ([`is_ngram_char`]) from the same folded text, so it
//! finds the same documents: each such character begins a bigram or is a run's last.

use std::collections::HashSet;
use std::ops::Range;

use crate::text::is_ngram_char;

/// A character of a folded text, the first time the text holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Char<'a> {
    pub text: &'a str,
    /// The folded character it is, as a range of one.
    pub chars: Range<usize>,
}

/// The CJK characters of a part of a folded text not in `seen`, each once, in order of
/// first occurrence; adds them to `seen`, so that the parts of a text give each once.
pub fn distinct_after<'a>(folded: &'a str, seen: &mut HashSet<char>) -> Vec<Char<'a>> {
    folded
        .char_indices()
        .enumerate()
        .filter(|&(_, (_, c))| is_ngram_char(c) && seen.insert(c))
        .map(|(i, (byte, c))| Char { text: &folded[byte..byte + c.len_utf8()], chars: i..i + 1 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cjk_character_once_in_order_of_first_occurrence() {
        let mut seen = HashSet::new();
        let got: Vec<(&str, Range<usize>)> =
            distinct_after("香港人 hong kong，港人の", &mut seen).into_iter().map(|c| (c.text, c.chars)).collect();
        assert_eq!(got, [("香", 0..1), ("港", 1..2), ("人", 2..3), ("の", 16..17)]);
        // A later part gives only what the earlier ones did not.
        let later: Vec<&str> = distinct_after("人民", &mut seen).into_iter().map(|c| c.text).collect();
        assert_eq!(later, ["民"]);
        assert!(distinct_after("no cjk here 123", &mut HashSet::new()).is_empty());
    }
}
