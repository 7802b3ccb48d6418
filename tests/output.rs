//! Text output fits the terminal (issue 13): the width of `$COLUMNS`, headers on one line,
//! snippets and articles wrapped without a bad break, `--color` and `NO_COLOR`, `show`
//! paged through `$PAGER`, URLs shown decoded.

use unicode_width::UnicodeWidthStr;

use crate::common::{Env, Output};

const HIGHLIGHT: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

/// A title of 60 CJK characters: 120 columns.
fn long_title() -> String {
    "深港科技創新合作區河套地區發展規劃".repeat(4).chars().take(60).collect()
}

/// A long body, with 河套 in every sentence and punctuation everywhere.
fn long_body() -> String {
    let sentence = "落馬洲河套地區的港深創新及科技園，以及新田、落馬洲一帶的新創科用地。";
    sentence.repeat(12)
}

/// An index `idx` of a few articles with a title, source, date and URL each.
fn fixture() -> Env {
    let env = Env::new();
    let articles = [
        ("long", long_title(), "香港文匯報", "2024-03-14", long_body(), "https://example.com/%E6%96%B0%E8%81%9E/a%20b"),
        (
            "paragraphs",
            "兩段".to_owned(),
            "大公報",
            "2024-03-15",
            format!("第一段{}完。\n第二段{}完。", "河套的文字".repeat(10), "深圳的文字".repeat(10)),
            "https://example.com/%D0%C2",
        ),
        (
            "english",
            "Hong Kong harbour".to_owned(),
            "BBC",
            "2024-03-16",
            "The harbour of hong kong is busy today, and the ferries that cross it from Kowloon carry many people."
                .repeat(4),
            "https://example.com/en",
        ),
    ];
    let mut lines = String::new();
    for (id, title, source, date, body, url) in articles {
        let line =
            serde_json::json!({"id": id, "title": title, "source": source, "date": date, "body": body, "url": url});
        lines += &format!("{line}\n");
    }
    env.put("news/news.jsonl", lines);
    env.index(&["--index", "idx", "news"]);
    env
}

/// `jianbao ARGS --index idx` with the environment variables `vars` set (and `COLUMNS`,
/// `PAGER`, `JIANBAO_PAGER` and `LESS` unset unless given).
fn run(env: &Env, args: &[&str], vars: &[(&str, &str)]) -> Output {
    let mut cmd = env.jianbao();
    for name in ["COLUMNS", "PAGER", "JIANBAO_PAGER", "LESS"] {
        cmd.env_remove(name);
    }
    cmd.args(args).args(["--index", "idx"]).envs(vars.iter().copied());
    cmd.output().unwrap().into()
}

/// `search ARGS` at `columns` wide, which must find something.
#[track_caller]
fn search_at(env: &Env, columns: usize, args: &[&str]) -> String {
    let out = run(env, &[&["search"], args].concat(), &[("COLUMNS", &columns.to_string())]);
    assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
    out.stdout
}

/// `s` without its colour escapes.
fn plain(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('m').map_or(rest.len(), |m| at + m + 1);
        rest = &rest[end..];
    }
    out + rest
}

fn snippet_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with(' ')).collect()
}

#[test]
fn the_header_of_a_hit_fits_the_width_and_shows_the_source() {
    let env = fixture();
    for columns in [40, 60, 80] {
        let text = search_at(&env, columns, &["--color", "always", "河套"]);
        let headers: Vec<String> = text.lines().filter(|l| !l.starts_with(' ')).map(plain).collect();
        assert_eq!(headers.len(), 2, "{text}");
        for header in &headers {
            assert!(header.width() <= columns, "{header:?} is wider than {columns}");
        }
        let long = headers.iter().find(|h| h.starts_with("long")).unwrap();
        assert!(long.contains('…'), "{long}");
        if columns >= 60 {
            assert!(long.contains("…  香港文匯報  2024-03-14  score "), "{long}");
        }
    }
    let text = search_at(&env, 80, &["--sort", "-date", "harbour"]);
    assert_eq!(text.lines().next(), Some("english  Hong Kong harbour  BBC  2024-03-16"));
}

#[test]
fn snippets_wrap_to_the_width_indented_with_no_line_starting_with_closing_punctuation() {
    let env = fixture();
    let whole = env.search_json(&["--index", "idx", "--fragments", "3", "河套"]);
    for columns in 30..=50 {
        let text = search_at(&env, columns, &["--fragments", "3", "--color", "never", "河套"]);
        let lines = snippet_lines(&text);
        assert!(lines.len() > 4, "{columns}: {text}");
        for line in &lines {
            assert!(line.starts_with("    ") && !line[4..].starts_with(' '), "{line:?}");
            assert!(line.width() <= columns, "{line:?} is wider than {columns}");
            assert!(!line.trim_start().starts_with(['。', '，', '、']), "{line:?}");
        }
        // Nothing is lost but the spaces broken at.
        let solid = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let printed: String = lines.iter().map(|l| solid(l)).collect();
        let expected: String = whole.hits.iter().map(|h| solid(&h.snippet)).collect();
        assert_eq!(printed, expected);
    }
}

