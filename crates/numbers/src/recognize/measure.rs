//! Measurements with a unit other than time or money after the number: "15 km", "2
//! tonnes", "40 hectares", "500 sq km" (an area), "120 km/h" and "60 miles per hour" (a
//! speed), "a 3.5-kilometre road" (a unit joined by a hyphen), "40°C" and "104 degrees
//! Fahrenheit" (a temperature).

use tonle_text::TokenKind;

use crate::lexicon::measure_unit;
use crate::mention::Category;
use crate::tokens::TokenView;

use super::Reading;

pub(super) fn measure<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) -> bool {
    if let Some((unit, end)) = degree_sign(view, r.end) {
        r.category = Some(Category::Measure);
        r.unit = Some(unit);
        r.end = end;
        return true;
    }
    let j = joined_unit(view, r.end);
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
    let (unit, end) = speed(view, unit, end)
        .or_else(|| temperature_scale(view, unit, end))
        .unwrap_or((unit, end));
    r.category = Some(Category::Measure);
    r.unit = Some(unit);
    r.end = end;
    true
}

/// Where the unit after the number at `j` starts: after a hyphen joining it to the number
/// ("a 3.5-kilometre road", "a 10-km walk"), unless the unit is a single letter ("5-m"
/// is too often something else).
fn joined_unit(view: &TokenView, j: usize) -> usize {
    let after = j + 1;
    if view.s(j) == "-" && view.glued(j) && view.glued(after) && view.s(after).len() > 1 {
        after
    } else {
        j
    }
}

/// A degree sign after the number at `j`, spaced or not: "40°C", "-5 °C", "98.6°F", "21℃";
/// a sign without a scale is a degree ("a 90° turn").
fn degree_sign(view: &TokenView, j: usize) -> Option<(&'static str, usize)> {
    match view.s(j) {
        "℃" => Some(("celsius", j + 1)),
        "℉" => Some(("fahrenheit", j + 1)),
        "°" | "º" => Some(match view.s(j + 1) {
            "C" if view.glued(j + 1) => ("celsius", j + 2),
            "F" if view.glued(j + 1) => ("fahrenheit", j + 2),
            _ => ("degree", j + 1),
        }),
        _ => None,
    }
}

/// The scale after "degrees" at `j`: "40 degrees Celsius", "104 degrees Fahrenheit".
fn temperature_scale(
    view: &TokenView,
    unit: &'static str,
    j: usize,
) -> Option<(&'static str, usize)> {
    if unit != "degree" {
        return None;
    }
    match view.lower(j).as_str() {
        "celsius" | "centigrade" => Some(("celsius", j + 1)),
        "fahrenheit" => Some(("fahrenheit", j + 1)),
        _ => None,
    }
}

/// "sq km", "square metres", "cubic metres" from `j`: the unit and the index after it.
fn area_or_volume(view: &TokenView, first: &str, j: usize) -> Option<(&'static str, usize)> {
    // "square metres", "square-metre".
    let at = view.skip_joiner(j + 1);
    let unit = measure_unit(view.lower(at).as_str())?;
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
    Some((named, at + 1))
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
