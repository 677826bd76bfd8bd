//! Typed records: one per mention, an entity from a gazetteer (or a pattern) or a number;
//! and, when asked for, one per document before its mentions.
//!
//! The JSON form is schema version [`SCHEMA_VERSION`], described in `docs/records.md` and
//! `docs/records.schema.json`: change the three together, and bump the version on any change a
//! consumer could notice. Serialization writes the fields in a fixed order and leaves out what
//! a record does not have, so that the same input gives the same bytes; strings are borrowed
//! from the document and the gazetteer wherever they can be ([`Cow::Borrowed`]), and a record
//! read back from JSON owns its strings (`Record<'static>`).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
pub use tonle_corpus::{Date, DateFrom, Zone};
pub use tonle_gazetteer::{EntityType, ResolvedBy};
pub use tonle_numbers::{Category, Qualifier, Relation};

/// The version written in every record as `schema_version`.
pub const SCHEMA_VERSION: u32 = 1;

/// One mention in one document.
#[derive(Clone, Debug)]
pub struct Record<'a> {
    /// The document's id.
    pub doc: Cow<'a, str>,
    /// The mention as written in the document.
    pub text: Cow<'a, str>,
    /// Code-point offset of the mention in the document text as read, so that in Python
    /// `text[start:end] == record.text`.
    pub start: usize,
    /// Code-point offset one past the mention.
    pub end: usize,
    /// 0-based index of the sentence the mention starts in.
    pub sentence: usize,
    /// The part of the page the mention is in (`body`, `headline`, `byline`, `caption`,
    /// `boilerplate`). Always set on the records tonle makes; `None` on a document record
    /// and on a line written by a tonle older than zones.
    pub zone: Option<Zone>,
    /// What was found: an entity or a number; or, for a document record, the document.
    pub detail: Detail<'a>,
    /// The document's metadata (a JSON object), when it has any.
    pub meta: Option<Cow<'a, RawValue>>,
}

impl PartialEq for Record<'_> {
    fn eq(&self, other: &Self) -> bool {
        // Metadata compares as written: it is copied from the input, never rewritten.
        fn meta<'r>(r: &'r Record) -> Option<&'r str> {
            r.meta.as_deref().map(RawValue::get)
        }
        (
            &self.doc,
            &self.text,
            self.start,
            self.end,
            self.sentence,
            self.zone,
            &self.detail,
        ) == (
            &other.doc,
            &other.text,
            other.start,
            other.end,
            other.sentence,
            other.zone,
            &other.detail,
        ) && meta(self) == meta(other)
    }
}

/// `entity`, `number` or `document`: which of [`Detail`]'s variants a record holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A person, place, organization, ... named in a gazetteer or typed by a pattern.
    Entity,
    /// A number, with its value and what it counts.
    Number,
    /// A whole document, written before its mentions when asked for
    /// ([`TonleBuilder::documents`](crate::TonleBuilder::documents)).
    Document,
    /// A quoted passage or reported speech, with its speaker.
    Quote,
}

impl Kind {
    /// The name used in records: `entity`, `number` or `document`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Entity => "entity",
            Kind::Number => "number",
            Kind::Document => "document",
            Kind::Quote => "quote",
        }
    }
}

