//! [`Tonle`]: the compiled gazetteers and the options, and what can be done with them.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tonle_corpus::{Document, Problem, Reader};
use tonle_gazetteer::{Gazetteer, LoadError};
use tonle_pipeline::{Extract, RunOptions, Summary};

use crate::extract::Extractor;
use crate::record::Record;

/// Why a [`Tonle`] could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A gazetteer path that does not exist.
    NotFound(PathBuf),
    /// A list that cannot be read or parsed (with its file and line), or a compiled
    /// gazetteer that cannot be used (with its file and an error kind to act on).
    Gazetteer(LoadError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotFound(path) => write!(f, "{}: no such file or directory", path.display()),
            Error::Gazetteer(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Error {
        Error::Gazetteer(e)
    }
}

/// Sets up a [`Tonle`]: which gazetteers, which options.
///
/// ```no_run
/// let tonle = tonle::Tonle::builder()
///     .default_gazetteers(false)
///     .gazetteer("my-lists/")?
///     .patterns(false)
///     .build()?;
/// # Ok::<(), tonle::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TonleBuilder {
    defaults: bool,
    paths: Vec<PathBuf>,
    patterns: bool,
    keep_boilerplate: bool,
    documents: bool,
    quotes: bool,
}

impl TonleBuilder {
    /// Whether to use the shipped lists (Cambodian provinces, towns, officials and
    /// organizations, the world's countries). On by default.
    pub fn default_gazetteers(mut self, on: bool) -> TonleBuilder {
        self.defaults = on;
        self
    }

    /// Adds a list (tonle TSV, `name<TAB>TYPE`, spaCy patterns), a directory of lists, or a
    /// compiled gazetteer (`.tonlegaz`, which must then be the only one). Fails at once if
    /// the path does not exist; the lists are read by [`TonleBuilder::build`].
    pub fn gazetteer(mut self, path: impl AsRef<Path>) -> Result<TonleBuilder, Error> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(Error::NotFound(path.to_path_buf()));
        }
        self.paths.push(path.to_path_buf());
        Ok(self)
    }

    /// Whether to give records for names the lists miss but the wording types ("X province",
    /// "Governor X", "X said", "Ministry of X", "Long Name (ACRONYM)"), with source
    /// [`Source::Pattern`](crate::Source::Pattern), and their short forms and acronyms later
    /// in the document. On by default.
    pub fn patterns(mut self, on: bool) -> TonleBuilder {
        self.patterns = on;
        self
    }

    /// Also give records for mentions in page furniture
    /// ([`Zone::Boilerplate`](crate::Zone::Boilerplate):
    /// shortcodes, read-time lines, related-article lists, copyright notices, share
    /// prompts). Off by default: they are left out. Mentions in headlines, bylines and
    /// captions are always given, with their [`Record::zone`].
    pub fn keep_boilerplate(mut self, on: bool) -> TonleBuilder {
        self.keep_boilerplate = on;
        self
    }

    /// Give a document record ([`Kind::Document`](crate::Kind::Document)) before each
    /// document's mentions: its text, url, title, date and where the date comes from, and
    /// its zones. Off by default.
    pub fn documents(mut self, on: bool) -> TonleBuilder {
        self.documents = on;
        self
    }

    /// Whether to give quote records ([`Kind::Quote`](crate::Kind::Quote)): quoted passages
    /// and reported speech with their speaker and reporting verb; numbers inside a quote
    /// then carry its speaker. On by default.
    pub fn quotes(mut self, on: bool) -> TonleBuilder {
        self.quotes = on;
        self
    }

    /// Reads and compiles the lists.
    pub fn build(self) -> Result<Tonle, Error> {
        let gazetteer = tonle_gazetteer::load_lists(self.defaults, &self.paths)?;
        Ok(Tonle::with_gazetteer(gazetteer)
            .patterns(self.patterns)
            .keep_boilerplate(self.keep_boilerplate)
            .documents(self.documents)
            .quotes(self.quotes))
    }
}

/// The compiled gazetteers and the options: extracts records from documents. Cheap to
/// share between threads (`&Tonle` is `Send` and `Sync`).
pub struct Tonle {
    extractor: Extractor,
}

impl Tonle {
    /// A builder, with the shipped lists and pattern names.
    pub fn builder() -> TonleBuilder {
        TonleBuilder {
            defaults: true,
            paths: Vec::new(),
            patterns: true,
            keep_boilerplate: false,
            documents: false,
            quotes: true,
        }
    }

    /// A `Tonle` on a gazetteer built some other way (with
    /// [`tonle_gazetteer::GazetteerBuilder`], say), with pattern names on.
    pub fn with_gazetteer(gazetteer: Gazetteer) -> Tonle {
        Tonle {
            extractor: Extractor {
                provinces: crate::place::provinces(&gazetteer),
                gazetteer,
                patterns: true,
                keep_boilerplate: false,
                documents: false,
                quotes: true,
            },
        }
    }

