//! Language, source and title read from clippings' text, the sample corpus's first; and,
//! ignored by default, how often they agree with the shared corpus's own fields.

use super::*;
use crate::corpus::tests::read_files;

#[test]
fn languages() {
    crate::text::script::init().unwrap();
    let table = [
        (
            "孫東：龍頭企業將落戶元朗 建立國家製造業基地。河套深創科園香港園區上周正式開園，首三座大樓已投入運作。",
            Some("zh-Hant"),
        ),
        (
            "习近平同卡塔尔埃米尔塔米姆举行会谈。国家主席习近平31日在人民大会堂同卡塔尔埃米尔塔米姆举行会谈。",
            Some("zh-Hans"),
        ),
        ("Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn for the three months.", Some("en")),
        ("Hong Kong's 新質生產力 push: the government said on Tuesday it would spend more on technology.", Some("en")),
        ("香港 AI 晶片公司 DeepSeek 發展新質生產力，政府表示將加大對科技創新的投入。", Some("zh-Hant")),
        // Too little to tell, or the same in both scripts.
        ("香港", None),
        ("中国人民大学", None),
        ("OK", None),
        ("4 892246 888889", None),
        // Japanese.
        ("東京都は新しい技術の開発を進めています。これは日本の経済にとって重要です。", None),
    ];
    for (text, expected) in table {
        assert_eq!(lang(text), expected, "{text:?}");
    }
}

#[test]
fn language_tags_given_are_written_as_lang_takes_them() {
    let none = || None;
    let table = [
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh_hk", "zh-Hant"),
        ("zh-Hant-HK", "zh-Hant"),
        ("zh-CN", "zh-Hans"),
        ("zh-Hans", "zh-Hans"),
        ("en-GB", "en"),
        ("EN", "en"),
        ("zh", "zh"),
        ("ja", "ja"),
        ("fr-CA", "fr-CA"),
    ];
    for (given, expected) in table {
        assert_eq!(normalize_lang(given, none), expected, "{given:?}");
    }
    assert_eq!(normalize_lang("zh", || Some("zh-Hant")), "zh-Hant");
    assert_eq!(normalize_lang("zh", || Some("en")), "zh");
}

#[test]
fn sources_from_the_first_dateline() {
    let table = [
        ("\n\n孫東：龍頭企業將落戶元朗\n\n【大公報訊】記者卓彤報道：河套深創科園", Some("大公報")),
        // 000: a byline, then two datelines of the same paper; the first counts.
        (
            "國務院總理，\n●香港文匯報記者 莊程敏\n 香港文匯報訊（記者 殷考玲）內地\n香港文匯報訊 又訊",
            Some("香港文匯報"),
        ),
        // 003: the dateline after a dozen lines of page furniture.
        ("\n4 892246 888889\n碼上看\n一\n二\n三\n四\n五\n六\n七\n八\n九\n【香港商報訊】香港工業總會", Some("香港商報")),
        ("HONG KONG, March 5 (Reuters) - China's economy grew", Some("Reuters")),
        ("　　本报北京1月31日电 （记者杜一菲）国家主席", None),
        ("正文提到大公報訊息", None),
        ("", None),
    ];
    for (text, expected) in table {
        assert_eq!(source(text), expected, "{text:?}");
    }
    let far = format!("{}\n【大公報訊】", "一行。\n".repeat(DATELINE_LINES));
    assert_eq!(source(&far), None, "after the first {DATELINE_LINES} lines");
}

/// Id, title, lang and source of a document.
type Fields<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);

#[test]
fn clippings_get_lang_and_source_unless_their_file_gives_them() {
    crate::text::script::init().unwrap();
    let (docs, problems) = read_files(&[
        (
            "a.txt",
            "\n孫東：龍頭企業將落戶元朗\n\n【大公報訊】記者卓彤報道：河套深創科園香港園區上周正式開園。".as_bytes(),
        ),
        ("b.md", "---\nsource: 明報\nlang: zh-HK\n---\n新华社北京3月5日电 国务院总理李强作政府工作报告。".as_bytes()),
        ("c.md", "新华社北京3月5日电 国务院总理李强在会上作政府工作报告，提出发展新质生产力。".as_bytes()),
        ("d.html", "<html lang=\"en-US\"><body><p>HONG KONG (Reuters) - 香港的經濟</p></body></html>".as_bytes()),
    ]);
    assert!(problems.is_empty(), "{problems:?}");
    let fields: Vec<Fields<'_>> = docs
        .iter()
        .map(|d| (d.meta.id.as_str(), d.meta.title.as_deref(), d.meta.lang.as_deref(), d.meta.source.as_deref()))
        .collect();
    assert_eq!(
        fields,
        [
            ("a.txt", Some("孫東：龍頭企業將落戶元朗"), Some("zh-Hant"), Some("大公報")),
            ("b.md", None, Some("zh-Hant"), Some("明報")),
            ("c.md", None, Some("zh-Hans"), Some("新华社")),
            ("d.html", None, Some("en"), Some("Reuters")),
        ]
    );
}

