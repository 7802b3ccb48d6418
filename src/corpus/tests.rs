use std::fs;

use super::*;

fn read_all(dir: &Path) -> (Vec<Document>, Vec<String>) {
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

#[test]
fn reads_text_markdown_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("sub")).unwrap();
    fs::write(root.join("sub/a.txt"), "\u{feff}\n\n  標題一行 \n正文").unwrap();
    fs::write(root.join("b.md"), "---\ntitle: \"Front title\"\ndate: 2024-03-14\n---\n# Heading\nbody").unwrap();
    fs::write(root.join("c.md"), "# Only heading\ntext").unwrap();
    fs::write(
        root.join("d.jsonl"),
        "{\"id\":\"x1\",\"body\":\"一\",\"title\":\"T\",\"source\":\"S\"}\n\n{\"id\":7,\"body\":\"二\"}\nnot json\n{\"body\":\"no id\"}\n",
    )
    .unwrap();
    fs::write(root.join("ignored.pdf"), "x").unwrap();
    fs::write(root.join(".hidden.txt"), "x").unwrap();
    let (docs, problems) = read_all(root);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["b.md", "c.md", "x1", "7", "sub/a.txt"]);
    assert_eq!(docs[0].title.as_deref(), Some("Front title"));
    assert_eq!(docs[0].date.as_deref(), Some("2024-03-14"));
    assert_eq!(docs[0].body, "# Heading\nbody");
    assert_eq!(docs[1].title.as_deref(), Some("Only heading"));
    assert_eq!(docs[2].source.as_deref(), Some("S"));
    assert_eq!(docs[2].path, "d.jsonl");
    assert_eq!(docs[4].title.as_deref(), Some("標題一行"));
    assert!(!docs[4].body.starts_with('\u{feff}'));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("d.jsonl:4"), "{problems:?}");
    assert!(problems[1].contains("d.jsonl:5"), "{problems:?}");
}

#[test]
fn undecodable_file_is_a_problem_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.txt"), [0xff, 0xfe, 0x00, 0xd8, 0x41]).unwrap();
    fs::write(dir.path().join("good.txt"), "好").unwrap();
    let (docs, problems) = read_all(dir.path());
    assert_eq!(docs.len(), 1);
    assert!(problems[0].contains("bad.txt"), "{problems:?}");
}

#[test]
fn missing_root_is_an_error() {
    let err = walk(&[PathBuf::from("/no/such/corpus")]).unwrap_err();
    assert!(err.to_string().contains("/no/such/corpus"), "{err}");
}

#[test]
fn walk_records_size_and_modification_time() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("A.TXT");
    fs::write(&file, "十個字節的文").unwrap();
    let modified = fs::metadata(&file).unwrap().modified().unwrap().duration_since(std::time::UNIX_EPOCH).unwrap();
    let (sources, problems) = walk(&[dir.path().to_owned()]).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(sources.len(), 1, "an upper-case ending is still a corpus file");
    assert_eq!(sources[0].size, 18);
    assert_eq!(u128::from(sources[0].modified_ns), modified.as_nanos());
    assert!(sources[0].modified_ns > 1_500_000_000 * 1_000_000_000);
}

#[test]
fn dates_are_iso_or_come_from_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("2023-01-02_given.md"), "---\ndate: 14 March 2024\n---\ntext").unwrap();
    fs::write(root.join("2024_03_14-named.txt"), "text").unwrap();
    fs::write(root.join("20240315 named.md"), "text").unwrap();
    fs::write(root.join("bad.md"), "---\ndate: someday\n---\ntext").unwrap();
    fs::write(root.join("none.txt"), "text").unwrap();
    fs::write(
        root.join("20240316.jsonl"),
        "{\"id\":1,\"body\":\"b\",\"date\":\"26-FEB-1987 15:01:01.79\"}\n{\"id\":2,\"body\":\"b\"}\n",
    )
    .unwrap();
    let (docs, problems) = read_all(root);
    let dates: Vec<(&str, Option<&str>)> = docs.iter().map(|d| (d.id.as_str(), d.date.as_deref())).collect();
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
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("bad.md") && problems[0].contains("\"someday\" not understood"), "{problems:?}");
}
