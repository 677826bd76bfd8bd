//! Near-duplicate detection: fingerprints per byte of news text, and inserting them into the
//! index in order. The texts are made from the sample corpus of original articles
//! (`corpus/`): 1,000 distinct variants (every fourth word replaced by a word of the
//! variant's own, so that no 5-word shingle is shared), each followed by a repost of it
//! under another headline, byline and footer, so that the index sees copies as well as
//! originals.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tonle_corpus::dedup::{DuplicateIndex, Fingerprint};

fn articles() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("the sample corpus is in the repository")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let sources: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("readable"))
        .collect();
    let mut texts = Vec::new();
    for n in 0..1000 {
        let source = &sources[n % sources.len()];
        let variant: Vec<String> = source
            .split(' ')
            .enumerate()
            .map(|(i, w)| {
                if i % 4 == 0 {
                    format!("v{n}x{i}")
                } else {
                    w.to_string()
                }
            })
            .collect();
        let variant = variant.join(" ");
        let repost = format!("Reposted from a partner site\nBy staff\n{variant}\nShare this");
        texts.push(variant);
        texts.push(repost);
    }
    texts
}

fn bench(c: &mut Criterion) {
    let texts = articles();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("dedup");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("fingerprint", |b| {
        b.iter(|| texts.iter().filter_map(|t| Fingerprint::of(t)).count())
    });
    let fingerprints: Vec<Fingerprint> = texts.iter().filter_map(|t| Fingerprint::of(t)).collect();
    group.throughput(Throughput::Elements(fingerprints.len() as u64));
    group.bench_function("insert", |b| {
        b.iter(|| {
            let mut index = DuplicateIndex::new();
            fingerprints
                .iter()
                .enumerate()
                .filter(|(i, fp)| index.insert(*i, fp).is_some())
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
