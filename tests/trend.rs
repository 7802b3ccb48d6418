//! `trend` (issue 16): clippings counted by day, week, month, year, source and language,
//! exactly `search`'s total; empty months listed; `none` for undated clippings; several
//! series side by side; `--share`; the chart fitted to the width; CSV for spreadsheets,
//! read back with the `csv` crate.

use unicode_width::UnicodeWidthStr;

use crate::common::{Env, JsonSeries, Output};

/// A title with a comma, quotes and a line break, which CSV must quote.
const AWKWARD_TITLE: &str = "河套, \"區\"\n發展";

/// An index `idx` of eight clippings with known dates, sources and languages: 新质生产力
/// in five (one undated), 高质量发展 in two.
fn fixture() -> Env {
    let env = Env::new();
    let articles = [
        ("a1", Some("2024-01-05"), Some("大公報"), "zh-Hant", "新質生產力在香港", "香港推動新質生產力發展。"),
        ("a2", Some("2024-01-20"), Some("大公報"), "zh-Hant", "創科", "新質生產力是創科的方向。"),
        ("a3", Some("2024-03-02"), Some("人民日报"), "zh-Hans", "两会", "新质生产力推动高质量发展。"),
        ("a4", Some("2024-03-31"), Some("人民日报"), "zh-Hans", "经济", "高质量发展是首要任务。"),
        ("a5", None, Some("人民日报"), "zh-Hans", "评论", "发展新质生产力。"),
        ("a6", Some("2023-12-31"), None, "en", "Productivity", "New quality productive forces in China."),
        ("a7", Some("2024-06-10"), Some("大公報"), "zh-Hant", "其他", "天氣晴朗。"),
        (
            "a8",
            Some("2024-03-15"),
            Some("文匯報, Wen Wei Po"),
            "zh-Hant",
            AWKWARD_TITLE,
            "河套區發展新質生產力，\"創新\"。",
        ),
    ];
    let mut lines = String::new();
    for (id, date, source, lang, title, body) in articles {
        let mut line = serde_json::json!({"id": id, "lang": lang, "title": title, "body": body});
        if let Some(date) = date {
            line["date"] = date.into();
        }
        if let Some(source) = source {
            line["source"] = source.into();
        }
        lines += &format!("{line}\n");
    }
    env.put("news/news.jsonl", lines);
    env.index(&["--index", "idx", "news"]);
    env
}

/// `trend --index idx ARGS` with `COLUMNS` set to `columns`, if given.
fn trend(env: &Env, args: &[&str], columns: Option<usize>) -> Output {
    let mut cmd = env.jianbao();
    cmd.args(["trend", "--index", "idx"]).args(args);
    if let Some(columns) = columns {
        cmd.env("COLUMNS", columns.to_string());
    }
    cmd.output().unwrap().into()
}

/// The series of `trend --format json ARGS`, which must exit 0.
#[track_caller]
fn series(env: &Env, args: &[&str]) -> Vec<JsonSeries> {
    let out = trend(env, &[&["--format", "json"], args].concat(), None);
    assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
    out.json_lines()
}

