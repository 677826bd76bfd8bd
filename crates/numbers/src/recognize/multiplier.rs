//! How many times as much: "threefold", "a 10-fold rise", "three times more", "a 3x gain"
//! (the last, glued, is read by [`super::digits::suffixed`]).

use tonle_text::TokenKind;

use crate::lexicon::{fold_word, is_comparative_after_times};
use crate::mention::Category;
use crate::tokens::TokenView;

use super::{Core, CoreKind, Reading};

/// "threefold", "tenfold": a multiplier in one word; "twice" before a comparative ("twice
/// as many", "twice more"), not alone ("visited twice").
pub(super) fn fold(view: &TokenView, i: usize, w0: &str) -> Option<Core> {
    let value = match w0 {
        "twice" if comparative_at(view, i + 1) => 2.0,
        w => fold_word(w)?,
    };
    Some(Core {
        value,
        end: i + 1,
        kind: CoreKind::Multiplier,
    })
}

/// True when token `k` is a word that makes "N times" before it a multiplier: a
/// comparative, or "as" before a word of measure ("twice as many", "four times as fast"),
/// not before a name or a phrase ("served twice as Iran's minister", "four times as a
/// child").
fn comparative_at(view: &TokenView, k: usize) -> bool {
    if view.kind(k) != Some(TokenKind::Word) {
        return false;
    }
    let w = view.lower(k);
    if w.as_str() != "as" {
        return is_comparative_after_times(w.as_str());
    }
    let next = view.lower(k + 1);
    view.kind(k + 1) == Some(TokenKind::Word)
        && !view.capitalized(k + 1)
        && !matches!(
            next.as_str(),
            "a" | "an"
                | "the"
                | "his"
                | "her"
                | "its"
                | "their"
                | "our"
                | "my"
                | "your"
                | "part"
                | "he"
                | "she"
                | "they"
                | "it"
                | "we"
                | "i"
                | "you"
                | "of"
                | "to"
                | "in"
                | "is"
                | "was"
        )
}

/// "three-fold", "10-fold" (the hyphen glued on both sides), and "three times more", "five
/// times as many": the number read so far is a multiplier. "Arrested three times" stays a
/// count of occasions.
pub(super) fn multiplier(view: &TokenView, r: &mut Reading) {
    if r.category.is_some() || !matches!(r.core.kind, CoreKind::Digits { .. } | CoreKind::Words) {
        return;
    }
    let j = r.end;
    let hyphen_fold =
        view.s(j) == "-" && view.glued(j) && view.glued(j + 1) && view.is(j + 1, "fold");
    let end = if hyphen_fold {
        j + 2
    } else if view.is(j, "times") && comparative_at(view, j + 1) {
        j + 1
    } else {
        return;
    };
    r.category = Some(Category::Multiplier);
    r.end = end;
}
