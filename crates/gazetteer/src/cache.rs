//! The compiled gazetteer cache: a [`Gazetteer`] written to one file (`.tonlegaz`) that loads
//! without parsing or compiling the lists again.
//!
//! A million-entry list takes seconds to parse and compile; its cache loads in a fraction of
//! that. `tonle gazetteer compile` writes one, and every command that takes `--gazetteer`
//! reads it ([`load_lists`]).
//!
//! # Format
//!
//! Little-endian throughout. Strings are a `u32` byte length and UTF-8 bytes; arrays a `u32`
//! or `u64` count and their items.
//!
//! ```text
//! header   "TONLEGAZ"  format version (u32)  flags (u32: bit 0 = includes the shipped lists)
//!          rules fingerprint (u32)  shipped-lists fingerprint (u32, 0 without them)
//! section  sources: the lists it was compiled from (path, and per list file its size and
//!          modification time), to tell a stale cache
//! section  entries: list names, entries (id, type, name, aliases, case, attributes, line,
//!          exact aliases), the list that first defined each entry
//! section  matcher: vocabulary (folded tokens by id), trie edges (sorted), terminal of each
//!          node, children of the root, candidates of each terminal, unspaced-script
//!          patterns and their candidates
//! trailer  length of everything before it (u64), CRC-32 of everything before it (u32), "TGZ."
//! ```
//!
//! Each section is preceded by its byte length, so that loading decodes the entries on one
//! thread while another rebuilds the trie's hash maps and the Aho-Corasick automaton (which is
//! not stored: it is rebuilt from the patterns).
//!
//! A cache is refused, with an error that names the file and says to run `tonle gazetteer
//! compile` again, when it is not a cache, was cut short or damaged (the CRC), was written by
//! a tonle with another [`FORMAT_VERSION`] or other matching rules (the rules fingerprint:
//! tokenizing, folding and the common-word list), holds shipped lists other than this tonle's,
//! or when a list it was compiled from has changed since (size or modification time; lists
//! that no longer exist at their path are not checked, so a cache can be copied elsewhere).

use std::fmt;
use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rustc_hash::FxHashMap;

use crate::defaults::DEFAULT_LISTS;
use crate::list::{CaseRule, EntityType, Entry, ListError};
use crate::matcher::{
    continuous_automaton, needs_exact_case, Candidate, Gazetteer, GazetteerBuilder, NO_CHILD,
    NO_TERMINAL,
};

/// The file extension of a compiled gazetteer.
pub const EXTENSION: &str = "tonlegaz";

/// The first bytes of every compiled gazetteer.
pub const MAGIC: [u8; 8] = *b"TONLEGAZ";

/// The version of the layout. Bump it whenever the layout, or the meaning of anything stored
/// (the `Gazetteer`'s fields), changes.
pub const FORMAT_VERSION: u32 = 1;

const TRAILER_MAGIC: [u8; 4] = *b"TGZ.";
const HEADER_LEN: usize = 8 + 4 + 4 + 4 + 4;
const TRAILER_LEN: usize = 8 + 4 + 4;
const FLAG_DEFAULTS: u32 = 1;

/// The file extensions `GazetteerBuilder::add_path` reads inside a directory.
const LIST_EXTENSIONS: [&str; 4] = ["tsv", "txt", "jsonl", "ndjson"];

/// Why a compiled gazetteer could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheErrorKind {
    /// The file does not start with [`MAGIC`].
    NotACache,
    /// Written by a tonle with another format version or other matching rules.
    Version,
    /// Cut short, or changed after it was written.
    Corrupt,
    /// A list it was compiled from has changed since, or it was compiled with other shipped
    /// lists than this tonle's.
    Stale,
    /// It cannot be read.
    Io,
    /// It does not go with the other options (more lists, `--no-default-gazetteers`).
    Usage,
}

/// A compiled gazetteer that could not be used, with the file and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheError {
    pub kind: CacheErrorKind,
    pub file: String,
    pub message: String,
}

impl CacheError {
    fn new(kind: CacheErrorKind, file: &Path, message: impl Into<String>) -> Self {
        CacheError {
            kind,
            file: file.display().to_string(),
            message: message.into(),
        }
    }
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for CacheError {}

impl From<CacheError> for ListError {
    fn from(e: CacheError) -> Self {
        ListError {
            file: e.file,
            line: 0,
            message: e.message,
        }
    }
}

const RECOMPILE: &str = "run `tonle gazetteer compile` again to rebuild it from the lists";

/// One list file a cache was compiled from: its path (relative to the directory given, or
/// empty for a file given directly), size and modification time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub path: String,
    pub len: u64,
    pub modified_ns: u64,
}

/// A `--gazetteer` path a cache was compiled from, made absolute, with the list files read
/// from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    pub files: Vec<SourceFile>,
}

/// What a compiled gazetteer was compiled from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    /// Whether it includes the lists shipped in tonle.
    pub defaults: bool,
    pub paths: Vec<Source>,
}

impl Sources {
    /// Records the lists `GazetteerBuilder::add_path` would read from each path (call it
    /// before reading them, so that a list changed meanwhile makes the cache stale).
    pub fn stamp(defaults: bool, paths: &[PathBuf]) -> io::Result<Sources> {
        let mut out = Sources {
            defaults,
            paths: Vec::with_capacity(paths.len()),
        };
        for p in paths {
            let path = fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            let files = stamp_path(&path)?;
            out.paths.push(Source { path, files });
        }
        Ok(out)
    }
}

