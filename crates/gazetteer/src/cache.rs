//! The compiled gazetteer cache: a [`Gazetteer`] written to one file (`.tonlegaz`) that loads
//! without parsing or compiling the lists again, and [`load_lists`], which loads either.
//!
//! A million-entry list takes seconds to parse and compile; its cache loads in a fraction of
//! that. This module only frames the engine's own serialized form ([`CompiledGazetteer`],
//! next to the matcher) and says whether a file can be trusted.
//!
//! # Format
//!
//! ```text
//! header   "TONLEGAZ"  format version (u32)  flags (u32: bit 0 = includes the shipped lists)
//!          rules fingerprint (u32)  shipped-lists fingerprint (u32, 0 without them)
//! body     postcard: the sources (per path given, its list files with size and modification
//!          time, to tell a stale cache), then the CompiledGazetteer
//! trailer  length of everything before it (u64), CRC-32 of everything before it (u32), "TGZ."
//! ```
//!
//! Numbers in the header and trailer are little-endian. Postcard (varints, no field names)
//! was chosen over bincode for its size, which is most of the load time, and because it is
//! maintained.
//!
//! A cache is refused, with a [`CacheError`] whose [`CacheErrorKind`] says why, when it is
//! not a cache, was cut short or damaged (the CRC, then every index checked by
//! [`Gazetteer::from_compiled`]), was written by a tonle with another [`FORMAT_VERSION`] or
//! other matching rules (the rules fingerprint: tokenizing, folding and the common-word
//! list), holds shipped lists other than this tonle's, or when a list it was compiled from
//! has changed since (size or modification time; lists that no longer exist at their path
//! are not checked, so a cache can be copied elsewhere).

use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::compiled::{CompiledGazetteer, InvalidCompiled};
use crate::defaults::DEFAULT_LISTS;
use crate::list::{CaseRule, ListError};
use crate::matcher::{needs_exact_case, Gazetteer, GazetteerBuilder};

/// The file extension of a compiled gazetteer.
pub const EXTENSION: &str = "tonlegaz";

/// The first bytes of every compiled gazetteer.
pub const MAGIC: [u8; 8] = *b"TONLEGAZ";

/// The version of the layout. Bump it whenever the layout, or the meaning of anything stored
/// (the fields of [`CompiledGazetteer`] and what they hold), changes.
pub const FORMAT_VERSION: u32 = 4;

const TRAILER_MAGIC: [u8; 4] = *b"TGZ.";
const HEADER_LEN: usize = 8 + 4 + 4 + 4 + 4;
const TRAILER_LEN: usize = 8 + 4 + 4;
const FLAG_DEFAULTS: u32 = 1;

/// The file extensions `GazetteerBuilder::add_path` reads inside a directory.
const LIST_EXTENSIONS: [&str; 4] = ["tsv", "txt", "jsonl", "ndjson"];

/// Why a compiled gazetteer could not be used; callers choose what to advise from it.
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
    /// Given together with other lists, which it cannot be combined with.
    CombinedWithLists,
    /// It includes the shipped lists, and none were asked for.
    HasShippedLists,
    /// It was compiled without the shipped lists, and they were asked for.
    LacksShippedLists,
}

/// A compiled gazetteer that could not be used, with the file and what is wrong.
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

