//! [`extract`]: the scan over a text's tokens that finds its number expressions, trying the
//! recognizers of [`crate::recognize`] where a number may start ([`crate::start`]).

use tonle_text::Token;

use crate::mention::NumberMention;
use crate::recognize::{date::carry_years_across_ranges, expression_at};
use crate::start::{for_each_candidate, may_start};
use crate::tokens::TokenView;

/// Finds every number expression in `text` (tokenized into `tokens`), replacing the contents
/// of `out`, in text order.
pub fn extract(text: &str, tokens: &[Token], out: &mut Vec<NumberMention>) {
    out.clear();
    let view = TokenView { text, toks: tokens };
    // Tokens before `resume` belong to an expression already found.
    let mut resume = 0;
    for_each_candidate(text, tokens, |i| {
        if i < resume || !may_start(&view, i) {
            return;
        }
        if let Some((m, next)) = expression_at(&view, i) {
            out.extend(m);
            resume = next.max(i + 1);
        }
    });
    carry_years_across_ranges(&view, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Category, Qualifier};

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
        assert_eq!(
            (m.value, m.qualifier),
            (900.0, Some(Qualifier::Approximately))
        );
        let m = one("More than 600 complaints");
        assert_eq!(m.qualifier, Some(Qualifier::MoreThan));
        // A bound the other way round.
        let m = one("no more than 15 foreign staff");
        assert_eq!(m.qualifier, Some(Qualifier::AtMost));
        let m = one("No fewer than 40 workers");
        assert_eq!(m.qualifier, Some(Qualifier::AtLeast));
        let t = "now only one to three complaints a day";
        let m = one(t);
        assert_eq!(
            (m.as_str(t), m.low, m.high, m.qualifier),
            (
                "one to three",
                Some(1.0),
                Some(3.0),
                Some(Qualifier::Exactly)
            )
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

    /// (surface, value, category) of each number.
    fn read(text: &str) -> Vec<(String, f64, &'static str)> {
        numbers(text)
            .iter()
            .map(|m| (m.as_str(text).to_string(), m.value, m.category.as_str()))
            .collect()
    }

    #[test]
    fn dates_in_digits_are_dates() {
        let t = "Filed 2023-01-15, stamped 2023-01-15T10:00Z, then 15/01/2023, 01.15.2023 and 15-Jan-2023.";
        let all = numbers(t);
        let got: Vec<_> = all
            .iter()
            .map(|m| (m.as_str(t), m.category, m.date.unwrap().iso()))
            .collect();
        assert_eq!(got.len(), 5, "{got:?}");
        for (surface, category, iso) in got {
            assert_eq!(
                (category, iso.as_str()),
                (Category::Date, "2023-01-15"),
                "{surface}"
            );
        }
        // Both fields could be the month: the day comes first.
        assert_eq!(
            one("on 03/04/2023").date.unwrap().iso().as_str(),
            "2023-04-03"
        );
    }

    #[test]
    fn labels_and_addresses_are_never_counts() {
        let t = "Call +855 23 880 123 or 012 345 678; host 192.168.1.10 ran 2.3.1 and v4.2; see https://example.org/2023/01/15/story-7.html or tips@example.com.";
        let got = read(t);
        let surfaces: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            surfaces,
            [
                "+855 23 880 123",
                "012 345 678",
                "192.168.1.10",
                "2.3.1",
                "v4.2"
            ]
        );
        assert!(got.iter().all(|g| g.2 == "label"), "{got:?}");
        assert_eq!(one("case No. 123/2023").category, Category::Label);
        assert_eq!(one("a 3-2 win").category, Category::Label);
    }

    #[test]
    fn fractions_negatives_and_decimals() {
        let t = "3/4 of them walked 2 1/4 miles; one eighth, five-sixths, two and a half years, 1½ hours, four and half years";
        let values: Vec<f64> = numbers(t).iter().map(|m| m.value).collect();
        assert_eq!(values, [0.75, 2.25, 0.125, 5.0 / 6.0, 2.5, 1.5, 4.5]);
        let t = "fell to -4 and −12.5, minus five per cent, up .5 per cent, two hundred point five";
        let values: Vec<f64> = numbers(t).iter().map(|m| m.value).collect();
        assert_eq!(values, [-4.0, -12.5, -5.0, 0.5, 200.5]);
        // A hyphen glued to what is before it is no sign.
        let m = one("pages 3-4");
        assert_eq!((m.value, m.low, m.high), (3.0, Some(3.0), Some(4.0)));
        let m = one("the 2019-2020 report");
        assert_eq!((m.category, m.high), (Category::Year, Some(2020.0)));
    }

    #[test]
    fn arithmetic_words_and_magnitudes() {
        let t = "half a dozen, three dozen, half a million, a quarter billion, 10k, 4 mln, 5 lakh, 2 crore, 12,34,567, fifty - two, two thousand and five hundred";
        let values: Vec<f64> = numbers(t).iter().map(|m| m.value).collect();
        assert_eq!(
            values,
            [6.0, 36.0, 5e5, 2.5e8, 1e4, 4e6, 5e5, 2e7, 1234567.0, 52.0, 2500.0]
        );
        // A glued "m" is millions unless the words around it measure a length.
        assert_eq!(one("5m people").value, 5e6);
        assert_eq!(one("$2.5m").value, 2.5e6);
        let m = one("a wall 2.5m high");
        assert_eq!(
            (m.value, m.category, m.unit),
            (2.5, Category::Measure, Some("m"))
        );
    }

    #[test]
    fn multipliers_two_unit_amounts_grand_and_strong() {
        let s = |t: &str, v: f64, c: &'static str| (t.to_string(), v, c);
        assert_eq!(
            read("It rose threefold, a 10-fold rise, a 3x gain, five times higher, twice as many."),
            [
                s("threefold", 3.0, "multiplier"),
                s("10-fold", 10.0, "multiplier"),
                s("3x", 3.0, "multiplier"),
                s("five times", 5.0, "multiplier"),
                s("twice", 2.0, "multiplier"),
            ]
        );
        // Occasions, a vehicle and a bare "twice" are no multipliers.
        assert_eq!(
            read("He was arrested three times, drove a 4x4 and called twice."),
            [s("three", 3.0, "count"), s("4x4", 4.0, "label")]
        );
        assert_eq!(
            read("He stood 5 feet 10 inches, 6 ft 2 in tall; it took 1 hour 30 minutes and two years and three months."),
            [
                s("5 feet 10 inches", 5.0 + 10.0 / 12.0, "measure"),
                s("6 ft 2 in", 6.0 + 2.0 / 12.0, "measure"),
                s("1 hour 30 minutes", 1.5, "duration"),
                s("two years and three months", 2.25, "duration"),
            ]
        );
        // "in" followed by an object is a preposition.
        assert_eq!(
            read("a 6 ft 2 in the morning"),
            [s("6 ft", 6.0, "measure"), s("2", 2.0, "count")]
        );
        assert_eq!(
            read("He owed five grand, $20 grand and won two Grand Slams; a grand jury met."),
            [
                s("five grand", 5000.0, "money"),
                s("$20 grand", 20000.0, "money"),
                s("two", 2.0, "count")
            ]
        );
        // Pounds of money, and pounds that weigh.
        let got: Vec<_> = numbers("He carried 10 pounds of heroin, weighed 150 pounds and paid 30 pounds, 5 million pounds and 2 pounds 50 pence; millions of dollars and one dollar and twenty cents.")
            .iter()
            .map(|m| (m.value, m.category, m.currency.or(m.unit).unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            [
                (10.0, Category::Measure, "lb"),
                (150.0, Category::Measure, "lb"),
                (30.0, Category::Money, "GBP"),
                (5e6, Category::Money, "GBP"),
                (2.5, Category::Money, "GBP"),
                (2e6, Category::Money, "USD"),
                (1.2, Category::Money, "USD"),
            ]
        );
        // Decades, ages by decade, and hundreds in digits.
        let got: Vec<_> = numbers("In the 1990s, men in their 20s and women in their mid-40s; 100s of workers and two 747s.")
            .iter()
            .map(|m| (m.value, m.category, m.low, m.high))
            .collect();
        assert_eq!(
            got,
            [
                (1990.0, Category::Year, Some(1990.0), Some(1999.0)),
                (20.0, Category::Age, Some(20.0), Some(29.0)),
                (40.0, Category::Age, Some(40.0), Some(49.0)),
                (200.0, Category::Count, None, None),
                (2.0, Category::Count, None, None),
                (747.0, Category::Label, None, None),
            ]
        );
        // Ratios, and what is no ratio: a score, a range with hyphens, a tally.
        assert_eq!(
            read("a 3:1 ratio, a two-to-one margin, odds of 10 to 1; Egypt won 2:1; 12-to-15 pct; four-to-six times higher; 331 to 286 votes"),
            [
                s("3:1", 3.0, "ratio"),
                s("two-to-one", 2.0, "ratio"),
                s("10 to 1", 10.0, "ratio"),
                s("2:1", 2.0, "label"),
                s("12-to-15 pct", 12.0, "percent"),
                s("four-to-six times", 4.0, "multiplier"),
                s("331", 331.0, "count"),
                s("286", 286.0, "count"),
            ]
        );
        let b = brief("A 3,000-strong force arrived.");
        assert_eq!(b[0].0, "3,000-strong");
        assert_eq!(b[0].3.as_deref(), Some("force"));
    }

    #[test]
    fn money_in_every_placement() {
        let t = "€10, 10 €, 100 ₭, ៛4,000, ฿800, 50 cents, 470 pence, 3 dollars 50 cents, 10,000 Swiss francs, 200 million yen, Rs 45 crore, 300 ringgit, 1,000 pesos";
        let got: Vec<_> = numbers(t)
            .iter()
            .map(|m| (m.value, m.category, m.currency.unwrap_or("")))
            .collect();
        let money = |v: f64, c: &'static str| (v, Category::Money, c);
        assert_eq!(
            got,
            [
                money(10.0, "EUR"),
                money(10.0, "EUR"),
                money(100.0, "LAK"),
                money(4000.0, "KHR"),
                money(800.0, "THB"),
                money(0.5, "USD"),
                money(4.7, "GBP"),
                money(3.5, "USD"),
                money(10000.0, "CHF"),
                money(2e8, "JPY"),
                money(45e7, "INR"),
                money(300.0, "MYR"),
                money(1000.0, "PHP"),
            ]
        );
        let m = one("nearly $80,000");
        assert_eq!(m.qualifier, Some(Qualifier::Approximately));
    }

    #[test]
    fn units_compound_ordinals_and_years_in_words() {
        let read = |t: &str| {
            numbers(t)
                .iter()
                .map(|m| (m.as_str(t).to_string(), m.value, m.category, m.unit))
                .collect::<Vec<_>>()
        };
        let m = |s: &str, v: f64, c: Category, u: Option<&'static str>| (s.to_string(), v, c, u);
        assert_eq!(
            read("500 sq km, 120 km/h, 3,000 litres, 8 ft, 6.2pc, 25 basis points"),
            [
                m("500 sq km", 500.0, Category::Measure, Some("km2")),
                m("120 km/h", 120.0, Category::Measure, Some("km/h")),
                m("3,000 litres", 3000.0, Category::Measure, Some("l")),
                m("8 ft", 8.0, Category::Measure, Some("ft")),
                m("6.2pc", 6.2, Category::Percent, None),
                m(
                    "25 basis points",
                    25.0,
                    Category::Percent,
                    Some("basis_point")
                ),
            ]
        );
        assert_eq!(
            read("twenty-first, in nineteen ninety-nine, the thirty-second floor, a thirty-second clip"),
            [
                m("twenty-first", 21.0, Category::Ordinal, None),
                m("nineteen ninety-nine", 1999.0, Category::Year, None),
                m("thirty-second", 32.0, Category::Ordinal, None),
                m("thirty-second", 30.0, Category::Duration, Some("second")),
            ]
        );
        // Not years: ages, and counts before a compound adjective.
        assert_eq!(numbers("twelve fifteen-year-olds")[0].value, 12.0);
        assert_eq!(one("twenty first-time voters").value, 20.0);
        assert_eq!(one("3 dozen phones").value, 36.0);
        let m = one("several dozen workers");
        assert_eq!((m.value, m.vague), (24.0, true));
        assert_eq!(one("1 and a half hours").value, 1.5);
        assert_eq!(one("2.5e6 cells").value, 2.5e6);
        assert_eq!(one("the Boeing 7E7").category, Category::Label);
        // Thousands grouped by spaces, but not a telephone number or two numbers.
        assert_eq!(one("10 000 residents").value, 1e4);
        assert_eq!(one("1 234 567 people").value, 1234567.0);
        assert_eq!(one("12\u{a0}500 members").value, 12500.0);
        assert_eq!(numbers("on May 5 123 people came").len(), 2);
        assert!(numbers("call 0845 8 505 505")
            .iter()
            .all(|m| m.value != 8505505.0));
        assert_eq!(one("a million and a half people").value, 1.5e6);
        let ages = numbers("Charlene Ellis, 18, and her sister, 14.");
        assert!(ages.iter().all(|m| m.category == Category::Age), "{ages:?}");
        // Currency codes after an amount are written in capitals; "pen" is a pen.
        assert_eq!(one("900 AED").currency, Some("AED"));
        assert_eq!(one("48 pen refills").currency, None);
        assert_eq!(one("C$1.5 million").currency, Some("CAD"));
    }

    #[test]
    fn times_are_hours_of_the_day() {
        assert_eq!(one("at 9:15pm").value, 21.25);
        assert_eq!(one("at 10.30pm").value, 22.5);
        assert_eq!(one("by 4 p.m.").value, 16.0);
    }

    #[test]
    fn ages_by_a_bound_periods_and_shares_out_of_a_whole() {
        use Qualifier::{LessThan, MoreThan};
        let age = |text: &str| -> Vec<(f64, Category, Option<Qualifier>)> {
            numbers(text)
                .into_iter()
                .filter(|m| m.category == Category::Age)
                .map(|m| (m.value, m.category, m.qualifier))
                .collect()
        };
        assert_eq!(
            age("The survivors, aged between 15 and 24, were sent home."),
            [(15.0, Category::Age, None)]
        );
        assert_eq!(
            age("Police rescued 23 children under 16 and two girls aged under 18."),
            [
                (16.0, Category::Age, Some(LessThan)),
                (18.0, Category::Age, Some(LessThan))
            ]
        );
        assert_eq!(
            age("Nobody younger than 18, and people over 65, may apply."),
            [
                (18.0, Category::Age, Some(LessThan)),
                (65.0, Category::Age, Some(MoreThan))
            ]
        );
        assert_eq!(
            age("The youngest victim was 13 and the oldest 61; the two brothers, 17 and 19, fled."),
            [
                (13.0, Category::Age, None),
                (61.0, Category::Age, None),
                (17.0, Category::Age, None),
                (19.0, Category::Age, None)
            ]
        );
        assert!(age("The oldest 3 buildings fell. In 2019, 17 and 19 people died.").is_empty());
        // A bound after no person, or before a noun of its own, is no age.
        assert!(age("Prices under 50 and workers over 200 days were cut.").is_empty());
        assert!(age("Fines over 40 were paid.").is_empty());

        let currency = |text: &str| -> Vec<Option<&'static str>> {
            numbers(text).into_iter().map(|m| m.currency).collect()
        };
        assert_eq!(
            currency(
                "It paid 249.10 U.S. Dlrs a tonne, 2.9 billion N.Z. dollars and 5 U.S. firms."
            ),
            [Some("USD"), Some("NZD"), None]
        );

        let per = |text: &str| -> Vec<Option<&'static str>> {
            numbers(text).into_iter().map(|m| m.per).collect()
        };
        assert_eq!(
            per("They earn 850,000 riel a month, $3 per hour and 12,000 baht per annum."),
            [Some("month"), Some("hour"), Some("year")]
        );
        assert_eq!(per("Rents rose 2 percent a month."), [Some("month")]);
        // A point in time, not a period.
        assert_eq!(per("Profits were $5 million a year earlier."), [None]);
        assert_eq!(per("The firm made 3 billion riel a year ago."), [None]);

        assert_eq!(
            one("Two out of three recruits were lured.").value,
            2.0 / 3.0
        );
        assert_eq!(one("One in every ten workers had no contract.").value, 0.1);
        // The end of a range out of a whole stays a range.
        let rated = numbers("Ratings of 7-9 out of 10 were common.");
        assert_eq!((rated[0].high, rated[1].value), (Some(9.0), 10.0));
        assert_eq!(one("It dropped to negative 4.").value, -4.0);
        assert_eq!(
            age("Two brokers, aged 27 and 44, and a girl of 14; the recruits were under 20."),
            [
                (27.0, Category::Age, None),
                (44.0, Category::Age, None),
                (14.0, Category::Age, None),
                (20.0, Category::Age, Some(LessThan))
            ]
        );
        // Not "the son of two immigrants", nor a clause after "said".
        assert!(
            age("He is the son of two immigrants; workers said profits were over 40.").is_empty()
        );
        // Khmer digits group thousands and make years; "Sept." is a month.
        assert_eq!(one("pay ៥,០០០,០០០ riel").value, 5_000_000.0);
        assert_eq!(one("in ២០២៣, police").category, Category::Year);
        assert_eq!(one("until Sept. 30").category, Category::Date);
        assert_eq!(
            one("The toll climbed to 1,000-plus.").qualifier,
            Some(MoreThan)
        );
    }
}
