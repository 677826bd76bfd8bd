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
#[derive(Debug)]
pub struct Document {
    /// From the id field, or the file path relative to its input root, or `file:line` when
    /// a JSON line has no id.
    pub id: String,
    /// The text exactly as read (invalid UTF-8 replaced by U+FFFD).
    pub text: String,
    /// The other fields of a JSON line (`date`, `url`, `title`, ...), as raw JSON, in order.
    pub meta: Vec<(String, Box<RawValue>)>,
}

/// How bad a [`Problem`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The input was read, but something was repaired (invalid UTF-8 replaced).
    Warning,
    /// A document, or the rest of a file, was skipped.
    Skipped,
}

/// Something wrong with the input, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `path`, `path:line`, or `<stdin>:line`.
    pub location: String,
    pub message: String,
    pub severity: Severity,
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

/// Parses one JSON line into a document, or says why it cannot.
pub(crate) fn parse_json_line(
    line: &str,
    location: &str,
    fields: &Fields,
) -> Result<Document, Problem> {
    let skipped = |message: String| Problem {
        location: location.to_string(),
        message,
        severity: Severity::Skipped,
    };
    let mut de = serde_json::Deserializer::from_str(line);
    let parsed = Seed(fields)
        .deserialize(&mut de)
        .and_then(|p| de.end().map(|()| p))
        .map_err(|e| {
            skipped(format!(
                "not a valid JSON object ({e}); each line of a JSON-lines file must be one \
                 object such as {{\"{}\": \"...\", \"{}\": \"...\"}}",
                fields.id, fields.text
            ))
        })?;
    let text = match parsed.text {
        Some(Value::String(s)) => s,
        Some(other) => {
            return Err(skipped(format!(
                "the \"{}\" field is {}, not a string",
                fields.text,
                json_kind(&other)
            )))
        }
        None => {
            return Err(skipped(format!(
                "no \"{}\" field; name the field that holds the article with --text-field",
                fields.text
            )))
        }
    };
    let id = match parsed.id {
        Some(Value::String(s)) if !s.is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => location.to_string(),
    };
    Ok(Document {
        id,
        text,
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
        assert!(e.message.contains("--text-field"));
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
