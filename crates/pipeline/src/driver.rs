//! The parallel driver: reader thread → worker pool → ordered writer.

use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use crossbeam_channel::{bounded, unbounded, Receiver, Sender};
use tonle_corpus::{
    DedupOptions, Document, DuplicateIndex, Fields, Fingerprint, Problem, ProblemKind, Reader,
    Severity, Unit,
};

/// The per-document job the driver runs on its workers: one document in, its records out as
/// bytes. It must be deterministic (the same document gives the same bytes) for the run's
/// output not to depend on the thread count.
pub trait Extract: Sync {
    /// Appends the records of `doc` to `out`; returns how many it wrote.
    fn write_records(&self, doc: &Document, out: &mut Vec<u8>) -> usize;

    /// Appends to `out` the records of a document (`records`, as `write_records` wrote them)
    /// that was found to be a near-duplicate of the earlier document `original` (see
    /// [`RunOptions::dedup`]). Called on the writer thread, in input order. By default the
    /// records are written unchanged.
    fn mark_duplicate(&self, records: &[u8], original: &str, out: &mut Vec<u8>) {
        let _ = original;
        out.extend_from_slice(records);
    }
}

/// Near-duplicate detection over a run: syndicated copies and reposts of an article.
#[derive(Clone, Debug, Default)]
pub struct Dedup {
    /// Similarity threshold, LSH bands and how many originals are remembered.
    pub options: DedupOptions,
    /// Leave the copies' records out of the output; otherwise they are written, through
    /// [`Extract::mark_duplicate`].
    pub skip_copies: bool,
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
    /// Batches already written by an earlier, interrupted run over the same input with the
    /// same options: they are read (to cut the batches at the same places) but neither
    /// extracted nor written, nor are their problems reported again.
    pub skip_batches: u64,
    /// Set from another thread (a signal handler) to stop: no more input is read, the
    /// batches complete so far are written, and the run returns with
    /// [`Summary::interrupted`] set. A batch still being cut is dropped, so that every batch
    /// written is the same as in an uninterrupted run.
    pub stop: Option<Arc<AtomicBool>>,
    /// Look for near-duplicate documents: each document's text is fingerprinted on a worker
    /// and compared, in input order, with the documents before it (the first in input order
    /// is the original). `None` (the default) does no such work.
    pub dedup: Option<Dedup>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            fields: Fields::default(),
            batch_bytes: 1 << 20,
            skip_batches: 0,
            stop: None,
            dedup: None,
        }
    }
}

/// At most this many distinct document ids are remembered to warn about repeated ones
/// (8-byte hashes: about 150 MB at most); beyond, ids are no longer checked.
pub const MAX_CHECKED_IDS: usize = 4_000_000;

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
    /// Batches complete so far, counting those skipped ([`RunOptions::skip_batches`]): the
    /// number a later run passes as `skip_batches` to continue after them.
    pub batches: u64,
    /// Batches skipped because an earlier run wrote them.
    pub skipped_batches: u64,
    /// The run was stopped ([`RunOptions::stop`]) before the end of the input.
    pub interrupted: bool,
    /// Documents whose id an earlier document had (each also reported as a warning).
    pub duplicate_ids: u64,
    /// Documents found to be near-duplicates of an earlier one ([`RunOptions::dedup`]); with
    /// [`Dedup::skip_copies`], their records were not written.
    pub near_duplicates: u64,
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
    /// A batch an interrupted run already wrote, read again only to fingerprint its
    /// documents, so that their copies later in the input are still found.
    replay: bool,
}

struct Done {
    seq: u64,
    replay: bool,
    output: Vec<u8>,
    problems: Vec<Problem>,
    /// Each document read: its id, where it is, and how many of `problems` come before it.
    ids: Vec<SeenId>,
    /// The ids and locations `ids` point into, one buffer per batch (not two strings per
    /// document, which would be allocated on a worker and freed on the writer).
    id_text: String,
    documents: u64,
    records: u64,
    bytes: u64,
}

