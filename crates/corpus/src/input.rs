//! Walking inputs and cutting them into units.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::parse::{
    add_page, decode, page_of, parse_json_line, Document, Fields, Problem, ProblemKind, Severity,
};
use crate::warc::{parse_record, SkippedRecords, WarcCompression, WarcFile, WarcRecord};

/// One command-line input: a file, a directory, or `-` for JSON lines on stdin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl Input {
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// What a [`Unit`] holds.
#[derive(Debug)]
pub enum UnitKind {
    /// One line of a JSON-lines file.
    JsonLine,
    /// A whole text file: one article, with its id.
    TextFile { id: String },
    /// A whole HTML file: one page, with its id.
    HtmlFile { id: String },
    /// One WARC record to read as a document (its bytes are the record's body).
    WarcRecord(Box<WarcRecord>),
    /// Something went wrong reading the input at this point.
    Problem(Problem),
}

/// A piece of input as read, before parsing.
#[derive(Debug)]
pub struct Unit {
    pub kind: UnitKind,
    /// `path:line` for JSON lines, `path` for text and HTML files, `path at byte N` for
    /// WARC records.
    pub location: String,
    pub bytes: Vec<u8>,
}

impl Unit {
    /// Decodes and parses the unit. Returns the document, if there is one, and the problems
    /// met on the way (a warning for repaired UTF-8, or the reason the unit was skipped).
    pub fn parse(self, fields: &Fields) -> (Option<Document>, Vec<Problem>) {
        let mut problems = Vec::new();
        let too_big = self.bytes.len() > u32::MAX as usize;
        match self.kind {
            UnitKind::Problem(p) => (None, vec![p]),
            _ if too_big => {
                problems.push(Problem {
                    location: self.location,
                    message: "the document is larger than 4 GiB, the most tonle can index; \
                              split it into smaller documents"
                        .into(),
                    severity: Severity::Skipped,
                    kind: ProblemKind::TooLarge,
                });
                (None, problems)
            }
            UnitKind::TextFile { id } => {
                let text = decode(self.bytes, &self.location, "file", &mut problems);
                let doc = Document::new(id, text).with_layout(fields.layout);
                (Some(doc), problems)
            }
            UnitKind::HtmlFile { id } => {
                let (html, _) = crate::html::decode_html(&self.bytes, None);
                match page_of(&html, &self.location) {
                    Ok(page) => {
                        let mut doc = Document::new(id, String::new());
                        add_page(&mut doc, page, false);
                        (Some(doc.infer_date()), problems)
                    }
                    Err(p) => (None, vec![p]),
                }
            }
            UnitKind::WarcRecord(record) => parse_record(*record, self.bytes, &self.location),
            UnitKind::JsonLine => {
                let line = decode(self.bytes, &self.location, "line", &mut problems);
                match parse_json_line(&line, &self.location, fields, &mut problems) {
                    Ok(doc) => (Some(doc), problems),
                    Err(p) => {
                        problems.push(p);
                        (None, problems)
                    }
                }
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    JsonLines,
    Html,
    Warc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

fn classify(path: &Path) -> Option<(Format, Compression)> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (stem, compression) = if let Some(s) = name.strip_suffix(".gz") {
        (s, Compression::Gzip)
    } else if let Some(s) = name
        .strip_suffix(".zst")
        .or_else(|| name.strip_suffix(".zstd"))
    {
        (s, Compression::Zstd)
    } else {
        (name.as_str(), Compression::None)
    };
    let format = match Path::new(stem).extension()?.to_str()? {
        "txt" | "text" => Format::Text,
        "jsonl" | "ndjson" => Format::JsonLines,
        "html" | "htm" => Format::Html,
        "warc" => Format::Warc,
        _ => return None,
    };
    Some((format, compression))
}

struct FileJob {
    path: PathBuf,
    /// The document id of a text or HTML file: its path relative to the input root.
    id: String,
    format: Format,
    compression: Compression,
}

enum Job {
    File(FileJob),
    Stdin,
    Problem(Problem),
}

/// Counts bytes read from a file into a shared counter (for progress bars).
struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Reads at most 64 KB at a time from its reader.
struct SmallReads<R>(R);

impl<R: Read> Read for SmallReads<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(1 << 16);
        self.0.read(&mut buf[..n])
    }
}

struct Lines {
    reader: Box<dyn BufRead + Send>,
    location: String,
    line: u64,
}

/// Reads one line (up to and without `\n`) into `buf`, keeping at most `limit` bytes of it;
/// the rest of a longer line is read and dropped, never held. Returns the bytes read (0 at
/// the end of the input) and whether the line was longer than `limit`.
fn read_line_limited(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<(usize, bool)> {
    let mut read = 0;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((read, too_long));
        }
        let (chunk, found) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let room = limit.saturating_sub(buf.len());
        if chunk.len() > room {
            too_long = true;
            buf.extend_from_slice(&chunk[..room]);
        } else {
            buf.extend_from_slice(chunk);
        }
        let used = chunk.len();
        reader.consume(used);
        read += used;
        if found {
            return Ok((read, too_long));
        }
    }
}

