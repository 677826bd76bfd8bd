//! Mining an archive for names the lists miss.
//!
//! Each document is matched against the lists, then searched for capitalized names that some
//! evidence types:
//!
//! - **PLACE** — a place word after the name, `Kandal province`, `Bavet town`, `Kandal and
//!   Takeo provinces`, or a Khmer one before it, `Krong Poipet`, `Srok Ba Phnom`;
//! - **PERSON** — a title or role before the name, `Governor Khim Bunsong`, `Interior
//!   Minister Sar Kheng`, `Lt. Gen. Sar Thet`, `spokesman Touch Sokhak`, or after it,
//!   `Chou Bun Eng, secretary of state`;
//! - **ORG** — an organization word in the name, `Ministry of Justice`, `Kandal Provincial
//!   Court`, `Anti-Human Trafficking and Juvenile Protection Department`;
//! - an acronym defined in the text, `National Committee for Counter Trafficking (NCCT)`:
//!   a new entry with the acronym as an alias, or, when the lists already know one of the two
//!   forms, the other one as an alias of that entry.
//!
//! Names the lists already match are never suggested. Documents are streamed: only counters
//! are kept, bounded in number (see [`SuggestOptions::max_names`]).

use std::fmt::Write as _;

use rustc_hash::{FxHashMap, FxHashSet};
use tonle_text::{fold, is_joiner, tokenize, Token, TokenKind};

use crate::lint::quote;
use crate::mining::{
    context, is_abbreviated_title, is_asian_family_name, is_credit_word, is_demonym,
    is_family_name, is_function_word, is_given_name, is_month_or_day, is_org_head,
    is_place_kind_before, is_role, is_speech_verb, is_title, org_kind, place_kind_after,
    starts_upper, Bounded, Doc, Run,
};
use tonle_gazetteer::{
    derived_id, is_common_word, is_venue_word, EntityType, Gazetteer, Mention, ResolvedBy,
};

/// How many suggestions to keep and how much memory to use.
#[derive(Clone, Debug)]
pub struct SuggestOptions {
    /// Only names seen at least this many times.
    pub min_count: u64,
    /// At most this many rows (0: all).
    pub top: usize,
    /// At most this many distinct names are counted at once; beyond that the rarest are
    /// dropped (their counts become lower bounds).
    pub max_names: usize,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions {
            min_count: 2,
            top: 100,
            max_names: 200_000,
        }
    }
}

const TYPES: [&str; 3] = ["PERSON", "PLACE", "ORG"];
const PERSON: usize = 0;
const PLACE: usize = 1;
const ORG: usize = 2;

/// Keep at most this many variants per counted name.
const MAX_VARIANTS: usize = 8;

#[derive(Default)]
struct Tally {
    count: u64,
    docs: u64,
    last_doc: u64,
    types: [u64; 3],
    kinds: Vec<(&'static str, u64)>,
    surfaces: Vec<(String, u64)>,
    aliases: Vec<(String, u64)>,
    evidence: Vec<(String, u64)>,
    example: Option<(String, String)>,
    /// For an alias of an entry the lists have: that entry.
    entry: Option<u32>,
    /// Places the text names as this one's parent ("Prey Nop district's X commune").
    parents: Vec<(u32, u64)>,
}

fn bump<K: PartialEq>(v: &mut Vec<(K, u64)>, key: K) {
    if let Some((_, n)) = v.iter_mut().find(|(k, _)| *k == key) {
        *n += 1;
    } else if v.len() < MAX_VARIANTS {
        v.push((key, 1));
    }
}

fn top<K: Clone>(v: &[(K, u64)]) -> Option<K> {
    // The most frequent; the first seen among equals.
    let mut best: Option<&(K, u64)> = None;
    for x in v {
        if best.is_none_or(|b| x.1 > b.1) {
            best = Some(x);
        }
    }
    best.map(|b| b.0.clone())
}

/// One observation of a name.
struct Seen<'a> {
    /// Token range of the name.
    first: usize,
    last: usize,
    typ: usize,
    kind: Option<&'static str>,
    alias: Option<String>,
    evidence: String,
    /// Add the name as an alias of this entry instead of as a new entry.
    entry: Option<u32>,
    text: &'a str,
}

/// A suggested row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub id: String,
    pub typ: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: String,
    /// Occurrences and documents.
    pub count: u64,
    pub docs: u64,
    /// How the name was written, most frequent first (`"Governor X" 5 times`).
    pub evidence: String,
    /// The first document it was seen in, and a line of text around it.
    pub example_doc: String,
    pub example: String,
    /// The row adds aliases to an entry the lists already have.
    pub existing: bool,
    /// The id of the place the text names as this one's parent, and its country, when it
    /// does ("Prey Nop district's Bit Traing commune"); empty otherwise.
    pub parent: String,
    pub country: String,
}

/// The entry named in the possessive right before token `first` ("Prey Nop district's X"):
/// the place a place belongs to.
fn possessor(doc: &Doc, text: &str, first: usize) -> Option<u32> {
    let s = first.checked_sub(1)?;
    let apostrophe = s.checked_sub(1)?;
    let t = &doc.tokens;
    let possessive = doc.folded(s) == "s" && matches!(t[apostrophe].as_str(text), "'" | "’");
    if !possessive {
        return None;
    }
    let end = t[apostrophe].start;
    doc.mentions.iter().find(|m| m.end == end).map(|m| m.entry)
}

/// Streams documents and counts the evidence (see the module documentation).
pub struct Suggester {
    tally: Bounded<Tally>,
    doc: Doc,
    documents: u64,
}

impl Suggester {
    pub fn new(options: &SuggestOptions) -> Suggester {
        Suggester {
            tally: Bounded::new(options.max_names),
            doc: Doc::default(),
            documents: 0,
        }
    }

    /// Documents seen so far.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Counts the evidence in one document.
    pub fn add_document(&mut self, g: &Gazetteer, id: &str, text: &str) {
        self.documents += 1;
        let mut doc = std::mem::take(&mut self.doc);
        doc.load(g, text);
        let seen = evidence(&doc, text);
        for s in seen {
            self.observe(&doc, id, s);
        }
        self.doc = doc;
        self.tally.prune(|t| t.count);
    }

    fn observe(&mut self, doc: &Doc, doc_id: &str, s: Seen) {
        let (start, end) = doc.span(s.first, s.last);
        let text = s.text;
        let key = match s.entry {
            Some(e) => format!("a\u{1f}{e}\u{1f}{}", folded_key(doc, text, s.first, s.last)),
            None => format!("n\u{1f}{}", folded_key(doc, text, s.first, s.last)),
        };
        let documents = self.documents;
        let t = self.tally.map.entry(key).or_default();
        t.count += 1;
        if t.last_doc != documents {
            t.docs += 1;
            t.last_doc = documents;
        }
        t.types[s.typ] += 1;
        if let Some(k) = s.kind {
            bump(&mut t.kinds, k);
        }
        bump(&mut t.surfaces, squeeze(&text[start..end]));
        if let Some(a) = s.alias {
            bump(&mut t.aliases, a);
        }
        bump(&mut t.evidence, s.evidence);
        if let Some(p) = possessor(doc, text, s.first).filter(|_| s.typ == PLACE) {
            bump(&mut t.parents, p);
        }
        t.entry = s.entry;
        if t.example.is_none() {
            t.example = Some((doc_id.to_string(), context(text, start, end, 60)));
        }
    }

    /// The suggestions, most frequent first.
    pub fn finish(self, g: &Gazetteer, options: &SuggestOptions) -> Vec<Suggestion> {
        let mut rows = Rows {
            known_ids: g.entries().iter().map(|e| e.id.clone()).collect(),
            out: Vec::new(),
            by_entry: FxHashMap::default(),
        };
        let mut lists = WholeMatch {
            g,
            tokens: Vec::new(),
            mentions: Vec::new(),
        };
        for (_, t) in by_frequency(self.tally.map) {
            if t.count < options.min_count {
                continue;
            }
            let Some(surface) = top(&t.surfaces) else {
                continue;
            };
            if lists.matches(&surface, t.entry) {
                continue;
            }
            match t.entry {
                Some(e) => rows.add_alias(g, e, surface, &t),
                None => match g.variants_of(&surface).first() {
                    // A spelling of a name the lists have: an alias of that entry, never a
                    // new slug.
                    Some(&(e, listed)) => {
                        let note =
                            format!("probably {} (variant of {})", g.entry(e).id, quote(listed));
                        rows.add_alias_noted(g, e, surface, &t, Some(note))
                    }
                    None => rows.add_name(g, surface, &t),
                },
            }
        }
        let mut out = rows.out;
        out.sort_by_key(|x| std::cmp::Reverse((x.count, x.docs)));
        if options.top > 0 {
            out.truncate(options.top);
        }
        out
    }
}

/// The tallies, most frequent first; equals by key, so that the order does not depend on
/// the hash map's.
fn by_frequency(map: FxHashMap<String, Tally>) -> Vec<(String, Tally)> {
    let mut tallies: Vec<(String, Tally)> = map.into_iter().collect();
    tallies.sort_by(|a, b| {
        (b.1.count, b.1.docs)
            .cmp(&(a.1.count, a.1.docs))
            .then_with(|| a.0.cmp(&b.0))
    });
    tallies
}

/// Whether the lists already match a whole name, with reusable buffers.
struct WholeMatch<'g> {
    g: &'g Gazetteer,
    tokens: Vec<Token>,
    mentions: Vec<Mention>,
}

impl WholeMatch<'_> {
    /// True when a mention (of `entry`, when given) spans all of `s`.
    fn matches(&mut self, s: &str, entry: Option<u32>) -> bool {
        tokenize(s, &mut self.tokens);
        self.g.find(s, &self.tokens, &mut self.mentions);
        let whole = |m: &Mention| {
            s[..m.start as usize].trim().is_empty() && s[m.end as usize..].trim().is_empty()
        };
        self.mentions
            .iter()
            .any(|m| whole(m) && entry.is_none_or(|e| e == m.entry))
    }
}

/// The suggestions being made, and what keeps their ids and rows unique.
struct Rows {
    /// The ids of the lists and of the new rows so far.
    known_ids: FxHashSet<String>,
    out: Vec<Suggestion>,
    /// The row of each entry that gets new aliases.
    by_entry: FxHashMap<u32, usize>,
}

impl Rows {
    /// `surface` as a new alias of entry `e` of the lists: added to that entry's row, which
    /// the first alias makes.
    fn add_alias(&mut self, g: &Gazetteer, e: u32, surface: String, t: &Tally) {
        self.add_alias_noted(g, e, surface, t, None);
    }