/// The part of a record that depends on its kind.
// A number is larger than an entity; boxing it would cost an allocation per number record,
// which `tonle extract` makes on the stack and writes at once.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Detail<'a> {
    /// An entity mention.
    Entity(Entity<'a>),
    /// A number mention.
    Number(Number<'a>),
    /// A document: the record's `text` is the whole document text, `start` 0 and `end` its
    /// length, so that every mention's offsets index that text.
    Document(DocumentInfo<'a>),
    /// A quote: the record's `text` is the quoted words (inside the marks) or the reported
    /// clause.
    Quote(QuoteInfo<'a>),
}

/// Who said a quote, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct QuoteInfo<'a> {
    /// In quotation marks (`DIRECT`), or reported speech without them (`REPORTED`).
    pub direct: bool,
    /// The speaker's name as the gazetteer or the pattern names it (the full name, even
    /// where the attribution says "he" or a short form), when the text names one.
    pub speaker: Option<Speaker<'a>>,
    /// The reporting verb's lemma: `say`, `tell`, `add`, ..., `according to`.
    pub verb: Option<Cow<'a, str>>,
}

/// The person or organization a quote or a figure inside it comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Speaker<'a> {
    /// Canonical name.
    pub name: Cow<'a, str>,
    /// The entity's id, as its entity records have it.
    pub id: Cow<'a, str>,
    /// Code-point offset of the words that name the speaker at this quote ("he",
    /// "Sovannarith"), when there are some.
    pub start: Option<usize>,
}

/// What a document record says of its document, besides its text.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentInfo<'a> {
    /// The source URL: the `url` metadata field, or a plain-text scrape's URL line.
    pub url: Option<Cow<'a, str>>,
    /// The title: the `title` metadata field (a plain-text scrape's title line), else the
    /// line zoned as the headline.
    pub title: Option<Cow<'a, str>>,
    /// The publication date that relative times were resolved against.
    pub date: Option<Date>,
    /// Where that date comes from: a date field, the page, the URL or a dateline.
    pub date_from: Option<DateFrom>,
    /// The language, from a `language` or `lang` metadata field.
    pub language: Option<Cow<'a, str>>,
    /// The length of the text in code points.
    pub length: usize,
    /// The zones of the text, in order, covering it from 0 to `length` (code points).
    pub zones: Vec<ZoneRange>,
    /// The id of the earlier document of the run this one is a near-duplicate of (a
    /// syndicated copy or a repost), when the run looks for them (`tonle extract
    /// --documents`). Written last, after `meta`.
    pub duplicate_of: Option<Cow<'a, str>>,
}

/// One zone of a document record: a range of code points of the text and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneRange {
    /// The kind of text in the range.
    #[serde(with = "zone_name")]
    pub zone: Zone,
    /// Code-point offset of the range's start.
    pub start: usize,
    /// Code-point offset one past its end.
    pub end: usize,
}

/// A [`Zone`] as its name in records.
mod zone_name {
    use super::*;

    pub fn serialize<S: Serializer>(zone: &Zone, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(zone.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Zone, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(de::Error::custom)
    }
}

/// Where an entity record comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// An entry of a gazetteer list.
    Gazetteer,
    /// A name no list holds, typed by its wording ("X province", "Governor X").
    Pattern,
}

/// An entity mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity<'a> {
    /// `PERSON`, `PLACE`, `ORG`, or another upper-case label of the list.
    pub entity_type: Cow<'a, EntityType>,
    /// The entry's canonical name.
    pub canonical: Cow<'a, str>,
    /// The entry's id.
    pub id: Cow<'a, str>,
    /// The list the entry comes from (`(pattern)` for patterns).
    pub list: Cow<'a, str>,
    /// The rule that chose this entry when the name alone did not decide.
    pub resolved_by: Option<ResolvedBy>,
    /// Gazetteer entry or pattern.
    pub source: Source,
    /// For a place named inside an organization's name ("Siem Reap" in "Siem Reap
    /// Provincial Hall"): the `start` of that organization's record.
    pub within: Option<usize>,
    /// The entry's extra columns (`kind`, `parent`, `country`, ...), in list order; for a
    /// pattern, its `kind` (when known) and `evidence`.
    pub attrs: Cow<'a, [(String, String)]>,
}

