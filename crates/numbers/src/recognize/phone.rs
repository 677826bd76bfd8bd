//! Telephone numbers: "+855 23 880 123", "012 345 678", "(023) 880-123", "1-800-555-0199".
//! Labels, never counts, and one mention, never a number per group.

use tonle_text::{Gap, TokenKind};

use crate::lexicon::label_word;
use crate::mention::{Category, NumberMention};
use crate::tokens::TokenView;

/// The most groups a telephone number is read in.
const MAX_GROUPS: usize = 6;

/// A telephone number at token `i`: a label spanning its groups.
pub(super) fn phone(view: &TokenView, i: usize) -> Option<(NumberMention, usize)> {
    let s = digits_of(view, i)?;
    let plus = i > 0 && view.s(i - 1) == "+" && view.glued(i);
    let leading_zero = s.len() >= 2 && s.starts_with('0');
    let after_label = || i > 0 && label_word(view.lower(prev_word(view, i)).as_str());
    if !(plus || leading_zero || after_label()) {
        return None;
    }
    let (mut end, mut groups, mut digits) = (i + 1, 1, s.len());
    // The value of a telephone number is its digits read as one number.
    let mut value = s.parse::<f64>().unwrap_or(0.0);
    // "(023) 880": a closing bracket after the area code.
    if view.s(end) == ")" && view.glued(end) {
        end += 1;
    }
    while groups < MAX_GROUPS {
        let hyphen = matches!(view.s(end), "-" | ".") && view.glued(end) && view.glued(end + 1);
        let next = if hyphen { end + 1 } else { end };
        let spaced = hyphen || view.tok(next).is_some_and(|t| t.gap == Gap::Space);
        let shortest = if plus { 1 } else { 2 };
        let Some(g) = digits_of(view, next).filter(|g| spaced && (shortest..=4).contains(&g.len()))
        else {
            break;
        };
        digits += g.len();
        value = value * 10f64.powi(g.len() as i32) + g.parse::<f64>().unwrap_or(0.0);
        groups += 1;
        end = next + 1;
    }
    let long_enough = digits >= 8 || (plus && digits >= 6);
    if groups < 2 && !(plus && digits >= 8) || !long_enough {
        return None;
    }
    let first = if plus { i - 1 } else { i };
    let value = if value.is_finite() { value } else { 0.0 };
    let m = NumberMention::spanning(view.toks, first, end, value, Category::Label);
    Some((m, end))
}

/// Token `k` when it is plain ASCII digits.
fn digits_of<'a>(view: &TokenView<'a>, k: usize) -> Option<&'a str> {
    let t = view.tok(k).filter(|t| t.kind == TokenKind::Number)?;
    let s = t.as_str(view.text);
    s.bytes().all(|b| b.is_ascii_digit()).then_some(s)
}

/// The word before token `i`, past a colon or an opening bracket ("Tel: 012", "hotline
/// (012").
fn prev_word(view: &TokenView, i: usize) -> usize {
    let mut k = i - 1;
    while k > 0 && matches!(view.s(k), ":" | "(" | "+" | ".") {
        k -= 1;
    }
    k
}
