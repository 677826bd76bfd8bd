//! Dates written in digits: ISO 8601 ("2023-01-15", with a time "2023-01-15T10:00Z"),
//! with slashes or hyphens ("15/01/2023", "1/15/2023", "15-01-2023", "2023/01/15") and
//! with dots in one token ("15.01.2023", "01.15.2023").
//!
//! Day and month: when one of the two is above 12 it is the day; when both could be
//! either, the day comes first, as in most of the world's news (and in Cambodia's), though
//! American wire copy ("04/09/87") writes the month first.

use tonle_text::TokenKind;

use crate::mention::{Category, DateParts, NumberMention};
use crate::tokens::TokenView;

/// A date in digits at token `i`, and the index of the token after it.
pub(super) fn numeric_date(view: &TokenView, i: usize) -> Option<(NumberMention, usize)> {
    let t = view.tok(i).filter(|t| t.kind == TokenKind::Number)?;
    let s = t.as_str(view.text);
    if !s.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    let (parts, end) = if s.contains('.') {
        (dotted(s)?, i + 1)
    } else {
        separated(view, i)?
    };
    let mut mention =
        NumberMention::spanning(view.toks, i, end, f64::from(parts.day?), Category::Date);
    mention.date = Some(parts);
    Some((mention, end))
}

/// "15.01.2023", "2023.01.15": one number token with two dots.
fn dotted(s: &str) -> Option<DateParts> {
    let mut fields = s.split('.');
    let (a, b, c) = (fields.next()?, fields.next()?, fields.next()?);
    if fields.next().is_some() {
        return None;
    }
    ordered(a, b, c, false)
}

/// "2023-01-15", "15/01/2023": three numbers joined by the same glued separator.
fn separated(view: &TokenView, i: usize) -> Option<(DateParts, usize)> {
    let sep = view.s(i + 1);
    if !matches!(sep, "-" | "/") || !view.glued(i + 1) || !view.glued(i + 2) {
        return None;
    }
    if view.s(i + 3) != sep || !view.glued(i + 3) || !view.glued(i + 4) {
        return None;
    }
    let number = |k: usize| view.kind(k) == Some(TokenKind::Number);
    let (a, b) = (view.s(i), view.s(i + 2));
    if !number(i) || !number(i + 2) {
        return None;
    }
    // The last field may carry a time: "15T10" of "2023-01-15T10:00Z".
    let last = view.s(i + 4);
    let (c, has_time) = match last.find(['T', 't']) {
        Some(k) if a.len() == 4 && k == 2 => (&last[..k], true),
        _ => (last, false),
    };
    if !has_time && !number(i + 4) {
        return None;
    }
    let parts = ordered(a, b, c, sep == "/")?;
    let end = if has_time {
        time_tail(view, i + 5)
    } else {
        i + 5
    };
    Some((parts, end))
}

/// The rest of an ISO time after "15T10": ":00", ":00Z", ":30:00+07", ".5Z": glued tokens
/// of digits, colons, signs and "Z". Returns the index after them.
fn time_tail(view: &TokenView, mut k: usize) -> usize {
    let limit = k + 8;
    while k < limit && view.glued(k) {
        let s = view.s(k);
        let joins = matches!(s, ":" | "+" | "-" | ".") && view.glued(k + 1);
        let digits = s.as_bytes().first().is_some_and(u8::is_ascii_digit);
        if !(joins || digits || s == "Z") {
            break;
        }
        k += 1;
    }
    k
}

/// Year, month and day from three fields written year first or year last; with
/// `short_year`, the year may have two digits ("04/09/87", with slashes only: "2.3.10" is
/// a version).
fn ordered(a: &str, b: &str, c: &str, short_year: bool) -> Option<DateParts> {
    let field = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (a_len, c_len) = (a.len(), c.len());
    let (a, b, c) = (field(a)?, field(b)?, field(c)?);
    // "04/09/87": a two-digit year is of this century up to 30, else of the last.
    let (c, c_len) = match c_len {
        2 if short_year && a_len <= 2 => (if c <= 30 { 2000 + c } else { 1900 + c }, 4),
        _ => (c, c_len),
    };
    let (year, first, second) = if a_len == 4 && b <= 12 {
        (a, b, c) // year, month, day
    } else if c_len == 4 && a_len <= 2 {
        // day, month or month, day: the one above 12 is the day.
        if a > 12 {
            (c, b, a)
        } else if b > 12 {
            (c, a, b)
        } else {
            (c, b, a)
        }
    } else {
        return None;
    };
    let (month, day) = (first, second);
    if !(1800..=2100).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(DateParts {
        year: Some(year as i32),
        month,
        day: Some(day),
    })
}
