//! Cores written in digits: "1,122", "60.94", "1.153" (thousands), "៣៦១", "9:30" (a time of
//! day), and digits with letters glued on: "16th", "4bn", "9am", "15km", "1990s".

use tonle_text::TokenKind;

use crate::digits::{digit_value, parse_digits};
use crate::lexicon::{
    amount_magnitude, dollar_country, glued_currency, is_dimension_word, label_word, magnitude,
    measure_unit, minor_unit, time_unit,
};
use crate::tokens::TokenView;

use super::clock::hour_of_day;
use super::fraction::{and_a_fraction, one_in_n};
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
    // "9:30", "9:30pm" is a time of day.
    if view.s(i + 1) == ":" && view.glued(i + 1) && view.glued(i + 2) && minutes(view.s(i + 2)) {
        let minutes = view.s(i + 2);
        let pm = minutes
            .get(2..)
            .is_some_and(|t| t.eq_ignore_ascii_case("pm"));
        // The value of a time is in hours: "11:40pm" is 23.67.
        let fraction = minutes
            .get(..2)
            .and_then(|m| m.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 60.0;
        return Some(Core {
            value: hour_of_day(value, pm) + fraction,
            end: i + 3,
            kind: CoreKind::Time,
        });
    }
    if let Some((grouped, end)) = spaced_groups(view, i) {
        return Some(Core {
            value: grouped,
            end,
            kind: CoreKind::Digits { plain_year: false },
        });
    }
    // "1 and a half hours", "2 and three quarters": a whole number and a part of one.
    if value.fract() == 0.0 {
        if let Some((part, after)) = and_a_fraction(view, i + 1) {
            return Some(Core {
                value: value + part,
                end: after,
                kind: CoreKind::Digits { plain_year: false },
            });
        }
    }
    // "1 in 4 residents": a small whole number out of another.
    if s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit()) {
        if let Some(part) = one_in_n(view, i, value, i + 1) {
            return Some(part);
        }
    }
    let plain_year = crate::digits::four_digits(s).is_some();
    Some(Core {
        value,
        end: i + 1,
        kind: CoreKind::Digits { plain_year },
    })
}

/// An amount written after its currency code without a space, "USD5,000", "KHR4,000",
/// "RM500", "$HK2m" (`money::currency_prefix` reads the code): the digits after the code,
/// the groups glued on after them (",000", ".50"), which the tokenizer leaves as tokens of
/// their own because the word started with letters, and a magnitude glued to the last
/// ("$US2.5bn").
pub(super) fn glued_code(view: &TokenView, i: usize) -> Option<Core> {
    let t = view.tok(i).filter(|t| t.kind == TokenKind::Word)?;
    let token = t.as_str(view.text).as_bytes();
    let (_, digits_at) = glued_code_at(view, i, token)?;
    let mut end = i + 1;
    let mut last = &token[digits_at..];
    while matches!(view.s(end), "," | ".")
        && view.glued(end)
        && view.glued(end + 1)
        && trailing_magnitude(last) == 1.0
        && is_group(view, end + 1)
    {
        last = view.s(end + 1).as_bytes();
        end += 2;
    }
    let scale = trailing_magnitude(last);
    let suffix = last
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_lowercase())
        .count();
    let from = t.start as usize + digits_at;
    let to = view.toks[end - 1].end as usize - suffix;
    let value = parse_digits(&view.text[from..to], false)? * scale;
    Some(Core {
        value,
        end,
        kind: CoreKind::Digits { plain_year: false },
    })
}

/// Token `j` is a group of digits after a separator, or the last one with a magnitude
/// glued on ("5bn" of "$US2.5bn").
fn is_group(view: &TokenView, j: usize) -> bool {
    match view.kind(j) {
        Some(TokenKind::Number) => true,
        Some(TokenKind::Word) => amount_magnitude(view.s(j).as_bytes()).is_some(),
        _ => false,
    }
}

/// The multiplier of the magnitude glued to the end of an amount's digits ("2m"), 1 for none.
fn trailing_magnitude(token: &[u8]) -> f64 {
    amount_magnitude(token).unwrap_or(1.0)
}

