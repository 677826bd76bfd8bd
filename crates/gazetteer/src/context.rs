//! Matching that uses the document: names several entries share are resolved by the words
//! around them and by the rest of the document, acronyms defined in the text and short forms
//! of people named in full are linked to their entry.
//!
//! The rules, in the order they are tried for a name that several entries share (each
//! mention records the rule that decided in `resolved_by`):
//!
//! 1. `keyword`: the word after the name says what it is: "province"/"provincial" picks the
//!    entry whose `kind` attribute is `province`; "town", "city", "municipality" one of kind
//!    town, city or municipality; "district", "khan", "srok" a district; "commune",
//!    "sangkat", "khum" a commune; "village" a village.
//! 2. `title`: a title before the name ("Governor", "Minister", "Mr", "Gen.") picks the
//!    PERSON entry.
//! 3. `document`: the entry named without doubt most often, itself (counting twice) or as a
//!    place it is in (its parent, the parent's parent, ...: "Samraong commune, Kampong Cham
//!    province" picks the Samraong of Kampong Cham), in the name's sentence first, then in
//!    the whole document; among the entries of the kind the `keyword` word asks for, when
//!    several have it.
//! 4. `default`: the first entry in list order (exact-case names first).
//!
//! Two rules take a mention away:
//!
//! - a place (not a country) right before a capitalized venue word that ends a name ("Moc
//!   Bai" in "the Moc Bai Casino in Bavet", "Kampot Market"; the words of
//!   [`crate::is_venue_word`]) names the venue, not the place, and is no mention, except in a
//!   line that capitalizes every word (a headline); and a place of another country after a
//!   place's possessive and before a venue word of any case ("Svay Rieng's Moc Bai casino
//!   compound") names a venue there;
//! - a listed body of one country (its `country` attribute) right after another country's
//!   possessive ("Vietnam's foreign ministry", where "Foreign Ministry" is Cambodia's) or
//!   demonym ("the Thai foreign ministry"), or before "of" and another country ("the Foreign
//!   Ministry of Thailand"), is no mention of that entry: [`Gazetteer::find_noting_foreign`] gives it as a
//!   [`ForeignBody`], which the extractor writes as a name no list has.
//!
//! Linking:
//!
//! - `acronym`: "National Committee for Counter Trafficking (NCCT)" makes every later "NCCT"
//!   in the document a mention of that entry, even when no list has the acronym.
//! - `variant`: a spelling of a listed name that only differs from it the way romanizations
//!   of Khmer differ ("Bit Traing" for Bet Trang; see [`crate::romanization_key`]), for
//!   entries that take variants. Exact names always win; when several entries share the
//!   variant, the rules above choose among them.
//! - `short_form`: after "Sar Kheng" is named, a later "Kheng" (a trailing part of the full
//!   name, written with its capital) is a mention of the same person, unless two people of
//!   the document share that short form. A short form with no antecedent is not linked.
//!   Organizations get the same after "the": "the Post" after "Phnom Penh Post", "the Times"
//!   after "Khmer Times" (the last word of a name of two words or more without "of").

use std::fmt;
use std::str::FromStr;

use rustc_hash::FxHashMap;
use tonle_text::{Gap, Token, TokenKind};

use crate::list::EntityType;
use crate::matcher::{Gazetteer, Mention, Scratch};

/// The rule that decided a [`Mention`] its name alone did not (see the module documentation
/// for each rule).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResolvedBy {
    Keyword,
    Title,
    Document,
    Default,
    Acronym,
    ShortForm,
    /// A spelling variant of a listed name (see [`crate::romanization_key`]).
    Variant,
}

impl ResolvedBy {
    /// Every rule, in the order of the module documentation.
    pub const ALL: [ResolvedBy; 7] = [
        ResolvedBy::Keyword,
        ResolvedBy::Title,
        ResolvedBy::Document,
        ResolvedBy::Default,
        ResolvedBy::Acronym,
        ResolvedBy::ShortForm,
        ResolvedBy::Variant,
    ];

    /// The name records give the rule: `keyword`, `title`, `document`, `default`, `acronym`
    /// `short_form` or `variant`.
    pub fn as_str(self) -> &'static str {
        match self {
            ResolvedBy::Keyword => "keyword",
            ResolvedBy::Title => "title",
            ResolvedBy::Document => "document",
            ResolvedBy::Default => "default",
            ResolvedBy::Acronym => "acronym",
            ResolvedBy::ShortForm => "short_form",
            ResolvedBy::Variant => "variant",
        }
    }
}

/// A name that is not one of [`ResolvedBy::as_str`]'s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRule(pub String);

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown resolution rule {:?}", self.0)
    }
}

impl std::error::Error for UnknownRule {}

impl FromStr for ResolvedBy {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, UnknownRule> {
        ResolvedBy::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRule(s.to_string()))
    }
}

impl fmt::Display for ResolvedBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "general",
    "governor",
    "minister",
    "senator",
    "oknha",
    "samdech",
    "excellency",
    "judge",
    "prosecutor",
    "president",
    "chairman",
    "chairwoman",
    "director",
    "spokesman",
    "spokeswoman",
    "colonel",
    "col",
    "lieutenant",
    "lt",
    "major",
    "maj",
    "captain",
    "capt",
    "brigadier",
    "commander",
    "chief",
    "deputy",
    "secretary",
    "prince",
    "princess",
    "king",
    "queen",
    "professor",
    "prof",
    "ambassador",
    "lawmaker",
    "tycoon",
];

/// The `kind`s of entry the word after a name asks for (the `keyword` rule), given that word
/// in lower case.
pub fn kinds_named_by(word: &str) -> &'static [&'static str] {
    match word {
        "province" | "provincial" | "provinces" => &["province"],
        "town" | "city" | "municipality" | "krong" => &["town", "city", "municipality"],
        "district" | "khan" | "srok" => &["district", "khan"],
        "commune" | "sangkat" | "khum" => &["commune", "sangkat"],
        "village" | "phum" => &["village"],
        _ => &[],
    }
}

/// What the `document` rule counts: how often the document names each entry (by id)
/// without doubt, and the entries named without doubt in the name's sentence.
pub(crate) type Named<'n> = (&'n FxHashMap<&'n str, usize>, &'n [u32]);

/// No parent: the entry has no `parent` attribute, or no list has the entry it names.
const NO_PARENT: u32 = u32::MAX;

