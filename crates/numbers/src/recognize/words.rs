//! Cores written in words, tried from [`WORD_CORES`]: fractions (in [`super::fraction`]), ordinals ("third"), vague quantities ("dozens", "tens of
//! thousands"), and cardinals ("twenty-two", "one hundred and forty", "a dozen"), with the
//! share "one in five" and the pronoun "one" ("one of them") told apart.

use tonle_text::{Gap, TokenKind};

use super::fraction::{and_a_fraction, fraction, one_in_n};
use super::multiplier::fold;
use crate::digits::digit_value;
use crate::lexicon::{cardinal, ends_counted, magnitude, ordinal, vague};
use crate::tokens::TokenView;

use super::{Core, CoreKind};

/// A way a core is written in words: see [`WORD_CORES`].
#[derive(Clone, Copy)]
pub(super) enum WordCoreReader {
    Fraction,
    Ordinal,
    Vague,
    Fold,
    Cardinal,
}

/// The ways a core is written in words, tried in turn; the first that reads one wins. A
/// fraction ("a third", "one-half") comes before the cardinal its first word would be read
/// as; ordinals and vague quantities, single words, before the cardinals, which read a run.
/// A multiplier in one word ("threefold") is a single word too.
/// (An enum, as the lists of [`super`] are.)
pub(super) const WORD_CORES: [WordCoreReader; 5] = [
    WordCoreReader::Fraction,
    WordCoreReader::Ordinal,
    WordCoreReader::Vague,
    WordCoreReader::Fold,
    WordCoreReader::Cardinal,
];

impl WordCoreReader {
    /// Reads a core at token `i`, a word whose lower case is `w0`.
    #[inline(always)]
    fn read(self, view: &TokenView, i: usize, w0: &str) -> Option<Core> {
        match self {
            WordCoreReader::Fraction => fraction(view, i, w0),
            WordCoreReader::Ordinal => ordinal_word(view, i, w0),
            WordCoreReader::Vague => vague_quantity(view, i, w0),
            WordCoreReader::Fold => fold(view, i, w0),
            WordCoreReader::Cardinal => cardinal_words(view, i, w0),
        }
    }
}

/// A core in words at token `i`, a word that does not start with a digit (those are read by
/// [`super::digits::suffixed`]).
pub(super) fn number_words(view: &TokenView, i: usize) -> Option<Core> {
    let t = view.tok(i).filter(|t| t.kind == TokenKind::Word)?;
    let first = t.as_str(view.text).chars().next()?;
    if digit_value(first).is_some() {
        return None;
    }
    let w0 = view.lower(i);
    WORD_CORES
        .into_iter()
        .find_map(|read| read.read(view, i, w0.as_str()))
}

/// "third", "sixteenth"; not the first part of "first-time", "second-hand", "third-party".
fn ordinal_word(view: &TokenView, i: usize, w0: &str) -> Option<Core> {
    let value = ordinal(w0)?;
    if view.is_joiner(i + 1)
        && matches!(
            view.lower(i + 2).as_str(),
            "time" | "hand" | "party" | "class" | "degree" | "rate" | "generation"
        )
    {
        return None;
    }
    Some(Core {
        value,
        end: i + 1,
        kind: CoreKind::Ordinal,
    })
}

/// "dozens", "hundreds", and with a scale: "tens of thousands", "hundreds of millions". The
/// value is a lower bound.
fn vague_quantity(view: &TokenView, i: usize, w0: &str) -> Option<Core> {
    let base = vague(w0).or((w0 == "tens").then_some(20.0))?;
    // "tens of thousands", "hundreds of thousands": lower bound times the scale.
    if let Some(after_of) = view.words_at(i + 1, &["of"]) {
        let scale = match view.lower(after_of).as_str() {
            "hundreds" => Some(1e2),
            "thousands" => Some(1e3),
            "millions" => Some(1e6),
            "billions" => Some(1e9),
            _ => None,
        };
        if let Some(scale) = scale {
            return Some(Core {
                value: base * scale,
                end: after_of + 1,
                kind: CoreKind::Vague,
            });
        }
    }
    (w0 != "tens").then_some(Core {
        value: base,
        end: i + 1,
        kind: CoreKind::Vague,
    })
}

