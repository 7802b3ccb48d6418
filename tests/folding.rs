//! Folding a text up to a sentence end must give the start of folding it whole (snippets
//! rely on it to fold long clippings only partly), and converting only the runs of OpenCC
//! key characters must give what converting whole texts does: checked on the sample and
//! shared-corpus articles.

use jianbao::text::script::{to_simplified, to_simplified_whole_text};
use jianbao::text::{sentence_end_after, Folded};

use crate::common::{articles, sample_corpus, shared_corpus, zst_files};

#[test]
fn converting_runs_of_key_characters_folds_like_whole_texts() {
    let mut texts: Vec<String> = sample_corpus().into_iter().map(|(_, text)| text).collect();
    assert_eq!(texts.len(), 5);
    match shared_corpus() {
        Some(dir) => zst_files(&dir).iter().for_each(|file| texts.extend(articles(file).take(400))),
        None => eprintln!("shared corpus absent (set JIANBAO_SHARED_CORPUS): checking the sample only"),
    }
    let differing: Vec<&String> =
        texts.iter().filter(|t| to_simplified(t).unwrap() != to_simplified_whole_text(t).unwrap()).collect();
    assert!(
        differing.is_empty(),
        "{} of {} texts fold differently, first: {:?}",
        differing.len(),
        texts.len(),
        differing[0]
    );
}

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