fn modified_ns(meta: &fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

fn stamp_path(path: &Path) -> io::Result<Vec<SourceFile>> {
    let meta = fs::metadata(path)?;
    if !meta.is_dir() {
        return Ok(vec![SourceFile {
            path: String::new(),
            len: meta.len(),
            modified_ns: modified_ns(&meta),
        }]);
    }
    let mut files = Vec::new();
    for item in walkdir::WalkDir::new(path).sort_by_file_name() {
        let item = item.map_err(io::Error::other)?;
        let listed = item
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| LIST_EXTENSIONS.contains(&e));
        if item.file_type().is_file() && listed {
            let meta = item.metadata().map_err(io::Error::other)?;
            let rel = item.path().strip_prefix(path).unwrap_or(item.path());
            files.push(SourceFile {
                path: rel.display().to_string(),
                len: meta.len(),
                modified_ns: modified_ns(&meta),
            });
        }
    }
    Ok(files)
}

/// A CRC-32 of what decides how names are matched, besides the lists: tokenizing, folding,
/// which one-word names need exact case. A cache compiled under other rules is refused.
fn rules_fingerprint() -> u32 {
    const PROBE: &str = "Đà Nẵng’s O'Smach, O’Smach and o-smach; CNRP, Cnrp, March, police, \
        «Phnom\u{00A0}Penh» ភ្នំពេញ\u{200B}ខេត្ត ๑๒ ১২ Ünïcödé ﬁ ß Æ İstanbul 1,122.5 – e\u{301} 16th \
        Co., Ltd. U.S.A. l'Île";
    let mut h = crc32fast::Hasher::new();
    h.update(&FORMAT_VERSION.to_le_bytes());
    h.update(include_str!("common_words.txt").as_bytes());
    let mut tokens = Vec::new();
    tonle_text::tokenize(PROBE, &mut tokens);
    let mut folded = String::new();
    for (i, t) in tokens.iter().enumerate() {
        let s = t.as_str(PROBE);
        tonle_text::fold(s, &mut folded);
        let joiner = tonle_text::is_joiner(PROBE, &tokens, i);
        let exact = needs_exact_case(CaseRule::Auto, PROBE, std::slice::from_ref(t));
        h.update(
            format!(
                "{}:{}:{:?}:{:?}:{joiner}:{exact}:{folded}|",
                t.start, t.end, t.kind, t.gap
            )
            .as_bytes(),
        );
    }
    h.finalize()
}

