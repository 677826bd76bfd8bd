//! Percentages: "95%", "60.94 per cent", "11.99 percent", "12 pct", and "3 percentage
//! points" (unit `percentage_point`).

use crate::mention::Category;
use crate::tokens::TokenView;

use super::Reading;

/// A percent sign or word after the number. The first word, lowered once, says which
/// reading to try.
pub(super) fn percent<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) -> bool {
    let j = r.end;
    let end = match r.lower(view, j).as_str() {
        "%" => Some(j + 1),
        "per" => view.words_at(j, &["per", "cent"]),
        "percentage" => {
            let e = view
                .words_at(j, &["percentage", "points"])
                .or(view.words_at(j, &["percentage", "point"]));
            if e.is_some() {
                r.unit = Some("percentage_point");
            }
            e
        }
        "percent" | "pct" => Some(j + 1),
        _ => None,
    };
    let Some(end) = end else {
        return false;
    };
    r.category = Some(Category::Percent);
    r.end = end;
    true
}
