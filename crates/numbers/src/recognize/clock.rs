//! Times of day written with a separate "am" or "pm": "9 am", "10 p.m.". ("9am" and "9:30"
//! are read with the digits.)

use crate::mention::Category;
use crate::tokens::TokenView;

use super::{CoreKind, Reading};

/// Digits up to 12 followed by "am", "pm", "a.m." or "p.m.".
pub(super) fn am_pm_time(view: &TokenView, r: &mut Reading) -> bool {
    let hour = matches!(r.core.kind, CoreKind::Digits { .. }) && r.core.value <= 12.0;
    let Some(after) = am_pm(view, r.end).filter(|_| hour) else {
        return false;
    };
    let pm = view.is(r.end, "pm") || view.is(r.end, "p");
    r.value = hour_of_day(r.value, pm);
    r.category = Some(Category::Time);
    r.end = after;
    true
}

/// The hour on a 24-hour clock of an hour written with "am" or "pm": "2pm" is 14, "12am"
/// is 0.
pub(super) fn hour_of_day(hour: f64, pm: bool) -> f64 {
    match (pm, hour < 12.0) {
        (true, true) => hour + 12.0,
        (false, false) if hour == 12.0 => 0.0,
        _ => hour,
    }
}

/// "am", "pm", "a.m.", "p.m." at `j`: the index after it.
fn am_pm(view: &TokenView, j: usize) -> Option<usize> {
    if view.is(j, "am") || view.is(j, "pm") {
        return Some(j + 1);
    }
    let dotted = (view.is(j, "a") || view.is(j, "p"))
        && view.s(j + 1) == "."
        && view.glued(j + 1)
        && view.is(j + 2, "m")
        && view.glued(j + 2);
    dotted.then(|| if view.s(j + 3) == "." { j + 4 } else { j + 3 })
}
