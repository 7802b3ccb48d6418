use proptest::prelude::*;

use super::{columns, packed, shorten, Marked};
use crate::search::Span;

/// `text` wrapped at `width` with `highlights` (in characters), each line painted with
/// highlights between `<` and `>`.
fn wrapped(text: &str, highlights: &[(usize, usize)], width: Option<usize>) -> Vec<String> {
    let spans: Vec<Span> = highlights.iter().map(|&(start, end)| Span { start, end }).collect();
    let marked = Marked::new(text, &spans, false);
    let lines = marked.lines(0..marked.text.len(), width);
    lines
        .into_iter()
        .map(|line| {
            let mut out = String::new();
            marked.paint(line, "<", ">", &mut out);
            out
        })
        .collect()
}

#[track_caller]
fn assert_wrapped(text: &str, highlights: &[(usize, usize)], width: usize, expected: &[&str]) {
    assert_eq!(wrapped(text, highlights, Some(width)), expected, "{text:?} at {width}");
}

#[test]
fn english_breaks_at_spaces_and_a_longer_word_is_cut() {
    assert_wrapped("the quick brown fox jumps", &[], 10, &["the quick", "brown fox", "jumps"]);
    assert_wrapped("  spaces   between  ", &[], 8, &["spaces", "between"]);
    assert_wrapped("abcdefghijkl xy", &[], 5, &["abcde", "fghij", "kl xy"]);
    assert_wrapped("   ", &[], 5, &[]);
}

#[test]
fn cjk_breaks_between_any_two_characters() {
    assert_wrapped("深港科技創新合作區", &[], 8, &["深港科技", "創新合作", "區"]);
    assert_wrapped("深港科技創新合作區", &[], 9, &["深港科技", "創新合作", "區"]);
    assert_wrapped("使用AI技術 for news", &[], 8, &["使用AI技", "術 for", "news"]);
}

#[test]
fn no_line_starts_with_closing_or_ends_with_opening_punctuation() {
    assert_wrapped("深港科技。創新", &[], 8, &["深港科", "技。創新"]);
    assert_wrapped("深港科技，」創新", &[], 8, &["深港科", "技，」創", "新"]);
    assert_wrapped("深港「科技」", &[], 6, &["深港", "「科", "技」"]);
    assert_wrapped("深港“科技”", &[], 5, &["深港", "“科", "技”"]);
    assert_wrapped("said hello , world", &[], 10, &["said", "hello ,", "world"]);
}

#[test]
fn a_highlight_that_fits_on_a_line_is_not_broken() {
    let text = "香港深港科技創新合作區";
    assert_wrapped(text, &[], 10, &["香港深港科", "技創新合作", "區"]);
    assert_wrapped(text, &[(4, 8)], 10, &["香港深港", "<科技創新>合", "作區"]);
    assert_wrapped("in hong kong today", &[(3, 12)], 9, &["in", "<hong kong>", "today"]);
    // Wider than the line: broken where it may be, each part closed on its line.
    assert_wrapped(text, &[(4, 8)], 6, &["香港深", "港<科技>", "<創新>合", "作區"]);
    assert_wrapped("hong kong harbour", &[(5, 17)], 8, &["hong", "<kong>", "<harbour>"]);
}

#[test]
fn without_a_width_the_text_is_one_line() {
    let long = "深港科技創新合作區 ".repeat(40);
    assert_eq!(wrapped(&long, &[(0, 2)], None), [format!("<深港>{}", &long["深港".len()..].trim_end())]);
}

#[test]
fn marked_text_keeps_its_line_breaks_and_highlights() {
    let highlights = [Span { start: 1, end: 3 }, Span { start: 4, end: 5 }];
    let marked = |breaks| Marked::new("a\x1bb\nc", &highlights, breaks);
    let (kept, escaped) = (marked(true), marked(false));
    assert_eq!((kept.text.as_str(), escaped.text.as_str()), ("a\\x1bb\nc", "a\\x1bb\\nc"));
    assert_eq!((kept.marks, escaped.marks), (vec![1..6, 7..8], vec![1..6, 8..9]));
    // Empty and overlapping spans (which search never gives) mark nothing and stop nothing.
    let odd =
        [Span { start: 0, end: 0 }, Span { start: 1, end: 3 }, Span { start: 2, end: 4 }, Span { start: 4, end: 5 }];
    assert_eq!(Marked::new("a\x1bb\nc", &odd, true).marks, [1..6, 7..8]);
}

#[test]
fn fields_are_packed_whole() {
    let fields: Vec<String> =
        ["2024/a.txt", "2024-03-14", "大公報", "https://a.hk/新聞/很長的網址"].map(String::from).into();
    assert_eq!(packed(&fields, " · ", Some(30)), ["2024/a.txt · 2024-03-14", "大公報", "https://a.hk/新聞/很長的網址"]);
    assert_eq!(packed(&fields, " · ", None).len(), 1);
}

#[test]
fn shortened_text_ends_in_an_ellipsis_within_the_columns() {
    assert_eq!(shorten("深港科技", 8), "深港科技");
    assert_eq!(shorten("深港科技", 7), "深港科…");
    assert_eq!(shorten("深港科技", 6), "深港…");
    assert_eq!(shorten("abc", 1), "…");
}

proptest! {
    /// Lines fit the width, and together hold every character but the white space they
    /// break at, in order.
    #[test]
    fn lines_fit_and_lose_nothing(
        words in prop::collection::vec("[a-z]{1,7}|[深港科技創新合作區]{1,9}|[，。、「」（）]", 0..40),
        spaces in prop::collection::vec(prop::bool::ANY, 40),
        width in 8usize..40,
    ) {
        let text: String =
            words.iter().zip(&spaces).map(|(w, &space)| if space { format!("{w} ") } else { w.clone() }).collect();
        let lines = wrapped(&text, &[], Some(width));
        for line in &lines {
            prop_assert!(columns(line) <= width, "{line:?} wider than {width}");
        }
        let solid = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(solid(&lines.concat()), solid(&text));
    }
}
