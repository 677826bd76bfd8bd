//! JSON lines of records, written fast.
//!
//! A record's `Serialize` (in `record.rs`) is the one definition of its JSON. serde_json
//! escapes every object key it writes, and a record has some twenty: on the news corpora that
//! was a fifth of the cost of writing records (BENCHMARKS.md). The keys are fixed
//! identifiers that need no escaping, so this serializer writes the top-level keys as they
//! are. Values that are strings, names of enum variants, numbers and maps of them are written
//! here too ([`Plain`]): strings are checked eight bytes at a time for anything to escape,
//! where serde_json looks up each byte; every other value is handed to serde_json. The bytes
//! are the same as `serde_json::to_writer` would write (tested below).

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
        let mark = out.len();
        if value.serialize(Plain { out, key: false }).is_err() {
            out.truncate(mark);
            value
                .serialize(&mut serde_json::Serializer::new(&mut *out))
                .map_err(|_| NotAStruct)?;
        }
        Ok(())
    }

    fn end(self) -> Result<(), NotAStruct> {
        self.out.push(b'}');
        Ok(())
    }
}

/// Serializer methods that refuse their value with the error `$err` (a unit struct):
/// everything but `serialize_struct` for [`Line`], compound values for [`Plain`].
macro_rules! refuse {
    ($err:ident; $($name:ident($($arg:ty),*) -> $ret:ty),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<$ret, $err> { Err($err) })*
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

    refuse!(NotAStruct;
        serialize_bool(bool) -> (),
        serialize_i8(i8) -> (),
        serialize_i16(i16) -> (),
        serialize_i32(i32) -> (),
        serialize_i64(i64) -> (),
        serialize_u8(u8) -> (),
        serialize_u16(u16) -> (),
        serialize_u32(u32) -> (),
        serialize_u64(u64) -> (),
        serialize_f32(f32) -> (),
        serialize_f64(f64) -> (),
        serialize_char(char) -> (),
        serialize_str(&str) -> (),
        serialize_bytes(&[u8]) -> (),
        serialize_none() -> (),
        serialize_unit() -> (),
        serialize_unit_struct(&'static str) -> (),
        serialize_unit_variant(&'static str, u32, &'static str) -> (),
        serialize_seq(Option<usize>) -> Self::SerializeSeq,
        serialize_tuple(usize) -> Self::SerializeTuple,
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct,
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant,
        serialize_map(Option<usize>) -> Self::SerializeMap,
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant,
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
}

/// A JSON string, escaped as serde_json escapes it: `\"`, `\\`, the short escapes of
/// control characters, `\u00XX` for the others.
fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    if needs_any_escape(bytes) {
        let mut from = 0;
        for (k, &b) in bytes.iter().enumerate() {
            if b < 0x20 || b == b'"' || b == b'\\' {
                out.extend_from_slice(&bytes[from..k]);
                write_escape(out, b);
                from = k + 1;
            }
        }
        out.extend_from_slice(&bytes[from..]);
    } else {
        out.extend_from_slice(bytes);
    }
    out.push(b'"');
}

/// True when `bytes` hold a byte to escape; looked for eight bytes at a time, the last few in
/// the word that ends where the string does.
#[inline]
fn needs_any_escape(bytes: &[u8]) -> bool {
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("eight bytes"));
    if bytes.len() < 8 {
        return bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
    }
    let chunks = bytes.chunks_exact(8);
    let tail = !chunks.remainder().is_empty();
    chunks.into_iter().any(|c| needs_escape(word(c)))
        || tail && needs_escape(word(&bytes[bytes.len() - 8..]))
}

/// True when one of the eight bytes of `word` is a control character, `"` or `\`. Bytes of
/// multi-byte characters (0x80 and up) never are.
#[inline]
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    (below_space
        | has_zero(word ^ (ONES * u64::from(b'"')))
        | has_zero(word ^ (ONES * u64::from(b'\\'))))
        != 0
}

fn write_escape(out: &mut Vec<u8>, b: u8) {
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0C => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xF)]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// Writes one value of a record: strings, enum variants' names, numbers, options and maps of
/// them. Anything else is refused ([`UseSerdeJson`]) before a byte is written, and the caller
/// hands it to serde_json. Integers and floats are formatted by serde_json (itoa, ryu), so
/// they read as it writes them. With `key`, only a string is accepted (a JSON object key).
struct Plain<'o> {
    out: &'o mut Vec<u8>,
    key: bool,
}

/// Error of [`Plain`]: this value is serde_json's to write.
#[derive(Debug)]
struct UseSerdeJson;

impl std::fmt::Display for UseSerdeJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("this value is written by serde_json")
    }
}

impl std::error::Error for UseSerdeJson {}

impl ser::Error for UseSerdeJson {
    fn custom<M: std::fmt::Display>(_: M) -> UseSerdeJson {
        UseSerdeJson
    }
}

