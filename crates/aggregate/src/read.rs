//! Reading record files: JSON lines, plain or compressed (`.gz`, `.zst`), and Parquet (as the
//! Python package and the Spark job write them), one typed record at a time, so that memory
//! never holds a file (a Parquet file is read a row group at a time).

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
    if path.extension().is_some_and(|e| e == "parquet") {
        return for_each_parquet_record(path, read, each, skipped);
    }
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

/// Record fields that Parquet (the Python package's and the Spark job's) holds as JSON text.
const JSON_COLUMNS: [&str; 3] = ["attrs", "zones", "meta"];

/// Calls `each` on every record of the Parquet file `path` (as `tonle.spark` and
/// `extract_arrow` write them: one column per record field, null where a record lacks it;
/// `kind` may be in the directory name instead, `kind=entity/part-0.parquet`, as Spark
/// partitions it). A row that is not a record goes to `skipped`, with its 1-based number.
pub fn for_each_parquet_record(
    path: &Path,
    read: Arc<AtomicU64>,
    mut each: impl FnMut(Record<'static>),
    mut skipped: impl FnMut(ReadError),
) -> Result<(), ReadError> {
    let error = |message: String| ReadError {
        path: path.to_path_buf(),
        line: None,
        message,
    };
    let file = File::open(path).map_err(|e| error(e.to_string()))?;
    read.fetch_add(file.metadata().map_or(0, |m| m.len()), Ordering::Relaxed);
    let batches = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .map_err(|e| error(format!("not a Parquet file tonle can read: {e}")))?;
    let kind_of_dir = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix("kind="))
        .map(str::to_string);
    let mut row_number = 0u64;
    for batch in batches {
        let batch = batch.map_err(|e| error(format!("cannot read a row group: {e}")))?;
        for row in 0..batch.num_rows() {
            row_number += 1;
            let mut object = row_object(&batch, row);
            if let Some(kind) = &kind_of_dir {
                object
                    .entry("kind")
                    .or_insert_with(|| serde_json::Value::String(kind.clone()));
            }
            match serde_json::from_value::<Record<'static>>(serde_json::Value::Object(object)) {
                Ok(record) => each(record),
                Err(e) => skipped(error(format!("row {row_number}: not a tonle record: {e}"))),
            }
        }
    }
    Ok(())
}

/// Row `row` of `batch` as the JSON object of a record: null cells left out, JSON columns
/// parsed, numbers and strings as they are.
fn row_object(
    batch: &arrow_array::RecordBatch,
    row: usize,
) -> serde_json::Map<String, serde_json::Value> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int32Type, Int64Type};
    use arrow_schema::DataType;
    use serde_json::Value;

    let mut object = serde_json::Map::new();
    for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
        if column.is_null(row) {
            continue;
        }
        let name = field.name().as_str();
        let value = match column.data_type() {
            DataType::Int64 => Value::from(column.as_primitive::<Int64Type>().value(row)),
            DataType::Int32 => Value::from(column.as_primitive::<Int32Type>().value(row)),
            DataType::Float64 => {
                let v = column.as_primitive::<Float64Type>().value(row);
                serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
            }
            DataType::Boolean => Value::Bool(column.as_boolean().value(row)),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
                let text = match column.data_type() {
                    DataType::Utf8 => column.as_string::<i32>().value(row),
                    DataType::LargeUtf8 => column.as_string::<i64>().value(row),
                    _ => column.as_string_view().value(row),
                };
                if JSON_COLUMNS.contains(&name) {
                    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into()))
                } else {
                    Value::String(text.into())
                }
            }
            // A type no tonle writer uses: left out, so that the record says what it lacks.
            _ => continue,
        };
        if !value.is_null() {
            object.insert(name.to_string(), value);
        }
    }
    object
}
