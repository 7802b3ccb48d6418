//! Never lose a clipping (issue 11): hostile queries, damaged indexes and read-only
//! indexes each give one line on stderr and a sane exit status, never a crash.

use std::path::Path;
use std::process::Command;

use crate::common::{self, Env, Output};

/// Queries nested far deeper than anyone types: each must be refused, not crash the stack.
fn deep_queries() -> Vec<String> {
    vec![
        format!("{}香港", "-".repeat(2000)),
        format!("{}香港", "NOT ".repeat(5000)),
        format!("{}香港", "(".repeat(15000)),
        format!("{}香港{}", "(".repeat(15000), ")".repeat(15000)),
        format!("{}香港", "(-".repeat(3000)),
    ]
}

#[test]
fn deeply_nested_queries_are_a_one_line_error() {
    let env = Env::indexed();
    for query in deep_queries() {
        env.assert_failure_with_error(&["search", "--", &query], "nested deeper than 100 levels");
    }
}

#[test]
fn queries_nested_up_to_the_limit_run() {
    let env = Env::indexed();
    let hits = |query: &str| {
        let out = env.search(&["--count", "--", query]);
        assert!(matches!(out.code, Some(0 | 1)), "{}: {}", query.len(), out.stderr);
        out.stdout.trim().parse::<usize>().unwrap()
    };
    let plain = hits("香港");
    assert!(plain > 0);
    assert_eq!(hits(&format!("{}香港{}", "(".repeat(100), ")".repeat(100))), plain);
    assert_eq!(hits(&format!("{}香港", "-".repeat(100))), plain, "an even number of NOTs cancels out");
    assert_eq!(hits(&format!("{}香港", "NOT ".repeat(99))), 5 - plain);
}

#[test]
fn a_deep_query_in_a_batch_fails_alone() {
    let env = Env::indexed();
    let mut input = String::new();
    for query in deep_queries() {
        input += &format!("{query}\n香港\n");
    }
    let out = env.run_with_input(&["search", "--batch"], input);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let lines = out.batch_lines();
    assert_eq!(lines.len(), 2 * deep_queries().len());
    for pair in lines.chunks(2) {
        let error = pair[0].as_ref().unwrap_err();
        assert!(error.error.contains("nested deeper than 100 levels"), "{error:?}");
        assert!(pair[1].as_ref().unwrap().total > 0, "the next query still runs");
    }
    assert_eq!(out.stderr.lines().count(), deep_queries().len(), "one line per refused query");
}

/// Queries far longer than anyone types: their cost grows with their length and with the
/// index (seconds, on the index of the shared corpus).
fn long_queries() -> Vec<String> {
    let words: Vec<&str> = (0..10_000).map(|i| ["香港", "经济", "oil", "河套"][i % 4]).collect();
    vec!["新質生產力".repeat(20_000), words.join(" "), words.join(" OR "), vec!["(-香港)"; 5_000].join(" OR ")]
}

#[test]
fn very_long_queries_are_refused_in_one_line() {
    let env = Env::indexed();
    for query in long_queries() {
        if query.len() < 100_000 {
            env.assert_failure_with_error(&["search", "--", &query], "bad query: too");
        }
        env.put("queries.txt", format!("{query}\n香港\n"));
        let out = run(&env, &["search", "--queries", "queries.txt"]);
        assert_eq!(out.code, Some(2), "{}", out.stderr);
        assert!(out.stderr.len() < 300, "the error does not repeat the query whole: {} bytes", out.stderr.len());
        let lines = out.batch_lines();
        let error = &lines[0].as_ref().unwrap_err().error;
        assert!(error.starts_with("bad query: too"), "{error}");
        assert!(lines[1].as_ref().unwrap().total > 0);
    }
}

/// The longest queries allowed are answered, in bounded time: as many words as allowed,
/// each a different one, and as many characters.
#[test]
fn the_longest_queries_allowed_are_answered() {
    let env = Env::indexed();
    let text: String = common::sample_corpus().into_iter().map(|(_, text)| text).collect();
    let chars: Vec<char> = text.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).collect();
    let mut pairs: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
    pairs.sort();
    pairs.dedup();
    assert!(pairs.len() >= 1000);
    let phrase: String = chars.iter().cycle().take(20_000).collect();
    for query in [pairs[..1000].join(" OR "), pairs[..1000].join(" "), phrase] {
        env.put("queries.txt", format!("{query}\n"));
        let out = run(&env, &["search", "--queries", "queries.txt", "-n", "5"]);
        assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
    }
}

