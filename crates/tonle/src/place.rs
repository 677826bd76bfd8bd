//! Which place a count belongs to. Numbers never depend on the gazetteer, nor the reverse:
//! this is where the two meet, on the mentions of one sentence.

use tonle_gazetteer::{EntityType, Gazetteer, Mention};
use tonle_numbers::NumberMention;
use tonle_text::{sentence_of, Token};

use crate::extract::Scratch;

/// Ties each number to the place it happened in, if its sentence says: the nearest place
/// after "in", "from", "at" (and similar) or before a possessive; else the nearest place of
/// the sentence, leaving out a place that only locates the one before it ("Bokor, Kampot").
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