    /// Turns pattern names on or off (see [`TonleBuilder::patterns`]).
    pub fn patterns(mut self, on: bool) -> Tonle {
        self.extractor.patterns = on;
        self
    }

    /// Keeps or leaves out the mentions in boilerplate (see
    /// [`TonleBuilder::keep_boilerplate`]).
    pub fn keep_boilerplate(mut self, on: bool) -> Tonle {
        self.extractor.keep_boilerplate = on;
        self
    }

    /// Turns document records on or off (see [`TonleBuilder::documents`]).
    pub fn documents(mut self, on: bool) -> Tonle {
        self.extractor.documents = on;
        self
    }

    /// Turns quote records on or off (see [`TonleBuilder::quotes`]).
    pub fn quotes(mut self, on: bool) -> Tonle {
        self.extractor.quotes = on;
        self
    }

    /// The compiled gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.extractor.gazetteer
    }

    /// The records of one document, in start order (at one offset, entities before numbers),
    /// after its document record when [`TonleBuilder::documents`] is on.
    pub fn extract(&self, doc: &Document) -> Vec<Record<'static>> {
        let mut records = Vec::new();
        self.for_each_record(doc, |r| records.push(r.clone().into_owned()));
        records
    }

    /// Calls `each` with every record of `doc`, in the order of [`Tonle::extract`], without
    /// copying what the records borrow from the document and the gazetteer. Returns how many
    /// records there were.
    pub fn for_each_record(&self, doc: &Document, mut each: impl FnMut(&Record)) -> usize {
        self.extractor.for_each_record(doc, &mut each)
    }

    /// Appends the records of `doc` to `out` as JSON lines (one object and a `\n` each), the
    /// bytes `tonle extract` writes. Returns how many records it wrote.
    pub fn write_records(&self, doc: &Document, out: &mut Vec<u8>) -> usize {
        self.extractor
            .for_each_record(doc, &mut |r| crate::json::write_line(out, r))
    }

    /// Extracts every document `reader` yields and writes the records to `out` as JSON lines,
    /// in input order whatever the thread count, in memory bounded by the thread count.
    /// `on_problem` is told of every input that could not be read or was repaired (in input
    /// order; the run goes on), and `on_progress` sees the running totals after each batch.
    /// Both run on the writer thread. Returns the totals and the writer, or the first error
    /// writing to `out`.
    pub fn run<W, P, B>(
        &self,
        reader: Reader,
        out: W,
        options: &RunOptions,
        on_problem: P,
        on_progress: B,
    ) -> io::Result<(Summary, W)>
    where
        W: Write + Send,
        P: FnMut(&Problem) + Send,
        B: FnMut(&Summary) + Send,
    {
        tonle_pipeline::run(reader, self, options, out, on_problem, on_progress)
    }

    /// Like [`Tonle::run`], but `on_batch` also gets the writer after each batch is written
    /// whole, to make the output durable and record how far the run got: a run stopped by
    /// [`RunOptions::stop`] or killed continues with [`RunOptions::skip_batches`] set to
    /// the last [`Summary::batches`] recorded, and writes the bytes an uninterrupted run
    /// would have written after them.
    pub fn run_checkpointed<W, P, C>(
        &self,
        reader: Reader,
        out: W,
        options: &RunOptions,
        on_problem: P,
        on_batch: C,
    ) -> io::Result<(Summary, W)>
    where
        W: Write + Send,
        P: FnMut(&Problem) + Send,
        C: FnMut(&Summary, &mut W) -> io::Result<()> + Send,
    {
        tonle_pipeline::run_checkpointed(reader, self, options, out, on_problem, on_batch)
    }
}

impl Extract for Tonle {
    fn write_records(&self, doc: &Document, out: &mut Vec<u8>) -> usize {
        Tonle::write_records(self, doc, out)
    }

    /// With document records on, the copy's document record (its first line) gets
    /// `duplicate_of`, its last field; its mentions are written as they are.
    fn mark_duplicate(&self, records: &[u8], original: &str, out: &mut Vec<u8>) {
        let first_line = records.iter().position(|&b| b == b'\n');
        match first_line {
            Some(end) if self.extractor.documents && end > 0 && records[end - 1] == b'}' => {
                out.extend_from_slice(&records[..end - 1]);
                out.extend_from_slice(b",\"duplicate_of\":");
                // A string always serializes.
                let _ = serde_json::to_writer(&mut *out, original);
                out.push(b'}');
                out.extend_from_slice(&records[end..]);
            }
            _ => out.extend_from_slice(records),
        }
    }
}
