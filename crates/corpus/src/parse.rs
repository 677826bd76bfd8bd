//! Turning raw units into documents.

use std::fmt;

use serde::de::{DeserializeSeed, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

/// Which JSON fields hold the document id and text.
#[derive(Clone, Debug)]
pub struct Fields {
    pub id: String,
    pub text: String,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            id: "id".into(),
            text: "text".into(),
        }
    }
}

/// One article.
///
/// ```
/// use tonle_corpus::{Date, Document};
///
/// let doc = Document::new("a1", "Police rescued 42 women on Monday.")
///     .date(Date::new(2022, 12, 13).unwrap())
///     .meta("url", "https://example.org/a1");
/// assert_eq!(doc.date.unwrap().to_string(), "2022-12-13");
/// assert_eq!(doc.meta[0].1.get(), r#""https://example.org/a1""#);
/// ```
#[derive(Debug)]
pub struct Document {
    /// From the id field, or the file path relative to its input root, or `file:line` when
    /// a JSON line has no id.
    pub id: String,
    /// The text exactly as read (invalid UTF-8 replaced by U+FFFD).
    pub text: String,
    /// The publication date, against which relative times ("on Monday", "last month") are
    /// resolved. A JSON line's `date` field sets it when it starts with `YYYY-MM-DD`.
    pub date: Option<Date>,
    /// The other fields of a JSON line (`date`, `url`, `title`, ...), as raw JSON, in order.
    /// Every record of the document carries them as `meta`.
    pub meta: Vec<(String, Box<RawValue>)>,
}

impl Document {
    /// A document with an id and a text, no date and no metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            date: None,
            meta: Vec::new(),
        }
    }

    /// Sets the publication date.
    pub fn date(mut self, date: Date) -> Document {
        self.date = Some(date);
        self
    }

    /// Adds a metadata field, copied into every record as `meta.KEY`. Setting `date` here
    /// does not set the publication date; use [`Document::date`] for that.
    pub fn meta(mut self, key: impl Into<String>, value: impl serde::Serialize) -> Document {
        // Plain values (strings, numbers, maps of them) always serialize.
        if let Ok(raw) = serde_json::value::to_raw_value(&value) {
            self.meta.push((key.into(), raw));
        }
        self
    }
}

/// A calendar date: a document's publication date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// The date, if `month` is 1–12 and `day` 1–31.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
    }

    /// Reads the `YYYY-MM-DD` a date field starts with (`2022-12-13`, `2022-12-13T08:00:00Z`).
    pub fn parse_prefix(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(
            s.get(0..4)?.parse().ok()?,
            s.get(5..7)?.parse().ok()?,
            s.get(8..10)?.parse().ok()?,
        )
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u32 {
        self.day
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Date, String> {
        Date::parse_prefix(s)
            .filter(|_| s.len() == 10)
            .ok_or_else(|| format!("{s:?} is not a date written YYYY-MM-DD"))
    }
}

/// How bad a [`Problem`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The input was read, but something was repaired (invalid UTF-8 replaced).
    Warning,
    /// A document, or the rest of a file, was skipped.
    Skipped,
}

/// What went wrong, for callers that act on it (a command line adds a hint naming its
/// option; a program may count problems by kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// A file or directory entry could not be opened or read.
    Unreadable,
    /// A file whose type tonle does not read was given directly.
    UnknownInputType,
    /// A document too large to index.
    TooLarge,
    /// A JSON line that is not one valid JSON object.
    InvalidJson,
    /// A JSON line without the field that holds the text.
    MissingText,
    /// A JSON line whose text field is not a string.
    TextNotString,
    /// Bytes that are not UTF-8 (replaced, not skipped).
    InvalidUtf8,
    /// A bug met while extracting one document.
    Internal,
}

/// Something wrong with the input, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `path`, `path:line`, or `<stdin>:line`.
    pub location: String,
    /// What is wrong, for a person.
    pub message: String,
    /// Whether something was skipped.
    pub severity: Severity,
    /// What is wrong, for a program.
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.severity {
            Severity::Warning => "warning",
            Severity::Skipped => "skipped",
        };
        write!(f, "{what}: {}: {}", self.location, self.message)
    }
}

/// Decodes UTF-8, replacing invalid sequences; `unit` names what the byte offset counts from
/// ("file", "line").
pub(crate) fn decode(
    bytes: Vec<u8>,
    location: &str,
    unit: &str,
    problems: &mut Vec<Problem>,
) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            problems.push(Problem {
                location: location.to_string(),
                message: format!(
                    "invalid UTF-8 at byte offset {at} of the {unit}; invalid bytes were \
                     replaced with U+FFFD (is the file in another encoding?)"
                ),
                severity: Severity::Warning,
                kind: ProblemKind::InvalidUtf8,
            });
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}

struct Parsed {
    id: Option<Value>,
    text: Option<Value>,
    meta: Vec<(String, Box<RawValue>)>,
}

