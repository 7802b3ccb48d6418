use super::*;
use crate::analysis::Segmenter;
use crate::search::query::Term;

fn parse(query: &str, segmenter: &Segmenter) -> crate::Result<Vec<Term>> {
    Ok(query.split_whitespace().filter_map(|w| Term::new(w, segmenter).unwrap()).collect())
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

#[test]
fn many_terms_match_as_each_alone() {
    let text = "香港經濟發展新質生產力，港深合作。\n河套區的港人說：Hong Kong AI chips，香港";
    let folded = Folded::new(text).unwrap();
    let typed =
        ["香港", "經濟", "港", "新質生產力", "河套", "ai", "hong kong", "合作", "港深", "說", "力", "chips，香"];
    let segmenter = Segmenter::default();
    let terms: Vec<Term> = typed.iter().map(|t| Term::new(t, &segmenter).unwrap().unwrap()).collect();
    assert!(terms.len() > FEW_TERMS && terms.iter().any(|t| t.prefix));
    let spans = |matches: Vec<Match>| -> Vec<(usize, Range<usize>)> {
        matches.into_iter().map(|m| (m.term, m.chars)).collect()
    };
    let mut alone: Vec<Match> = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        alone.extend(find(&folded, std::slice::from_ref(term)).into_iter().map(|m| Match { term: i, ..m }));
    }
    alone.sort_by_key(|m| (m.chars.start, m.chars.end));
    alone.dedup_by(|a, b| a.chars == b.chars);
    let together = find(&folded, &terms);
    assert_eq!(together.len(), alone.len());
    assert!(together.len() > typed.len());
    assert_eq!(spans(together), spans(alone));
}
