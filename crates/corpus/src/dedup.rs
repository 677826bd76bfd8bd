//! Near-duplicate detection: syndicated copies and reposts of one article.
//!
//! ```
//! use tonle_corpus::dedup::{DuplicateIndex, Fingerprint};
//!
//! let story = "Police in Svay Rieng province said on Monday that they had rescued \
//!     forty-two workers from a compound near the border, where the men and women had been \
//!     held for months and forced to run online scams. Officers arrested three managers and \
//!     seized phones and computers, and the provincial court will hear the case next week.";
//! let wire = format!("Workers freed near border\n{story}\nRead more stories like this one");
//! let repost = format!("Forty-two rescued in Svay Rieng\nBy staff reporters\n{story}");
//! let other = "The ministry of labour opened a training centre for young farmers in Takeo \
//!     on Friday, offering courses in irrigation, accounting and marketing to two hundred \
//!     students from six districts, with a second centre planned for next year.";
//!
//! // Fingerprints can be made on any thread; `insert` runs in input order.
//! let mut index = DuplicateIndex::new();
//! let fingerprint = |text: &str| Fingerprint::of(text).expect("30 words or more");
//! assert!(index.insert("a1", &fingerprint(&wire)).is_none());
//! assert!(index.insert("a2", &fingerprint(other)).is_none());
//! let original = index.insert("a3", &fingerprint(&repost)).expect("a repost");
//! assert_eq!(original.id, "a1"); // the first in input order is the original
//! assert!(original.similarity >= 0.7);
//! assert!(Fingerprint::of("Too short to tell.").is_none());
//! ```
//!
//! **The fingerprint** is a MinHash signature of the text's 5-word shingles. Words are runs of
//! alphanumeric characters, lower-cased, so punctuation, quotes and line wrapping do not
//! matter. Lines of fewer than [`MIN_LINE_WORDS`] space-separated tokens are left out (URL
//! lines, bylines, "3 min read", "Related Articles", dates, share buttons), as reposts change
//! exactly those, unless they hold [`UNSPACED_LINE_CHARS`] letters of a script written
//! without spaces (Khmer); a shingle may span the lines that are kept. The signature uses
//! one-permutation hashing with optimal densification (Shrivastava, ICML 2017): each shingle
//! is hashed once, by a fixed 64-bit mixer with fixed seeds, into one of [`SIGNATURE_LEN`]
//! bins that keep their minimum, and empty bins borrow from full ones along a fixed probe
//! sequence; so making a fingerprint is linear in the text, allocates nothing, and gives the
//! same bytes on every machine and run. The fraction of equal bins of two fingerprints estimates the Jaccard similarity of
//! their shingle sets (each bin keeps 16 bits of its minimum: two unrelated bins agree by
//! chance once in 65,536, which no threshold notices).
//!
//! **Short texts get no fingerprint**: fewer than [`MIN_WORDS`] words (after leaving out short
//! lines) say too little to tell a copy from a common phrase, so [`Fingerprint::of`] returns
//! `None` and such documents are never flagged as duplicates.
//!
//! **The index** ([`DuplicateIndex`]) finds candidates by LSH banding (`bands` × `rows` bins of
//! the signature hashed together; two documents become candidates when one band agrees) and
//! verifies each with the whole signature. A document at or above the threshold to an earlier
//! one is a duplicate and is not added, so the original reported is always a document that is
//! itself no duplicate, the first of its group in input order. With the defaults (0.7, 25 ×
//! 5), a pair at similarity 0.7 becomes a candidate with probability 0.99, at 0.8 0.99995, at
//! 0.5 0.55 (then rejected by verification), at 0.3 0.06.
//!
//! **What it flags**: copies and reposts whose text is mostly the same: the same article
//! under another headline, byline or footer, a wire story reissued with a word changed or a
//! paragraph added. Not the same event told in other words (5-word shingles of independent
//! reports barely overlap). Not two articles under one long footer either: the footer's
//! shingles are shared, but the union holds both articles, so a 75-word notice under two
//! 60-word articles makes 0.34; only boilerplate over twice as long as the two articles
//! together would reach 0.7 (stripping it first is the cure). It cannot tell a repost from a bulletin that repeats the same
//! wording on another day with the same figures ("the Fed added 1.5 billion dlrs of
//! reserves..."); callers who must keep those apart can compare publication dates. Measured
//! on 30,815 news articles: BENCHMARKS.md, "Near-duplicate detection".

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;
/// Bins of a signature (each a 16-bit value, so a [`Fingerprint`] is 256 bytes).
pub const SIGNATURE_LEN: usize = 128;
/// Texts with fewer words than this (after short lines are left out) get no fingerprint.
pub const MIN_WORDS: usize = 30;
/// Lines with fewer tokens between spaces than this are left out of the shingles: URL lines,
/// bylines, dates, "3 min read", "Related Articles", "Advertisement".
pub const MIN_LINE_WORDS: usize = 4;

