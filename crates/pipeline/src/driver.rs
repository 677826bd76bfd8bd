//! The parallel driver: reader thread → worker pool → ordered writer.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Instant;

use crossbeam_channel::{bounded, unbounded, Receiver, Sender};
use tonle_corpus::{Document, Fields, Problem, ProblemKind, Reader, Severity, Unit};

/// The per-document job the driver runs on its workers: one document in, its records out as
/// bytes. It must be deterministic (the same document gives the same bytes) for the run's
/// output not to depend on the thread count.
pub trait Extract: Sync {
    /// Appends the records of `doc` to `out`; returns how many it wrote.
    fn write_records(&self, doc: &Document, out: &mut Vec<u8>) -> usize;
}

/// How to run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Worker threads (at least 1).
    pub threads: usize,
    /// Which JSON fields hold a document's id and text.
    pub fields: Fields,
    /// Input bytes per batch handed to a worker. Batching is by input position only, so the
    /// output does not depend on the number of threads.
    pub batch_bytes: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            fields: Fields::default(),
            batch_bytes: 1 << 20,
        }
    }
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Documents read and extracted.
    pub documents: u64,
    /// Bytes of input read (after decompression).
    pub bytes: u64,
    /// Records written.
    pub records: u64,
    /// Documents or files skipped because they could not be read or parsed.
    pub skipped: u64,
    /// Problems that were repaired (invalid UTF-8).
    pub warnings: u64,
    /// Wall-clock time of the run.
    pub seconds: f64,
    /// Files in input directories that were not read because of their extension.
    pub ignored_files: Vec<PathBuf>,
}

impl Summary {
    /// Input read per second, in millions of bytes.
    pub fn megabytes_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
}

struct Batch {
    seq: u64,
    units: Vec<Unit>,
}

struct Done {
    seq: u64,
    output: Vec<u8>,
    problems: Vec<Problem>,
    documents: u64,
    records: u64,
    bytes: u64,
}

fn process(extractor: &impl Extract, fields: &Fields, batch: Batch) -> Done {
    let mut done = Done {
        seq: batch.seq,
        output: Vec::with_capacity(batch.units.iter().map(|u| u.bytes.len()).sum::<usize>() / 2),
        problems: Vec::new(),
        documents: 0,
        records: 0,
        bytes: 0,
    };
    for unit in batch.units {
        done.bytes += unit.bytes.len() as u64;
        let location = unit.location.clone();
        let (doc, problems) = unit.parse(fields);
        done.problems.extend(problems);
        if let Some(doc) = doc {
            // A bug on one strange document must not stop or corrupt the batch: drop what it
            // wrote, report it, and go on.
            let mark = done.output.len();
            let output = &mut done.output;
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                extractor.write_records(&doc, output)
            }));
            match result {
                Ok(records) => {
                    done.documents += 1;
                    done.records += records as u64;
                }
                Err(panic) => {
                    done.output.truncate(mark);
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    done.problems.push(Problem {
                        location: format!("{} (document {:?})", location, doc.id),
                        message: format!(
                            "internal error while extracting ({what}); the document was \
                             skipped. Please report this with the document attached."
                        ),
                        severity: Severity::Skipped,
                        kind: ProblemKind::Internal,
                    });
                }
            }
        }
    }
    done
}

/// Runs `extractor` over everything `reader` yields and writes the records to `out` in
/// input order. Problems are passed to `on_problem` in input order too, and `on_batch` sees
/// the running totals after each batch is written (for progress bars). Both are called on
/// the writer thread. Returns the totals and the writer, or the first write error.
pub fn run<W, P, B>(
    reader: Reader,
    extractor: &impl Extract,
    options: &RunOptions,
    out: W,
    mut on_problem: P,
    mut on_batch: B,
) -> io::Result<(Summary, W)>
where
    W: Write + Send,
    P: FnMut(&Problem) + Send,
    B: FnMut(&Summary) + Send,
{
    let started = Instant::now();
    let threads = options.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("tonle-worker-{i}"))
        .build()
        .map_err(io::Error::other)?;
    // At most this many batches exist at once (being read, processed, or waiting to be
    // written), which bounds memory whatever the size of the archive.
    let in_flight = threads * 4;
    let (credit_tx, credit_rx) = bounded::<()>(in_flight);
    for _ in 0..in_flight {
        credit_tx.send(()).expect("the channel has room");
    }
    let (batch_tx, batch_rx) = bounded::<Batch>(in_flight);
    let (done_tx, done_rx) = unbounded::<Done>();
    let batch_bytes = options.batch_bytes.max(1);

    std::thread::scope(|scope| {
        let reader_thread =
            scope.spawn(move || read_batches(reader, batch_bytes, credit_rx, batch_tx));
        let writer_thread = scope
            .spawn(move || write_in_order(done_rx, out, credit_tx, &mut on_problem, &mut on_batch));
        pool.in_place_scope(|s| {
            for batch in batch_rx {
                let done_tx = done_tx.clone();
                s.spawn(move |_| {
                    let _ = done_tx.send(process(extractor, &options.fields, batch));
                });
            }
        });
        drop(done_tx);
        let ignored = reader_thread
            .join()
            .expect("the reader thread does not panic");
        let (mut summary, out) = writer_thread
            .join()
            .expect("the writer thread does not panic")?;
        summary.ignored_files = ignored;
        summary.seconds = started.elapsed().as_secs_f64();
        Ok((summary, out))
    })
}