/// A CRC-32 of the shipped lists (names and contents).
fn defaults_fingerprint() -> u32 {
    let mut h = crc32fast::Hasher::new();
    for (name, source) in DEFAULT_LISTS {
        h.update(&(name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update(&(source.len() as u64).to_le_bytes());
        h.update(source.as_bytes());
    }
    h.finalize()
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// A writer that keeps the CRC-32 and the length of what went through it.
struct Checked<W: Write> {
    inner: W,
    crc: crc32fast::Hasher,
    len: u64,
}

impl<W: Write> Checked<W> {
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.crc.update(bytes);
        self.len += bytes.len() as u64;
        self.inner.write_all(bytes)
    }
}

/// A section being encoded in memory. Counts, lengths and most numbers are LEB128 varints.
#[derive(Default)]
struct Buf(Vec<u8>);

impl Buf {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn var(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn count(&mut self, n: usize) {
        self.var(u32::try_from(n).expect("fewer than 2^32 items").into());
    }
    fn str(&mut self, s: &str) {
        self.count(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    /// Fixed-width, so that they decode in bulk.
    fn u32s(&mut self, v: &[u32]) {
        self.count(v.len());
        self.0.reserve(v.len() * 4);
        for &x in v {
            self.0.extend_from_slice(&x.to_le_bytes());
        }
    }
    fn candidates(&mut self, cs: &[Candidate]) {
        self.count(cs.len());
        for c in cs {
            self.var(c.entry.into());
            self.var(c.list.into());
            match &c.exact {
                None => self.count(0),
                Some(words) => {
                    self.count(words.len());
                    for w in words.iter() {
                        self.str(w);
                    }
                }
            }
        }
    }
}

/// The bucket `key` lands in, in a hash table made for `len` items as `decode_matcher` makes
/// it (the layout of the standard library's tables; were it to change, loading would only be
/// slower).
fn table_slot(key: u64, len: usize) -> u64 {
    use std::hash::BuildHasher;
    let buckets = if len < 8 {
        8
    } else {
        (len * 8 / 7).next_power_of_two()
    };
    rustc_hash::FxBuildHasher.hash_one(key) & (buckets as u64 - 1)
}

fn case_code(case: CaseRule) -> u8 {
    match case {
        CaseRule::Auto => 0,
        CaseRule::Exact => 1,
        CaseRule::Ignore => 2,
    }
}

fn encode_sources(sources: &Sources) -> Buf {
    let mut b = Buf::default();
    b.count(sources.paths.len());
    for s in &sources.paths {
        b.str(&s.path.display().to_string());
        b.count(s.files.len());
        for f in &s.files {
            b.str(&f.path);
            b.u64(f.len);
            b.u64(f.modified_ns);
        }
    }
    b
}

fn encode_entries(g: &Gazetteer) -> Buf {
    let mut b = Buf(Vec::with_capacity(g.entries.len() * 64));
    b.count(g.lists.len());
    for l in &g.lists {
        b.str(l);
    }
    b.count(g.entries.len());
    for e in &g.entries {
        b.str(&e.id);
        b.str(e.kind.as_str());
        b.str(&e.name);
        b.count(e.aliases.len());
        for a in &e.aliases {
            b.str(a);
        }
        b.u8(case_code(e.case));
        b.count(e.attrs.len());
        for (k, v) in &e.attrs {
            b.str(k);
            b.str(v);
        }
        b.var(e.line as u64);
        b.count(e.exact_aliases.len());
        for a in &e.exact_aliases {
            b.str(a);
        }
    }
    b.u32s(&g.entry_lists);
    b
}

fn encode_matcher(g: &Gazetteer) -> Buf {
    let mut b = Buf(Vec::with_capacity(
        g.edges.len() * 6 + g.terminals.len() * 8,
    ));
    let mut words: Vec<&str> = vec![""; g.vocab.len()];
    for (w, &id) in &g.vocab {
        words[id as usize] = w;
    }
    b.count(words.len());
    for w in words {
        b.str(w);
    }
    // In the order of the buckets they land in when loaded (then by key, so that the same
    // lists always give the same bytes): inserting them then walks the table front to back
    // instead of jumping about a table of tens of megabytes.
    let mut edges: Vec<(u64, u64, u32)> = g
        .edges
        .iter()
        .map(|(&k, &v)| (table_slot(k, g.edges.len()), k, v))
        .collect();
    edges.sort_unstable();
    b.count(edges.len());
    for (_, k, v) in edges {
        b.var(k >> 32);
        b.var(k & 0xFFFF_FFFF);
        b.var(v.into());
    }
    b.u32s(&g.node_terminal);
    b.u32s(&g.root_children);
    b.count(g.terminals.len());
    for t in &g.terminals {
        b.candidates(t);
    }
    b.count(g.continuous_patterns.len());
    for p in &g.continuous_patterns {
        b.str(p);
    }
    for cs in &g.continuous_candidates {
        b.candidates(cs);
    }
    b
}

impl Gazetteer {
    /// Writes the compiled gazetteer in the cache format (see the [module](crate::cache)
    /// documentation); `sources` says what it was compiled from.
    pub fn write_compiled(&self, sources: &Sources, out: impl Write) -> io::Result<()> {
        let mut w = Checked {
            inner: out,
            crc: crc32fast::Hasher::new(),
            len: 0,
        };
        w.put(&MAGIC)?;
        w.put(&FORMAT_VERSION.to_le_bytes())?;
        let flags = if sources.defaults { FLAG_DEFAULTS } else { 0 };
        w.put(&flags.to_le_bytes())?;
        w.put(&rules_fingerprint().to_le_bytes())?;
        let shipped = if sources.defaults {
            defaults_fingerprint()
        } else {
            0
        };
        w.put(&shipped.to_le_bytes())?;
        for section in [
            encode_sources(sources),
            encode_entries(self),
            encode_matcher(self),
        ] {
            w.put(&(section.0.len() as u64).to_le_bytes())?;
            w.put(&section.0)?;
        }
        let (len, crc) = (w.len, w.crc.clone().finalize());
        let mut inner = w.inner;
        inner.write_all(&len.to_le_bytes())?;
        inner.write_all(&crc.to_le_bytes())?;
        inner.write_all(&TRAILER_MAGIC)?;
        inner.flush()
    }

    /// Reads a compiled gazetteer held in memory (see [`Gazetteer::write_compiled`]); `file`
    /// names it in errors. Returns it with what it was compiled from (not checked here: see
    /// [`check_sources`]).
    pub fn read_compiled(bytes: &[u8], file: &Path) -> Result<(Gazetteer, Sources), CacheError> {
        read(io::Cursor::new(bytes), bytes.len() as u64, file)
    }

    /// Reads a compiled gazetteer from a file; see [`Gazetteer::read_compiled`]. The file is
    /// streamed, never held whole in memory.
    pub fn load_compiled(path: &Path) -> Result<(Gazetteer, Sources), CacheError> {
        let io = |e: io::Error| {
            CacheError::new(
                CacheErrorKind::Io,
                path,
                format!("cannot read this compiled gazetteer: {e}"),
            )
        };
        let f = fs::File::open(path).map_err(io)?;
        let len = f.metadata().map_err(io)?.len();
        read(f, len, path)
    }

    /// Number of lists compiled in (see [`Gazetteer::list_name`]).
    pub fn list_count(&self) -> usize {
        self.lists.len()
    }
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------
//
// One thread decodes the whole file front to back. Most of the time goes to the memory the
// entries and tables take (allocating it, and the kernel's first touch of each page), and on
// the two-core benchmark machine that does not get faster with a second thread: decoding the
// entries and the matcher on two threads measured slower than on one.

/// Something in the file does not fit, or it could not be read.
#[derive(Debug)]
enum Fault {
    Malformed,
    Io(io::Error),
}

use Fault::Malformed;

const CHUNK: usize = 1 << 20;

/// The body of a cache, read in chunks as it is decoded, with the CRC-32 of what was read.
struct Stream<R: Read> {
    src: io::Take<R>,
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    /// Bytes not yet decoded.
    left: u64,
    crc: crc32fast::Hasher,
}

impl<R: Read> Stream<R> {
    fn new(src: R, len: u64, crc: crc32fast::Hasher) -> Self {
        Stream {
            src: src.take(len),
            buf: vec![0; CHUNK.min(len as usize)],
            pos: 0,
            end: 0,
            left: len,
            crc,
        }
    }

    /// Makes `n` bytes available at `pos`.
    #[cold]
    fn fill(&mut self, n: usize) -> Result<(), Fault> {
        self.buf.copy_within(self.pos..self.end, 0);
        self.end -= self.pos;
        self.pos = 0;
        if self.buf.len() < n {
            self.buf.resize(n, 0);
        }
        while self.end < n {
            let k = match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => return Err(Malformed),
                Ok(k) => k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Fault::Io(e)),
            };
            self.crc.update(&self.buf[self.end..self.end + k]);
            self.end += k;
        }
        Ok(())
    }

    #[inline]
    fn take(&mut self, n: usize) -> Result<&[u8], Fault> {
        if n as u64 > self.left {
            return Err(Malformed);
        }
        if self.end - self.pos < n {
            self.fill(n)?;
        }
        let at = self.pos;
        self.pos += n;
        self.left -= n as u64;
        Ok(&self.buf[at..at + n])
    }

    #[inline]
    fn u8(&mut self) -> Result<u8, Fault> {
        Ok(self.take(1)?[0])
    }

    fn u64(&mut self) -> Result<u64, Fault> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }

    #[inline]
    fn var(&mut self) -> Result<u64, Fault> {
        // Most numbers are one byte, and most of the time the buffer holds it.
        if let Some(&b) = self.buf[self.pos..self.end].first() {
            if b < 0x80 {
                self.pos += 1;
                self.left -= 1;
                return Ok(b.into());
            }
        }
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(Malformed)
    }

    #[inline]
    fn var32(&mut self) -> Result<u32, Fault> {
        u32::try_from(self.var()?).map_err(|_| Malformed)
    }

    /// A count of items of at least `min_size` bytes each, checked against what is left of
    /// the file (so that a damaged count never makes a huge allocation).
    #[inline]
    fn count(&mut self, min_size: u64) -> Result<usize, Fault> {
        let n = self.var32()?;
        if u64::from(n) * min_size > self.left {
            return Err(Malformed);
        }
        Ok(n as usize)
    }

    #[inline]
    fn str(&mut self) -> Result<&str, Fault> {
        let n = self.count(1)?;
        std::str::from_utf8(self.take(n)?).map_err(|_| Malformed)
    }

    #[inline]
    fn string(&mut self) -> Result<String, Fault> {
        self.str().map(str::to_owned)
    }

    fn strings(&mut self) -> Result<Vec<String>, Fault> {
        let n = self.count(1)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.string()?);
        }
        Ok(out)
    }

    fn u32s(&mut self) -> Result<Vec<u32>, Fault> {
        let n = self.count(4)?;
        let mut out = Vec::with_capacity(n);
        let mut left = n;
        while left > 0 {
            let k = left.min(CHUNK / 4);
            let raw = self.take(k * 4)?;
            out.extend(
                raw.chunks_exact(4)
                    .map(|c| u32::from_le_bytes(c.try_into().unwrap())),
            );
            left -= k;
        }
        Ok(out)
    }

    fn candidates(&mut self) -> Result<Vec<Candidate>, Fault> {
        let n = self.count(3)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let entry = self.var32()?;
            let list = self.var32()?;
            let words = self.count(1)?;
            let exact = if words == 0 {
                None
            } else {
                let mut w = Vec::with_capacity(words);
                for _ in 0..words {
                    w.push(Box::from(self.str()?));
                }
                Some(w.into_boxed_slice())
            };
            out.push(Candidate { entry, list, exact });
        }
        Ok(out)
    }

    /// Decodes one section (its byte length, then its bytes) with `f`, which must use all
    /// of it.
    fn section<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, Fault>) -> Result<T, Fault> {
        let n = self.u64()?;
        if n > self.left {
            return Err(Malformed);
        }
        let end = self.left - n;
        let out = f(self)?;
        if self.left != end {
            return Err(Malformed);
        }
        Ok(out)
    }
}

