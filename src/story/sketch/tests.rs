//! Each kind of version and each kind of negative of `docs/duplicates.md`, on texts
//! written for these tests.

use super::Sketch;
use crate::story::{stories, Entry};

/// A story in Hong Kong Traditional script, paragraph by paragraph.
const HANT: [&str; 6] = [
    "政府今日公布河套深港科技創新合作區香港園區發展綱要，提出分三期推展園區建設，首批樓宇預計於二〇二七年落成。",
    "創新科技及工業局局長表示，園區將聚焦生命健康科技、人工智能與數據科學、先進材料三大範疇，並預留土地予初創企業及研發機構使用。",
    "局長又指，當局會與深圳方面建立恆常協調機制，在人員往來、科研物資跨境流動及數據安全等方面推出便利措施，吸引海外人才來港。",
    "有立法會議員歡迎綱要出台，但關注園區交通配套不足，促請政府盡快落實北環綫支綫及落馬洲河套區的鐵路接駁安排。",
    "另有學者認為，園區要成功必須有清晰的產業定位，並着重與本地大學合作，把研究成果轉化為實際產品，否則只會淪為另一個地產項目。",
    "政府發言人回應指，首期工程的招標工作將於明年上半年展開，當局亦會檢討相關法例，確保園區運作符合國際標準。",
];

/// The same story in Simplified script, as a mainland site reprints it.
const HANS: [&str; 6] = [
    "政府今日公布河套深港科技创新合作区香港园区发展纲要，提出分三期推展园区建设，首批楼宇预计于二〇二七年落成。",
    "创新科技及工业局局长表示，园区将聚焦生命健康科技、人工智能与数据科学、先进材料三大范畴，并预留土地予初创企业及研发机构使用。",
    "局长又指，当局会与深圳方面建立恒常协调机制，在人员往来、科研物资跨境流动及数据安全等方面推出便利措施，吸引海外人才来港。",
    "有立法会议员欢迎纲要出台，但关注园区交通配套不足，促请政府尽快落实北环线支线及落马洲河套区的铁路接驳安排。",
    "另有学者认为，园区要成功必须有清晰的产业定位，并着重与本地大学合作，把研究成果转化为实际产品，否则只会沦为另一个地产项目。",
    "政府发言人回应指，首期工程的招标工作将于明年上半年展开，当局亦会检讨相关法例，确保园区运作符合国际标准。",
];

fn sketch(text: &str) -> Sketch {
    Sketch::of(text).unwrap_or_else(|| panic!("too short to sketch: {text}"))
}

fn story(paragraphs: &[&str]) -> String {
    paragraphs.join("\n")
}

/// `text` cut into lines of `width` characters, with a blank line after every third, as
/// a clipping service's OCR prints it.
fn hard_wrapped(text: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().filter(|c| *c != '\n').collect();
    let lines: Vec<String> = chars.chunks(width).map(|l| l.iter().collect()).collect();
    lines.iter().enumerate().map(|(i, l)| if i % 3 == 2 { format!("{l}\n\n") } else { format!("{l}\n") }).collect()
}

#[track_caller]
fn assert_same(a: &str, b: &str, expected: bool, what: &str) {
    let (a, b) = (sketch(a), sketch(b));
    assert_eq!(a.same_story(&b), expected, "{what}: {a:?} / {b:?}");
    assert_eq!(b.same_story(&a), expected, "{what} (the other way)");
}

#[test]
fn versions_of_one_story_are_the_same_story() {
    let original = story(&HANT);
    let versions = [
        (story(&HANT), "the same text"),
        (hard_wrapped(&original, 13), "hard wraps and blank lines"),
        (story(&HANS), "the other script"),
        (hard_wrapped(&story(&HANS), 17), "the other script, hard wrapped"),
        (original.replace('，', ","), "half-width punctuation"),
        (story(&[&HANT[..2], &HANT[3..]].concat()), "a paragraph dropped"),
        (format!("【本報訊】記者昨日從多個渠道獲悉，以下為有關安排的詳情。\n{original}"), "a lead line added"),
        (story(&HANT[..3]), "the first half"),
        (story(&HANS[..4]), "the first two thirds, in the other script"),
    ];
    for (version, what) in &versions {
        assert_same(&original, version, true, what);
    }
}

