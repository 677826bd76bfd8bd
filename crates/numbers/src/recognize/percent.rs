//! Percentages: "95%", "60.94 per cent", "11.99 percent", "12 pct", "4.5 pc", "3 percentage
//! points" (unit `percentage_point`) and "25 basis points", "25bp" (unit `basis_point`).

use crate::mention::Category;
use crate::tokens::TokenView;

use super::Reading;

/// A percent sign or word after the number. The first word, lowered once, says which
/// reading to try.
pub(super) fn percent<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) -> bool {
    // "a 50-percent share", "a 10-per-cent rise": joined by a hyphen.
    let j = match view.s(r.end) {
        "-" if view.glued(r.end)
            && view.glued(r.end + 1)
            && matches!(view.lower(r.end + 1).as_str(), "percent" | "per") =>
        {
            r.end + 1
        }
        _ => r.end,
    };
    let end = match r.lower(view, j).as_str() {
        "%" => Some(j + 1),
        "per" => view.words_at(j, &["per", "cent"]),
        "percentage" => points(view, r, "percentage", "percentage_point"),
        "percent" | "pct" => Some(j + 1),
        // British papers' "4.5 pc"; "PC" in capitals is a computer or a constable.
        "pc" if view.s(j) == "pc" => Some(j + 1),
        "basis" => points(view, r, "basis", "basis_point"),
        "bp" | "bps" if !view.capitalized(j) => {
            r.unit = Some("basis_point");
            Some(j + 1)
        }
        _ => None,
    };
    let Some(end) = end else {
        return false;
    };
    r.category = Some(Category::Percent);
    r.end = end;
    true
}

/// "percentage points", "basis point" at the reading's end: sets `unit` and returns the index
/// after the two words.
fn points(view: &TokenView, r: &mut Reading, first: &str, unit: &'static str) -> Option<usize> {
    let j = r.end;
    let end = view
        .words_at(j, &[first, "points"])
        .or(view.words_at(j, &[first, "point"]));
    if end.is_some() {
        r.unit = Some(unit);
    }
    end
}
