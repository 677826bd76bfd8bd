//! Scores quote records against `tests/gold/quotes.jsonl` (original texts written for the
//! project, with each quote's words, kind, speaker and reporting verb), and fails below
//! `THRESHOLDS`. `make eval` prints the table; mismatches go to target/quotes-gold-errors.tsv.
//!
//! Matching: a quote record matches a gold quote of the same text, compared without the
//! punctuation and spaces at either end (each gold quote used once). Of the matched quotes,
//! the speaker is right when the record's speaker (the entity's canonical name) is the gold
//! one, compared case-insensitively with a leading "the" dropped, or both are empty; the verb
//! when the lemmas are equal.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Deserialize;
use tonle::{Document, Kind, Tonle};

mod score;
use score::Score;

/// Minimum figures: a little under those measured when the set was written.
const THRESHOLDS: &[(&str, f64)] = &[
    ("quotes F1", 0.90),
    ("speaker accuracy", 0.88),
    ("verb accuracy", 0.92),
];

#[derive(Deserialize)]
struct GoldDoc {
    id: String,
    text: String,
    quotes: Vec<GoldQuote>,
}

#[derive(Deserialize)]
struct GoldQuote {
    text: String,
    kind: String,
    speaker: Option<String>,
    verb: String,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn trimmed(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation() || "“”‘’—–…".contains(c))
}

fn same_speaker(found: Option<&str>, gold: Option<&str>) -> bool {
    let norm = |s: &str| {
        let s = s.trim().to_lowercase();
        s.strip_prefix("the ").map(str::to_string).unwrap_or(s)
    };
    match (found, gold) {
        (None, None) => true,
        (Some(f), Some(g)) => norm(f) == norm(g),
        _ => false,
    }
}

#[derive(Default)]
struct Tally {
    quotes: Score,
    direct: Score,
    reported: Score,
    speaker: (usize, usize),
    verb: (usize, usize),
}

#[test]
fn quotes_match_the_gold_set() {
    let path = repo().join("tests/gold/quotes.jsonl");
    let gold: Vec<GoldDoc> = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .lines()
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect();
    let tonle = Tonle::builder().build().expect("the shipped lists load");
    let mut t = Tally::default();
    let mut errors = String::from("doc\tproblem\ttext\tfound\tgold\n");
    for doc in &gold {
        let records = tonle.extract(&Document::new(doc.id.clone(), doc.text.clone()));
        let found: Vec<_> = records.iter().filter(|r| r.kind() == Kind::Quote).collect();
        let mut used = vec![false; doc.quotes.len()];
        for r in &found {
            let q = r.quote().expect("a quote record");
            let direct = q.direct;
            let score = if direct {
                &mut t.direct
            } else {
                &mut t.reported
            };
            score.predicted += 1;
            t.quotes.predicted += 1;
            let at = doc
                .quotes
                .iter()
                .enumerate()
                .position(|(k, g)| !used[k] && trimmed(&g.text) == trimmed(&r.text));
            let Some(k) = at else {
                let _ = writeln!(errors, "{}\tfalse quote\t{}\t\t", doc.id, r.text);
                continue;
            };
            used[k] = true;
            let g = &doc.quotes[k];
            t.quotes.correct += 1;
            if (g.kind == "direct") == direct {
                score.correct += 1;
            }
            let speaker = q.speaker.as_ref().map(|s| &*s.name);
            t.speaker.1 += 1;
            if same_speaker(speaker, g.speaker.as_deref()) {
                t.speaker.0 += 1;
            } else {
                let _ = writeln!(
                    errors,
                    "{}\twrong speaker\t{}\t{}\t{}",
                    doc.id,
                    g.text,
                    speaker.unwrap_or("-"),
                    g.speaker.as_deref().unwrap_or("-")
                );
            }
            t.verb.1 += 1;
            if q.verb.as_deref() == Some(g.verb.as_str()) {
                t.verb.0 += 1;
            }
        }
        for (k, g) in doc.quotes.iter().enumerate() {
            t.quotes.gold += 1;
            if g.kind == "direct" {
                t.direct.gold += 1;
            } else {
                t.reported.gold += 1;
            }
            if !used[k] {
                let _ = writeln!(errors, "{}\tmissed {}\t{}\t\t", doc.id, g.kind, g.text);
            }
        }
    }
    let errors_path = repo().join("target/quotes-gold-errors.tsv");
    let _ = std::fs::write(&errors_path, errors);
    let ratio = |(a, b): (usize, usize)| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    println!(
        "\nquotes: {} documents, {} gold quotes",
        gold.len(),
        t.quotes.gold
    );
    println!("{:<10} {:>9} {:>7} {:>7}", "", "precision", "recall", "F1");
    for (name, s) in [
        ("all", t.quotes),
        ("direct", t.direct),
        ("reported", t.reported),
    ] {
        println!(
            "{name:<10} {:>9.3} {:>7.3} {:>7.3}",
            s.precision(),
            s.recall(),
            s.f1()
        );
    }
    let speaker = ratio(t.speaker);
    let verb = ratio(t.verb);
    println!(
        "speaker right on {:.3} of the matched quotes, verb on {verb:.3}",
        speaker
    );
    println!("mismatches: {}", errors_path.display());
    let measured = [
        ("quotes F1", t.quotes.f1()),
        ("speaker accuracy", speaker),
        ("verb accuracy", verb),
    ];
    for ((name, got), (_, min)) in measured.iter().zip(THRESHOLDS) {
        assert!(got >= min, "{name} {got:.3} is below its threshold {min}");
    }
}
