//! Records as Arrow columns: one column per record field (docs/python.md), filled through
//! the records' own `Serialize`, so that a column holds exactly what the JSON field holds.
//!
//! Each top-level field is written with serde_json to a scratch buffer and read from there
//! into its column: strings unquoted, integers and floats parsed (an exponent `4.5e21`
//! included), nested values (`attrs`, `zones`, `meta`) kept as JSON text. A field the record
//! does not have is null in its column. The buffers are Arrow's layout (validity bitmaps,
//! 32-bit string offsets, little-endian values), handed to Python as bytes for
//! `pyarrow.Array.from_buffers`.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};
use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    Float,
    Bool,
    /// A nested value as JSON text.
    Json,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Str => "str",
            Kind::Int => "int",
            Kind::Float => "float",
            Kind::Bool => "bool",
            Kind::Json => "json",
        }
    }
}

macro_rules! columns {
    ($($name:literal => $kind:ident),* $(,)?) => {
        /// Every field a record can have, in the order records write them, and its column's
        /// kind. A new record field needs a column here (records with it fail to convert until
        /// it has one) and a line in docs/python.md.
        pub const COLUMNS: &[(&str, Kind)] = &[$(($name, Kind::$kind)),*];

        fn index_of(key: &str) -> Option<usize> {
            let mut i = 0;
            $(
                if key == $name {
                    return Some(i);
                }
                i += 1;
            )*
            let _ = i;
            None
        }
    };
}

columns! {
    "schema_version" => Int,
    "doc" => Str,
    "kind" => Str,
    "type" => Str,
    "text" => Str,
    "start" => Int,
    "end" => Int,
    "sentence" => Int,
    "zone" => Str,
    "canonical" => Str,
    "id" => Str,
    "list" => Str,
    "resolved_by" => Str,
    "source" => Str,
    "within" => Int,
    "attrs" => Json,
    "value" => Float,
    "category" => Str,
    "low" => Float,
    "high" => Float,
    "qualifier" => Str,
    "vague" => Bool,
    "unit" => Str,
    "currency" => Str,
    "per" => Str,
    "counted" => Str,
    "counted_head" => Str,
    "relation" => Str,
    "parent_start" => Int,
    "parent_text" => Str,
    "event" => Str,
    "negated" => Bool,
    "place" => Str,
    "place_id" => Str,
    "date" => Str,
    "time" => Str,
    "time_end" => Str,
    "role" => Str,
    "place_by" => Str,
    "province" => Str,
    "province_id" => Str,
    "repeat_of" => Int,
    "speaker" => Str,
    "speaker_id" => Str,
    "speaker_start" => Int,
    "verb" => Str,
    "url" => Str,
    "title" => Str,
    "date_from" => Str,
    "language" => Str,
    "length" => Int,
    "zones" => Json,
    "meta" => Json,
    "duplicate_of" => Str,
}

/// One column being filled.
struct Column {
    kind: Kind,
    validity: Bitmap,
    nulls: usize,
    /// String offsets (`Str`, `Json`).
    offsets: Vec<i32>,
    /// String bytes, or little-endian values (`Int`, `Float`).
    data: Vec<u8>,
    /// Values of a `Bool` column.
    bools: Bitmap,
    /// Whether the current row has set it.
    set: bool,
}

#[derive(Default)]
struct Bitmap {
    bytes: Vec<u8>,
    len: usize,
}

impl Bitmap {
    fn push(&mut self, bit: bool) {
        if self.len.is_multiple_of(8) {
            self.bytes.push(0);
        }
        if bit {
            self.bytes[self.len / 8] |= 1 << (self.len % 8);
        }
        self.len += 1;
    }
}

impl Column {
    fn new(kind: Kind) -> Column {
        Column {
            kind,
            validity: Bitmap::default(),
            nulls: 0,
            offsets: vec![0],
            data: Vec::new(),
            bools: Bitmap::default(),
            set: false,
        }
    }

    fn end_string(&mut self) -> Result<(), String> {
        let end = i32::try_from(self.data.len())
            .map_err(|_| "more than 2 GB of text in one batch of records".to_string())?;
        self.offsets.push(end);
        Ok(())
    }

    fn push_null(&mut self) {
        self.validity.push(false);
        self.nulls += 1;
        match self.kind {
            Kind::Str | Kind::Json => {
                let end = *self.offsets.last().unwrap_or(&0);
                self.offsets.push(end);
            }
            Kind::Int | Kind::Float => self.data.extend_from_slice(&[0; 8]),
            Kind::Bool => self.bools.push(false),
        }
    }