impl Gazetteer {
    pub(crate) fn attr<'a>(&'a self, entry: u32, key: &str) -> Option<&'a str> {
        self.entry(entry)
            .attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Applies the rules of this module to mentions whose name several entries share.
    pub(crate) fn resolve_ambiguous(
        &self,
        text: &str,
        tokens: &[Token],
        s: &Scratch,
        out: &mut [Mention],
    ) {
        if s.ambiguous.is_empty() {
            return;
        }
        let named = self.named_unambiguously(s, out);
        let mut near = Vec::new();
        let doubtful = |k: usize| {
            s.ambiguous
                .binary_search_by_key(&(k as u32), |a| a.0)
                .is_ok()
        };
        for &(at, term, first, last) in &s.ambiguous {
            let seq = &s.seq[first as usize..=last as usize];
            let span = (seq[0] as usize, seq[seq.len() - 1] as usize);
            self.named_in_sentence(text, tokens, out, span, &doubtful, &mut near);
            let ((entry, list), rule) = self.resolve(text, tokens, term, seq, (&named, &near));
            let m = &mut out[at as usize];
            m.entry = entry;
            m.list = list;
            m.resolved_by = Some(rule);
        }
    }

    /// How often the document names each entry (by id) without doubt, for the `document`
    /// rule: every mention but the ambiguous ones.
    fn named_unambiguously(&self, s: &Scratch, out: &[Mention]) -> FxHashMap<&str, usize> {
        let mut named: FxHashMap<&str, usize> = FxHashMap::default();
        let mut ambiguous_at = s.ambiguous.iter().map(|a| a.0).peekable();
        for (k, m) in out.iter().enumerate() {
            if ambiguous_at.peek() == Some(&(k as u32)) {
                ambiguous_at.next();
                continue;
            }
            *named.entry(self.entry(m.entry).id.as_str()).or_default() += 1;
        }
        named
    }

    /// Into `near`, the entries of the mentions of `out` (sorted) in the sentence of the name
    /// at tokens `first..=last`, but the name and those `doubtful` says are not decided yet.
    /// The sentence runs to the nearest `.`, `!`, `?` or blank line each way, 60 tokens at
    /// most (the gazetteer knows no sentence splitter).
    pub(crate) fn named_in_sentence(
        &self,
        text: &str,
        tokens: &[Token],
        out: &[Mention],
        (first, last): (usize, usize),
        doubtful: &dyn Fn(usize) -> bool,
        near: &mut Vec<u32>,
    ) {
        near.clear();
        let ends = |k: usize| matches!(tokens[k].as_str(text), "." | "!" | "?");
        let mut from = first;
        while from > 0 && first - from < 60 && tokens[from].gap != Gap::Paragraph && !ends(from - 1)
        {
            from -= 1;
        }
        let mut to = last;
        while to + 1 < tokens.len()
            && to - last < 60
            && tokens[to + 1].gap != Gap::Paragraph
            && !ends(to)
        {
            to += 1;
        }
        let at = out.partition_point(|m| (m.first_token as usize) < from);
        for (k, m) in out.iter().enumerate().skip(at) {
            let token = m.first_token as usize;
            if token > to {
                break;
            }
            if !(first..=last).contains(&token) && !doubtful(k) {
                near.push(m.entry);
            }
        }
    }

    /// The entry and list the rules choose for the name `term`, found at the tokens `seq`,
    /// and the rule that chose.
    fn resolve(
        &self,
        text: &str,
        tokens: &[Token],
        term: u32,
        seq: &[u32],
        named: Named,
    ) -> ((u32, u32), ResolvedBy) {
        let mut candidates: Vec<(u32, u32)> = Vec::new();
        for c in &self.terminals[term as usize] {
            if c.case_agrees(text, tokens, seq) && candidates.iter().all(|&(e, _)| e != c.entry) {
                candidates.push((c.entry, c.list));
            }
        }
        let (first, last) = (seq[0] as usize, seq[seq.len() - 1] as usize);
        self.choose(text, tokens, &candidates, (first, last), named)
    }

    /// The entry and list the rules choose among `candidates` (entry, list) for the name at
    /// tokens `first..=last`, and the rule that chose.
    pub(crate) fn choose(
        &self,
        text: &str,
        tokens: &[Token],
        candidates: &[(u32, u32)],
        (first, last): (usize, usize),
        named: Named,
    ) -> ((u32, u32), ResolvedBy) {
        let lower = |i: usize| {
            tokens
                .get(i)
                .map_or(String::new(), |t| t.as_str(text).to_lowercase())
        };
        let wanted_kinds = kinds_named_by(&lower(last + 1));
        let by_keyword: Vec<(u32, u32)> = candidates
            .iter()
            .filter(|(e, _)| {
                self.attr(*e, "kind")
                    .is_some_and(|k| wanted_kinds.contains(&k))
            })
            .copied()
            .collect();
        if let [only] = by_keyword[..] {
            return (only, ResolvedBy::Keyword);
        }
        let titled = first.checked_sub(1).is_some_and(|b| {
            let w = lower(b);
            TITLES.contains(&w.as_str())
                || (w == "." && b > 0 && TITLES.contains(&lower(b - 1).as_str()))
        });
        let by_title: Vec<&(u32, u32)> = candidates
            .iter()
            .filter(|(e, _)| titled && self.entry(*e).kind == EntityType::Person)
            .collect();
        if let [only] = by_title[..] {
            return (*only, ResolvedBy::Title);
        }
        // "Samraong commune" where ten communes have the name: one of the ten.
        let pool = if by_keyword.is_empty() {
            candidates
        } else {
            &by_keyword[..]
        };
        match self.best_in_document(pool, named) {
            Some(choice) => (choice, ResolvedBy::Document),
            None => (candidates[0], ResolvedBy::Default),
        }
    }

    /// The candidate named most often, itself (counting twice) or as a place it is in (its
    /// parent, its parent's parent, ...: "Samraong commune, Kampong Cham province"), in the
    /// name's sentence first, then in the document; the earliest entry on a tie, none if the
    /// document names none of them.
    fn best_in_document(
        &self,
        candidates: &[(u32, u32)],
        (document, sentence): Named,
    ) -> Option<(u32, u32)> {
        let score = |e: u32, count: &dyn Fn(u32) -> usize| {
            count(e) * 2 + self.ancestors(e).map(count).sum::<usize>()
        };
        let in_document = |e: u32| {
            document
                .get(self.entry(e).id.as_str())
                .copied()
                .unwrap_or(0)
        };
        let in_sentence = |e: u32| sentence.iter().filter(|&&n| n == e).count();
        candidates
            .iter()
            .map(|&(e, l)| {
                let key = (score(e, &in_sentence), score(e, &in_document));
                (key, e, l)
            })
            .max_by_key(|&(key, e, _)| (key, std::cmp::Reverse(e)))
            .filter(|&((_, sc), _, _)| sc > 0)
            .map(|(_, e, l)| (e, l))
    }

    /// The entry the `parent` attribute of entry `index` names, if a list has it.
    pub(crate) fn parent_of(&self, index: u32) -> Option<u32> {
        let parents = self.parents.get_or_init(|| {
            let by_id: FxHashMap<&str, u32> = self
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.as_str(), i as u32))
                .collect();
            (0..self.entries.len() as u32)
                .map(|i| {
                    self.attr(i, "parent")
                        .and_then(|p| by_id.get(p).copied())
                        .unwrap_or(NO_PARENT)
                })
                .collect()
        });
        parents
            .get(index as usize)
            .copied()
            .filter(|&p| p != NO_PARENT)
    }

    /// True when entry `inner` lies in entry `outer` by the lists' `parent` attributes: a
    /// commune in its district or province, a district in its province.
    pub fn is_within(&self, inner: u32, outer: u32) -> bool {
        self.ancestors(inner).any(|a| a == outer)
    }

    /// The places entry `index` is in: its parent, the parent's parent, ... (six at most,
    /// so that a cycle in the lists ends too).
    fn ancestors(&self, index: u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(self.parent_of(index), |&p| self.parent_of(p)).take(6)
    }

    /// The places the match of a listed organization hides ("Siem Reap" in "Siem Reap
    /// Provincial Hall"), each with the byte start of that organization's mention, in the
    /// order of `mentions` (sorted, as [`Gazetteer::find`] gives them): the names found in
    /// the organization's words without its last one. `extract` writes them with `within`,
    /// and `explain` shows them, both from here.
    pub fn places_within(
        &self,
        text: &str,
        tokens: &[Token],
        mentions: &[Mention],
        found: &mut Vec<(Mention, u32)>,
    ) {
        found.clear();
        let mut inner = Vec::new();
        for m in mentions
            .iter()
            .filter(|m| self.entry(m.entry).kind == EntityType::Org)
        {
            let first = m.first_token as usize;
            let last = tokens.partition_point(|t| t.start < m.end);
            // Without the body's last word, the match cannot be the body again.
            if last < first + 2 {
                continue;
            }
            self.find(text, &tokens[first..last - 1], &mut inner);
            for mut place in inner.drain(..) {
                if self.entry(place.entry).kind == EntityType::Place {
                    place.first_token += first as u32;
                    found.push((place, m.start));
                }
            }
        }
    }

    /// Adds mentions of acronyms defined in the document and of short forms of people named
    /// in full, keeping `out` sorted and without overlaps.
    pub(crate) fn link_in_document(&self, text: &str, tokens: &[Token], out: &mut Vec<Mention>) {
        let links = self.links(text, tokens, out);
        if links.one_word.is_empty()
            && links.longer.is_empty()
            && links.after_the.is_empty()
            && links.kingdom.is_none()
        {
            return;
        }
        let mut added = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            // Every form a document defines starts with a capital (short forms, acronyms,
            // last words, "Kingdom"): a plain word (ASCII, no capital) starts none, and most
            // words are plain.
            if t.kind != TokenKind::Word || t.plain {
                i += 1;
                continue;
            }
            let Some(link) = links.at(text, tokens, i) else {
                i += 1;
                continue;
            };
            let (start, end) = (t.start, link.end);
            let free = {
                let k = out.partition_point(|m| m.end <= start);
                out.get(k).is_none_or(|m| m.start >= end)
            };
            // A name of a linked person inside a longer name is not a short form.
            let inside_name = i > 0
                && tokens[i - 1].kind == TokenKind::Word
                && tokens[i - 1]
                    .as_str(text)
                    .starts_with(|c: char| c.is_uppercase())
                && tokens[i - 1].as_str(text) != "The"
                && tokens[i].gap == tonle_text::Gap::Space
                && link.rule == ResolvedBy::ShortForm;
            if free && !inside_name {
                added.push(Mention {
                    start,
                    end,
                    first_token: i as u32,
                    entry: link.entry,
                    list: link.list,
                    resolved_by: Some(link.rule),
                });
            }
            i = link.last_token + 1;
        }
        if !added.is_empty() {
            out.extend(added);
            out.sort_by_key(|m| (m.start, m.end));
        }
    }

    /// The acronyms the mentions `out` define and the short forms of the people they name.
    fn links<'t>(&self, text: &'t str, tokens: &[Token], out: &[Mention]) -> Links<'t> {
        let mut links = Links::default();
        for m in out.iter() {
            let first = m.first_token as usize;
            let last = token_at(tokens, m.end - 1);
            if last <= first {
                continue;
            }
            let acronym = acronym_after(text, tokens, last)
                .filter(|a| abbreviates(a, text, &tokens[first..=last]));
            if let Some(acronym) = acronym {
                claim(
                    &mut links.one_word,
                    acronym,
                    (m.entry, m.list, last as u32 + 2),
                );
            }
            match self.entry(m.entry).kind {
                EntityType::Person => links.add_short_forms(text, tokens, m, first, last),
                EntityType::Org => links.add_last_word(text, tokens, m, first, last),
                _ => {}
            }
        }
        links.kingdom = self.main_kingdom(text, tokens, out);
        links
    }

    /// The kingdom a document names most ("the Kingdom" of Cambodian and Thai papers, of
    /// Saudi business news): a country one of whose names has the word ("Kingdom of
    /// Cambodia"), the first named on a tie, not counting names in capitals (datelines),
    /// with its list and the token after its first mention, from which "the Kingdom" is
    /// linked to it.
    fn main_kingdom(
        &self,
        text: &str,
        tokens: &[Token],
        out: &[Mention],
    ) -> Option<(u32, u32, u32)> {
        let listed = self.kingdoms.get_or_init(|| {
            (0..self.entries.len() as u32)
                .filter(|&e| {
                    // The names first: a large list's entries are mostly rejected there.
                    let entry = self.entry(e);
                    entry.kind == EntityType::Place
                        && std::iter::once(&entry.name).chain(&entry.aliases).any(|n| {
                            n.contains("Kingdom") && n.split_whitespace().any(|w| w == "Kingdom")
                        })
                        && self.attr(e, "kind") == Some("country")
                })
                .collect()
        });
        let is_kingdom = |e: u32| listed.contains(&e);
        // (entry, list, from, mentions), in order of first mention.
        let mut kingdoms: Vec<(u32, u32, u32, u32)> = Vec::new();
        for m in out {
            // A dateline ("BAHRAIN, March 7 -") says where the reporter was.
            let name = &text[m.start as usize..m.end as usize];
            if !is_kingdom(m.entry) || !name.bytes().any(|b| b.is_ascii_lowercase()) {
                continue;
            }
            if let Some(k) = kingdoms.iter_mut().find(|k| k.0 == m.entry) {
                k.3 += 1;
            } else {
                let from = token_at(tokens, m.end - 1) as u32 + 1;
                kingdoms.push((m.entry, m.list, from, 1));
            }
        }
        let most = kingdoms.iter().map(|k| k.3).max()?;
        // Without the word, no token need be looked at for it.
        if !text.contains("Kingdom") {
            return None;
        }
        kingdoms
            .iter()
            .find(|k| k.3 == most)
            .map(|&(entry, list, from, _)| (entry, list, from))
    }
}

