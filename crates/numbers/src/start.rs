//! Where a number may start: [`may_start`], the test a token must pass before any
//! recognizer reads it, and [`for_each_candidate`], the quick filter that keeps most tokens
//! from even that test.

use tonle_text::{Gap, Token, TokenKind};

use crate::digits::digit_value;
use crate::lexicon::{
    currency_symbol, currency_word, denominator, glued_currency, magnitude, CARDINALS,
    CURRENCY_ABBREVIATIONS, CURRENCY_CODES, FOLD_WORDS, GLUED_CURRENCIES, MONTHS, ORDINALS,
    VAGUE_QUANTITIES,
};
use crate::tokens::TokenView;

/// Tokens per block of [`quick_starts`].
const BLOCK: usize = 256;

/// Calls `visit` in increasing order (an index may come twice) on every token where a
/// number may start: the tokens that pass [`might_start`], and the short word before a
/// currency sign glued to it ("US$", "HK$"), which the quick filter leaves to the sign.
pub(crate) fn for_each_candidate(text: &str, tokens: &[Token], mut visit: impl FnMut(usize)) {
    let mut candidates = [0u32; BLOCK];
    for (b, block) in tokens.chunks(BLOCK).enumerate() {
        let found = quick_starts(text.as_bytes(), block, (b * BLOCK) as u32, &mut candidates);
        for &i in &candidates[..found] {
            let i = i as usize;
            if let Some(word) = i.checked_sub(1).filter(|&w| glued_to_sign(text, tokens, w)) {
                visit(word);
            }
            visit(i);
        }
    }
}

/// True when token `w` is a word of one or two letters with a currency sign glued after it.
fn glued_to_sign(text: &str, tokens: &[Token], w: usize) -> bool {
    let (Some(word), Some(sign)) = (tokens.get(w), tokens.get(w + 1)) else {
        return false;
    };
    sign.kind == TokenKind::Punct
        && sign.gap == Gap::None
        && word.kind == TokenKind::Word
        && word.end - word.start <= 2
        && text.as_bytes()[word.start as usize].is_ascii_alphabetic()
        && currency_symbol(sign.as_str(text)).is_some()
}

/// Writes to `out` the indices (`first` + position) of the tokens of `block` that pass
/// [`might_start`], and returns how many. A loop of its own without a branch: it writes
/// every index and advances only on a pass, so the one token in ten that passes costs no
/// misprediction, and the parsers' code does not crowd its registers.
#[inline(never)]
fn quick_starts(text: &[u8], block: &[Token], first: u32, out: &mut [u32; BLOCK]) -> usize {
    let shapes = word_shapes();
    let mut found = 0;
    for (k, t) in block.iter().enumerate() {
        out[found.min(BLOCK - 1)] = first + k as u32;
        found += might_start(text, t, shapes) as usize;
    }
    found
}

/// The word lists whose words can begin a number or a date (see [`is_starter`]), besides
/// "tens" ("tens of thousands"), "half" and "twice" ("twice as many").
const STARTER_LISTS: &[&[&str]] = &[
    CARDINALS,
    ORDINALS,
    VAGUE_QUANTITIES,
    &["tens", "half", "twice"],
    MONTHS,
    CURRENCY_CODES,
    CURRENCY_ABBREVIATIONS,
    FOLD_WORDS,
];

/// Words that can begin a number or a date: number words, ordinals, vague quantities,
/// months, three-letter currency codes.
fn starter_words() -> impl Iterator<Item = &'static str> {
    STARTER_LISTS.iter().flat_map(|list| list.iter().copied())
}

/// True for words that can begin a number or a date: number words, ordinals, vague
/// quantities, months, three-letter currency codes. One hash lookup instead of five matches,
/// since this runs on every word of every document.
fn is_starter(word: &str) -> bool {
    static STARTERS: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    let set = STARTERS.get_or_init(|| starter_words().collect());
    word.len() <= 12 && set.contains(word)
}

/// What [`might_start`] knows of a byte: `0` other ASCII, `1..=26` a lower-case letter,
/// `27..=52` a capital, `53` a digit, `54` another byte of a non-ASCII character, and the
/// bytes of currency signs that the filter must tell apart from punctuation: `55` the lead
/// byte E2 (of "€", "₫", but also of the quotes and dashes that fill news text), `56` the
/// byte 82 (second byte of "€" and "₫"), `57` "$".
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' => b as u8 - b'a' + 1,
            b'A'..=b'Z' => b as u8 - b'A' + 27,
            b'0'..=b'9' => 53,
            b'$' => 57,
            0xE2 => 55,
            0x82 => 56,
            0x80.. => 54,
            _ => 0,
        };
        b += 1;
    }
    table
};
const CLASSES: usize = 58;