/// Why [`load_lists`] failed: a list that cannot be read or compiled, or a compiled
/// gazetteer that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    List(ListError),
    Cache(CacheError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::List(e) => e.fmt(f),
            LoadError::Cache(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LoadError {}

impl From<ListError> for LoadError {
    fn from(e: ListError) -> Self {
        LoadError::List(e)
    }
}

impl From<CacheError> for LoadError {
    fn from(e: CacheError) -> Self {
        LoadError::Cache(e)
    }
}

/// One list file a cache was compiled from: its path (relative to the directory given, or
/// empty for a file given directly), size and modification time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    const VARIANT_PROBE: &str = "Kampong Kompong Kg. S'ville Tboung Khmum Bit Traing Pir \
        Stueng Saen Kaoh Chbar Jbar Chhnang Siem Reap";
    h.update(crate::romanization_key(VARIANT_PROBE).as_bytes());
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
// Writing and reading
// ---------------------------------------------------------------------------------------------

/// A source as stored: its path as text (a path that is not UTF-8 is stored lossily; it
/// then never matches a path on disk, and is not checked).
#[derive(Serialize, Deserialize)]
struct StoredSource {
    path: String,
    files: Vec<SourceFile>,
}

/// Everything between the header and the trailer.
#[derive(Serialize, Deserialize)]
struct Body {
    sources: Vec<StoredSource>,
    gazetteer: CompiledGazetteer,
}

impl Gazetteer {
    /// Writes the compiled gazetteer in the cache format (see the [module](crate::cache)
    /// documentation); `sources` says what it was compiled from.
    pub fn write_compiled(&self, sources: &Sources, mut out: impl Write) -> io::Result<()> {
        let body = Body {
            sources: sources
                .paths
                .iter()
                .map(|s| StoredSource {
                    path: s.path.display().to_string(),
                    files: s.files.clone(),
                })
                .collect(),
            gazetteer: self.to_compiled(),
        };
        let mut bytes = Vec::with_capacity(HEADER_LEN + self.entries.len() * 64);
        bytes.extend_from_slice(&MAGIC);
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        let flags = if sources.defaults { FLAG_DEFAULTS } else { 0 };
        bytes.extend_from_slice(&flags.to_le_bytes());
        bytes.extend_from_slice(&rules_fingerprint().to_le_bytes());
        let shipped = if sources.defaults {
            defaults_fingerprint()
        } else {
            0
        };
        bytes.extend_from_slice(&shipped.to_le_bytes());
        let mut bytes = postcard::to_extend(&body, bytes).map_err(io::Error::other)?;
        let (len, crc) = (bytes.len() as u64, crc32fast::hash(&bytes));
        bytes.extend_from_slice(&len.to_le_bytes());
        bytes.extend_from_slice(&crc.to_le_bytes());
        bytes.extend_from_slice(&TRAILER_MAGIC);
        out.write_all(&bytes)?;
        out.flush()
    }

    /// Reads a compiled gazetteer held in memory (see [`Gazetteer::write_compiled`]); `file`
    /// names it in errors. Returns it with what it was compiled from (not checked here: see
    /// [`check_sources`]).
    pub fn read_compiled(bytes: &[u8], file: &Path) -> Result<(Gazetteer, Sources), CacheError> {
        let e = |kind, message: String| CacheError::new(kind, file, message);
        let corrupt = |what: &str| {
            e(
                CacheErrorKind::Corrupt,
                format!(
                    "this compiled gazetteer is damaged ({what}): it was cut short or changed \
                     after it was written"
                ),
            )
        };
        if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
            return Err(e(
                CacheErrorKind::NotACache,
                format!(
                    "not a compiled gazetteer (it does not start with {:?})",
                    std::str::from_utf8(&MAGIC).unwrap_or_default()
                ),
            ));
        }
        if bytes.len() < HEADER_LEN + TRAILER_LEN {
            return Err(corrupt("too short"));
        }
        let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        let version = word(8);
        if version != FORMAT_VERSION {
            return Err(e(
                CacheErrorKind::Version,
                format!(
                    "this compiled gazetteer has format version {version}, and this tonle reads \
                     version {FORMAT_VERSION}: it was written by another version of tonle"
                ),
            ));
        }
        let (body, trailer) = bytes.split_at(bytes.len() - TRAILER_LEN);
        if trailer[12..] != TRAILER_MAGIC {
            return Err(corrupt("no end marker"));
        }
        if u64::from_le_bytes(trailer[..8].try_into().unwrap()) != body.len() as u64 {
            return Err(corrupt("wrong length"));
        }
        if u32::from_le_bytes(trailer[8..12].try_into().unwrap()) != crc32fast::hash(body) {
            return Err(corrupt("checksum mismatch"));
        }
        if word(16) != rules_fingerprint() {
            return Err(e(
                CacheErrorKind::Version,
                "this compiled gazetteer was written by a version of tonle that matches names \
                 differently (tokenizing, folding or the common-word list changed)"
                    .into(),
            ));
        }
        let defaults = word(12) & FLAG_DEFAULTS != 0;
        if defaults && word(20) != defaults_fingerprint() {
            return Err(e(
                CacheErrorKind::Stale,
                "this compiled gazetteer includes the shipped lists of another version of tonle"
                    .into(),
            ));
        }
        let (stored, rest): (Body, &[u8]) =
            postcard::take_from_bytes(&body[HEADER_LEN..]).map_err(|_| corrupt("undecodable"))?;
        if !rest.is_empty() {
            return Err(corrupt("unexpected bytes after the gazetteer"));
        }
        let g = Gazetteer::from_compiled(stored.gazetteer)
            .map_err(|InvalidCompiled(what)| corrupt(what))?;
        let paths = stored
            .sources
            .into_iter()
            .map(|s| Source {
                path: PathBuf::from(s.path),
                files: s.files,
            })
            .collect();
        Ok((g, Sources { defaults, paths }))
    }

    /// Reads a compiled gazetteer from a file; see [`Gazetteer::read_compiled`].
    pub fn load_compiled(path: &Path) -> Result<(Gazetteer, Sources), CacheError> {
        let bytes = fs::read(path).map_err(|e| {
            CacheError::new(
                CacheErrorKind::Io,
                path,
                format!("cannot read this compiled gazetteer: {e}"),
            )
        })?;
        Gazetteer::read_compiled(&bytes, path)
    }

    /// Number of lists compiled in (see [`Gazetteer::list_name`]).
    pub fn list_count(&self) -> usize {
        self.lists.len()
    }
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
                "this compiled gazetteer is stale: {} has changed since it was compiled",
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
pub fn load_lists(defaults: bool, paths: &[PathBuf]) -> Result<Gazetteer, LoadError> {
    let compiled: Vec<&PathBuf> = paths.iter().filter(|p| is_compiled(p)).collect();
    let Some(&cache) = compiled.first() else {
        let mut builder = GazetteerBuilder::new();
        if defaults {
            builder.add_defaults()?;
        }
        for path in paths {
            builder.add_path(path)?;
        }
        return Ok(builder.build()?);
    };
    if paths.len() > 1 {
        let other = paths.iter().find(|p| *p != cache).unwrap_or(cache);
        return Err(CacheError::new(
            CacheErrorKind::CombinedWithLists,
            cache,
            format!(
                "a compiled gazetteer holds every list it was compiled from and cannot be \
                 combined with other lists (here {})",
                other.display()
            ),
        )
        .into());
    }
    let (g, sources) = Gazetteer::load_compiled(cache)?;
    if sources.defaults != defaults {
        let (kind, message) = if sources.defaults {
            (
                CacheErrorKind::HasShippedLists,
                "this compiled gazetteer includes the shipped lists, but none were asked for",
            )
        } else {
            (
                CacheErrorKind::LacksShippedLists,
                "this compiled gazetteer was compiled without the shipped lists, which were \
                 asked for",
            )
        };
        return Err(CacheError::new(kind, cache, message).into());
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
                 reads version {FORMAT_VERSION}: it was written by another version of tonle",
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

    /// The kind of a cache error, and its message.
    fn cache_error(result: Result<Gazetteer, LoadError>) -> (CacheErrorKind, String) {
        match result.err() {
            Some(LoadError::Cache(e)) => (e.kind, e.message),
            other => panic!("not a cache error: {other:?}"),
        }
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
        let (kind, _) = cache_error(load_lists(true, std::slice::from_ref(&cache)));
        assert_eq!(kind, CacheErrorKind::LacksShippedLists);
        // Mixed with another list.
        let (kind, message) = cache_error(load_lists(false, &[cache.clone(), list.clone()]));
        assert_eq!(kind, CacheErrorKind::CombinedWithLists);
        assert!(message.contains("places.tsv"), "{message}");
        // The list changed since.
        fs::write(&list, format!("{LIST}new\tPLACE\tNew Town\t\t\ttown\n")).unwrap();
        let (kind, message) = cache_error(load_lists(false, std::slice::from_ref(&cache)));
        assert_eq!(kind, CacheErrorKind::Stale);
        assert!(message.contains("stale"), "{message}");
        assert!(message.contains("places.tsv"), "{message}");
        // Compiled with the shipped lists; asked for none.
        write(true);
        assert!(load_lists(true, std::slice::from_ref(&cache)).is_ok());
        let (kind, _) = cache_error(load_lists(false, std::slice::from_ref(&cache)));
        assert_eq!(kind, CacheErrorKind::HasShippedLists);
        // The lists removed: the cache still works on its own.
        fs::remove_file(&list).unwrap();
        assert!(load_lists(true, std::slice::from_ref(&cache)).is_ok());
    }
}
