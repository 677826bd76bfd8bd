//! Turning raw units into documents.

use std::fmt;

use serde::de::{DeserializeSeed, MapAccess, Visitor};

use crate::html::{extract_page, Page, PageError};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::dates::{dateline_date, url_date, DateFrom};
use crate::zones::{scrape_header, Layout, ScrapeHeader};

/// Which JSON fields of a JSON line hold the document id, its text and its publication date.
///
/// Each is a field name (`text`) or a dotted path into nested objects (`body.text` is the
/// `text` field of the object in the `body` field). A field whose name is exactly the whole
/// path wins over the path: with `body.text`, a top-level field named `"body.text"` is read
/// if the line has one, and only otherwise `text` inside `body`. The same holds at each
/// level: the rest of the path is first tried as one key, then split at its first dot.
///
/// Metadata: a top-level id or text field is left out of the document's metadata, as it is
/// written as `doc` and read as the text. A top-level field that a dotted path leads into
/// (`body` for `body.text`) stays in the metadata, but without the text, so that records do
/// not repeat the article (rewritten with its keys in sorted order; left out when nothing
/// else is in it). The id and date fields always stay.
///
/// ```
/// use tonle_corpus::{Fields, Unit, UnitKind};
///
/// let fields = Fields {
///     id: "meta.uid".into(),
///     text: "body.text".into(),
///     date: "published.at".into(),
///     ..Fields::default()
/// };
/// let line = r#"{"meta": {"uid": "a7"}, "body": {"text": "In Poipet"}, "published": {"at": "2022-10-01T08:00Z"}}"#;
/// let unit = Unit { kind: UnitKind::JsonLine, location: "a.jsonl:1".into(), bytes: line.into() };
/// let (doc, problems) = unit.parse(&fields);
/// let doc = doc.unwrap();
/// assert!(problems.is_empty());
/// assert_eq!((doc.id.as_str(), doc.text.as_str()), ("a7", "In Poipet"));
/// assert_eq!(doc.date.unwrap().to_string(), "2022-10-01");
/// let keys: Vec<&str> = doc.meta.iter().map(|(k, _)| k.as_str()).collect();
/// assert_eq!(keys, ["meta", "published"]); // `body` held only the text
/// ```
#[derive(Clone, Debug)]
pub struct Fields {
    /// The id field, `id` by default.
    pub id: String,
    /// The text field, `text` by default.
    pub text: String,
    /// The publication date field, `date` by default: a string that starts `YYYY-MM-DD`.
    pub date: String,
    /// What the text field holds: plain text (the default) or an HTML page.
    pub text_format: TextFormat,
    /// How a text file is laid out: a plain-text scrape's URL and title lines become
    /// metadata ([`Layout::Auto`] by default: when line 1 is a URL alone).
    pub layout: Layout,
}

/// What the text field of a JSON line holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextFormat {
    /// Plain text, read as it is.
    #[default]
    Plain,
    /// An HTML page: its main text is the document's text (see [`crate::extract_page`]), and
    /// its metadata (`url`, `title`, `date`, `author`, `language`) fills the fields of
    /// `meta` the line does not have.
    Html,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            id: "id".into(),
            text: "text".into(),
            date: "date".into(),
            text_format: TextFormat::Plain,
            layout: Layout::Auto,
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
    /// resolved. A JSON line's date field ([`Fields::date`], `date` by default) sets it when
    /// it is a string that starts with `YYYY-MM-DD`; without one, the date in the URL
    /// (`meta.url`, or a scrape's URL line) or in a dateline at the start of the text
    /// ([`Document::infer_date`]).
    pub date: Option<Date>,
    /// Where [`Document::date`] comes from.
    pub date_from: Option<DateFrom>,
    /// The other fields of a JSON line (`date`, `url`, `title`, ...), as raw JSON, in order;
    /// for a plain-text scrape, its `url` and `title`. Every record of the document carries
    /// them as `meta`.
    pub meta: Vec<(String, Box<RawValue>)>,
    /// Where the URL and title lines of a plain-text scrape are in [`Document::text`] (they
    /// stay in the text, so that offsets are those of the file, and are zoned as
    /// [`Zone::Url`](crate::Zone::Url) and [`Zone::Headline`](crate::Zone::Headline)).
    pub header: Option<ScrapeHeader>,
}

