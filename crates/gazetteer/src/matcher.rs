//! Compiling lists into a [`Gazetteer`] and finding [`Mention`]s of their names.

use std::borrow::Cow;
use std::cell::RefCell;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry as Slot;
use tonle_text::{fold, is_joiner, tokenize, Gap, Token, TokenKind};
use unicode_segmentation::GraphemeCursor;

use crate::context::{ForeignBody, ResolvedBy};
use crate::defaults::{is_common_word, DEFAULT_LISTS};
use crate::list::{apply_removals, is_list_file, parse_list, CaseRule, Entry, List, ListError};
use crate::variant::{takes_variants, KeyBuilder, Variants};
use crate::vocab::Vocab;

/// One occurrence of a gazetteer name in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of the first byte of the name in the text.
    pub start: u32,
    /// Byte offset one past the name.
    pub end: u32,
    /// Index of the token the mention starts in.
    pub first_token: u32,
    /// Index of the entry (see [`Gazetteer::entry`]).
    pub entry: u32,
    /// Index of the list the matching name came from (see [`Gazetteer::list_name`]).
    pub list: u32,
    /// How the mention was resolved when its name alone did not decide: `Keyword`, `Title`,
    /// `Document` or `Default` for a name several entries share; `Acronym` or `ShortForm`
    /// for a name linked to an entry named in full earlier in the document; `Variant` for a
    /// spelling of a name the lists write another way (see [`crate::romanization_key`]).
    pub resolved_by: Option<ResolvedBy>,
}

impl Mention {
    pub fn as_str<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }
}

/// An entry a name can resolve to, stored at the trie node where that name ends (see
/// [`Gazetteer::node_candidates`]).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Candidate {
    pub(crate) entry: u32,
    pub(crate) list: u32,
    /// The name's tokens as written in the list, when the match must have the same case.
    pub(crate) exact: Option<Box<[Box<str>]>>,
}

impl Candidate {
    /// The entry the name resolves to (see [`Gazetteer::entry`]).
    pub fn entry(&self) -> u32 {
        self.entry
    }

    /// The list the name came from (see [`Gazetteer::list_name`]).
    pub fn list(&self) -> u32 {
        self.list
    }

    /// The name's tokens as the list writes them, when the text must have the same case.
    pub fn exact_tokens(&self) -> Option<&[Box<str>]> {
        self.exact.as_deref()
    }

    /// Whether the tokens `seq` (indices into `tokens`) of `text` satisfy this name's case
    /// rule; a name without one always does.
    pub fn case_agrees(&self, text: &str, tokens: &[Token], seq: &[u32]) -> bool {
        match &self.exact {
            None => true,
            Some(listed) => {
                listed.len() == seq.len()
                    && seq
                        .iter()
                        .zip(listed.iter())
                        .all(|(&t, l)| same_exact(tokens[t as usize].as_str(text), l))
            }
        }
    }
}

/// One occurrence of an unspaced-script name inside a region of text, as substring matching
/// sees it before choosing (see [`Gazetteer::continuous_hits`]).
#[derive(Clone, Copy, Debug)]
pub struct ContinuousHit<'g> {
    /// Byte range in the region.
    pub start: usize,
    pub end: usize,
    /// Both ends fall on grapheme boundaries; a hit that cuts a character cluster is never
    /// reported.
    pub on_grapheme_boundaries: bool,
    /// The entries of the name, in the order matching tries them.
    pub candidates: &'g [Candidate],
}

pub(crate) const NO_TERMINAL: u32 = u32::MAX;
const UNKNOWN: u32 = u32::MAX;
pub(crate) const NO_CHILD: u32 = u32::MAX;

/// Collects lists and compiles them into a [`Gazetteer`].
#[derive(Default)]
pub struct GazetteerBuilder {
    lists: Vec<List>,
}

