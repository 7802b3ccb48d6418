//! Reading whole corpus folders: every kind of file, and every kind of bad file beside
//! good ones. Format details are tested beside each reader.

use std::fs;

use proptest::prelude::*;

use super::*;

/// The documents and problems (as printed) of the corpus folder `dir`.
pub(super) fn read_all(dir: &Path) -> (Vec<Document>, Vec<String>) {
    let (sources, problems) = walk(&[dir.to_owned()]).unwrap();
    let mut docs = Vec::new();
    let mut problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    for source in &sources {
        let r = read(source);
        docs.extend(r.documents);
        problems.extend(r.problems.iter().map(ToString::to_string));
    }
    (docs, problems)
}

/// The documents and problems of a corpus folder holding `files` (name, contents).
pub(super) fn read_files(files: &[(&str, &[u8])]) -> (Vec<Document>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    read_all(dir.path())
}

/// Asserts that problem `i` holds `expected[i]` (file name, line and message as printed).
#[track_caller]
pub(super) fn assert_problems(problems: &[String], expected: &[&str]) {
    assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    for (problem, expected) in problems.iter().zip(expected) {
        assert!(problem.contains(expected), "{problem:?} lacks {expected:?}; all: {problems:#?}");
    }
}

fn ids(docs: &[Document]) -> Vec<&str> {
    docs.iter().map(|d| d.meta.id.as_str()).collect()
}

#[test]
fn reads_text_markdown_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("sub")).unwrap();
    fs::write(root.join("sub/a.txt"), "\u{feff}\n\n  標題一行 \n\n正文").unwrap();
    fs::write(root.join("b.md"), "---\ntitle: \"Front title\"\ndate: 2024-03-14\n---\n# Heading\nbody").unwrap();
    fs::write(root.join("c.md"), "# Only heading\ntext").unwrap();
    fs::write(
        root.join("d.jsonl"),
        "{\"id\":\"x1\",\"body\":\"一\",\"title\":\"T\",\"source\":\"S\"}\n\n{\"id\":7,\"body\":\"二\"}\nnot json\n{\"body\":\"no id\"}\n",
    )
    .unwrap();
    fs::write(root.join("ignored.pdf"), "x").unwrap();
    fs::write(root.join(".hidden.txt"), "x").unwrap();
    fs::write(root.join(USER_DICT), "新質生產力 5 n\n").unwrap();
    let (docs, problems) = read_all(root);
    assert_eq!(ids(&docs), ["b.md", "c.md", "x1", "7", "sub/a.txt"]);
    assert_eq!(docs[0].meta.title.as_deref(), Some("Front title"));
    assert_eq!(docs[0].meta.date.as_deref(), Some("2024-03-14"));
    assert_eq!(docs[0].body, "# Heading\nbody");
    assert_eq!(docs[1].meta.title.as_deref(), Some("Only heading"));
    assert_eq!(docs[2].meta.source.as_deref(), Some("S"));
    assert_eq!(docs[2].meta.path, "d.jsonl");
    assert_eq!(docs[4].meta.title.as_deref(), Some("標題一行"));
    assert_eq!(docs[4].body, "\n\n  標題一行 \n\n正文");
    assert_problems(&problems, &["d.jsonl:4: bad JSON line", "d.jsonl:5: "]);
}

#[test]
fn kinds_follow_the_end_of_the_file_name_in_any_case() {
    let names = ["a.TXT", "b.Md", "c.HTML", "d.htm", "e.JSONL", "f.jsonl.GZ", "g.jsonl.zst", "h.gz", "i.zst", "j.json"];
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        fs::write(dir.path().join(name), "").unwrap();
    }
    let (sources, _) = walk(&[dir.path().to_owned()]).unwrap();
    let kinds: Vec<(&str, Kind)> = sources.iter().map(|s| (s.id.as_str(), s.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("a.TXT", Kind::Text),
            ("b.Md", Kind::Markdown),
            ("c.HTML", Kind::Html),
            ("d.htm", Kind::Html),
            ("e.JSONL", Kind::Jsonl),
            ("f.jsonl.GZ", Kind::JsonlGz),
            ("g.jsonl.zst", Kind::JsonlZst),
        ]
    );
}

