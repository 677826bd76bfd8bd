//! Reading news archives: directories of text files, JSON-lines dumps, saved HTML pages and
//! WARC files, gzip or zstd compressed, or JSON lines on stdin.
//!
//! ```no_run
//! use tonle_corpus::{Input, Reader, Fields};
//!
//! let inputs = vec![Input::parse("corpus/"), Input::parse("dump.jsonl.gz")];
//! let fields = Fields::default(); // "id" and "text"
//! for unit in Reader::new(inputs) {
//!     match unit.parse(&fields) {
//!         (Some(doc), warnings) => println!("{} ({} bytes, {} warnings)", doc.id, doc.text.len(), warnings.len()),
//!         (None, problems) => eprintln!("{}", problems[0]),
//!     }
//! }
//! ```
//!
//! Reading is split in two so that it can be parallel and still stream: the [`Reader`] walks
//! the inputs in order and yields [`Unit`]s holding raw bytes (one JSON line, or one text file),
//! cheaply and in sequence; [`Unit::parse`] then decodes and parses a unit into a [`Document`],
//! which is the expensive part and can run on any thread. Nothing is collected: memory holds
//! only the units in flight.

mod dates;
pub mod dedup;
mod html;
mod input;
mod parse;
mod shard;
mod warc;

pub mod zones;

pub use dates::{url_date, DateFrom};
pub use dedup::{DedupOptions, DuplicateIndex, Fingerprint, InvalidDedupOptions, Original};
pub use html::{decode_html, extract_page, Page, PageError};
pub use input::{Input, Reader, Unit, UnitKind, DEFAULT_MAX_DOCUMENT_BYTES};
pub use parse::{Date, Document, Fields, Problem, ProblemKind, Severity, TextFormat};
pub use shard::{InvalidShard, Shard};
pub use warc::{warc_units, SkippedRecords, WarcBody, WarcRecord};
pub use zones::{scrape_header, zones, Layout, ScrapeHeader, Zone, ZoneSpan, Zones};
