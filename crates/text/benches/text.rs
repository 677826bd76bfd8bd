//! Tokenizer and sentence-splitter throughput on news-style English text.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn sample() -> String {
    let paragraph = "PHNOM PENH – Interior officials said on Dec. 12 that 1,204 people, \
        including 87 women, had been rescued from compounds in Preah Sihanouk province since \
        August. “We will not stop,” Mr. Sok said. About 60.5 per cent of complaints came from \
        the provinces; the rest from Phnom Penh.\n\n";
    paragraph.repeat(2000)
}

fn bench(c: &mut Criterion) {
    let text = sample();
    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(text.len() as u64));
    let mut tokens = Vec::new();
    group.bench_function("tokenize", |b| {
        b.iter(|| {
            tonle_text::tokenize(&text, &mut tokens);
            tokens.len()
        })
    });
    tonle_text::tokenize(&text, &mut tokens);
    let mut starts = Vec::new();
    group.bench_function("split_sentences", |b| {
        b.iter(|| {
            tonle_text::split_sentences(&text, &tokens, &mut starts);
            starts.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
