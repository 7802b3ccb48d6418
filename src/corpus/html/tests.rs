use crate::corpus::tests::{assert_problems, read_files};
use crate::corpus::Document;

/// The one document read from `a.html` holding `bytes`, which must raise no problem.
fn page(bytes: &[u8]) -> Document {
    let (mut docs, problems) = read_files(&[("a.html", bytes)]);
    assert_problems(&problems, &[]);
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

/// Title, date, source, lang and url of a page.
type Meta<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>);

/// Asserts the metadata and body read from a page.
#[track_caller]
fn assert_page(html: &str, meta: Meta<'_>, body: &str) {
    let d = page(html.as_bytes());
    let got = (
        d.meta.title.as_deref(),
        d.meta.date.as_deref(),
        d.meta.source.as_deref(),
        d.meta.lang.as_deref(),
        d.meta.url.as_deref(),
    );
    assert_eq!(got, meta, "metadata of {html}");
    assert_eq!(d.body, body, "body of {html}");
}

const ARTICLE: &str = r#"<!DOCTYPE html>
<html lang="zh-HK"><head>
  <title>
    新質生產力 | 明報
  </title>
  <meta property="article:published_time" content="2024-03-14T09:00:00+08:00">
  <meta property="og:site_name" content="明報新聞網">
  <meta property="og:url" content="https://news.example/og">
  <link rel="canonical" href="https://news.example/a/1">
  <style>p { color: red }</style>
  <script>var title = "not this";</script>
</head><body>
  <nav><ul><li>首頁</li><li>港聞</li></ul></nav>
  <script>document.write("廣告")</script>
  <noscript>請啟用 JavaScript</noscript>
  <template><p>模板</p></template>
  <article>
    <h1>新質生產力</h1>
    <p>政府表示將加大
       對科技創新的<b>投入</b>，推動<a href="/i">產業</a>升級。</p>
    <p>第一行<br>第二行</p>
    <div hidden>隱藏</div>
    <blockquote>引述</blockquote>
    <table><tr><td>年份</td><td>增長</td></tr><tr><td>2024</td><td>5%</td></tr></table>
    <pre>  code   kept
  as written</pre>
    <p>Hong   Kong &amp; <i>AI</i>!</p>
  </article>
  <!-- comment -->
</body></html>"#;

#[test]
fn article_page() {
    assert_page(
        ARTICLE,
        (
            Some("新質生產力 | 明報"),
            Some("2024-03-14"),
            Some("明報新聞網"),
            Some("zh-Hant"),
            Some("https://news.example/a/1"),
        ),
        "首頁\n港聞\n新質生產力\n政府表示將加大 對科技創新的投入，推動產業升級。\n第一行\n第二行\n引述\n\
年份 增長\n2024 5%\n  code   kept\n  as written\nHong Kong & AI!",
    );
}

#[test]
fn fallbacks_for_title_date_and_url() {
    let table: &[(&str, Meta<'_>, &str)] = &[
        (
            r#"<html><head><meta name="date" content="2024/03/14"><meta property="og:url" content="https://x.example/og">
            </head><body><h1> 標題  一 </h1><p>正文</p></body></html>"#,
            (Some("標題 一"), Some("2024-03-14"), None, None, Some("https://x.example/og")),
            "標題 一\n正文",
        ),
        (
            r#"<body><p>Posted <time datetime="2024-03-14T10:00">Thursday</time></p><p>Text</p>"#,
            (Some("Posted Thursday"), Some("2024-03-14"), None, None, None),
            "Posted Thursday\nText",
        ),
        ("Just text, no tags", (Some("Just text, no tags"), None, None, None, None), "Just text, no tags"),
    ];
    for &(html, meta, body) in table {
        assert_page(html, meta, body);
    }
}

#[test]
fn legacy_encoded_page() {
    let text = "<html><head><meta charset=\"big5\"><title>香港新聞</title></head><body>\
<p>新質生產力成為今年兩會的熱門話題。政府表示將加大對科技創新的投入，推動產業升級。</p>\
<p>市民話呢個係好嘅開始，但仍然要睇實施細節。</p></body></html>";
    let (bytes, _, unmappable) = encoding_rs::BIG5.encode(text);
    assert!(!unmappable);
    let d = page(&bytes);
    assert_eq!(d.meta.title.as_deref(), Some("香港新聞"));
    assert_eq!(
        d.body,
        "新質生產力成為今年兩會的熱門話題。政府表示將加大對科技創新的投入，推動產業升級。\n市民話呢個係好嘅開始，但仍然要睇實施細節。"
    );
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 20_000;
    let html = format!("{}深處{}", "<div><span>".repeat(depth), "</span></div>".repeat(depth));
    let (docs, problems) = read_files(&[("a.html", html.as_bytes())]);
    assert_eq!(docs[0].body, "深處");
    assert_problems(&problems, &["a.html: elements nested more than 512 deep"]);
}

#[test]
fn a_page_without_text_is_a_problem() {
    let (docs, problems) =
        read_files(&[("a.html", b"<html><head><script>x()</script></head><body> </body></html>"), ("b.txt", b"ok")]);
    assert_eq!(docs.len(), 1);
    assert_problems(&problems, &["a.html: no visible text; skipped"]);
}

/// A page of `depth` nested `<div>`s, each holding `word` before the next.
fn nested(depth: usize, word: &str) -> String {
    format!("<html><body>{}{}</body></html>", format!("<div>{word}").repeat(depth), "</div>".repeat(depth))
}

#[test]
fn a_page_nested_as_deep_as_a_browser_nests_is_read_whole() {
    let depth = super::depth::MAX_DEPTH - 10;
    let d = page(nested(depth, "層").as_bytes());
    assert_eq!(d.body, vec!["層"; depth].join("\n"));
}

#[test]
fn a_page_nested_deeper_is_read_in_linear_time_with_a_warning() {
    let depth = 100_000;
    let started = std::time::Instant::now();
    let (docs, problems) = read_files(&[("a.html", nested(depth, "層").as_bytes())]);
    let took = started.elapsed();
    assert_eq!(docs.len(), 1);
    // Every word kept, each still on a line of its own.
    assert_eq!(docs[0].body, vec!["層"; depth].join("\n"));
    assert_problems(&problems, &["a.html: elements nested more than 512 deep: "]);
    // It took 58 s (105 s on a loaded machine) before depth was bounded.
    // 2.6 s in a debug build; quadratic again would be a minute or more.
    assert!(took.as_secs_f64() < 20.0, "{took:?}");
}

#[test]
fn hidden_elements_below_the_bound_stay_hidden() {
    let deep = "<div>".repeat(1000);
    let html = format!("<body>{deep}<p>正文</p><script>var 隱藏 = 1;</script><style>p {{}}</style><p>後文</p></body>");
    let (docs, _) = read_files(&[("a.html", html.as_bytes())]);
    assert_eq!(docs[0].body, "正文\n後文");
}