/// A listed body's name that a possessive before it gives to another country ("Vietnam's
/// foreign ministry", "Thailand's Ministry of Interior"): no mention of the listed entry,
/// which is the body of its `country` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ForeignBody {
    /// Byte range of the body's name in the text (the possessive is not part of it).
    pub start: u32,
    pub end: u32,
    /// Index of the token the name starts in.
    pub first_token: u32,
    /// The listed entry the name would have been (its `kind` says what body it is).
    pub listed: u32,
    /// The country entry of the possessive before it (`Vietnam` of "Vietnam's"), or of the
    /// demonym (`Thailand` of "the Thai foreign ministry").
    pub country: u32,
    /// The word before the name is a demonym ("Thai"), not a possessive.
    pub demonym: bool,
}

impl Gazetteer {
    /// Leaves out the places named right before a capitalized venue word that ends a name
    /// ("Moc Bai" in "the Moc Bai Casino in Bavet", "Kampot Market"): the words name the
    /// venue, which need not be in that place. A lower-case word ("a Bavet casino") or a
    /// longer name after the venue word ("Siem Reap Bar Association") keeps the place.
    pub(crate) fn drop_venue_places(&self, text: &str, tokens: &[Token], out: &mut Vec<Mention>) {
        let named_venue = |m: &Mention| {
            // "the U.S. Market", "China Plaza": a country's name says whose, not which venue.
            if self.entry(m.entry).kind != EntityType::Place
                || self.attr(m.entry, "kind") == Some("country")
            {
                return false;
            }
            let mut k = token_at(tokens, m.end - 1) + 1;
            let capitalized = |k: usize| {
                tokens.get(k).is_some_and(|t| {
                    t.kind == TokenKind::Word
                        && matches!(t.gap, Gap::Space | Gap::Newline)
                        && t.as_str(text).starts_with(char::is_uppercase)
                })
            };
            let venue = |k: usize| {
                capitalized(k) && crate::is_venue_word(&tokens[k].as_str(text).to_lowercase())
            };
            if !venue(k) {
                return false;
            }
            // "Casino Resort": the last venue word ends the name.
            while venue(k) {
                k += 1;
            }
            !capitalized(k) && !title_case_line(text, tokens, m.first_token as usize)
        };
        out.retain(|m| !named_venue(m));
        // "Svay Rieng's Moc Bai casino compound": a place of another country, after a
        // place's possessive and before a venue word of any case, names a venue there.
        let mut dropped = Vec::new();
        for (before, m) in out.iter().zip(out.iter().skip(1)) {
            if self.venue_of_possessor(text, tokens, before, m) {
                dropped.push(m.start);
            }
        }
        if !dropped.is_empty() {
            out.retain(|m| !dropped.contains(&m.start));
        }
    }