fn process(
    extractor: &impl Extract,
    fields: &Fields,
    dedup: bool,
    batch: Batch,
    spare: &Receiver<Vec<u8>>,
) -> Done {
    // A buffer an earlier batch wrote, if one is spare: already the size records take, it
    // is not grown (and copied) again, nor its pages cleared again by the kernel.
    let mut output = spare.try_recv().unwrap_or_default();
    output.reserve(batch.units.iter().map(|u| u.bytes.len()).sum::<usize>() / 2);
    let mut done = Done {
        seq: batch.seq,
        replay: batch.replay,
        output,
        problems: Vec::new(),
        ids: Vec::new(),
        id_text: String::new(),
        documents: 0,
        records: 0,
        bytes: 0,
    };
    for unit in batch.units {
        done.bytes += unit.bytes.len() as u64;
        let location = unit.location.clone();
        let (doc, problems) = unit.parse(fields);
        if batch.replay {
            if let Some(doc) = doc {
                let fingerprint = Fingerprint::of(&doc.text);
                done.push_id(&doc.id, "", 0, fingerprint);
            }
            continue;
        }
        done.problems.extend(problems);
        if let Some(doc) = doc {
            let fingerprint = if dedup {
                Fingerprint::of(&doc.text)
            } else {
                None
            };
            done.push_id(&doc.id, &location, done.output.len(), fingerprint);
            // A bug on one strange document must not stop or corrupt the batch: drop what it
            // wrote, report it, and go on.
            let mark = done.output.len();
            let output = &mut done.output;
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                extractor.write_records(&doc, output)
            }));
            if let Some(seen) = done.ids.last_mut() {
                seen.output.end = done.output.len();
                seen.records = *result.as_ref().unwrap_or(&0) as u64;
            }
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

impl Done {
    /// Remembers a document of the batch: its id (for the repeated-id warning), where its
    /// records start in `output`, and its fingerprint.
    fn push_id(
        &mut self,
        id: &str,
        location: &str,
        output: usize,
        fingerprint: Option<Fingerprint>,
    ) {
        let start = self.id_text.len();
        self.id_text.push_str(id);
        self.id_text.push_str(location);
        self.ids.push(SeenId {
            hash: id_hash(id),
            problems_before: self.problems.len(),
            id: start..start + id.len(),
            location: start + id.len()..self.id_text.len(),
            output: output..output,
            records: 0,
            fingerprint: fingerprint.map(Box::new),
        });
    }
}

/// A document of a batch, as the writer needs it: for the check of repeated ids and to find
/// near-duplicates.
struct SeenId {
    hash: u64,
    problems_before: usize,
    /// Where the id and the location are in [`Done::id_text`].
    id: Range<usize>,
    location: Range<usize>,
    /// Its records in the batch's output.
    output: Range<usize>,
    records: u64,
    fingerprint: Option<Box<Fingerprint>>,
}

/// A fixed hash of a document id (the same in every run, for the same warnings).
fn id_hash(id: &str) -> u64 {
    // `DefaultHasher::new` has fixed keys; only a 64-bit hash is kept per id.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
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
    on_problem: P,
    mut on_batch: B,
) -> io::Result<(Summary, W)>
where
    W: Write + Send,
    P: FnMut(&Problem) + Send,
    B: FnMut(&Summary) + Send,
{
    run_checkpointed(
        reader,
        extractor,
        options,
        out,
        on_problem,
        |s, _: &mut W| {
            on_batch(s);
            Ok(())
        },
    )
}