/// Reads a cache of `len` bytes from `src`.
fn read<R: Read + Seek>(
    mut src: R,
    len: u64,
    file: &Path,
) -> Result<(Gazetteer, Sources), CacheError> {
    let corrupt = |what: &str| {
        CacheError::new(
            CacheErrorKind::Corrupt,
            file,
            format!(
                "this compiled gazetteer is damaged ({what}): it was cut short or changed after \
                 it was written; {RECOMPILE}"
            ),
        )
    };
    let io = |e: io::Error| {
        CacheError::new(
            CacheErrorKind::Io,
            file,
            format!("cannot read this compiled gazetteer: {e}"),
        )
    };
    let fault = |f: Fault, what: &str| match f {
        Malformed => corrupt(what),
        Fault::Io(e) => io(e),
    };
    let mut header = vec![0; HEADER_LEN.min(len as usize)];
    src.read_exact(&mut header).map_err(io)?;
    if header.len() < MAGIC.len() || header[..MAGIC.len()] != MAGIC {
        return Err(CacheError::new(
            CacheErrorKind::NotACache,
            file,
            format!(
                "not a compiled gazetteer (it does not start with {:?}); compile lists into \
                 one with `tonle gazetteer compile`, or give the lists themselves",
                std::str::from_utf8(&MAGIC).unwrap_or_default()
            ),
        ));
    }
    // Header, three section lengths, trailer.
    if len < (HEADER_LEN + 3 * 8 + TRAILER_LEN) as u64 {
        return Err(corrupt("too short"));
    }
    let word = |at: usize| u32::from_le_bytes(header[at..at + 4].try_into().unwrap());
    let version = word(8);
    if version != FORMAT_VERSION {
        return Err(CacheError::new(
            CacheErrorKind::Version,
            file,
            format!(
                "this compiled gazetteer has format version {version}, and this tonle reads \
                 version {FORMAT_VERSION}: it was written by another version of tonle; \
                 {RECOMPILE}"
            ),
        ));
    }
    let body_len = len - TRAILER_LEN as u64;
    let mut trailer = [0; TRAILER_LEN];
    src.seek(SeekFrom::Start(body_len))
        .and_then(|_| src.read_exact(&mut trailer))
        .map_err(io)?;
    if trailer[12..] != TRAILER_MAGIC {
        return Err(corrupt("no end marker"));
    }
    if u64::from_le_bytes(trailer[..8].try_into().unwrap()) != body_len {
        return Err(corrupt("wrong length"));
    }
    let stored_crc = u32::from_le_bytes(trailer[8..12].try_into().unwrap());
    src.seek(SeekFrom::Start(HEADER_LEN as u64)).map_err(io)?;
    let mut crc = crc32fast::Hasher::new();
    crc.update(&header);
    let mut s = Stream::new(src, body_len - HEADER_LEN as u64, crc);
    let defaults = word(12) & FLAG_DEFAULTS != 0;
    let sources = s
        .section(|s| decode_sources(s, defaults))
        .map_err(|f| fault(f, "sources"))?;
    let (lists, entries, entry_lists) =
        s.section(decode_entries).map_err(|f| fault(f, "entries"))?;
    let m = s.section(decode_matcher).map_err(|f| fault(f, "matcher"))?;
    if s.left != 0 {
        return Err(corrupt("unexpected bytes after the last section"));
    }
    if s.crc.finalize() != stored_crc {
        return Err(corrupt("checksum mismatch"));
    }
    if word(16) != rules_fingerprint() {
        return Err(CacheError::new(
            CacheErrorKind::Version,
            file,
            format!(
                "this compiled gazetteer was written by a version of tonle that matches names \
                 differently (tokenizing, folding or the common-word list changed); {RECOMPILE}"
            ),
        ));
    }
    if defaults && word(20) != defaults_fingerprint() {
        return Err(CacheError::new(
            CacheErrorKind::Stale,
            file,
            format!(
                "this compiled gazetteer includes the shipped lists of another version of \
                 tonle; {RECOMPILE}"
            ),
        ));
    }
    let g = Gazetteer {
        entries,
        lists,
        vocab: m.vocab,
        edges: m.edges,
        node_terminal: m.node_terminal,
        terminals: m.terminals,
        continuous: m.continuous,
        continuous_patterns: m.continuous_patterns,
        continuous_candidates: m.continuous_candidates,
        root_children: m.root_children,
        entry_lists,
    };
    validate(&g).map_err(|_| corrupt("inconsistent indices"))?;
    Ok((g, sources))
}

