//! `tonle extract`: the main job.

use std::fs::{self, File};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use crate::resume::{reopen_partial, Checkpoint, Checkpointer, Fingerprint, Progress, StatePaths};

use crate::lists::LoadFailure;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tonle::{
    Dedup, DedupOptions, Fields, Input, Problem, ProblemKind, Reader, RunOptions, Summary, Tonle,
};
use tonle_corpus::{Shard, SkippedRecords, TextFormat};
use tonle_gazetteer::Gazetteer;

const EXTRACT_ABOUT: &str = "\
Read news articles and write one JSON record per mention of a person, place or organization \
from the gazetteers, and per number, to JSON lines.";

const EXTRACT_LONG_ABOUT: &str = "\
Read news articles and write one JSON record per mention of a person, place or organization \
from the gazetteers, and per number, to JSON lines.

INPUTS
  Each INPUT is a file, a directory (read recursively, files in sorted order), or - for JSON \
lines on standard input. File types are chosen by extension:
    .txt               one article per file; its id is the path relative to the INPUT \
directory (or the file name, for a file given directly)
    .jsonl, .ndjson    one article per line, a JSON object with an \"id\" and a \"text\" field \
(rename them with --id-field and --text-field); other fields such as date, url, title and \
source are copied into every record of that article as \"meta\". A \"date\" field (or the \
one --date-field names) that starts YYYY-MM-DD is the publication date, against which \
relative times such as \"last month\" or \"in October\" are resolved. For fields inside an \
object, give a dotted path: --text-field body.text reads {\"body\": {\"text\": \"...\"}} (a \
top-level field named exactly \"body.text\" wins if there is one); the rest of the \
\"body\" object is still copied into \"meta\", without the text. With --text-format html \
the text field is an HTML page, read as .html files are
    .html, .htm        one page per file; the document text is the article's main text \
(navigation, headers, footers, sidebars, related links, share buttons, comments and cookie \
banners left out; paragraphs and headings as blocks separated by a blank line), its id the \
path as for .txt; the page's url (canonical), title, date (publication), author and \
language go into \"meta\", and its date is the publication date. The charset is the \
page's <meta charset>, else UTF-8, else windows-1252
    .warc              web archives as crawlers write them (.warc.gz: one gzip member per \
record). Each HTTP response record holding an HTML page (status 200) is one document, read \
as an .html file is, with chunked and gzip, deflate or brotli bodies decoded and the charset taken \
from the Content-Type header or the page; conversion records (WET files) are plain text. \
The id is the WARC-Target-URI (else the WARC-Record-ID); \"meta\" has url (the target URI), \
date (the WARC-Date, when it was crawled) and the page's title, author, language and \
published (its own date), which is the publication date when there is one (else the crawl \
day). Requests, metadata, warcinfo, revisits, redirects, errors, images, scripts and other \
non-HTML responses are passed over and counted in the summary. A broken record (malformed \
header, wrong Content-Length, truncated file or gzip member) is reported with the file and \
the byte offset of the record (of its gzip member in a .warc.gz written one member per \
record, else of the decompressed data), and reading goes on at the next record
  Any of them may be compressed: .txt.gz, .jsonl.gz, .jsonl.zst, .html.gz, .warc.gz, \
.warc.zst. Other files inside a directory are ignored (the summary says how many).
  A .txt scrape whose line 1 is the article's URL alone and whose next line is the title \
(see --layout) keeps its text as it is (offsets are those of the file), but the URL and \
title become meta.url and meta.title and give no records. Without a date field, the \
publication date is read from the page (HTML), the URL (/2022/08/26/) or a dateline at the start of the text \
(\"PHNOM PENH, Aug. 26, 2022 –\").

ZONES
  Page furniture that scrapes keep is marked, never removed: every record has a \"zone\": \
headline, byline, caption, body or boilerplate. Records in boilerplate (shortcodes, \"3 min \
read\", \"Related Articles\" lists, copyright and reproduction notices, advertisements, \
newsletter and share prompts, the title shown again) are left out unless --keep-boilerplate; \
names in captions and bylines are still written (photographers, reporters), and numbers there \
carry their zone so that sums can leave them out. A sentence never runs across a zone \
boundary.

RECORDS
  One JSON object per line, in input order, identical whatever --threads is. Every record has \
