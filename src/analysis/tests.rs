//! Tables of input -> tokens for both views, and properties of offsets.

use std::collections::HashMap;
use std::sync::Mutex;

use proptest::prelude::*;

use super::*;

/// How many times each text was folded whole by the analyzer, in any thread.
static FOLDED_WHOLE: Mutex<Option<HashMap<String, usize>>> = Mutex::new(None);

/// Counts a whole folding of `text` ([`whole_folded`]).
pub(super) fn folded_whole(text: &str) {
    let mut counts = FOLDED_WHOLE.lock().unwrap_or_else(|e| e.into_inner());
    *counts.get_or_insert_with(HashMap::new).entry(text.to_owned()).or_default() += 1;
}

fn times_folded(text: &str) -> usize {
    let counts = FOLDED_WHOLE.lock().unwrap_or_else(|e| e.into_inner());
    counts.as_ref().and_then(|c| c.get(text).copied()).unwrap_or(0)
}

#[test]
fn each_text_of_a_document_is_folded_once_for_all_views() {
    use crate::corpus::Document;
    use crate::index::Store;
    // Texts no other test indexes: the counts are of this test alone.
    let (title, body, source) = ("摺疊一次的標題 fold-once", "摺疊一次的正文，只摺疊一次。 fold-once", "摺疊一次報");
    let store = Store::in_ram(Default::default());
    let mut doc = Document::new("once", body);
    doc.meta.title = Some(title.to_owned());
    doc.meta.source = Some(source.to_owned());
    let mut writer = store.writer(1).unwrap();
    writer.add_document(store.document(&doc, "file", 0)).unwrap();
    store.commit(&mut writer).unwrap();
    for text in [title, body, source] {
        assert_eq!(times_folded(text), 1, "{text:?} is folded once for its word, n-gram and marks views");
    }
    // The marks were indexed, from that one folding.
    let searcher = store.searcher().unwrap();
    for (field, sentences) in [(store.fields.title_marks, 0), (store.fields.body_marks, 1)] {
        let term = tantivy::Term::from_field_text(field, marks::SENTENCE);
        assert_eq!(searcher.doc_freq(&term).unwrap(), sentences, "{field:?}");
    }
}

fn analyze(text: &str, view: View) -> Vec<Token> {
    Analyzer::new(view, Segmenter::default()).analyze(text)
}

/// Asserts the tokens of `input`, each as (term, the original text it points at, position).
#[track_caller]
fn assert_tokens(view: View, input: &str, expected: &[(&str, &str, usize)]) {
    let got: Vec<(String, &str, usize)> =
        analyze(input, view).into_iter().map(|t| (t.text, &input[t.offset_from..t.offset_to], t.position)).collect();
    let expected: Vec<(String, &str, usize)> = expected.iter().map(|&(t, o, p)| (t.to_owned(), o, p)).collect();
    assert_eq!(got, expected, "{view:?} tokens of {input:?}");
}

#[test]
fn ngrams_of_traditional_point_at_original() {
    assert_tokens(View::Ngrams, "生產力", &[("生产", "生產", 0), ("产力", "產力", 1), ("力", "力", 2)]);
}

#[test]
fn ngrams_of_simplified() {
    assert_tokens(View::Ngrams, "河套区", &[("河套", "河套", 0), ("套区", "套区", 1), ("区", "区", 2)]);
}

#[test]
fn ngrams_of_english_and_full_width() {
    assert_tokens(
        View::Ngrams,
        "DeepSeek ＡＩ２０２５年",
        &[("deepseek", "DeepSeek", 0), ("ai2025", "ＡＩ２０２５", 1), ("年", "年", 2)],
    );
}

#[test]
fn ngrams_across_a_hard_wrap_cover_both_halves() {
    assert_tokens(View::Ngrams, "質\n\n生", &[("质生", "質\n\n生", 0), ("生", "生", 1)]);
}

#[test]
fn words_of_traditional_wrapped_text() {
    assert_tokens(
        View::Words,
        "發展新質\n生產力",
        &[("发展", "發展", 0), ("新质", "新質", 1), ("生产力", "生產力", 2)],
    );
    assert_tokens(View::Words, "新質生\n產力", &[("新质", "新質", 0), ("生产力", "生\n產力", 1)]);
}