    /// [`Rows::add_alias`], saying why the alias belongs to the entry (`variant`) when the
    /// text did not link it.
    fn add_alias_noted(
        &mut self,
        g: &Gazetteer,
        e: u32,
        surface: String,
        t: &Tally,
        variant: Option<String>,
    ) {
        let note = format!(
            "{} {}{} ({})",
            quote(&surface),
            times(t.count),
            variant.map(|v| format!(", {v}")).unwrap_or_default(),
            describe_evidence(&t.evidence)
        );
        if let Some(&at) = self.by_entry.get(&e) {
            let s = &mut self.out[at];
            s.aliases.push(surface);
            s.count += t.count;
            s.docs = s.docs.max(t.docs);
            s.evidence.push_str("; ");
            s.evidence.push_str(&note);
            return;
        }
        let entry = g.entry(e);
        let (example_doc, example) = t.example.clone().unwrap_or_default();
        self.by_entry.insert(e, self.out.len());
        self.out.push(Suggestion {
            id: entry.id.clone(),
            typ: entry.kind.to_string(),
            name: entry.name.clone(),
            aliases: vec![surface],
            kind: entry
                .attrs
                .iter()
                .find(|(k, _)| k == "kind")
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
            count: t.count,
            docs: t.docs,
            evidence: note,
            example_doc,
            example,
            existing: true,
            parent: String::new(),
            country: String::new(),
        });
    }

    /// `surface` as a new entry, of the type most of its evidence says, with the parent the
    /// text names for it and that parent's country.
    fn add_name(&mut self, g: &Gazetteer, surface: String, t: &Tally) {
        let typ = TYPES[(0..3).max_by_key(|&i| (t.types[i], i)).unwrap_or(ORG)];
        let parent = top(&t.parents).map(|p| g.entry(p));
        let country = parent.and_then(|p| {
            p.attrs
                .iter()
                .find(|(k, _)| k == "country")
                .map(|(_, v)| v.clone())
                .or_else(|| {
                    (p.attrs.iter().any(|(k, v)| k == "kind" && v == "country"))
                        .then(|| p.id.clone())
                })
        });
        let (example_doc, example) = t.example.clone().unwrap_or_default();
        let suggestion = Suggestion {
            id: self.unique_id(typ, &surface),
            typ: typ.to_string(),
            aliases: other_aliases(&t.aliases, &surface),
            name: surface,
            kind: top(&t.kinds).unwrap_or_default().to_string(),
            count: t.count,
            docs: t.docs,
            evidence: describe_evidence(&t.evidence),
            example_doc,
            example,
            existing: false,
            parent: parent.map(|p| p.id.clone()).unwrap_or_default(),
            country: country.unwrap_or_default(),
        };
        self.out.push(suggestion);
    }

    /// The id derived from the name, with `-2`, `-3`, ... when the lists or an earlier row
    /// have it.
    fn unique_id(&mut self, typ: &str, name: &str) -> String {
        let base = derived_id(typ, name);
        let mut id = base.clone();
        let mut n = 2;
        while self.known_ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.known_ids.insert(id.clone());
        id
    }
}

/// The aliases seen, most frequent first, without those that fold to the name itself.
fn other_aliases(seen: &[(String, u64)], name: &str) -> Vec<String> {
    let mut name_key = String::new();
    fold(name, &mut name_key);
    let mut v = seen.to_vec();
    v.sort_by_key(|x| std::cmp::Reverse(x.1));
    v.into_iter()
        .map(|(a, _)| a)
        .filter(|a| {
            let mut f = String::new();
            fold(a, &mut f);
            f != name_key
        })
        .collect()
}

fn times(n: u64) -> String {
    if n == 1 {
        "once".to_string()
    } else {
        format!("{n} times")
    }
}

fn describe_evidence(ev: &[(String, u64)]) -> String {
    let mut v: Vec<&(String, u64)> = ev.iter().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1));
    v.iter()
        .take(3)
        .map(|(e, n)| format!("{e} {}", times(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whitespace collapsed to single spaces.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A list cell: no tabs, line breaks or `|`.
fn cell(s: &str) -> String {
    squeeze(&s.replace(['\t', '|'], " "))
}

/// The matching form of tokens `first..=last`: folded words, glued hyphens and apostrophes
/// skipped.
pub(crate) fn folded_key(doc: &Doc, text: &str, first: usize, last: usize) -> String {
    // Sized once: grown word by word, the key was reallocated twice on average.
    let len = (first..=last).map(|k| doc.folded(k).len() + 1).sum();
    let mut key = String::with_capacity(len);
    for k in first..=last {
        if is_joiner(text, &doc.tokens, k) {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(doc.folded(k));
    }
    key
}

/// True when tokens `first..=last` could be a person's name: two to four capitalized words,
/// no title, no organization or place word, not all common words.
fn person_like(doc: &Doc, text: &str, first: usize, last: usize) -> bool {
    // Walked on the iterator, not collected: a list per run cost more than these tests.
    let words = || doc.words(first, last);
    // "Omar al-Bashir", "Lula da Silva": a particle inside the name is not one of its words.
    let particle = |k: usize| k != first && k != last && is_name_particle(doc.folded(k));
    (2..=4).contains(&words().filter(|&k| !particle(k)).take(5).count())
        && words().all(|k| {
            let f = doc.folded(k);
            particle(k)
                || starts_upper(doc.tokens[k].as_str(text))
                    && !is_title(f)
                    && !is_org_head(f)
                    && !is_venue_word(f)
                    && place_kind_after(f).is_none()
                    && !is_function_word(f)
                    && !is_foreign_body_word(f)
        })
        && (!words().all(|k| is_common_word(doc.folded(k)))
            || words()
                .next()
                .is_some_and(|k| is_asian_family_name(doc.folded(k))))
}

/// The particles written in lower case inside people's names: "al-Bashir", "Lula da Silva",
/// "Mohammed bin Salman", "von der Leyen", "Teixeira de Souza".
fn is_name_particle(f: &str) -> bool {
    matches!(
        f,
        "al" | "el"
            | "da"
            | "dos"
            | "de"
            | "du"
            | "la"
            | "le"
            | "bin"
            | "ibn"
            | "van"
            | "von"
            | "der"
            | "den"
    )
}

/// Words of French, Spanish and Portuguese bodies' names, which the particles of people's names
/// also join: "Banque Nationale de Paris", "Credit Commercial de France", "Etat du
/// Grand-Duche de Luxembourg".
fn is_foreign_body_word(f: &str) -> bool {
    matches!(
        f,
        "banque"
            | "banco"
            | "caisse"
            | "credit"
            | "compagnie"
            | "societe"
            | "etat"
            | "groupe"
            | "companhia"
            | "compania"
            | "sa"
            | "spa"
    )
}

/// True when tokens `first..=last` could be a place's name.
fn place_like(doc: &Doc, first: usize, last: usize) -> bool {
    place_like_or_people(doc, first, last, false)
}

/// [`place_like`], or with `people` also a people's name: before "state" or "region" a
/// people names its land ("Shan and Karen states", "the Kachin state").
fn place_like_or_people(doc: &Doc, first: usize, last: usize, people: bool) -> bool {
    let words: Vec<usize> = doc.words(first, last).collect();
    (1..=4).contains(&words.len())
        && words.iter().all(|&k| {
            let f = doc.folded(k);
            !is_title(f) && !is_org_head(f) && place_kind_after(f).is_none()
        })
        && !words.iter().all(|&k| is_common_word(doc.folded(k)))
        // A people or a language is not a place: "Mexican village", "Bunong communities".
        && (people || !words.iter().all(|&k| is_demonym(doc.folded(k))))
}

impl<'a> Seen<'a> {
    /// A new name of type `typ` at tokens `first..=last`, of no kind and with no alias.
    fn new(first: usize, last: usize, typ: usize, evidence: String, text: &'a str) -> Self {
        Seen {
            first,
            last,
            typ,
            kind: None,
            alias: None,
            evidence,
            entry: None,
            text,
        }
    }
}

/// `s`, unless the lists already match all of it.
fn uncovered<'a>(doc: &Doc, s: Seen<'a>) -> Option<Seen<'a>> {
    let (start, end) = doc.span(s.first, s.last);
    (!doc.covered(start, end)).then_some(s)
}

/// The last word among tokens `first..end`, or `first` when there is none.
fn last_word_before(doc: &Doc, first: usize, end: usize) -> usize {
    (first..end)
        .rev()
        .find(|&k| doc.tokens[k].kind == TokenKind::Word)
        .unwrap_or(first)
}

/// `Long Name (ACR)`.
fn acronym<'a>(
    doc: &Doc,
    text: &'a str,
    first: usize,
    last: usize,
    seen: &mut Vec<Seen<'a>>,
) -> bool {
    let Some((acr, upper)) = acronym_after(doc, text, last) else {
        return false;
    };
    let Some(lf) = long_form_start(doc, first, last, &upper) else {
        return false;
    };
    let a = doc.tokens[acr].as_str(text);
    let (ls, le) = doc.span(lf, last);
    let (as_, ae) = doc.span(acr, acr);
    let long_entry = doc.exact_mention(ls, le).map(|m| m.entry);
    let acr_entry = doc.exact_mention(as_, ae).map(|m| m.entry);
    let (typ, kind) = long_form_type(doc, lf, last);
    match (long_entry, acr_entry) {
        (None, None) => {
            if !doc.covered(ls, le) && !doc.covered(as_, ae) {
                seen.push(Seen {
                    kind,
                    alias: Some(a.to_string()),
                    ..Seen::new(lf, last, typ, format!("\"X ({a})\""), text)
                });
            }
        }
        (Some(e), None) => {
            if !doc.overlaps(as_, ae) {
                let evidence = format!("defined as \"{} (X)\"", squeeze(&text[ls..le]));
                seen.push(Seen {
                    entry: Some(e),
                    ..Seen::new(acr, acr, typ, evidence, text)
                });
            }
        }
        (None, Some(e)) => {
            if !doc.covered(ls, le) {
                seen.push(Seen {
                    entry: Some(e),
                    ..Seen::new(lf, last, typ, format!("defining \"{a}\""), text)
                });
            }
        }
        (Some(_), Some(_)) => {}
    }
    true
}

/// The acronym in parentheses right after token `last`, and its capital letters.
fn acronym_after(doc: &Doc, text: &str, last: usize) -> Option<(usize, Vec<char>)> {
    let t = &doc.tokens;
    let (open, acr, close) = (last + 1, last + 2, last + 3);
    if close >= t.len()
        || t[open].as_str(text) != "("
        || t[acr].kind != TokenKind::Word
        || t[acr].gap != tonle_text::Gap::None
        || t[close].as_str(text) != ")"
        || t[close].gap != tonle_text::Gap::None
    {
        return None;
    }
    let a = t[acr].as_str(text);
    let upper: Vec<char> = a.chars().filter(char::is_ascii_uppercase).collect();
    let fits = (2..=10).contains(&a.chars().count())
        && upper.len() >= 2
        && a.chars().all(char::is_alphanumeric);
    fits.then_some((acr, upper))
}

/// Where the long form of an acronym with capitals `upper` starts in `first..=last`: at the
/// word the acronym starts with, when from there on the words have its letters in order.
fn long_form_start(doc: &Doc, first: usize, last: usize, upper: &[char]) -> Option<usize> {
    let lead = upper[0].to_ascii_lowercase();
    let lf = doc
        .words(first, last)
        .find(|&k| doc.folded(k).starts_with(lead))?;
    if doc.words(lf, last).count() < 2 {
        return None;
    }
    let letters: String = (lf..=last).map(|k| doc.folded(k)).collect();
    let mut rest = letters.chars();
    upper
        .iter()
        .all(|u| rest.any(|c| c == u.to_ascii_lowercase()))
        .then_some(lf)
}

/// The type of an acronym's long form (a place word and no organization word make it a
/// place), and for a body its kind.
fn long_form_type(doc: &Doc, first: usize, last: usize) -> (usize, Option<&'static str>) {
    let is_place = doc
        .words(first, last)
        .any(|k| place_kind_after(doc.folded(k)).is_some())
        && !doc.words(first, last).any(|k| is_org_head(doc.folded(k)));
    if is_place {
        (PLACE, None)
    } else {
        (ORG, head_kind(doc, first, last))
    }
}

/// The kind of body the name's organization word says: the last one before `of`/`for`
/// (`General Department of Immigration`), else the last one.
fn head_kind(doc: &Doc, first: usize, last: usize) -> Option<&'static str> {
    let cut = (first..=last)
        .find(|&k| matches!(doc.folded(k), "of" | "for" | "on" | "against"))
        .unwrap_or(last + 1);
    let pick = |a: usize, b: usize| (a..b).rev().find_map(|k| org_kind(doc.folded(k)));
    pick(first, cut).or_else(|| pick(first, last + 1))
}

