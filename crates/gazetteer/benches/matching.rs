//! Matching throughput with the shipped lists, and compile time of a generated large list.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tonle_gazetteer::{Gazetteer, GazetteerBuilder};

fn sample() -> String {
    let paragraph = "PHNOM PENH – Interior Minister Sar Kheng said on Dec. 12 that the National \
        Committee for Counter Trafficking (NCCT) had found 1,204 people in Preah Sihanouk \
        province, Oddar Meanchey’s O’Smach and Svay Rieng since August. LICADHO and the \
        Financial Action Task Force were told that workers from Thailand, Vietnam and China \
        had been moved to Koh Kong and Poipet.\n\n";
    paragraph.repeat(2000)
}

fn large_list(n: usize) -> String {
    let mut s = String::with_capacity(n * 24);
    for i in 0..n {
        s.push_str(&format!("Placename{i} Town\tPLACE\n"));
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = sample();
    let mut tokens = Vec::new();
    tonle_text::tokenize(&text, &mut tokens);
    let shipped = Gazetteer::defaults().expect("shipped lists compile");
    let mut mentions = Vec::new();
    let mut group = c.benchmark_group("gazetteer");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("find/shipped", |b| {
        b.iter(|| {
            shipped.find(&text, &tokens, &mut mentions);
            mentions.len()
        })
    });
    group.finish();

    let list = large_list(100_000);
    let mut group = c.benchmark_group("gazetteer-compile");
    group.sample_size(10);
    group.bench_function("build/100k", |b| {
        b.iter(|| {
            let mut builder = GazetteerBuilder::new();
            builder.add_source("big.tsv", &list).unwrap();
            builder.build().unwrap().name_count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
