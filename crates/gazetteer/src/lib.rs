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

//!
//! The tools that tune the lists (check, explain, suggest, coverage, GeoNames import) live in
//! `tonle-tune`; what they need to see of the matcher is [`inspect`] and the walking methods
//! of [`Gazetteer`] (`token_id`, `root_child`, `next_node`, `node_candidates`,
//! `continuous_hits`).

pub mod cache;
mod compiled;
mod context;
mod defaults;
mod designator;
mod list;
mod matcher;
mod variant;
mod vocab;

pub use cache::{is_compiled, load_lists, CacheError, CacheErrorKind, LoadError, Sources};
pub use compiled::{CompiledGazetteer, InvalidCompiled};
pub use context::{ForeignBody, ResolvedBy, UnknownRule};
pub use defaults::{is_common_word, is_venue_word, DEFAULT_LISTS};
pub use designator::designator_end;
pub use list::{
    apply_removals, derived_id, is_list_file, parse_list, CaseRule, EntityType, Entry, Guard, List,
    ListError,
};
pub use matcher::{Gazetteer, GazetteerBuilder, Mention};
pub use variant::{romanization_key, takes_variants};

/// The matcher's rules and pieces, for tools that check lists or explain matches the way the
/// matcher sees them (so that they never drift from it): how a name is tokenized, folded
/// and compared, when it needs exact case, and in which order shared names are tried.
pub mod inspect {
    pub use crate::context::kinds_named_by;
    pub use crate::matcher::{
        continuous_pattern, continuous_regions, match_tokens, needs_exact_case,
        push_in_match_order, same_exact, Candidate, ContinuousHit,
    };
}