/// `Kandal province`, `Kandal Province`, `Kandal and Takeo provinces`, `Krong Poipet`.
fn place<'a>(
    doc: &Doc,
    text: &'a str,
    first: usize,
    last: usize,
    runs: &[Run],
    seen: &mut Vec<Seen<'a>>,
) -> bool {
    place_word_before(doc, text, first, last, seen)
        || place_word_ending(doc, text, first, last, seen)
        || place_word_after(doc, text, first, last, runs, seen)
}

/// A place of kind `kind` at tokens `first..=last`, unless it does not look like one or the
/// lists match it.
fn place_seen<'a>(
    doc: &Doc,
    text: &'a str,
    first: usize,
    last: usize,
    kind: &'static str,
    alias: String,
    evidence: String,
) -> Option<Seen<'a>> {
    let s = Seen {
        kind: Some(kind),
        alias: Some(alias),
        ..Seen::new(first, last, PLACE, evidence, text)
    };
    place_like_or_people(doc, first, last, matches!(kind, "state" | "region"))
        .then_some(s)
        .and_then(|s| uncovered(doc, s))
}

/// The name at tokens `first..=last` with a place word after it: `Takeo province`.
fn with_place_word(doc: &Doc, text: &str, first: usize, last: usize, word: &str) -> String {
    let (s, e) = doc.span(first, last);
    format!("{} {word}", squeeze(&text[s..e]))
}

/// The kind of place a word after a name makes it, and whether the word is plural:
/// [`place_kind_after`]'s words, and those that only these rules read so (an acronym's long
/// form with "State" is no place: "Islamic State (IS)").
fn place_word_kind(f: &str) -> Option<(&'static str, bool)> {
    place_kind_after(f).or(match f {
        "region" => Some(("region", false)),
        "regions" => Some(("region", true)),
        "state" => Some(("state", false)),
        "states" => Some(("state", true)),
        "crossing" | "checkpoint" => Some(("border_crossing", false)),
        "airport" => Some(("airport", false)),
        "port" => Some(("port", false)),
        _ => None,
    })
}

/// Places built where a name meets a border or a route, written with the whole name:
/// "Phnom Penh International Airport", "Klong Luek Border Crossing".
pub fn is_facility(kind: &str) -> bool {
    matches!(kind, "airport" | "port" | "border_crossing")
}

/// Endings of adjectives ("Islamic", "Jewish", "Western", "Cuban", "Iraqi"), which an
/// unlisted place's name before "region", "airport" or "crossing" rarely has (the lists hold
/// Sudan and Mali).
fn is_adjective_shaped(f: &str) -> bool {
    ["ic", "ish", "ern", "an", "ese", "i"]
        .iter()
        .any(|end| f.len() > end.len() + 2 && f.ends_with(end))
}

/// Whether the name at `first..=last` may be a place of `kind` named by the word after it,
/// for the kinds that only [`place_word_kind`] reads: "the Mallee region", "Shan and Karen
/// states", "Orly airport", "the Klong Luek crossing"; not "the Cuban state", "an independent
/// Basque state", "the Kenyan port", "A380s crossing above".
fn after_name_fits(
    doc: &Doc,
    text: &str,
    first: usize,
    last: usize,
    kind: &str,
    plural: bool,
    runs: &[Run],
) -> bool {
    if !matches!(
        kind,
        "region" | "state" | "border_crossing" | "airport" | "port"
    ) {
        return true;
    }
    if is_adjective_shaped(doc.folded(last)) || kind == "port" {
        return false;
    }
    match kind {
        // A people names its land only in a list of lands.
        "state" => plural && run_listed_before(doc, first, runs).is_some(),
        // "the Klong Luek crossing", "via the Kazbegi checkpoint": a crossing is named after
        // an article; a run before a verb "crossing" has none.
        "border_crossing" => first
            .checked_sub(1)
            .is_some_and(|k| doc.tokens[k].as_str(text).eq_ignore_ascii_case("the")),
        _ => !doc.words(first, last).all(|k| is_demonym(doc.folded(k))),
    }
}

/// A facility named by the whole run `first..=last`, which ends in its kind's word: the
/// words before the facility's own ("International", "Autonomous", "Border") must look like
/// a place's name. A place the lists hold inside it is the facility's (see `blocked_by_lists`).
fn facility<'a>(
    doc: &Doc,
    text: &'a str,
    first: usize,
    last: usize,
    kind: &'static str,
    seen: &mut Vec<Seen<'a>>,
) -> bool {
    const OWN: &[&str] = &[
        "airport",
        "autonomous",
        "border",
        "checkpoint",
        "crossing",
        "international",
        "port",
    ];
    let Some(core) = (first..last)
        .rev()
        .find(|&k| doc.tokens[k].kind == TokenKind::Word && !OWN.contains(&doc.folded(k)))
    else {
        return false;
    };
    if !place_like(doc, first, core) {
        return false;
    }
    let evidence = format!("\"X {}\"", doc.tokens[last].as_str(text));
    let s = Seen {
        kind: Some(kind),
        ..Seen::new(first, last, PLACE, evidence, text)
    };
    seen.extend(uncovered(doc, s));
    true
}

/// A Khmer place word starting the run: `Krong Poipet`, `Srok Ba Phnom`.
fn place_word_before<'a>(
    doc: &Doc,
    text: &'a str,
    first: usize,
    last: usize,
    seen: &mut Vec<Seen<'a>>,
) -> bool {
    let Some(kind) = is_place_kind_before(doc.folded(first)) else {
        return false;
    };
    let Some(f) = doc.words(first + 1, last).next() else {
        return false;
    };
    let (s, e) = doc.span(first, last);
    let prefix = doc.tokens[first].as_str(text);
    let alias = squeeze(&text[s..e]);
    seen.extend(place_seen(
        doc,
        text,
        f,
        last,
        kind,
        alias,
        format!("\"{prefix} X\""),
    ));
    true
}

/// A capitalized place word ending the run: `Kandal Province`.
fn place_word_ending<'a>(
    doc: &Doc,
    text: &'a str,
    first: usize,
    last: usize,
    seen: &mut Vec<Seen<'a>>,
) -> bool {
    let Some((kind, plural)) = place_word_kind(doc.folded(last)) else {
        return false;
    };
    // "Islamic State", "the Autonomous Region": a capitalized "State" or "Region" ends
    // bodies' names as often as places'.
    if plural || last <= first || matches!(kind, "state" | "region") {
        return false;
    }
    if is_facility(kind) {
        return facility(doc, text, first, last, kind, seen);
    }
    let word = doc.folded(last);
    let l = last_word_before(doc, first, last);
    let alias = with_place_word(doc, text, first, l, word);
    let evidence = format!("\"X {}\"", doc.tokens[last].as_str(text));
    seen.extend(place_seen(doc, text, first, l, kind, alias, evidence));
    true
}

/// A place word in lower case after the run: `Kandal province`, and with a plural also the
/// places listed before, `Kandal and Takeo provinces`; not "the Thai town of Aranyaprathet",
/// where the word before is an adjective.
fn place_word_after<'a>(
    doc: &Doc,
    text: &'a str,
    first: usize,
    last: usize,
    runs: &[Run],
    seen: &mut Vec<Seen<'a>>,
) -> bool {
    let t = &doc.tokens;
    let next = last + 1;
    let lower_word_after = next < t.len()
        && t[next].kind == TokenKind::Word
        && t[next].gap != tonle_text::Gap::None
        && t[next].gap != tonle_text::Gap::Paragraph
        && !starts_upper(t[next].as_str(text))
        && (next + 1 >= t.len() || doc.folded(next + 1) != "of");
    // "the Golden Crown Casino city": a venue is not a town, whatever follows it.
    if !lower_word_after || is_venue_word(doc.folded(last)) {
        return false;
    }
    let Some((kind, plural)) = place_word_kind(doc.folded(next)) else {
        return false;
    };
    // "the Islamic state", "the Western region": an adjective before the word, no name.
    if !after_name_fits(doc, text, first, last, kind, plural, runs) {
        return false;
    }
    let word = t[next].as_str(text);
    let alias = with_place_word(doc, text, first, last, kind);
    let evidence = format!("\"X {word}\"");
    seen.extend(place_seen(doc, text, first, last, kind, alias, evidence));
    if plural {
        let mut at = first;
        while let Some(r) = run_listed_before(doc, at, runs) {
            let Some((f, l)) = doc.trim(text, r.first, r.last) else {
                break;
            };
            let alias = with_place_word(doc, text, f, l, kind);
            let evidence = format!("\"X and ... {word}\"");
            seen.extend(place_seen(doc, text, f, l, kind, alias, evidence));
            at = r.first;
        }
    }
    true
}

/// The run listed before token `at`, back over `A, `, `A and ` or `A, and `.
fn run_listed_before(doc: &Doc, at: usize, runs: &[Run]) -> Option<Run> {
    let sep = at.checked_sub(1)?;
    let sep_s = doc.folded(sep);
    let mut before = sep;
    if sep_s == "and" || sep_s == "&" {
        if sep >= 1 && doc.folded(sep - 1) == "," {
            before = sep - 1;
        }
    } else if sep_s != "," {
        return None;
    }
    let prev_end = before.checked_sub(1)?;
    // Runs are in text order and do not overlap.
    let k = runs.partition_point(|r| r.last < prev_end);
    runs.get(k).filter(|r| r.last == prev_end).copied()
}

