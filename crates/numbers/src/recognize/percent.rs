//! Percentages: "95%", "60.94 per cent", "11.99 percent", "12 pct", and "3 percentage
//! points" (unit `percentage_point`).

use crate::mention::Category;
use crate::tokens::TokenView;

use super::Reading;

/// A percent sign or word after the number.
pub(super) fn percent(view: &TokenView, r: &mut Reading) -> bool {
    let j = r.end;
    let end = if view.s(j) == "%" {
        j + 1
    } else if let Some(e) = view.words_at(j, &["per", "cent"]) {
        e
    } else if let Some(e) = view
        .words_at(j, &["percentage", "points"])
        .or(view.words_at(j, &["percentage", "point"]))
    {
        r.unit = Some("percentage_point");
        e
    } else if matches!(view.lower(j).as_str(), "percent" | "pct") {
        j + 1
    } else {
        return false;
    };
    r.category = Some(Category::Percent);
    r.end = end;
    true
}