schema_version, doc, kind (\"entity\" or \"number\"), type, text (as written in the article), \
start and end (Unicode code-point offsets into the article text, so that in Python \
text[start:end] == record[\"text\"]), sentence (0-based) and zone. Entities add canonical, id, list \
and attrs from the gazetteer; numbers add value, category (count, money, percent, ordinal, \
date, year, age, duration, time, label, measure), and where known low/high, qualifier, vague, \
unit, currency, counted and date. The full schema is docs/records.md in the source tree.

GAZETTEERS
  The shipped lists (Cambodian provinces, towns and border crossings, the world's countries, \
Cambodian and international organizations, officials) are built into tonle. --gazetteer adds \
your own lists; see docs/gazetteers.md for the format. A large list loads faster compiled: \
`tonle gazetteer compile --gazetteer big.tsv -o big.tonlegaz`, then `--gazetteer big.tonlegaz`. \
Names are also resolved from the document: an acronym defined in the text (\"... Trafficking \
(NCCT)\") and a short form of a person named in full (\"Kheng\" after \"Sar Kheng\") link to \
that entry. Names the lists miss but the wording types (\"Governor X\", \"X said\", \"By X\", \
\"X province\", \"Ministry of X\") are written too, with \"source\": \"pattern\" and the \
evidence, and so are their later short forms and acronyms; --no-patterns leaves them out.

PROBLEMS AND EXIT STATUS
  A file that cannot be read, a line that is not valid JSON, an article without a text field, \
an HTML page without main text, a broken WARC record, a binary file (an executable renamed .txt) or a document larger than --max-document-size \
(50 MB by default: a decompression bomb or a dump with missing line breaks) is reported on \
standard error with its file and line (or byte offset), and skipped; the rest goes on. Invalid UTF-8 is \
replaced with U+FFFD and reported as a warning; a UTF-8 byte-order mark at the start of a file \
is skipped (offsets count from after it); a document id used twice is a warning. Symbolic \
links inside directories are followed (loops are reported). docs/errors.md lists what tonle \
does with each kind of bad input.
  Exit status: 0 when every input was read; 1 when something was skipped (see standard \
error); 2 when an input does not exist, nothing at all could be read, or the run could not \
start (bad option, bad gazetteer) or write (a full disk); 130 or 143 when stopped by Ctrl-C \
or SIGTERM. A run that reads no document leaves an existing -o FILE as it was.

INTERRUPTED RUNS AND --resume
  With -o FILE, records are written to .FILE.partial next to FILE, with a checkpoint \
.FILE.resume, and renamed to FILE only at the end, so FILE is never half-written. Ctrl-C or \
SIGTERM stops reading, keeps the records of the complete batches and says how to resume; a \
killed run (SIGKILL, power cut, full disk) keeps what its last checkpoint recorded. Run the \
same command again with --resume to continue: the final FILE is byte for byte what an \
uninterrupted run writes (--threads may differ; inputs and other options must not, and \
tonle says what differs; with - as input, pipe the same data again: tonle cannot check it). \
Without --resume, a new run removes the partial file of an interrupted one and starts over.

SHARDED RUNS
  --shard K/N makes this run the K-th of N jobs that share the inputs (a Slurm array, GNU \
parallel, Kubernetes jobs): the documents, in reading order, are cut into N runs of \
consecutive documents of equal count, and this job extracts the K-th. The cut depends only on \
the inputs, so the N outputs concatenated in shard order (1/N first) are byte for byte the \
output of one run over everything. Each job reads the inputs once to count the documents, \
then up to the end of its own run. Near-duplicates (--dedup) are found within a shard only; \
standard input cannot be sharded. For example, with GNU parallel:
    parallel tonle extract dumps/ --shard {}/8 -o part-{}.jsonl ::: 1 2 3 4 5 6 7 8
    cat part-{1..8}.jsonl > records.jsonl";

#[derive(Args)]
#[command(about = EXTRACT_ABOUT, long_about = EXTRACT_LONG_ABOUT)]
pub struct ExtractArgs {
    /// Files, directories, or - for JSON lines on standard input.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,

    /// Write the records to FILE instead of standard output (- is standard output).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Worker threads [default: all cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,

    /// Print no progress bar and no summary (problems are still reported).
    #[arg(short, long)]
    quiet: bool,

    /// Add a gazetteer list, or a directory of lists (repeatable); or use a compiled
    /// gazetteer (.tonlegaz, made by `tonle gazetteer compile`), which loads large lists fast.
    #[arg(long = "gazetteer", value_name = "PATH")]
    gazetteers: Vec<PathBuf>,

    /// Use only the lists given with --gazetteer, not the shipped ones.
    #[arg(long)]
    no_default_gazetteers: bool,

    /// Do not report names the gazetteers miss but the wording types ("X province", "Governor
    /// X", "X said", "By X", "Ministry of X", "Long Name (ACRONYM)"); by default they are
    /// written as entity records with "source": "pattern", with their short forms and
    /// acronyms later in the document.
    #[arg(long)]
    no_patterns: bool,

    /// Do not write quote records (kind "quote": quoted passages and reported speech, with
    /// the speaker and the reporting verb), nor the speaker of the numbers inside quotes.
    #[arg(long)]
    no_quotes: bool,

    /// Accepted for compatibility and does nothing: pattern names are on by default now
    /// (--no-patterns turns them off).
    #[arg(long, conflicts_with = "no_patterns")]
    patterns: bool,

    /// The JSON field that holds the article id; a dotted path such as meta.uid reads a
    /// field inside an object.
    #[arg(long, value_name = "PATH", default_value = "id")]
    id_field: String,

    /// The JSON field that holds the article text; a dotted path such as body.text reads a
    /// field inside an object.
    #[arg(long, value_name = "PATH", default_value = "text")]
    text_field: String,

    /// The JSON field that holds the publication date, a string starting YYYY-MM-DD, against
    /// which "last month" or "in October" are resolved; a dotted path such as published.at
    /// reads a field inside an object.
    #[arg(long, value_name = "PATH", default_value = "date")]
    date_field: String,

    /// What the text field of JSON lines holds: plain text, or html (a saved page, whose
    /// main text is read and whose title, date, author, url and language fill the meta
    /// fields the line lacks).
    #[arg(long, value_name = "FORMAT", default_value = "plain", value_parser = parse_text_format)]
    text_format: TextFormat,

    /// Continue a run with -o FILE that was interrupted (Ctrl-C, kill, a full disk): give the
    /// same arguments and --resume. The records of the complete batches are kept and the run
    /// goes on after them; the final FILE is the same as an uninterrupted run's.
    #[arg(long)]
    resume: bool,

    /// Skip, with a message, any document (a text file, or one JSON line, after
    /// decompression) larger than SIZE: 50MB, 200M, 1G or a number of bytes.
    #[arg(long, value_name = "SIZE", default_value = "50MB", value_parser = parse_size)]
    max_document_size: u64,

    /// Input bytes per batch (for tests of --resume: small batches make many).
    #[arg(long, value_name = "BYTES", hide = true)]
    batch_bytes: Option<usize>,

    /// How .txt files are laid out: "scrape" when line 1 is the article's URL and the next
    /// non-empty line its title (both become metadata, meta.url and meta.title, and give no
    /// records), "plain" when line 1 is text, "auto" to take line 1 as a URL when it is an
    /// http(s) URL alone on its line.
    #[arg(long, value_name = "LAYOUT", default_value = "auto", value_parser = ["auto", "plain", "scrape"])]
    layout: String,

    /// Also write the records found in page furniture (zone "boilerplate": shortcodes, "3 min
    /// read", related-article lists, copyright notices, share buttons), which are left out by
    /// default.
    #[arg(long)]
    keep_boilerplate: bool,

    /// Write a record of kind "document" before each document's mentions: its id, url, title,
    /// date and where the date comes from (date_from), language, length, zones, and in "text"
    /// the document text that the offsets index. A document that is a near-duplicate of an
    /// earlier one (a syndicated copy or a repost) says so in "duplicate_of".
    #[arg(long)]
    documents: bool,

    /// Leave out near-duplicates: a document whose text is at least --dedup-threshold
    /// similar to an earlier document's (the same wire story on several sites, a repost with
    /// another headline or footer) gives no records; the first in input order is kept.
    #[arg(long)]
    dedup: bool,

    /// How similar two texts must be to count as copies (estimated Jaccard similarity of
    /// their five-word shingles, 0 to 1).
    #[arg(long, value_name = "SIMILARITY", default_value_t = 0.7, value_parser = parse_threshold)]
    dedup_threshold: f64,

    /// How many earlier documents copies are looked for among (the latest N originals,
    /// about 1 KB of memory each).
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..))]
    dedup_window: u64,

    /// Extract only shard K of N (from 1): the K-th of N equal runs of consecutive documents
    /// of the inputs, for array jobs; the outputs of 1/N to N/N, concatenated in that order,
    /// equal one run's output (see SHARDED RUNS below).
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
}

