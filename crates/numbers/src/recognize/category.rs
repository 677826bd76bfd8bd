//! The category rules that read the words before a number and the shape of its digits, for
//! an expression whose core and unit left its category open: "aged 17" is an age, "Tier 3",
//! "No. 2" and "Covid-19" are labels, and so are long digit strings (phone numbers).

use tonle_text::TokenKind;

use crate::lexicon::{cardinal, label_word};
use crate::mention::Category;
use crate::tokens::TokenView;

use super::{CoreKind, Reading};

/// "aged 17", "age 17", and with words between: "aged between 16 and 25", "aged under 18",
/// "aged about 30", "aged 24 and 31"; "younger than 15", "as young as 13", "a boy of 11", "the
/// oldest 61"; a person's plural before "under", "over" ...: "children under 18", "people
/// over 60".
pub(super) fn age_before(view: &TokenView, r: &Reading) -> Option<Category> {
    let before = r.core_at.checked_sub(1)?;
    // "her age as 17", "the age of 12"
    let linked = before > 0 && matches!(view.lower(before).as_str(), "as" | "of" | "was" | "is");
    if is_age(view, before) || (linked && is_age(view, before - 1)) {
        return Some(Category::Age);
    }
    let years = (0.0..=120.0).contains(&r.value) && r.value.fract() == 0.0;
    if !years || r.unit.is_some() || r.currency.is_some() {
        return None;
    }
    // A noun after the number is what it counts: "workers under 30 contracts", "the son of
    // two immigrants".
    let next = view.lower(r.end);
    let noun_after = view.kind(r.end) == Some(TokenKind::Word)
        && !matches!(
            next.as_str(),
            "and" | "or" | "were" | "was" | "are" | "is" | "who" | "in" | "from" | "at"
        )
        && !crate::lemma::is_verb(next.as_str());
    let age = after_aged(view, before)
        || compared_age(view, before)
        || (!noun_after && person_of(view, before))
        || youngest_or_oldest(view, before, r.end)
        || (!noun_after && r.value <= 100.0 && bound_after_people(view, before));
    age.then_some(Category::Age)
}

fn is_age(view: &TokenView, k: usize) -> bool {
    view.is(k, "aged") || view.is(k, "age")
}

/// Up to three words between "aged" and the number ("between", "under", "at least"), or the
/// second number of a pair after it ("aged 24 and 31").
fn after_aged(view: &TokenView, before: usize) -> bool {
    let mut k = before;
    for _ in 0..3 {
        if !is_age_bound(view.lower(k).as_str()) || k == 0 {
            break;
        }
        k -= 1;
        if is_age(view, k) {
            return true;
        }
    }
    matches!(view.lower(before).as_str(), "and" | "or")
        && before >= 2
        && view.kind(before - 1) == Some(TokenKind::Number)
        && is_age(view, before - 2)
}

/// "younger than 15", "older than 60", "as young as 13", "as old as 90".
fn compared_age(view: &TokenView, before: usize) -> bool {
    let than = view.is(before, "than")
        && before > 0
        && matches!(view.lower(before - 1).as_str(), "younger" | "older");
    let as_young = view.is(before, "as")
        && before >= 2
        && matches!(view.lower(before - 1).as_str(), "young" | "old")
        && view.is(before - 2, "as");
    than || as_young
}

/// "the youngest was 13 and the oldest 61", "the youngest of them just six", "the youngest
/// of the rescued workers was 15": the number after "the youngest" or "the oldest" and a few
/// words, the last of them a link ("was", "just", "aged", a comma); or right after it with
/// no noun of its own ("the oldest 40 houses" counts houses).
fn youngest_or_oldest(view: &TokenView, before: usize, end: usize) -> bool {
    let superlative = |k: usize| {
        matches!(view.lower(k).as_str(), "youngest" | "oldest") && k > 0 && view.is(k - 1, "the")
    };
    if superlative(before) {
        return view.kind(end) != Some(TokenKind::Word)
            || matches!(view.lower(end).as_str(), "and" | "or" | "was" | "is");
    }
    let link = matches!(
        view.lower(before).as_str(),
        "was" | "is" | "just" | "only" | "being" | "aged" | ","
    );
    link && (before.saturating_sub(7)..before)
        .rev()
        .take_while(|&k| view.kind(k) == Some(TokenKind::Word) || view.s(k) == ",")
        .any(superlative)
}

