//! One document → its records: its zones (page furniture), tokens and sentences (never across
//! a zone boundary), gazetteer mentions (and pattern names), numbers with their context, each
//! number's place, then one [`Record`] per mention in start order (at one offset, entities
//! before numbers), leaving out mentions in boilerplate unless asked to keep them; with
//! documents on, a document record first.

use std::borrow::Cow;
use std::cell::RefCell;

use serde_json::value::RawValue;
use tonle_corpus::{Document, Zone, Zones};
use tonle_gazetteer::{EntityType, ForeignBody, Gazetteer, Mention};
use tonle_numbers::{Category, NumberMention, Time};
use tonle_text::{sentence_of, split_sentences_at, tokenize, CharOffsets, Token};
use tonle_tune::suggest::PatternMention;

use crate::designator::{add_place_bodies, take_designators};
use crate::place::place_numbers;
use crate::quote::{find_quotes, Named, Quote, SpeakerRef};
use crate::record::{
    Detail, DocumentInfo, Entity, Event, Number, PartOf, Period, Place, PlaceBy, Province,
    QuoteInfo, Record, Source, Speaker, ZoneRange,
};

/// Buffers reused from one document to the next on a thread.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) tokens: Vec<Token>,
    pub(crate) sentences: Vec<u32>,
    pub(crate) mentions: Vec<Mention>,
    pub(crate) numbers: Vec<NumberMention>,
    /// Per number: index of the place mention it is tied to, and what tied it.
    pub(crate) places: Vec<Option<(usize, PlaceBy)>>,
    /// Buffers of the pattern names' search.
    pub(crate) pattern_finder: tonle_tune::suggest::PatternFinder,
    /// Per mention: the byte start of the organization whose name it is inside, if any.
    pub(crate) within: Vec<Option<u32>>,
    /// Places found inside organizations' names, with the organization's byte start.
    nested: Vec<(Mention, u32)>,
    /// Listed bodies a possessive gives to another country ("Vietnam's foreign ministry").
    foreign: Vec<ForeignBody>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// What the extractor needs besides the document: the compiled lists and the options.
pub(crate) struct Extractor {
    pub(crate) gazetteer: Gazetteer,
    pub(crate) patterns: bool,
    /// Write the mentions in boilerplate zones too.
    pub(crate) keep_boilerplate: bool,
    /// Write a document record before each document's mentions.
    pub(crate) documents: bool,
    /// Write quote records, and the speakers of the numbers inside them.
    pub(crate) quotes: bool,
    /// Per gazetteer entry: its province's entry (see [`crate::place::provinces`]).
    pub(crate) provinces: Vec<Option<u32>>,
}

impl Extractor {
    /// Calls `each` with every record of `doc`, in output order; returns how many there were.
    /// The records borrow from the document, the gazetteer and this call's buffers.
    pub(crate) fn for_each_record(&self, doc: &Document, each: &mut dyn FnMut(&Record)) -> usize {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => self.records_with(&mut s, doc, each),
            // Called again from inside `each`: this call gets buffers of its own.
            Err(_) => self.records_with(&mut Scratch::default(), doc, each),
        })
    }

    fn records_with(
        &self,
        s: &mut Scratch,
        doc: &Document,
        each: &mut dyn FnMut(&Record),
    ) -> usize {
        let g = &self.gazetteer;
        let text = doc.text.as_str();
        // A scrape's title line is the title; otherwise the metadata's, if any.
        let title = match doc.header {
            Some(_) => None,
            None => doc.meta_str("title"),
        };
        let zones = tonle_corpus::zones(text, doc.header.as_ref(), title.as_deref());
        tokenize(text, &mut s.tokens);
        split_sentences_at(text, &s.tokens, zones.boundaries(), &mut s.sentences);
        g.find_noting_foreign(text, &s.tokens, &mut s.mentions, &mut s.foreign);
        let mut patterns = if self.patterns {
            let found = s
                .pattern_finder
                .find(g, text, &s.tokens, &s.sentences, &s.mentions);
            drop_mentions_inside_longer_names(&mut s.mentions, &found);
            found
        } else {
            Vec::new()
        };
        drop_wire_credits(g, text, &mut s.mentions, &mut patterns);
        // Names the lists found, only not as their entries: written without patterns too.
        add_foreign_bodies(g, text, &s.foreign, &mut patterns);
        if self.patterns {
            add_place_bodies(g, text, &s.tokens, &s.mentions, &mut patterns);
        }
        take_designators(g, text, &s.tokens, &mut s.mentions, &mut patterns);
        places_within_organizations(g, text, s, &patterns);
        tonle_numbers::extract(text, &s.tokens, &mut s.numbers);
        tonle_numbers::link(text, &s.tokens, &s.sentences, &mut s.numbers);
        let published = doc.date.map(|d| (d.year(), d.month(), d.day()));
        let times = tonle_numbers::times(text, &s.tokens, &s.sentences, &s.numbers, published);
        place_numbers(g, text, s);
        let repeats = mark_repeats(s);
        let speakers = if self.quotes {
            speakers(g, s, &patterns)
        } else {
            Vec::new()
        };
        let quotes = if self.quotes {
            let names: Vec<Named> = speakers.iter().map(|(n, _, _)| *n).collect();
            find_quotes(&crate::quote::Context::new(
                text,
                &s.tokens,
                &s.sentences,
                &names,
            ))
        } else {
            Vec::new()
        };
        let meta_object = meta_object(doc);
        let meta = meta_object.as_deref();
        let mut written = 0;
        if self.documents {
            each(&document_record(doc, &zones, meta));
            written += 1;
        }
        let mut make = Maker {
            doc,
            text,
            sentences: &s.sentences,
            offsets: CharOffsets::new(text),
            meta,
            zone: Zone::Body,
        };
        // Everything in start order; at one offset entities first, then patterns, numbers.
        let mut order: Vec<(u32, u8, u32)> =
            Vec::with_capacity(s.mentions.len() + s.numbers.len() + patterns.len());
        order.extend(
            s.mentions
                .iter()
                .enumerate()
                .map(|(k, m)| (m.start, 0, k as u32)),
        );
        order.extend(
            patterns
                .iter()
                .enumerate()
                .map(|(k, p)| (p.start as u32, 1, k as u32)),
        );
        order.extend(
            s.numbers
                .iter()
                .enumerate()
                .map(|(k, m)| (m.start, 2, k as u32)),
        );
        order.extend(
            quotes
                .iter()
                .enumerate()
                .map(|(k, q)| (q.start, 3, k as u32)),
        );
        order.sort_unstable();
        // The quote each number is in, if any (quotes do not overlap one another much: the
        // innermost, latest-starting one holding the number wins).
        let speaker_of = |at: u32| -> Option<&Quote> {
            let k = quotes.partition_point(|q| q.start <= at);
            // A few back at most: quotes rarely nest, and a long document has many.
            quotes[..k]
                .iter()
                .rev()
                .take(3)
                .find(|q| at < q.end && q.speaker.is_some())
        };
        // Code-point offsets of the numbers met so far, for `repeat_of`.
        let mut number_starts = vec![0; s.numbers.len()];
        for &(start, stream, k) in &order {
            if stream == 2 {
                let m = &s.numbers[k as usize];
                number_starts[k as usize] = make.offsets.char_offset(m.start as usize);
            }
            let zone = zones.zone_at(start as usize);
            if zone == Zone::Url || zone == Zone::Boilerplate && !self.keep_boilerplate {
                continue;
            }
            make.zone = zone;
            written += 1;
            let k = k as usize;
            match stream {
                0 => each(&make.entity(g, &s.mentions[k], s.within[k])),
                1 => {
                    let p = &patterns[k];
                    let first_token = s.tokens.partition_point(|t| (t.end as usize) <= p.start);
                    each(&make.pattern(p, first_token as u32));
                }
                2 => {
                    let m = &s.numbers[k];
                    let whole = m.parent.map(|p| &s.numbers[p as usize]);
                    let place = s.places[k].map(|(p, by)| {
                        let entry = s.mentions[p].entry;
                        let province = self.provinces[entry as usize].map(|i| g.entry(i));
                        (g.entry(entry), by, province)
                    });
                    let repeat_of = repeats[k].map(|a| number_starts[a as usize]);
                    // A part with no time of its own ("162 were identified", after the
                    // sentence of its whole) takes its whole's.
                    let time = times[k]
                        .as_ref()
                        .or_else(|| m.parent.and_then(|p| times[p as usize].as_ref()));
                    let date = m.date.map(|d| d.iso());
                    let mut record = make.number(m, whole, place, time, date.as_deref(), repeat_of);
                    if let (Detail::Number(n), Some(q)) = (&mut record.detail, speaker_of(m.start))
                    {
                        n.speaker = make.speaker(&speakers, q, false);
                    }
                    each(&record);
                }
                _ => {
                    let q = &quotes[k];
                    each(&make.quote(q, &speakers));
                }
            }
        }
        written
    }
}

