//! Folding a text up to a sentence end must give the start of folding it whole (snippets
//! rely on it to fold long clippings only partly), analyzing a text in parts must give
//! the tokens of the whole (a long clipping is indexed so), and converting only the runs
//! of OpenCC key characters must give what converting whole texts does: checked on the
//! sample and shared-corpus articles.

use jianbao::analysis::{Analyzer, Segmenter, View};
use jianbao::text::script::{to_simplified, to_simplified_whole_text};
use jianbao::text::{is_cut_at, part_end, sentence_end_after, Folded};

use crate::common::{articles, sample_corpus, shared_corpus, zst_files};

#[test]
fn converting_runs_of_key_characters_folds_like_whole_texts() {
    let mut texts: Vec<String> = sample_corpus().into_iter().map(|(_, text)| text).collect();
    assert_eq!(texts.len(), 5);
    match shared_corpus() {
        Some(dir) => zst_files(&dir).iter().for_each(|file| texts.extend(articles(file).take(400))),
        None => eprintln!("shared corpus absent (set JIANBAO_SHARED_CORPUS): checking the sample only"),
    }
    let differing: Vec<&String> = texts.iter().filter(|t| to_simplified(t) != to_simplified_whole_text(t)).collect();
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
            let whole = Folded::new(&original);
            let mut at = 0;
            while at < original.len() {
                let end = sentence_end_after(&original, at);
                let part = Folded::new(&original[..end]);
                assert!(whole.as_str().starts_with(part.as_str()), "{file:?}: differs up to byte {end}");
                assert_eq!(part.origin(), &whole.origin()[..part.len()]);
                checked += 1;
                at = end + 200;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

/// The sample clippings and, if present, the first `n` articles of each shared-corpus file.
fn texts(n: usize) -> Vec<String> {
    let mut texts: Vec<String> = sample_corpus().into_iter().map(|(_, text)| text).collect();
    if let Some(dir) = shared_corpus() {
        zst_files(&dir).iter().for_each(|file| texts.extend(articles(file).take(n)));
    }
    texts
}

#[test]
fn analyzing_in_parts_gives_the_tokens_of_the_whole() {
    let part_bytes = 300;
    let (mut checked, mut parts) = (0, 0);
    for text in texts(60) {
        let ends: Vec<usize> =
            std::iter::successors(Some(0), |&at| (at < text.len()).then(|| part_end(&text, at, part_bytes))).collect();
        // A text with no place to cut for 1,200 bytes is cut anyway, and may differ there.
        if !ends.iter().all(|&end| is_cut_at(&text, end)) {
            continue;
        }
        for view in [View::Words, View::Ngrams] {
            let analyzer = Analyzer::new(view, Segmenter::default());
            let key = |t: &tantivy::tokenizer::Token| {
                let position = if view == View::Ngrams { t.position } else { 0 };
                (t.text.clone(), t.offset_from, t.offset_to, position)
            };
            let whole: Vec<_> = analyzer.analyze_in_parts(&text, usize::MAX).iter().map(key).collect();
            let in_parts: Vec<_> = analyzer.analyze_in_parts(&text, part_bytes).iter().map(key).collect();
            assert!(in_parts == whole, "{view:?} tokens differ in parts of {part_bytes} bytes: {text:?}");
        }
        checked += 1;
        parts += ends.len() - 1;
    }
    assert!(checked >= 5 && parts > checked, "{checked} texts in {parts} parts");
}