/// "a boy of 11", "a girl of six".
fn person_of(view: &TokenView, before: usize) -> bool {
    view.is(before, "of") && before > 0 && is_person(view.lower(before - 1).as_str())
}

/// "children under 18", "a child under 15", "people over 60": a bound right after a person;
/// or after "were" whose subject is people ("70 per cent of the victims were under 25").
fn bound_after_people(view: &TokenView, before: usize) -> bool {
    let bound = matches!(
        view.lower(before).as_str(),
        "under" | "over" | "below" | "above"
    );
    if !bound || before == 0 {
        return false;
    }
    let who = view.lower(before - 1);
    if is_people(who.as_str()) || is_person(who.as_str()) {
        return true;
    }
    let were = matches!(who.as_str(), "were" | "was" | "are" | "is" | "be");
    // The clause only: not past a comma, "said" or "that" ("workers said profits were
    // over 40").
    were && (before.saturating_sub(10)..before - 1)
        .rev()
        .take_while(|&k| {
            !matches!(
                view.lower(k).as_str(),
                "." | ";" | "," | "said" | "says" | "say" | "told" | "that" | "but"
            )
        })
        .any(|k| is_people(view.lower(k).as_str()))
}

/// A person, in the singular, that an age may follow: "a child under 15", "a boy of 11".
fn is_person(word: &str) -> bool {
    matches!(
        word,
        "child" | "girl" | "boy" | "minor" | "kid" | "teenager" | "baby" | "infant"
    )
}

/// Words that may stand between "aged" and its number.
fn is_age_bound(word: &str) -> bool {
    matches!(
        word,
        "between"
            | "from"
            | "under"
            | "over"
            | "below"
            | "above"
            | "about"
            | "around"
            | "approximately"
            | "roughly"
            | "nearly"
            | "almost"
            | "just"
            | "only"
            | "least"
            | "at"
            | "less"
            | "more"
            | "than"
            | "up"
            | "to"
            | "some"
    )
}

/// Plurals of people that an age bound may follow: "children under 18".
fn is_people(word: &str) -> bool {
    matches!(
        word,
        "children"
            | "girls"
            | "boys"
            | "minors"
            | "kids"
            | "teenagers"
            | "teens"
            | "youths"
            | "youngsters"
            | "adults"
            | "people"
            | "persons"
            | "women"
            | "men"
            | "victims"
            | "workers"
            | "students"
            | "those"
            | "anyone"
            | "residents"
            | "citizens"
            | "patients"
            | "pupils"
            | "infants"
            | "babies"
            | "recruits"
            | "migrants"
            | "survivors"
            | "suspects"
            | "detainees"
            | "labourers"
            | "laborers"
            | "employees"
            | "refugees"
            | "respondents"
            | "villagers"
            | "foreigners"
    )
}

