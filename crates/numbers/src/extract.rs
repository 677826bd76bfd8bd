//! The number scanner.

use tonle_text::{is_joiner, Gap, Token, TokenKind};

use crate::digits::{digit_value, parse_digits};
use crate::lexicon::*;
use crate::word::{is_word, lower, Lower};

/// What kind of number a mention is. Only `Count` (and `Money`, `Percent`) should be summed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// A quantity of something: "153 people", "hundreds of victims".
    Count,
    /// An amount of money; see `currency`.
    Money,
    /// "60.94 per cent", "95%".
    Percent,
    /// "16th", "third".
    Ordinal,
    /// A calendar date or month: "Dec. 12", "August 18", "November 10, 2022", "July 2023".
    Date,
    /// A year on its own: "in 2022".
    Year,
    /// An age: "15-years-old", "aged 17".
    Age,
    /// A length of time: "four years", "3 min"; see `unit`.
    Duration,
    /// A time of day: "9am", "10:30".
    Time,
    /// A label or identifier, not a quantity: "Tier 3", "No. 2", "Covid-19", hotline numbers.
    Label,
    /// A measurement with a unit other than time or money ("15 km"); see `unit`.
    Measure,
    /// A count per unit of time: "10 complaints daily", "40 a day"; see `unit`.
    Rate,
    /// A share: "half of the victims", "a third", "one in five".
    Fraction,
}

impl Category {
    /// The name used in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Count => "count",
            Category::Money => "money",
            Category::Percent => "percent",
            Category::Ordinal => "ordinal",
            Category::Date => "date",
            Category::Year => "year",
            Category::Age => "age",
            Category::Duration => "duration",
            Category::Time => "time",
            Category::Label => "label",
            Category::Measure => "measure",
            Category::Rate => "rate",
            Category::Fraction => "fraction",
        }
    }
}

/// The parts of a date that the text gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateParts {
    pub year: Option<i32>,
    pub month: u32,
    pub day: Option<u32>,
}

impl DateParts {
    /// ISO 8601: `2022-11-10`, `2022-11` (month only), or `--11-10` (no year).
    pub fn iso(&self) -> Iso {
        Iso::new(self.year, Some(self.month), self.day)
    }
}

/// A date or part of one in ISO 8601 (`2022-11-10`, `2022-11`, `--11-10`, `2021`), held
/// inline rather than on the heap: every number of a sentence shares its sentence's time,
/// so times are copied far more often than made.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Iso {
    buf: [u8; 16],
    len: u8,
}

impl Iso {
    /// `2022-11-10`, `2022-11`, `2022`, `--11-10` or `--11` (a day needs a month). Written
    /// digit by digit: a time is made for every sentence with a number, and the formatting
    /// machinery costs more than the rest of that.
    pub(crate) fn new(year: Option<i32>, month: Option<u32>, day: Option<u32>) -> Iso {
        let usual = year.is_none_or(|y| (0..=9999).contains(&y))
            && month.is_none_or(|m| m < 100)
            && day.is_none_or(|d| d < 100);
        if !usual {
            return Iso::format(year, month, day);
        }
        let mut iso = Iso {
            buf: [0; 16],
            len: 0,
        };
        match year {
            Some(y) => iso.push_digits(4, y as u32),
            None => iso.push(b'-'),
        }
        for part in [month, day].into_iter().flatten() {
            iso.push(b'-');
            iso.push_digits(2, part);
        }
        iso
    }

    /// The open end of a period ("since August 18" in a document without a date): `..`, as
    /// ISO 8601-2 writes it.
    pub const OPEN: Iso = Iso {
        buf: *b"..\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
        len: 2,
    };

    fn push(&mut self, byte: u8) {
        self.buf[self.len as usize] = byte;
        self.len += 1;
    }

    fn push_digits(&mut self, digits: u32, value: u32) {
        for k in (0..digits).rev() {
            self.push(b'0' + (value / 10u32.pow(k) % 10) as u8);
        }
    }

    /// [`Iso::new`] through the formatting machinery, for values out of the usual ranges
    /// (negative or five-digit years), cut at 16 bytes.
    fn format(year: Option<i32>, month: Option<u32>, day: Option<u32>) -> Iso {
        let mut text = match year {
            Some(y) => format!("{y:04}"),
            None => "-".to_string(),
        };
        for part in [month, day].into_iter().flatten() {
            text.push_str(&format!("-{part:02}"));
        }
        let mut len = text.len().min(16);
        while !text.is_char_boundary(len) {
            len -= 1;
        }
        let mut buf = [0u8; 16];
        buf[..len].copy_from_slice(&text.as_bytes()[..len]);
        Iso {
            buf,
            len: len as u8,
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len as usize]).unwrap_or("")
    }
}

impl std::ops::Deref for Iso {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for Iso {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Iso {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl PartialEq<&str> for Iso {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One number expression found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberMention {
    /// Byte offset of the expression ("$4.5 million", "60.94 per cent", "Dec. 12").
    pub start: u32,
    /// Byte offset one past the expression.
    pub end: u32,
    /// Index of the first token of the expression.
    pub first_token: u32,
    /// The value; for ranges the low end, for vague quantities ("hundreds of") the lower
    /// bound, for dates the day of the month (or the year when no day is given).
    pub value: f64,
    /// Both ends of a range ("10-15", "one to three").
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub category: Category,
    /// `approximately`, `more_than`, `less_than`, `at_least`, `at_most` or `exactly`, from the
    /// words before the number.
    pub qualifier: Option<&'static str>,
    /// True for quantities such as "dozens of" or "tens of thousands", whose value is only a
    /// lower bound.
    pub vague: bool,
    pub unit: Option<&'static str>,
    /// ISO 4217 code for money.
    pub currency: Option<&'static str>,
    /// Byte range of the noun phrase a count counts ("trafficking complaints").
    pub counted: Option<(u32, u32)>,
    pub date: Option<DateParts>,
    /// The head noun of `counted` (or of the noun a count is equated with: "of whom 121 were
    /// women"), singular and lower case.
    pub counted_head: Option<String>,
    /// Index (in the same output) of the number this one is a part of: "153 people,
    /// including 18 women". Set by [`crate::link`].
    pub parent: Option<u32>,
    /// `subset` when `parent` is set.
    pub relation: Option<&'static str>,
    /// Lemma of the verb the number is an argument of ("rescue", "arrest"). Set by
    /// [`crate::link`].
    pub event: Option<std::borrow::Cow<'static, str>>,
    /// The event verb is negated ("did not arrest").
    pub negated: bool,
    /// Index of the token after the expression.
    pub end_token: u32,
    /// Index of the token after the counted noun phrase (or after the expression).
    pub phrase_end_token: u32,
}

impl NumberMention {
    pub fn as_str<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }

