use super::*;

#[track_caller]
fn assert_folds(table: &[(&str, &str)]) {
    for (input, expected) in table {
        assert_eq!(to_simplified(input), *expected, "folding {input:?}");
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

/// The dictionary files of each step of `hk2s`, as the `ferrous-opencc` of Cargo.lock
/// ships them (in its source, found with `cargo metadata`).
fn dictionary_steps_files() -> Vec<Vec<std::path::PathBuf>> {
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
    let mut steps = Vec::new();
    for node in config["conversion_chain"].as_array().unwrap() {
        let mut names = Vec::new();
        files(&node["dict"], &mut names);
        steps.push(names.into_iter().map(|name| assets.join("dictionaries").join(name)).collect());
    }
    assert_eq!(steps.len(), 2, "hk2s has two steps");
    steps
}

/// The keys of the dictionaries of each step of `hk2s`.
fn dictionary_steps() -> Vec<Vec<String>> {
    let mut steps = Vec::new();
    for files in dictionary_steps_files() {
        let mut keys = Vec::new();
        for path in files {
            let text = std::fs::read_to_string(path).unwrap();
            let entries = text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
            keys.extend(entries.map(|l| l.split('\t').next().unwrap_or_default().to_owned()));
        }
        steps.push(keys);
    }
    steps
}

/// The dictionary files of each step of `hk2s` (see [`dictionary_steps`]), as their text.
fn dictionary_texts() -> Vec<String> {
    let steps = dictionary_steps_files();
    steps.into_iter().flatten().map(|path| std::fs::read_to_string(path).unwrap()).collect()
}

fn dictionary_keys() -> Vec<String> {
    dictionary_steps().concat()
}

/// The characters `data/opencc/hk2s-chars.tsv` lists, with what step 1 makes of each.
fn table_chars() -> Vec<(char, char)> {
    let tsv = include_str!("../../../data/opencc/hk2s-chars.tsv");
    let one = |col: Option<&str>| col.and_then(|c| c.chars().next()).unwrap();
    tsv.lines()
        .map(|l| {
            let mut cols = l.split('\t');
            (one(cols.next()), one(cols.next()))
        })
        .collect()
}

#[test]
fn tables_are_those_of_the_dictionaries() {
    let steps = dictionary_steps();
    let mut chars: Vec<char> = steps.concat().iter().flat_map(|k| k.chars()).collect();
    chars.sort_unstable();
    chars.dedup();
    let ours: Vec<char> = table_chars().iter().map(|(c, _)| *c).collect();
    assert!(ours == chars, "data/opencc/hk2s-chars.tsv is out of date: run scripts/opencc-tables");
    let mut pairs = std::collections::BTreeSet::new();
    for (n, keys) in steps.iter().enumerate() {
        for key in keys.iter().filter(|k| k.chars().count() > 1) {
            pairs.insert(format!("{}\t{}", n + 1, key.chars().take(2).collect::<String>()));
        }
    }
    let ours: std::collections::BTreeSet<String> =
        include_str!("../../../data/opencc/hk2s-pairs.tsv").lines().map(str::to_owned).collect();
    assert!(ours == pairs, "data/opencc/hk2s-pairs.tsv is out of date: run scripts/opencc-tables");
    assert!(chars.iter().all(|&c| is_key_char(c)));
    assert!(is_key_char('乾') && is_key_char('裏') && !is_key_char('a') && !is_key_char('，'));
}

/// Every key character alone: the table converts it as `ferrous-opencc` does.
#[test]
fn key_characters_alone_convert_as_ferrous_opencc_does() {
    let cc = converter(Backend::Ferrous);
    let mut checked = 0;
    for (c, _) in table_chars() {
        match table::alone(c) {
            Some(by_table) => {
                assert_eq!(by_table.to_string(), cc.convert_whole(&c.to_string()), "{c} (U+{:04X})", c as u32);
                checked += 1;
            }
            None => assert!(c as u32 > 0x9FFF, "{c} is missing from the table"),
        }
    }
    assert!(checked > 4_000, "{checked}");
}

/// Every phrase key of either step, alone and between other characters, and with its
/// characters replaced by those that step 1 turns into them (so that step 2 meets the
/// phrase only after step 1): the table-first folding gives what converting the whole
/// text gives.
#[test]
fn phrases_fold_as_whole_texts_do() {
    let mut sources: std::collections::HashMap<char, Vec<char>> = std::collections::HashMap::new();
    for (c, first) in table_chars() {
        sources.entry(first).or_default().push(c);
    }
    let mut checked = 0;
    for key in dictionary_keys().iter().filter(|k| k.chars().count() > 1) {
        let mut variants = vec![key.clone()];
        for (i, c) in key.chars().enumerate() {
            for &from in sources.get(&c).into_iter().flatten().filter(|&&from| from != c) {
                variants.push(key.chars().enumerate().map(|(j, k)| if i == j { from } else { k }).collect());
            }
        }
        for variant in variants {
            for text in [variant.clone(), format!("發{variant}裏"), format!("的{variant}。")] {
                assert_eq!(to_simplified(&text), to_simplified_whole_text(&text), "{text:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1_000, "{checked}");
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
        proptest::prop_assert_eq!(to_simplified(&text), to_simplified_whole_text(&text));
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
        let folded = to_simplified(text);
        assert_eq!(folded.chars().count(), text.chars().count(), "{text:?} -> {folded:?}");
    }
}

/// Snippets count characters, spaces and n-gram positions in text folded without script
/// folding (`text::each_unscripted`): every rule of the dictionaries must turn a CJK
/// character into a CJK character, and anything else into itself or the like, one for one.
#[test]
fn script_rules_keep_the_kind_of_every_character() {
    let kind = |c: char| (crate::text::is_ngram_char(c), c.is_alphanumeric(), c.is_whitespace(), c == ' ');
    let mut checked = 0;
    for text in dictionary_texts() {
        for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let key = cols.next().unwrap_or_default();
            for value in cols.next().unwrap_or_default().split(' ') {
                if value.chars().count() != key.chars().count() {
                    continue;
                }
                for (k, v) in key.chars().zip(value.chars()) {
                    assert_eq!(kind(k), kind(v), "{key} -> {value}: {k} -> {v}");
                }
                checked += 1;
            }
        }
    }
    assert_eq!(kind('著'), kind(extra_fold('著')));
    assert!(checked > 4_000, "{checked}");
}