/// (key, count) pairs, as written in a test.
type Counts<'a> = &'a [(&'a str, u64)];

/// (key, count) pairs, from literals.
fn counts(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|&(k, n)| (k.to_owned(), n)).collect()
}

#[test]
fn buckets_are_exact_for_each_unit_and_add_up_to_the_search_total() {
    let env = fixture();
    let total = env.total(&["--index", "idx", "新质生产力"]) as u64;
    assert_eq!(total, 5);
    let by = |unit: &str| {
        let [one] = <[JsonSeries; 1]>::try_from(series(&env, &["--by", unit, "新质生产力"])).unwrap();
        assert_eq!((one.by.as_str(), one.total), (unit, total), "{unit}");
        assert_eq!(one.buckets.iter().map(|b| b.count).sum::<u64>(), total, "{unit}: the buckets add up");
        one
    };
    let month = by("month");
    assert_eq!(month.counts(), counts(&[("2024-01", 2), ("2024-02", 0), ("2024-03", 2), ("none", 1)]));
    assert_eq!(by("year").counts(), counts(&[("2024", 4), ("none", 1)]));
    let week = by("week");
    let weeks: Vec<String> = (1..=11).map(|w| format!("2024-W{w:02}")).chain(["none".to_owned()]).collect();
    assert_eq!(week.buckets.iter().map(|b| b.key.clone()).collect::<Vec<_>>(), weeks);
    let found: Vec<_> = week.counts().into_iter().filter(|(_, n)| *n > 0).collect();
    assert_eq!(found, counts(&[("2024-W01", 1), ("2024-W03", 1), ("2024-W09", 1), ("2024-W11", 1), ("none", 1)]));
    let day = by("day");
    assert_eq!(day.buckets.len(), 27 + 29 + 15 + 1, "every day from 5 January to 15 March 2024, and none");
    assert_eq!((day.buckets[0].key.as_str(), day.buckets[70].key.as_str()), ("2024-01-05", "2024-03-15"));
    let found: Vec<_> = day.counts().into_iter().filter(|(_, n)| *n > 0).collect();
    assert_eq!(
        found,
        counts(&[("2024-01-05", 1), ("2024-01-20", 1), ("2024-03-02", 1), ("2024-03-15", 1), ("none", 1)])
    );
    // Every source the clippings have, the most matches first; no `none`: a6, without a
    // source, does not match.
    let source = by("source");
    assert_eq!(source.counts(), counts(&[("人民日报", 2), ("大公報", 2), ("文匯報, Wen Wei Po", 1)]));
    assert_eq!(by("lang").counts(), counts(&[("zh-Hant", 3), ("zh-Hans", 2), ("en", 0)]));
}

#[test]
fn filters_are_searchs_and_since_and_until_set_the_months_listed() {
    let env = fixture();
    let cases: [(&[&str], Counts); 4] = [
        (&["--source", "大公報"], &[("2024-01", 2)]),
        (&["--lang", "zh-Hans"], &[("2024-03", 1), ("none", 1)]),
        (
            &["--since", "2023-11", "--until", "2024-06"],
            &[
                ("2023-11", 0),
                ("2023-12", 0),
                ("2024-01", 2),
                ("2024-02", 0),
                ("2024-03", 2),
                ("2024-04", 0),
                ("2024-05", 0),
                ("2024-06", 0),
            ],
        ),
        // --since alone: from February, where nothing matched, to the last match.
        (&["--since", "2024-02"], &[("2024-02", 0), ("2024-03", 2)]),
    ];
    for (filters, expected) in cases {
        let [one] = <[JsonSeries; 1]>::try_from(series(&env, &[filters, &["新质生产力"]].concat())).unwrap();
        assert_eq!(one.counts(), counts(expected), "{filters:?}");
        let total = env.total(&[&["--index", "idx"], filters, &["新质生产力"]].concat()) as u64;
        assert_eq!(one.total, total, "{filters:?}: search's total");
    }
}

#[test]
fn several_series_side_by_side_share_their_buckets() {
    let env = fixture();
    let all = series(&env, &["新质", "生产力", "-e", "高质量发展", "-e", "不存在的词"]);
    let queries: Vec<&str> = all.iter().map(|s| s.query.as_str()).collect();
    assert_eq!(queries, ["新质 生产力", "高质量发展", "不存在的词"], "the words typed first, then each -e");
    assert_eq!(all[0].counts(), counts(&[("2024-01", 2), ("2024-02", 0), ("2024-03", 2), ("none", 1)]));
    assert_eq!(all[1].counts(), counts(&[("2024-01", 0), ("2024-02", 0), ("2024-03", 2), ("none", 0)]));
    assert_eq!(all[2].counts(), counts(&[("2024-01", 0), ("2024-02", 0), ("2024-03", 0), ("none", 0)]));
    assert_eq!(all[2].buckets[0].share, 0.0, "0 of 0");
    let none = trend(&env, &["-e", "不存在的词", "-e", "也没有"], None);
    assert_eq!(none.code, Some(1), "no series matched: {}", none.stderr);
    assert!(none.stdout.contains("0 clippings"), "{}", none.stdout);
}

#[test]
fn share_divides_by_the_clippings_of_each_bucket() {
    let env = fixture();
    let shares = |s: &JsonSeries| s.buckets.iter().map(|b| (b.share * 1000.0).round() / 1000.0).collect::<Vec<_>>();
    let [plain] = <[JsonSeries; 1]>::try_from(series(&env, &["新质生产力"])).unwrap();
    assert_eq!((plain.share_of.as_str(), shares(&plain)), ("total", vec![0.4, 0.0, 0.4, 0.2]));
    assert!(plain.buckets.iter().all(|b| b.clippings.is_none()));
    let [per] = <[JsonSeries; 1]>::try_from(series(&env, &["--share", "新质生产力"])).unwrap();
    assert_eq!((per.share_of.as_str(), shares(&per)), ("bucket", vec![1.0, 0.0, 0.667, 1.0]));
    let clippings: Vec<Option<u64>> = per.buckets.iter().map(|b| b.clippings).collect();
    assert_eq!(clippings, [Some(2), Some(0), Some(3), Some(1)]);
    let text = trend(&env, &["--share", "新质生产力"], Some(80));
    assert!(text.stdout.contains("1000.0‰") && text.stdout.contains("666.7‰"), "{}", text.stdout);
    assert!(text.stdout.contains("per 1,000 clippings"), "{}", text.stdout);
}

/// The display columns of `line`.
fn width(line: &str) -> usize {
    UnicodeWidthStr::width(line)
}

#[test]
fn the_chart_fits_the_width_and_scales_its_bars() {
    let env = fixture();
    for (columns, bar) in [(40, 18), (160, 138)] {
        let out = trend(&env, &["新质生产力", "-e", "高质量发展"], Some(columns));
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert!(!out.stdout.contains('\x1b'), "no colour into a pipe");
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert!(lines[0].starts_with("a  新质生产力") && lines[1].starts_with("b  高质量发展"), "{lines:?}");
        let rows = &lines[2..];
        assert_eq!(rows.len(), 8, "four buckets, two series each: {rows:?}");
        for row in rows {
            assert_eq!(width(row), columns, "{row:?}");
        }
        let full = "█".repeat(bar);
        let row = |i: usize| rows[i].split_whitespace().collect::<Vec<_>>();
        // 2024-01: a 2 (the most: a whole bar), b 0 (none); 2024-03: both 2; none: a 1 (half).
        assert_eq!(row(0), ["2024-01", "a", &full, "2", "40.0%"]);
        assert_eq!(row(1), ["b", "0", "0.0%"]);
        assert_eq!(row(2), ["2024-02", "a", "0", "0.0%"]);
        assert_eq!(row(5), ["b", &full, "2", "100.0%"]);
        assert_eq!(row(6), ["none", "a", &"█".repeat(bar / 2), "1", "20.0%"]);
    }
    let coloured = trend(&env, &["--color", "always", "新质生产力", "-e", "高质量发展"], Some(60));
    assert!(coloured.stdout.contains("\x1b[36m█") && coloured.stdout.contains("\x1b[35m█"), "{}", coloured.stdout);
}

#[test]
fn a_small_count_gets_a_sliver_and_keys_are_shortened_to_fit() {
    let env = fixture();
    let out = trend(&env, &["--by", "day", "新质生产力"], Some(40));
    let row = out.stdout.lines().find(|l| l.starts_with("2024-01-05")).unwrap();
    assert!(row.contains('█'), "{row}");
    let out = trend(&env, &["--by", "source", "--source", "Wen", "河套"], Some(30));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for line in out.stdout.lines() {
        assert!(width(line) <= 30, "{line:?}");
    }
    assert!(out.stdout.contains("\n文匯報, W…  █"), "a third of the width at most: {}", out.stdout);
}

/// A reader of the CSV `text`, as a script reads it.
#[track_caller]
fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::Reader::from_reader(text.as_bytes())
}

