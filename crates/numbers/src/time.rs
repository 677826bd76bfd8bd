//! When a number's sentence says it happened ([`times`]): dates, periods, years and
//! relative times ("last year", "in October") resolved against the publication date
//! ([`DocDate`]; the reader of a document parses it, `tonle_corpus::Date`).

use tonle_text::{sentence_of, Token, TokenKind};

use crate::iso::{civil, day_number, weekday, Iso};
use crate::lexicon::{is_period_joiner, RELATIVE_TIME_OPENERS, WEEKDAYS};
use crate::mention::{Category, NumberMention};
use crate::tokens::TokenView;

/// A publication date: year, month, day.
pub type DocDate = (i32, u32, u32);

/// When a number's sentence says it happened, in ISO 8601: a point (`2022-08-18`, `2022-10`,
/// `2021`, `--10` when no year can be known) or, when `end` is set, a period from `start` to
/// `end` ("from August 18 to November 10, 2022").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Time {
    pub start: Iso,
    pub end: Option<Iso>,
}

impl Time {
    fn point(start: Iso) -> Time {
        Time { start, end: None }
    }
}

/// The time each number's sentence speaks of, as far as the text allows: a period ("from
/// August 18 to November 10, 2022", "from August to November", "between 2019 and 2021",
/// "between ... August and October"), else the first date or year of the sentence, else "last
/// year", "this month", "in October" resolved against the publication date. A date without a
/// year takes the publication year (the year before, if its month is later than the
/// publication month); "yesterday" and "on Thursday" (the last Thursday up to the
/// publication day) count back from the publication date.
/// Returns one entry per number.
///
/// ```
/// let text = "From August 18 to November 10, 2022, authorities found 871 foreigners.";
/// let mut tokens = Vec::new();
/// tonle_text::tokenize(text, &mut tokens);
/// let mut sentences = Vec::new();
/// tonle_text::split_sentences(text, &tokens, &mut sentences);
/// let mut numbers = Vec::new();
/// tonle_numbers::extract(text, &tokens, &mut numbers);
/// let times = tonle_numbers::times(text, &tokens, &sentences, &numbers, None);
/// let time = times[2].unwrap(); // 871
/// assert_eq!((time.start.as_str(), time.end.as_deref()), ("2022-08-18", Some("2022-11-10")));
/// ```
pub fn times(
    text: &str,
    tokens: &[Token],
    sentences: &[u32],
    numbers: &[NumberMention],
    published: Option<DocDate>,
) -> Vec<Option<Time>> {
    let reader = TimeReader {
        view: TokenView { text, toks: tokens },
    };
    let year_for = |month: u32| published.map(|(y, m, _)| if month > m { y - 1 } else { y });
    let iso = |d: crate::DateParts| {
        let year = d.year.or_else(|| year_for(d.month));
        crate::DateParts { year, ..d }.iso()
    };
    let mut result = Vec::with_capacity(numbers.len());
    // Numbers come in text order, so each sentence's numbers are one run, and what the
    // sentence says about time is found once for the run.
    let mut k = 0;
    while k < numbers.len() {
        let s = sentence_of(sentences, numbers[k].first_token);
        let next_sentence = sentences.get(s + 1).map_or(u32::MAX, |&e| e);
        let run_end = k + numbers[k..]
            .iter()
            .take_while(|n| n.first_token < next_sentence)
            .count();
        let run = &numbers[k..run_end];
        let start = sentences[s] as usize;
        let end = sentences.get(s + 1).map_or(tokens.len(), |&e| e as usize);
        // A period between two dates: "from August 18 to November 10, 2022".
        let mut time = run.windows(2).find_map(|pair| {
            let (a, b) = (pair[0].date?, pair[1].date?);
            reader
                .joins_period(&pair[0], &pair[1], start)
                .then(|| Time {
                    start: iso(a),
                    end: Some(iso(b)),
                })
        });
        if time.is_none() {
            // The first date of the sentence, else its first year; "between 2019 and 2021"
            // reads as one range of years.
            let date = run
                .iter()
                .find_map(|n| n.date.map(|d| (Time::point(iso(d)), n)));
            let stated = date.or_else(|| {
                let n = run.iter().find(|n| n.category == Category::Year)?;
                let time = match (n.low, n.high) {
                    (Some(low), Some(high)) if high > low => Time {
                        start: Iso::new(Some(low as i32), None, None),
                        end: Some(Iso::new(Some(high as i32), None, None)),
                    },
                    _ => Time::point(Iso::new(Some(n.value as i32), None, None)),
                };
                Some((time, n))
            });
            // "since opening a hotline on August 18": a period from the date to the
            // publication date, or open (`..`, as ISO 8601-2 writes it) without one.
            let stated = stated.map(|(time, n)| match time.end {
                None if reader.since_before(n, start) => Time {
                    end: Some(match published {
                        Some((y, m, d)) => Iso::new(Some(y), Some(m), Some(d)),
                        None => Iso::OPEN,
                    }),
                    ..time
                },
                _ => time,
            });
            // A period of months outranks a single date; a relative time is the last resort.
            let (months, relative) =
                reader.times_in_words(start, end, stated.is_none(), published, &year_for);
            time = months.or(stated).or(relative.map(Time::point));
        }
        result.extend(std::iter::repeat_n(time, run.len()));
        k = run_end;
    }
    result
}