/// Like [`run`], but `on_batch` also gets the writer after each batch is written whole,
/// so that it can make the output durable and record how far the run got
/// ([`Summary::batches`]; a later run continues after them with
/// [`RunOptions::skip_batches`]). An error it returns ends the run with that error.
pub fn run_checkpointed<W, P, C>(
    reader: Reader,
    extractor: &impl Extract,
    options: &RunOptions,
    out: W,
    mut on_problem: P,
    mut on_batch: C,
) -> io::Result<(Summary, W)>
where
    W: Write + Send,
    P: FnMut(&Problem) + Send,
    C: FnMut(&Summary, &mut W) -> io::Result<()> + Send,
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
    // Written batches' output buffers, emptied, for the next batches: a few more than the
    // workers, so that what they keep does not grow with the batches in flight.
    let (spare_tx, spare_rx) = bounded::<Vec<u8>>(threads + 1);
    let (done_tx, done_rx) = unbounded::<Done>();
    let cutting = Cutting {
        batch_bytes: options.batch_bytes.max(1),
        skip: options.skip_batches,
        replay: options.dedup.is_some(),
        stop: options.stop.clone(),
    };
    let first = options.skip_batches;
    let index = match &options.dedup {
        Some(d) => Some(
            DuplicateIndex::with_options(d.options.clone())
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, format!("{e:?}")))?,
        ),
        None => None,
    };
    let skip_copies = options.dedup.as_ref().is_some_and(|d| d.skip_copies);

    std::thread::scope(|scope| {
        let reader_thread = scope.spawn(move || read_batches(reader, cutting, credit_rx, batch_tx));
        let writer_thread = scope.spawn(move || {
            let mut writer = Writer {
                out,
                credits: credit_tx,
                spare: spare_tx,
                seen: HashSet::new(),
                extractor,
                index,
                skip_copies,
                scratch: Vec::new(),
                summary: Summary {
                    batches: first,
                    skipped_batches: first,
                    ..Summary::default()
                },
            };
            // Replayed batches (see `Batch::replay`) come first, from 0.
            let from = if writer.index.is_some() { 0 } else { first };
            writer.write_in_order(done_rx, from, &mut on_problem, &mut on_batch)?;
            writer.out.flush()?;
            Ok::<_, io::Error>((writer.summary, writer.out))
        });
        pool.in_place_scope(|s| {
            for batch in batch_rx {
                let done_tx = done_tx.clone();
                let spare = &spare_rx;
                s.spawn(move |_| {
                    let dedup = options.dedup.is_some();
                    let done = process(extractor, &options.fields, dedup, batch, spare);
                    let _ = done_tx.send(done);
                });
            }
        });
        drop(done_tx);
        let (ignored, interrupted) = reader_thread
            .join()
            .expect("the reader thread does not panic");
        let (mut summary, out) = writer_thread
            .join()
            .expect("the writer thread does not panic")?;
        summary.ignored_files = ignored;
        summary.interrupted = interrupted;
        summary.seconds = started.elapsed().as_secs_f64();
        Ok((summary, out))
    })
}

/// How the reader thread cuts batches.
struct Cutting {
    batch_bytes: usize,
    /// Batches cut but neither sent nor counted: an earlier run wrote them.
    skip: u64,
    /// Send the skipped batches anyway, to be fingerprinted (see `Batch::replay`).
    replay: bool,
    stop: Option<Arc<AtomicBool>>,
}

/// The reader thread: cuts the input into batches of about `batch_bytes`, each sent once a
/// credit says there is room. Returns the files it ignored and whether it was stopped.
fn read_batches(
    mut reader: Reader,
    cutting: Cutting,
    credits: Receiver<()>,
    batches: Sender<Batch>,
) -> (Vec<PathBuf>, bool) {
    let mut seq = 0;
    let mut units = Vec::new();
    let mut size = 0;
    let mut send = |units: Vec<Unit>| -> bool {
        let replay = seq < cutting.skip;
        if replay && !cutting.replay {
            seq += 1;
            return true;
        }
        if credits.recv().is_err() {
            return false; // the writer stopped
        }
        let ok = batches.send(Batch { seq, units, replay }).is_ok();
        seq += 1;
        ok
    };
    let stopped = || {
        cutting
            .stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    };
    let mut interrupted = false;
    for unit in reader.by_ref() {
        // The batch being cut is dropped: it would not be the batch an uninterrupted run
        // writes, and resuming starts after the last complete one.
        if stopped() {
            interrupted = true;
            break;
        }
        size += unit.bytes.len() + 64;
        units.push(unit);
        if size >= cutting.batch_bytes || units.len() >= 8192 {
            size = 0;
            if !send(std::mem::take(&mut units)) {
                break;
            }
        }
    }
    if !units.is_empty() && !interrupted {
        send(units);
    }
    (reader.ignored().to_vec(), interrupted)
}

