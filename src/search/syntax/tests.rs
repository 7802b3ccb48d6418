use super::*;

fn atom(text: &str) -> Expr {
    Expr::Atom(Atom::anywhere(text))
}

fn scoped(scope: Scope, text: &str, exact: bool) -> Expr {
    Expr::Atom(Atom { scope, text: text.into(), exact })
}

fn near(a: Expr, op: Near, b: Expr) -> Expr {
    Expr::Near(Box::new(a), op, Box::new(b))
}

fn or(any: &[&str]) -> Expr {
    Expr::Or(any.iter().map(|t| atom(t)).collect())
}

const NO_NUMBER: &str = "`w/` without a number of units (w/5)";
const OVER: &str = "a distance over 1000 units";
const NOTHING_BEFORE: &str = "a proximity operator with nothing before it";
const NOTHING_AFTER: &str = "a proximity operator with nothing after it";
const NOT_A_SIDE: &str = "a side of a proximity operator must be a word, a phrase or an OR group";
const THREE: &str = "`*` needs at least three letters before it (econom*)";
const ENGLISH: &str = "`*` only ends an English word";

#[test]
fn parses_the_syntax() {
    let table: Vec<(&str, Expr)> = vec![
        ("香港", atom("香港")),
        ("香港 经济", Expr::And(vec![atom("香港"), atom("经济")])),
        ("香港 AND 经济", Expr::And(vec![atom("香港"), atom("经济")])),
        ("香港 OR 澳门 经济", Expr::Or(vec![atom("香港"), Expr::And(vec![atom("澳门"), atom("经济")])])),
        (
            "(香港 OR 澳门) -经济",
            Expr::And(vec![Expr::Or(vec![atom("香港"), atom("澳门")]), Expr::Not(Box::new(atom("经济")))]),
        ),
        ("NOT 经济", Expr::Not(Box::new(atom("经济")))),
        ("\"hong kong\" gpt-4", Expr::And(vec![atom("hong kong"), atom("gpt-4")])),
        ("「新質 生產力」", Expr::And(vec![atom("「新質"), atom("生產力」")])),
        ("“新質 生產力”", atom("新質 生產力")),
        ("title:河套", scoped(Scope::Title, "河套", false)),
        ("source:\"文匯 報\"", scoped(Scope::Source, "文匯 報", false)),
        ("http://x.y", atom("http://x.y")),
        ("=乾", scoped(Scope::Anywhere, "乾", true)),
        ("==乾", scoped(Scope::Anywhere, "乾", true)),
        ("=\"乾隆 皇帝\"", scoped(Scope::Anywhere, "乾隆 皇帝", true)),
        ("title:=乾", scoped(Scope::Title, "乾", true)),
        ("title:=\"乾隆\"", scoped(Scope::Title, "乾隆", true)),
        ("=title:乾", scoped(Scope::Title, "乾", true)),
        ("=AND", scoped(Scope::Anywhere, "AND", true)),
        ("香港 -=干", Expr::And(vec![atom("香港"), Expr::Not(Box::new(scoped(Scope::Anywhere, "干", true)))])),
        ("=乾 OR 幹", Expr::Or(vec![scoped(Scope::Anywhere, "乾", true), atom("幹")])),
        ("a=b", atom("a=b")),
    ];
    for (query, expected) in table {
        assert_eq!(parse(query), Ok(Some(expected)), "{query}");
    }
    assert_eq!(parse("  "), Ok(None));
}

#[test]
fn parses_every_proximity_operator_in_any_case() {
    let table = [
        ("w/5", Near::Within(5)),
        ("near/5", Near::Within(5)),
        ("W/5", Near::Within(5)),
        ("NEAR/12", Near::Within(12)),
        ("w/0", Near::Within(0)),
        ("w/007", Near::Within(7)),
        ("w/1000", Near::Within(MAX_DISTANCE)),
        ("pre/3", Near::Pre(3)),
        ("adj/3", Near::Pre(3)),
        ("Pre/0", Near::Pre(0)),
        ("ADJ/1000", Near::Pre(1000)),
        ("/s", Near::Sentence),
        ("w/s", Near::Sentence),
        ("/S", Near::Sentence),
        ("W/S", Near::Sentence),
        ("/p", Near::Paragraph),
        ("w/p", Near::Paragraph),
        ("/P", Near::Paragraph),
        ("W/P", Near::Paragraph),
    ];
    for (op, expected) in table {
        let query = format!("林鄭 {op} 辭職");
        assert_eq!(parse(&query), Ok(Some(near(atom("林鄭"), expected, atom("辭職")))), "{query}");
    }
}

