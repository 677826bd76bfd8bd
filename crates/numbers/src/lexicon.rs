//! Word lists the number extractor reads. All entries are lower case.

use std::ops::RangeInclusive;

use crate::mention::Qualifier;

/// Defines a word table once: a lookup `fn` that `match`es the words (which compiles to a
/// few comparisons), and a `const` list of the same words, for what needs them all (the
/// start filter of [`crate::start`]).
macro_rules! word_table {
    (
        $(#[$doc:meta])*
        $vis:vis fn $name:ident -> $value_type:ty;
        $list_vis:vis const $list:ident = {
            $($($word:literal)|+ => $value:expr,)+
        }
    ) => {
        $(#[$doc])*
        $vis fn $name(word: &str) -> Option<$value_type> {
            Some(match word {
                $($($word)|+ => $value,)+
                _ => return None,
            })
        }

        #[doc = concat!("Every word that [`", stringify!($name), "`] knows.")]
        $list_vis const $list: &[&str] = &[$($($word,)+)+];
    };
}

word_table! {
    /// Cardinal number words and their values.
    pub fn cardinal -> f64;
    pub(crate) const CARDINALS = {
        "zero" | "nil" | "nought" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "dozen" => 12.0,
    }
}

word_table! {
    /// Multipliers in one word: "threefold", "tenfold", "hundredfold".
    pub fn fold_word -> f64;
    pub(crate) const FOLD_WORDS = {
        "twofold" => 2.0,
        "threefold" => 3.0,
        "fourfold" => 4.0,
        "fivefold" => 5.0,
        "sixfold" => 6.0,
        "sevenfold" => 7.0,
        "eightfold" => 8.0,
        "ninefold" => 9.0,
        "tenfold" => 10.0,
        "twelvefold" => 12.0,
        "fifteenfold" => 15.0,
        "twentyfold" => 20.0,
        "fiftyfold" => 50.0,
        "hundredfold" => 100.0,
        "thousandfold" => 1000.0,
    }
}

/// Words after "N times" that make it a multiplier ("three times more"), not a count of
/// occasions ("arrested three times"); "as" is one when a word of measure follows it (see
/// `recognize::multiplier`).
pub fn is_comparative_after_times(word: &str) -> bool {
    matches!(
        word,
        "more"
            | "higher"
            | "larger"
            | "greater"
            | "bigger"
            | "faster"
            | "lower"
            | "fewer"
            | "less"
            | "smaller"
            | "cheaper"
            | "longer"
            | "stronger"
            | "as"
    )
}

/// A smaller unit that may follow a measure or a length of time in the larger one, and how
/// many of the larger one it is: "5 feet 10 inches", "1 hour 30 minutes", "two years and
/// three months". Units as [`measure_unit`] and [`time_unit`] name them.
pub fn sub_unit(larger: &str, smaller: &str) -> Option<f64> {
    Some(match (larger, smaller) {
        ("ft", "inch") => 1.0 / 12.0,
        ("yard", "ft") => 1.0 / 3.0,
        ("mile", "yard") => 1.0 / 1760.0,
        ("m", "cm") => 0.01,
        ("km", "m") => 0.001,
        ("lb", "oz") => 1.0 / 16.0,
        ("kg", "g") => 0.001,
        ("decade", "year") => 0.1,
        ("year", "month") => 1.0 / 12.0,
        ("week", "day") => 1.0 / 7.0,
        ("day", "hour") => 1.0 / 24.0,
        ("hour", "minute") => 1.0 / 60.0,
        ("minute", "second") => 1.0 / 60.0,
        _ => return None,
    })
}

/// Words that multiply what precedes them.
pub fn magnitude(word: &str) -> Option<f64> {
    Some(match word {
        "hundred" => 1e2,
        "thousand" | "k" => 1e3,
        // South Asian scales: "5 lakh" is 500,000, "2 crore" 20 million.
        "lakh" | "lakhs" | "lac" => 1e5,
        "million" | "m" | "mn" | "mln" => 1e6,
        "crore" | "crores" => 1e7,
        "billion" | "bn" | "bln" | "b" => 1e9,
        "trillion" | "tn" | "trn" => 1e12,
        _ => return None,
    })
}

word_table! {
    /// Ordinal words and their values.
    pub fn ordinal -> f64;
    pub(crate) const ORDINALS = {
        "first" => 1.0,
        "second" => 2.0,
        "third" => 3.0,
        "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        "eleventh" => 11.0,
        "twelfth" => 12.0,
        "thirteenth" => 13.0,
        "fourteenth" => 14.0,
        "fifteenth" => 15.0,
        "sixteenth" => 16.0,
        "seventeenth" => 17.0,
        "eighteenth" => 18.0,
        "nineteenth" => 19.0,
        "twentieth" => 20.0,
        "thirtieth" => 30.0,
        "fortieth" => 40.0,
        "fiftieth" => 50.0,
        "sixtieth" => 60.0,
        "seventieth" => 70.0,
        "eightieth" => 80.0,
        "ninetieth" => 90.0,
        "hundredth" => 100.0,
        "thousandth" => 1000.0,
        "millionth" => 1e6,
    }
}

word_table! {
    /// Plural quantity words that give only a lower bound: "hundreds of victims".
    pub fn vague -> f64;
    pub(crate) const VAGUE_QUANTITIES = {
        "dozens" => 24.0,
        "scores" => 40.0,
        "hundreds" => 200.0,
        "thousands" => 2000.0,
        "millions" => 2e6,
        "billions" => 2e9,
    }
}

word_table! {
    /// Month names (full and abbreviated) and their numbers.
    pub fn month -> u32;
    pub(crate) const MONTHS = {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
    }
}

/// Currency words and symbols, as ISO 4217 codes.
pub fn currency_symbol(token: &str) -> Option<&'static str> {
    Some(match token {
        "$" => "USD",
        "€" => "EUR",
        "£" => "GBP",
        "¥" => "CNY",
        "฿" => "THB",
        "៛" => "KHR",
        "₫" => "VND",
        "₭" => "LAK",
        "₱" => "PHP",
        "₹" => "INR",
        "₩" => "KRW",
        "₽" => "RUB",
        "₺" => "TRY",
        "₪" => "ILS",
        "₦" => "NGN",
        "₴" => "UAH",
        _ => return None,
    })
}

word_table! {
    /// ISO 4217 codes in lower case, and "rmb", as the codes.
    fn currency_code -> &'static str;
    pub(crate) const CURRENCY_CODES = {
        "usd" => "USD",
        "khr" => "KHR",
        "thb" => "THB",
        "cny" | "rmb" => "CNY",
        "eur" => "EUR",
        "vnd" => "VND",
        "jpy" => "JPY",
        "myr" => "MYR",
        "lak" => "LAK",
        "gbp" => "GBP",
        "chf" => "CHF",
        "inr" => "INR",
        "idr" => "IDR",
        "php" => "PHP",
        "krw" => "KRW",
        "sgd" => "SGD",
        "hkd" => "HKD",
        "aud" => "AUD",
        "cad" => "CAD",
        "mmk" => "MMK",
        "twd" => "TWD",
        "nzd" => "NZD",
        "brl" => "BRL",
        "mxn" => "MXN",
        "rub" => "RUB",
        "aed" => "AED",
        "sar" => "SAR",
        "qar" => "QAR",
        "kwd" => "KWD",
        "zar" => "ZAR",
        "sek" => "SEK",
        "nok" => "NOK",
        "dkk" => "DKK",
        "pln" => "PLN",
        "czk" => "CZK",
        "huf" => "HUF",
        "ils" => "ILS",
        "egp" => "EGP",
        "ngn" => "NGN",
        "kes" => "KES",
        "pkr" => "PKR",
        "bdt" => "BDT",
        "lkr" => "LKR",
        "npr" => "NPR",
        "bnd" => "BND",
        "mop" => "MOP",
        "uah" => "UAH",
        "ars" => "ARS",
        "clp" => "CLP",
        "cop" => "COP",
        "pen" => "PEN",
    }
}

word_table! {
    /// Abbreviations written before an amount, capitalized: "Rs 45 crore", "RM50", "Rp
    /// 3,000".
    pub fn currency_abbreviation -> &'static str;
    pub(crate) const CURRENCY_ABBREVIATIONS = {
        "rs" => "INR",
        "rm" => "MYR",
        "rp" => "IDR",
    }
}

/// The currency codes and abbreviations news writes glued to an amount ("USD5,000",
/// "RM500"), with their ISO 4217 codes. A code that is also a common capitalized name with a
/// number ("COP26", "PHP5", "TOP10") is left out.
pub(crate) const GLUED_CURRENCIES: &[(&str, &str)] = &[
    ("RM", "MYR"),
    ("RMB", "CNY"),
    ("USD", "USD"),
    ("KHR", "KHR"),
    ("THB", "THB"),
    ("VND", "VND"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("CNY", "CNY"),
    ("MYR", "MYR"),
    ("SGD", "SGD"),
    ("IDR", "IDR"),
    ("INR", "INR"),
    ("JPY", "JPY"),
    ("AUD", "AUD"),
    ("HKD", "HKD"),
    ("LAK", "LAK"),
    ("MMK", "MMK"),
    ("KRW", "KRW"),
    ("TWD", "TWD"),
    ("NZD", "NZD"),
    ("CHF", "CHF"),
    ("AED", "AED"),
    ("PKR", "PKR"),
    ("LKR", "LKR"),
];

/// A currency code or abbreviation of [`GLUED_CURRENCIES`] written glued to its amount,
/// "USD5,000", "KHR4,000", "RM500", or "Bt500", "Rs5,000": the currency and the byte where
/// the digits start, for a word token of two or three capitals (or "Bt", "Rs") and digits
/// after them, with at most a glued magnitude ("USD2m").
pub fn glued_currency(token: &[u8]) -> Option<(&'static str, usize)> {
    // Thai and South Asian papers' "Bt500" and "Rs5,000", in mixed case.
    let mixed = match token.get(..2) {
        Some(b"Bt") => Some("THB"),
        Some(b"Rs") => Some("INR"),
        _ => None,
    };
    if let Some(iso) = mixed {
        return amount_magnitude(&token[2..]).map(|_| (iso, 2));
    }
    let letters = capitals_then_digits(token, 2..=3)?;
    GLUED_CURRENCIES
        .iter()
        .find(|(code, _)| code.as_bytes() == &token[..letters])
        .map(|&(_, iso)| (iso, letters))
}

/// "$US44.50", "$A50", "$NZ100": the country letters that Australian and Asian news writes
/// glued between a dollar sign and its amount, which say which dollar the sign means. For a
/// word token of one or two capitals and digits only after them: the currency and the byte
/// where the digits start. Only read right after a "$".
pub fn dollar_country(token: &[u8]) -> Option<(&'static str, usize)> {
    let letters = capitals_then_digits(token, 1..=2)?;
    let code = match &token[..letters] {
        b"US" => "USD",
        b"A" | b"AU" => "AUD",
        b"NZ" => "NZD",
        b"HK" => "HKD",
        b"S" => "SGD",
        b"C" => "CAD",
        b"NT" => "TWD",
        _ => return None,
    };
    Some((code, letters))
}

/// For a token of `capitals` ASCII capitals followed by ASCII digits, and at most a
/// glued magnitude after them ("USD5", "A800", "HK2m"), how many capitals it opens with.
fn capitals_then_digits(token: &[u8], capitals: RangeInclusive<usize>) -> Option<usize> {
    let letters = token.iter().take_while(|b| b.is_ascii_uppercase()).count();
    (capitals.contains(&letters) && amount_magnitude(&token[letters..]).is_some())
        .then_some(letters)
}

/// For ASCII digits with at most a glued magnitude after them ("500", "2m", "5bn"): the
/// magnitude's multiplier, 1 for none.
pub fn amount_magnitude(amount: &[u8]) -> Option<f64> {
    let digits = amount.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    magnitude_suffix(&amount[digits..])
}

/// The multiplier of a magnitude written glued after digits in lower case ("2m", "3bn",
/// "10k"); 1 for none.
fn magnitude_suffix(suffix: &[u8]) -> Option<f64> {
    match suffix {
        b"" => Some(1.0),
        b"k" | b"m" | b"mn" | b"bn" | b"b" | b"tn" => magnitude(std::str::from_utf8(suffix).ok()?),
        _ => None,
    }
}

/// Currency names, as ISO 4217 codes.
fn currency_name(word: &str) -> Option<&'static str> {
    Some(match word {
        // "dlrs" is how wire copy writes dollars.
        "dollar" | "dollars" | "dlrs" | "dlr" | "buck" | "bucks" => "USD",
        "riel" | "riels" => "KHR",
        "baht" => "THB",
        "yuan" | "renminbi" => "CNY",
        "euro" | "euros" => "EUR",
        "dong" => "VND",
        "yen" => "JPY",
        "ringgit" => "MYR",
        "kip" => "LAK",
        "sterling" | "quid" => "GBP",
        // Bare "pesos" are Philippine here (the news is about Southeast Asia); "Mexican
        // pesos" are read by [`currency_of_country`].
        "peso" | "pesos" => "PHP",
        "franc" | "francs" => "CHF",
        "rupee" | "rupees" => "INR",
        "rupiah" => "IDR",
        "kyat" | "kyats" => "MMK",
        "rouble" | "roubles" | "ruble" | "rubles" => "RUB",
        "reais" => "BRL",
        "rand" => "ZAR",
        "dirham" | "dirhams" => "AED",
        "riyal" | "riyals" => "SAR",
        "shekel" | "shekels" => "ILS",
        "naira" => "NGN",
        "taka" => "BDT",
        "lira" | "liras" => "TRY",
        "zloty" | "zlotys" => "PLN",
        "hryvnia" | "hryvnias" => "UAH",
        _ => return None,
    })
}

/// Currency names and codes, written before or after the amount.
pub fn currency_word(word: &str) -> Option<&'static str> {
    currency_code(word).or_else(|| currency_name(word))
}

