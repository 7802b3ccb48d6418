//! Both OpenCC backends must fold the same text to the same Simplified text, or an index
//! built by one would answer queries folded by the other wrongly. Runs with
//! `--features libopencc`, which builds both.

use jianbao::text::script::{to_simplified_with, Backend};

use crate::common::{articles, sample_corpus, shared_corpus, zst_files};

/// Articles of the shared corpus to compare, spread over its folders.
const SHARED_ARTICLES: usize = 2000;

#[test]
fn backends_fold_the_sample_corpus_identically() {
    let texts = sample_corpus().into_iter().map(|(_, text)| text).collect::<Vec<_>>();
    assert_eq!(texts.len(), 5);
    assert_same(&texts);
}

#[test]
fn backends_fold_shared_corpus_articles_identically() {
    let Some(dir) = shared_corpus() else {
        eprintln!("skipped: ../shared/corpus is absent (set JIANBAO_SHARED_CORPUS)");
        return;
    };
    let files = zst_files(&dir);
    assert!(!files.is_empty(), "no .jsonl.zst files in {}", dir.display());
    let per_file = SHARED_ARTICLES.div_ceil(files.len());
    let mut texts = Vec::new();
    for file in &files {
        texts.extend(articles(file).take(per_file));
    }
    assert!(texts.len() >= SHARED_ARTICLES, "only {} articles", texts.len());
    assert_same(&texts[..SHARED_ARTICLES]);
}

#[track_caller]
fn assert_same(texts: &[String]) {
    let mut differing = Vec::new();
    for text in texts {
        let ferrous = to_simplified_with(Backend::Ferrous, text);
        let reference = to_simplified_with(Backend::LibOpenCC, text);
        if ferrous != reference {
            differing.push(first_difference(text, &ferrous, &reference));
        }
    }
    assert!(
        differing.is_empty(),
        "{} of {} texts fold differently, e.g. {:?}",
        differing.len(),
        texts.len(),
        &differing[..differing.len().min(20)]
    );
}

/// The first differing stretch, as (original, ferrous, libopencc).
fn first_difference(text: &str, a: &str, b: &str) -> (String, String, String) {
    let (t, a, b): (Vec<char>, Vec<char>, Vec<char>) =
        (text.chars().collect(), a.chars().collect(), b.chars().collect());
    let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let piece = |v: &[char]| v[at.saturating_sub(4)..(at + 4).min(v.len())].iter().collect();
    (piece(&t), piece(&a), piece(&b))
}
