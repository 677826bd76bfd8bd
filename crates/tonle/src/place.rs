//! Which place a count belongs to. Numbers never depend on the gazetteer, nor the reverse:
//! this is where the two meet, on the mentions of one sentence.

use tonle_gazetteer::{EntityType, Gazetteer, Mention};
use tonle_numbers::{Category, NumberMention};
use tonle_text::{sentence_of, Gap, Token};

use crate::extract::Scratch;
use crate::record::PlaceBy;

/// Ties each number to the place it happened in, if its sentence says: the nearest place
/// after "in", "from", "at" (and similar) or before a possessive; else the nearest place of
/// the sentence, leaving out a place that only locates the one before it ("Bokor, Kampot",
/// "Samraong commune in Soutr Nikom district").
/// A part ("including 18 women") takes its whole's place when it has none.
///
/// A place in a later part's own clause ("368 complaints, with 249 of those complaints
/// originating from Preah Sihanouk province") says where the part is, not the whole, and is
/// left out for the whole. The clause runs from the part to the next comma, semicolon, colon
/// or bracket, or to the end of the sentence.
pub(crate) fn place_numbers(g: &Gazetteer, text: &str, s: &mut Scratch) {
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
                .and_then(|p| s.places.get(p as usize).copied().flatten())
                .map(|(p, _)| p);
        }
        s.places.push(place.map(|p| (p, PlaceBy::Sentence)));
    }
    let dateline = dateline_place(g, text, s);
    // A dateline opens the first sentence: the place it gives is the dateline's.
    for (p, by) in s.places.iter_mut().flatten() {
        if Some(*p) == dateline {
            *by = PlaceBy::Dateline;
        }
    }
    place_from_wider_context(g, s, dateline);
}

/// True for the numbers an analyst sums by place: counts, rates, shares and money.
fn summable(m: &NumberMention) -> bool {
    matches!(
        m.category,
        Category::Count | Category::Rate | Category::Fraction | Category::Money
    )
}

/// Gives a summable number whose sentence names no place the nearest place of its paragraph
/// (the one before it first), else the dateline's, else the Cambodian place the document
/// names most, saying which decided.
fn place_from_wider_context(g: &Gazetteer, s: &mut Scratch, dateline: Option<usize>) {
    let wanted = |(m, p): (&NumberMention, &Option<(usize, PlaceBy)>)| p.is_none() && summable(m);
    if !s.numbers.iter().zip(&s.places).any(wanted) {
        return;
    }
    let is_place = |e: &Mention| g.entry(e.entry).kind == EntityType::Place;
    // Paragraph starts, as token indices: one pass over the tokens.
    let paragraphs: Vec<u32> = std::iter::once(0)
        .chain(
            s.tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| t.gap == Gap::Paragraph)
                .map(|(k, _)| k as u32),
        )
        .collect();
    let main = main_place(g, &s.mentions);
    for k in 0..s.numbers.len() {
        let m = &s.numbers[k];
        if s.places[k].is_some() || !summable(m) {
            continue;
        }
        let p = paragraphs.partition_point(|&p| p <= m.first_token) - 1;
        let (start, end) = (
            paragraphs[p],
            paragraphs.get(p + 1).copied().unwrap_or(u32::MAX),
        );
        let from = s.mentions.partition_point(|e| e.first_token < start);
        let at = s
            .mentions
            .partition_point(|e| e.first_token < m.first_token);
        let to = s.mentions.partition_point(|e| e.first_token < end);
        // The places of the number's own sentence were weighed already and left out (a
        // part's clause names the part's place, not the whole's).
        let sentence = sentence_of(&s.sentences, m.first_token);
        let own_start = s.sentences.get(sentence).copied().unwrap_or(0);
        let own = own_start..s.sentences.get(sentence + 1).copied().unwrap_or(u32::MAX);
        let usable =
            |i: usize| is_place(&s.mentions[i]) && !own.contains(&s.mentions[i].first_token);
        // At most a few hundred mentions each way: a paragraph may be a whole table. A
        // Cambodian place first ("Poipet, across from the Thai town of Aranyaprathet. Police
        // rescued 700 people in the city"), then any; the nearer before the later.
        let candidates = || {
            (from.max(at.saturating_sub(200))..at)
                .rev()
                .chain(at..to.min(at + 200))
                .filter(|&i| usable(i))
        };
        let in_paragraph = candidates()
            .find(|&i| attr(g.entry(s.mentions[i].entry), "country") == Some("KH"))
            .or_else(|| candidates().next());
        s.places[k] = in_paragraph
            .map(|i| (i, PlaceBy::Paragraph))
            .or(dateline.map(|i| (i, PlaceBy::Dateline)))
            .or(main.map(|i| (i, PlaceBy::Document)));
    }
}