/// A number mention.
#[derive(Clone, Debug, PartialEq)]
pub struct Number<'a> {
    /// The value; for ranges the low end, for vague quantities the lower bound, for dates the
    /// day of the month (or the year). Not finite (NaN or infinite) when the text's number is
    /// too large for a JSON number (1e309 and more): the record is then written without
    /// `value`.
    pub value: f64,
    /// What kind of number it is.
    pub category: Category,
    /// The low end of a range ("10-15").
    pub low: Option<f64>,
    /// The high end of a range.
    pub high: Option<f64>,
    /// "nearly", "more than", ...: how the words before the number bound it.
    pub qualifier: Option<Qualifier>,
    /// "dozens of", "tens of thousands": the value is only a lower bound.
    pub vague: bool,
    /// The unit of a measure, duration or rate.
    pub unit: Option<Cow<'a, str>>,
    /// ISO 4217 code of money.
    pub currency: Option<Cow<'a, str>>,
    /// The period an amount of money or a percent is per (`month` of "$200 a month").
    pub per: Option<Cow<'a, str>>,
    /// The noun phrase a count counts, whitespace collapsed.
    pub counted: Option<Cow<'a, str>>,
    /// Its head noun, singular and lower case.
    pub counted_head: Option<Cow<'a, str>>,
    /// The number this one is a part of ("18" of "153 people, including 18 women").
    pub part_of: Option<PartOf<'a>>,
    /// The event verb the number is an argument of.
    pub event: Option<Event<'a>>,
    /// The place the number is tied to.
    pub place: Option<Place<'a>>,
    /// An ISO 8601 date the number is part of (`2022-11-10`, `2022-11`, `--11-10`).
    pub date: Option<Cow<'a, str>>,
    /// When the counted thing happened.
    pub time: Option<Period<'a>>,
    /// The number counts who did the event (`role: "agent"`): the 30 of "30 officials rescued
    /// 19 workers".
    pub agent: bool,
    /// Code-point offset of an earlier mention of the same figure in the document (same value,
    /// category and counted head): this one repeats that claim.
    pub repeat_of: Option<usize>,
    /// Who claimed the figure: the speaker of the quote it is in.
    pub speaker: Option<Speaker<'a>>,
}

/// The whole a number is part of.
#[derive(Clone, Debug, PartialEq)]
pub struct PartOf<'a> {
    /// How the two relate.
    pub relation: Relation,
    /// Code-point offset of the whole.
    pub parent_start: usize,
    /// The whole as written.
    pub parent_text: Cow<'a, str>,
}

/// The event verb of a number.
#[derive(Clone, Debug, PartialEq)]
pub struct Event<'a> {
    /// The verb's lemma: `rescue`, `arrest`, ...
    pub lemma: Cow<'a, str>,
    /// The verb is negated ("did not arrest").
    pub negated: bool,
}

/// A place entity a number is tied to.
#[derive(Clone, Debug, PartialEq)]
pub struct Place<'a> {
    /// The place's canonical name.
    pub name: Cow<'a, str>,
    /// The place's gazetteer id.
    pub id: Cow<'a, str>,
    /// What tied the number to it (`place_by`); absent in records of an older tonle.
    pub by: Option<PlaceBy>,
    /// The province the place is in (or is), from the gazetteer's `parent` chain.
    pub province: Option<Province<'a>>,
}

/// A province (or the capital) of a number's place.
#[derive(Clone, Debug, PartialEq)]
pub struct Province<'a> {
    /// Its canonical name.
    pub name: Cow<'a, str>,
    /// Its gazetteer id.
    pub id: Cow<'a, str>,
}

/// What tied a number to its place: the nearest text that names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceBy {
    /// The number's sentence (or its whole's).
    Sentence,
    /// Its paragraph.
    Paragraph,
    /// The dateline opening the article ("PHNOM PENH –").
    Dateline,
    /// The Cambodian place the document names most.
    Document,
}

impl PlaceBy {
    /// The name used in records' `place_by`.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceBy::Sentence => "sentence",
            PlaceBy::Paragraph => "paragraph",
            PlaceBy::Dateline => "dateline",
            PlaceBy::Document => "document",
        }
    }
}

impl std::str::FromStr for PlaceBy {
    type Err = String;

    fn from_str(s: &str) -> Result<PlaceBy, String> {
        [
            PlaceBy::Sentence,
            PlaceBy::Paragraph,
            PlaceBy::Dateline,
            PlaceBy::Document,
        ]
        .into_iter()
        .find(|b| b.as_str() == s)
        .ok_or_else(|| format!("unknown place_by {s:?}"))
    }
}

/// A time: a point, or a period when `end` is set, in ISO 8601 (`..` for an open end).
#[derive(Clone, Debug, PartialEq)]
pub struct Period<'a> {
    /// The time, or the start of the period.
    pub start: Cow<'a, str>,
    /// The end of the period.
    pub end: Option<Cow<'a, str>>,
}

