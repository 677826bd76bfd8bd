//! Money: the currency sign or code before an amount ("$", "US$", "HK$", "USD 1,500"), the
//! currency word after it ("1.2 million riel", "300 US dollars"), and the category rule that
//! an amount with a currency is money.

use tonle_text::TokenKind;

use crate::lexicon::{currency_symbol, currency_word};
use crate::mention::Category;
use crate::tokens::TokenView;

use super::Reading;

/// A currency sign or code before an amount at `i`: its ISO 4217 code and the index after it.
pub(super) fn currency_prefix(view: &TokenView, i: usize) -> Option<(&'static str, usize)> {
    let t = view.tok(i)?;
    match t.kind {
        TokenKind::Punct => currency_symbol(view.s(i)).map(|c| (c, i + 1)),
        TokenKind::Word => {
            let w = view.lower(i);
            if matches!(w.as_str(), "us" | "a" | "hk" | "s" | "nz") && view.glued(i + 1) {
                return currency_symbol(view.s(i + 1)).map(|c| {
                    let code = match w.as_str() {
                        "a" => "AUD",
                        "hk" => "HKD",
                        "s" => "SGD",
                        "nz" => "NZD",
                        _ => c,
                    };
                    (code, i + 2)
                });
            }
            // Codes before amounts are written in capitals: "USD 1,500", "KHR 4,000".
            let upper = view.s(i).bytes().all(|b| b.is_ascii_uppercase());
            let code = currency_word(w.as_str()).filter(|_| upper && w.as_str().len() == 3)?;
            matches!(view.kind(i + 1), Some(TokenKind::Number)).then_some((code, i + 1))
        }
        _ => None,
    }
}

/// A unit after the amount: "US dollars", "riel", "baht". A currency sign before it wins
/// ("$300 dollars" stays USD).
pub(super) fn currency_after<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) -> bool {
    let j = r.end;
    let w = r.lower(view, j);
    let us_dollars = (w.as_str() == "us")
        .then(|| view.words_at(j, &["us", "dollars"]))
        .flatten();
    if let Some(e) = us_dollars {
        r.currency = Some("USD");
        r.end = e;
        return true;
    }
    let Some(c) = currency_word(w.as_str()) else {
        return false;
    };
    if view.kind(j) != Some(TokenKind::Word) {
        return false;
    }
    if r.currency.is_none() {
        r.currency = Some(c);
    }
    r.end = j + 1;
    true
}

/// The category rule: an amount with a currency is money.
pub(super) fn money(_: &TokenView, r: &Reading) -> Option<Category> {
    r.currency.map(|_| Category::Money)
}
