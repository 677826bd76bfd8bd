//! Measurements with a unit other than time or money after the number: "15 km", "2
//! tonnes", "40 hectares", "500 sq km" (an area), "120 km/h" and "60 miles per hour" (a
//! speed).

use tonle_text::TokenKind;

use crate::lexicon::measure_unit;
use crate::mention::Category;
use crate::tokens::TokenView;

use super::Reading;

pub(super) fn measure<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) -> bool {
    let j = r.end;
    if view.kind(j) != Some(TokenKind::Word) {
        return false;
    }
    let w = r.lower(view, j);
    let (unit, end) = match w.as_str() {
        "sq" | "square" | "cubic" => match area_or_volume(view, w.as_str(), j) {
            Some(found) => found,
            None if w.as_str() == "square" => ("square", j + 1),
            None => return false,
        },
        w => match measure_unit(w) {
            Some(unit) => (unit, j + 1),
            None => return false,
        },
    };
    let (unit, end) = speed(view, unit, end).unwrap_or((unit, end));
    r.category = Some(Category::Measure);
    r.unit = Some(unit);
    r.end = end;
    true
}

/// "sq km", "square metres", "cubic metres" from `j`: the unit and the index after it.
fn area_or_volume(view: &TokenView, first: &str, j: usize) -> Option<(&'static str, usize)> {
    let unit = measure_unit(view.lower(j + 1).as_str())?;
    let named = match (first, unit) {
        ("cubic", "m") => "m3",
        ("cubic", "ft") => "ft3",
        ("cubic", _) => return None,
        (_, "km") => "km2",
        (_, "m") => "m2",
        (_, "mile") => "sq_mile",
        (_, "ft") => "sq_ft",
        _ => return None,
    };
    Some((named, j + 2))
}

/// A length per hour after its unit at `j`: "km/h", "km per hour", "miles an hour".
fn speed(view: &TokenView, unit: &'static str, j: usize) -> Option<(&'static str, usize)> {
    let per_hour = |k: usize| matches!(view.lower(k).as_str(), "h" | "hr" | "hour");
    let end = match view.lower(j).as_str() {
        "/" if view.glued(j) && view.glued(j + 1) && per_hour(j + 1) => j + 2,
        "per" | "an" | "a" if per_hour(j + 1) => j + 2,
        _ => return None,
    };
    match unit {
        "km" => Some(("km/h", end)),
        "mile" => Some(("mph", end)),
        _ => None,
    }
}