impl<'a> Record<'a> {
    /// Entity, number or document.
    pub fn kind(&self) -> Kind {
        match self.detail {
            Detail::Entity(_) => Kind::Entity,
            Detail::Number(_) => Kind::Number,
            Detail::Document(_) => Kind::Document,
            Detail::Quote(_) => Kind::Quote,
        }
    }

    /// The record's `type`: the entity's type (`PLACE`), the number's category in upper
    /// case (`COUNT`), or `DOCUMENT`.
    pub fn type_name(&self) -> &str {
        match &self.detail {
            Detail::Entity(e) => e.entity_type.as_str(),
            Detail::Number(n) => n.category.type_name(),
            Detail::Document(_) => "DOCUMENT",
            Detail::Quote(q) if q.direct => "DIRECT",
            Detail::Quote(_) => "REPORTED",
        }
    }

    /// The entity, if this is an entity record.
    pub fn entity(&self) -> Option<&Entity<'a>> {
        match &self.detail {
            Detail::Entity(e) => Some(e),
            _ => None,
        }
    }

    /// The number, if this is a number record.
    pub fn number(&self) -> Option<&Number<'a>> {
        match &self.detail {
            Detail::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The quote, if this is a quote record.
    pub fn quote(&self) -> Option<&QuoteInfo<'a>> {
        match &self.detail {
            Detail::Quote(q) => Some(q),
            _ => None,
        }
    }

    /// The document, if this is a document record.
    pub fn document(&self) -> Option<&DocumentInfo<'a>> {
        match &self.detail {
            Detail::Document(d) => Some(d),
            _ => None,
        }
    }

    /// The record with every string owned, free of the document and the gazetteer.
    pub fn into_owned(self) -> Record<'static> {
        Record {
            doc: owned(self.doc),
            text: owned(self.text),
            start: self.start,
            end: self.end,
            sentence: self.sentence,
            zone: self.zone,
            detail: match self.detail {
                Detail::Entity(e) => Detail::Entity(e.into_owned()),
                Detail::Number(n) => Detail::Number(n.into_owned()),
                Detail::Document(d) => Detail::Document(d.into_owned()),
                Detail::Quote(q) => Detail::Quote(QuoteInfo {
                    direct: q.direct,
                    speaker: q.speaker.map(Speaker::into_owned),
                    verb: q.verb.map(owned),
                }),
            },
            meta: self.meta.map(|m| Cow::Owned(m.into_owned())),
        }
    }

    /// The record as one JSON object, without a line break.
    pub fn to_json(&self) -> String {
        // A record holds only strings, integers and finite-or-null floats: it always
        // serializes.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Entity<'_> {
    fn into_owned(self) -> Entity<'static> {
        Entity {
            entity_type: Cow::Owned(self.entity_type.into_owned()),
            canonical: owned(self.canonical),
            id: owned(self.id),
            list: owned(self.list),
            resolved_by: self.resolved_by,
            source: self.source,
            within: self.within,
            attrs: Cow::Owned(self.attrs.into_owned()),
        }
    }
}

impl Speaker<'_> {
    fn into_owned(self) -> Speaker<'static> {
        Speaker {
            name: owned(self.name),
            id: owned(self.id),
            start: self.start,
        }
    }

    fn serialize_fields<S: SerializeStruct>(
        speaker: Option<&Self>,
        st: &mut S,
    ) -> Result<(), S::Error> {
        field(st, "speaker", speaker.map(|s| &*s.name))?;
        field(st, "speaker_id", speaker.map(|s| &*s.id))?;
        field(st, "speaker_start", speaker.and_then(|s| s.start.as_ref()))
    }
}

impl QuoteInfo<'_> {
    fn serialize_fields<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        Speaker::serialize_fields(self.speaker.as_ref(), st)?;
        field(st, "verb", self.verb.as_deref())
    }
}

impl DocumentInfo<'_> {
    fn into_owned(self) -> DocumentInfo<'static> {
        DocumentInfo {
            url: self.url.map(owned),
            title: self.title.map(owned),
            date: self.date,
            date_from: self.date_from,
            language: self.language.map(owned),
            length: self.length,
            zones: self.zones,
            duplicate_of: self.duplicate_of.map(owned),
        }
    }
}

