//! What stands before a number's first token and changes its value: a minus sign ("-4",
//! "−12.5"), the word "minus" ("minus five per cent") or "negative" after a word that leads
//! to a value ("fell to negative 5"), and a decimal point with no digit
//! before it (".5" is 0.5). Read backwards from the expression's first token, so that no
//! new token needs to be a possible start.

use tonle_text::{Gap, TokenKind};

use crate::tokens::TokenView;

use super::{CoreKind, Reading};

/// A sign or point before the expression: negates the value, or makes the digits decimals,
/// and moves the expression's start onto it.
pub(super) fn sign_before(view: &TokenView, r: &mut Reading) {
    let Some(before) = r.first.checked_sub(1) else {
        return;
    };
    if !matches!(r.core.kind, CoreKind::Digits { .. } | CoreKind::Words) {
        return;
    }
    if view.is(before, "minus") || view.is(before, "negative") && negative_is_sign(view, before) {
        negate(r, before);
        return;
    }
    if !view.glued(r.first) || !stands_alone(view, before) {
        return;
    }
    match view.s(before) {
        // "pages 3-4" and "Covid-19" glue the hyphen to what is before it: not a sign.
        "-" | "−" => negate(r, before),
        "." if r.first == r.core_at && r.core.end == r.core_at + 1 => {
            leading_point(view, r, before)
        }
        _ => {}
    }
}

/// "fell to negative 5", "growth of negative 0.5 per cent", "then negative 5 degrees":
/// "negative" after a word that leads to a value is a sign; "tested negative 3 times" is none.
fn negative_is_sign(view: &TokenView, k: usize) -> bool {
    k > 0
        && matches!(
            view.lower(k - 1).as_str(),
            "to" | "at"
                | "of"
                | "from"
                | "hit"
                | "reached"
                | "was"
                | "is"
                | "be"
                | "stood"
                | "remained"
                | "were"
                | "are"
                | "then"
                | "fell"
                | "dropped"
                | "slipped"
                | "turned"
                | "a"
        )
}

/// True when the sign at `k` is not glued to a word or number before it.
fn stands_alone(view: &TokenView, k: usize) -> bool {
    let Some(t) = view.tok(k) else {
        return false;
    };
    if t.gap != Gap::None || k == 0 {
        return true;
    }
    // "(-4)", "[-2.5": an opening bracket may hold it.
    matches!(view.s(k - 1), "(" | "[") && view.kind(k - 1) == Some(TokenKind::Punct)
}

fn negate(r: &mut Reading, sign: usize) {
    r.value = -r.value;
    r.core.value = -r.core.value;
    r.first = sign;
}

/// ".5": the digits after the point are decimals.
fn leading_point(view: &TokenView, r: &mut Reading, point: usize) {
    let s = view.s(r.core_at);
    if !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 15 {
        return;
    }
    let decimals = 10f64.powi(s.len() as i32);
    r.value = r.core.value / decimals;
    r.core.value = r.value;
    r.core.kind = CoreKind::Digits { plain_year: false };
    r.first = point;
}
