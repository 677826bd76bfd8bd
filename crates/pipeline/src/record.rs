//! One document → its records, written as JSON lines. The schema is `docs/records.md` and
//! `docs/records.schema.json`; change them together with this file and bump
//! [`SCHEMA_VERSION`] on any change a consumer could notice.

use std::cell::RefCell;

use tonle_corpus::Document;
use tonle_gazetteer::{EntityType, Entry, Gazetteer, Mention};
use tonle_numbers::NumberMention;
use tonle_text::{sentence_of, split_sentences, tokenize, CharOffsets, Token};

/// The version written in every record as `schema_version`.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Default)]
struct Scratch {
    tokens: Vec<Token>,
    sentences: Vec<u32>,
    mentions: Vec<Mention>,
    numbers: Vec<NumberMention>,
    meta: Vec<u8>,
    /// Per number: index of the place mention it is tied to.
    places: Vec<Option<usize>>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Extracts the records of one document: every gazetteer mention and every number.
pub struct Extractor {
    gazetteer: Gazetteer,
    patterns: bool,
}

impl Extractor {
    pub fn new(gazetteer: Gazetteer) -> Self {
        Extractor {
            gazetteer,
            patterns: false,
        }
    }

    /// Also write records for names the lists miss but the text types by its wording
    /// ("X province", "Governor X", "Ministry of X", acronym definitions): entity records
    /// with `"source": "pattern"`. Off by default.
    pub fn with_patterns(mut self, on: bool) -> Self {
        self.patterns = on;
        self
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Appends the document's records to `out`, one JSON object per line, ordered by start
    /// offset (an entity before a number at the same offset). Returns how many it wrote.
    pub fn write_records(&self, doc: &Document, out: &mut Vec<u8>) -> usize {
        SCRATCH.with(|s| {
            let s = &mut *s.borrow_mut();
            let text = doc.text.as_str();
            tokenize(text, &mut s.tokens);
            split_sentences(text, &s.tokens, &mut s.sentences);
            self.gazetteer.find(text, &s.tokens, &mut s.mentions);
            tonle_numbers::extract(text, &s.tokens, &mut s.numbers);
            tonle_numbers::link(text, &s.tokens, &s.sentences, &mut s.numbers);
            let published = doc
                .meta
                .iter()
                .find(|(k, _)| k == "date")
                .and_then(|(_, v)| serde_json::from_str::<String>(v.get()).ok())
                .and_then(|d| tonle_numbers::parse_doc_date(&d));
            let times = tonle_numbers::times(text, &s.tokens, &s.sentences, &s.numbers, published);
            place_numbers(&self.gazetteer, text, s);
            s.meta.clear();
            if !doc.meta.is_empty() {
                s.meta.push(b'{');
                for (k, (key, value)) in doc.meta.iter().enumerate() {
                    if k > 0 {
                        s.meta.push(b',');
                    }
                    write_str(&mut s.meta, key);
                    s.meta.push(b':');
                    s.meta.extend_from_slice(value.get().as_bytes());
                }
                s.meta.push(b'}');
            }
            let mut offsets = CharOffsets::new(text);
            let w = Writer {
                doc,
                text,
                meta: &s.meta,
                sentences: &s.sentences,
            };
            let patterns = if self.patterns {
                tonle_tune::suggest::pattern_mentions(&self.gazetteer, text)
            } else {
                Vec::new()
            };
            // Everything in start order; at one offset entities first, then numbers.
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
            order.sort_unstable();
            for &(_, stream, k) in &order {
                let k = k as usize;
                match stream {
                    0 => w.entity(&self.gazetteer, &s.mentions[k], &mut offsets, out),
                    1 => {
                        let p = &patterns[k];
                        let first_token = s.tokens.partition_point(|t| (t.end as usize) <= p.start);
                        w.pattern(p, first_token as u32, &mut offsets, out);
                    }
                    _ => {
                        let m = &s.numbers[k];
                        let context = NumberContext {
                            parent: m.parent.map(|p| &s.numbers[p as usize]),
                            place: s.places[k].map(|p| self.gazetteer.entry(s.mentions[p].entry)),
                            // A part with no time of its own ("162 were identified",
                            // after the sentence of its whole) takes its whole's.
                            time: times[k]
                                .as_ref()
                                .or_else(|| m.parent.and_then(|p| times[p as usize].as_ref())),
                        };
                        w.number(m, &context, &mut offsets, out);
                    }
                }
            }
            order.len()
        })
    }
}

/// Ties each number to the place it happened in, if its sentence says: the nearest place
/// after "in", "from", "at" (and similar) or before a possessive; else the nearest place of
/// the sentence, leaving out a place that only locates the one before it ("Bokor, Kampot").
/// A part ("including 18 women") takes its whole's place when it has none.
///
/// A place in a later part's own clause ("368 complaints, with 249 of those complaints
/// originating from Preah Sihanouk province") says where the part is, not the whole, and is
/// left out for the whole. The clause runs from the part to the next comma, semicolon, colon
/// or bracket, or to the end of the sentence.
fn place_numbers(g: &Gazetteer, text: &str, s: &mut Scratch) {
    s.places.clear();
    // (whole, first token of the part's clause, token after it), sorted by whole.
    let mut part_clauses: Vec<(u32, u32, u32)> = s
        .numbers
        .iter()
        .enumerate()
        .filter_map(|(j, part)| {
            let whole = part.parent?;
            (whole < j as u32).then(|| {
                let sentence = sentence_of(&s.sentences, part.first_token);
                let sentence_end = s
                    .sentences
                    .get(sentence + 1)
                    .map_or(s.tokens.len(), |&e| e as usize);
                let clause_end = (part.end_token as usize..sentence_end)
                    .find(|&k| {
                        matches!(
                            s.tokens[k].as_str(text),
                            "," | ";" | ":" | "(" | ")" | "–" | "—"
                        )
                    })
                    .unwrap_or(sentence_end);
                (whole, part.first_token, clause_end as u32)
            })
        })
        .collect();
    part_clauses.sort_unstable();
    for k in 0..s.numbers.len() {
        let m = &s.numbers[k];
        let from = part_clauses.partition_point(|c| c.0 < k as u32);
        let to = part_clauses.partition_point(|c| c.0 <= k as u32);
        let in_part_clause = |token: u32| {
            part_clauses[from..to]
                .iter()
                .any(|&(_, a, b)| (a..b).contains(&token))
        };
        let mut place = place_of(
            g,
            text,
            &s.tokens,
            &s.sentences,
            &s.mentions,
            m,
            &in_part_clause,
        );
        if place.is_none() {
            place = m
                .parent
                .and_then(|p| s.places.get(p as usize).copied().flatten());
        }
        s.places.push(place);
    }
}

fn place_of(
    g: &Gazetteer,
    text: &str,
    tokens: &[Token],
    sentences: &[u32],
    mentions: &[Mention],
    m: &NumberMention,
    left_out: &dyn Fn(u32) -> bool,
) -> Option<usize> {
    let sentence = sentence_of(sentences, m.first_token);
    let lower = |i: usize| {
        tokens
            .get(i)
            .map_or(String::new(), |t| t.as_str(text).to_lowercase())
    };
    let mut best: Option<(u32, usize)> = None;
    let mut nearest: Option<(u32, usize)> = None;
    // Mentions are sorted: look only at those of this sentence.
    // Within the sentence, and at most `NEAR` tokens away, so that a pathological sentence
    // (a table, a list without full stops) cannot make this quadratic.
    const NEAR: u32 = 200;
    let sentence_start = sentences[sentence].max(m.first_token.saturating_sub(NEAR));
    let sentence_end = sentences
        .get(sentence + 1)
        .copied()
        .unwrap_or(u32::MAX)
        .min(m.first_token.saturating_add(NEAR));
    let from = mentions.partition_point(|e| e.first_token < sentence_start);
    let to = mentions.partition_point(|e| e.first_token < sentence_end);
    for (index, e) in mentions.iter().enumerate().take(to).skip(from) {
        if g.entry(e.entry).kind != EntityType::Place || left_out(e.first_token) {
            continue;
        }
        let first = e.first_token as usize;
        let after = tokens.partition_point(|t| t.start < e.end);
        let locative = first > 0
            && matches!(
                lower(first - 1).as_str(),
                "in" | "from"
                    | "at"
                    | "near"
                    | "across"
                    | "inside"
                    | "within"
                    | "into"
                    | "to"
                    | "throughout"
                    | "around"
                    | "outside"
            );
        let possessive = matches!(lower(after).as_str(), "'" | "’") && lower(after + 1) == "s";
        // "in Bokor, Kampot": the second place only says where the first is.
        let apposition = first >= 2
            && lower(first - 1) == ","
            && index > 0
            && g.entry(mentions[index - 1].entry).kind == EntityType::Place
            && tokens.partition_point(|t| t.start < mentions[index - 1].end) == first - 1;
        if apposition {
            continue;
        }
        let distance = e.first_token.abs_diff(m.first_token);
        if nearest.is_none_or(|(d, _)| distance < d) {
            nearest = Some((distance, index));
        }
        if (locative || possessive) && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, index));
        }
    }
    best.or(nearest).map(|(_, i)| i)
}

