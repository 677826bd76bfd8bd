//! What a count counts: the noun phrase after it ("300 trafficking complaints filed" →
//! "trafficking complaints"), or after "of the" ("four of the case locations"), or the noun
//! it is equated with ("121 were women"); and the rate a count per unit of time makes ("10
//! complaints daily").

use tonle_text::{Gap, TokenKind};

use crate::lexicon::{cardinal, ends_counted, is_finite_be, magnitude};
use crate::mention::{Category, NumberMention};
use crate::recognize::date::month_at;
use crate::tokens::TokenView;

/// A counted noun phrase: its byte span, the index of its head word, the index after it.
struct Phrase {
    span: (u32, u32),
    head: usize,
    end: usize,
}

/// Fills `counted`, `counted_head` and `phrase_end_token` of `m`, a count or fraction whose
/// expression ends before token `j`; a count followed by "daily" or "a day" becomes a rate.
pub(crate) fn attach_counted(view: &TokenView, m: &mut NumberMention, j: usize) {
    let category = m.category;
    let mut from = if m.vague || category == Category::Fraction {
        view.words_at(j, &["of"]).unwrap_or(j)
    } else {
        j
    };
    if category == Category::Fraction && from > j {
        while matches!(view.lower(from).as_str(), "the" | "all" | "these" | "those") {
            from += 1;
        }
    }
    // Not a possessive's "s" ("half of Brazil's 40,000 seamen": the seamen are their
    // number's, which the part takes as its whole's).
    let phrase = counted(view, from)
        .filter(|phrase| view.s(phrase.head).len() > 1)
        .or_else(|| {
            // "Four of the case locations were closed"
            let from = of_determiner(view, j).filter(|_| category == Category::Count)?;
            // Not a possessive ("nine of the council's members" counts members, which
            // the phrase would miss) nor an initial ("two of the U.S. ...").
            let phrase = counted(view, from)?;
            let words = &view.text[phrase.span.0 as usize..phrase.span.1 as usize];
            let possessive = words.contains(['\'', '’']);
            (!possessive && view.s(phrase.head).len() > 1).then_some(phrase)
        });
    if let Some(phrase) = phrase {
        m.counted = Some(phrase.span);
        m.counted_head = Some(crate::lemma::singular(view.s(phrase.head)));
        m.phrase_end_token = phrase.end as u32;
    } else if let Some((noun, after)) = equated_noun(view, j) {
        // "of whom 121 were women"
        m.counted_head = Some(crate::lemma::singular(view.s(noun)));
        m.phrase_end_token = after as u32;
    }
    if category == Category::Count {
        if let Some((unit, after)) = period_at(view, m.phrase_end_token as usize) {
            m.category = Category::Rate;
            m.unit = Some(unit);
            m.phrase_end_token = after as u32;
        }
    }
}

/// The noun phrase after a count: up to four words, ending before a function word, verb
/// form or punctuation ("300 trafficking complaints filed" → "trafficking complaints").
fn counted(view: &TokenView, from: usize) -> Option<Phrase> {
    // "5 U.S. companies": the initials qualify the noun after them (not "three p.m.").
    let initials = view
        .dotted_pair(from)
        .filter(|pair| !matches!(pair, b"am" | b"pm"));
    let nouns_from = if initials.is_some() { from + 4 } else { from };
    let (head, end) = noun_run(view, nouns_from, 4)?;
    let mut phrase = Phrase {
        span: (view.toks[from].start, view.toks[head].end),
        head,
        end,
    };
    // "Thai and Cambodian fishermen", "19 Chinese and 6 Malaysian suspects": a lone
    // capitalized word joined to another before the noun counts that noun.
    if head == from && view.capitalized(head) {
        if let Some((noun, after)) = shared_noun(view, end) {
            phrase.span.1 = view.toks[noun].end;
            phrase.head = noun;
            phrase.end = after;
            return Some(phrase);
        }
    }
    // "suspects of three nationalities", "cases of sexual exploitation"
    if view.is(end, "of")
        && !matches!(
            view.lower(end + 1).as_str(),
            "the"
                | "them"
                | "whom"
                | "which"
                | "these"
                | "those"
                | "their"
                | "its"
                | "his"
                | "her"
                | "our"
                | "a"
                | "an"
                | "all"
                | "us"
                | "it"
        )
    {
        let of_from = if cardinal(view.lower(end + 1).as_str()).is_some()
            || view.kind(end + 1) == Some(TokenKind::Number)
        {
            end + 2
        } else {
            end + 1
        };
        if let Some((last, after)) = noun_run(view, of_from, 3) {
            phrase.span.1 = view.toks[last].end;
            phrase.end = after;
        }
    }
    Some(phrase)
}

