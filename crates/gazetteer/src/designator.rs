//! A place's designator right after its name ("Tbeng Meanchey town", "the Hat Lek crossing",
//! "Samut Sakhon province") belongs to its mention, as the lists' own aliases ("Kampot
//! province") already make it: a reader marks the whole phrase. Only a designator that fits
//! the place's kind counts: "Kampot town" is not the province of Kampot. The extractor takes
//! it into the mention ([`Gazetteer::designator_end`]); `find` and `explain` report the name.

use tonle_text::{Gap, Token, TokenKind};

use crate::{EntityType, Gazetteer, Mention};

impl Gazetteer {
    /// The byte end of the designator fitting the kind of the place `m` names, when one
    /// follows it on the same line ("town" after a town, "crossing" after a border crossing
    /// or town), and no body's word follows that ("the Phnom Penh city hall"); `None` for
    /// other entries.
    pub fn designator_end(&self, text: &str, tokens: &[Token], m: &Mention) -> Option<u32> {
        if self.entry(m.entry).kind != EntityType::Place {
            return None;
        }
        let next = tokens.partition_point(|t| t.start < m.end);
        designator_end(text, tokens, next, self.attr(m.entry, "kind")?)
    }
}

/// The designators a place of `kind` takes after its name, longest first.
fn designators(kind: &str) -> &'static [&'static [&'static str]] {
    match kind {
        "province" => &[&["province"]],
        "district" | "khan" => &[&["district"]],
        "municipality" | "town" | "city" | "capital" => &[&["town"], &["city"], &["municipality"]],
        // "the Hat Lek crossing": a border town names the crossing beside it.
        "border_town" => &[
            &["border", "crossing"],
            &["border", "checkpoint"],
            &["crossing"],
            &["checkpoint"],
            &["town"],
            &["city"],
        ],
        "commune" | "sangkat" => &[&["commune"]],
        "village" => &[&["village"]],
        "region" => &[&["region"]],
        "prefecture" => &[&["prefecture"]],
        "island" => &[&["island"]],
        "airport" => &[&["international", "airport"], &["airport"]],
        "port" => &[&["port"]],
        "border_crossing" => &[
            &["international", "border", "checkpoint"],
            &["international", "checkpoint"],
            &["border", "crossing"],
            &["border", "checkpoint"],
            &["border", "gate"],
            &["crossing"],
            &["checkpoint"],
        ],
        _ => &[],
    }
}

/// Words after a designator that make the phrase a body's or a building's name, which the
/// place's mention must not swallow: "the Phnom Penh city hall", "Kampot province police".
fn starts_a_body(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "administration",
        "authority",
        "centre",
        "center",
        "council",
        "court",
        "government",
        "hall",
        "office",
        "police",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The byte end of the designator fitting a place of `kind` that starts at token `next`, if
/// one does: words on the same line, separated by spaces.
pub fn designator_end(text: &str, tokens: &[Token], next: usize, kind: &str) -> Option<u32> {
    designators(kind).iter().find_map(|words| {
        let taken = tokens.get(next..next + words.len())?;
        // "Manchester City", "Luton Town": a capitalized town word names a club.
        let town = matches!(words, ["town"] | ["city"]);
        let fits = taken.iter().zip(words.iter()).all(|(t, w)| {
            let word = t.as_str(text);
            t.kind == TokenKind::Word
                && t.gap == Gap::Space
                && (word == *w || !town && word.eq_ignore_ascii_case(w))
        });
        let after = tokens.get(next + words.len());
        let body = after.is_some_and(|t| t.gap == Gap::Space && starts_a_body(t.as_str(text)));
        (fits && !body).then(|| taken[taken.len() - 1].end)
    })
}