#[test]
fn csv_of_a_search_loads_back_with_every_field_of_json() {
    let env = fixture();
    let out = env.search(&["--index", "idx", "--format", "csv", "新质生产力"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut reader = csv_reader(&out.stdout);
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, ["id", "date", "source", "lang", "title", "score", "snippet", "path", "url"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let json = env.search_json(&["--index", "idx", "新质生产力"]);
    assert_eq!(rows.len(), json.hits.len());
    for (row, hit) in rows.iter().zip(&json.hits) {
        let or_empty = |v: &Option<String>| v.clone().unwrap_or_default();
        let fields =
            [&hit.id, &or_empty(&hit.date), &or_empty(&hit.source), &or_empty(&hit.lang), &or_empty(&hit.title)];
        assert_eq!(row.iter().take(5).collect::<Vec<_>>(), fields, "{row:?}");
        assert_eq!(row[5].parse::<f32>().unwrap(), hit.score);
        assert_eq!((&row[6], &row[7], &row[8]), (hit.snippet.as_str(), hit.path.as_str(), or_empty(&hit.url).as_str()));
    }
    let awkward = rows.iter().find(|r| &r[0] == "a8").unwrap();
    assert_eq!((&awkward[2], &awkward[4]), ("文匯報, Wen Wei Po", AWKWARD_TITLE));
    let count = env.search(&["--index", "idx", "--format", "csv", "--count", "新质生产力"]);
    assert_eq!(count.stdout, "query,total\n新质生产力,5\n");
    env.assert_failure_with_error(&["search", "--index", "idx", "--batch", "--format", "csv"], "--format csv");
}

#[test]
fn csv_of_a_trend_has_a_column_pair_per_series() {
    let env = fixture();
    let out = trend(&env, &["--format", "csv", "--share", "新质生产力", "-e", "高质量发展"], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let mut reader = csv_reader(&out.stdout);
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let expected = ["key", "count 新质生产力", "share 新质生产力", "count 高质量发展", "share 高质量发展", "clippings"];
    assert_eq!(header, expected);
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    assert_eq!(rows[2], ["2024-03", "2", "0.6666666666666666", "2", "0.6666666666666666", "3"]);
    assert_eq!(rows.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), ["2024-01", "2024-02", "2024-03", "none"]);
    let one = trend(&env, &["--format", "csv", "--by", "year", "新质生产力"], None);
    assert_eq!(one.stdout, "key,count,share\n2024,4,0.8\nnone,1,0.2\n");
}

#[test]
fn stats_counts_years_and_sources_through_the_same_buckets() {
    let env = fixture();
    let stats = env.stats_json(&["--index", "idx"]);
    let named = |pairs: &[(&str, usize)]| pairs.iter().map(|&(k, n)| (k.to_owned(), n)).collect();
    assert_eq!(stats.by_year, named(&[("2023", 1), ("2024", 6), ("none", 1)]));
    assert_eq!(stats.by_source, named(&[("人民日报", 3), ("大公報", 3), ("文匯報, Wen Wei Po", 1), ("none", 1)]));
    assert_eq!(stats.by_lang, named(&[("en", 1), ("zh-Hans", 3), ("zh-Hant", 4)]));
}

#[test]
fn bad_requests_are_one_line_errors() {
    let env = fixture();
    env.assert_failure_with_error(&["trend", "--index", "idx", "--by", "decade", "港"], "decade");
    let far = ["trend", "--index", "idx", "--by", "day", "--since", "0001", "--until", "9999", "港"];
    env.assert_failure_with_error(&far, "buckets");
    env.assert_failure_with_error(&["trend", "--index", "idx"], "QUERY");
    env.assert_failure_with_error(&["trend", "--index", "idx", "--since", "2025", "--until", "2024", "港"], "--since");
}

#[test]
fn counts_follow_updates_across_segments_and_deletions() {
    let env = fixture();
    let line = serde_json::json!({"id": "b1", "date": "2024-02-10", "source": "明報", "lang": "zh-Hant", "body": "新質生產力。"});
    env.put("news/more.jsonl", format!("{line}\n"));
    env.index(&["--index", "idx", "news"]);
    let [one] = <[JsonSeries; 1]>::try_from(series(&env, &["新质生产力"])).unwrap();
    assert_eq!(
        one.counts(),
        counts(&[("2024-01", 2), ("2024-02", 1), ("2024-03", 2), ("none", 1)]),
        "a second segment"
    );
    std::fs::remove_file(env.path("news/more.jsonl")).unwrap();
    env.index(&["--index", "idx", "news"]);
    let [one] = <[JsonSeries; 1]>::try_from(series(&env, &["--by", "source", "新质生产力"])).unwrap();
    let sources: Vec<String> = one.buckets.iter().map(|b| b.key.clone()).collect();
    assert_eq!(
        sources,
        ["人民日报", "大公報", "文匯報, Wen Wei Po"],
        "a deleted clipping is not counted, nor its source"
    );
}