impl Document {
    /// A document with an id and a text, no date and no metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Document {
        Document {
            id: id.into(),
            text: text.into(),
            date: None,
            date_from: None,
            meta: Vec::new(),
            header: None,
        }
    }

    /// Sets the publication date (said to come from a date field, [`DateFrom::Field`]).
    pub fn date(mut self, date: Date) -> Document {
        self.date = Some(date);
        self.date_from = Some(DateFrom::Field);
        self
    }

    /// Reads the text as laid out as `layout` says: for a plain-text scrape (line 1 a URL,
    /// then the title), notes where the two lines are ([`Document::header`]) and adds them
    /// as the `url` and `title` metadata (unless the document has those already); then
    /// looks for a publication date ([`Document::infer_date`]). The text is not changed.
    ///
    /// ```
    /// use tonle_corpus::{DateFrom, Document, Layout};
    ///
    /// let doc = Document::new("a.txt", "https://example.org/2022/08/26/raid/\nPolice Raid Casino\nPolice freed 40 people.")
    ///     .with_layout(Layout::Auto);
    /// assert_eq!(doc.meta[1].1.get(), r#""Police Raid Casino""#);
    /// assert_eq!(doc.date.unwrap().to_string(), "2022-08-26");
    /// assert_eq!(doc.date_from, Some(DateFrom::Url));
    /// ```
    pub fn with_layout(mut self, layout: Layout) -> Document {
        if let Some(header) = scrape_header(&self.text, layout) {
            let url = self.text[header.url.clone()].to_string();
            let title = header.title.clone().map(|r| self.text[r].to_string());
            if self.meta_str("url").is_none() {
                self = self.meta("url", url);
            }
            if let Some(title) = title.filter(|_| self.meta_str("title").is_none()) {
                self = self.meta("title", title);
            }
            self.header = Some(header);
        }
        self.infer_date()
    }

    /// When the document has no publication date, takes it from the date in its URL
    /// (`meta.url`: `/2022/08/26/`, `/2022-08-26/`, `20220826`), else from a dateline in its
    /// first lines ("PHNOM PENH, Aug. 26, 2022 –", "Friday, August 26, 2022"), and says
    /// which in [`Document::date_from`]. A date needs its year to count.
    pub fn infer_date(mut self) -> Document {
        if self.date.is_some() {
            self.date_from.get_or_insert(DateFrom::Field);
            return self;
        }
        let url_date = self.meta_str("url").and_then(|u| url_date(&u));
        let body_start = self
            .header
            .as_ref()
            .map_or(0, |h| h.title.as_ref().map_or(h.url.end, |t| t.end));
        let (date, from) = match url_date {
            Some(d) => (Some(d), DateFrom::Url),
            None => (dateline_date(&self.text, body_start), DateFrom::Dateline),
        };
        self.date = date;
        self.date_from = date.map(|_| from);
        self
    }

    /// A metadata field that is a JSON string, as a string.
    pub fn meta_str(&self, key: &str) -> Option<String> {
        let (_, raw) = self.meta.iter().find(|(k, _)| k == key)?;
        serde_json::from_str(raw.get()).ok()
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
    /// A document larger than the per-document limit, or than tonle can index.
    TooLarge,
    /// A JSON line that is not one valid JSON object.
    InvalidJson,
    /// A JSON line without the field that holds the text.
    MissingText,
    /// A JSON line whose text field is not a string.
    TextNotString,
    /// Bytes that are not UTF-8 (replaced, not skipped).
    InvalidUtf8,
    /// A dotted field path (`body.text`) that leads through a value that is not an object:
    /// skipped for the text field, a warning for the id and date fields.
    FieldPath,
    /// A bug met while extracting one document.
    Internal,
    /// An HTML page (a file, a WARC record or a JSON line's HTML text) in which no main
    /// text was found.
    NoMainText,
    /// A WARC file or record that cannot be read as one: a malformed header, a bad
    /// Content-Length, a truncated record or gzip member, a body that is not HTTP, an HTTP
    /// body that cannot be decoded.
    MalformedWarc,
    /// An input given on the command line that does not exist.
    NotFound,
    /// A file that is not text (NUL bytes or many control bytes near its start).
    Binary,
    /// A directory given as input that holds no file of a type tonle reads (a warning).
    NoInputFiles,
    /// A document whose id an earlier document of the run had (a warning).
    DuplicateId,
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

/// Why a dotted path found no value.
#[derive(Debug, PartialEq)]
enum PathError {
    /// Nothing there; the path's first `found` bytes (0, or up to a dot) name what exists.
    Missing { found: usize },
    /// The path's first `at` bytes lead to a value of this kind, which has no fields.
    NotObject { at: usize, kind: &'static str },
}

impl PathError {
    /// What went wrong, for a person: `"body" is a string, not an object`.
    fn describe(&self, path: &str) -> String {
        match *self {
            PathError::Missing { found: 0 } => format!("no \"{}\" field", first_key(path)),
            PathError::Missing { found } => format!(
                "\"{}\" has no \"{}\"",
                &path[..found],
                first_key(&path[found + 1..])
            ),
            PathError::NotObject { at, kind } => {
                format!("\"{}\" is {kind}, not an object", &path[..at])
            }
        }
    }
}

/// The part of `path` up to its first dot.
fn first_key(path: &str) -> &str {
    path.split('.').next().unwrap_or(path)
}

/// The value a dotted `path` names, looked up in the top-level fields kept as metadata,
/// when the line has no top-level field named the whole path.
fn nested(meta: &[(String, Box<RawValue>)], path: &str) -> Result<Value, PathError> {
    let (at, rest) = top_field(meta, path)?;
    let mut top = parsed_field(&meta[at].1)?;
    take(&mut top, path, rest)
}

/// Like [`nested`], but takes the value out: the top-level field it was in stays in the
/// metadata without it (rewritten, keys in sorted order), or goes when nothing else is left.
/// For the text, so that every record does not carry the article again in `meta`.
fn take_nested(meta: &mut Vec<(String, Box<RawValue>)>, path: &str) -> Result<Value, PathError> {
    let (at, rest) = top_field(meta, path)?;
    let mut top = parsed_field(&meta[at].1)?;
    let taken = take(&mut top, path, rest)?;
    match serde_json::value::to_raw_value(&top) {
        Ok(_) if top.as_object().is_some_and(|o| o.is_empty()) => {
            meta.remove(at);
        }
        Ok(raw) => meta[at].1 = raw,
        Err(_) => {}
    }
    Ok(taken)
}

/// Where the top-level field a dotted `path` starts in is in `meta`, and where the rest of
/// the path starts.
fn top_field(meta: &[(String, Box<RawValue>)], path: &str) -> Result<(usize, usize), PathError> {
    let missing = || PathError::Missing { found: 0 };
    let dot = path.find('.').ok_or_else(missing)?;
    let at = meta
        .iter()
        .position(|(k, _)| *k == path[..dot])
        .ok_or_else(missing)?;
    Ok((at, dot + 1))
}

/// A top-level field's raw JSON as a value (the parser has checked it already).
fn parsed_field(raw: &RawValue) -> Result<Value, PathError> {
    serde_json::from_str(raw.get()).map_err(|_| PathError::Missing { found: 0 })
}

/// The value at `path[start..]` inside `value`, removed from its object: at each level, the
/// rest of the path as one key if the object has it, else the part up to its first dot, and
/// on from there.
fn take(mut value: &mut Value, path: &str, mut start: usize) -> Result<Value, PathError> {
    loop {
        let kind = json_kind(value);
        let Value::Object(object) = value else {
            return Err(PathError::NotObject {
                at: start - 1,
                kind,
            });
        };
        let rest = &path[start..];
        if let Some(v) = object.remove(rest) {
            return Ok(v);
        }
        let found = start.saturating_sub(1);
        let dot = rest.find('.').ok_or(PathError::Missing { found })?;
        value = object
            .get_mut(&rest[..dot])
            .ok_or(PathError::Missing { found })?;
        start += dot + 1;
    }
}

/// The deepest nesting of arrays and objects kept in metadata: serde_json's own limit
/// when it parses a value.
const MAX_DEPTH: usize = 128;

/// Whether the JSON text `raw` nests arrays and objects more than `max` levels deep.
fn nested_deeper(raw: &str, max: usize) -> bool {
    // Most metadata is strings (an article's URL, its title), read here for every document:
    // a value with no more brackets than `max` cannot nest deeper, which a count (vectorized)
    // says before the scan that skips brackets inside strings.
    if raw.bytes().filter(|b| matches!(b, b'[' | b'{')).count() <= max {
        return false;
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in raw.as_bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Parses one JSON line into a document, or says why it cannot; warnings (a dotted id or
/// date path through a value that is not an object) go to `problems`.
pub(crate) fn parse_json_line(
    line: &str,
    location: &str,
    fields: &Fields,
    problems: &mut Vec<Problem>,
) -> Result<Document, Problem> {
    let problem = |severity: Severity, kind: ProblemKind, message: String| Problem {
        location: location.to_string(),
        message,
        severity,
        kind,
    };
    let skipped = |kind, message| problem(Severity::Skipped, kind, message);
    let mut de = serde_json::Deserializer::from_str(line);
    let mut parsed = Seed(fields)
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
    if let Some((key, _)) = parsed
        .meta
        .iter()
        .find(|(_, v)| nested_deeper(v.get(), MAX_DEPTH))
    {
        return Err(skipped(
            ProblemKind::InvalidJson,
            format!(
                "the \"{key}\" field is nested more than {MAX_DEPTH} levels deep; it would be \
                 copied into every record, where most JSON readers could not read it back"
            ),
        ));
    }
    // A dotted path, when no top-level field is named the whole path.
    let mut path_warning = |what: &str, path: &str, e: &PathError| {
        if let PathError::NotObject { .. } = e {
            problems.push(problem(
                Severity::Warning,
                ProblemKind::FieldPath,
                format!(
                    "the {what} path \"{path}\" leads nowhere: {}; the {what} was not read",
                    e.describe(path)
                ),
            ));
        }
    };
    if parsed.text.is_none() && fields.text.contains('.') {
        match take_nested(&mut parsed.meta, &fields.text) {
            Ok(v) => parsed.text = Some(v),
            Err(e @ PathError::NotObject { .. }) => {
                return Err(skipped(
                    ProblemKind::FieldPath,
                    format!(
                        "the text path \"{}\" leads nowhere: {}",
                        fields.text,
                        e.describe(&fields.text)
                    ),
                ))
            }
            Err(e @ PathError::Missing { .. }) => {
                return Err(skipped(
                    ProblemKind::MissingText,
                    format!(
                        "no \"{}\" field, which should hold the article text ({})",
                        fields.text,
                        e.describe(&fields.text)
                    ),
                ))
            }
        }
    }
    if parsed.id.is_none() && fields.id.contains('.') {
        match nested(&parsed.meta, &fields.id) {
            Ok(v) => parsed.id = Some(v),
            Err(e) => path_warning("id", &fields.id, &e),
        }
    }
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
    let date = match parsed.meta.iter().find(|(k, _)| *k == fields.date) {
        Some((_, v)) => date_of(v.get()),
        None if fields.date.contains('.') => match nested(&parsed.meta, &fields.date) {
            Ok(Value::String(s)) => Date::parse_prefix(&s),
            Ok(_) => None,
            Err(e) => {
                path_warning("date", &fields.date, &e);
                None
            }
        },
        None => None,
    };
    let mut doc = Document {
        id,
        text,
        date,
        date_from: date.map(|_| DateFrom::Field),
        meta: parsed.meta,
        header: None,
    };
    if fields.text_format == TextFormat::Html {
        let page = page_of(&doc.text, location)?;
        doc.text = String::new();
        add_page(&mut doc, page, false);
    }
    Ok(doc.infer_date())
}

/// The main text and metadata of an HTML page, or the problem that skips it.
pub(crate) fn page_of(html: &str, location: &str) -> Result<Page, Problem> {
    extract_page(html).map_err(|e| {
        let (kind, message) = match e {
            PageError::NoMainText => (
                ProblemKind::NoMainText,
                "no article text found in this HTML page (only navigation, links or an \
                 empty body)"
                    .to_string(),
            ),
            PageError::Extractor(what) => (
                ProblemKind::Internal,
                format!(
                    "internal error while extracting the main text of this HTML page ({what}); \
                     it was skipped. Please report this with the page attached."
                ),
            ),
        };
        Problem {
            location: location.to_string(),
            message,
            severity: Severity::Skipped,
            kind,
        }
    })
}

/// Makes the page's main text the document's text and adds its metadata to `meta` where
/// the document has no field of that name; the page's date is the publication date when
/// the document has none. With `crawled` (a WARC record, whose `date` is its crawl date),
/// the page's date goes into `meta.published` instead of `meta.date`, and is the
/// publication date even when the document has one (the crawl date's day).
pub(crate) fn add_page(doc: &mut Document, page: Page, crawled: bool) {
    for (key, value) in page.meta_fields() {
        let key = if crawled && key == "date" {
            "published"
        } else {
            key
        };
        if !doc.meta.iter().any(|(k, _)| k == key) {
            if let Ok(raw) = serde_json::value::to_raw_value(value) {
                doc.meta.push((key.to_string(), raw));
            }
        }
    }
    if doc.date.is_none() || crawled {
        if let Some(date) = page.date.as_deref().and_then(Date::parse_prefix) {
            doc.date = Some(date);
            doc.date_from = Some(DateFrom::Page);
        }
    }
    doc.text = page.text;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_metadata() {
        let line = r#"{"id": 7, "title": "Raid", "text": "In Poipet\u2019s casinos", "date": "2022-10-01", "meta": {"a": [1]}}"#;
        let doc = parse_json_line(line, "a.jsonl:3", &Fields::default(), &mut Vec::new()).unwrap();
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
            parse_json_line(&line, "d.jsonl:1", &Fields::default(), &mut Vec::new())
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
            ..Fields::default()
        };
        let doc =
            parse_json_line(r#"{"body": "x"}"#, "f.jsonl:9", &fields, &mut Vec::new()).unwrap();
        assert_eq!(doc.id, "f.jsonl:9");
    }

    /// Parses `line` with the fields `id`, `text`, `date`: the document and the warnings.
    fn with_fields(
        line: &str,
        id: &str,
        text: &str,
        date: &str,
    ) -> Result<(Document, Vec<Problem>), Problem> {
        let fields = Fields {
            id: id.into(),
            text: text.into(),
            date: date.into(),
            ..Fields::default()
        };
        let mut problems = Vec::new();
        parse_json_line(line, "n.jsonl:4", &fields, &mut problems).map(|d| (d, problems))
    }

    fn meta_keys(doc: &Document) -> Vec<&str> {
        doc.meta.iter().map(|(k, _)| k.as_str()).collect()
    }

    #[test]
    fn nested_id_text_and_date() {
        let line = r#"{"meta": {"uid": "a7", "src": "x"}, "body": {"title": "T", "text": {"v": "In Poipet"}}, "published": {"at": "2022-10-01T08:00:00Z"}, "date": "1999-01-01"}"#;
        let (doc, problems) = with_fields(line, "meta.uid", "body.text.v", "published.at").unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(doc.id, "a7");
        assert_eq!(doc.text, "In Poipet");
        assert_eq!(doc.date.unwrap().to_string(), "2022-10-01");
        // Top-level fields a path leads into stay in the metadata, but the text is not
        // repeated there: its object loses it, and goes when nothing else is left.
        assert_eq!(meta_keys(&doc), ["meta", "body", "published", "date"]);
        assert_eq!(doc.meta[0].1.get(), r#"{"uid": "a7", "src": "x"}"#);
        assert_eq!(doc.meta[1].1.get(), r#"{"text":{},"title":"T"}"#);
        let (doc, _) = with_fields(
            r#"{"body": {"text": "x"}, "k": 1}"#,
            "id",
            "body.text",
            "date",
        )
        .unwrap();
        assert_eq!(meta_keys(&doc), ["k"]);
        // A number id, as at the top level.
        let (doc, _) =
            with_fields(r#"{"m": {"n": 12}, "text": "x"}"#, "m.n", "text", "date").unwrap();
        assert_eq!(doc.id, "12");
    }

    #[test]
    fn a_field_named_with_a_dot_wins_over_the_path() {
        let line = r#"{"body": {"text": "nested"}, "body.text": "literal", "a.b": "2022-03-04", "a": {"b": "2000-01-01"}}"#;
        let (doc, _) = with_fields(line, "id", "body.text", "a.b").unwrap();
        assert_eq!(doc.text, "literal");
        assert_eq!(doc.date.unwrap().to_string(), "2022-03-04");
        assert_eq!(meta_keys(&doc), ["body", "a.b", "a"]);
        // Short of the whole path, the path is split at its first dot: "a.b.c" is not
        // "c" in "a.b".
        let line = r#"{"text": "x", "a.b": {"c": "2022-03-04"}, "a": {"b": {"c": "2000-01-01"}}}"#;
        let (doc, _) = with_fields(line, "id", "text", "a.b.c").unwrap();
        assert_eq!(doc.date.unwrap().to_string(), "2000-01-01");
        // Inside an object too: the rest of the path as one key first.
        let line = r#"{"body": {"x.y": "literal inside", "x": {"y": "no"}}}"#;
        let (doc, _) = with_fields(line, "id", "body.x.y", "date").unwrap();
        assert_eq!(doc.text, "literal inside");
    }

    #[test]
    fn missing_segments() {
        let e = with_fields(r#"{"body": {"txt": "x"}}"#, "id", "body.text", "date").unwrap_err();
        assert_eq!(e.kind, ProblemKind::MissingText);
        assert_eq!(
            e.to_string(),
            "skipped: n.jsonl:4: no \"body.text\" field, which should hold the article text \
             (\"body\" has no \"text\")"
        );
        let e = with_fields(r#"{"text": "x"}"#, "id", "body.text", "date").unwrap_err();
        assert!(e.message.ends_with("(no \"body\" field)"), "{e}");
        // A missing id or date is no problem, as at the top level.
        let (doc, problems) =
            with_fields(r#"{"text": "x", "m": {}}"#, "m.uid", "text", "p.at").unwrap();
        assert_eq!((doc.id.as_str(), doc.date), ("n.jsonl:4", None));
        assert!(problems.is_empty());
    }

    #[test]
    fn a_path_through_a_value_that_is_not_an_object() {
        let e = with_fields(r#"{"body": ["x"]}"#, "id", "body.text", "date").unwrap_err();
        assert_eq!(e.kind, ProblemKind::FieldPath);
        assert_eq!(e.severity, Severity::Skipped);
        assert_eq!(
            e.to_string(),
            "skipped: n.jsonl:4: the text path \"body.text\" leads nowhere: \"body\" is an \
             array, not an object"
        );
        let e = with_fields(r#"{"b": {"c": 3}}"#, "id", "b.c.d", "date").unwrap_err();
        assert!(
            e.message.ends_with("\"b.c\" is a number, not an object"),
            "{e}"
        );
        let e = with_fields(r#"{"body": {"text": 5}}"#, "id", "body.text", "date").unwrap_err();
        assert_eq!(e.kind, ProblemKind::TextNotString);
        assert!(e.message.contains("\"body.text\" field is a number"), "{e}");
        // The id and the date: a warning, and the document is read.
        let line = r#"{"text": "x", "m": "a7", "p": {"at": null}, "q": {"at": 5}}"#;
        let (doc, problems) = with_fields(line, "m.uid", "text", "q.at.day").unwrap();
        assert_eq!((doc.id.as_str(), doc.date), ("n.jsonl:4", None));
        let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            [
                "warning: n.jsonl:4: the id path \"m.uid\" leads nowhere: \"m\" is a string, \
                 not an object; the id was not read",
                "warning: n.jsonl:4: the date path \"q.at.day\" leads nowhere: \"q.at\" is a \
                 number, not an object; the date was not read"
            ]
        );
        assert!(problems.iter().all(|p| p.kind == ProblemKind::FieldPath));
        // A date that is not a string is no date, silently, as at the top level.
        let (doc, problems) = with_fields(line, "id", "text", "p.at").unwrap();
        assert_eq!(doc.date, None);
        assert!(problems.is_empty());
    }

    #[test]
    fn odd_paths_do_not_panic() {
        for path in [".", "..", "a.", ".a", "a..b", "é.ü", "a.b.", "a.b.c.d.e"] {
            let line = r#"{"a": {"": {"b": "x"}, "b": {}}, "": {"a": "y"}, "é": 1}"#;
            let _ = with_fields(line, path, path, path);
        }
    }

    #[test]
    fn problems_say_what_to_do() {
        let f = Fields::default();
        let e = parse_json_line(
            r#"{"id": 1, "text": "unterminated"#,
            "d.jsonl:2",
            &f,
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("skipped: d.jsonl:2: not a valid JSON object"),
            "{e}"
        );
        let e = parse_json_line(
            r#"{"id": 1, "body": "x"}"#,
            "d.jsonl:3",
            &f,
            &mut Vec::new(),
        )
        .unwrap_err();
        assert_eq!(e.kind, ProblemKind::MissingText);
        assert!(e.message.contains("no \"text\" field"));
        let e = parse_json_line(r#"{"text": 5}"#, "d.jsonl:4", &f, &mut Vec::new()).unwrap_err();
        assert!(e.message.contains("is a number, not a string"));
        let e = parse_json_line("[1,2]", "d.jsonl:5", &f, &mut Vec::new()).unwrap_err();
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

    #[test]
    fn deeply_nested_metadata_is_refused() {
        let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
        let line = format!(r#"{{"text": "x", "m": {deep}, "s": "[[[[[[[[[["}}"#);
        let e =
            parse_json_line(&line, "d.jsonl:1", &Fields::default(), &mut Vec::new()).unwrap_err();
        assert!(
            e.message
                .starts_with("the \"m\" field is nested more than 128"),
            "{e}"
        );
        let ok = format!(
            r#"{{"text": "x", "m": {}{}, "s": "[[[[\"[["}}"#,
            "[".repeat(128),
            "]".repeat(128)
        );
        assert!(parse_json_line(&ok, "d.jsonl:1", &Fields::default(), &mut Vec::new()).is_ok());
        assert!(!nested_deeper(r#"{"a": "\\", "b": [1]}"#, 2));
        assert!(nested_deeper(r#"{"a": "\\", "b": [[1]]}"#, 2));
    }
}