/// Titles inside the run (`Interior Minister Sar Kheng`, `Lt. Gen. Sar Thet`), a role before
/// it (`spokesman Touch Sokhak`) or after it (`Chou Bun Eng, secretary of state`); and
/// organization words (`Kandal Provincial Court`).
fn person_and_org<'a>(
    doc: &Doc,
    text: &'a str,
    first: usize,
    last: usize,
    words: &mut Vec<usize>,
    seen: &mut Vec<Seen<'a>>,
) {
    // "Prosecutor General's Office": an office named after its holder's title (the only
    // possessive a run holds, `Doc::extend_run`) is a body, not the holder; a name after it
    // is read on its own ("... Office Alexander Kurennoi").
    if let Some(office) =
        (first + 2..=last).find(|&k| doc.folded(k) == "office" && doc.folded(k - 1) == "s")
    {
        seen.extend(organization(doc, text, first, office));
        // Past a connector: "... Office and Department of Health Services".
        if let Some(rest) = (office + 1..=last).find(|&k| starts_upper(doc.tokens[k].as_str(text)))
        {
            person_and_org(doc, text, rest, last, words, seen);
        }
        return;
    }
    words.clear();
    words.extend(doc.words(first, last));
    let words = &words[..];
    let org_last = if let Some(ft) = words.iter().position(|&k| is_title(doc.folded(k))) {
        let title_first = title_start(doc, first, words, ft);
        seen.extend(titled_person(doc, text, words, title_first, last));
        if title_first == first {
            return;
        }
        last_word_before(doc, first, title_first)
    } else {
        // "Australian Lynton Crosby": the nationality is not part of the name.
        let pfirst = match doc.words(first, last).nth(1) {
            Some(next) if is_demonym(doc.folded(first)) => next,
            _ => first,
        };
        // "Conservative Graham Brady", "Entomologist Kevin Walden", "Department of
        // Agriculture Kevin Walden": a label or a body before a given name is not part of the
        // name (but "Iain Duncan Smith" is one name).
        if let Some((given, label_before)) = given_name_after_label(doc, text, pfirst, last)
            .filter(|&(given, _)| person_like(doc, text, given, last))
        {
            // After a label ("Entomologist") the given name says it; after other words
            // ("Greater Ann Arbor") the text around must.
            let evidence = if label_before {
                person_evidence(doc, text, given, last)
            } else {
                evidence_around(doc, text, given, last)
            };
            if let Some(evidence) = evidence {
                seen.extend(uncovered(
                    doc,
                    Seen::new(given, last, PERSON, evidence, text),
                ));
                // The body before the person, without the person's role ("Canal Commission
                // Administrator Dennis McAuliffe").
                let mut body_last = last_word_before(doc, first, given);
                while body_last > first && is_role_after_body(doc, text, body_last) {
                    body_last = last_word_before(doc, first, body_last);
                }
                seen.extend(organization(doc, text, first, body_last));
                return;
            }
        }
        if person_like(doc, text, pfirst, last) {
            if let Some(evidence) = person_evidence(doc, text, pfirst, last) {
                seen.extend(uncovered(
                    doc,
                    Seen::new(pfirst, last, PERSON, evidence, text),
                ));
                return;
            }
        }
        last
    };
    // A body's name runs into a person's ("Office Alexander Kurennoi"): cut it after the
    // body's word, and the rest is a person when the text says so.
    if let Some(head) = head_before_person(doc, text, first, org_last) {
        let rest = doc.words(head + 1, org_last).next().unwrap_or(org_last);
        if let Some(evidence) = person_evidence(doc, text, rest, org_last) {
            seen.extend(uncovered(
                doc,
                Seen::new(rest, org_last, PERSON, evidence, text),
            ));
        }
        seen.extend(organization(doc, text, first, head));
        return;
    }
    seen.extend(organization(doc, text, first, org_last));
}

/// The first given name after the first word of the run `first..=last` when the words before
/// it are labels or a body's name rather than a name of the person ("Iain Duncan Smith" is
/// one), and whether the word right before it is a label: a role, a demonym, a party, an
/// acronym, an occupation ("Entomologist") or a name the lists hold ("Tokyo").
fn given_name_after_label(
    doc: &Doc,
    text: &str,
    first: usize,
    last: usize,
) -> Option<(usize, bool)> {
    let lead = doc.folded(first);
    if is_given_name(lead) || is_family_name(lead) {
        return None;
    }
    let given = doc.words(first, last).skip(1).find(|&k| {
        k < last
            && is_given_name(doc.folded(k))
            && starts_upper(doc.tokens[k].as_str(text))
            // "Frank-Juergen Weise" is one name.
            && doc.tokens[k].gap != tonle_text::Gap::None
    })?;
    let is_label = |k: usize| {
        let f = doc.folded(k);
        let word = doc.tokens[k].as_str(text);
        let (start, end) = doc.span(k, k);
        is_role(f)
            || is_title(f)
            || is_demonym(f)
            || matches!(
                f,
                "tory" | "labour" | "conservative" | "democrat" | "lib" | "dem" | "dems"
            )
            || in_capitals(word)
            || is_occupation(f) && !is_common_word(f)
            || doc.covered(start, end)
    };
    let before: Vec<usize> = doc.words(first, given).filter(|&k| k < given).collect();
    let not_a_name =
        |k: usize| is_label(k) || is_common_word(doc.folded(k)) || is_org_head(doc.folded(k));
    let label_before = before.last().is_some_and(|&k| is_label(k));
    before
        .iter()
        .all(|&k| not_a_name(k))
        .then_some((given, label_before))
}

/// A word of the shape of an occupation: "entomologist", "administrator", "speaker".
fn is_occupation(f: &str) -> bool {
    f.len() > 6
        && ["ist", "er", "or", "ian", "ant"]
            .iter()
            .any(|e| f.ends_with(e))
}

/// True when token `k`, after a body's name and before a person's, is the person's role:
/// "Canal Commission Administrator", "Federation Council Speaker", "Independent Alliance TD".
fn is_role_after_body(doc: &Doc, text: &str, k: usize) -> bool {
    let f = doc.folded(k);
    let word = doc.tokens[k].as_str(text);
    !is_org_head(f) && (is_title(f) || is_occupation(f) || word.len() <= 4 && in_capitals(word))
}

/// The organization word among tokens `first..last` after which a person's name runs to
/// `last` ("Office Alexander Kurennoi"), if any.
fn head_before_person(doc: &Doc, text: &str, first: usize, last: usize) -> Option<usize> {
    doc.words(first, last).find(|&k| {
        k < last
            && is_org_head(doc.folded(k))
            && doc
                .words(k + 1, last)
                .next()
                .is_some_and(|r| person_like(doc, text, r, last))
    })
}

/// The place of a dateline in capitals opening a line: "MOSCOW, March 3 -", "WEST PALM
/// BEACH, Fla., Oct 2 -", "BAVET, Svay Rieng –" (a place the lists hold after the comma). `None`
/// when tokens `first..=last` are no such place; `Some(None)` when they are one the lists
/// already match.
fn dateline_place<'a>(
    doc: &Doc,
    text: &'a str,
    first: usize,
    last: usize,
) -> Option<Option<Seen<'a>>> {
    let t = &doc.tokens;
    if !opens_line(doc, first) {
        return None;
    }
    let all_caps = doc
        .words(first, last)
        .all(|k| in_capitals(t[k].as_str(text)));
    let comma = last + 1;
    if !all_caps || t.get(comma).is_none_or(|c| c.as_str(text) != ",") {
        return None;
    }
    let after = comma + 1;
    let dated = t.get(after).is_some_and(|w| {
        let (start, end) = doc.span(after, after);
        w.kind == TokenKind::Word
            && (is_month_or_day(doc.folded(after))
                || starts_upper(w.as_str(text)) && doc.covered(start, end))
    });
    dated.then(|| {
        uncovered(
            doc,
            Seen::new(first, last, PLACE, "dateline".to_string(), text),
        )
    })
}

/// True when `word` is two or more ASCII capitals: "TWA", "MOSCOW", "TD".
fn in_capitals(word: &str) -> bool {
    word.len() >= 2 && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// True when token `k` opens a line of the text.
fn opens_line(doc: &Doc, k: usize) -> bool {
    k == 0 || doc.tokens[k].gap >= tonle_text::Gap::Newline
}

/// Acronyms that are no body's: roles, units, currencies, times, months and US states as
/// datelines abbreviate them, financial terms, Roman numerals.
const NOT_BODIES: &[&str] = &[
    "aaa", "aids", "ala", "apr", "ariz", "ark", "atm", "aud", "aug", "bbb", "bse", "bst", "cad",
    "calif", "ceo", "cet", "cfo", "chf", "cif", "cny", "colo", "conn", "coo", "covid", "cpi",
    "cto", "dec", "dna", "dvd", "ebit", "ebitda", "ecu", "edt", "ems", "eps", "est", "etf", "eur",
    "faq", "feb", "fla", "fob", "frn", "gbp", "gdp", "gmt", "gnp", "gps", "gsm", "hiv", "hkd",
    "html", "idr", "iii", "ill", "inc", "ind", "inr", "ipo", "jan", "jpy", "jul", "jun", "kan",
    "khr", "krw", "kwh", "lgbt", "lgbtq", "libor", "llc", "lng", "lpg", "ltd", "mar", "mass",
    "mba", "mep", "mers", "mich", "minn", "miss", "mont", "mph", "myr", "nav", "neb", "nev", "ngo",
    "ngos", "nov", "nsw", "oct", "okla", "ore", "pdf", "php", "plc", "ppe", "ppi", "psbr", "pst",
    "qoq", "rfid", "rmb", "rna", "rss", "rub", "sars", "sdr", "sep", "sept", "sgd", "sim", "sms",
    "suv", "tenn", "tex", "thaad", "thb", "tip", "ufo", "url", "usb", "usd", "utc", "vat", "vii",
    "viii", "vip", "vnd", "wash", "wis", "www", "wyo", "xii", "xiv", "yoy", "ytd",
];

/// A body named by an acronym alone ("TWA", "GCHQ", "FARC"): a word of three to six capitals
/// no list holds, not among capitals (a line in capitals), not opening a line (a dateline's
/// "MOSCOW,", a wire's "REUTER"), and not a unit, a currency or a role.
fn standalone_acronym<'a>(doc: &Doc, text: &'a str, k: usize) -> Option<Seen<'a>> {
    let caps = |k: usize| in_capitals(doc.tokens[k].as_str(text));
    let word = doc.tokens[k].as_str(text);
    let shaped = (3..=6).contains(&word.len()) && caps(k);
    // The word beside it, past an abbreviation's full stop ("ST. LOUIS").
    let neighbour_caps = |step: fn(usize) -> Option<usize>| {
        let mut j = step(k);
        if let Some(dot) = j.filter(|&d| doc.tokens.get(d).is_some_and(|t| t.as_str(text) == ".")) {
            j = step(dot);
        }
        j.and_then(|j| doc.tokens.get(j).map(|t| (j, t)))
            .is_some_and(|(j, t)| t.kind == TokenKind::Word && caps(j))
    };
    if !shaped
        || opens_line(doc, k)
        || neighbour_caps(|k| k.checked_sub(1))
        || neighbour_caps(|k| k.checked_add(1))
        || NOT_BODIES.binary_search(&doc.folded(k)).is_ok()
        // "MARCH", "TARGET", "WATCH": a word in capitals.
        || is_common_word(doc.folded(k))
    {
        return None;
    }
    uncovered(
        doc,
        Seen {
            kind: None,
            ..Seen::new(k, k, ORG, "acronym".to_string(), text)
        },
    )
}

/// What says that the name at tokens `first..=last` is a person's: a role before or after it,
/// a verb of saying, a byline or credit, an age.
fn person_evidence(doc: &Doc, text: &str, first: usize, last: usize) -> Option<String> {
    evidence_around(doc, text, first, last).or_else(|| name_shape(doc, text, first, last))
}

