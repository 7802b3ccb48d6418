//! The operators of docs/query.md end to end: proximity (`w/N`, `near/N`, `pre/N`,
//! `adj/N`), sentences (`/s`) and paragraphs (`/p`), truncation (`econom*`), English
//! plurals and possessives, and the ranking of a span typed unquoted. Each table gives the
//! exact clippings a query finds, written from the specification alone, on a fixture
//! whose every distance is counted in its comment.

use crate::common::{Env, JsonSpan};

/// (id, date, source, lang, title, body).
type Clipping = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str);

/// 立法會 (A) and 選舉 (B) at counted distances, in both scripts; 颱風 (C) and 學校 (D)
/// across sentence and paragraph marks. Units between the two are in the comments.
const CJK: &[Clipping] = &[
    // A B, 0 units.
    ("p_adj", "2019-01-01", "明報", "zh-Hant", "T01", "立法會選舉今日進行。"),
    // B A, 0 units.
    ("p_rev", "2019-01-01", "新华社", "zh-Hans", "T02", "选举立法会。"),
    // A 明年的 B, 3 units, punctuation around them.
    ("p_gap3", "2020-01-01", "明報", "zh-Hant", "T03", "立法會，明年的「選舉」。"),
    // B 明年的 A, 3 units.
    ("p_gap3s", "2020-01-01", "新华社", "zh-Hans", "T04", "选举：明年的立法会。"),
    // A (wrapped inside) 今天討論 B, 4 units.
    ("p_wrap", "2021-01-01", "明報", "zh-Hant", "T05", "立法\n會今天討論選舉。"),
    // A B, 0 units: spaces between CJK characters are nothing.
    ("p_space", "2021-01-01", "新华社", "zh-Hans", "T06", "立法 会 选举。"),
    // A 今年和明年都有 B, 7 units.
    ("p_far", "2022-01-01", "明報", "zh-Hant", "T07", "立法會今年和明年都有選舉。"),
    // A B adjacent in the title.
    ("t_title", "2022-01-01", "明報", "zh-Hant", "立法會選舉", "另有消息。"),
    // A ends the title, B begins the body: never a pair.
    ("t_split", "2022-01-01", "新华社", "zh-Hans", "关于立法会", "选举今日进行。"),
    // C 來襲 D, 2 units, a sentence between them.
    ("s_stop", "2019-06-01", "明報", "zh-Hant", "T11", "颱風來襲。學校停課。"),
    // D 停课 C, 2 units, a comma between them.
    ("s_comma", "2020-06-01", "新华社", "zh-Hans", "T12", "学校停课，台风来袭。"),
    // C 來襲 D, a paragraph between them.
    ("s_para", "2020-06-01", "明報", "zh-Hant", "T13", "颱風來襲。\n學校停課。"),
    // C 来袭 D, an OCR wrap after a comma: one sentence.
    ("s_ocr", "2021-06-01", "新华社", "zh-Hans", "T14", "台风来袭，\n学校停课。另行通知。"),
    // C 來襲 D, a wrap inside 來襲: one sentence.
    ("s_ocr2", "2022-06-01", "明報", "zh-Hant", "T15", "颱風來\n襲，學校停課。"),
    // C 来袭 D, a sentence ends at `！`.
    ("s_excl", "2022-06-01", "新华社", "zh-Hans", "T16", "台风来袭！学校停课"),
    // C 來襲 D, a sentence ends at `；`.
    ("s_semi", "2023-06-01", "明報", "zh-Hant", "T17", "颱風來襲；學校停課"),
    // C 來襲 D, a full stop ends no sentence.
    ("s_dot", "2023-06-01", "明報", "zh-Hant", "T18", "颱風來襲. 學校停課"),
    // C 消息 D, a line break after `：` is a paragraph boundary.
    ("s_colon", "2023-06-01", "新华社", "zh-Hans", "T19", "台风消息：\n学校停课。"),
    // C 來襲 D, a sentence ends at a half-width `?`.
    ("s_half", "2023-06-01", "明報", "zh-Hant", "T21", "颱風來襲?學校停課"),
    // 暴雨 D in one sentence, for OR groups.
    ("s_rain", "2023-06-01", "明報", "zh-Hant", "T20", "暴雨來襲，學校停課。"),
];

