//! The category rules that read the words before a number and the shape of its digits, for
//! an expression whose core and unit left its category open: "aged 17" is an age, "Tier 3",
//! "No. 2" and "Covid-19" are labels, and so are long digit strings (phone numbers).

use tonle_text::TokenKind;

use crate::lexicon::{cardinal, label_word};
use crate::mention::Category;
use crate::tokens::TokenView;

use super::{CoreKind, Reading};

/// "aged 17", "age 17".
pub(super) fn age_before(view: &TokenView, r: &Reading) -> Option<Category> {
    let before = r.core_at.checked_sub(1)?;
    (view.is(before, "aged") || view.is(before, "age")).then_some(Category::Age)
}

/// "Tier 3", "No. 2", "Hotline: 1288", "Covid-19".
pub(super) fn label_before(view: &TokenView, r: &Reading) -> Option<Category> {
    is_label_context(view, r.first).then_some(Category::Label)
}

/// Seven digits or more without separators: a phone number or an identifier.
pub(super) fn long_digits(view: &TokenView, r: &Reading) -> Option<Category> {
    let CoreKind::Digits { .. } = r.core.kind else {
        return None;
    };
    let s = view.s(r.core_at);
    (s.len() >= 7 && s.bytes().all(|b| b.is_ascii_digit())).then_some(Category::Label)
}

fn is_label_context(view: &TokenView, first: usize) -> bool {
    if first == 0 {
        return false;
    }
    let mut prev = first - 1;
    if view.s(prev) == "." && prev > 0 && view.glued(prev) {
        prev -= 1; // "No. 2"
    }
    if view.s(prev) == ":" && prev > 0 {
        prev -= 1; // "Hotline: 1288"
    }
    let word = view.lower(prev);
    if view.kind(prev) == Some(TokenKind::Word) && label_word(word.as_str()) {
        return true;
    }
    // "Covid-19", "MH-17": a code glued to a word by a hyphen.
    view.is_joiner(first - 1)
        && first >= 2
        && view.kind(first - 2) == Some(TokenKind::Word)
        && cardinal(view.lower(first - 2).as_str()).is_none()
}