fn parse_threshold(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(t) if t > 0.0 && t <= 1.0 => Ok(t),
        _ => Err(format!(
            "{s:?} is not a similarity above 0 and at most 1, such as 0.7"
        )),
    }
}

/// Near-duplicate detection, when document records or --dedup ask for it.
fn dedup_of(args: &ExtractArgs) -> Option<Dedup> {
    (args.dedup || args.documents).then(|| Dedup {
        options: DedupOptions {
            threshold: args.dedup_threshold,
            max_documents: Some(usize::try_from(args.dedup_window).unwrap_or(usize::MAX)),
            ..DedupOptions::default()
        },
        skip_copies: args.dedup,
    })
}

fn parse_text_format(s: &str) -> Result<TextFormat, String> {
    match s {
        "plain" => Ok(TextFormat::Plain),
        "html" => Ok(TextFormat::Html),
        _ => Err("expected plain or html".into()),
    }
}

/// A size such as `50MB`, `200M`, `1G`, `64KiB` or `1000000`: decimal units (kB, MB, GB)
/// and binary ones (KiB, MiB, GiB).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size such as 50MB, 200M or 1000000"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        other => {
            return Err(format!(
                "unknown unit {other:?}; use kB, MB, GB, KiB, MiB or GiB"
            ))
        }
    };
    match n.checked_mul(factor) {
        Some(0) | None => Err(format!("{s:?} is not a size between 1 byte and 16 EB")),
        Some(size) => Ok(size),
    }
}

