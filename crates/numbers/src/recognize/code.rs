//! Digits that are part of an address or a code, not numbers: inside a web address or an
//! e-mail address ("example.com/2023/01/15/story-123": nothing is read), IP addresses
//! ("192.168.1.10") and version numbers ("2.3.1", "v2.3"), which are labels.

use tonle_text::TokenKind;

use crate::mention::{Category, NumberMention};
use crate::tokens::TokenView;

/// How far back [`in_address`] looks for the start of a run of glued tokens.
const LOOK_BACK: usize = 48;

/// When token `i` lies inside a web or e-mail address: the index of the token after the
/// address, where reading resumes.
pub(super) fn in_address(view: &TokenView, i: usize) -> Option<usize> {
    if !view.glued(i) || i == 0 {
        return None;
    }
    let mut start = i;
    while start > 0 && i - start < LOOK_BACK && view.glued(start) {
        start -= 1;
    }
    let mut end = i + 1;
    while end < view.toks.len() && end - i < 4 * LOOK_BACK && view.glued(end) {
        end += 1;
    }
    let is_address = (start..end).any(|k| match view.s(k) {
        "@" => true,
        "/" => view.s(k + 1) == "/",
        "." => matches!(
            view.lower(k + 1).as_str(),
            "com" | "org" | "net" | "gov" | "html" | "htm" | "php" | "asp" | "aspx"
        ),
        _ => view.is(k, "www") || view.is(k, "http") || view.is(k, "https"),
    });
    // A sentence's full stop may be glued to the address: reading resumes at it.
    is_address.then(|| if view.s(end - 1) == "." { end - 1 } else { end }.max(i + 1))
}

/// A dotted code at token `i`: an IP address ("192.168.1.10"), a version ("2.3.1"), both
/// in one number token with dots that no number has; or the "3" of "v2.3", digits after a
/// dot glued to a code. A label, with the value of its first field.
pub(super) fn dotted_code(view: &TokenView, i: usize) -> Option<(NumberMention, usize)> {
    let t = view.tok(i).filter(|t| t.kind == TokenKind::Number)?;
    let s = t.as_str(view.text);
    let (first, start) = if is_dotted_code(s) {
        (s.split('.').next()?, i)
    } else if i >= 2
        && view.s(i - 1) == "."
        && view.glued(i)
        && view.glued(i - 1)
        && is_version_word(view.s(i - 2))
    {
        (view.s(i - 2).trim_start_matches(['v', 'V']), i - 2)
    } else {
        return None;
    };
    let value = first.parse().unwrap_or(f64::NAN);
    let value = if value.is_finite() { value } else { 0.0 };
    let m = NumberMention::spanning(view.toks, start, i + 1, value, Category::Label);
    Some((m, i + 1))
}

/// Dots between digits that are neither a decimal point nor thousands separators: two or
/// more dots with a group after the first that is not three digits ("2.3.1",
/// "192.168.1.10"). Dates with dots are read before this.
fn is_dotted_code(s: &str) -> bool {
    if s.bytes().filter(|&b| b == b'.').count() < 2 {
        return false;
    }
    let mut groups = s.split('.');
    let _ = groups.next();
    !s.contains(',')
        && groups.any(|g| g.len() != 3)
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// "v2", "V10": a version's start.
fn is_version_word(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && matches!(b[0], b'v' | b'V') && b[1..].iter().all(u8::is_ascii_digit)
}