    /// True when place `m` comes right after the possessive of place `before`, is in
    /// another country, and a venue word follows it.
    fn venue_of_possessor(
        &self,
        text: &str,
        tokens: &[Token],
        before: &Mention,
        m: &Mention,
    ) -> bool {
        let place = |e: u32| self.entry(e).kind == EntityType::Place;
        if !place(m.entry) || !place(before.entry) {
            return false;
        }
        if !follows_possessive_of(text, tokens, before, m) {
            return false;
        }
        let next = token_at(tokens, m.end - 1) + 1;
        let venue = tokens.get(next).is_some_and(|t| {
            t.kind == TokenKind::Word
                && t.gap == Gap::Space
                && crate::is_venue_word(&t.as_str(text).to_lowercase())
        });
        venue
            && matches!(
                (self.country_of(before.entry), self.country_of(m.entry)),
                (Some(a), Some(b)) if a != b
            )
    }

    /// The country a place is in: itself for a country, else its `country` attribute or
    /// that of the first place up its `parent` chain that says.
    fn country_of(&self, index: u32) -> Option<&str> {
        std::iter::once(index)
            .chain(self.ancestors(index))
            .find_map(|e| match self.attr(e, "kind") {
                Some("country") => Some(self.entry(e).id.as_str()),
                _ => self.attr(e, "country"),
            })
    }

    /// Moves out of `out` into `foreign` the bodies of one country (their `country`
    /// attribute) that another country's possessive or demonym comes right before, or its
    /// name right after "of": "Vietnam's foreign ministry", "the Thai foreign ministry" and
    /// "the Foreign Ministry of Thailand" are not the Cambodian ministry the alias "Foreign
    /// Ministry" names; "Cambodia's foreign ministry" is.
    pub(crate) fn drop_foreign_bodies(
        &self,
        text: &str,
        tokens: &[Token],
        out: &mut Vec<Mention>,
        foreign: &mut Vec<ForeignBody>,
    ) {
        for (k, m) in out.iter().enumerate() {
            let Some(body_country) = self.country_of_body(m) else {
                continue;
            };
            let other = |&c: &u32| self.entry(c).id != body_country;
            let possessor = k
                .checked_sub(1)
                .and_then(|b| self.possessing_country(text, tokens, &out[b], m))
                .filter(other);
            let after_of = || {
                out.get(k + 1)
                    .and_then(|after| self.country_after_of(text, tokens, m, after))
                    .filter(other)
            };
            let (country, demonym) = match possessor.or_else(after_of) {
                Some(country) => (country, false),
                None => match self.demonym_country(text, tokens, m).filter(other) {
                    Some(country) => (country, true),
                    None => continue,
                },
            };
            foreign.push(ForeignBody {
                start: m.start,
                end: m.end,
                first_token: m.first_token,
                listed: m.entry,
                country,
                demonym,
            });
        }
        if !foreign.is_empty() {
            // Both in start order, and a body starts after its possessor: one pass.
            let mut next = foreign.iter().map(|f| f.start).peekable();
            out.retain(|m| {
                let gone = next.peek() == Some(&m.start);
                if gone {
                    next.next();
                }
                !gone
            });
        }
    }

    /// The country of the listed body `m` (an organization's `country` attribute), when it
    /// has one: only such a body can be another country's.
    fn country_of_body(&self, m: &Mention) -> Option<&str> {
        if self.entry(m.entry).kind != EntityType::Org {
            return None;
        }
        self.attr(m.entry, "country")
    }

    /// True when entry `e` is a country (a place of `kind` `country`).
    fn is_country(&self, e: u32) -> bool {
        self.entry(e).kind == EntityType::Place && self.attr(e, "kind") == Some("country")
    }

    /// The country entry of the demonym right before `m` ("Thai" of "the Thai foreign
    /// ministry"): a capitalized word of `demonyms.tsv`.
    fn demonym_country(&self, text: &str, tokens: &[Token], m: &Mention) -> Option<u32> {
        let first = m.first_token as usize;
        let word = tokens.get(first.checked_sub(1)?)?;
        if word.kind != TokenKind::Word || word.plain || tokens[first].gap != Gap::Space {
            return None;
        }
        let demonyms = self.demonyms.get_or_init(|| self.demonym_countries());
        demonyms.get(word.as_str(text)).copied()
    }

