//! Digit strings with thousands separators and decimals, in any script's digits.

/// The value of a digit string such as `1,122`, `60.94`, `1.153.000`, `1.234,5` or `២០២២`.
///
/// Separators are read the way news writes them: commas between groups of three are thousands
/// separators; a single dot is a decimal point unless `dot_groups_thousands` says the context
/// reads it as a thousands separator (see the extractor); several dots, or a dot before a
/// comma, separate thousands. Returns `None` when `s` holds anything but digits and
/// separators.
///
/// ```
/// use tonle_numbers::parse_digits;
/// assert_eq!(parse_digits("1,122", false), Some(1122.0));
/// assert_eq!(parse_digits("18.245", false), Some(18.245));
/// assert_eq!(parse_digits("1.153", true), Some(1153.0));
/// assert_eq!(parse_digits("1.234.567", false), Some(1234567.0));
/// assert_eq!(parse_digits("២០២២", false), Some(2022.0));
/// ```
pub fn parse_digits(s: &str, dot_groups_thousands: bool) -> Option<f64> {
    // Most numbers in news are a few ASCII digits without separators: no copy for those.
    if (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(s.bytes().fold(0u64, |v, b| v * 10 + u64::from(b - b'0')) as f64);
    }
    // One pass finds the separators.
    let (mut commas, mut dots, mut last_comma, mut last_dot) = (0, 0, None, None);
    for (k, b) in s.bytes().enumerate() {
        match b {
            b',' => (commas, last_comma) = (commas + 1, Some(k)),
            b'.' => (dots, last_dot) = (dots + 1, Some(k)),
            _ => {}
        }
    }
    // Which separator, if any, is the decimal mark.
    let decimal = match (commas, dots) {
        (0, 0) => None,
        (_, 0) => {
            let tail = s.len() - last_comma? - 1;
            (commas == 1 && tail != 3).then_some(',')
        }
        (0, 1) => (!dot_groups_thousands || s.len() - last_dot? - 1 != 3).then_some('.'),
        (0, _) => None,
        _ => Some(if last_dot > last_comma { '.' } else { ',' }),
    };
    // The digits as an integer and the count of those after the decimal mark. When both
    // are exact in a double (under 2^53, and at most 22 decimals, so that the power of ten
    // is exact too), one division gives the correctly rounded value, as parsing would.
    let (mut mantissa, mut digits, mut decimals) = (0u64, 0u32, None::<u32>);
    for byte in ascii_digits(s, decimal) {
        let byte = byte?;
        if byte == b'.' {
            if decimals.is_some() {
                return None; // a second decimal mark: "1,234.5.6"
            }
            decimals = Some(0);
            continue;
        }
        mantissa = mantissa
            .saturating_mul(10)
            .saturating_add(u64::from(byte - b'0'));
        digits += 1;
        if let Some(n) = decimals.as_mut() {
            *n += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    let decimals = decimals.unwrap_or(0);
    if mantissa < 1 << 53 && decimals <= 22 {
        return Some(mantissa as f64 / POWERS_OF_TEN[decimals as usize]);
    }
    parse_long(s, decimal)
}

/// The powers of ten that a double holds exactly.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// [`parse_digits`] of a number too long for the exact division: its digits and decimal
/// mark in ASCII, parsed by the standard library.
fn parse_long(s: &str, decimal: Option<char>) -> Option<f64> {
    let ascii: Option<String> = ascii_digits(s, decimal)
        .map(|byte| byte.map(char::from))
        .collect();
    ascii?.parse().ok()
}

/// The digits of `s` in ASCII, and `.` for its `decimal` mark; the other separators left
/// out, and `None` for a character that is neither.
fn ascii_digits(s: &str, decimal: Option<char>) -> impl Iterator<Item = Option<u8>> + '_ {
    s.chars().filter_map(move |c| match c {
        ',' | '.' => (Some(c) == decimal).then_some(Some(b'.')),
        _ => Some(digit_value(c).map(|d| b'0' + d as u8)),
    })
}

/// The value of four digits without separators, Latin or Khmer ("2023", "២០២៣"): the shape
/// of a year.
pub(crate) fn four_digits(s: &str) -> Option<u32> {
    let latin = s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
    // Khmer digits are three bytes each.
    let khmer = s.len() == 12 && s.chars().all(|c| ('០'..='៩').contains(&c));
    (latin || khmer).then(|| s.chars().filter_map(digit_value).fold(0, |v, d| v * 10 + d))
}

/// The value of one decimal digit of any common script.
pub(crate) fn digit_value(c: char) -> Option<u32> {
    if let Some(d) = c.to_digit(10) {
        return Some(d);
    }
    let zero = match c as u32 {
        0x17E0..=0x17E9 => 0x17E0, // Khmer
        0x0E50..=0x0E59 => 0x0E50, // Thai
        0x0ED0..=0x0ED9 => 0x0ED0, // Lao
        0x1040..=0x1049 => 0x1040, // Myanmar
        0x0660..=0x0669 => 0x0660, // Arabic-Indic
        0x06F0..=0x06F9 => 0x06F0, // Extended Arabic-Indic
        0x0966..=0x096F => 0x0966, // Devanagari
        0xFF10..=0xFF19 => 0xFF10, // full width
        _ => return None,
    };
    Some(c as u32 - zero)
}

#[cfg(test)]
mod tests {
    use super::parse_digits;

    /// The division gives the value the standard library's parser gives, to the bit, for
    /// digit strings of every length with and without decimals and thousands separators.
    #[test]
    fn exact_as_the_standard_parser() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..20_000 {
            let whole: String = (0..1 + next(20))
                .map(|_| char::from(b'0' + next(10) as u8))
                .collect();
            let decimals: String = (0..next(25))
                .map(|_| char::from(b'0' + next(10) as u8))
                .collect();
            let plain = if decimals.is_empty() {
                whole.clone()
            } else {
                format!("{whole}.{decimals}")
            };
            let expected: f64 = plain.parse().unwrap();
            assert_eq!(
                parse_digits(&plain, false).map(f64::to_bits),
                Some(expected.to_bits()),
                "{plain}"
            );
            // The same with commas between groups of three.
            let grouped: Vec<String> = whole
                .as_bytes()
                .rchunks(3)
                .rev()
                .map(|g| String::from_utf8(g.to_vec()).unwrap())
                .collect();
            let grouped = match decimals.is_empty() {
                true => grouped.join(","),
                false => format!("{}.{decimals}", grouped.join(",")),
            };
            if grouped.contains(',') {
                assert_eq!(
                    parse_digits(&grouped, false).map(f64::to_bits),
                    Some(expected.to_bits()),
                    "{grouped}"
                );
            }
        }
    }

    #[test]
    fn separators() {
        assert_eq!(parse_digits("5,000", false), Some(5000.0));
        assert_eq!(parse_digits("1,234,567", false), Some(1234567.0));
        assert_eq!(parse_digits("1,5", false), Some(1.5));
        assert_eq!(parse_digits("1,234.56", false), Some(1234.56));
        assert_eq!(parse_digits("1.234,56", false), Some(1234.56));
        assert_eq!(parse_digits("60.94", true), Some(60.94));
        assert_eq!(parse_digits("0", false), Some(0.0));
        assert_eq!(parse_digits("12a", false), None);
        assert_eq!(parse_digits("", false), None);
    }
}