/// Walks the inputs in order (directories recursively, in sorted order) and yields their
/// units one at a time.
pub struct Reader {
    jobs: VecDeque<Job>,
    current: Option<Lines>,
    warc: Option<WarcFile>,
    total_bytes: u64,
    read_bytes: Arc<AtomicU64>,
    ignored: Vec<PathBuf>,
    skipped_records: Arc<SkippedRecords>,
    max_document_bytes: u64,
    /// The units to yield, by their ordinal in reading order (see [`Reader::units`]).
    keep: std::ops::Range<u64>,
    /// The ordinal of the next unit read.
    ordinal: u64,
}

/// The default per-document limit: 50 MB, ten times the longest news article anyone writes
/// (a book is 1 MB); what is larger is a decompression bomb, a mis-split dump or not text.
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 50_000_000;

/// How many bytes at the start of a file are looked at to tell text from binary.
const SNIFF_BYTES: usize = 8192;

/// Why the start of a file looks like something other than text, if it does: a NUL byte (as
/// grep decides), or more than one byte in ten a control character.
fn looks_binary(head: &[u8]) -> Option<String> {
    let head = &head[..head.len().min(SNIFF_BYTES)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Some(
            "it starts with a UTF-16 byte-order mark; tonle reads UTF-8 (convert it first, \
             for example with iconv -f UTF-16 -t UTF-8)"
                .into(),
        );
    }
    if let Some(at) = memchr::memchr(0, head) {
        return Some(format!(
            "a NUL byte at byte offset {at}: this looks like a binary file (or UTF-16 text), \
             not UTF-8 text"
        ));
    }
    let control = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)) || b == 0x7F)
        .count();
    (head.len() >= 32 && control * 10 > head.len()).then(|| {
        format!(
            "{control} of its first {} bytes are control characters: this looks like a binary \
             file, not text",
            head.len()
        )
    })
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `n` bytes for a person: `50 MB`.
fn human(n: u64) -> String {
    if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
        format!("{} MB", n / 1_000_000)
    } else {
        format!("{n} bytes")
    }
}

/// The files of the inputs, in reading order, before any is opened.
#[derive(Default)]
struct Listing {
    jobs: VecDeque<Job>,
    total_bytes: u64,
    /// Files inside directories that are not of a type tonle reads.
    ignored: Vec<PathBuf>,
}

