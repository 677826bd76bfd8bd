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
    let (commas, dots) = (s.matches(',').count(), s.matches('.').count());
    let last_comma = s.rfind(',');
    let last_dot = s.rfind('.');
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
    // The ASCII digits and decimal point, on the stack when they fit.
    let mut stack = [0u8; 64];
    let mut heap = Vec::new();
    let mut len = 0;
    for c in s.chars() {
        let byte = if c == ',' || c == '.' {
            if Some(c) != decimal {
                continue;
            }
            b'.'
        } else {
            b'0' + digit_value(c)? as u8
        };
        if len < stack.len() {
            stack[len] = byte;
        } else {
            if heap.is_empty() {
                heap.extend_from_slice(&stack);
            }
            heap.push(byte);
        }
        len += 1;
    }
    let digits = if heap.is_empty() {
        &stack[..len]
    } else {
        &heap[..]
    };
    if digits.is_empty() || digits == b"." {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
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
