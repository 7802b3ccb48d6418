//! Stories (`docs/duplicates.md`): `duplicates`, `search --collapse` and `show` on a
//! corpus that holds versions of two stories, kept up to date by every `index` run.

use crate::common::{jsonl_line, Env, JsonArticle, JsonCount, JsonHit, JsonResults, JsonStories, JsonStory};

/// A story in Hong Kong Traditional script, paragraph by paragraph.
const RAIL_HANT: [&str; 4] = [
    "港鐵公司今日宣布，屯馬綫將於下月起在繁忙時間加密班次，由每三分鐘一班縮短至每兩分半鐘一班，以應付新界西北居民的通勤需求。",
    "港鐵發言人表示，公司已完成信號系統的提升工程，並增購十二列新列車，預計每小時載客量可增加約兩成。",
    "有屯門區議員歡迎安排，但指部分車站月台擠迫問題仍未解決，要求港鐵在大圍站及紅磡站增派人手疏導乘客。",
    "運輸及物流局回應指，政府會繼續監察港鐵的服務表現，並研究在北部都會區興建新鐵路綫，以分流現有客量。",
];

/// The same story in Simplified script.
const RAIL_HANS: [&str; 4] = [
    "港铁公司今日宣布，屯马线将于下月起在繁忙时间加密班次，由每三分钟一班缩短至每两分半钟一班，以应付新界西北居民的通勤需求。",
    "港铁发言人表示，公司已完成信号系统的提升工程，并增购十二列新列车，预计每小时载客量可增加约两成。",
    "有屯门区议员欢迎安排，但指部分车站月台挤迫问题仍未解决，要求港铁在大围站及红磡站增派人手疏导乘客。",
    "运输及物流局回应指，政府会继续监察港铁的服务表现，并研究在北部都会区兴建新铁路线，以分流现有客量。",
];

/// An English wire story.
const RATES: [&str; 3] = [
    "The Hong Kong Monetary Authority raised its base rate by 25 basis points on Thursday, following the US Federal Reserve, bringing the rate to 5.75 per cent.",
    "Banks in the city are expected to keep their prime lending rates unchanged for now, analysts said, although mortgage borrowers on floating rates will pay more.",
    "The authority said the banking system remained sound and that capital flows had been orderly, with the aggregate balance steady at about 45 billion dollars.",
];

/// Another article on the railway: the same topic, another story.
const RAIL_OTHER: &str = "港鐵今日公布去年業績，車務營運總收入按年上升百分之十二，主要受惠於跨境旅客回升。公司又指，將投資三百億元更新東鐵綫及觀塘綫的設施，未來五年亦會檢討票價調整機制。";

/// A line of a `.jsonl` corpus file with metadata.
fn article(id: &str, date: &str, source: &str, title: &str, body: &str) -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap();
    format!(
        "{{\"id\":{},\"date\":{},\"source\":{},\"title\":{},\"body\":{}}}\n",
        quoted(id),
        quoted(date),
        quoted(source),
        quoted(title),
        quoted(body)
    )
}

/// `text` cut into lines of `width` characters, as an OCR'd page prints it.
fn hard_wrapped(text: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().filter(|c| *c != '\n').collect();
    chars.chunks(width).map(|l| l.iter().collect::<String>() + "\n").collect()
}

/// The sample clippings, the railway story from a Hong Kong paper and a mainland site,
/// the rate story and its first two paragraphs, and two earnings reports of one template.
fn env() -> Env {
    let env = Env::new();
    env.put("corpus/hk.jsonl", article("hk-1", "2024-03-14", "文匯報", "屯馬綫加密班次", &RAIL_HANT.join("\n")));
    env.put("corpus/cn.jsonl", article("cn-1", "2024-03-15", "人民网", "屯马线加密", &RAIL_HANS.join("")));
    env.put("corpus/other.jsonl", article("hk-2", "2024-03-16", "大公報", "港鐵業績", RAIL_OTHER));
    let wire = article("w-1", "2024-01-10", "Reuters", "HKMA raises base rate", &RATES.join("\n\n"))
        + &article("w-2", "2024-01-11", "The Standard", "Rates up", &RATES[..2].join(" "));
    env.put("corpus/wire.jsonl", wire);
    let earnings = jsonl_line(
        "e-1",
        "Shr 1.20 dlrs vs 1.10 dlrs\nNet 5,600,000 vs 4,300,000\nRevs 50.2 mln vs 45.1 mln\nNine mths\nShr 3.40 dlrs vs 2.95 dlrs\nNet 15.8 mln vs 12.1 mln",
    ) + &jsonl_line(
        "e-2",
        "Shr 85 cts vs 72 cts\nNet 2,150,000 vs 1,820,000\nRevs 31.7 mln vs 28.4 mln\nNine mths\nShr 2.31 dlrs vs 1.98 dlrs\nNet 5.9 mln vs 5.0 mln",
    );
    env.put("corpus/earnings.jsonl", earnings);
    env.index(&[]);
    env
}

