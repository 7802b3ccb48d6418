//! Proximity on small in-RAM indexes: each rule of docs/query.md, and its edges.

use std::collections::BTreeSet;

use crate::corpus::{Document, Meta};
use crate::index::Store;
use crate::search::{search, Request};

/// A store of documents `(id, title, body)`.
fn store(docs: &[(&str, &str, &str)]) -> Store {
    let store = Store::in_ram(crate::analysis::UserDict::default());
    let mut writer = store.writer(1).unwrap();
    for (id, title, body) in docs {
        let meta = Meta { id: id.to_string(), title: Some(title.to_string()), ..Meta::default() };
        writer.add_document(store.document(&Document { meta, body: body.to_string() }, "file", 0)).unwrap();
    }
    store.commit(&mut writer).unwrap();
    store
}

/// The ids `query` finds, checking that `total` counts them all.
fn found(store: &Store, query: &str) -> BTreeSet<String> {
    let results = search(store, &Request::new(query, 100)).unwrap();
    assert!(results.warnings.is_empty(), "{query}: {:?}", results.warnings);
    let ids: BTreeSet<String> = results.hits.iter().map(|h| h.meta.id.clone()).collect();
    assert_eq!(results.total, ids.len(), "{query}");
    ids
}

#[track_caller]
fn assert_finds(store: &Store, query: &str, expected: &[&str]) {
    let expected: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
    assert_eq!(found(store, query), expected, "{query}");
}

#[test]
fn within_counts_units_not_punctuation_in_either_order() {
    let store = store(&[
        ("a", "t", "林鄭月娥今日宣布辭職。"),     // 6 units between: 月娥今日宣布
        ("b", "t", "林鄭，「月娥」、今日：辭職"), // 4 units between, and punctuation
        ("c", "t", "辭職之後林鄭離開"),           // 2 between, the other order
        ("d", "t", "林鄭"),
        ("e", "t", "林鄭月娥今日宣布了辭職"), // 7 between
    ]);
    assert_finds(&store, "林鄭 w/6 辭職", &["a", "b", "c"]);
    assert_finds(&store, "林郑 w/6 辞职", &["a", "b", "c"]);
    assert_finds(&store, "林鄭 w/7 辭職", &["a", "b", "c", "e"]);
    assert_finds(&store, "林鄭 w/5 辭職", &["b", "c"]);
    assert_finds(&store, "林鄭 NEAR/2 辭職", &["c"]);
    assert_finds(&store, "林鄭 pre/10 辭職", &["a", "b", "e"]);
    assert_finds(&store, "辭職 pre/2 林鄭", &["c"]);
    assert_finds(&store, "辭職 pre/1 林鄭", &[]);
}

#[test]
fn adjacency_wraps_and_spaces() {
    let store = store(&[
        ("a", "t", "特首\n北京會面"),
        ("b", "t", "特首 北京"),
        ("c", "t", "特首，北京"),
        ("d", "t", "特首在北京"),
    ]);
    assert_finds(&store, "特首 w/0 北京", &["a", "b", "c"]);
    assert_finds(&store, "特首 pre/0 北京", &["a", "b", "c"]);
    assert_finds(&store, "特首 w/1 北京", &["a", "b", "c", "d"]);
    assert_finds(&store, "北京 pre/3 特首", &[]);
}

#[test]
fn english_words_are_units() {
    let store = store(&[
        ("a", "t", "The chief executive, Carrie Lam, said she would resign."),
        ("b", "t", "Resign? The chief executive said no."),
    ]);
    // executive … resign: Carrie Lam said she would = 5 units.
    assert_finds(&store, "executive w/5 resign", &["a", "b"]);
    assert_finds(&store, "executive w/4 resign", &["b"]);
    assert_finds(&store, "executive pre/5 resign", &["a"]);
    assert_finds(&store, "\"chief executive\" pre/5 resign", &["a"]);
}

#[test]
fn overlapping_occurrences_are_no_pair() {
    let store = store(&[("a", "t", "香港人"), ("b", "t", "香港與香港")]);
    assert_finds(&store, "香港 w/3 港人", &[]);
    assert_finds(&store, "香港 w/3 香港", &["b"]);
}

