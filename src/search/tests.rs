//! Search on an in-RAM index of the sample corpus, checked against brute force.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;
use crate::corpus::{self, Document};

fn sample() -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample");
    let (sources, _) = corpus::walk(&[root]).unwrap();
    sources.iter().flat_map(|s| corpus::read(s).documents).collect()
}

fn store(docs: &[Document]) -> Store {
    let store = Store::in_ram(crate::analysis::UserDict::default());
    let mut writer = store.writer(1).unwrap();
    for doc in docs {
        writer.add_document(store.document(doc, "file", 0)).unwrap();
    }
    store.commit(&mut writer).unwrap();
    store
}

fn run(store: &Store, query: &str) -> Results {
    search(store, &Request::new(query, 100)).unwrap()
}

fn ids(results: &Results) -> BTreeSet<String> {
    results.hits.iter().map(|h| h.meta.id.clone()).collect()
}

fn folded(text: &str) -> String {
    crate::text::Folded::new(text).as_str().to_owned()
}

#[test]
fn both_scripts_find_the_four_clippings_with_xinzhi_shengchanli() {
    let docs = sample();
    let store = store(&docs);
    let expected: BTreeSet<String> = ["000", "001", "002", "004"]
        .iter()
        .map(|p| docs.iter().find(|d| d.meta.id.starts_with(p)).unwrap().meta.id.clone())
        .collect();
    for query in ["新质生产力", "新質生產力"] {
        let results = run(&store, query);
        assert_eq!(ids(&results), expected, "{query}");
        assert_eq!(results.total, 4, "{query}");
    }
}

#[test]
fn total_equals_brute_force_count_on_folded_text() {
    let docs = sample();
    let store = store(&docs);
    let folded_docs: Vec<String> = docs.iter().map(|d| folded(&d.body)).collect();
    let queries = [
        "生产力",
        "產力",
        "港",
        "香港",
        "新型工业化",
        "河套",
        "工业",
        "科技创新",
        "国家",
        "大湾区",
        "数据",
        "着",
        "二产业进",
        "十四届全国",
        "发展新质",
        "不存在的词",
    ];
    for query in queries {
        let term = folded(query);
        let expected = folded_docs.iter().filter(|d| d.contains(&term)).count();
        let results = run(&store, query);
        assert_eq!(results.total, expected, "total for {query}");
        assert_eq!(results.hits.len(), expected, "hits for {query}");
    }
}

#[test]
fn english_words_match_on_word_boundaries() {
    let docs = vec![Document::new("a", "DeepSeek said ＡＩ chips"), Document::new("b", "Aid is said to be paid")];
    let store = store(&docs);
    assert_eq!(ids(&run(&store, "ai")), BTreeSet::from(["a".to_owned()]));
    assert_eq!(ids(&run(&store, "deepseek")), BTreeSet::from(["a".to_owned()]));
    assert_eq!(run(&store, "\"said ai\"").total, 1);
    assert_eq!(run(&store, "\"ai said\"").total, 0);
}

#[test]
fn several_words_must_all_occur() {
    let docs = sample();
    let store = store(&docs);
    let both = run(&store, "河套 新质生产力");
    let hetao = run(&store, "河套");
    assert!(both.total >= 1 && both.total < hetao.total.max(2), "{} vs {}", both.total, hetao.total);
    for hit in &both.hits {
        let doc = folded(&docs.iter().find(|d| d.meta.id == hit.meta.id).unwrap().body);
        assert!(doc.contains("河套") && doc.contains("新质生产力"));
    }
}

#[test]
fn a_term_found_only_across_a_line_break_is_found_and_highlighted_whole() {
    let docs = sample();
    let store = store(&docs);
    let raw = "力推進新型";
    assert!(docs.iter().all(|d| !d.body.contains(raw)), "precondition: only across a wrap");
    let results = run(&store, "力推进新型");
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    let chars: Vec<char> = hit.snippet.chars().collect();
    let marked: Vec<String> = hit.highlights.iter().map(|h| chars[h.start..h.end].iter().collect()).collect();
    assert_eq!(marked, [raw]);
}

#[test]
fn empty_query_is_an_error() {
    let store = store(&sample());
    let err = search(&store, &Request::new(" 。 ", 10)).unwrap_err();
    assert!(matches!(err, crate::Error::EmptyQuery(_)));
}

