//! The analyzer's hot path, for quick before/after comparisons: folding, and both
//! views of the analyzer, over the clippings of `corpus/` (or the folder named by
//! `JIANBAO_BENCH_CORPUS`).
//!
//! `cargo bench --bench analysis` (add `-- --save-baseline before`, then
//! `-- --baseline before` after a change). Whole-run figures (indexing the shared corpus,
//! search processes) are `scripts/bench`'s.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use jianbao::analysis::{Analyzer, Segmenter, View};
use jianbao::corpus;
use jianbao::text::Folded;

/// The bodies and titles of the clippings in the corpus folder.
fn texts() -> Vec<String> {
    let dir = std::env::var_os("JIANBAO_BENCH_CORPUS").map_or_else(|| PathBuf::from("corpus"), PathBuf::from);
    let (sources, _) = corpus::walk(std::slice::from_ref(&dir))
        .unwrap_or_else(|e| panic!("benches/analysis.rs reads the clippings of {}: {e}", dir.display()));
    let mut texts = Vec::new();
    for source in &sources {
        for doc in corpus::read(source).documents {
            texts.extend(doc.meta.title);
            texts.push(doc.body);
        }
    }
    assert!(!texts.is_empty(), "no clippings in {}", dir.display());
    texts
}

fn analysis(c: &mut Criterion) {
    let texts = texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    jianbao::text::script::init().expect("OpenCC loads");
    let segmenter = Segmenter::default();
    // Load jieba's dictionary before timing.
    segmenter.ranked_words("预热");
    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("fold", |b| b.iter(|| texts.iter().map(|t| Folded::new(t).len()).sum::<usize>()));
    for (name, view) in [("ngrams", View::Ngrams), ("words", View::Words)] {
        let analyzer = Analyzer::new(view, segmenter.clone());
        group.bench_with_input(BenchmarkId::new("view", name), &texts, |b, texts| {
            b.iter(|| texts.iter().map(|t| analyzer.analyze(t).len()).sum::<usize>())
        });
    }
    group.finish();
}

criterion_group!(benches, analysis);
criterion_main!(benches);