/// A currency after an amount, `lower` being the word `written` in lower case: a name in any
/// case ("500 riel", "Baht"), a code in capitals ("500 BRL"; "48 pen" are pens), or "rmb".
pub fn currency_after_amount(lower: &str, written: &str) -> Option<&'static str> {
    let capitals = || written.bytes().all(|b| b.is_ascii_uppercase());
    currency_name(lower).or_else(|| currency_code(lower).filter(|_| lower == "rmb" || capitals()))
}

/// The currency of the country an adjective names, for a currency name that several
/// countries use: "Swiss francs", "Singapore dollars", "Mexican pesos". Two-word countries
/// are named by their second word ("Hong Kong", "New Zealand").
pub fn currency_of_country(adjective: &str) -> Option<&'static str> {
    Some(match adjective {
        "us" | "american" => "USD",
        "swiss" => "CHF",
        "singapore" | "singaporean" => "SGD",
        "kong" => "HKD",
        "zealand" => "NZD",
        "australian" => "AUD",
        "canadian" => "CAD",
        "taiwan" | "taiwanese" => "TWD",
        "mexican" => "MXN",
        "philippine" => "PHP",
        "indian" => "INR",
        "pakistani" => "PKR",
        "french" => "FRF",
        "cfa" => "XOF",
        "zimbabwe" | "zimbabwean" => "ZWL",
        _ => return None,
    })
}