/// For each class of a token's first two bytes ([`BYTE_CLASS`]; the second byte is the one
/// after the token when it has only one), a bit per token length in bytes (`1 << len`), set
/// when a token of that shape may start a number: the starter words in lower case,
/// capitalized or in capitals; capitals (a currency code, "USD", or one with its amount glued
/// on, "RM500"); anything starting with a digit, "$", "€", "₫" or another non-ASCII
/// character (digits of other scripts, "£", "฿", "៛"), but not with a quote or dash.
type Shapes = [u32; CLASSES * CLASSES];

fn word_shapes() -> &'static Shapes {
    static SHAPES: std::sync::OnceLock<Box<Shapes>> = std::sync::OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut shapes = Box::new([0u32; CLASSES * CLASSES]);
        let class = |b: u8| BYTE_CLASS[b as usize] as usize;
        for w in starter_words().chain(["a", "an"]) {
            if currency_word(w).is_some() {
                continue;
            }
            let mut capitalized = w.to_string();
            capitalized[..1].make_ascii_uppercase();
            for w in [w.to_string(), capitalized, w.to_ascii_uppercase()] {
                let row = class(w.as_bytes()[0]) * CLASSES;
                match w.as_bytes().get(1) {
                    Some(&second) => shapes[row + class(second)] |= 1 << w.len(),
                    // A one-letter word: any byte may follow it.
                    None => shapes[row..row + CLASSES]
                        .iter_mut()
                        .for_each(|s| *s |= 1 << 1),
                }
            }
        }
        for first in [53, 54, 57] {
            shapes[first * CLASSES..(first + 1) * CLASSES].fill(u32::MAX);
        }
        shapes[55 * CLASSES + 56] = u32::MAX;
        // Three capitals: a currency code, "USD".
        for first in 27..=52 {
            for second in 27..=52 {
                shapes[first * CLASSES + second] |= 1 << 3;
            }
        }
        // A code with its amount glued on, "RM500", "USD5,000", "Bt500": up to 16 bytes.
        for code in GLUED_CURRENCIES
            .iter()
            .map(|(code, _)| *code)
            .chain(["Bt", "Rs"])
        {
            let b = code.as_bytes();
            shapes[class(b[0]) * CLASSES + class(b[1])] |= ((1 << 17) - 1) & !((1 << b.len()) - 1);
        }
        shapes
    })
}

/// A test that rejects most tokens before [`may_start`] looks at them: it accepts every
/// token `may_start` accepts but the short words of "US$" and "HK$", and few others. One
/// table lookup, without a branch, because this runs on every token and the branches of a
/// step-by-step test cannot be predicted (word kinds, lengths and letters alternate at
/// random). Punctuation that is not a sign, and words that are not starters, fall in rows
/// or columns of the table left empty.
#[inline(always)]
fn might_start(text: &[u8], t: &Token, shapes: &Shapes) -> bool {
    let start = t.start as usize;
    let len = (t.end.wrapping_sub(t.start) as usize).min(31);
    let byte = |k: usize| text.get(k).copied().unwrap_or(0);
    let (b0, b1) = (byte(start), byte(start + 1));
    let shape =
        shapes[BYTE_CLASS[b0 as usize] as usize * CLASSES + BYTE_CLASS[b1 as usize] as usize];
    (shape >> len) & 1 == 1
}

/// A quick test on the first two letters and the length that rejects most words before
/// any lowercase copy or set lookup ("the", "and", "for" never start a number), in any case.
/// It reads the lower-case rows of [`word_shapes`], which hold the starter words only:
/// currency codes count only in capitals, which `may_start` tests separately.
fn starter_shape(word: &[u8]) -> bool {
    let lower_class = |k: usize| {
        word.get(k)
            .map_or(0, |&b| BYTE_CLASS[b.to_ascii_lowercase() as usize] as usize)
    };
    let (first, second) = (lower_class(0), lower_class(1));
    word.len() < 32
        && (1..=26).contains(&first)
        && second <= 26
        && word_shapes()[first * CLASSES + second] & (1 << word.len()) != 0
}

