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