/// The currency code glued to the amount at token `i` ("USD5,000"), or the country letters
/// after a dollar sign ("$US44.50", [`dollar_country`]): the currency and the byte where the
/// digits start.
pub(super) fn glued_code_at(
    view: &TokenView,
    i: usize,
    token: &[u8],
) -> Option<(&'static str, usize)> {
    glued_currency(token).or_else(|| {
        let after_dollar = i > 0 && view.s(i - 1) == "$" && view.glued(i);
        after_dollar.then(|| dollar_country(token)).flatten()
    })
}

/// "10 000", "1 234 567": thousands grouped by spaces. A group after a no-break or thin
/// space always belongs; after a plain space, only when it starts with 0 ("10 000": no count
/// is written "000") or another group follows ("1 234 567"), as "on May 5 123 people" is two
/// numbers; not when more digits stand beside them (a telephone number). Returns the value
/// and the index after the last group.
fn spaced_groups(view: &TokenView, i: usize) -> Option<(f64, usize)> {
    let head = view.s(i);
    if head.is_empty() || head.len() > 3 || !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let group = |j: usize| {
        let s = view.s(j);
        view.kind(j) == Some(TokenKind::Number)
            && view.tok(j).is_some_and(|t| t.gap == tonle_text::Gap::Space)
            && s.len() == 3
            && s.bytes().all(|b| b.is_ascii_digit())
    };
    let narrow = |j: usize| {
        let (Some(a), Some(b)) = (view.tok(j - 1), view.tok(j)) else {
            return false;
        };
        matches!(
            &view.text[a.end as usize..b.start as usize],
            "\u{a0}" | "\u{2009}" | "\u{202f}"
        )
    };
    let mut j = i + 1;
    // Once one group belongs, so do those after it (the last of "1 234 567" too).
    while group(j) && (j > i + 1 || narrow(j) || view.s(j).starts_with('0') || group(j + 1)) {
        j += 1;
    }
    // Digits on either side ("0845 8 505 505", "974 501 111 49") make a telephone number.
    let digits_beside = |k: usize| {
        view.kind(k) == Some(TokenKind::Number)
            && view.tok(k).is_some_and(|t| t.gap == tonle_text::Gap::Space)
    };
    let digits_before = i > 0 && view.kind(i - 1) == Some(TokenKind::Number) && digits_beside(i);
    if j == i + 1 || digits_beside(j) || digits_before {
        return None;
    }
    let digits: String = (i..j).map(|k| view.s(k)).collect();
    Some((digits.parse().ok()?, j))
}