/// What a number record says about its context, beyond the number itself.
struct NumberContext<'a> {
    parent: Option<&'a NumberMention>,
    place: Option<&'a Entry>,
    time: Option<&'a tonle_numbers::Time>,
}

struct Writer<'a> {
    doc: &'a Document,
    text: &'a str,
    meta: &'a [u8],
    sentences: &'a [u32],
}

impl Writer<'_> {
    fn head(
        &self,
        kind: &str,
        ty: &str,
        (start, end): (u32, u32),
        first_token: u32,
        offsets: &mut CharOffsets,
        out: &mut Vec<u8>,
    ) {
        out.extend_from_slice(b"{\"schema_version\":");
        write_int(out, SCHEMA_VERSION as i64);
        out.extend_from_slice(b",\"doc\":");
        write_str(out, &self.doc.id);
        out.extend_from_slice(b",\"kind\":\"");
        out.extend_from_slice(kind.as_bytes());
        out.extend_from_slice(b"\",\"type\":");
        write_str(out, ty);
        out.extend_from_slice(b",\"text\":");
        write_str(out, &self.text[start as usize..end as usize]);
        out.extend_from_slice(b",\"start\":");
        write_int(out, offsets.char_offset(start as usize) as i64);
        out.extend_from_slice(b",\"end\":");
        write_int(out, offsets.char_offset(end as usize) as i64);
        out.extend_from_slice(b",\"sentence\":");
        write_int(out, sentence_of(self.sentences, first_token) as i64);
    }

    fn tail(&self, out: &mut Vec<u8>) {
        if !self.meta.is_empty() {
            out.extend_from_slice(b",\"meta\":");
            out.extend_from_slice(self.meta);
        }
        out.extend_from_slice(b"}\n");
    }

    fn entity(&self, g: &Gazetteer, m: &Mention, offsets: &mut CharOffsets, out: &mut Vec<u8>) {
        let entry = g.entry(m.entry);
        self.head(
            "entity",
            entry.kind.as_str(),
            (m.start, m.end),
            m.first_token,
            offsets,
            out,
        );
        out.extend_from_slice(b",\"canonical\":");
        write_str(out, &entry.name);
        out.extend_from_slice(b",\"id\":");
        write_str(out, &entry.id);
        out.extend_from_slice(b",\"list\":");
        write_str(out, g.list_name(m.list));
        if let Some(rule) = m.resolved_by {
            out.extend_from_slice(b",\"resolved_by\":");
            write_str(out, rule.as_str());
        }
        if !entry.attrs.is_empty() {
            out.extend_from_slice(b",\"attrs\":{");
            for (k, (key, value)) in entry.attrs.iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                write_str(out, key);
                out.push(b':');
                write_str(out, value);
            }
            out.push(b'}');
        }
        self.tail(out);
    }

    fn pattern(
        &self,
        p: &tonle_tune::suggest::PatternMention,
        first_token: u32,
        offsets: &mut CharOffsets,
        out: &mut Vec<u8>,
    ) {
        self.head(
            "entity",
            p.typ,
            (p.start as u32, p.end as u32),
            first_token,
            offsets,
            out,
        );
        out.extend_from_slice(b",\"canonical\":");
        write_str(out, &p.name);
        out.extend_from_slice(b",\"id\":");
        write_str(out, &tonle_gazetteer::derived_id(p.typ, &p.name));
        out.extend_from_slice(b",\"list\":\"(pattern)\",\"source\":\"pattern\",\"attrs\":{");
        if let Some(kind) = p.kind {
            out.extend_from_slice(b"\"kind\":");
            write_str(out, kind);
            out.push(b',');
        }
        out.extend_from_slice(b"\"evidence\":");
        write_str(out, &p.evidence);
        out.push(b'}');
        self.tail(out);
    }

    fn number(
        &self,
        m: &NumberMention,
        context: &NumberContext,
        offsets: &mut CharOffsets,
        out: &mut Vec<u8>,
    ) {
        let category = m.category.as_str();
        let mut ty = [0u8; 16];
        let ty = upper(category, &mut ty);
        self.head("number", ty, (m.start, m.end), m.first_token, offsets, out);
        out.extend_from_slice(b",\"value\":");
        write_f64(out, m.value);
        out.extend_from_slice(b",\"category\":\"");
        out.extend_from_slice(category.as_bytes());
        out.push(b'"');
        if let (Some(low), Some(high)) = (m.low, m.high) {
            out.extend_from_slice(b",\"low\":");
            write_f64(out, low);
            out.extend_from_slice(b",\"high\":");
            write_f64(out, high);
        }
        if let Some(q) = m.qualifier {
            out.extend_from_slice(b",\"qualifier\":");
            write_str(out, q);
        }
        if m.vague {
            out.extend_from_slice(b",\"vague\":true");
        }
        if let Some(u) = m.unit {
            out.extend_from_slice(b",\"unit\":");
            write_str(out, u);
        }
        if let Some(c) = m.currency {
            out.extend_from_slice(b",\"currency\":");
            write_str(out, c);
        }
        if let Some(counted) = m.counted_str(self.text) {
            out.extend_from_slice(b",\"counted\":");
            write_str(out, &counted);
        }
        if let Some(head) = &m.counted_head {
            out.extend_from_slice(b",\"counted_head\":");
            write_str(out, head);
        }
        if let (Some(parent), Some(relation)) = (context.parent, m.relation) {
            out.extend_from_slice(b",\"relation\":");
            write_str(out, relation);
            out.extend_from_slice(b",\"parent_start\":");
            write_int(out, offsets.char_offset(parent.start as usize) as i64);
            out.extend_from_slice(b",\"parent_text\":");
            write_str(out, parent.as_str(self.text));
        }
        if let Some(event) = &m.event {
            out.extend_from_slice(b",\"event\":");
            write_str(out, event);
            if m.negated {
                out.extend_from_slice(b",\"negated\":true");
            }
        }
        if let Some(place) = context.place {
            out.extend_from_slice(b",\"place\":");
            write_str(out, &place.name);
            out.extend_from_slice(b",\"place_id\":");
            write_str(out, &place.id);
        }
        if let Some(d) = m.date {
            out.extend_from_slice(b",\"date\":");
            write_str(out, &d.iso());
        }
        if let Some(time) = context.time {
            out.extend_from_slice(b",\"time\":");
            write_str(out, &time.start);
            if let Some(end) = &time.end {
                out.extend_from_slice(b",\"time_end\":");
                write_str(out, end);
            }
        }
        self.tail(out);
    }
}