impl GazetteerBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the lists shipped in the binary (`gazetteers/` of the source tree).
    pub fn add_defaults(&mut self) -> Result<&mut Self, ListError> {
        for (name, source) in DEFAULT_LISTS {
            self.add_source(name, source)?;
        }
        Ok(self)
    }

    /// Adds a list given as text; `file_name` chooses the format and names the list.
    pub fn add_source(&mut self, file_name: &str, source: &str) -> Result<&mut Self, ListError> {
        self.lists.push(parse_list(file_name, source)?);
        Ok(self)
    }

    /// Adds an already parsed list.
    pub fn add_list(&mut self, list: List) -> &mut Self {
        self.lists.push(list);
        self
    }

    /// Adds a list file, or every `.tsv`, `.txt`, `.jsonl` and `.ndjson` file under a
    /// directory (walked in sorted order). Lists are named by their path relative to the
    /// directory given.
    pub fn add_path(&mut self, path: &Path) -> Result<&mut Self, ListError> {
        let io_err = |p: &Path, e: &dyn std::fmt::Display| ListError {
            file: p.display().to_string(),
            line: 0,
            message: format!("cannot read this gazetteer: {e}"),
        };
        if path.is_dir() {
            let walker = walkdir::WalkDir::new(path).sort_by_file_name();
            for item in walker {
                let item = item.map_err(|e| io_err(path, &e))?;
                let p = item.path();
                let listed = is_list_file(p);
                if item.file_type().is_file() && listed {
                    let source = std::fs::read_to_string(p).map_err(|e| io_err(p, &e))?;
                    let rel = p.strip_prefix(path).unwrap_or(p).display().to_string();
                    let mut list = parse_list(&rel, &source).map_err(|mut e| {
                        e.file = p.display().to_string();
                        e
                    })?;
                    list.name = rel;
                    self.lists.push(list);
                }
            }
        } else {
            let source = std::fs::read_to_string(path).map_err(|e| io_err(path, &e))?;
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let mut list = parse_list(&name, &source).map_err(|mut e| {
                e.file = path.display().to_string();
                e
            })?;
            list.name = name;
            self.lists.push(list);
        }
        Ok(self)
    }

    /// Compiles the lists. An entry whose id appeared in an earlier list adds its names and
    /// missing attributes to that entry (so a user list can add a spelling to a shipped
    /// place); giving the same id two different types is an error. A row whose id starts
    /// with `-` removes the entry with the rest of that id from the lists before it, and one
    /// starting with `=` replaces it (see [`apply_removals`]).
    pub fn build(mut self) -> Result<Gazetteer, ListError> {
        let mut entries: Vec<&mut Vec<Entry>> =
            self.lists.iter_mut().map(|l| &mut l.entries).collect();
        apply_removals(&mut entries);
        // Size the tables once: a million-entry list otherwise spends much of its time
        // rehashing and copying them as they grow.
        let entry_count: usize = self.lists.iter().map(|l| l.entries.len()).sum();
        let name_count: usize = self
            .lists
            .iter()
            .flat_map(|l| &l.entries)
            .map(|e| 1 + e.aliases.len() + e.exact_aliases.len())
            .sum();
        let mut g = Gazetteer {
            entries: Vec::with_capacity(entry_count),
            lists: Vec::with_capacity(self.lists.len()),
            vocab: Vocab::default(),
            edges: FxHashMap::default(),
            node_terminal: Vec::with_capacity(name_count * 2 + 1),
            root_children: Vec::new(),
            terminals: Vec::with_capacity(name_count),
            continuous: None,
            continuous_patterns: Vec::new(),
            continuous_candidates: Vec::new(),
            entry_lists: Vec::with_capacity(entry_count),
            variants: Variants::default(),
            parents: std::sync::OnceLock::new(),
            kingdoms: std::sync::OnceLock::new(),
            demonyms: std::sync::OnceLock::new(),
        };
        g.node_terminal.push(NO_TERMINAL);
        let mut ids = IdIndex {
            by_hash: FxHashMap::with_capacity_and_hasher(entry_count, Default::default()),
            collided: FxHashMap::default(),
        };
        let mut scratch = BuildScratch::default();
        for list in self.lists {
            let list_index = g.lists.len() as u32;
            g.lists.push(list.name);
            for entry in list.entries {
                let new_index = g.entries.len() as u32;
                let existing = ids.earlier(&entry.id, &g.entries, new_index);
                if let Some(at) = existing {
                    g.check_same_type(at, &entry, list_index)?;
                }
                let entry_index = existing.unwrap_or(new_index);
                g.add_names(&entry, entry_index, list_index, &mut scratch);
                let takes_variants = match existing {
                    Some(at) => g.takes_variants(&g.entries[at as usize], at),
                    None => takes_variants(&entry, &g.lists[list_index as usize]),
                };
                if takes_variants {
                    g.variants.add_names(&entry, entry_index, list_index);
                }
                match existing {
                    Some(at) => g.entries[at as usize].absorb(entry),
                    None => {
                        g.entries.push(entry);
                        g.entry_lists.push(list_index);
                    }
                }
            }
        }
        // The first step of every walk is the hottest lookup: give it an array.
        g.root_children = vec![NO_CHILD; g.vocab.len()];
        for (&key, &child) in &g.edges {
            if key >> 32 == 0 {
                g.root_children[(key & 0xFFFF_FFFF) as usize] = child;
            }
        }
        let continuous_patterns = scratch.continuous_patterns;
        if !continuous_patterns.is_empty() {
            let ac = continuous_automaton(&continuous_patterns).map_err(|e| ListError {
                file: "(all lists)".into(),
                line: 0,
                message: format!("cannot compile the Khmer-script names: {e}"),
            })?;
            g.continuous = Some(ac);
            g.continuous_patterns = continuous_patterns;
        }
        g.variants.finish(&g.entries);
        Ok(g)
    }
}

/// Id → index of the entry that id first named, keyed by a hash of the id (no copy of a
/// million ids); the rare id whose hash another id already has goes in `collided`.
struct IdIndex {
    by_hash: FxHashMap<u64, u32>,
    collided: FxHashMap<String, u32>,
}

