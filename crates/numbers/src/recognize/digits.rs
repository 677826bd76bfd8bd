//! Cores written in digits: "1,122", "60.94", "1.153" (thousands), "៣៦១", "9:30" (a time of
//! day), and digits with letters glued on: "16th", "4bn", "9am", "15km", "1990s".

use tonle_text::TokenKind;

use crate::digits::{digit_value, parse_digits};
use crate::lexicon::{magnitude, measure_unit, time_unit};
use crate::tokens::TokenView;

use super::{Core, CoreKind};

/// A number token: digits with separators, or a time of day "9:30".
pub(super) fn digits(view: &TokenView, i: usize) -> Option<Core> {
    let t = view.tok(i).filter(|t| t.kind == TokenKind::Number)?;
    let s = t.as_str(view.text);
    // "1.153 respondents" groups thousands; "18.245 billion" and "60.94" do not.
    // Only a dot needs the word after to be read.
    let next_is_noun = || {
        let next = view.lower(i + 1);
        view.kind(i + 1) == Some(TokenKind::Word)
            && magnitude(next.as_str()).is_none()
            && measure_unit(next.as_str()).is_none()
            && !matches!(next.as_str(), "per" | "percent" | "pct")
    };
    let value = parse_digits(s, s.bytes().any(|b| b == b'.') && next_is_noun())?;
    // "9:30" is a time of day.
    if view.s(i + 1) == ":"
        && view.glued(i + 1)
        && view.glued(i + 2)
        && view.kind(i + 2) == Some(TokenKind::Number)
    {
        return Some(Core {
            value,
            end: i + 3,
            kind: CoreKind::Time,
        });
    }
    let plain_year = s.len() == 4 && s.chars().all(|c| c.is_ascii_digit());
    Some(Core {
        value,
        end: i + 1,
        kind: CoreKind::Digits { plain_year },
    })
}

/// A word that starts with a digit: digits with letters glued on.
pub(super) fn suffixed(view: &TokenView, i: usize) -> Option<Core> {
    let t = view.tok(i).filter(|t| t.kind == TokenKind::Word)?;
    let s = t.as_str(view.text);
    digit_value(s.chars().next()?)?;
    let split = s
        .char_indices()
        .find(|&(_, c)| digit_value(c).is_none() && c != ',' && c != '.')
        .map_or(s.len(), |(k, _)| k);
    let (num, suffix) = s.split_at(split);
    let value = parse_digits(num, false)?;
    let suffix = suffix.to_ascii_lowercase();
    let kind = match suffix.as_str() {
        "st" | "nd" | "rd" | "th" => CoreKind::Ordinal,
        "am" | "pm" | "h" | "hrs" if suffix != "h" || num.len() == 4 => CoreKind::Time,
        _ => {
            if let Some(m) = magnitude(&suffix) {
                return Some(Core {
                    value: value * m,
                    end: i + 1,
                    kind: CoreKind::Digits { plain_year: false },
                });
            }
            if let Some(u) = time_unit(&suffix) {
                CoreKind::Unit(u, true)
            } else if let Some(u) = measure_unit(&suffix) {
                CoreKind::Unit(u, false)
            } else {
                CoreKind::Coded
            }
        }
    };
    Some(Core {
        value,
        end: i + 1,
        kind,
    })
}