/// What the words around the name at tokens `first..=last` say of it: a role before or after
/// it, a verb of saying, a byline or credit, an age.
fn evidence_around(doc: &Doc, text: &str, first: usize, last: usize) -> Option<String> {
    role_before(doc, text, first)
        .or_else(|| role_after(doc, text, last))
        .or_else(|| speaker(doc, text, first, last))
        .or_else(|| credit(doc, first))
        .or_else(|| age_after(doc, text, last))
}

/// Endings of English nouns and adjectives that no romanized Khmer, Vietnamese or Chinese name
/// has.
const ENGLISH_ENDINGS: &[&str] = &[
    "tion", "sion", "ment", "ory", "ary", "sty", "ism", "ics", "ity", "ness", "ship", "ance",
    "ence", "ise", "ize", "ogy", "ers",
];

/// Last words of the names of natural and built places ("Alice Springs", "Cedar Creek",
/// "Victoria Falls"), which no person's name ends with; sorted. Words that are also surnames
/// ("Park", "Bay", "Hill", "Lake", "Street", "Bridges", "Harbour") are not here.
const PLACE_ENDINGS: &[&str] = &[
    "airport",
    "avenue",
    "beach",
    "county",
    "creek",
    "falls",
    "gorge",
    "heights",
    "hospital",
    "island",
    "islands",
    "mountains",
    "province",
    "ranges",
    "reef",
    "river",
    "road",
    "springs",
    "station",
    "valley",
];

/// A name whose own words say it is a person's: a given name opening it, after any initials
/// ("Carl Icahn", "G. Michael Sigman"), or a Khmer, Vietnamese or Chinese family name opening
/// two or three words that are no English words ("Sok Chenda", "Nguyen Van Thanh").
fn name_shape(doc: &Doc, text: &str, first: usize, last: usize) -> Option<String> {
    let is_initial = |k: usize| {
        let word = doc.tokens[k].as_str(text);
        word.len() == 1 && doc.tokens.get(k + 1).is_some_and(|t| t.as_str(text) == ".")
    };
    let mut words = doc.words(first, last).skip_while(|&k| is_initial(k));
    let head = words.next()?;
    // A name of one word after its initials is a surname ("J. Smith"), not a given name.
    let rest = words.count();
    if rest == 0 {
        return None;
    }
    let f = doc.folded(head);
    if is_given_name(f) {
        // "Alice Springs", "Victoria Falls": a place named after someone.
        return (PLACE_ENDINGS.binary_search(&doc.folded(last)).is_err())
            .then(|| "given name".to_string());
    }
    // "Xia Dynasty", "Wu Promotion": an English word is not part of such a name.
    let foreign = |k: usize| {
        let w = doc.folded(k);
        let english = is_common_word(w)
            || ENGLISH_ENDINGS
                .iter()
                .any(|end| w.len() > end.len() + 1 && w.ends_with(end));
        !english || is_asian_family_name(w)
    };
    (head == first && rest <= 2 && is_family_name(f) && doc.words(first, last).all(foreign))
        .then(|| "family name".to_string())
}

/// The word token `k` in lower case, when it is one.
fn lower_word<'d>(doc: &'d Doc, text: &str, k: usize) -> Option<&'d str> {
    let t = doc.tokens.get(k)?;
    (t.kind == TokenKind::Word && !starts_upper(t.as_str(text))).then(|| doc.folded(k))
}

/// "X said", "X told", "said X", "according to X".
fn speaker(doc: &Doc, text: &str, first: usize, last: usize) -> Option<String> {
    if let Some(verb) = lower_word(doc, text, last + 1).filter(|f| is_speech_verb(f)) {
        return Some(format!("\"X {verb}\""));
    }
    let before = first.checked_sub(1)?;
    let verb = lower_word(doc, text, before)?;
    if matches!(verb, "said" | "says" | "told" | "added" | "asked") {
        // Not "said Kandal Provincial ...": only a name that ends a clause.
        let after = doc.tokens.get(last + 1).map(|t| t.as_str(text));
        if after.is_none_or(|a| matches!(a, "," | "." | ";" | ":" | "\"" | "”" | ")")) {
            return Some(format!("\"{verb} X\""));
        }
    }
    if verb == "to" && before >= 1 && doc.folded(before - 1) == "according" {
        return Some("\"according to X\"".to_string());
    }
    None
}

/// A byline or a credit before the name: "By X" opening a line, "Reporting by X",
/// "Photo: X", "Photo by X".
fn credit(doc: &Doc, first: usize) -> Option<String> {
    let t = &doc.tokens;
    let before = first.checked_sub(1)?;
    let word_before = |k: usize| k.checked_sub(1).map(|p| doc.folded(p));
    match doc.folded(before) {
        "by" => {
            let line_start = t[before].gap >= tonle_text::Gap::Newline
                || word_before(before).is_some_and(|w| matches!(w, "(" | "|" | "-" | "—"));
            let credit_word = word_before(before).filter(|w| is_credit_word(w));
            if line_start {
                Some("\"By X\"".to_string())
            } else {
                credit_word.map(|w| format!("\"{w} by X\""))
            }
        }
        ":" => word_before(before)
            .filter(|w| is_credit_word(w))
            .map(|w| format!("\"{w}: X\"")),
        _ => None,
    }
}

/// An age after a comma: "X, 34,", "X, 43, who".
fn age_after(doc: &Doc, text: &str, last: usize) -> Option<String> {
    let t = &doc.tokens;
    let at = |k: usize| t.get(k).map(|t| t.as_str(text));
    if at(last + 1) != Some(",") {
        return None;
    }
    if at(last + 2) == Some("who") {
        return Some("\"X, who\"".to_string());
    }
    let age = t.get(last + 2).filter(|t| t.kind == TokenKind::Number)?;
    let years: u32 = age.as_str(text).parse().ok()?;
    ((1..=110).contains(&years) && matches!(at(last + 3), Some("," | "." | ")" | ";")))
        .then(|| "\"X, age,\"".to_string())
}

/// Where the title whose first title word is `words[ft]` starts: there, or earlier at the
/// start of the run when only modifiers come before ("Interior Minister", "Kandal Provincial
/// Governor"); an organization word or a connector before it belongs to a body ("Interior
/// Ministry Spokesman", "Ministry of Interior Secretary of State").
fn title_start(doc: &Doc, first: usize, words: &[usize], ft: usize) -> usize {
    let body_before = words[..ft].iter().any(|&k| {
        let f = doc.folded(k);
        is_org_head(f) || matches!(f, "of" | "for" | "on" | "the" | "and")
    });
    if body_before {
        words[ft]
    } else {
        first
    }
}

/// The person named after the title that starts at `title_first` and ends at the last title
/// word among `words`.
fn titled_person<'a>(
    doc: &Doc,
    text: &'a str,
    words: &[usize],
    title_first: usize,
    last: usize,
) -> Option<Seen<'a>> {
    let pos = words.iter().rposition(|&k| is_title(doc.folded(k)))?;
    let title = words[pos];
    let &name_first = words.get(pos + 1)?;
    if !person_like(doc, text, name_first, last) && !surname_after_title(doc, text, title, last) {
        return None;
    }
    let (ts, te) = doc.span(title_first, title);
    let mut title_text = squeeze(&text[ts..te]);
    if is_abbreviated_title(doc.folded(title)) && text[te..].starts_with('.') {
        title_text.push('.');
    }
    let evidence = format!("\"{title_text} X\"");
    uncovered(doc, Seen::new(name_first, last, PERSON, evidence, text))
}

/// "Mr Blair", "President Reagan", "Chancellor Merkel": one rare capitalized word after a
/// title that is only a person's.
fn surname_after_title(doc: &Doc, text: &str, title: usize, last: usize) -> bool {
    let words: Vec<usize> = doc.words(title + 1, last).collect();
    let personal = matches!(
        doc.folded(title),
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "president"
            | "chancellor"
            | "senator"
            | "sen"
            | "governor"
            | "gov"
            | "minister"
            | "premier"
            | "judge"
            | "prof"
            | "professor"
            | "sir"
            | "dame"
            | "lord"
            | "gen"
            | "general"
            | "samdech"
            | "oknha"
    );
    let &[k] = words.as_slice() else {
        return false;
    };
    let f = doc.folded(k);
    personal
        && starts_upper(doc.tokens[k].as_str(text))
        && !is_common_word(f)
        && !is_title(f)
        && !is_org_head(f)
        && !is_demonym(f)
        && place_kind_after(f).is_none()
        && !crate::mining::is_month_or_day(f)
}

/// Words that make the role after them part of a body's: "provincial governor", "police
/// spokesman".
const ROLE_MODIFIERS: &[&str] = &[
    "provincial",
    "police",
    "deputy",
    "district",
    "commune",
    "village",
    "prison",
    "court",
    "immigration",
    "ministry",
    "government",
    "party",
    "opposition",
    "project",
    "program",
    "programme",
    "rights",
    "company",
];

/// The evidence of a role in lower case right before the name at token `first`:
/// "spokesman X", "provincial governor X".
fn role_before(doc: &Doc, text: &str, first: usize) -> Option<String> {
    let t = &doc.tokens;
    let b = first.checked_sub(1).filter(|&b| {
        t[b].kind == TokenKind::Word
            && !starts_upper(t[b].as_str(text))
            && is_role(doc.folded(b))
            && t[first].gap != tonle_text::Gap::None
    })?;
    let mut role = t[b].as_str(text).to_string();
    if let Some(p) = b.checked_sub(1) {
        let w = t[p].as_str(text);
        if t[p].kind == TokenKind::Word
            && !starts_upper(w)
            && !is_function_word(doc.folded(p))
            && ROLE_MODIFIERS.contains(&doc.folded(p))
        {
            role = format!("{w} {role}");
        }
    }
    Some(format!("\"{role} X\""))
}

/// The evidence of a role after a comma after the name that ends at token `last`:
/// "X, deputy director of ...", "X, a spokesman for ...".
fn role_after(doc: &Doc, text: &str, last: usize) -> Option<String> {
    let t = &doc.tokens;
    let mut k = last + 1;
    if k >= t.len() || t[k].as_str(text) != "," {
        return None;
    }
    k += 1;
    let article = k < t.len() && matches!(doc.folded(k), "a" | "an" | "the");
    // "X, her former driver": a possessive opens a person's relation as an article does.
    let possessive = k < t.len() && matches!(doc.folded(k), "her" | "his" | "their");
    if article || possessive {
        k += 1;
    }
    // After an article the role may name a place and be longer: "X, a Svay Rieng provincial
    // labour official", "X, a long-time labour rights advocate".
    let (most, from) = (if article { 7 } else { 4 }, k);
    let mut words = 0;
    while k < t.len() && words < most {
        if t[k].kind != TokenKind::Word {
            // A hyphen inside a word ("long-time") does not end the role.
            let glued = t[k].as_str(text) == "-"
                && t[k].gap == tonle_text::Gap::None
                && t.get(k + 1).is_some_and(|n| n.gap == tonle_text::Gap::None);
            if !glued {
                return None;
            }
            k += 1;
            continue;
        }
        if starts_upper(t[k].as_str(text)) && !article {
            return None;
        }
        words += 1;
        let f = doc.folded(k);
        // A noun such as "worker" only after an article: "X, about a young girl" is a book.
        let person_noun = (article || possessive) && !starts_upper(t[k].as_str(text));
        if is_role(f) || person_noun && is_person_noun(f) {
            // The whole role: "deputy director", "programme officer".
            while k + 1 < t.len()
                && t[k + 1].kind == TokenKind::Word
                && !starts_upper(t[k + 1].as_str(text))
                && is_role(doc.folded(k + 1))
            {
                k += 1;
            }
            let (start, end) = doc.span(from, k);
            return Some(format!("\"X, {}\"", squeeze(&text[start..end])));
        }
        k += 1;
    }
    None
}

