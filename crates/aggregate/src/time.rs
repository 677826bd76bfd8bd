//! Days and ISO 8601 times, enough to ask whether two periods overlap and which month a day
//! is in. Days are counted from 1970-01-01 (proleptic Gregorian calendar).

/// A day before every day: an open start.
pub const OPEN_START: i32 = i32::MIN;
/// A day after every day: an open end.
pub const OPEN_END: i32 = i32::MAX;

/// Days from 1970-01-01 to the given date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The year and month of a day.
pub fn month_of(days: i32) -> (i32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month)
}

/// `YYYY-MM` of a day.
pub fn month_name(days: i32) -> String {
    let (y, m) = month_of(days);
    format!("{y:04}-{m:02}")
}

/// `YYYY-MM-DD` of a day.
pub fn day_name(days: i32) -> String {
    let (y, m) = month_of(days);
    let d = days - days_from_civil(y, m, 1) + 1;
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, month + 1, 1)
    };
    (next - days_from_civil(year, month, 1)) as u32
}

/// The first and last day an ISO time names: `2022` is the whole year, `2022-09` the month,
/// `2022-09-19` (or `2022-09-19T05:30`) the day. `None` for what has no year (`--11-10`),
/// a week or anything else.
pub fn iso_days(s: &str) -> Option<(i32, i32)> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let year = num(0..4)? as i32;
    if b.len() == 4 {
        return Some((days_from_civil(year, 1, 1), days_from_civil(year, 12, 31)));
    }
    if b.get(4) != Some(&b'-') {
        return None;
    }
    let month = num(5..7).filter(|m| (1..=12).contains(m))?;
    if b.len() == 7 {
        let last = days_in_month(year, month);
        return Some((
            days_from_civil(year, month, 1),
            days_from_civil(year, month, last),
        ));
    }
    if b.get(7) != Some(&b'-') {
        return None;
    }
    let day = num(8..10).filter(|d| (1..=days_in_month(year, month)).contains(d))?;
    let d = days_from_civil(year, month, day);
    Some((d, d))
}

/// Whether two closed day ranges share a day.
pub fn overlap(a: (i32, i32), b: (i32, i32)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_months() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(month_name(days_from_civil(2024, 2, 29)), "2024-02");
        assert_eq!(month_name(days_from_civil(1969, 12, 31)), "1969-12");
    }

    #[test]
    fn iso_times_are_day_ranges() {
        let d = |y, m, day| days_from_civil(y, m, day);
        assert_eq!(iso_days("2022"), Some((d(2022, 1, 1), d(2022, 12, 31))));
        assert_eq!(iso_days("2024-02"), Some((d(2024, 2, 1), d(2024, 2, 29))));
        assert_eq!(
            iso_days("2022-09-19"),
            Some((d(2022, 9, 19), d(2022, 9, 19)))
        );
        assert_eq!(
            iso_days("2022-09-19T05:30"),
            Some((d(2022, 9, 19), d(2022, 9, 19)))
        );
        assert_eq!(iso_days("--11-10"), None);
        assert_eq!(iso_days("2022-13"), None);
        assert_eq!(iso_days("2023-02-30"), None);
        assert_eq!(iso_days(".."), None);
    }
}
