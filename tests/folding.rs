//! Folding a text up to a sentence end must give the start of folding it whole (snippets
//! rely on it to fold long clippings only partly): checked on shared-corpus articles.

use jianbao::text::{sentence_end_after, Folded};

use crate::common::{articles, shared_corpus, zst_files};

#[test]
fn folding_up_to_any_sentence_end_gives_the_start_of_the_whole() {
    let Some(dir) = shared_corpus() else {
        eprintln!("skipped: ../shared/corpus is absent (set JIANBAO_SHARED_CORPUS)");
        return;
    };
    let mut checked = 0;
    for file in zst_files(&dir) {
        for original in articles(&file).take(150) {
            let whole = Folded::new(&original).unwrap();
            let mut at = 0;
            while at < original.len() {
                let end = sentence_end_after(&original, at);
                let part = Folded::new(&original[..end]).unwrap();
                assert!(whole.as_str().starts_with(part.as_str()), "{file:?}: differs up to byte {end}");
                assert_eq!(part.origin(), &whole.origin()[..part.len()]);
                checked += 1;
                at = end + 200;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}
