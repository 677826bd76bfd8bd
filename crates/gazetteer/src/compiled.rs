//! The serialized form of a compiled [`Gazetteer`]: [`CompiledGazetteer`] holds the entries
//! and the matcher's tables as plain vectors, so that a gazetteer can be written and read
//! back with serde without compiling the lists again. `cache.rs` frames it in a file.
//!
//! ```
//! use tonle_gazetteer::{Gazetteer, GazetteerBuilder};
//!
//! let mut b = GazetteerBuilder::new();
//! b.add_source("l.tsv", "id\ttype\tname\nKH-12\tPLACE\tPhnom Penh\n")?;
//! let g = b.build()?;
//! let h = Gazetteer::from_compiled(g.to_compiled()).expect("consistent");
//! assert_eq!(h.entries(), g.entries());
//! # Ok::<(), tonle_gazetteer::ListError>(())
//! ```
//!
//! What is stored is the engine's own data, and only what cannot be rebuilt cheaply: the
//! Aho-Corasick automaton of the unspaced-script names is rebuilt from their patterns, and
//! the hash maps from their items. [`Gazetteer::from_compiled`] checks every index the
//! matcher follows, so that a damaged form is refused and never makes matching panic.

use std::fmt;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::list::Entry;
use crate::matcher::{continuous_automaton, Candidate, Gazetteer, NO_CHILD, NO_TERMINAL};
use crate::variant::Variants;
use crate::vocab::Vocab;

/// A [`Gazetteer`] as data: made by [`Gazetteer::to_compiled`], turned back into a
/// gazetteer by [`Gazetteer::from_compiled`], serialized with serde.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompiledGazetteer {
    lists: Vec<String>,
    entries: Vec<Entry>,
    /// Per entry: the list that first defined it.
    entry_lists: Vec<u32>,
    /// Folded tokens, by id.
    vocab: Vec<Box<str>>,
    /// Trie edges (node, token id, child), in the order of the buckets they land in when
    /// loaded (see [`table_slot`]).
    edges: Vec<(u32, u32, u32)>,
    node_terminal: Vec<u32>,
    root_children: Vec<u32>,
    terminals: Vec<Vec<Candidate>>,
    continuous_patterns: Vec<String>,
    continuous_candidates: Vec<Vec<Candidate>>,
    /// Romanization keys of the names that take spelling variants, sorted, with their
    /// entries.
    variants: Vec<(Box<str>, Vec<Candidate>)>,
}

/// Why a [`CompiledGazetteer`] cannot be a gazetteer: the index or table that does not fit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidCompiled(pub &'static str);

impl fmt::Display for InvalidCompiled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "inconsistent compiled gazetteer: {}", self.0)
    }
}

impl std::error::Error for InvalidCompiled {}

/// The bucket `key` lands in, in a hash table made for `len` items as `from_compiled` makes
/// it (the layout of the standard library's tables; were it to change, loading would only be
/// slower). Edges are stored in this order so that inserting them walks the table front to
/// back instead of jumping about a table of tens of megabytes.
fn table_slot(key: u64, len: usize) -> u64 {
    use std::hash::BuildHasher;
    let buckets = if len < 8 {
        8
    } else {
        (len * 8 / 7).next_power_of_two()
    };
    rustc_hash::FxBuildHasher.hash_one(key) & (buckets as u64 - 1)
}

fn edge_key(node: u32, token: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(token)
}

impl Gazetteer {
    /// The gazetteer as data, to serialize. The same lists always give the same value.
    pub fn to_compiled(&self) -> CompiledGazetteer {
        let vocab = self.vocab.words().to_vec();
        let mut edges: Vec<(u64, u64, u32)> = self
            .edges
            .iter()
            .map(|(&k, &v)| (table_slot(k, self.edges.len()), k, v))
            .collect();
        edges.sort_unstable(); // then by key, so that the order never depends on the table
        CompiledGazetteer {
            lists: self.lists.clone(),
            entries: self.entries.clone(),
            entry_lists: self.entry_lists.clone(),
            vocab,
            edges: edges
                .into_iter()
                .map(|(_, k, v)| ((k >> 32) as u32, k as u32, v))
                .collect(),
            node_terminal: self.node_terminal.clone(),
            root_children: self.root_children.clone(),
            terminals: self.terminals.clone(),
            continuous_patterns: self.continuous_patterns.clone(),
            continuous_candidates: self.continuous_candidates.clone(),
            variants: self.variants.to_sorted(),
        }
    }