/// Minor units of money: the currency they belong to when no other is named, and how many
/// make the major unit ("50 cents" is $0.50, "470 pence" £4.70).
pub fn minor_unit(word: &str) -> Option<(&'static str, f64)> {
    Some(match word {
        "cent" | "cents" | "cts" => ("USD", 100.0),
        "pence" | "penny" => ("GBP", 100.0),
        "satang" => ("THB", 100.0),
        "sen" => ("MYR", 100.0),
        _ => return None,
    })
}

/// Fraction denominators in words: "a third", "five-sixths", "three quarters".
pub fn denominator(word: &str) -> Option<f64> {
    Some(match word {
        "half" | "halves" => 2.0,
        "third" | "thirds" => 3.0,
        "quarter" | "quarters" | "fourth" | "fourths" => 4.0,
        "fifth" | "fifths" => 5.0,
        "sixth" | "sixths" => 6.0,
        "seventh" | "sevenths" => 7.0,
        "eighth" | "eighths" => 8.0,
        "ninth" | "ninths" => 9.0,
        "tenth" | "tenths" => 10.0,
        "hundredth" | "hundredths" => 100.0,
        "thousandth" | "thousandths" => 1000.0,
        "millionth" | "millionths" => 1e6,
        _ => return None,
    })
}

/// Words before a length in metres that make a glued "m" metres, not millions: "a
/// height of 5m", "measuring 2.5m".
pub fn is_dimension_word(word: &str) -> bool {
    matches!(
        word,
        "high"
            | "long"
            | "deep"
            | "wide"
            | "tall"
            | "thick"
            | "away"
            | "above"
            | "below"
            | "underground"
            | "underwater"
            | "height"
            | "depth"
            | "length"
            | "width"
            | "altitude"
            | "elevation"
            | "measuring"
            | "measured"
            | "measures"
            | "metre"
            | "meter"
            | "sprint"
            | "hurdles"
            | "freestyle"
            | "relay"
    )
}

