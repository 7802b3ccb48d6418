use super::*;
use crate::analysis::Segmenter;
use crate::search::query::Term;

fn parse(query: &str, segmenter: &Segmenter) -> crate::Result<Vec<Term>> {
    Ok(query.split_whitespace().filter_map(|w| Term::new(w, segmenter)).collect())
}

/// The highlighted texts of the snippet of `original` for `query`.
fn marked(original: &str, query: &str, width: usize) -> (String, Vec<String>) {
    let s = Snippet::join(&passages(original, &parse(query, &Segmenter::default()).unwrap(), width, 1));
    let chars: Vec<char> = s.text.chars().collect();
    let marks = s.highlights.iter().map(|h| chars[h.start..h.end].iter().collect()).collect();
    (s.text, marks)
}

#[test]
fn highlights_land_on_original_script() {
    let (text, marks) = marked("發展新質生產力，是新質生產力。", "新质生产力", 100);
    assert_eq!(text, "發展新質生產力，是新質生產力。");
    assert_eq!(marks, ["新質生產力", "新質生產力"]);
}

#[test]
fn a_wrapped_match_reads_as_printed_and_is_highlighted_whole() {
    let (text, marks) = marked("因地制宜發展新質\n\n生產力。", "新質生產力", 100);
    assert_eq!(text, "因地制宜發展新質生產力。");
    assert_eq!(marks, ["新質生產力"]);
}

#[test]
fn a_space_between_cjk_characters_is_shown_and_a_match_across_it_covers_it() {
    let (text, marks) = marked("元朗 建立新市鎮，林鄭　月娥說。", "元朗建立 林鄭月娥", 100);
    assert_eq!(text, "元朗 建立新市鎮，林鄭 月娥說。");
    assert_eq!(marks, ["元朗 建立", "林鄭 月娥"]);
    let (text, marks) = marked("元朗 建立", "建立", 100);
    assert_eq!((text.as_str(), marks), ("元朗 建立", vec!["建立".to_owned()]), "the space is no part of 建立");
}

#[test]
fn a_whole_article_keeps_a_space_between_cjk_characters_and_mends_wraps() {
    let terms = parse("林鄭月娥", &Segmenter::default()).unwrap();
    let article = whole("特首林鄭 月娥今日到訪元朗，\n並宣佈建立新\n市鎮。", &terms);
    assert_eq!(article.text, "特首林鄭 月娥今日到訪元朗，並宣佈建立新市鎮。");
    let chars: Vec<char> = article.text.chars().collect();
    let marks: Vec<String> = article.highlights.iter().map(|h| chars[h.start..h.end].iter().collect()).collect();
    assert_eq!(marks, ["林鄭 月娥"]);
}

#[test]
fn english_wraps_become_spaces_and_words_match_whole() {
    let (text, marks) = marked("Hong\nKong said AI;\nＡＩ chips", "ai", 100);
    assert_eq!(text, "Hong Kong said AI; ＡＩ chips");
    assert_eq!(marks, ["AI", "ＡＩ"]);
}

#[test]
fn the_window_holds_the_most_terms() {
    let filler = "無關的文字。".repeat(40);
    let original = format!("香港{filler}香港與河套{filler}");
    let (text, marks) = marked(&original, "香港 河套", 30);
    assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
    assert_eq!(marks, ["香港", "河套"]);
    assert!(text.chars().count() <= 32);
}

#[test]
fn no_match_gives_the_start() {
    let (text, marks) = marked("第一段。\n第二段。", "河套", 100);
    assert_eq!(text, "第一段。第二段。");
    assert!(marks.is_empty());
}

#[test]
fn several_passages_show_different_matches_joined_by_one_ellipsis() {
    let filler = "無關的文字。".repeat(40);
    let original = format!("{filler}香港{filler}河套{filler}香港");
    let terms = parse("香港 河套", &Segmenter::default()).unwrap();
    let parts = passages(&original, &terms, 20, 3);
    assert_eq!(parts.len(), 3);
    let joined = Snippet::join(&parts);
    assert!(!joined.text.contains("……"), "{}", joined.text);
    let chars: Vec<char> = joined.text.chars().collect();
    let marks: Vec<String> = joined.highlights.iter().map(|h| chars[h.start..h.end].iter().collect()).collect();
    assert_eq!(marks, ["香港", "河套", "香港"]);
    assert_eq!(passages(&original, &terms, 20, 10).len(), 3, "no passage without a new match");
}

#[test]
fn a_whole_article_keeps_paragraphs_and_repairs_wraps() {
    let terms = parse("生产力", &Segmenter::default()).unwrap();
    let article = whole("發展新質\n\n生產力。\n\n第二段\n講生產\n力。\nEnd of\nline.", &terms);
    assert_eq!(article.text, "發展新質生產力。\n第二段講生產力。\nEnd of line.");
    let chars: Vec<char> = article.text.chars().collect();
    let marks: Vec<String> = article.highlights.iter().map(|h| chars[h.start..h.end].iter().collect()).collect();
    assert_eq!(marks, ["生產力", "生產力"]);
}

