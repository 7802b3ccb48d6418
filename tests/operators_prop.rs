//! Proximity, sentences and paragraphs against a brute force: random clippings from a
//! small alphabet (characters that differ between the scripts and some that do not, a few
//! English words, punctuation, spaces, hard wraps, paragraph breaks), random `X w/N Y`,
//! `X pre/N Y`, `X /s Y` and `X /p Y` (X, Y: characters in either script or with `=`, a
//! word, an `OR` group, or such a query in parentheses), and the clippings each finds
//! compared with those that counting units by hand, as docs/query.md defines them, finds.
//! The model here shares no code with jianbao.
//!
//! Each case builds one index and asks all its queries of one `search --batch`.

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::common::Env;

/// The alphabet's CJK characters as (Traditional, Simplified): a pair of one character
/// is written the same in both scripts.
const CJK: &[(char, char)] = &[
    ('國', '国'),
    ('會', '会'),
    ('說', '说'),
    ('學', '学'),
    ('長', '长'),
    ('門', '门'),
    ('中', '中'),
    ('大', '大'),
    ('人', '人'),
    ('山', '山'),
];

/// English words none of which is a plural or possessive of another.
const WORDS: &[&str] = &["apple", "river", "River", "stone", "MOON"];

const PUNCTUATION: &[&str] = &["，", "。", "！", "？", "；", "、", ",", ";", "!", "?", "｡", ".", ":", "（", "）"];

/// The marks after which a sentence ends (not `.` nor `:`).
const ENDS_SENTENCE: &[&str] = &["。", "！", "？", "；", "｡", "!", "?", ";"];

/// A piece of a generated clipping.
#[derive(Debug, Clone)]
enum Piece {
    Cjk(char),
    Word(&'static str),
    Mark(&'static str),
    Space,
    /// A hard wrap: written only between two CJK characters.
    Wrap,
    /// A mark and a line break: a paragraph ends (`。！？：」`).
    Paragraph(&'static str),
    /// A mark that ends no paragraph and a line break: an OCR wrap (`，、`).
    Broken(&'static str),
}

/// The alphabet's characters, in both scripts.
fn letters() -> Vec<char> {
    let mut all: Vec<char> = CJK.iter().flat_map(|&(t, s)| [t, s]).collect();
    all.dedup();
    all
}

/// One script for comparing: the Simplified form of a character of the alphabet.
fn fold(c: char) -> char {
    CJK.iter().find(|&&(t, _)| t == c).map_or(c, |&(_, s)| s)
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        10 => proptest::sample::select(letters()).prop_map(Piece::Cjk),
        2 => proptest::sample::select(WORDS).prop_map(Piece::Word),
        3 => proptest::sample::select(PUNCTUATION).prop_map(Piece::Mark),
        1 => Just(Piece::Space),
        2 => Just(Piece::Wrap),
        1 => proptest::sample::select(&["。", "！", "？", "：", "」"][..]).prop_map(Piece::Paragraph),
        1 => proptest::sample::select(&["，", "、"][..]).prop_map(Piece::Broken),
    ]
}

/// The text of a clipping.
fn render(pieces: &[Piece]) -> String {
    let cjk = |i: Option<usize>| i.and_then(|i| pieces.get(i)).is_some_and(|p| matches!(p, Piece::Cjk(_)));
    let mut text = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Cjk(c) => text.push(*c),
            Piece::Word(w) => text += &format!(" {w} "),
            Piece::Mark(m) => text += m,
            Piece::Space => text.push(' '),
            Piece::Wrap if cjk(i.checked_sub(1)) && cjk(Some(i + 1)) => text.push('\n'),
            Piece::Wrap => {}
            Piece::Paragraph(m) | Piece::Broken(m) => text += &format!("{m}\n"),
        }
    }
    text
}

/// A unit of the model: its folded text, its text as written, the CJK run it is in
/// (`None` for a word) and the numbers of its sentence and of its paragraph.
#[derive(Debug)]
struct Unit {
    text: String,
    written: String,
    run: Option<usize>,
    sentence: usize,
    paragraph: usize,
}

/// The units of a clipping, as docs/query.md counts them.
fn units(pieces: &[Piece]) -> Vec<Unit> {
    let (mut units, mut run, mut in_run, mut sentence, mut paragraph) = (Vec::new(), 0, false, 0, 0);
    for piece in pieces {
        match piece {
            Piece::Cjk(c) => {
                if !in_run {
                    run += 1;
                    in_run = true;
                }
                let (text, written) = (fold(*c).to_string(), c.to_string());
                units.push(Unit { text, written, run: Some(run), sentence, paragraph });
            }
            Piece::Word(w) => {
                in_run = false;
                units.push(Unit { text: w.to_lowercase(), written: w.to_string(), run: None, sentence, paragraph });
            }
            Piece::Mark(m) | Piece::Broken(m) => {
                in_run = false;
                sentence += usize::from(ENDS_SENTENCE.contains(m));
            }
            // White space between CJK characters is nothing; elsewhere it only separates.
            Piece::Space | Piece::Wrap => {}
            Piece::Paragraph(_) => {
                in_run = false;
                sentence += 1;
                paragraph += 1;
            }
        }
    }
    units
}

/// A side of a query: 1–2 CJK characters (in either script, or with `=` in the script
/// typed), an English word, a group of two of these joined by `OR`, or a proximity
/// query of two of these.
#[derive(Debug, Clone)]
enum Operand {
    Cjk(Vec<char>),
    Exact(Vec<char>),
    Word(&'static str),
    Or(Vec<Operand>),
    /// A proximity match, in parentheses.
    Near(Box<Query>),
}

impl Operand {
    fn typed(&self) -> String {
        match self {
            Operand::Cjk(chars) => chars.iter().collect(),
            Operand::Exact(chars) => format!("={}", chars.iter().collect::<String>()),
            Operand::Word(w) => w.to_string(),
            Operand::Or(sides) => format!("({})", sides.iter().map(Operand::typed).collect::<Vec<_>>().join(" OR ")),
            Operand::Near(query) => format!("({})", query.typed()),
        }
    }