impl Number<'_> {
    fn into_owned(self) -> Number<'static> {
        Number {
            value: self.value,
            category: self.category,
            low: self.low,
            high: self.high,
            qualifier: self.qualifier,
            vague: self.vague,
            unit: self.unit.map(owned),
            currency: self.currency.map(owned),
            per: self.per.map(owned),
            counted: self.counted.map(owned),
            counted_head: self.counted_head.map(owned),
            part_of: self.part_of.map(|p| PartOf {
                relation: p.relation,
                parent_start: p.parent_start,
                parent_text: owned(p.parent_text),
            }),
            event: self.event.map(|e| Event {
                lemma: owned(e.lemma),
                negated: e.negated,
            }),
            place: self.place.map(|p| Place {
                name: owned(p.name),
                id: owned(p.id),
                by: p.by,
                province: p.province.map(|p| Province {
                    name: owned(p.name),
                    id: owned(p.id),
                }),
            }),
            date: self.date.map(owned),
            time: self.time.map(|t| Period {
                start: owned(t.start),
                end: t.end.map(owned),
            }),
            agent: self.agent,
            repeat_of: self.repeat_of,
            speaker: self.speaker.map(Speaker::into_owned),
        }
    }
}

fn owned(s: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(s.into_owned())
}

/// A value as records write it: integral values without a fraction (`1122`, not `1122.0`),
/// and the shortest decimal that reads back as the value otherwise, exponents written
/// `4.5e21` (schema 1 has always written them so). A value that is not finite is not written
/// at all (see [`finite`]); `null` here is only a fallback.
struct Value(f64);

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if !v.is_finite() {
            return s.serialize_none();
        }
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            return s.serialize_i64(v as i64);
        }
        // serde_json writes an exponent `e+21`, schema 1 `e21`; only values from 1e16 or
        // under 1e-5 have one, and only they take the slower way of writing them as text.
        if (1e-5..1e16).contains(&v.abs()) {
            return s.serialize_f64(v);
        }
        let mut buf = ryu::Buffer::new();
        match serde_json::from_str::<&RawValue>(buf.format_finite(v)) {
            Ok(raw) => raw.serialize(s),
            Err(_) => s.serialize_f64(v),
        }
    }
}

/// A value to write, if it is there and finite: JSON has no number for a value too large for
/// an `f64`, and `"value": null` would tell a reader nothing more than its absence.
fn finite(v: Option<f64>) -> Option<Value> {
    v.filter(|v| v.is_finite()).map(Value)
}

/// Attributes as a JSON object, in their order.
struct Attrs<'r>(&'r [(String, String)]);

impl Serialize for Attrs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Writes `key` when `value` is there, skips it otherwise.
#[inline(always)]
fn field<S: SerializeStruct, T: Serialize + ?Sized>(
    st: &mut S,
    key: &'static str,
    value: Option<&T>,
) -> Result<(), S::Error> {
    match value {
        Some(v) => st.serialize_field(key, v),
        None => st.skip_field(key),
    }
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The most fields a record can have; absent ones are skipped.
        let mut st = s.serialize_struct("Record", 35)?;
        st.serialize_field("schema_version", &SCHEMA_VERSION)?;
        st.serialize_field("doc", &self.doc)?;
        st.serialize_field("kind", &self.kind())?;
        st.serialize_field("type", self.type_name())?;
        st.serialize_field("text", &self.text)?;
        st.serialize_field("start", &self.start)?;
        st.serialize_field("end", &self.end)?;
        st.serialize_field("sentence", &self.sentence)?;
        field(&mut st, "zone", self.zone.map(Zone::as_str))?;
        match &self.detail {
            Detail::Entity(e) => e.serialize_fields(&mut st)?,
            Detail::Number(n) => n.serialize_fields(&mut st)?,
            Detail::Document(d) => d.serialize_fields(&mut st)?,
            Detail::Quote(q) => q.serialize_fields(&mut st)?,
        }
        field(&mut st, "meta", self.meta.as_deref())?;
        if let Detail::Document(d) = &self.detail {
            // Last, so that the ordered writer can add it to a record already written.
            field(&mut st, "duplicate_of", d.duplicate_of.as_deref())?;
        }
        st.end()
    }
}