/// A line of fewer tokens than [`MIN_LINE_WORDS`] still counts when it has this many letters
/// or digits and is not all ASCII: Khmer or Thai prose puts spaces between phrases, not
/// words, so a sentence may be one token. (A byline of three Latin words with accents stays
/// short; an ASCII URL never counts.)
pub const UNSPACED_LINE_CHARS: usize = 20;

const SEED: u64 = 0x7a3c_9d1e_54b2_f068;
const DENSIFY_SEED: u64 = 0x2d58_a17f_c3e9_0b46;
const BAND_SEED: u64 = 0x91e4_6c0b_f27d_3a85;
/// Odd multiplier of the rolling shingle hash.
const ROLL: u64 = 0x9e37_79b9_7f4a_7c15;
/// `ROLL` to the power `SHINGLE_WORDS - 1`: the weight of the word that leaves the window.
const ROLL_OUT: u64 = ROLL
    .wrapping_mul(ROLL)
    .wrapping_mul(ROLL)
    .wrapping_mul(ROLL);
const EMPTY: u64 = u64::MAX;
/// Bits of a shingle hash left after its top 7 bits chose the bin.
const BIN_VALUE_MASK: u64 = (1 << 57) - 1;
/// Probes before densification falls back to the next full bin in order (reached only when
/// almost every bin is empty, e.g. one shingle repeated: 128 bins, ≥ 1 full).
const MAX_PROBES: u64 = 1024;

/// The murmur3 64-bit finalizer: a fixed, fast bijective mixer.
#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// A MinHash signature of a text's shingles: 256 bytes, `Copy`, `Send`; made on any thread.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    bins: [u16; SIGNATURE_LEN],
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint(")?;
        for b in &self.bins[..4] {
            write!(f, "{b:04x}")?;
        }
        write!(f, "…)")
    }
}

impl Fingerprint {
    /// The fingerprint of `text`, or `None` when it has fewer than [`MIN_WORDS`] words in
    /// the lines that count (see the [module docs](self); such texts are never flagged).
    pub fn of(text: &str) -> Option<Fingerprint> {
        let mut mins = [EMPTY; SIGNATURE_LEN];
        let words = for_each_shingle_counting(text, |shingle| {
            let bin = (shingle >> 57) as usize;
            mins[bin] = mins[bin].min(shingle & BIN_VALUE_MASK);
        });
        if words < MIN_WORDS {
            return None;
        }
        Some(Fingerprint {
            bins: densify(&mins),
        })
    }

    /// The estimated Jaccard similarity of the two texts' shingle sets: the fraction of bins
    /// that agree, 0.0 to 1.0 in steps of 1/128.
    pub fn similarity(&self, other: &Fingerprint) -> f64 {
        self.agreeing_bins(other) as f64 / SIGNATURE_LEN as f64
    }

    fn agreeing_bins(&self, other: &Fingerprint) -> usize {
        self.bins
            .iter()
            .zip(&other.bins)
            .filter(|(a, b)| a == b)
            .count()
    }

    /// The signature as bytes (each bin little-endian), e.g. to store it.
    pub fn to_bytes(&self) -> [u8; SIGNATURE_LEN * 2] {
        let mut out = [0; SIGNATURE_LEN * 2];
        for (chunk, bin) in out.chunks_exact_mut(2).zip(&self.bins) {
            chunk.copy_from_slice(&bin.to_le_bytes());
        }
        out
    }

    /// The signature back from [`Fingerprint::to_bytes`].
    pub fn from_bytes(bytes: &[u8; SIGNATURE_LEN * 2]) -> Fingerprint {
        let mut bins = [0; SIGNATURE_LEN];
        for (bin, chunk) in bins.iter_mut().zip(bytes.chunks_exact(2)) {
            *bin = u16::from_le_bytes([chunk[0], chunk[1]]);
        }
        Fingerprint { bins }
    }