/// The shipped lists and the --gazetteer lists, compiled; or the compiled gazetteer
/// (`tonle gazetteer compile`) given as the only --gazetteer, loaded as it is.
fn build_gazetteer(args: &ExtractArgs) -> Result<Gazetteer, LoadFailure> {
    crate::lists::load(!args.no_default_gazetteers, &args.gazetteers)
}

/// Where records go: standard output, the partial file of `-o FILE` (renamed to FILE at
/// the end), or a special file such as /dev/null written directly.
enum Sink {
    Stdout(BufWriter<io::Stdout>),
    Partial(BufWriter<File>),
    Direct(BufWriter<File>),
}

impl Sink {
    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => w,
            Sink::Partial(w) => w,
            Sink::Direct(w) => w,
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer().write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}

/// The output of a run: where records go and, for `-o FILE`, its checkpoints.
struct Output {
    sink: Sink,
    checkpoints: Option<Checkpointer>,
}

/// What a run reads and how, as far as it changes the records: a run can resume only a run
/// with the same. The thread count is not in it (it changes no byte of the output).
fn fingerprint(args: &ExtractArgs, reader: &Reader) -> Fingerprint {
    let mut fp = Fingerprint::default();
    fp.add("tonle version", env!("CARGO_PKG_VERSION"));
    for (i, input) in args.inputs.iter().enumerate() {
        fp.add(format!("INPUT {}", i + 1), input.as_str());
    }
    fp.add("option --id-field", args.id_field.as_str());
    fp.add("option --text-field", args.text_field.as_str());
    fp.add("option --date-field", args.date_field.as_str());
    fp.add("option --text-format", format!("{:?}", args.text_format));
    fp.add("option --layout", args.layout.as_str());
    fp.add(
        "option --keep-boilerplate",
        args.keep_boilerplate.to_string(),
    );
    fp.add("option --documents", args.documents.to_string());
    fp.add("option --dedup", args.dedup.to_string());
    fp.add("option --dedup-threshold", args.dedup_threshold.to_string());
    fp.add("option --dedup-window", args.dedup_window.to_string());
    if let Some(shard) = args.shard {
        fp.add("option --shard", shard.to_string());
    }
    fp.add("option --patterns", (!args.no_patterns).to_string());
    fp.add("option --quotes", (!args.no_quotes).to_string());
    fp.add(
        "option --no-default-gazetteers",
        args.no_default_gazetteers.to_string(),
    );
    fp.add(
        "option --max-document-size",
        args.max_document_size.to_string(),
    );
    fp.add("batch size", batch_bytes(args).to_string());
    for list in &args.gazetteers {
        fp.add_file("gazetteer", list);
        if list.is_dir() {
            for entry in walkdir::WalkDir::new(list)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                fp.add_file("gazetteer", entry.path());
            }
        }
    }
    // Every input file, up to a number that keeps the checkpoint small; the rest hashed.
    let mut rest = (0u64, std::collections::hash_map::DefaultHasher::new());
    for (i, file) in reader.files().enumerate() {
        if i < 10_000 {
            fp.add_file("input", file);
        } else {
            let mut one = Fingerprint::default();
            one.add_file("input", file);
            std::hash::Hash::hash(&one, &mut rest.1);
            rest.0 += 1;
        }
    }
    if rest.0 > 0 {
        let hash = std::hash::Hasher::finish(&rest.1);
        fp.add(
            "input files after the first 10000",
            format!("{} files, hash {hash:016x}", rest.0),
        );
    }
    fp
}

