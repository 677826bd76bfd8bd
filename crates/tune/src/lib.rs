//! Tools for tuning tonle's gazetteer lists, built on the matching engine of
//! `tonle-gazetteer`: the work behind `tonle gazetteer check/explain/suggest/coverage/import`,
//! and the pattern mentions of `tonle extract --patterns`.
//!
//! - [`lint`]: every problem of a list, with its file, line and a fix (`check`).
//! - [`explain`]: why a text yields the mentions it does.
//! - [`suggest`]: names the lists miss, typed by their wording ("X province", "Governor X",
//!   "Long Name (ACRONYM)"); [`suggest::pattern_mentions`] finds them in one text.
//! - [`coverage`]: what the lists match in an archive, and the capitalized names they miss.
//! - [`geonames`]: a GeoNames dump turned into a tonle list.
//! - [`export`]: the loaded lists as one table with each entry's province and country.
//! - [`ncdd`]: Cambodia's official gazetteer (NCDD) turned into a tonle list.
//! - [`tally`]: problems of an import counted by kind, for one summary per kind.
//!
//! ```
//! use tonle_gazetteer::GazetteerBuilder;
//! use tonle_tune::suggest::pattern_mentions;
//!
//! let mut b = GazetteerBuilder::new();
//! b.add_source("l.tsv", "id\ttype\tname\nKH-12\tPLACE\tPhnom Penh\n")?;
//! let g = b.build()?;
//! let found = pattern_mentions(&g, "Governor Khim Bunsong visited Phnom Penh.");
//! assert_eq!(found[0].name, "Khim Bunsong");
//! assert_eq!(found[0].typ, "PERSON");
//! # Ok::<(), tonle_gazetteer::ListError>(())
//! ```

pub mod coverage;
pub mod explain;
pub mod export;
pub mod geonames;
mod linking;
pub mod lint;
mod mining;
pub mod ncdd;
pub mod suggest;
pub mod tally;
