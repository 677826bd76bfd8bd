//! The tables as columns, written as CSV and Parquet from one Arrow record batch each, so
//! the two files of a table cannot disagree.

use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{DataType, Field, Schema};

use crate::Tables;

/// The tables written, by file name without extension.
pub const TABLES: [&str; 4] = ["claims", "counts", "entities", "cooccurrence"];

/// A table that could not be written.
#[derive(Debug)]
pub struct TableError {
    /// The file being written.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for TableError {}

/// Columns of one table, in order.
#[derive(Default)]
struct Columns {
    fields: Vec<Field>,
    arrays: Vec<ArrayRef>,
}

impl Columns {
    fn text<'a>(mut self, name: &str, values: impl Iterator<Item = Option<&'a str>>) -> Self {
        self.fields.push(Field::new(name, DataType::Utf8, true));
        self.arrays
            .push(Arc::new(values.collect::<StringArray>()) as ArrayRef);
        self
    }

    fn float(mut self, name: &str, values: impl Iterator<Item = f64>) -> Self {
        self.fields.push(Field::new(name, DataType::Float64, true));
        let values = values.map(|v| v.is_finite().then_some(v));
        self.arrays
            .push(Arc::new(values.collect::<Float64Array>()) as ArrayRef);
        self
    }

    fn count(mut self, name: &str, values: impl Iterator<Item = u64>) -> Self {
        self.fields.push(Field::new(name, DataType::UInt64, false));
        self.arrays
            .push(Arc::new(values.map(Some).collect::<UInt64Array>()) as ArrayRef);
        self
    }

    fn flag(mut self, name: &str, values: impl Iterator<Item = bool>) -> Self {
        self.fields.push(Field::new(name, DataType::Boolean, false));
        self.arrays
            .push(Arc::new(values.map(Some).collect::<BooleanArray>()) as ArrayRef);
        self
    }

    fn batch(self) -> RecordBatch {
        let schema = Arc::new(Schema::new(self.fields));
        // Every column is built from the same rows, so the lengths agree.
        RecordBatch::try_new(schema, self.arrays).expect("columns of one length")
    }
}

/// Lists in one cell: `; ` between items.
fn joined(items: &[String]) -> String {
    items.join("; ")
}

