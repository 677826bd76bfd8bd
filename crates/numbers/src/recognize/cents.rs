//! Minor units of money: "50 cents" ($0.50), "470 pence" (£4.70), and the cents after
//! dollars: "3 dollars 50 cents" ($3.50), "5 dollars and 20 cents", "one dollar and twenty
//! cents", "2 pounds 50 pence".

use tonle_text::TokenKind;

use crate::lexicon::minor_unit;
use crate::tokens::TokenView;

use super::{core, CoreKind, Reading};

/// A minor unit after the amount: the value becomes the major unit's, in the unit's
/// currency unless one was named before ("$" stays: "US 50 cents" is rare).
pub(super) fn minor<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) -> bool {
    let j = r.end;
    let Some((code, per_major)) = minor_unit(r.lower(view, j).as_str()) else {
        return false;
    };
    if view.kind(j) != Some(TokenKind::Word) {
        return false;
    }
    r.value /= per_major;
    r.range = r
        .range
        .map(|(low, high)| (low / per_major, high / per_major));
    r.currency = r.currency.or(Some(code));
    r.end = j + 1;
    true
}

/// "50 cents" or "and 50 cents" after "3 dollars": adds the cents to the value.
pub(super) fn and_cents(view: &TokenView, r: &mut Reading) {
    let at = if view.is(r.end, "and") {
        r.end + 1
    } else {
        r.end
    };
    if r.range.is_some() {
        return;
    }
    // "50" in digits, or "twenty" in words ("one dollar and twenty cents").
    let Some((cents, unit_at)) = view
        .tok(at)
        .filter(|t| t.kind == TokenKind::Number)
        .map(|t| t.as_str(view.text))
        .filter(|s| s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .map(|s| (s.parse().unwrap_or(0.0), at + 1))
        .or_else(|| {
            core(view, at)
                .filter(|c| c.kind == CoreKind::Words && c.value < 100.0 && c.value.fract() == 0.0)
                .map(|c| (c.value, c.end))
        })
    else {
        return;
    };
    let Some((_, per_major)) = minor_unit(view.lower(unit_at).as_str()) else {
        return;
    };
    r.value += cents / per_major;
    r.end = unit_at + 1;
}