#[test]
fn the_user_dictionary_is_kept_with_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let dict = crate::analysis::UserDict::parse("新質生產力 50 n\n").unwrap();
    let lock = crate::index::WriteLock::take(dir.path()).unwrap();
    let store = Store::open_for_update(dir.path(), dict, false, lock).unwrap();
    let mut writer = store.writer(1).unwrap();
    let doc = Document::new("a", "發展新質生產力");
    writer.add_document(store.document(&doc, "file", 0)).unwrap();
    store.commit(&mut writer).unwrap();
    drop(writer);
    let reopened = Store::open(dir.path()).unwrap();
    let words: Vec<String> = reopened.segmenter().words("发展新质生产力").iter().map(|w| w.text.to_owned()).collect();
    assert_eq!(words, ["发展", "新质生产力"]);
    assert_eq!(run(&reopened, "新質生產力").total, 1);
}

/// Documents given as (id, title, body), an empty title for none.
fn documents(docs: &[(&str, &str, &str)]) -> Vec<Document> {
    docs.iter()
        .map(|(id, title, body)| {
            let mut doc = Document::new(*id, *body);
            doc.meta.title = (!title.is_empty()).then(|| (*title).into());
            doc
        })
        .collect()
}

/// Ids in rank order for `query` over documents given as (id, title, body).
fn ranked(docs: &[(&str, &str, &str)], query: &str) -> Vec<String> {
    run(&store(&documents(docs)), query).hits.into_iter().map(|h| h.meta.id).collect()
}

#[test]
fn a_whole_word_ranks_above_a_part_of_a_word() {
    let docs = [("part", "", "中華人民共和國成立了。"), ("word", "", "全國人民都很好，成立了。")];
    assert_eq!(ranked(&docs, "人民"), ["word", "part"]);
    let docs = [("word", "", "全國人民都很好，成立了。"), ("part", "", "中華人民共和國成立了。")];
    assert_eq!(ranked(&docs, "人民"), ["word", "part"]);
}

#[test]
fn a_title_match_ranks_above_a_body_match() {
    for docs in [
        [("body", "其他消息", "今天河套園區開幕。"), ("title", "河套消息", "今天園區正式開幕。")],
        [("title", "河套消息", "今天園區正式開幕。"), ("body", "其他消息", "今天河套園區開幕。")],
    ] {
        assert_eq!(ranked(&docs, "河套"), ["title", "body"]);
    }
}

#[test]
fn terms_next_to_each_other_rank_above_terms_apart() {
    for docs in [
        [("apart", "", "香港的天氣很好，經濟也不錯。"), ("together", "", "香港經濟很好，的天氣也不錯。")],
        [("together", "", "香港經濟很好，的天氣也不錯。"), ("apart", "", "香港的天氣很好，經濟也不錯。")],
    ] {
        assert_eq!(ranked(&docs, "香港 经济"), ["together", "apart"]);
    }
}

#[test]
fn a_copied_span_ranks_its_article_above_title_matches_and_words_apart() {
    let docs = [
        // One of the words in the title, and all three in the body, apart, many times.
        ("title", "Markets: Trade talks", "Trade rose. Talks stalled on trade, and markets on talks of trade."),
        ("apart", "", "Trade talks? Markets fell while officials met; talks of trade resumed."),
        ("copied", "", "Officials said the markets trade talks would resume next week."),
    ];
    assert_eq!(ranked(&docs, "markets trade talks")[0], "copied");
    assert_eq!(ranked(&docs, "market trade talk")[0], "copied", "the forms of the words too");
}

#[test]
fn one_plain_word_left_of_a_malformed_query_scores_as_that_word() {
    let docs = [Document::new("a", "香港經濟")];
    let store = store(&docs);
    let (word, malformed) = (run(&store, "香港"), run(&store, "香港 *"));
    assert_eq!(malformed.warnings.len(), 1);
    assert_eq!(malformed.hits[0].score, word.hits[0].score, "no bonus for standing next to itself");
}

