//! Lengths of time and ages after a number: "four years", "3 min", "15-years-old". (Units
//! glued to the digits, "3min", are read with the digits; "aged 17" is a category rule.)

use crate::lexicon::time_unit;
use crate::mention::Category;
use crate::tokens::TokenView;

use super::Reading;

/// "15 years old", "15-years-old", "17-year-olds": an age. Tried before [`duration`], which would read the
/// years as a length of time.
pub(super) fn age_in_years<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) -> bool {
    let unit_at = view.skip_joiner(r.end);
    if time_unit(r.lower(view, unit_at).as_str()) != Some("year") {
        return false;
    }
    let after = view.skip_joiner(unit_at + 1);
    // "two 17-year-olds": the plural is a noun for people of that age.
    if !view.is(after, "old") && !view.is(after, "olds") {
        return false;
    }
    r.category = Some(Category::Age);
    r.end = after + 1;
    true
}

/// "four years", "10-15 minute": a duration in the unit.
pub(super) fn duration<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) -> bool {
    let unit_at = view.skip_joiner(r.end);
    let Some(unit) = time_unit(r.lower(view, unit_at).as_str()) else {
        return false;
    };
    r.category = Some(Category::Duration);
    r.unit = Some(unit);
    r.end = unit_at + 1;
    true
}