/// "twenty-two", "one hundred and forty", "a dozen", "two million", "a couple of"; "one in
/// five" is a fraction.
fn cardinal_words(view: &TokenView, i: usize, w0: &str) -> Option<Core> {
    // "several dozen", "a few dozen": as vague as "dozens".
    let vague_before = || i > 0 && matches!(view.lower(i - 1).as_str(), "several" | "few" | "many");
    if w0 == "dozen" && vague_before() {
        return Some(Core {
            value: 24.0,
            end: i + 1,
            kind: CoreKind::Vague,
        });
    }
    // "a couple of officers", "a pair of guards": two, with the "of", so that what follows
    // is read as what they count or their unit ("a couple of days").
    if w0 == "a" && view.is(i + 2, "of") && matches!(view.lower(i + 1).as_str(), "couple" | "pair")
    {
        return Some(Core {
            value: 2.0,
            end: i + 3,
            kind: CoreKind::Words,
        });
    }
    let (whole, end) = sum_of_words(view, i)?;
    if let Some(core) =
        year_in_words(view, whole, end).or_else(|| compound_ordinal(view, i, whole, end))
    {
        return Some(core);
    }
    // "two and a half", "two hundred point five": a whole number and a part of one; "a
    // million and a half" is a part of the million.
    if let Some((part, after)) = and_a_fraction(view, end).or_else(|| point_digits(view, end)) {
        let scale = magnitude(view.lower(end - 1).as_str())
            .filter(|&m| m >= 1e3 && view.is(end, "and"))
            .unwrap_or(1.0);
        return Some(Core {
            value: whole + part * scale,
            end: after,
            kind: CoreKind::Words,
        });
    }
    let value = whole;
    if let Some(part) = one_in_n(view, i, value, end) {
        return Some(part);
    }
    if value == 1.0 && end == i + 1 && !one_counts(view, i) {
        return None;
    }
    Some(Core {
        value,
        end,
        kind: CoreKind::Words,
    })
}

/// "nineteen ninety-nine", "twenty twenty-three", "eighteen sixty": the century's number
/// (`whole`, read up to `end`) and the year's, in words.
fn year_in_words(view: &TokenView, whole: f64, end: usize) -> Option<Core> {
    // Centuries news writes this way; "twelve fifteen-year-olds" is no year.
    if !(18.0..=20.0).contains(&whole) || view.is_joiner(end) {
        return None;
    }
    let (year, after) = sum_of_words(view, end)?;
    ((10.0..100.0).contains(&year) && !view.is_joiner(after)).then_some(Core {
        value: whole * 100.0 + year,
        end: after,
        kind: CoreKind::YearWords,
    })
}

/// "twenty-first", "one hundred and first", "the one hundredth": number words (`whole`, read
/// up to `end`) and an ordinal after them. "thirty-second" is a duration unless a determiner
/// or a word that only an ordinal goes with says otherwise ("the thirty-second floor").
fn compound_ordinal(view: &TokenView, i: usize, whole: f64, end: usize) -> Option<Core> {
    let k = if view.is_joiner(end) || whole >= 100.0 && view.is(end, "and") {
        end + 1
    } else {
        end
    };
    let o = ordinal(view.lower(k).as_str())?;
    // "twenty first-time buyers" are twenty: spaced, the ordinal needs its context.
    if k == end && o < 100.0 && !ordinal_context(view, i, k + 1) {
        return None;
    }
    let value = if o < 10.0 && whole >= 20.0 && whole % 10.0 == 0.0
        || o < 100.0 && o % 10.0 == 0.0 && whole >= 100.0 && whole % 100.0 == 0.0
    {
        whole + o
    } else if o >= 100.0 && whole < 100.0 && k == end && !view.is(k + 1, "of") {
        whole * o
    } else {
        return None;
    };
    if o == 2.0 && !ordinal_context(view, i, k + 1) {
        return None;
    }
    Some(Core {
        value,
        end: k + 1,
        kind: CoreKind::Ordinal,
    })
}

/// A determiner before token `i` ("the", "its") or a noun after `after` that takes an
/// ordinal ("place", "floor", "anniversary").
fn ordinal_context(view: &TokenView, i: usize, after: usize) -> bool {
    let before = i.checked_sub(1).is_some_and(|b| {
        matches!(
            view.lower(b).as_str(),
            "the" | "its" | "his" | "her" | "their" | "our"
        )
    });
    before
        || matches!(
            view.lower(after).as_str(),
            "place"
                | "floor"
                | "anniversary"
                | "birthday"
                | "round"
                | "century"
                | "time"
                | "straight"
                | "consecutive"
                | "edition"
                | "session"
                | "day"
                | "week"
                | "year"
                | "minute"
        )
}