#[test]
fn walk_records_size_and_modification_time() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    fs::write(&file, "十個字節的文").unwrap();
    std::os::unix::fs::symlink(&file, dir.path().join("b.txt")).unwrap();
    let modified = fs::metadata(&file).unwrap().modified().unwrap().duration_since(std::time::UNIX_EPOCH).unwrap();
    let (sources, problems) = walk(&[dir.path().to_owned()]).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let found: Vec<(&str, u64, u128)> =
        sources.iter().map(|s| (s.id.as_str(), s.size, u128::from(s.modified_ns))).collect();
    assert_eq!(found, [("a.txt", 18, modified.as_nanos()), ("b.txt", 18, modified.as_nanos())]);
    assert!(modified.as_secs() > 1_500_000_000);
}

#[test]
fn dates_are_iso_or_come_from_the_file_name() {
    let (docs, problems) = read_files(&[
        ("2023-01-02_given.md", b"---\ndate: 14 March 2024\n---\ntext"),
        ("2024_03_14-named.txt", b"text"),
        ("20240315 named.md", b"text"),
        ("bad.md", b"---\ndate: someday\n---\ntext"),
        ("none.txt", b"text"),
        (
            "20240316.jsonl",
            b"{\"id\":1,\"body\":\"b\",\"date\":\"26-FEB-1987 15:01:01.79\"}\n{\"id\":2,\"body\":\"b\"}\n",
        ),
    ]);
    let dates: Vec<(&str, Option<&str>)> = docs.iter().map(|d| (d.meta.id.as_str(), d.meta.date.as_deref())).collect();
    assert_eq!(
        dates,
        [
            ("2023-01-02_given.md", Some("2024-03-14")),
            ("20240315 named.md", Some("2024-03-15")),
            ("1", Some("1987-02-26")),
            ("2", Some("2024-03-16")),
            ("2024_03_14-named.txt", Some("2024-03-14")),
            ("bad.md", None),
            ("none.txt", None),
        ]
    );
    assert_problems(&problems, &["bad.md: date \"someday\" not understood"]);
}

#[test]
fn bad_files_are_problems_and_good_ones_are_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |name: &str, bytes: &[u8]| fs::write(root.join(name), bytes).unwrap();
    write("a-good.txt", "香港新聞".as_bytes());
    write("b-empty.txt", b"");
    write("c-blank.md", "  \r\n\t\n\u{3000}\n".as_bytes());
    write("d-binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0");
    write("e-broken.txt", &[0xff, 0xfe, 0x00, 0xd8, 0x41]);
    write("f-unreadable.txt", b"secret");
    write("g-good.md", "---\ntitle: 好\n---\n正文".as_bytes());
    fs::File::create(root.join("h-huge.txt")).unwrap().set_len(MAX_FILE_BYTES + 1).unwrap();
    write("i-blank.jsonl", b"\n \n");
    fs::create_dir(root.join("j-loop")).unwrap();
    std::os::unix::fs::symlink(root.join("j-loop"), root.join("j-loop/again")).unwrap();
    std::os::unix::fs::symlink(root.join("nowhere.txt"), root.join("k-dangling.txt")).unwrap();
    let (sources, walk_problems) = walk(&[root.to_owned()]).unwrap();
    make_unreadable(&root.join("f-unreadable.txt"));
    let mut problems: Vec<String> = walk_problems.iter().map(ToString::to_string).collect();
    let mut docs = Vec::new();
    for source in &sources {
        let read = read(source);
        docs.extend(read.documents);
        problems.extend(read.problems.iter().map(ToString::to_string));
    }
    assert_eq!(ids(&docs), ["a-good.txt", "g-good.md"]);
    assert_problems(
        &problems,
        &[
            "j-loop/again: File system loop found",
            "k-dangling.txt: No such file or directory",
            "b-empty.txt: empty file; skipped",
            "c-blank.md: empty file; skipped",
            "d-binary.txt: binary file; skipped",
            "e-broken.txt: cannot decode as UTF-16LE",
            "f-unreadable.txt: cannot read: ",
            "h-huge.txt: larger than 64 MiB; skipped",
            "i-blank.jsonl: empty file; skipped",
        ],
    );
}