fn empty_none(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

fn claims_batch(t: &Tables) -> RecordBatch {
    let c = &t.claims;
    let docs: Vec<String> = c.iter().map(|c| joined(&c.docs)).collect();
    let urls: Vec<String> = c.iter().map(|c| joined(&c.urls)).collect();
    let refs: Vec<String> = c.iter().map(|c| joined(&c.refs)).collect();
    let conflicts: Vec<String> = c.iter().map(|c| joined(&c.conflicting_with)).collect();
    Columns::default()
        .text("claim", c.iter().map(|c| Some(c.id.as_str())))
        .text("event", c.iter().map(|c| empty_none(&c.event)))
        .flag("negated", c.iter().map(|c| c.negated))
        .flag("agent", c.iter().map(|c| c.agent))
        .text(
            "counted_head",
            c.iter().map(|c| empty_none(&c.counted_head)),
        )
        .float("value", c.iter().map(|c| c.value))
        .float("low", c.iter().map(|c| c.low))
        .float("high", c.iter().map(|c| c.high))
        .text("qualifier", c.iter().map(|c| c.qualifier.as_deref()))
        .flag("approximate", c.iter().map(|c| c.approximate))
        .flag("part", c.iter().map(|c| c.part))
        .text("place", c.iter().map(|c| empty_none(&c.place)))
        .text("place_id", c.iter().map(|c| empty_none(&c.place_id)))
        .text("province", c.iter().map(|c| empty_none(&c.province)))
        .text("province_id", c.iter().map(|c| empty_none(&c.province_id)))
        .text("time", c.iter().map(|c| c.time_start.as_deref()))
        .text("time_end", c.iter().map(|c| c.time_end.as_deref()))
        .text("month", c.iter().map(|c| c.month.as_deref()))
        .count("n_sources", c.iter().map(|c| c.docs.len() as u64))
        .count("n_records", c.iter().map(|c| c.refs.len() as u64))
        .text("docs", docs.iter().map(|s| Some(s.as_str())))
        .text("urls", urls.iter().map(|s| empty_none(s)))
        .text(
            "first_published",
            c.iter().map(|c| c.first_published.as_deref()),
        )
        .text(
            "last_published",
            c.iter().map(|c| c.last_published.as_deref()),
        )
        .flag(
            "conflicting",
            c.iter().map(|c| !c.conflicting_with.is_empty()),
        )
        .text("conflicting_with", conflicts.iter().map(|s| empty_none(s)))
        .text("refs", refs.iter().map(|s| Some(s.as_str())))
        .batch()
}

fn counts_batch(t: &Tables) -> RecordBatch {
    let c = &t.counts;
    Columns::default()
        .text("event", c.iter().map(|c| empty_none(&c.event)))
        .text(
            "counted_head",
            c.iter().map(|c| empty_none(&c.counted_head)),
        )
        .text("province", c.iter().map(|c| empty_none(&c.province)))
        .text("province_id", c.iter().map(|c| empty_none(&c.province_id)))
        .text("month", c.iter().map(|c| empty_none(&c.month)))
        .float("total", c.iter().map(|c| c.total))
        .count("claims", c.iter().map(|c| c.claims))
        .flag("approximate", c.iter().map(|c| c.approximate > 0))
        .count("approximate_claims", c.iter().map(|c| c.approximate))
        .count("sources", c.iter().map(|c| c.sources))
        .count("parts_left_out", c.iter().map(|c| c.parts_left_out))
        .count("conflicts_left_out", c.iter().map(|c| c.conflicts_left_out))
        .batch()
}

fn entities_batch(t: &Tables) -> RecordBatch {
    let e = &t.entities;
    Columns::default()
        .text("entity", e.iter().map(|e| Some(e.id.as_str())))
        .text("canonical", e.iter().map(|e| Some(e.canonical.as_str())))
        .text("type", e.iter().map(|e| Some(e.entity_type.as_str())))
        .text("month", e.iter().map(|e| empty_none(&e.month)))
        .count("mentions", e.iter().map(|e| e.mentions))
        .count("documents", e.iter().map(|e| e.documents))
        .batch()
}

fn cooccurrence_batch(t: &Tables) -> RecordBatch {
    let p = &t.cooccurrence;
    Columns::default()
        .text("entity_a", p.iter().map(|p| Some(p.a.as_str())))
        .text("canonical_a", p.iter().map(|p| Some(p.a_name.as_str())))
        .text("type_a", p.iter().map(|p| Some(p.a_type.as_str())))
        .text("entity_b", p.iter().map(|p| Some(p.b.as_str())))
        .text("canonical_b", p.iter().map(|p| Some(p.b_name.as_str())))
        .text("type_b", p.iter().map(|p| Some(p.b_type.as_str())))
        .count("sentences", p.iter().map(|p| p.sentences))
        .count("documents", p.iter().map(|p| p.documents))
        .batch()
}

/// Writes `name.csv` and `name.parquet` of each table into `dir` (which must exist); each
/// file is written beside under a temporary name and renamed into place when whole.
/// Returns the paths written.
pub fn write_tables(tables: &Tables, dir: &Path) -> Result<Vec<PathBuf>, TableError> {
    let batches = [
        claims_batch(tables),
        counts_batch(tables),
        entities_batch(tables),
        cooccurrence_batch(tables),
    ];
    let mut written = Vec::new();
    for (name, batch) in TABLES.iter().zip(&batches) {
        let csv = dir.join(format!("{name}.csv"));
        write_atomically(&csv, |file| {
            let mut w = arrow_csv::WriterBuilder::new()
                .with_header(true)
                .build(file);
            w.write(batch).map_err(|e| e.to_string())?;
            w.into_inner().flush().map_err(|e| e.to_string())
        })?;
        let parquet = dir.join(format!("{name}.parquet"));
        write_atomically(&parquet, |file| {
            let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None)
                .map_err(|e| e.to_string())?;
            w.write(batch).map_err(|e| e.to_string())?;
            let mut file = w.into_inner().map_err(|e| e.to_string())?;
            file.flush().map_err(|e| e.to_string())
        })?;
        written.extend([csv, parquet]);
    }
    Ok(written)
}

fn write_atomically(
    path: &Path,
    write: impl FnOnce(BufWriter<File>) -> Result<(), String>,
) -> Result<(), TableError> {
    let error = |message: String| TableError {
        path: path.to_path_buf(),
        message,
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let partial = path.with_file_name(format!(".{name}.partial"));
    let file = File::create(&partial).map_err(|e| error(e.to_string()))?;
    write(BufWriter::new(file)).map_err(error)?;
    std::fs::rename(&partial, path).map_err(|e| error(e.to_string()))
}
