//! Clippings that once cost far too much or came out wrong (issue 11, "Never lose a
//! clipping"): a page nested a million elements deep, control characters in what is
//! printed, a batch of queries with a line that is not UTF-8.

use crate::common::Env;

/// An empty corpus folder in a temp dir, with `files` written into it.
fn corpus(files: &[(&str, &[u8])]) -> Env {
    let env = Env::new();
    let corpus = env.path("corpus");
    std::fs::remove_dir_all(&corpus).unwrap();
    std::fs::create_dir(&corpus).unwrap();
    for (name, bytes) in files {
        std::fs::write(corpus.join(name), bytes).unwrap();
    }
    env
}

#[test]
fn a_page_nested_a_million_elements_deep_is_indexed_with_a_warning() {
    let depth = 1_000_000;
    let page =
        format!("<html><body><p>開頭</p>{}深處文字{}</body></html>", "<div>".repeat(depth), "</div>".repeat(depth));
    let env = corpus(&[("deep.html", page.as_bytes())]);
    let out = env.run(&["index"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("deep.html: elements nested more than 512 deep"), "{}", out.stderr);
    assert!(out.stderr.contains("1 added"), "{}", out.stderr);
    let out = env.search(&["深處"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("深處文字"), "{}", out.stdout);
}

/// Runs `jianbao search --batch` on `input` in the folder of `env`.
fn batch(env: &Env, input: &[u8]) -> (Option<i32>, Vec<serde_json::Value>, String) {
    let out = env.jianbao().args(["search", "--batch"]).write_stdin(input).output().unwrap();
    let lines = String::from_utf8(out.stdout).unwrap();
    let lines = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    (out.status.code(), lines, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_batch_line_that_is_not_utf8_fails_alone() {
    let env = Env::indexed();
    let (code, lines, stderr) = batch(&env, b"\xe6\xb2\xb3\xe5\xa5\x97\n\xff\xfe bad\n\n\xe9\xa6\x99\xe6\xb8\xaf\n");
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!((lines[0]["query"].as_str(), lines[2]["query"].as_str()), (Some("河套"), Some("香港")));
    assert!(lines[0]["total"].as_u64() > Some(0) && lines[2]["total"].as_u64() > Some(0), "{lines:?}");
    let error = lines[1].as_object().unwrap();
    assert_eq!(error.keys().collect::<Vec<_>>(), ["error", "query"]);
    assert_eq!(error["query"], "\u{fffd}\u{fffd} bad");
    assert!(error["error"].as_str().unwrap().starts_with("line 2 is not UTF-8"), "{error:?}");
    assert!(stderr.contains("line 2 is not UTF-8"), "{stderr}");
}