    /// Sets this row's value from the field's JSON text.
    fn push_json(&mut self, name: &str, json: &[u8]) -> Result<(), String> {
        if json == b"null" {
            self.push_null();
            return Ok(());
        }
        let wrong = || {
            format!(
                "the record's \"{name}\" is {}, not a {} value",
                String::from_utf8_lossy(json),
                self.kind.name()
            )
        };
        match self.kind {
            Kind::Json => self.data.extend_from_slice(json),
            Kind::Str => match json {
                [b'"', inner @ .., b'"'] if !inner.contains(&b'\\') => {
                    self.data.extend_from_slice(inner)
                }
                _ => {
                    let s: String = serde_json::from_slice(json).map_err(|_| wrong())?;
                    self.data.extend_from_slice(s.as_bytes());
                }
            },
            Kind::Int => {
                let v: i64 = parse(json).ok_or_else(wrong)?;
                self.data.extend_from_slice(&v.to_le_bytes());
            }
            Kind::Float => {
                let v: f64 = parse(json).ok_or_else(wrong)?;
                self.data.extend_from_slice(&v.to_le_bytes());
            }
            Kind::Bool => match json {
                b"true" => self.bools.push(true),
                b"false" => self.bools.push(false),
                _ => return Err(wrong()),
            },
        }
        if matches!(self.kind, Kind::Str | Kind::Json) {
            self.end_string()?;
        }
        self.validity.push(true);
        Ok(())
    }

    /// `(validity or None, null count, [buffers])`, the arguments of
    /// `pyarrow.Array.from_buffers` after the type and length.
    fn to_python<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let validity = (self.nulls > 0).then(|| PyBytes::new(py, &self.validity.bytes));
        let buffers = PyList::empty(py);
        match self.kind {
            Kind::Str | Kind::Json => {
                let offsets: Vec<u8> = self.offsets.iter().flat_map(|o| o.to_le_bytes()).collect();
                buffers.append(PyBytes::new(py, &offsets))?;
                buffers.append(PyBytes::new(py, &self.data))?;
            }
            Kind::Int | Kind::Float => buffers.append(PyBytes::new(py, &self.data))?,
            Kind::Bool => buffers.append(PyBytes::new(py, &self.bools.bytes))?,
        }
        (validity, self.nulls, buffers).into_pyobject(py)
    }
}

fn parse<T: std::str::FromStr>(json: &[u8]) -> Option<T> {
    std::str::from_utf8(json).ok()?.parse().ok()
}

/// Records as columns.
pub struct Columns {
    columns: Vec<Column>,
    rows: usize,
    scratch: Vec<u8>,
}

impl Columns {
    pub fn new() -> Columns {
        Columns {
            columns: COLUMNS.iter().map(|&(_, kind)| Column::new(kind)).collect(),
            rows: 0,
            scratch: Vec::new(),
        }
    }

    /// Adds one record as a row. On an error (a field without a column: a record newer than
    /// this table), the columns are left unusable.
    pub fn push<T: Serialize>(&mut self, record: &T) -> Result<(), String> {
        record.serialize(Row(self)).map_err(|e| e.0)?;
        for c in &mut self.columns {
            if !std::mem::take(&mut c.set) {
                c.push_null();
            }
        }
        self.rows += 1;
        Ok(())
    }

    fn field<V: Serialize + ?Sized>(&mut self, key: &str, value: &V) -> Result<(), String> {
        let i = index_of(key).ok_or_else(|| {
            format!("the record field \"{key}\" has no column in this version of tonle's Python package")
        })?;
        self.scratch.clear();
        serde_json::to_writer(&mut self.scratch, value).map_err(|e| e.to_string())?;
        let column = &mut self.columns[i];
        if column.set {
            return Err(format!("the record has two \"{key}\" fields"));
        }
        column.set = true;
        column.push_json(key, &self.scratch)
    }

    /// `(rows, [column tuples])` in [`COLUMNS`] order (see [`Column::to_python`]).
    pub fn to_python<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let cols = PyList::empty(py);
        for c in &self.columns {
            cols.append(c.to_python(py)?)?;
        }
        Ok((self.rows, cols).into_pyobject(py)?.into_any())
    }
}

/// Why a record could not be put in columns.
#[derive(Debug)]
struct Failed(String);

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failed {}

impl ser::Error for Failed {
    fn custom<M: std::fmt::Display>(m: M) -> Failed {
        Failed(m.to_string())
    }
}

/// Serializes a record (a struct) into a row of [`Columns`].
struct Row<'c>(&'c mut Columns);

impl<'c> SerializeStruct for Row<'c> {
    type Ok = ();
    type Error = Failed;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Failed> {
        self.0.field(key, value).map_err(Failed)
    }

    fn end(self) -> Result<(), Failed> {
        Ok(())
    }
}

fn not_a_record<T>() -> Result<T, Failed> {
    Err(Failed("only a record (a struct) fills a row".into()))
}

macro_rules! not_a_record {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<(), Failed> { not_a_record() })*
    };
}

impl<'c> Serializer for Row<'c> {
    type Ok = ();
    type Error = Failed;
    type SerializeSeq = Impossible<(), Failed>;
    type SerializeTuple = Impossible<(), Failed>;
    type SerializeTupleStruct = Impossible<(), Failed>;
    type SerializeTupleVariant = Impossible<(), Failed>;
    type SerializeMap = Impossible<(), Failed>;
    type SerializeStruct = Row<'c>;
    type SerializeStructVariant = Impossible<(), Failed>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Row<'c>, Failed> {
        Ok(self)
    }

    not_a_record! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Failed> {
        not_a_record()
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Failed> {
        not_a_record()
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Failed> {
        not_a_record()
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Failed> {
        not_a_record()
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Failed> {
        not_a_record()
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Failed> {
        not_a_record()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Failed> {
        not_a_record()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Failed> {
        not_a_record()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Failed> {
        not_a_record()
    }
}