/// The record of a whole document: its text, metadata and zones (in code points, covering
/// the text).
fn document_record<'r>(doc: &'r Document, zones: &Zones, meta: Option<&'r RawValue>) -> Record<'r> {
    let text = doc.text.as_str();
    let mut offsets = CharOffsets::new(text);
    let mut ranges = Vec::with_capacity(zones.spans().len() * 2 + 1);
    let mut at = 0;
    for span in zones.spans() {
        let (start, end) = (
            offsets.char_offset(span.start),
            offsets.char_offset(span.end),
        );
        if start > at {
            ranges.push(ZoneRange {
                zone: Zone::Body,
                start: at,
                end: start,
            });
        }
        ranges.push(ZoneRange {
            zone: span.zone,
            start,
            end,
        });
        at = end;
    }
    let length = offsets.char_offset(text.len());
    if length > at {
        ranges.push(ZoneRange {
            zone: Zone::Body,
            start: at,
            end: length,
        });
    }
    let info = DocumentInfo {
        url: doc.meta_str("url").map(Cow::Owned),
        // The metadata's title, else the line zoned as the headline.
        title: match doc.meta_str("title") {
            Some(t) => Some(Cow::Owned(t)),
            None => zones
                .spans()
                .iter()
                .find(|s| s.zone == Zone::Headline)
                .map(|s| Cow::Borrowed(&text[s.start..s.end])),
        },
        date: doc.date,
        date_from: doc.date_from,
        language: doc
            .meta_str("language")
            .or_else(|| doc.meta_str("lang"))
            .map(Cow::Owned),
        length,
        zones: ranges,
        duplicate_of: None,
    };
    Record {
        doc: Cow::Borrowed(&doc.id),
        text: Cow::Borrowed(text),
        start: 0,
        end: length,
        sentence: 0,
        zone: None,
        detail: Detail::Document(info),
        meta: meta.map(Cow::Borrowed),
    }
}

/// Drops an agency's credit in a dateline, "MOSCOW, February 7. /TASS/." or "PHNOM PENH
/// (Reuters) -", listed or found by its shape: the credit says who wrote the story, not what
/// it is about.
fn drop_wire_credits(
    g: &Gazetteer,
    text: &str,
    mentions: &mut Vec<Mention>,
    patterns: &mut Vec<PatternMention>,
) {
    let bytes = text.as_bytes();
    let credit = |start: usize, end: usize| {
        let around = (
            start.checked_sub(1).map(|b| bytes[b]),
            bytes.get(end).copied(),
        );
        let slashed = around == (Some(b'/'), Some(b'/'));
        let bracketed = around == (Some(b'('), Some(b')'));
        // Asked of every mention: the bytes around it settle nearly all of them.
        if !slashed && !bracketed {
            return false;
        }
        // What the line holds before the credit: a dateline, short; before a bracket, only
        // the place in capitals ("(FATF) —" after a name defines an acronym).
        let line = text
            .get(..start)
            .and_then(|t| t.rsplit('\n').next())
            .unwrap_or("")
            .trim_end_matches(['(', '/']);
        if slashed {
            return line.len() <= 60;
        }
        let rest = text.get(end + 1..).unwrap_or("");
        !line.trim().is_empty()
            && line.chars().all(|c| !c.is_lowercase())
            && [" -", " \u{2013}", " \u{2014}"]
                .iter()
                .any(|dash| rest.starts_with(dash))
    };
    mentions.retain(|m| {
        g.entry(m.entry).kind != EntityType::Org || !credit(m.start as usize, m.end as usize)
    });
    patterns.retain(|p| p.typ != "ORG" || !credit(p.start, p.end));
}