    /// The country entry of `after` when it is a country named right after `m` and "of"
    /// ("the Foreign Ministry of Thailand").
    fn country_after_of(
        &self,
        text: &str,
        tokens: &[Token],
        m: &Mention,
        after: &Mention,
    ) -> Option<u32> {
        let of = token_at(tokens, m.end - 1) + 1;
        let named_after_of = tokens.get(of).is_some_and(|t| t.as_str(text) == "of")
            && after.first_token as usize == of + 1;
        (named_after_of && self.is_country(after.entry)).then_some(after.entry)
    }

    /// `demonyms.tsv`, for the countries the lists hold (`kind` `country`, by id).
    fn demonym_countries(&self) -> rustc_hash::FxHashMap<&'static str, u32> {
        const DEMONYMS: &str = include_str!("demonyms.tsv");
        let countries: rustc_hash::FxHashMap<&str, u32> = (0..self.entries().len() as u32)
            .filter(|&e| self.is_country(e))
            .map(|e| (self.entry(e).id.as_str(), e))
            .collect();
        DEMONYMS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .filter_map(|(demonym, id)| Some((demonym, *countries.get(id.trim())?)))
            .collect()
    }

    /// The country entry of `before` when it is a country whose possessive comes right
    /// before `m` ("Vietnam" of "Vietnam's foreign ministry").
    fn possessing_country(
        &self,
        text: &str,
        tokens: &[Token],
        before: &Mention,
        m: &Mention,
    ) -> Option<u32> {
        (follows_possessive_of(text, tokens, before, m) && self.is_country(before.entry))
            .then_some(before.entry)
    }
}

/// True when mention `m` comes right after the possessive of mention `before`: "Vietnam's
/// foreign ministry", "Svay Rieng's Moc Bai".
fn follows_possessive_of(text: &str, tokens: &[Token], before: &Mention, m: &Mention) -> bool {
    let first = m.first_token as usize;
    first >= 3
        && tokens[first - 1].as_str(text).eq_ignore_ascii_case("s")
        && matches!(tokens[first - 2].as_str(text), "'" | "’")
        && tokens[first - 2].gap == Gap::None
        && token_at(tokens, before.end - 1) == first - 3
}

/// True when the line of token `at` writes every word but the short joining ones with a
/// capital, as headlines do ("Police Rescue 46 Workers From Siem Reap Compound"): a
/// capitalized word there says nothing of a name (40 tokens each way at most).
fn title_case_line(text: &str, tokens: &[Token], at: usize) -> bool {
    const JOINING: &[&str] = &[
        "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "near", "nor",
        "of", "off", "on", "onto", "or", "over", "per", "the", "to", "up", "upon", "via", "with",
        "vs",
    ];
    let line_start = |t: &Token| matches!(t.gap, Gap::Newline | Gap::Paragraph);
    let mut from = at;
    while from > 0 && at - from < 40 && !line_start(&tokens[from]) {
        from -= 1;
    }
    let to = (at + 1..tokens.len().min(at + 40))
        .find(|&k| line_start(&tokens[k]))
        .unwrap_or(tokens.len().min(at + 40));
    !tokens[from..to].iter().any(|t| {
        let w = t.as_str(text);
        t.kind == TokenKind::Word && w.starts_with(char::is_lowercase) && !JOINING.contains(&w)
    })
}

/// Short forms and acronyms (as written) → (entry, list, token index from which they count;
/// `u32::MAX` entry when two entries claim one).
type Targets<'t> = FxHashMap<&'t str, (u32, u32, u32)>;

/// What a document defines: one-word forms (acronyms and last names) and short forms of
/// more than one word, tried first since the longest wins.
#[derive(Default)]
struct Links<'t> {
    one_word: Targets<'t>,
    longer: Targets<'t>,
    /// Organizations' last words, which stand for them after "the": "the Post" after
    /// "Phnom Penh Post".
    after_the: Targets<'t>,
    /// The country "the Kingdom" stands for: see [`Gazetteer::main_kingdom`].
    kingdom: Option<(u32, u32, u32)>,
}

/// A link found in the text.
struct Link {
    end: u32,
    entry: u32,
    list: u32,
    rule: ResolvedBy,
    last_token: usize,
}

impl Link {
    /// A link of the one word `i`.
    fn word(tokens: &[Token], i: usize, entry: u32, list: u32, rule: ResolvedBy) -> Link {
        Link {
            end: tokens[i].end,
            entry,
            list,
            rule,
            last_token: i,
        }
    }
}

impl<'t> Links<'t> {
    /// "Sar Kheng" → "Kheng"; "Am Sam Ath" → "Sam Ath", "Ath": the trailing parts of the
    /// person `m` (tokens `first..=last`) written with a capital.
    fn add_short_forms(
        &mut self,
        text: &'t str,
        tokens: &[Token],
        m: &Mention,
        first: usize,
        last: usize,
    ) {
        let words: Vec<usize> = (first..=last)
            .filter(|&i| tokens[i].kind == TokenKind::Word)
            .collect();
        for k in 1..words.len() {
            let from = words[k];
            let form = &text[tokens[from].start as usize..tokens[last].end as usize];
            if !form.starts_with(|c: char| c.is_uppercase()) || form.contains('\n') {
                continue;
            }
            let target = if k + 1 == words.len() {
                &mut self.one_word
            } else {
                &mut self.longer
            };
            claim(target, form, (m.entry, m.list, last as u32 + 1));
        }
    }

    /// "Phnom Penh Post" → "Post", "Khmer Times" → "Times": the last word of an
    /// organization's name of two words or more without "of" or "for" (the last word of
    /// "Ministry of Interior" is not its head), capitalized; not "House".
    fn add_last_word(
        &mut self,
        text: &'t str,
        tokens: &[Token],
        m: &Mention,
        first: usize,
        last: usize,
    ) {
        let words: Vec<&str> = (first..=last)
            .filter(|&i| tokens[i].kind == TokenKind::Word)
            .map(|i| tokens[i].as_str(text))
            .collect();
        let joined = words.iter().any(|w| {
            ["of", "for", "and", "on", "against"]
                .iter()
                .any(|c| w.eq_ignore_ascii_case(c))
        });
        let Some(&head) = words.last() else { return };
        // "the House" after "White House" is a legislature's chamber.
        if words.len() < 2
            || joined
            || head.len() < 3
            || !head.starts_with(char::is_uppercase)
            || head == "House"
        {
            return;
        }
        claim(
            &mut self.after_the,
            head,
            (m.entry, m.list, last as u32 + 1),
        );
    }