fn batch_bytes(args: &ExtractArgs) -> usize {
    args.batch_bytes
        .unwrap_or(RunOptions::default().batch_bytes)
        .max(1)
}

/// Opens where the records go; for `-o FILE`, the partial file, fresh or, with `--resume`,
/// continued after its checkpoint. `Err` is the message that stops the run.
fn open_output(args: &ExtractArgs, reader: &Reader) -> Result<Output, String> {
    let Some(path) = crate::output_file(args.output.as_deref()) else {
        if args.resume {
            return Err(
                "--resume continues a run that wrote to -o FILE; give the same -o FILE \
                        as the interrupted run"
                    .into(),
            );
        }
        let sink = Sink::Stdout(BufWriter::with_capacity(1 << 20, io::stdout()));
        return Ok(Output {
            sink,
            checkpoints: None,
        });
    };
    let cannot = |e: io::Error| format!("cannot write to {}: {e}", path.display());
    if path.is_dir() {
        return Err(format!(
            "cannot write to {}: it is a directory; -o needs a file name, such as {}",
            path.display(),
            path.join("records.jsonl").display()
        ));
    }
    if path.exists() && !path.is_file() {
        if args.resume {
            return Err(format!(
                "--resume needs -o to name a regular file, and {} is not one",
                path.display()
            ));
        }
        let file = File::create(path).map_err(cannot)?;
        let sink = Sink::Direct(BufWriter::with_capacity(1 << 20, file));
        return Ok(Output {
            sink,
            checkpoints: None,
        });
    }
    let paths = StatePaths::new(path);
    fs::create_dir_all(paths.partial.parent().unwrap_or(Path::new("."))).map_err(cannot)?;
    let fp = fingerprint(args, reader);
    if args.resume && paths.checkpoint.exists() {
        return resume_output(paths, fp, args.quiet);
    }
    if paths.stale() {
        paths.remove().map_err(cannot)?;
        if args.resume {
            eprintln!(
                "tonle: no checkpoint to resume from was found for {}; starting from the \
                 beginning",
                path.display()
            );
        } else {
            eprintln!(
                "tonle: removed the partial output of an interrupted run ({}); to continue \
                 such a run instead of starting over, give --resume",
                paths.partial.display()
            );
        }
    } else if args.resume {
        eprintln!(
            "tonle: no interrupted run to resume for {}; starting from the beginning",
            path.display()
        );
    }
    let file = File::create(&paths.partial).map_err(cannot)?;
    let checkpoints = Checkpointer::new(paths, fp, Progress::default());
    // A run killed before its first batch can be resumed too (from the start).
    checkpoints.write(&Progress::default()).map_err(cannot)?;
    let sink = Sink::Partial(BufWriter::with_capacity(1 << 20, file));
    Ok(Output {
        sink,
        checkpoints: Some(checkpoints),
    })
}

/// Continues the partial file of an interrupted run, if it was made by the same run.
fn resume_output(paths: StatePaths, fp: Fingerprint, quiet: bool) -> Result<Output, String> {
    let checkpoint = Checkpoint::read(&paths.checkpoint).map_err(|why| {
        format!(
            "cannot resume from {}: {why}; run without --resume to start over",
            paths.checkpoint.display()
        )
    })?;
    if let Some(difference) = fp.difference(&checkpoint.fingerprint) {
        return Err(format!(
            "cannot resume: this run differs from the interrupted one ({difference}); give the \
             same inputs and options, or run without --resume to start over"
        ));
    }
    let file = reopen_partial(&paths, &checkpoint)
        .map_err(|why| format!("cannot resume: {why}; run without --resume to start over"))?;
    let p = &checkpoint.progress;
    if !quiet {
        eprintln!(
            "tonle: resuming after {} batches already written ({} documents, {} records); \
             they are not read again",
            p.batches, p.documents, p.records
        );
    }
    let checkpoints = Checkpointer::new(paths, fp, checkpoint.progress);
    let sink = Sink::Partial(BufWriter::with_capacity(1 << 20, file));
    Ok(Output {
        sink,
        checkpoints: Some(checkpoints),
    })
}

