//! White space between two CJK characters (justified or OCR'd text) splits no word, as a
//! hard wrap does not; it is still shown, and a match across it highlighted whole.

use crate::common::{Env, JsonSpan};

/// (id, body).
const CLIPPINGS: &[(&str, &str)] = &[
    ("spaced", "特首林鄭 月娥今日到訪元朗 建立新市鎮。"),
    ("ideographic", "香港特別\u{3000}行政區政府公佈。"),
    ("together", "林鄭月娥出席。香港特別行政區成立。"),
    ("apart", "林鄭在場，月娥缺席。"),
    ("qianlong", "清朝乾 隆年間的事。"),
];

fn fixture() -> Env {
    let env = Env::new();
    let line = |(id, body): &(&str, &str)| serde_json::json!({"id": id, "body": body});
    let lines: String = CLIPPINGS.iter().map(|c| format!("{}\n", line(c))).collect();
    env.put("news/spaces.jsonl", lines);
    // The headline is never joined to the line below it, whatever white space ends it.
    env.put("news/headline.txt", "元朗建立新市鎮\u{3000}\n林鄭月娥今日到訪，各界期待。\n");
    env.index(&["--index", "idx", "news"]);
    env
}

fn marked(text: &str, highlights: &[JsonSpan]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    highlights.iter().map(|h| chars[h.start..h.end].iter().collect()).collect()
}

#[test]
fn a_word_is_found_across_a_space_between_cjk_characters() {
    let env = fixture();
    let ids = |query: &str| env.ids(&["--index", "idx", query]);
    assert_eq!(ids("林鄭月娥"), ["headline.txt", "spaced", "together"]);
    assert_eq!(ids("林郑月娥"), ["headline.txt", "spaced", "together"], "in the other script too");
    assert_eq!(ids("香港特別行政區"), ["ideographic", "together"], "across U+3000 too");
    assert_eq!(env.total(&["--index", "idx", "林鄭月娥"]), 3);
    assert_eq!(ids("\"林鄭 月娥\""), ["headline.txt", "spaced", "together"], "a phrase folds the same way");
    assert_eq!(ids("林鄭 月娥"), ["apart", "headline.txt", "spaced", "together"], "two words, anywhere");
    assert_eq!(ids("鎮林"), Vec::<String>::new(), "not across the end of the headline");
    assert_eq!(ids("=乾隆"), ["qianlong"], "in the script typed too");
}

#[test]
fn the_snippet_keeps_the_space_and_the_highlight_covers_it() {
    let env = fixture();
    let hit = |query: &str| {
        let results = env.search_json(&["--index", "idx", query]);
        let hit = results.hits.into_iter().find(|h| h.id == "spaced").expect("the spaced clipping");
        (hit.snippet.clone(), marked(&hit.snippet, &hit.highlights))
    };
    assert_eq!(hit("林鄭月娥"), ("特首林鄭 月娥今日到訪元朗 建立新市鎮。".to_owned(), vec!["林鄭 月娥".to_owned()]));
    assert_eq!(hit("元朗建立").1, ["元朗 建立"]);
    assert_eq!(hit("建立").1, ["建立"]);
    let (snippet, marks) = {
        let results = env.search_json(&["--index", "idx", "香港特别行政区"]);
        let hit = results.hits.into_iter().find(|h| h.id == "ideographic").expect("the ideographic clipping");
        (hit.snippet.clone(), marked(&hit.snippet, &hit.highlights))
    };
    assert_eq!(snippet, "香港特別 行政區政府公佈。", "a U+3000 shows as one space");
    assert_eq!(marks, ["香港特別 行政區"]);
}

#[test]
fn show_keeps_the_space_and_highlights_across_it() {
    let env = fixture();
    let article = env.show_json(&["--index", "idx", "--highlight", "林鄭月娥", "spaced"]);
    assert_eq!(article.text, "特首林鄭 月娥今日到訪元朗 建立新市鎮。");
    assert_eq!(marked(&article.text, &article.highlights), ["林鄭 月娥"]);
}