/// Drops the list mentions a pattern person's or facility's name contains ("Holland" in
/// "Reporting by Steve Holland", "Phnom Penh" in "Phnom Penh International Airport"): the
/// longer name is the name there. Both are in start order.
fn drop_mentions_inside_longer_names(mentions: &mut Vec<Mention>, patterns: &[PatternMention]) {
    let longer: Vec<&PatternMention> = patterns
        .iter()
        .filter(|p| p.typ == "PERSON" || p.kind.is_some_and(tonle_tune::suggest::is_facility))
        .collect();
    if longer.is_empty() {
        return;
    }
    mentions.retain(|m| {
        let at = longer.partition_point(|p| p.end <= m.start as usize);
        !longer
            .get(at)
            .is_some_and(|p| p.start <= m.start as usize && m.end as usize <= p.end)
    });
}

/// Writes the listed bodies a possessive gives to another country ("Vietnam's foreign
/// ministry", "Thailand's Ministry of Interior") as names no list has, with that country's
/// id: the listed entry is the body of its own country. A pattern name found on the same
/// words ("Ministry of Interior" by its designator) takes the country. Keeps `found` in start
/// order.
fn add_foreign_bodies(
    g: &Gazetteer,
    text: &str,
    foreign: &[ForeignBody],
    found: &mut Vec<PatternMention>,
) {
    if foreign.is_empty() {
        return;
    }
    for f in foreign {
        let country = g.entry(f.country);
        let (start, end) = (f.start as usize, f.end as usize);
        match found.iter_mut().find(|p| p.start < end && start < p.end) {
            Some(p) if p.typ == "ORG" => p.country = Some(country.id.clone()),
            Some(_) => {}
            None => found.push(PatternMention {
                start,
                end,
                typ: "ORG",
                kind: body_kind(g.entry(f.listed)),
                evidence: if f.demonym {
                    let before = text[..start].trim_end();
                    let word = before.rsplit(char::is_whitespace).next().unwrap_or(before);
                    format!("\"{word} X\"")
                } else {
                    format!("\"{}'s X\"", country.name)
                },
                name: single_spaced(&text[start..end]).into_owned(),
                alias: None,
                resolved_by: None,
                country: Some(country.id.clone()),
            }),
        }
    }
    found.sort_by_key(|p| (p.start, std::cmp::Reverse(p.end)));
}

/// The `kind` of a listed body, when it is one pattern names give too (`ministry`, `police`,
/// ...).
fn body_kind(entry: &tonle_gazetteer::Entry) -> Option<&'static str> {
    const KINDS: &[&str] = &[
        "ministry",
        "committee",
        "court",
        "police",
        "government",
        "party",
        "ngo",
        "company",
        "media",
        "military",
        "other",
    ];
    let (_, kind) = entry.attrs.iter().find(|(k, _)| k == "kind")?;
    KINDS.iter().copied().find(|k| k == kind)
}

/// Marks the places inside organizations' names, and finds those the organization's match hid
/// ("Siem Reap" in a listed "Siem Reap Provincial Hall"), so that counts of places see them:
/// `s.within` gets, per mention, the byte start of the organization it is inside.
fn places_within_organizations(
    g: &Gazetteer,
    text: &str,
    s: &mut Scratch,
    patterns: &[PatternMention],
) {
    s.within.clear();
    s.within.resize(s.mentions.len(), None);
    let orgs = patterns.iter().filter(|p| p.typ == "ORG");
    for p in orgs {
        let at = s.mentions.partition_point(|m| (m.start as usize) < p.start);
        for (k, m) in s.mentions.iter().enumerate().skip(at) {
            if m.start as usize >= p.end {
                break;
            }
            if m.end as usize <= p.end && g.entry(m.entry).kind == EntityType::Place {
                s.within[k] = Some(p.start as u32);
            }
        }
    }
    let mut found = std::mem::take(&mut s.nested);
    g.places_within(text, &s.tokens, &s.mentions, &mut found);
    if !found.is_empty() {
        let mut all: Vec<(Mention, Option<u32>)> =
            s.mentions.drain(..).zip(s.within.drain(..)).collect();
        all.extend(found.iter().map(|&(m, org)| (m, Some(org))));
        all.sort_by_key(|(m, _)| (m.start, std::cmp::Reverse(m.end)));
        for (m, w) in all {
            s.mentions.push(m);
            s.within.push(w);
        }
    }
    s.nested = found;
}

/// A candidate speaker: where it is named, its canonical name, and its id.
type SpeakerName<'r> = (Named, &'r str, SpeakerId<'r>);

/// A candidate speaker's id: a listed entry's, or, for a pattern name, made only if it
/// speaks (most never do) from its name and the country a possessive gives it, if any.
#[derive(Clone, Copy)]
enum SpeakerId<'r> {
    Listed(&'r str),
    Pattern { country: Option<&'r str> },
}

/// The id of a pattern name: derived from its type and name, and the id of the country a
/// possessive gives it ("Vietnam's foreign ministry": `org:foreign-ministry-vn`), so that
/// no other country's body shares the id of a listed one (`org:supreme-court`).
fn pattern_id(typ: &str, name: &str, country: Option<&str>) -> String {
    match country {
        Some(country) => tonle_gazetteer::derived_id(typ, &format!("{name} {country}")),
        None => tonle_gazetteer::derived_id(typ, name),
    }
}

/// The people and organizations of a document, listed or typed by patterns, in start order.
fn speakers<'r>(
    g: &'r Gazetteer,
    s: &Scratch,
    patterns: &'r [PatternMention],
) -> Vec<SpeakerName<'r>> {
    let mut out: Vec<SpeakerName> = Vec::new();
    for m in &s.mentions {
        let entry = g.entry(m.entry);
        let person = entry.kind == EntityType::Person;
        if person || entry.kind == EntityType::Org {
            let named = Named {
                start: m.start,
                end: m.end,
                person,
            };
            out.push((named, &entry.name, SpeakerId::Listed(&entry.id)));
        }
    }
    for p in patterns
        .iter()
        .filter(|p| matches!(p.typ, "PERSON" | "ORG"))
    {
        let named = Named {
            start: p.start as u32,
            end: p.end as u32,
            person: p.typ == "PERSON",
        };
        let country = p.country.as_deref();
        out.push((named, &p.name, SpeakerId::Pattern { country }));
    }
    out.sort_by_key(|(n, _, _)| (n.start, std::cmp::Reverse(n.end)));
    out
}