/// Nouns that, ending an apposition, say the name before it is a person's: "X, a labour
/// official", "X, a 22-year-old worker". Not those a company can be ("a large broker", "a
/// member of", "the owner", "a market leader").
fn is_person_noun(f: &str) -> bool {
    matches!(
        f,
        "official"
            | "advocate"
            | "activist"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "lawyer"
            | "resident"
            | "villager"
            | "victim"
            | "survivor"
            | "worker"
            | "farmer"
            | "fisherman"
            | "mother"
            | "father"
            | "daughter"
            | "son"
            | "wife"
            | "husband"
            | "woman"
            | "man"
            | "girl"
            | "boy"
            | "student"
            | "teacher"
            | "journalist"
            | "reporter"
            | "expert"
            | "employee"
            | "founder"
            | "monk"
            | "nun"
            | "migrant"
    )
}

/// The bodies named at tokens `first..=last`: two when an `and` joins two names that each
/// have an organization word ("National Police and Military Police"), else one.
fn organization<'a>(doc: &Doc, text: &'a str, first: usize, last: usize) -> Vec<Seen<'a>> {
    let t = &doc.tokens;
    let has_head = |from: usize, to: usize| {
        (from..=to).any(|k| body_word_at(doc, first, k) && starts_upper(t[k].as_str(text)))
    };
    let split = (first + 1..last)
        .find(|&k| doc.folded(k) == "and" && has_head(first, k - 1) && has_head(k + 1, last));
    match split {
        Some(k) => one_organization(doc, text, first, k - 1)
            .into_iter()
            .chain(one_organization(doc, text, k + 1, last))
            .collect(),
        None => one_organization(doc, text, first, last)
            .into_iter()
            .collect(),
    }
}

/// The body named at tokens `first..=last`: a capitalized organization word in a name of two
/// words or more that are not all titles and roles.
fn one_organization<'a>(doc: &Doc, text: &'a str, first: usize, last: usize) -> Option<Seen<'a>> {
    let t = &doc.tokens;
    // Walked on the iterator, not collected: a list per run cost more than these tests.
    let words = || doc.words(first, last);
    let is_body = words().nth(1).is_some()
        && words().any(|k| body_word_at(doc, first, k) && starts_upper(t[k].as_str(text)))
        && !words().all(|k| is_title(doc.folded(k)) || is_role(doc.folded(k)));
    if !is_body {
        return football_club(doc, text, first, last);
    }
    let head = words()
        .rev()
        .find(|&k| body_word_at(doc, first, k))
        .map(|k| t[k].as_str(text))
        .unwrap_or("");
    let s = Seen {
        kind: head_kind(doc, first, last),
        ..Seen::new(first, last, ORG, format!("with \"{head}\""), text)
    };
    uncovered(doc, s)
}

/// True when token `k` of a name that starts at token `first` is an organization word; "Co"
/// opening a name before a space is Ireland's "County" ("Co Antrim"), not a company's "Co"
/// ("Co-operative Bulk Handling" is one).
/// "Manchester United", "Wolverhampton Wanderers": capitalized words, the last naming a club.
/// Only at a name's end, so that a run does not grow over "and" or "the" to reach one
/// ("Arsenal and Manchester United", "against the United States").
fn football_club<'a>(doc: &Doc, text: &'a str, first: usize, last: usize) -> Option<Seen<'a>> {
    let words = || doc.words(first, last);
    let club = matches!(doc.folded(last), "united" | "wanderers");
    if !club
        || words().nth(1).is_none()
        || !words().all(|k| starts_upper(doc.tokens[k].as_str(text)))
    {
        return None;
    }
    let s = Seen {
        kind: Some("other"),
        ..Seen::new(
            first,
            last,
            ORG,
            format!("with \"{}\"", doc.tokens[last].as_str(text)),
            text,
        )
    };
    uncovered(doc, s)
}

fn body_word_at(doc: &Doc, first: usize, k: usize) -> bool {
    let f = doc.folded(k);
    let county = k == first
        && f == "co"
        && doc
            .tokens
            .get(k + 1)
            .is_some_and(|t| t.gap != tonle_text::Gap::None);
    is_org_head(f) && !county
}