/// A cheap test of whether a number or date can start at token `i`, so that the
/// recognizers run on a few tokens only.
pub(crate) fn may_start(words: &TokenView, i: usize) -> bool {
    let t = &words.toks[i];
    // Bytes, not `&str`: slicing a `str` checks char boundaries, and this runs on every
    // token of every document.
    let bytes = &words.text.as_bytes()[t.start as usize..t.end as usize];
    let Some(&first) = bytes.first() else {
        return false;
    };
    match t.kind {
        TokenKind::Number => !continues_a_word(words, i),
        // "฿" lies in the Thai block, whose runs are single tokens.
        TokenKind::Continuous => {
            bytes.len() == 3 && currency_symbol(t.as_str(words.text)).is_some()
        }
        // "$" or a non-ASCII sign ("€", "៛"); commas and full stops stop here.
        TokenKind::Punct => {
            (first == b'$' || !first.is_ascii()) && currency_symbol(t.as_str(words.text)).is_some()
        }
        TokenKind::Word => {
            // Most words are ASCII letters: settle digits and other scripts on the first byte.
            if first.is_ascii_digit() {
                return true;
            }
            if !first.is_ascii_alphabetic() {
                let s = t.as_str(words.text);
                return !first.is_ascii() && s.chars().next().and_then(digit_value).is_some();
            }
            if bytes.len() <= 2 && words.glued(i + 1) && currency_symbol(words.s(i + 1)).is_some() {
                return true; // "US$", "A$", "HK$"
            }
            if glued_currency(bytes).is_some() {
                return true; // "USD5,000", "RM500"
            }
            if bytes.len() == 3 && bytes.iter().all(|b| b.is_ascii_uppercase()) {
                return currency_word(&t.as_str(words.text).to_ascii_lowercase()).is_some();
            }
            if !starter_shape(bytes) {
                return false;
            }
            let w = words.lower(i);
            match w.as_str() {
                "a" | "an" => {
                    let next = words.lower(i + 1);
                    magnitude(next.as_str()).is_some()
                        || matches!(next.as_str(), "dozen" | "couple" | "pair")
                        || denominator(next.as_str()).is_some()
                }
                w => is_starter(w),
            }
        }
    }
}

/// True when number token `i` is the digit group after a separator glued to a word that
/// ends in a digit, "MH17,000", "PM2.5": the rest of a number the word began, whose value is
/// unknown, not a number of its own ("000" read as a count of 0). A version's minor number
/// ("v4.2") is read with it as a label, and stays.
fn continues_a_word(words: &TokenView, i: usize) -> bool {
    let (Some(sep), Some(word)) = (i.checked_sub(1), i.checked_sub(2)) else {
        return false;
    };
    // Asked of every number token: the glued separator turns away nearly all first.
    if !(words.glued(i) && words.glued(sep) && matches!(words.s(sep), "," | ".")) {
        return false;
    }
    let before = &words.toks[word];
    let bytes = &words.text.as_bytes()[before.start as usize..before.end as usize];
    let version =
        matches!(bytes.first(), Some(b'v' | b'V')) && bytes[1..].iter().all(u8::is_ascii_digit);
    before.kind == TokenKind::Word && bytes.last().is_some_and(u8::is_ascii_digit) && !version
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The candidates must include every token the full start test accepts, or numbers
    /// would be lost: tried on every starter word in three casings, on currency forms and
    /// on news-like text with random words and signs glued together.
    #[test]
    fn the_candidates_include_every_possible_start() {
        let mut texts: Vec<String> = starter_words()
            .flat_map(|w| {
                let mut capitalized = w.to_string();
                capitalized[..1].make_ascii_uppercase();
                [
                    format!("{w} 5"),
                    format!("{capitalized} 12, 2022"),
                    format!("{} 4", w.to_ascii_uppercase()),
                ]
            })
            .collect();
        texts.extend(
            [
                "US$4 million, HK$30, A$5, S$7, NZ$2, USD 1,500, KHR 4,000, €20, £5, ¥9, ฿80, ៛4000, ₫7",
                "USD5,000, KHR4,000, RM500, RMB3.5, USD1234567890123, THB20",
                "a dozen, an eighth, a half, a third of them, A quarter, An hundred, a million",
                "a sixth, a tenth, Rs 45, RM 50, Rp. 3,000, 10 ฿, ฿800, 100 ₭, ₱500, ₹2,000, ₩1",
                "“quoted” — ’tis ‘so’ … Phnom Penh ១២៣ នាក់, 1.153 respondents, 9:30am, 16th, 4bn",
            ]
            .map(String::from),
        );
        // Random words from a news-like vocabulary, seeded for a repeatable test.
        let words = [
            "the", "Three", "THIRD", "may", "May", "US", "$", "€", "’", "-", "15", "a", "An",
            "dozens", "of", "USD", "khr", "Jan.", "Sept", "half", "hundreds", "x", "“", "៛",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(words[(seed % words.len() as u64) as usize]);
                if seed & 0x100 != 0 {
                    text.push(' ');
                }
            }
            texts.push(text);
        }
        for text in &texts {
            let mut tokens = Vec::new();
            tonle_text::tokenize(text, &mut tokens);
            let view = TokenView {
                text,
                toks: &tokens,
            };
            let mut visited = vec![false; tokens.len()];
            for_each_candidate(text, &tokens, |i| visited[i] = true);
            for (i, t) in tokens.iter().enumerate() {
                if may_start(&view, i) {
                    assert!(visited[i], "{:?} in {text:?}", t.as_str(text));
                }
            }
        }
    }
}