/// Time units: a number followed by one of these is a duration (or an age with "old").
pub fn time_unit(word: &str) -> Option<&'static str> {
    Some(match word {
        "second" | "seconds" | "sec" | "secs" => "second",
        "minute" | "minutes" | "min" | "mins" => "minute",
        "hour" | "hours" | "hr" | "hrs" => "hour",
        "day" | "days" => "day",
        "week" | "weeks" => "week",
        "month" | "months" => "month",
        "year" | "years" | "yr" | "yrs" => "year",
        "decade" | "decades" => "decade",
        _ => return None,
    })
}

/// Measurement units that make a number a measure rather than a count.
pub fn measure_unit(word: &str) -> Option<&'static str> {
    Some(match word {
        "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "m" | "metre" | "metres" | "meter" | "meters" => "m",
        "cm" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => "cm",
        "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => "mm",
        "ft" | "foot" | "feet" => "ft",
        "inch" | "inches" => "inch",
        "yard" | "yards" | "yd" | "yds" => "yard",
        "kg" | "kilogram" | "kilograms" | "kilo" | "kilos" => "kg",
        "gram" | "grams" | "gramme" | "grammes" => "g",
        "mg" | "milligram" | "milligrams" => "mg",
        "lb" | "lbs" | "pound" | "pounds" => "lb",
        "oz" | "ounce" | "ounces" => "oz",
        "tonne" | "tonnes" | "ton" | "tons" => "tonne",
        "litre" | "litres" | "liter" | "liters" => "l",
        "ml" | "millilitre" | "millilitres" | "milliliter" | "milliliters" => "ml",
        "gallon" | "gallons" => "gallon",
        "barrel" | "barrels" => "barrel",
        "hectare" | "hectares" | "ha" => "ha",
        "acre" | "acres" => "acre",
        "mile" | "miles" => "mile",
        "mph" => "mph",
        "kph" => "km/h",
        "mw" | "megawatt" | "megawatts" => "MW",
        "kw" | "kilowatt" | "kilowatts" => "kW",
        "gw" | "gigawatt" | "gigawatts" => "GW",
        "kwh" => "kWh",
        "volt" | "volts" => "V",
        "kv" | "kilovolt" | "kilovolts" => "kV",
        "watt" | "watts" => "W",
        "hz" | "hertz" => "Hz",
        "khz" | "kilohertz" => "kHz",
        "mhz" | "megahertz" => "MHz",
        "ghz" | "gigahertz" => "GHz",
        "kb" | "kilobyte" | "kilobytes" => "KB",
        "mb" | "megabyte" | "megabytes" => "MB",
        "gb" | "gigabyte" | "gigabytes" => "GB",
        "tb" | "terabyte" | "terabytes" => "TB",
        "kbps" => "kbps",
        "mbps" => "Mbps",
        "gbps" => "Gbps",
        "square" => "square",
        "degree" | "degrees" => "degree",
        _ => return None,
    })
}

