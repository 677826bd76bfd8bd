//! Ranges: "10-15", "one to three", "89p-95p", "15 to 17-years-old", "between 10 and 15", "$1-$2
//! million", "1-2 million" (the magnitude applies to both ends).

use crate::lexicon::magnitude;
use crate::mention::Category;
use crate::tokens::TokenView;

use super::money::currency_prefix;
use super::{core, Core, CoreKind, Reading};

/// A separator and a second core of the same kind after the first: the value becomes the
/// low end. Only plain numbers, ordinals ("16th-17th") and minor units of money ("89p to
/// 95p") range.
pub(super) fn range<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) {
    let minor = matches!(r.core.kind, CoreKind::Minor(_));
    if !(r.category.is_none() || r.category == Some(Category::Ordinal) || minor) {
        return;
    }
    let Some(after_sep) = separator(view, r) else {
        return;
    };
    // "$1-$2": the second end may repeat the currency.
    let after_sep = if r.currency.is_some() && currency_prefix(view, after_sep).is_some() {
        currency_prefix(view, after_sep).map_or(after_sep, |c| c.1)
    } else {
        after_sep
    };
    let first = r.core;
    let Some(second) = core(view, after_sep).filter(|c2| {
        // "89p to 95p": pence range with pence.
        if minor {
            return c2.kind == first.kind;
        }
        matches!(c2.kind, CoreKind::Digits { .. } | CoreKind::Words)
            == matches!(first.kind, CoreKind::Digits { .. } | CoreKind::Words)
            && (c2.kind == CoreKind::Ordinal) == (first.kind == CoreKind::Ordinal)
    }) else {
        return;
    };
    let mut high = second.value;
    let mut low = r.value;
    let mut end = second.end;
    let w = r.lower(view, end);
    if let Some(m) = magnitude(w.as_str()).filter(|_| w.as_str().len() > 1) {
        // "1-2 million": the magnitude applies to both ends.
        high *= m;
        if !r.magnitude_word {
            low *= m;
        }
        end += 1;
    } else if r.magnitude_word {
        high *= r.value / first.value;
    }
    // "in 2005 to 5.5 million tonnes" is not a range: a year only ranges with a year.
    let year = |c: &Core| matches!(c.kind, CoreKind::Digits { plain_year: true });
    let years_match = year(&first) == year(&second) || r.magnitude_word;
    if high >= low && years_match {
        r.value = low;
        r.range = Some((low, high));
        r.end = end;
    } else if is_score(view, r, &first, &second) {
        // "98-2", "a 3-2 win": a score or a code, not a range.
        r.category = Some(Category::Label);
        r.end = end;
    }
}

/// Two plain numbers joined by a glued hyphen, the second the smaller: "98-2", "3-2".
fn is_score(view: &TokenView, r: &Reading, first: &Core, second: &Core) -> bool {
    let plain = |c: &Core| matches!(c.kind, CoreKind::Digits { plain_year: false });
    let glued = view.s(r.end) == "-" && view.glued(r.end) && view.glued(r.end + 1);
    glued && plain(first) && plain(second) && !r.magnitude_word && second.end == r.end + 2
}

/// "-", "–", "—", "to", or "and" after "between": the index after it.
fn separator(view: &TokenView, r: &Reading) -> Option<usize> {
    let j = r.end;
    let between = r.first > 0 && view.is(r.first - 1, "between");
    let is_sep =
        matches!(view.s(j), "-" | "–" | "—") || view.is(j, "to") || (between && view.is(j, "and"));
    is_sep.then_some(j + 1)
}
