//! How many times as much: "threefold", "a 10-fold rise", "three times more", "a 3x gain"
//! (the last, glued, is read by [`super::digits::suffixed`]); and one number against
//! another, a ratio: "a 3:1 ratio", "a 3-to-1 vote", "odds of 10 to 1".

use tonle_text::TokenKind;

use crate::lexicon::{fold_word, is_comparative_after_times};
use crate::mention::Category;
use crate::tokens::TokenView;

use super::{core, Core, CoreKind, Reading};

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
    let hyphen_fold = view.hyphen_then(j, "fold");
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

/// "a 3:1 ratio", "a three-to-one advantage", "odds of 10 to 1": a ratio, its value the
/// quotient. A ratio word after it or "odds" or "ratio" shortly before it says so; without
/// one, only "N-to-1" is a ratio: "12-to-15 pct" and "from 5 to 10 boats" are ranges (the
/// first read here, the second by [`super::range`]), "won 2:1" a score (a label), "331 to
/// 286 votes" a tally.
pub(super) fn ratio(view: &TokenView, r: &mut Reading) {
    if r.category.is_some() || !matches!(r.core.kind, CoreKind::Digits { .. } | CoreKind::Words) {
        return;
    }
    let j = r.end;
    let hyphens = view.hyphen_then(j, "to") && view.s(j + 2) == "-";
    let second_at = if view.s(j) == ":" && view.glued(j) && view.glued(j + 1) {
        j + 1
    } else if hyphens {
        j + 3
    } else if view.is(j, "to") {
        j + 1
    } else {
        return;
    };
    let Some(second) = core(view, second_at)
        .filter(|c| matches!(c.kind, CoreKind::Digits { .. } | CoreKind::Words) && c.value > 0.0)
    else {
        return;
    };
    let word_after = matches!(
        view.lower(second.end).as_str(),
        "odds" | "ratio" | "majority" | "margin" | "advantage"
    );
    let named_before = view.any_before(r.first, 6, |w| matches!(w, "odds" | "ratio"));
    let to_one = hyphens && second.value == 1.0 && view.s(second.end) != "-";
    // "a debt ratio of six to eight pct": rising ends after "to" are a range.
    let colon = view.s(j) == ":";
    let falling = second.value <= r.value || colon;
    if !(word_after || named_before && falling || to_one) {
        if hyphens && second.value > r.value {
            // "12-to-15 per cent", "three-to-four weeks": a range, its unit read after it.
            r.range = Some((r.value, second.value));
            r.end = second.end;
        } else if colon && view.s(second_at).len() == 1 && view.s(j + 1).len() <= 2 {
            // "won 2:1": a score, a label like "3-2".
            r.category = Some(Category::Label);
            r.end = second.end;
        }
        return;
    }
    r.value /= second.value;
    r.category = Some(Category::Ratio);
    r.end = second.end;
}