/// Words before a number that make it a label or identifier, not a quantity: "Tier 3",
/// "No. 2", "Article 12", "hotline 1288".
pub fn label_word(word: &str) -> bool {
    matches!(
        word,
        "tier"
            | "no"
            | "nos"
            | "number"
            | "article"
            | "articles"
            | "route"
            | "road"
            | "level"
            | "phase"
            | "category"
            | "grade"
            | "room"
            | "building"
            | "block"
            | "street"
            | "st"
            | "unit"
            | "zone"
            | "section"
            | "chapter"
            | "decree"
            | "prakas"
            | "hotline"
            | "case"
            | "bill"
            | "docket"
            | "file"
            | "verdict"
            | "ruling"
            | "pages"
            | "chapters"
            | "ward"
            | "wards"
            | "android"
            | "ios"
            | "windows"
            | "pin"
            | "dial"
            | "ordinance"
            | "ref"
            | "reference"
            | "fax"
            | "mobile"
            | "whatsapp"
            | "flight"
            | "resolution"
            | "page"
            | "paragraph"
            | "clause"
            | "law"
            | "version"
            | "district"
            | "group"
            | "team"
            | "line"
            | "code"
            | "tel"
            | "phone"
            | "village"
            | "commune"
            | "sangkat"
            | "krom"
            | "borey"
            | "house"
            | "km"
    )
}