/// A small corpus indexed in two segments, one with a deleted document: every kind of file
/// tantivy writes is there (`.del` included).
fn two_segments() -> Env {
    let env = Env::new();
    env.put("news/a.txt", "香港經濟\n香港經濟今年增長，新質生產力帶動創新。\n");
    env.put("news/b.txt", "Hong Kong\nThe Hong Kong economy grows; 香港 is busy.\n");
    env.put("news/c.txt", "澳門\n澳门旅游业复苏，经济回暖。\n");
    env.index(&["--index", "idx", "news"]);
    env.put("news/c.txt", "澳門\n澳门旅游业复苏，香港旅客增加。\n");
    env.put("news/d.txt", "深圳\n深圳河套合作區。\n");
    env.index(&["--index", "idx", "--threads", "1", "news"]);
    let names = files(&env.path("idx"));
    assert!(names.iter().any(|n| n.ends_with(".del")), "{names:?}");
    assert!(names.iter().filter(|n| n.ends_with(".store")).count() >= 2, "{names:?}");
    env
}

/// The names of the files in `dir`, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Name, size and modification time of each file in `dir`: what a search must not change.
fn listing(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    files(dir)
        .into_iter()
        .map(|name| {
            let meta = std::fs::metadata(dir.join(&name)).unwrap();
            (name, meta.len(), meta.modified().unwrap())
        })
        .collect()
}

/// The commands that read an index, each as arguments after `--index DIR`.
const READERS: &[&[&str]] = &[
    &["search", "--format", "json", "香港"],
    &["search", "--count", "--", "-澳門"],
    &["show", "--format", "json", "a.txt"],
    &["stats", "--format", "json"],
];

fn reader_args<'a>(dir: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec![args[0], "--index", dir];
    all.extend_from_slice(&args[1..]);
    all
}

/// What a command printed, with what changes from run to run (times, sizes) left out.
fn answer(stdout: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(stdout) {
        Ok(mut v) => {
            if let Some(o) = v.as_object_mut() {
                o.remove("took_ms");
                o.remove("size_bytes");
                o.remove("updated");
            }
            v.to_string()
        }
        Err(_) => stdout.to_owned(),
    }
}

/// Runs `jianbao ARGS` in `env`; a command that hangs is a failure too.
fn run(env: &Env, args: &[&str]) -> Output {
    Output::lossy(env.jianbao().args(args).timeout(std::time::Duration::from_secs(60)).output().unwrap())
}

/// A crash (a signal, an abort, a panic) or a message of more than one line fails; so
/// does more than `quiet` lines on stderr on success.
#[track_caller]
fn assert_sane(out: &Output, case: &str, quiet: usize) {
    assert!(matches!(out.code, Some(0..=2)), "{case}: exit {:?}, stderr {:?}", out.code, out.stderr);
    assert!(!out.stderr.contains("panicked"), "{case}: {}", out.stderr);
    let lines = out.stderr.lines().count();
    match out.code {
        Some(2) => assert_eq!(lines, 1, "{case}: {:?}", out.stderr),
        _ => assert!(lines <= quiet, "{case}: {:?}", out.stderr),
    }
}

#[test]
fn a_search_creates_no_file() {
    let env = two_segments();
    let dir = env.path("idx");
    // tantivy's reader creates its lock file if it is missing.
    std::fs::remove_file(dir.join(".tantivy-meta.lock")).unwrap();
    std::fs::remove_file(dir.join(".tantivy-writer.lock")).unwrap();
    let before = listing(&dir);
    for args in READERS {
        let out = env.run(&reader_args("idx", args));
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
    }
    assert_eq!(listing(&dir), before);
}

/// `chmod -R a-w` on `dir`, or back.
fn writable(dir: &Path, yes: bool) {
    use std::os::unix::fs::PermissionsExt;
    let set = |path: &Path, mode: u32| std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    for name in files(dir) {
        set(&dir.join(name), if yes { 0o644 } else { 0o444 });
    }
    set(dir, if yes { 0o755 } else { 0o555 });
}

#[test]
fn a_user_who_may_not_write_the_index_can_search_it() {
    use std::os::unix::fs::PermissionsExt;
    let env = two_segments();
    let dir = env.path("idx");
    let expected: Vec<String> = READERS.iter().map(|args| answer(&env.run(&reader_args("idx", args)).stdout)).collect();
    if env.as_reader().is_none() {
        eprintln!("skipped: running as root without setpriv");
        return;
    }
    // The temporary folder is private to its owner.
    std::fs::set_permissions(env.path(""), std::fs::Permissions::from_mode(0o755)).unwrap();
    writable(&dir, false);
    let before = listing(&dir);
    for (args, expected) in READERS.iter().zip(&expected) {
        let out = env.as_reader().unwrap().args(reader_args("idx", args)).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(&answer(&String::from_utf8_lossy(&out.stdout)), expected, "{args:?}");
    }
    assert_eq!(listing(&dir), before);
    writable(&dir, true);
}