    /// The link that starts at word `i`, longest first.
    fn at(&self, text: &str, tokens: &[Token], i: usize) -> Option<Link> {
        let t = &tokens[i];
        let after_the = i > 0 && tokens[i - 1].as_str(text).eq_ignore_ascii_case("the");
        if let Some((entry, list, from)) = self.kingdom {
            let of_after = || tokens.get(i + 1).is_some_and(|n| n.as_str(text) == "of");
            if after_the && t.as_str(text) == "Kingdom" && (i as u32) >= from && !of_after() {
                return Some(Link::word(tokens, i, entry, list, ResolvedBy::ShortForm));
            }
        }
        if after_the {
            if let Some(&(entry, list, from)) = self.after_the.get(t.as_str(text)) {
                if entry != u32::MAX && (i as u32) >= from {
                    return Some(Link::word(tokens, i, entry, list, ResolvedBy::ShortForm));
                }
            }
        }
        for (form, &(entry, list, from)) in self.longer.iter() {
            if entry == u32::MAX || (i as u32) < from {
                continue;
            }
            let end = t.start as usize + form.len();
            if text.get(t.start as usize..end) == Some(*form) {
                let last = token_at(tokens, end as u32 - 1);
                if tokens.get(last).is_some_and(|l| l.end as usize == end) {
                    return Some(Link {
                        end: end as u32,
                        entry,
                        list,
                        rule: ResolvedBy::ShortForm,
                        last_token: last,
                    });
                }
            }
        }
        let word = t.as_str(text);
        let &(entry, list, from) = self.one_word.get(word)?;
        if entry == u32::MAX || (i as u32) < from {
            return None;
        }
        let rule = if word.bytes().all(|b| !b.is_ascii_lowercase()) {
            ResolvedBy::Acronym
        } else {
            ResolvedBy::ShortForm
        };
        Some(Link::word(tokens, i, entry, list, rule))
    }
}

/// The index of the token that contains byte `byte`.
fn token_at(tokens: &[Token], byte: u32) -> usize {
    tokens.partition_point(|t| t.end <= byte)
}

/// The acronym defined in parentheses right after token `last`: "... Trafficking (NCCT)".
fn acronym_after<'t>(text: &'t str, tokens: &[Token], last: usize) -> Option<&'t str> {
    let after = last + 1;
    if !(tokens.get(after).is_some_and(|t| t.as_str(text) == "(")
        && tokens.get(after + 2).is_some_and(|t| t.as_str(text) == ")"))
    {
        return None;
    }
    let acronym = tokens[after + 1].as_str(text);
    let shaped = (2..=10).contains(&acronym.len())
        && acronym
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && acronym
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_uppercase());
    shaped.then_some(acronym)
}

/// True when `acronym` can abbreviate the name of `words`: its letters are initials of the
/// name's words in order ("DOJ", "U.S. Department of Justice"), or the initials of its
/// capitalized words are letters of the acronym in order, the first first ("UNICEF", "United
/// Nations Children's Fund"). "(UNSW)" after "New South Wales" abbreviates a longer name
/// around it, and "(PSD)" after "Democratic Party" another party.
fn abbreviates(acronym: &str, text: &str, words: &[Token]) -> bool {
    let initials: Vec<u8> = words
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .filter_map(|t| text.as_bytes().get(t.start as usize).copied())
        .collect();
    let capitals: Vec<u8> = initials
        .iter()
        .copied()
        .filter(u8::is_ascii_uppercase)
        .collect();
    let letters = acronym.as_bytes();
    let in_order = |needles: &[u8], hay: &[u8]| {
        let mut hay = hay.iter().map(u8::to_ascii_uppercase);
        needles
            .iter()
            .all(|&n| hay.any(|h| h == n.to_ascii_uppercase()))
    };
    let letters_only: Vec<u8> = letters
        .iter()
        .copied()
        .filter(u8::is_ascii_alphabetic)
        .collect();
    // Names in other scripts, or with no initials to compare, are taken as they are.
    initials.iter().any(|b| !b.is_ascii())
        || in_order(&letters_only, &initials)
        || capitals.first() == letters_only.first() && in_order(&capitals, &letters_only)
}

/// Records that `form` names `target`; two different entries claiming one form cancel it.
fn claim<'t>(map: &mut Targets<'t>, form: &'t str, target: (u32, u32, u32)) {
    map.entry(form)
        .and_modify(|existing| {
            if existing.0 != target.0 {
                existing.0 = u32::MAX;
            }
        })
        .or_insert(target);
}

#[cfg(test)]
mod tests {
    use super::ResolvedBy;
    use crate::GazetteerBuilder;

    fn run(lists: &[(&str, &str)], text: &str) -> Vec<(String, String, Option<ResolvedBy>)> {
        let mut b = GazetteerBuilder::new();
        for (name, src) in lists {
            b.add_source(name, src).unwrap();
        }
        let g = b.build().unwrap();
        let mut tokens = Vec::new();
        tonle_text::tokenize(text, &mut tokens);
        let mut out = Vec::new();
        g.find(text, &tokens, &mut out);
        out.iter()
            .map(|m| {
                (
                    m.as_str(text).to_string(),
                    g.entry(m.entry).id.clone(),
                    m.resolved_by,
                )
            })
            .collect()
    }

    const PEOPLE: &str = "id\ttype\tname\n\
        person:sar-kheng\tPERSON\tSar Kheng\n\
        person:am-sam-ath\tPERSON\tAm Sam Ath\n\
        org:ncct\tORG\tNational Committee for Counter Trafficking\n";

    #[test]
    fn an_acronym_that_does_not_start_like_the_name_is_a_longer_names() {
        let lists = "id\ttype\tname\nau-nsw\tPLACE\tNew South Wales\norg:wh\tORG\tWhite House\n";
        let text = "The University of New South Wales (UNSW) said so. UNSW agreed. \
                    The White House spoke. The House votes today.";
        let got = run(&[("l.tsv", lists)], text);
        let texts: Vec<&str> = got.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(texts, ["New South Wales", "White House"]);
    }