struct Seed<'f>(&'f Fields);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Parsed;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Parsed, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Parsed;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object, one per line")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Parsed, A::Error> {
        let mut parsed = Parsed {
            id: None,
            text: None,
            meta: Vec::new(),
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == self.0.text {
                parsed.text = Some(map.next_value()?);
            } else if key == self.0.id {
                parsed.id = Some(map.next_value()?);
            } else {
                let raw: Box<RawValue> = map.next_value()?;
                parsed.meta.push((key, raw));
            }
        }
        Ok(parsed)
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The publication date a `date` field gives, from its raw JSON: a string that starts
/// `YYYY-MM-DD`.
fn date_of(raw: &str) -> Option<Date> {
    let raw = raw.trim();
    match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        // Without escapes the JSON text is the string: no parser, no allocation per document.
        Some(inner) if !inner.contains('\\') => Date::parse_prefix(inner),
        Some(_) => serde_json::from_str::<String>(raw)
            .ok()
            .and_then(|d| Date::parse_prefix(&d)),
        None => None,
    }
}

/// Parses one JSON line into a document, or says why it cannot.
pub(crate) fn parse_json_line(
    line: &str,
    location: &str,
    fields: &Fields,
) -> Result<Document, Problem> {
    let skipped = |kind: ProblemKind, message: String| Problem {
        location: location.to_string(),
        message,
        severity: Severity::Skipped,
        kind,
    };
    let mut de = serde_json::Deserializer::from_str(line);
    let parsed = Seed(fields)
        .deserialize(&mut de)
        .and_then(|p| de.end().map(|()| p))
        .map_err(|e| {
            skipped(
                ProblemKind::InvalidJson,
                format!(
                    "not a valid JSON object ({e}); each line of a JSON-lines file must be one \
                 object such as {{\"{}\": \"...\", \"{}\": \"...\"}}",
                    fields.id, fields.text
                ),
            )
        })?;
    let text = match parsed.text {
        Some(Value::String(s)) => s,
        Some(other) => {
            return Err(skipped(
                ProblemKind::TextNotString,
                format!(
                    "the \"{}\" field is {}, not a string",
                    fields.text,
                    json_kind(&other)
                ),
            ))
        }
        None => {
            return Err(skipped(
                ProblemKind::MissingText,
                format!(
                    "no \"{}\" field, which should hold the article text",
                    fields.text
                ),
            ))
        }
    };
    let id = match parsed.id {
        Some(Value::String(s)) if !s.is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => location.to_string(),
    };
    let date = parsed
        .meta
        .iter()
        .find(|(k, _)| k == "date")
        .and_then(|(_, v)| date_of(v.get()));
    Ok(Document {
        id,
        text,
        date,
        meta: parsed.meta,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_metadata() {
        let line = r#"{"id": 7, "title": "Raid", "text": "In Poipet\u2019s casinos", "date": "2022-10-01", "meta": {"a": [1]}}"#;
        let doc = parse_json_line(line, "a.jsonl:3", &Fields::default()).unwrap();
        assert_eq!(doc.id, "7");
        assert_eq!(doc.text, "In Poipet’s casinos");
        let meta: Vec<_> = doc
            .meta
            .iter()
            .map(|(k, v)| (k.as_str(), v.get()))
            .collect();
        assert_eq!(
            meta,
            [
                ("title", "\"Raid\""),
                ("date", "\"2022-10-01\""),
                ("meta", "{\"a\": [1]}")
            ]
        );
    }

    #[test]
    fn the_publication_date_comes_from_a_date_string() {
        let date = |field: &str| {
            let line = format!(r#"{{"text": "x", "date": {field}}}"#);
            parse_json_line(&line, "d.jsonl:1", &Fields::default())
                .unwrap()
                .date
                .map(|d| d.to_string())
        };
        assert_eq!(date(r#""2022-10-01""#).as_deref(), Some("2022-10-01"));
        assert_eq!(
            date(r#""2022-10-01T08:00:00Z""#).as_deref(),
            Some("2022-10-01")
        );
        assert_eq!(date(r#""2022\u002d10-01""#).as_deref(), Some("2022-10-01"));
        for no in [
            r#""2022-13-01""#,
            r#""Oct 1, 2022""#,
            "null",
            "20221001",
            r#"["2022-10-01"]"#,
        ] {
            assert_eq!(date(no), None, "{no}");
        }
    }

    #[test]
    fn renamed_fields_and_missing_id() {
        let fields = Fields {
            id: "uid".into(),
            text: "body".into(),
        };
        let doc = parse_json_line(r#"{"body": "x"}"#, "f.jsonl:9", &fields).unwrap();
        assert_eq!(doc.id, "f.jsonl:9");
    }

    #[test]
    fn problems_say_what_to_do() {
        let f = Fields::default();
        let e = parse_json_line(r#"{"id": 1, "text": "unterminated"#, "d.jsonl:2", &f).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("skipped: d.jsonl:2: not a valid JSON object"),
            "{e}"
        );
        let e = parse_json_line(r#"{"id": 1, "body": "x"}"#, "d.jsonl:3", &f).unwrap_err();
        assert_eq!(e.kind, ProblemKind::MissingText);
        assert!(e.message.contains("no \"text\" field"));
        let e = parse_json_line(r#"{"text": 5}"#, "d.jsonl:4", &f).unwrap_err();
        assert!(e.message.contains("is a number, not a string"));
        let e = parse_json_line("[1,2]", "d.jsonl:5", &f).unwrap_err();
        assert!(e.message.contains("not a valid JSON object"));
    }

    #[test]
    fn invalid_utf8_is_replaced_and_reported() {
        let mut problems = Vec::new();
        let s = decode(b"Phnom \xff Penh".to_vec(), "x.txt", "file", &mut problems);
        assert_eq!(s, "Phnom \u{FFFD} Penh");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("byte offset 6"));
        assert_eq!(problems[0].severity, Severity::Warning);
    }
}