    /// The counted noun phrase with its internal whitespace collapsed to single spaces.
    pub fn counted_str(&self, text: &str) -> Option<String> {
        self.counted.map(|(a, b)| {
            text[a as usize..b as usize]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
    }
}

/// Finds every number expression in `text` (tokenized into `tokens`), replacing the contents
/// of `out`, in text order.
pub fn extract(text: &str, tokens: &[Token], out: &mut Vec<NumberMention>) {
    out.clear();
    let cx = Cx { text, toks: tokens };
    // Tokens before `resume` belong to an expression already found.
    let mut resume = 0;
    for_each_candidate(text, tokens, |i| {
        if i < resume || !cx.may_start(i) {
            return;
        }
        if let Some((m, next)) = cx.date_at(i).or_else(|| cx.number_at(i)) {
            out.push(m);
            resume = next.max(i + 1);
        }
    });
    cx.carry_years_across_ranges(out);
}

/// Tokens per block of [`quick_starts`].
const BLOCK: usize = 256;

/// Calls `visit` in increasing order (an index may come twice) on every token where a
/// number may start: the tokens that pass [`might_start`], and the short word before a
/// currency sign glued to it ("US$", "HK$"), which the quick filter leaves to the sign.
fn for_each_candidate(text: &str, tokens: &[Token], mut visit: impl FnMut(usize)) {
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

/// Words that can begin a number or a date (see [`is_starter`]).
const STARTER_WORDS: &[&str] = &[
    "zero",
    "nil",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "dozen",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fifteenth",
    "twentieth",
    "thirtieth",
    "hundredth",
    "dozens",
    "scores",
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "tens",
    "january",
    "jan",
    "february",
    "feb",
    "march",
    "mar",
    "april",
    "apr",
    "may",
    "june",
    "jun",
    "july",
    "jul",
    "august",
    "aug",
    "september",
    "sep",
    "sept",
    "october",
    "oct",
    "november",
    "nov",
    "december",
    "dec",
    "usd",
    "khr",
    "thb",
    "cny",
    "rmb",
    "eur",
    "vnd",
    "jpy",
    "myr",
    "lak",
    "gbp",
    "half",
];

/// True for words that can begin a number or a date: number words, ordinals, vague
/// quantities, months, three-letter currency codes. One hash lookup instead of five matches,
/// since this runs on every word of every document.
fn is_starter(word: &str) -> bool {
    static STARTERS: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    let set = STARTERS.get_or_init(|| STARTER_WORDS.iter().copied().collect());
    word.len() <= 10 && set.contains(word)
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
/// capitalized or in capitals; three capitals (a currency code, "USD"); anything starting
/// with a digit, "$", "€", "₫" or another non-ASCII character (digits of other scripts,
/// "£", "฿", "៛"), but not with a quote or dash.
type Shapes = [u32; CLASSES * CLASSES];

fn word_shapes() -> &'static Shapes {
    static SHAPES: std::sync::OnceLock<Box<Shapes>> = std::sync::OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut shapes = Box::new([0u32; CLASSES * CLASSES]);
        let class = |b: u8| BYTE_CLASS[b as usize] as usize;
        for w in STARTER_WORDS.iter().chain(["a", "an"].iter()) {
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
        for first in 27..=52 {
            for second in 27..=52 {
                shapes[first * CLASSES + second] |= 1 << 3;
            }
        }
        shapes
    })
}

/// A test that rejects most tokens before [`Cx::may_start`] looks at them: it accepts every
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

/// A counted noun phrase: its byte span, the index of its head word, the index after it.
struct Phrase {
    span: (u32, u32),
    head: usize,
    end: usize,
}

struct Cx<'a> {
    text: &'a str,
    toks: &'a [Token],
}

/// The number at the heart of an expression, before units and ranges.
#[derive(Clone, Copy)]
struct Core {
    value: f64,
    /// Index of the token after the core.
    end: usize,
    kind: CoreKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CoreKind {
    /// Plain digits; `plain_year` when it is four digits without separators.
    Digits {
        plain_year: bool,
    },
    Words,
    Vague,
    Ordinal,
    Time,
    Fraction,
    /// Digits with a unit glued on: "15km", "3min"; the unit is returned separately.
    Unit(&'static str, bool),
    /// Digits with letters that are not a unit: "4G", "1990s".
    Coded,
}

impl<'a> Cx<'a> {
    fn tok(&self, i: usize) -> Option<&Token> {
        self.toks.get(i)
    }

    fn s(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.as_str(self.text))
    }

    fn lower(&self, i: usize) -> Lower<'a> {
        lower(self.text, self.toks, i)
    }

    /// A cheap test of whether a number or date can start at token `i`, so that the full
    /// parsers run on a few tokens only.
    fn may_start(&self, i: usize) -> bool {
        let t = &self.toks[i];
        // Bytes, not `&str`: slicing a `str` checks char boundaries, and this runs on every
        // token of every document.
        let bytes = &self.text.as_bytes()[t.start as usize..t.end as usize];
        let Some(&first) = bytes.first() else {
            return false;
        };
        match t.kind {
            TokenKind::Number => true,
            TokenKind::Continuous => false,
            // "$" or a non-ASCII sign ("€", "៛"); commas and full stops stop here.
            TokenKind::Punct => {
                (first == b'$' || !first.is_ascii())
                    && currency_symbol(t.as_str(self.text)).is_some()
            }
            TokenKind::Word => {
                // Most words are ASCII letters: settle digits and other scripts on the first byte.
                if first.is_ascii_digit() {
                    return true;
                }
                if !first.is_ascii_alphabetic() {
                    let s = t.as_str(self.text);
                    return !first.is_ascii() && s.chars().next().and_then(digit_value).is_some();
                }
                if bytes.len() <= 2 && self.glued(i + 1) && currency_symbol(self.s(i + 1)).is_some()
                {
                    return true; // "US$", "A$", "HK$"
                }
                if bytes.len() == 3 && bytes.iter().all(|b| b.is_ascii_uppercase()) {
                    return currency_word(&t.as_str(self.text).to_ascii_lowercase()).is_some();
                }
                if !starter_shape(bytes) {
                    return false;
                }
                let w = self.lower(i);
                match w.as_str() {
                    "a" | "an" => {
                        let next = self.lower(i + 1);
                        magnitude(next.as_str()).is_some()
                            || matches!(
                                next.as_str(),
                                "dozen" | "half" | "third" | "quarter" | "fifth"
                            )
                    }
                    w => is_starter(w),
                }
            }
        }
    }