fn human_bytes(n: u64) -> String {
    let n = n as f64;
    if n >= 1e9 {
        format!("{:.2} GB", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.1} MB", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.1} kB", n / 1e3)
    } else {
        format!("{n} B")
    }
}

fn summary_line(s: &Summary) -> String {
    let mut line = format!(
        "tonle: {} documents, {}, {} records, {} skipped, {:.2} s, {:.1} MB/s",
        s.documents,
        human_bytes(s.bytes),
        s.records,
        s.skipped,
        s.seconds,
        s.megabytes_per_second()
    );
    if s.warnings > 0 {
        line.push_str(&format!(", {} warnings", s.warnings));
    }
    if s.near_duplicates > 0 {
        line.push_str(&format!(", {} near-duplicates", s.near_duplicates));
    }
    line
}

/// SIGINT and SIGTERM set the returned flag, which stops the run cleanly; the number of the
/// last one is in the second. A second signal while stopping ends the process at once (the
/// resume state stays consistent: it is only ever cut back, never trusted past a
/// checkpoint).
fn handle_signals() -> (Arc<AtomicBool>, Arc<AtomicUsize>) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let stop = Arc::new(AtomicBool::new(false));
    let which = Arc::new(AtomicUsize::new(0));
    for signal in [SIGINT, SIGTERM] {
        // Registered first, so it sees the flag before this signal sets it.
        let _ = signal_hook::flag::register_conditional_shutdown(
            signal,
            128 + signal,
            Arc::clone(&stop),
        );
        let _ = signal_hook::flag::register_usize(signal, Arc::clone(&which), signal as usize);
        let _ = signal_hook::flag::register(signal, Arc::clone(&stop));
    }
    (stop, which)
}

/// Test-only hook (`TONLE_TEST_PAUSE_AFTER_BATCH=K`): after batch K is written and
/// checkpointed, say so on standard error and wait until a signal stops the run (at most a
/// minute), so that tests can interrupt a run at a known point. Not for users.
fn test_pause_batch() -> Option<u64> {
    std::env::var("TONLE_TEST_PAUSE_AFTER_BATCH")
        .ok()
        .and_then(|v| v.parse().ok())
}

fn test_pause(batch: u64, stop: &AtomicBool) {
    eprintln!("tonle: test hook: paused after batch {batch}");
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !stop.load(Ordering::Relaxed) && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

pub fn run(args: ExtractArgs) -> ExitCode {
    let (stop, signal) = handle_signals();
    let gazetteer = match build_gazetteer(&args) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("tonle: cannot load the gazetteers: {}", e.message);
            if e.about_lists {
                eprintln!("tonle: the list format is described in docs/gazetteers.md");
            }
            return ExitCode::from(2);
        }
    };
    let tonle = Tonle::with_gazetteer(gazetteer)
        .patterns(!args.no_patterns)
        .keep_boilerplate(args.keep_boilerplate)
        .documents(args.documents)
        .quotes(!args.no_quotes);
    let inputs: Vec<Input> = args.inputs.iter().map(|a| Input::parse(a)).collect();
    let reader = match sharded_reader(&args, inputs) {
        Ok(reader) => reader,
        Err(message) => {
            eprintln!("tonle: {message}");
            return ExitCode::from(2);
        }
    };
    let progress_counter = reader.progress();
    let skipped_records = reader.skipped_records();
    let bar = progress_bar(&reader, args.quiet);
    let Output {
        sink,
        mut checkpoints,
    } = match open_output(&args, &reader) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("tonle: {message}");
            return ExitCode::from(2);
        }
    };
    let options = RunOptions {
        threads: args
            .threads
            .map_or_else(|| RunOptions::default().threads, usize::from),
        fields: Fields {
            id: args.id_field.clone(),
            text: args.text_field.clone(),
            date: args.date_field.clone(),
            text_format: args.text_format,
            // Only the values clap accepts reach here.
            layout: args.layout.parse().unwrap_or_default(),
        },
        batch_bytes: batch_bytes(&args),
        skip_batches: checkpoints.as_ref().map_or(0, |c| c.base.batches),
        stop: Some(Arc::clone(&stop)),
        dedup: dedup_of(&args),
    };
    let mut not_found = false;
    let pause_after = test_pause_batch();
    let result = tonle.run_checkpointed(
        reader,
        sink,
        &options,
        |p| {
            not_found |= p.kind == ProblemKind::NotFound;
            bar.suspend(|| eprintln!("tonle: {}", with_hint(p)));
        },
        |s, sink| {
            bar.set_position(progress_counter.load(Ordering::Relaxed));
            bar.set_message(format!("{} docs, {} records", s.documents, s.records));
            let pause = pause_after == Some(s.batches);
            if let (Some(c), Sink::Partial(w)) = (checkpoints.as_mut(), sink) {
                c.after_batch(s, w, pause)?;
            }
            if pause {
                test_pause(s.batches, &stop);
            }
            Ok(())
        },
    );
    bar.finish_and_clear();
    let ended = Ended {
        args: &args,
        not_found,
        signal: signal.load(Ordering::Relaxed),
        skipped_records,
    };
    match result {
        Ok((summary, sink)) => ended.finish(summary, sink, checkpoints),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tonle: cannot write the records: {e}");
            if let Some(c) = &checkpoints {
                ended.how_to_resume(c);
            }
            ExitCode::from(2)
        }
    }
}