fn stories(env: &Env) -> Vec<JsonStory> {
    let out = env.run(&["duplicates", "--format", "jsonl"]);
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
    out.json_lines()
}

fn story(ids: &[&str], sources: &[&str], dates: &[&str], title: &str) -> JsonStory {
    let some = |v: &[&str]| v.iter().map(|s| Some(s.to_string())).collect();
    JsonStory {
        ids: ids.iter().map(|s| s.to_string()).collect(),
        sources: some(sources),
        dates: some(dates),
        title: Some(title.to_owned()),
    }
}

fn rail(extra: &[(&str, &str, &str)]) -> JsonStory {
    let mut s = story(&["hk-1", "cn-1"], &["文匯報", "人民网"], &["2024-03-14", "2024-03-15"], "屯馬綫加密班次");
    for (id, source, date) in extra {
        s.ids.push(id.to_string());
        s.sources.push(Some(source.to_string()));
        s.dates.push(Some(date.to_string()));
    }
    s
}

fn rates() -> JsonStory {
    story(&["w-1", "w-2"], &["Reuters", "The Standard"], &["2024-01-10", "2024-01-11"], "HKMA raises base rate")
}

#[test]
fn duplicates_lists_the_stories_and_follows_every_update() {
    let env = env();
    // Two stories of two: the earlier first.
    assert_eq!(stories(&env), vec![rates(), rail(&[])]);
    let json: JsonStories = env.assert_success(&["duplicates", "--format", "json"]).json();
    assert_eq!(json, JsonStories { stories: 2, clippings: 4, groups: vec![rates(), rail(&[])] });

    // A scanned copy with a lead of its own joins the railway story, now the largest.
    let scanned = format!("【本報訊】記者昨日從多個渠道獲悉以下消息。\n{}", hard_wrapped(&RAIL_HANT.join(""), 14));
    env.put("corpus/ocr.jsonl", article("ocr-1", "2024-03-20", "剪報服務", "屯馬綫", &scanned));
    env.index(&[]);
    assert_eq!(stories(&env), vec![rail(&[("ocr-1", "剪報服務", "2024-03-20")]), rates()]);
    assert_eq!(env.run(&["duplicates", "--min-size", "3", "--format", "jsonl"]).json_lines::<JsonStory>().len(), 1);

    // The mainland version replaced by another story leaves it.
    env.put("corpus/cn.jsonl", article("cn-1", "2024-03-15", "人民网", "港铁业绩", RAIL_OTHER));
    env.index(&[]);
    let without_cn =
        story(&["hk-1", "ocr-1"], &["文匯報", "剪報服務"], &["2024-03-14", "2024-03-20"], "屯馬綫加密班次");
    let same_as_other = story(&["cn-1", "hk-2"], &["人民网", "大公報"], &["2024-03-15", "2024-03-16"], "港铁业绩");
    assert_eq!(stories(&env), vec![rates(), without_cn, same_as_other]);

    // Gone with its file; the other story stays.
    std::fs::remove_file(env.path("corpus/ocr.jsonl")).unwrap();
    env.index(&[]);
    let incremental = env.run(&["duplicates", "--format", "jsonl"]).stdout;
    assert_eq!(stories(&env)[0], rates());
    assert!(!incremental.contains("ocr-1") && !incremental.contains("\"hk-1\""), "{incremental}");

    // A rebuild finds the same stories as the updates did.
    env.index(&["--rebuild"]);
    assert_eq!(env.run(&["duplicates", "--format", "jsonl"]).stdout, incremental);
}