#[test]
fn a_read_only_mount_can_be_searched() {
    let env = two_segments();
    let binary = common::binary();
    for args in READERS {
        let expected = answer(&env.run(&reader_args("idx", args)).stdout);
        let search: Vec<String> = reader_args("idx", args).iter().map(|a| format!("'{a}'")).collect();
        // In a mount namespace of its own, `idx` mounted read-only over itself.
        let script = format!(
            "mount --bind idx idx && mount -o remount,ro,bind idx || exit 77
             touch idx/probe 2>/dev/null && exit 78
             exec '{}' {}",
            binary.display(),
            search.join(" ")
        );
        let out = Command::new("unshare").args(["-m", "sh", "-c", &script]).current_dir(env.path("")).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() == Some(77) {
            eprintln!("skipped: cannot mount here (needs root and unshare): {stderr}");
            return;
        }
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(answer(&String::from_utf8_lossy(&out.stdout)), expected, "{args:?}");
    }
}

/// A way to damage a file.
#[derive(Debug, Clone, Copy)]
enum Damage {
    /// Four bytes overwritten, this many bytes from the start...
    At(u64),
    /// ...or from the end (where the footer is: its JSON, then its length and magic number).
    FromEnd(u64),
    Middle,
    TruncatedTo(u64),
    TruncatedByHalf,
    Removed,
}

const DAMAGES: &[Damage] = &[
    Damage::At(0),
    Damage::Middle,
    Damage::FromEnd(30),
    Damage::FromEnd(8),
    Damage::TruncatedTo(5),
    Damage::TruncatedByHalf,
    Damage::Removed,
];

fn overwrite(path: &Path, at: u64, bytes: &[u8]) {
    use std::io::{Seek, Write};
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(std::io::SeekFrom::Start(at)).unwrap();
    file.write_all(bytes).unwrap();
}

fn damage(path: &Path, how: Damage) {
    let len = std::fs::metadata(path).unwrap().len();
    let junk = [0xde, 0xad, 0xbe, 0xef];
    let truncate = |to: u64| std::fs::OpenOptions::new().write(true).open(path).unwrap().set_len(to).unwrap();
    match how {
        Damage::At(at) => overwrite(path, at.min(len), &junk),
        Damage::FromEnd(back) => overwrite(path, len.saturating_sub(back), &junk),
        Damage::Middle => overwrite(path, len / 2, &junk),
        Damage::TruncatedTo(to) => truncate(to.min(len.saturating_sub(1))),
        Damage::TruncatedByHalf => truncate(len / 2),
        Damage::Removed => std::fs::remove_file(path).unwrap(),
    }
}

/// A fresh copy of index `from` at `to`.
fn copy_index(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).unwrap();
    }
    std::fs::create_dir(to).unwrap();
    for name in files(from) {
        std::fs::copy(from.join(&name), to.join(&name)).unwrap();
    }
}

/// tantivy's files: each ends with a footer holding its checksum.
fn has_footer(name: &str) -> bool {
    !name.starts_with('.') && !name.ends_with(".json")
}

/// One file of each kind in index `dir`: those of the segment with deletions, and the
/// others (`meta.json`, `.managed.json`, locks, jianbao's own).
fn one_of_each(dir: &Path) -> Vec<String> {
    let del = files(dir).into_iter().find(|n| n.ends_with(".del")).unwrap();
    let segment = del.split('.').next().unwrap().to_owned();
    files(dir).into_iter().filter(|n| !has_footer(n) || n.starts_with(&segment)).collect()
}

/// Every file of the index, damaged in every way: `search`, `show` and `stats` each answer
/// as on the whole index, or say in one line that it is damaged (always, for a file with a
/// checksum); none crashes.
#[test]
fn a_damaged_index_is_reported_in_one_line_and_never_crashes() {
    let env = two_segments();
    let pristine = env.path("idx");
    let expected: Vec<String> = READERS.iter().map(|args| answer(&env.run(&reader_args("idx", args)).stdout)).collect();
    for name in one_of_each(&pristine) {
        for &how in DAMAGES {
            copy_index(&pristine, &env.path("case"));
            damage(&env.path("case").join(&name), how);
            for (args, expected) in READERS.iter().zip(&expected) {
                let case = format!("{name} {how:?} {args:?}");
                let out = run(&env, &reader_args("case", args));
                assert_sane(&out, &case, 0);
                if has_footer(&name) {
                    assert_eq!(out.code, Some(2), "{case}: {}", out.stdout);
                    assert!(out.stderr.contains("index at case is damaged"), "{case}: {}", out.stderr);
                    assert!(out.stderr.contains("jianbao index --rebuild"), "{case}: {}", out.stderr);
                } else if out.code != Some(2) {
                    assert_eq!(&answer(&out.stdout), expected, "{case}: a wrong answer");
                }
            }
        }
    }
}