/// The qualifiers that end in the word `last`, as (words, qualifier): a number's qualifier is
/// read off the words before it, so they are found by the word right before it, with one
/// comparison for nearly every number.
pub fn qualifiers_ending_in(last: &str) -> &'static [(&'static [&'static str], Qualifier)] {
    use Qualifier::*;
    match last {
        // "no more than 15" is a bound the other way from "more than 15": longest first.
        "than" => &[
            (&["no", "more", "than"], AtMost),
            (&["not", "more", "than"], AtMost),
            (&["no", "fewer", "than"], AtLeast),
            (&["no", "less", "than"], AtLeast),
            (&["not", "less", "than"], AtLeast),
            (&["more", "than"], MoreThan),
            (&["greater", "than"], MoreThan),
            (&["less", "than"], LessThan),
            (&["fewer", "than"], LessThan),
            // Of ages: "younger than 18", "older than 60".
            (&["younger", "than"], LessThan),
            (&["older", "than"], MoreThan),
        ],
        "least" => &[(&["at", "least"], AtLeast)],
        "most" => &[(&["at", "most"], AtMost)],
        "to" => &[(&["up", "to"], AtMost)],
        "as" => &[(&["as", "many", "as"], AtMost)],
        "estimated" => &[
            (&["an", "estimated"], Approximately),
            (&["estimated"], Approximately),
        ],
        "nearly" => &[(&["nearly"], Approximately)],
        "almost" => &[(&["almost"], Approximately)],
        "about" => &[(&["about"], Approximately)],
        "around" => &[(&["around"], Approximately)],
        "approximately" => &[(&["approximately"], Approximately)],
        "approx" => &[(&["approx"], Approximately)],
        "roughly" => &[(&["roughly"], Approximately)],
        "some" => &[(&["some"], Approximately)],
        "over" => &[(&["over"], MoreThan)],
        "above" => &[(&["above"], MoreThan)],
        "under" => &[(&["under"], LessThan)],
        "below" => &[(&["below"], LessThan)],
        "only" => &[(&["only"], Exactly)],
        "just" => &[(&["just"], Exactly)],
        "exactly" => &[(&["exactly"], Exactly)],
        _ => &[],
    }
}

/// Words that end the noun phrase a number counts: function words, auxiliaries, adverbs.
/// (Long only as a list is: one word a line.)
pub fn ends_counted(word: &str) -> bool {
    is_auxiliary_verb(word)
        || matches!(
            word,
            "a" | "an"
                | "the"
                | "of"
                | "in"
                | "at"
                | "on"
                | "from"
                | "to"
                | "into"
                | "onto"
                | "by"
                | "for"
                | "with"
                | "without"
                | "and"
                | "or"
                | "but"
                | "nor"
                | "as"
                | "than"
                | "per"
                | "can"
                | "shall"
                | "who"
                | "whom"
                | "whose"
                | "which"
                | "that"
                | "this"
                | "these"
                | "those"
                | "there"
                | "their"
                | "its"
                | "his"
                | "her"
                | "our"
                | "your"
                | "they"
                | "them"
                | "it"
                | "he"
                | "she"
                | "we"
                | "you"
                | "i"
                | "each"
                | "every"
                | "daily"
                | "weekly"
                | "monthly"
                | "yearly"
                | "annually"
                | "while"
                | "since"
                | "during"
                | "after"
                | "before"
                | "about"
                | "over"
                | "under"
                | "including"
                | "said"
                | "says"
                | "say"
                | "told"
                | "not"
                | "also"
                | "only"
                | "still"
                | "now"
                | "then"
                | "when"
                | "where"
                | "why"
                | "how"
                | "if"
                | "so"
                | "because"
                | "until"
                | "between"
                | "among"
                | "against"
                | "through"
                | "across"
                | "via"
                | "up"
                | "down"
                | "out"
                | "off"
                | "more"
                | "less"
                | "fewer"
                | "most"
                | "least"
                | "all"
                | "both"
                | "either"
                | "neither"
                | "some"
                | "any"
                | "many"
                | "much"
                | "such"
                | "own"
                | "here"
                | "ago"
                | "later"
                | "earlier"
                | "last"
                | "next"
                | "this year"
                | "total"
                | "altogether"
                | "respectively"
                | "remain"
                | "remained"
                | "went"
                | "came"
                | "left"
                | "got"
                | "made"
                | "took"
                | "gave"
                | "saw"
                | "found"
                | "face"
                | "faced"
                | "faces"
                | "according"
                | "like"
                | "unlike"
                | "whereas"
                | "though"
                // Particles and participles after the noun: "sent 27 Cambodians back",
                // "12 women bound for China".
                | "back"
                | "away"
                | "bound"
                // Irregular past forms that are no nouns: "five guards stood by".
                | "stood"
                | "sat"
                | "ran"
                | "became"
                | "began"
                | "broke"
                | "chose"
                | "drew"
                | "fought"
                | "heard"
                | "knew"
                | "led"
                | "meant"
                | "rode"
                | "slept"
                | "spoke"
                | "struck"
                | "taught"
                | "threw"
                | "thought"
                | "understood"
                | "withdrew"
                | "wrote"
        )
}