#[test]
fn a_width_under_20_columns_is_taken_as_20() {
    let env = fixture();
    let text = search_at(&env, 5, &["河套"]);
    let widest = snippet_lines(&text).iter().map(|l| l.width()).max().unwrap();
    assert!((16..=20).contains(&widest), "{widest}: {text}");
}

#[test]
fn a_highlight_is_never_split_and_each_line_closes_its_colour() {
    let env = fixture();
    for columns in 30..=50 {
        let text = search_at(&env, columns, &["--fragments", "3", "--color", "always", "河套", "OR", "\"hong kong\""]);
        for line in text.lines() {
            let mut rest = line;
            while let Some(at) = rest.find(HIGHLIGHT) {
                let after = &rest[at + HIGHLIGHT.len()..];
                let end = after.find(RESET).unwrap_or_else(|| panic!("{line:?} leaves its colour open"));
                assert!(["河套", "hong kong"].contains(&&after[..end]), "{columns}: {line:?} splits a highlight");
                rest = &after[end + RESET.len()..];
            }
            assert_eq!(line.matches('\x1b').count() % 2, 0, "{line:?}");
        }
        assert!(text.contains(&format!("{HIGHLIGHT}hong kong{RESET}")), "{text}");
    }
}

#[test]
fn colour_is_as_color_says_and_no_color_gives_way_to_always() {
    let env = fixture();
    let colours = |args: &[&str], vars: &[(&str, &str)]| {
        let out = run(&env, &[&["search"], args, &["河套"]].concat(), vars);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        out.stdout.contains(HIGHLIGHT)
    };
    assert!(!colours(&[], &[]), "no colour into a pipe");
    assert!(colours(&["--color", "always"], &[]));
    assert!(colours(&["--color", "always"], &[("NO_COLOR", "1")]), "always wins over NO_COLOR");
    let never = run(&env, &["search", "--color", "never", "河套"], &[("COLUMNS", "40")]);
    assert!(!never.stdout.contains('\x1b'), "{}", never.stdout);
    let show = |color: &str| run(&env, &["show", "--color", color, "--highlight", "河套", "long"], &[]).stdout;
    assert!(show("always").contains(&format!("{HIGHLIGHT}河套{RESET}")));
    assert!(!show("never").contains('\x1b'));
}

#[test]
fn colour_on_a_terminal_unless_no_color_is_set_and_not_empty() {
    let env = fixture();
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: no `script` command to give jianbao a terminal");
        return;
    }
    let bin = crate::common::binary();
    let on_terminal = |no_color: &str| {
        let command = format!("{} search --index idx 河套", bin.display());
        let mut cmd = std::process::Command::new("script");
        cmd.args(["-qec", &command, "/dev/null"]).current_dir(env.path("")).env("NO_COLOR", no_color);
        String::from_utf8(cmd.output().unwrap().stdout).unwrap().contains(HIGHLIGHT)
    };
    assert!(on_terminal(""), "an empty NO_COLOR is unset");
    assert!(!on_terminal("1"));
}

#[test]
fn without_columns_a_pipe_gets_whole_lines() {
    let env = fixture();
    let out = run(&env, &["search", "河套"], &[]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "a header and one snippet line a hit: {}", out.stdout);
    assert!(lines[0].starts_with(&format!("long  {}  香港文匯報", long_title())), "{}", lines[0]);
    assert!(lines[1].width() > 80);
    for bad in ["0", "-5", "wide", ""] {
        assert_eq!(run(&env, &["search", "河套"], &[("COLUMNS", bad)]).stdout, out.stdout, "COLUMNS={bad:?}");
    }
}

/// A pager script in `env` that writes what it reads to `paged.txt` and `$LESS` to
/// `less.txt`, as a command line for `$PAGER`.
fn recording_pager(env: &Env) -> String {
    env.put("pager.sh", "printf '%s' \"$LESS\" > less.txt\ncat > paged.txt\n");
    "sh pager.sh".to_owned()
}