impl IdIndex {
    /// The index of the earlier entry with `id`, if any; otherwise records that `id` names
    /// entry `new_index`.
    fn earlier(&mut self, id: &str, entries: &[Entry], new_index: u32) -> Option<u32> {
        match self.by_hash.entry(id_hash(id)) {
            Slot::Vacant(v) => {
                v.insert(new_index);
                None
            }
            Slot::Occupied(o) if entries[*o.get() as usize].id == id => Some(*o.get()),
            Slot::Occupied(_) => match self.collided.get(id) {
                Some(&at) => Some(at),
                None => {
                    self.collided.insert(id.to_string(), new_index);
                    None
                }
            },
        }
    }
}

/// What [`GazetteerBuilder::build`] keeps between entries: the unspaced-script patterns
/// found so far and reused buffers.
#[derive(Default)]
struct BuildScratch {
    continuous_patterns: Vec<String>,
    continuous_index: FxHashMap<String, usize>,
    tokens: Vec<Token>,
    kept: Vec<Token>,
    folded: String,
}

impl Entry {
    /// Adds the names and the missing attributes of `later`, an entry of a later list with
    /// the same id.
    fn absorb(&mut self, later: Entry) {
        for alias in later.names() {
            if self.names().all(|n| n != alias) {
                self.aliases.push(alias.to_string());
            }
        }
        for (k, v) in later.attrs {
            if self.attrs.iter().all(|(ek, _)| *ek != k) {
                self.attrs.push((k, v));
            }
        }
    }
}

impl Gazetteer {
    /// Refuses `entry` (of list `list_index`) when entry `at`, which has its id, has another
    /// type.
    fn check_same_type(&self, at: u32, entry: &Entry, list_index: u32) -> Result<(), ListError> {
        let first = &self.entries[at as usize];
        if first.kind == entry.kind {
            return Ok(());
        }
        Err(ListError {
            file: self.lists[list_index as usize].clone(),
            line: entry.line,
            message: format!(
                "id {:?} is {} here but {} in {}:{}; give one of them another id",
                entry.id,
                entry.kind,
                first.kind,
                self.lists[self.entry_lists[at as usize] as usize],
                first.line
            ),
        })
    }

    /// Puts every name of `entry` in the trie (or among the unspaced-script patterns) as a
    /// candidate for entry `entry_index` of list `list_index`.
    fn add_names(
        &mut self,
        entry: &Entry,
        entry_index: u32,
        list_index: u32,
        s: &mut BuildScratch,
    ) {
        for listed in entry.names() {
            for spelling in and_spellings(listed) {
                self.add_name(entry, entry_index, list_index, listed, &spelling, s);
            }
        }
    }

    /// Adds one spelling of `listed`, a name of `entry` (see [`and_spellings`]).
    fn add_name(
        &mut self,
        entry: &Entry,
        entry_index: u32,
        list_index: u32,
        listed: &str,
        name: &str,
        s: &mut BuildScratch,
    ) {
        let forced_exact = entry.exact_aliases.iter().any(|e| e == listed);
        tokenize(name, &mut s.tokens);
        s.kept.clear();
        s.kept.extend(
            (0..s.tokens.len())
                .filter(|&i| !is_joiner(name, &s.tokens, i))
                .map(|i| s.tokens[i]),
        );
        if s.kept.is_empty() {
            return;
        }
        if s.kept.iter().all(|t| t.kind == TokenKind::Continuous) {
            let pattern = continuous_pattern(name);
            let candidates = &mut self.continuous_candidates;
            let patterns = &mut s.continuous_patterns;
            let slot = *s
                .continuous_index
                .entry(pattern.clone())
                .or_insert_with(|| {
                    patterns.push(pattern);
                    candidates.push(Vec::with_capacity(1));
                    patterns.len() - 1
                });
            push_candidate(
                &mut self.continuous_candidates[slot],
                Candidate {
                    entry: entry_index,
                    list: list_index,
                    exact: None,
                },
            );
            return;
        }
        let exact = forced_exact || needs_exact_case(entry.case, name, &s.kept);
        let node = self.insert_path(name, &s.kept, &mut s.folded);
        let candidate = Candidate {
            entry: entry_index,
            list: list_index,
            exact: exact.then(|| s.kept.iter().map(|t| Box::from(t.as_str(name))).collect()),
        };
        let slot = match self.node_terminal[node as usize] {
            NO_TERMINAL => {
                self.node_terminal[node as usize] = self.terminals.len() as u32;
                self.terminals.push(Vec::with_capacity(1));
                self.terminals.len() - 1
            }
            t => t as usize,
        };
        push_candidate(&mut self.terminals[slot], candidate);
    }
}

