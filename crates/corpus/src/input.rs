//! Walking inputs and cutting them into units.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::parse::{decode, parse_json_line, Document, Fields, Problem, ProblemKind, Severity};

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
    /// Something went wrong reading the input at this point.
    Problem(Problem),
}

/// A piece of input as read, before parsing.
#[derive(Debug)]
pub struct Unit {
    pub kind: UnitKind,
    /// `path:line` for JSON lines, `path` for text files.
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
        _ => return None,
    };
    Some((format, compression))
}

struct FileJob {
    path: PathBuf,
    /// The document id of a text file: its path relative to the input root.
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

struct Lines {
    reader: Box<dyn BufRead + Send>,
    location: String,
    line: u64,
}

/// Walks the inputs in order (directories recursively, in sorted order) and yields their
/// units one at a time.
pub struct Reader {
    jobs: VecDeque<Job>,
    current: Option<Lines>,
    total_bytes: u64,
    read_bytes: Arc<AtomicU64>,
    ignored: Vec<PathBuf>,
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
    fn add_dir(&mut self, root: &Path) {
        for item in walkdir::WalkDir::new(root).sort_by_file_name() {
            let item = match item {
                Ok(item) => item,
                Err(e) => {
                    let location = e.path().unwrap_or(root).display().to_string();
                    self.jobs.push_back(Job::Problem(Problem {
                        location,
                        message: format!("cannot read this directory entry: {e}"),
                        severity: Severity::Skipped,
                        kind: ProblemKind::Unreadable,
                    }));
                    continue;
                }
            };
            if !item.file_type().is_file() {
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
    }

    /// A file given directly; its id is its file name. A type tonle does not read is a
    /// problem here (in a directory it is only counted as ignored).
    fn add_file(&mut self, path: PathBuf) {
        let Some((format, compression)) = classify(&path) else {
            self.jobs.push_back(Job::Problem(Problem {
                location: path.display().to_string(),
                message: "unknown input type: tonle reads .txt files (one article each) \
                          and .jsonl or .ndjson files (one article per line), each \
                          optionally compressed as .gz or .zst, and directories of them"
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

impl Reader {
    /// Lists the files of `inputs` (without reading them yet).
    pub fn new(inputs: Vec<Input>) -> Reader {
        let mut listing = Listing::default();
        for input in inputs {
            match input {
                Input::Stdin => listing.jobs.push_back(Job::Stdin),
                Input::Path(root) if root.is_dir() => listing.add_dir(&root),
                Input::Path(path) => listing.add_file(path),
            }
        }
        Reader {
            jobs: listing.jobs,
            current: None,
            total_bytes: listing.total_bytes,
            read_bytes: Arc::new(AtomicU64::new(0)),
            ignored: listing.ignored,
        }
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
            Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(file)?),
        })
    }

    fn next_line(&mut self) -> Option<Unit> {
        let lines = self.current.as_mut()?;
        loop {
            let mut bytes = Vec::new();
            lines.line += 1;
            match lines.reader.read_until(b'\n', &mut bytes) {
                Ok(0) => {
                    self.current = None;
                    return None;
                }
                Ok(_) => {
                    while bytes.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                        bytes.pop();
                    }
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Unit {
                        kind: UnitKind::JsonLine,
                        location: format!("{}:{}", lines.location, lines.line),
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
        loop {
            if let Some(unit) = self.next_line() {
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
                    self.current = Some(Lines {
                        reader: Box::new(BufReader::with_capacity(1 << 20, io::stdin())),
                        location: "<stdin>".into(),
                        line: 0,
                    });
                }
                Job::File(job) => {
                    let location = job.path.display().to_string();
                    let mut reader = match self.open(&job) {
                        Ok(r) => r,
                        Err(e) => return Some(problem_unit(location, format!("cannot open: {e}"))),
                    };
                    match job.format {
                        Format::JsonLines => {
                            self.current = Some(Lines {
                                reader: Box::new(BufReader::with_capacity(1 << 20, reader)),
                                location,
                                line: 0,
                            });
                        }
                        Format::Text => {
                            let mut bytes = Vec::new();
                            return Some(match reader.read_to_end(&mut bytes) {
                                Ok(_) => Unit {
                                    kind: UnitKind::TextFile { id: job.id },
                                    location,
                                    bytes,
                                },
                                Err(e) => problem_unit(
                                    location,
                                    format!(
                                        "cannot read: {e}; the file may be truncated or corrupt, \
                                         and was skipped"
                                    ),
                                ),
                            });
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
        let got = docs(vec![
            Input::parse("/nonexistent/x.jsonl"),
            Input::parse("notes.pdf"),
        ]);
        assert_eq!(got.len(), 2);
        assert!(got[0].as_ref().unwrap_err().contains("cannot open"));
        assert!(got[1].as_ref().unwrap_err().contains("unknown input type"));
    }
}
