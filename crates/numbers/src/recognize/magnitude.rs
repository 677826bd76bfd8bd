//! What stands right after the core and scales or blurs it: "3,000-odd" (approximately) and
//! a magnitude word, "4.5 million", "$4 billion", "3 dozen".

use tonle_text::TokenKind;

use crate::lexicon::magnitude;
use crate::tokens::TokenView;

use super::{CoreKind, Reading};

/// "3,000-odd Indonesians": digits, approximately.
pub(super) fn odd(view: &TokenView, r: &mut Reading) {
    let at = view.skip_joiner(r.end);
    if view.is(at, "odd") && matches!(r.core.kind, CoreKind::Digits { .. }) {
        r.end = at + 1;
        r.odd = true;
    }
}

/// "4.5 million", "two billion" (a word: "4bn" glued is read with the digits).
pub(super) fn magnitude_word<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) {
    if r.category.is_some() || matches!(r.core.kind, CoreKind::Vague) {
        return;
    }
    let j = r.end;
    let w = r.lower(view, j);
    // "3 dozen" (in words, "three dozen" is read with the number words).
    let dozen =
        (w.as_str() == "dozen" && matches!(r.core.kind, CoreKind::Digits { .. })).then_some(12.0);
    let Some(m) = dozen
        .or_else(|| magnitude(w.as_str()))
        .filter(|_| view.kind(j) == Some(TokenKind::Word))
    else {
        return;
    };
    // "m" alone is a unit of length unless money: "$4m" is glued and handled above.
    if w.as_str().len() > 1 || r.currency.is_some() {
        r.value *= m;
        r.end += 1;
        r.magnitude_word = true;
    }
}