/// "The suspect, 34, was held": a number between commas right after a noun or a name is
/// the age of who it names; so are both of a pair ("the two brothers, 17 and 19, were").
pub(super) fn age_between_commas(view: &TokenView, r: &Reading) -> Option<Category> {
    let plain = matches!(r.core.kind, CoreKind::Digits { .. }) && r.end == r.core_at + 1;
    // The other number of a pair: two or three digits, as an age is written.
    let age_digits = |k: usize| view.kind(k) == Some(TokenKind::Number) && view.s(k).len() <= 3;
    // The second of a pair: "brothers, 17 and 19,"; its first: "17 and 19,".
    let first = if r.first >= 4 && view.s(r.first - 1) == "and" && age_digits(r.first - 2) {
        r.first - 2
    } else {
        r.first
    };
    let end = if view.s(r.end) == "and" && age_digits(r.end + 1) && view.glued(r.end + 2) {
        r.end + 2
    } else {
        r.end
    };
    let comma_before = first >= 2 && view.s(first - 1) == "," && view.glued(first - 1);
    let person = comma_before && view.kind(first - 2) == Some(TokenKind::Word);
    let closed =
        view.s(end) == "," && view.glued(end) && view.kind(end + 1) == Some(TokenKind::Word);
    // At the end of the sentence, after a name or a relative: "along with her sister, 14."
    let last = view.s(end) == "."
        && view.glued(end)
        && person
        && (view.capitalized(first - 2) || is_relative(view.lower(first - 2).as_str()));
    let closed = closed || last;
    let years = (1.0..=110.0).contains(&r.value) && r.value.fract() == 0.0;
    (plain && person && closed && years && r.currency.is_none()).then_some(Category::Age)
}

/// Words for a person that an age may follow at the end of a sentence.
fn is_relative(word: &str) -> bool {
    matches!(
        word,
        "sister"
            | "brother"
            | "son"
            | "daughter"
            | "wife"
            | "husband"
            | "mother"
            | "father"
            | "girl"
            | "boy"
            | "man"
            | "woman"
            | "child"
            | "niece"
            | "nephew"
            | "cousin"
            | "friend"
            | "girlfriend"
            | "boyfriend"
            | "victim"
            | "suspect"
            | "driver"
    )
}

/// "Tier 3", "No. 2", "Hotline: 1288", "Covid-19".
pub(super) fn label_before(view: &TokenView, r: &Reading) -> Option<Category> {
    is_label_context(view, r.first).then_some(Category::Label)
}

/// Seven digits or more without separators: a phone number or an identifier.
pub(super) fn long_digits(view: &TokenView, r: &Reading) -> Option<Category> {
    let CoreKind::Digits { .. } = r.core.kind else {
        return None;
    };
    let s = view.s(r.core_at);
    (s.len() >= 7 && s.bytes().all(|b| b.is_ascii_digit())).then_some(Category::Label)
}

/// After "call": a number of three digits or more not followed by a plural noun.
fn number_to_call(view: &TokenView, at: usize) -> bool {
    let digits = view.s(at);
    let next = view.s(at + 1);
    let plural = view.kind(at + 1) == Some(TokenKind::Word)
        && next.ends_with('s')
        && next.starts_with(|c: char| c.is_ascii_lowercase());
    digits.len() >= 3 && digits.bytes().all(|b| b.is_ascii_digit()) && !plural
}

fn is_label_context(view: &TokenView, first: usize) -> bool {
    if first == 0 {
        return false;
    }
    let mut prev = first - 1;
    if view.s(prev) == "." && prev > 0 && view.glued(prev) {
        prev -= 1; // "No. 2"
    }
    if view.s(prev) == ":" && prev > 0 {
        prev -= 1; // "Hotline: 1288"
    }
    let line = |k: usize| {
        matches!(
            view.lower(k).as_str(),
            "hotline" | "phone" | "number" | "line"
        )
    };
    if view.is(prev, "on") && prev > 0 && line(prev - 1) {
        return true; // "the hotline on 1288"
    }
    let word = view.lower(prev);
    if view.kind(prev) == Some(TokenKind::Word) && label_word(word.as_str()) {
        return true;
    }
    if word.as_str() == "call" && number_to_call(view, first) {
        return true; // "Call 1294 to report abuse", not "call 12 witnesses"
    }
    // "Covid-19", "MH-17": a code glued to a word by a hyphen.
    view.is_joiner(first - 1)
        && first >= 2
        && view.kind(first - 2) == Some(TokenKind::Word)
        && cardinal(view.lower(first - 2).as_str()).is_none()
}
