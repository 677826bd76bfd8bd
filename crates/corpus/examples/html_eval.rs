//! Scores tonle's HTML main-text extraction on a labelled set of real pages, and times it.
//!
//! ```sh
//! cargo run --release -p tonle-corpus --example html_eval -- PAGES_DIR LABELS.json
//! ```
//!
//! `LABELS.json` says, for each page, strings that must appear in the main text (`with`) and
//! strings that must not (`without`: navigation, footers, related links, comments, ...). Two
//! layouts are read: an array of `{"file", "with", "without"}` objects (trafilatura-rs's
//! `comparison-data/entries.json`) or an object mapping URLs to such objects (Python
//! trafilatura's `tests/evaldata.json`). Each `file` is looked for in `PAGES_DIR` and in its
//! subdirectories. A `with` string found is a true positive, missed a false negative; a
//! `without` string found is a false positive, absent a true negative (the scoring of the
//! trafilatura benchmarks). Speed counts only the extraction (decoding, parsing, main text,
//! metadata), on one thread, over the bytes of HTML read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Deserialize;

#[derive(Deserialize)]
struct Labels {
    file: String,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

#[derive(Default)]
struct Score {
    tp: u64,
    fn_: u64,
    fp: u64,
    tn: u64,
}

impl Score {
    fn add(&mut self, text: &str, labels: &Labels) {
        for s in &labels.with {
            if text.contains(s.as_str()) {
                self.tp += 1;
            } else {
                self.fn_ += 1;
            }
        }
        for s in &labels.without {
            if text.contains(s.as_str()) {
                self.fp += 1;
            } else {
                self.tn += 1;
            }
        }
    }

    fn line(&self, what: &str) -> String {
        let (tp, fn_, fp, tn) = (
            self.tp as f64,
            self.fn_ as f64,
            self.fp as f64,
            self.tn as f64,
        );
        let precision = tp / (tp + fp);
        let recall = tp / (tp + fn_);
        let f1 = 2.0 * tp / (2.0 * tp + fp + fn_);
        let accuracy = (tp + tn) / (tp + tn + fp + fn_);
        format!(
            "{what}: precision {precision:.3}, recall {recall:.3}, F1 {f1:.3}, accuracy \
             {accuracy:.3} (tp {}, fn {}, fp {}, tn {})",
            self.tp, self.fn_, self.fp, self.tn
        )
    }
}

fn read_labels(path: &Path) -> Vec<Labels> {
    let json = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str::<Vec<Labels>>(&json)
        .or_else(|_| {
            serde_json::from_str::<std::collections::BTreeMap<String, Labels>>(&json)
                .map(|m| m.into_values().collect())
        })
        .unwrap_or_else(|e| panic!("{} is not a list of labelled pages: {e}", path.display()))
}

/// Every file below `dir`, by file name (the first found wins).
fn index_files(dir: &Path) -> HashMap<String, PathBuf> {
    let mut files = HashMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_file() {
            let name = entry.file_name().to_string_lossy().into_owned();
            files
                .entry(name)
                .or_insert_with(|| entry.path().to_path_buf());
        }
    }
    files
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, labels] = args.as_slice() else {
        eprintln!("usage: html_eval PAGES_DIR LABELS.json");
        std::process::exit(2);
    };
    let labels = read_labels(Path::new(labels));
    let files = index_files(Path::new(dir));
    let mut score = Score::default();
    let mut flat = Score::default();
    let (mut pages, mut missing, mut empty, mut bytes) = (0u64, 0u64, 0u64, 0u64);
    let mut seconds = 0.0;
    for page in &labels {
        let Some(path) = files.get(&page.file) else {
            missing += 1;
            continue;
        };
        let html = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let started = Instant::now();
        let (decoded, _) = tonle_corpus::decode_html(&html, None);
        let text = tonle_corpus::extract_page(&decoded)
            .map(|p| p.text)
            .unwrap_or_default();
        seconds += started.elapsed().as_secs_f64();
        bytes += html.len() as u64;
        pages += 1;
        if text.is_empty() {
            empty += 1;
        }
        score.add(&text, page);
        // Blocks joined by a space, as trafilatura's own plain text is: a label that runs
        // across two paragraphs is found there.
        flat.add(&text.replace("\n\n", " "), page);
    }
    println!(
        "{pages} pages ({missing} of the labelled files not found), {empty} without main text"
    );
    println!(
        "{}",
        score.line("document text (blocks joined by a blank line)")
    );
    println!("{}", flat.line("blocks joined by a space"));
    println!(
        "{:.1} MB of HTML in {seconds:.2} s: {:.2} MB/s, {:.1} ms per page (one thread)",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / seconds,
        seconds * 1e3 / pages as f64
    );
}