/// After "and" or "or" at `k`, an optional number and a capitalized word, then a noun: the
/// noun's index and the index after the run ("and 6 Malaysian suspects" → "suspects").
fn shared_noun(view: &TokenView, k: usize) -> Option<(usize, usize)> {
    if !view.is(k, "and") && !view.is(k, "or") {
        return None;
    }
    let mut at = k + 1;
    if view.kind(at) == Some(TokenKind::Number) || cardinal(view.lower(at).as_str()).is_some() {
        at += 1;
    }
    if !view.capitalized(at) {
        return None;
    }
    let (head, end) = noun_run(view, at, 3)?;
    (head > at && !view.capitalized(head)).then_some((head, end))
}

/// "(four) of the case locations": the index of the word after "of" and a determiner,
/// when it is a word and not a number ("three of the 17 suspects" is a part of a count,
/// which [`crate::link`] relates).
fn of_determiner(view: &TokenView, j: usize) -> Option<usize> {
    let k = view.words_at(j, &["of"])?;
    if !matches!(
        view.lower(k).as_str(),
        "the" | "these" | "those" | "its" | "their"
    ) {
        return None;
    }
    let next = view.lower(k + 1);
    let word = view.kind(k + 1) == Some(TokenKind::Word)
        && cardinal(next.as_str()).is_none()
        && magnitude(next.as_str()).is_none();
    word.then_some(k + 1)
}

/// "121 were women": the noun a count is equated with, and the index after it.
fn equated_noun(view: &TokenView, j: usize) -> Option<(usize, usize)> {
    if !is_finite_be(&view.lower(j)) {
        return None;
    }
    let (head, end) = noun_run(view, j + 1, 2)?;
    (head == end - 1).then_some((head, end))
}

/// "daily", "a day", "per week", "each month", "per annum": the unit and the index after it.
/// Not "a year ago", "a month earlier": a point in time.
pub(crate) fn period_at(view: &TokenView, k: usize) -> Option<(&'static str, usize)> {
    let w = view.lower(k);
    // "Entertainment Weekly", "the Daily Telegraph": a title, not a rate.
    let single = match w.as_str() {
        _ if view.capitalized(k) => None,
        "daily" => Some("day"),
        "weekly" => Some("week"),
        "monthly" => Some("month"),
        "hourly" => Some("hour"),
        "annually" | "yearly" => Some("year"),
        _ => None,
    };
    if let Some(u) = single {
        return Some((u, k + 1));
    }
    if matches!(w.as_str(), "a" | "an" | "per" | "each" | "every") {
        let u = match view.lower(k + 1).as_str() {
            "day" => "day",
            "week" => "week",
            "month" => "month",
            "hour" => "hour",
            "year" | "annum" => "year",
            _ => return None,
        };
        let point = matches!(
            view.lower(k + 2).as_str(),
            "ago" | "earlier" | "before" | "later" | "after" | "prior" | "back" | "previously"
        );
        return (!point).then_some((u, k + 2));
    }
    None
}

