//! Whole-document extraction (tokens, gazetteer, numbers, record writing) on news-style text.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tonle::{Document, Tonle};

fn bench(c: &mut Criterion) {
    let paragraph = "PHNOM PENH – Interior Minister Sar Kheng said on Dec. 12 that the National \
        Committee for Counter Trafficking (NCCT) had found 1,122 people, of whom 121 were women, \
        in Preah Sihanouk province and Oddar Meanchey’s O’Smach since August; about 60.94 per \
        cent of the $4.5 million budget was spent.\n\n";
    let doc = Document::new("bench", paragraph.repeat(500));
    let extractor = Tonle::builder().build().expect("shipped lists compile");
    let mut out = Vec::new();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Bytes(doc.text.len() as u64));
    group.bench_function("write_records", |b| {
        b.iter(|| {
            out.clear();
            extractor.write_records(&doc, &mut out)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
