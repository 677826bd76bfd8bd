//! The recognizers: each reads one kind of number expression, or one part of one, at a
//! token. They are listed here, in the order they are tried, in four lists:
//!
//! - [`EXPRESSIONS`]: what a whole expression may be, a date or a number;
//! - [`CORES`] (and [`words::WORD_CORES`]): the number at the heart of a number expression,
//!   in digits or in words;
//! - [`STEPS`]: what a number expression reads after its core, in turn (magnitude, range,
//!   unit) and then the category it takes;
//! - [`UNITS`] and [`CATEGORY_RULES`], the alternatives of two of those steps.
//!
//! A recognizer reads [`TokenView`] and, for the steps, writes to the [`Reading`] of the
//! expression so far; each file holds the recognizers of one kind of number.
//!
//! Each list is an enum with a variant per recognizer, in the list's order, and a `read`
//! that matches the variant to its function: the compiler then sees which function each
//! entry calls and inlines it, where through a list of `fn` pointers every recognizer was
//! an indirect call that nothing could inline (number extraction cost 11 % more on news12).

mod category;
mod cents;
mod clock;
mod code;
mod compound;
pub(crate) mod date;
mod digits;
mod duration;
mod fraction;
mod magnitude;
mod measure;
mod money;
mod multiplier;
mod numeric_date;
mod percent;
mod phone;
mod range;
mod sign;
mod slash;
mod words;

use crate::counted::attach_counted;
use crate::mention::{Category, NumberMention, Qualifier};
use crate::qualifier::{over_a_period, qualifier_before};
use crate::tokens::TokenView;
use crate::word::Lower;

/// A kind of expression: digits inside a web address (nothing), a date in digits
/// ([`numeric_date::numeric_date`]), a dotted code ([`code::dotted_code`]), a telephone
/// number ([`phone::phone`]), a date ([`date::date_at`]) or a number ([`number_at`]).
#[derive(Clone, Copy)]
enum Expression {
    Address,
    NumericDate,
    DottedCode,
    Phone,
    Date,
    Number,
}

/// The kinds of expression, tried in turn at each token where a number may start; the first
/// that reads one wins. Addresses come first, as their digits are nothing at all; dates,
/// codes and telephone numbers in digits before any number, which would read their first
/// group as a count. Dates come before numbers: "Dec. 12" would otherwise read as a month
/// name before a count, and "12 December 2022" as the count 12.
const EXPRESSIONS: [Expression; 6] = [
    Expression::Address,
    Expression::NumericDate,
    Expression::DottedCode,
    Expression::Phone,
    Expression::Date,
    Expression::Number,
];

/// What an expression reads at a token: a mention, or nothing (the digits of an address),
/// and the index of the token after what it read.
pub(crate) type Found = (Option<NumberMention>, usize);

impl Expression {
    /// Reads an expression at token `i`.
    #[inline(always)]
    fn read(self, view: &TokenView, i: usize) -> Option<Found> {
        let mention = |found: Option<(NumberMention, usize)>| found.map(|(m, e)| (Some(m), e));
        match self {
            Expression::Address => code::in_address(view, i).map(|end| (None, end)),
            Expression::NumericDate => mention(numeric_date::numeric_date(view, i)),
            Expression::DottedCode => mention(code::dotted_code(view, i)),
            Expression::Phone => mention(phone::phone(view, i)),
            Expression::Date => mention(date::date_at(view, i)),
            Expression::Number => mention(number_at(view, i)),
        }
    }
}

/// The first of [`EXPRESSIONS`] that reads one at token `i`.
pub(crate) fn expression_at(view: &TokenView, i: usize) -> Option<Found> {
    EXPRESSIONS.into_iter().find_map(|e| e.read(view, i))
}