/// The writer thread's state.
struct Writer<'e, W, E> {
    out: W,
    credits: Sender<()>,
    /// Where written batches' buffers go back to the workers (see `process`).
    spare: Sender<Vec<u8>>,
    /// Hashes of the document ids seen so far, up to [`MAX_CHECKED_IDS`].
    seen: HashSet<u64>,
    summary: Summary,
    extractor: &'e E,
    /// The originals seen so far, when the run looks for near-duplicates.
    index: Option<DuplicateIndex<String>>,
    skip_copies: bool,
    /// A copy's records as `Extract::mark_duplicate` rewrites them.
    scratch: Vec<u8>,
}

impl<W: Write, E: Extract> Writer<'_, W, E> {
    /// Puts finished batches out in sequence order (holding early ones back), reports their
    /// problems, and returns a credit for each batch written.
    fn write_in_order(
        &mut self,
        done: Receiver<Done>,
        first: u64,
        on_problem: &mut impl FnMut(&Problem),
        on_batch: &mut impl FnMut(&Summary, &mut W) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut pending = BTreeMap::new();
        let mut next = first;
        for batch in done {
            pending.insert(batch.seq, batch);
            while let Some(batch) = pending.remove(&next) {
                if batch.replay {
                    self.remember(&batch);
                    next += 1;
                    let _ = self.credits.send(());
                    continue;
                }
                let left_out = self.write_documents(&batch)?;
                self.report(batch.problems, &batch.ids, &batch.id_text, on_problem);
                self.summary.documents += batch.documents;
                self.summary.records += batch.records - left_out;
                self.summary.bytes += batch.bytes;
                next += 1;
                self.summary.batches = next;
                on_batch(&self.summary, &mut self.out)?;
                self.give_back(batch.output);
                let _ = self.credits.send(());
            }
        }
        Ok(())
    }

    /// Offers a written batch's buffer, emptied, to the workers; dropped when enough are
    /// spare. One more than twice the size its batch needed (grown by doubling, or by a
    /// batch of unusual size) is replaced by one a quarter larger than that.
    fn give_back(&self, mut output: Vec<u8>) {
        let used = output.len();
        output.clear();
        if output.capacity() > 2 * used + (64 << 10) {
            output = Vec::with_capacity(used + used / 4);
        }
        let _ = self.spare.try_send(output);
    }

    /// The documents of a batch an interrupted run wrote: into the index, nothing written.
    fn remember(&mut self, batch: &Done) {
        if let Some(index) = &mut self.index {
            for seen in &batch.ids {
                if let Some(fp) = &seen.fingerprint {
                    index.insert(batch.id_text[seen.id.clone()].to_string(), fp);
                }
            }
        }
    }

    /// Writes a batch; when the run looks for near-duplicates, document by document, each
    /// checked against the originals before it. Returns how many records were left out.
    fn write_documents(&mut self, batch: &Done) -> io::Result<u64> {
        let Some(index) = &mut self.index else {
            self.out.write_all(&batch.output)?;
            return Ok(0);
        };
        let mut left_out = 0;
        for seen in &batch.ids {
            let records = &batch.output[seen.output.clone()];
            let id = &batch.id_text[seen.id.clone()];
            let original = seen
                .fingerprint
                .as_ref()
                .and_then(|fp| index.insert(id.to_string(), fp));
            match original {
                None => self.out.write_all(records)?,
                Some(original) => {
                    self.summary.near_duplicates += 1;
                    if self.skip_copies {
                        left_out += seen.records;
                    } else {
                        self.scratch.clear();
                        self.extractor
                            .mark_duplicate(records, &original.id, &mut self.scratch);
                        self.out.write_all(&self.scratch)?;
                    }
                }
            }
        }
        Ok(left_out)
    }

    /// Reports a batch's problems, with a warning for each document whose id was seen
    /// before, in input order.
    fn report(
        &mut self,
        problems: Vec<Problem>,
        ids: &[SeenId],
        id_text: &str,
        on_problem: &mut impl FnMut(&Problem),
    ) {
        let mut ids = ids.iter().peekable();
        let total = problems.len();
        let mut problems = problems.into_iter();
        for at in 0..=total {
            while let Some(seen) = ids.next_if(|s| s.problems_before <= at) {
                if let Some(p) = self.repeated(seen, id_text) {
                    self.summary.duplicate_ids += 1;
                    self.count(&p, on_problem);
                }
            }
            if let Some(p) = problems.next() {
                self.count(&p, on_problem);
            }
        }
    }

    fn count(&mut self, p: &Problem, on_problem: &mut impl FnMut(&Problem)) {
        match p.severity {
            Severity::Skipped => self.summary.skipped += 1,
            Severity::Warning => self.summary.warnings += 1,
        }
        on_problem(p);
    }

    /// A warning when `seen`'s id was seen before.
    fn repeated(&mut self, seen: &SeenId, id_text: &str) -> Option<Problem> {
        if self.seen.contains(&seen.hash) {
            return Some(Problem {
                location: id_text[seen.location.clone()].to_string(),
                message: format!(
                    "the document id {:?} was used by an earlier document; the records of \
                     both name it as their \"doc\"",
                    &id_text[seen.id.clone()]
                ),
                severity: Severity::Warning,
                kind: ProblemKind::DuplicateId,
            });
        }
        if self.seen.len() < MAX_CHECKED_IDS {
            self.seen.insert(seen.hash);
        }
        None
    }
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

    fn write_lines(name: &str, lines: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, lines).unwrap();
        (dir, path)
    }

    #[test]
    fn skipped_batches_leave_the_rest_of_the_output_unchanged() {
        let lines: String = (0..300)
            .map(|i| format!("{{\"id\":\"d{i}\",\"text\":\"word{i} in Kandal\"}}\n"))
            .collect();
        let (_dir, path) = write_lines("d.jsonl", &lines);
        let run_with = |skip: u64, threads: usize| {
            let options = RunOptions {
                threads,
                batch_bytes: 500,
                skip_batches: skip,
                ..RunOptions::default()
            };
            let reader = Reader::new(vec![Input::Path(path.clone())]);
            run(reader, &WordCount, &options, Vec::new(), |_| {}, |_| {}).unwrap()
        };
        let (all, full) = run_with(0, 2);
        let (part, rest) = run_with(7, 1);
        assert!(all.batches > 20, "{}", all.batches);
        assert_eq!((part.batches, part.skipped_batches), (all.batches, 7));
        assert!(full.ends_with(&rest) && rest.len() < full.len());
        assert!(String::from_utf8(rest)
            .unwrap()
            .starts_with(&format!("d{}\t", all.documents - part.documents)));
    }

    #[test]
    fn a_stopped_run_writes_only_whole_batches() {
        let lines: String = (0..300)
            .map(|i| format!("{{\"id\":\"d{i}\",\"text\":\"w{i}\"}}\n"))
            .collect();
        let (_dir, path) = write_lines("d.jsonl", &lines);
        let stop = Arc::new(AtomicBool::new(true));
        let options = RunOptions {
            threads: 1,
            batch_bytes: 500,
            stop: Some(stop),
            ..RunOptions::default()
        };
        let reader = Reader::new(vec![Input::Path(path)]);
        let (summary, out) = run(reader, &WordCount, &options, Vec::new(), |_| {}, |_| {}).unwrap();
        assert!(summary.interrupted);
        assert_eq!((summary.batches, out.len()), (0, 0));
    }

    #[test]
    fn repeated_ids_are_warned_about_in_input_order() {
        let lines = "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"x\"}\nnot json\n{\"id\":\"a\",\"text\":\"y\"}\n";
        let (_dir, path) = write_lines("d.jsonl", lines);
        let mut problems = Vec::new();
        let reader = Reader::new(vec![Input::Path(path)]);
        let (summary, _) = run(
            reader,
            &WordCount,
            &RunOptions::default(),
            Vec::new(),
            |p| problems.push(p.to_string()),
            |_| {},
        )
        .unwrap();
        assert_eq!(summary.duplicate_ids, 1);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("d.jsonl:3: not a valid JSON object"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("warning: ")
                && problems[1].contains("d.jsonl:4: the document id \"a\" was used by an earlier"),
            "{problems:?}"
        );
    }
}
