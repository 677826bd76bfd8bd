//! [`Iso`]: a date or part of one in ISO 8601, held inline.

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

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (H. Hinnant's
/// `days_from_civil`).
pub(crate) fn day_number(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a [`day_number`].
pub(crate) fn civil(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// The day of the week of a [`day_number`], 0 for Monday.
pub(crate) fn weekday(days: i64) -> i64 {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7)
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

#[cfg(test)]
mod tests {
    use super::Iso;

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

    #[test]
    fn days_and_weekdays() {
        use super::{civil, day_number, weekday};
        assert_eq!(day_number(1970, 1, 1), 0);
        for (y, m, d) in [(2023, 3, 10), (2024, 2, 29), (2000, 12, 31), (1999, 1, 1)] {
            assert_eq!(civil(day_number(y, m, d)), (y, m, d));
        }
        // 2023-03-10 was a Friday (0 is Monday).
        assert_eq!(weekday(day_number(2023, 3, 10)), 4);
    }
}
