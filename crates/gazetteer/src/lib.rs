//! Gazetteers for tonle: lists of people, places and organizations, compiled into a matcher
//! that finds their names in text.
//!
//! ```
//! use tonle_gazetteer::GazetteerBuilder;
//!
//! let mut builder = GazetteerBuilder::new();
//! builder.add_source(
//!     "places.tsv",
//!     "id\ttype\tname\taliases\n\
//!      KH-18\tPLACE\tPreah Sihanouk\tPreah Sihanouk province|Kampong Som\n\
//!      org:ppp\tORG\tPhnom Penh Post\t\n\
//!      KH-12\tPLACE\tPhnom Penh\t\n",
//! )?;
//! let gazetteer = builder.build()?;
//!
//! let text = "The Phnom Penh Post reported from Preah  Sihanouk\nprovince and Phnom Penh’s outskirts.";
//! let mut tokens = Vec::new();
//! tonle_text::tokenize(text, &mut tokens);
//! let mut mentions = Vec::new();
//! gazetteer.find(text, &tokens, &mut mentions);
//!
//! let found: Vec<(&str, &str)> = mentions
//!     .iter()
//!     .map(|m| (m.as_str(text), gazetteer.entry(m.entry).id.as_str()))
//!     .collect();
//! assert_eq!(
//!     found,
//!     [("Phnom Penh Post", "org:ppp"), ("Preah  Sihanouk\nprovince", "KH-18"), ("Phnom Penh", "KH-12")]
//! );
//! # Ok::<(), tonle_gazetteer::ListError>(())
//! ```
//!
//! Matching works on tokens from [`tonle_text::tokenize`], each normalized with
//! [`tonle_text::fold`] and looked up in the vocabulary of all names; a trie over token ids
//! then finds, at each position, the longest name whose case rule the text satisfies. Because
//! names can only start and end on token boundaries, and because a longer candidate that fails
//! its case check falls back to the next shorter one, no valid short name is ever hidden by an
//! invalid long one. Scripts written without spaces (Khmer) are matched by substring with
//! Aho-Corasick inside their runs, on grapheme boundaries.

pub mod cache;
mod context;
pub mod coverage;
mod defaults;
pub mod explain;
pub mod geonames;
pub mod lint;
mod list;
mod matcher;
mod mining;
pub mod suggest;

pub use cache::{is_compiled, load_lists, CacheError, CacheErrorKind, Sources};
pub use defaults::{is_common_word, DEFAULT_LISTS};
pub use list::{derived_id, parse_list, CaseRule, Entry, List, ListError};
pub use matcher::{Gazetteer, GazetteerBuilder, Mention};