/// A run of up to `max` noun-phrase words from `from`: the index of its last word and
/// the index after it.
fn noun_run(view: &TokenView, from: usize, max: usize) -> Option<(usize, usize)> {
    let mut last = None;
    let mut k = from;
    let mut words = 0;
    while k < view.toks.len() && words < max {
        let t = &view.toks[k];
        if t.gap == Gap::Paragraph || (t.gap == Gap::Newline && words == 0) {
            break;
        }
        if t.kind != TokenKind::Word {
            if last.is_some() && view.is_joiner(k) {
                k += 1;
                continue;
            }
            break;
        }
        let w = view.lower(k);
        let w = w.as_str();
        if w.is_empty() || ends_counted(w) || cardinal(w).is_some() || magnitude(w).is_some() {
            break;
        }
        if month_at(view, k).is_some() {
            break;
        }
        if w.len() > 4 && w.ends_with("ly") {
            break;
        }
        // "1.3 million Cambodians work", "200 nationals held": a verb ends the phrase
        // (but "human trafficking victims" keeps its -ing modifier, and "50 new recruits"
        // its noun after an adjective).
        if words > 0
            && !w.ends_with("ing")
            && crate::lemma::is_verb(w)
            && !is_adjective_before_noun(view.lower(k - 1).as_str())
        {
            break;
        }
        // "about 80 arrive each day": a verb's base form right after the number, with no
        // noun after it ("30 rescue workers" has one).
        if words == 0 && is_bare_verb(view, k, w) {
            break;
        }
        if words > 0
            && w.len() > 4
            && w.ends_with("ing")
            && !view.is_joiner(k - 1)
            && !modifies_next(view, k)
        {
            break; // "12 provinces asking": the phrase ended before the verb
        }
        if w.len() > 3 && w.ends_with("ed") {
            // "suspected traffickers" is a noun phrase; "complaints filed" ends at "filed".
            let next = view.lower(view.skip_joiner(k + 1));
            let adjective = words == 0
                && view.kind(k + 1) == Some(TokenKind::Word)
                && !ends_counted(next.as_str())
                && !next.as_str().ends_with("ed")
                && !next.as_str().is_empty();
            if !adjective {
                break;
            }
        }
        last = Some(k);
        words += 1;
        k += 1;
    }
    last.map(|l| (l, l + 1))
}

/// Adjectives that stand before a noun a count counts, which may look like a verb's form
/// ("50 new recruits", "12 suspected traffickers' aides").
fn is_adjective_before_noun(word: &str) -> bool {
    matches!(
        word,
        "new"
            | "young"
            | "former"
            | "foreign"
            | "local"
            | "female"
            | "male"
            | "fellow"
            | "alleged"
            | "suspected"
            | "potential"
            | "illegal"
            | "undocumented"
            | "additional"
    )
}

/// True when `w`, the word at `k` right after a number, is a verb of coming, going or
/// staying in its base form with no noun after it: "80 arrive each day", "20 remain in
/// custody". (Most base forms are also nouns: "one issue", "a 50,000 increase".)
fn is_bare_verb(view: &TokenView, k: usize, w: &str) -> bool {
    if !matches!(
        w,
        "arrive" | "remain" | "stay" | "live" | "work" | "wait" | "die" | "flee" | "escape"
    ) {
        return false;
    }
    let next = view.lower(k + 1);
    view.kind(k + 1) != Some(TokenKind::Word) || ends_counted(next.as_str())
}

/// True when the -ing word at `k` modifies the noun after it ("human trafficking suspects",
/// "illegal gambling sites"): a lower-case word follows that is neither a function word,
/// a number, a verb form nor another -ing word, and ends the phrase or is plural.
fn modifies_next(view: &TokenView, k: usize) -> bool {
    let next = view.lower(k + 1);
    let next = next.as_str();
    let t = match view.toks.get(k + 1) {
        Some(t) => t,
        None => return false,
    };
    if t.kind != TokenKind::Word || t.gap == Gap::Paragraph || next.len() < 3 {
        return false;
    }
    // "properties already suffering", "Lithuanians getting": after an adverb or a plural
    // the -ing word is a verb.
    let before = view.lower(k - 1);
    let before = before.as_str();
    let verb_before = before.ends_with("ly")
        || matches!(
            before,
            "already" | "still" | "now" | "also" | "just" | "then"
        )
        || (before.len() > 3 && before.ends_with('s') && !before.ends_with("ss"));
    // "funding comes from": a finite verb after it.
    let finite_after = matches!(
        next,
        "comes"
            | "goes"
            | "was"
            | "has"
            | "does"
            | "remains"
            | "seems"
            | "gets"
            | "makes"
            | "takes"
            | "looks"
            | "says"
            | "means"
            | "needs"
            | "continues"
            | "appears"
            | "becomes"
            | "stays"
            | "works"
    );
    let lowercase = view.text.as_bytes()[t.start as usize].is_ascii_lowercase();
    lowercase
        && !verb_before
        && !finite_after
        && !ends_counted(next)
        && cardinal(next).is_none()
        && !next.ends_with("ing")
        && !next.ends_with("ed")
        && !next.ends_with("ly")
        && (next.ends_with('s') || !crate::lemma::is_verb(next))
}