/// The reader of the inputs, or of this job's shard of them.
fn sharded_reader(args: &ExtractArgs, inputs: Vec<Input>) -> Result<Reader, String> {
    let Some(shard) = args.shard else {
        return Ok(Reader::new(inputs).max_document_bytes(args.max_document_size));
    };
    if inputs.contains(&Input::Stdin) {
        return Err(
            "--shard cannot cut standard input (-), which can be read only once: \
                    give the files or directories instead"
                .into(),
        );
    }
    // Every job must see the same inputs, or the shards would not tile them.
    for input in &inputs {
        if let Input::Path(path) = input {
            if std::fs::metadata(path).is_err() {
                return Err(format!(
                    "{}: no such file or directory; every shard of a sharded run needs all \
                     the inputs",
                    path.display()
                ));
            }
        }
    }
    let total = Reader::count_units(inputs.clone(), args.max_document_size);
    let units = shard.units(total);
    if !args.quiet {
        if units.is_empty() {
            eprintln!("tonle: shard {shard}: no documents (the inputs hold {total})");
        } else {
            eprintln!(
                "tonle: shard {shard}: documents {} to {} of {total}",
                units.start + 1,
                units.end
            );
        }
    }
    Ok(Reader::new(inputs)
        .max_document_bytes(args.max_document_size)
        .units(units))
}

/// The end of a run: the output put in place (or kept for resuming), the summary, the exit
/// status.
struct Ended<'a> {
    args: &'a ExtractArgs,
    not_found: bool,
    /// The signal that stopped the run, or 0.
    signal: usize,
    /// The WARC records passed over, by kind.
    skipped_records: Arc<SkippedRecords>,
}

