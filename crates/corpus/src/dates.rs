//! The publication date of a document that has no date field: from its URL
//! (`/2022/08/26/`) or its dateline ("PHNOM PENH, Aug. 26, 2022 –").

use crate::parse::Date;

/// Where a document's publication date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateFrom {
    /// The date field of a JSON line ([`Fields::date`](crate::Fields::date)).
    Field,
    /// The page's own metadata (`article:published_time`, `<time datetime>`, JSON-LD), for
    /// documents read from HTML.
    Page,
    /// A date in the URL's path: `/2022/08/26/`, `/2022-08-26-slug`, `20220826`.
    Url,
    /// A dateline at the start of the text: "PHNOM PENH, Aug. 26, 2022 –", "Friday, August
    /// 26, 2022", "Riverside Daily — November 15, 2022".
    Dateline,
    /// The day a WARC record was crawled (`WARC-Date`), when the page, its URL and its text
    /// give no date.
    Crawl,
}

impl DateFrom {
    /// The name records use: `field`, `page`, `url`, `dateline`, `crawl`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateFrom::Field => "field",
            DateFrom::Page => "page",
            DateFrom::Url => "url",
            DateFrom::Dateline => "dateline",
            DateFrom::Crawl => "crawl",
        }
    }
}

impl std::str::FromStr for DateFrom {
    type Err = String;

    fn from_str(s: &str) -> Result<DateFrom, String> {
        Ok(match s {
            "field" => DateFrom::Field,
            "page" => DateFrom::Page,
            "url" => DateFrom::Url,
            "dateline" => DateFrom::Dateline,
            "crawl" => DateFrom::Crawl,
            _ => return Err(format!("unknown date source {s:?}")),
        })
    }
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month a word names: `August`, `Aug`, `Aug.`, `Sept.`.
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let k = MONTHS
        .iter()
        .position(|m| *m == w || (w.len() <= 4 && m.starts_with(&w)))?;
    Some(k as u32 + 1)
}

/// A number of 1 to 4 digits at the start of `s` (with an ordinal suffix: `26th`), and the
/// bytes it took.
fn number(s: &str) -> Option<(u32, usize)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let n = s[..digits].parse().ok()?;
    let suffix = ["st", "nd", "rd", "th"]
        .iter()
        .find(|x| s[digits..].starts_with(*x))
        .map_or(0, |x| x.len());
    Some((n, digits + suffix))
}

/// A date written out at the start of `s`, with its year: "Aug. 26, 2022", "August 26
/// 2022", "26 August 2022", "Friday, August 26, 2022". Returns it and the bytes it took.
pub(crate) fn written_date(s: &str) -> Option<(Date, usize)> {
    let mut at = 0;
    // A weekday first: "Friday, ".
    let first = s.split([',', ' ']).next().unwrap_or("");
    let weekday = first.len() >= 3
        && first.is_ascii()
        && first[first.len() - 3..].eq_ignore_ascii_case("day");
    if weekday {
        at = first.len();
        at += s[at..].len() - s[at..].trim_start_matches([',', ' ']).len();
    }
    let rest = &s[at..];
    let word = rest.split([' ', ',']).next().unwrap_or("");
    let (m, d, after) = if let Some(m) = month(word) {
        // "Aug. 26, 2022"
        let r = rest[word.len()..].trim_start();
        let (d, used) = number(r)?;
        let skipped = rest.len() - r.len() + used;
        (m, d, at + skipped)
    } else {
        // "26 August 2022"
        let (d, used) = number(rest)?;
        let r = rest[used..].trim_start();
        let word = r.split([' ', ',']).next().unwrap_or("");
        let m = month(word)?;
        (m, d, at + rest.len() - r.len() + word.len())
    };
    let r = &s[after..];
    let year_at = r.len() - r.trim_start_matches([',', ' ']).len();
    if year_at == 0 {
        return None;
    }
    let (y, used) = number(&r[year_at..])?;
    if used != 4 {
        return None;
    }
    Some((Date::new(y as i32, m, d)?, after + year_at + used))
}

/// A plausible publication year.
fn year_ok(y: u32) -> bool {
    (1900..=2100).contains(&y)
}