fn decode_sources<R: Read>(s: &mut Stream<R>, defaults: bool) -> Result<Sources, Fault> {
    let n = s.count(2)?;
    let mut paths = Vec::with_capacity(n);
    for _ in 0..n {
        let path = PathBuf::from(s.str()?);
        let k = s.count(17)?;
        let mut files = Vec::with_capacity(k);
        for _ in 0..k {
            files.push(SourceFile {
                path: s.string()?,
                len: s.u64()?,
                modified_ns: s.u64()?,
            });
        }
        paths.push(Source { path, files });
    }
    Ok(Sources { defaults, paths })
}

type Entries = (Vec<String>, Vec<Entry>, Vec<u32>);

fn decode_entries<R: Read>(s: &mut Stream<R>) -> Result<Entries, Fault> {
    let lists = s.strings()?;
    let n = s.count(8)?;
    let mut entries = Vec::with_capacity(n);
    for _ in 0..n {
        let id = s.string()?;
        let kind = EntityType::parse(s.str()?);
        let name = s.string()?;
        let aliases = s.strings()?;
        let case = match s.u8()? {
            0 => CaseRule::Auto,
            1 => CaseRule::Exact,
            2 => CaseRule::Ignore,
            _ => return Err(Malformed),
        };
        let k = s.count(2)?;
        let mut attrs = Vec::with_capacity(k);
        for _ in 0..k {
            attrs.push((s.string()?, s.string()?));
        }
        let line = usize::try_from(s.var()?).map_err(|_| Malformed)?;
        let exact_aliases = s.strings()?;
        entries.push(Entry {
            id,
            kind,
            name,
            aliases,
            case,
            attrs,
            line,
            exact_aliases,
        });
    }
    let entry_lists = s.u32s()?;
    Ok((lists, entries, entry_lists))
}

struct Matcher {
    vocab: FxHashMap<Box<str>, u32>,
    edges: FxHashMap<u64, u32>,
    node_terminal: Vec<u32>,
    root_children: Vec<u32>,
    terminals: Vec<Vec<Candidate>>,
    continuous: Option<aho_corasick::AhoCorasick>,
    continuous_patterns: Vec<String>,
    continuous_candidates: Vec<Vec<Candidate>>,
}