impl Ended<'_> {
    fn finish(&self, summary: Summary, sink: Sink, checkpoints: Option<Checkpointer>) -> ExitCode {
        let progress = match &checkpoints {
            Some(c) => c.progress(&summary, 0),
            None => Progress {
                documents: summary.documents,
                input_bytes: summary.bytes,
                skipped: summary.skipped,
                ..Progress::default()
            },
        };
        if summary.interrupted {
            return self.interrupted(&summary, sink, checkpoints);
        }
        if let Err(e) = self.put_in_place(sink, checkpoints, progress.documents) {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("tonle: cannot finish writing the records: {e}");
                return ExitCode::from(2);
            }
        }
        self.print_summary(&summary);
        // Every input missing, unreadable or not text: no byte of input was read.
        let nothing_read = progress.input_bytes == 0 && progress.skipped > 0;
        if self.not_found || nothing_read {
            if nothing_read {
                eprintln!("tonle: nothing could be read");
            }
            ExitCode::from(2)
        } else if progress.skipped > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }

    /// The records go to FILE, unless the run read no document and FILE exists (a mistyped
    /// input must not empty a file of records).
    fn put_in_place(
        &self,
        sink: Sink,
        checkpoints: Option<Checkpointer>,
        documents: u64,
    ) -> io::Result<()> {
        match (sink, checkpoints) {
            (Sink::Partial(w), Some(c)) => {
                let file = w.into_inner().map_err(|e| e.into_error())?;
                // A shard may rightly hold no document, and must still replace its old output.
                if documents == 0 && self.args.shard.is_none() && c.paths.output.exists() {
                    drop(file);
                    c.paths.remove()?;
                    eprintln!(
                        "tonle: no document was read, so {} was left as it was",
                        c.paths.output.display()
                    );
                    return Ok(());
                }
                c.finish(file)
            }
            (mut sink, _) => sink.flush(),
        }
    }

    /// Stopped by a signal: the complete batches are checkpointed and the way on is said.
    fn interrupted(
        &self,
        summary: &Summary,
        mut sink: Sink,
        mut checkpoints: Option<Checkpointer>,
    ) -> ExitCode {
        let name = match self.signal {
            2 => "SIGINT (Ctrl-C)",
            15 => "SIGTERM",
            _ => "a signal",
        };
        let saved = match (&mut sink, checkpoints.as_mut()) {
            (Sink::Partial(w), Some(c)) => c.after_batch(summary, w, true),
            (sink, _) => sink.flush(),
        };
        eprintln!("tonle: interrupted by {name}");
        if let Err(e) = saved {
            eprintln!("tonle: cannot save the records written so far: {e}");
        }
        self.print_summary(summary);
        match &checkpoints {
            Some(c) => self.how_to_resume(c),
            None => eprintln!("tonle: the records of the documents read so far were written"),
        }
        ExitCode::from(128 + self.signal.clamp(1, 64) as u8)
    }

    fn how_to_resume(&self, c: &Checkpointer) {
        let p = &c.saved;
        eprintln!(
            "tonle: {} batches ({} documents, {} records) are kept in {} (with its checkpoint \
             {}); run the same command with --resume to continue after them",
            p.batches,
            p.documents,
            p.records,
            c.paths.partial.display(),
            c.paths.checkpoint.display()
        );
    }

    fn print_summary(&self, summary: &Summary) {
        if self.args.quiet {
            return;
        }
        eprintln!("{}", summary_line(summary));
        if summary.skipped_batches > 0 {
            eprintln!(
                "tonle: resumed: the first {} batches, written by the interrupted run, were \
                 skipped (not counted above)",
                summary.skipped_batches
            );
        }
        if let Some(first) = summary.ignored_files.first() {
            eprintln!(
                "tonle: ignored {} file(s) with other extensions in input directories, such as {} \
                 (tonle reads .txt, .jsonl, .ndjson, .html, .htm and .warc, optionally .gz or \
                 .zst)",
                summary.ignored_files.len(),
                first.display()
            );
        }
        if let Some(line) = skipped_records_line(&self.skipped_records.counts()) {
            eprintln!("{line}");
        }
    }
}

/// What the WARC records that are not pages were: "tonle: passed over 14 WARC records that
/// are not pages: 5 request, 4 non-HTML response, ...".
fn skipped_records_line(counts: &[(String, u64)]) -> Option<String> {
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    let mut by_count = counts.to_vec();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let parts: Vec<String> = by_count
        .iter()
        .map(|(why, n)| format!("{n} {why}"))
        .collect();
    Some(format!(
        "tonle: passed over {total} WARC record(s) that are not pages to read: {}",
        parts.join(", ")
    ))
}

/// A problem as the user reads it: the library's message and, where an option of this
/// command is the way out, the option.
fn with_hint(p: &Problem) -> String {
    match p.kind {
        ProblemKind::MissingText => {
            format!("{p}; name the field that holds the article with --text-field")
        }
        ProblemKind::FieldPath => format!(
            "{p}; a dotted --text-field, --id-field or --date-field names a field inside an \
             object, such as body.text for {{\"body\": {{\"text\": \"...\"}}}}"
        ),
        ProblemKind::TooLarge => format!("{p}; --max-document-size raises the limit"),
        _ => p.to_string(),
    }
}

/// A progress bar over the bytes `reader` will read, on standard error; hidden with `quiet`,
/// when standard error is not a terminal, or when the size is unknown (stdin).
pub(crate) fn progress_bar(reader: &Reader, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() || reader.total_bytes() == 0 {
        return ProgressBar::hidden();
    }
    let bar =
        ProgressBar::with_draw_target(Some(reader.total_bytes()), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, eta {eta}) {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_read_with_decimal_and_binary_units() {
        assert_eq!(parse_size("50MB"), Ok(50_000_000));
        assert_eq!(parse_size("200M"), Ok(200_000_000));
        assert_eq!(parse_size("1G"), Ok(1_000_000_000));
        assert_eq!(parse_size("64KiB"), Ok(65_536));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("2 kB"), Ok(2000));
        for bad in ["", "MB", "0", "5TB", "-1", "99999999999999999999G"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}