/// The spellings under which a listed name is matched: itself and, for a name with "and"
/// or "&" between its words, the other of the two and the "&amp;" that scrapes leave
/// undecoded ("Ministry of Labour & Vocational Training", "Procter and Gamble").
fn and_spellings(name: &str) -> impl Iterator<Item = Cow<'_, str>> {
    let [and, amp, escaped] = [" and ", " & ", " &amp; "];
    let from = [and, amp].into_iter().find(|w| name.contains(w));
    let others = from.map(|from| {
        [and, amp, escaped]
            .into_iter()
            .filter(move |&to| to != from)
            .map(move |to| Cow::Owned(name.replace(from, to)))
    });
    std::iter::once(Cow::Borrowed(name)).chain(others.into_iter().flatten())
}

/// The substring matcher over the unspaced-script names (also rebuilt when a compiled
/// gazetteer is loaded, see `compiled.rs`).
pub(crate) fn continuous_automaton(
    patterns: &[String],
) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(patterns)
}

fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(id)
}

/// Keeps candidates ordered exact-case first, then in load order, without duplicates.
pub(crate) fn push_candidate(slot: &mut Vec<Candidate>, candidate: Candidate) {
    push_in_match_order(slot, candidate, |c| (c.entry as usize, c.exact.is_some()));
}

/// Inserts `item` where the matcher tries it: exact-case names before case-insensitive ones,
/// otherwise in load order; one per (entry, exactness), as `key` gives them. `check` uses
/// the same order to tell which entry wins a shared name.
pub fn push_in_match_order<T>(slot: &mut Vec<T>, item: T, key: impl Fn(&T) -> (usize, bool)) {
    let (entry, exact) = key(&item);
    if slot.iter().any(|c| key(c) == (entry, exact)) {
        return;
    }
    let at = if exact {
        slot.iter().position(|c| !key(c).1).unwrap_or(slot.len())
    } else {
        slot.len()
    };
    slot.insert(at, item);
}

/// Whether a name (its matching tokens `kept`, from [`match_tokens`]) must match with the case
/// the list writes: always under [`CaseRule::Exact`], never under [`CaseRule::Ignore`], and
/// under [`CaseRule::Auto`] when it is one word that is a short all-capital acronym or a
/// common English word (see [`is_common_word`]).
pub fn needs_exact_case(case: CaseRule, name: &str, kept: &[Token]) -> bool {
    match case {
        CaseRule::Exact => true,
        CaseRule::Ignore => false,
        CaseRule::Auto => {
            if kept.len() != 1 {
                return false;
            }
            let word = kept[0].as_str(name);
            let acronym =
                (2..=4).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase());
            let mut folded = String::new();
            fold(word, &mut folded);
            acronym || is_common_word(&folded)
        }
    }
}