fn decode_matcher<R: Read>(s: &mut Stream<R>) -> Result<Matcher, Fault> {
    let n = s.count(1)?;
    let mut vocab = FxHashMap::with_capacity_and_hasher(n, Default::default());
    for id in 0..n as u32 {
        if vocab.insert(Box::from(s.str()?), id).is_some() {
            return Err(Malformed);
        }
    }
    let n = s.count(3)?;
    let mut edges = FxHashMap::with_capacity_and_hasher(n, Default::default());
    for _ in 0..n {
        let key = u64::from(s.var32()?) << 32 | u64::from(s.var32()?);
        edges.insert(key, s.var32()?);
    }
    let node_terminal = s.u32s()?;
    let root_children = s.u32s()?;
    let n = s.count(1)?;
    let mut terminals = Vec::with_capacity(n);
    for _ in 0..n {
        terminals.push(s.candidates()?);
    }
    let continuous_patterns = s.strings()?;
    let mut continuous_candidates = Vec::with_capacity(continuous_patterns.len());
    for _ in 0..continuous_patterns.len() {
        continuous_candidates.push(s.candidates()?);
    }
    let continuous = if continuous_patterns.is_empty() {
        None
    } else {
        Some(continuous_automaton(&continuous_patterns).map_err(|_| Malformed)?)
    };
    Ok(Matcher {
        vocab,
        edges,
        node_terminal,
        root_children,
        terminals,
        continuous,
        continuous_patterns,
        continuous_candidates,
    })
}

