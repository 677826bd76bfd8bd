//! The native part of the `tonle` Python package (`python/tonle`): a compiled [`Tonle`]
//! shared by Python threads, and batches of documents extracted on a rayon pool with the GIL
//! released. The Python side (`tonle/__init__.py`) does the batching, turns JSON records into
//! dicts and column buffers into a `pyarrow.Table`.
//!
//! Records cross into Python in two forms, both made by the records' own `Serialize` (so
//! never out of step with `tonle extract`): a JSON array of the records, the bytes the CLI
//! writes, for `json.loads`; or columns of Arrow buffers ([`columns`]).

mod columns;

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use rayon::prelude::*;
use tonle::{Document, Fields, Layout, Tonle};
use tonle_corpus::{Problem, Severity, Unit, UnitKind};
use tonle_gazetteer::cache::check_sources;
use tonle_gazetteer::{Gazetteer, Sources};

use crate::columns::Columns;

create_exception!(
    _tonle,
    TonleError,
    PyValueError,
    "A list, a compiled gazetteer or a document tonle cannot use; the message names the \
     file and line (or the document) and says what is wrong."
);

fn error(message: impl std::fmt::Display) -> PyErr {
    TonleError::new_err(message.to_string())
}

// `Unit` is how the CLI's reader hands a JSON line to the parser; going through it keeps
// the id, text and date fields, meta and date inference exactly the CLI's.
fn json_line_unit(location: String, line: String) -> Unit {
    Unit {
        kind: UnitKind::JsonLine,
        location,
        bytes: line.into_bytes(),
    }
}

/// The message of a problem that skips a document, naming the document.
fn problem_message(index: usize, p: &Problem) -> Option<String> {
    (p.severity == Severity::Skipped).then(|| format!("document {index}: {}", p.message))
}

/// A document from Python: a text and its id, or a JSON object as one line of text.
#[derive(FromPyObject)]
enum Input {
    Text(String, String),
    Line(String),
}

fn layout_of(name: &str) -> PyResult<Layout> {
    match name {
        "plain" => Ok(Layout::Plain),
        "auto" => Ok(Layout::Auto),
        "scrape" => Ok(Layout::Scrape),
        _ => Err(PyValueError::new_err(format!(
            "layout {name:?} is not one of \"plain\", \"auto\" or \"scrape\""
        ))),
    }
}

/// The document of input number `index`, or why it has none (the CLI's message).
fn document(input: Input, index: usize, layout: Layout) -> Result<Document, String> {
    match input {
        Input::Text(id, text) => Ok(Document::new(id, text).with_layout(layout)),
        Input::Line(line) => {
            let fields = Fields {
                layout,
                ..Fields::default()
            };
            let (doc, problems) = json_line_unit(index.to_string(), line).parse(&fields);
            match doc {
                // The layout applies to every text; a JSON line's is plain to the CLI.
                Some(doc) if layout != Layout::Plain => Ok(doc.with_layout(layout)),
                Some(doc) => Ok(doc),
                None => Err(problems
                    .iter()
                    .find_map(|p| problem_message(index, p))
                    .unwrap_or_else(|| format!("document {index}: it could not be read"))),
            }
        }
    }
}

/// The compiled gazetteers and options, shared by every thread that extracts with them.
#[pyclass(frozen, module = "tonle._tonle")]
struct Core {
    tonle: Arc<Tonle>,
    sources: Sources,
}

/// The options of `Tonle(...)`: patterns, keep_boilerplate, documents, quotes.
type Options = (bool, bool, bool, bool);

fn configured(g: Gazetteer, (patterns, keep_boilerplate, documents, quotes): Options) -> Tonle {
    Tonle::with_gazetteer(g)
        .patterns(patterns)
        .keep_boilerplate(keep_boilerplate)
        .documents(documents)
        .quotes(quotes)
}

#[pymethods]
impl Core {
    #[new]
    fn new(
        py: Python<'_>,
        gazetteers: Vec<PathBuf>,
        default_gazetteers: bool,
        patterns: bool,
        keep_boilerplate: bool,
        documents: bool,
        quotes: bool,
    ) -> PyResult<Core> {
        if let Some(missing) = gazetteers.iter().find(|p| !p.exists()) {
            return Err(error(format!(
                "{}: no such file or directory",
                missing.display()
            )));
        }
        py.detach(|| {
            // Stamped before the lists are read, as `tonle gazetteer compile` does, so that a
            // list changed meanwhile makes a saved compiled gazetteer stale.
            let sources = Sources::stamp(default_gazetteers, &gazetteers).unwrap_or_default();
            let sources = match gazetteers.first() {
                Some(p) if tonle_gazetteer::is_compiled(p) => {
                    Gazetteer::load_compiled(p).map_err(error)?.1
                }
                _ => sources,
            };
            let g = tonle_gazetteer::load_lists(default_gazetteers, &gazetteers).map_err(error)?;
            Ok(Core {
                tonle: Arc::new(configured(
                    g,
                    (patterns, keep_boilerplate, documents, quotes),
                )),
                sources,
            })
        })
    }

