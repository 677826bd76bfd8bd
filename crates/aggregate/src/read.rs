//! Reading record files: JSON lines, plain or compressed (`.gz`, `.zst`), one typed record at
//! a time, so that memory never holds a file.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tonle::Record;

/// A record file that could not be read, or a line of it that is not a record.
#[derive(Debug)]
pub struct ReadError {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line, when the error is in one line.
    pub line: Option<u64>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ReadError {}

/// Counts the bytes read from the file (before decompression), for a progress bar.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens `path`, decompressing `.gz` and `.zst` files; `read` grows by the file bytes read.
fn open(path: &Path, read: Arc<AtomicU64>) -> io::Result<Box<dyn BufRead>> {
    let file = Counting {
        inner: File::open(path)?,
        read,
    };
    let name = path.to_string_lossy();
    Ok(if name.ends_with(".gz") {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else if name.ends_with(".zst") {
        Box::new(BufReader::new(zstd::Decoder::new(file)?))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, file))
    })
}

/// Calls `each` on every record of the JSON-lines file `path`, in order. Blank lines are
/// skipped; a line that is not a record goes to `skipped` and reading goes on. An error is
/// returned only when the file cannot be opened or read on.
pub fn for_each_record(
    path: &Path,
    read: Arc<AtomicU64>,
    mut each: impl FnMut(Record<'static>),
    mut skipped: impl FnMut(ReadError),
) -> Result<(), ReadError> {
    let error = |line: Option<u64>, message: String| ReadError {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut reader = open(path, read).map_err(|e| error(None, e.to_string()))?;
    let mut buf = String::new();
    let mut line = 0u64;
    loop {
        buf.clear();
        line += 1;
        match reader.read_line(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(error(Some(line), e.to_string())),
        }
        if buf.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record<'static>>(&buf) {
            Ok(record) => each(record),
            Err(e) => skipped(error(Some(line), format!("not a tonle record: {e}"))),
        }
    }
}
