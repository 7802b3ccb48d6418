use super::*;

#[track_caller]
fn assert_folds(table: &[(&str, &str)]) {
    for (input, expected) in table {
        assert_eq!(to_simplified(input).unwrap(), *expected, "folding {input:?}");
    }
}

#[test]
fn folds_hong_kong_traditional_to_simplified() {
    assert_folds(&[
        ("新質生產力", "新质生产力"),
        ("新质生产力", "新质生产力"),
        ("睡著了", "睡着了"),
        ("着數", "着数"),
        ("電綫", "电线"),
        ("屋裏", "屋里"),
        ("DeepSeek 2025", "DeepSeek 2025"),
        ("著 café", "着 café"),
        ("", ""),
    ]);
}

/// The keys of the dictionaries of `hk2s` as the `ferrous-opencc` of Cargo.lock ships
/// them (in its source, found with `cargo metadata`).
fn dictionary_keys() -> Vec<String> {
    let host = std::process::Command::new("rustc").arg("-vV").output().unwrap();
    let host = String::from_utf8(host.stdout).unwrap();
    let host = host.lines().find_map(|l| l.strip_prefix("host: ")).unwrap().to_owned();
    let metadata = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline", "--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(metadata.status.success(), "{}", String::from_utf8_lossy(&metadata.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).unwrap();
    let package = metadata["packages"].as_array().unwrap().iter().find(|p| p["name"] == "ferrous-opencc").unwrap();
    let assets = std::path::Path::new(package["manifest_path"].as_str().unwrap()).with_file_name("assets");
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(assets.join("hk2s.json")).unwrap()).unwrap();
    fn files(dict: &serde_json::Value, out: &mut Vec<String>) {
        match dict["dicts"].as_array() {
            Some(group) => group.iter().for_each(|d| files(d, out)),
            None => out.push(dict["file"].as_str().unwrap().replace(".ocd2", ".txt")),
        }
    }
    let mut names = Vec::new();
    for node in config["conversion_chain"].as_array().unwrap() {
        files(&node["dict"], &mut names);
    }
    assert_eq!(names.len(), 4, "{names:?}");
    let mut keys = Vec::new();
    for name in names {
        let text = std::fs::read_to_string(assets.join("dictionaries").join(&name)).unwrap();
        let entries = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        keys.extend(entries.map(|l| l.split('\t').next().unwrap_or_default().to_owned()));
    }
    keys
}

#[test]
fn key_chars_are_those_of_the_dictionaries() {
    let mut chars: Vec<char> = dictionary_keys().iter().flat_map(|k| k.chars()).collect();
    chars.sort_unstable();
    chars.dedup();
    let ours: Vec<char> = include_str!("../../../data/opencc/hk2s-key-chars.txt").trim_end().chars().collect();
    assert!(ours == chars, "data/opencc/hk2s-key-chars.txt is out of date: run scripts/opencc-key-chars");
    assert!(is_key_char('乾') && is_key_char('裏') && !is_key_char('a') && !is_key_char('，'));
}

proptest::proptest! {
    /// Converting only the runs of key characters gives what converting the whole text
    /// does, on texts made of dictionary keys (phrases too), other CJK characters,
    /// punctuation and Latin.
    #[test]
    fn runs_convert_like_the_whole_text(pieces in proptest::collection::vec(
        proptest::sample::select(pieces()), 0..40)
    ) {
        let text = pieces.concat();
        proptest::prop_assert_eq!(to_simplified(&text).unwrap(), to_simplified_whole_text(&text).unwrap());
    }
}

fn pieces() -> Vec<String> {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    let mut pieces = KEYS.get_or_init(dictionary_keys).clone();
    pieces.extend(["的", "是", "人", "香", "港", "，", "。", " ", "\n", "ai", "2025", "「", "」"].map(String::from));
    pieces
}

#[test]
fn keeps_character_count() {
    for text in ["香港特別行政區政府", "乾隆皇帝", "🦀 emoji 與 é 組合", "\u{0}\u{FFFF}"] {
        let folded = to_simplified(text).unwrap();
        assert_eq!(folded.chars().count(), text.chars().count(), "{text:?} -> {folded:?}");
    }
}
