//! `tonle extract`: the main job.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;

use crate::lists::LoadFailure;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tonle::{Fields, Input, Problem, ProblemKind, Reader, RunOptions, Summary, Tonle};
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
\"body\" object is still copied into \"meta\", without the text
  Any of them may be compressed: .txt.gz, .jsonl.gz, .jsonl.zst. Other files inside a \
directory are ignored (the summary says how many).
  A .txt scrape whose line 1 is the article's URL alone and whose next line is the title \
(see --layout) keeps its text as it is (offsets are those of the file), but the URL and \
title become meta.url and meta.title and give no records. Without a date field, the \
publication date is read from the URL (/2022/08/26/) or a dateline at the start of the text \
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
that entry; --patterns adds records for names the lists miss but the wording types.

PROBLEMS AND EXIT STATUS
  A file that cannot be read, a line that is not valid JSON, or an article without a text field \
is reported on standard error with its file and line, and skipped; the rest of the batch goes \
on. Invalid UTF-8 is replaced with U+FFFD and reported as a warning. With -o, records go to a \
temporary file that is renamed to FILE only at the end, so an interrupted run never leaves a \
half-written FILE.
  Exit status: 0 when every input was read; 1 when some input was skipped (see standard \
error); 2 when the run could not start (bad option, bad gazetteer) or the output could not be \
written.";

#[derive(Args)]
#[command(about = EXTRACT_ABOUT, long_about = EXTRACT_LONG_ABOUT)]
pub struct ExtractArgs {
    /// Files, directories, or - for JSON lines on standard input.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,

    /// Write the records to FILE instead of standard output.
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

    /// Also report names the gazetteers miss but the wording types ("X province", "Governor
    /// X", "Ministry of X", "Long Name (ACRONYM)"), as entity records with "source": "pattern".
    #[arg(long)]
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
    /// the document text that the offsets index.
    #[arg(long)]
    documents: bool,
}

/// The shipped lists and the --gazetteer lists, compiled; or the compiled gazetteer
/// (`tonle gazetteer compile`) given as the only --gazetteer, loaded as it is.
fn build_gazetteer(args: &ExtractArgs) -> Result<Gazetteer, LoadFailure> {
    crate::lists::load(!args.no_default_gazetteers, &args.gazetteers)
}

/// Where records go: standard output, a temporary file renamed into place at the end, or a
/// special file such as /dev/null written directly.
enum Sink {
    Stdout(BufWriter<io::Stdout>),
    Temp(BufWriter<tempfile::NamedTempFile>, PathBuf),
    Direct(BufWriter<File>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::Temp(w, _) => w.write(buf),
            Sink::Direct(w) => w.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.write_all(buf),
            Sink::Temp(w, _) => w.write_all(buf),
            Sink::Direct(w) => w.write_all(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::Temp(w, _) => w.flush(),
            Sink::Direct(w) => w.flush(),
        }
    }
}

fn open_sink(output: Option<&Path>) -> io::Result<Sink> {
    let Some(path) = output else {
        return Ok(Sink::Stdout(BufWriter::with_capacity(
            1 << 20,
            io::stdout(),
        )));
    };
    if path.exists() && !path.is_file() {
        return Ok(Sink::Direct(BufWriter::with_capacity(
            1 << 20,
            File::create(path)?,
        )));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "records".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".partial");
    // A temporary file is private by default; the records file should get the usual mode
    // (0666 less the umask), as if it had been created directly.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(&dir)?;
    Ok(Sink::Temp(
        BufWriter::with_capacity(1 << 20, temp),
        path.to_path_buf(),
    ))
}

fn finish_sink(sink: Sink) -> io::Result<()> {
    match sink {
        Sink::Stdout(mut w) => w.flush(),
        Sink::Direct(mut w) => w.flush(),
        Sink::Temp(w, path) => {
            let temp = w.into_inner().map_err(|e| e.into_error())?;
            temp.as_file().sync_all()?;
            temp.persist(&path).map_err(|e| e.error)?;
            Ok(())
        }
    }
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
    line
}

pub fn run(args: ExtractArgs) -> ExitCode {
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
        .patterns(args.patterns)
        .keep_boilerplate(args.keep_boilerplate)
        .documents(args.documents);
    let inputs: Vec<Input> = args.inputs.iter().map(|a| Input::parse(a)).collect();
    let reader = Reader::new(inputs);
    let progress_counter = reader.progress();
    let bar = progress_bar(&reader, args.quiet);
    let sink = match open_sink(args.output.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            let path = args
                .output
                .as_deref()
                .map_or("standard output".into(), |p| p.display().to_string());
            eprintln!("tonle: cannot write to {path}: {e}");
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
            // Only the values clap accepts reach here.
            layout: args.layout.parse().unwrap_or_default(),
        },
        ..RunOptions::default()
    };
    let result = tonle.run(
        reader,
        sink,
        &options,
        |p| bar.suspend(|| eprintln!("tonle: {}", with_hint(p))),
        |s| {
            bar.set_position(progress_counter.load(Ordering::Relaxed));
            bar.set_message(format!("{} docs, {} records", s.documents, s.records));
        },
    );
    bar.finish_and_clear();
    let (summary, sink) = match result {
        Ok(r) => r,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tonle: cannot write the records: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = finish_sink(sink) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("tonle: cannot finish writing the records: {e}");
            return ExitCode::from(2);
        }
    }
    if !args.quiet {
        eprintln!("{}", summary_line(&summary));
        if let Some(first) = summary.ignored_files.first() {
            eprintln!(
                "tonle: ignored {} file(s) with other extensions in input directories, such as {} \
                 (tonle reads .txt, .jsonl and .ndjson, optionally .gz or .zst)",
                summary.ignored_files.len(),
                first.display()
            );
        }
    }
    if summary.skipped > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
