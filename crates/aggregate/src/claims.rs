//! Claims: number records that say the same thing, clustered into one row each.
//!
//! The rule (docs/aggregate.md): records are grouped by what they count — the event lemma
//! (and whether it is negated), whether the number is the event's agent, the counted head
//! and the area (the province, else the place) — and, inside a group, two records are one
//! claim when their values or ranges overlap, their places are the same or one is the
//! province of the other, and their periods overlap; or when one is marked as repeating the
//! other (`repeat_of`). The clusters are the connected components of that relation, so they
//! do not depend on the order records are read in. Groups hold one *variant* per distinct
//! (value, range, place, period): memory grows with distinct claims, not with records.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use tonle::{Number, Zone};

use crate::docs::{DocId, Docs};
use crate::time::{self, OPEN_END, OPEN_START};

/// How far back from its publication date a figure without a time may have happened.
pub const UNDATED_WINDOW_DAYS: i32 = 30;
/// Two claims of one group whose values differ by at most this share of the larger are the
/// same claim told with conflicting figures (361 and 368), not two events.
pub const CONFLICT_SHARE: f64 = 0.05;
/// How many sentences a claim keeps to show where it comes from.
pub const KEPT_SNIPPETS: usize = 3;

/// What a group of claims counts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct GroupKey {
    event: String,
    negated: bool,
    agent: bool,
    counted_head: String,
    /// The province's id, else the place's id, else empty.
    area: String,
    /// The province (name, id), when the place has one.
    province: Option<(String, String)>,
}

/// One distinct figure of a group: the same value, range, place and period.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct VariantKey {
    low: u64,
    high: u64,
    value: u64,
    place_id: String,
    period: (i32, i32),
}

/// Where a record is: its document and code-point offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ref {
    /// The document.
    pub doc: DocId,
    /// Code-point offset of the mention.
    pub start: u32,
    /// Code-point offset one past it.
    pub end: u32,
}

/// The sentence a record comes from, to show with a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The document's id.
    pub doc: String,
    /// Code-point offset of the mention.
    pub start: usize,
    /// Code-point offset one past it.
    pub end: usize,
    /// The mention as written.
    pub mention: String,
    /// The sentence around it (empty when the records have no document text).
    pub sentence: String,
}

#[derive(Debug)]
struct Variant {
    value: f64,
    low: f64,
    high: f64,
    place: Option<(String, String)>,
    period: (i32, i32),
    /// Explicit times the records give (`time`, `time_end`), as written.
    time: Option<(String, Option<String>)>,
    qualifiers: BTreeMap<String, u32>,
    vague: bool,
    part: bool,
    refs: Vec<Ref>,
    /// `(doc, start)` of the earlier mentions records of this variant repeat.
    repeats: Vec<(DocId, u32)>,
    snippets: Vec<Snippet>,
}

/// One claim: a row of the `claims` table.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// A stable id: a hash of what the claim counts and of its first record.
    pub id: String,
    /// The event verb's lemma (empty when none).
    pub event: String,
    /// The event is negated ("did not arrest").
    pub negated: bool,
    /// The number counts who did the event.
    pub agent: bool,
    /// The head noun of what is counted (empty when none).
    pub counted_head: String,
    /// The figure most of its documents give (the lower on a tie).
    pub value: f64,
    /// The lowest low end of its records.
    pub low: f64,
    /// The highest high end of its records.
    pub high: f64,
    /// The qualifier most used with that figure ("nearly").
    pub qualifier: Option<String>,
    /// Vague, qualified or a range: the value is not exact.
    pub approximate: bool,
    /// A part of a larger count ("18 women" of "153 people").
    pub part: bool,
    /// The most precise place its records name.
    pub place: String,
    /// That place's gazetteer id.
    pub place_id: String,
    /// The province of its place.
    pub province: String,
    /// The province's gazetteer id.
    pub province_id: String,
    /// The span of the explicit times of its records, as written (`..` for an open end).
    pub time_start: Option<String>,
    /// The end of that span.
    pub time_end: Option<String>,
    /// `YYYY-MM`: of the earliest explicit time, else of the first publication date.
    pub month: Option<String>,
    /// The documents that give it, sorted.
    pub docs: Vec<String>,
    /// Their URLs, in the documents' order, without repeats.
    pub urls: Vec<String>,
    /// The earliest publication date of its documents.
    pub first_published: Option<String>,
    /// The latest.
    pub last_published: Option<String>,
    /// `doc:start` of every record of the claim.
    pub refs: Vec<String>,
    /// Ids of the claims of the same group that give another figure for the same thing.
    pub conflicting_with: Vec<String>,
    /// The first sentences it comes from (by document and offset), when kept.
    pub snippets: Vec<Snippet>,
    period: (i32, i32),
    places: Vec<String>,
}

