//! Money: the currency sign or code before an amount ("$", "US$", "HK$", "USD 1,500",
//! "USD5,000"), the
//! currency word after it ("1.2 million riel", "300 US dollars"), and the category rule that
//! an amount with a currency is money.

use tonle_text::TokenKind;

use crate::lexicon::{
    currency_abbreviation, currency_after_amount, currency_of_country, currency_symbol,
    currency_word, glued_currency,
};

use super::cents::and_cents;
use crate::mention::Category;
use crate::tokens::TokenView;

use super::{CoreKind, Reading};

/// A currency sign or code before an amount at `i`: its ISO 4217 code and the index after it.
pub(super) fn currency_prefix(view: &TokenView, i: usize) -> Option<(&'static str, usize)> {
    let t = view.tok(i)?;
    match t.kind {
        // "฿" lies in the Thai block, whose runs are single tokens.
        TokenKind::Punct | TokenKind::Continuous => currency_symbol(view.s(i)).map(|c| (c, i + 1)),
        TokenKind::Word => {
            // "USD5,000", "RM500": the code and the amount in one token, the amount its core.
            if let Some((code, _)) = glued_currency(view.s(i).as_bytes()) {
                return Some((code, i));
            }
            let w = view.lower(i);
            if matches!(
                w.as_str(),
                "us" | "a" | "au" | "hk" | "s" | "nz" | "c" | "ca" | "r" | "mx" | "nt"
            ) && view.glued(i + 1)
            {
                return currency_symbol(view.s(i + 1)).map(|c| {
                    let code = match w.as_str() {
                        "a" | "au" => "AUD",
                        "hk" => "HKD",
                        "s" => "SGD",
                        "nz" => "NZD",
                        "c" | "ca" => "CAD",
                        "r" => "BRL",
                        "mx" => "MXN",
                        "nt" => "TWD",
                        _ => c,
                    };
                    (code, i + 2)
                });
            }
            // "Rs 45 crore", "Rs. 500", "RM 50": capitalized abbreviations.
            if let Some(code) = currency_abbreviation(w.as_str()).filter(|_| view.capitalized(i)) {
                let at = if view.s(i + 1) == "." { i + 2 } else { i + 1 };
                return (view.kind(at) == Some(TokenKind::Number)).then_some((code, at));
            }
            // Codes before amounts are written in capitals: "USD 1,500", "KHR 4,000".
            let upper = view.s(i).bytes().all(|b| b.is_ascii_uppercase());
            let code = currency_word(w.as_str()).filter(|_| upper && w.as_str().len() == 3)?;
            matches!(view.kind(i + 1), Some(TokenKind::Number)).then_some((code, i + 1))
        }
        _ => None,
    }
}

/// A unit after the amount: "riel", "baht", "US dollars", "Swiss francs", a sign ("10
/// €"), and cents after dollars ("3 dollars 50 cents"). A currency sign before it wins
/// ("$300 dollars" stays USD).
pub(super) fn currency_after<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) -> bool {
    let j = r.end;
    let (code, end) = match view.kind(j) {
        Some(TokenKind::Punct | TokenKind::Continuous) => match sign_after(view, j) {
            Some(c) => (c, j + 1),
            None => return false,
        },
        Some(TokenKind::Word) => match named(view, r, j) {
            Some(found) => found,
            None => return false,
        },
        _ => return false,
    };
    if r.currency.is_none() {
        r.currency = Some(code);
    }
    r.end = end;
    and_cents(view, r);
    true
}

/// A currency sign after an amount ("10 €", "100 ₭"), unless it is glued to the amount
/// after it ("10 $20").
fn sign_after(view: &TokenView, j: usize) -> Option<&'static str> {
    let next_amount = view.glued(j + 1) && view.kind(j + 1) == Some(TokenKind::Number);
    currency_symbol(view.s(j)).filter(|_| !next_amount)
}

/// A currency named in words at `j`: "riel", "US dollars", "Swiss francs", "Hong Kong
/// dollars", "won" after a magnitude: its code and the index after it.
fn named<'a>(view: &TokenView<'a>, r: &mut Reading<'a>, j: usize) -> Option<(&'static str, usize)> {
    let w = r.lower(view, j);
    if let Some(c) = currency_after_amount(w.as_str(), view.s(j)) {
        return Some((c, j + 1));
    }
    if matches!(w.as_str(), "pound" | "pounds") {
        return pounds_sterling(view, r, j);
    }
    // "millions of dollars", "hundreds of thousands of riel".
    if w.as_str() == "of" && r.core.kind == CoreKind::Vague {
        let k = j + 1;
        let lower = view.lower(k);
        let code = match lower.as_str() {
            "pounds" => Some("GBP"),
            l => currency_after_amount(l, view.s(k)),
        }?;
        return Some((code, k + 1));
    }
    // "200 billion won": "won" is a verb more often than a currency.
    if w.as_str() == "won" && r.magnitude_word {
        return Some(("KRW", j + 1));
    }
    // "U.S. dollars", "N.Z. dlrs", "H.K. dollars": the country's initials, dotted.
    if let Some(initials) = view.dotted_pair(j) {
        let code = match &initials {
            b"us" => "USD",
            b"nz" => "NZD",
            b"hk" => "HKD",
            _ => return None,
        };
        return currency_word(view.lower(j + 4).as_str()).map(|_| (code, j + 5));
    }
    // "Hong Kong dollars", "New Zealand dollars": the country's second word decides.
    let adjective = if matches!(w.as_str(), "hong" | "new") {
        j + 1
    } else {
        j
    };
    let name = currency_word(view.lower(adjective + 1).as_str())?;
    // "Swiss francs" is the Swiss currency; "Cambodian riel" the riel.
    let code = currency_of_country(view.lower(adjective).as_str()).or_else(|| {
        (view.capitalized(adjective) && view.s(adjective).len() >= 4).then_some(name)
    })?;
    Some((code, adjective + 2))
}

/// "30 pounds", "5 million pounds", "pounds sterling": money, unless the pounds weigh: "10
/// pounds of heroin", "weighed 150 pounds", "lost 20 pounds" (then [`super::measure`]
/// reads them as `lb`).
fn pounds_sterling(view: &TokenView, r: &Reading, j: usize) -> Option<(&'static str, usize)> {
    if view.is(j + 1, "sterling") {
        return Some(("GBP", j + 2));
    }
    let of_after = view.is(j + 1, "of");
    let weighed = view.any_before(r.first, 3, |w| {
        matches!(
            w,
            "weigh"
                | "weighs"
                | "weighed"
                | "weighing"
                | "weight"
                | "lost"
                | "lose"
                | "losing"
                | "gained"
                | "gain"
                | "shed"
                | "lifted"
                | "lifting"
        )
    });
    (!of_after && !weighed).then_some(("GBP", j + 1))
}

/// The category rule: an amount with a currency is money.
pub(super) fn money(_: &TokenView, r: &Reading) -> Option<Category> {
    r.currency.map(|_| Category::Money)
}