    /// The key of band `band` of `rows` bins: those bins hashed together with the band's
    /// number.
    fn band_key(&self, band: usize, rows: usize) -> u64 {
        let mut key = mix(BAND_SEED ^ band as u64);
        for chunk in self.bins[band * rows..(band + 1) * rows].chunks(4) {
            let packed = chunk
                .iter()
                .fold(0u64, |acc, &b| (acc << 16) | u64::from(b));
            key = mix(key ^ packed);
        }
        key
    }
}

/// Fills the empty bins of a one-permutation signature: bin `i` probes the bins a fixed
/// sequence of hashes of `(i, attempt)` names until it meets one that a shingle filled, and
/// takes its value. Both texts of a pair follow the same sequence, which keeps the agreement
/// of bins an unbiased estimate of their similarity. Each bin keeps 16 bits of its minimum:
/// the low bits, which do not depend on it being the minimum.
fn densify(mins: &[u64; SIGNATURE_LEN]) -> [u16; SIGNATURE_LEN] {
    let mut bins = [0u16; SIGNATURE_LEN];
    for (i, bin) in bins.iter_mut().enumerate() {
        let mut source = mins[i];
        let mut attempt = 1;
        while source == EMPTY && attempt <= MAX_PROBES {
            let probe = mix(DENSIFY_SEED ^ ((i as u64) << 32) ^ attempt) >> 57;
            source = mins[probe as usize];
            attempt += 1;
        }
        if source == EMPTY {
            // The caller has at least one shingle, so some bin is full.
            source = (1..SIGNATURE_LEN)
                .map(|d| mins[(i + d) % SIGNATURE_LEN])
                .find(|&m| m != EMPTY)
                .unwrap_or(0);
        }
        *bin = source as u16;
    }
    bins
}

/// Calls `f` with the 64-bit hash of each 5-word shingle of `text` in order, as
/// [`Fingerprint::of`] sees them (lower-cased words, short lines left out; repeated shingles
/// repeated). The exact Jaccard similarity of two texts is that of these sets.
pub fn for_each_shingle(text: &str, f: impl FnMut(u64)) {
    for_each_shingle_counting(text, f);
}

/// [`for_each_shingle`], returning the number of words kept.
fn for_each_shingle_counting(text: &str, mut f: impl FnMut(u64)) -> usize {
    let mut shingler = Shingler::default();
    for line in text.split('\n') {
        if is_prose_line(line) {
            for_each_word(line, |word| shingler.push(word, &mut f));
        }
    }
    shingler.words
}

/// Whether a line counts: [`MIN_LINE_WORDS`] tokens between spaces or more, or, in scripts
/// written without spaces between words (Khmer, Thai), [`UNSPACED_LINE_CHARS`] letters.
fn is_prose_line(line: &str) -> bool {
    has_tokens(line, MIN_LINE_WORDS)
        || (!line.is_ascii()
            && line
                .chars()
                .filter(|c| c.is_alphanumeric())
                .nth(UNSPACED_LINE_CHARS - 1)
                .is_some())
}

/// Whether `line` has at least `n` tokens between spaces, tabs and other ASCII control
/// characters. Counted by spaces, not words, so that a URL line (one token, many words) is
/// short.
fn has_tokens(line: &str, n: usize) -> bool {
    let mut tokens = 0;
    let mut in_token = false;
    for &b in line.as_bytes() {
        let space = b <= b' ';
        if !space && !in_token {
            tokens += 1;
            if tokens >= n {
                return true;
            }
        }
        in_token = !space;
    }
    false
}

/// A window of the last [`SHINGLE_WORDS`] word hashes and their rolling polynomial hash.
#[derive(Default)]
struct Shingler {
    window: [u64; SHINGLE_WORDS],
    rolling: u64,
    words: usize,
}

impl Shingler {
    fn push(&mut self, word: u64, f: &mut impl FnMut(u64)) {
        let slot = self.words % SHINGLE_WORDS;
        let leaving = if self.words >= SHINGLE_WORDS {
            self.window[slot]
        } else {
            0
        };
        self.window[slot] = word;
        self.rolling = self
            .rolling
            .wrapping_sub(leaving.wrapping_mul(ROLL_OUT))
            .wrapping_mul(ROLL)
            .wrapping_add(word);
        self.words += 1;
        if self.words >= SHINGLE_WORDS {
            f(mix(self.rolling ^ SEED));
        }
    }
}