#[test]
fn duplicates_without_stories_exits_1_and_text_names_titles_and_sources() {
    let env = Env::indexed();
    let out = env.run(&["duplicates"]);
    assert_eq!((out.code, out.stdout.as_str()), (Some(1), ""), "{}", out.stderr);
    let env = self::env();
    let out = env.assert_success(&["duplicates", "--color", "never"]);
    let expected =
        "2 clippings  HKMA raises base rate\n    w-1  Reuters  2024-01-10\n    w-2  The Standard  2024-01-11\n";
    assert!(out.stdout.starts_with(expected), "{}", out.stdout);
    assert!(out.stdout.contains("    cn-1  人民网  2024-03-15\n"), "{}", out.stdout);
    let csv = env.assert_success(&["duplicates", "--format", "csv"]).stdout;
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows[0], ["1", "w-1", "Reuters", "2024-01-10", "HKMA raises base rate"]);
    assert_eq!(rows[3], ["2", "cn-1", "人民网", "2024-03-15", "屯馬綫加密班次"]);
    assert_eq!(rows.len(), 4);
}

#[test]
fn collapse_shows_each_story_once_in_every_format() {
    let env = env();
    let plain = env.search_json(&["港鐵"]);
    assert_eq!(plain.total, 3);
    let collapsed = env.search_json(&["--collapse", "港鐵"]);
    assert_eq!((collapsed.total, collapsed.stories), (3, Some(2)));
    assert_eq!(collapsed.hits.len(), 2);
    let versions = |hit: &JsonHit| hit.versions.clone().unwrap().into_iter().map(|v| v.id).collect::<Vec<_>>();
    let rail_hit = collapsed.hits.iter().find(|h| h.id == "hk-1" || h.id == "cn-1").unwrap();
    let other = if rail_hit.id == "hk-1" { "cn-1" } else { "hk-1" };
    assert_eq!(versions(rail_hit), vec![other]);
    let alone = collapsed.hits.iter().find(|h| h.id == "hk-2").unwrap();
    assert_eq!(versions(alone), Vec::<String>::new());
    // The best-ranked version stands for its story.
    let best = plain.hits.iter().find(|h| h.id == "hk-1" || h.id == "cn-1").unwrap();
    assert_eq!(rail_hit.id, best.id);

    // -n counts stories; the page after the first story holds the second.
    let first = env.search_json(&["--collapse", "-n", "1", "港鐵"]);
    let second = env.search_json(&["--collapse", "-n", "1", "--offset", "1", "港鐵"]);
    assert_eq!(vec![first.hits[0].id.clone(), second.hits[0].id.clone()], collapsed.ids());
    assert_eq!((first.total, first.stories), (3, Some(2)));

    // Sorted by date, the earliest version stands for its story.
    let by_date = env.search_json(&["--collapse", "--sort", "date", "港鐵"]);
    assert_eq!(by_date.ids(), vec!["hk-1", "hk-2"]);

    let lines = env.search(&["--collapse", "--format", "jsonl", "港鐵"]).json_lines::<JsonHit>();
    assert_eq!(lines, collapsed.hits);

    let text = env.search(&["--collapse", "--color", "never", "港鐵"]).stdout;
    let source = if other == "cn-1" { "人民网" } else { "文匯報" };
    assert!(text.contains(&format!("    +1 version: {source}\n")), "{text}");
    let text = env.search(&["--collapse", "--color", "never", "-n", "1", "港鐵"]).stdout;
    assert!(text.contains("1 of 2 stories (3 matching clippings)"), "{text}");

    let count = env.search(&["--collapse", "--count", "港鐵"]);
    assert_eq!(count.stdout, "2\n");
    let count: JsonCount = env.search(&["--collapse", "--count", "--format", "json", "港鐵"]).json();
    assert_eq!((count.total, count.stories), (3, Some(2)));
    // Without --collapse, nothing changes.
    let results: JsonResults = env.search(&["--format", "json", "港鐵"]).json();
    assert!(results.stories.is_none() && results.hits.iter().all(|h| h.versions.is_none()));
}

