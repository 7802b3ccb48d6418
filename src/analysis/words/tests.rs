use std::path::Path;

use super::*;
use crate::text::Folded;

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
        assert_eq!(cut(&Segmenter::default().for_query(folded), folded), *expected, "query words of {folded:?}");
    }
}

#[test]
fn user_dictionary_words_are_kept_whole() {
    let dict = UserDict::parse("新質生產力 50 n\n").unwrap();
    let segmenter = Segmenter::with_user_dict(&dict, None);
    assert_eq!(cut(&segmenter, "发展新质生产力"), ["发展", "新质生产力"]);
    assert_eq!(cut(&segmenter.for_query("发展新质生产力"), "发展新质生产力"), ["发展", "新质生产力"]);
}

#[test]
fn char_ranges_match_the_words() {
    let folded = "香港 ai 芯片";
    for w in Segmenter::default().words(folded) {
        let text: String = folded.chars().skip(w.chars.start).take(w.chars.len()).collect();
        assert_eq!(text, w.text);
    }
}

#[test]
fn the_fst_holds_the_standard_dictionary() {
    let found: Vec<(&str, u64)> = dictionary_words_in("生产力");
    let words: Vec<&str> = found.iter().map(|(w, _)| *w).collect();
    assert!(words.contains(&"生产力") && words.contains(&"生产") && words.contains(&"力"), "{words:?}");
    assert!(found.iter().all(|(_, f)| *f > 0));
    const { assert!(standard::TOTAL > 60_000_000) };
}

/// Query segmenters cut like the full dictionary: every span of 1 to 24 characters
/// starting at every 7th character of the sample corpus, folded, and mixed text.
#[test]
fn query_segmenters_cut_like_the_full_dictionary() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample");
    let mut texts: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "txt") {
            let raw = std::fs::read_to_string(entry.path()).unwrap();
            texts.push(Folded::new(&raw).as_str().to_owned());
        }
    }
    texts.push("deepseek发布r1模型 ai芯片2025年 香港特别行政区政府 中华人民共和国 一带一路".to_owned());
    let full = Segmenter::default();
    let mut checked = 0;
    for text in &texts {
        let chars: Vec<char> = text.chars().collect();
        for start in (0..chars.len()).step_by(7) {
            for len in [1, 2, 3, 4, 6, 9, 13, 24] {
                let query: String = chars[start..(start + len).min(chars.len())].iter().collect();
                let expected = cut(&full, &query);
                assert_eq!(cut(&full.for_query(&query), &query), expected, "{query:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 5_000, "{checked}");
}

/// With a user dictionary too, once its words are resolved (as an index records them),
/// query segmenters cut like the full dictionary: new words, words given without a
/// frequency, and standard words given another frequency.
#[test]
fn query_segmenters_with_a_user_dictionary_cut_like_the_full_one() {
    let dict = UserDict::parse("新質生產力 50 n\n河套區\n生產力 3\n香港創科\n一哄而上 1\n").unwrap();
    let full = Segmenter::with_user_dict(&dict, None);
    let words = full.user_words();
    assert_eq!(words.words.len(), 5);
    assert!(words.words.iter().all(|(_, f)| *f > 0) && words.total > standard::TOTAL - 100_000);
    let recorded = Segmenter::with_user_dict(&dict, Some(words));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let raw = std::fs::read_to_string(entry.path()).unwrap();
        let chars: Vec<char> = Folded::new(&raw).as_str().chars().collect();
        for start in (0..chars.len()).step_by(11) {
            for len in [2, 5, 9, 16] {
                let query: String = chars[start..(start + len).min(chars.len())].iter().collect();
                assert_eq!(cut(&recorded.for_query(&query), &query), cut(&full, &query), "{query:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1_000, "{checked}");
}

/// The shortcut of [`Segmenter::ranked_words`] (no jieba for a text that cannot hold a
/// ranked word) gives what jieba's words would: a word that ranks needs two neighbours
/// of jieba's runs.
#[test]
fn texts_skipped_by_the_shortcut_have_no_ranked_word() {
    let full = Segmenter::default();
    let ranked_by_jieba = |text: &str| -> Vec<String> { cut(&full, text).into_iter().filter(|w| ranks(w)).collect() };
    for text in [
        "港",
        "「港」",
        "港，",
        "a港",
        "港a",
        "a 港",
        "a股",
        "4s店",
        "买4s店",
        "卡拉ok",
        "3.5亿",
        "港-",
        "-港",
        "é港",
        "港 港",
    ] {
        let shortcut: Vec<String> = full.ranked_words(text).iter().map(|w| w.text.to_owned()).collect();
        assert_eq!(shortcut, ranked_by_jieba(text), "{text:?}");
    }
    assert!(!may_hold_ranked_word("「港」 ，中"), "lone characters");
    assert_eq!(full.ranked_words("4s店").len(), 1, "a word of digits, letters and CJK ranks");
}

proptest::proptest! {
    #[test]
    fn ranked_words_are_jiebas_ranked_words(text in "[港股恤中人店 a-c0-9s+#&._%\\-「」，é\\n]{0,6}") {
        let full = Segmenter::default();
        let shortcut: Vec<&str> = full.ranked_words(&text).iter().map(|w| w.text).collect();
        let jieba: Vec<&str> = full.words(&text).iter().map(|w| w.text).filter(|w| ranks(w)).collect();
        proptest::prop_assert_eq!(shortcut, jieba);
    }
}