#[test]
fn a_lone_character_matches_inside_and_at_the_end_of_runs() {
    let bodies = ["2025年度報告", "2025年，好", "今年2025", "年", "度過"];
    let docs: Vec<Document> = bodies.iter().enumerate().map(|(i, b)| Document::new(i.to_string(), *b)).collect();
    let store = store(&docs);
    let found = |q: &str| ids(&run(&store, q)).into_iter().collect::<Vec<_>>();
    assert_eq!(found("年"), ["0", "1", "2", "3"]);
    assert_eq!(found("度"), ["0", "4"]);
    assert_eq!(found("2025年"), ["0", "1"]);
    assert_eq!(found("年2025"), ["2"]);
    assert_eq!(found("年度"), ["0"]);
    let hit = &run(&store, "2025年").hits.iter().find(|h| h.meta.id == "0").unwrap().clone();
    let chars: Vec<char> = hit.snippet.chars().collect();
    let marked: Vec<String> = hit.highlights.iter().map(|h| chars[h.start..h.end].iter().collect()).collect();
    assert_eq!(marked, ["2025年"]);
}

/// What a lone character found before it had a view of its own: the prefix of every gram
/// of the titles and bodies, a constant score, the title's boosted.
fn as_prefix(store: &Store, c: &str) -> (usize, BTreeSet<(String, u32)>) {
    use tantivy::query::PhrasePrefixQuery;
    let f = &store.fields;
    let prefix = |field| -> Box<dyn Query> {
        let mut q = PhrasePrefixQuery::new_with_offset(vec![(0, IndexTerm::from_field_text(field, c))]);
        q.set_max_expansions(100_000);
        Box::new(q)
    };
    let query = BooleanQuery::new(vec![
        (Occur::Should, Box::new(tantivy::query::BoostQuery::new(prefix(f.title_ngrams), query::TITLE_BOOST))),
        (Occur::Should, prefix(f.body_ngrams)),
    ]);
    let searcher = store.searcher().unwrap();
    let (total, top) = searcher.search(&query, &(Count, TopDocs::with_limit(1000).order_by_score())).unwrap();
    let hits = top.into_iter().map(|(score, a)| (store.load(&searcher, a).unwrap().meta.id, score.to_bits())).collect();
    (total, hits)
}

#[test]
fn a_lone_character_finds_and_scores_in_its_view_as_the_prefix_of_the_grams() {
    let store = sample_store();
    let docs = sample();
    let mut chars: Vec<char> = docs
        .iter()
        .flat_map(|d| {
            folded(&format!("{} {}", d.meta.title.as_deref().unwrap_or(""), d.body)).chars().collect::<Vec<_>>()
        })
        .filter(|&c| crate::text::is_ngram_char(c))
        .collect();
    chars.sort_unstable();
    chars.dedup();
    assert!(chars.len() > 500, "{}", chars.len());
    // Every character of the sample, and some it does not hold, typed in both scripts.
    let absent = ["鬱", "龘", "ア"];
    for c in chars.iter().map(|c| c.to_string()).chain(absent.iter().map(|s| s.to_string())) {
        let (total, expected) = as_prefix(store, &folded(&c));
        let results = search(store, &Request::new(c.as_str(), 1000)).unwrap();
        let got: BTreeSet<(String, u32)> =
            results.hits.iter().map(|h| (h.meta.id.clone(), h.score.to_bits())).collect();
        assert_eq!((results.total, &got), (total, &expected), "{c}");
    }
    assert_eq!(run(store, "着").total, as_prefix(store, "着").0);
}

fn sample_store() -> &'static Store {
    static STORE: std::sync::OnceLock<Store> = std::sync::OnceLock::new();
    STORE.get_or_init(|| store(&sample()))
}

fn query_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let pieces = prop::sample::select(vec![
        "香港",
        "新質",
        "生產力",
        "河套",
        "港",
        "ai",
        "OR",
        "AND",
        "NOT",
        "-",
        "(",
        ")",
        "\"",
        "“",
        "”",
        "「",
        "」",
        " ",
        "title:",
        "source:",
        "body:",
        "：",
        "，",
        "\n",
        "🦀",
        "e\u{301}",
        "2025年",
        "*",
        "\\",
        "=",
        "乾",
        "幹",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(str::to_owned), any::<String>()], 0..10).prop_map(|v| v.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Any query either runs or is refused with an error: never a panic, and every
    /// highlight lies inside its snippet.
    #[test]
    fn any_query_runs_or_is_refused(query in query_text()) {
        let mut request = Request::new(query, 5);
        request.fragments = 2;
        if let Ok(results) = search(sample_store(), &request) {
            for hit in results.hits {
                let len = hit.snippet.chars().count();
                proptest::prop_assert!(hit.highlights.iter().all(|h| h.start < h.end && h.end <= len));
            }
        }
    }
}