#[test]
fn files_in_legacy_encodings_are_read_as_written() {
    let hk = "香港新聞：新質生產力成為今年兩會的熱門話題。\n政府表示將加大對科技創新的投入，推動產業升級。\n市民話呢個係好嘅開始。";
    let cn_body = "新华社北京电：新质生产力成为今年全国两会的热门话题。政府工作报告提出，要加快发展新质生产力。";
    let cn = format!("---\ntitle: 新质生产力\n---\n{cn_body}");
    let utf16: Vec<u8> = hk.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let cut = &hk.as_bytes()[..hk.len() - 1];
    let (docs, problems) = read_files(&[
        ("big5.txt", &encoding_rs::BIG5.encode(hk).0),
        ("gbk.md", &encoding_rs::GBK.encode(&cn).0),
        ("utf16.txt", &utf16),
        ("cut.txt", cut),
    ]);
    let bodies: Vec<(&str, &str)> = docs.iter().map(|d| (d.meta.id.as_str(), d.body.as_str())).collect();
    let cut_text = format!("{}\u{FFFD}", &hk[..hk.len() - 3]);
    assert_eq!(bodies, [("big5.txt", hk), ("cut.txt", &cut_text), ("gbk.md", cn_body), ("utf16.txt", hk)]);
    assert_eq!(docs[2].meta.title.as_deref(), Some("新质生产力"));
    assert_problems(&problems, &["cut.txt: 1 malformed byte sequence(s) in UTF-8 replaced by U+FFFD"]);
}

/// Takes read permission from `file`; where that does not stop this process (root), the
/// file is removed instead, so that reading it fails all the same.
fn make_unreadable(file: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(file, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::File::open(file).is_ok() {
        fs::remove_file(file).unwrap();
    }
}

#[test]
fn missing_root_is_an_error() {
    let err = walk(&[PathBuf::from("/no/such/corpus")]).unwrap_err();
    assert!(err.to_string().contains("/no/such/corpus"), "{err}");
}

/// Bytes that look a little like clippings: fragments of markup, front matter, JSON,
/// dates, multi-byte and control characters, in any order.
fn messy_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces: Vec<&[u8]> = vec![
        b"---\n",
        b"title: ",
        b"date: ",
        b"<p>",
        b"</div>",
        b"<script>",
        b"<br>",
        b"<title>",
        b"{\"id\":1,",
        b"\"body\":\"",
        b"\"}",
        b"\n",
        b"\r\n",
        b"\0",
        b"\x07",
        b"\x0c",
        b"\xff\xfe",
        b"\xef\xbb\xbf",
        b"\xa4\xa4",
        b"\xe4\xb8",
        "新質生產力".as_bytes(),
        b"2024-02-30",
        b"26-FEB-1987",
        b"2024\xe5\xb9\xb4",
        b"\\u0000",
    ];
    let piece = prop_oneof![
        9 => prop::sample::select(pieces).prop_map(<[u8]>::to_vec),
        1 => prop::collection::vec(any::<u8>(), 0..4),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Whatever a file holds, reading it gives documents and problems, never a panic,
    /// and no control character other than line breaks and tabs reaches a document.
    #[test]
    fn any_bytes_in_any_kind_of_file_are_read_without_panic(bytes in messy_bytes()) {
        let names = ["a.txt", "b.md", "c.html", "d.jsonl", "e.jsonl.gz", "f.jsonl.zst"];
        let files: Vec<(&str, &[u8])> = names.iter().map(|&n| (n, bytes.as_slice())).collect();
        let (docs, _) = read_files(&files);
        for d in &docs {
            let fields = [Some(&d.body), d.meta.title.as_ref(), d.meta.source.as_ref(), d.meta.lang.as_ref(), d.meta.url.as_ref()];
            let text: String = fields.into_iter().flatten().map(String::as_str).collect();
            prop_assert!(!text.contains(|c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t')), "{d:?}");
            prop_assert!(d.meta.date.as_deref().is_none_or(|date| date.len() == 10), "{d:?}");
        }
    }
}