/// Calls `f` with a hash of each word of `line`: runs of alphanumeric characters, compared
/// lower-cased (ASCII on a fast path, other scripts by Unicode's lower case).
fn for_each_word(line: &str, mut f: impl FnMut(u64)) {
    let mut word = WordHash::default();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if ASCII_ALNUM[b as usize] {
            let start = i;
            while i < bytes.len() && ASCII_ALNUM[bytes[i] as usize] {
                i += 1;
            }
            word.push_ascii(bytes, start, i);
            continue;
        }
        if b.is_ascii() {
            if word.len > 0 {
                f(word.finish());
            }
            i += 1;
            continue;
        }
        // A non-ASCII character: `i` is on a character boundary, as every ASCII byte ends one.
        let c = line[i..]
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        if c.is_alphanumeric() {
            let mut buf = [0u8; 4];
            for lower in c.to_lowercase() {
                lower
                    .encode_utf8(&mut buf)
                    .bytes()
                    .for_each(|b| word.push(b));
            }
        } else if word.len > 0 {
            f(word.finish());
        }
        i += c.len_utf8();
    }
    if word.len > 0 {
        f(word.finish());
    }
}

/// ASCII letters and digits.
const ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// A word's hash, eight bytes mixed at a time.
#[derive(Default)]
struct WordHash {
    hash: u64,
    pending: u64,
    len: u64,
}

impl WordHash {
    #[inline]
    fn push(&mut self, b: u8) {
        self.pending |= u64::from(b) << (8 * (self.len % 8));
        self.len += 1;
        if self.len.is_multiple_of(8) {
            self.hash = mix(self.hash ^ self.pending ^ SEED);
            self.pending = 0;
        }
    }

    /// Pushes `line[start..end]`, ASCII letters and digits, lower-cased, eight at a time
    /// where it can (the same hash as pushing them one by one).
    #[inline]
    fn push_ascii(&mut self, line: &[u8], start: usize, end: usize) {
        // Letters and digits all have bit 0x20 set once lower-cased.
        const LOWER: u64 = 0x2020_2020_2020_2020;
        let load = |at: usize| {
            line.get(at..at + 8)
                .and_then(|s| <[u8; 8]>::try_from(s).ok())
                .map(|chunk| u64::from_le_bytes(chunk) | LOWER)
        };
        let mut i = start;
        if self.len.is_multiple_of(8) {
            while i + 8 <= end {
                let Some(chunk) = load(i) else { break };
                self.hash = mix(self.hash ^ chunk ^ SEED);
                self.len += 8;
                i += 8;
            }
            // The last few letters, read with the bytes after them and masked.
            if let Some(chunk) = load(i).filter(|_| i < end && end - i < 8) {
                let rest = (end - i) as u64;
                self.pending = chunk & ((1 << (8 * rest)) - 1);
                self.len += rest;
                return;
            }
        }
        for &b in &line[i..end] {
            self.push(b | 0x20);
        }
    }

    /// The hash of the word pushed so far; resets for the next word.
    #[inline]
    fn finish(&mut self) -> u64 {
        let hash = mix(self.hash ^ self.pending ^ self.len.rotate_right(8));
        *self = WordHash::default();
        hash
    }
}

/// How a [`DuplicateIndex`] decides.
#[derive(Clone, Debug, PartialEq)]
pub struct DedupOptions {
    /// The estimated Jaccard similarity of shingle sets at or above which a document is a
    /// duplicate of an earlier one. Default 0.7: on news sets, pairs from 0.7 to 0.8 are
    /// still nine in ten reposts (edited reissues, copies with other furniture).
    pub threshold: f64,
    /// LSH bands. Default 25. `bands × rows` must be at most [`SIGNATURE_LEN`]. A pair at
    /// similarity `s` becomes a candidate with probability `1 - (1 - s^rows)^bands`: keep it
    /// near 1 at the threshold (for a threshold of 0.5, 32 × 4); more bands cost memory and
    /// more candidates to verify.
    pub bands: usize,
    /// Bins per band. Default 5.
    pub rows: usize,
    /// Keep only the last this many originals (`None`: all). Older ones are forgotten, so a
    /// copy further than this from its original in input order is not flagged; memory stays
    /// near `max_documents × `[`DuplicateIndex::BYTES_PER_DOCUMENT`] (up to about 1.3 times
    /// that with the spare capacity of growing tables) plus the ids.
    pub max_documents: Option<usize>,
    /// The most documents verified per band for one lookup (newest first), so that many
    /// documents sharing one band (a template with different bodies) cannot make a lookup
    /// slow. Default 16.
    pub max_chain: usize,
}