/// The claims found so far, grouped.
#[derive(Default)]
pub struct Claims {
    groups: FxHashMap<GroupKey, Group>,
}

#[derive(Default)]
struct Group {
    index: FxHashMap<VariantKey, usize>,
    variants: Vec<Variant>,
}

/// Whether a number record makes a claim: a count in the headline or the body (not a
/// caption, a byline or boilerplate) that says what it counts (an event or a counted noun),
/// with a value.
pub fn makes_claim(number: &Number, zone: Option<Zone>) -> bool {
    number.category == tonle::Category::Count
        && matches!(zone, None | Some(Zone::Headline) | Some(Zone::Body))
        && number.value.is_finite()
        && (number.event.is_some() || number.counted_head.is_some())
}

/// What one number record brings to [`Claims::add`].
pub struct Mention<'r> {
    /// The number.
    pub number: &'r Number<'r>,
    /// The document.
    pub doc: DocId,
    /// Code-point offset of the mention.
    pub start: usize,
    /// Code-point offset one past it.
    pub end: usize,
    /// The mention as written.
    pub text: &'r str,
    /// Whether the claim keeps where it was read (for the report).
    pub keep_snippet: bool,
    /// The sentence around the mention, when kept and the document text is known.
    pub sentence: Option<String>,
}

impl Claims {
    /// Adds a number record that [`makes_claim`].
    pub fn add(&mut self, m: Mention, docs: &Docs) {
        let n = m.number;
        let province = n.place.as_ref().and_then(|p| p.province.as_ref());
        let area = match (province, &n.place) {
            (Some(p), _) => p.id.to_string(),
            (None, Some(p)) => p.id.to_string(),
            (None, None) => String::new(),
        };
        let key = GroupKey {
            event: n
                .event
                .as_ref()
                .map_or(String::new(), |e| e.lemma.to_string()),
            negated: n.event.as_ref().is_some_and(|e| e.negated),
            agent: n.agent,
            counted_head: n.counted_head.as_deref().unwrap_or("").to_string(),
            area,
            province: province.map(|p| (p.name.to_string(), p.id.to_string())),
        };
        let low = n.low.unwrap_or(n.value);
        let high = n.high.unwrap_or(n.value).max(low);
        let period = period_of(n, docs.get(m.doc).published);
        let place = n
            .place
            .as_ref()
            .map(|p| (p.name.to_string(), p.id.to_string()));
        let vkey = VariantKey {
            low: low.to_bits(),
            high: high.to_bits(),
            value: n.value.to_bits(),
            place_id: place.as_ref().map_or(String::new(), |p| p.1.clone()),
            period,
        };
        let group = self.groups.entry(key).or_default();
        let at = *group.index.entry(vkey).or_insert_with(|| {
            group.variants.push(Variant {
                value: n.value,
                low,
                high,
                place,
                period,
                time: n
                    .time
                    .as_ref()
                    .map(|t| (t.start.to_string(), t.end.as_ref().map(|e| e.to_string()))),
                qualifiers: BTreeMap::new(),
                vague: false,
                part: false,
                refs: Vec::new(),
                repeats: Vec::new(),
                snippets: Vec::new(),
            });
            group.variants.len() - 1
        });
        let v = &mut group.variants[at];
        let qualifier = n.qualifier.map_or("", |q| q.as_str());
        *v.qualifiers.entry(qualifier.to_string()).or_default() += 1;
        v.vague |= n.vague;
        v.part |= n.part_of.is_some();
        v.refs.push(Ref {
            doc: m.doc,
            start: m.start as u32,
            end: m.end as u32,
        });
        if let Some(earlier) = n.repeat_of {
            v.repeats.push((m.doc, earlier as u32));
        }
        if m.keep_snippet {
            keep_snippet(&mut v.snippets, &m, docs);
        }
    }