impl Listing {
    /// Every file below `root` of a type tonle reads, in sorted path order; each one's id is
    /// its path relative to `root`.
    /// Symbolic links are followed; a link back to a directory it is in is reported and
    /// not followed. A directory with no file tonle reads is a warning.
    fn add_dir(&mut self, root: &Path) {
        let files_before = self.jobs.len();
        let ignored_before = self.ignored.len();
        for item in walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
        {
            let item = match item {
                Ok(item) => item,
                Err(e) => {
                    self.jobs.push_back(Job::Problem(walk_problem(root, &e)));
                    continue;
                }
            };
            if item.file_type().is_dir() {
                continue;
            }
            // FIFOs, sockets and devices: reading one could block forever or never end.
            if !item.file_type().is_file() {
                self.ignored.push(item.path().to_path_buf());
                continue;
            }
            let path = item.path();
            let Some((format, compression)) = classify(path) else {
                self.ignored.push(path.to_path_buf());
                continue;
            };
            self.total_bytes += item.metadata().map_or(0, |m| m.len());
            let rel = path.strip_prefix(root).unwrap_or(path);
            let id = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            self.jobs.push_back(Job::File(FileJob {
                path: path.to_path_buf(),
                id,
                format,
                compression,
            }));
        }
        let found = self
            .jobs
            .iter()
            .skip(files_before)
            .any(|j| matches!(j, Job::File(_)));
        if !found {
            let ignored = self.ignored.len() - ignored_before;
            self.jobs.push_back(Job::Problem(Problem {
                location: root.display().to_string(),
                message: format!(
                    "no file tonle reads in this directory ({ignored} other file(s)); tonle \
                     reads .txt, .jsonl and .ndjson files, optionally .gz or .zst"
                ),
                severity: Severity::Warning,
                kind: ProblemKind::NoInputFiles,
            }));
        }
    }

    /// A file given directly; its id is its file name. A type tonle does not read is a
    /// problem here (in a directory it is only counted as ignored).
    fn add_file(&mut self, path: PathBuf) {
        let Some((format, compression)) = classify(&path) else {
            self.jobs.push_back(Job::Problem(Problem {
                location: path.display().to_string(),
                message: "unknown input type: tonle reads .txt files (one article each), \
                          .jsonl or .ndjson files (one article per line), .html or .htm \
                          pages and .warc web archives, each optionally compressed as .gz \
                          or .zst, and directories of them"
                    .into(),
                severity: Severity::Skipped,
                kind: ProblemKind::UnknownInputType,
            }));
            return;
        };
        self.total_bytes += std::fs::metadata(&path).map_or(0, |m| m.len());
        let id = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.jobs.push_back(Job::File(FileJob {
            path,
            id,
            format,
            compression,
        }));
    }
}

/// A problem met walking a directory: a symbolic link loop, or an entry that cannot be read.
fn walk_problem(root: &Path, e: &walkdir::Error) -> Problem {
    let location = e.path().unwrap_or(root).display().to_string();
    let message = match e.loop_ancestor() {
        Some(ancestor) => format!(
            "a symbolic link loop: this link leads back to {}, which contains it; not followed",
            ancestor.display()
        ),
        None => format!("cannot read this directory entry: {e}"),
    };
    Problem {
        location,
        message,
        severity: Severity::Skipped,
        kind: ProblemKind::Unreadable,
    }
}

impl Reader {
    /// Lists the files of `inputs` (without reading them yet). An input that does not exist
    /// is a [`ProblemKind::NotFound`] problem, met in its turn.
    pub fn new(inputs: Vec<Input>) -> Reader {
        let mut listing = Listing::default();
        for input in inputs {
            match input {
                Input::Stdin => listing.jobs.push_back(Job::Stdin),
                Input::Path(root) if root.is_dir() => listing.add_dir(&root),
                Input::Path(path) if std::fs::metadata(&path).is_err() && !path.is_symlink() => {
                    listing.jobs.push_back(Job::Problem(Problem {
                        location: path.display().to_string(),
                        message: "no such file or directory".into(),
                        severity: Severity::Skipped,
                        kind: ProblemKind::NotFound,
                    }));
                }
                Input::Path(path) => listing.add_file(path),
            }
        }
        Reader {
            jobs: listing.jobs,
            current: None,
            warc: None,
            total_bytes: listing.total_bytes,
            read_bytes: Arc::new(AtomicU64::new(0)),
            ignored: listing.ignored,
            skipped_records: Arc::default(),
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
            keep: 0..u64::MAX,
            ordinal: 0,
        }
    }

    /// Yields only the units whose ordinal in reading order (from 0, counting every unit:
    /// JSON lines, files, WARC records and problems) is in `keep`: the units before it are
    /// read and dropped, and reading stops at its end. Used to cut the inputs into shards
    /// (see [`Shard`]).
    pub fn units(mut self, keep: std::ops::Range<u64>) -> Reader {
        self.keep = keep;
        self
    }