/// A document's metadata as one JSON object, made once and shared by its records.
fn meta_object(doc: &Document) -> Option<Box<RawValue>> {
    /// The metadata's fields, as the members of one object.
    struct Members<'d>(&'d [(String, Box<RawValue>)]);
    impl serde::Serialize for Members<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(key, value)| (key, value)))
        }
    }
    if doc.meta.is_empty() {
        return None;
    }
    // Keys are strings and values were JSON already, so this cannot fail; and unlike reading
    // a hand-made object back, it does not parse the whole object again to check it.
    serde_json::value::to_raw_value(&Members(&doc.meta)).ok()
}

/// `text` with each run of whitespace made one space (a noun phrase broken over lines),
/// borrowed when it is so already.
fn single_spaced(text: &str) -> Cow<'_, str> {
    let mut words = text.split(' ');
    let already = words.all(|w| !w.is_empty() && !w.contains(char::is_whitespace));
    if already {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// A number's place entry, what tied it, and the entry of its province.
type PlaceOf<'r> = (
    &'r tonle_gazetteer::Entry,
    PlaceBy,
    Option<&'r tonle_gazetteer::Entry>,
);

/// Per number: the index of the first mention of the same figure in the document (same
/// value, category and counted head; money in the same currency), when it repeats one. The
/// first mention is the claim: when it lacks the event or place a repeat gives ("Police Free
/// 214 Foreign Workers" in a headline, "freeing 214 foreign workers" in Poipet in the lead),
/// it takes them, so that a sum over the records without `repeat_of` counts the claim once.
fn mark_repeats(s: &mut Scratch) -> Vec<Option<u32>> {
    let mut first: std::collections::HashMap<(u64, Category, &str), u32> = Default::default();
    let mut repeats = vec![None; s.numbers.len()];
    for (k, m) in s.numbers.iter().enumerate() {
        let what = match m.category {
            Category::Count | Category::Rate => m.counted_head.as_deref(),
            Category::Money => m.currency,
            _ => None,
        };
        let Some(what) = what.filter(|_| !m.agent && m.value.is_finite()) else {
            continue;
        };
        let a = *first
            .entry((m.value.to_bits(), m.category, what))
            .or_insert(k as u32);
        if a != k as u32 {
            repeats[k] = Some(a);
        }
    }
    drop(first);
    // The title: a headline's verbs are guessed from capitalized words ("High-Rise").
    let title_end = s
        .tokens
        .iter()
        .skip(1)
        .position(|t| t.gap == tonle_text::Gap::Paragraph)
        .map_or(0, |p| p + 1) as u32;
    for (k, a) in repeats.iter().enumerate() {
        let Some(a) = a.map(|a| a as usize) else {
            continue;
        };
        let headline = s.numbers[a].first_token < title_end;
        if (headline || s.numbers[a].event.is_none()) && s.numbers[k].event.is_some() {
            (s.numbers[a].event, s.numbers[a].negated) =
                (s.numbers[k].event.clone(), s.numbers[k].negated);
        }
        if s.places[a].is_none_or(|(_, by)| by != PlaceBy::Sentence)
            && s.places[k].is_some_and(|(_, by)| by == PlaceBy::Sentence)
        {
            s.places[a] = s.places[k];
        }
    }
    repeats
}

/// Makes the records of one document.
struct Maker<'a> {
    doc: &'a Document,
    text: &'a str,
    sentences: &'a [u32],
    offsets: CharOffsets<'a>,
    meta: Option<&'a RawValue>,
    /// The zone of the record being made.
    zone: Zone,
}

impl<'a> Maker<'a> {
    /// Code-point offsets of a byte range.
    fn chars(&mut self, (start, end): (u32, u32)) -> (usize, usize) {
        (
            self.offsets.char_offset(start as usize),
            self.offsets.char_offset(end as usize),
        )
    }