    /// The claims, sorted by event, counted head, province, month and value, with stable ids.
    pub fn finish(self, docs: &Docs) -> Vec<Claim> {
        let mut groups: Vec<(GroupKey, Group)> = self.groups.into_iter().collect();
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        let mut claims = Vec::new();
        for (key, group) in groups {
            let mut found: Vec<Claim> = components(group.variants, &key.area)
                .into_iter()
                .map(|members| claim_of(&key, members, docs))
                .collect();
            mark_conflicts(&mut found, &key.area);
            claims.extend(found);
        }
        claims.sort_by(|a, b| {
            let k = |c: &Claim| {
                (
                    c.event.clone(),
                    c.counted_head.clone(),
                    c.province.clone(),
                    c.month.clone(),
                )
            };
            k(a).cmp(&k(b))
                .then(a.value.total_cmp(&b.value))
                .then_with(|| a.id.cmp(&b.id))
        });
        claims
    }
}

/// Keeps the first [`KEPT_SNIPPETS`] sentences by document id and offset, whatever order the
/// records come in.
fn keep_snippet(kept: &mut Vec<Snippet>, m: &Mention, docs: &Docs) {
    let doc = &docs.get(m.doc).id;
    let order = |s: &Snippet| (s.doc.clone(), s.start);
    let new = Snippet {
        doc: doc.clone(),
        start: m.start,
        end: m.end,
        mention: m.text.to_string(),
        sentence: m.sentence.clone().unwrap_or_default(),
    };
    if kept.len() == KEPT_SNIPPETS {
        if order(&new) >= order(&kept[KEPT_SNIPPETS - 1]) {
            return;
        }
        kept.pop();
    }
    let at = kept.partition_point(|s| order(s) < order(&new));
    kept.insert(at, new);
}

/// The days a record's figure may be about: its explicit time, else up to
/// [`UNDATED_WINDOW_DAYS`] before its publication date, else any time.
fn period_of(n: &Number, published: Option<i32>) -> (i32, i32) {
    if let Some(t) = &n.time {
        let start = time::iso_days(&t.start).map_or(OPEN_START, |d| d.0);
        let end = match t.end.as_deref() {
            Some("..") => OPEN_END,
            Some(end) => time::iso_days(end).map_or(OPEN_END, |d| d.1),
            None => time::iso_days(&t.start).map_or(OPEN_END, |d| d.1),
        };
        if start != OPEN_START || end != OPEN_END {
            return (start, end);
        }
    }
    match published {
        Some(day) => (day - UNDATED_WINDOW_DAYS, day),
        None => (OPEN_START, OPEN_END),
    }
}

/// Whether two places of one group can be the same place: the same, or one the group's
/// province and so holding the other (a group's places all share its area).
fn places_agree(a: &Option<(String, String)>, b: &Option<(String, String)>, area: &str) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.1 == b.1 || a.1 == area || b.1 == area,
        (None, None) => true,
        _ => false,
    }
}

/// Union-find over variant indices.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        // The smaller root wins, so the sets do not depend on the order of unions.
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        self.0[hi] = lo;
    }
}