/// What the first byte of a word may begin, for [`TimeReader::times_in_words`]: "between", a
/// capitalized month name, or an opener of a relative time ("last", "this", "in", "since",
/// "during", "until", "by"); and, in `lengths`, a bit per length those words have.
struct TimeCues {
    cues: [u8; 256],
    lengths: [u16; 256],
}

const TIME_CUES: TimeCues = {
    let mut table = TimeCues {
        cues: [0; 256],
        lengths: [0; 256],
    };
    let mut k = 0;
    while k < RELATIVE_TIME_OPENERS.len() {
        table = with_cue(table, RELATIVE_TIME_OPENERS[k].as_bytes(), OPENER);
        k += 1;
    }
    let mut k = 0;
    while k < WEEKDAYS.len() {
        table = with_cue(table, WEEKDAYS[k].as_bytes(), OPENER);
        k += 1;
    }
    table = with_cue(table, b"between", BETWEEN);
    // Month names are capitalized and have four to nine letters ("June", "September").
    let months = b"JFMASOND";
    let mut k = 0;
    while k < months.len() {
        table.cues[months[k] as usize] |= MONTH;
        table.lengths[months[k] as usize] |= 0b11_1111_0000;
        k += 1;
    }
    table
};

/// `table` with `cue` for the first letter of `word`, in either case, and its length.
const fn with_cue(mut table: TimeCues, word: &[u8], cue: u8) -> TimeCues {
    let firsts = [word[0], word[0].to_ascii_uppercase()];
    let mut f = 0;
    while f < 2 {
        table.cues[firsts[f] as usize] |= cue;
        table.lengths[firsts[f] as usize] |= 1 << word.len();
        f += 1;
    }
    table
}

const BETWEEN: u8 = 1;
const MONTH: u8 = 2;
const OPENER: u8 = 4;

/// The ISO date of a [`day_number`].
fn day_iso(days: i64) -> Iso {
    let (y, m, d) = civil(days);
    Iso::new(Some(y), Some(m), Some(d))
}

/// A text's tokens, as the time of a sentence is read from them.
struct TimeReader<'a> {
    view: TokenView<'a>,
}