impl Entity<'_> {
    fn serialize_fields<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        st.serialize_field("canonical", &self.canonical)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("list", &self.list)?;
        field(st, "resolved_by", self.resolved_by.map(ResolvedBy::as_str))?;
        let pattern = self.source == Source::Pattern;
        field(st, "source", pattern.then_some("pattern"))?;
        field(st, "within", self.within.as_ref())?;
        // A pattern always says its evidence; an entry's attributes are left out when none.
        let attrs = (pattern || !self.attrs.is_empty()).then_some(Attrs(&self.attrs));
        field(st, "attrs", attrs.as_ref())
    }
}

impl DocumentInfo<'_> {
    fn serialize_fields<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        field(st, "url", self.url.as_deref())?;
        field(st, "title", self.title.as_deref())?;
        field(st, "date", self.date.map(|d| d.to_string()).as_deref())?;
        field(st, "date_from", self.date_from.map(DateFrom::as_str))?;
        field(st, "language", self.language.as_deref())?;
        st.serialize_field("length", &self.length)?;
        st.serialize_field("zones", &self.zones)
    }
}

impl Number<'_> {
    fn serialize_fields<S: SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        field(st, "value", finite(Some(self.value)).as_ref())?;
        st.serialize_field("category", self.category.as_str())?;
        field(st, "low", finite(self.low).as_ref())?;
        field(st, "high", finite(self.high).as_ref())?;
        field(st, "qualifier", self.qualifier.map(Qualifier::as_str))?;
        field(st, "vague", self.vague.then_some(&true))?;
        field(st, "unit", self.unit.as_deref())?;
        field(st, "currency", self.currency.as_deref())?;
        field(st, "per", self.per.as_deref())?;
        field(st, "counted", self.counted.as_deref())?;
        field(st, "counted_head", self.counted_head.as_deref())?;
        let part = self.part_of.as_ref();
        field(st, "relation", part.map(|p| p.relation.as_str()))?;
        field(st, "parent_start", part.map(|p| &p.parent_start))?;
        field(st, "parent_text", part.map(|p| &*p.parent_text))?;
        let event = self.event.as_ref();
        field(st, "event", event.map(|e| &*e.lemma))?;
        field(
            st,
            "negated",
            event.is_some_and(|e| e.negated).then_some(&true),
        )?;
        field(st, "place", self.place.as_ref().map(|p| &*p.name))?;
        field(st, "place_id", self.place.as_ref().map(|p| &*p.id))?;
        field(st, "date", self.date.as_deref())?;
        let time = self.time.as_ref();
        field(st, "time", time.map(|t| &*t.start))?;
        field(st, "time_end", time.and_then(|t| t.end.as_deref()))?;
        field(st, "role", self.agent.then_some("agent"))?;
        let place = self.place.as_ref();
        field(
            st,
            "place_by",
            place.and_then(|p| p.by).map(PlaceBy::as_str),
        )?;
        let province = place.and_then(|p| p.province.as_ref());
        field(st, "province", province.map(|p| &*p.name))?;
        field(st, "province_id", province.map(|p| &*p.id))?;
        field(st, "repeat_of", self.repeat_of.as_ref())?;
        Speaker::serialize_fields(self.speaker.as_ref(), st)
    }
}