/// The variants of one group, clustered: the connected components of "same claim".
fn components(mut variants: Vec<Variant>, area: &str) -> Vec<Vec<Variant>> {
    for v in &mut variants {
        v.refs.sort_unstable();
    }
    // A fixed order first: the sweep below and the components' order depend on nothing else.
    variants.sort_by(|a, b| {
        a.low
            .total_cmp(&b.low)
            .then(a.high.total_cmp(&b.high))
            .then(a.value.total_cmp(&b.value))
            .then_with(|| a.place.cmp(&b.place))
            .then(a.period.cmp(&b.period))
    });
    let mut sets = Sets((0..variants.len()).collect());
    for i in 0..variants.len() {
        // Sorted by low end: every variant whose range overlaps this one's follows it
        // until the low ends pass its high end.
        for j in i + 1..variants.len() {
            if variants[j].low > variants[i].high {
                break;
            }
            let (a, b) = (&variants[i], &variants[j]);
            if places_agree(&a.place, &b.place, area) && time::overlap(a.period, b.period) {
                sets.union(i, j);
            }
        }
    }
    let mut at: FxHashMap<(DocId, u32), usize> = FxHashMap::default();
    for (i, v) in variants.iter().enumerate() {
        for r in &v.refs {
            at.insert((r.doc, r.start), i);
        }
    }
    for (i, v) in variants.iter().enumerate() {
        for earlier in &v.repeats {
            if let Some(&j) = at.get(earlier) {
                sets.union(i, j);
            }
        }
    }
    let mut members: BTreeMap<usize, Vec<Variant>> = BTreeMap::new();
    for (i, v) in variants.into_iter().enumerate() {
        let root = sets.find(i);
        members.entry(root).or_default().push(v);
    }
    members.into_values().collect()
}

/// The figure most documents give (the lower on a tie), and its most used qualifier.
fn chosen_value(members: &[Variant]) -> (f64, Option<String>) {
    let mut docs_by_value: BTreeMap<u64, (f64, Vec<DocId>)> = BTreeMap::new();
    for v in members {
        let entry = docs_by_value
            .entry(v.value.to_bits())
            .or_insert((v.value, Vec::new()));
        entry.1.extend(v.refs.iter().map(|r| r.doc));
    }
    let mut best: Option<(f64, usize)> = None;
    for (value, mut docs) in docs_by_value.into_values() {
        docs.sort_unstable();
        docs.dedup();
        let better = match best {
            None => true,
            Some((b, n)) => docs.len() > n || (docs.len() == n && value < b),
        };
        if better {
            best = Some((value, docs.len()));
        }
    }
    let value = best.map_or(f64::NAN, |b| b.0);
    let mut qualifiers: BTreeMap<&str, u32> = BTreeMap::new();
    for v in members
        .iter()
        .filter(|v| v.value.to_bits() == value.to_bits())
    {
        for (q, n) in &v.qualifiers {
            *qualifiers.entry(q).or_default() += n;
        }
    }
    // The most used; on a tie the first by name (a BTreeMap's order, kept by max_by's last).
    let qualifier = qualifiers
        .iter()
        .rev()
        .max_by_key(|(_, n)| **n)
        .map(|(q, _)| q.to_string())
        .filter(|q| !q.is_empty());
    (value, qualifier)
}

/// The place a claim names: the most precise (not the province itself), the most used, the
/// first id on a tie.
fn chosen_place(members: &[Variant], area: &str) -> Option<(String, String)> {
    let mut uses: BTreeMap<(bool, String), (usize, String)> = BTreeMap::new();
    for v in members {
        if let Some((name, id)) = &v.place {
            let entry = uses
                .entry((id == area, id.clone()))
                .or_insert((0, name.clone()));
            entry.0 += v.refs.len();
        }
    }
    let precise = uses.keys().next().map(|k| k.0);
    uses.into_iter()
        .filter(|(k, _)| Some(k.0) == precise)
        .rev()
        .max_by_key(|(_, (n, _))| *n)
        .map(|((_, id), (_, name))| (name, id))
}

/// The explicit times of the members: the earliest start and the latest end, as written.
fn time_span(members: &[Variant]) -> (Option<String>, Option<String>, Option<i32>) {
    let timed = members.iter().filter(|v| v.time.is_some());
    let first = timed.clone().min_by_key(|v| v.period.0);
    let last = timed.max_by_key(|v| v.period.1);
    let start = first.and_then(|v| v.time.as_ref()).map(|t| t.0.clone());
    let end = last
        .and_then(|v| v.time.as_ref())
        .map(|t| t.1.clone().unwrap_or_else(|| t.0.clone()));
    let start_day = first.map(|v| v.period.0).filter(|&d| d != OPEN_START);
    (start, end, start_day)
}

