//! Never lose a clipping (issue 11): hostile queries, damaged indexes and read-only
//! indexes each give one line on stderr and a sane exit status, never a crash.

use crate::cli::assert_one_line_error;
use crate::common::Env;

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
        let out = env.search(&["--", &query]);
        assert_one_line_error(&out, "nested deeper than 100 levels");
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
    let out = env.jianbao().args(["search", "--batch"]).write_stdin(input).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2 * deep_queries().len());
    for pair in lines.chunks(2) {
        assert!(pair[0]["error"].as_str().unwrap().contains("nested deeper than 100 levels"), "{}", pair[0]);
        assert!(pair[1]["total"].as_u64().unwrap() > 0, "the next query still runs");
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), deep_queries().len(), "one line per refused query");
}
