//! Numbers written with a slash: fractions in digits ("3/4", "2 1/4", and the signs "½",
//! "1½"), and the codes that a slash joins when it is no fraction ("24/7", "9/11", "case
//! 123/2023"), which are labels. Dates with slashes ("15/01/2023") are read before, with
//! the numeric dates.

use tonle_text::{Gap, TokenKind};

use crate::digits::parse_digits;
use crate::tokens::TokenView;

use super::{Core, CoreKind};

/// A core with a slash at token `i`: "3/4" (a fraction), "2 1/4" (a whole and a fraction,
/// a plain number), "24/7" (a label); or digits with a fraction sign, "1½".
pub(super) fn slashed(view: &TokenView, i: usize) -> Option<Core> {
    let t = view.tok(i).filter(|t| t.kind == TokenKind::Number)?;
    let s = t.as_str(view.text);
    if let Some(core) = vulgar(s, i) {
        return Some(core);
    }
    if let Some((num, den, end)) = over(view, i) {
        // "1985/86": a fiscal or season year, read as its first year.
        if s.len() == 4 && (1800.0..=2100.0).contains(&num) && view.s(i + 2).len() == 2 {
            return Some(Core {
                value: num,
                end,
                kind: CoreKind::Digits { plain_year: true },
            });
        }
        // "123/2023" of a case number is no fraction: news writes fractions over small
        // numbers.
        return Some(if num < den && den > 0.0 && den <= 100.0 {
            Core {
                value: num / den,
                end,
                kind: CoreKind::Fraction,
            }
        } else {
            Core {
                value: num,
                end,
                kind: CoreKind::Coded,
            }
        });
    }
    // "2 1/4", and "101-1/4" as market reports write it: a small whole number, a space or
    // a glued hyphen, then a proper fraction.
    let whole = small_integer(s).filter(|_| s.len() <= 3)?;
    let hyphen = view.s(i + 1) == "-" && view.glued(i + 1) && view.glued(i + 2);
    let at = if hyphen { i + 2 } else { i + 1 };
    if hyphen || view.tok(i + 1).is_some_and(|t| t.gap == Gap::Space) {
        if let Some((num, den, end)) = over(view, at).filter(|&(n, d, _)| n < d && d <= 64.0) {
            return Some(Core {
                value: whole + num / den,
                end,
                kind: CoreKind::Digits { plain_year: false },
            });
        }
    }
    None
}

/// "3/4" at `i`: two integers joined by a glued slash, neither joined by another slash (a
/// date, "03/09/87").
fn over(view: &TokenView, i: usize) -> Option<(f64, f64, usize)> {
    if view.s(i + 1) != "/" || !view.glued(i + 1) || !view.glued(i + 2) {
        return None;
    }
    if i > 0 && view.s(i - 1) == "/" && view.glued(i) {
        return None;
    }
    let num = small_integer(view.s(i))?;
    let den = view
        .tok(i + 2)
        .filter(|t| t.kind == TokenKind::Number)
        .and_then(|t| small_integer(t.as_str(view.text)))?;
    if view.s(i + 3) == "/" && view.glued(i + 3) {
        return None;
    }
    Some((num, den, i + 3))
}

/// Plain ASCII digits, at most four.
fn small_integer(s: &str) -> Option<f64> {
    (s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| parse_digits(s, false))
        .flatten()
}

/// "½", "1½", "2¾": digits with a fraction sign at the end.
fn vulgar(s: &str, i: usize) -> Option<Core> {
    let last = s.chars().next_back()?;
    let part = match last {
        '½' => 0.5,
        '¼' => 0.25,
        '¾' => 0.75,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '⅛' => 0.125,
        _ => return None,
    };
    let whole = &s[..s.len() - last.len_utf8()];
    let value = if whole.is_empty() {
        0.0
    } else {
        parse_digits(whole, false).filter(|v| v.is_finite())?
    };
    Some(Core {
        value: value + part,
        end: i + 1,
        kind: if whole.is_empty() {
            CoreKind::Fraction
        } else {
            CoreKind::Digits { plain_year: false }
        },
    })
}