#[test]
fn a_cjk_run_spans_a_space_between_cjk_characters() {
    assert_tokens(
        View::Ngrams,
        "林鄭 月娥\u{3000}說",
        &[("林郑", "林鄭", 0), ("郑月", "鄭 月", 1), ("月娥", "月娥", 2), ("娥说", "娥\u{3000}說", 3), ("说", "說", 4)],
    );
    // Segmented as the run joined: 生產力 is one word, as in 新質生產力.
    assert_tokens(View::Words, "新質 生 產力", &[("新质", "新質", 0), ("生产力", "生 產力", 1)]);
    // Not between CJK and Latin: the space still ends the run.
    assert_tokens(View::Ngrams, "AI 晶片", &[("ai", "AI", 0), ("晶片", "晶片", 1), ("片", "片", 2)]);
}

#[test]
fn a_possessive_is_part_of_its_word() {
    assert_tokens(
        View::Ngrams,
        "The Company’s shares, the companies' boards",
        &[
            ("the", "The", 0),
            ("company", "Company’s", 1),
            ("shares", "shares", 2),
            ("the", "the", 4),
            ("companies", "companies'", 5),
            ("boards", "boards", 6),
        ],
    );
    // A long text is never cut right after an apostrophe, which may begin a possessive.
    for text in ["company's", "company\u{2019}s", "company\u{ff07}s"] {
        assert!(!crate::text::is_cut_at(text, text.len() - 1), "{text:?}");
    }
    assert!(crate::text::is_cut_at("companies' shares", "companies'".len()), "before white space");
}

#[test]
fn words_view_keeps_only_words_of_two_or_more_characters_with_cjk() {
    // Latin words, numbers and single characters are whole grams of the n-gram view.
    assert_tokens(View::Words, "DeepSeek：ＡＩ", &[]);
    assert_tokens(View::Words, "香港的ＡＩ芯片", &[("香港", "香港", 0), ("芯片", "芯片", 3)]);
    assert_tokens(View::Ngrams, "DeepSeek：ＡＩ", &[("deepseek", "DeepSeek", 0), ("ai", "ＡＩ", 2)]);
}

#[test]
fn empty_and_blank_give_no_tokens() {
    for input in ["", " ", "\n\n", "，。「」"] {
        assert_tokens(View::Words, input, &[]);
        assert_tokens(View::Ngrams, input, &[]);
    }
}

fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "新質",
        "生產力",
        "新质",
        "着",
        "綫",
        "裏",
        "DeepSeek",
        "ＡＩ",
        "２０２５",
        "2025年",
        "\n",
        "\n\n",
        " ",
        "　",
        "，",
        "「",
        "」",
        "🦀",
        "e\u{301}",
        "\u{0}",
        "ﬁ",
        "㍿",
        "İ",
        "\r\n",
        "\u{2028}",
        "。\n",
        "！",
        ";",
        "company's",
        "’s",
        "s'",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(str::to_owned), any::<String>()], 0..12).prop_map(|v| v.concat())
}

/// Tokens as (term, offsets, position), of the n-gram and marks views, and of the word view without
/// positions (which the index does not keep, and a part of the text without a word to
/// rank leaves where they were).
fn comparable(tokens: Vec<Token>, view: View) -> Vec<(String, usize, usize, usize)> {
    let position = |t: &Token| if view == View::Words { 0 } else { t.position };
    tokens.into_iter().map(|t| (t.text.clone(), t.offset_from, t.offset_to, position(&t))).collect()
}

use crate::text::cuts_cleanly;