/// The suggestions as a list in the tonle format, each row after a comment with its count and
/// an example, ready to review and append; the header says they were suggested `by` (the
/// program, as its user knows it).
pub fn render(
    suggestions: &[Suggestion],
    documents: u64,
    options: &SuggestOptions,
    by: &str,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Suggested by {by} from {documents} document(s): {} name(s) the lists do not match,",
        suggestions.len()
    );
    let _ = writeln!(
        s,
        "# seen at least {} time(s), most frequent first. Review every row before you append it \
         to a list:",
        options.min_count
    );
    let _ = writeln!(
        s,
        "# check the type, the kind and the id, and delete the rows that are wrong. A row with \
         the id of"
    );
    let _ = writeln!(
        s,
        "# an entry the lists already have adds its aliases to that entry (docs/gazetteers.md)."
    );
    let _ = writeln!(s, "id\ttype\tname\taliases\tkind\tparent\tcountry");
    for x in suggestions {
        let what = if x.existing {
            format!(
                "new aliases of {} ({}): {}",
                x.id,
                quote(&x.name),
                x.evidence
            )
        } else {
            format!(
                "{} in {} document(s), as {}",
                times(x.count),
                x.docs,
                x.evidence
            )
        };
        let _ = writeln!(s, "# {}", cell(&what));
        if !x.example.is_empty() {
            let _ = writeln!(s, "#   e.g. {}: {}", cell(&x.example_doc), cell(&x.example));
        }
        let aliases: Vec<String> = x.aliases.iter().map(|a| cell(a)).collect();
        let _ = writeln!(
            s,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            cell(&x.id),
            cell(&x.typ),
            cell(&x.name),
            aliases.join("|"),
            cell(&x.kind),
            cell(&x.parent),
            cell(&x.country)
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonle_gazetteer::GazetteerBuilder;

    fn gaz() -> Gazetteer {
        let mut b = GazetteerBuilder::new();
        b.add_source(
            "l.tsv",
            "id\ttype\tname\taliases\tkind\n\
             KH-8\tPLACE\tKandal\tKandal province\tprovince\n\
             org:ncct\tORG\tNational Committee for Counter Trafficking\tNCCT\tcommittee\n\
             org:moi\tORG\tMinistry of Interior\tInterior Ministry\tministry\n\
             person:sar-kheng\tPERSON\tSar Kheng\t\t\n",
        )
        .unwrap();
        b.build().unwrap()
    }

    /// The names of the pattern mentions of `text` found by `evidence`, in text order.
    fn names_by(g: &Gazetteer, text: &str, evidence: &str) -> Vec<String> {
        pattern_mentions(g, text)
            .into_iter()
            .filter(|p| p.evidence == evidence)
            .map(|p| p.name)
            .collect()
    }

    fn suggest(docs: &[&str]) -> Vec<Suggestion> {
        suggest_with(&gaz(), docs)
    }

    /// Suggestions from `docs` (each seen once counts) against the lists `g`.
    fn suggest_with(g: &Gazetteer, docs: &[&str]) -> Vec<Suggestion> {
        let opts = SuggestOptions {
            min_count: 1,
            ..SuggestOptions::default()
        };
        let mut s = Suggester::new(&opts);
        for (i, d) in docs.iter().enumerate() {
            s.add_document(g, &format!("doc{i}"), d);
        }
        s.finish(g, &opts)
    }

    #[test]
    fn two_bodies_joined_by_and_are_two_and_a_venue_is_no_town_nor_person() {
        let s = suggest(&[
            "Officers of the Kampot Fisheries Office and Kep Tourism Department checked the \
             boats. Staff at the Golden Crown Casino said the Golden Crown Casino city was shut.",
        ]);
        let names: Vec<(String, String)> =
            s.iter().map(|x| (x.typ.clone(), x.name.clone())).collect();
        assert_eq!(
            names,
            [
                ("ORG".to_string(), "Kampot Fisheries Office".to_string()),
                ("ORG".into(), "Kep Tourism Department".into()),
            ],
            "{names:?}"
        );
        // One body whose name has an "and" stays one.
        let one =
            suggest(&["The Ministry of Labour and Vocational Training said 12 agencies closed."]);
        assert!(
            one.iter()
                .any(|x| x.name == "Ministry of Labour and Vocational Training"),
            "{:?}",
            rows(&one)
        );
    }

    fn rows(s: &[Suggestion]) -> Vec<(String, String, String, String)> {
        s.iter()
            .map(|x| {
                (
                    x.typ.clone(),
                    x.name.clone(),
                    x.aliases.join("|"),
                    x.kind.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn places_people_bodies_and_acronyms() {
        let got = suggest(&[
            "Police raided a compound in Kandal province and in Takeo province. Svay Rieng and \
             Prey Veng provinces also reported cases, said Governor Khim Bunsong.",
            "The Takeo Provincial Court charged two men, spokesman Touch Sokhak said. Chou Bun \
             Eng, secretary of state, attended with Interior Minister Sar Kheng, Lt. Gen. Sar \
             Thet and officials of the Ministry of Labour and Vocational Training (MoLVT).",
            "The National Committee on Counter-Trafficking (NCCT) met in Krong Poipet. The \
             Ministry of Interior (MoI) said.",
        ]);
        let want = [
            ("PLACE", "Takeo", "Takeo province", "province"),
            ("PLACE", "Prey Veng", "Prey Veng province", "province"),
            ("PLACE", "Svay Rieng", "Svay Rieng province", "province"),
            ("PERSON", "Khim Bunsong", "", ""),
            ("ORG", "Takeo Provincial Court", "", "court"),
            ("PERSON", "Touch Sokhak", "", ""),
            ("PERSON", "Chou Bun Eng", "", ""),
            ("PERSON", "Sar Thet", "", ""),
            (
                "ORG",
                "Ministry of Labour and Vocational Training",
                "MoLVT",
                "ministry",
            ),
            (
                "ORG",
                "National Committee for Counter Trafficking",
                "National Committee on Counter-Trafficking",
                "committee",
            ),
            ("PLACE", "Poipet", "Krong Poipet", "municipality"),
            ("ORG", "Ministry of Interior", "MoI", "ministry"),
        ];
        let got = rows(&got);
        for w in want {
            let w = (
                w.0.to_string(),
                w.1.to_string(),
                w.2.to_string(),
                w.3.to_string(),
            );
            assert!(got.contains(&w), "missing {w:?} in\n{got:#?}");
        }
        assert_eq!(got.len(), want.len(), "{got:#?}");
        // Names the lists match are never suggested.
        assert!(!got.iter().any(|r| r.1 == "Kandal" || r.1 == "Sar Kheng"));
    }

    #[test]
    fn a_spelling_of_a_listed_place_is_an_alias_of_its_entry_never_a_new_slug() {
        let mut b = GazetteerBuilder::new();
        b.add_source(
            "kh-communes.tsv",
            "id\ttype\tname\tkind\tparent\tcountry\n\
             KH-180801\tPLACE\tBet Trang\tcommune\tKH-1808\tKH\n",
        )
        .unwrap();
        let got = suggest_with(
            &b.build().unwrap(),
            &["Villagers in Bit Traing commune said the raid was over."],
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].id.as_str(), got[0].existing), ("KH-180801", true));
        assert_eq!(got[0].aliases, ["Bit Traing"]);
        assert!(
            got[0]
                .evidence
                .contains("probably KH-180801 (variant of \"Bet Trang\")"),
            "{}",
            got[0].evidence
        );
    }

    #[test]
    fn a_place_named_in_the_possessive_is_the_parent() {
        let mut b = GazetteerBuilder::new();
        b.add_source(
            "kh.tsv",
            "id\ttype\tname\taliases\tkind\tparent\tcountry\n\
             KH-1802\tPLACE\tPrey Nob\tPrey Nop district\tdistrict\tKH-18\tKH\n",
        )
        .unwrap();
        let got = suggest_with(
            &b.build().unwrap(),
            &["Police raided a house in Prey Nop district's Veal Thom commune on Friday."],
        );
        let row = got
            .iter()
            .find(|x| x.name == "Veal Thom")
            .expect("Veal Thom");
        assert_eq!(
            (row.kind.as_str(), row.parent.as_str(), row.country.as_str()),
            ("commune", "KH-1802", "KH")
        );
        let opts = SuggestOptions {
            min_count: 1,
            ..SuggestOptions::default()
        };
        let out = render(&got, 1, &opts, "`suggest`");
        assert!(out.contains("\tcommune\tKH-1802\tKH\n"), "{out}");
        let list = tonle_gazetteer::parse_list("s.tsv", &out).unwrap();
        assert_eq!(
            list.entries[0].attrs,
            [
                ("kind".into(), "commune".into()),
                ("parent".into(), "KH-1802".into()),
                ("country".into(), "KH".into())
            ]
        );
    }

    #[test]
    fn people_by_a_given_or_family_name_and_a_county_is_no_company() {
        let g = gaz();
        let text = "Shares rose after Carl Icahn disclosed a stake. The board named G. Michael \
                    Sigman to lead it. Police detained Sok Chenda and Zhang Wei in Kandal. \
                    Scholars of the Xia Dynasty met J. Smith and Justin Case Studies. A farm in \
                    Co Antrim sold to Worthen Trust Co last year. Conservative Graham Brady \
                    spoke. Cattle trucked to Alice Springs passed Victoria Falls. Julian Ryall \
                    visited. Sudanese President Omar al-Bashir met Ursula von der Leyen, \
                    president of the commission. A manager at Banque Nationale de Paris said so. \
                    The US actress Shailene Woodley was there. The Prosecutor General's Office \
                    said so.";
        let mentions = pattern_mentions(&g, text);
        let found: Vec<(&str, &str)> = mentions
            .iter()
            .map(|p| (&text[p.start..p.end], p.evidence.as_str()))
            .collect();
        for (name, evidence) in [
            ("Carl Icahn", "given name"),
            ("G. Michael Sigman", "given name"),
            ("Sok Chenda", "family name"),
            ("Zhang Wei", "family name"),
            ("Worthen Trust Co", "with \"Co\""),
            ("Graham Brady", "given name"),
            // A given name with a demonym's ending ("-ian").
            ("Julian Ryall", "given name"),
            // Particles inside names.
            ("Omar al-Bashir", "\"Sudanese President X\""),
            ("Ursula von der Leyen", "\"X, president\""),
            ("Shailene Woodley", "\"actress X\""),
            // An office named after its holder's title.
            ("Prosecutor General's Office", "with \"Office\""),
        ] {
            assert!(found.contains(&(name, evidence)), "{name}: {found:?}");
        }
        // "Co" opening a name is a county, not a company.
        for not_a_person in [
            "Xia Dynasty",
            "J. Smith",
            "Kandal",
            "Co Antrim",
            "Alice Springs",
            "Victoria Falls",
            "Banque Nationale de Paris",
        ] {
            assert!(
                !found.iter().any(|(n, _)| *n == not_a_person),
                "{not_a_person}: {found:?}"
            );
        }
    }

    #[test]
    fn an_adverb_and_the_opening_a_sentence_are_not_part_of_the_name() {
        let g = gaz();
        let text = "Furthermore the West German Supreme Court ruled on Monday. Earlier the Bank \
                    of Japan cut rates. Co-operative Bulk Handling (CBH) bought grain.";
        let names: Vec<String> = pattern_mentions(&g, text)
            .into_iter()
            .filter(|p| p.typ == "ORG")
            .map(|p| format!("{} {:?}", p.name, p.resolved_by))
            .collect();
        assert_eq!(
            names,
            [
                "West German Supreme Court None",
                "Bank of Japan None",
                "Co-operative Bulk Handling None",
                "Co-operative Bulk Handling Some(Acronym)",
            ],
        );
    }

    #[test]
    fn a_label_or_a_body_before_a_given_name_is_not_part_of_the_name() {
        let g = gaz();
        let text = "Entomologist Kevin Walden found the beetle. The Canal Commission \
                    Administrator Dennis McAuliffe said on Monday that it was closed. He met \
                    the Jewish Federation of Greater Ann Arbor. Iain Duncan Smith spoke.";
        let mentions = pattern_mentions(&g, text);
        let found: Vec<(&str, &str)> = mentions.iter().map(|p| (p.name.as_str(), p.typ)).collect();
        for want in [
            ("Kevin Walden", "PERSON"),
            ("Canal Commission", "ORG"),
            ("Dennis McAuliffe", "PERSON"),
            ("Jewish Federation of Greater Ann Arbor", "ORG"),
        ] {
            assert!(found.contains(&want), "{want:?}: {found:?}");
        }
        // "Iain" is in no list of given names: the name is not cut at "Duncan".
        assert!(
            !found.iter().any(|(n, _)| *n == "Duncan Smith"),
            "{found:?}"
        );
    }

    #[test]
    fn an_acronym_alone_is_a_body_unless_it_opens_a_line_or_is_a_term() {
        let g = gaz();
        let text = "MOSCOW, March 3 - Shares of TWA rose after GCHQ and the FBI spoke. The \
                    CEO said GDP grew. EXPORTS ROSE IN MARCH.\nREUTER";
        assert_eq!(names_by(&g, text, "acronym"), ["TWA", "GCHQ", "FBI"]);
    }

    #[test]
    fn a_football_club_is_named_by_its_last_word() {
        let g = gaz();
        let text = "Fans of Bogville United cheered as Tokville Wanderers lost. Talks against \
                    the United States and Arsenal and Bogville United went on.";
        assert_eq!(
            names_by(&g, text, "with \"United\""),
            ["Bogville United", "Bogville United"]
        );
        assert_eq!(
            names_by(&g, text, "with \"Wanderers\""),
            ["Tokville Wanderers"]
        );
    }

    #[test]
    fn an_apposition_or_a_byline_under_a_dateline_says_a_person() {
        let g = gaz();
        let text = "Thousands Leave the Casino Strip as Police Inspect Buildings\n\nRiverside \
                    Daily — November 15, 2022\nBy Chea Malis\n\nNget Sophorn, a Kandal \
                    provincial labour official, said 286 workers were owed money. Khiev \
                    Samnang, a long-time labour rights advocate, agreed. Because of Winn \
                    Dixie, about a young girl, sold well.";
        let mentions = pattern_mentions(&g, text);
        let people: Vec<(&str, &str)> = mentions
            .iter()
            .filter(|p| p.typ == "PERSON")
            .map(|p| (p.name.as_str(), p.evidence.as_str()))
            .collect();
        assert_eq!(
            people,
            [
                ("Chea Malis", "\"By X\""),
                ("Nget Sophorn", "\"X, Kandal provincial labour official\""),
                ("Khiev Samnang", "\"X, long-time labour rights advocate\""),
            ]
        );
    }

    #[test]
    fn facilities_roads_regions_and_given_names_are_found_and_adjectives_are_not() {
        let g = gaz();
        let text = "The bus left Kandal on National Road No. 48 and Route 4 for the Klong Luek \
                    crossing, and later the Phsar Kandal International Airport. Farms in the \
                    Mallee region and in Myanmar's Shan and Karen states were hit. A woman who \
                    asked to be identified only as Srey Pov and a driver who gave his name as \
                    Vanna spoke. The Islamic state, the Cuban state, the Kenyan port and \
                    A380s crossing above were named too, and he was identified as Black.";
        let found: Vec<(String, &str, Option<&str>)> = pattern_mentions(&g, text)
            .into_iter()
            .map(|p| (p.name, p.typ, p.kind))
            .collect();
        let want = |name: &str, typ: &'static str, kind: Option<&'static str>| {
            (name.to_string(), typ, kind)
        };
        assert_eq!(
            found,
            [
                want("National Road No. 48", "PLACE", Some("road")),
                want("Route 4", "PLACE", Some("road")),
                want("Klong Luek", "PLACE", Some("border_crossing")),
                // The facility's whole name, with the listed place inside it.
                want(
                    "Phsar Kandal International Airport",
                    "PLACE",
                    Some("airport")
                ),
                want("Mallee", "PLACE", Some("region")),
                want("Shan", "PLACE", Some("state")),
                want("Karen", "PLACE", Some("state")),
                want("Srey Pov", "PERSON", None),
                want("Vanna", "PERSON", None),
            ]
        );
    }

    #[test]
    fn a_dateline_in_capitals_names_a_place() {
        let g = gaz();
        let text = "WEST PALM BEACH, Oct 2 - Shares rose.\nTAKHMAO, Kandal – Police said.\n\
                    REUTERS, the agency, said so.\nThe TWA plane landed.";
        assert_eq!(
            names_by(&g, text, "dateline"),
            ["WEST PALM BEACH", "TAKHMAO"]
        );
    }

    #[test]
    fn no_given_or_family_name_is_a_common_word() {
        for list in [
            include_str!("given_names.txt"),
            include_str!("family_names.txt"),
        ] {
            let words: Vec<&str> = list.lines().filter(|l| !l.starts_with('#')).collect();
            assert!(words.len() > 100);
            assert!(words.windows(2).all(|w| w[0] < w[1]), "sorted, unique");
            for w in words {
                assert!(!is_common_word(w), "{w} is a common word");
            }
        }
        for words in [NOT_BODIES, PLACE_ENDINGS] {
            assert!(
                words.windows(2).all(|w| w[0] < w[1]),
                "sorted for binary search"
            );
        }
    }

    #[test]
    fn counts_rank_and_filter() {
        let docs = [
            "Governor Khim Bunsong spoke. Governor Khim Bunsong left.",
            "Governor Khim Bunsong spoke in Takeo province.",
        ];
        let got = suggest(&docs);
        assert_eq!(got[0].name, "Khim Bunsong");
        assert_eq!((got[0].count, got[0].docs), (3, 2));
        assert_eq!(got[0].evidence, "\"Governor X\" 3 times");
        assert_eq!(got[0].id, "person:khim-bunsong");
        assert_eq!(got[0].example_doc, "doc0");
        let g = gaz();
        let opts = SuggestOptions::default();
        let mut s = Suggester::new(&opts);
        for d in docs {
            s.add_document(&g, "d", d);
        }
        let got = s.finish(&g, &opts);
        assert_eq!(got.len(), 1, "min_count 2 drops Takeo: {got:?}");
        let out = render(&got, 2, &opts, "`suggest`");
        let list = tonle_gazetteer::parse_list("suggestions.tsv", &out).unwrap();
        assert_eq!(list.entries[0].name, "Khim Bunsong");
        assert!(out.contains("# 3 times in 2 document(s), as \"Governor X\" 3 times\n#   e.g. d: Governor Khim Bunsong spoke."), "{out}");
    }
}

/// A name the lists miss, found in one document by the evidence `suggest` uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternMention {
    /// Byte range of the name in the text.
    pub start: usize,
    pub end: usize,
    /// `PERSON`, `PLACE` or `ORG`.
    pub typ: &'static str,
    /// `province`, `district`, `ministry`, ... when the evidence says.
    pub kind: Option<&'static str>,
    /// What made it a name of that type ("X province", "title Governor", ...).
    pub evidence: String,
    /// The name with its whitespace collapsed; for a short form or an acronym, the full
    /// name it stands for.
    pub name: String,
    /// The acronym the text defines for the name ("X (ACR)"), if any.
    pub alias: Option<String>,
    /// `ShortForm` or `Acronym` for a later mention linked to a pattern name named in full.
    pub resolved_by: Option<ResolvedBy>,
    /// The id of the country a possessive before a body's name gives it to ("VN" for
    /// "Vietnam's foreign ministry"), when a caller knows it; the search leaves it `None`.
    pub country: Option<String>,
}

/// Every name of a loaded document that some evidence types.
fn evidence<'t>(doc: &Doc, text: &'t str) -> Vec<Seen<'t>> {
    let mut seen: Vec<Seen> = Vec::new();
    // The words of a run, in one list for all runs: a new list per run cost ~10 M
    // instructions more on 12 MB of news.
    let mut words = Vec::new();
    let runs = &doc.runs;
    for r in runs {
        // Before trimming: "WEST PALM BEACH" keeps its "West".
        if let Some(place) = dateline_place(doc, text, r.first, r.last) {
            seen.extend(place);
            continue;
        }
        let Some((first, last)) = doc.trim(text, r.first, r.last) else {
            continue;
        };
        if let Some(road) = road(doc, text, first, last) {
            seen.extend(road);
            continue;
        }
        if let Some(person) = named_as(doc, text, first, last) {
            seen.extend(person);
            continue;
        }
        if acronym(doc, text, first, last, &mut seen) {
            continue;
        }
        if place(doc, text, first, last, runs, &mut seen) {
            continue;
        }
        if first == last {
            seen.extend(standalone_acronym(doc, text, first));
            continue;
        }
        person_and_org(doc, text, first, last, &mut words, &mut seen);
    }
    // An acronym the document defines ("Riverbank Fishers Federation (RFF)") is linked to
    // its long form later, not a body of its own.
    if seen.iter().any(|s| s.evidence == "acronym") {
        let defined: Vec<String> = seen.iter().filter_map(|s| s.alias.clone()).collect();
        seen.retain(|s| {
            s.evidence != "acronym"
                || !defined
                    .iter()
                    .any(|a| a == doc.tokens[s.first].as_str(text))
        });
    }
    seen
}