/// FNV-1a, 64 bits: a stable hash for claim ids (the same on every machine and run).
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Where a claim was read: its records, documents, URLs and publication dates.
struct Sources<'d> {
    /// `(doc, start)` of each record, sorted.
    refs: Vec<(&'d str, u32)>,
    /// Its documents, sorted by id.
    doc_ids: Vec<DocId>,
    urls: Vec<String>,
    first: Option<i32>,
    last: Option<i32>,
}

fn sources<'d>(members: &[Variant], docs: &'d Docs) -> Sources<'d> {
    let mut refs: Vec<(&str, u32)> = members
        .iter()
        .flat_map(|v| {
            v.refs
                .iter()
                .map(|r| (docs.get(r.doc).id.as_str(), r.start))
        })
        .collect();
    refs.sort_unstable();
    refs.dedup();
    let mut doc_ids: Vec<DocId> = members
        .iter()
        .flat_map(|v| v.refs.iter().map(|r| r.doc))
        .collect();
    doc_ids.sort_unstable_by(|a, b| docs.get(*a).id.cmp(&docs.get(*b).id));
    doc_ids.dedup();
    let published: Vec<i32> = doc_ids
        .iter()
        .filter_map(|d| docs.get(*d).published)
        .collect();
    let (first, last) = (
        published.iter().min().copied(),
        published.iter().max().copied(),
    );
    let mut urls: Vec<String> = Vec::new();
    for url in doc_ids.iter().filter_map(|d| docs.get(*d).url.as_ref()) {
        if !urls.contains(url) {
            urls.push(url.clone());
        }
    }
    Sources {
        refs,
        doc_ids,
        urls,
        first,
        last,
    }
}

fn claim_of(key: &GroupKey, members: Vec<Variant>, docs: &Docs) -> Claim {
    let (value, qualifier) = chosen_value(&members);
    let low = members.iter().map(|v| v.low).fold(f64::INFINITY, f64::min);
    let high = members
        .iter()
        .map(|v| v.high)
        .fold(f64::NEG_INFINITY, f64::max);
    let place = chosen_place(&members, &key.area);
    let (time_start, time_end, start_day) = time_span(&members);
    let period = members.iter().fold((OPEN_END, OPEN_START), |(a, b), v| {
        (a.min(v.period.0), b.max(v.period.1))
    });
    let Sources {
        refs,
        doc_ids,
        urls,
        first,
        last,
    } = sources(&members, docs);
    let (first_doc, first_start) = refs.first().map_or(("", 0), |r| *r);
    let id = fnv(&[
        &key.event,
        &key.counted_head,
        &key.area,
        if key.negated { "not" } else { "" },
        if key.agent { "agent" } else { "" },
        first_doc,
        &first_start.to_string(),
    ]);
    let mut snippets: Vec<Snippet> = members.iter().flat_map(|v| v.snippets.clone()).collect();
    snippets.sort_by(|a, b| (&a.doc, a.start).cmp(&(&b.doc, b.start)));
    snippets.truncate(KEPT_SNIPPETS);
    let mut places: Vec<String> = members
        .iter()
        .filter_map(|v| v.place.as_ref().map(|p| p.1.clone()))
        .collect();
    places.sort_unstable();
    places.dedup();
    let (province, province_id) = key.province.clone().unwrap_or_default();
    let (place, place_id) = place.unwrap_or_default();
    Claim {
        id: format!("{id:016x}"),
        event: key.event.clone(),
        negated: key.negated,
        agent: key.agent,
        counted_head: key.counted_head.clone(),
        value,
        low,
        high,
        // "only 12", "exactly 12" bound nothing: the figure is exact.
        approximate: qualifier.as_deref().is_some_and(|q| q != "exactly")
            || high > low
            || members.iter().any(|v| v.vague),
        qualifier,
        part: members.iter().any(|v| v.part),
        place,
        place_id,
        province,
        province_id,
        time_start,
        time_end,
        month: start_day.or(first).map(time::month_name),
        docs: doc_ids.iter().map(|d| docs.get(*d).id.clone()).collect(),
        urls,
        first_published: first.map(time::day_name),
        last_published: last.map(time::day_name),
        refs: refs
            .iter()
            .map(|(doc, start)| format!("{doc}:{start}"))
            .collect(),
        conflicting_with: Vec::new(),
        snippets,
        period,
        places,
    }
}

