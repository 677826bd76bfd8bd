//! The resume state of `tonle extract -o FILE`: the records written so far, in
//! `.FILE.partial` next to FILE, and a checkpoint, `.FILE.resume`, that says how many
//! batches of the input that file holds whole, how long it was after them, and what the run
//! read (its options and its inputs' paths, sizes and modification times).
//!
//! Order of writes, so that the checkpoint never claims more than the partial file holds:
//! the records of a batch are written and flushed, the partial file is synced to disk, then
//! the checkpoint is written to a temporary file, synced, and renamed over the old one (and
//! the directory synced). A run killed at any moment leaves a checkpoint that matches a
//! prefix of the partial file; `--resume` cuts the file back to that length and goes on.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use tonle::Summary;

/// How often the checkpoint is written at most (each one syncs the records to disk).
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

const MAGIC: &str = "tonle-resume 1";

/// Where the resume state of `-o FILE` lives.
pub struct StatePaths {
    pub output: PathBuf,
    pub partial: PathBuf,
    pub checkpoint: PathBuf,
    checkpoint_tmp: PathBuf,
    dir: PathBuf,
}

impl StatePaths {
    pub fn new(output: &Path) -> StatePaths {
        let dir = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = output
            .file_name()
            .map_or_else(|| "records".into(), |n| n.to_string_lossy().into_owned());
        StatePaths {
            output: output.to_path_buf(),
            partial: dir.join(format!(".{name}.partial")),
            checkpoint: dir.join(format!(".{name}.resume")),
            checkpoint_tmp: dir.join(format!(".{name}.resume.tmp")),
            dir,
        }
    }

    /// Whether a killed or interrupted run left state behind.
    pub fn stale(&self) -> bool {
        self.partial.exists() || self.checkpoint.exists() || self.checkpoint_tmp.exists()
    }