#[test]
fn proximity_binds_tighter_than_not_and_or_and_applies_left_to_right() {
    let (a, b, c) = (|| atom("a"), || atom("b"), || atom("c"));
    let table: Vec<(&str, Expr)> = vec![
        ("a w/5 b /s c", near(near(a(), Near::Within(5), b()), Near::Sentence, c())),
        ("a /s b w/5 c", near(a(), Near::Sentence, near(b(), Near::Within(5), c()))),
        ("a w/5 b pre/3 c", near(near(a(), Near::Within(5), b()), Near::Pre(3), c())),
        ("a /s b /s c", near(near(a(), Near::Sentence, b()), Near::Sentence, c())),
        ("a /p b /s c", near(a(), Near::Paragraph, near(b(), Near::Sentence, c()))),
        ("a /s b /p c", near(near(a(), Near::Sentence, b()), Near::Paragraph, c())),
        ("a w/5 (b /s c)", near(a(), Near::Within(5), near(b(), Near::Sentence, c()))),
        ("x a w/5 b", Expr::And(vec![atom("x"), near(a(), Near::Within(5), b())])),
        ("a w/5 b AND c", Expr::And(vec![near(a(), Near::Within(5), b()), c()])),
        ("a w/5 b OR c", Expr::Or(vec![near(a(), Near::Within(5), b()), c()])),
        ("a OR b w/5 c", Expr::Or(vec![a(), near(b(), Near::Within(5), c())])),
        ("NOT a w/5 b", Expr::Not(Box::new(near(a(), Near::Within(5), b())))),
        ("-a /p b", Expr::Not(Box::new(near(a(), Near::Paragraph, b())))),
        ("c -a w/5 b", Expr::And(vec![c(), Expr::Not(Box::new(near(a(), Near::Within(5), b())))])),
    ];
    for (query, expected) in table {
        assert_eq!(parse(query), Ok(Some(expected)), "{query}");
    }
}

#[test]
fn sides_of_proximity_are_words_phrases_fields_or_groups() {
    let table: Vec<(&str, Expr)> = vec![
        ("(林鄭 OR 特首) w/10 辭職", near(or(&["林鄭", "特首"]), Near::Within(10), atom("辭職"))),
        (
            "(\"a b\" OR c) /s (d w/2 e)",
            near(or(&["a b", "c"]), Near::Sentence, near(atom("d"), Near::Within(2), atom("e"))),
        ),
        (
            "((a w/1 b) OR c) pre/5 d",
            near(Expr::Or(vec![near(atom("a"), Near::Within(1), atom("b")), atom("c")]), Near::Pre(5), atom("d")),
        ),
        (
            "title:河套 w/5 body:=乾",
            near(scoped(Scope::Title, "河套", false), Near::Within(5), scoped(Scope::Body, "乾", true)),
        ),
        (
            "=乾 near/3 =\"乾隆 皇帝\"",
            near(scoped(Scope::Anywhere, "乾", true), Near::Within(3), scoped(Scope::Anywhere, "乾隆 皇帝", true)),
        ),
        ("\"hong kong\" adj/2 economy", near(atom("hong kong"), Near::Pre(2), atom("economy"))),
    ];
    for (query, expected) in table {
        assert_eq!(parse(query), Ok(Some(expected)), "{query}");
    }
}

