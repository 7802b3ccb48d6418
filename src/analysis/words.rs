//! Word segmentation: the ranking half of the analyzer.
//!
//! jieba cuts the folded text into words; a document in which the query is a whole word
//! ranks above one where it only appears inside a longer word. Segmentation depends on
//! context, so words are used for ranking only; matching is done by [`super::ngrams`].

use std::ops::Range;
use std::sync::OnceLock;

use jieba_rs::Jieba;

/// A word of a folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub position: usize,
    /// The folded characters it covers.
    pub chars: Range<usize>,
}

/// The process-wide segmenter, loaded on first use.
pub fn segmenter() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// The words of a folded text, without white space and punctuation.
pub fn words(folded: &str) -> Vec<Word<'_>> {
    segmenter()
        .cut(folded, true)
        .into_iter()
        .filter(|t| t.word.chars().any(char::is_alphanumeric))
        .enumerate()
        .map(|(position, t)| Word { text: t.word, position, chars: t.start..t.end })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_table() {
        let table: &[(&str, &[&str])] = &[
            ("发展新质生产力", &["发展", "新质", "生产力"]),
            ("deepseek 发布 r1", &["deepseek", "发布", "r1"]),
            ("「香港」，", &["香港"]),
            ("", &[]),
        ];
        for (folded, expected) in table {
            let got: Vec<&str> = words(folded).iter().map(|w| w.text).collect();
            assert_eq!(got, *expected, "words of {folded:?}");
        }
    }

    #[test]
    fn char_ranges_match_the_words() {
        let folded = "香港 ai 芯片";
        for w in words(folded) {
            let text: String = folded.chars().skip(w.chars.start).take(w.chars.len()).collect();
            assert_eq!(text, w.text);
        }
    }
}