/// The value of the number words from `i` and the index after them.
fn sum_of_words(view: &TokenView, i: usize) -> Option<(f64, usize)> {
    let mut total = 0.0f64;
    let mut current = 0.0f64;
    let mut any = false;
    let mut k = i;
    let mut end = i;
    loop {
        let w = view.lower(k);
        let w = w.as_str();
        if k > i && view.tok(k).is_some_and(|t| t.gap == Gap::Paragraph) {
            break;
        }
        if (w == "a" || w == "an") && k == i {
            let next = view.lower(k + 1);
            if matches!(
                next.as_str(),
                "dozen" | "hundred" | "thousand" | "million" | "billion"
            ) {
                current = 1.0;
                k += 1;
                continue;
            }
            return None;
        }
        if w == "dozen" {
            current = current.max(1.0) * 12.0;
            any = true;
        } else if let Some(v) = cardinal(w) {
            if any && current % 10.0 != 0.0 && v < 10.0 {
                break; // "three two" is two numbers
            }
            if any && total == 0.0 && (10.0..100.0).contains(&current) && v >= 10.0 {
                break; // "nineteen ninety-nine" is a year (`year_in_words`)
            }
            current += v;
            any = true;
        } else if w == "hundred" && (any || current == 1.0) {
            current = current.max(1.0) * 100.0;
            any = true;
        } else if let Some(m) = magnitude(w).filter(|&m| m >= 1e3 && w.len() > 2) {
            if !any && current == 0.0 {
                break;
            }
            total += current.max(1.0) * m;
            current = 0.0;
            any = true;
        } else if any
            && cardinal(view.lower(k + 1).as_str()).is_some()
            && ((w == "and" && (current >= 100.0 || (current == 0.0 && total >= 1e3)))
                || view.is_joiner(k)
                || spaced_hyphen(view, k, current))
        {
            // "one hundred and forty", "twenty-two", "two thousand and five hundred",
            // "fifty - two"
            k += 1;
            continue;
        } else {
            break;
        }
        k += 1;
        end = k;
    }
    any.then_some((total + current, end))
}

/// A hyphen with spaces around it inside a compound number, "fifty - two": after a tens
/// word, before a unit word.
fn spaced_hyphen(view: &TokenView, k: usize, current: f64) -> bool {
    matches!(view.s(k), "-" | "–")
        && (20.0..100.0).contains(&current)
        && current % 10.0 == 0.0
        && cardinal(view.lower(k + 1).as_str()).is_some_and(|v| v < 10.0)
}

/// "point five", "point two five" after a whole number at `j`: the decimals and the index
/// after them.
fn point_digits(view: &TokenView, j: usize) -> Option<(f64, usize)> {
    if !view.is(j, "point") {
        return None;
    }
    let (mut part, mut scale, mut k) = (0.0, 0.1, j + 1);
    while let Some(d) = cardinal(view.lower(k).as_str()).filter(|&d| d < 10.0) {
        part += d * scale;
        scale /= 10.0;
        k += 1;
    }
    (k > j + 1).then_some((part, k))
}

/// A lone "one" at `i` is usually a pronoun ("one of them", "one day"): it counts only before
/// a noun it could count, as the start of a range ("one to three"), or as a part of a count
/// ("one of 41 Cambodians", "one of the four defendants", "charged just one").
fn one_counts(view: &TokenView, i: usize) -> bool {
    let next = view.lower(i + 1);
    let n = next.as_str();
    let countable = view.kind(i + 1) == Some(TokenKind::Word)
        && !ends_counted(n)
        && !matches!(
            n,
            "day" | "time" | "way" | "thing" | "another" | "side" | "hand" | "point" | "another's"
        );
    let range = matches!(n, "to" | "or") && cardinal(view.lower(i + 2).as_str()).is_some();
    // "police charged just one.", not "the only one".
    let only_one = i >= 1
        && matches!(view.lower(i - 1).as_str(), "only" | "just")
        && !(i >= 2 && view.is(i - 2, "the"))
        && matches!(n, "." | "," | ";" | "");
    countable
        || range
        || only_one
        || n == "of" && {
            let k = i
                + 2
                + usize::from(matches!(
                    view.lower(i + 2).as_str(),
                    "the" | "these" | "those"
                ));
            view.kind(k) == Some(TokenKind::Number) || cardinal(view.lower(k).as_str()).is_some()
        }
}
