//! The tonle pipeline: documents in, JSON-lines records out.
//!
//! ```
//! use tonle_gazetteer::Gazetteer;
//! use tonle_pipeline::Extractor;
//! use tonle_corpus::Document;
//!
//! let extractor = Extractor::new(Gazetteer::defaults()?);
//! let doc = Document { id: "a1".into(), text: "Police in Svay Rieng rescued 42 women.".into(), meta: vec![] };
//! let mut out = Vec::new();
//! let records = extractor.write_records(&doc, &mut out);
//! let lines: Vec<serde_json::Value> = out
//!     .split(|&b| b == b'\n')
//!     .filter(|l| !l.is_empty())
//!     .map(|l| serde_json::from_slice(l).unwrap())
//!     .collect();
//! assert_eq!(records, 2);
//! assert_eq!(lines[0]["canonical"], "Svay Rieng");
//! assert_eq!(lines[1]["value"], 42);
//! assert_eq!(lines[1]["counted"], "women");
//! # Ok::<(), tonle_gazetteer::ListError>(())
//! ```
//!
//! [`Extractor`] turns one document into records (tokens → gazetteer mentions and numbers →
//! records, with code-point offsets and sentence numbers). [`run`] drives it over a stream of
//! input units on a thread pool: a reader thread cuts the input into batches, workers turn
//! batches into bytes, and the writer puts them out in input order through a reorder buffer
//! whose size is bounded, so memory does not grow with the archive.

mod driver;
mod record;

pub use driver::{run, RunOptions, Summary};
pub use record::{Extractor, SCHEMA_VERSION};