#[test]
fn show_lists_the_other_versions_of_a_story() {
    let env = env();
    let article: JsonArticle = env.show_json(&["w-2"]);
    let ids: Vec<String> = article.versions.iter().map(|v| v.id.clone()).collect();
    assert_eq!(ids, vec!["w-1"]);
    assert_eq!(article.versions[0].source.as_deref(), Some("Reuters"));
    assert!(env.show_json(&["e-1"]).versions.is_empty(), "one earnings report is not a version of another");
    let text = env.assert_success(&["show", "--paging", "never", "--color", "never", "hk-1"]).stdout;
    assert!(text.ends_with("1 other version of this story:\n    cn-1  人民网  2024-03-15\n"), "{text}");
}

#[test]
fn stories_are_computed_again_when_their_file_is_lost_damaged_or_old() {
    let env = env();
    let expected = env.run(&["duplicates", "--format", "jsonl"]).stdout;
    let file = env.path("index/jianbao-stories.bin");
    let old = std::fs::read(&file).unwrap();
    std::fs::remove_file(&file).unwrap();
    assert_eq!(env.run(&["duplicates", "--format", "jsonl"]).stdout, expected);
    std::fs::write(&file, b"JBSTORY1 not a stories file").unwrap();
    assert_eq!(env.run(&["duplicates", "--format", "jsonl"]).stdout, expected);
    // The file of an earlier commit, as an `index` killed before writing it leaves it.
    std::fs::write(&file, &old).unwrap();
    std::fs::remove_file(env.path("corpus/wire.jsonl")).unwrap();
    env.index(&[]);
    std::fs::write(&file, &old).unwrap();
    let now = env.run(&["duplicates", "--format", "jsonl"]).stdout;
    assert!(!now.contains("w-1") && now.contains("hk-1"), "{now}");
    // The reader stored them for the next.
    assert_ne!(std::fs::read(&file).unwrap(), old);
    assert_eq!(env.run(&["duplicates", "--format", "jsonl"]).stdout, now);
}

#[test]
fn a_small_update_of_a_large_index_leaves_the_stories_to_the_first_reader() {
    let env = env();
    // 200 other clippings: one more is then less than 1% of the index.
    let filler: String = (0..200).map(|i| jsonl_line(&format!("f-{i}"), &format!("第{i}號告示。"))).collect();
    env.put("corpus/filler.jsonl", filler);
    env.index(&[]);
    let file = env.path("index/jianbao-stories.bin");
    let before = std::fs::read(&file).unwrap();
    env.put("corpus/late.jsonl", article("hk-3", "2024-03-17", "明報", "屯馬綫班次", &RAIL_HANT.join("\n\n")));
    env.index(&[]);
    assert_eq!(std::fs::read(&file).unwrap(), before, "index left the stories as they were");
    let found = stories(&env);
    let rail = found.iter().find(|s| s.ids.iter().any(|id| id == "hk-1")).unwrap();
    assert!(rail.ids.iter().any(|id| id == "hk-3"), "{found:?}");
    assert_ne!(std::fs::read(&file).unwrap(), before, "the reader stored them");
    assert_eq!(stories(&env), found);
}

#[test]
fn alert_run_collapse_reports_each_new_story_once() {
    let env = env();
    env.assert_success(&["alert", "add", "rail", "港鐵"]);
    let first: crate::common::JsonAlertResults =
        env.assert_success(&["alert", "run", "--collapse", "--format", "json"]).json();
    assert_eq!((first.total, first.stories, first.hits.len()), (3, Some(2), 2));
    let story = first.hits.iter().find(|h| h.id == "hk-1" || h.id == "cn-1").unwrap();
    assert_eq!(story.versions.as_ref().map(Vec::len), Some(1));
    // Nothing new: exit 1. Then a new version of the story is reported alone.
    assert_eq!(env.run(&["alert", "run", "--collapse"]).code, Some(1));
    let scanned = hard_wrapped(&RAIL_HANT.join(""), 14);
    env.put("corpus/ocr.jsonl", article("ocr-1", "2024-03-20", "剪報服務", "屯馬綫", &scanned));
    env.index(&[]);
    let next: crate::common::JsonAlertResults =
        env.assert_success(&["alert", "run", "--collapse", "--format", "json"]).json();
    assert_eq!(next.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["ocr-1"]);
    assert_eq!((next.total, next.stories), (1, Some(1)));
}