/// Clippings of 乾, 干 and 幹, as typed in either script, for search in the script typed:
/// (id, title, body).
const QIAN: &[(&str, &str, &str)] = &[
    ("qianlong", "乾隆南巡", "清朝乾隆皇帝六次南巡。"),
    ("wrap", "", "清朝乾\n隆年間的事。"),
    ("ganlong", "", "誤寫的干隆年間。"),
    ("qianjing", "", "香港的街道很乾淨。"),
    ("ganjing", "", "香港的街道很干净。"),
    ("ganbu", "", "香港幹部下鄉。"),
    ("both", "", "乾淨和干净都寫。"),
];

fn qian_store() -> (Vec<Document>, Store) {
    let docs = documents(QIAN);
    let store = store(&docs);
    (docs, store)
}

/// `text` folded but for script.
fn unscripted(text: &str) -> String {
    let mut out = String::new();
    crate::text::each_unscripted(text, 0..text.len(), |c| out.push(c));
    out
}

/// The ids of `docs` whose title or body, folded by `fold`, holds `term` so folded.
fn holding(docs: &[Document], term: &str, fold: fn(&str) -> String) -> BTreeSet<String> {
    let texts = |d: &Document| [d.meta.title.clone().unwrap_or_default(), d.body.clone()];
    let holds = |d: &&Document| texts(d).iter().any(|t| fold(t).contains(&fold(term)));
    docs.iter().filter(holds).map(|d| d.meta.id.clone()).collect()
}

fn id_set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// The highlighted texts of each hit of `results`, by id.
fn marks(results: &Results) -> Vec<(String, Vec<String>)> {
    let marked = |h: &Hit| {
        let chars: Vec<char> = h.snippet.chars().collect();
        h.highlights.iter().map(|s| chars[s.start..s.end].iter().collect()).collect()
    };
    results.hits.iter().map(|h| (h.meta.id.clone(), marked(h))).collect()
}

#[test]
fn an_exact_term_finds_only_the_characters_typed_and_counts_them_exactly() {
    let (docs, store) = qian_store();
    for term in ["乾", "干", "幹", "乾隆", "干隆", "乾淨"] {
        let folded_hits = run(&store, term);
        assert_eq!(ids(&folded_hits), holding(&docs, term, folded), "{term}");
        let exact = run(&store, &format!("={term}"));
        assert_eq!(ids(&exact), holding(&docs, term, unscripted), "={term}");
        assert_eq!((exact.total, exact.hits.len()), (ids(&exact).len(), ids(&exact).len()), "={term}");
        let mut count = Request::new(format!("={term}"), 10);
        count.count_only = true;
        assert_eq!(search(&store, &count).unwrap().total, exact.total, "--count ={term}");
    }
    assert_eq!(ids(&run(&store, "=乾")), id_set(&["qianlong", "wrap", "qianjing", "both"]));
    assert_eq!(ids(&run(&store, "=\"乾隆\"")), id_set(&["qianlong", "wrap"]), "across the hard wrap too");
}

#[test]
fn an_exact_term_combines_with_the_rest_of_the_syntax() {
    let (_, store) = qian_store();
    let found = |q: &str| ids(&run(&store, q));
    let union: BTreeSet<String> = found("=乾").union(&found("幹")).cloned().collect();
    assert_eq!(found("=乾 OR 幹"), union);
    assert_eq!(found("香港 -=干"), id_set(&["qianjing", "ganbu"]));
    assert_eq!(found("香港 NOT =干"), id_set(&["qianjing", "ganbu"]));
    assert_eq!(found("(=乾 OR =幹) 香港"), id_set(&["qianjing", "ganbu"]));
    assert_eq!(found("title:=乾"), id_set(&["qianlong"]));
    assert_eq!(found("body:=乾隆 -title:=乾"), id_set(&["wrap"]));
    assert_eq!(found("=乾 =干"), id_set(&["both"]));
    assert_eq!(run(&store, "-=乾").total, QIAN.len() - 4);
}