#[test]
fn operators_inside_quotes_or_after_a_field_are_text() {
    let table: Vec<(&str, Expr)> = vec![
        ("\"a w/5 b\"", atom("a w/5 b")),
        ("\"w/\"", atom("w/")),
        ("title:w/5", scoped(Scope::Title, "w/5", false)),
        ("title:w/abc", scoped(Scope::Title, "w/abc", false)),
        ("title:/s", scoped(Scope::Title, "/s", false)),
        ("=w/5", scoped(Scope::Anywhere, "w/5", true)),
        ("=w/o", scoped(Scope::Anywhere, "w/o", true)),
        ("=/s", scoped(Scope::Anywhere, "/s", true)),
        ("title:=w/", scoped(Scope::Title, "w/", true)),
        ("and/or", atom("and/or")),
        ("1/2", atom("1/2")),
        ("a/s", atom("a/s")),
        ("/x", atom("/x")),
        ("aw/5", atom("aw/5")),
    ];
    for (query, expected) in table {
        assert_eq!(parse(query), Ok(Some(expected)), "{query}");
    }
}

#[test]
fn truncation_keeps_its_star_in_words_and_phrases() {
    let table: Vec<(&str, Expr)> = vec![
        ("econom*", atom("econom*")),
        ("ECO*", atom("ECO*")),
        ("gpt4*", atom("gpt4*")),
        ("econom*'s", atom("econom*'s")),
        ("econom*-led", atom("econom*-led")),
        ("港abc*", atom("港abc*")),
        ("\"econom* growth\"", atom("econom* growth")),
        ("\"hong kon* econom*\"", atom("hong kon* econom*")),
        ("title:gov*", scoped(Scope::Title, "gov*", false)),
        ("=econom*", scoped(Scope::Anywhere, "econom*", true)),
        ("econom* w/3 (grow* OR 增長)", near(atom("econom*"), Near::Within(3), or(&["grow*", "增長"]))),
    ];
    for (query, expected) in table {
        assert_eq!(parse(query), Ok(Some(expected)), "{query}");
    }
}

#[test]
fn malformed_queries_say_where() {
    let over = format!("a w/{} b", MAX_DISTANCE + 1);
    let table = [
        ("\"unclosed", 0, "unclosed quote"),
        ("(香港 经济", 0, "unclosed `(`"),
        ("香港)", 2, "unbalanced `)`"),
        ("AND 香港", 0, "an operator with nothing before it"),
        ("香港 OR", 3, "an operator with nothing after it"),
        ("title:", 0, "a field prefix with nothing after it"),
        ("()", 1, "`)` with nothing before it"),
        ("=", 0, "an `=` without a word or phrase right after it"),
        ("香港 = 乾", 3, "an `=` without a word or phrase right after it"),
        ("=\"\"", 0, "an `=` without a word or phrase right after it"),
        ("=\" \"", 0, "an `=` without a word or phrase right after it"),
        ("title:=", 6, "an `=` without a word or phrase right after it"),
        ("=(乾)", 0, "an `=` without a word or phrase right after it"),
        // Proximity operators.
        ("林鄭 w/ 辭職", 3, NO_NUMBER),
        ("a w/abc b", 2, NO_NUMBER),
        ("a near/ b", 2, NO_NUMBER),
        ("a pre/x b", 2, NO_NUMBER),
        ("a adj/ b", 2, NO_NUMBER),
        ("a W/5x b", 2, NO_NUMBER),
        ("a w/-1 b", 2, NO_NUMBER),
        ("a w/o b", 2, NO_NUMBER),
        ("a w/١ b", 2, NO_NUMBER),
        ("w/", 0, NO_NUMBER),
        (&over, 2, OVER),
        ("a pre/99999999999999999999 b", 2, OVER),
        ("w/5 a", 0, NOTHING_BEFORE),
        ("/s a", 0, NOTHING_BEFORE),
        ("a OR w/5 b", 5, NOTHING_BEFORE),
        ("a AND /p b", 6, NOTHING_BEFORE),
        ("(w/5 a)", 1, NOTHING_BEFORE),
        ("NOT /s a", 4, NOTHING_BEFORE),
        ("a w/5", 2, NOTHING_AFTER),
        ("a /p", 2, NOTHING_AFTER),
        ("a w/5 OR b", 2, NOTHING_AFTER),
        ("a w/5 AND b", 2, NOTHING_AFTER),
        ("(a w/5) b", 3, NOTHING_AFTER),
        ("a w/5 /s b", 2, NOTHING_AFTER),
        ("(a b) w/5 c", 6, NOT_A_SIDE),
        ("a w/5 (b AND c)", 2, NOT_A_SIDE),
        ("a /s (b c)", 2, NOT_A_SIDE),
        ("a w/5 -b", 6, NOT_A_SIDE),
        ("a pre/5 NOT b", 8, NOT_A_SIDE),
        ("(NOT a) w/5 b", 8, NOT_A_SIDE),
        ("source:新華社 w/5 b", 11, NOT_A_SIDE),
        ("a /p source:\"新華社\"", 2, NOT_A_SIDE),
        ("(a OR b c) /s d", 11, NOT_A_SIDE),
        ("(a OR source:b) w/5 c", 16, NOT_A_SIDE),
        ("(a OR -b) w/5 c", 10, NOT_A_SIDE),
        ("a w/1 b w/1 (c d)", 8, NOT_A_SIDE),
        // Truncation.
        ("*", 0, THREE),
        ("ab*", 2, THREE),
        ("a-bc*", 4, THREE),
        ("港ab*", 3, THREE),
        ("econom**", 7, THREE),
        ("-*", 1, THREE),
        ("\"econom* ab* growth\"", 11, THREE),
        ("title:ab*", 8, THREE),
        ("=ab*", 3, THREE),
        ("香港*", 2, ENGLISH),
        ("abc香港*", 5, ENGLISH),
        ("eco*nomy", 3, ENGLISH),
        ("econom*1", 6, ENGLISH),
        ("\"香港* 經濟\"", 3, ENGLISH),
    ];
    for (query, at, why) in table {
        assert_eq!(parse(query), Err(ParseError::Malformed(Malformed { at, why })), "{query}");
    }
}