/// A Khmer (or other unspaced-script) name as searched for: folded, whitespace collapsed.
pub fn continuous_pattern(name: &str) -> String {
    let mut folded = String::new();
    fold(name, &mut folded);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The tokens of a name that take part in matching (all but joiners).
pub fn match_tokens(text: &str, tokens: &[Token]) -> Vec<Token> {
    (0..tokens.len())
        .filter(|&i| !is_joiner(text, tokens, i))
        .map(|i| tokens[i])
        .collect()
}

/// Case-sensitive comparison that still treats curly and straight quotes (and dashes) alike.
pub fn same_exact(surface: &str, listed: &str) -> bool {
    if surface == listed {
        return true;
    }
    let norm = |c: char| match c {
        '’' | '‘' | 'ʼ' | '`' => '\'',
        '“' | '”' => '"',
        '‐' | '‑' | '–' | '—' => '-',
        c => c,
    };
    surface.chars().map(norm).eq(listed.chars().map(norm))
}

#[derive(Default)]
pub(crate) struct Scratch {
    folded: String,
    /// Indices of the tokens that take part in matching.
    pub(crate) seq: Vec<u32>,
    /// Vocabulary id of each token in `seq`, or `UNKNOWN`.
    ids: Vec<u32>,
    found: Vec<(u32, u32, u32, u32)>,
    /// Mentions whose name several entries share: (mention, terminal, first and last index
    /// into `seq`).
    pub(crate) ambiguous: Vec<(u32, u32, u32, u32)>,
    /// The romanization key of the words read so far (`find_variants`).
    pub(crate) variant_key: KeyBuilder,
    /// One word, folded (`find_variants`).
    pub(crate) variant_word: String,
    /// Mentions found by their spelling variants, to merge into the others.
    pub(crate) variant_found: Vec<Mention>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Compiled lists: the entries and the matcher for all their names.
pub struct Gazetteer {
    pub(crate) entries: Vec<Entry>,
    pub(crate) lists: Vec<String>,
    /// Folded token → id.
    pub(crate) vocab: Vocab,
    /// (node << 32 | token id) → child node; node 0 is the root.
    pub(crate) edges: FxHashMap<u64, u32>,
    /// Per node: index into `terminals`, or `NO_TERMINAL`.
    pub(crate) node_terminal: Vec<u32>,
    pub(crate) terminals: Vec<Vec<Candidate>>,
    pub(crate) continuous: Option<AhoCorasick>,
    /// The patterns `continuous` was built from (kept to save and reload a compiled list).
    pub(crate) continuous_patterns: Vec<String>,
    pub(crate) continuous_candidates: Vec<Vec<Candidate>>,
    /// Token id → child of the root, or `NO_CHILD`.
    pub(crate) root_children: Vec<u32>,
    /// Per entry: the list that first defined it.
    pub(crate) entry_lists: Vec<u32>,
    /// The romanization keys of the names of entries that take spelling variants.
    pub(crate) variants: Variants,
    /// Per entry: the entry its `parent` attribute names (see [`Gazetteer::parent_of`]),
    /// made when a shared name first needs it.
    pub(crate) parents: std::sync::OnceLock<Vec<u32>>,
    /// The countries one of whose names has the word "Kingdom", made when first asked for
    /// (see `main_kingdom` in `context.rs`).
    pub(crate) kingdoms: std::sync::OnceLock<Vec<u32>>,
    /// Demonym ("Thai") → the country entry it names, for the countries of the lists, made
    /// when first asked for (see `demonym_country` in `context.rs`).
    pub(crate) demonyms: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u32>>,
}

impl Gazetteer {
    /// The shipped lists, compiled.
    pub fn defaults() -> Result<Gazetteer, ListError> {
        let mut b = GazetteerBuilder::new();
        b.add_defaults()?;
        b.build()
    }

    pub fn entry(&self, index: u32) -> &Entry {
        &self.entries[index as usize]
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The name of list number `index` (its file name, or path inside a list directory).
    pub fn list_name(&self, index: u32) -> &str {
        &self.lists[index as usize]
    }

    /// The index of the list that first defined entry `index` (later lists may have added
    /// names to it).
    pub fn entry_list(&self, index: u32) -> u32 {
        self.entry_lists[index as usize]
    }

    // Walking the matcher by hand, as `find` does, for tools that show why a text matches as
    // it does (`tonle-tune`'s explain). Nodes and token ids mean nothing outside one
    // `Gazetteer`.

    /// The vocabulary id of a folded token (see [`tonle_text::fold`]), if some name contains
    /// it.
    pub fn token_id(&self, folded: &str) -> Option<u32> {
        self.vocab.get(folded)
    }

    /// The trie node reached from the root by token `id`: where names starting with that
    /// token continue.
    pub fn root_child(&self, id: u32) -> Option<u32> {
        match self.root_children.get(id as usize) {
            Some(&c) if c != NO_CHILD => Some(c),
            _ => None,
        }
    }

    /// The trie node reached from `node` by token `id`.
    pub fn next_node(&self, node: u32, id: u32) -> Option<u32> {
        self.child(node, id)
    }

    /// The entries whose name ends at `node`, in the order matching tries them.
    pub fn node_candidates(&self, node: u32) -> &[Candidate] {
        match self.node_terminal.get(node as usize) {
            None | Some(&NO_TERMINAL) => &[],
            Some(&t) => &self.terminals[t as usize],
        }
    }

    /// Every unspaced-script name inside `region` (a run from [`continuous_regions`]),
    /// overlapping ones included, in the order the substring matcher finds them.
    pub fn continuous_hits<'g, 'r>(
        &'g self,
        region: &'r str,
    ) -> impl Iterator<Item = ContinuousHit<'g>> + use<'g, 'r> {
        self.continuous
            .iter()
            .flat_map(move |ac| ac.find_overlapping_iter(region))
            .map(move |m| ContinuousHit {
                start: m.start(),
                end: m.end(),
                on_grapheme_boundaries: on_grapheme_boundary(region, m.start())
                    && on_grapheme_boundary(region, m.end()),
                candidates: &self.continuous_candidates[m.pattern().as_usize()],
            })
    }

    /// Number of distinct names (aliases included) the matcher knows.
    pub fn name_count(&self) -> usize {
        self.terminals.iter().map(Vec::len).sum::<usize>()
            + self
                .continuous_candidates
                .iter()
                .map(Vec::len)
                .sum::<usize>()
    }

    fn insert_path(&mut self, name: &str, kept: &[Token], folded: &mut String) -> u32 {
        let mut node = 0u32;
        for t in kept {
            fold(t.as_str(name), folded);
            let id = self.vocab.id_or_insert(folded);
            let key = (u64::from(node) << 32) | u64::from(id);
            let next_node = self.node_terminal.len() as u32;
            node = *self.edges.entry(key).or_insert(next_node);
            if node == next_node {
                self.node_terminal.push(NO_TERMINAL);
            }
        }
        node
    }

    #[inline]
    pub(crate) fn child(&self, node: u32, id: u32) -> Option<u32> {
        self.edges
            .get(&((u64::from(node) << 32) | u64::from(id)))
            .copied()
    }

    /// Finds every mention in `text` (already tokenized into `tokens`), replacing the contents
    /// of `out`. Mentions come sorted by start and never overlap: at each position the longest
    /// valid name wins, and matching resumes after it.
    pub fn find(&self, text: &str, tokens: &[Token], out: &mut Vec<Mention>) {
        self.find_noting_foreign(text, tokens, out, &mut Vec::new());
    }

    /// [`Gazetteer::find`], also giving in `foreign` the listed bodies it left out because a
    /// possessive before them says they are another country's ("Vietnam's foreign ministry"
    /// is not Cambodia's, whose alias "Foreign Ministry" is), in text order, for a caller that
    /// writes them as names no list has.
    pub fn find_noting_foreign(
        &self,
        text: &str,
        tokens: &[Token],
        out: &mut Vec<Mention>,
        foreign: &mut Vec<ForeignBody>,
    ) {
        out.clear();
        foreign.clear();
        SCRATCH.with(|scratch| {
            let scratch = &mut *scratch.borrow_mut();
            scratch.ambiguous.clear();
            self.find_tokens(text, tokens, scratch, out);
            self.resolve_ambiguous(text, tokens, scratch, out);
            if self.continuous.is_some() {
                let before = out.len();
                self.find_continuous(text, tokens, scratch, out);
                if out.len() > before && before > 0 {
                    out.sort_by_key(|m| (m.start, m.end));
                }
            }
            if !self.variants.is_empty() {
                self.find_variants(text, tokens, scratch, out);
            }
            self.drop_venue_places(text, tokens, out);
            self.drop_foreign_bodies(text, tokens, out, foreign);
            self.link_in_document(text, tokens, out);
        });
    }

    // Somewhat over 80 lines: the per-token hot loop and the trie walk share their state
    // (`s.seq`, `s.ids`) and are clearest read as one.
    // Not inlined into `find`, its only caller: merged with the rest of `find` it shared its
    // registers with cold code and cost 20M more instructions on news12 (callgrind).
    #[inline(never)]
    fn find_tokens(&self, text: &str, tokens: &[Token], s: &mut Scratch, out: &mut Vec<Mention>) {
        s.seq.clear();
        s.ids.clear();
        for i in 0..tokens.len() {
            if is_joiner(text, tokens, i) {
                continue;
            }
            let surface = tokens[i].as_str(text);
            // Most tokens are already in matching form; fold only the others.
            let key = if tokens[i].plain {
                surface
            } else {
                fold(surface, &mut s.folded);
                s.folded.as_str()
            };
            s.seq.push(i as u32);
            s.ids.push(self.vocab.get(key).unwrap_or(UNKNOWN));
        }
        let n = s.seq.len();
        let mut i = 0;
        while i < n {
            let id = s.ids[i];
            let mut node = if id == UNKNOWN {
                NO_CHILD
            } else {
                self.root_children[id as usize]
            };
            if node == NO_CHILD {
                i += 1;
                continue;
            }
            let mut best: Option<(usize, &Candidate, u32)> = None;
            let mut j = i;
            loop {
                let term = self.node_terminal[node as usize];
                if term != NO_TERMINAL {
                    let seq = &s.seq[i..=j];
                    if let Some(c) = self.terminals[term as usize]
                        .iter()
                        .find(|c| c.case_agrees(text, tokens, seq))
                    {
                        best = Some((j, c, term));
                    }
                }
                j += 1;
                if j >= n || s.ids[j] == UNKNOWN || tokens[s.seq[j] as usize].gap == Gap::Paragraph
                {
                    break;
                }
                match self.child(node, s.ids[j]) {
                    Some(next) => node = next,
                    None => break,
                }
            }
            match best {
                Some((last, c, term)) => {
                    let seq = &s.seq[i..=last];
                    let ambiguous = self.terminals[term as usize]
                        .iter()
                        .filter(|other| other.entry != c.entry)
                        .any(|other| other.case_agrees(text, tokens, seq));
                    if ambiguous {
                        s.ambiguous
                            .push((out.len() as u32, term, i as u32, last as u32));
                    }
                    out.push(Mention {
                        start: tokens[s.seq[i] as usize].start,
                        end: tokens[s.seq[last] as usize].end,
                        first_token: s.seq[i],
                        entry: c.entry,
                        list: c.list,
                        resolved_by: None,
                    });
                    i = last + 1;
                }
                None => i += 1,
            }
        }
    }

    /// Substring matching inside runs of Khmer (and other unspaced) script. All candidate
    /// matches on grapheme boundaries are collected first and the leftmost-longest chosen
    /// among them, so a long match cut mid-syllable never hides a shorter valid one.
    fn find_continuous(
        &self,
        text: &str,
        tokens: &[Token],
        s: &mut Scratch,
        out: &mut Vec<Mention>,
    ) {
        let Some(ac) = &self.continuous else { return };
        for (first, last) in continuous_regions(tokens) {
            let region_start = tokens[first].start as usize;
            let region = &text[region_start..tokens[last].end as usize];
            s.found.clear();
            for m in ac.find_overlapping_iter(region) {
                if on_grapheme_boundary(region, m.start()) && on_grapheme_boundary(region, m.end())
                {
                    s.found
                        .push((m.start() as u32, m.end() as u32, m.pattern().as_u32(), 0));
                }
            }
            s.found
                .sort_by_key(|&(a, b, p, _)| (a, std::cmp::Reverse(b), p));
            let mut covered = 0u32;
            for &(a, b, p, _) in &s.found {
                if a < covered {
                    continue;
                }
                let c = &self.continuous_candidates[p as usize][0];
                let start = region_start as u32 + a;
                let token = tokens[first..=last].partition_point(|t| t.end <= start) + first;
                out.push(Mention {
                    start,
                    end: region_start as u32 + b,
                    first_token: token as u32,
                    entry: c.entry,
                    list: c.list,
                    resolved_by: None,
                });
                covered = b;
            }
        }
    }
}

/// The runs of unspaced-script tokens (Khmer, Thai, ...) that substring matching searches:
/// (first token, last token), joined across spaces but not across line breaks.
pub fn continuous_regions(tokens: &[Token]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < tokens.len() && tokens[i].kind != TokenKind::Continuous {
            i += 1;
        }
        if i >= tokens.len() {
            return None;
        }
        let first = i;
        while i + 1 < tokens.len()
            && tokens[i + 1].kind == TokenKind::Continuous
            && matches!(tokens[i + 1].gap, Gap::None | Gap::Space)
        {
            i += 1;
        }
        let last = i;
        i += 1;
        Some((first, last))
    })
}

