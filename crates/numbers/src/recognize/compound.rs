//! A measure or a length of time in two units: "5 feet 10 inches" (5.83 ft), "6 ft 2 in",
//! "1 hour 30 minutes" (1.5 hours), "two years and three months" (2.25 years). The value is
//! in the larger unit, the one the mention names.

use tonle_text::TokenKind;

use crate::lexicon::{measure_unit, sub_unit, time_unit};
use crate::mention::Category;
use crate::tokens::TokenView;

use super::{core, digits, CoreKind, Reading};

/// Adds each smaller unit that follows (its number, then its unit, "and" allowed before)
/// to the value.
pub(super) fn compound(view: &TokenView, r: &mut Reading) {
    if !matches!(r.category, Some(Category::Measure | Category::Duration)) || r.range.is_some() {
        return;
    }
    let Some(mut last) = r.unit else {
        return;
    };
    while let Some((amount, unit, end)) = smaller_part(view, r.end, last) {
        r.value += amount;
        r.end = end;
        last = unit;
    }
}

/// The number and unit at `j` ("and" first allowed) when the unit is smaller than `larger`:
/// its amount in `larger`'s unit, its unit, and the index after it.
fn smaller_part(view: &TokenView, j: usize, larger: &str) -> Option<(f64, &'static str, usize)> {
    let at = if view.is(j, "and") { j + 1 } else { j };
    // "2in" glued: digits and a unit in one word.
    let glued = (view.kind(at) == Some(TokenKind::Word))
        .then(|| digits::suffixed(view, at))
        .flatten();
    if let Some(c) = glued {
        let lower = view.lower(at);
        let unit = match c.kind {
            CoreKind::Unit(u, _) => u,
            CoreKind::Coded if larger == "ft" && lower.as_str().ends_with("in") => "inch",
            _ => return None,
        };
        return Some((c.value * sub_unit(larger, unit)?, unit, at + 1));
    }
    let c =
        core(view, at).filter(|c| matches!(c.kind, CoreKind::Digits { .. } | CoreKind::Words))?;
    let w = view.lower(c.end);
    let unit = match w.as_str() {
        // "6 ft 2 in": inches only where no object could follow "in".
        "in" if larger == "ft" && inch_abbreviation_ends(view, c.end + 1) => "inch",
        w => measure_unit(w).or_else(|| time_unit(w))?,
    };
    if view.kind(c.end) != Some(TokenKind::Word) {
        return None;
    }
    Some((c.value * sub_unit(larger, unit)?, unit, c.end + 1))
}

/// True when "in" at the token before `k` ends a height, not a phrase: the text ends or
/// stops there, or a size word follows ("6 ft 2 in tall").
fn inch_abbreviation_ends(view: &TokenView, k: usize) -> bool {
    view.kind(k) != Some(TokenKind::Word)
        || matches!(
            view.lower(k).as_str(),
            "tall" | "high" | "long" | "wide" | "deep" | "and"
        )
}