    fn record<'r>(
        &self,
        (start, end): (u32, u32),
        chars: (usize, usize),
        first_token: u32,
        detail: Detail<'r>,
    ) -> Record<'r>
    where
        'a: 'r,
    {
        Record {
            doc: Cow::Borrowed(&self.doc.id),
            text: Cow::Borrowed(&self.text[start as usize..end as usize]),
            start: chars.0,
            end: chars.1,
            sentence: sentence_of(self.sentences, first_token),
            zone: Some(self.zone),
            detail,
            meta: self.meta.map(Cow::Borrowed),
        }
    }

    fn entity<'r>(&mut self, g: &'r Gazetteer, m: &Mention, within: Option<u32>) -> Record<'r>
    where
        'a: 'r,
    {
        let entry = g.entry(m.entry);
        let span = (m.start, m.end);
        let chars = self.chars(span);
        let within = within.map(|w| self.offsets.char_offset(w as usize));
        let entity = Entity {
            entity_type: Cow::Borrowed(&entry.kind),
            canonical: Cow::Borrowed(&entry.name),
            id: Cow::Borrowed(&entry.id),
            list: Cow::Borrowed(g.list_name(m.list)),
            resolved_by: m.resolved_by,
            source: Source::Gazetteer,
            within,
            attrs: Cow::Borrowed(&entry.attrs),
        };
        self.record(span, chars, m.first_token, Detail::Entity(entity))
    }

    /// The speaker of quote `q`; with `at`, the offset of the words naming it there.
    fn speaker<'r>(
        &mut self,
        speakers: &'r [SpeakerName<'r>],
        q: &Quote,
        at: bool,
    ) -> Option<Speaker<'r>>
    where
        'a: 'r,
    {
        let (name, id): (Cow<'r, str>, Cow<'r, str>) = match q.speaker? {
            SpeakerRef::Name(k) => {
                let (named, name, id) = speakers.get(k)?;
                let id = match id {
                    SpeakerId::Listed(id) => Cow::Borrowed(*id),
                    SpeakerId::Pattern { country } => {
                        let typ = if named.person { "PERSON" } else { "ORG" };
                        Cow::Owned(pattern_id(typ, name, *country))
                    }
                };
                (Cow::Borrowed(*name), id)
            }
            SpeakerRef::Text { start, end, person } => {
                let name = single_spaced(&self.text[start as usize..end as usize]).into_owned();
                let id = tonle_gazetteer::derived_id(if person { "PERSON" } else { "ORG" }, &name);
                (Cow::Owned(name), Cow::Owned(id))
            }
        };
        Some(Speaker {
            name,
            id,
            start: q
                .speaker_at
                .filter(|_| at)
                .map(|b| self.offsets.char_offset(b as usize)),
        })
    }

    fn quote<'r>(&mut self, q: &Quote, speakers: &'r [SpeakerName<'r>]) -> Record<'r>
    where
        'a: 'r,
    {
        let span = (q.start, q.end);
        let chars = self.chars(span);
        let info = QuoteInfo {
            direct: q.direct,
            speaker: self.speaker(speakers, q, true),
            verb: q.verb.map(Cow::Borrowed),
        };
        self.record(span, chars, q.first_token, Detail::Quote(info))
    }

    fn pattern<'r>(&mut self, p: &'r PatternMention, first_token: u32) -> Record<'r>
    where
        'a: 'r,
    {
        let mut attrs = Vec::with_capacity(2);
        if let Some(kind) = p.kind {
            attrs.push(("kind".to_string(), kind.to_string()));
        }
        attrs.push(("evidence".to_string(), p.evidence.clone()));
        if let Some(country) = &p.country {
            attrs.push(("country".to_string(), country.clone()));
        }
        let entity = Entity {
            entity_type: Cow::Owned(EntityType::parse(p.typ)),
            canonical: Cow::Borrowed(&p.name),
            id: Cow::Owned(pattern_id(p.typ, &p.name, p.country.as_deref())),
            list: Cow::Borrowed("(pattern)"),
            resolved_by: p.resolved_by,
            source: Source::Pattern,
            within: None,
            attrs: Cow::Owned(attrs),
        };
        let span = (p.start as u32, p.end as u32);
        let chars = self.chars(span);
        self.record(span, chars, first_token, Detail::Entity(entity))
    }

    fn number<'r>(
        &mut self,
        m: &'r NumberMention,
        whole: Option<&NumberMention>,
        place: Option<PlaceOf<'r>>,
        time: Option<&'r Time>,
        date: Option<&'r str>,
        repeat_of: Option<usize>,
    ) -> Record<'r>
    where
        'a: 'r,
    {
        let (low, high) = match (m.low, m.high) {
            (Some(low), Some(high)) => (Some(low), Some(high)),
            _ => (None, None),
        };
        let span = (m.start, m.end);
        let chars = self.chars(span);
        // After the number's own offsets: the converter is fastest going forward, and this
        // is the order records were always converted in.
        let part_of = match (whole, m.relation) {
            (Some(whole), Some(relation)) => Some(PartOf {
                relation,
                parent_start: self.offsets.char_offset(whole.start as usize),
                parent_text: Cow::Borrowed(whole.as_str(self.text)),
            }),
            _ => None,
        };
        let number = Number {
            value: m.value,
            category: m.category,
            low,
            high,
            qualifier: m.qualifier,
            vague: m.vague,
            unit: m.unit.map(Cow::Borrowed),
            currency: m.currency.map(Cow::Borrowed),
            per: m.per.map(Cow::Borrowed),
            counted: m
                .counted
                .map(|(a, b)| single_spaced(&self.text[a as usize..b as usize])),
            counted_head: m.counted_head.as_deref().map(Cow::Borrowed),
            part_of,
            event: m.event.as_deref().map(|lemma| Event {
                lemma: Cow::Borrowed(lemma),
                negated: m.negated,
            }),
            place: place.map(|(p, by, province)| Place {
                name: Cow::Borrowed(&p.name),
                id: Cow::Borrowed(&p.id),
                by: Some(by),
                province: province.map(|p| Province {
                    name: Cow::Borrowed(&p.name),
                    id: Cow::Borrowed(&p.id),
                }),
            }),
            date: date.map(Cow::Borrowed),
            time: time.map(|t| Period {
                start: Cow::Borrowed(&t.start),
                end: t.end.as_deref().map(Cow::Borrowed),
            }),
            agent: m.agent,
            repeat_of,
            speaker: None,
        };
        self.record(span, chars, m.first_token, Detail::Number(number))
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use crate::{Date, Document, Kind, Record, Tonle};

    fn tonle() -> Tonle {
        let mut b = tonle_gazetteer::GazetteerBuilder::new();
        b.add_source(
            "t.tsv",
            "id\ttype\tname\taliases\tkind\tparent\tcountry\n\
             KH-22\tPLACE\tOddar Meanchey\tឧត្តរមានជ័យ\tprovince\t\tKH\n\
             KH-20\tPLACE\tSvay Rieng\t\tprovince\t\tKH\n\
             KH-2008\tPLACE\tBavet\tBAVET\tmunicipality\tKH-20\tKH\n\
             KH-bc-bavet\tPLACE\tBavet-Moc Bai border crossing\tBavet checkpoint\t\
             border_crossing\tKH-2008\tKH\n\
             KH-200801\tPLACE\tPrasat\t\tcommune\tKH-2008\tKH\n\
             TH\tPLACE\tThailand\t\tcountry\t\tTH\n\
             KH\tPLACE\tCambodia\t\tcountry\t\tKH\n\
             KH-18\tPLACE\tPreah Sihanouk\t\tprovince\t\tKH\n\
             continent-asia\tPLACE\tAsia\t\tcontinent\t\t\n\
             region-southeast-asia\tPLACE\tSoutheast Asia\t\tregion\t\t\n",
        )
        .unwrap();
        Tonle::with_gazetteer(b.build().unwrap())
    }

    /// The name of the place of the count written `text`.
    fn place_name<'r>(recs: &'r [Record<'static>], text: &str) -> &'r str {
        let place = number(recs, text).place.as_ref();
        &place.unwrap_or_else(|| panic!("{text} has no place")).name
    }

    fn records(text: &str) -> Vec<Record<'static>> {
        let doc = Document::new("d\"1", text)
            .date(Date::new(2022, 10, 1).unwrap())
            .meta("date", "2022-10-01");
        let tonle = tonle();
        let records = tonle.extract(&doc);
        // The JSON lines are the same records.
        let mut out = Vec::new();
        assert_eq!(tonle.write_records(&doc, &mut out), records.len());
        let read: Vec<Record> = std::str::from_utf8(&out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(read, records);
        records
    }

    fn number<'r>(recs: &'r [Record<'static>], text: &str) -> &'r crate::Number<'static> {
        recs.iter()
            .find(|r| r.kind() == Kind::Number && r.text == text)
            .and_then(Record::number)
            .unwrap_or_else(|| panic!("no number {text:?} in {recs:#?}"))
    }

    #[test]
    fn an_agencys_credit_in_a_dateline_is_no_mention() {
        let text = "MOSCOW, February 7. /TASS/. The office told TASS it agreed.\n\n\
                    PHNOM PENH (AFP) - Police raided a compound, AFP reported.";
        let recs = records(text);
        let orgs: Vec<(&str, usize)> = recs
            .iter()
            .filter(|r| r.entity().is_some_and(|e| e.entity_type.as_str() == "ORG"))
            .map(|r| (&*r.text, r.start))
            .collect();
        let told = text.find("TASS it").unwrap();
        let reported = text.find("AFP reported").unwrap();
        assert_eq!(orgs, [("TASS", told), ("AFP", reported)]);
    }

    #[test]
    fn a_place_in_a_parts_own_clause_is_not_the_wholes() {
        let recs = records(
            "From August 18 to September 29, the ministry received 368 complaints, with 249 \
             of those complaints coming from Oddar Meanchey.",
        );
        let whole = number(&recs, "368");
        let part = number(&recs, "249");
        assert_eq!(part.part_of.as_ref().unwrap().parent_text, "368");
        assert_eq!(part.place.as_ref().unwrap().name, "Oddar Meanchey");
        assert!(whole.place.is_none(), "{whole:?}");
        // The period, in the publication year (2022-10-01).
        for n in [whole, part] {
            let time = n.time.as_ref().unwrap();
            assert_eq!(
                (&*time.start, time.end.as_deref()),
                ("2022-08-18", Some("2022-09-29"))
            );
        }
        // A place after the list of parts belongs to the whole again.
        let recs = records("Police rescued 153 people, including 18 women, in Svay Rieng.");
        assert_eq!(place_name(&recs, "153"), "Svay Rieng");
        assert_eq!(place_name(&recs, "18"), "Svay Rieng");
    }

    #[test]
    fn places_come_from_the_paragraph_dateline_or_document_with_their_province() {
        let text = "Title of the piece\n\nBAVET – Police rescued 40 workers on Monday.\n\n\
                    In Prasat commune, officers said. They found 12 more workers.\n\n\
                    Svay Rieng and Svay Rieng again. Thailand.\n\nLater, 7 guards fled.";
        let recs = records(text);
        let place = |n: &str| {
            let p = number(&recs, n).place.as_ref().unwrap();
            let province = p.province.as_ref().map(|p| (&*p.name, &*p.id));
            (&*p.name, p.by.unwrap().as_str(), province)
        };
        assert_eq!(
            place("40"),
            ("Bavet", "dateline", Some(("Svay Rieng", "KH-20")))
        );
        assert_eq!(
            place("12"),
            ("Prasat", "paragraph", Some(("Svay Rieng", "KH-20")))
        );
        // Paragraph, then dateline, then document.
        assert_eq!(
            place("7"),
            ("Bavet", "dateline", Some(("Svay Rieng", "KH-20")))
        );
        // Without a dateline: Svay Rieng, named twice (Prasat once), is the document's place.
        let other = records(
            "Svay Rieng police and Svay Rieng courts. In Prasat, calm.\n\nLater, 7 guards fled.",
        );
        let p = number(&other, "7").place.as_ref().unwrap();
        assert_eq!(
            (&*p.name, p.by),
            ("Svay Rieng", Some(crate::PlaceBy::Document))
        );
        let json = recs.iter().find(|r| r.text == "12").unwrap().to_json();
        assert!(
            json.contains(
                r#""place_by":"paragraph","province":"Svay Rieng","province_id":"KH-20""#
            ),
            "{json}"
        );
    }

    #[test]
    fn a_country_before_its_province_is_not_the_place() {
        let recs = records("Police in Cambodia's Svay Rieng province rescued 14 women.");
        assert_eq!(place_name(&recs, "14"), "Svay Rieng");
        let recs = records("Thailand's police sent 9 workers home.");
        assert_eq!(place_name(&recs, "9"), "Thailand");
    }

    #[test]
    fn the_border_crossing_a_count_passes_is_its_place() {
        let recs = records(
            "Authorities in Thailand returned 86 Cambodians through the Bavet checkpoint on \
             Friday.",
        );
        assert_eq!(place_name(&recs, "86"), "Bavet-Moc Bai border crossing");
        // Only a crossing passed ("through", "via", "at"): "near" it is not.
        let recs = records("Police in Svay Rieng held 12 workers near the Bavet checkpoint.");
        assert_eq!(place_name(&recs, "12"), "Svay Rieng");
    }

    #[test]
    fn a_place_wider_than_a_country_is_the_place_only_alone() {
        let recs = records(
            "About 400 workers recruited from across Asia were held in compounds in Preah \
             Sihanouk province.",
        );
        assert_eq!(place_name(&recs, "400"), "Preah Sihanouk");
        let recs = records("Scam compounds across Southeast Asia hold 120,000 people.");
        assert_eq!(place_name(&recs, "120,000"), "Southeast Asia");
    }

    #[test]
    fn repeated_figures_and_agents() {
        let text = "Police rescue 19 workers\n\nSome 30 officers rescued 19 workers in Bavet. \
                    The 19 workers were sent home with $200 each; $200 was the fare.";
        let recs = records(text);
        let numbers: Vec<_> = recs
            .iter()
            .filter_map(|r| Some((r.start, &*r.text, r.number()?)))
            .collect();
        let got: Vec<_> = numbers
            .iter()
            .map(|(start, text, n)| (*start, *text, n.agent, n.repeat_of))
            .collect();
        let first = got[0].0;
        assert_eq!(
            got.iter().map(|g| (g.1, g.2, g.3)).collect::<Vec<_>>(),
            [
                ("19", false, None),
                ("30", true, None),
                ("19", false, Some(first)),
                ("19", false, Some(first)),
                ("$200", false, None),
                ("$200", false, Some(got[4].0)),
            ]
        );
        assert!(recs[2].to_json().contains(r#""role":"agent""#) || got[1].2);
    }

    #[test]
    fn offsets_are_code_points_and_slice_back_to_the_text() {
        let text = "ខេត្តឧត្តរមានជ័យ — “Oddar Meanchey’s” 1,122 people.\n\nNext, 60.94 per cent.";
        let recs = records(text);
        let chars: Vec<char> = text.chars().collect();
        for r in &recs {
            let slice: String = chars[r.start..r.end].iter().collect();
            assert_eq!(slice, r.text);
            assert_eq!(r.doc, "d\"1");
            assert_eq!(r.meta.as_deref().unwrap().get(), r#"{"date":"2022-10-01"}"#);
        }
        let kinds: Vec<_> = recs
            .iter()
            .map(|r| (r.kind(), &*r.text, r.sentence))
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::Entity, "ឧត្តរមានជ័យ", 0),
                (Kind::Entity, "Oddar Meanchey", 0),
                (Kind::Number, "1,122", 0),
                (Kind::Number, "60.94 per cent", 1)
            ]
        );
        let place = recs[1].entity().unwrap();
        assert_eq!(
            &*place.attrs,
            [
                ("kind".to_string(), "province".to_string()),
                ("country".to_string(), "KH".to_string())
            ]
        );
        assert_eq!(place.list, "t.tsv");
        assert_eq!(
            (number(&recs, "1,122").value, recs[2].type_name()),
            (1122.0, "COUNT")
        );
        assert_eq!(number(&recs, "60.94 per cent").value, 60.94);
        assert!(recs[3]
            .to_json()
            .contains(r#""value":60.94,"category":"percent""#));
    }

    #[test]
    fn values_are_written_as_schema_1_always_wrote_them() {
        let recs = records("They owed $4.5bn trillion and 1,122 riel, or 0.5 per cent.");
        let json: Vec<String> = recs.iter().map(Record::to_json).collect();
        let value = |text: &str| {
            let line = json
                .iter()
                .find(|l| l.contains(&format!("\"text\":{text:?}")))
                .unwrap();
            let at = line.find("\"value\":").unwrap() + 8;
            line[at..].split(',').next().unwrap().to_string()
        };
        assert_eq!(value("$4.5bn trillion"), "4.5e21");
        assert_eq!(value("1,122 riel"), "1122");
        assert_eq!(value("0.5 per cent"), "0.5");
    }

    #[test]
    fn a_tonle_is_shared_between_threads_and_records_read_back_with_new_fields() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Tonle>();
        let line = r#"{"schema_version":1,"doc":"a","kind":"number","type":"COUNT","text":"3","start":0,"end":1,"sentence":0,"value":3,"category":"count","from_a_later_tonle":true}"#;
        let r: Record = serde_json::from_str(line).unwrap();
        assert_eq!(r.number().unwrap().value, 3.0);
        // A long mantissa reads back exactly (found by the fuzzer).
        let long = line.replace(r#""value":3"#, r#""value":2.7777727777727778e20"#);
        let r: Record = serde_json::from_str(&long).unwrap();
        assert_eq!(r.number().unwrap().value, 2.7777727777727778e20);
        assert!(
            r.to_json().contains(r#""value":2.7777727777727778e20"#),
            "{}",
            r.to_json()
        );
        let bad = line.replace(r#""category":"count""#, r#""category":"pounds""#);
        let e = serde_json::from_str::<Record>(&bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown number category \"pounds\""), "{e}");
    }

    #[test]
    fn places_inside_organizations_are_written_within_them() {
        let lists = || {
            let mut b = tonle_gazetteer::GazetteerBuilder::new();
            b.add_source(
                "t.tsv",
                "id\ttype\tname\taliases\tkind\nKH-20\tPLACE\tSvay Rieng\t\tprovince\n\
                 org:srph\tORG\tSvay Rieng Provincial Hall\t\tgovernment\n",
            )
            .unwrap();
            b.build().unwrap()
        };
        let tonle = Tonle::with_gazetteer(lists());
        let text = "Staff of the Svay Rieng Provincial Hall met the Svay Rieng Rice Growers \
                    Federation.";
        let recs = tonle.extract(&Document::new("w", text));
        let got: Vec<(&str, &str, Option<usize>, usize)> = recs
            .iter()
            .filter_map(|r| {
                r.entity()
                    .map(|e| (&*r.text, r.type_name(), e.within, r.start))
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Svay Rieng Provincial Hall", "ORG", None, 13),
                ("Svay Rieng", "PLACE", Some(13), 13),
                // At one offset a list's mention comes before a pattern name.
                ("Svay Rieng", "PLACE", Some(48), 48),
                ("Svay Rieng Rice Growers Federation", "ORG", None, 48),
            ]
        );
        // Without pattern names the listed body's place is still found; the unlisted body is not.
        let recs = Tonle::with_gazetteer(lists())
            .patterns(false)
            .extract(&Document::new("w", text));
        let within: Vec<Option<usize>> = recs
            .iter()
            .filter_map(|r| r.entity().map(|e| e.within))
            .collect();
        assert_eq!(within, [None, Some(13), None]);
    }

    #[test]
    fn counted_phrases_are_single_spaced() {
        for text in [
            "trafficking victims",
            "victims",
            "human\ntrafficking  victims",
            " a",
            "a ",
            "",
            "a\u{a0}b",
        ] {
            let expected: Vec<&str> = text.split_whitespace().collect();
            let got = super::single_spaced(text);
            assert_eq!(got, expected.join(" "), "{text:?}");
            assert_eq!(
                matches!(got, Cow::Borrowed(_)),
                got == text && !text.is_empty(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn boilerplate_is_left_out_unless_kept_and_documents_come_first() {
        let text = "Svay Rieng Police Free 3 Workers\n3 min read\nWorkers rest at a pagoda in \
                    Svay Rieng on Monday. Photo: Svay Rieng Provincial Police\nPolice freed 3 \
                    workers in Svay Rieng on Sunday, officials said.\n\nRelated Articles\n\
                    Oddar Meanchey police free 40\n";
        let doc = Document::new("p.txt", text).with_layout(crate::Layout::Auto);
        let zones = |t: &Tonle| {
            t.extract(&doc)
                .iter()
                .map(|r| (r.text.to_string(), r.zone.map(|z| z.as_str()), r.sentence))
                .collect::<Vec<_>>()
        };
        let default = zones(&tonle());
        let zone = |z: &'static str| Some(z);
        assert_eq!(
            default,
            [
                ("Svay Rieng".to_string(), zone("headline"), 0),
                // The police a listed province's name names, capitalized in a headline.
                ("Svay Rieng Police".into(), zone("headline"), 0),
                ("3".into(), zone("headline"), 0),
                ("Svay Rieng".into(), zone("caption"), 2),
                ("Svay Rieng".into(), zone("caption"), 3),
                // A pattern name: the credit's organization, with its place within it.
                ("Svay Rieng Provincial Police".into(), zone("caption"), 3),
                // Reported speech: "..., officials said."
                (
                    "Police freed 3 workers in Svay Rieng on Sunday".into(),
                    zone("body"),
                    4
                ),
                ("3".into(), zone("body"), 4),
                ("Svay Rieng".into(), zone("body"), 4),
            ]
        );
        let kept = zones(&tonle().keep_boilerplate(true));
        assert!(
            kept.contains(&("3 min".into(), zone("boilerplate"), 1)),
            "{kept:?}"
        );
        assert!(
            kept.contains(&("Oddar Meanchey".into(), zone("boilerplate"), 5)),
            "{kept:?}"
        );
        // A body the place's name names, in lower case after it.
        assert!(
            kept.contains(&("Oddar Meanchey police".into(), zone("boilerplate"), 5)),
            "{kept:?}"
        );
        assert_eq!(kept.len(), default.len() + 4, "{kept:?}");
        let with_doc = tonle().documents(true).extract(&doc);
        assert_eq!(with_doc.len(), default.len() + 1);
        let info = with_doc[0].document().unwrap();
        assert_eq!(
            (with_doc[0].text.as_ref(), info.length),
            (text, text.chars().count())
        );
        assert_eq!(
            info.title.as_deref(),
            Some("Svay Rieng Police Free 3 Workers")
        );
        assert_eq!((info.url.as_deref(), info.date), (None, None));
    }

    #[test]
    fn quotes_have_their_speaker_and_the_figures_inside_carry_it() {
        let text = "Sok Pisey, 34, returned to Svay Rieng on Monday. “They kept 3 of us in one \
                    room,” Pisey said. “Nobody could leave.”\n\nThe so-called “Blue House” \
                    was closed, and she told reporters that 12 guards had fled.";
        let recs = records(text);
        let quotes: Vec<_> = recs.iter().filter(|r| r.kind() == Kind::Quote).collect();
        let said: Vec<(&str, &str, Option<&str>, Option<&str>)> = quotes
            .iter()
            .map(|r| {
                let q = r.quote().unwrap();
                (
                    r.text.as_ref(),
                    r.type_name(),
                    q.speaker.as_ref().map(|s| s.name.as_ref()),
                    q.verb.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            said,
            [
                (
                    "They kept 3 of us in one room,",
                    "DIRECT",
                    Some("Sok Pisey"),
                    Some("say")
                ),
                (
                    "Nobody could leave.",
                    "DIRECT",
                    Some("Sok Pisey"),
                    Some("say")
                ),
                (
                    "12 guards had fled",
                    "REPORTED",
                    Some("Sok Pisey"),
                    Some("tell")
                ),
            ]
        );
        // The speaker's words at the first quote: "Pisey", a short form.
        let at = quotes[0]
            .quote()
            .unwrap()
            .speaker
            .as_ref()
            .unwrap()
            .start
            .unwrap();
        assert_eq!(text.chars().skip(at).take(5).collect::<String>(), "Pisey");
        let three = number(&recs, "3");
        let speaker = three
            .speaker
            .as_ref()
            .expect("a figure inside a quote has its speaker");
        assert_eq!(
            (speaker.name.as_ref(), speaker.id.as_ref()),
            ("Sok Pisey", "person:sok-pisey")
        );
        assert!(
            number(&recs, "34").speaker.is_none(),
            "an age outside quotes"
        );
    }

    #[test]
    fn an_abbreviation_cut_at_its_dot_is_no_speaker() {
        let text = "Border guards said the crossing was shut. St. Charles County police said \
                    two vans were stopped near the river. U.S. officials said the talks would \
                    resume. Sen. Bob Corker said the bill would pass in March.";
        let recs = records(text);
        let speakers: Vec<(&str, Option<&str>)> = recs
            .iter()
            .filter(|r| r.kind() == Kind::Quote)
            .map(|r| {
                let q = r.quote().unwrap();
                (r.text.as_ref(), q.speaker.as_ref().map(|s| s.name.as_ref()))
            })
            .collect();
        assert_eq!(
            speakers,
            [
                ("the crossing was shut", None),
                (
                    "two vans were stopped near the river",
                    Some("Charles County")
                ),
                ("the talks would resume", None),
                ("the bill would pass in March", Some("Bob Corker")),
            ]
        );
    }

    #[test]
    fn a_record_callback_may_extract_again() {
        let tonle = tonle();
        let outer = Document::new("a", "In Svay Rieng, 3 people.");
        let inner = Document::new("b", "Oddar Meanchey, 4 people and 5 cars.");
        let mut seen = Vec::new();
        tonle.for_each_record(&outer, |r| {
            seen.push(format!("{}:{}", r.doc, r.text));
            if r.kind() == Kind::Entity {
                tonle.for_each_record(&inner, |r| seen.push(format!("{}:{}", r.doc, r.text)));
            }
        });
        assert_eq!(
            seen,
            ["a:Svay Rieng", "b:Oddar Meanchey", "b:4", "b:5", "a:3"]
        );
    }
}