/// The date in a URL's path: `/2022/08/26/`, `/2022-08-26/` or `2022-08-26-slug`, or eight
/// digits `20220826` in one path segment.
pub fn url_date(url: &str) -> Option<Date> {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = after_scheme.split_once('/').map_or("", |(_, p)| p);
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segments: Vec<&str> = path.split('/').collect();
    // "/2022/08/26/"
    for w in segments.windows(3) {
        let n = |s: &str| {
            (s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        if let (Some(y), Some(m), Some(d)) = (n(w[0]), n(w[1]), n(w[2])) {
            if w[0].len() == 4 && year_ok(y) && w[1].len() <= 2 && w[2].len() <= 2 {
                if let Some(date) = Date::new(y as i32, m, d) {
                    return Some(date);
                }
            }
        }
    }
    segments.iter().find_map(|s| segment_date(s))
}

/// `2022-08-26` or `20220826` inside one path segment, not part of a longer number.
fn segment_date(segment: &str) -> Option<Date> {
    let b = segment.as_bytes();
    let digit = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
    for start in 0..b.len() {
        if !digit(start) || (start > 0 && digit(start - 1)) {
            continue;
        }
        let run = (start..b.len()).take_while(|&k| digit(k)).count();
        let field = |from: usize, len: usize| segment[from..from + len].parse::<u32>().ok();
        let date = if run == 4 && b.get(start + 4) == Some(&b'-') && b.len() >= start + 10 {
            // 2022-08-26, not followed by more digits
            let ok = b[start + 7] == b'-'
                && (start + 5..start + 7)
                    .chain(start + 8..start + 10)
                    .all(digit)
                && !digit(start + 10);
            ok.then(|| Some((field(start, 4)?, field(start + 5, 2)?, field(start + 8, 2)?)))
                .flatten()
        } else if run == 8 {
            Some((field(start, 4)?, field(start + 4, 2)?, field(start + 6, 2)?))
        } else {
            None
        };
        if let Some((y, m, d)) = date {
            if year_ok(y) {
                if let Some(date) = Date::new(y as i32, m, d) {
                    return Some(date);
                }
            }
        }
    }
    None
}

/// The date of a dateline in the first lines of `text` (from byte `from`): "PHNOM PENH, Aug.
/// 26, 2022 –", "Friday, August 26, 2022", or a short line that ends in a date after a dash
/// ("Riverside Daily — November 15, 2022"). Only dates with a year count.
pub fn dateline_date(text: &str, from: usize) -> Option<Date> {
    // A dateline opens the text: the first 1,000 bytes hold it, and long paragraphs after it
    // are not scanned for their line ends.
    let head = text.get(from..)?;
    let mut end = head.len().min(DATELINE_BYTES);
    while !head.is_char_boundary(end) {
        end -= 1;
    }
    let mut lines = memchr::memchr_iter(b'\n', &head.as_bytes()[..end])
        .chain(std::iter::once(end))
        .scan(0, |at, line_end| {
            let line = &head[*at..line_end];
            *at = line_end + 1;
            Some(line.trim())
        })
        .filter(|l| !l.is_empty());
    for line in lines.by_ref().take(6) {
        // Every dateline tonle reads has its year in digits within its first 100 bytes (a
        // longer line is read from its start only): lines without are passed over unparsed.
        if !has_four_digits(&line.as_bytes()[..line.len().min(100)]) {
            continue;
        }
        if let Some(d) = line_dateline(line) {
            return Some(d);
        }
    }
    None
}

/// How far into the text a dateline is looked for.
const DATELINE_BYTES: usize = 1000;

/// Whether `bytes` hold four ASCII digits in a row.
fn has_four_digits(bytes: &[u8]) -> bool {
    // Every run of four covers a byte at `i`, `i + 4`, ...: only those are read until one is
    // a digit; most of a line is skipped three bytes at a time.
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = 3;
    while i < bytes.len() {
        if !digit(i) {
            i += 4;
            continue;
        }
        // The byte before `i - 3` is not a digit (or is before the start), so the run that
        // holds `i` starts at or after it.
        let mut start = i;
        while start > i - 3 && digit(start - 1) {
            start -= 1;
        }
        let mut end = i + 1;
        while end < start + 4 && digit(end) {
            end += 1;
        }
        if end == start + 4 {
            return true;
        }
        i = end + 4;
    }
    false
}

fn line_dateline(line: &str) -> Option<Date> {
    // "PHNOM PENH, Aug. 26, 2022 –": a place in capitals, a comma, the date.
    let caps_end = line
        .find(|c: char| !(c.is_uppercase() || c == ' ' || c == '-' || c == '’' || c == '\''))
        .unwrap_or(line.len());
    let rest = match line[caps_end..].strip_prefix(',') {
        Some(r) if caps_end >= 2 => r.trim_start(),
        _ => line,
    };
    if let Some((d, _)) = written_date(rest) {
        return Some(d);
    }
    // "Riverside Daily — November 15, 2022": a short line ending in a date.
    if line.len() <= 100 {
        for sep in [" — ", " – ", " - ", " | "] {
            if let Some((_, tail)) = line.rsplit_once(sep) {
                if let Some((d, used)) = written_date(tail.trim()) {
                    if used == tail.trim().len() {
                        return Some(d);
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(d: Option<Date>) -> Option<String> {
        d.map(|d| d.to_string())
    }

    #[test]
    fn four_digit_runs_are_found_wherever_they_sit() {
        // Every string of up to 9 bytes over {digit, letter}, against a plain scan.
        let naive = |b: &[u8]| b.windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
        for len in 0..=9u32 {
            for bits in 0..1u32 << len {
                let s: Vec<u8> = (0..len)
                    .map(|k| if bits >> k & 1 == 1 { b'7' } else { b'x' })
                    .collect();
                assert_eq!(
                    has_four_digits(&s),
                    naive(&s),
                    "{}",
                    String::from_utf8_lossy(&s)
                );
            }
        }
    }

    #[test]
    fn written_dates() {
        for (s, want) in [
            ("Aug. 26, 2022 – Police said", "2022-08-26"),
            ("August 26, 2022", "2022-08-26"),
            ("Friday, August 26, 2022", "2022-08-26"),
            ("26 August 2022", "2022-08-26"),
            ("Sept. 3 2021", "2021-09-03"),
            ("December 1st, 2023", "2023-12-01"),
        ] {
            assert_eq!(
                iso(written_date(s).map(|x| x.0)).as_deref(),
                Some(want),
                "{s}"
            );
        }
        for s in [
            "Aug. 26",
            "August 2022",
            "May be 12, 2022",
            "Friday",
            "32 May 2022",
            "Mayor 3, 2022",
        ] {
            assert_eq!(written_date(s), None, "{s}");
        }
    }

    #[test]
    fn dates_in_urls() {
        for (url, want) in [
            (
                "https://news.example.org/2022/08/26/sar-kheng-warns/",
                Some("2022-08-26"),
            ),
            (
                "https://example.org/national/2022-08-26/warns",
                Some("2022-08-26"),
            ),
            (
                "https://example.org/a/2022-08-26-warns-provinces",
                Some("2022-08-26"),
            ),
            (
                "https://example.org/news/20220826/warns",
                Some("2022-08-26"),
            ),
            ("https://example.org/2022/8/6/x", Some("2022-08-06")),
            ("https://example.org/news/501234567/warns", None),
            ("https://example.org/2022/08/warns", None),
            ("https://example.org/x?d=2022-08-26", None),
            ("https://20220826.example.org/x", None),
            ("https://example.org/a/120220826/b", None),
            ("https://example.org/a/2022-13-26/b", None),
        ] {
            assert_eq!(iso(url_date(url)).as_deref(), want, "{url}");
        }
    }

    #[test]
    fn datelines() {
        for (text, want) in [
            (
                "PHNOM PENH, Aug. 26, 2022 – Police in the capital",
                Some("2022-08-26"),
            ),
            (
                "Title Here\n\nFriday, August 26, 2022\n\nBody.",
                Some("2022-08-26"),
            ),
            (
                "Floods\nRiverside Daily — November 15, 2022\nBy Chea Malis",
                Some("2022-11-15"),
            ),
            ("SALVADOR, Feb 26 - Showers continued", None),
            (
                "Police said on August 26, 2022 that 12 people were freed.",
                None,
            ),
            ("1\n2\n3\n4\n5\n6\nMonday, May 1, 2023", None),
        ] {
            assert_eq!(iso(dateline_date(text, 0)).as_deref(), want, "{text}");
        }
        assert_eq!("dateline".parse(), Ok(DateFrom::Dateline));
        assert_eq!(DateFrom::Url.as_str(), "url");
    }
}