const ENGLISH: &[Clipping] = &[
    ("e_economy", "2020-01-01", "Reuters", "en", "E1", "Economy growth slowed in the third quarter."),
    ("e_economic", "2020-01-01", "Reuters", "en", "E2", "Economic growth is expected to recover."),
    ("e_economists", "2020-01-01", "Reuters", "en", "E3", "Economists expect that real wage growth will stay weak."),
    ("e_eco", "2020-01-01", "Reuters", "en", "E4", "Eco tourism brings growth to villages."),
    ("e_ab", "2020-01-01", "Reuters", "en", "E5", "An ab test of the design."),
    // released GPT 4 to partners: 3 units between.
    ("e_gpt", "2020-01-01", "Reuters", "en", "E6", "OpenAI released GPT-4 to partners."),
    ("w_election", "2021-01-01", "BBC", "en", "W1", "An election was called for May."),
    ("w_elections", "2021-01-01", "BBC", "en", "W2", "The elections were postponed."),
    ("w_results", "2021-01-01", "BBC", "en", "W3", "The elections results were disputed."),
    ("w_policy", "2021-01-01", "BBC", "en", "W4", "A new housing policy was announced."),
    ("w_policies", "2021-01-01", "BBC", "en", "W5", "Housing policies vary by city."),
    ("w_company", "2021-01-01", "BBC", "en", "W6", "The company hired staff."),
    // company's new chief resigned: 2 units between.
    ("w_companys", "2021-01-01", "BBC", "en", "W7", "The company's new chief resigned."),
    ("w_curly", "2021-01-01", "BBC", "en", "W8", "The company’s board met."),
    ("w_companies", "2021-01-01", "BBC", "en", "W9", "The companies' profits rose."),
    ("w_tax", "2021-01-01", "BBC", "en", "W10", "A tax cut passed."),
    ("w_taxes", "2021-01-01", "BBC", "en", "W11", "Higher taxes loom."),
    ("w_market", "2021-01-01", "BBC", "en", "W12", "The market fell sharply."),
    ("w_marketing", "2021-01-01", "BBC", "en", "W13", "Marketing costs rose."),
    ("w_share", "2021-01-01", "BBC", "en", "W14", "Each share gained."),
    ("w_shared", "2021-01-01", "BBC", "en", "W15", "They shared the data."),
    ("w_news", "2021-01-01", "BBC", "en", "W16", "The news spread."),
    ("w_bus", "2021-01-01", "BBC", "en", "W20", "The bus left."),
    ("w_buses", "2021-01-01", "BBC", "en", "W21", "Two buses left."),
    // inflation eased in the U S pensions: 5 units between, and no sentence ends at `.`.
    ("en_dot", "2021-01-01", "BBC", "en", "S1", "Inflation eased in the U.S. Pensions rose."),
    ("en_semi", "2021-01-01", "BBC", "en", "S2", "Inflation eased; pensions rose."),
    ("en_para", "2021-01-01", "BBC", "en", "S3", "Inflation eased.\nPensions rose."),
    // An OCR wrap: eased and, 2 units.
    ("en_wrap", "2021-01-01", "BBC", "en", "S4", "Inflation eased and\npensions rose."),
    ("en_excl", "2021-01-01", "BBC", "en", "S5", "Inflation eased! Pensions rose?"),
    ("b_plain", "2021-01-01", "BBC", "en", "W17", "A budget vote is due."),
    ("b_plural", "2021-01-01", "BBC", "en", "W18", "The budget votes were counted."),
    ("b_poss", "2021-01-01", "BBC", "en", "W19", "The budget's vote failed."),
    // The span "harbour tariff review" stands only here.
    (
        "r_adjacent",
        "2022-01-01",
        "BBC",
        "en",
        "R1",
        "Officials said on Monday that the harbour tariff review would finish before the summer, \
         after months of talks with shipping lines, unions and the port authority about costs.",
    ),
    // Two of the words in the title, all three in a short body.
    ("r_title", "2022-01-01", "BBC", "en", "Tariff review", "The harbour board met. A tariff review of the harbour."),
    ("r_scatter", "2022-01-01", "BBC", "en", "R3", "A tariff on goods. A harbour for boats. A review of both."),
];

fn jsonl(clippings: &[Clipping]) -> String {
    let line = |(id, date, source, lang, title, body): &Clipping| serde_json::json!({"id": id, "date": date, "source": source, "lang": lang, "title": title, "body": body});
    clippings.iter().map(|c| format!("{}\n", line(c))).collect()
}

fn fixture() -> Env {
    let env = Env::new();
    env.put("news/cjk.jsonl", jsonl(CJK));
    env.put("news/english.jsonl", jsonl(ENGLISH));
    env.index(&["--index", "idx", "news"]);
    env
}

fn ids(env: &Env, args: &[&str]) -> Vec<String> {
    env.ids(&[&["--index", "idx", "--"], args].concat())
}

fn sorted(expected: &[&str]) -> Vec<String> {
    let mut ids: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    ids.sort();
    ids
}