/// A numbered road: "National Road 5", "National Road No. 48", "Route 4", "Street 271",
/// "Highway 1A" (the run ends in the road word; the number follows). `None` when the run is
/// no road; `Some(None)` when the lists hold it already.
fn road<'a>(doc: &Doc, text: &'a str, first: usize, last: usize) -> Option<Option<Seen<'a>>> {
    let t = &doc.tokens;
    // "National Road No. 48": the run ends in "No", its road word is the one before.
    let numbered = doc.folded(last) == "no" && last > first;
    let at = if numbered { last - 1 } else { last };
    // "Street 271" alone; "Harley-Davidson Street 750" is a motorcycle.
    let street = doc.folded(at) == "street" && first == at;
    if !matches!(doc.folded(at), "road" | "highway" | "route") && !street {
        return None;
    }
    // "Trucks on National Road 5": the road's name starts after the last word in lower case.
    let first = (first..=last)
        .rev()
        .take_while(|&k| t[k].kind != TokenKind::Word || starts_upper(t[k].as_str(text)))
        .last()
        .unwrap_or(last);
    let mut k = last + 1;
    // "No. 5", "No 5".
    if numbered
        || t.get(k)
            .is_some_and(|n| n.as_str(text).eq_ignore_ascii_case("no"))
    {
        k = at + 2;
        k += 1;
        if t.get(k).is_some_and(|d| d.as_str(text) == ".") {
            k += 1;
        }
    }
    t.get(k).filter(|n| {
        let w = n.as_str(text).as_bytes();
        n.gap == tonle_text::Gap::Space
            && w.first().is_some_and(u8::is_ascii_digit)
            && w.len() <= 5
            && w.iter().all(u8::is_ascii_alphanumeric)
    })?;
    let s = Seen {
        kind: Some("road"),
        ..Seen::new(
            first,
            k,
            PLACE,
            format!("\"X {} N\"", t[at].as_str(text)),
            text,
        )
    };
    Some(uncovered(doc, s))
}

/// A person the text names by how they asked to be called: "identified only as Srey Pov",
/// "gave his name as Vanna". One to three capitalized words that are no people, title or
/// body, and one alone no common word ("identified as Black"). `None` when no such words
/// come before the run.
fn named_as<'a>(doc: &Doc, text: &'a str, first: usize, last: usize) -> Option<Option<Seen<'a>>> {
    let t = &doc.tokens;
    let word = |k: Option<usize>| k.and_then(|k| t.get(k)).map_or("", |t| t.as_str(text));
    let is = |k: Option<usize>, w: &str| word(k).eq_ignore_ascii_case(w);
    let back = |n: usize| first.checked_sub(n);
    // "as" or "only as", after "identified" or "his name".
    if !is(back(1), "as") {
        return None;
    }
    let at = if is(back(2), "only") { 3 } else { 2 };
    let identified = is(back(at), "identified");
    let name = ["name", "names"].iter().any(|w| is(back(at), w))
        && ["his", "her", "their"].iter().any(|w| is(back(at + 1), w));
    let cue = identified || name;
    // "identified as Medina's roommate", "identified as RIC 103": no name of a person.
    let after = word(Some(last + 1));
    let possessive = matches!(after, "'" | "\u{2019}");
    if !cue || possessive || after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let words = doc.words(first, last).count();
    let fits = (1..=3).contains(&words)
        && (words > 1 || !is_common_word(doc.folded(first)))
        && doc.words(first, last).all(|k| {
            let f = doc.folded(k);
            starts_upper(t[k].as_str(text))
                && !is_demonym(f)
                && !is_title(f)
                && !is_org_head(f)
                && !is_function_word(f)
                && !is_month_or_day(f)
                && place_word_kind(f).is_none()
        });
    let evidence = format!("\"{} X\"", word(back(1)));
    Some(
        fits.then(|| Seen::new(first, last, PERSON, evidence, text))
            .and_then(|s| uncovered(doc, s)),
    )
}

/// The unknown names of one text that `suggest` would count, in text order and without
/// overlaps, with their later short forms and acronyms (what the extractor writes as
/// `"source": "pattern"` records).
pub fn pattern_mentions(g: &Gazetteer, text: &str) -> Vec<PatternMention> {
    let mut doc = Doc::default();
    doc.load(g, text);
    patterns_of(g, &doc, text)
}

/// Finds pattern names with buffers kept from one document to the next, on the tokens,
/// sentences and gazetteer mentions a caller has made already.
#[derive(Default)]
pub struct PatternFinder {
    doc: Doc,
}

impl PatternFinder {
    /// [`pattern_mentions`] of `text`, whose `tokens`, `sentences` and `mentions` are
    /// `tonle_text::tokenize`'s, `tonle_text::split_sentences`'s and `g.find`'s.
    pub fn find(
        &mut self,
        g: &Gazetteer,
        text: &str,
        tokens: &[Token],
        sentences: &[u32],
        mentions: &[Mention],
    ) -> Vec<PatternMention> {
        self.doc.load_prepared(text, tokens, sentences, mentions);
        patterns_of(g, &self.doc, text)
    }
}

fn patterns_of(g: &Gazetteer, doc: &Doc, text: &str) -> Vec<PatternMention> {
    let seen = evidence(doc, text);
    let mut found: Vec<PatternMention> = seen
        .into_iter()
        .filter(|s| s.entry.is_none())
        .map(|s| {
            let (start, end) = doc.span(s.first, s.last);
            PatternMention {
                start,
                end,
                typ: TYPES[s.typ],
                kind: s.kind,
                evidence: s.evidence,
                name: squeeze(&text[start..end]),
                alias: s.alias,
                resolved_by: None,
                country: None,
            }
        })
        .filter(|p| !blocked_by_lists(g, doc, p))
        .filter(|p| p.evidence != "acronym" || !is_listed_name(g, &p.name))
        .collect();
    found.sort_by_key(|p| (p.start, std::cmp::Reverse(p.end)));
    let mut covered = 0;
    found.retain(|p| {
        let keep = p.start >= covered;
        if keep {
            covered = p.end;
        }
        keep
    });
    if !found.is_empty() {
        crate::linking::link_later_forms(g, doc, text, &mut found);
    }
    found
}

/// True when the one word `word` is a listed name in some case: "SOKHOM" where a list holds
/// "Sokhom" with exact case is that name's, not a body's acronym.
fn is_listed_name(g: &Gazetteer, word: &str) -> bool {
    let mut folded = String::new();
    fold(word, &mut folded);
    g.token_id(&folded)
        .and_then(|id| g.root_child(id))
        .is_some_and(|node| !g.node_candidates(node).is_empty())
}

/// True when a list's mention overlaps the pattern name, except a place strictly inside a
/// person's name ("Holland" in "Reporting by Steve Holland") or a facility's ("Phnom Penh
/// International Airport"), which replaces it, or inside a body's ("Siem Reap Provincial
/// Hall"), which is written as a place within it.
fn blocked_by_lists(g: &Gazetteer, doc: &Doc, p: &PatternMention) -> bool {
    doc.mentions.iter().any(|m| {
        let (ms, me) = (m.start as usize, m.end as usize);
        let overlaps = ms < p.end && p.start < me;
        let replacing = matches!(p.typ, "PERSON" | "ORG") || p.kind.is_some_and(is_facility);
        let replaced = replacing
            && p.start <= ms
            && me <= p.end
            && (me - ms) < (p.end - p.start)
            && g.entry(m.entry).kind == EntityType::Place;
        overlaps && !replaced
    })
}