fn upper<'b>(s: &str, buf: &'b mut [u8; 16]) -> &'b str {
    let n = s.len().min(16);
    buf[..n].copy_from_slice(&s.as_bytes()[..n]);
    buf[..n].make_ascii_uppercase();
    std::str::from_utf8(&buf[..n]).unwrap_or("NUMBER")
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

fn write_int(out: &mut Vec<u8>, v: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// Integral values are written without a fraction (`1122`, not `1122.0`).
fn write_f64(out: &mut Vec<u8>, v: f64) {
    if !v.is_finite() {
        out.extend_from_slice(b"null");
    } else if v.fract() == 0.0 && v.abs() < 9.0e15 {
        write_int(out, v as i64);
    } else {
        out.extend_from_slice(ryu::Buffer::new().format_finite(v).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn records(text: &str) -> Vec<Value> {
        let mut b = tonle_gazetteer::GazetteerBuilder::new();
        b.add_source(
            "t.tsv",
            "id\ttype\tname\taliases\tkind\nKH-22\tPLACE\tOddar Meanchey\tឧត្តរមានជ័យ\tprovince\n\
             KH-20\tPLACE\tSvay Rieng\t\tprovince\n",
        )
        .unwrap();
        let ex = Extractor::new(b.build().unwrap());
        let doc = Document {
            id: "d\"1".into(),
            text: text.into(),
            meta: vec![(
                "date".into(),
                serde_json::value::RawValue::from_string("\"2022-10-01\"".into()).unwrap(),
            )],
        };
        let mut out = Vec::new();
        let n = ex.write_records(&doc, &mut out);
        let lines: Vec<Value> = std::str::from_utf8(&out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), n);
        lines
    }

    fn number<'v>(recs: &'v [Value], text: &str) -> &'v Value {
        recs.iter()
            .find(|r| r["kind"] == "number" && r["text"] == text)
            .unwrap_or_else(|| panic!("no number {text:?} in {recs:#?}"))
    }

    #[test]
    fn a_place_in_a_parts_own_clause_is_not_the_wholes() {
        let recs = records(
            "From August 18 to September 29, the ministry received 368 complaints, with 249 \
             of those complaints coming from Oddar Meanchey.",
        );
        let whole = number(&recs, "368");
        let part = number(&recs, "249");
        assert_eq!(part["parent_text"], "368");
        assert_eq!(part["place"], "Oddar Meanchey");
        assert!(whole.get("place").is_none(), "{whole}");
        // The period, in the publication year (2022-10-01).
        for r in [whole, part] {
            assert_eq!(
                (&r["time"], &r["time_end"]),
                (&"2022-08-18".into(), &"2022-09-29".into())
            );
        }
        // A place after the list of parts belongs to the whole again.
        let recs = records("Police rescued 153 people, including 18 women, in Svay Rieng.");
        assert_eq!(number(&recs, "153")["place"], "Svay Rieng");
        assert_eq!(number(&recs, "18")["place"], "Svay Rieng");
    }

    #[test]
    fn offsets_are_code_points_and_slice_back_to_the_text() {
        let text = "ខេត្តឧត្តរមានជ័យ — “Oddar Meanchey’s” 1,122 people.\n\nNext, 60.94 per cent.";
        let recs = records(text);
        let chars: Vec<char> = text.chars().collect();
        for r in &recs {
            let (s, e) = (
                r["start"].as_u64().unwrap() as usize,
                r["end"].as_u64().unwrap() as usize,
            );
            let slice: String = chars[s..e].iter().collect();
            assert_eq!(slice, r["text"].as_str().unwrap());
            assert_eq!(r["schema_version"], 1);
            assert_eq!(r["doc"], "d\"1");
            assert_eq!(r["meta"]["date"], "2022-10-01");
        }
        let kinds: Vec<_> = recs
            .iter()
            .map(|r| {
                (
                    r["kind"].as_str().unwrap(),
                    r["text"].as_str().unwrap(),
                    r["sentence"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("entity", "ឧត្តរមានជ័យ", 0),
                ("entity", "Oddar Meanchey", 0),
                ("number", "1,122", 0),
                ("number", "60.94 per cent", 1)
            ]
        );
        assert_eq!(recs[1]["attrs"]["kind"], "province");
        assert_eq!(recs[1]["list"], "t.tsv");
        assert_eq!(recs[2]["value"], 1122);
        assert_eq!(recs[2]["type"], "COUNT");
        assert_eq!(recs[3]["value"], 60.94);
    }
}