    /// A Core on a compiled gazetteer, with or without the shipped lists as it was compiled.
    #[staticmethod]
    fn load(
        py: Python<'_>,
        path: PathBuf,
        patterns: bool,
        keep_boilerplate: bool,
        documents: bool,
        quotes: bool,
    ) -> PyResult<Core> {
        py.detach(|| {
            let (g, sources) = Gazetteer::load_compiled(&path).map_err(error)?;
            check_sources(&sources, &path).map_err(error)?;
            Ok(Core {
                tonle: Arc::new(configured(
                    g,
                    (patterns, keep_boilerplate, documents, quotes),
                )),
                sources,
            })
        })
    }

    fn save_compiled(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| {
            let written = File::create(&path).and_then(|f| {
                self.tonle
                    .gazetteer()
                    .write_compiled(&self.sources, BufWriter::new(f))
            });
            written.map_err(|e| error(format!("{}: cannot write: {e}", path.display())))
        })
    }

    /// Whether the gazetteer includes the shipped lists.
    #[getter]
    fn default_gazetteers(&self) -> bool {
        self.sources.defaults
    }

    /// Starts extracting `inputs` (numbered from `first`) on `pool`, as `form`: `"json"` (a
    /// JSON array of the records), `"lines"` (JSON lines) or `"arrow"` (columns). With
    /// `skip`, a document that cannot be read is passed over (and reported); without, the
    /// batch stops there. The work goes on while Python does other things, such as turning
    /// the previous batch into dicts.
    #[pyo3(signature = (pool, inputs, first, layout, form, skip))]
    fn start(
        &self,
        pool: &Pool,
        inputs: Vec<Input>,
        first: usize,
        layout: &str,
        form: &str,
        skip: bool,
    ) -> PyResult<Job> {
        let layout = layout_of(layout)?;
        let form = match form {
            "json" => Form::JsonArray,
            "lines" => Form::JsonLines,
            "arrow" => Form::Arrow,
            _ => return Err(PyValueError::new_err(format!("unknown form {form:?}"))),
        };
        let (tx, rx) = mpsc::channel();
        let tonle = Arc::clone(&self.tonle);
        let threads = pool.0.current_num_threads();
        pool.0.spawn(move || {
            let batch = Batch {
                tonle: &tonle,
                first,
                layout,
                skip,
            };
            let out = match form {
                Form::Arrow => Output::Columns(batch.arrow(inputs, threads)),
                _ => Output::Json(batch.json(inputs, form == Form::JsonArray)),
            };
            let _ = tx.send(out); // the Job was dropped: nobody wants the records
        });
        Ok(Job(Mutex::new(Some(rx))))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    JsonArray,
    JsonLines,
    Arrow,
}

/// A thread pool for one `extract_many` or `extract_arrow` call.
#[pyclass(frozen, module = "tonle._tonle")]
struct Pool(Arc<rayon::ThreadPool>);

#[pymethods]
impl Pool {
    #[new]
    #[pyo3(signature = (threads=None))]
    fn new(threads: Option<usize>) -> PyResult<Pool> {
        if threads == Some(0) {
            return Err(PyValueError::new_err("threads must be at least 1"));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.unwrap_or(0))
            .thread_name(|i| format!("tonle-{i}"))
            .build()
            .map_err(|e| PyValueError::new_err(format!("cannot start threads: {e}")))?;
        Ok(Pool(Arc::new(pool)))
    }

    #[getter]
    fn threads(&self) -> usize {
        self.0.current_num_threads()
    }
}

/// The records of one batch, and the documents that could not be read (only the first, when
/// they are not skipped: the records stop there).
enum Output {
    Json((Vec<u8>, Vec<String>)),
    /// Column sets in input order.
    Columns((Vec<Columns>, Vec<String>)),
}

/// One batch of inputs to extract.
struct Batch<'t> {
    tonle: &'t Tonle,
    first: usize,
    layout: Layout,
    skip: bool,
}