fn on_grapheme_boundary(s: &str, at: usize) -> bool {
    if at == 0 || at == s.len() {
        return true;
    }
    GraphemeCursor::new(at, s.len(), true)
        .is_boundary(s, 0)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz(src: &str) -> Gazetteer {
        let mut b = GazetteerBuilder::new();
        b.add_source("test.tsv", src).unwrap();
        b.build().unwrap()
    }

    fn find<'t>(g: &Gazetteer, text: &'t str) -> Vec<(&'t str, String)> {
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens);
        let mut out = Vec::new();
        g.find(text, &tokens, &mut out);
        out.iter()
            .map(|m| (m.as_str(text), g.entry(m.entry).id.clone()))
            .collect()
    }

    const LIST: &str = "id\ttype\tname\taliases\tcase\n\
        dc\tPLACE\tDistrict of Columbia\t\t\n\
        the-d\tORG\tThe D\t\t\n\
        KH-18\tPLACE\tPreah Sihanouk\tPreah Sihanouk province\t\n\
        town\tPLACE\tSihanoukville\t\t\n\
        ppp\tORG\tPhnom Penh Post\t\t\n\
        KH-12\tPLACE\tPhnom Penh\tភ្នំពេញ\t\n\
        KH\tPLACE\tCambodia\tកម្ពុជា\t\n\
        march\tPLACE\tMarch\t\t\n\
        police\tPLACE\tPolice\t\t\n\
        ncct\tORG\tNational Committee for Counter Trafficking\tNCCT\t\n\
        osmach\tPLACE\tO'Smach\t\t\n\
        kheng\tPERSON\tSar Kheng\t\texact\n";

    #[test]
    fn a_failed_longer_candidate_does_not_hide_a_shorter_one() {
        let g = gaz(LIST);
        assert_eq!(
            find(&g, "the District of Columbia"),
            [("District of Columbia", "dc".to_string())]
        );
    }

    #[test]
    fn and_matches_an_ampersand_and_its_escape_both_ways() {
        let g = gaz("id\ttype\tname\taliases\n\
                     molvt\tORG\tMinistry of Labour and Vocational Training\t\n\
                     pg\tORG\tProcter & Gamble\t\n");
        assert_eq!(
            find(
                &g,
                "The Ministry of Labour & Vocational Training, the Ministry of Labour &amp; \
                 Vocational Training and Procter and Gamble, not Procter or Gamble."
            ),
            [
                (
                    "Ministry of Labour & Vocational Training",
                    "molvt".to_string()
                ),
                (
                    "Ministry of Labour &amp; Vocational Training",
                    "molvt".into()
                ),
                ("Procter and Gamble", "pg".into()),
            ]
        );
    }

    #[test]
    fn longest_match_wins() {
        let g = gaz(LIST);
        assert_eq!(
            find(
                &g,
                "The Phnom Penh Post said Preah Sihanouk province and Phnom Penh"
            ),
            [
                ("Phnom Penh Post", "ppp".into()),
                ("Preah Sihanouk province", "KH-18".into()),
                ("Phnom Penh", "KH-12".into())
            ]
        );
    }

    #[test]
    fn a_guarded_name_matches_only_through_its_aliases() {
        let g = gaz("id\ttype\tname\taliases\tguard\tkind\n\
                     KH-8\tPLACE\tKandal\t\t\tprovince\n\
                     KH-080101\tPLACE\tKandal\tKandal commune|Khum Kandal\tkind\tcommune\n\
                     KH-080102\tPLACE\tPrey\tPrey commune|ឃុំព្រៃ\tkind\tcommune\n");
        assert_eq!(
            find(
                &g,
                "Kandal officials said Prey commune and Khum Kandal, not Prey, ព្រៃ."
            ),
            [
                ("Kandal", "KH-8".into()),
                ("Prey commune", "KH-080102".into()),
                ("Khum Kandal", "KH-080101".into())
            ]
        );
        // The bare name is the province's alone: nothing to resolve.
        let mut tokens = Vec::new();
        tokenize("in Kandal", &mut tokens);
        let mut out = Vec::new();
        g.find("in Kandal", &tokens, &mut out);
        assert_eq!(out[0].resolved_by, None);
        // A later list with the same id and no guard adds the bare name back.
        let mut b = GazetteerBuilder::new();
        b.add_source(
            "a.tsv",
            "id\ttype\tname\taliases\tguard\nc\tPLACE\tPrey\tPrey commune\tkind\n",
        )
        .unwrap();
        b.add_source("b.tsv", "id\ttype\tname\nc\tPLACE\tPrey\n")
            .unwrap();
        assert_eq!(find(&b.build().unwrap(), "in Prey"), [("Prey", "c".into())]);
    }

    #[test]
    fn common_words_and_acronyms_need_exact_case() {
        let g = gaz(LIST);
        assert_eq!(find(&g, "in march the police"), []);
        assert_eq!(
            find(&g, "March: Police, ncct, NCCT"),
            [
                ("March", "march".into()),
                ("Police", "police".into()),
                ("NCCT", "ncct".into())
            ]
        );
        assert_eq!(find(&g, "SAR KHENG and sar kheng"), []);
        assert_eq!(find(&g, "Sar Kheng"), [("Sar Kheng", "kheng".into())]);
    }

    #[test]
    fn normalization_keeps_surface_offsets() {
        let g = gaz(LIST);
        assert_eq!(
            find(
                &g,
                "CAMBODIA’s border at O’Smach, o smach and Phnom\n  Penh."
            ),
            [
                ("CAMBODIA", "KH".into()),
                ("O’Smach", "osmach".into()),
                ("o smach", "osmach".into()),
                ("Phnom\n  Penh", "KH-12".into())
            ]
        );
    }

    #[test]
    fn names_do_not_cross_paragraphs_or_split_words() {
        let g = gaz(LIST);
        assert_eq!(find(&g, "Phnom\n\nPenh Cambodian Sihanoukvilles"), []);
    }

    #[test]
    fn khmer_names_match_inside_unspaced_runs() {
        let g = gaz(LIST);
        assert_eq!(
            find(&g, "រាជធានីភ្នំពេញនៃកម្ពុជា។ Phnom Penh"),
            [
                ("ភ្នំពេញ", "KH-12".into()),
                ("កម្ពុជា", "KH".into()),
                ("Phnom Penh", "KH-12".into())
            ]
        );
    }

    #[test]
    fn later_lists_remove_or_replace_entries() {
        let mut b = GazetteerBuilder::new();
        b.add_source(
            "shipped.tsv",
            "id\ttype\tname\taliases\nKH-18\tPLACE\tPreah Sihanouk\tKampong Som\n\
             KH-1806\tPLACE\tKampong Soam\tKampong Som town\nKH-12\tPLACE\tPhnom Penh\t\n",
        )
        .unwrap();
        b.add_source(
            "mine.tsv",
            "id\ttype\tname\taliases\n-KH-12\tPLACE\tPhnom Penh\t\n\
             =KH-18\tPLACE\tPreah Sihanouk\tPreah Sihanouk province\n",
        )
        .unwrap();
        let g = b.build().unwrap();
        assert_eq!(
            find(
                &g,
                "Phnom Penh, Kampong Som, Preah Sihanouk province, Kampong Som town"
            ),
            [
                ("Preah Sihanouk province", "KH-18".into()),
                ("Kampong Som town", "KH-1806".into())
            ]
        );
        assert_eq!(g.entries().len(), 2);
    }

    #[test]
    fn later_lists_extend_entries_with_the_same_id() {
        let mut b = GazetteerBuilder::new();
        b.add_source("a.tsv", "id\ttype\tname\nKH-18\tPLACE\tPreah Sihanouk\n")
            .unwrap();
        b.add_source(
            "b.tsv",
            "id\ttype\tname\taliases\nKH-18\tPLACE\tKompong Som\tKampong Saom\n",
        )
        .unwrap();
        let g = b.build().unwrap();
        assert_eq!(g.entries().len(), 1);
        assert_eq!(find(&g, "Kampong Saom"), [("Kampong Saom", "KH-18".into())]);
        let mut b = GazetteerBuilder::new();
        b.add_source("a.tsv", "id\ttype\tname\nx\tPLACE\tX\n")
            .unwrap();
        b.add_source("b.tsv", "id\ttype\tname\nx\tORG\tX\n")
            .unwrap();
        let e = b.build().err().unwrap();
        assert_eq!(
            e.to_string(),
            "b.tsv:2: id \"x\" is ORG here but PLACE in a.tsv:2; give one of them another id"
        );
    }
}
