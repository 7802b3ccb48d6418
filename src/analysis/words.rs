//! Word segmentation: the ranking half of the analyzer.
//!
//! jieba cuts the folded text into words; a document in which the query is a whole word
//! ranks above one where it only appears inside a longer word. Segmentation depends on
//! context, so words are used for ranking only; matching is done by [`super::ngrams`].

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use jieba_rs::Jieba;

use super::dictionary::UserDict;

/// A word of a folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub position: usize,
    /// The folded characters it covers.
    pub chars: Range<usize>,
}

/// A jieba segmenter: the standard dictionary, plus an index's user dictionary if any.
#[derive(Clone)]
pub struct Segmenter(Arc<Jieba>);

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Segmenter")
    }
}

impl Default for Segmenter {
    /// The standard dictionary, loaded once per process and shared.
    fn default() -> Self {
        static STANDARD: OnceLock<Segmenter> = OnceLock::new();
        STANDARD.get_or_init(|| Segmenter(Arc::new(Jieba::new()))).clone()
    }
}

impl Segmenter {
    /// The standard dictionary with `dict`'s words added; without words, the shared one.
    pub fn with_user_dict(dict: &UserDict) -> Segmenter {
        if dict.is_empty() {
            return Segmenter::default();
        }
        let mut jieba = Jieba::new();
        for entry in dict.entries() {
            jieba.add_word(&entry.word, entry.freq, entry.tag.as_deref());
        }
        Segmenter(Arc::new(jieba))
    }

    /// The words of a folded text, without white space and punctuation.
    pub fn words<'a>(&self, folded: &'a str) -> Vec<Word<'a>> {
        self.0
            .cut(folded, true)
            .into_iter()
            .filter(|t| t.word.chars().any(char::is_alphanumeric))
            .enumerate()
            .map(|(position, t)| Word { text: t.word, position, chars: t.start..t.end })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(segmenter: &Segmenter, folded: &str) -> Vec<String> {
        segmenter.words(folded).iter().map(|w| w.text.to_owned()).collect()
    }

    #[test]
    fn words_table() {
        let table: &[(&str, &[&str])] = &[
            ("发展新质生产力", &["发展", "新质", "生产力"]),
            ("deepseek 发布 r1", &["deepseek", "发布", "r1"]),
            ("「香港」，", &["香港"]),
            ("", &[]),
        ];
        for (folded, expected) in table {
            assert_eq!(cut(&Segmenter::default(), folded), *expected, "words of {folded:?}");
        }
    }

    #[test]
    fn user_dictionary_words_are_kept_whole() {
        let dict = UserDict::parse("新質生產力 50 n\n").unwrap();
        assert_eq!(cut(&Segmenter::with_user_dict(&dict), "发展新质生产力"), ["发展", "新质生产力"]);
    }

    #[test]
    fn char_ranges_match_the_words() {
        let folded = "香港 ai 芯片";
        for w in Segmenter::default().words(folded) {
            let text: String = folded.chars().skip(w.chars.start).take(w.chars.len()).collect();
            assert_eq!(text, w.text);
        }
    }
}