#[test]
fn a_whole_article_has_its_headline_on_a_line_of_its_own() {
    let terms = parse("工業化", &Segmenter::default()).unwrap();
    let article = whole("\n港府推進新型工業化\n\n新質生產力在香港起步，\n各界期待。", &terms);
    assert_eq!(article.text, "港府推進新型工業化\n新質生產力在香港起步，各界期待。");
    let chars: Vec<char> = article.text.chars().collect();
    let marks: Vec<String> = article.highlights.iter().map(|h| chars[h.start..h.end].iter().collect()).collect();
    assert_eq!(marks, ["工業化"]);
    // Without a headline the first line is mended into the next as any wrap.
    assert_eq!(whole("港府推進新型\n工業化。", &terms).text, "港府推進新型工業化。");
}

#[test]
fn a_match_far_into_a_long_clipping_is_found_and_one_near_the_start_cuts_the_work() {
    let filler = "無關的文字。".repeat(2000);
    let late = format!("{filler}香港河套{filler}");
    let (text, marks) = marked(&late, "河套", 30);
    assert_eq!(marks, ["河套"], "{text}");
    assert!(text.starts_with('…') && text.ends_with('…'));
    let early = format!("河套{filler}");
    let (text, marks) = marked(&early, "河套", 30);
    assert_eq!(marks, ["河套"]);
    assert!(text.starts_with("河套") && text.ends_with('…'), "{text}");
}

use crate::text::cuts_cleanly;

/// The n-gram positions where the first gram of one of `terms` stands in `text`, as the
/// index records them.
fn starts(text: &str, terms: &[Term]) -> Vec<usize> {
    let analyzer = crate::analysis::Analyzer::new(crate::analysis::View::Ngrams, Segmenter::default());
    let tokens = analyzer.analyze(text);
    let mut starts: Vec<usize> = terms
        .iter()
        .flat_map(|term| {
            let first = &term.grams[0].1;
            let fits = |t: &&tantivy::tokenizer::Token| {
                if term.prefix && term.grams.len() == 1 {
                    t.text.starts_with(first.as_str())
                } else {
                    t.text == *first
                }
            };
            tokens.iter().filter(fits).map(|t| t.position).collect::<Vec<_>>()
        })
        .collect();
    starts.sort_unstable();
    starts
}

#[test]
fn folding_in_parts_gives_the_passages_of_the_whole() {
    let filler = "無關的文字，一段又一段。\n".repeat(30);
    let texts = [
        format!("{filler}香港與河套\n區的新質\n生產力。{filler}Hong\nKong said AI. {filler}港。"),
        format!("香港，{filler}經濟發展；{filler}hong kong 河套{filler}"),
        "Hong Kong, oil and gas. ".repeat(200),
    ];
    let segmenter = Segmenter::default();
    let queries: &[&[&str]] = &[&["香港"], &["河套", "生产力"], &["hong kong"], &["港"], &["经济发展", "oil"], &["ai"]];
    let mut checked = 0;
    for text in &texts {
        for query in queries {
            let terms: Vec<Term> = query.iter().filter_map(|q| Term::new(q, &segmenter)).collect();
            let starts = starts(text, &terms);
            for shape in [(30, 1), (100, 1), (40, 3)] {
                let whole = passages_in_parts(text, &terms, shape, (usize::MAX, usize::MAX), None);
                assert_eq!(whole, passages(text, &terms, shape.0, shape.1));
                for part_bytes in [13, 64, 300, 1000] {
                    if !cuts_cleanly(text, part_bytes) {
                        continue;
                    }
                    for keep in [0, 700, usize::MAX] {
                        for only in [None, Some(&starts[..])] {
                            let parts = passages_in_parts(text, &terms, shape, (part_bytes, keep), only);
                            let how = format!("{query:?} {shape:?} in parts of {part_bytes}, keeping {keep}");
                            assert_eq!(parts, whole, "{how}, folding only at starts: {}", only.is_some());
                            checked += 1;
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 400, "{checked}");
}

#[test]
fn a_match_at_the_end_of_a_long_clipping_costs_the_memory_of_a_part() {
    let filler = "無關的文字，一段又一段。Some English words in between.\n".repeat(15_000);
    let text = format!("{filler}香港與河套區。{filler}");
    let terms = parse("河套", &Segmenter::default()).unwrap();
    let starts = starts(&text, &terms);
    passages(&text[..100], &terms, 100, 1); // Loads OpenCC first.
    let ((parts, only), peak) = crate::text::peak::peak_bytes(|| {
        let parts = passages(&text, &terms, 100, 1);
        let (_, only) = crate::text::peak::peak_bytes(|| {
            passages_in_parts(&text, &terms, (100, 1), (crate::analysis::PART_BYTES, 1 << 20), Some(&starts))
        });
        (parts, only)
    });
    assert_eq!(parts.len(), 1);
    assert!(parts[0].text.contains("香港與河套區"), "{:?}", parts[0]);
    // 11 MB, the folding and grams of a part; folded whole, the 2.2 MB held 65 MB.
    assert!(peak < 25 << 20, "{} MB at once", peak >> 20);
    assert!(only < 25 << 20, "{} MB at once, folding only where a match may begin", only >> 20);
}