    #[test]
    fn acronyms_and_short_forms_link_after_their_antecedent() {
        let text = "Kheng spoke first. The National Committee for Counter Trafficking (NCCT) met. \
                    Sar Kheng said the NCCT had 12 staff. Kheng added that Sam Ath agreed, and Am Sam Ath left.";
        let got = run(&[("p.tsv", PEOPLE)], text);
        let summary: Vec<(&str, &str, Option<ResolvedBy>)> = got
            .iter()
            .map(|(t, id, r)| (t.as_str(), id.as_str(), *r))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "National Committee for Counter Trafficking",
                    "org:ncct",
                    None
                ),
                ("NCCT", "org:ncct", Some(ResolvedBy::Acronym)),
                ("Sar Kheng", "person:sar-kheng", None),
                ("NCCT", "org:ncct", Some(ResolvedBy::Acronym)),
                ("Kheng", "person:sar-kheng", Some(ResolvedBy::ShortForm)),
                ("Am Sam Ath", "person:am-sam-ath", None),
            ],
            "the first Kheng has no antecedent; Sam Ath comes before Am Sam Ath"
        );
    }

    #[test]
    fn an_organizations_last_word_after_the_is_a_short_form() {
        let media = "id\ttype\tname\n\
            org:ppp\tORG\tPhnom Penh Post\n\
            org:kt\tORG\tKhmer Times\n\
            org:moi\tORG\tMinistry of Interior\n";
        let text = "The Post had no reporter there. The Phnom Penh Post and Khmer Times covered \
                    the raid; the Post said 40 were freed, the Times 41. Post offices shut. \
                    The Ministry of Interior said the Interior would not comment.";
        let got = run(&[("m.tsv", media)], text);
        let linked: Vec<(&str, &str)> = got
            .iter()
            .filter(|(_, _, r)| *r == Some(ResolvedBy::ShortForm))
            .map(|(t, id, _)| (t.as_str(), id.as_str()))
            .collect();
        // Not before the name, not without "the", not after "of".
        assert_eq!(linked, [("Post", "org:ppp"), ("Times", "org:kt")]);
    }

    #[test]
    fn a_place_before_a_venue_word_names_the_venue() {
        let places = "id\ttype\tname\tkind\tcountry\n\
            VN-town-moc-bai\tPLACE\tMoc Bai\tborder_town\tVN\n\
            KH-2008\tPLACE\tBavet\tmunicipality\tKH\n\
            KH-17\tPLACE\tSiem Reap\tprovince\tKH\n\
            VN\tPLACE\tVietnam\tcountry\t\n";
        let text = "Guards at the Moc Bai Casino in Bavet, the Moc Bai Casino Resort and a \
                    Bavet casino; Siem Reap Bar Association lawyers; trucks from Moc Bai.\n\
                    Siem Reap\n\nMarket stalls; the Moc Bai\nCasino.\n\
                    Police Raid Workers From Bavet Compound\n\
                    Traders wait for the Vietnam Market reform.";
        let got = run(&[("p.tsv", places)], text);
        let found: Vec<&str> = got.iter().map(|(t, _, _)| t.as_str()).collect();
        // Not before a capitalized venue word ending a name; before a lower-case one, a
        // longer name ("Bar Association"), a paragraph's first word, in a headline that
        // capitalizes every word, or a country's name, still a place.
        assert_eq!(
            found,
            [
                "Bavet",
                "Bavet",
                "Siem Reap",
                "Moc Bai",
                "Siem Reap",
                "Bavet",
                "Vietnam"
            ],
            "{got:?}"
        );
    }

    #[test]
    fn the_kingdom_is_the_kingdom_the_document_names_most() {
        let countries = "id\ttype\tname\taliases\tkind\n\
            KH\tPLACE\tCambodia\tKingdom of Cambodia\tcountry\n\
            TH\tPLACE\tThailand\tKingdom of Thailand|Thai Kingdom\tcountry\n\
            VN\tPLACE\tVietnam\t\tcountry\n\
            GB\tPLACE\tUnited Kingdom\tUK\tcountry\n";
        let text = "The Kingdom opened early. Exports from Cambodia to Vietnam and Thailand \
                    rose; the Kingdom's share grew and the Kingdom of Heaven did not, nor the \
                    kingdom. Cambodia and the United Kingdom signed; the Kingdom of Cambodia \
                    and the Kingdom agreed.";
        let got = run(&[("c.tsv", countries)], text);
        let kingdom: Vec<(&str, &str)> = got
            .iter()
            .filter(|(t, _, _)| t.contains("Kingdom"))
            .map(|(t, id, _)| (t.as_str(), id.as_str()))
            .collect();
        // Not before the first mention, not before "of", not in lower case.
        assert_eq!(
            kingdom,
            [
                ("Kingdom", "KH"),
                ("United Kingdom", "GB"),
                ("Kingdom of Cambodia", "KH"),
                ("Kingdom", "KH")
            ],
            "{got:?}"
        );
        // Without a kingdom named, nothing.
        let got = run(&[("c.tsv", countries)], "Vietnam and the Kingdom met.");
        assert!(got.iter().all(|(t, _, _)| t != "Kingdom"), "{got:?}");
    }

    #[test]
    fn a_foreign_place_after_a_provinces_possessive_names_a_venue_there() {
        let places = "id\ttype\tname\tkind\tparent\tcountry\n\
            KH\tPLACE\tCambodia\tcountry\t\t\n\
            KH-20\tPLACE\tSvay Rieng\tprovince\tKH\t\n\
            KH-2008\tPLACE\tBavet\tmunicipality\tKH-20\tKH\n\
            VN-town-moc-bai\tPLACE\tMoc Bai\tborder_town\t\tVN\n";
        let text = "Workers left Svay Rieng's Moc Bai casino compound. Bavet's Moc Bai hotel \
                    closed. Trucks crossed at Svay Rieng's Moc Bai border gate, near Vietnam's \
                    Moc Bai casino.";
        let got = run(&[("p.tsv", places)], text);
        let found: Vec<&str> = got.iter().map(|(t, _, _)| t.as_str()).collect();
        // A venue word must follow; a place of the same country stays ("Vietnam" is not
        // listed here, so its Moc Bai has no possessor).
        assert_eq!(
            found,
            ["Svay Rieng", "Bavet", "Svay Rieng", "Moc Bai", "Moc Bai"],
            "{got:?}"
        );
    }

    #[test]
    fn another_countrys_demonym_or_name_after_of_keeps_a_body_off_its_entry() {
        let lists = "id\ttype\tname\taliases\tkind\tcountry\n\
            KH\tPLACE\tCambodia\t\tcountry\t\n\
            TH\tPLACE\tThailand\t\tcountry\t\n\
            KH-12\tPLACE\tPhnom Penh\t\tcapital\tKH\n\
            org:mfaic\tORG\tMinistry of Foreign Affairs\tForeign Ministry\tministry\tKH\n";
        let mut b = GazetteerBuilder::new();
        b.add_source("l.tsv", lists).unwrap();
        let g = b.build().unwrap();
        let text = "The Thai foreign ministry, the Cambodian foreign ministry, the Foreign \
                    Ministry of Thailand, the Foreign Ministry of Cambodia, the Foreign Ministry \
                    of Phnom Penh, Thai Foreign Ministry staff and the thai foreign ministry.";
        let mut tokens = Vec::new();
        tonle_text::tokenize(text, &mut tokens);
        let (mut out, mut foreign) = (Vec::new(), Vec::new());
        g.find_noting_foreign(text, &tokens, &mut out, &mut foreign);
        let left_out: Vec<(usize, &str, bool)> = foreign
            .iter()
            .map(|f| (f.start as usize, g.entry(f.country).id.as_str(), f.demonym))
            .collect();
        let at = |from: usize| text[from..].find("oreign").unwrap() + from - 1;
        // Cambodia's own demonym and name, a city after "of", and a demonym in lower case
        // (not a capitalized adjective) keep the entry.
        assert_eq!(
            left_out,
            [
                (at(0), "TH", true),
                (
                    at(text.find("Ministry of Thailand").unwrap() - 9),
                    "TH",
                    false
                ),
                (at(text.find("Thai Foreign").unwrap()), "TH", true),
            ],
            "{text}"
        );
        assert_eq!(
            out.iter()
                .filter(|m| g.entry(m.entry).id == "org:mfaic")
                .count(),
            4
        );
    }

    #[test]
    fn another_countrys_possessive_keeps_a_body_off_its_entry() {
        let lists = "id\ttype\tname\taliases\tkind\tcountry\n\
            KH\tPLACE\tCambodia\t\tcountry\t\n\
            VN\tPLACE\tVietnam\t\tcountry\t\n\
            TH\tPLACE\tThailand\t\tcountry\t\n\
            KH-12\tPLACE\tPhnom Penh\t\tcapital\tKH\n\
            org:mfaic\tORG\tMinistry of Foreign Affairs\tForeign Ministry\tministry\tKH\n\
            org:moi\tORG\tMinistry of Interior\t\tministry\tKH\n\
            org:un\tORG\tUnited Nations\t\t\t\n";
        let mut b = GazetteerBuilder::new();
        b.add_source("l.tsv", lists).unwrap();
        let g = b.build().unwrap();
        let text = "Vietnam's foreign ministry and Thailand’s Ministry of Interior wrote to \
                    Cambodia's Foreign Ministry, Phnom Penh's Ministry of Interior and \
                    Vietnam's United Nations office; Vietnam 's foreign ministry.";
        let mut tokens = Vec::new();
        tonle_text::tokenize(text, &mut tokens);
        let (mut out, mut foreign) = (Vec::new(), Vec::new());
        g.find_noting_foreign(text, &tokens, &mut out, &mut foreign);
        let ids: Vec<(&str, &str)> = out
            .iter()
            .map(|m| (m.as_str(text), g.entry(m.entry).id.as_str()))
            .collect();
        // Cambodia's own, a city's (no country), a body with no country, and a possessive
        // written apart keep their entries.
        assert_eq!(
            ids,
            [
                ("Vietnam", "VN"),
                ("Thailand", "TH"),
                ("Cambodia", "KH"),
                ("Foreign Ministry", "org:mfaic"),
                ("Phnom Penh", "KH-12"),
                ("Ministry of Interior", "org:moi"),
                ("Vietnam", "VN"),
                ("United Nations", "org:un"),
                ("Vietnam", "VN"),
                ("foreign ministry", "org:mfaic"),
            ]
        );
        let left_out: Vec<(&str, &str, &str)> = foreign
            .iter()
            .map(|f| {
                (
                    &text[f.start as usize..f.end as usize],
                    g.entry(f.listed).id.as_str(),
                    g.entry(f.country).id.as_str(),
                )
            })
            .collect();
        assert_eq!(
            left_out,
            [
                ("foreign ministry", "org:mfaic", "VN"),
                ("Ministry of Interior", "org:moi", "TH"),
            ]
        );
        // `find` agrees, without saying what it left out.
        let mut plain = Vec::new();
        g.find(text, &tokens, &mut plain);
        assert_eq!(plain, out);
    }

    #[test]
    fn a_shared_name_is_the_one_of_a_place_it_is_in_named_near_it() {
        let units = "id\ttype\tname\taliases\tkind\tparent\n\
            KH-3\tPLACE\tKampong Cham\t\tprovince\t\n\
            KH-17\tPLACE\tSiem Reap\t\tprovince\t\n\
            KH-0313\tPLACE\tPrey Chhor\t\tdistrict\tKH-3\n\
            KH-1711\tPLACE\tSoutr Nikom\t\tdistrict\tKH-17\n\
            KH-031311\tPLACE\tSamraong\tSamraong commune\tcommune\tKH-0313\n\
            KH-171109\tPLACE\tSamraong\tSamraong commune\tcommune\tKH-1711\n\
            KH-171199\tPLACE\tSamraong\tSamraong village\tvillage\tKH-171109\n";
        let ids = |text: &str| -> Vec<String> {
            run(&[("u.tsv", units)], text)
                .into_iter()
                .filter(|(t, _, _)| t.starts_with("Samraong"))
                .map(|(_, id, _)| id)
                .collect()
        };
        // The province two levels up decides; so does the district.
        assert_eq!(ids("Samraong commune, Siem Reap."), ["KH-171109"]);
        assert_eq!(ids("Samraong commune, Kampong Cham."), ["KH-031311"]);
        assert_eq!(ids("Samraong commune in Prey Chhor."), ["KH-031311"]);
        // The sentence's place first, whatever the rest of the document names more often.
        assert_eq!(
            ids("Siem Reap, Siem Reap, Siem Reap. Samraong commune, Kampong Cham, flooded."),
            ["KH-031311"]
        );
        // No sentence says: the document's.
        assert_eq!(
            ids("Siem Reap flooded. Samraong commune too.\n\nSamraong commune again."),
            ["KH-171109", "KH-171109"]
        );
        // "Samraong village" is the village, not one of the communes it is in.
        assert_eq!(ids("Samraong village, Siem Reap."), ["KH-171199"]);
    }

    #[test]
    fn rules_read_back_from_their_names() {
        for rule in ResolvedBy::ALL {
            assert_eq!(rule.as_str().parse(), Ok(rule));
        }
        assert!("nearby".parse::<ResolvedBy>().is_err());
    }

    #[test]
    fn shared_names_are_resolved_by_context() {
        let places = "id\ttype\tname\tkind\tparent\n\
            KH-2\tPLACE\tBattambang\tprovince\t\n\
            KH-0203\tPLACE\tBattambang\tmunicipality\tKH-2\n\
            person:battambang\tPERSON\tBattambang\t\t\n";
        let got = run(
            &[("p.tsv", places)],
            "Battambang town, Battambang province, Governor Battambang.",
        );
        let rules: Vec<(&str, Option<ResolvedBy>)> =
            got.iter().map(|(_, id, r)| (id.as_str(), *r)).collect();
        assert_eq!(
            rules,
            [
                ("KH-0203", Some(ResolvedBy::Keyword)),
                ("KH-2", Some(ResolvedBy::Keyword)),
                ("person:battambang", Some(ResolvedBy::Title)),
            ]
        );
        let districts = "id\ttype\tname\tkind\tparent\n\
            KH-21\tPLACE\tTakeo\tprovince\t\n\
            KH-22\tPLACE\tOddar Meanchey\tprovince\t\n\
            KH-2108\tPLACE\tSamraong\tdistrict\tKH-21\n\
            KH-2205\tPLACE\tSamraong\tdistrict\tKH-22\n";
        let got = run(
            &[("d.tsv", districts)],
            "Officials in Oddar Meanchey said that Samraong was calm.",
        );
        assert_eq!(
            (got[1].1.as_str(), got[1].2),
            ("KH-2205", Some(ResolvedBy::Document))
        );
        let got = run(&[("p.tsv", places)], "Battambang.");
        assert_eq!(got[0].2, Some(ResolvedBy::Default));
    }
}
