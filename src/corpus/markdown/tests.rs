use crate::corpus::tests::{assert_problems, read_files};

/// Title, date, source, url, lang and body of a Markdown clipping.
type Fields<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>, &'a str);

/// Asserts the fields read from `a.md` holding `text`, and the problems met.
#[track_caller]
fn assert_markdown(text: &str, expected: Fields<'_>, problems: &[&str]) {
    let (docs, got_problems) = read_files(&[("a.md", text.as_bytes())]);
    assert_eq!(docs.len(), 1, "{text:?}: {got_problems:?}");
    let d = &docs[0];
    let got = (
        d.meta.title.as_deref(),
        d.meta.date.as_deref(),
        d.meta.source.as_deref(),
        d.meta.url.as_deref(),
        d.meta.lang.as_deref(),
        &*d.body,
    );
    assert_eq!(got, expected, "fields of {text:?}");
    assert_problems(&got_problems, problems);
}

#[test]
fn front_matter_fields() {
    let full =
        "---\ntitle: \"新質生產力\"\ndate: 2024-03-14\nsource: 明報\nurl: https://news.example/a\nlang: zh-Hant\n\
tags: [economy, 兩會]\n---\n\n# Heading\n正文";
    let full_fields = (
        Some("新質生產力"),
        Some("2024-03-14"),
        Some("明報"),
        Some("https://news.example/a"),
        Some("zh-Hant"),
        "# Heading\n正文",
    );
    assert_markdown(full, full_fields, &[]);
    assert_markdown(
        "---\r\nTitle: 標題\r\nDATE: 2024-03-14 09:30:00 +08:00\r\n---\r\nbody",
        (Some("標題"), Some("2024-03-14"), None, None, None, "body"),
        &[],
    );
    assert_markdown(
        "---\ndate: 20240314\n---\nbody",
        (Some("body"), Some("2024-03-14"), None, None, None, "body"),
        &[],
    );
    assert_markdown("---\ntitle: ''\n---\n## Sub\nx", (Some("Sub"), None, None, None, None, "## Sub\nx"), &[]);
    assert_markdown("---\n---\ntext", (Some("text"), None, None, None, None, "text"), &[]);
    assert_markdown("---\ntitle: a\n...\ntext", (Some("a"), None, None, None, None, "text"), &[]);
}

#[test]
fn bad_front_matter_costs_only_the_metadata() {
    assert_markdown(
        "---\ntitle: [unclosed\ndate: 2024-03-14\n---\n# Heading\nbody",
        (Some("Heading"), None, None, None, None, "# Heading\nbody"),
        &["a.md: front matter is not valid YAML ("],
    );
    assert_markdown(
        "---\ntitle:\n  - a\n  - b\nsource: 明報\n---\nbody",
        (Some("body"), None, Some("明報"), None, None, "body"),
        &["a.md: front matter `title` is not a single value; ignored"],
    );
    assert_markdown(
        "---\njust a sentence\n---\nbody",
        (Some("body"), None, None, None, None, "body"),
        &["a.md: front matter is not a set of `key: value` fields"],
    );
    assert_markdown(
        "---\ndate: last week\n---\nbody",
        (Some("body"), None, None, None, None, "body"),
        &["a.md: date \"last week\" not understood"],
    );
}

#[test]
fn without_front_matter_the_first_line_is_the_title() {
    assert_markdown("# 標題 ##\ntext", (Some("標題"), None, None, None, None, "# 標題 ##\ntext"), &[]);
    assert_markdown("## C#\ntext", (Some("C#"), None, None, None, None, "## C#\ntext"), &[]);
    assert_markdown(
        "---\nno closing line\n",
        (Some("no closing line"), None, None, None, None, "---\nno closing line\n"),
        &[],
    );
    assert_markdown(
        "\n***\n\nPlain title\n",
        (Some("Plain title"), None, None, None, None, "\n***\n\nPlain title\n"),
        &[],
    );
}