/// Words that join the two ends of a period: "August to November", "18–20 May".
pub fn is_period_joiner(word: &str) -> bool {
    matches!(word, "to" | "until" | "till" | "through" | "-" | "–" | "—")
}

/// The finite forms of "be" that equate a count with a noun: "121 were women".
pub fn is_finite_be(word: &str) -> bool {
    matches!(word, "were" | "are" | "was" | "is")
}

/// Auxiliary and modal verbs: "were", "have been", "could". They end a counted noun phrase
/// ([`ends_counted`]) and stand between a count and its verb ([`is_verb_group_word`]).
pub fn is_auxiliary_verb(word: &str) -> bool {
    is_finite_be(word)
        || matches!(
            word,
            "be" | "been"
                | "being"
                | "had"
                | "have"
                | "has"
                | "do"
                | "did"
                | "does"
                | "will"
                | "would"
                | "could"
                | "should"
                | "may"
                | "might"
                | "must"
        )
}

/// Words that may stand between a count's noun phrase and its verb: auxiliaries, their
/// negated contractions ("didn" of "didn't"), and adverbs of report and time ("225 victims
/// were reportedly rescued").
pub fn is_verb_group_word(word: &str) -> bool {
    is_auxiliary_verb(word)
        || matches!(
            word,
            "didn"
                | "wasn"
                | "weren"
                | "hasn"
                | "haven"
                | "hadn"
                | "reportedly"
                | "allegedly"
                | "then"
                | "later"
                | "since"
                | "already"
                | "still"
                | "got"
                | "get"
        )
}

/// Words that negate the verb after them: "not", "never", "t" (of "didn't"), "no".
pub fn is_negation(word: &str) -> bool {
    matches!(word, "not" | "never" | "t" | "no")
}

/// Words that open a relative time: "last year", "this month", "in October", "since
/// August".
pub const RELATIVE_TIME_OPENERS: [&str; 9] = [
    "last",
    "this",
    "in",
    "since",
    "during",
    "until",
    "by",
    "yesterday",
    "today",
];

/// The days of the week, from Monday, as `iso::weekday` numbers them; each opens a relative
/// time too ("on Thursday").
pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words that introduce the parts of a count: "153 people, including 18 women".
pub fn is_part_cue(raw: &str) -> bool {
    // The first byte rules out nearly every word before any comparison.
    matches!(
        raw.as_bytes().first(),
        Some(b'i' | b'a' | b'w' | b':' | b'c' | 0xE2)
    ) && matches!(
        raw,
        "including" | "includes" | "included" | "among" | "whom" | ":" | "comprising" | "–" | "—"
    )
}

/// Words that may stand between a verb and its number: "rescued a total of 41", "arrested
/// more than 600", "sentenced to 15".
pub fn is_left_filler(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "total"
            | "of"
            | "another"
            | "some"
            | "least"
            | "most"
            | "more"
            | "than"
            | "nearly"
            | "about"
            | "around"
            | "almost"
            | "only"
            | "just"
            | "over"
            | "up"
            | "to"
            | "at"
            | "all"
            | "these"
            | "those"
            | "approximately"
            | "roughly"
            | "estimated"
            | "additional"
            | "further"
            | "as"
            | "many"
            | "fewer"
            | "less"
            | "under"
            | "exactly"
            | "another's"
            | "$"
            | "us"
            | "usd"
            | "khr"
            | "between"
            | "from"
            | "by"
            | "with"
            | "other"
            | "some-"
            | "least-"
    )
}