#[test]
fn different_stories_are_not_the_same_story() {
    let original = story(&HANT);
    let negatives = [
        (story(&HANT[..2]), "a third of the story: too little of it"),
        (
            "河套區發展一直備受關注。有商會今日發表報告，指香港應善用河套區的土地優勢，發展醫療科技和微電子產業，並建議政府設立專責基金，資助企業進駐園區，同時改善跨境交通，讓兩地科研人員可以便捷往來。"
                .to_owned(),
            "another article on the same topic",
        ),
    ];
    for (other, what) in &negatives {
        assert_same(&original, other, false, what);
    }
}

#[test]
fn items_of_one_template_are_not_the_same_story() {
    let earnings = [
        "Shr 1.20 dlrs vs 1.10 dlrs\nNet 5,600,000 vs 4,300,000\nRevs 50.2 mln vs 45.1 mln\nNine mths\nShr 3.40 dlrs vs 2.95 dlrs\nNet 15.8 mln vs 12.1 mln\nRevs 148.3 mln vs 131.0 mln",
        "Shr 85 cts vs 72 cts\nNet 2,150,000 vs 1,820,000\nRevs 31.7 mln vs 28.4 mln\nNine mths\nShr 2.31 dlrs vs 1.98 dlrs\nNet 5.9 mln vs 5.0 mln\nRevs 92.6 mln vs 84.9 mln",
    ];
    assert_same(earnings[0], earnings[1], false, "earnings reports");
    let broadcast = [
        "央视网消息（新闻联播）：国务院总理李强今天主持召开国务院常务会议，研究部署进一步促进民营经济发展壮大的政策措施，审议通过关于加强基层医疗卫生服务体系建设的意见。会议指出，要切实解决企业反映的融资难题。",
        "央视网消息（新闻联播）：国务院总理李强今天主持召开国务院常务会议，听取关于今年以来防汛抗旱工作情况的汇报，部署做好下一阶段灾后恢复重建工作。会议强调，要确保受灾群众安全温暖过冬。",
    ];
    assert_same(broadcast[0], broadcast[1], false, "a daily broadcast's items");
    let matches = [
        "Arsenal beat Chelsea 2-1 at the Emirates on Saturday to move three points clear at the top of the table. Bukayo Saka opened the scoring after 12 minutes before Cole Palmer levelled from the penalty spot, and Declan Rice headed the winner in the 78th minute.",
        "Liverpool beat Everton 3-0 at Anfield on Sunday to move two points clear in fourth place. Mohamed Salah opened the scoring after 20 minutes before Darwin Nunez doubled the lead from close range, and Cody Gakpo added a third in stoppage time.",
    ];
    assert_same(matches[0], matches[1], false, "match reports");
}

#[test]
fn short_bodies_are_not_sketched() {
    assert_eq!(Sketch::of("政府今日公布河套發展綱要。"), None);
    assert_eq!(Sketch::of("Shares rose."), None);
    assert_eq!(Sketch::of(""), None);
    assert!(Sketch::of(&story(&HANT)).is_some());
}