/// Marks the claims of one group that give close but different figures for the same thing:
/// values within [`CONFLICT_SHARE`] of each other, an event, places that agree, periods that
/// overlap, both parts or both wholes.
fn mark_conflicts(claims: &mut [Claim], area: &str) {
    // A figure with no event or no place says too little to be the same thing as another.
    if area.is_empty() || claims.first().is_none_or(|c| c.event.is_empty()) {
        return;
    }
    let mut order: Vec<usize> = (0..claims.len()).collect();
    order.sort_by(|&a, &b| claims[a].value.total_cmp(&claims[b].value));
    let mut pairs = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let a = &claims[i];
        if a.value.is_nan() || a.value <= 0.0 {
            continue;
        }
        for &j in &order[k + 1..] {
            let b = &claims[j];
            if b.value - a.value > CONFLICT_SHARE * b.value {
                break;
            }
            let places = a.places.is_empty() && b.places.is_empty()
                || a.places
                    .iter()
                    .any(|p| b.places.iter().any(|q| p == q || p == area || q == area));
            if b.value != a.value && a.part == b.part && places && time::overlap(a.period, b.period)
            {
                pairs.push((i, j));
            }
        }
    }
    for (i, j) in pairs {
        let (a, b) = (claims[i].id.clone(), claims[j].id.clone());
        claims[i].conflicting_with.push(b);
        claims[j].conflicting_with.push(a);
    }
    for c in claims.iter_mut() {
        c.conflicting_with.sort_unstable();
    }
}

#[cfg(test)]
mod tests {
    use crate::{Aggregator, Claim};
    use tonle::Record;

    const POIPET: &str = r#","place":"Poipet","place_id":"KH-0110","province":"Banteay Meanchey","province_id":"KH-1""#;
    const PROVINCE: &str = r#","place":"Banteay Meanchey","place_id":"KH-1","province":"Banteay Meanchey","province_id":"KH-1""#;
    const MALAI: &str = r#","place":"Malai","place_id":"KH-0104","province":"Banteay Meanchey","province_id":"KH-1""#;

    /// A document record published on `date`.
    fn doc(id: &str, date: &str) -> String {
        format!(
            r#"{{"schema_version":1,"doc":"{id}","kind":"document","type":"DOCUMENT","text":"","start":0,"end":0,"sentence":0,"date":"{date}","length":0,"zones":[]}}"#
        )
    }

    /// A count of rescued workers in `doc` at `start`, with `extra` fields.
    fn rescued(doc: &str, start: usize, value: f64, extra: &str) -> String {
        format!(
            r#"{{"schema_version":1,"doc":"{doc}","kind":"number","type":"COUNT","text":"{value}","start":{start},"end":{},"sentence":0,"zone":"body","value":{value},"category":"count","counted_head":"worker","event":"rescue"{extra}}}"#,
            start + 2
        )
    }

    fn claims(lines: &[String]) -> Vec<Claim> {
        let mut a = Aggregator::new(false);
        for line in lines {
            let record: Record<'static> = serde_json::from_str(line).unwrap();
            a.add(&record);
        }
        a.finish().claims
    }

    /// (value, sources, records, conflicting) of each claim.
    fn summary(claims: &[Claim]) -> Vec<(f64, usize, usize, bool)> {
        claims
            .iter()
            .map(|c| {
                (
                    c.value,
                    c.docs.len(),
                    c.refs.len(),
                    !c.conflicting_with.is_empty(),
                )
            })
            .collect()
    }

    #[test]
    fn a_town_and_its_province_are_one_place_two_towns_are_not() {
        let lines = [
            doc("a", "2022-09-21"),
            rescued("a", 10, 214.0, POIPET),
            doc("b", "2022-09-22"),
            rescued("b", 40, 214.0, PROVINCE),
            doc("c", "2022-09-23"),
            rescued("c", 50, 214.0, MALAI),
        ];
        let found = claims(&lines);
        // Poipet and Banteay Meanchey (its province) agree, and so do Malai and the
        // province; the three are one claim through the province's record.
        assert_eq!(summary(&found), [(214.0, 3, 3, false)]);
        assert_eq!(found[0].place, "Malai");
        // Without the province's record, the two towns are two claims.
        let towns = claims(&[
            lines[0].clone(),
            lines[1].clone(),
            lines[4].clone(),
            lines[5].clone(),
        ]);
        assert_eq!(
            summary(&towns),
            [(214.0, 1, 1, false), (214.0, 1, 1, false)]
        );
    }