/// The reader thread: cuts the input into batches of about `batch_bytes`, each sent once a
/// credit says there is room. Returns the files it ignored.
fn read_batches(
    mut reader: Reader,
    batch_bytes: usize,
    credits: Receiver<()>,
    batches: Sender<Batch>,
) -> Vec<PathBuf> {
    let mut seq = 0;
    let mut units = Vec::new();
    let mut size = 0;
    let mut send = |units: Vec<Unit>| -> bool {
        if credits.recv().is_err() {
            return false; // the writer stopped
        }
        let ok = batches.send(Batch { seq, units }).is_ok();
        seq += 1;
        ok
    };
    for unit in reader.by_ref() {
        size += unit.bytes.len() + 64;
        units.push(unit);
        if size >= batch_bytes || units.len() >= 8192 {
            size = 0;
            if !send(std::mem::take(&mut units)) {
                break;
            }
        }
    }
    if !units.is_empty() {
        send(units);
    }
    reader.ignored().to_vec()
}

/// The writer thread: puts finished batches out in sequence order (holding early ones back),
/// reports their problems, and returns a credit for each batch written.
fn write_in_order<W: Write>(
    done: Receiver<Done>,
    mut out: W,
    credits: Sender<()>,
    on_problem: &mut impl FnMut(&Problem),
    on_batch: &mut impl FnMut(&Summary),
) -> io::Result<(Summary, W)> {
    let mut summary = Summary::default();
    let mut pending = BTreeMap::new();
    let mut next = 0;
    for batch in done {
        pending.insert(batch.seq, batch);
        while let Some(batch) = pending.remove(&next) {
            out.write_all(&batch.output)?;
            for p in &batch.problems {
                match p.severity {
                    Severity::Skipped => summary.skipped += 1,
                    Severity::Warning => summary.warnings += 1,
                }
                on_problem(p);
            }
            summary.documents += batch.documents;
            summary.records += batch.records;
            summary.bytes += batch.bytes;
            let _ = credits.send(());
            next += 1;
            on_batch(&summary);
        }
    }
    out.flush()?;
    Ok((summary, out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonle_corpus::Input;

    /// One record per word: `doc<TAB>index<TAB>word`; panics on a document that says so.
    struct WordCount;

    impl Extract for WordCount {
        fn write_records(&self, doc: &Document, out: &mut Vec<u8>) -> usize {
            assert!(!doc.text.contains("PANIC"), "asked to");
            let mut n = 0;
            for (k, w) in doc.text.split_whitespace().enumerate() {
                out.extend_from_slice(format!("{}\t{k}\t{w}\n", doc.id).as_bytes());
                n += 1;
            }
            n
        }
    }

    #[test]
    fn output_is_identical_for_any_thread_count_and_batch_size() {
        let dir = std::env::temp_dir().join(format!("tonle-driver-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("docs.jsonl");
        let mut lines = String::new();
        for i in 0..500 {
            lines.push_str(&format!(
                "{{\"id\":\"n{i}\",\"text\":\"In Kampot {i} workers and {} women were rescued on March {}.\"}}\n",
                i * 3,
                i % 28 + 1
            ));
            if i % 97 == 0 {
                lines.push_str("{not json}\n");
            }
            if i == 250 {
                lines.push_str("{\"id\":\"p\",\"text\":\"PANIC in this one\"}\n");
            }
        }
        std::fs::write(&path, lines).unwrap();
        let extractor = WordCount;
        let mut outputs = Vec::new();
        for (threads, batch_bytes) in [(1, 1 << 20), (4, 100), (2, 3000)] {
            let options = RunOptions {
                threads,
                batch_bytes,
                ..RunOptions::default()
            };
            let mut problems = Vec::new();
            let mut kinds = Vec::new();
            let reader = Reader::new(vec![Input::Path(path.clone())]);
            let (summary, out) = run(
                reader,
                &extractor,
                &options,
                Vec::new(),
                |p| {
                    problems.push(p.location.clone());
                    kinds.push(p.kind);
                },
                |_| {},
            )
            .unwrap();
            // Six lines that are not JSON, and the document whose extraction panicked.
            assert_eq!(summary.documents, 500);
            assert_eq!(summary.skipped, 7);
            assert_eq!(problems.len(), 7);
            assert!(problems[0].ends_with("docs.jsonl:2"), "{problems:?}");
            assert_eq!(
                kinds
                    .iter()
                    .filter(|&&k| k == ProblemKind::Internal)
                    .count(),
                1
            );
            assert!(problems.iter().any(|p| p.ends_with("(document \"p\")")));
            outputs.push(out);
        }
        assert!(!outputs[0].is_empty());
        assert_eq!(outputs[0], outputs[1]);
        assert_eq!(outputs[0], outputs[2]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