#[test]
fn sentences_and_paragraphs() {
    let store = store(&[
        ("a", "t", "疫情反覆，市民搶購口罩。"),
        ("b", "t", "疫情反覆。市民搶購口罩。"),
        ("c", "t", "疫情反覆；市民搶購口罩"),
        ("d", "t", "消息。疫情反覆，市民\n搶購口罩。"), // a hard wrap
        ("e", "t", "疫情反覆。\n市民搶購口罩。"),
        ("f", "t", "Masks sold out! The epidemic spread."),
        ("g", "t", "Masks sold out, the epidemic spread."),
    ]);
    assert_finds(&store, "疫情 /s 口罩", &["a", "d"]);
    assert_finds(&store, "疫情 w/s 口罩", &["a", "d"]);
    assert_finds(&store, "疫情 /p 口罩", &["a", "b", "c", "d"]);
    assert_finds(&store, "masks /s epidemic", &["g"]);
    assert_finds(&store, "masks /p epidemic", &["f", "g"]);
}

#[test]
fn title_and_body_are_apart() {
    let store = store(&[("a", "林鄭辭職", "無關"), ("b", "林鄭", "辭職"), ("c", "標題", "林鄭辭職")]);
    assert_finds(&store, "林鄭 w/3 辭職", &["a", "c"]);
    assert_finds(&store, "title:林鄭 w/3 辭職", &["a"]);
    assert_finds(&store, "body:林鄭 w/3 辭職", &["c"]);
}

#[test]
fn or_groups_nesting_and_boolean_operators() {
    let store = store(&[
        ("a", "t", "林鄭宣布辭職"),
        ("b", "t", "特首宣布辭職"),
        ("c", "t", "特首宣布留任"),
        ("d", "t", "特首宣布辭職，北京回應"),
    ]);
    assert_finds(&store, "(林鄭 OR 特首) w/3 辭職", &["a", "b", "d"]);
    assert_finds(&store, "(林鄭 OR 特首) w/3 辭職 -北京", &["a", "b"]);
    assert_finds(&store, "(特首 w/3 辭職) pre/3 北京", &["d"]);
    assert_finds(&store, "(特首 w/3 辭職) pre/0 北京", &["d"]);
    assert_finds(&store, "(特首 w/1 辭職) pre/3 北京", &[]);
    assert_finds(&store, "特首 w/3 辭職 OR 留任", &["b", "c", "d"]);
}

#[test]
fn truncation_and_word_forms() {
    let store = store(&[
        ("a", "t", "The economy grew."),
        ("b", "t", "Economists disagree."),
        ("c", "t", "An eco friendly plan."),
        ("d", "t", "Elections were held; the election's result."),
        ("e", "t", "Marketing costs rose."),
        ("f", "t", "The company's shares fell."),
        ("g", "t", "New policies on taxes."),
    ]);
    assert_finds(&store, "econom*", &["a", "b"]);
    assert_finds(&store, "\"econom* grew\"", &["a"]);
    assert_finds(&store, "econom* w/2 grew", &["a"]);
    assert_finds(&store, "elections", &["d"]);
    assert_finds(&store, "market", &[]);
    assert_finds(&store, "share", &["f"]);
    assert_finds(&store, "companies", &["f"]);
    assert_finds(&store, "\"company shares\"", &["f"]);
    assert_finds(&store, "policy w/1 tax", &["g"]);
    assert_finds(&store, "=policy", &[]);
    assert_finds(&store, "=policies", &["g"]);
}

#[test]
fn a_side_typed_with_equals_counts_only_its_occurrences_in_the_script_typed() {
    let store = store(&[("a", "t", "干杯皇帝，今天天氣很好乾坤"), ("b", "t", "乾杯皇帝"), ("c", "t", "干杯皇帝")]);
    assert_finds(&store, "乾 w/1 皇帝", &["a", "b", "c"]);
    assert_finds(&store, "=乾 w/1 皇帝", &["b"]);
    assert_finds(&store, "=干 w/1 皇帝", &["a", "c"]);
    assert_finds(&store, "=乾 w/20 皇帝", &["a", "b"]);
}