    #[inline]
    fn is(&self, i: usize, word: &str) -> bool {
        is_word(self.text, self.toks, i, word)
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tok(i).map(|t| t.kind)
    }

    fn glued(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.gap == Gap::None)
    }

    fn capitalized(&self, i: usize) -> bool {
        self.s(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Skips a glued hyphen or apostrophe at `i` ("15-years-old" reads as "15 years old").
    fn skip_joiner(&self, i: usize) -> usize {
        if i < self.toks.len() && is_joiner(self.text, self.toks, i) {
            i + 1
        } else {
            i
        }
    }

    /// Matches `words` at `i` (joiners allowed between them); returns the index after them.
    fn words_at(&self, mut i: usize, words: &[&str]) -> Option<usize> {
        for (k, w) in words.iter().enumerate() {
            if k > 0 {
                i = self.skip_joiner(i);
            }
            if !self.is(i, w)
                || self
                    .tok(i)
                    .is_some_and(|t| k > 0 && t.gap == Gap::Paragraph)
            {
                return None;
            }
            i += 1;
        }
        Some(i)
    }

    fn month_at(&self, i: usize) -> Option<(u32, usize)> {
        if self.kind(i) != Some(TokenKind::Word) || !self.capitalized(i) {
            return None;
        }
        let m = month(self.lower(i).as_str())?;
        let full = self.s(i).len() > 3 || self.is(i, "may");
        if self.s(i + 1) == "." && self.glued(i + 1) && !full {
            return Some((m, i + 2)); // "Dec."
        }
        // "Feb 6" in a headline; but a bare "Mar" or "Jan" without a day is more often a name.
        (full || self.day_at(i + 1).is_some()).then_some((m, i + 1))
    }

    fn day_at(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.tok(i)?;
        let s = t.as_str(self.text);
        let digits = match t.kind {
            TokenKind::Number => s,
            TokenKind::Word => s
                .strip_suffix("st")
                .or_else(|| s.strip_suffix("nd"))
                .or_else(|| s.strip_suffix("rd"))
                .or_else(|| s.strip_suffix("th"))?,
            _ => return None,
        };
        if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let d: u32 = digits.parse().ok()?;
        (1..=31).contains(&d).then_some((d, i + 1))
    }

    fn year_at(&self, i: usize) -> Option<(i32, usize)> {
        let t = self.tok(i)?;
        let s = t.as_str(self.text);
        if t.kind != TokenKind::Number || s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let y: i32 = s.parse().ok()?;
        (1800..=2100).contains(&y).then_some((y, i + 1))
    }

    /// A day and month, with the year that may follow at `at` ("November 10, 2022",
    /// "12 December 2022"); returns the parts and the index after them.
    fn optional_year(&self, month: u32, day: u32, at: usize) -> (DateParts, usize) {
        let year_from = if self.s(at) == "," { at + 1 } else { at };
        match self.year_at(year_from) {
            Some((y, e)) => (
                DateParts {
                    year: Some(y),
                    month,
                    day: Some(day),
                },
                e,
            ),
            None => (
                DateParts {
                    year: None,
                    month,
                    day: Some(day),
                },
                at,
            ),
        }
    }

    /// "Dec. 12", "August 18, 2022", "12 December 2022", "July 2023".
    fn date_at(&self, i: usize) -> Option<(NumberMention, usize)> {
        let (parts, end) = if let Some((month, after_month)) = self.month_at(i) {
            match self.day_at(after_month) {
                Some((day, after_day)) => self.optional_year(month, day, after_day),
                None => {
                    let (y, e) = self.year_at(after_month)?;
                    let parts = DateParts {
                        year: Some(y),
                        month,
                        day: None,
                    };
                    (parts, e)
                }
            }
        } else {
            let (day, after_day) = self.day_at(i)?;
            let after_of = self.words_at(after_day, &["of"]).unwrap_or(after_day);
            let (month, after_month) = self.month_at(after_of)?;
            self.optional_year(month, day, after_month)
        };
        let value = parts.day.map(f64::from).or(parts.year.map(f64::from))?;
        Some((
            self.mention(i, end, value, Category::Date).with_date(parts),
            end,
        ))
    }

    fn mention(&self, first: usize, end: usize, value: f64, category: Category) -> NumberMention {
        NumberMention {
            start: self.toks[first].start,
            end: self.toks[end - 1].end,
            first_token: first as u32,
            value,
            low: None,
            high: None,
            category,
            qualifier: None,
            vague: false,
            unit: None,
            currency: None,
            counted: None,
            date: None,
            counted_head: None,
            parent: None,
            relation: None,
            event: None,
            negated: false,
            end_token: end as u32,
            phrase_end_token: end as u32,
        }
    }

    /// A currency sign or code before an amount: "$", "US$", "USD".
    fn currency_prefix(&self, i: usize) -> Option<(&'static str, usize)> {
        let t = self.tok(i)?;
        match t.kind {
            TokenKind::Punct => currency_symbol(self.s(i)).map(|c| (c, i + 1)),
            TokenKind::Word => {
                let w = self.lower(i);
                if matches!(w.as_str(), "us" | "a" | "hk" | "s" | "nz") && self.glued(i + 1) {
                    return currency_symbol(self.s(i + 1)).map(|c| {
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
                let upper = self.s(i).bytes().all(|b| b.is_ascii_uppercase());
                let code = currency_word(w.as_str()).filter(|_| upper && w.as_str().len() == 3)?;
                matches!(self.kind(i + 1), Some(TokenKind::Number)).then_some((code, i + 1))
            }
            _ => None,
        }
    }

    /// The number itself, starting at `i`.
    fn core(&self, i: usize) -> Option<Core> {
        let t = self.tok(i)?;
        match t.kind {
            TokenKind::Number => {
                let s = t.as_str(self.text);
                // "1.153 respondents" groups thousands; "18.245 billion" and "60.94" do not.
                // Only a dot needs the word after to be read.
                let next_is_noun = || {
                    let next = self.lower(i + 1);
                    self.kind(i + 1) == Some(TokenKind::Word)
                        && magnitude(next.as_str()).is_none()
                        && measure_unit(next.as_str()).is_none()
                        && !matches!(next.as_str(), "per" | "percent" | "pct")
                };
                let value = parse_digits(s, s.bytes().any(|b| b == b'.') && next_is_noun())?;
                // "9:30" is a time of day.
                if self.s(i + 1) == ":"
                    && self.glued(i + 1)
                    && self.glued(i + 2)
                    && self.kind(i + 2) == Some(TokenKind::Number)
                {
                    {
                        return Some(Core {
                            value,
                            end: i + 3,
                            kind: CoreKind::Time,
                        });
                    }
                }
                let plain_year = s.len() == 4 && s.chars().all(|c| c.is_ascii_digit());
                Some(Core {
                    value,
                    end: i + 1,
                    kind: CoreKind::Digits { plain_year },
                })
            }
            TokenKind::Word => {
                let s = t.as_str(self.text);
                let first = s.chars().next()?;
                if digit_value(first).is_some() {
                    return self.suffixed(i, s);
                }
                self.number_words(i)
            }
            _ => None,
        }
    }

    /// Digits with letters glued on: "16th", "4bn", "9am", "15km", "1990s".
    fn suffixed(&self, i: usize, s: &str) -> Option<Core> {
        let split = s
            .char_indices()
            .find(|&(_, c)| digit_value(c).is_none() && c != ',' && c != '.')
            .map_or(s.len(), |(k, _)| k);
        let (num, suffix) = s.split_at(split);
        let value = parse_digits(num, false)?;
        let suffix = suffix.to_ascii_lowercase();
        let kind = match suffix.as_str() {
            "st" | "nd" | "rd" | "th" => CoreKind::Ordinal,
            "am" | "pm" | "h" | "hrs" if suffix != "h" || num.len() == 4 => CoreKind::Time,
            _ => {
                if let Some(m) = magnitude(&suffix) {
                    return Some(Core {
                        value: value * m,
                        end: i + 1,
                        kind: CoreKind::Digits { plain_year: false },
                    });
                }
                if let Some(u) = time_unit(&suffix) {
                    CoreKind::Unit(u, true)
                } else if let Some(u) = measure_unit(&suffix) {
                    CoreKind::Unit(u, false)
                } else {
                    CoreKind::Coded
                }
            }
        };
        Some(Core {
            value,
            end: i + 1,
            kind,
        })
    }

    /// "twenty-two", "one hundred and forty", "a dozen", "hundreds", "tens of thousands".
    fn number_words(&self, i: usize) -> Option<Core> {
        let w0 = self.lower(i);
        let w0 = w0.as_str();
        if let Some(core) = self.fraction(i, w0) {
            return Some(core);
        }
        if let Some(v) = ordinal(w0) {
            return Some(Core {
                value: v,
                end: i + 1,
                kind: CoreKind::Ordinal,
            });
        }
        if let Some(base) = vague(w0).or((w0 == "tens").then_some(20.0)) {
            // "tens of thousands", "hundreds of thousands": lower bound times the scale.
            if let Some(after_of) = self.words_at(i + 1, &["of"]) {
                let scale = match self.lower(after_of).as_str() {
                    "hundreds" => Some(1e2),
                    "thousands" => Some(1e3),
                    "millions" => Some(1e6),
                    "billions" => Some(1e9),
                    _ => None,
                };
                if let Some(scale) = scale {
                    return Some(Core {
                        value: base * scale,
                        end: after_of + 1,
                        kind: CoreKind::Vague,
                    });
                }
            }
            return (w0 != "tens").then_some(Core {
                value: base,
                end: i + 1,
                kind: CoreKind::Vague,
            });
        }
        let mut total = 0.0f64;
        let mut current = 0.0f64;
        let mut any = false;
        let mut k = i;
        let mut end = i;
        loop {
            let w = self.lower(k);
            let w = w.as_str();
            if k > i && self.tok(k).is_some_and(|t| t.gap == Gap::Paragraph) {
                break;
            }
            if (w == "a" || w == "an") && k == i {
                let next = self.lower(k + 1);
                if matches!(
                    next.as_str(),
                    "dozen" | "hundred" | "thousand" | "million" | "billion"
                ) {
                    current = 1.0;
                    k += 1;
                    continue;
                }
                return None;
            }
            if w == "dozen" {
                current = current.max(1.0) * 12.0;
                any = true;
            } else if let Some(v) = cardinal(w) {
                if any && current % 10.0 != 0.0 && v < 10.0 {
                    break; // "three two" is two numbers
                }
                current += v;
                any = true;
            } else if w == "hundred" && (any || current == 1.0) {
                current = current.max(1.0) * 100.0;
                any = true;
            } else if let Some(m) = magnitude(w).filter(|&m| m >= 1e3 && w.len() > 2) {
                if !any && current == 0.0 {
                    break;
                }
                total += current.max(1.0) * m;
                current = 0.0;
                any = true;
            } else if any
                && cardinal(self.lower(k + 1).as_str()).is_some()
                && ((w == "and" && current >= 100.0) || is_joiner(self.text, self.toks, k))
            {
                // "one hundred and forty", "twenty-two"
                k += 1;
                continue;
            } else {
                break;
            }
            k += 1;
            end = k;
        }
        if !any {
            return None;
        }
        let value = total + current;
        // "one in five"
        if value >= 1.0 && self.is(end, "in") {
            if let Some(d) = cardinal(self.lower(end + 1).as_str()).filter(|&d| d > value) {
                return Some(Core {
                    value: value / d,
                    end: end + 2,
                    kind: CoreKind::Fraction,
                });
            }
        }
        // A lone "one" is usually a pronoun ("one of them", "one day"): keep it only before
        // a noun it could count.
        if value == 1.0 && end == i + 1 {
            let next = self.lower(i + 1);
            let n = next.as_str();
            let countable = self.kind(i + 1) == Some(TokenKind::Word)
                && !ends_counted(n)
                && !matches!(
                    n,
                    "day"
                        | "time"
                        | "way"
                        | "thing"
                        | "another"
                        | "side"
                        | "hand"
                        | "point"
                        | "another's"
                );
            let range = matches!(n, "to" | "or") && cardinal(self.lower(i + 2).as_str()).is_some();
            if !countable && !range {
                return None;
            }
        }
        Some(Core {
            value,
            end,
            kind: CoreKind::Words,
        })
    }

    /// "half", "a third", "two-thirds", "three quarters".
    fn fraction(&self, i: usize, w0: &str) -> Option<Core> {
        if w0 == "half" {
            return Some(Core {
                value: 0.5,
                end: i + 1,
                kind: CoreKind::Fraction,
            });
        }
        let numerator = match w0 {
            "a" | "an" | "one" => 1.0,
            _ => cardinal(w0).filter(|&n| n < 10.0)?,
        };
        let k = self.skip_joiner(i + 1);
        let denominator = match self.lower(k).as_str() {
            "half" | "halves" => 2.0,
            "third" | "thirds" => 3.0,
            "quarter" | "quarters" => 4.0,
            "fifth" | "fifths" => 5.0,
            "tenth" | "tenths" => 10.0,
            _ => return None,
        };
        Some(Core {
            value: numerator / denominator,
            end: k + 1,
            kind: CoreKind::Fraction,
        })
    }

    /// "am", "pm", "a.m.", "p.m." at `j`: the index after it.
    fn am_pm(&self, j: usize) -> Option<usize> {
        if self.is(j, "am") || self.is(j, "pm") {
            return Some(j + 1);
        }
        let dotted = (self.is(j, "a") || self.is(j, "p"))
            && self.s(j + 1) == "."
            && self.glued(j + 1)
            && self.is(j + 2, "m")
            && self.glued(j + 2);
        dotted.then(|| if self.s(j + 3) == "." { j + 4 } else { j + 3 })
    }

    fn qualifier_before(&self, i: usize) -> Option<&'static str> {
        let previous = self.lower(i.checked_sub(1)?);
        for (words, name) in qualifiers_ending_in(previous.as_str()) {
            if words.len() > i {
                continue;
            }
            let from = i - words.len();
            if words.iter().enumerate().all(|(k, w)| self.is(from + k, w)) {
                return Some(name);
            }
        }
        None
    }

    fn is_label_context(&self, first: usize) -> bool {
        if first == 0 {
            return false;
        }
        let mut prev = first - 1;
        if self.s(prev) == "." && prev > 0 && self.glued(prev) {
            prev -= 1; // "No. 2"
        }
        if self.s(prev) == ":" && prev > 0 {
            prev -= 1; // "Hotline: 1288"
        }
        let word = self.lower(prev);
        if self.kind(prev) == Some(TokenKind::Word) && label_word(word.as_str()) {
            return true;
        }
        // "Covid-19", "MH-17": a code glued to a word by a hyphen.
        is_joiner(self.text, self.toks, first - 1)
            && first >= 2
            && self.kind(first - 2) == Some(TokenKind::Word)
            && cardinal(self.lower(first - 2).as_str()).is_none()
    }

    /// A complete number expression at `i`.
    fn number_at(&self, i: usize) -> Option<(NumberMention, usize)> {
        let (mut currency, core_at) = match self.currency_prefix(i) {
            Some((c, next)) => (Some(c), next),
            None => (None, i),
        };
        let core = self.core(core_at)?;
        let mut value = core.value;
        let mut j = core.end;
        let mut unit: Option<&'static str> = None;
        let mut category: Option<Category> = match core.kind {
            CoreKind::Ordinal => Some(Category::Ordinal),
            CoreKind::Time => Some(Category::Time),
            CoreKind::Coded => Some(Category::Label),
            CoreKind::Fraction => Some(Category::Fraction),
            CoreKind::Unit(u, is_time) => {
                unit = Some(u);
                Some(if is_time {
                    Category::Duration
                } else {
                    Category::Measure
                })
            }
            _ => None,
        };
        // "3,000-odd Indonesians"
        let mut odd = false;
        if self.is(self.skip_joiner(j), "odd") && matches!(core.kind, CoreKind::Digits { .. }) {
            j = self.skip_joiner(j) + 1;
            odd = true;
        }
        let mut magnitude_word = false;
        if category.is_none() && !matches!(core.kind, CoreKind::Vague) {
            let w = self.lower(j);
            if let Some(m) = magnitude(w.as_str()).filter(|_| self.kind(j) == Some(TokenKind::Word))
            {
                // "m" alone is a unit of length unless money: "$4m" is glued and handled above.
                if w.as_str().len() > 1 || currency.is_some() {
                    value *= m;
                    j += 1;
                    magnitude_word = true;
                }
            }
        }
        // Ranges: "10-15", "one to three", "15 to 17-years-old", "between 10 and 15".
        let mut low_high = None;
        if category.is_none() || category == Some(Category::Ordinal) {
            let between = core_at > 0 && self.is(core_at - 1, "between");
            let is_sep = matches!(self.s(j), "-" | "–" | "—")
                || self.is(j, "to")
                || (between && self.is(j, "and"));
            let sep_end = is_sep.then_some(j + 1);
            if let Some(after_sep) = sep_end {
                let after_sep = if currency.is_some() && self.currency_prefix(after_sep).is_some() {
                    self.currency_prefix(after_sep).map_or(after_sep, |c| c.1)
                } else {
                    after_sep
                };
                if let Some(c2) = self.core(after_sep).filter(|c2| {
                    matches!(c2.kind, CoreKind::Digits { .. } | CoreKind::Words)
                        == matches!(core.kind, CoreKind::Digits { .. } | CoreKind::Words)
                        && (c2.kind == CoreKind::Ordinal) == (core.kind == CoreKind::Ordinal)
                }) {
                    let mut high = c2.value;
                    let mut low = value;
                    let mut end = c2.end;
                    let w = self.lower(end);
                    if let Some(m) = magnitude(w.as_str()).filter(|_| w.as_str().len() > 1) {
                        // "1-2 million": the magnitude applies to both ends.
                        high *= m;
                        if !magnitude_word {
                            low *= m;
                        }
                        end += 1;
                    } else if magnitude_word {
                        high *= value / core.value;
                    }
                    // "in 2005 to 5.5 million tonnes" is not a range: a year only ranges
                    // with a year.
                    let year = |c: &Core| matches!(c.kind, CoreKind::Digits { plain_year: true });
                    let years_match = year(&core) == year(&c2) || magnitude_word;
                    if high >= low && years_match {
                        value = low;
                        low_high = Some((low, high));
                        j = end;
                    }
                }
            }
        }
        if category.is_none() {
            let w = self.lower(j);
            let w = w.as_str();
            if self.s(j) == "%" {
                category = Some(Category::Percent);
                j += 1;
            } else if let Some(e) = self.words_at(j, &["per", "cent"]) {
                category = Some(Category::Percent);
                j = e;
            } else if let Some(e) = self
                .words_at(j, &["percentage", "points"])
                .or(self.words_at(j, &["percentage", "point"]))
            {
                category = Some(Category::Percent);
                unit = Some("percentage_point");
                j = e;
            } else if matches!(w, "percent" | "pct") {
                category = Some(Category::Percent);
                j += 1;
            } else if let Some(e) = self.words_at(j, &["us", "dollars"]) {
                currency = Some("USD");
                j = e;
            } else if let Some(c) =
                currency_word(w).filter(|_| self.kind(j) == Some(TokenKind::Word))
            {
                if currency.is_none() {
                    currency = Some(c);
                }
                j += 1;
            } else if let Some(u) = time_unit(self.lower(self.skip_joiner(j)).as_str()) {
                let unit_at = self.skip_joiner(j);
                let after = self.skip_joiner(unit_at + 1);
                if u == "year" && self.is(after, "old") {
                    category = Some(Category::Age);
                    j = after + 1;
                } else {
                    category = Some(Category::Duration);
                    unit = Some(u);
                    j = unit_at + 1;
                }
            } else if let Some(u) =
                measure_unit(w).filter(|_| self.kind(j) == Some(TokenKind::Word))
            {
                category = Some(Category::Measure);
                unit = Some(u);
                j += 1;
            } else if let Some(after) = self
                .am_pm(j)
                .filter(|_| matches!(core.kind, CoreKind::Digits { .. }) && core.value <= 12.0)
            {
                category = Some(Category::Time);
                j = after;
            }
        }
        if currency.is_some() && category.is_none() {
            category = Some(Category::Money);
        }
        if category.is_none()
            && core_at > 0
            && (self.is(core_at - 1, "aged") || self.is(core_at - 1, "age"))
        {
            category = Some(Category::Age);
        }
        let first = i;
        if category.is_none() && self.is_label_context(first) {
            category = Some(Category::Label);
        }
        if category.is_none() {
            if let CoreKind::Digits { plain_year: true } = core.kind {
                let (y, _) = self.year_at(core_at).unwrap_or((0, 0));
                if y != 0 && !magnitude_word {
                    category = Some(Category::Year);
                }
            }
            if let CoreKind::Digits { .. } = core.kind {
                // Long digit strings are phone numbers or identifiers.
                let s = self.s(core_at);
                if s.len() >= 7 && s.bytes().all(|b| b.is_ascii_digit()) {
                    category = Some(Category::Label);
                }
            }
        }
        let category = category.unwrap_or(Category::Count);
        let mut m = self.mention(first, j, low_high.map_or(value, |(l, _)| l), category);
        m.currency = currency.filter(|_| category == Category::Money);
        m.unit = unit;
        m.vague = core.kind == CoreKind::Vague;
        if let Some((l, h)) = low_high {
            m.low = Some(l);
            m.high = Some(h);
        }
        let qualifier_at = if core_at > 0 && self.is(core_at - 1, "between") {
            core_at - 1
        } else {
            first
        };
        if !matches!(
            category,
            Category::Year | Category::Date | Category::Ordinal | Category::Label
        ) {
            m.qualifier = self.qualifier_before(qualifier_at);
            if odd {
                m.qualifier = Some("approximately");
            }
        }
        if matches!(category, Category::Count | Category::Fraction) {
            let mut from = if m.vague || category == Category::Fraction {
                self.words_at(j, &["of"]).unwrap_or(j)
            } else {
                j
            };
            if category == Category::Fraction && from > j {
                while matches!(self.lower(from).as_str(), "the" | "all" | "these" | "those") {
                    from += 1;
                }
            }
            let phrase = self.counted(from).or_else(|| {
                // "Four of the case locations were closed"
                let from = self
                    .of_determiner(j)
                    .filter(|_| category == Category::Count)?;
                // Not a possessive ("nine of the council's members" counts members, which
                // the phrase would miss) nor an initial ("two of the U.S. ...").
                let phrase = self.counted(from)?;
                let words = &self.text[phrase.span.0 as usize..phrase.span.1 as usize];
                let possessive = words.contains(['\'', '’']);
                (!possessive && self.s(phrase.head).len() > 1).then_some(phrase)
            });
            if let Some(phrase) = phrase {
                m.counted = Some(phrase.span);
                m.counted_head = Some(crate::lemma::singular(self.s(phrase.head)));
                m.phrase_end_token = phrase.end as u32;
            } else if let Some((noun, after)) = self.equated_noun(j) {
                // "of whom 121 were women"
                m.counted_head = Some(crate::lemma::singular(self.s(noun)));
                m.phrase_end_token = after as u32;
            }
            if category == Category::Count {
                if let Some((unit, after)) = self.rate_at(m.phrase_end_token as usize) {
                    m.category = Category::Rate;
                    m.unit = Some(unit);
                    m.phrase_end_token = after as u32;
                }
            }
        }
        Some((m, j))
    }

    /// The noun phrase after a count: up to four words, ending before a function word, verb
    /// form or punctuation ("300 trafficking complaints filed" → "trafficking complaints").
    fn counted(&self, from: usize) -> Option<Phrase> {
        let (head, end) = self.noun_run(from, 4)?;
        let mut phrase = Phrase {
            span: (self.toks[from].start, self.toks[head].end),
            head,
            end,
        };
        // "suspects of three nationalities", "cases of sexual exploitation"
        if self.is(end, "of")
            && !matches!(
                self.lower(end + 1).as_str(),
                "the"
                    | "them"
                    | "whom"
                    | "which"
                    | "these"
                    | "those"
                    | "their"
                    | "its"
                    | "his"
                    | "her"
                    | "our"
                    | "a"
                    | "an"
                    | "all"
                    | "us"
                    | "it"
            )
        {
            let of_from = if cardinal(self.lower(end + 1).as_str()).is_some()
                || self.kind(end + 1) == Some(TokenKind::Number)
            {
                end + 2
            } else {
                end + 1
            };
            if let Some((last, after)) = self.noun_run(of_from, 3) {
                phrase.span.1 = self.toks[last].end;
                phrase.end = after;
            }
        }
        Some(phrase)
    }

    /// "(four) of the case locations": the index of the word after "of" and a determiner,
    /// when it is a word and not a number ("three of the 17 suspects" is a part of a count,
    /// which [`crate::link`] relates).
    fn of_determiner(&self, j: usize) -> Option<usize> {
        let k = self.words_at(j, &["of"])?;
        if !matches!(
            self.lower(k).as_str(),
            "the" | "these" | "those" | "its" | "their"
        ) {
            return None;
        }
        let next = self.lower(k + 1);
        let word = self.kind(k + 1) == Some(TokenKind::Word)
            && cardinal(next.as_str()).is_none()
            && magnitude(next.as_str()).is_none();
        word.then_some(k + 1)
    }

    /// "121 were women": the noun a count is equated with, and the index after it.
    fn equated_noun(&self, j: usize) -> Option<(usize, usize)> {
        if !matches!(self.lower(j).as_str(), "were" | "are" | "was" | "is") {
            return None;
        }
        let (head, end) = self.noun_run(j + 1, 2)?;
        (head == end - 1).then_some((head, end))
    }

    /// "daily", "a day", "per week", "each month": the unit and the index after it.
    fn rate_at(&self, k: usize) -> Option<(&'static str, usize)> {
        let w = self.lower(k);
        let single = match w.as_str() {
            "daily" => Some("day"),
            "weekly" => Some("week"),
            "monthly" => Some("month"),
            "hourly" => Some("hour"),
            "annually" | "yearly" => Some("year"),
            _ => None,
        };
        if let Some(u) = single {
            return Some((u, k + 1));
        }
        if matches!(w.as_str(), "a" | "an" | "per" | "each" | "every") {
            let u = match self.lower(k + 1).as_str() {
                "day" => "day",
                "week" => "week",
                "month" => "month",
                "hour" => "hour",
                "year" => "year",
                _ => return None,
            };
            return Some((u, k + 2));
        }
        None
    }

    /// A run of up to `max` noun-phrase words from `from`: the index of its last word and
    /// the index after it.
    fn noun_run(&self, from: usize, max: usize) -> Option<(usize, usize)> {
        let mut last = None;
        let mut k = from;
        let mut words = 0;
        while k < self.toks.len() && words < max {
            let t = &self.toks[k];
            if t.gap == Gap::Paragraph || (t.gap == Gap::Newline && words == 0) {
                break;
            }
            if t.kind != TokenKind::Word {
                if last.is_some() && is_joiner(self.text, self.toks, k) {
                    k += 1;
                    continue;
                }
                break;
            }
            let w = self.lower(k);
            let w = w.as_str();
            if w.is_empty() || ends_counted(w) || cardinal(w).is_some() || magnitude(w).is_some() {
                break;
            }
            if self.month_at(k).is_some() {
                break;
            }
            if w.len() > 4 && w.ends_with("ly") {
                break;
            }
            // "1.3 million Cambodians work", "200 nationals held": a verb ends the phrase
            // (but "human trafficking victims" keeps its -ing modifier).
            if words > 0 && !w.ends_with("ing") && crate::lemma::is_verb(w) {
                break;
            }
            if words > 0
                && w.len() > 4
                && w.ends_with("ing")
                && !is_joiner(self.text, self.toks, k - 1)
            {
                break; // "12 provinces asking": the phrase ended before the verb
            }
            if w.len() > 3 && w.ends_with("ed") {
                // "suspected traffickers" is a noun phrase; "complaints filed" ends at "filed".
                let next = self.lower(self.skip_joiner(k + 1));
                let adjective = words == 0
                    && self.kind(k + 1) == Some(TokenKind::Word)
                    && !ends_counted(next.as_str())
                    && !next.as_str().ends_with("ed")
                    && !next.as_str().is_empty();
                if !adjective {
                    break;
                }
            }
            last = Some(k);
            words += 1;
            k += 1;
        }
        last.map(|l| (l, l + 1))
    }

    /// "from August 18 to November 10, 2022": the first date takes the year of the second.
    fn carry_years_across_ranges(&self, out: &mut [NumberMention]) {
        for k in (0..out.len().saturating_sub(1)).rev() {
            let (a, b) = (&out[k], &out[k + 1]);
            let (Some(da), Some(db)) = (a.date, b.date) else {
                continue;
            };
            if da.year.is_some() || db.year.is_none() {
                continue;
            }
            let between = self.text[a.end as usize..b.start as usize].trim();
            let joined = between == "and" || is_period_joiner(between);
            if joined && da.month <= db.month {
                let year = db.year;
                out[k].date = Some(DateParts { year, ..da });
            }
        }
    }
}

impl NumberMention {
    fn with_date(mut self, date: DateParts) -> Self {
        self.date = Some(date);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The candidates must include every token the full start test accepts, or numbers
    /// would be lost: tried on every starter word in three casings, on currency forms and
    /// on news-like text with random words and signs glued together.
    #[test]
    fn the_candidates_include_every_possible_start() {
        let mut texts: Vec<String> = STARTER_WORDS
            .iter()
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
                "a dozen, an eighth, a half, a third of them, A quarter, An hundred, a million",
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
            let cx = Cx {
                text,
                toks: &tokens,
            };
            let mut visited = vec![false; tokens.len()];
            for_each_candidate(text, &tokens, |i| visited[i] = true);
            for (i, t) in tokens.iter().enumerate() {
                if cx.may_start(i) {
                    assert!(visited[i], "{:?} in {text:?}", t.as_str(text));
                }
            }
        }
    }

    /// Digit by digit as the formatting machinery would write it, in the usual ranges and
    /// out of them.
    #[test]
    fn iso_dates_are_written_as_format_writes_them() {
        for year in [
            None,
            Some(0),
            Some(7),
            Some(2022),
            Some(9999),
            Some(10000),
            Some(-5),
        ] {
            for month in [None, Some(1), Some(11), Some(123)] {
                for day in [None, Some(9), Some(31)] {
                    if month.is_none() && day.is_some() {
                        continue;
                    }
                    let mut expected = year.map_or("-".to_string(), |y| format!("{y:04}"));
                    for part in [month, day].into_iter().flatten() {
                        expected.push_str(&format!("-{part:02}"));
                    }
                    assert_eq!(Iso::new(year, month, day).as_str(), expected);
                }
            }
        }
        assert_eq!(Iso::new(None, Some(8), Some(18)).as_str(), "--08-18");
        assert_eq!(Iso::new(Some(2022), None, None).as_str(), "2022");
    }

    fn numbers(text: &str) -> Vec<NumberMention> {
        let mut tokens = Vec::new();
        tonle_text::tokenize(text, &mut tokens);
        let mut out = Vec::new();
        extract(text, &tokens, &mut out);
        out
    }

    /// (surface, value, category, counted)
    fn brief(text: &str) -> Vec<(String, f64, &'static str, Option<String>)> {
        numbers(text)
            .iter()
            .map(|m| {
                (
                    m.as_str(text).to_string(),
                    m.value,
                    m.category.as_str(),
                    m.counted_str(text),
                )
            })
            .collect()
    }

    fn one(text: &str) -> NumberMention {
        let all = numbers(text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.into_iter().next().unwrap()
    }

    #[test]
    fn counts_with_what_they_count() {
        assert_eq!(
            brief(
                "Officers received 300 trafficking complaints and found 5,000 workers at the site."
            ),
            vec![
                (
                    "300".into(),
                    300.0,
                    "count",
                    Some("trafficking complaints".into())
                ),
                ("5,000".into(), 5000.0, "count", Some("workers".into()))
            ]
        );
        assert_eq!(
            one("some 22 suspected traffickers fled")
                .counted_str("some 22 suspected traffickers fled")
                .as_deref(),
            Some("suspected traffickers")
        );
        let t = "the unit logged 368 human-trafficking complaints filed online";
        assert_eq!(
            one(t).counted_str(t).as_deref(),
            Some("human-trafficking complaints")
        );
    }

    #[test]
    fn qualifiers_and_ranges() {
        let m = one("nearly 900 foreigners");
        assert_eq!((m.value, m.qualifier), (900.0, Some("approximately")));
        let m = one("More than 600 complaints");
        assert_eq!(m.qualifier, Some("more_than"));
        // A bound the other way round.
        let m = one("no more than 15 foreign staff");
        assert_eq!(m.qualifier, Some("at_most"));
        let m = one("No fewer than 40 workers");
        assert_eq!(m.qualifier, Some("at_least"));
        let t = "now only one to three complaints a day";
        let m = one(t);
        assert_eq!(
            (m.as_str(t), m.low, m.high, m.qualifier),
            ("one to three", Some(1.0), Some(3.0), Some("exactly"))
        );
        let t = "between 30 and 50 workers";
        let m = one(t);
        assert_eq!(
            (m.as_str(t), m.low, m.high),
            ("30 and 50", Some(30.0), Some(50.0))
        );
        let m = one("a 10-15 minute walk");
        assert_eq!(
            (m.low, m.high, m.category),
            (Some(10.0), Some(15.0), Category::Duration)
        );
    }

    #[test]
    fn counts_of_a_named_group() {
        let n = brief("Four of the case locations were closed, and three of the 17 suspects fled.");
        assert_eq!(n[0].3.as_deref(), Some("case locations"));
        // A part of a count is left to the linker, which relates it to its whole.
        assert_eq!(n[1].3, None);
        let n = brief("Nine of the council's members voted.");
        assert_eq!(n[0].3, None);
    }

    #[test]
    fn number_words() {
        assert_eq!(one("twenty-two suspects").value, 22.0);
        assert_eq!(one("one hundred and forty people").value, 140.0);
        assert_eq!(one("a dozen raids").value, 12.0);
        assert_eq!(one("ten officers").value, 10.0);
        let m = one("dozens of victims");
        assert_eq!((m.value, m.vague), (24.0, true));
        let t = "tens of thousands of workers";
        let m = one(t);
        assert_eq!(
            (m.value, m.vague, m.counted_str(t).as_deref()),
            (20000.0, true, Some("workers"))
        );
        assert!(numbers("One day it will be discovered, one of them said").is_empty());
    }

    #[test]
    fn money_and_percent() {
        let t = "cost more than $4 billion and US$300 and USD 1,500 and 1.2 million riel";
        let all = numbers(t);
        let got: Vec<_> = all
            .iter()
            .map(|m| (m.as_str(t), m.value, m.currency))
            .collect();
        assert_eq!(
            got,
            [
                ("$4 billion", 4e9, Some("USD")),
                ("US$300", 300.0, Some("USD")),
                ("USD 1,500", 1500.0, Some("USD")),
                ("1.2 million riel", 1.2e6, Some("KHR"))
            ]
        );
        let m = one("imports of $18.245 billion");
        assert_eq!(m.value, 18.245e9);
        assert_eq!(one("60.94 per cent").category, Category::Percent);
        assert_eq!(one("95%").value, 95.0);
        assert_eq!(one("rose 11.99 percent").value, 11.99);
    }

    #[test]
    fn dates_years_ordinals_ages_labels() {
        let t = "On Dec. 12, the 16th meeting in 2022 heard that 124 of them were under 15-years-old, aged 17, Tier 3, Covid-19, hotline 1288.";
        let got: Vec<_> = numbers(t)
            .iter()
            .map(|m| (m.as_str(t).to_string(), m.category.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("Dec. 12".to_string(), "date"),
                ("16th".into(), "ordinal"),
                ("2022".into(), "year"),
                ("124".into(), "count"),
                ("15-years-old".into(), "age"),
                ("17".into(), "age"),
                ("3".into(), "label"),
                ("19".into(), "label"),
                ("1288".into(), "label"),
            ]
        );
    }

    #[test]
    fn date_ranges_share_the_year() {
        let t = "from August 18 to November 10, 2022, and 12 December";
        let all = numbers(t);
        let iso: Vec<_> = all.iter().map(|m| m.date.unwrap().iso()).collect();
        assert_eq!(iso, ["2022-08-18", "2022-11-10", "--12-12"]);
        assert_eq!(one("in July 2023").date.unwrap().iso().as_str(), "2023-07");
    }

    #[test]
    fn thousands_dot_and_khmer_digits() {
        assert_eq!(one("asking 1.153 respondents").value, 1153.0);
        assert_eq!(one("៣៦១ នាក់").value, 361.0);
        assert_eq!(one("at 9am").category, Category::Time);
        assert_eq!(one("3 min read").category, Category::Duration);
        assert_eq!(one("starting Feb 6").category, Category::Date);
        let t = "in 12 other provinces asking";
        assert_eq!(one(t).counted_str(t).as_deref(), Some("other provinces"));
        assert_eq!(numbers("up 12 per cent over 2021")[1].qualifier, None);
    }
}