/// The number at the heart of an expression, before units and ranges.
#[derive(Clone, Copy)]
pub(crate) struct Core {
    pub(crate) value: f64,
    /// Index of the token after the core.
    pub(crate) end: usize,
    pub(crate) kind: CoreKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum CoreKind {
    /// Plain digits; `plain_year` when it is four digits without separators.
    Digits {
        plain_year: bool,
    },
    Words,
    Vague,
    Ordinal,
    Time,
    Fraction,
    /// Digits with a unit glued on: "15km", "3min" (the unit, and whether it is one of time).
    Unit(&'static str, bool),
    /// Digits with letters that are not a unit: "4G", "1990s".
    Coded,
    /// Digits with a percent glued on: "4.5pc", "25bp" (the unit, for basis points).
    Percent(Option<&'static str>),
    /// A year in words: "nineteen ninety-nine", "twenty twenty-three".
    YearWords,
    /// Digits with a minor unit of money glued on, the value in the major unit: "99p" (0.99
    /// GBP), "50c" (the currency).
    Minor(&'static str),
    /// A multiplier: "threefold", "3x".
    Multiplier,
    /// Ten years from the value: a decade ("the 1990s", a year range) or, with `age`, an age
    /// ("in their 20s").
    Decade {
        age: bool,
    },
}

/// A way a core is written: [`slash::slashed`], [`digits::digits`], [`digits::suffixed`],
/// [`digits::glued_code`] or [`words::number_words`].
#[derive(Clone, Copy)]
enum CoreReader {
    Slashed,
    Digits,
    Suffixed,
    GluedCode,
    Words,
}

/// The ways a core is written, tried in turn; the first that reads one wins. Each takes
/// tokens of its own: number tokens (with a slash, "3/4", before plain digits, which would
/// read the "3"), words that start with a digit, a currency code with digits glued after
/// it ("USD5,000"), other words (which
/// [`words::number_words`] tries in turn as fractions, ordinals, vague quantities and
/// cardinals, from one lower-case copy).
const CORES: [CoreReader; 5] = [
    CoreReader::Slashed,
    CoreReader::Digits,
    CoreReader::Suffixed,
    CoreReader::GluedCode,
    CoreReader::Words,
];

impl CoreReader {
    /// Reads a core at token `i`.
    #[inline(always)]
    fn read(self, view: &TokenView, i: usize) -> Option<Core> {
        match self {
            CoreReader::Slashed => slash::slashed(view, i),
            CoreReader::Digits => digits::digits(view, i),
            CoreReader::Suffixed => digits::suffixed(view, i),
            CoreReader::GluedCode => digits::glued_code(view, i),
            CoreReader::Words => words::number_words(view, i),
        }
    }
}

/// The number at the heart of an expression, starting at `i`.
pub(crate) fn core(view: &TokenView, i: usize) -> Option<Core> {
    CORES.into_iter().find_map(|read| read.read(view, i))
}

/// A number expression as read so far.
pub(crate) struct Reading<'a> {
    /// The expression's first token: a currency sign or code, or the core.
    pub(crate) first: usize,
    /// The core's first token.
    pub(crate) core_at: usize,
    pub(crate) core: Core,
    /// The value: the core's, scaled by a magnitude, or the low end of a range.
    pub(crate) value: f64,
    /// Index of the token after what is read so far.
    pub(crate) end: usize,
    /// Set once a recognizer decides it; `Count` if none does.
    pub(crate) category: Option<Category>,
    pub(crate) unit: Option<&'static str>,
    pub(crate) currency: Option<&'static str>,
    /// What a suffix says of the value: "3,000-odd" approximate, "1,000-plus" more.
    pub(crate) suffix_qualifier: Option<Qualifier>,
    /// A magnitude word scaled the value: "4.5 million".
    pub(crate) magnitude_word: bool,
    /// Both ends of a range.
    pub(crate) range: Option<(f64, f64)>,
    /// The last token [`Reading::lower`] lowered, and its lower case: the steps and units
    /// mostly test the same word, the one after what was read so far.
    lowered: Option<(usize, Lower<'a>)>,
}

impl<'a> Reading<'a> {
    /// A currency sign or code, if any, and the core at `i`, with the category that the
    /// core's form decides ("16th", "9am", "15km").
    fn start(view: &TokenView<'a>, i: usize) -> Option<Reading<'a>> {
        let (currency, core_at) = match money::currency_prefix(view, i) {
            Some((c, next)) => (Some(c), next),
            None => (None, i),
        };
        let core = core(view, core_at)?;
        // "$AUD220", "$US44.50": a code glued to the amount says which dollar the sign means.
        let currency = match currency {
            Some(sign) if core_at > i => Some(
                digits::glued_code_at(view, core_at, view.s(core_at).as_bytes())
                    .map_or(sign, |(code, _)| code),
            ),
            c => c,
        };
        let currency = match core.kind {
            CoreKind::Minor(code) => currency.or(Some(code)),
            _ => currency,
        };
        let (category, unit) = match core.kind {
            CoreKind::Ordinal => (Some(Category::Ordinal), None),
            CoreKind::Time => (Some(Category::Time), None),
            CoreKind::Coded => (Some(Category::Label), None),
            CoreKind::Fraction => (Some(Category::Fraction), None),
            CoreKind::Unit(u, true) => (Some(Category::Duration), Some(u)),
            CoreKind::Unit(u, false) => (Some(Category::Measure), Some(u)),
            CoreKind::Percent(u) => (Some(Category::Percent), u),
            CoreKind::YearWords => (Some(Category::Year), None),
            CoreKind::Minor(_) => (Some(Category::Money), None),
            CoreKind::Multiplier => (Some(Category::Multiplier), None),
            CoreKind::Decade { age: false } => (Some(Category::Year), None),
            CoreKind::Decade { age: true } => (Some(Category::Age), None),
            CoreKind::Digits { .. } | CoreKind::Words | CoreKind::Vague => (None, None),
        };
        Some(Reading {
            first: i,
            core_at,
            core,
            value: core.value,
            end: core.end,
            category,
            unit,
            currency,
            suffix_qualifier: None,
            magnitude_word: false,
            range: matches!(core.kind, CoreKind::Decade { .. })
                .then_some((core.value, core.value + 9.0)),
            lowered: None,
        })
    }

    /// Token `i` of `view` in lower case, lowered once however many steps ask for it.
    #[inline]
    pub(crate) fn lower(&mut self, view: &TokenView<'a>, i: usize) -> Lower<'a> {
        match self.lowered {
            Some((at, w)) if at == i => w,
            _ => {
                let w = view.lower(i);
                self.lowered = Some((i, w));
                w
            }
        }
    }
}

/// A part of a number expression after its core: see [`STEPS`].
#[derive(Clone, Copy)]
enum Step {
    Sign,
    Odd,
    MagnitudeWord,
    Grand,
    Strong,
    Ratio,
    Multiplier,
    Range,
    Unit,
    Compound,
    CategoryByRules,
}

/// What a number expression reads around its core, in this order, each step seeing what the
/// steps before it read: a sign or point before it ("-4", ".5") first, as it changes the
/// value the others scale; "-odd" and the magnitude stand right after the core ("3,000-odd",
/// "4.5 million"); a range's second end comes before the unit that follows both ("10-15
/// minute"); "grand" (thousands of money), "-strong" and a multiplier's "-fold" or "times
/// more" follow the magnitude ("1.5 million-strong"); a smaller unit after the unit adds to
/// it ("5 feet 10 inches"); a ratio ("3-to-1") before the range its "to" would read, and
/// before a multiplier, which may follow a range it read ("four-to-six times higher"); the
/// category rules come last, as they decide on what was read.
const STEPS: [Step; 11] = [
    Step::Sign,
    Step::Odd,
    Step::MagnitudeWord,
    Step::Grand,
    Step::Strong,
    Step::Ratio,
    Step::Multiplier,
    Step::Range,
    Step::Unit,
    Step::Compound,
    Step::CategoryByRules,
];

impl Step {
    /// Reads this part of a number expression, if it is there.
    #[inline(always)]
    fn read<'a>(self, view: &TokenView<'a>, r: &mut Reading<'a>) {
        match self {
            Step::Sign => sign::sign_before(view, r),
            Step::Odd => magnitude::odd(view, r),
            Step::MagnitudeWord => magnitude::magnitude_word(view, r),
            Step::Grand => magnitude::grand(view, r),
            Step::Strong => magnitude::strong(view, r),
            Step::Multiplier => multiplier::multiplier(view, r),
            Step::Ratio => multiplier::ratio(view, r),
            Step::Range => range::range(view, r),
            Step::Unit => unit(view, r),
            Step::Compound => compound::compound(view, r),
            Step::CategoryByRules => category_by_rules(view, r),
        }
    }
}

/// A unit after the number: see [`UNITS`].
#[derive(Clone, Copy)]
enum Unit {
    Percent,
    CurrencyAfter,
    Cents,
    AgeInYears,
    Duration,
    Measure,
    AmPmTime,
}

/// The units that may follow a number whose core left its category open, tried in turn;
/// the first that reads one wins. "years old" must come before the duration in years.
const UNITS: [Unit; 7] = [
    Unit::Percent,
    Unit::CurrencyAfter,
    Unit::Cents,
    Unit::AgeInYears,
    Unit::Duration,
    Unit::Measure,
    Unit::AmPmTime,
];

impl Unit {
    /// Reads this unit after the number, returning whether it did.
    #[inline(always)]
    fn read<'a>(self, view: &TokenView<'a>, r: &mut Reading<'a>) -> bool {
        match self {
            Unit::Percent => percent::percent(view, r),
            Unit::CurrencyAfter => money::currency_after(view, r),
            Unit::Cents => cents::minor(view, r),
            Unit::AgeInYears => duration::age_in_years(view, r),
            Unit::Duration => duration::duration(view, r),
            Unit::Measure => measure::measure(view, r),
            Unit::AmPmTime => clock::am_pm_time(view, r),
        }
    }
}

fn unit<'a>(view: &TokenView<'a>, r: &mut Reading<'a>) {
    // A fraction may have a unit too: "7/8 pct", "a half hour", "3/4 mile".
    if matches!(r.category, None | Some(Category::Fraction)) {
        UNITS.into_iter().any(|u| u.read(view, r));
    }
}

/// A rule for the category: see [`CATEGORY_RULES`].
#[derive(Clone, Copy)]
enum CategoryRule {
    Money,
    AgeBefore,
    AgeBetweenCommas,
    LabelBefore,
    Year,
    LongDigits,
}

/// The rules for a category that the core and unit left open, tried in turn; the first that
/// decides wins, else the number is a count. A currency makes money whatever the words
/// before say; "aged 17" and "the suspect, 34," are ages before "No. 17" is a label; a year and a long digit
/// string are the last guesses.
const CATEGORY_RULES: [CategoryRule; 6] = [
    CategoryRule::Money,
    CategoryRule::AgeBefore,
    CategoryRule::AgeBetweenCommas,
    CategoryRule::LabelBefore,
    CategoryRule::Year,
    CategoryRule::LongDigits,
];

impl CategoryRule {
    /// Decides a category from what was read and the words around it.
    #[inline(always)]
    fn read(self, view: &TokenView, r: &Reading) -> Option<Category> {
        match self {
            CategoryRule::Money => money::money(view, r),
            CategoryRule::AgeBefore => category::age_before(view, r),
            CategoryRule::AgeBetweenCommas => category::age_between_commas(view, r),
            CategoryRule::LabelBefore => category::label_before(view, r),
            CategoryRule::Year => date::year(view, r),
            CategoryRule::LongDigits => category::long_digits(view, r),
        }
    }
}

fn category_by_rules(view: &TokenView, r: &mut Reading) {
    if r.category.is_none() {
        r.category = CATEGORY_RULES
            .into_iter()
            .find_map(|rule| rule.read(view, r));
    }
}

/// A number expression at `i`: a core and what [`STEPS`] read after it, with its
/// qualifier and, for a count, what it counts.
fn number_at(view: &TokenView, i: usize) -> Option<(NumberMention, usize)> {
    let mut r = Reading::start(view, i)?;
    for step in STEPS {
        step.read(view, &mut r);
    }
    let category = r.category.unwrap_or(Category::Count);
    let mut m = NumberMention::spanning(view.toks, r.first, r.end, r.value, category);
    m.currency = r.currency.filter(|_| category == Category::Money);
    m.unit = r.unit;
    m.vague = r.core.kind == CoreKind::Vague;
    if let Some((low, high)) = r.range {
        m.low = Some(low);
        m.high = Some(high);
    }
    if !matches!(
        category,
        Category::Year | Category::Date | Category::Ordinal | Category::Label
    ) {
        // "between 10 and 15": the qualifier stands before "between".
        let between = r.first > 0 && view.is(r.first - 1, "between");
        let qualifier_at = if between { r.first - 1 } else { r.first };
        m.qualifier = qualifier_before(view, qualifier_at)
            .filter(|_| !(category == Category::Duration && over_a_period(view, qualifier_at)));
        // A suffix says more than the words before: "some 3,000-odd".
        m.qualifier = r.suffix_qualifier.or(m.qualifier);
    }
    if matches!(category, Category::Count | Category::Fraction) {
        attach_counted(view, &mut m, r.end);
    }
    if matches!(category, Category::Money | Category::Percent) {
        // "$200 a month", "5% annually": the period it is per, read with the expression.
        // The event is still looked for from the amount, not past the period.
        m.per = crate::counted::period_at(view, r.end).map(|(per, _)| per);
    }
    Some((m, r.end))
}
