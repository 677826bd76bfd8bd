//! What follows a place's name. A designator that fits the place's kind ("Tbeng Meanchey
//! town", "Samut Sakhon province"; see `tonle_gazetteer::designator_end`) joins the mention of
//! a listed place or a pattern place. A body's word ("Surin provincial police", "the Oddar
//! Meanchey provincial administration") makes the phrase a body that no list holds, with the
//! place inside it.

use tonle_gazetteer::{designator_end, EntityType, Gazetteer, Mention};
use tonle_text::{Gap, Token, TokenKind};
use tonle_tune::suggest::PatternMention;

/// Extends the place mentions of the lists and the pattern places over the designator that
/// follows them, where no other mention starts in it. Both lists are in start order and stay so.
pub(crate) fn take_designators(
    g: &Gazetteer,
    text: &str,
    tokens: &[Token],
    mentions: &mut [Mention],
    patterns: &mut [PatternMention],
) {
    let starts_in = |from: u32, to: u32, mentions: &[Mention], patterns: &[PatternMention]| {
        let k = mentions.partition_point(|m| m.start < from);
        let p = patterns.partition_point(|p| (p.start as u32) < from);
        mentions.get(k).is_some_and(|m| m.start < to)
            || patterns.get(p).is_some_and(|p| (p.start as u32) < to)
    };
    for k in 0..mentions.len() {
        let m = mentions[k];
        if let Some(end) = g.designator_end(text, tokens, &m) {
            if !starts_in(m.end, end, mentions, patterns) {
                mentions[k].end = end;
            }
        }
    }
    for k in 0..patterns.len() {
        let p = &patterns[k];
        let (Some(kind), "PLACE") = (p.kind, p.typ) else {
            continue;
        };
        let next = tokens.partition_point(|t| (t.start as usize) < p.end);
        if let Some(end) = designator_end(text, tokens, next, kind) {
            if !starts_in(p.end as u32, end, mentions, patterns) {
                patterns[k].end = end as usize;
            }
        }
    }
}

/// The places whose name names their authorities ("Surin police", "the Kandal provincial
/// court"): provinces, states, cities, towns and districts, not countries.
fn names_its_bodies(kind: &str) -> bool {
    matches!(
        kind,
        "province"
            | "state"
            | "city"
            | "capital"
            | "town"
            | "municipality"
            | "border_town"
            | "district"
            | "khan"
    )
}

/// The kind of body a word after a place's name makes, and whether the word needs a
/// level before it ("provincial hall", not "Kandal hall"); in any case but capitals.
fn body_after_place(word: &str) -> Option<(&'static str, bool)> {
    const BODIES: &[(&str, &str, bool)] = &[
        ("police", "police", false),
        ("court", "court", false),
        // "the new Washington administration" is a country's.
        ("administration", "government", true),
        ("council", "government", true),
        ("hall", "government", true),
        ("government", "government", true),
    ];
    BODIES
        .iter()
        .find(|(w, _, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, kind, needs_level)| (kind, needs_level))
}

/// In lower case, or capitalized as a headline writes every word ("Pailin Police Return to
/// Casino"); not in capitals.
fn lower_or_capitalized(word: &str) -> bool {
    let mut bytes = word.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic()) && bytes.all(|b| b.is_ascii_lowercase())
}