    /// Removes the resume state (each file may be absent).
    pub fn remove(&self) -> io::Result<()> {
        for path in [&self.checkpoint_tmp, &self.checkpoint, &self.partial] {
            match fs::remove_file(path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }

    fn sync_dir(&self) -> io::Result<()> {
        // Makes renames durable; not every platform can open a directory, which is fine.
        match File::open(&self.dir) {
            Ok(d) => d.sync_all().or(Ok(())),
            Err(_) => Ok(()),
        }
    }
}

/// What a run read and how, as `key → value` lines: a run can be resumed only by a run whose
/// lines are the same.
#[derive(Default, Clone, PartialEq, Eq, Hash, Debug)]
pub struct Fingerprint {
    lines: Vec<(String, String)>,
}

impl Fingerprint {
    pub fn add(&mut self, key: impl Into<String>, value: impl Into<String>) {
        // Tabs and line breaks would break the file's lines; paths rarely have them.
        let clean = |s: String| s.replace(['\t', '\n', '\r'], " ");
        self.lines.push((clean(key.into()), clean(value.into())));
    }

    /// A file's size and modification time, which change when it is rewritten.
    pub fn add_file(&mut self, key: &str, path: &Path) {
        let value = match fs::metadata(path) {
            Ok(m) => {
                let mtime = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{} bytes, modified at {mtime} ns", m.len())
            }
            Err(_) => "unreadable".into(),
        };
        self.add(format!("{key} {}", path.display()), value);
    }

    /// The first difference from `earlier` (the interrupted run's), for a person.
    pub fn difference(&self, earlier: &Fingerprint) -> Option<String> {
        for (i, (key, value)) in self.lines.iter().enumerate() {
            match earlier.lines.get(i) {
                Some((k, v)) if k == key && v == value => {}
                Some((k, v)) if k == key => {
                    return Some(format!(
                        "{key}: the interrupted run had {v}, this run has {value}"
                    ))
                }
                Some((k, _)) => {
                    return Some(format!(
                        "the interrupted run had {k} where this run has {key}"
                    ))
                }
                None => return Some(format!("the interrupted run had no {key}")),
            }
        }
        earlier
            .lines
            .get(self.lines.len())
            .map(|(k, _)| format!("the interrupted run also had {k}, this run has not"))
    }
}

/// How far an interrupted run got.
#[derive(Default, Clone, Debug, PartialEq)]
pub struct Progress {
    pub batches: u64,
    /// The partial file's length after those batches.
    pub bytes: u64,
    pub documents: u64,
    pub records: u64,
    pub input_bytes: u64,
    pub skipped: u64,
    pub warnings: u64,
}

const PROGRESS_KEYS: [&str; 7] = [
    "batches",
    "bytes",
    "documents",
    "records",
    "input_bytes",
    "skipped",
    "warnings",
];

impl Progress {
    fn values(&self) -> [u64; 7] {
        [
            self.batches,
            self.bytes,
            self.documents,
            self.records,
            self.input_bytes,
            self.skipped,
            self.warnings,
        ]
    }

    fn from_values(v: [u64; 7]) -> Progress {
        let [batches, bytes, documents, records, input_bytes, skipped, warnings] = v;
        Progress {
            batches,
            bytes,
            documents,
            records,
            input_bytes,
            skipped,
            warnings,
        }
    }
}

/// A checkpoint file read back.
pub struct Checkpoint {
    pub progress: Progress,
    pub fingerprint: Fingerprint,
}

impl Checkpoint {
    fn to_text(progress: &Progress, fingerprint: &Fingerprint) -> String {
        let mut text = format!("{MAGIC}\n");
        for (key, value) in PROGRESS_KEYS.iter().zip(progress.values()) {
            text.push_str(&format!("{key}\t{value}\n"));
        }
        for (key, value) in &fingerprint.lines {
            text.push_str(&format!("{key}\t{value}\n"));
        }
        text
    }

    /// Reads a checkpoint file; `Err` says why it cannot be used.
    pub fn read(path: &Path) -> Result<Checkpoint, String> {
        let text = fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
        let mut lines = text.lines();
        if lines.next() != Some(MAGIC) {
            return Err("it is not a checkpoint of this version of tonle".into());
        }
        let mut values = [0u64; 7];
        for (slot, key) in values.iter_mut().zip(PROGRESS_KEYS) {
            let line = lines.next().unwrap_or_default();
            *slot = line
                .strip_prefix(key)
                .and_then(|v| v.strip_prefix('\t'))
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("its line {key:?} is damaged"))?;
        }
        let mut fingerprint = Fingerprint::default();
        for line in lines {
            let (k, v) = line.split_once('\t').ok_or("a line is damaged")?;
            fingerprint.add(k, v);
        }
        Ok(Checkpoint {
            progress: Progress::from_values(values),
            fingerprint,
        })
    }
}

/// Writes checkpoints as batches are written.
pub struct Checkpointer {
    pub paths: StatePaths,
    fingerprint: Fingerprint,
    /// What the partial file held before this run (zero for a fresh run).
    pub base: Progress,
    last: Option<Instant>,
    /// The last progress written to the checkpoint.
    pub saved: Progress,
}

impl Checkpointer {
    pub fn new(paths: StatePaths, fingerprint: Fingerprint, base: Progress) -> Checkpointer {
        Checkpointer {
            paths,
            fingerprint,
            saved: base.clone(),
            base,
            last: None,
        }
    }

    /// The whole run's progress after this run's `summary`, with the partial file `bytes`
    /// long.
    pub fn progress(&self, summary: &Summary, bytes: u64) -> Progress {
        Progress {
            batches: summary.batches,
            bytes,
            documents: self.base.documents + summary.documents,
            records: self.base.records + summary.records,
            input_bytes: self.base.input_bytes + summary.bytes,
            skipped: self.base.skipped + summary.skipped,
            warnings: self.base.warnings + summary.warnings,
        }
    }

