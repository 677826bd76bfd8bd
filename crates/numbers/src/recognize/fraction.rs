//! Fractions in words: "half", "a third", "two-thirds", "three quarters", "one eighth",
//! "five-sixths"; scaled, they are plain numbers: "half a million", "a quarter billion",
//! "half a dozen", "three quarters of a million". The "and a half" of "two and a half" is
//! [`and_a_fraction`]; "one in five" and "1 in 4" are [`one_in_n`], read after the cardinal.

use tonle_text::TokenKind;

use crate::lexicon::{cardinal, denominator, magnitude, measure_unit, time_unit};
use crate::tokens::TokenView;

use super::{Core, CoreKind};

/// A fraction at token `i`, a word whose lower case is `w0`.
pub(super) fn fraction(view: &TokenView, i: usize, w0: &str) -> Option<Core> {
    let (value, end) = if w0 == "half" {
        // "the first half" (of a year, a match) is a period.
        let period = i > 0
            && matches!(
                view.lower(i - 1).as_str(),
                "first" | "second" | "latter" | "other"
            );
        if period {
            return None;
        }
        (0.5, i + 1)
    } else {
        let numerator = match w0 {
            "a" | "an" | "one" => 1.0,
            _ => cardinal(w0).filter(|&n| n < 20.0 && n > 0.0)?,
        };
        let k = view.skip_joiner(i + 1);
        let d = denominator(view.lower(k).as_str())?;
        // "a fourth quarter", "a fourth suspect": an ordinal; "one fourth" is a fraction.
        if matches!(w0, "a" | "an") && view.is(k, "fourth") {
            return None;
        }
        // "one hundredth" is a fraction; "twelve hundredth" is not a thing news writes; "the
        // one hundredth day" is an ordinal (read with the cardinals).
        if d >= 100.0 && i > 0 && view.is(i - 1, "the") && !view.is(k + 1, "of") {
            return None;
        }
        (numerator / d, k + 1)
    };
    Some(match scaled(view, end) {
        Some((scale, after)) => Core {
            value: value * scale,
            end: after,
            kind: CoreKind::Words,
        },
        None => Core {
            value,
            end,
            kind: CoreKind::Fraction,
        },
    })
}

/// A scale after a fraction at `j`: "a million", "billion", "of a million", "a dozen": the
/// scale and the index after it.
fn scaled(view: &TokenView, j: usize) -> Option<(f64, usize)> {
    let j = view.words_at(j, &["of"]).unwrap_or(j);
    let j = if view.is(j, "a") { j + 1 } else { j };
    let w = view.lower(j);
    let scale = match w.as_str() {
        "dozen" => 12.0,
        w => magnitude(w).filter(|&m| m >= 1e3 && w.len() > 2)?,
    };
    Some((scale, j + 1))
}

/// "and a half", "and a quarter", "and three quarters" after a whole number at `j`: the
/// fraction to add and the index after it.
pub(super) fn and_a_fraction(view: &TokenView, j: usize) -> Option<(f64, usize)> {
    if !view.is(j, "and") {
        return None;
    }
    // "and a half", "and three quarters", and "and half" as some write it.
    let (numerator, k) = match view.lower(j + 1).as_str() {
        "a" | "an" | "one" => (1.0, j + 2),
        "half" => (1.0, j + 1),
        w => (cardinal(w).filter(|&n| n > 0.0 && n < 10.0)?, j + 2),
    };
    let k = view.skip_joiner(k);
    let d = denominator(view.lower(k).as_str())?;
    (numerator < d).then_some((numerator / d, k + 1))
}

/// "one in five", "nine in 10", "1 in 4 residents", "two out of three", "one in every
/// five": the whole number `value`, read up to `end`, out of the number after "in" or "out
/// of" (in words, or of up to three digits), if that is the larger. Not "5 in 10 days" or
/// "two in 3 km": a unit after it makes the second number a quantity of its own; nor the
/// end of a range ("7-9 out of 10"), whose first number `start` would leave behind.
pub(super) fn one_in_n(view: &TokenView, start: usize, value: f64, end: usize) -> Option<Core> {
    if value < 1.0 || value.fract() != 0.0 {
        return None;
    }
    if start > 0 && (view.is_joiner(start - 1) || view.is(start - 1, "to")) {
        return None;
    }
    let out_of = view.is(end, "out") && view.is(end + 1, "of");
    let mut at = if view.is(end, "in") {
        end + 1
    } else if out_of {
        end + 2
    } else {
        return None;
    };
    if view.is(at, "every") {
        at += 1;
    }
    let digits = || {
        let s = view.s(at);
        (view.kind(at) == Some(TokenKind::Number)
            && s.len() <= 3
            && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse::<f64>().ok())
        .flatten()
    };
    // "13 out of 22 picks", "ranked 159 out of 180" are two counts, or a rank: only a
    // share of a small or round whole ("two out of three", "nine out of 10") is a fraction.
    let d = cardinal(view.lower(at).as_str())
        .or_else(digits)
        .filter(|&d| d > value)
        .filter(|&d| !out_of || d <= 10.0 || d == 100.0 || d == 1000.0)?;
    let after = view.lower(at + 1);
    if time_unit(after.as_str()).is_some() || measure_unit(after.as_str()).is_some() {
        return None;
    }
    Some(Core {
        value: value / d,
        end: at + 1,
        kind: CoreKind::Fraction,
    })
}