impl Default for DedupOptions {
    fn default() -> Self {
        DedupOptions {
            threshold: 0.7,
            bands: 25,
            rows: 5,
            max_documents: None,
            max_chain: 16,
        }
    }
}

/// Options a [`DuplicateIndex`] cannot work with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum InvalidDedupOptions {
    /// The threshold is not above 0 and at most 1.
    Threshold(f64),
    /// `bands` or `rows` is 0, or `bands × rows` is more than [`SIGNATURE_LEN`].
    Bands {
        /// The bands asked for.
        bands: usize,
        /// The rows asked for.
        rows: usize,
    },
    /// `max_chain` is 0.
    MaxChain,
    /// `max_documents` is `Some(0)`.
    MaxDocuments,
}

impl fmt::Display for InvalidDedupOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidDedupOptions::Threshold(t) => write!(
                f,
                "the similarity threshold must be above 0 and at most 1, not {t}"
            ),
            InvalidDedupOptions::Bands { bands, rows } => write!(
                f,
                "{bands} bands of {rows} rows do not fit a signature of {SIGNATURE_LEN} bins \
                 (both must be at least 1)"
            ),
            InvalidDedupOptions::MaxChain => {
                f.write_str("the documents verified per band must be at least 1")
            }
            InvalidDedupOptions::MaxDocuments => {
                f.write_str("the documents kept, when limited, must be at least 1")
            }
        }
    }
}

impl std::error::Error for InvalidDedupOptions {}

/// The earlier document a duplicate copies.
#[derive(Clone, Debug, PartialEq)]
pub struct Original<T> {
    /// Its id, as given to [`DuplicateIndex::insert`].
    pub id: T,
    /// The estimated Jaccard similarity of the two, at least the threshold.
    pub similarity: f64,
}

/// Keys are already hashes: the map uses them as they are.
#[derive(Default)]
struct KeyIsHash(u64);

impl Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// No earlier document in a band chain.
const NO_LINK: u64 = u64::MAX;

/// The originals seen so far, searchable by LSH bands; see the [module docs](self).
///
/// `T` is the document id kept per original (a `String`, or a sequence number the caller
/// maps back).
pub struct DuplicateIndex<T> {
    options: DedupOptions,
    /// Originals in input order; the first is number `first_seq`.
    documents: VecDeque<(T, Fingerprint)>,
    /// For each original and band (`bands` per original), the number of the previous original
    /// with the same band key, or `NO_LINK`.
    links: VecDeque<u64>,
    /// Band key → the newest original with it.
    heads: HashMap<u64, u64, BuildHasherDefault<KeyIsHash>>,
    first_seq: u64,
}

impl<T> Default for DuplicateIndex<T> {
    fn default() -> Self {
        DuplicateIndex::new()
    }
}

impl<T> DuplicateIndex<T> {
    /// Memory per original kept, besides its id, with the default 25 bands: the fingerprint
    /// (256 bytes), one chain link per band (200) and one band-key entry per band in a hash
    /// map (16 bytes and a control byte, about 24 with the map's spare capacity: 600).
    /// Duplicates are not kept.
    pub const BYTES_PER_DOCUMENT: usize = 256 + 25 * 8 + 25 * 24;

    /// An empty index with the default options.
    pub fn new() -> DuplicateIndex<T> {
        DuplicateIndex {
            options: DedupOptions::default(),
            documents: VecDeque::new(),
            links: VecDeque::new(),
            heads: HashMap::default(),
            first_seq: 0,
        }
    }

    /// An empty index deciding by `options`.
    pub fn with_options(options: DedupOptions) -> Result<DuplicateIndex<T>, InvalidDedupOptions> {
        if !(options.threshold > 0.0 && options.threshold <= 1.0) {
            return Err(InvalidDedupOptions::Threshold(options.threshold));
        }
        let (bands, rows) = (options.bands, options.rows);
        if bands == 0 || rows == 0 || bands.saturating_mul(rows) > SIGNATURE_LEN {
            return Err(InvalidDedupOptions::Bands { bands, rows });
        }
        if options.max_chain == 0 {
            return Err(InvalidDedupOptions::MaxChain);
        }
        if options.max_documents == Some(0) {
            return Err(InvalidDedupOptions::MaxDocuments);
        }
        Ok(DuplicateIndex {
            options,
            ..DuplicateIndex::new()
        })
    }

