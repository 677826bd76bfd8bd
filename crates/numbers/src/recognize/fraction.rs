//! Fractions in words: "half", "a third", "two-thirds", "three quarters", "one eighth",
//! "five-sixths"; scaled, they are plain numbers: "half a million", "a quarter billion",
//! "half a dozen", "three quarters of a million". The "and a half" of "two and a half" is
//! [`and_a_fraction`]. ("one in five" is read with the cardinals, in [`super::words`].)

use crate::lexicon::{cardinal, denominator, magnitude};
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
