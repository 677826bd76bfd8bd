//! JSON lines of records, written fast.
//!
//! A record's `Serialize` (in `record.rs`) is the one definition of its JSON. serde_json
//! escapes every object key it writes, and a record has some twenty: on the news corpora that
//! was a fifth of the cost of writing records (BENCHMARKS.md). The keys are fixed
//! identifiers that need no escaping, so this serializer writes the top-level keys as they
//! are and hands every value to serde_json; the bytes are the same as
//! `serde_json::to_writer` would write (tested below).

use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};

/// Appends `record` as one JSON line (object and `\n`) to `out`.
pub(crate) fn write_line<T: Serialize>(out: &mut Vec<u8>, record: &T) {
    let mark = out.len();
    if record.serialize(Line(out)).is_err() {
        // Not a struct (never for a record): fall back to serde_json's own way.
        out.truncate(mark);
        let _ = serde_json::to_writer(&mut *out, record);
    }
    out.push(b'\n');
}

/// Error of [`Line`]: only a struct is written this way.
#[derive(Debug)]
pub(crate) struct NotAStruct;

impl std::fmt::Display for NotAStruct {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("only a struct is written as a JSON line")
    }
}

impl std::error::Error for NotAStruct {}

impl ser::Error for NotAStruct {
    fn custom<M: std::fmt::Display>(_: M) -> NotAStruct {
        NotAStruct
    }
}

struct Line<'o>(&'o mut Vec<u8>);

/// The fields of the struct being written.
struct Fields<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = NotAStruct;

    // Inlined where each record field is written, the key's length is a constant and its
    // copy a few moves rather than a call to memcpy (BENCHMARKS.md).
    #[inline(always)]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotAStruct> {
        debug_assert!(
            key.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\'),
            "{key:?} needs escaping"
        );
        let out = &mut *self.out;
        out.reserve(key.len() + 4);
        out.extend_from_slice(if self.first { b"\"" } else { b",\"" });
        self.first = false;
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\":");
        value
            .serialize(&mut serde_json::Serializer::new(&mut *out))
            .map_err(|_| NotAStruct)
    }

    fn end(self) -> Result<(), NotAStruct> {
        self.out.push(b'}');
        Ok(())
    }
}

/// Everything but `serialize_struct` is refused: a record is a struct.
macro_rules! refuse {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<(), NotAStruct> { Err(NotAStruct) })*
    };
}

impl<'o> Serializer for Line<'o> {
    type Ok = ();
    type Error = NotAStruct;
    type SerializeSeq = Impossible<(), NotAStruct>;
    type SerializeTuple = Impossible<(), NotAStruct>;
    type SerializeTupleStruct = Impossible<(), NotAStruct>;
    type SerializeTupleVariant = Impossible<(), NotAStruct>;
    type SerializeMap = Impossible<(), NotAStruct>;
    type SerializeStruct = Fields<'o>;
    type SerializeStructVariant = Impossible<(), NotAStruct>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields<'o>, NotAStruct> {
        self.0.push(b'{');
        Ok(Fields {
            out: self.0,
            first: true,
        })
    }

    refuse!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotAStruct> {
        Err(NotAStruct)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Sample<'a> {
        name: &'a str,
        n: f64,
        #[serde(skip_serializing_if = "Option::is_none")]
        gone: Option<u8>,
        nested: Vec<(&'a str, u8)>,
    }

    #[derive(serde::Serialize)]
    struct Empty {}

    #[test]
    fn writes_what_serde_json_writes() {
        let sample = Sample {
            name: "quote \" and \u{1} and ខ្មែរ",
            n: 4.5e21,
            gone: None,
            nested: vec![("a", 1)],
        };
        let mut out = Vec::new();
        write_line(&mut out, &sample);
        write_line(&mut out, &Empty {});
        // Not a struct: written by serde_json.
        write_line(&mut out, &[1, 2]);
        let expected = format!(
            "{}\n{}\n[1,2]\n",
            serde_json::to_string(&sample).unwrap(),
            serde_json::to_string(&Empty {}).unwrap()
        );
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn records_with_zones_and_document_records_are_written_as_serde_json_writes_them() {
        let tonle =
            crate::Tonle::with_gazetteer(tonle_gazetteer::GazetteerBuilder::new().build().unwrap())
                .documents(true)
                .keep_boilerplate(true);
        let doc = crate::Document::new(
            "d\"1",
            "https://example.org/2023/03/04/x\nTwo \"Held\" in Kep\n3 min read\n\nPolice held 2 men.\n\n© 2023 X",
        )
        .with_layout(crate::Layout::Auto)
        .meta("lang", "en");
        let records = tonle.extract(&doc);
        assert_eq!(records[0].kind(), crate::Kind::Document);
        assert!(records.len() >= 4, "{records:?}");
        for r in &records {
            let mut out = Vec::new();
            write_line(&mut out, r);
            let expected = format!("{}\n", serde_json::to_string(r).unwrap());
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
        let line = records[0].to_json();
        assert!(
            line.contains(r#""date":"2023-03-04","date_from":"url","language":"en","length":"#),
            "{line}"
        );
        assert!(
            line.contains(r#""zones":[{"zone":"url","start":0,"end":32},"#),
            "{line}"
        );
        let zones: Vec<&str> = records[1..]
            .iter()
            .map(|r| r.zone.unwrap().as_str())
            .collect();
        assert_eq!(zones, ["headline", "boilerplate", "body", "boilerplate"]);
    }
}
