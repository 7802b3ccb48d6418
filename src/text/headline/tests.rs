//! Headlines of clippings as OCR and copies give them, the sample corpus's first.

use super::headline;

#[track_caller]
fn assert_headline(text: &str, expected: Option<&str>) {
    let got = headline(text).map(|r| &text[r]);
    let shown: String = text.chars().take(200).collect();
    assert_eq!(got, expected, "headline of {shown:?}");
}

#[test]
fn the_sample_clippings() {
    let table = [
        // 000: hard-wrapped body from the first line, then a byline and a dateline.
        (
            "\n國務院總理李強本月初在所作的政府工作報告中，\n\n明確提出推動科技創新和產業創新融合發展，大力推\n\n\
進新型工業化，做大做強先進製造業。\n●香港文匯報記者 莊程敏\n 香港文匯報訊（記者 殷考玲）內地大力拓展\n",
            None,
        ),
        // 001: an indented first line, a sentence.
        (" 香港積極邁向高質量發展，加快形成 「新質生產力」 。全國政協副\n主席梁振英指，\n", None),
        // 002: an indented first line cut mid-word (十四|屆).
        (
            " 習近平總書記於本月5日參加十四\n屆全國人大二次會議江蘇代表團審議時\n強調，要牢牢把握高質量發展這個首要\n",
            None,
        ),
        // 003: blank lines, a bar code's digits, a label, then a headline.
        (
            "\n\n\n\n4 892246 888889\n\n\n\n碼上看\n\n直擊文博會 遇見人文灣區！ 學者大咖聚深圳齊發聲\n\n\n\n掃碼睇文\n",
            Some("直擊文博會 遇見人文灣區！ 學者大咖聚深圳齊發聲"),
        ),
        // 004: a headline, then a dateline.
        (
            "\n\n孫東：龍頭企業將落戶元朗 建立國家製造業基地\n\n【大公報訊】記者卓彤報道：河套深創科園香港園區\n",
            Some("孫東：龍頭企業將落戶元朗 建立國家製造業基地"),
        ),
    ];
    for (text, expected) in table {
        assert_headline(text, expected);
    }
}

#[test]
fn headlines_and_what_is_not_one() {
    let long = "一二三四五六七八九十".repeat(7);
    let table = [
        ("標題一行\n正文", Some("標題一行")),
        ("\u{feff}\n\n  標題一行 \n正文", None),
        ("  標題一行 \n\n正文", Some("標題一行")),
        ("港府推進新型工業化\n新質生產力在香港發展。", Some("港府推進新型工業化")),
        (
            "Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant",
            Some("Ad sales boost Time Warner profit"),
        ),
        ("Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating", None),
        ("BAHIA COCOA REVIEW\nShowers continued throughout the week in\n", Some("BAHIA COCOA REVIEW")),
        (
            "《求是》杂志发表习近平总书记重要讲话《以史为鉴、开创未来 埋头苦干、勇毅前行》\n央视网消息",
            Some("《求是》杂志发表习近平总书记重要讲话《以史为鉴、开创未来 埋头苦干、勇毅前行》"),
        ),
        // Cut lines: an unclosed quote, a closing one never opened, a trailing comma.
        ("昨出席廠商會主辦的 「新質生產力\n與香港高品質發展」 高峰論壇", None),
        ("與香港高品質發展」 高峰論壇的主要嘉\n賓", None),
        ("國務院總理李強本月初在所作的政府工作報告中，\n", None),
        ("The dollar has hit its highest level.\n", None),
        // A dateline is the body: no headline after it.
        ("新華社北京3月5日電\n港府推進新型工業化\n", None),
        // Labels and numbers are skipped, however many, up to the eighth non-empty line.
        ("A1\n2024-03-14\n要聞\n頁 3\n標題在此\n", Some("標題在此")),
        ("1\n2\n3\n4\n5\n6\n7\n8\n標題在第九行\n", None),
        // A column cut into lines as wide as each other is no headline; a title above it is.
        ("白宮網頁公報的總統行政命令\n美國總統特朗普周五簽署行\n政命令禁止七個國家的公民\n", None),
        ("白宮公報\n美國總統特朗普周五簽署行\n政命令禁止七個國家的公民\n", Some("白宮公報")),
        ("The London Commodity Exchange (LCE) and\nThe Baltic Exchange", None),
        ("【撰文：何巽權】\n\n港府推進新型工業化\n", Some("港府推進新型工業化")),
        ("By Holmes Chan\n\nHong Kong protests continue\n", Some("Hong Kong protests continue")),
        ("20岁的花季女孩却因为这个两次被判刑......\n\n正文", Some("20岁的花季女孩却因为这个两次被判刑......")),
        // Cut lines with blank lines between, and a sentence ended on the next line.
        ("國務院總理李強本月初在所作\n\n明確提出推動科技創新和產\n\n進新型工業化做大做強先進\n", None),
        ("因地制宜發展新質\n\n生產力。", None),
        ("", None),
        ("\n\n  \n", None),
        (long.as_str(), None),
    ];
    for (text, expected) in table {
        assert_headline(text, expected);
    }
}

#[test]
fn a_text_without_line_breaks_is_looked_at_only_at_its_start() {
    let blob = format!("標題{}", "字".repeat(1 << 20));
    assert_headline(&blob, None);
    assert_headline(&format!("標題一行\n{blob}"), Some("標題一行"));
    // A line cut at the limit in the middle of a character.
    assert_headline(&format!("a{}\n標題一行", "字".repeat(2000)), None);
    assert_headline(&format!("\n\n{}\n標題一行", "字".repeat(2000)), None);
}