/// Checks every index the matcher follows, so that a damaged cache that still passed the
/// checksum can never make matching panic.
fn validate(g: &Gazetteer) -> Result<(), Fault> {
    let ok = |c: bool| if c { Ok(()) } else { Err(Malformed) };
    let nodes = g.node_terminal.len() as u64;
    ok(nodes >= 1)?;
    ok(g.entry_lists.len() == g.entries.len())?;
    ok(g.entry_lists.iter().all(|&l| (l as usize) < g.lists.len()))?;
    ok(g.node_terminal
        .iter()
        .all(|&t| t == NO_TERMINAL || (t as usize) < g.terminals.len()))?;
    ok(g.root_children.len() == g.vocab.len())?;
    ok(g.root_children
        .iter()
        .all(|&c| c == NO_CHILD || u64::from(c) < nodes))?;
    ok(g.edges.iter().all(|(&k, &child)| {
        k >> 32 < nodes && (k & 0xFFFF_FFFF) < g.vocab.len() as u64 && u64::from(child) < nodes
    }))?;
    let candidate_ok = |c: &Candidate| {
        (c.entry as usize) < g.entries.len()
            && (c.list as usize) < g.lists.len()
            && c.exact.as_ref().is_none_or(|w| !w.is_empty())
    };
    ok(g.terminals.iter().flatten().all(candidate_ok))?;
    ok(g.continuous_candidates.len() == g.continuous_patterns.len())?;
    ok(g.continuous_candidates
        .iter()
        .all(|cs| !cs.is_empty() && cs.iter().all(candidate_ok)))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Loading lists or a cache, as the commands do
// ---------------------------------------------------------------------------------------------

/// True when `path` is a compiled gazetteer: its extension is `.tonlegaz`, or it is a file
/// that starts with [`MAGIC`].
pub fn is_compiled(path: &Path) -> bool {
    if path.extension().and_then(|e| e.to_str()) == Some(EXTENSION) {
        return true;
    }
    if !path.is_file() {
        return false;
    }
    let mut head = [0u8; MAGIC.len()];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == MAGIC
}

/// Checks that the lists a cache was compiled from have not changed since: every list file
/// still at its path must have the same size and modification time, and a directory the
/// same list files.
pub fn check_sources(sources: &Sources, file: &Path) -> Result<(), CacheError> {
    for s in &sources.paths {
        if !s.path.exists() {
            continue; // the cache was copied elsewhere, or the lists were removed: use it
        }
        let now = stamp_path(&s.path).unwrap_or_default();
        if now == s.files {
            continue;
        }
        let changed = now
            .iter()
            .find(|f| !s.files.contains(f))
            .or_else(|| s.files.iter().find(|f| !now.contains(f)))
            .map_or_else(
                || s.path.clone(),
                |f| {
                    if f.path.is_empty() {
                        s.path.clone()
                    } else {
                        s.path.join(&f.path)
                    }
                },
            );
        return Err(CacheError::new(
            CacheErrorKind::Stale,
            file,
            format!(
                "this compiled gazetteer is stale: {} has changed since it was compiled; \
                 {RECOMPILE}",
                changed.display()
            ),
        ));
    }
    Ok(())
}

/// Loads the lists the commands use: the shipped ones unless `defaults` is false, plus each
/// of `paths` (a list, a directory of lists). A compiled gazetteer (see [`is_compiled`])
/// given as the only path is loaded instead of compiling anything: it already holds every
/// list it was compiled from, so it must have been compiled with the shipped lists exactly
/// when `defaults` is true.
pub fn load_lists(defaults: bool, paths: &[PathBuf]) -> Result<Gazetteer, ListError> {
    let compiled: Vec<&PathBuf> = paths.iter().filter(|p| is_compiled(p)).collect();
    let Some(&cache) = compiled.first() else {
        let mut builder = GazetteerBuilder::new();
        if defaults {
            builder.add_defaults()?;
        }
        for path in paths {
            builder.add_path(path)?;
        }
        return builder.build();
    };
    if paths.len() > 1 {
        let other = paths.iter().find(|p| *p != cache).unwrap_or(cache);
        return Err(CacheError::new(
            CacheErrorKind::Usage,
            cache,
            format!(
                "a compiled gazetteer holds every list it was compiled from and cannot be \
                 combined with other lists (here {}): compile them together, `tonle gazetteer \
                 compile --gazetteer LIST... -o FILE.{EXTENSION}`, and give only that file",
                other.display()
            ),
        )
        .into());
    }
    let (g, sources) = Gazetteer::load_compiled(cache)?;
    if sources.defaults != defaults {
        let message = if sources.defaults {
            "this compiled gazetteer includes the shipped lists, but --no-default-gazetteers \
             asks for none: leave out --no-default-gazetteers, or compile it again with \
             `tonle gazetteer compile --no-default-gazetteers ...`"
        } else {
            "this compiled gazetteer was compiled without the shipped lists: add \
             --no-default-gazetteers to use it alone, or compile it again without \
             --no-default-gazetteers to include them"
        };
        return Err(CacheError::new(CacheErrorKind::Usage, cache, message).into());
    }
    check_sources(&sources, cache)?;
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Mention;

    const LIST: &str = "id\ttype\tname\taliases\tcase\tkind\n\
        KH-12\tPLACE\tPhnom Penh\tភ្នំពេញ|Phnum Penh\t\tcapital\n\
        KH-18\tPLACE\tPreah Sihanouk\tPreah Sihanouk province|Kampong Som|ខេត្តព្រះសីហនុ\t\tprovince\n\
        ppp\tORG\tPhnom Penh Post\t\t\tmedia\n\
        march\tPLACE\tMarch\t\t\ttown\n\
        ncct\tORG\tNational Committee for Counter Trafficking\tNCCT\t\tcommittee\n\
        kheng\tPERSON\tSar Kheng\t\texact\t\n\
        osmach\tPLACE\tO'Smach\tអូរស្មាច់\t\tborder crossing\n\
        dn\tPLACE\tĐà Nẵng\t\t\tcity\n";

    const TEXT: &str = "The Phnom Penh Post said that in March, SAR KHENG and Sar Kheng met \
        the NCCT (not the ncct) in Preah Sihanouk province and Kampong Som, at O’Smach and in \
        Da Nang. រាជធានីភ្នំពេញ ខេត្តព្រះសីហនុ និង អូរស្មាច់។ march phnum penh.";

    fn build(src: &str, defaults: bool) -> Gazetteer {
        let mut b = GazetteerBuilder::new();
        if defaults {
            b.add_defaults().unwrap();
        }
        b.add_source("test.tsv", src).unwrap();
        b.build().unwrap()
    }

    fn matches(g: &Gazetteer, text: &str) -> Vec<(Mention, String, String)> {
        let mut tokens = Vec::new();
        tonle_text::tokenize(text, &mut tokens);
        let mut out = Vec::new();
        g.find(text, &tokens, &mut out);
        out.into_iter()
            .map(|m| {
                let e = g.entry(m.entry);
                (m, e.id.clone(), g.list_name(m.list).to_string())
            })
            .collect()
    }

    fn bytes(g: &Gazetteer, sources: &Sources) -> Vec<u8> {
        let mut out = Vec::new();
        g.write_compiled(sources, &mut out).unwrap();
        out
    }

    fn read(bytes: &[u8]) -> Result<(Gazetteer, Sources), CacheError> {
        Gazetteer::read_compiled(bytes, Path::new("lists.tonlegaz"))
    }

    #[test]
    fn round_trip_gives_identical_matches() {
        for defaults in [false, true] {
            let g = build(LIST, defaults);
            let sources = Sources {
                defaults,
                paths: vec![Source {
                    path: PathBuf::from("/lists"),
                    files: vec![SourceFile {
                        path: "a.tsv".into(),
                        len: 10,
                        modified_ns: 7,
                    }],
                }],
            };
            let b = bytes(&g, &sources);
            let (h, read_sources) = read(&b).unwrap();
            assert_eq!(read_sources, sources);
            let (want, got) = (matches(&g, TEXT), matches(&h, TEXT));
            assert!(want.len() >= 10, "{want:?}");
            assert_eq!(got, want);
            let found: Vec<&str> = got.iter().map(|(m, _, _)| m.as_str(TEXT)).collect();
            for name in [
                "March",
                "Sar Kheng",
                "NCCT",
                "Da Nang",
                "O’Smach",
                "phnum penh",
            ] {
                assert!(found.contains(&name), "{name} not in {found:?}");
            }
            for name in ["ភ្នំពេញ", "ព្រះសីហនុ", "អូរស្មាច់"]
            {
                assert!(
                    found.iter().any(|f| f.contains(name)),
                    "{name} not in {found:?}"
                );
            }
            // Exact-case names: not the lower-case words.
            for not in ["ncct", "march"] {
                assert!(!found.contains(&not), "{not} in {found:?}");
            }
            assert_eq!(h.entries(), g.entries());
            assert_eq!(h.name_count(), g.name_count());
            assert_eq!(h.lists, g.lists);
            assert_eq!(h.entry_lists, g.entry_lists);
            assert_eq!(h.vocab, g.vocab);
            assert_eq!(h.edges, g.edges);
            assert_eq!(h.node_terminal, g.node_terminal);
            assert_eq!(h.root_children, g.root_children);
            assert_eq!(h.continuous_patterns, g.continuous_patterns);
            // Writing what was read gives the same bytes.
            assert_eq!(bytes(&h, &read_sources), b);
        }
    }

    #[test]
    fn the_shipped_lists_round_trip_on_the_sample_corpus() {
        let g = Gazetteer::defaults().unwrap();
        let (h, _) = read(&bytes(&g, &Sources::default())).unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
        let mut texts = 0;
        for item in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let item = item.unwrap();
            if item.path().extension().and_then(|e| e.to_str()) == Some("txt") {
                let text = fs::read_to_string(item.path()).unwrap();
                assert_eq!(matches(&h, &text), matches(&g, &text), "{:?}", item.path());
                texts += 1;
            }
        }
        assert!(texts > 0);
    }

    #[test]
    fn damaged_or_truncated_caches_are_refused() {
        let g = build(LIST, false);
        let good = bytes(&g, &Sources::default());
        for cut in [0, 4, 8, 20, HEADER_LEN + 3, good.len() / 2, good.len() - 1] {
            let e = read(&good[..cut]).err().unwrap();
            let want = if cut < 8 {
                CacheErrorKind::NotACache
            } else {
                CacheErrorKind::Corrupt
            };
            assert_eq!(e.kind, want, "cut at {cut}: {e}");
            assert!(e.to_string().starts_with("lists.tonlegaz: "), "{e}");
        }
        for at in [HEADER_LEN + 1, good.len() / 3, good.len() - TRAILER_LEN - 1] {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            let e = read(&bad).err().unwrap();
            assert_eq!(e.kind, CacheErrorKind::Corrupt, "{e}");
            assert!(e.message.contains("damaged"), "{e}");
            assert!(e.message.contains("tonle gazetteer compile"), "{e}");
        }
        let e = read(b"id\ttype\tname\nx\tORG\tX\n").err().unwrap();
        assert_eq!(e.kind, CacheErrorKind::NotACache);
    }

    #[test]
    fn another_format_version_is_refused() {
        let g = build(LIST, false);
        let mut b = bytes(&g, &Sources::default());
        b[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        let e = read(&b).err().unwrap();
        assert_eq!(e.kind, CacheErrorKind::Version);
        assert_eq!(
            e.to_string(),
            format!(
                "lists.tonlegaz: this compiled gazetteer has format version {}, and this tonle \
                 reads version {FORMAT_VERSION}: it was written by another version of tonle; \
                 run `tonle gazetteer compile` again to rebuild it from the lists",
                FORMAT_VERSION + 1
            )
        );
        // Other matching rules: the header's fingerprint (the CRC made to match again).
        let mut b = bytes(&g, &Sources::default());
        b[16] ^= 1;
        let body = b.len() - TRAILER_LEN;
        let crc = crc32fast::hash(&b[..body]);
        b[body + 8..body + 12].copy_from_slice(&crc.to_le_bytes());
        let e = read(&b).err().unwrap();
        assert_eq!(e.kind, CacheErrorKind::Version, "{e}");
        assert!(e.message.contains("matches names differently"), "{e}");
    }

    #[test]
    fn a_damaged_index_is_caught_even_with_a_good_checksum() {
        let mut g = build(LIST, false);
        g.node_terminal[1] = 999;
        let b = bytes(&g, &Sources::default());
        let e = read(&b).err().unwrap();
        assert_eq!(e.kind, CacheErrorKind::Corrupt, "{e}");
    }

    #[test]
    fn load_lists_checks_sources_and_options() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("places.tsv");
        fs::write(&list, LIST).unwrap();
        let cache = dir.path().join("lists.tonlegaz");
        let write = |defaults: bool| {
            let sources = Sources::stamp(defaults, std::slice::from_ref(&list)).unwrap();
            let g = load_lists(defaults, std::slice::from_ref(&list)).unwrap();
            let mut out = Vec::new();
            g.write_compiled(&sources, &mut out).unwrap();
            fs::write(&cache, out).unwrap();
            g
        };
        let g = write(false);
        assert!(is_compiled(&cache) && !is_compiled(&list));
        let h = load_lists(false, std::slice::from_ref(&cache)).unwrap();
        assert_eq!(matches(&h, TEXT), matches(&g, TEXT));
        // Found by its first bytes too.
        let renamed = dir.path().join("lists.bin");
        fs::copy(&cache, &renamed).unwrap();
        assert!(is_compiled(&renamed));
        assert_eq!(
            load_lists(false, &[renamed]).unwrap().name_count(),
            g.name_count()
        );
        // With the shipped lists when it was compiled without them.
        let e = load_lists(true, std::slice::from_ref(&cache))
            .err()
            .unwrap();
        assert!(e.message.contains("add --no-default-gazetteers"), "{e}");
        // Mixed with another list.
        let e = load_lists(false, &[cache.clone(), list.clone()])
            .err()
            .unwrap();
        assert!(e.message.contains("compile them together"), "{e}");
        // The list changed since.
        fs::write(&list, format!("{LIST}new\tPLACE\tNew Town\t\t\ttown\n")).unwrap();
        let e = load_lists(false, std::slice::from_ref(&cache))
            .err()
            .unwrap();
        assert!(e.message.contains("stale"), "{e}");
        assert!(e.message.contains("places.tsv"), "{e}");
        assert!(e.message.contains("tonle gazetteer compile"), "{e}");
        // Compiled with the shipped lists; asked for none.
        write(true);
        assert!(load_lists(true, std::slice::from_ref(&cache)).is_ok());
        let e = load_lists(false, std::slice::from_ref(&cache))
            .err()
            .unwrap();
        assert!(
            e.message.contains("leave out --no-default-gazetteers"),
            "{e}"
        );
        // The lists removed: the cache still works on its own.
        fs::remove_file(&list).unwrap();
        assert!(load_lists(true, std::slice::from_ref(&cache)).is_ok());
    }
}