#[test]
fn sketches_read_back_as_stored() {
    let s = sketch(&story(&HANT));
    assert_eq!(s.mins.len(), super::KEPT);
    assert!(s.mins.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(Sketch::from_bytes(&s.to_bytes()), Some(s.clone()));
    for bad in [&[][..], &[1, 2, 3][..], &s.to_bytes()[..9]] {
        assert_eq!(Sketch::from_bytes(bad), None);
    }
}

#[test]
fn stories_do_not_depend_on_the_order_of_clippings() {
    let texts = [
        story(&HANT),
        story(&HANS),
        story(&HANT[..4]),
        "Shr 1.20 dlrs vs 1.10 dlrs\nNet 5,600,000 vs 4,300,000\nRevs 50.2 mln vs 45.1 mln\nNine mths\nShr 3.40 dlrs vs 2.95 dlrs".to_owned(),
        "河套區發展一直備受關注。有商會今日發表報告，指香港應善用河套區的土地優勢，發展醫療科技和微電子產業，並建議政府設立專責基金，資助企業進駐園區。".to_owned(),
    ];
    let entries: Vec<Entry> =
        texts.iter().enumerate().map(|(i, t)| Entry { key: 100 + i as u64, sketch: sketch(t), day: None }).collect();
    let found = stories(&entries);
    assert_eq!(found, vec![vec![100, 101, 102]]);
    let mut reversed = entries.clone();
    reversed.reverse();
    assert_eq!(stories(&reversed), found);
}

#[test]
fn clippings_a_month_apart_are_not_one_story() {
    let day = |d: &str| crate::story::day_number(d).unwrap();
    assert_eq!(day("2024-03-01") - day("2024-02-28"), 2, "a leap year");
    assert_eq!(day("2023-03-01") - day("2023-02-28"), 1);
    assert_eq!(day("2025-01-01") - day("2024-12-31"), 1);
    for bad in ["2024-13-01", "2024-03", "26-FEB-1987", "", "2024-03-01-02"] {
        assert_eq!(crate::story::day_number(bad), None, "{bad}");
    }
    let entry = |key, date: Option<&str>| Entry { key, sketch: sketch(&story(&HANT)), day: date.map(day) };
    let found = |dates: [Option<&str>; 2]| stories(&[entry(1, dates[0]), entry(2, dates[1])]);
    assert_eq!(found([Some("2024-03-14"), Some("2024-04-14")]), vec![vec![1, 2]]);
    assert_eq!(found([Some("2024-03-14"), Some("2024-04-15")]), Vec::<Vec<u64>>::new());
    assert_eq!(found([Some("2024-03-14"), None]), vec![vec![1, 2]]);
}

#[test]
fn short_items_of_a_template_are_not_one_story() {
    let banks = [
        "Marine Midland Banks Inc said it is raising its prime lending rate to 7-3/4 pct from 7-1/2 pct, effective immediately.",
        "Chemical Bank, the main bank subsidiary of Chemical New York Corp, said it is raising its prime lending rate to 7-3/4 pct from 7-1/2 pct, effective immediately.",
    ];
    assert_same(banks[0], banks[1], false, "two banks raising their prime rates");
    assert_same(banks[0], &banks[0].replace(" said", "\nsaid"), true, "one bank's item hard wrapped");
}

#[test]
fn copies_of_one_text_are_one_story_however_many() {
    let entry = |key, text: &str| Entry { key, sketch: sketch(text), day: None };
    // More copies than a value may be shared by: still one story, and the copies link what
    // one of them links.
    let mut entries: Vec<Entry> = (0..300).map(|k| entry(k, &story(&HANT))).collect();
    entries.push(entry(1000, &story(&HANS)));
    entries.push(entry(2000, "河套區發展一直備受關注。有商會今日發表報告，指香港應善用河套區的土地優勢，發展醫療科技和微電子產業，並建議政府設立專責基金，資助企業進駐園區。"));
    let found = stories(&entries);
    let mut expected: Vec<u64> = (0..300).collect();
    expected.push(1000);
    assert_eq!(found, vec![expected]);
    // Copies dated far apart are not one story.
    let day = |d: &str| crate::story::day_number(d);
    let dated = [
        Entry { day: day("2024-01-01"), ..entry(1, &story(&HANT)) },
        Entry { day: day("2024-06-01"), ..entry(2, &story(&HANT)) },
    ];
    assert!(stories(&dated).is_empty());
}
