//! What extraction finds: [`NumberMention`] and the kinds and parts of its fields
//! ([`Category`], [`Qualifier`], [`Relation`], [`DateParts`]).

use tonle_text::Token;

use crate::iso::Iso;

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
    /// How many times as much: "threefold", "a 10-fold rise", "three times more", "a 3x gain".
    Multiplier,
    /// One number against another, the value their quotient: "a 3:1 ratio" (3), "a 3-to-1
    /// vote", "odds of 10 to 1".
    Ratio,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 15] = [
        Category::Count,
        Category::Money,
        Category::Percent,
        Category::Ordinal,
        Category::Date,
        Category::Year,
        Category::Age,
        Category::Duration,
        Category::Time,
        Category::Label,
        Category::Measure,
        Category::Rate,
        Category::Fraction,
        Category::Multiplier,
        Category::Ratio,
    ];

    /// The name used in records' `category`: `count`, `money`, ...
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
            Category::Multiplier => "multiplier",
            Category::Ratio => "ratio",
        }
    }

    /// The name in capitals, used in records' `type`: `COUNT`, `MONEY`, ...
    pub fn type_name(self) -> &'static str {
        match self {
            Category::Count => "COUNT",
            Category::Money => "MONEY",
            Category::Percent => "PERCENT",
            Category::Ordinal => "ORDINAL",
            Category::Date => "DATE",
            Category::Year => "YEAR",
            Category::Age => "AGE",
            Category::Duration => "DURATION",
            Category::Time => "TIME",
            Category::Label => "LABEL",
            Category::Measure => "MEASURE",
            Category::Rate => "RATE",
            Category::Fraction => "FRACTION",
            Category::Multiplier => "MULTIPLIER",
            Category::Ratio => "RATIO",
        }
    }
}

impl std::str::FromStr for Category {
    type Err = UnknownName;

    /// The category a record names ([`Category::as_str`]).
    fn from_str(s: &str) -> Result<Category, UnknownName> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(UnknownName)
    }
}

/// How the words before a number bound it: "nearly 900", "more than 600", "no fewer than
/// 40", "only three".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Qualifier {
    /// "nearly", "about", "some", "an estimated", "3,000-odd".
    Approximately,
    /// "more than", "over", "above".
    MoreThan,
    /// "less than", "fewer than", "under", "below".
    LessThan,
    /// "at least", "no fewer than", "not less than".
    AtLeast,
    /// "at most", "up to", "no more than", "as many as".
    AtMost,
    /// "only", "just", "exactly".
    Exactly,
}

impl Qualifier {
    const ALL: [Qualifier; 6] = [
        Qualifier::Approximately,
        Qualifier::MoreThan,
        Qualifier::LessThan,
        Qualifier::AtLeast,
        Qualifier::AtMost,
        Qualifier::Exactly,
    ];

    /// The name used in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Approximately => "approximately",
            Qualifier::MoreThan => "more_than",
            Qualifier::LessThan => "less_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::Exactly => "exactly",
        }
    }
}

impl std::str::FromStr for Qualifier {
    type Err = UnknownName;

    /// The qualifier a record names ([`Qualifier::as_str`]).
    fn from_str(s: &str) -> Result<Qualifier, UnknownName> {
        Qualifier::ALL
            .into_iter()
            .find(|q| q.as_str() == s)
            .ok_or(UnknownName)
    }
}

/// How a number relates to its `parent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Relation {
    /// A part of the parent count: "153 people, including 18 women".
    Subset,
}

impl Relation {
    /// The name used in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Subset => "subset",
        }
    }
}

impl std::str::FromStr for Relation {
    type Err = UnknownName;

    /// The relation a record names ([`Relation::as_str`]).
    fn from_str(s: &str) -> Result<Relation, UnknownName> {
        match s {
            "subset" => Ok(Relation::Subset),
            _ => Err(UnknownName),
        }
    }
}

/// The error of parsing a [`Category`], [`Qualifier`] or [`Relation`] from a name that is
/// none of theirs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownName;

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a known category, qualifier or relation name")
    }
}

impl std::error::Error for UnknownName {}

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
    /// How the words before the number bound it.
    pub qualifier: Option<Qualifier>,
    /// True for quantities such as "dozens of" or "tens of thousands", whose value is only a
    /// lower bound.
    pub vague: bool,
    pub unit: Option<&'static str>,
    /// ISO 4217 code for money.
    pub currency: Option<&'static str>,
    /// The period an amount of money or a percent is per: `month` for "$200 a month", `year`
    /// for "5% annually" (a count per period is a [`Category::Rate`] with that `unit`).
    pub per: Option<&'static str>,
    /// Byte range of the noun phrase a count counts ("trafficking complaints").
    pub counted: Option<(u32, u32)>,
    pub date: Option<DateParts>,
    /// The head noun of `counted` (or of the noun a count is equated with: "of whom 121 were
    /// women"), singular and lower case.
    pub counted_head: Option<String>,
    /// Index (in the same output) of the number this one is a part of: "153 people,
    /// including 18 women". Set by [`crate::link`].
    pub parent: Option<u32>,
    /// How the number relates to `parent`, when that is set.
    pub relation: Option<Relation>,
    /// Lemma of the verb the number is an argument of ("rescue", "arrest"). Set by
    /// [`crate::link`].
    pub event: Option<std::borrow::Cow<'static, str>>,
    /// The event verb is negated ("did not arrest").
    pub negated: bool,
    /// The number counts who did the event, not what it was done to: the 30 of "30
    /// officials rescued 19 workers". Set by [`crate::link`].
    pub agent: bool,
    /// Index of the token after the expression.
    pub end_token: u32,
    /// Index of the token after the counted noun phrase (or after the expression).
    pub phrase_end_token: u32,
}

impl NumberMention {
    /// A mention of tokens `first..end` with only its value and category known yet.
    pub(crate) fn spanning(
        tokens: &[Token],
        first: usize,
        end: usize,
        value: f64,
        category: Category,
    ) -> NumberMention {
        NumberMention {
            start: tokens[first].start,
            end: tokens[end - 1].end,
            first_token: first as u32,
            value,
            low: None,
            high: None,
            category,
            qualifier: None,
            vague: false,
            unit: None,
            currency: None,
            per: None,
            counted: None,
            date: None,
            counted_head: None,
            parent: None,
            relation: None,
            event: None,
            negated: false,
            agent: false,
            end_token: end as u32,
            phrase_end_token: end as u32,
        }
    }

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

#[cfg(test)]
mod tests {
    use super::{Qualifier, Relation};

    #[test]
    fn names_read_back() {
        for q in Qualifier::ALL {
            assert_eq!(q.as_str().parse(), Ok(q));
        }
        assert_eq!("subset".parse(), Ok(Relation::Subset));
        assert!("nearly".parse::<Qualifier>().is_err());
        assert!("part".parse::<Relation>().is_err());
    }
}
