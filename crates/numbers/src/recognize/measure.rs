//! Measurements with a unit other than time or money after the number: "15 km", "2
//! tonnes", "40 hectares".

use tonle_text::TokenKind;

use crate::lexicon::measure_unit;
use crate::mention::Category;
use crate::tokens::TokenView;

use super::Reading;

pub(super) fn measure<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) -> bool {
    let j = r.end;
    let Some(unit) = measure_unit(r.lower(view, j).as_str()) else {
        return false;
    };
    if view.kind(j) != Some(TokenKind::Word) {
        return false;
    }
    r.category = Some(Category::Measure);
    r.unit = Some(unit);
    r.end = j + 1;
    true
}