/// Numbers and `null`, written by serde_json unless the value is a key.
macro_rules! by_serde_json {
    ($($name:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
        $(fn $name(self, $($arg: $ty),*) -> Result<(), UseSerdeJson> {
            if self.key {
                return Err(UseSerdeJson);
            }
            serde_json::Serializer::new(self.out)
                .$name($($arg),*)
                .map_err(|_| UseSerdeJson)
        })*
    };
}

impl<'o> Serializer for Plain<'o> {
    type Ok = ();
    type Error = UseSerdeJson;
    type SerializeSeq = Impossible<(), UseSerdeJson>;
    type SerializeTuple = Impossible<(), UseSerdeJson>;
    type SerializeTupleStruct = Impossible<(), UseSerdeJson>;
    type SerializeTupleVariant = Impossible<(), UseSerdeJson>;
    type SerializeMap = Entries<'o>;
    type SerializeStruct = Impossible<(), UseSerdeJson>;
    type SerializeStructVariant = Impossible<(), UseSerdeJson>;

    fn serialize_str(self, v: &str) -> Result<(), UseSerdeJson> {
        write_str(self.out, v);
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), UseSerdeJson> {
        if self.key {
            return Err(UseSerdeJson);
        }
        write_str(self.out, variant);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), UseSerdeJson> {
        v.serialize(self)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Entries<'o>, UseSerdeJson> {
        if self.key {
            return Err(UseSerdeJson);
        }
        self.out.push(b'{');
        Ok(Entries {
            out: self.out,
            first: true,
        })
    }

    by_serde_json!(
        serialize_bool(v: bool),
        serialize_i8(v: i8),
        serialize_i16(v: i16),
        serialize_i32(v: i32),
        serialize_i64(v: i64),
        serialize_u8(v: u8),
        serialize_u16(v: u16),
        serialize_u32(v: u32),
        serialize_u64(v: u64),
        serialize_f32(v: f32),
        serialize_f64(v: f64),
        serialize_none(),
        serialize_unit(),
    );

    // Left to serde_json.
    refuse!(UseSerdeJson;
        serialize_char(char) -> (),
        serialize_bytes(&[u8]) -> (),
        serialize_unit_struct(&'static str) -> (),
        serialize_seq(Option<usize>) -> Self::SerializeSeq,
        serialize_tuple(usize) -> Self::SerializeTuple,
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct,
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant,
        serialize_struct(&'static str, usize) -> Self::SerializeStruct,
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant,
    );

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), UseSerdeJson> {
        Err(UseSerdeJson)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), UseSerdeJson> {
        Err(UseSerdeJson)
    }
}

/// The entries of a map [`Plain`] writes (a record's `attrs`).
struct Entries<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl ser::SerializeMap for Entries<'_> {
    type Ok = ();
    type Error = UseSerdeJson;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), UseSerdeJson> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        key.serialize(Plain {
            out: self.out,
            key: true,
        })
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), UseSerdeJson> {
        self.out.push(b':');
        value.serialize(Plain {
            out: self.out,
            key: false,
        })
    }

    fn end(self) -> Result<(), UseSerdeJson> {
        self.out.push(b'}');
        Ok(())
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
    fn strings_are_escaped_as_serde_json_escapes_them() {
        // Every ASCII byte at every place of an eight-byte word, beside multi-byte characters.
        let mut samples: Vec<String> = (0u8..0x80)
            .flat_map(|b| {
                (0..17).map(move |at| {
                    let mut s = String::from("abcdefghé“ijklmn");
                    let at = s.char_indices().nth(at).map_or(s.len(), |(i, _)| i);
                    s.insert(at, b as char);
                    s
                })
            })
            .collect();
        samples.extend(
            [
                "",
                "plain ascii text longer than eight bytes",
                "ខ្មែរ “quoted” — dash",
                "\"",
                "tail\\",
                "\u{7f}\u{1f}\u{0}",
                "12345678\n",
            ]
            .map(String::from),
        );
        for s in &samples {
            let mut out = Vec::new();
            write_str(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn maps_options_enums_and_raw_values_are_written_as_serde_json_writes_them() {
        #[derive(serde::Serialize)]
        enum Colour {
            #[serde(rename = "dark red")]
            DarkRed,
        }
        #[derive(serde::Serialize)]
        struct Mixed<'a> {
            colour: Colour,
            maybe: Option<&'a str>,
            none: Option<u8>,
            map: std::collections::BTreeMap<&'a str, &'a str>,
            numbers: std::collections::BTreeMap<u8, f64>,
            raw: Box<serde_json::value::RawValue>,
            small: f64,
            unit: (),
        }
        let mixed = Mixed {
            colour: Colour::DarkRed,
            maybe: Some("yes\tno"),
            none: None,
            map: [("k\"ey", "v\u{2}"), ("b", "")].into_iter().collect(),
            numbers: [(1, 0.5), (2, -3.0)].into_iter().collect(),
            raw: serde_json::value::RawValue::from_string(r#"{"a": [1, 2]}"#.into()).unwrap(),
            small: 1e-7,
            unit: (),
        };
        let mut out = Vec::new();
        write_line(&mut out, &mixed);
        let expected = format!("{}\n", serde_json::to_string(&mixed).unwrap());
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