/// A damaged index is not made worse by an update, which says it is damaged (or repairs
/// what it can), and `index --rebuild` makes it whole.
#[test]
fn an_update_reports_damage_and_a_rebuild_repairs_it() {
    let env = two_segments();
    let pristine = env.path("idx");
    let answers = |dir: &str| -> Vec<String> {
        READERS.iter().map(|args| answer(&env.run(&reader_args(dir, args)).stdout)).collect()
    };
    let updated = answers("idx");
    // A rebuilt index holds one segment and no deleted documents: its scores differ.
    copy_index(&pristine, &env.path("rebuilt"));
    assert_eq!(run(&env, &["index", "--rebuild", "--index", "rebuilt", "news"]).code, Some(0));
    let rebuilt = answers("rebuilt");
    // One damage per file, in turn (a rebuild takes a while).
    let damages = [Damage::Middle, Damage::TruncatedByHalf, Damage::Removed];
    for (name, how) in one_of_each(&pristine).into_iter().zip(damages.into_iter().cycle()) {
        copy_index(&pristine, &env.path("case"));
        damage(&env.path("case").join(&name), how);
        let case = format!("{name} {how:?}");
        let update = run(&env, &["index", "--index", "case", "news"]);
        // On success, `index` says what it holds and did in two lines.
        assert_sane(&update, &format!("{case} index"), 2);
        if has_footer(&name) {
            assert!(update.stderr.contains("damaged"), "{case}: {}", update.stderr);
        }
        let mut expected = &updated;
        if update.code == Some(2) {
            let rebuild = run(&env, &["index", "--rebuild", "--index", "case", "news"]);
            assert_eq!(rebuild.code, Some(0), "{case}: {}", rebuild.stderr);
            expected = &rebuilt;
        }
        for (args, expected) in READERS.iter().zip(expected) {
            let out = run(&env, &reader_args("case", args));
            assert_eq!((out.code, &answer(&out.stdout)), (Some(0), expected), "{case} {args:?}: {}", out.stderr);
        }
    }
}

/// Damages segment file `path` at `at` (a byte of its content) and rewrites its footer to
/// match: damage the checksum cannot see.
fn forge(path: &Path, at: usize) {
    let mut bytes = std::fs::read(path).unwrap();
    let n = bytes.len();
    let footer_len = u32::from_le_bytes(bytes[n - 8..n - 4].try_into().unwrap()) as usize;
    let body_len = n - 8 - footer_len;
    let mut footer: serde_json::Value = serde_json::from_slice(&bytes[body_len..n - 8]).unwrap();
    bytes.truncate(body_len);
    for b in &mut bytes[at.min(body_len - 1)..(at + 4).min(body_len)] {
        *b ^= 0x5a;
    }
    let mut crc = flate2::Crc::new();
    crc.update(&bytes);
    footer["crc"] = crc.sum().into();
    let footer = footer.to_string();
    bytes.extend_from_slice(footer.as_bytes());
    bytes.extend_from_slice(&(footer.len() as u32).to_le_bytes());
    bytes.extend_from_slice(&1337u32.to_le_bytes());
    std::fs::write(path, bytes).unwrap();
}

/// Damage behind a valid checksum reaches tantivy, which may then panic: that too is said
/// in one line, and nothing crashes.
#[test]
fn damage_that_the_checksums_miss_is_said_in_one_line() {
    let env = two_segments();
    let pristine = env.path("idx");
    for name in one_of_each(&pristine).into_iter().filter(|n| has_footer(n)) {
        let len = std::fs::metadata(pristine.join(&name)).unwrap().len() as usize;
        for at in [0, 9, len / 2, len.saturating_sub(120)] {
            copy_index(&pristine, &env.path("case"));
            forge(&env.path("case").join(&name), at);
            for args in READERS {
                // `show` of a clipping it no longer finds says so.
                let out = run(&env, &reader_args("case", args));
                assert_sane(&out, &format!("{name} at {at} {args:?}"), 1);
            }
        }
    }
}

/// Files checked once are not read again on opening, but damage done to one later is found.
#[test]
fn damage_after_the_files_were_checked_is_found() {
    let env = two_segments();
    let dir = env.path("idx");
    assert!(dir.join("jianbao-verified.json").is_file(), "the indexer records what it checked");
    // File times move with the kernel's clock tick: let one pass, or the damage could
    // leave the time of the indexer's last write.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let store = files(&dir).into_iter().find(|n| n.ends_with(".store")).unwrap();
    damage(&dir.join(&store), Damage::Middle);
    for args in READERS {
        let out = run(&env, &reader_args("idx", args));
        out.assert_one_line_error(&format!("the index at idx is damaged ({store}: its checksum does not match"));
    }
}