    /// How many units the inputs hold, read to the end (standard input cannot be counted
    /// without being consumed, so it counts as none).
    pub fn count_units(inputs: Vec<Input>, max_document_bytes: u64) -> u64 {
        let inputs = inputs.into_iter().filter(|i| *i != Input::Stdin).collect();
        Reader::new(inputs)
            .max_document_bytes(max_document_bytes)
            .map(|_| ())
            .count() as u64
    }

    /// Sets the per-document limit (a text file, or one JSON line, after decompression):
    /// a larger document is reported as [`ProblemKind::TooLarge`] and skipped, read no
    /// further than the limit (a text file) or read and dropped up to its end (a JSON
    /// line), never held in memory whole.
    pub fn max_document_bytes(mut self, limit: u64) -> Reader {
        self.max_document_bytes = limit.max(1);
        self
    }

    /// The files that will be read, in reading order (stdin not included).
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.jobs.iter().filter_map(|j| match j {
            Job::File(f) => Some(f.path.as_path()),
            _ => None,
        })
    }

    fn too_large(&self, location: String, what: &str) -> Unit {
        let problem = Problem {
            location: location.clone(),
            message: format!(
                "{what} is larger than the per-document limit of {}; skipped (a \
                 decompression bomb, a dump with missing line breaks, or not an article?)",
                human(self.max_document_bytes)
            ),
            severity: Severity::Skipped,
            kind: ProblemKind::TooLarge,
        };
        Unit {
            kind: UnitKind::Problem(problem),
            location,
            bytes: Vec::new(),
        }
    }

    /// The WARC records passed over so far because they are not pages to read (requests,
    /// metadata, images, redirects, ...), counted by reason; shared, so it can be read after
    /// the reader was handed to a run.
    pub fn skipped_records(&self) -> Arc<SkippedRecords> {
        Arc::clone(&self.skipped_records)
    }

    /// The size on disk of all input files (stdin not included).
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    /// A counter of bytes read from disk so far, for progress reports.
    pub fn progress(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.read_bytes)
    }

    /// Files inside input directories that were not read because of their extension.
    pub fn ignored(&self) -> &[PathBuf] {
        &self.ignored
    }

    fn open(&self, job: &FileJob) -> io::Result<Box<dyn Read + Send>> {
        let file = Counting {
            inner: File::open(&job.path)?,
            counter: Arc::clone(&self.read_bytes),
        };
        Ok(match job.compression {
            Compression::None => Box::new(file),
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(
                BufReader::with_capacity(1 << 16, file),
            )),
            // Asked for little at a time: a zstd decoder that meets the end of a truncated
            // file drops what it decoded into the buffer of that read.
            Compression::Zstd => Box::new(SmallReads(zstd::stream::read::Decoder::new(file)?)),
        })
    }

    fn open_warc(&self, job: &FileJob) -> io::Result<WarcFile> {
        let file = Counting {
            inner: File::open(&job.path)?,
            counter: Arc::clone(&self.read_bytes),
        };
        let compression = match job.compression {
            Compression::None => WarcCompression::None,
            Compression::Gzip => WarcCompression::Gzip,
            Compression::Zstd => WarcCompression::Zstd,
        };
        WarcFile::new(
            Box::new(file),
            compression,
            job.path.display().to_string(),
            Arc::clone(&self.skipped_records),
        )
    }

    fn next_warc_record(&mut self) -> Option<Unit> {
        let unit = self.warc.as_mut()?.next_unit();
        if unit.is_none() {
            self.warc = None;
        }
        unit
    }

    fn next_line(&mut self) -> Option<Unit> {
        let limit = usize::try_from(self.max_document_bytes).unwrap_or(usize::MAX);
        let lines = self.current.as_mut()?;
        loop {
            let mut bytes = Vec::new();
            lines.line += 1;
            match read_line_limited(&mut *lines.reader, &mut bytes, limit.saturating_add(2)) {
                Ok((0, _)) => {
                    self.current = None;
                    return None;
                }
                Ok((_, too_long)) => {
                    while bytes.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                        bytes.pop();
                    }
                    let location = format!("{}:{}", lines.location, lines.line);
                    if too_long || bytes.len() > limit {
                        return Some(self.too_large(location, "the line"));
                    }
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Unit {
                        kind: UnitKind::JsonLine,
                        location,
                        bytes,
                    });
                }
                Err(e) => {
                    let location = format!("{}:{}", lines.location, lines.line);
                    let done = lines.line - 1;
                    self.current = None;
                    return Some(problem_unit(
                        location,
                        format!(
                            "cannot read past line {done}: {e}; the file may be truncated or \
                             corrupt, and the rest of it was skipped"
                        ),
                    ));
                }
            }
        }
    }

    /// Starts reading JSON lines from `reader`: a UTF-8 byte-order mark at its start is
    /// skipped; a start that looks binary makes the whole input a problem.
    fn start_lines(&mut self, reader: Box<dyn BufRead + Send>, location: String) -> Option<Unit> {
        let mut lines = Lines {
            reader,
            location,
            line: 0,
        };
        let head = match lines.reader.fill_buf() {
            Ok(head) => head,
            Err(e) => {
                return Some(problem_unit(
                    lines.location,
                    format!("cannot read: {e}; the file may be truncated or corrupt"),
                ))
            }
        };
        if let Some(why) = looks_binary(head) {
            return Some(binary_unit(lines.location, &why));
        }
        if head.starts_with(BOM) {
            lines.reader.consume(BOM.len());
        }
        self.current = Some(lines);
        None
    }

    /// Reads a whole text file, up to the per-document limit, checking first that it is text.
    /// Reads a whole text (or, with `html`, HTML) file, no further than the per-document limit.
    fn read_text(
        &self,
        mut reader: Box<dyn Read + Send>,
        location: String,
        id: String,
        html: bool,
    ) -> Unit {
        let unreadable = |location, e: io::Error| {
            problem_unit(
                location,
                format!("cannot read: {e}; the file may be truncated or corrupt, and was skipped"),
            )
        };
        let mut bytes = Vec::new();
        if let Err(e) = reader
            .by_ref()
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut bytes)
        {
            return unreadable(location, e);
        }
        if let Some(why) = looks_binary(&bytes) {
            return binary_unit(location, &why);
        }
        let rest = self.max_document_bytes.saturating_sub(bytes.len() as u64);
        if let Err(e) = reader.take(rest.saturating_add(1)).read_to_end(&mut bytes) {
            return unreadable(location, e);
        }
        if bytes.len() as u64 > self.max_document_bytes {
            return self.too_large(location, "the file");
        }
        if html {
            // The page decoder reads a byte-order mark as the page's charset.
            return Unit {
                kind: UnitKind::HtmlFile { id },
                location,
                bytes,
            };
        }
        // The byte-order mark is not part of the text as read (as Python's utf-8-sig).
        if bytes.starts_with(BOM) {
            bytes.drain(..BOM.len());
        }
        Unit {
            kind: UnitKind::TextFile { id },
            location,
            bytes,
        }
    }
}