/// "PHNOM PENH – ...": a place at the start of a line, followed by a dash, within the
/// document's first 300 tokens.
fn dateline_place(g: &Gazetteer, text: &str, s: &Scratch) -> Option<usize> {
    let head = s.mentions.partition_point(|e| e.first_token < 300);
    s.mentions[..head].iter().position(|e| {
        let first = e.first_token as usize;
        let line_start = first == 0 || s.tokens[first].gap != Gap::None;
        let after = s.tokens.partition_point(|t| t.start < e.end);
        let dash = s
            .tokens
            .get(after)
            .is_some_and(|t| matches!(t.as_str(text), "–" | "—" | "-"));
        line_start && dash && g.entry(e.entry).kind == EntityType::Place
    })
}

/// The Cambodian place (not the country) the document names most, and at least twice; the
/// first named on a tie.
fn main_place(g: &Gazetteer, mentions: &[Mention]) -> Option<usize> {
    let cambodian = |e: &Mention| {
        let entry = g.entry(e.entry);
        entry.kind == EntityType::Place
            && attr(entry, "country") == Some("KH")
            && attr(entry, "kind") != Some("country")
    };
    let mut entries: Vec<(u32, usize)> = mentions
        .iter()
        .enumerate()
        .filter(|(_, e)| cambodian(e))
        .map(|(i, e)| (e.entry, i))
        .collect();
    entries.sort_unstable();
    // (count, -first index) is largest for the most named, first named.
    let mut best: Option<(usize, std::cmp::Reverse<usize>)> = None;
    for run in entries.chunk_by(|a, b| a.0 == b.0) {
        let key = (run.len(), std::cmp::Reverse(run[0].1));
        if run.len() >= 2 && best.is_none_or(|b| key > b) {
            best = Some(key);
        }
    }
    best.map(|(_, std::cmp::Reverse(i))| i)
}

pub(crate) fn attr<'e>(entry: &'e tonle_gazetteer::Entry, key: &str) -> Option<&'e str> {
    entry
        .attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Per gazetteer entry: the index of the province (or capital) it is in or is, following
/// `parent` up to six levels.
pub(crate) fn provinces(g: &Gazetteer) -> Vec<Option<u32>> {
    let by_id: std::collections::HashMap<&str, u32> = g
        .entries()
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i as u32))
        .collect();
    let is_province = |e: &tonle_gazetteer::Entry| {
        e.kind == EntityType::Place && matches!(attr(e, "kind"), Some("province" | "capital"))
    };
    (0..g.entries().len() as u32)
        .map(|mut i| {
            if g.entry(i).kind != EntityType::Place {
                return None;
            }
            for _ in 0..6 {
                let entry = g.entry(i);
                if is_province(entry) {
                    return Some(i);
                }
                i = *by_id.get(attr(entry, "parent")?)?;
            }
            None
        })
        .collect()
}