/// A record as JSON has it: every field that some record has, each optional. Fields it does
/// not know are ignored: a later tonle may add optional fields within schema version 1.
#[derive(Deserialize)]
struct Wire {
    schema_version: u32,
    doc: String,
    kind: Kind,
    #[serde(rename = "type")]
    ty: String,
    text: String,
    start: usize,
    end: usize,
    sentence: usize,
    zone: Option<String>,
    canonical: Option<String>,
    id: Option<String>,
    list: Option<String>,
    resolved_by: Option<String>,
    source: Option<String>,
    within: Option<usize>,
    #[serde(default, deserialize_with = "ordered_attrs")]
    attrs: Option<Vec<(String, String)>>,
    /// Absent (or `null`, as tonle wrote before) for a number too large for JSON.
    #[serde(default, deserialize_with = "exact")]
    value: Option<f64>,
    category: Option<String>,
    #[serde(default, deserialize_with = "exact")]
    low: Option<f64>,
    #[serde(default, deserialize_with = "exact")]
    high: Option<f64>,
    qualifier: Option<String>,
    #[serde(default)]
    vague: bool,
    unit: Option<String>,
    currency: Option<String>,
    per: Option<String>,
    counted: Option<String>,
    counted_head: Option<String>,
    relation: Option<String>,
    parent_start: Option<usize>,
    parent_text: Option<String>,
    event: Option<String>,
    #[serde(default)]
    negated: bool,
    place: Option<String>,
    place_id: Option<String>,
    date: Option<String>,
    time: Option<String>,
    time_end: Option<String>,
    role: Option<String>,
    place_by: Option<String>,
    province: Option<String>,
    province_id: Option<String>,
    repeat_of: Option<usize>,
    url: Option<String>,
    title: Option<String>,
    date_from: Option<String>,
    language: Option<String>,
    length: Option<usize>,
    zones: Option<Vec<ZoneRange>>,
    meta: Option<Box<RawValue>>,
    duplicate_of: Option<String>,
    speaker: Option<String>,
    speaker_id: Option<String>,
    speaker_start: Option<usize>,
    verb: Option<String>,
}

/// A number read to the nearest `f64`, as Rust's own parser does. serde_json's default
/// parser may miss by one unit in the last place on long mantissas, and a record read back
/// must be the record that was written (a fuzzer found `2.7777727777727778e20`).
fn exact<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let Some(raw) = Option::<Box<RawValue>>::deserialize(d)? else {
        return Ok(None);
    };
    raw.get()
        .parse()
        .map(Some)
        .map_err(|_| de::Error::custom(format!("{} is not a number", raw.get())))
}

/// Reads a JSON object of strings keeping its order (a map type would sort or hash it).
fn ordered_attrs<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<(String, String)>>, D::Error> {
    struct Ordered;
    impl<'de> Visitor<'de> for Ordered {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object of strings")
        }
        fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Self::Value, M::Error> {
            let mut out = Vec::new();
            while let Some(entry) = m.next_entry()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Ordered).map(Some)
}

impl<'de> Deserialize<'de> for Record<'static> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut w = Wire::deserialize(d)?;
        if w.schema_version != SCHEMA_VERSION {
            return Err(de::Error::custom(format!(
                "schema_version {} is not {SCHEMA_VERSION}, the version this tonle reads",
                w.schema_version
            )));
        }
        let (doc, text, meta) = (
            std::mem::take(&mut w.doc),
            std::mem::take(&mut w.text),
            w.meta.take(),
        );
        let (start, end, sentence) = (w.start, w.end, w.sentence);
        let zone = w
            .zone
            .take()
            .map(|z| z.parse::<Zone>())
            .transpose()
            .map_err(de::Error::custom)?;
        let detail = match w.kind {
            Kind::Entity => entity_from_wire(w),
            Kind::Number => number_from_wire(w),
            Kind::Document => document_from_wire(w),
            Kind::Quote => quote_from_wire(w),
        }
        .map_err(de::Error::custom)?;
        Ok(Record {
            doc: Cow::Owned(doc),
            text: Cow::Owned(text),
            start,
            end,
            sentence,
            zone,
            detail,
            meta: meta.map(Cow::Owned),
        })
    }
}

fn missing(field: &str, kind: &str) -> String {
    let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind} record needs a \"{field}\" field")
}

fn entity_from_wire(w: Wire) -> Result<Detail<'static>, String> {
    let need =
        |v: Option<String>, name: &str| v.map(Cow::Owned).ok_or_else(|| missing(name, "entity"));
    let source = match w.source.as_deref() {
        None => Source::Gazetteer,
        Some("pattern") => Source::Pattern,
        Some(other) => return Err(format!("unknown entity source {other:?}")),
    };
    Ok(Detail::Entity(Entity {
        entity_type: Cow::Owned(EntityType::parse(&w.ty)),
        canonical: need(w.canonical, "canonical")?,
        id: need(w.id, "id")?,
        list: need(w.list, "list")?,
        resolved_by: w
            .resolved_by
            .map(|r| {
                r.parse()
                    .map_err(|_| format!("unknown resolved_by rule {r:?}"))
            })
            .transpose()?,
        source,
        within: w.within,
        attrs: Cow::Owned(w.attrs.unwrap_or_default()),
    }))
}

