//! Measures near-duplicate detection on JSON-lines news sets (`.jsonl` or `.jsonl.gz`, with
//! `id` and `text` fields): documents flagged at thresholds 0.7, 0.8 and 0.9, time per
//! document, and samples of pairs to read in bands of similarity.
//!
//! ```sh
//! cargo run --release -p tonle-corpus --example dedup_eval -- ../shared/data/news/*.jsonl.gz
//! cargo run --release -p tonle-corpus --example dedup_eval -- --sample 60 --brute \
//!     ../shared/data/news/*.jsonl.gz
//! ```
//!
//! `--sample N` (default 40) pairs are printed for each band of estimated similarity (0.9 and
//! up, 0.8–0.9, 0.7–0.8, 0.5–0.7), evenly spaced over the band's pairs in input order, with
//! their exact Jaccard similarity and the first 200 characters of each text. `--brute` also
//! compares every document with every earlier original, to count the pairs LSH missed.
//! Times are CPU time of the measuring thread where Linux tells it (the machine is shared),
//! wall-clock time elsewhere.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::time::Instant;

/// Seconds this thread has run on a CPU (Linux), or since the first call elsewhere.
fn cpu_seconds() -> f64 {
    let on_cpu = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok());
    match on_cpu {
        Some(ns) => ns as f64 / 1e9,
        None => {
            static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
            START.get_or_init(Instant::now).elapsed().as_secs_f64()
        }
    }
}

use tonle_corpus::dedup::{for_each_shingle, DedupOptions, DuplicateIndex, Fingerprint};
use tonle_corpus::Date;

struct Doc {
    id: String,
    source: usize,
    text: String,
    /// Days since 1970-01-01 of the `date` field, if it has one.
    day: Option<i64>,
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn day_number(date: Date) -> i64 {
    let (m, d) = (i64::from(date.month()), i64::from(date.day()));
    let y = i64::from(date.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

struct Args {
    paths: Vec<String>,
    sample: usize,
    brute: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        paths: Vec::new(),
        sample: 40,
        brute: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--sample" => {
                let value = it.next().ok_or("--sample needs a number")?;
                args.sample = value.parse().map_err(|e| format!("--sample: {e}"))?;
            }
            "--brute" => args.brute = true,
            _ => args.paths.push(arg),
        }
    }
    if args.paths.is_empty() {
        return Err("usage: dedup_eval [--sample N] [--brute] FILE.jsonl[.gz]...".into());
    }
    Ok(args)
}

fn read_docs(paths: &[String]) -> Result<Vec<Doc>, String> {
    let mut docs = Vec::new();
    for (source, path) in paths.iter().enumerate() {
        let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
        let reader: Box<dyn Read> = if path.ends_with(".gz") {
            Box::new(flate2::read::MultiGzDecoder::new(file))
        } else {
            Box::new(file)
        };
        for (n, line) in BufReader::new(reader).lines().enumerate() {
            let line = line.map_err(|e| format!("{path}:{}: {e}", n + 1))?;
            let value: serde_json::Value =
                serde_json::from_str(&line).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
            let id = value["id"]
                .as_str()
                .map_or_else(|| format!("{path}:{}", n + 1), String::from);
            let text = value["text"].as_str().unwrap_or_default().to_string();
            let day = value["date"]
                .as_str()
                .and_then(Date::parse_prefix)
                .map(day_number);
            docs.push(Doc {
                id,
                source,
                text,
                day,
            });
        }
    }
    Ok(docs)
}

/// A flagged pair: the later document, its original, the estimated similarity.
struct Pair {
    copy: usize,
    original: usize,
    similarity: f64,
}

/// What one run of an index gave.
struct Run {
    pairs: Vec<Pair>,
    seconds: f64,
    /// Heap bytes per original kept.
    bytes_per_original: f64,
}

fn run_index(fingerprints: &[Option<Fingerprint>], options: DedupOptions) -> Run {
    let mut index = DuplicateIndex::with_options(options).expect("valid options");
    let mut pairs = Vec::new();
    let started = cpu_seconds();
    for (i, fp) in fingerprints.iter().enumerate() {
        if let Some(original) = fp.as_ref().and_then(|fp| index.insert(i, fp)) {
            pairs.push(Pair {
                copy: i,
                original: original.id,
                similarity: original.similarity,
            });
        }
    }
    Run {
        pairs,
        seconds: cpu_seconds() - started,
        bytes_per_original: index.heap_bytes() as f64 / index.len().max(1) as f64,
    }
}