impl TimeReader<'_> {
    /// True when "since" stands before number `n` in its sentence (from `sentence_start`),
    /// at most eight words before it and with no other number between: "since August 18",
    /// "since opening a hotline on August 18", "since 2019"; but not after a superlative,
    /// where the date is a point of comparison ("its lowest level since September 2001",
    /// "the first time since 2012").
    fn since_before(&self, n: &NumberMention, sentence_start: usize) -> bool {
        let first = n.first_token as usize;
        let since = (first.saturating_sub(8).max(sentence_start)..first)
            .rev()
            .take_while(|&k| self.view.toks[k].kind != TokenKind::Number)
            .find(|&k| self.view.is(k, "since"));
        since.is_some_and(|since| {
            !(sentence_start..since).any(|k| {
                let w = self.view.lower(k);
                let w = w.as_str();
                (w.len() > 4 && w.ends_with("est") && !matches!(w, "arrest" | "interest"))
                    || matches!(w, "first" | "most" | "least" | "best" | "worst")
            })
        })
    }

    /// True when dates `a` and `b` are the two ends of one period: "August 18 to November
    /// 10", or "between August 18 and September 29".
    fn joins_period(&self, a: &NumberMention, b: &NumberMention, sentence_start: usize) -> bool {
        let between = self.view.text[a.end as usize..b.start as usize].trim();
        if is_period_joiner(between) {
            return true;
        }
        between == "and"
            && (a.first_token as usize) > sentence_start
            && self.view.lower(a.first_token as usize - 1).as_str() == "between"
    }

    /// What the words of the sentence `start..end` say about time, in one pass over them:
    /// a period of months named without days ("From August to November", "Between the
    /// start of the operation in August and October": "and" needs a "between" before it in
    /// the sentence, else the months may be two separate times), and, when `relative` is
    /// asked for, the first of "last year", "this month", "in October" that the publication
    /// date or the text can place.
    fn times_in_words(
        &self,
        start: usize,
        end: usize,
        relative: bool,
        published: Option<DocDate>,
        year_for: &dyn Fn(u32) -> Option<i32>,
    ) -> (Option<Time>, Option<Iso>) {
        let mut between_seen = false;
        let mut found = None;
        let bytes = self.view.text.as_bytes();
        let wanted = if relative {
            BETWEEN | MONTH | OPENER
        } else {
            BETWEEN | MONTH
        };
        for (k, t) in self.view.toks[start..end].iter().enumerate() {
            let k = start + k;
            // Decided on the first byte and the length for nearly every word: this runs on
            // whole sentences.
            let len = (t.end - t.start) as usize;
            let first = bytes.get(t.start as usize).copied().unwrap_or(0) as usize;
            let cues = TIME_CUES.cues[first] & wanted;
            if cues == 0 || (TIME_CUES.lengths[first] >> len.min(15)) & 1 == 0 {
                continue;
            }
            if cues & BETWEEN != 0 && len == 7 {
                between_seen |= bytes[t.range()].eq_ignore_ascii_case(b"between");
            }
            if cues & MONTH != 0 && (4..=9).contains(&len) && k + 2 < end {
                if let Some(period) = self.month_period_at(k, end, between_seen, year_for) {
                    return (Some(period), None);
                }
            }
            if cues & OPENER != 0 && found.is_none() && len <= 9 {
                found = self.relative_time_at(k, published, year_for);
            }
        }
        (None, found)
    }

    /// The period of months that starts with the month at `k`, if one does: "August to
    /// November (2022)".
    fn month_period_at(
        &self,
        k: usize,
        end: usize,
        between_seen: bool,
        year_for: &dyn Fn(u32) -> Option<i32>,
    ) -> Option<Time> {
        let first = self.month_name(k)?;
        let joiner = self.view.lower(k + 1);
        let joined =
            is_period_joiner(joiner.as_str()) || (joiner.as_str() == "and" && between_seen);
        let last = self.month_name(k + 2).filter(|_| joined)?;
        // "August to November 2022": a year after the second month holds for both.
        let stated_year = self
            .view
            .toks
            .get(k + 3)
            .filter(|t| t.kind == TokenKind::Number && k + 3 < end)
            .and_then(|t| t.as_str(self.view.text).parse::<i32>().ok())
            .filter(|y| (1900..=2100).contains(y));
        let month = |m: u32, year: Option<i32>| match year.or_else(|| year_for(m)) {
            Some(y) => Iso::new(Some(y), Some(m), None),
            None => Iso::new(None, Some(m), None),
        };
        let first_year = stated_year.map(|y| if first > last { y - 1 } else { y });
        Some(Time {
            start: month(first, first_year),
            end: Some(month(last, stated_year)),
        })
    }

    /// The month token `k` names, written out and capitalized ("August", "Sept"; not "may"
    /// or "Mar").
    fn month_name(&self, k: usize) -> Option<u32> {
        let capitalized = self.view.toks.get(k).is_some_and(|t| {
            t.as_str(self.view.text)
                .starts_with(|c: char| c.is_ascii_uppercase())
        });
        let w = self.view.lower(k);
        crate::lexicon::month(w.as_str()).filter(|_| capitalized && w.len() > 3)
    }

    /// "last year", "this month" (with a publication date), "in October", "since August" at
    /// token `k`.
    fn relative_time_at(
        &self,
        k: usize,
        published: Option<DocDate>,
        year_for: &dyn Fn(u32) -> Option<i32>,
    ) -> Option<Iso> {
        let raw = self.view.s(k);
        if !RELATIVE_TIME_OPENERS
            .iter()
            .chain(&WEEKDAYS)
            .any(|w| raw.eq_ignore_ascii_case(w))
        {
            return None;
        }
        let w = self.view.lower(k);
        let next = self.view.lower(k + 1);
        match (w.as_str(), next.as_str(), published) {
            ("last", "year", Some((y, _, _))) => Some(Iso::new(Some(y - 1), None, None)),
            ("this", "year", Some((y, _, _))) => Some(Iso::new(Some(y), None, None)),
            ("last", "month", Some((y, m, _))) => {
                let (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
                Some(Iso::new(Some(y), Some(m), None))
            }
            ("this", "month", Some((y, m, _))) => Some(Iso::new(Some(y), Some(m), None)),
            // Days counted back from the publication date: "yesterday", "on Thursday" (the
            // last Thursday up to the publication day). Not "last week": on a Sunday it is
            // the week then ending as often as the one before.
            ("yesterday" | "today", _, Some((y, m, d))) => {
                let back = i64::from(w.as_str() == "yesterday");
                Some(day_iso(day_number(y, m, d) - back))
            }
            (day, _, Some((y, m, d)))
                if raw.starts_with(|c: char| c.is_ascii_uppercase()) && WEEKDAYS.contains(&day) =>
            {
                let wanted = WEEKDAYS.iter().position(|&w| w == day).unwrap_or(0) as i64;
                let published = day_number(y, m, d);
                Some(day_iso(
                    published - (weekday(published) - wanted).rem_euclid(7),
                ))
            }
            ("in" | "since" | "during" | "until" | "by", _, _) => {
                let month = self.month_name(k + 1)?;
                Some(match year_for(month) {
                    Some(y) => Iso::new(Some(y), Some(month), None),
                    None => Iso::new(None, Some(month), None),
                })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::parsed;

    fn periods(
        text: &str,
        published: Option<crate::DocDate>,
    ) -> Vec<Option<(String, Option<String>)>> {
        let (tokens, sentences, out) = parsed(text);
        crate::times(text, &tokens, &sentences, &out, published)
            .into_iter()
            .map(|t| t.map(|t| (t.start.to_string(), t.end.map(|e| e.to_string()))))
            .collect()
    }

    #[test]
    fn periods_of_dates_months_and_years() {
        let p = |start: &str, end: &str| Some((start.to_string(), Some(end.to_string())));
        let t = "From August to November, the committee found 1,122 people.";
        assert_eq!(periods(t, None), [p("--08", "--11")]);
        assert_eq!(periods(t, Some((2022, 12, 13))), [p("2022-08", "2022-11")]);
        // A period across the new year takes the year before for its start.
        let t = "From November to February 2023, 40 workers were sent home.";
        assert_eq!(periods(t, None)[1], p("2022-11", "2023-02"));
        let t = "Between the start of the operation in August and October, there were 22 suspects.";
        assert_eq!(periods(t, None), [p("--08", "--10")]);
        let t = "from August 18 to November 10, 2022, authorities found 871 foreigners.";
        assert_eq!(periods(t, None)[2], p("2022-08-18", "2022-11-10"));
        let t = "Between 2019 and 2021, 300 people were deported.";
        assert_eq!(periods(t, None)[1], p("2019", "2021"));
        // Two months joined by "and" without "between" are two times, not a period.
        let t = "Raids in August and October freed 80 workers.";
        assert_ne!(periods(t, None)[0], p("--08", "--10"));
        // A single date stays a point.
        let t = "On August 26, 2022, police found 5,000 workers.";
        assert_eq!(periods(t, None)[1], Some(("2022-08-26".to_string(), None)));
        // "Since" opens a period that runs to the publication date, or stays open.
        let t = "He had received 700 complaints since opening a hotline on August 18.";
        assert_eq!(periods(t, None)[0], p("--08-18", ".."));
        assert_eq!(
            periods(t, Some((2022, 11, 11)))[0],
            p("2022-08-18", "2022-11-11")
        );
        // Days counted back from the publication date (Friday 10 March 2023).
        let friday = Some((2023, 3, 10));
        let point = |t: &str| Some((t.to_string(), None));
        let t = "Police rescued 1,122 people on Thursday, 12 on Friday and 3 yesterday.";
        assert_eq!(periods(t, friday)[0], point("2023-03-09"));
        assert_eq!(
            periods("On Sunday night, 60 officers came.", friday)[0],
            point("2023-03-05")
        );
        assert_eq!(
            periods("In October, 40 workers were freed.", friday)[0],
            point("2022-10")
        );
        assert_eq!(periods("60 officers came on Sunday.", None)[0], None);
        // Not after a superlative: the date is a point of comparison.
        let t = "Unemployment fell to 5.2%, its lowest level since September 2001.";
        assert_eq!(periods(t, None)[0], Some(("2001-09".to_string(), None)));
    }
}