#[test]
fn only_the_exact_occurrences_are_highlighted() {
    let (_, store) = qian_store();
    let marks_of = |q: &str, id: &str| marks(&run(&store, q)).into_iter().find(|(i, _)| i == id).unwrap().1;
    assert_eq!(marks_of("=乾", "both"), ["乾"]);
    assert_eq!(marks_of("=干", "both"), ["干"]);
    assert_eq!(marks_of("乾", "both"), ["乾", "干"]);
    assert_eq!(marks_of("=乾隆", "wrap"), ["乾隆"]);
    assert_eq!(marks_of("=乾 干", "both"), ["乾", "干"]);
}

#[test]
fn a_lone_equals_sign_is_refused_or_warned_about() {
    let (_, store) = qian_store();
    for query in ["=", "=\"\"", "= ", "=()"] {
        let err = search(&store, &Request::new(query, 10)).unwrap_err();
        assert!(
            matches!(&err, crate::Error::BadQuery(m) if m.contains("an `=` without a word or phrase")),
            "{query}: {err}"
        );
    }
    let results = run(&store, "香港 =");
    assert_eq!(results.total, 3);
    assert!(results.warnings[0].contains("an `=` without a word or phrase right after it at character 4"));
}

#[test]
fn a_long_clipping_is_checked_for_an_exact_term_where_the_index_puts_it() {
    let filler = "無關的文字，干部一段又一段。Some English words in between.\n".repeat(6_000);
    assert!(filler.len() > crate::analysis::PART_BYTES);
    let docs = vec![
        Document::new("late", format!("{filler}清朝乾\n隆年間。")),
        Document::new("none", format!("{filler}誤寫的干隆年間。")),
    ];
    let store = store(&docs);
    assert_eq!(ids(&run(&store, "=乾隆")), id_set(&["late"]));
    assert_eq!(ids(&run(&store, "=干隆")), id_set(&["none"]));
    let results = run(&store, "=乾");
    assert_eq!(ids(&results), id_set(&["late"]));
    assert_eq!(marks(&results)[0].1, ["乾"]);
}

#[test]
fn a_character_that_folds_to_the_one_typed_is_that_character() {
    // U+F900 is a compatibility form of 豈 (U+8C48), ⼀ (U+2F00) the Kangxi radical of 一.
    let docs = vec![Document::new("compat", "\u{F900}然。"), Document::new("radical", "第\u{2F00}。")];
    let store = store(&docs);
    assert_eq!(ids(&run(&store, "=豈然")), id_set(&["compat"]));
    assert_eq!(ids(&run(&store, "=第一")), id_set(&["radical"]));
}

#[test]
fn relative_dates_count_back_from_today() {
    let today = jiff::civil::date(2024, 3, 31);
    let table = [
        ("today", "2024-03-31"),
        ("Yesterday", "2024-03-30"),
        ("0d", "2024-03-31"),
        ("7d", "2024-03-24"),
        ("2w", "2024-03-17"),
        ("1m", "2024-02-29"),
        ("3M", "2023-12-31"),
        ("1y", "2023-03-31"),
        ("2024-03", "2024-03"),
    ];
    for (given, date) in table {
        assert_eq!(Date::parse(given, today).map(|d| d.as_str().to_owned()), Ok(date.to_owned()), "{given}");
    }
    assert_eq!(Date::parse("9999y", today).unwrap_err(), "\"9999y\" is too far back");
    for bad in ["tomorrow", "7", "d", "7dd", "12345d", "+7d", "７d"] {
        assert!(Date::parse(bad, today).unwrap_err().starts_with("expected YYYY"), "{bad}");
    }
}

