//! `barescan`: the "bare scan" baseline that tonle's extraction pipeline is benchmarked against.
//!
//! It reads JSON-lines documents, pulls out one text field, runs a single case-insensitive,
//! leftmost-longest Aho-Corasick automaton over it and counts the matches that start and end at
//! word boundaries. Nothing else: no normalisation, no entity records, no output documents.
//!
//! The timed part (`seconds=`) covers reading the input, JSON parsing and scanning, i.e. everything
//! after the automaton is built; the build is reported separately as `build_seconds=` on stderr.

mod batches;
mod doc;

use std::fs::{self, File};
use std::ops::Add;
use std::path::{Path, PathBuf};
use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::{Context, Result};
use clap::Parser;
use rayon::prelude::*;

use crate::batches::Batches;

#[derive(Parser)]
#[command(
    name = "barescan",
    version,
    about = "Bare Aho-Corasick scan of JSON-lines text: the throughput baseline for tonle"
)]
struct Args {
    /// JSON-lines input, one object per line
    input: PathBuf,
    /// Gazetteer, `name<TAB>TYPE` per line (`#` lines skipped, extra columns ignored)
    #[arg(long, value_name = "FILE")]
    list: PathBuf,
    /// Field that holds the document text
    #[arg(long, default_value = "text", value_name = "NAME")]
    text_field: String,
    /// Worker threads [default: all available cores]
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Bytes per batch of lines handed to one worker
    #[arg(long, default_value_t = 4 << 20, value_name = "BYTES")]
    batch_bytes: usize,
}

#[derive(Clone, Copy, Default)]
struct Counts {
    docs: u64,
    matches: u64,
    bad_lines: u64,
}

impl Add for Counts {
    type Output = Counts;

    fn add(self, o: Counts) -> Counts {
        Counts {
            docs: self.docs + o.docs,
            matches: self.matches + o.matches,
            bad_lines: self.bad_lines + o.bad_lines,
        }
    }
}

fn main() -> Result<()> {
    let args = Args::parse();
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;

    let names = read_list(&args.list)?;
    let started = Instant::now();
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&names)
        .context("building the automaton")?;
    let build_seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "barescan: {} patterns, automaton kind {:?}, {:.1} MB heap",
        names.len(),
        ac.kind(),
        ac.memory_usage() as f64 / 1e6
    );
    eprintln!("build_seconds={build_seconds:.3}");

    let file =
        File::open(&args.input).with_context(|| format!("opening {}", args.input.display()))?;
    let bytes = file.metadata()?.len();
    let started = Instant::now();
    let counts = pool.install(|| {
        Batches::new(file, args.batch_bytes)
            .par_bridge()
            .map(|batch| batch.map(|b| scan_batch(&ac, &b, &args.text_field)))
            .try_reduce(Counts::default, |a, b| Ok(a + b))
    })?;
    let seconds = started.elapsed().as_secs_f64();

    if counts.bad_lines > 0 {
        eprintln!(
            "barescan: {} lines were not JSON objects and were skipped",
            counts.bad_lines
        );
    }
    println!(
        "barescan threads={threads} bytes={bytes} docs={} matches={} seconds={seconds:.6} mb_per_s={:.2}",
        counts.docs,
        counts.matches,
        bytes as f64 / 1e6 / seconds
    );
    Ok(())
}

/// The first column of each non-empty, non-`#` line.
fn read_list(path: &Path) -> Result<Vec<String>> {
    let text =
        fs::read_to_string(path).with_context(|| format!("reading list {}", path.display()))?;
    let names: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    anyhow::ensure!(!names.is_empty(), "no names in {}", path.display());
    Ok(names)
}

fn scan_batch(ac: &AhoCorasick, batch: &[u8], field: &str) -> Counts {
    let mut counts = Counts::default();
    let mut start = 0;
    while start < batch.len() {
        let end = memchr::memchr(b'\n', &batch[start..]).map_or(batch.len(), |i| start + i);
        let line = &batch[start..end];
        start = end + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match doc::text_of(line, field) {
            Ok(text) => {
                counts.docs += 1;
                if let Some(text) = text {
                    counts.matches += count_matches(ac, text.as_bytes());
                }
            }
            Err(_) => counts.bad_lines += 1,
        }
    }
    counts
}

/// Bytes that count as part of a word: ASCII letters and digits, and every non-ASCII byte.
fn is_word_byte(b: u8) -> bool {
    b >= 0x80 || b.is_ascii_alphanumeric()
}

fn count_matches(ac: &AhoCorasick, hay: &[u8]) -> u64 {
    ac.find_iter(hay)
        .filter(|m| {
            let before = m.start() == 0 || !is_word_byte(hay[m.start() - 1]);
            let after = m.end() == hay.len() || !is_word_byte(hay[m.end()]);
            before && after
        })
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_whole_words_only() {
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(["Paris", "New York", "York"])
            .unwrap();
        assert_eq!(count_matches(&ac, b"paris, NEW YORK and york."), 3);
        assert_eq!(count_matches(&ac, b"Parisian Yorkshire"), 0);
        assert_eq!(count_matches(&ac, "Paris\u{e9} \u{e9}York".as_bytes()), 0);
        let batch = b"{\"text\":\"Paris\"}\n\nnot json\n{\"text\":\"New York\\nYork\"}";
        let c = scan_batch(&ac, batch, "text");
        assert_eq!((c.docs, c.matches, c.bad_lines), (2, 3, 1));
    }
}