#[test]
fn operators_display_as_typed_in_messages() {
    let shown: Vec<String> =
        [Near::Within(5), Near::Pre(5), Near::Sentence, Near::Paragraph].iter().map(Near::to_string).collect();
    assert_eq!(shown, ["w/5", "pre/5", "/s", "/p"]);
}

#[test]
fn nesting_is_bounded() {
    let nested =
        |open: &str, close: &str, levels: usize| format!("{}香港{}", open.repeat(levels), close.repeat(levels));
    let half = MAX_DEPTH / 2;
    let table = [("(", ")", MAX_DEPTH), ("-", "", MAX_DEPTH), ("NOT ", "", MAX_DEPTH), ("（", "）", MAX_DEPTH)];
    for (open, close, levels) in table.into_iter().chain([("(-", ")", half), ("(a w/1 ", ")", half)]) {
        assert!(parse(&nested(open, close, levels)).is_ok(), "{open} × {levels}");
        for levels in [levels + 1, 20_000] {
            assert_eq!(parse(&nested(open, close, levels)), Err(ParseError::TooDeep), "{open} × {levels}");
        }
    }
    assert_eq!(parse(&"(".repeat(20_000)), Err(ParseError::TooDeep), "before it finds the `(` unclosed");
    let wide = vec!["(-香港)"; 10_000].join(" OR ");
    assert!(parse(&wide).is_ok(), "many groups side by side are not deep");
}

#[test]
fn each_proximity_operator_in_a_row_nests_one_level() {
    for op in ["w/1", "pre/2", "/s", "/p"] {
        let row = |operators: usize| format!("香港{}", format!(" {op} 香港").repeat(operators));
        assert!(parse(&row(MAX_DEPTH)).is_ok(), "{op} × {MAX_DEPTH}");
        for operators in [MAX_DEPTH + 1, 20_000] {
            assert_eq!(parse(&row(operators)), Err(ParseError::TooDeep), "{op} × {operators}");
        }
    }
    let levels = format!("(({}))", vec!["a w/1 b"; 10_000].join(" OR "));
    assert!(parse(&levels).is_ok(), "operators that do not nest each other are not deep");
    let mixed = vec!["a w/1 b /s c"; 10_000].join(" /p ");
    assert_eq!(parse(&mixed), Err(ParseError::TooDeep), "each `/p` nests the ones before it");
}