#[test]
fn show_pages_through_the_pager_with_less_options_unless_set() {
    let env = fixture();
    let pager = recording_pager(&env);
    let direct = run(&env, &["show", "long"], &[]);
    let paged = run(&env, &["show", "--paging", "always", "long"], &[("PAGER", &pager)]);
    assert_eq!(paged.code, Some(0), "{}", paged.stderr);
    assert_eq!(paged.stdout, "", "the pager got the text");
    assert_eq!(std::fs::read_to_string(env.path("paged.txt")).unwrap(), direct.stdout);
    assert_eq!(std::fs::read_to_string(env.path("less.txt")).unwrap(), "FRX");
    let vars = [("JIANBAO_PAGER", pager.as_str()), ("PAGER", "false"), ("LESS", "-S")];
    run(&env, &["show", "--paging", "always", "paragraphs"], &vars);
    assert!(std::fs::read_to_string(env.path("paged.txt")).unwrap().starts_with("兩段\n"));
    assert_eq!(std::fs::read_to_string(env.path("less.txt")).unwrap(), "-S", "LESS as the user set it");
}

#[test]
fn show_prints_directly_without_a_pager_to_use() {
    let env = fixture();
    let pager = recording_pager(&env);
    let direct = run(&env, &["show", "long"], &[]).stdout;
    let cases: [(&[&str], &str); 5] = [
        (&["--paging", "never"], pager.as_str()),
        (&[], pager.as_str()),
        (&["--paging", "always"], ""),
        (&["--paging", "always"], "cat"),
        (&["--paging", "always", "--format", "json"], pager.as_str()),
    ];
    for (args, pager) in cases {
        let out = run(&env, &[&["show"], args, &["long"]].concat(), &[("PAGER", pager)]);
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        assert!(!env.path("paged.txt").exists(), "{args:?} with PAGER={pager:?} was paged");
        if !args.contains(&"json") {
            assert_eq!(out.stdout, direct);
        }
    }
    let out = run(&env, &["show", "--paging", "always", "long"], &[("PAGER", "/nonexistent/pager -R")]);
    assert_eq!((out.code, out.stdout), (Some(0), direct), "printed directly");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("cannot start the pager `/nonexistent/pager -R`"), "{}", out.stderr);
    let out = run(&env, &["show", "--paging", "always", "long"], &[("PAGER", "nonexistent-pager $HOME")]);
    assert_eq!(out.code, Some(0), "a shell that cannot run the pager: {}", out.stderr);
    assert_eq!(out.stdout, run(&env, &["show", "long"], &[]).stdout);
}

#[test]
fn show_wraps_paragraphs_with_a_blank_line_between_them() {
    let env = fixture();
    let out = run(&env, &["show", "paragraphs"], &[("COLUMNS", "30")]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines.iter().all(|l| l.width() <= 30), "{}", out.stdout);
    let first = lines.iter().position(|l| l.starts_with("第一段")).unwrap();
    let blank = lines.iter().skip(first).position(|l| l.is_empty()).unwrap() + first;
    assert!(blank > first + 1, "the paragraph is wrapped: {}", out.stdout);
    assert!(lines[blank + 1].starts_with("第二段"), "{}", out.stdout);
    assert!(lines[blank - 1].ends_with("完。"), "{}", out.stdout);
}

#[test]
fn show_decodes_percent_encoded_utf8_in_urls() {
    let env = fixture();
    let out = run(&env, &["show", "long"], &[]);
    assert!(out.stdout.contains(" · https://example.com/新聞/a%20b\n"), "{}", out.stdout);
    let json = run(&env, &["show", "--format", "json", "long"], &[]);
    assert!(json.stdout.contains("\"url\":\"https://example.com/%E6%96%B0%E8%81%9E/a%20b\""), "{}", json.stdout);
    let out = run(&env, &["show", "paragraphs"], &[]);
    assert!(out.stdout.contains(" · https://example.com/%D0%C2\n"), "not UTF-8, as stored: {}", out.stdout);
    let narrow = run(&env, &["show", "long"], &[("COLUMNS", "30")]);
    assert!(
        narrow.stdout.lines().any(|l| l == "https://example.com/新聞/a%20b"),
        "a URL stays whole: {}",
        narrow.stdout
    );
    let title: Vec<&str> = narrow.stdout.lines().take_while(|l| !l.starts_with("long · ")).collect();
    assert_eq!(title.concat(), long_title(), "the title is wrapped, nothing lost");
    assert!(title.len() == 4 && title.iter().all(|l| l.width() <= 30), "{title:?}");
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn ctrl_c_while_paging_is_left_to_the_pager() {
    let env = fixture();
    env.put("pager.sh", "touch started\nsleep 1\ncat > paged.txt\n");
    let mut child = env.command(&["show", "--index", "idx", "--paging", "always", "long"]);
    let mut child = child.env("PAGER", "sh pager.sh").env_remove("JIANBAO_PAGER").spawn().unwrap();
    while !env.path("started").exists() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    assert!(child.wait().unwrap().success(), "jianbao waited for the pager");
    assert!(std::fs::read_to_string(env.path("paged.txt")).unwrap().starts_with(&long_title()[..30]));
}
