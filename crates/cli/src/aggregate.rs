//! `tonle aggregate` (records → tables) and `tonle report` (records → one HTML page).

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tonle_aggregate::report::ReportOptions;
use tonle_aggregate::{aggregate_files, write_tables, ReadError, Tables};

const AGGREGATE_ABOUT: &str = "Turn records into tables: each claim counted once, counts by \
event, counted noun, province and month, entities per month, and entity pairs.";

const AGGREGATE_LONG_ABOUT: &str = "\
Turn records into tables: each claim counted once, counts by event, counted noun, province and \
month, entities per month, and entity pairs.

RECORDS are files written by `tonle extract` (JSON lines, plain or .gz/.zst), or directories of \
them (*.jsonl, *.ndjson, compressed or not, and *.parquet as the Python package and the \
Spark job write them, read in sorted order). Extract with --documents so \
that each document's publication date and URL are known (else only the `meta` of JSON-lines \
inputs gives them).

TABLES (written into DIR, each as NAME.csv and NAME.parquet)
  claims        one row per distinct claim: number records of the same event, counted noun and \
place whose figures or ranges overlap and whose times overlap, across articles and within one \
(a headline repeated in the body), with the documents, URLs, publication dates and doc:start of \
every record. Close but different figures for the same thing (361 and 368) stay two claims, \
marked conflicting.
  counts        claims summed by event x counted noun x province x month: each claim once, \
parts of a larger count (\"18 women\" of \"153 people\") never added, the weaker of two \
conflicting figures left out, approximate totals flagged.
  entities      mentions and documents of each entity per month.
  cooccurrence  entity pairs named in the same sentence and in the same document.

The rules are in docs/aggregate.md in the source tree. The output is the same whatever order \
RECORDS are given in.

EXIT STATUS
  0 when every line was read; 1 when some lines were not records (each named on standard error, \
the tables still written); 2 when a file could not be read or a table not written.";

#[derive(Args)]
#[command(about = AGGREGATE_ABOUT, long_about = AGGREGATE_LONG_ABOUT)]
pub struct AggregateArgs {
    /// Record files or directories of them.
    #[arg(value_name = "RECORDS", required = true)]
    inputs: Vec<PathBuf>,

    /// The directory to write the tables into (made when missing).
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,

    /// Print no progress bar and no summary (problems are still reported).
    #[arg(short, long)]
    quiet: bool,
}

const REPORT_ABOUT: &str = "Draw records as one self-contained HTML page: claims by province \
and by month, top people, places and organizations, and the claims with their sentences.";

const REPORT_LONG_ABOUT: &str = "\
Draw records as one self-contained HTML page: claims by province and by month, top people, \
places and organizations, and the claims with the most sources, each figure linked to the \
sentences it was read from.

RECORDS are as for `tonle aggregate`. The page needs nothing else (no network, no script): it \
opens from a USB stick. Sentences are shown when the records include document records \
(`tonle extract --documents`); otherwise each figure shows its document and offsets.

EXIT STATUS
  0 when every line was read; 1 when some lines were not records; 2 when a file could not be \
read or the page not written.";

#[derive(Args)]
#[command(about = REPORT_ABOUT, long_about = REPORT_LONG_ABOUT)]
pub struct ReportArgs {
    /// Record files or directories of them.
    #[arg(value_name = "RECORDS", required = true)]
    inputs: Vec<PathBuf>,

    /// The HTML file to write.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,

    /// The page's title.
    #[arg(long, default_value = "tonle report")]
    title: String,

    /// List at most N claims (those with the most sources first).
    #[arg(long, value_name = "N", default_value_t = 500)]
    max_claims: usize,

    /// Print no progress bar and no summary (problems are still reported).
    #[arg(short, long)]
    quiet: bool,
}

/// Record files: the files given, and the record files inside directories; sorted and
/// without repeats, so that the order given does not matter.
fn record_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for entry in walkdir::WalkDir::new(input).follow_links(true) {
                let entry = entry.map_err(|e| format!("cannot read {}: {e}", input.display()))?;
                let name = entry.file_name().to_string_lossy();
                let records = name.ends_with(".parquet")
                    || [".jsonl", ".ndjson"].iter().any(|ext| {
                        [""].iter()
                            .chain(&[".gz", ".zst"])
                            .any(|z| name.ends_with(&format!("{ext}{z}")))
                    });
                if entry.file_type().is_file() && records {
                    files.push(entry.into_path());
                }
            }
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            return Err(format!(
                "cannot read {}: no such file or directory",
                input.display()
            ));
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// Reads the records of `inputs`, with a progress bar over their bytes; lines that are not
/// records are reported. `Err` holds the exit code.
fn read_all(inputs: &[PathBuf], snippets: bool, quiet: bool) -> Result<(Tables, bool), ExitCode> {
    let files = record_files(inputs).map_err(|message| {
        eprintln!("tonle: {message}");
        ExitCode::from(2)
    })?;
    let total: u64 = files
        .iter()
        .filter_map(|f| f.metadata().ok())
        .map(|m| m.len())
        .sum();
    let read = Arc::new(AtomicU64::new(0));
    let bar = progress_bar(total, quiet);
    let done = Arc::new(AtomicBool::new(false));
    let ticker = {
        let (bar, read, done) = (bar.clone(), read.clone(), done.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                bar.set_position(read.load(Ordering::Relaxed));
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let mut skipped = 0u64;
    let result = aggregate_files(&files, snippets, read, |e: ReadError| {
        skipped += 1;
        if skipped <= 20 {
            bar.suspend(|| eprintln!("tonle: skipped {e}"));
        }
    });
    done.store(true, Ordering::Relaxed);
    let _ = ticker.join();
    bar.finish_and_clear();
    if skipped > 20 {
        eprintln!("tonle: skipped {skipped} lines that are not records in all");
    }
    match result {
        Ok(tables) => Ok((tables, skipped > 0)),
        Err(e) => {
            eprintln!("tonle: cannot read {e}");
            Err(ExitCode::from(2))
        }
    }
}

fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() || total == 0 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta}) reading records",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn status(skipped: bool) -> ExitCode {
    ExitCode::from(u8::from(skipped))
}