    #[test]
    fn overlapping_ranges_are_one_claim_and_disjoint_times_two() {
        let range = format!(r#","low":10,"high":15{POIPET}"#);
        let lines = [
            doc("a", "2023-01-10"),
            rescued("a", 0, 10.0, &range),
            doc("b", "2023-01-11"),
            rescued("b", 0, 12.0, POIPET),
            // Five months later: another rescue, though the same figure.
            doc("c", "2023-06-20"),
            rescued("c", 0, 12.0, POIPET),
        ];
        let found = claims(&lines);
        assert_eq!(
            summary(&found),
            [(10.0, 2, 2, false), (12.0, 1, 1, false)],
            "{found:#?}"
        );
        assert!(found[0].approximate, "a range is approximate");
        assert_eq!((found[0].low, found[0].high), (10.0, 15.0));
    }

    #[test]
    fn close_figures_conflict_and_distant_ones_are_other_events() {
        let april = format!(r#","time":"2023-04-10"{POIPET}"#);
        let lines = [
            doc("d", "2023-04-12"),
            rescued("d", 0, 361.0, &april),
            doc("e", "2023-04-13"),
            rescued("e", 0, 368.0, &april),
            doc("f", "2023-04-14"),
            rescued("f", 0, 300.0, &april),
        ];
        let found = claims(&lines);
        assert_eq!(
            summary(&found),
            [
                (300.0, 1, 1, false),
                (361.0, 1, 1, true),
                (368.0, 1, 1, true)
            ]
        );
        assert_eq!(found[1].conflicting_with, [found[2].id.clone()]);
    }

    #[test]
    fn a_headline_repeated_in_the_body_is_one_claim_of_one_source() {
        let headline = rescued("a", 12, 214.0, POIPET).replace("\"body\"", "\"headline\"");
        let body = format!(r#","time":"2022-09-19"{PROVINCE},"repeat_of":12"#);
        let lines = [
            doc("a", "2022-09-21"),
            headline,
            rescued("a", 353, 214.0, &body),
        ];
        let found = claims(&lines);
        assert_eq!(summary(&found), [(214.0, 1, 2, false)]);
        assert_eq!(found[0].refs, ["a:12", "a:353"]);
        assert_eq!(found[0].month.as_deref(), Some("2022-09"));
    }

    #[test]
    fn bounding_qualifiers_and_vague_figures_are_approximate_exact_ones_not() {
        let lines = [
            doc("a", "2023-01-10"),
            rescued(
                "a",
                0,
                700.0,
                &format!(r#","qualifier":"approximately"{POIPET}"#),
            ),
            rescued("a", 50, 12.0, &format!(r#","qualifier":"exactly"{POIPET}"#)),
            rescued("a", 90, 100.0, &format!(r#","vague":true{POIPET}"#)),
        ];
        let found: Vec<(f64, bool)> = claims(&lines)
            .iter()
            .map(|c| (c.value, c.approximate))
            .collect();
        assert_eq!(found, [(12.0, false), (100.0, true), (700.0, true)]);
    }

    #[test]
    fn claims_do_not_depend_on_the_order_of_records() {
        let lines = vec![
            doc("a", "2022-09-21"),
            rescued("a", 10, 214.0, POIPET),
            rescued("a", 90, 20.0, POIPET),
            doc("b", "2022-09-22"),
            rescued("b", 40, 214.0, PROVINCE),
            rescued("b", 70, 21.0, PROVINCE),
            doc("c", "2022-09-23"),
            rescued("c", 50, 214.0, MALAI),
        ];
        // Documents in reverse order, each document's records kept together.
        let mut reversed = Vec::new();
        for chunk in [&lines[6..], &lines[3..6], &lines[..3]] {
            reversed.extend_from_slice(chunk);
        }
        assert_eq!(claims(&lines), claims(&reversed));
    }
}