fn speaker_from_wire(w: &mut Wire) -> Option<Speaker<'static>> {
    match (w.speaker.take(), w.speaker_id.take()) {
        (Some(name), Some(id)) => Some(Speaker {
            name: Cow::Owned(name),
            id: Cow::Owned(id),
            start: w.speaker_start,
        }),
        _ => None,
    }
}

fn quote_from_wire(mut w: Wire) -> Result<Detail<'static>, String> {
    let direct = match w.ty.as_str() {
        "DIRECT" => true,
        "REPORTED" => false,
        other => return Err(format!("unknown quote type {other:?}")),
    };
    Ok(Detail::Quote(QuoteInfo {
        direct,
        speaker: speaker_from_wire(&mut w),
        verb: w.verb.map(Cow::Owned),
    }))
}

fn document_from_wire(w: Wire) -> Result<Detail<'static>, String> {
    let date = w
        .date
        .map(|d| d.parse::<Date>())
        .transpose()
        .map_err(|e| format!("a document's date: {e}"))?;
    let date_from = w.date_from.map(|d| d.parse::<DateFrom>()).transpose()?;
    Ok(Detail::Document(DocumentInfo {
        url: w.url.map(Cow::Owned),
        title: w.title.map(Cow::Owned),
        date,
        date_from,
        language: w.language.map(Cow::Owned),
        length: w.length.ok_or_else(|| missing("length", "document"))?,
        zones: w.zones.unwrap_or_default(),
        duplicate_of: w.duplicate_of.map(Cow::Owned),
    }))
}

fn number_from_wire(mut w: Wire) -> Result<Detail<'static>, String> {
    let speaker = speaker_from_wire(&mut w);
    let some = |v: Option<String>| v.map(Cow::Owned);
    let category = w
        .category
        .as_deref()
        .ok_or_else(|| missing("category", "number"))?;
    let category: Category = category
        .parse()
        .map_err(|_| format!("unknown number category {category:?}"))?;
    let qualifier = w
        .qualifier
        .map(|q| q.parse().map_err(|_| format!("unknown qualifier {q:?}")))
        .transpose()?;
    let part_of = match (w.relation, w.parent_start, w.parent_text) {
        (Some(relation), Some(parent_start), Some(parent_text)) => Some(PartOf {
            relation: relation
                .parse()
                .map_err(|_| format!("unknown relation {relation:?}"))?,
            parent_start,
            parent_text: Cow::Owned(parent_text),
        }),
        _ => None,
    };
    Ok(Detail::Number(Number {
        value: w.value.unwrap_or(f64::NAN),
        category,
        low: w.low,
        high: w.high,
        qualifier,
        vague: w.vague,
        unit: some(w.unit),
        currency: some(w.currency),
        per: some(w.per),
        counted: some(w.counted),
        counted_head: some(w.counted_head),
        part_of,
        event: w.event.map(|lemma| Event {
            lemma: Cow::Owned(lemma),
            negated: w.negated,
        }),
        place: match (w.place, w.place_id) {
            (Some(name), Some(id)) => Some(Place {
                name: Cow::Owned(name),
                id: Cow::Owned(id),
                by: w.place_by.map(|b| b.parse()).transpose()?,
                province: match (w.province, w.province_id) {
                    (Some(name), Some(id)) => Some(Province {
                        name: Cow::Owned(name),
                        id: Cow::Owned(id),
                    }),
                    _ => None,
                },
            }),
            _ => None,
        },
        date: some(w.date),
        time: w.time.map(|start| Period {
            start: Cow::Owned(start),
            end: w.time_end.map(Cow::Owned),
        }),
        agent: match w.role.as_deref() {
            None => false,
            Some("agent") => true,
            Some(other) => return Err(format!("unknown role {other:?}")),
        },
        repeat_of: w.repeat_of,
        speaker,
    }))
}