    /// After a batch is written whole to `file` (through its buffer, flushed here): records
    /// it, if the last checkpoint is old enough or `force`.
    pub fn after_batch(
        &mut self,
        summary: &Summary,
        out: &mut BufWriter<File>,
        force: bool,
    ) -> io::Result<()> {
        if !force && self.last.is_some_and(|t| t.elapsed() < CHECKPOINT_EVERY) {
            return Ok(());
        }
        out.flush()?;
        let file = out.get_ref();
        let bytes = file.metadata()?.len();
        file.sync_data()?;
        let progress = self.progress(summary, bytes);
        self.write(&progress)?;
        self.saved = progress;
        self.last = Some(Instant::now());
        Ok(())
    }

    /// Writes the checkpoint for `progress` (the partial file must already be synced).
    pub fn write(&self, progress: &Progress) -> io::Result<()> {
        let text = Checkpoint::to_text(progress, &self.fingerprint);
        let mut tmp = File::create(&self.paths.checkpoint_tmp)?;
        tmp.write_all(text.as_bytes())?;
        tmp.sync_all()?;
        fs::rename(&self.paths.checkpoint_tmp, &self.paths.checkpoint)?;
        self.paths.sync_dir()
    }

    /// The run is complete: the partial file becomes FILE and the checkpoint goes.
    pub fn finish(&self, file: File) -> io::Result<()> {
        file.sync_all()?;
        drop(file);
        // A checkpoint being written when the disk filled up may have left its temporary.
        let _ = fs::remove_file(&self.paths.checkpoint_tmp);
        fs::remove_file(&self.paths.checkpoint)?;
        fs::rename(&self.paths.partial, &self.paths.output)?;
        self.paths.sync_dir()
    }
}

/// Opens the partial file to continue `checkpoint`: cut back to its checkpointed length
/// (bytes after it belong to a batch that was not written whole) and positioned at its end.
pub fn reopen_partial(paths: &StatePaths, checkpoint: &Checkpoint) -> Result<File, String> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&paths.partial)
        .map_err(|e| format!("cannot open {}: {e}", paths.partial.display()))?;
    let len = file
        .metadata()
        .map_err(|e| format!("cannot read {}: {e}", paths.partial.display()))?
        .len();
    let want = checkpoint.progress.bytes;
    if len < want {
        return Err(format!(
            "{} is {len} bytes long, shorter than the {want} bytes its checkpoint says were \
             written; it was changed since",
            paths.partial.display()
        ));
    }
    file.set_len(want)
        .map_err(|e| format!("cannot cut {} back: {e}", paths.partial.display()))?;
    let mut file = file;
    io::Seek::seek(&mut file, io::SeekFrom::End(0))
        .map_err(|e| format!("cannot seek in {}: {e}", paths.partial.display()))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_reads_back_and_differences_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let paths = StatePaths::new(&dir.path().join("out.jsonl"));
        let mut fp = Fingerprint::default();
        fp.add("option text-field", "body");
        fp.add("input a.jsonl", "12 bytes");
        let progress = Progress {
            batches: 3,
            bytes: 900,
            documents: 40,
            ..Progress::default()
        };
        Checkpointer::new(paths, fp.clone(), Progress::default())
            .write(&progress)
            .unwrap();
        let back = Checkpoint::read(&dir.path().join(".out.jsonl.resume")).unwrap();
        assert_eq!(back.progress, progress);
        assert_eq!(back.fingerprint, fp);
        let mut other = Fingerprint::default();
        other.add("option text-field", "text");
        assert_eq!(
            other.difference(&fp).unwrap(),
            "option text-field: the interrupted run had body, this run has text"
        );
        other.lines[0].1 = "body".into();
        assert_eq!(
            other.difference(&fp).unwrap(),
            "the interrupted run also had input a.jsonl, this run has not"
        );
        assert_eq!(fp.difference(&fp), None);
    }
}