proptest! {
    #[test]
    fn parts_give_the_tokens_of_the_whole(text in mixed_text(), part_bytes in 1..48usize) {
        prop_assume!(cuts_cleanly(&text, part_bytes));
        for view in [View::Words, View::Ngrams, View::Marks, View::Chars] {
            let analyzer = Analyzer::new(view, Segmenter::default());
            let whole = comparable(analyzer.analyze_in_parts(&text, usize::MAX), view);
            prop_assert_eq!(comparable(analyzer.analyze_in_parts(&text, part_bytes), view), whole, "{:?}", view);
        }
    }

    #[test]
    fn offsets_are_in_bounds_on_boundaries_and_non_decreasing(text in mixed_text()) {
        for view in [View::Words, View::Ngrams, View::Marks, View::Chars] {
            let mut last = (0, 0);
            for t in analyze(&text, view) {
                prop_assert!(t.offset_from <= t.offset_to && t.offset_to <= text.len());
                prop_assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
                prop_assert!((t.offset_from, t.position) >= last, "{:?} went back", t);
                last = (t.offset_from, t.position);
            }
        }
    }

    #[test]
    fn the_characters_view_holds_the_characters_the_ngrams_begin_with(text in mixed_text()) {
        // What makes a one-character query on the characters view find what the prefix of
        // the n-grams finds.
        let chars: std::collections::BTreeSet<String> = analyze(&text, View::Chars).into_iter().map(|t| t.text).collect();
        let begun: std::collections::BTreeSet<String> = analyze(&text, View::Ngrams)
            .into_iter()
            .filter_map(|t| t.text.chars().next().filter(|&c| crate::text::is_ngram_char(c)).map(String::from))
            .collect();
        prop_assert_eq!(chars.len(), analyze(&text, View::Chars).len(), "each character once");
        prop_assert_eq!(chars, begun);
    }

    #[test]
    fn folding_keeps_one_origin_per_character(text in mixed_text()) {
        let folded = Folded::new(&text);
        prop_assert_eq!(folded.as_str().chars().count(), folded.len());
    }
}

/// About `bytes` bytes of news-like text in both scripts and English, with punctuation.
fn long_text(bytes: usize) -> String {
    let paragraph = "香港特區政府表示，將加大對科技創新的投入，推動新質生產力發展。\n\
                     The government said it would invest more in innovation; officials agreed.\n\
                     市民認為這是好的開始，但仍然要看實施細節！\n";
    paragraph.repeat(bytes / paragraph.len() + 1)
}

#[test]
fn marks_of_the_parts_are_the_marks_of_the_whole() {
    let text = format!("港府推進新型工業化\n{}", long_text(20_000));
    let analyzer = Analyzer::new(View::Marks, Segmenter::default());
    let whole = comparable(analyzer.analyze_in_parts(&text, usize::MAX), View::Marks);
    let count = |mark: &str| whole.iter().filter(|t| t.0 == mark).count();
    // Three paragraphs a repeat, the headline's, and a sentence more at the `；`.
    let repeats = text.matches('！').count();
    assert_eq!(count(marks::PARAGRAPH), 3 * repeats, "{text:.200}");
    assert_eq!(count(marks::SENTENCE), 4 * repeats);
    for part_bytes in [100, 1000, 4096] {
        assert!(cuts_cleanly(&text, part_bytes));
        assert_eq!(
            comparable(analyzer.analyze_in_parts(&text, part_bytes), View::Marks),
            whole,
            "in parts of {part_bytes}"
        );
    }
}

#[test]
fn a_long_text_is_analyzed_in_the_memory_of_one_part() {
    let text = long_text(2 << 20);
    for view in [View::Words, View::Ngrams, View::Marks, View::Chars] {
        let mut analyzer = Analyzer::new(view, Segmenter::default());
        analyzer.analyze("香港經濟"); // Loads jieba's dictionary and OpenCC first.
        let (tokens, peak) = crate::text::peak::peak_bytes(|| {
            let mut stream = analyzer.token_stream(&text);
            let mut tokens = 0;
            while stream.advance() {
                tokens += 1;
            }
            tokens
        });
        assert!(tokens > 100_000 || view != View::Ngrams, "{tokens}");
        // In parts, 24 MB (n-grams) and 14 MB (words); analyzed whole, 2 MiB of text
        // held 114 MB and 59 MB at once.
        assert!(peak < 40 << 20, "{view:?}: {} MB at once for {} tokens", peak >> 20, tokens);
    }
}