impl Batch<'_> {
    /// The records as JSON: an array (`[r1,r2]`) or lines.
    fn json(&self, inputs: Vec<Input>, array: bool) -> (Vec<u8>, Vec<String>) {
        let per_doc: Vec<Result<Vec<u8>, String>> = inputs
            .into_par_iter()
            .enumerate()
            .map(|(i, input)| {
                let doc = document(input, self.first + i, self.layout)?;
                let mut lines = Vec::new();
                self.tonle.write_records(&doc, &mut lines);
                Ok(lines)
            })
            .collect();
        let size = per_doc.iter().flatten().map(Vec::len).sum::<usize>();
        let mut out = Vec::with_capacity(size + 2);
        let mut failures = Vec::new();
        for lines in per_doc {
            match lines {
                // A record never holds a raw line break (JSON escapes it): each one ends a
                // record.
                Ok(lines) if array => {
                    out.extend(lines.iter().map(|&b| if b == b'\n' { b',' } else { b }))
                }
                Ok(lines) => out.extend_from_slice(&lines),
                Err(message) => {
                    failures.push(message);
                    if !self.skip {
                        break;
                    }
                }
            }
        }
        if array {
            if out.last() == Some(&b',') {
                out.pop();
            }
            out.insert(0, b'[');
            out.push(b']');
        }
        (out, failures)
    }

    /// The records as columns: a few contiguous chunks per thread, each one column set.
    fn arrow(&self, inputs: Vec<Input>, threads: usize) -> (Vec<Columns>, Vec<String>) {
        let chunk = inputs.len().div_ceil(threads * 2).max(1);
        let mut chunks = Vec::new();
        let mut inputs = inputs.into_iter();
        let mut start = self.first;
        loop {
            let part: Vec<Input> = inputs.by_ref().take(chunk).collect();
            if part.is_empty() {
                break;
            }
            let n = part.len();
            chunks.push((start, part));
            start += n;
        }
        let done: Vec<(Columns, Vec<String>)> = chunks
            .into_par_iter()
            .map(|(start, part)| self.columns(start, part))
            .collect();
        let mut sets = Vec::with_capacity(done.len());
        let mut failures = Vec::new();
        for (cols, failed) in done {
            sets.push(cols);
            failures.extend(failed);
            if !failures.is_empty() && !self.skip {
                break;
            }
        }
        (sets, failures)
    }

    fn columns(&self, start: usize, part: Vec<Input>) -> (Columns, Vec<String>) {
        let mut cols = Columns::new();
        let mut failures = Vec::new();
        for (i, input) in part.into_iter().enumerate() {
            let failed = match document(input, start + i, self.layout) {
                Ok(doc) => {
                    let mut failed = None;
                    self.tonle.for_each_record(&doc, |r| {
                        if failed.is_none() {
                            failed = cols.push(r).err();
                        }
                    });
                    failed
                }
                Err(message) => Some(message),
            };
            if let Some(message) = failed {
                failures.push(message);
                if !self.skip {
                    break;
                }
            }
        }
        (cols, failures)
    }
}

/// A batch being extracted.
#[pyclass(module = "tonle._tonle")]
struct Job(Mutex<Option<Receiver<Output>>>);

#[pymethods]
impl Job {
    /// Waits (without the GIL) for the batch: `(bytes, failures)` for JSON, `([(rows,
    /// columns)], failures)` for Arrow.
    fn wait<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rx = self
            .0
            .lock()
            .map_err(|_| error("a batch was waited for twice at once"))?
            .take()
            .ok_or_else(|| error("this batch was already taken"))?;
        let out = py
            .detach(move || rx.recv())
            .map_err(|_| error("the extraction thread stopped unexpectedly"))?;
        match out {
            Output::Json((bytes, failures)) => Ok((PyBytes::new(py, &bytes), failures)
                .into_pyobject(py)?
                .into_any()),
            Output::Columns((sets, failures)) => {
                let list = PyList::empty(py);
                for cols in &sets {
                    list.append(cols.to_python(py)?)?;
                }
                Ok((list, failures).into_pyobject(py)?.into_any())
            }
        }
    }
}

/// JSON lines of records (as `tonle extract` writes, one per item) as columns; `location`
/// names the file in errors, with the 1-based line number `first_line + i`.
#[pyfunction]
fn records_to_columns<'py>(
    py: Python<'py>,
    lines: Vec<Vec<u8>>,
    location: &str,
    first_line: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let cols = py.detach(|| {
        let mut cols = Columns::new();
        for (i, line) in lines.iter().enumerate() {
            let line = line.trim_ascii();
            if line.is_empty() {
                continue;
            }
            let at = first_line + i;
            let record: tonle::Record<'static> = serde_json::from_slice(line)
                .map_err(|e| format!("{location}:{at}: not a tonle record: {e}"))?;
            cols.push(&record)
                .map_err(|e| format!("{location}:{at}: {e}"))?;
        }
        Ok::<_, String>(cols)
    });
    cols.map_err(error)?.to_python(py)
}

/// The record schema's columns, `(name, kind)` in order, kind one of `str`, `int`, `float`,
/// `bool`, `json`.
#[pyfunction]
fn record_columns() -> Vec<(&'static str, &'static str)> {
    columns::COLUMNS
        .iter()
        .map(|(name, kind)| (*name, kind.name()))
        .collect()
}

/// Whether `path` is a compiled gazetteer (by its extension or first bytes).
#[pyfunction]
fn is_compiled(path: PathBuf) -> bool {
    tonle_gazetteer::is_compiled(Path::new(&path))
}

#[pymodule]
fn _tonle(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Core>()?;
    m.add_class::<Pool>()?;
    m.add_class::<Job>()?;
    m.add_function(wrap_pyfunction!(records_to_columns, m)?)?;
    m.add_function(wrap_pyfunction!(record_columns, m)?)?;
    m.add_function(wrap_pyfunction!(is_compiled, m)?)?;
    m.add("TonleError", m.py().get_type::<TonleError>())?;
    m.add("SCHEMA_VERSION", tonle::SCHEMA_VERSION)?;
    Ok(())
}