/// Writes the bodies a listed place's name names right after it ("Surin provincial police",
/// "the Oddar Meanchey provincial administration", "Kampot police", "Pailin Police" in a
/// headline) as names no list has, where no other name is on those words. Keeps `found` in
/// start order.
pub(crate) fn add_place_bodies(
    g: &Gazetteer,
    text: &str,
    tokens: &[Token],
    mentions: &[Mention],
    found: &mut Vec<PatternMention>,
) {
    const LEVELS: &[&str] = &[
        "provincial",
        "municipal",
        "city",
        "town",
        "district",
        "state",
    ];
    let before = found.len();
    for (k, m) in mentions.iter().enumerate() {
        let next = tokens.partition_point(|t| t.start < m.end);
        let word_at = |i: usize| {
            tokens
                .get(i)
                .filter(|t| {
                    t.kind == TokenKind::Word
                        && t.gap == Gap::Space
                        && lower_or_capitalized(t.as_str(text))
                })
                .map(|t| t.as_str(text))
        };
        let Some(first) = word_at(next) else {
            continue;
        };
        let leveled = LEVELS.iter().any(|l| l.eq_ignore_ascii_case(first));
        let body = if leveled { next + 1 } else { next };
        let Some((kind, needs_level)) = word_at(body).and_then(body_after_place) else {
            continue;
        };
        // "told a Moscow court": one of the place's bodies, not a name.
        let first_token = m.first_token as usize;
        let indefinite = first_token
            .checked_sub(1)
            .is_some_and(|k| matches!(tokens[k].as_str(text), "a" | "an"));
        if indefinite {
            continue;
        }
        let entry = g.entry(m.entry);
        let place_kind = crate::place::attr(entry, "kind");
        if entry.kind != EntityType::Place
            || needs_level && !leveled
            || !place_kind.is_some_and(names_its_bodies)
        {
            continue;
        }
        let (start, end) = (m.start as usize, tokens[body].end as usize);
        let taken = mentions
            .get(k + 1)
            .is_some_and(|n| (n.start as usize) < end)
            || found[..before]
                .iter()
                .any(|p| p.start < end && start < p.end);
        if taken {
            continue;
        }
        let words = &text[m.end as usize..end];
        found.push(PatternMention {
            start,
            end,
            typ: "ORG",
            kind: Some(kind),
            evidence: format!("\"X{words}\""),
            name: format!("{}{words}", entry.name),
            alias: None,
            resolved_by: None,
            country: None,
        });
    }
    if found.len() > before {
        found.sort_by_key(|p| (p.start, std::cmp::Reverse(p.end)));
    }
}

#[cfg(test)]
mod tests {
    use crate::Tonle;

    fn places(text: &str) -> Vec<String> {
        let tonle = Tonle::builder().build().expect("the shipped lists load");
        tonle
            .extract(&crate::Document::new("d", text))
            .into_iter()
            .filter(|r| r.entity().is_some() && r.type_name() == "PLACE")
            .map(|r| r.text.to_string())
            .collect()
    }

    #[test]
    fn a_designator_fitting_the_place_is_part_of_its_mention() {
        let found = places(
            "Families in Tbeng Meanchey town and Banlung town called the hotline. The women were \
             handed over at the Cham Yeam international border checkpoint, near Koh Kong city.",
        );
        assert!(
            found.contains(&"Tbeng Meanchey town".to_string()),
            "{found:?}"
        );
        assert!(found.contains(&"Banlung town".to_string()), "{found:?}");
        assert!(
            found.contains(&"Cham Yeam international border checkpoint".to_string()),
            "{found:?}"
        );
    }

    #[test]
    fn a_listed_places_police_court_or_administration_is_a_body() {
        let tonle = Tonle::builder().build().expect("the shipped lists load");
        let text = "Pailin Police Return to Casino in Second Raid\n\nSurin provincial police \
                    and the Oddar Meanchey provincial administration met. He told a Moscow \
                    court that the new Washington administration had agreed.";
        let bodies: Vec<String> = tonle
            .extract(&crate::Document::new("d", text))
            .into_iter()
            .filter(|r| r.entity().is_some() && r.type_name() == "ORG")
            .map(|r| r.text.to_string())
            .collect();
        assert_eq!(
            bodies,
            [
                "Pailin Police",
                "Surin provincial police",
                "Oddar Meanchey provincial administration"
            ]
        );
    }

    #[test]
    fn a_designator_of_another_kind_or_opening_a_body_is_not() {
        let found = places("Officials in Poipet province met staff of the Phnom Penh city hall.");
        assert_eq!(found, ["Poipet", "Phnom Penh"]);
    }
}