/// Words before a place that say a number happened there.
const LOCATIVES: &[&str] = &[
    "in",
    "from",
    "at",
    "near",
    "across",
    "inside",
    "within",
    "into",
    "to",
    "throughout",
    "around",
    "outside",
];

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
    // "returned 86 Cambodians through the Phnom Den checkpoint": the border crossing a count
    // passes is its place, whatever place the sentence gives the authorities.
    let mut crossing: Option<(u32, usize)> = None;
    let (mut broad_best, mut broad_nearest) = (None, None);
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
        let locative = first > 0 && LOCATIVES.contains(&lower(first - 1).as_str());
        let possessive = matches!(lower(after).as_str(), "'" | "’") && lower(after + 1) == "s";
        // "Cambodia's Kandal province": the country only says where the province is.
        let places_next = possessive
            && mentions.get(index + 1).is_some_and(|n| {
                n.first_token as usize == after + 2 && g.entry(n.entry).kind == EntityType::Place
            });
        if places_next {
            continue;
        }
        // "in Cambodia's Kandal province": the preposition before the possessor is this one's.
        let locative_possessor = first >= 3
            && lower(first - 1) == "s"
            && index > 0
            && tokens.partition_point(|t| t.start < mentions[index - 1].end) == first - 2
            && (mentions[index - 1].first_token as usize)
                .checked_sub(1)
                .is_some_and(|k| LOCATIVES.contains(&lower(k).as_str()));
        // "in Bokor, Kampot": the second place only says where the first is.
        let apposition = first >= 2
            && lower(first - 1) == ","
            && index > 0
            && g.entry(mentions[index - 1].entry).kind == EntityType::Place
            && tokens.partition_point(|t| t.start < mentions[index - 1].end) == first - 1;
        if apposition {
            continue;
        }
        // "in Samraong commune in Soutr Nikom district", "the Trapeang Kriel checkpoint in
        // Stung Treng": a place after "in" that holds the place before only says where that
        // one is, which takes its "in" (it is where things happen).
        let locates_previous = first >= 2
            && index > 0
            && lower(first - 1) == "in"
            && tokens.partition_point(|t| t.start < mentions[index - 1].end) == first - 1
            && g.is_within(mentions[index - 1].entry, e.entry);
        if locates_previous {
            let distance = mentions[index - 1].first_token.abs_diff(m.first_token);
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, index - 1));
            }
            continue;
        }
        let distance = e.first_token.abs_diff(m.first_token);
        let passed = || {
            first > 0
                && match lower(first - 1).as_str() {
                    "through" | "via" => true,
                    "the" => {
                        first >= 2 && matches!(lower(first - 2).as_str(), "through" | "via" | "at")
                    }
                    _ => false,
                }
        };
        if attr(g.entry(e.entry), "kind") == Some("border_crossing")
            && crossing.is_none_or(|(d, _)| distance < d)
            && passed()
        {
            crossing = Some((distance, index));
        }
        let (best, nearest) = if is_broad(g.entry(e.entry)) {
            (&mut broad_best, &mut broad_nearest)
        } else {
            (&mut best, &mut nearest)
        };
        if nearest.is_none_or(|(d, _)| distance < d) {
            *nearest = Some((distance, index));
        }
        if (locative || possessive || locative_possessor) && best.is_none_or(|(d, _)| distance < d)
        {
            *best = Some((distance, index));
        }
    }
    crossing
        .or(best)
        .or(nearest)
        .or(broad_best)
        .or(broad_nearest)
        .map(|(_, i)| i)
}

/// A place wider than any one country ("Asia", "Southeast Asia", the South China Sea, the
/// Mekong): the place of a count only when its sentence names no other ("foreigners recruited
/// from across Asia had been held in compounds in Preah Sihanouk").
fn is_broad(entry: &tonle_gazetteer::Entry) -> bool {
    match attr(entry, "kind") {
        Some("continent" | "ocean" | "sea") => true,
        Some("region" | "river") => attr(entry, "country").is_none_or(str::is_empty),
        _ => false,
    }
}