/// Each query finds exactly `expected`, and the total says as many; every row is run,
/// and those that fail are listed together.
#[track_caller]
fn assert_table(env: &Env, table: &[(&str, &[&str])]) {
    let mut wrong = Vec::new();
    for (query, expected) in table {
        let (got, expected) = (ids(env, &[query]), sorted(expected));
        let total = env.total(&["--index", "idx", "--", query]);
        if got != expected || total != expected.len() {
            wrong.push(format!("{query:?}: expected {expected:?}, got {got:?} (total {total})"));
        }
    }
    assert!(wrong.is_empty(), "{} of {} queries:\n{}", wrong.len(), table.len(), wrong.join("\n"));
}

fn marked(text: &str, highlights: &[JsonSpan]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    highlights.iter().map(|h| chars[h.start..h.end].iter().collect()).collect()
}

/// Runs `search ARGS` in JSON, which must exit 0 or 1 with one warning line on stderr
/// that mentions `mentions`; returns the ids found.
#[track_caller]
fn assert_warned(env: &Env, query: &str, mentions: &str) -> Vec<String> {
    let out = env.search(&["--index", "idx", "--format", "json", "-n", "1000", "--", query]);
    assert!(matches!(out.code, Some(0 | 1)), "{query}: {:?} {}", out.code, out.stderr);
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{query}: one warning line: {:?}", out.stderr);
    assert!(lines[0].contains("warning") && lines[0].contains(mentions), "{query}: {:?}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    let mut ids = out.json::<crate::common::JsonResults>().ids();
    ids.sort();
    ids
}

const W0: &[&str] = &["p_adj", "p_rev", "p_space", "t_title"];
const W3: &[&str] = &["p_adj", "p_rev", "p_space", "t_title", "p_gap3", "p_gap3s"];
const W4: &[&str] = &["p_adj", "p_rev", "p_space", "t_title", "p_gap3", "p_gap3s", "p_wrap"];
const W7: &[&str] = &["p_adj", "p_rev", "p_space", "t_title", "p_gap3", "p_gap3s", "p_wrap", "p_far"];
const PRE3: &[&str] = &["p_adj", "p_space", "t_title", "p_gap3"];

#[test]
fn w_n_counts_units_in_either_order_in_both_scripts() {
    let env = fixture();
    for (a, b) in [("立法會", "選舉"), ("立法会", "选举"), ("立法會", "选举"), ("选举", "立法會")] {
        let table: &[(String, &[&str])] = &[
            (format!("{a} w/0 {b}"), W0),
            (format!("{a} w/2 {b}"), W0),
            (format!("{a} w/3 {b}"), W3),
            (format!("{a} w/4 {b}"), W4),
            (format!("{a} w/6 {b}"), W4),
            (format!("{a} w/7 {b}"), W7),
            (format!("{a} w/1000 {b}"), W7),
            (
                format!("{a} {b}"),
                &["p_adj", "p_rev", "p_gap3", "p_gap3s", "p_wrap", "p_space", "p_far", "t_title", "t_split"],
            ),
        ];
        let table: Vec<(&str, &[&str])> = table.iter().map(|(q, e)| (q.as_str(), *e)).collect();
        assert_table(&env, &table);
    }
}

#[test]
fn pre_n_wants_the_order_typed() {
    let env = fixture();
    assert_table(
        &env,
        &[
            ("立法會 pre/0 選舉", &["p_adj", "p_space", "t_title"]),
            ("立法会 pre/2 选举", &["p_adj", "p_space", "t_title"]),
            ("立法會 pre/3 选举", PRE3),
            ("立法会 pre/4 選舉", &["p_adj", "p_space", "t_title", "p_gap3", "p_wrap"]),
            ("立法會 pre/7 選舉", &["p_adj", "p_space", "t_title", "p_gap3", "p_wrap", "p_far"]),
            ("選舉 pre/0 立法會", &["p_rev"]),
            ("选举 pre/3 立法会", &["p_rev", "p_gap3s"]),
            ("选举 pre/2 立法會", &["p_rev"]),
        ],
    );
    let code = |query: &str| env.search(&["--index", "idx", "--", query]).code;
    assert_eq!((code("立法會 pre/0 選舉"), code("選舉 pre/0 選舉")), (Some(0), Some(1)), "exit 0 on hits, 1 on none");
}

#[test]
fn aliases_and_case_mean_the_same() {
    let env = fixture();
    let same = [
        ("立法會 w/3 選舉", ["立法會 near/3 選舉", "立法會 W/3 選舉", "立法會 NEAR/3 選舉"]),
        ("立法會 pre/3 選舉", ["立法會 adj/3 選舉", "立法會 PRE/3 選舉", "立法會 ADJ/3 選舉"]),
        ("颱風 /s 學校", ["颱風 w/s 學校", "颱風 /S 學校", "颱風 W/S 學校"]),
        ("颱風 /p 學校", ["颱風 w/p 學校", "颱風 /P 學校", "颱風 W/P 學校"]),
    ];
    for (canonical, aliases) in same {
        let expected = ids(&env, &[canonical]);
        assert!(!expected.is_empty(), "{canonical}");
        for alias in aliases {
            assert_eq!(ids(&env, &[alias]), expected, "{alias} is {canonical}");
        }
    }
    assert_eq!(ids(&env, &["立法會 near/3 選舉"]), sorted(W3));
    assert_eq!(ids(&env, &["立法會 adj/3 選舉"]), sorted(PRE3));
}

#[test]
fn the_title_and_the_body_are_never_one_field() {
    let env = fixture();
    assert_table(
        &env,
        &[
            ("立法會 w/1000 選舉", W7),
            ("立法会 /p 选举", W7),
            ("立法會 /s 選舉", W7),
            ("title:立法會 w/0 選舉", &["t_title"]),
            ("title:立法會 w/1000 body:選舉", &[]),
        ],
    );
    assert!(!ids(&env, &["立法會 w/1000 選舉"]).contains(&"t_split".to_owned()));
    assert!(ids(&env, &["立法會 選舉"]).contains(&"t_split".to_owned()), "AND spans fields");
}

const SENTENCE: &[&str] = &["s_comma", "s_ocr", "s_ocr2", "s_dot"];
const PARAGRAPH: &[&str] = &["s_stop", "s_comma", "s_ocr", "s_ocr2", "s_excl", "s_semi", "s_dot", "s_half"];
const ALL_S: &[&str] =
    &["s_stop", "s_comma", "s_para", "s_ocr", "s_ocr2", "s_excl", "s_semi", "s_dot", "s_colon", "s_half"];

#[test]
fn sentences_end_at_their_marks_and_paragraphs_at_line_breaks_after_them() {
    let env = fixture();
    assert_table(
        &env,
        &[
            ("颱風 /s 學校", SENTENCE),
            ("台风 /s 学校", SENTENCE),
            ("學校 /s 台风", SENTENCE),
            ("颱風 /p 學校", PARAGRAPH),
            ("台风 /p 学校", PARAGRAPH),
            ("学校 /p 颱風", PARAGRAPH),
            // Neither punctuation nor line breaks are units.
            ("颱風 w/2 學校", ALL_S),
            ("台风 w/1 学校", &[]),
            (
                "颱風 pre/2 學校",
                &["s_stop", "s_para", "s_ocr", "s_ocr2", "s_excl", "s_semi", "s_dot", "s_colon", "s_half"],
            ),
            ("学校 pre/2 台风", &["s_comma"]),
        ],
    );
}

#[test]
fn english_sentences_end_at_bangs_and_semicolons_not_at_full_stops() {
    let env = fixture();
    assert_table(
        &env,
        &[
            ("inflation /s pensions", &["en_dot", "en_wrap"]),
            ("pension /s inflation", &["en_dot", "en_wrap"]),
            ("inflation /p pensions", &["en_dot", "en_semi", "en_wrap", "en_excl"]),
            ("inflation w/1 pensions", &["en_semi", "en_para", "en_excl"]),
            ("inflation w/4 pensions", &["en_semi", "en_para", "en_excl", "en_wrap"]),
            ("inflation w/5 pensions", &["en_semi", "en_para", "en_excl", "en_wrap", "en_dot"]),
            ("pensions pre/5 inflation", &[]),
        ],
    );
}

/// The headline of a `.txt` clipping ends a paragraph even without a mark after it.
#[test]
fn a_headline_ends_a_paragraph() {
    let env = Env::new();
    env.put("news/typhoon.txt", "颱風來襲\n學校停課，家長安排照顧。\n");
    env.put("news/wrapped.txt", "颱風來襲，學校停課\n家長安排照顧。\n");
    env.index(&["--index", "idx", "news"]);
    let ids = |query: &str| env.ids(&["--index", "idx", "--", query]);
    assert_eq!(ids("颱風 w/2 學校"), ["typhoon.txt", "wrapped.txt"]);
    assert_eq!(ids("颱風 /p 學校"), ["wrapped.txt"]);
    assert_eq!(ids("颱風 /s 學校"), ["wrapped.txt"]);
    assert_eq!(ids("學校 /p 家長"), ["typhoon.txt", "wrapped.txt"], "an OCR wrap in wrapped.txt");
}

/// A `.jsonl` body's first line that reads as a headline ends a paragraph too, as in a
/// `.txt` clipping; one that does not (it holds a `。`) is wrapped like any other line.
#[test]
fn the_headline_of_a_jsonl_body_ends_a_paragraph_and_joins_nothing() {
    let env = Env::new();
    let clippings: &[Clipping] = &[
        ("headline", "2020-01-01", "明報", "zh-Hant", "標題", "林鄭月娥今日到\n訪元朗，各界期待。"),
        ("wrapped", "2020-01-01", "明報", "zh-Hant", "標題", "政府消息。林鄭月娥今日到\n訪元朗，各界期待。"),
    ];
    env.put("news/wrap.jsonl", jsonl(clippings));
    env.index(&["--index", "idx", "news"]);
    assert_table(
        &env,
        &[
            ("到訪", &["wrapped"]),
            ("今日 /p 訪", &["wrapped"]),
            ("今日 /s 訪", &["wrapped"]),
            ("今日 w/1 訪元朗", &["headline", "wrapped"]),
            ("林鄭月娥 w/1 訪元朗", &[]),
        ],
    );
}

#[test]
fn or_groups_and_proximity_matches_are_operands() {
    let env = fixture();
    let mut with_rain = SENTENCE.to_vec();
    with_rain.push("s_rain");
    let not_comma: Vec<&str> = ALL_S.iter().copied().filter(|id| *id != "s_comma").collect();
    assert_table(
        &env,
        &[
            ("(颱風 OR 暴雨) /s 學校", &with_rain),
            ("(台风 OR 暴雨 OR 不存在) /s (学校 OR 大學)", &with_rain),
            ("學校 /s (暴雨 OR 颱風)", &with_rain),
            ("(立法會 OR 議會) w/0 (選舉 OR 投票)", W0),
            // The pair covers 颱風…學校; 停課 must start after it ends.
            ("(颱風 w/2 學校) pre/0 停課", &not_comma),
            ("(台风 w/2 学校) pre/0 停课", &not_comma),
            // 來襲 lies inside the span of every pair; 通知 only after one, in a sentence of its own.
            ("((颱風 w/2 學校) pre/0 停課) /s 來襲", &[]),
            ("((颱風 w/2 學校) pre/0 停課) /p 通知", &["s_ocr"]),
            ("((颱風 w/2 學校) pre/0 停課) /s 通知", &[]),
            ("(立法會 w/3 選舉) pre/5 進行", &["p_adj"]),
            // `w/N` binds tighter than `/s`, and one level applies left to right.
            ("颱風 /s 學校 w/0 停課", SENTENCE),
            ("學校 w/0 停課 /s 颱風", SENTENCE),
            // `/s` binds tighter than `/p`: 學校 /s 停課 holds in every clipping.
            ("颱風 /p 學校 /s 停課", PARAGRAPH),
            ("學校 /s 停課 /p 颱風", PARAGRAPH),
        ],
    );
}

#[test]
fn proximity_combines_with_and_not_or_and_filters() {
    let env = fixture();
    let mut with_rain = SENTENCE.to_vec();
    with_rain.push("s_rain");
    assert_table(
        &env,
        &[
            ("颱風 /s 學校 通知", &["s_ocr"]),
            ("颱風 /s 學校 AND 通知", &["s_ocr"]),
            ("颱風 /s 學校 -通知", &["s_comma", "s_ocr2", "s_dot"]),
            ("颱風 /s 學校 NOT 通知", &["s_comma", "s_ocr2", "s_dot"]),
            ("-通知 台风 /s 学校", &["s_comma", "s_ocr2", "s_dot"]),
            ("颱風 /s 學校 OR 暴雨", &with_rain),
            ("立法會 w/0 選舉 OR 颱風 /s 學校", &[W0, SENTENCE].concat()),
        ],
    );
    let filtered = |args: &[&str]| env.ids(&[&["--index", "idx"], args].concat());
    assert_eq!(filtered(&["--since", "2021", "颱風 /s 學校"]), sorted(&["s_ocr", "s_ocr2", "s_dot"]));
    assert_eq!(filtered(&["--until", "2021-12-31", "台风 /s 学校"]), sorted(&["s_comma", "s_ocr"]));
    assert_eq!(filtered(&["--source", "明报", "颱風 /s 學校"]), sorted(&["s_ocr2", "s_dot"]));
    assert_eq!(filtered(&["--source", "新華社", "立法會 w/3 選舉"]), sorted(&["p_rev", "p_gap3s", "p_space"]));
    assert_eq!(filtered(&["source:新华社", "立法會 w/3 選舉"]), sorted(&["p_rev", "p_gap3s", "p_space"]));
    let count = env.assert_success(&["search", "--index", "idx", "--count", "--", "立法會 w/3 選舉"]);
    assert_eq!(count.stdout.trim(), W3.len().to_string());
}

#[test]
fn english_units_are_words_and_a_possessive_is_one() {
    let env = fixture();
    assert_table(
        &env,
        &[
            ("released w/3 partners", &["e_gpt"]),
            ("released w/2 partners", &[]),
            ("released pre/3 partners", &["e_gpt"]),
            ("partners pre/3 released", &[]),
            ("company w/2 resigned", &["w_companys"]),
            ("company w/1 resigned", &[]),
            ("companies w/0 profits", &["w_companies"]),
            ("gpt w/0 4", &["e_gpt"]),
            ("4 w/1 partners", &["e_gpt"]),
            // growth slowed in the third quarter: 4 units between.
            ("\"economy growth\" w/4 quarter", &["e_economy"]),
            ("\"economy growth\" w/3 quarter", &[]),
        ],
    );
}

/// `GPT-4` is the units `gpt` and `4`, next to each other; a phrase is matched with the
/// punctuation typed (docs/query.md), so `"gpt 4"` is not `GPT-4`.
#[test]
fn a_hyphenated_word_is_two_adjacent_units_and_a_phrase_keeps_its_punctuation() {
    let env = fixture();
    assert_table(
        &env,
        &[
            ("\"gpt 4\"", &[]),
            ("\"gpt-4\"", &["e_gpt"]),
            ("\"gpt-4\" w/1 partners", &["e_gpt"]),
            ("gpt w/0 4", &["e_gpt"]),
            ("gpt-4", &["e_gpt"]),
        ],
    );
}

/// An `=` operand keeps the script typed in proximity too: a 國 beside 人 is no `=国`
/// beside it, even in a clipping that holds a 国 elsewhere.
#[test]
fn an_equals_sign_keeps_the_script_typed_inside_proximity() {
    let env = Env::new();
    // 国 山山山山山中國 人: 7 units between 国 and 人; 國 stands next to it.
    let lines = [
        crate::common::jsonl_line("mixed", "中国山山山山山中國人。"),
        crate::common::jsonl_line("trad", "中國人。"),
        crate::common::jsonl_line("e_mixed", "The election was held; elections results came."),
        crate::common::jsonl_line("e_plain", "Election results came."),
    ];
    env.put("news/exact.jsonl", lines.concat());
    env.index(&["--index", "idx", "news"]);
    assert_table(
        &env,
        &[
            ("国 w/0 人", &["mixed", "trad"]),
            ("=國 w/0 人", &["mixed", "trad"]),
            ("=国 w/0 人", &[]),
            ("=国 pre/6 人", &[]),
            ("=国 pre/7 人", &["mixed"]),
            ("(=国 OR 川) w/0 人", &[]),
            ("人 /s =国", &["mixed"]),
            ("election w/0 result", &["e_mixed", "e_plain"]),
            ("=election w/0 results", &["e_plain"]),
            ("=elections w/0 results", &["e_mixed"]),
            ("=election /s results", &["e_plain"]),
        ],
    );
}

#[test]
fn a_mention_is_never_paired_with_itself() {
    let env = Env::new();
    let lines = [
        crate::common::jsonl_line("once", "香港今日天晴。"),
        // 今日天晴: 4 units between the two.
        crate::common::jsonl_line("twice", "香港今日天晴，香港明日有雨。"),
        // 天晴: 2 units, and a sentence, between the two.
        crate::common::jsonl_line("stop", "香港天晴。香港有雨。"),
        // 人在: 2 units between 香港 and the second 香.
        crate::common::jsonl_line("inside", "香港人在香。"),
    ]
    .concat();
    env.put("news/twice.jsonl", lines);
    env.index(&["--index", "idx", "news"]);
    assert_table(
        &env,
        &[
            ("香港 w/100 香港", &["twice", "stop"]),
            ("香港 w/4 香港", &["twice", "stop"]),
            ("香港 w/3 香港", &["stop"]),
            ("香港 w/1 香港", &[]),
            ("香港 /s 香港", &["twice"]),
            ("香港 /p 香港", &["twice", "stop"]),
            // The 香 of a 香港 overlaps it: only a 香 of another mention pairs with it.
            ("香港 w/3 香", &["inside", "stop"]),
            ("香港 pre/2 香", &["inside", "stop"]),
            ("香港 pre/1 香", &[]),
            ("香 pre/3 香港", &["stop"]),
        ],
    );
}

#[test]
fn highlights_cover_both_sides_of_a_proximity_match() {
    let env = fixture();
    let hit = |query: &str, id: &str| {
        let results = env.search_json(&["--index", "idx", "-n", "100", "--", query]);
        let hit = results.hits.into_iter().find(|h| h.id == id).unwrap_or_else(|| panic!("{query}: no {id}"));
        marked(&hit.snippet, &hit.highlights)
    };
    // Each of these clippings holds one occurrence of each side: both are marked, in order.
    assert_eq!(hit("立法會 w/3 選舉", "p_gap3"), ["立法會", "選舉"]);
    assert_eq!(hit("立法会 pre/3 选举", "p_gap3"), ["立法會", "選舉"]);
    assert_eq!(hit("released w/3 partners", "e_gpt"), ["released", "partners"]);
    assert_eq!(hit("台风 /s 学校", "s_comma"), ["学校", "台风"]);
    assert_eq!(hit("(颱風 w/2 學校) pre/0 停課", "s_stop"), ["颱風", "學校", "停課"]);
    for query in ["立法會 w/3 選舉", "选举 w/3 立法会", "立法會 /p 選舉"] {
        let shown = env.show_json(&["--index", "idx", "--highlight", query, "p_gap3s"]);
        assert_eq!(marked(&shown.text, &shown.highlights), ["选举", "立法会"], "{query}");
    }
}

#[test]
fn truncation_finds_every_word_with_the_prefix() {
    let env = fixture();
    assert_table(
        &env,
        &[
            ("econom*", &["e_economy", "e_economic", "e_economists"]),
            ("ECONOM*", &["e_economy", "e_economic", "e_economists"]),
            ("eco", &["e_eco"]),
            ("economi*", &["e_economic", "e_economists"]),
            ("\"econom* growth\"", &["e_economy", "e_economic"]),
            ("econom* w/3 growth", &["e_economy", "e_economic"]),
            ("econom* w/4 growth", &["e_economy", "e_economic", "e_economists"]),
            ("growth pre/4 econom*", &[]),
            ("econom* -growth", &[]),
            ("electi* w/0 result*", &["w_results"]),
        ],
    );
    let results = env.search_json(&["--index", "idx", "econom*"]);
    for hit in &results.hits {
        let marks = marked(&hit.snippet, &hit.highlights);
        let word = hit.snippet.split(' ').next().unwrap();
        assert_eq!(marks, [word], "{}: the whole word is highlighted", hit.id);
    }
    let shown = env.show_json(&["--index", "idx", "--highlight", "econom* w/4 growth", "e_economists"]);
    assert_eq!(marked(&shown.text, &shown.highlights), ["Economists", "growth"]);
}

#[test]
fn a_short_prefix_or_a_lone_star_is_searched_as_plain_words_with_a_warning() {
    let env = fixture();
    assert_eq!(assert_warned(&env, "ab*", "*"), ids(&env, &["ab"]));
    assert_eq!(ids(&env, &["ab"]), ["e_ab"]);
    assert_eq!(assert_warned(&env, "growth *", "*"), ids(&env, &["growth"]));
    assert_eq!(assert_warned(&env, "growth ec*", "*"), Vec::<String>::new(), "`ec` is a plain word");
    assert_eq!(assert_warned(&env, "颱風*", "*"), ids(&env, &["颱風"]), "no truncation after CJK");
    assert_eq!(assert_warned(&env, "立法會 w/ 選舉", "w/"), ids(&env, &["立法會 選舉"]));
    assert_eq!(assert_warned(&env, "立法會 w/abc 選舉", "w/"), ids(&env, &["立法會 選舉"]));
    assert_eq!(assert_warned(&env, "立法會 w/1001 選舉", "1000"), ids(&env, &["立法會 選舉"]));
    assert_eq!(assert_warned(&env, "立法會 pre/5", "proximity"), ids(&env, &["立法會"]));
    assert_eq!(assert_warned(&env, "(颱風 學校) w/3 停課", "proximity"), ids(&env, &["颱風 學校 停課"]));
}

#[test]
fn a_prefix_of_too_many_words_is_refused() {
    let env = Env::new();
    // zzq0001 to zzq6000, a hundred a clipping; yyk00001 to yyk05000, and yykx.
    let numbered = |id: String, words: Vec<String>| crate::common::jsonl_line(&id, &words.join(" "));
    let mut lines: String = (0..60)
        .map(|doc| numbered(format!("z{doc:02}"), (1..=100).map(|i| format!("zzq{:04}", doc * 100 + i)).collect()))
        .collect();
    lines += &(0..50)
        .map(|doc| numbered(format!("y{doc:02}"), (1..=100).map(|i| format!("yyk{:05}", doc * 100 + i)).collect()))
        .collect::<String>();
    lines += &crate::common::jsonl_line("yx", "yykx");
    env.put("news/many.jsonl", lines);
    env.index(&["--index", "idx", "news"]);
    let out = env.search(&["--index", "idx", "zzq*"]);
    out.assert_one_line_error("zzq*");
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let out = env.search(&["--index", "idx", "--format", "json", "zzq* OR zzq0001"]);
    out.assert_one_line_error("zzq*");
    env.assert_failure_with_error(&["search", "--index", "idx", "--count", "yyk*"], "yyk*");
    assert_eq!(env.total(&["--index", "idx", "yyk0*"]), 50, "5,000 words are not too many");
    // zzq1000 to zzq1999: 1,000 words, in clippings z09 to z19.
    assert_eq!(env.total(&["--index", "idx", "zzq1*"]), 11);
    assert_eq!(env.ids(&["--index", "idx", "zzq0001*"]), ["z00"]);
}

#[test]
fn a_word_matches_its_plurals_and_possessives_and_no_other_form() {
    let env = fixture();
    let company: &[&str] = &["w_company", "w_companys", "w_curly", "w_companies"];
    assert_table(
        &env,
        &[
            ("election", &["w_election", "w_elections", "w_results"]),
            ("elections", &["w_election", "w_elections", "w_results"]),
            ("=elections", &["w_elections", "w_results"]),
            ("=election", &["w_election"]),
            ("policy", &["w_policy", "w_policies"]),
            ("policies", &["w_policy", "w_policies"]),
            ("=policies", &["w_policies"]),
            ("company", company),
            ("company's", company),
            ("company’s", company),
            ("companies", company),
            // A possessive is part of its word: `=` tells plurals apart, not possessives.
            ("=company", &["w_company", "w_companys", "w_curly"]),
            ("tax", &["w_tax", "w_taxes"]),
            ("taxes", &["w_tax", "w_taxes"]),
            ("=tax", &["w_tax"]),
            ("market", &["w_market"]),
            ("marketing", &["w_marketing"]),
            ("share", &["w_share"]),
            ("shared", &["w_shared"]),
            ("new", &["w_policy", "w_companys"]),
            ("news", &["w_news"]),
            ("bus", &["w_bus", "w_buses"]),
            ("buses", &["w_bus", "w_buses"]),
        ],
    );
}

#[test]
fn word_forms_hold_in_phrases_and_the_equals_sign_keeps_the_form_typed() {
    let env = fixture();
    assert_table(
        &env,
        &[
            ("\"election results\"", &["w_results"]),
            ("\"elections result\"", &["w_results"]),
            ("=\"election results\"", &[]),
            ("=\"elections results\"", &["w_results"]),
            ("\"budget vote\"", &["b_plain", "b_plural", "b_poss"]),
            ("\"budgets votes\"", &["b_plain", "b_plural", "b_poss"]),
            ("=\"budget vote\"", &["b_plain", "b_poss"]),
            ("=\"budget votes\"", &["b_plural"]),
            ("\"housing policy\"", &["w_policy", "w_policies"]),
            ("\"market fell\"", &["w_market"]),
            ("\"marketing fell\"", &[]),
        ],
    );
}

#[test]
fn a_span_typed_unquoted_ranks_where_it_stands_adjacent_first() {
    let env = fixture();
    let results = env.search_json(&["--index", "idx", "harbour tariff review"]);
    assert_eq!(results.total, 3, "{:?}", results.ids());
    assert_eq!(results.hits[0].id, "r_adjacent", "{:?}", results.ids());
    let results = env.search_json(&["--index", "idx", "Harbour Tariff Review"]);
    assert_eq!(results.hits[0].id, "r_adjacent", "case folded: {:?}", results.ids());
}

#[test]
fn chinese_words_typed_side_by_side_rank_where_they_stand_together_first() {
    let env = Env::new();
    let clippings: &[Clipping] = &[
        (
            "adjacent",
            "2020-01-01",
            "明報",
            "zh-Hant",
            "R1",
            "本報訊：政府昨日公佈，香港經濟今年首季增長放緩，失業率維持低位，多個行業仍待復甦。",
        ),
        ("titled", "2020-01-01", "明報", "zh-Hant", "經濟", "經濟。香港。"),
        ("apart", "2020-01-01", "明報", "zh-Hant", "R3", "經濟數據公佈，香港股市上升。"),
    ];
    env.put("news/rank.jsonl", jsonl(clippings));
    env.index(&["--index", "idx", "news"]);
    for query in ["香港 經濟", "香港 经济"] {
        let results = env.search_json(&["--index", "idx", query]);
        assert_eq!((results.total, results.hits[0].id.as_str()), (3, "adjacent"), "{query}: {:?}", results.ids());
    }
}