#[test]
fn plain_words_drop_the_syntax() {
    let anywhere = |words: &[&str]| words.iter().map(|w| Atom::anywhere(*w)).collect::<Vec<_>>();
    assert_eq!(plain_words("(香港 OR \"经济"), anywhere(&["香港", "经济"]));
    assert_eq!(plain_words("-NOT AND = -="), anywhere(&[]));
    assert_eq!(
        plain_words("=乾 (-=干"),
        [Atom { exact: true, ..Atom::anywhere("乾") }, Atom { exact: true, ..Atom::anywhere("干") }]
    );
}

#[test]
fn plain_words_drop_proximity_operators_and_stars() {
    let anywhere = |words: &[&str]| words.iter().map(|w| Atom::anywhere(*w)).collect::<Vec<_>>();
    assert_eq!(plain_words("林鄭 w/ 辭職"), anywhere(&["林鄭", "辭職"]));
    assert_eq!(plain_words("econom* w/"), anywhere(&["econom"]));
    assert_eq!(
        plain_words("a W/5 b NEAR/x c /S d /p e pre/3 f ADJ/ g -w/2 h w/s i W/P j (k w/1)"),
        anywhere(&["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"])
    );
    assert_eq!(plain_words("* ab* \"eco*nomy growth*"), anywhere(&["ab", "economy", "growth"]));
    assert_eq!(plain_words("*w/ w/5* -*/s"), anywhere(&[]));
    assert_eq!(
        plain_words("=econom* and/or"),
        [Atom { exact: true, ..Atom::anywhere("econom") }, Atom::anywhere("and/or")]
    );
}

#[test]
fn unknown_fields_leave_out_the_operators() {
    assert_eq!(unknown_fields("headline:疫苗 w/5 香港 /s x W/P y pre/0 z"), ["headline"]);
    assert_eq!(unknown_fields("(a OR b) near/3 c adj/2 d"), Vec::<String>::new());
}

/// Queries made of the pieces of the syntax, and anything else.
fn query_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let pieces = prop::sample::select(vec![
        " ", "(", ")", "\"", "-", "=", "*", "AND", "OR", "NOT", "w/", "w/5", "W/S", "/p", "pre/0", "adj/1001",
        "near/x", "title:", "source:", "econom", "ab", "香港", "經濟",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(str::to_owned), any::<String>()], 0..12).prop_map(|v| v.concat())
}

/// Whether every side of a proximity operator in `expr` is spannable.
fn sides_spannable(expr: &Expr) -> bool {
    fn spannable(side: &Expr) -> bool {
        match side {
            Expr::Atom(atom) => atom.scope != Scope::Source,
            Expr::Or(any) => any.iter().all(spannable),
            Expr::Near(..) => sides_spannable(side),
            Expr::And(_) | Expr::Not(_) => false,
        }
    }
    match expr {
        Expr::Atom(_) => true,
        Expr::Not(inner) => sides_spannable(inner),
        Expr::And(all) | Expr::Or(all) => all.iter().all(sides_spannable),
        Expr::Near(a, _, b) => spannable(a) && spannable(b) && sides_spannable(a) && sides_spannable(b),
    }
}

proptest::proptest! {
    /// Any query parses, is malformed or too deep, never a panic; what parses has only
    /// spannable sides, and its plain words hold no `*`, nor an operator not typed with `=`.
    #[test]
    fn any_query_parses_or_says_why(query in query_text()) {
        if let Ok(Some(expr)) = parse(&query) {
            proptest::prop_assert!(sides_spannable(&expr), "{:?}", expr);
        }
        for word in plain_words(&query) {
            proptest::prop_assert!(!word.text.contains('*') && (word.exact || !looks_like_operator(&word.text)), "{:?}", word);
        }
    }
}
