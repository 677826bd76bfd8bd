//! Fractions in words: "half", "a third", "two-thirds", "three quarters". ("one in five" is
//! read with the cardinals, in [`super::words`].)

use crate::lexicon::cardinal;
use crate::tokens::TokenView;

use super::{Core, CoreKind};

/// A fraction at token `i`, a word whose lower case is `w0`.
pub(super) fn fraction(view: &TokenView, i: usize, w0: &str) -> Option<Core> {
    if w0 == "half" {
        return Some(Core {
            value: 0.5,
            end: i + 1,
            kind: CoreKind::Fraction,
        });
    }
    let numerator = match w0 {
        "a" | "an" | "one" => 1.0,
        _ => cardinal(w0).filter(|&n| n < 10.0)?,
    };
    let k = view.skip_joiner(i + 1);
    let denominator = match view.lower(k).as_str() {
        "half" | "halves" => 2.0,
        "third" | "thirds" => 3.0,
        "quarter" | "quarters" => 4.0,
        "fifth" | "fifths" => 5.0,
        "tenth" | "tenths" => 10.0,
        _ => return None,
    };
    Some(Core {
        value: numerator / denominator,
        end: k + 1,
        kind: CoreKind::Fraction,
    })
}