/// Every document against every earlier original: what LSH would find if it missed nothing.
fn brute_force(fingerprints: &[Option<Fingerprint>], threshold: f64) -> usize {
    let mut originals: Vec<&Fingerprint> = Vec::new();
    let mut flagged = 0;
    for fp in fingerprints.iter().flatten() {
        if originals.iter().any(|o| o.similarity(fp) >= threshold) {
            flagged += 1;
        } else {
            originals.push(fp);
        }
    }
    flagged
}

fn exact_jaccard(a: &str, b: &str) -> f64 {
    let set = |t: &str| {
        let mut s = HashSet::new();
        for_each_shingle(t, |h| {
            s.insert(h);
        });
        s
    };
    let (a, b) = (set(a), set(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

fn head(text: &str) -> String {
    text.chars()
        .take(200)
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

fn print_sample(title: &str, docs: &[Doc], pairs: &[&Pair], n: usize) {
    println!(
        "\n## {title}: {n} of {} pairs, evenly spaced\n",
        pairs.len()
    );
    let step = (pairs.len() as f64 / n.max(1) as f64).max(1.0);
    for k in 0..n.min(pairs.len()) {
        let pair = pairs[(k as f64 * step) as usize];
        let (c, o) = (&docs[pair.copy], &docs[pair.original]);
        println!(
            "[{k}] {} -> {}  estimate {:.3}  exact {:.3}\n  O: {}\n  C: {}\n",
            c.id,
            o.id,
            pair.similarity,
            exact_jaccard(&c.text, &o.text),
            head(&o.text),
            head(&c.text)
        );
    }
}

fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let docs = match read_docs(&args.paths) {
        Ok(docs) => docs,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(1);
        }
    };
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    // Best of three: the machine is shared.
    let mut seconds = f64::INFINITY;
    let mut fingerprints: Vec<Option<Fingerprint>> = Vec::new();
    for _ in 0..3 {
        let started = cpu_seconds();
        fingerprints = docs.iter().map(|d| Fingerprint::of(&d.text)).collect();
        seconds = seconds.min(cpu_seconds() - started);
    }
    let without = fingerprints.iter().filter(|f| f.is_none()).count();
    println!(
        "{} documents, {:.1} MB of text; {without} too short for a fingerprint",
        docs.len(),
        bytes as f64 / 1e6
    );
    println!(
        "fingerprints: {:.2} µs per document, {:.0} MB/s",
        seconds * 1e6 / docs.len() as f64,
        bytes as f64 / 1e6 / seconds
    );

    println!(
        "\n| threshold | bands × rows | flagged | per file | dated > 3 days apart | \
         insert µs/doc | heap bytes per original | brute force |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    let configurations = [
        (0.7, 25, 5),
        (0.7, 20, 6),
        (0.7, 32, 4),
        (0.8, 25, 5),
        (0.9, 25, 5),
    ];
    for (threshold, bands, rows) in configurations {
        let options = DedupOptions {
            threshold,
            bands,
            rows,
            ..DedupOptions::default()
        };
        let Run {
            pairs,
            seconds,
            bytes_per_original,
        } = run_index(&fingerprints, options);
        let mut per_file = vec![0; args.paths.len()];
        for pair in &pairs {
            per_file[docs[pair.copy].source] += 1;
        }
        // Reissues come within a day or two; the same wording weeks apart is a bulletin.
        let apart = pairs
            .iter()
            .filter(|p| match (docs[p.copy].day, docs[p.original].day) {
                (Some(a), Some(b)) => (a - b).abs() > 3,
                _ => false,
            })
            .count();
        let brute = if args.brute {
            brute_force(&fingerprints, threshold).to_string()
        } else {
            "-".into()
        };
        println!(
            "| {threshold} | {bands} × {rows} | {} | {per_file:?} | {apart} | {:.2} | {:.0} | {brute} |",
            pairs.len(),
            seconds * 1e6 / docs.len() as f64,
            bytes_per_original
        );
    }
    let files: Vec<&str> = args
        .paths
        .iter()
        .map(|p| p.rsplit('/').next().unwrap_or(p))
        .collect();
    println!("(per file: {files:?})");

    // The pairs to read, by band of similarity: found with a low threshold and many bands,
    // so that pairs below the threshold are found too.
    let low = DedupOptions {
        threshold: 0.5,
        bands: 32,
        rows: 4,
        ..DedupOptions::default()
    };
    let pairs = run_index(&fingerprints, low).pairs;
    for (from, to) in [(0.9, 1.01), (0.8, 0.9), (0.7, 0.8), (0.5, 0.7)] {
        let band: Vec<&Pair> = pairs
            .iter()
            .filter(|p| p.similarity >= from && p.similarity < to)
            .collect();
        print_sample(
            &format!("Similarity {from} to {to}"),
            &docs,
            &band,
            args.sample,
        );
    }
}