pub fn run_aggregate(args: AggregateArgs) -> ExitCode {
    let (tables, skipped) = match read_all(&args.inputs, false, args.quiet) {
        Ok(t) => t,
        Err(code) => return code,
    };
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        eprintln!(
            "tonle: cannot make the directory {}: {e}",
            args.output.display()
        );
        return ExitCode::from(2);
    }
    if let Err(e) = write_tables(&tables, &args.output) {
        eprintln!("tonle: {e}");
        return ExitCode::from(2);
    }
    if !args.quiet {
        let conflicting = tables
            .claims
            .iter()
            .filter(|c| !c.conflicting_with.is_empty())
            .count();
        eprintln!(
            "tonle: {} records of {} documents: {} claims ({conflicting} conflicting), {} count rows, \
             {} entity-months, {} entity pairs; tables in {}",
            tables.records,
            tables.documents,
            tables.claims.len(),
            tables.counts.len(),
            tables.entities.len(),
            tables.cooccurrence.len(),
            args.output.display()
        );
    }
    status(skipped)
}

pub fn run_report(args: ReportArgs) -> ExitCode {
    let (tables, skipped) = match read_all(&args.inputs, true, args.quiet) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let options = ReportOptions {
        title: args.title.clone(),
        max_claims: args.max_claims,
    };
    let page = match tonle_aggregate::report::html(&tables, &options) {
        Ok(page) => page,
        Err(e) => {
            eprintln!("tonle: cannot draw the report's charts: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = write_atomically(&args.output, page.as_bytes()) {
        eprintln!("tonle: cannot write {}: {e}", args.output.display());
        return ExitCode::from(2);
    }
    if !args.quiet {
        eprintln!(
            "tonle: {} claims of {} documents drawn in {}",
            tables.claims.len(),
            tables.documents,
            args.output.display()
        );
    }
    status(skipped)
}

/// Writes `bytes` beside `path` and renames it into place, so that a reader never sees half
/// a page.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let partial = path.with_file_name(format!(".{name}.partial"));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)
}
