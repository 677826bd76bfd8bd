//! Number extraction throughput on news-style text (tokenizing excluded).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn sample() -> String {
    let paragraph = "From August 18 to November 10, 2022, authorities found 871 foreigners from \
        12 countries; nearly 900 were questioned and 162 identified as victims, including 31 \
        aged 15 to 17. The operation cost $4.5 million, about 12 per cent of the budget, and \
        the ministry received about 10 complaints daily in the first month.\n\n";
    paragraph.repeat(2000)
}

fn bench(c: &mut Criterion) {
    let text = sample();
    let mut tokens = Vec::new();
    tonle_text::tokenize(&text, &mut tokens);
    let mut out = Vec::new();
    let mut group = c.benchmark_group("numbers");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("extract", |b| {
        b.iter(|| {
            tonle_numbers::extract(&text, &tokens, &mut out);
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
