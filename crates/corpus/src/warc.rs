//! WARC files (`.warc`, `.warc.gz`, `.warc.zst`): records cut on the reader thread, their
//! HTTP bodies decoded and their pages extracted on a worker.
//!
//! The reader is written here rather than taken from a crate: the `warc` crate (0.4) reads
//! multi-member gzip as one stream (libflate, a second gzip implementation beside flate2),
//! knows no record offsets and cannot go on after a broken header. This one streams (a record
//! is held only while it is a [`Unit`]), reports every broken record with the byte offset
//! where it starts, and goes on with the next record where it can: a malformed header, a bad
//! `Content-Length` or a record that does not end as WARC says (two CRLFs) is skipped up to
//! the next `WARC/1.x` line; a corrupt gzip member up to the next gzip member. In a
//! `.warc.gz` (one gzip member per record, as crawlers write them) the offset is that of the
//! record's gzip member in the file, as in CDX indexes; in a `.warc.zst`, or a `.warc.gz`
//! compressed as one stream, that of the record in the decompressed data (and the location
//! says so).

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::{Arc, Mutex};

use crate::dates::DateFrom;
use crate::html::decode_html;
use crate::parse::{add_page, decode, page_of, Date, Document, Problem, ProblemKind, Severity};
use crate::{Unit, UnitKind};

/// The largest record (its `Content-Length`) and the largest decoded HTTP body read; larger
/// ones are reported and skipped. News pages are well under a megabyte.
pub(crate) const MAX_RECORD_BYTES: u64 = 50 << 20;
/// The longest header line of a WARC record or an HTTP response.
const MAX_LINE: u64 = 64 << 10;