/// The articles of `../shared/corpus` (read-only, not part of the repository).
fn shared_articles() -> Vec<serde_json::Value> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut articles = Vec::new();
    for folder in std::fs::read_dir(&root).unwrap().flatten() {
        for file in std::fs::read_dir(folder.path()).into_iter().flatten().flatten() {
            if !file.file_name().to_string_lossy().ends_with(".jsonl.zst") {
                continue;
            }
            let text = zstd::decode_all(std::fs::File::open(file.path()).unwrap()).unwrap();
            for line in String::from_utf8_lossy(&text).lines().step_by(20) {
                articles.extend(serde_json::from_str::<serde_json::Value>(line).ok());
            }
        }
    }
    articles
}

/// `text` cut into lines of `width` characters, as OCR of a narrow column gives it.
fn hard_wrapped(text: &str, width: usize) -> String {
    let mut out = String::new();
    for paragraph in text.split('\n') {
        let chars: Vec<char> = paragraph.chars().collect();
        for line in chars.chunks(width) {
            out.extend(line);
            out.push('\n');
        }
    }
    out
}

/// Measures title and language detection on a twentieth of `../shared/corpus`:
/// `cargo test --lib measure_on_the_shared_corpus -- --ignored --nocapture`.
#[test]
#[ignore = "reads ../shared/corpus"]
fn measure_on_the_shared_corpus() {
    crate::text::script::init().unwrap();
    let (mut n, mut lang_right, mut lang_none, mut lang_wrong) = (0, 0, 0, 0);
    let (mut titled, mut title_right, mut wrapped_right, mut false_titles, mut wrapped_false) = (0, 0, 0, 0, 0);
    let mut sources = std::collections::BTreeMap::<String, usize>::new();
    for (i, a) in shared_articles().iter().enumerate() {
        let body = a["body"].as_str().unwrap_or("");
        let title = a["title"].as_str().map(str::trim).filter(|t| !t.is_empty() && !t.contains('\n'));
        n += 1;
        let given = a["lang"].as_str().unwrap_or("");
        match lang(&format!("{}\n{body}", title.unwrap_or(""))) {
            Some(l) if l == given => lang_right += 1,
            Some(l) => {
                lang_wrong += 1;
                eprintln!("lang {l} for {given}: {}", a["id"]);
            }
            None => lang_none += 1,
        }
        if let Some(s) = source(body) {
            *sources.entry(format!("{s} ({})", given)).or_default() += 1;
        }
        let width = 12 + i % 15;
        if let Some(title) = title {
            titled += 1;
            let plain = format!("{title}\n\n{body}");
            title_right += usize::from(super::title(&plain).as_deref() == Some(title));
            let ocr = format!("{title}\n{}", hard_wrapped(body, width));
            let found = super::title(&ocr);
            wrapped_right += usize::from(found.as_deref() == Some(title));
            if found.as_deref() != Some(title) && (titled - wrapped_right) % 10 == 0 {
                eprintln!("missed {title:?}, found {found:?}");
            }
        }
        if let Some(t) = super::title(body) {
            if false_titles % 40 == 0 {
                eprintln!("false title {:?} in {}", t, a["id"]);
            }
            false_titles += 1;
        }
        if let Some(t) = super::title(&hard_wrapped(body, width)) {
            if wrapped_false % 100 == 0 {
                eprintln!("false wrapped title {:?} in {}", t, a["id"]);
            }
        }
        wrapped_false += usize::from(super::title(&hard_wrapped(body, width)).is_some());
    }
    eprintln!("{n} articles: lang right {lang_right}, undecided {lang_none}, wrong {lang_wrong}");
    eprintln!("{titled} titled: title found {title_right} (title, blank line, body), {wrapped_right} (OCR)");
    eprintln!("a title found in a body without one: {false_titles} as it is, {wrapped_false} hard-wrapped");
    eprintln!("sources: {sources:#?}");
}
