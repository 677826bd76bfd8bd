//! What stands right after the core and scales or blurs it: "3,000-odd" (approximately) and
//! "1,000-plus" (more than), a
//! magnitude word, "4.5 million", "$4 billion", "3 dozen", thousands of money, "five grand",
//! and the "-strong" of "a 3,000-strong force".

use tonle_text::TokenKind;

use crate::lexicon::magnitude;
use crate::mention::{Category, Qualifier};
use crate::tokens::TokenView;

use super::{CoreKind, Reading};

/// "3,000-odd Indonesians": digits, approximately; "1,000-plus": more than.
pub(super) fn odd(view: &TokenView, r: &mut Reading) {
    if !matches!(r.core.kind, CoreKind::Digits { .. }) {
        return;
    }
    let at = view.skip_joiner(r.end);
    if view.is(at, "odd") {
        r.end = at + 1;
        r.suffix_qualifier = Some(Qualifier::Approximately);
    } else if at > r.end && view.is(at, "plus") && !rated(view, r.first) {
        r.end = at + 1;
        r.suffix_qualifier = Some(Qualifier::MoreThan);
    }
}

/// True when the number at `first` is glued after a hyphen: a rating's "A-1-plus".
fn rated(view: &TokenView, first: usize) -> bool {
    first > 0 && view.is_joiner(first - 1)
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

/// "five grand", "$10 grand": thousands of money, in lower case ("two Grand Slams" is not),
/// and only where a noun cannot follow ("a grand total", "grand jury").
pub(super) fn grand(view: &TokenView, r: &mut Reading) {
    if r.category.is_some()
        || r.magnitude_word
        || !matches!(r.core.kind, CoreKind::Digits { .. } | CoreKind::Words)
        || view.s(r.end) != "grand"
    {
        return;
    }
    let next = r.end + 1;
    let ends_phrase = view.kind(next) != Some(TokenKind::Word)
        || matches!(
            view.lower(next).as_str(),
            "in" | "of"
                | "for"
                | "to"
                | "from"
                | "on"
                | "a"
                | "an"
                | "per"
                | "each"
                | "and"
                | "or"
                | "that"
                | "which"
                | "worth"
                | "cash"
                | "bail"
                | "apiece"
        );
    if ends_phrase {
        r.value *= 1e3;
        r.end = next;
        r.magnitude_word = true;
        r.category = Some(Category::Money);
    }
}

/// "a 3,000-strong force", "the 100-strong crew": the number counts the noun after
/// "strong".
pub(super) fn strong(view: &TokenView, r: &mut Reading) {
    let j = r.end;
    if r.category.is_none()
        && matches!(r.core.kind, CoreKind::Digits { .. } | CoreKind::Words)
        && view.hyphen_then(j, "strong")
    {
        r.end = j + 2;
    }
}
