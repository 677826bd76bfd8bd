//! The parallel driver of tonle: a stream of input units in, records out as bytes, on a
//! thread pool, in input order, in bounded memory.
//!
//! ```
//! use tonle_corpus::{Document, Input, Reader};
//! use tonle_pipeline::{run, Extract, RunOptions};
//!
//! /// One record per document: its id and its length.
//! struct Lengths;
//!
//! impl Extract for Lengths {
//!     fn write_records(&self, doc: &Document, out: &mut Vec<u8>) -> usize {
//!         out.extend_from_slice(format!("{} {}\n", doc.id, doc.text.len()).as_bytes());
//!         1
//!     }
//! }
//!
//! let reader = Reader::new(vec![Input::parse("../../corpus")]);
//! let (summary, out) = run(reader, &Lengths, &RunOptions::default(), Vec::new(), |_| {}, |_| {})?;
//! assert_eq!(summary.records, summary.documents);
//! assert!(String::from_utf8(out).unwrap().starts_with("2022-09-21_poipet-raid.txt "));
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! [`run`] knows nothing of what a record is: it calls an [`Extract`] (the `tonle` crate's
//! extractor, in the binary) on each document. A reader thread cuts the input into batches by
//! input position, workers turn batches into bytes, and the writer puts them out in input
//! order through a reorder buffer whose size is bounded, so memory does not grow with the
//! archive and the output does not depend on the thread count.

#![deny(missing_docs)]

mod driver;

pub use driver::{run, run_checkpointed, Dedup, Extract, RunOptions, Summary, MAX_CHECKED_IDS};
