//! tonle, as a library: news text in, typed records out — the people, places and
//! organizations a text names, and its numbers with what they count, where and when.
//!
//! ```
//! use tonle::{Date, Document, Kind, Tonle};
//!
//! let tonle = Tonle::builder().default_gazetteers(true).build()?;
//! let doc = Document::new("a1", "Police in Svay Rieng rescued 153 people, including 18 women, on Dec. 12.")
//!     .date(Date::new(2022, 12, 13).unwrap());
//! let records = tonle.extract(&doc);
//!
//! let place = records[0].entity().unwrap();
//! assert_eq!((place.canonical.as_ref(), records[0].type_name()), ("Svay Rieng", "PLACE"));
//!
//! let people = records[1].number().unwrap();
//! assert_eq!((records[1].text.as_ref(), people.value), ("153", 153.0));
//! assert_eq!(people.counted_head.as_deref(), Some("person"));
//! assert_eq!(people.event.as_ref().unwrap().lemma, "rescue");
//! assert_eq!(people.place.as_ref().unwrap().name, "Svay Rieng");
//! assert_eq!(people.time.as_ref().unwrap().start, "2022-12-12");
//!
//! let women = records[2].number().unwrap();
//! assert_eq!(women.part_of.as_ref().unwrap().parent_text, "153");
//! assert!(records.iter().all(|r| r.kind() == Kind::Entity || r.number().is_some()));
//!
//! // The same records as JSON lines, the form `tonle extract` writes.
//! assert!(records[0].to_json().starts_with(r#"{"schema_version":1,"doc":"a1","kind":"entity""#));
//! # Ok::<(), tonle::Error>(())
//! ```
//!
//! [`Tonle`] holds the compiled gazetteers and the options; build it once (compiling the
//! lists is the expensive part) and share it between threads. [`Tonle::extract`] gives the
//! [`Record`]s of one [`Document`]; [`Tonle::write_records`] writes them as JSON lines; and
//! [`Tonle::run`] drives the extraction over whole archives ([`Reader`]) on a thread pool, in
//! input order and bounded memory, as the `tonle extract` command does.
//!
//! Records serialize with serde to the JSON of schema version [`SCHEMA_VERSION`]
//! (`docs/records.md`), and JSON lines deserialize back into `Record<'static>`.

#![deny(missing_docs)]

mod builder;
mod designator;
mod extract;
mod json;
mod place;
mod quote;
mod record;

pub use builder::{Error, Tonle, TonleBuilder};
pub use record::{
    Category, Detail, DocumentInfo, Entity, EntityType, Event, Kind, Number, PartOf, Period, Place,
    PlaceBy, Province, Qualifier, QuoteInfo, Record, Relation, ResolvedBy, Source, Speaker,
    ZoneRange, SCHEMA_VERSION,
};
pub use tonle_corpus::DedupOptions;
pub use tonle_corpus::{
    Date, DateFrom, Document, Fields, Input, Layout, Problem, ProblemKind, Reader, Severity,
    TextFormat, Zone, DEFAULT_MAX_DOCUMENT_BYTES,
};
pub use tonle_pipeline::{Dedup, RunOptions, Summary};
