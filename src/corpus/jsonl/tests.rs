//! Compressed fixtures are written here with the same zstd and flate2 crates the reader
//! uses, so a test shows the bytes a real dump would hold.

use std::fs;
use std::io::{Seek, SeekFrom, Write};

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::corpus::tests::{assert_problems, read_all, read_files};

/// Lines with one of each fault, between good ones.
const MIXED: &str = "\u{feff}{\"id\":\"a1\",\"body\":\"香港新聞\",\"title\":\" 標題 \",\"date\":\"2024年3月14日\",\"source\":\"明報\",\"lang\":\"zh-HK\",\"url\":\"https://x.example/1\"}\r
{\"id\":2,\"body\":\"second\",\"title\":[\"not\",\"a\",\"string\"],\"extra\":{\"ignored\":true}}

not json
[1,2]
{\"body\":\"no id\"}
{\"id\":\"\",\"body\":\"empty id\"}
{\"id\":\"a3\"}
{\"id\":\"a4\",\"body\":\"bell\\u0007 and NUL\\u0000 gone\",\"date\":\"soon\"}
";

/// Id, title, date, source, lang, url and body of each document read.
type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>, &'a str);

#[track_caller]
fn assert_rows(docs: &[crate::corpus::Document], expected: &[Row<'_>]) {
    let got: Vec<Row<'_>> = docs
        .iter()
        .map(|d| {
            let (title, date, source) = (d.meta.title.as_deref(), d.meta.date.as_deref(), d.meta.source.as_deref());
            (d.meta.id.as_str(), title, date, source, d.meta.lang.as_deref(), d.meta.url.as_deref(), d.body.as_str())
        })
        .collect();
    assert_eq!(got, expected);
}

const MIXED_ROWS: &[Row<'_>] = &[
    ("a1", Some("標題"), Some("2024-03-14"), Some("明報"), Some("zh-HK"), Some("https://x.example/1"), "香港新聞"),
    ("2", None, None, None, None, None, "second"),
    ("a4", None, None, None, None, None, "bell and NUL gone"),
];

fn mixed_problems(name: &str) -> Vec<String> {
    [
        "2: `title` is not a string; ignored",
        "4: bad JSON line: ",
        "5: line is not a JSON object",
        "6: `id` must be a non-empty string or a number",
        "7: `id` must be a non-empty string or a number",
        "8: `body` must be a string",
        "9: date \"soon\" not understood",
    ]
    .iter()
    .map(|p| format!("{name}:{p}"))
    .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::encode_all(bytes, 3).unwrap()
}

#[test]
fn plain_gzip_and_zstd_read_alike() {
    for (name, bytes) in [
        ("a.jsonl", MIXED.as_bytes().to_vec()),
        ("a.jsonl.gz", gzip(MIXED.as_bytes())),
        ("a.jsonl.zst", zstd(MIXED.as_bytes())),
    ] {
        let (docs, problems) = read_files(&[(name, &bytes)]);
        assert_rows(&docs, MIXED_ROWS);
        let expected = mixed_problems(name);
        assert_problems(&problems, &expected.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(docs.iter().all(|d| d.meta.path == name), "{docs:?}");
    }
}

#[test]
fn concatenated_gzip_members_are_one_stream() {
    let two = [gzip(b"{\"id\":1,\"body\":\"one\"}\n"), gzip(b"{\"id\":2,\"body\":\"two\"}\n")].concat();
    let (docs, problems) = read_files(&[("a.jsonl.gz", &two)]);
    assert_problems(&problems, &[]);
    assert_eq!(docs.iter().map(|d| d.body.as_str()).collect::<Vec<_>>(), ["one", "two"]);
}

#[test]
fn a_broken_stream_keeps_the_lines_before_the_break() {
    let first = b"{\"id\":1,\"body\":\"one\"}\n{\"id\":2,\"body\":\"two\"}\n";
    let rest: String = (3..2000).map(|i| format!("{{\"id\":{i},\"body\":\"新聞 {i}\"}}\n")).collect();
    let cut = |mut bytes: Vec<u8>| {
        bytes.truncate(bytes.len() - 20);
        bytes
    };
    // Two zstd frames, the second cut short: the first frame's lines survive.
    let zst = [zstd(first), cut(zstd(rest.as_bytes()))].concat();
    let gz = [gzip(first), cut(gzip(rest.as_bytes()))].concat();
    let (docs, problems) = read_files(&[
        ("a.jsonl.zst", &zst),
        ("b.jsonl.gz", &gz),
        ("c.jsonl.gz", b"not gzip at all"),
        ("d.jsonl.zst", b"not zstd at all"),
        ("e.txt", b"still read"),
    ]);
    let ids: Vec<&str> = docs.iter().map(|d| d.meta.id.as_str()).collect();
    assert_eq!(&ids[..2], ["1", "2"]);
    assert_eq!(ids.last(), Some(&"e.txt"));
    assert!(ids.len() < 2 * 2000, "the cut streams lose lines");
    assert_problems(
        &problems,
        &[
            "a.jsonl.zst:3: cannot read further: ",
            "b.jsonl.gz:",
            "c.jsonl.gz:1: cannot read further: invalid gzip header",
            "d.jsonl.zst:1: cannot read further: ",
        ],
    );
    assert!(problems[1].contains("cannot read further"), "{problems:?}");
}

#[test]
fn later_duplicates_replace_earlier_lines() {
    let lines =
        "{\"id\":\"x\",\"body\":\"first\"}\n{\"id\":\"y\",\"body\":\"other\"}\n{\"id\":\"x\",\"body\":\"second\"}\n\
{\"id\":\"x\",\"body\":\"third\"}\n";
    let (docs, problems) = read_files(&[("a.jsonl", lines.as_bytes())]);
    assert_eq!(
        docs.iter().map(|d| (d.meta.id.as_str(), d.body.as_str())).collect::<Vec<_>>(),
        [("x", "third"), ("y", "other")]
    );
    assert_problems(
        &problems,
        &["a.jsonl:3: duplicate id \"x\" (also on line 1)", "a.jsonl:4: duplicate id \"x\" (also on line 3)"],
    );
}

#[test]
fn bad_bytes_and_huge_lines_cost_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = fs::File::create(dir.path().join("a.jsonl")).unwrap();
    file.write_all(b"{\"id\":1,\"body\":\"caf\xe9\"}\n{\"id\":2,\"body\":\"ok\"}\n").unwrap();
    // A line of 64 MiB and a bit, written sparse: reading it must not hold it whole.
    file.seek(SeekFrom::Current((64 << 20) + 10)).unwrap();
    file.write_all(b"\n{\"id\":3,\"body\":\"after\"}").unwrap();
    drop(file);
    let (docs, problems) = read_all(dir.path());
    assert_eq!(docs.iter().map(|d| d.meta.id.as_str()).collect::<Vec<_>>(), ["2", "3"]);
    assert_problems(&problems, &["a.jsonl:1: line is not valid UTF-8", "a.jsonl:3: line longer than 64 MiB; skipped"]);
}
