//! Clippings that read well: the title, language and source of a `.txt`, `.md` or `.html`
//! clipping come from its text when its file does not give them, and a headline is never
//! glued to the line below it.

use crate::common::Env;

/// An index `idx` of the sample clippings, copied to `in/sample/`, and of `files`.
fn indexed(files: &[(&str, &str)]) -> Env {
    let env = Env::new();
    for entry in std::fs::read_dir(env.path("corpus")).unwrap().flatten() {
        let name = entry.file_name().into_string().unwrap();
        env.put(&format!("in/sample/{name}"), std::fs::read(entry.path()).unwrap());
    }
    for (name, text) in files {
        env.put(&format!("in/{name}"), text);
    }
    env.index(&["--index", "idx", "in"]);
    env
}

const CLIPPINGS: &[(&str, &str)] = &[
    ("hant.txt", "\n港府推進新型工業化\n\n【大公報訊】記者報道：政府推動新質生產力，大力發展創新科技。\n"),
    ("hans.txt", "新华社北京3月5日电 国务院总理李强作政府工作报告，提出发展新质生产力，推进新型工业化。\n"),
    ("en.md", "HONG KONG, March 5 (Reuters) - The government will spend more on 新質生產力, officials said.\n"),
    ("given.md", "---\nsource: 明報\nlang: zh-HK\n---\n【大公報訊】政府推動新质生产力，大力发展创新科技。\n"),
];

#[test]
fn lang_and_source_filters_find_clippings_by_their_text() {
    let env = indexed(CLIPPINGS);
    let ids = |args: &[&str]| env.ids(&[&["--index", "idx"], args, &["新质生产力"]].concat());
    let samples = ["sample/000_b51270311f0cce77.txt", "sample/001_212026726d27be0b.txt"];
    let hant = ids(&["--lang", "zh-Hant"]);
    assert!(hant.contains(&"hant.txt".to_owned()) && hant.contains(&"given.md".to_owned()), "{hant:?}");
    assert!(samples.iter().all(|s| hant.contains(&(*s).to_owned())), "the samples are Traditional: {hant:?}");
    assert_eq!(ids(&["--lang", "zh-Hans"]), ["hans.txt"]);
    assert_eq!(ids(&["--lang", "en"]), ["en.md"]);
    // 004 opens with `【大公報訊】`; given.md names its own source.
    assert_eq!(ids(&["--source", "大公報"]), ["hant.txt", "sample/004_781c3fc3f78edbba.txt"]);
    assert_eq!(ids(&["--source", "大公报"]), ["hant.txt", "sample/004_781c3fc3f78edbba.txt"]);
    assert_eq!(ids(&["--source", "新華社"]), ["hans.txt"]);
    assert_eq!(ids(&["--source", "文匯報"]), ["sample/000_b51270311f0cce77.txt"]);
    assert_eq!(ids(&["--source", "Reuters"]), ["en.md"]);
    assert_eq!(ids(&["--source", "明報"]), ["given.md"]);
}

#[test]
fn sample_clippings_are_titled_by_their_headline_or_not_at_all() {
    let env = indexed(&[]);
    let title = |id: &str| env.show_json(&["--index", "idx", &format!("sample/{id}")]).title;
    assert_eq!(title("000_b51270311f0cce77.txt"), None, "000 opens with its body");
    assert_eq!(title("002_ad183551846fd1a1.txt"), None, "002 opens mid-sentence");
    assert_eq!(title("003_9efdaa7136b25707.txt").as_deref(), Some("直擊文博會 遇見人文灣區！ 學者大咖聚深圳齊發聲"));
    assert_eq!(title("004_781c3fc3f78edbba.txt").as_deref(), Some("孫東：龍頭企業將落戶元朗 建立國家製造業基地"));
}

#[test]
fn a_headline_is_not_glued_to_the_line_below_it() {
    let text = "港府推進新型工業化\n新質生產力在香港起步，各界期待政府加快推進。\n業界講生\n產力的發展，反應正面。\n";
    let env = indexed(&[
        ("glued.txt", text),
        ("dateline.txt", "新華社 北京電\n新質生產力在香港起步，各界期待政府加快推進。\n"),
    ]);
    let ids = |query: &str| env.ids(&["--index", "idx", query]);
    let glued = vec!["glued.txt".to_owned()];
    assert!(!ids("化新").contains(&glued[0]), "across the end of the headline");
    assert!(!ids("工業化新質生產力").contains(&glued[0]));
    assert_eq!(ids("講生產力"), glued, "a hard wrap in the body still joins");
    assert!(ids("工業化").contains(&glued[0]));
    // The issue's own case: a first line that is only a dateline, then the body.
    let dateline = ids("電新");
    assert!(!dateline.contains(&"dateline.txt".to_owned()), "{dateline:?}");
    assert!(ids("新華社").contains(&"dateline.txt".to_owned()));
    let shown = env.show_json(&["--index", "idx", "glued.txt"]);
    assert_eq!(shown.title.as_deref(), Some("港府推進新型工業化"));
    // As it reads in print: the headline on a line of its own, the wrap in the body mended.
    assert_eq!(
        shown.text,
        "港府推進新型工業化\n新質生產力在香港起步，各界期待政府加快推進。\n業界講生產力的發展，反應正面。"
    );
}
