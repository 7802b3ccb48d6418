use std::path::Path;

use super::*;

#[test]
fn metadata_names_are_those_of_one_clipping_files_in_any_case() {
    let table = [
        ("SOURCE.md", true),
        ("readme.MD", true),
        ("License.txt", true),
        ("LICENCE.html", true),
        ("CHANGELOG.htm", true),
        ("README", false),
        ("README.zh.md", false),
        ("sources.md", false),
        ("readme.jsonl", false),
        ("news.md", false),
    ];
    for (name, expected) in table {
        assert_eq!(is_metadata_name(Path::new("/corpus").join(name).as_path()), expected, "{name}");
    }
}

#[test]
fn an_exclude_pattern_is_checked_as_an_ignore_file_line() {
    assert_eq!(check_pattern("2019/**").as_deref(), Ok("2019/**"));
    assert_eq!(check_pattern("!keep.md").as_deref(), Ok("!keep.md"));
    let unclosed = check_pattern("a{b").unwrap_err();
    assert!(unclosed.starts_with("unclosed alternate group"), "{unclosed}");
    for blank in ["", "  ", "#x", "!", "/"] {
        assert!(check_pattern(blank).unwrap_err().contains("--no-exclude"), "{blank:?}");
    }
}

#[test]
fn left_out_says_what_and_by_what_in_one_line() {
    assert_eq!(LeftOut::default().summary(), None);
    let metadata = ["a/SOURCE.md", "b/SOURCE.md", "c/SOURCE.md", "d/README.md"].map(String::from).to_vec();
    let left = LeftOut { ignored_files: 1, excluded_files: 2, excluded_folders: 1, metadata, ..LeftOut::default() };
    assert_eq!(
        left.summary().as_deref(),
        Some(
            "left out 4 metadata files beside .jsonl data (a/SOURCE.md, b/SOURCE.md, c/SOURCE.md, …); \
             1 file by .jianbaoignore; 2 files and 1 folder by --exclude"
        )
    );
}