    /// Where the operand occurs: (first unit, last unit).
    fn occurrences(&self, units: &[Unit]) -> Vec<(usize, usize)> {
        match self {
            Operand::Word(w) => (0..units.len())
                .filter(|&i| units[i].run.is_none() && units[i].text == w.to_lowercase())
                .map(|i| (i, i))
                .collect(),
            Operand::Cjk(chars) => run_occurrences(units, chars, |u, c| u.text == fold(c).to_string()),
            Operand::Exact(chars) => run_occurrences(units, chars, |u, c| u.written == c.to_string()),
            Operand::Or(sides) => {
                let all: BTreeSet<(usize, usize)> = sides.iter().flat_map(|side| side.occurrences(units)).collect();
                all.into_iter().collect()
            }
            Operand::Near(query) => query.spans(units),
        }
    }
}

/// Where `chars` stand in a row in one CJK run, each unit `same` as its character.
fn run_occurrences(units: &[Unit], chars: &[char], same: impl Fn(&Unit, char) -> bool) -> Vec<(usize, usize)> {
    let at = |i: usize| {
        let run = units[i].run;
        run.is_some()
            && chars.iter().enumerate().all(|(k, &c)| units.get(i + k).is_some_and(|u| u.run == run && same(u, c)))
    };
    (0..units.len()).filter(|&i| at(i)).map(|i| (i, i + chars.len() - 1)).collect()
}

#[derive(Debug, Clone, Copy)]
enum Operator {
    Within(u32, &'static str),
    Pre(u32, &'static str),
    Sentence(&'static str),
    Paragraph(&'static str),
}

#[derive(Debug, Clone)]
struct Query {
    x: Operand,
    operator: Operator,
    y: Operand,
}

impl Query {
    fn typed(&self) -> String {
        let operator = match self.operator {
            Operator::Within(n, name) | Operator::Pre(n, name) => format!("{name}/{n}"),
            Operator::Sentence(name) | Operator::Paragraph(name) => name.to_owned(),
        };
        format!("{} {operator} {}", self.x.typed(), self.y.typed())
    }

    /// Whether an occurrence of X and one of Y, not overlapping, are placed as the
    /// operator wants.
    fn matches(&self, units: &[Unit]) -> bool {
        !self.spans(units).is_empty()
    }

    /// The units each match covers, from the start of its first occurrence to the end of
    /// its last: the occurrences of the query as an operand.
    fn spans(&self, units: &[Unit]) -> Vec<(usize, usize)> {
        let ys = self.y.occurrences(units);
        let xs = self.x.occurrences(units);
        let pairs = xs.iter().flat_map(|&x| ys.iter().map(move |&y| (x, y)));
        let spans: BTreeSet<_> =
            pairs.filter(|&(x, y)| self.pair(units, x, y)).map(|(x, y)| (x.0.min(y.0), x.1.max(y.1))).collect();
        spans.into_iter().collect()
    }

    fn pair(&self, units: &[Unit], x: (usize, usize), y: (usize, usize)) -> bool {
        if !(x.1 < y.0 || y.1 < x.0) {
            return false;
        }
        let (first, last) = if x.1 < y.0 { (x, y) } else { (y, x) };
        let between = last.0 - first.1 - 1;
        match self.operator {
            Operator::Within(n, _) => between <= n as usize,
            Operator::Pre(n, _) => x.1 < y.0 && between <= n as usize,
            Operator::Sentence(_) => units[first.0].sentence == units[last.1].sentence,
            Operator::Paragraph(_) => units[first.0].paragraph == units[last.1].paragraph,
        }
    }
}

fn atom() -> impl Strategy<Value = Operand> {
    let chars = || proptest::collection::vec(proptest::sample::select(letters()), 1..=2);
    prop_oneof![
        6 => chars().prop_map(Operand::Cjk),
        1 => chars().prop_map(Operand::Exact),
        1 => proptest::sample::select(WORDS).prop_map(Operand::Word),
    ]
}

fn operand() -> impl Strategy<Value = Operand> {
    let inner = (atom(), operator(), atom()).prop_map(|(x, operator, y)| Query { x, operator, y });
    prop_oneof![
        8 => atom(),
        1 => proptest::collection::vec(atom(), 2).prop_map(Operand::Or),
        1 => inner.prop_map(|query| Operand::Near(Box::new(query))),
    ]
}

fn operator() -> impl Strategy<Value = Operator> {
    prop_oneof![
        (0..=5u32, proptest::sample::select(&["w", "near", "W"][..])).prop_map(|(n, name)| Operator::Within(n, name)),
        (0..=5u32, proptest::sample::select(&["pre", "adj"][..])).prop_map(|(n, name)| Operator::Pre(n, name)),
        proptest::sample::select(&["/s", "w/s"][..]).prop_map(Operator::Sentence),
        proptest::sample::select(&["/p", "w/P"][..]).prop_map(Operator::Paragraph),
    ]
}

fn query() -> impl Strategy<Value = Query> {
    (operand(), operator(), operand()).prop_map(|(x, operator, y)| Query { x, operator, y })
}

/// The ids of the clippings the model finds for `query`.
fn expected(clippings: &[Vec<Piece>], query: &Query) -> BTreeSet<String> {
    let matching = clippings.iter().enumerate().filter(|(_, pieces)| query.matches(&units(pieces)));
    matching.map(|(i, _)| format!("d{i:02}")).collect()
}

/// What each body begins with: a line of its own that holds `。` and more letters than
/// other characters, which ends the search for a headline, so that the text is folded as
/// the model reads it (the headline is tested in `operators`). Without its own line, a
/// first line of mostly punctuation (`OK OK。）、.長?:」`) was skipped as a label and the
/// next one taken for the headline. Its units come before any occurrence and match no
/// operand: the model leaves them out.
const OPENING: &str = "OK OK OK。\n";

/// Indexes the clippings (titled `T00`… so that only bodies match), runs every query in
/// one batch and describes each query whose clippings differ from the model's.
fn disagreements(clippings: &[Vec<Piece>], queries: &[Query]) -> Vec<String> {
    let env = Env::new();
    let line = |(i, pieces): (usize, &Vec<Piece>)| {
        let json = serde_json::json!({"id": format!("d{i:02}"), "title": format!("T{i:02}"), "body": format!("{OPENING}{}", render(pieces))});
        format!("{json}\n")
    };
    env.put("news/random.jsonl", clippings.iter().enumerate().map(line).collect::<String>());
    env.index(&["--index", "idx", "news"]);
    let input: String = queries.iter().map(|q| q.typed() + "\n").collect();
    let out = env.run_with_input(&["search", "--index", "idx", "--batch", "-n", "1000"], input);
    assert!(matches!(out.code, Some(0 | 1)), "{:?}: {}", out.code, out.stderr);
    let lines = out.batch_lines();
    assert_eq!(lines.len(), queries.len(), "one line a query: {}", out.stderr);
    let mut wrong = Vec::new();
    for (query, line) in queries.iter().zip(lines) {
        let want = expected(clippings, query);
        let got = match line {
            Ok(results) if results.total == results.hits.len() => results.ids().into_iter().collect(),
            Ok(results) => {
                wrong.push(format!("{}: total {} but {} hits", query.typed(), results.total, results.hits.len()));
                continue;
            }
            Err(e) => {
                wrong.push(format!("{}: error {}", query.typed(), e.error));
                continue;
            }
        };
        if want != got {
            let differ: Vec<String> = want
                .symmetric_difference(&got)
                .map(|id| format!("{id} {:?}", render(&clippings[id[1..].parse::<usize>().unwrap()])))
                .collect();
            wrong.push(format!("{:?}: expected {want:?}, got {got:?}; differing: {differ:?}", query.typed()));
        }
    }
    wrong
}

#[test]
fn proximity_and_sentences_agree_with_counting_units() {
    let config = Config { cases: 20, max_shrink_iters: 40, failure_persistence: None, ..Config::default() };
    let clippings = proptest::collection::vec(proptest::collection::vec(piece(), 0..60), 20..=30);
    let queries = proptest::collection::vec(query(), 60);
    let mut runner = TestRunner::new(config);
    let result = runner.run(&(clippings, queries), |(clippings, queries)| {
        let wrong = disagreements(&clippings, &queries);
        prop_assert!(wrong.is_empty(), "{} of {} queries:\n{}", wrong.len(), queries.len(), wrong.join("\n"));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn the_model_counts_units_as_the_specification_does() {
    use Piece::*;
    // 國\n會 is 國會; 、 is no unit and ends no sentence; `。\n` ends one, and a paragraph.
    let pieces = [Cjk('國'), Wrap, Cjk('会'), Mark("、"), Word("River"), Space, Cjk('山'), Paragraph("。"), Cjk('门')];
    assert_eq!(render(&pieces), "國\n会、 River  山。\n门");
    let units = units(&pieces);
    let texts: Vec<&str> = units.iter().map(|u| u.text.as_str()).collect();
    assert_eq!(texts, ["国", "会", "river", "山", "门"]);
    let sentences: Vec<usize> = units.iter().map(|u| u.sentence).collect();
    assert_eq!(sentences, [0, 0, 0, 0, 1]);
    let paragraphs: Vec<usize> = units.iter().map(|u| u.paragraph).collect();
    assert_eq!(paragraphs, [0, 0, 0, 0, 1]);
    let query = |x: &str, operator, y: &str| {
        let side = |s: &str| {
            if s.is_ascii() {
                Operand::Word(WORDS.iter().find(|w| w.eq_ignore_ascii_case(s)).unwrap())
            } else {
                Operand::Cjk(s.chars().collect())
            }
        };
        Query { x: side(x), operator, y: side(y) }
    };
    assert!(query("國會", Operator::Within(0, "w"), "river").matches(&units));
    assert!(query("山", Operator::Within(2, "w"), "国").matches(&units), "会 and river between");
    assert!(!query("山", Operator::Within(1, "w"), "国").matches(&units));
    assert!(!query("山", Operator::Pre(5, "pre"), "国").matches(&units));
    assert!(query("国", Operator::Pre(2, "pre"), "山").matches(&units));
    assert!(!query("會", Operator::Within(3, "w"), "会").matches(&units), "one mention is no pair");
    assert!(query("river", Operator::Sentence("/s"), "國").matches(&units));
    assert!(!query("山", Operator::Sentence("/s"), "門").matches(&units));
    assert!(!query("門", Operator::Paragraph("/p"), "國").matches(&units));
    assert!(query("river", Operator::Paragraph("/p"), "國").matches(&units));
    let wrapped = [Cjk('山'), Broken("，"), Cjk('人'), Paragraph("："), Cjk('大')];
    assert_eq!(render(&wrapped), "山，\n人：\n大");
    let marks: Vec<(usize, usize)> = self::units(&wrapped).iter().map(|u| (u.sentence, u.paragraph)).collect();
    assert_eq!(marks, [(0, 0), (0, 0), (1, 1)], "a wrap after `，` ends nothing; a line break after `：` both");
    let pair = Operand::Near(Box::new(query("国", Operator::Within(0, "w"), "會")));
    assert_eq!(pair.typed(), "(国 w/0 會)");
    assert_eq!(pair.occurrences(&units), [(0, 1)]);
    let nested = |operator| Query { x: pair.clone(), operator, y: Operand::Cjk(vec!['山']) };
    assert!(nested(Operator::Pre(1, "pre")).matches(&units), "river between the pair and 山");
    assert!(!nested(Operator::Pre(0, "pre")).matches(&units));
    let inside = Query { x: pair.clone(), operator: Operator::Within(5, "w"), y: Operand::Cjk(vec!['会']) };
    assert!(!inside.matches(&units), "会 is inside the pair");
    assert!(query("山", Operator::Within(0, "w"), "門").matches(&units), "w/N is blind to sentences");
}