    /// The options the index decides by.
    pub fn options(&self) -> &DedupOptions {
        &self.options
    }

    /// Originals kept.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// Heap bytes the index holds (with spare capacity), besides what the ids own.
    pub fn heap_bytes(&self) -> usize {
        self.documents.capacity() * std::mem::size_of::<(T, Fingerprint)>()
            + self.links.capacity() * std::mem::size_of::<u64>()
            // hashbrown: a (key, value) slot and a control byte per bucket.
            + self.heads.capacity() * 8 / 7 * (2 * std::mem::size_of::<u64>() + 1)
    }

    /// Whether no original is kept.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// The earliest original kept whose similarity to `fingerprint` is at least the
    /// threshold, without adding anything.
    pub fn find(&self, fingerprint: &Fingerprint) -> Option<Original<&T>> {
        let keys = self.band_keys(fingerprint);
        self.find_seq(fingerprint, &keys[..self.options.bands])
            .map(|(seq, similarity)| Original {
                id: &self.document(seq).0,
                similarity,
            })
    }

    /// Checks the document `id` with `fingerprint` against the originals kept: returns the
    /// earliest whose similarity is at least the threshold, or adds the document as an
    /// original and returns `None`. Call it in input order, so that the first of a group is
    /// the original.
    pub fn insert(&mut self, id: T, fingerprint: &Fingerprint) -> Option<Original<T>>
    where
        T: Clone,
    {
        let keys = self.band_keys(fingerprint);
        let keys = &keys[..self.options.bands];
        if let Some((seq, similarity)) = self.find_seq(fingerprint, keys) {
            return Some(Original {
                id: self.document(seq).0.clone(),
                similarity,
            });
        }
        let seq = self.first_seq + self.documents.len() as u64;
        for &key in keys {
            let previous = self.heads.insert(key, seq);
            self.links.push_back(previous.unwrap_or(NO_LINK));
        }
        self.documents.push_back((id, *fingerprint));
        if self
            .options
            .max_documents
            .is_some_and(|max| self.documents.len() > max)
        {
            self.forget_oldest();
        }
        None
    }

    /// The fingerprint's key in each band (the first `bands` of the array).
    fn band_keys(&self, fingerprint: &Fingerprint) -> [u64; SIGNATURE_LEN] {
        let mut keys = [0; SIGNATURE_LEN];
        for (band, key) in keys.iter_mut().take(self.options.bands).enumerate() {
            *key = fingerprint.band_key(band, self.options.rows);
        }
        keys
    }

    fn document(&self, seq: u64) -> &(T, Fingerprint) {
        &self.documents[(seq - self.first_seq) as usize]
    }

    /// Walks each band's chain (newest first, at most `max_chain` originals) and verifies
    /// the candidates older than the best found so far.
    fn find_seq(&self, fingerprint: &Fingerprint, keys: &[u64]) -> Option<(u64, f64)> {
        let needed = (self.options.threshold * SIGNATURE_LEN as f64).ceil() as usize;
        let mut best: Option<(u64, f64)> = None;
        for (band, key) in keys.iter().enumerate() {
            let mut next = self.heads.get(key).copied();
            for _ in 0..self.options.max_chain {
                let Some(seq) = next.filter(|&s| s != NO_LINK && s >= self.first_seq) else {
                    break;
                };
                if best.is_none_or(|(b, _)| seq < b) {
                    let agreeing = fingerprint.agreeing_bins(&self.document(seq).1);
                    if agreeing >= needed {
                        best = Some((seq, agreeing as f64 / SIGNATURE_LEN as f64));
                    }
                }
                let at = (seq - self.first_seq) as usize * self.options.bands + band;
                next = Some(self.links[at]);
            }
        }
        best
    }

    /// Drops the oldest original: its band keys leave the map where it is still their newest
    /// original; links from newer ones to it end their chains (they are older than
    /// `first_seq`).
    fn forget_oldest(&mut self) {
        let Some((_, fingerprint)) = self.documents.pop_front() else {
            return;
        };
        for key in &self.band_keys(&fingerprint)[..self.options.bands] {
            if self.heads.get(key) == Some(&self.first_seq) {
                self.heads.remove(key);
            }
            self.links.pop_front();
        }
        self.first_seq += 1;
    }
}

#[cfg(test)]
mod tests;