/// A WARC record to extract: what its header says, and how to read its body (the unit's
/// bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// The document id: `WARC-Target-URI`, else `WARC-Record-ID`.
    pub id: String,
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date`, the crawl date.
    pub date: Option<String>,
    /// What the body is.
    pub body: WarcBody,
}

/// What the bytes of a WARC [`Unit`] are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarcBody {
    /// The body of an HTTP response (or of a `resource` record) that is an HTML page, as
    /// sent: chunked or not, compressed or not.
    Html {
        /// `Transfer-Encoding: chunked`.
        chunked: bool,
        /// `Content-Encoding` (`gzip`, `deflate`, `br`, ...), lower case.
        content_encoding: Option<String>,
        /// The `charset` of the `Content-Type` header.
        charset: Option<String>,
    },
    /// Plain text: a `conversion` record of a WET file.
    Text,
}

/// How many WARC records were passed over without being read as documents, and why
/// (`request`, `metadata`, `warcinfo`, `revisit`, `non-HTML response`, ...). These are not
/// problems: a WARC file holds them by design.
#[derive(Debug, Default)]
pub struct SkippedRecords(Mutex<BTreeMap<String, u64>>);

impl SkippedRecords {
    fn add(&self, why: &str) {
        let mut counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *counts.entry(why.to_string()).or_default() += 1;
    }

    /// Each reason with its count, in alphabetical order.
    pub fn counts(&self) -> Vec<(String, u64)> {
        let counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        counts.iter().map(|(k, &v)| (k.clone(), v)).collect()
    }

    /// How many records in all.
    pub fn total(&self) -> u64 {
        self.counts().iter().map(|(_, n)| n).sum()
    }
}

/// A buffered byte source that can look a few bytes ahead across refills (to find the
/// next gzip member) and counts the bytes consumed.
struct ByteSource {
    inner: Box<dyn Read + Send>,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// Bytes consumed so far.
    pos: u64,
}

impl ByteSource {
    fn new(inner: Box<dyn Read + Send>) -> ByteSource {
        ByteSource {
            inner,
            buf: vec![0; 1 << 16],
            start: 0,
            end: 0,
            pos: 0,
        }
    }

    /// Makes at least `n` bytes available unless the input ends first; returns how many are.
    fn fill_at_least(&mut self, n: usize) -> io::Result<usize> {
        if self.end - self.start < n {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
            while self.end < n {
                let got = self.inner.read(&mut self.buf[self.end..])?;
                if got == 0 {
                    break;
                }
                self.end += got;
            }
        }
        Ok(self.end - self.start)
    }

    /// Consumes bytes up to the next gzip header (`1f 8b 08`), skipping at least one byte;
    /// false at the end of the input.
    fn skip_to_gzip_header(&mut self) -> io::Result<bool> {
        self.consume(1.min(self.end - self.start));
        loop {
            let available = self.fill_at_least(3)?;
            if available < 3 {
                self.consume(available);
                return Ok(false);
            }
            let window = &self.buf[self.start..self.end];
            if let Some(at) = window.windows(3).position(|w| w == [0x1f, 0x8b, 0x08]) {
                self.consume(at);
                return Ok(true);
            }
            self.consume(available - 2);
        }
    }
}

impl Read for ByteSource {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for ByteSource {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.start == self.end {
            self.start = 0;
            self.end = self.inner.read(&mut self.buf)?;
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        self.pos += n as u64;
    }
}

/// The gzip members of a file, one after the other, as one stream; knows where in the file
/// the current member starts.
struct Members {
    decoder: Option<flate2::bufread::GzDecoder<ByteSource>>,
    member_start: u64,
}

impl Members {
    fn new(source: ByteSource) -> Members {
        Members {
            member_start: source.pos,
            decoder: Some(flate2::bufread::GzDecoder::new(source)),
        }
    }

    /// After a corrupt member: goes on at the next gzip header; false when there is none.
    fn resync(&mut self) -> io::Result<bool> {
        let Some(decoder) = self.decoder.take() else {
            return Ok(false);
        };
        let mut source = decoder.into_inner();
        if !source.skip_to_gzip_header()? {
            return Ok(false);
        }
        self.member_start = source.pos;
        self.decoder = Some(flate2::bufread::GzDecoder::new(source));
        Ok(true)
    }
}

impl Read for Members {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(decoder) = self.decoder.as_mut() else {
                return Ok(0);
            };
            let n = decoder.read(out)?;
            if n > 0 || out.is_empty() {
                return Ok(n);
            }
            // The member ended: the next one, if the file goes on.
            let mut source = self.decoder.take().expect("checked above").into_inner();
            if source.fill_buf()?.is_empty() {
                return Ok(0);
            }
            self.member_start = source.pos;
            self.decoder = Some(flate2::bufread::GzDecoder::new(source));
        }
    }
}

/// How a WARC file is compressed.
enum Decompressed {
    Plain(ByteSource),
    Gzip(Members),
    Zstd(Box<dyn Read + Send>),
}

/// The decompressed stream, with bytes put back in front of it (the start of the next record
/// found inside a record whose Content-Length was too large).
struct Stream {
    put_back: Vec<u8>,
    at: usize,
    inner: Decompressed,
}

impl Read for Stream {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.at < self.put_back.len() {
            let n = (self.put_back.len() - self.at).min(out.len());
            out[..n].copy_from_slice(&self.put_back[self.at..self.at + n]);
            self.at += n;
            return Ok(n);
        }
        match &mut self.inner {
            Decompressed::Plain(s) => s.read(out),
            Decompressed::Gzip(m) => m.read(out),
            Decompressed::Zstd(z) => z.read(out),
        }
    }
}

/// The compression of a WARC file, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WarcCompression {
    None,
    Gzip,
    Zstd,
}

/// The header of one record: its fields in order, names as written.
struct Header {
    fields: Vec<(String, String)>,
}

impl Header {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What reading one record gave.
enum Step {
    Unit(Unit),
    /// Passed over (counted).
    Passed,
    /// A problem; the reader has already moved on where it can.
    Problem(Unit),
    End,
}

/// One WARC file being read, record by record.
pub(crate) struct WarcFile {
    stream: Option<BufReader<Stream>>,
    path: String,
    /// Bytes of the decompressed stream consumed.
    pos: u64,
    skipped: Arc<SkippedRecords>,
    /// A `WARC/` line found while skipping a broken record: the next record's first line.
    pending_line: Option<Vec<u8>>,
    /// Offsets are of the decompressed data: a `.warc.zst`, or a `.warc.gz` whose gzip members
    /// hold more than one record (the whole file compressed as one stream).
    decompressed_offsets: bool,
    /// The gzip member the last record started in.
    last_member: Option<u64>,
}

impl WarcFile {
    pub(crate) fn new(
        reader: Box<dyn Read + Send>,
        compression: WarcCompression,
        path: String,
        skipped: Arc<SkippedRecords>,
    ) -> io::Result<WarcFile> {
        let inner = match compression {
            WarcCompression::None => Decompressed::Plain(ByteSource::new(reader)),
            WarcCompression::Gzip => Decompressed::Gzip(Members::new(ByteSource::new(reader))),
            WarcCompression::Zstd => {
                Decompressed::Zstd(Box::new(zstd::stream::read::Decoder::new(reader)?))
            }
        };
        let stream = Stream {
            put_back: Vec::new(),
            at: 0,
            inner,
        };
        Ok(WarcFile {
            stream: Some(BufReader::with_capacity(1 << 16, stream)),
            path,
            pos: 0,
            skipped,
            pending_line: None,
            decompressed_offsets: compression == WarcCompression::Zstd,
            last_member: None,
        })
    }

    /// The next document or problem of the file; `None` at its end.
    pub(crate) fn next_unit(&mut self) -> Option<Unit> {
        loop {
            match self.next_record() {
                Step::Unit(u) | Step::Problem(u) => return Some(u),
                Step::Passed => continue,
                Step::End => {
                    self.stream = None;
                    return None;
                }
            }
        }
    }

    /// Where the record starting now is, for messages: the offset of its gzip member in a
    /// `.warc.gz`, else its offset in the (decompressed) stream.
    fn record_offset(&mut self) -> u64 {
        let pending = self.pending_line.as_ref().map_or(0, |l| l.len() as u64);
        match self.stream.as_mut() {
            Some(s) if pending == 0 => {
                // Make sure the buffer holds the record's first bytes, so that a new gzip
                // member has been entered.
                let _ = s.fill_buf();
                match &s.get_ref().inner {
                    Decompressed::Gzip(m) if !self.decompressed_offsets => {
                        let start = m.member_start;
                        if self.last_member == Some(start) {
                            self.decompressed_offsets = true;
                            return self.pos;
                        }
                        self.last_member = Some(start);
                        start
                    }
                    _ => self.pos,
                }
            }
            _ => self.pos - pending,
        }
    }

    fn location(&self, offset: u64) -> String {
        if self.decompressed_offsets {
            format!("{} at byte {offset} of the decompressed data", self.path)
        } else {
            format!("{} at byte {offset}", self.path)
        }
    }

    fn problem(&self, offset: u64, kind: ProblemKind, message: String) -> Unit {
        self.problem_at(self.location(offset), kind, message)
    }

    fn problem_at(&self, location: String, kind: ProblemKind, message: String) -> Unit {
        Unit {
            kind: UnitKind::Problem(Problem {
                location: location.clone(),
                message,
                severity: Severity::Skipped,
                kind,
            }),
            location,
            bytes: Vec::new(),
        }
    }

    /// One line (with its line ending), at most [`MAX_LINE`] bytes; empty at the end.
    fn read_line(&mut self) -> io::Result<Vec<u8>> {
        if let Some(line) = self.pending_line.take() {
            return Ok(line);
        }
        let Some(stream) = self.stream.as_mut() else {
            return Ok(Vec::new());
        };
        let mut line = Vec::new();
        stream
            .by_ref()
            .take(MAX_LINE)
            .read_until(b'\n', &mut line)?;
        self.pos += line.len() as u64;
        Ok(line)
    }

    fn next_record(&mut self) -> Step {
        let offset = self.record_offset();
        match self.read_record(offset) {
            Ok(step) => step,
            Err(e) => self.after_io_error(offset, &e),
        }
    }

    /// A read error: the data cannot be decompressed (or the disk failed). In a `.warc.gz`
    /// reading goes on at the next gzip member; otherwise the rest of the file is skipped.
    fn after_io_error(&mut self, offset: u64, e: &io::Error) -> Step {
        self.pending_line = None;
        let Some(stream) = self.stream.take() else {
            return Step::End;
        };
        let mut stream = stream.into_inner();
        stream.put_back.clear();
        stream.at = 0;
        let (location, went_on, part) = match &mut stream.inner {
            Decompressed::Gzip(m) => (
                format!("{} at byte {}", self.path, m.member_start),
                m.resync().unwrap_or(false),
                "this gzip member",
            ),
            Decompressed::Zstd(_) => (self.location(offset), false, "the compressed data"),
            Decompressed::Plain(_) => (self.location(offset), false, "this record"),
        };
        let truncated = e.kind() == io::ErrorKind::UnexpectedEof;
        let what = if truncated {
            format!("the file ends in the middle of {part} (truncated?)")
        } else {
            format!("cannot read or decompress this record: {e}")
        };
        let then = if went_on {
            "; the record was skipped and reading went on at the next gzip member"
        } else {
            "; the rest of the file was skipped"
        };
        if went_on {
            self.stream = Some(BufReader::with_capacity(1 << 16, stream));
        }
        Step::Problem(self.problem_at(
            location,
            ProblemKind::MalformedWarc,
            format!("{what}{then}"),
        ))
    }

    /// Skips lines up to the next one that starts a record (`WARC/1.0`, `WARC/1.1`), kept
    /// as the next record's first line.
    fn skip_to_next_record(&mut self) -> io::Result<()> {
        loop {
            let line = self.read_line()?;
            if line.is_empty() {
                return Ok(());
            }
            if is_version_line(&line) {
                self.pending_line = Some(line);
                return Ok(());
            }
        }
    }

    /// A broken record: reported, and reading goes on at the next record's first line.
    fn broken(&mut self, offset: u64, message: String) -> io::Result<Step> {
        let unit = self.problem(
            offset,
            ProblemKind::MalformedWarc,
            format!("{message}; the record was skipped"),
        );
        self.skip_to_next_record()?;
        Ok(Step::Problem(unit))
    }

    fn read_record(&mut self, offset: u64) -> io::Result<Step> {
        // Blank lines between records are tolerated.
        let first = loop {
            let line = self.read_line()?;
            if line.is_empty() {
                return Ok(Step::End);
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                break line;
            }
        };
        if !is_version_line(&first) {
            let shown = String::from_utf8_lossy(&first[..first.len().min(40)]).into_owned();
            return self.broken(
                offset,
                format!(
                    "expected a WARC record here (a line WARC/1.0 or WARC/1.1), found {:?}",
                    shown.trim_end()
                ),
            );
        }
        let header = match self.read_header()? {
            Ok(h) => h,
            Err(message) => return self.broken(offset, message),
        };
        let length = match content_length(&header) {
            Ok(n) => n,
            Err(message) => return self.broken(offset, message),
        };
        if length > MAX_RECORD_BYTES {
            self.discard(length)?;
            self.skip_record_end()?;
            return Ok(Step::Problem(self.problem(
                offset,
                ProblemKind::TooLarge,
                format!(
                    "the record is {length} bytes long, more than the {} MB tonle reads in \
                     one record; it was skipped",
                    MAX_RECORD_BYTES >> 20
                ),
            )));
        }
        let block = self.read_block(length)?;
        if (block.len() as u64) < length {
            self.stream = None;
            return Ok(Step::Problem(self.problem(
                offset,
                ProblemKind::MalformedWarc,
                format!(
                    "the file ends inside this record ({} of its {length} bytes are there; \
                     truncated?); the record was skipped",
                    block.len()
                ),
            )));
        }
        if !self.skip_record_end()? {
            return self.bad_end(&block, offset);
        }
        Ok(self.dispatch(&header, block, offset))
    }

    /// A record not followed by two CRLFs: its Content-Length is wrong. One too large
    /// swallows the start of the next record: that is read again from there.
    fn bad_end(&mut self, block: &[u8], offset: u64) -> io::Result<Step> {
        let message = format!(
            "the record does not end with two CRLFs after its {} bytes (is its Content-Length \
             wrong?)",
            block.len()
        );
        let next = block
            .windows(13)
            .position(|w| w.starts_with(b"\r\n\r\nWARC/1."))
            .map(|p| p + 4);
        match next {
            Some(at) => {
                self.put_back(&block[at..]);
                Ok(Step::Problem(self.problem(
                    offset,
                    ProblemKind::MalformedWarc,
                    format!("{message}; the record was skipped"),
                )))
            }
            None => self.broken(offset, message),
        }
    }

    /// Puts `bytes` back in front of the stream, to be read again.
    fn put_back(&mut self, bytes: &[u8]) {
        let Some(reader) = self.stream.as_mut() else {
            return;
        };
        let mut again = bytes.to_vec();
        again.extend_from_slice(reader.buffer());
        let buffered = reader.buffer().len();
        reader.consume(buffered);
        let stream = reader.get_mut();
        again.extend_from_slice(&stream.put_back[stream.at..]);
        stream.put_back = again;
        stream.at = 0;
        self.pos -= bytes.len() as u64;
    }

    /// The header fields up to the blank line, or why they are not a header.
    fn read_header(&mut self) -> io::Result<Result<Header, String>> {
        let mut fields: Vec<(String, String)> = Vec::new();
        loop {
            let line = self.read_line()?;
            if line.is_empty() {
                return Ok(Err(
                    "the file ends inside the record's header (truncated?)".into()
                ));
            }
            if !line.ends_with(b"\n") {
                return Ok(Err(format!(
                    "a header line is longer than {} kB",
                    MAX_LINE >> 10
                )));
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                return Ok(Ok(Header { fields }));
            }
            if text.starts_with([' ', '\t']) {
                if let Some((_, value)) = fields.last_mut() {
                    value.push(' ');
                    value.push_str(text.trim());
                    continue;
                }
            }
            match text.split_once(':') {
                Some((name, value)) if !name.is_empty() && !name.contains(' ') => {
                    fields.push((name.to_string(), value.trim().to_string()))
                }
                _ => {
                    let shown: String = text.chars().take(60).collect();
                    return Ok(Err(format!(
                        "malformed header line {shown:?} (expected Name: value)"
                    )));
                }
            }
        }
    }

    /// Reads `length` bytes of the record's block (fewer at the end of the file).
    fn read_block(&mut self, length: u64) -> io::Result<Vec<u8>> {
        let Some(stream) = self.stream.as_mut() else {
            return Ok(Vec::new());
        };
        let mut block = Vec::with_capacity(length.min(1 << 20) as usize);
        stream.by_ref().take(length).read_to_end(&mut block)?;
        self.pos += block.len() as u64;
        Ok(block)
    }

    fn discard(&mut self, length: u64) -> io::Result<()> {
        if let Some(stream) = self.stream.as_mut() {
            self.pos += io::copy(&mut stream.by_ref().take(length), &mut io::sink())?;
        }
        Ok(())
    }

    /// Consumes the two CRLFs that end a record (bare LFs tolerated); false when the bytes
    /// there are something else, which are left for the next record.
    fn skip_record_end(&mut self) -> io::Result<bool> {
        let Some(stream) = self.stream.as_mut() else {
            return Ok(true);
        };
        for _ in 0..2 {
            let buf = stream.fill_buf()?;
            let n = if buf.starts_with(b"\r\n") {
                2
            } else if buf.starts_with(b"\n") {
                1
            } else if buf.is_empty() {
                return Ok(true); // the end of the file (or of a gzip member's data)
            } else {
                return Ok(false);
            };
            stream.consume(n);
            self.pos += n as u64;
        }
        Ok(true)
    }

    /// A response record's HTML page and how to decode it; `None` when it is not a page to
    /// read (counted); why not, when it is broken.
    fn response(
        &mut self,
        header: &Header,
        block: Vec<u8>,
    ) -> Result<Option<(WarcBody, Vec<u8>)>, String> {
        if !block.starts_with(b"HTTP/") {
            let http_declared = header
                .get("Content-Type")
                .is_none_or(|c| c.to_ascii_lowercase().contains("application/http"));
            if http_declared {
                return Err(
                    "this response record does not hold an HTTP response (its block \
                            does not start with HTTP/)"
                        .into(),
                );
            }
            self.skipped.add("non-HTTP response");
            return Ok(None);
        }
        match http_body(block)? {
            Http::Html(body, block) => Ok(Some((body, block))),
            Http::Passed(why) => {
                self.skipped.add(why);
                Ok(None)
            }
        }
    }

    /// A record read whole: a unit to extract, or counted as passed over.
    fn dispatch(&mut self, header: &Header, block: Vec<u8>, offset: u64) -> Step {
        let kind = header.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
        let url = header
            .get("WARC-Target-URI")
            .map(|u| u.trim_matches(['<', '>', ' ']).to_string())
            .filter(|u| !u.is_empty());
        let id = url
            .clone()
            .or_else(|| header.get("WARC-Record-ID").map(str::to_string))
            .unwrap_or_else(|| self.location(offset));
        let record = |body| WarcRecord {
            id,
            url,
            date: header.get("WARC-Date").map(str::to_string),
            body,
        };
        let (body, block) = match kind.as_str() {
            "response" => match self.response(header, block) {
                Ok(Some(read)) => read,
                Ok(None) => return Step::Passed,
                Err(message) => {
                    return Step::Problem(self.problem(
                        offset,
                        ProblemKind::MalformedWarc,
                        format!("{message}; the record was skipped"),
                    ))
                }
            },
            "resource" => match header.get("Content-Type").map(media_type) {
                Some((mime, charset)) if is_html(&mime) => (
                    WarcBody::Html {
                        chunked: false,
                        content_encoding: None,
                        charset,
                    },
                    block,
                ),
                _ => {
                    self.skipped.add("non-HTML resource");
                    return Step::Passed;
                }
            },
            "conversion" => (WarcBody::Text, block),
            "" => {
                self.skipped.add("record without WARC-Type");
                return Step::Passed;
            }
            other => {
                self.skipped.add(other);
                return Step::Passed;
            }
        };
        let location = self.location(offset);
        Step::Unit(Unit {
            kind: UnitKind::WarcRecord(Box::new(record(body))),
            location,
            bytes: block,
        })
    }
}

/// The units of a whole WARC file held in memory (`gzip`: a `.warc.gz`), as the [`Reader`]
/// yields them; for fuzzing and tests.
///
/// [`Reader`]: crate::Reader
#[doc(hidden)]
pub fn warc_units(bytes: Vec<u8>, gzip: bool) -> impl Iterator<Item = Unit> {
    let compression = if gzip {
        WarcCompression::Gzip
    } else {
        WarcCompression::None
    };
    let mut file = WarcFile::new(
        Box::new(io::Cursor::new(bytes)),
        compression,
        "fuzz.warc".into(),
        Arc::default(),
    )
    .ok();
    std::iter::from_fn(move || file.as_mut()?.next_unit())
}

/// The record's Content-Length, or why there is none.
fn content_length(header: &Header) -> Result<u64, String> {
    let value = header
        .get("Content-Length")
        .map(str::trim)
        .ok_or("the record has no Content-Length")?;
    value
        .parse()
        .map_err(|_| format!("the Content-Length {value:?} is not a number of bytes"))
}

fn is_version_line(line: &[u8]) -> bool {
    line.starts_with(b"WARC/1.") || line.starts_with(b"WARC/0.")
}

/// `text/html; charset=UTF-8` → (`text/html`, `Some("UTF-8")`).
fn media_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
    });
    (mime, charset)
}

fn is_html(mime: &str) -> bool {
    matches!(mime, "text/html" | "application/xhtml+xml")
}

/// What an HTTP response holds.
enum Http {
    /// An HTML page: how to decode it, and the body.
    Html(WarcBody, Vec<u8>),
    /// Not a page to read, and why.
    Passed(&'static str),
}

/// Splits an HTTP response into its head, read here, and its body.
fn http_body(mut block: Vec<u8>) -> Result<Http, String> {
    let head_end = block
        .windows(4)
        .take(MAX_LINE as usize)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
        .or_else(|| {
            block
                .windows(2)
                .take(MAX_LINE as usize)
                .position(|w| w == b"\n\n")
                .map(|p| p + 2)
        })
        .ok_or("the HTTP response has no end of headers (a blank line)")?;
    let head = String::from_utf8_lossy(&block[..head_end]).into_owned();
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("malformed HTTP status line {status_line:?}"))?;
    let mut content_type = None;
    let mut chunked = false;
    let mut content_encoding = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(media_type(value)),
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "content-encoding" => {
                let v = value.to_ascii_lowercase();
                content_encoding = (v != "identity" && !v.is_empty()).then_some(v);
            }
            _ => {}
        }
    }
    if status != 200 {
        return Ok(Http::Passed("non-200 response"));
    }
    block.drain(..head_end);
    let (html, charset) = match content_type {
        Some((mime, charset)) => (is_html(&mime), charset),
        // No Content-Type: an HTML page if it looks like one.
        None => (looks_like_html(&block), None),
    };
    if !html {
        return Ok(Http::Passed("non-HTML response"));
    }
    Ok(Http::Html(
        WarcBody::Html {
            chunked,
            content_encoding,
            charset,
        },
        block,
    ))
}

fn looks_like_html(body: &[u8]) -> bool {
    let start: Vec<u8> = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    start.starts_with(b"<!doctype html") || start.starts_with(b"<html")
}

/// The document of a WARC record, from the unit's bytes (run on a worker).
pub(crate) fn parse_record(
    record: WarcRecord,
    bytes: Vec<u8>,
    location: &str,
) -> (Option<Document>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut doc = Document::new(record.id, String::new());
    if let Some(url) = &record.url {
        doc = doc.meta("url", url);
    }
    // The crawl date is the publication date only when neither the page, its URL nor a
    // dateline gives one.
    let crawled = record.date.as_deref().and_then(Date::parse_prefix);
    if let Some(date) = &record.date {
        doc = doc.meta("date", date);
    }
    let skipped = |kind, message: String| Problem {
        location: location.to_string(),
        message,
        severity: Severity::Skipped,
        kind,
    };
    match record.body {
        WarcBody::Text => {
            doc.text = decode(bytes, location, "record", &mut problems);
            (Some(with_crawl_date(doc, crawled)), problems)
        }
        WarcBody::Html {
            chunked,
            content_encoding,
            charset,
        } => {
            let body = match decode_body(bytes, chunked, content_encoding.as_deref()) {
                Ok(b) => b,
                Err(message) => {
                    problems.push(skipped(ProblemKind::MalformedWarc, message));
                    return (None, problems);
                }
            };
            let (html, _) = decode_html(&body, charset.as_deref());
            match page_of(&html, location) {
                Ok(page) => {
                    add_page(&mut doc, page, true);
                    (Some(with_crawl_date(doc, crawled)), problems)
                }
                Err(p) => {
                    problems.push(p);
                    (None, problems)
                }
            }
        }
    }
}

/// The document's publication date from its page, URL or dateline, else the crawl date.
fn with_crawl_date(doc: Document, crawled: Option<Date>) -> Document {
    let mut doc = doc.infer_date();
    if doc.date.is_none() {
        if let Some(date) = crawled {
            doc.date = Some(date);
            doc.date_from = Some(DateFrom::Crawl);
        }
    }
    doc
}

/// An HTTP body as sent → its bytes: de-chunked, then decompressed.
fn decode_body(bytes: Vec<u8>, chunked: bool, encoding: Option<&str>) -> Result<Vec<u8>, String> {
    let bytes = if chunked {
        match dechunk(&bytes) {
            Ok(b) => b,
            // Some crawlers store the body de-chunked but keep the header.
            Err(Dechunk::NotChunked) => bytes,
            Err(Dechunk::Broken(message)) => return Err(message),
        }
    } else {
        bytes
    };
    let limit = MAX_RECORD_BYTES + 1;
    let mut out = Vec::new();
    let result = match encoding {
        None => return Ok(bytes),
        // Some crawlers store the body decompressed but keep the header.
        Some(_) if looks_like_markup(&bytes) => return Ok(bytes),
        Some("gzip" | "x-gzip") => flate2::read::MultiGzDecoder::new(&bytes[..])
            .take(limit)
            .read_to_end(&mut out),
        Some("deflate") => {
            let zlib = flate2::read::ZlibDecoder::new(&bytes[..])
                .take(limit)
                .read_to_end(&mut out);
            zlib.or_else(|_| {
                out.clear();
                flate2::read::DeflateDecoder::new(&bytes[..])
                    .take(limit)
                    .read_to_end(&mut out)
            })
        }
        Some("br") => brotli_decompressor::Decompressor::new(&bytes[..], 1 << 16)
            .take(limit)
            .read_to_end(&mut out),
        Some(other) => {
            return Err(format!(
                "the HTTP body is compressed as {other:?}, which tonle cannot decode (it reads \
                 gzip, deflate and br)"
            ))
        }
    };
    match result {
        Ok(_) if out.len() as u64 > MAX_RECORD_BYTES => Err(format!(
            "the HTTP body decompresses to more than {} MB",
            MAX_RECORD_BYTES >> 20
        )),
        Ok(_) => Ok(out),
        Err(e) => Err(format!(
            "cannot decompress the HTTP body ({}): {e}",
            encoding.unwrap_or("")
        )),
    }
}

/// Whether a body starts as markup does (`<` after optional whitespace or byte-order mark),
/// which no gzip, zlib or brotli stream a server sends does in practice.
fn looks_like_markup(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

enum Dechunk {
    /// The body does not start with a chunk size.
    NotChunked,
    Broken(String),
}

/// Joins the chunks of a `Transfer-Encoding: chunked` body.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, Dechunk> {
    let mut out = Vec::with_capacity(rest.len());
    let mut first = true;
    loop {
        let line_end = rest.iter().position(|&b| b == b'\n');
        let size = line_end.and_then(|end| {
            let line = std::str::from_utf8(&rest[..end]).ok()?;
            let hex = line.split(';').next()?.trim();
            usize::from_str_radix(hex, 16).ok()
        });
        let (Some(end), Some(size)) = (line_end, size) else {
            if first {
                return Err(Dechunk::NotChunked);
            }
            // A body cut after its last full chunk: keep what is there.
            if rest.iter().all(u8::is_ascii_whitespace) {
                return Ok(out);
            }
            return Err(Dechunk::Broken(format!(
                "the chunked HTTP body has a malformed chunk size after {} bytes",
                out.len()
            )));
        };
        first = false;
        rest = &rest[end + 1..];
        if size == 0 {
            return Ok(out);
        }
        if size > rest.len() {
            return Err(Dechunk::Broken(format!(
                "the chunked HTTP body is cut inside a chunk of {size} bytes after {} bytes",
                out.len()
            )));
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small WARC: warcinfo, a chunked gzip response, a request, a conversion record.
    fn sample() -> Vec<u8> {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<html><body><article><p>Police in Kandal freed 12 workers on Monday after a raid on a compound.</p></article></body></html>").unwrap();
        let body = gz.finish().unwrap();
        let mut chunked = format!("{:x}\r\n", body.len()).into_bytes();
        chunked.extend_from_slice(&body);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        http.extend_from_slice(&chunked);
        let record = |kind: &str, block: &[u8]| {
            let mut r = format!(
                "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: http://x.org/a\r\n\
                 WARC-Date: 2022-01-02T03:04:05Z\r\nContent-Length: {}\r\n\r\n",
                block.len()
            )
            .into_bytes();
            r.extend_from_slice(block);
            r.extend_from_slice(b"\r\n\r\n");
            r
        };
        [
            record("warcinfo", b"software: x\r\n"),
            record("response", &http),
            record("request", b"GET / HTTP/1.1\r\n\r\n"),
            record("conversion", b"Officials in Takeo counted 7 boats."),
        ]
        .concat()
    }

    fn read_all(bytes: Vec<u8>, gzip: bool) -> (usize, usize) {
        let (mut docs, mut problems) = (0, 0);
        for unit in warc_units(bytes, gzip).take(10_000) {
            let (doc, p) = unit.parse(&crate::Fields::default());
            docs += usize::from(doc.is_some());
            problems += p.len();
        }
        (docs, problems)
    }

    #[test]
    fn a_sample_reads_whole_plain_and_gzipped() {
        assert_eq!(read_all(sample(), false), (2, 0));
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&sample()).unwrap();
        assert_eq!(read_all(gz.finish().unwrap(), true), (2, 0));
    }

    /// Damaged copies of a WARC (bytes flipped, cut short, spliced) never panic, and never
    /// give more documents than the file holds.
    #[test]
    fn damaged_files_never_panic() {
        let sample = sample();
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..400 {
            let mut bytes = sample.clone();
            let n = bytes.len() as u64;
            for _ in 0..(next() % 4 + 1) {
                let at = (next() % n) as usize;
                bytes[at] = next() as u8;
            }
            if round % 3 == 0 {
                bytes.truncate((next() % n) as usize);
            }
            if round % 5 == 0 {
                let at = (next() % bytes.len().max(1) as u64) as usize;
                let copy = bytes[at.min(bytes.len())..].to_vec();
                bytes.extend_from_slice(&copy);
            }
            let gzip = round % 2 == 1;
            let bytes = if gzip {
                use std::io::Write;
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                gz.write_all(&bytes).unwrap();
                let mut g = gz.finish().unwrap();
                let at = (next() % g.len() as u64) as usize;
                g[at] ^= 0x55;
                g
            } else {
                bytes
            };
            let (docs, _) = read_all(bytes, gzip);
            assert!(docs <= 4, "round {round}: {docs}");
        }
    }

    #[test]
    fn chunks_are_joined() {
        let body = b"5\r\nHello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n";
        assert_eq!(dechunk(body).ok().unwrap(), b"Hello, world");
        assert!(matches!(dechunk(b"<html>"), Err(Dechunk::NotChunked)));
        assert!(matches!(dechunk(b"5\r\nHel"), Err(Dechunk::Broken(_))));
        assert!(matches!(
            dechunk(b"5\r\nHello\r\nzz\r\n"),
            Err(Dechunk::Broken(_))
        ));
    }

    #[test]
    fn media_types_and_charsets() {
        assert_eq!(
            media_type("text/HTML; charset=\"ISO-8859-1\""),
            ("text/html".into(), Some("ISO-8859-1".into()))
        );
        assert_eq!(media_type("image/png"), ("image/png".into(), None));
    }

    #[test]
    fn bodies_are_decompressed_or_taken_as_they_are() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"<p>page</p>").unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(
            decode_body(gz.clone(), false, Some("gzip")).unwrap(),
            b"<p>page</p>"
        );
        assert_eq!(
            decode_body(b"<p>x</p>".to_vec(), false, Some("gzip")).unwrap(),
            b"<p>x</p>"
        );
        assert!(decode_body(b"\x1f\x8b\x08junk".to_vec(), false, Some("gzip")).is_err());
        assert!(decode_body(b"abc".to_vec(), false, Some("compress")).is_err());
        assert!(decode_body(b"\x1b\xff\xff".to_vec(), false, Some("br")).is_err());
        // `brotli` (Debian's command) of "<p>Kampot, 12 May</p>\n".
        let br = b"\x8f\x0a\x80\x3c\x70\x3e\x4b\x61\x6d\x70\x6f\x74\x2c\x20\x31\x32\x20\x4d\x61\x79\x3c\x2f\x70\x3e\x0a\x03";
        assert_eq!(
            decode_body(br.to_vec(), false, Some("br")).unwrap(),
            b"<p>Kampot, 12 May</p>\n"
        );
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(b"<p>z</p>").unwrap();
        assert_eq!(
            decode_body(z.finish().unwrap(), false, Some("deflate")).unwrap(),
            b"<p>z</p>"
        );
    }
}
