//! The qualifier of a number, read off the words before it: "nearly 900", "more than 600",
//! "no fewer than 40".

use crate::lexicon::qualifiers_ending_in;
use crate::mention::Qualifier;
use crate::tokens::TokenView;

/// "over two years" is a period of time, not more than two years; "for over two years" is.
pub(crate) fn over_a_period(view: &TokenView, i: usize) -> bool {
    i >= 1 && view.is(i - 1, "over") && !(i >= 2 && view.is(i - 2, "for"))
}

/// The qualifier that the words before token `i` make, if any.
pub(crate) fn qualifier_before(view: &TokenView, i: usize) -> Option<Qualifier> {
    let previous = view.lower(i.checked_sub(1)?);
    for (words, name) in qualifiers_ending_in(previous.as_str()) {
        if words.len() > i {
            continue;
        }
        let from = i - words.len();
        if words.iter().enumerate().all(|(k, w)| view.is(from + k, w)) {
            return Some(*name);
        }
    }
    None
}
