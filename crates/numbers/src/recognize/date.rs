//! Dates: "Dec. 12", "August 18, 2022", "12 December 2022", "12th of December", "July
//! 2023"; the year a lone four-digit number stands for ("in 2022"); and the year the first
//! date of a range takes from the second ("from August 18 to November 10, 2022").

use tonle_text::TokenKind;

use crate::lexicon::{is_period_joiner, month};
use crate::mention::{Category, DateParts, NumberMention};
use crate::tokens::TokenView;

use super::{CoreKind, Reading};

/// "Dec. 12", "August 18, 2022", "12 December 2022", "July 2023".
pub(super) fn date_at(view: &TokenView, i: usize) -> Option<(NumberMention, usize)> {
    let (parts, end) = if let Some((month, after_month)) = month_at(view, i) {
        match day_at(view, after_month) {
            Some((day, after_day)) => optional_year(view, month, day, after_day),
            None => {
                let (y, e) = year_at(view, after_month)?;
                let parts = DateParts {
                    year: Some(y),
                    month,
                    day: None,
                };
                (parts, e)
            }
        }
    } else {
        let (day, after_day) = day_at(view, i)?;
        if let Some(hyphenated) = hyphenated(view, day, after_day) {
            hyphenated
        } else {
            let after_of = view.words_at(after_day, &["of"]).unwrap_or(after_day);
            let (month, after_month) = month_at(view, after_of)?;
            optional_year(view, month, day, after_month)
        }
    };
    let value = parts.day.map(f64::from).or(parts.year.map(f64::from))?;
    let mut mention = NumberMention::spanning(view.toks, i, end, value, Category::Date);
    mention.date = Some(parts);
    Some((mention, end))
}

/// A month name at `i` ("December", "Dec.", "Feb" before a day): its number and the index
/// after it.
pub(crate) fn month_at(view: &TokenView, i: usize) -> Option<(u32, usize)> {
    if view.kind(i) != Some(TokenKind::Word) || !view.capitalized(i) {
        return None;
    }
    let m = month(view.lower(i).as_str())?;
    let full = view.s(i).len() > 3 || view.is(i, "may");
    // "Sept" is the one abbreviation of four letters ("Sept. 30").
    let abbreviated = !full || view.is(i, "sept");
    if view.s(i + 1) == "." && view.glued(i + 1) && abbreviated {
        return Some((m, i + 2)); // "Dec."
    }
    // "Feb 6" in a headline; but a bare "Mar" or "Jan" without a day is more often a name.
    (full || day_at(view, i + 1).is_some()).then_some((m, i + 1))
}

/// "15-Jan-2023", "15-Jan": a day, a month name and a year joined by hyphens, given the
/// day and the index after it.
fn hyphenated(view: &TokenView, day: u32, after_day: usize) -> Option<(DateParts, usize)> {
    if !view.is_joiner(after_day) || !view.capitalized(after_day + 1) {
        return None;
    }
    let month = month(view.lower(after_day + 1).as_str())?;
    let after_month = after_day + 2;
    let year = view
        .is_joiner(after_month)
        .then(|| year_at(view, after_month + 1))
        .flatten();
    let (year, end) = match year {
        Some((y, e)) => (Some(y), e),
        None => (None, after_month),
    };
    let parts = DateParts {
        year,
        month,
        day: Some(day),
    };
    Some((parts, end))
}

/// A day of the month at `i` ("12", "12th").
fn day_at(view: &TokenView, i: usize) -> Option<(u32, usize)> {
    let t = view.tok(i)?;
    let s = t.as_str(view.text);
    let digits = match t.kind {
        TokenKind::Number => s,
        TokenKind::Word => s
            .strip_suffix("st")
            .or_else(|| s.strip_suffix("nd"))
            .or_else(|| s.strip_suffix("rd"))
            .or_else(|| s.strip_suffix("th"))?,
        _ => return None,
    };
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some((d, i + 1))
}

/// A year at `i`: four digits from 1800 to 2100.
fn year_at(view: &TokenView, i: usize) -> Option<(i32, usize)> {
    let t = view.tok(i)?;
    let s = t.as_str(view.text);
    if t.kind != TokenKind::Number {
        return None;
    }
    let y = crate::digits::four_digits(s)? as i32;
    (1800..=2100).contains(&y).then_some((y, i + 1))
}

/// A day and month, with the year that may follow at `at` ("November 10, 2022",
/// "12 December 2022"); returns the parts and the index after them.
fn optional_year(view: &TokenView, month: u32, day: u32, at: usize) -> (DateParts, usize) {
    let year_from = if view.s(at) == "," { at + 1 } else { at };
    match year_at(view, year_from) {
        Some((y, e)) => (
            DateParts {
                year: Some(y),
                month,
                day: Some(day),
            },
            e,
        ),
        None => (
            DateParts {
                year: None,
                month,
                day: Some(day),
            },
            at,
        ),
    }
}

/// "from August 18 to November 10, 2022": the first date takes the year of the second.
pub(crate) fn carry_years_across_ranges(view: &TokenView, out: &mut [NumberMention]) {
    for k in (0..out.len().saturating_sub(1)).rev() {
        let (a, b) = (&out[k], &out[k + 1]);
        let (Some(da), Some(db)) = (a.date, b.date) else {
            continue;
        };
        if da.year.is_some() || db.year.is_none() {
            continue;
        }
        let between = view.text[a.end as usize..b.start as usize].trim();
        let joined = between == "and" || is_period_joiner(between);
        if joined && da.month <= db.month {
            let year = db.year;
            out[k].date = Some(DateParts { year, ..da });
        }
    }
}

/// The category rule for a lone year: four plain digits from 1800 to 2100, not multiplied by
/// a magnitude ("in 2022", but not "2022 million").
pub(super) fn year(view: &TokenView, r: &Reading) -> Option<Category> {
    let CoreKind::Digits { plain_year: true } = r.core.kind else {
        return None;
    };
    let (y, _) = year_at(view, r.core_at).unwrap_or((0, 0));
    (y != 0 && !r.magnitude_word).then_some(Category::Year)
}