/// `n` clippings of a few words in both scripts and English, some titled, most dated
/// (many on the same days), committed in several segments.
fn generated_store(n: usize) -> (Store, Vec<Document>) {
    const WORDS: [&str; 16] = [
        "香港", "經濟", "经济", "人民", "港", "市民", "政府", "房屋", "oil", "banks", "bank", "market", "prices",
        "trade", "新聞", "，",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    let docs: Vec<Document> = (0..n)
        .map(|i| {
            let len = 3 + next(40);
            let body: String = (0..len).map(|_| WORDS[next(WORDS.len())]).collect::<Vec<_>>().join(if next(3) == 0 {
                " "
            } else {
                ""
            });
            let mut doc = Document::new(format!("g{i:05}"), body);
            if next(10) > 0 {
                doc.meta.date = Some(format!("20{:02}-{:02}-{:02}", next(25), 1 + next(12), 1 + next(28)));
            }
            if next(4) == 0 {
                doc.meta.title = Some(WORDS[next(8)].to_owned());
            }
            doc
        })
        .collect();
    let store = Store::in_ram(crate::analysis::UserDict::default());
    for chunk in docs.chunks(n / 4 + 1) {
        let mut writer = store.writer(1).unwrap();
        for doc in chunk {
            writer.add_document(store.document(doc, "file", 0)).unwrap();
        }
        store.commit(&mut writer).unwrap();
    }
    (store, docs)
}

fn page(store: &Store, query: &str, sort: Sort, offset: usize, exhaustive: bool) -> (usize, Vec<(String, f32)>) {
    let request = Request { sort, offset, exhaustive, ..Request::new(query, 10) };
    let results = search(store, &request).unwrap();
    (results.total, results.hits.into_iter().map(|h| (h.meta.id, h.score)).collect())
}

#[test]
fn the_page_found_without_scoring_every_match_is_the_page_of_scoring_them_all() {
    let (store, _) = generated_store(6000);
    assert!(store.searcher().unwrap().segment_readers().len() > 1);
    let queries = [
        "香港",
        "经济",
        "港",
        "oil",
        "bank",
        "banks",
        "title:香港",
        "人民 政府",
        "香港 -oil",
        "市民",
        "prices",
        "房屋",
    ];
    for query in queries {
        for sort in [Sort::Relevance, Sort::Date, Sort::DateDesc] {
            for offset in [0, 7, 200] {
                let (total, pruned) = page(&store, query, sort, offset, false);
                let (all, exhaustive) = page(&store, query, sort, offset, true);
                assert_eq!(total, all, "{query} {sort:?}");
                let ids = |p: &[(String, f32)]| p.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
                assert_eq!(ids(&pruned), ids(&exhaustive), "{query} {sort:?} from {offset}");
                for ((_, a), (_, b)) in pruned.iter().zip(&exhaustive) {
                    assert!((a - b).abs() <= 1e-4 * b.abs(), "{query}: {a} against {b}");
                }
            }
        }
    }
}

#[test]
fn a_term_of_one_gram_is_a_union_of_terms_that_matches_and_scores_as_the_nested_query() {
    let (store, _) = generated_store(1500);
    let searcher = store.searcher().unwrap();
    let segmenter = store.segmenter();
    for (typed, scope) in [
        ("香港", query::Scope::Anywhere),
        ("經濟", query::Scope::Anywhere),
        ("oil", query::Scope::Anywhere),
        ("bank", query::Scope::Anywhere),
        ("香港", query::Scope::Title),
        ("香港", query::Scope::Body),
    ] {
        let term = Term::new(typed, segmenter).unwrap();
        assert!(term.is_union(scope), "{typed}");
        let scored = |q: &dyn Query| {
            let (total, top) = searcher.search(q, &(Count, TopDocs::with_limit(2000).order_by_score())).unwrap();
            let mut top: Vec<(DocAddress, f32)> = top.into_iter().map(|(s, a)| (a, s)).collect();
            top.sort_by_key(|(a, _)| *a);
            (total, top)
        };
        let (union, nested) =
            (scored(term.query(&store.fields, scope).as_ref()), scored(term.nested(&store.fields, scope).as_ref()));
        assert!(union.0 > 0, "{typed}");
        assert_eq!(union.0, nested.0, "{typed} {scope:?}");
        for ((a, x), (b, y)) in union.1.iter().zip(&nested.1) {
            assert_eq!(a, b, "{typed}");
            assert!((x - y).abs() <= 1e-5 * y.abs(), "{typed}: {x} against {y}");
        }
    }
    // Not a union: phrases, prefixes, words whose ranked words are not their gram.
    for typed in ["立法會", "港", "econom*", "香港經濟"] {
        let term = Term::new(typed, segmenter).unwrap();
        assert!(!term.is_union(query::Scope::Anywhere), "{typed}");
    }
}