/// "30", "30am", "30pm", "00Z": the minutes of a time after its colon.
fn minutes(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2
        && b[..2].iter().all(u8::is_ascii_digit)
        && (matches!(
            &s[2..].to_ascii_lowercase()[..],
            "" | "am" | "pm" | "h" | "hrs" | "z"
        ) || s[2..].starts_with('.')) // "7:46.78", a time to the hundredth
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
        "pc" | "pct" => CoreKind::Percent(None),
        "bp" | "bps" => CoreKind::Percent(Some("basis_point")),
        // "1.2e3", "5e6": a power of ten; "7E7" in capitals is a model's name.
        e if e.len() >= 2
            && e.len() <= 3
            && s[split..].starts_with('e')
            && e[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            let exponent: i32 = e[1..].parse().ok()?;
            return Some(Core {
                value: value * 10f64.powi(exponent),
                end: i + 1,
                kind: CoreKind::Digits { plain_year: false },
            });
        }
        // "2.5e-3": a negative power of ten, its minus and digits tokens of their own.
        "e" if view.s(i + 1) == "-"
            && view.glued(i + 1)
            && view.glued(i + 2)
            && view.kind(i + 2) == Some(TokenKind::Number) =>
        {
            let exponent: i32 = view.s(i + 2).parse().ok().filter(|&e: &i32| e <= 300)?;
            return Some(Core {
                value: value * 10f64.powi(-exponent),
                end: i + 3,
                kind: CoreKind::Digits { plain_year: false },
            });
        }
        // "99p", "50c": pence and cents, in lower case, whole and under a hundred ("35C" is
        // a temperature, "720p" a video's height).
        "p" | "c"
            if s[split..].bytes().all(|b| b.is_ascii_lowercase())
                && num.len() <= 2
                && num.bytes().all(|b| b.is_ascii_digit())
                && !(i > 0 && {
                    let before = view.lower(i - 1);
                    matches!(before.as_str(), "series" | "model" | "type")
                        || label_word(before.as_str())
                }) =>
        {
            let (code, per_major) = minor_unit(if suffix == "p" { "pence" } else { "cents" })?;
            return Some(Core {
                value: value / per_major,
                end: i + 1,
                kind: CoreKind::Minor(code),
            });
        }
        // "the 1990s", "in their 20s", "100s of workers".
        "s" if &s[split..] == "s" && num.bytes().all(|b| b.is_ascii_digit()) => {
            return decade_or_hundreds(view, i, num, value)
        }
        // "a 3x rise": a multiplier in lower case ("227X" is a model) unless a dimension
        // follows ("3x4").
        "x" if &s[split..] == "x" && view.kind(i + 1) != Some(TokenKind::Number) => {
            CoreKind::Multiplier
        }
        "fold" => CoreKind::Multiplier,
        // "20g of heroin": grams when written in lower case; "5G" is a network.
        "g" if &s[split..] == "g" => CoreKind::Unit("g", false),
        "am" | "pm" | "h" | "hrs" if suffix != "h" || num.len() == 4 => {
            // "10.30pm": the value of a time is its hour.
            // "10.30pm", "1400h": hours and minutes.
            let (hour, minutes) = match num.split_once('.') {
                Some((_, m)) => (value.trunc(), m.parse::<f64>().unwrap_or(0.0)),
                None if num.len() == 4 => ((value / 100.0).trunc(), value % 100.0),
                None => (value, 0.0),
            };
            return Some(Core {
                value: hour_of_day(hour, suffix == "pm") + minutes / 60.0,
                end: i + 1,
                kind: CoreKind::Time,
            });
        }
        _ => {
            if suffix == "m" && glued_m_is_metres(view, i) {
                return Some(Core {
                    value,
                    end: i + 1,
                    kind: CoreKind::Unit("m", false),
                });
            }
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

/// Digits with a plural "s": a decade, "the 1990s" (1990 to 1999); an age, "in their 20s",
/// "men in their early 30s" (20 to 29); hundreds or thousands, "100s of workers", "1000s
/// of fans", a vague count read as "hundreds" is (twice the unit: a lower bound).
/// Anything else ("747s", "the 80s") is a label.
fn decade_or_hundreds(view: &TokenView, i: usize, num: &str, value: f64) -> Option<Core> {
    let core = |value: f64, kind: CoreKind| {
        Some(Core {
            value,
            end: i + 1,
            kind,
        })
    };
    let round = |unit: f64| value >= unit && value % unit == 0.0;
    let before = |k: usize| i.checked_sub(k).map(|b| view.lower(b));
    let possessive = |w: Option<crate::word::Lower>| {
        w.is_some_and(|w| matches!(w.as_str(), "their" | "his" | "her" | "my" | "our" | "your"))
    };
    let of_after = view.is(i + 1, "of");
    if num.len() == 4 && round(10.0) && (1000.0..2100.0).contains(&value) && !of_after {
        return core(value, CoreKind::Decade { age: false });
    }
    // "early 30s", "mid-40s": the word before, a hyphen allowed, then the possessive.
    let hyphen = usize::from(i > 0 && view.is_joiner(i - 1));
    let early_or_late =
        before(1 + hyphen).is_some_and(|w| matches!(w.as_str(), "early" | "mid" | "late"));
    if num.len() == 2
        && round(10.0)
        && (possessive(before(1)) || early_or_late && possessive(before(2 + hyphen)))
    {
        return core(value, CoreKind::Decade { age: true });
    }
    if (value == 100.0 || value == 1000.0) && of_after {
        return core(value * 2.0, CoreKind::Vague);
    }
    core(value, CoreKind::Coded)
}

/// "5m" glued is millions ("$2.5m", "5m people") unless the words around it measure a
/// length: "a wall 5m high", "a height of 2.5m", "measuring 3m", "the 100m sprint". A
/// currency before it is read before this and makes it millions.
fn glued_m_is_metres(view: &TokenView, i: usize) -> bool {
    let money_before = i > 0 && view.kind(i - 1) == Some(TokenKind::Punct) && view.glued(i);
    if money_before {
        return false;
    }
    let after = view.skip_joiner(i + 1);
    let before = |k: usize| i >= k && is_dimension_word(view.lower(i - k).as_str());
    let of_before = i >= 1 && view.is(i - 1, "of");
    is_dimension_word(view.lower(after).as_str()) || before(1) || (of_before && before(2))
}