fn binary_unit(location: String, why: &str) -> Unit {
    Unit {
        kind: UnitKind::Problem(Problem {
            location: location.clone(),
            message: format!("not text: {why}; the file was skipped"),
            severity: Severity::Skipped,
            kind: ProblemKind::Binary,
        }),
        location,
        bytes: Vec::new(),
    }
}

fn problem_unit(location: String, message: String) -> Unit {
    Unit {
        kind: UnitKind::Problem(Problem {
            location: location.clone(),
            message,
            severity: Severity::Skipped,
            kind: ProblemKind::Unreadable,
        }),
        location,
        bytes: Vec::new(),
    }
}

impl Iterator for Reader {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        while self.ordinal < self.keep.end {
            let unit = self.next_unit()?;
            self.ordinal += 1;
            if self.ordinal > self.keep.start {
                return Some(unit);
            }
        }
        None
    }
}

impl Reader {
    fn next_unit(&mut self) -> Option<Unit> {
        loop {
            if let Some(unit) = self.next_line() {
                return Some(unit);
            }
            if let Some(unit) = self.next_warc_record() {
                return Some(unit);
            }
            match self.jobs.pop_front()? {
                Job::Problem(p) => {
                    return Some(Unit {
                        location: p.location.clone(),
                        kind: UnitKind::Problem(p),
                        bytes: Vec::new(),
                    })
                }
                Job::Stdin => {
                    let stdin = Box::new(BufReader::with_capacity(1 << 20, io::stdin()));
                    if let Some(problem) = self.start_lines(stdin, "<stdin>".into()) {
                        return Some(problem);
                    }
                }
                Job::File(job) if job.format == Format::Warc => match self.open_warc(&job) {
                    Ok(warc) => self.warc = Some(warc),
                    Err(e) => {
                        let location = job.path.display().to_string();
                        return Some(problem_unit(location, format!("cannot open: {e}")));
                    }
                },
                Job::File(job) => {
                    let location = job.path.display().to_string();
                    let reader = match self.open(&job) {
                        Ok(r) => r,
                        Err(e) => return Some(problem_unit(location, format!("cannot open: {e}"))),
                    };
                    match job.format {
                        Format::JsonLines => {
                            let lines = Box::new(BufReader::with_capacity(1 << 20, reader));
                            if let Some(problem) = self.start_lines(lines, location) {
                                return Some(problem);
                            }
                        }
                        Format::Text | Format::Warc => {
                            return Some(self.read_text(reader, location, job.id, false))
                        }
                        Format::Html => {
                            return Some(self.read_text(reader, location, job.id, true))
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn docs(inputs: Vec<Input>) -> Vec<Result<(String, String), String>> {
        let fields = Fields::default();
        let mut out = Vec::new();
        for unit in Reader::new(inputs) {
            let (doc, problems) = unit.parse(&fields);
            for p in problems {
                out.push(Err(p.to_string()));
            }
            if let Some(d) = doc {
                out.push(Ok((d.id, d.text)));
            }
        }
        out
    }

    #[test]
    fn directories_are_walked_in_order_with_relative_ids() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/2.txt"), "two").unwrap();
        std::fs::write(dir.path().join("a.txt"), "one").unwrap();
        std::fs::write(dir.path().join("notes.md"), "ignored").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"{\"id\":\"x\",\"text\":\"three\"}\n\n{\"text\":\"four\"}\n")
            .unwrap();
        std::fs::write(dir.path().join("c.jsonl.gz"), gz.finish().unwrap()).unwrap();
        let reader = Reader::new(vec![Input::Path(dir.path().to_path_buf())]);
        assert_eq!(reader.ignored().len(), 1);
        let got = docs(vec![Input::Path(dir.path().to_path_buf())]);
        let c = dir.path().join("c.jsonl.gz").display().to_string();
        assert_eq!(
            got,
            vec![
                Ok(("a.txt".into(), "one".into())),
                Ok(("b/2.txt".into(), "two".into())),
                Ok(("x".into(), "three".into())),
                Ok((format!("{c}:3"), "four".into())),
            ]
        );
    }

    #[test]
    fn truncated_gzip_keeps_what_was_read_and_reports_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for i in 0..2000 {
            writeln!(
                gz,
                "{{\"id\":\"{i}\",\"text\":\"article number {i} about Kandal\"}}"
            )
            .unwrap();
        }
        let bytes = gz.finish().unwrap();
        let path = dir.path().join("cut.jsonl.gz");
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let got = docs(vec![Input::Path(path)]);
        let (ok, err): (Vec<_>, Vec<_>) = got.into_iter().partition(Result::is_ok);
        assert!(ok.len() > 100 && ok.len() < 2000, "{}", ok.len());
        assert_eq!(err.len(), 1);
        let msg = err[0].as_ref().unwrap_err();
        assert!(
            msg.contains("cut.jsonl.gz:") && msg.contains("truncated or corrupt"),
            "{msg}"
        );
    }

    #[test]
    fn unknown_and_missing_inputs_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("notes.pdf");
        std::fs::write(&pdf, "%PDF").unwrap();
        let got = docs(vec![Input::parse("/nonexistent/x.jsonl"), Input::Path(pdf)]);
        assert_eq!(got.len(), 2);
        assert!(got[0]
            .as_ref()
            .unwrap_err()
            .ends_with("x.jsonl: no such file or directory"));
        assert!(got[1].as_ref().unwrap_err().contains("unknown input type"));
    }

    #[test]
    fn a_byte_order_mark_is_skipped_in_json_lines_and_text() {
        let dir = tempfile::tempdir().unwrap();
        let jsonl = dir.path().join("bom.jsonl");
        std::fs::write(
            &jsonl,
            b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"first\"}\n{\"text\":\"x\"}\n",
        )
        .unwrap();
        let txt = dir.path().join("bom.txt");
        std::fs::write(&txt, b"\xEF\xBB\xBFIn Kampot").unwrap();
        let got = docs(vec![Input::Path(jsonl), Input::Path(txt)]);
        assert_eq!(got[0], Ok(("a".into(), "first".into())));
        assert_eq!(got[2], Ok(("bom.txt".into(), "In Kampot".into())));
    }

    #[test]
    fn binary_files_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("tool.txt");
        let mut bytes = b"\x7fELF\x02\x01\x01".to_vec();
        bytes.extend((0..4000u32).map(|i| (i * 7 % 256) as u8));
        std::fs::write(&exe, &bytes).unwrap();
        let utf16 = dir.path().join("u16.jsonl");
        std::fs::write(&utf16, b"\xFF\xFE{\x00\"\x00").unwrap();
        let got = docs(vec![Input::Path(exe), Input::Path(utf16)]);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0]
                .as_ref()
                .unwrap_err()
                .contains("not text: a NUL byte"),
            "{got:?}"
        );
        assert!(got[1].as_ref().unwrap_err().contains("UTF-16"), "{got:?}");
        // Text with tabs, form feeds and escape sequences is text.
        assert_eq!(
            looks_binary(b"a\tb\x0c\x1b[1mc\r\n".repeat(20).as_slice()),
            None
        );
    }

    #[test]
    fn documents_over_the_limit_are_skipped_without_being_held() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let long = format!("{{\"text\":\"{}\"}}", "word ".repeat(1000));
        std::fs::write(
            &path,
            format!("{{\"text\":\"short\"}}\n{long}\n{{\"text\":\"after\"}}\n"),
        )
        .unwrap();
        let txt = dir.path().join("big.txt");
        std::fs::write(&txt, "word ".repeat(1000)).unwrap();
        let fields = Fields::default();
        let reader =
            Reader::new(vec![Input::Path(path), Input::Path(txt)]).max_document_bytes(1000);
        let got: Vec<_> = reader
            .map(|u| {
                let (doc, problems) = u.parse(&fields);
                doc.map(|d| d.text).ok_or_else(|| problems[0].clone())
            })
            .collect();
        assert_eq!(got[0].as_deref().ok(), Some("short"));
        let p = got[1].as_ref().unwrap_err();
        assert_eq!(p.kind, ProblemKind::TooLarge);
        assert!(p.location.ends_with("big.jsonl:2"), "{p}");
        assert!(p.message.contains("limit of 1000 bytes"), "{p}");
        assert_eq!(got[2].as_deref().ok(), Some("after"));
        assert_eq!(got[3].as_ref().unwrap_err().kind, ProblemKind::TooLarge);
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_followed_and_loops_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(dir.path().join("elsewhere.txt"), "linked").unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere.txt"), root.join("link.txt"))
            .unwrap();
        std::os::unix::fs::symlink(&root, root.join("sub/loop")).unwrap();
        let got = docs(vec![Input::Path(root)]);
        assert_eq!(got[0], Ok(("link.txt".into(), "linked".into())));
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[1].as_ref().unwrap_err().contains("symbolic link loop"),
            "{got:?}"
        );
    }

    #[test]
    fn a_directory_without_readable_files_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.md"), "x").unwrap();
        let got = docs(vec![Input::Path(dir.path().to_path_buf())]);
        let msg = got[0].as_ref().unwrap_err();
        assert!(
            msg.starts_with("warning: ") && msg.contains("no file tonle reads"),
            "{msg}"
        );
    }
}