    /// The gazetteer `c` describes, after checking every index the matcher follows.
    pub fn from_compiled(c: CompiledGazetteer) -> Result<Gazetteer, InvalidCompiled> {
        c.validate()?;
        let vocab = Vocab::from_words(c.vocab).ok_or(InvalidCompiled("a token listed twice"))?;
        let mut edges = FxHashMap::with_capacity_and_hasher(c.edges.len(), Default::default());
        for (node, token, child) in c.edges {
            edges.insert(edge_key(node, token), child);
        }
        let continuous = if c.continuous_patterns.is_empty() {
            None
        } else {
            Some(
                continuous_automaton(&c.continuous_patterns)
                    .map_err(|_| InvalidCompiled("unspaced-script patterns"))?,
            )
        };
        let variants = Variants::from_sorted(c.variants, &c.entries);
        Ok(Gazetteer {
            entries: c.entries,
            lists: c.lists,
            vocab,
            edges,
            node_terminal: c.node_terminal,
            terminals: c.terminals,
            continuous,
            continuous_patterns: c.continuous_patterns,
            continuous_candidates: c.continuous_candidates,
            root_children: c.root_children,
            entry_lists: c.entry_lists,
            variants,
            parents: std::sync::OnceLock::new(),
            kingdoms: std::sync::OnceLock::new(),
            demonyms: std::sync::OnceLock::new(),
        })
    }
}

impl CompiledGazetteer {
    /// Checks every index the matcher follows.
    fn validate(&self) -> Result<(), InvalidCompiled> {
        let check = |ok: bool, what: &'static str| {
            if ok {
                Ok(())
            } else {
                Err(InvalidCompiled(what))
            }
        };
        let nodes = self.node_terminal.len() as u64;
        let tokens = self.vocab.len() as u64;
        check(nodes >= 1, "no trie root")?;
        check(
            self.entry_lists.len() == self.entries.len()
                && self
                    .entry_lists
                    .iter()
                    .all(|&l| (l as usize) < self.lists.len()),
            "the list of each entry",
        )?;
        check(
            self.node_terminal
                .iter()
                .all(|&t| t == NO_TERMINAL || (t as usize) < self.terminals.len()),
            "the terminal of each node",
        )?;
        check(
            self.root_children.len() == self.vocab.len()
                && self
                    .root_children
                    .iter()
                    .all(|&c| c == NO_CHILD || u64::from(c) < nodes),
            "the children of the root",
        )?;
        check(
            self.edges.iter().all(|&(node, token, child)| {
                u64::from(node) < nodes && u64::from(token) < tokens && u64::from(child) < nodes
            }),
            "the trie edges",
        )?;
        let candidate_ok = |c: &Candidate| {
            (c.entry as usize) < self.entries.len()
                && (c.list as usize) < self.lists.len()
                && c.exact.as_ref().is_none_or(|w| !w.is_empty())
        };
        check(
            self.terminals.iter().flatten().all(candidate_ok),
            "the candidates of a name",
        )?;
        check(
            self.variants.windows(2).all(|w| w[0].0 < w[1].0)
                && self
                    .variants
                    .iter()
                    .all(|(_, cs)| !cs.is_empty() && cs.iter().all(candidate_ok)),
            "the candidates of a spelling variant",
        )?;
        check(
            self.continuous_candidates.len() == self.continuous_patterns.len()
                && self
                    .continuous_candidates
                    .iter()
                    .all(|cs| !cs.is_empty() && cs.iter().all(candidate_ok)),
            "the candidates of an unspaced-script name",
        )
    }
}
