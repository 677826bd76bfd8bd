//! Times each stage of the pipeline over a corpus on one thread, to see where the time goes
//! and what share number extraction takes:
//!
//! ```text
//! cargo run --release -p tonle --example stages -- target/bench/news.jsonl
//! ```
//!
//! The documents are parsed once and kept in memory, then each stage runs over all of them;
//! `write_records` is the whole per-document job (it repeats every stage and writes the
//! records). The share printed is numbers (extract + link + times) against parsing plus
//! `write_records`, the work of a worker thread in `tonle extract`.

use std::time::{Duration, Instant};

use tonle::Tonle;
use tonle_corpus::{Fields, Input, Reader};
use tonle_gazetteer::Gazetteer;

fn main() {
    let inputs: Vec<Input> = std::env::args().skip(1).map(|a| Input::parse(&a)).collect();
    if inputs.is_empty() {
        eprintln!("usage: stages FILE.jsonl...");
        std::process::exit(2);
    }
    let fields = Fields::default();
    let units: Vec<_> = Reader::new(inputs).max_document_bytes(u64::MAX).collect();
    let started = Instant::now();
    let docs: Vec<_> = units
        .into_iter()
        .filter_map(|u| u.parse(&fields).0)
        .collect();
    let parse = started.elapsed();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let gazetteer = Gazetteer::defaults().expect("shipped lists compile");

    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    let mut mentions = Vec::new();
    let mut numbers = Vec::new();
    // One pass, each stage timed around its call (a clock read costs far less than a stage).
    let mut spent = [Duration::ZERO; 6];
    let (mut token_count, mut number_count, mut sentence_count) = (0, 0, 0);
    for d in &docs {
        let text = d.text.as_str();
        let mut clock = Instant::now();
        let mut lap = |k: usize| {
            let now = Instant::now();
            spent[k] += now - clock;
            clock = now;
        };
        tonle_text::tokenize(text, &mut tokens);
        lap(0);
        tonle_text::split_sentences(text, &tokens, &mut sentences);
        lap(1);
        gazetteer.find(text, &tokens, &mut mentions);
        lap(2);
        tonle_numbers::extract(text, &tokens, &mut numbers);
        lap(3);
        tonle_numbers::link(text, &tokens, &sentences, &mut numbers);
        lap(4);
        std::hint::black_box(tonle_numbers::times(
            text, &tokens, &sentences, &numbers, None,
        ));
        lap(5);
        token_count += tokens.len();
        number_count += numbers.len();
        sentence_count += sentences.len();
    }
    let [tokenize, split, find, extract, link, times] = spent;
    let extractor = Tonle::with_gazetteer(gazetteer);
    let mut out = Vec::new();
    let started = Instant::now();
    for d in &docs {
        out.clear();
        extractor.write_records(d, &mut out);
    }
    let whole = started.elapsed();

    let mb = bytes as f64 / 1e6;
    let row = |name: &str, t: Duration| {
        println!(
            "{name:<16} {:>8.3} s {:>8.1} MB/s",
            t.as_secs_f64(),
            mb / t.as_secs_f64()
        )
    };
    println!(
        "{} documents, {mb:.1} MB of text, {token_count} tokens, {sentence_count} sentences, {number_count} numbers",
        docs.len()
    );
    row("parse", parse);
    row("tokenize", tokenize);
    row("split_sentences", split);
    row("gazetteer.find", find);
    row("numbers.extract", extract);
    row("numbers.link", link);
    row("numbers.times", times);
    row("write_records", whole);
    let numbers = (extract + link + times).as_secs_f64();
    println!(
        "numbers: {:.1} % of parse + write_records",
        100.0 * numbers / (parse + whole).as_secs_f64()
    );
}
