//! Searching the segments of an index on several threads (`JIANBAO_SEARCH_THREADS`, which
//! a large index gets by default): the same totals, pages and counts as on one thread.

use crate::common::{jsonl_line, Env, JsonResults, Output};

/// `jianbao ARGS` with `JIANBAO_SEARCH_THREADS` set to `threads`.
fn run(env: &Env, threads: &str, args: &[&str]) -> Output {
    Output::lossy(env.jianbao().env("JIANBAO_SEARCH_THREADS", threads).args(args).output().unwrap())
}

/// Total and (id, score) of each hit, without the time taken.
fn page(env: &Env, threads: &str, args: &[&str]) -> (usize, Vec<(String, String)>) {
    let out = run(env, threads, &[&["search", "--format", "json", "-n", "40"], args].concat());
    let results: JsonResults = out.json();
    (results.total, results.hits.into_iter().map(|h| (h.id, h.score.to_string())).collect())
}

#[test]
fn several_threads_find_what_one_thread_finds() {
    let env = Env::new();
    // Four index runs, four segments (small ones are merged only in the background).
    for part in 0..4 {
        let lines: String = (0..30)
            .map(|i| {
                let body = ["香港經濟增長", "港人", "oil prices rose", "香港 oil 人民"][(i + part) % 4];
                jsonl_line(&format!("p{part}-{i}"), &format!("{body}，第{i}段。"))
            })
            .collect();
        env.put(&format!("corpus/part{part}.jsonl"), lines);
        env.index(&[]);
    }
    for args in [&["香港"][..], &["港"], &["oil"], &["香港", "oil"], &["--sort=-date", "人"], &["\"oil prices\""]]
    {
        assert_eq!(page(&env, "4", args), page(&env, "1", args), "{args:?}");
        let count = |threads| run(&env, threads, &[&["search", "--count"], args].concat()).stdout;
        assert_eq!(count("4"), count("1"), "{args:?}");
        assert!(page(&env, "1", args).0 > 0, "{args:?}");
    }
    // A number that is not one is no number of threads: the default.
    assert_eq!(page(&env, "many", &["香港"]), page(&env, "1", &["香港"]));
}
