//! Numbers that look like counts but are not what an event happened to: the second day of
//! "March 9 and 10", the unit of "Company 1201", and the doers of "30 officials rescued 19
//! workers" (agents: summing them with the rescued would double the count).

use tonle_text::{Token, TokenKind};

use crate::lemma::verb_lemma;
use crate::mention::{Category, DateParts, NumberMention};
use crate::word::{self, is_word};

/// "on March 9 and 10", "August 23 to 26": the bare number after a day is another day of the
/// same month; "Company 1201", "Route 4", "Flight 123": a number after a unit or vehicle word
/// names it.
pub(crate) fn date_parts_and_labels(text: &str, tokens: &[Token], numbers: &mut [NumberMention]) {
    for b in 0..numbers.len() {
        if numbers[b].category != Category::Count {
            continue;
        }
        if names_a_unit(text, tokens, &numbers[b]) {
            let m = &mut numbers[b];
            m.category = Category::Label;
            (m.counted, m.counted_head) = (None, None);
            m.phrase_end_token = m.end_token;
        } else if let Some(date) = b
            .checked_sub(1)
            .filter(|_| numbers[b].counted.is_none())
            .and_then(|a| second_day(text, tokens, &numbers[a], &numbers[b]))
        {
            let m = &mut numbers[b];
            m.category = Category::Date;
            m.date = Some(date);
            m.counted_head = None;
        }
    }
}

/// The date `day` completes when it follows the day of `date` after "and", "to", "through",
/// "until" or a dash, and is a later day of a month.
fn second_day(
    text: &str,
    tokens: &[Token],
    date: &NumberMention,
    day: &NumberMention,
) -> Option<DateParts> {
    let parts = date.date.filter(|_| date.category == Category::Date)?;
    let first_day = parts.day?;
    // In digits: "WASHINGTON, April 3 - Four U.S. meat processors" starts a sentence.
    let digits = tokens[day.first_token as usize].kind == TokenKind::Number;
    if day.first_token != date.end_token + 1
        || day.vague
        || day.end_token != day.first_token + 1
        || !digits
    {
        return None;
    }
    let joiner = word::lower(text, tokens, date.end_token as usize);
    let joins = matches!(
        joiner.as_str(),
        "and" | "to" | "through" | "until" | "till" | "-" | "–" | "—" | "&"
    );
    let value = day.value;
    let later_day = value.fract() == 0.0 && value > f64::from(first_day) && value <= 31.0;
    (joins && later_day).then_some(DateParts {
        day: Some(value as u32),
        ..parts
    })
}

/// Words before a number that make it the name of a unit, vehicle, road or room.
const UNIT_WORDS: &[&str] = &[
    "Company",
    "Battalion",
    "Brigade",
    "Regiment",
    "Division",
    "Unit",
    "Platoon",
    "Squad",
    "Route",
    "Road",
    "Highway",
    "Flight",
    "Bus",
    "Train",
    "Room",
    "Building",
    "Block",
    "Gate",
    "Terminal",
    "Street",
    "Zone",
    "Sector",
    "Checkpoint",
    "Base",
];

/// True when a capitalized unit word stands right before the number ("Company 1201").
fn names_a_unit(text: &str, tokens: &[Token], m: &NumberMention) -> bool {
    let Some(before) = (m.first_token as usize).checked_sub(1) else {
        return false;
    };
    let written = tokens[before].as_str(text);
    // "The hotline, 1288, is free"
    let hotline =
        written == "," && before > 0 && word::lower(text, tokens, before - 1).as_str() == "hotline";
    !m.vague
        && m.qualifier.is_none()
        && tokens[m.first_token as usize].kind == TokenKind::Number
        && (UNIT_WORDS.contains(&written) || hotline)
}

/// Verbs whose subject does the event to someone else: a count before one of them, with an
/// object after it, counts the doers.
const AGENT_VERBS: &[&str] = &[
    "rescue",
    "arrest",
    "detain",
    "raid",
    "deport",
    "repatriate",
    "free",
    "release",
    "seize",
    "question",
    "intercept",
    "inspect",
    "search",
    "recruit",
    "send",
    "identify",
    "find",
    "save",
    "capture",
    "apprehend",
    "interview",
    "evacuate",
    "transfer",
    "help",
    "assist",
    "escort",
    "traffic",
];

/// Marks `agent` on the counts that did their event: "30 officials rescued 19 workers" (a
/// count right before an active verb with an object), "were rescued by 30 officials".
pub(crate) fn mark_agents(text: &str, tokens: &[Token], numbers: &mut [NumberMention]) {
    for m in numbers.iter_mut() {
        if m.category != Category::Count || m.parent.is_some() {
            continue;
        }
        let Some(event) = m.event.as_deref() else {
            continue;
        };
        if !AGENT_VERBS.contains(&event) {
            continue;
        }
        let by = (m.first_token as usize)
            .checked_sub(1)
            .is_some_and(|k| is_word(text, tokens, k, "by"));
        // A noun of people or bodies, not a unit ("0.25 ct charge", "1300 CDT").
        let counts_doers = m
            .counted_head
            .as_deref()
            .is_some_and(|h| h.len() > 3 && h.bytes().all(|b| b.is_ascii_lowercase()));
        m.agent = by || (counts_doers && does_to_object(text, tokens, m, event));
    }
}

/// True when the verb right after the counted phrase is the event, active ("rescued", not
/// "were rescued"), and something follows it that it is done to.
fn does_to_object(text: &str, tokens: &[Token], m: &NumberMention, event: &str) -> bool {
    let mut k = m.phrase_end_token as usize;
    // "30 officials also rescued", "30 officials quickly rescued"
    while matches!(
        word::lower(text, tokens, k).as_str(),
        "also" | "then" | "later"
    ) || word::lower(text, tokens, k).ends_with("ly")
    {
        k += 1;
    }
    let Some(verb) = tokens.get(k).filter(|t| t.kind == TokenKind::Word) else {
        return false;
    };
    let written = verb.as_str(text);
    if !written.bytes().all(|b| b.is_ascii_lowercase()) || written.ends_with("ing") {
        return false;
    }
    if verb_lemma(written).as_deref() != Some(event) {
        return false;
    }
    let Some(object) = tokens.get(k + 1) else {
        return false;
    };
    let next = word::lower(text, tokens, k + 1);
    object.kind == TokenKind::Number
        || (object.kind == TokenKind::Word
            && !matches!(
                next.as_str(),
                "by" | "in"
                    | "at"
                    | "on"
                    | "from"
                    | "to"
                    | "into"
                    | "with"
                    | "after"
                    | "during"
                    | "since"
                    | "for"
                    | "and"
                    | "or"
                    | "but"
                    | "as"
                    | "when"
                    | "while"
            ))
}

#[cfg(test)]
mod tests {
    use crate::testing::linked as run;
    use crate::Category;

    #[test]
    fn the_second_day_of_a_date_is_a_day() {
        let n = run("Police detained them on March 9 and 10, and again from August 23 to 26.");
        let got: Vec<_> = n
            .iter()
            .map(|m| (m.value, m.category, m.date.and_then(|d| d.day)))
            .collect();
        assert_eq!(
            got,
            [
                (9.0, Category::Date, Some(9)),
                (10.0, Category::Date, Some(10)),
                (23.0, Category::Date, Some(23)),
                (26.0, Category::Date, Some(26)),
            ]
        );
        assert_eq!(n[3].date.unwrap().month, 8);
        // Not a count that follows a date with a noun of its own.
        let n = run("On March 9 and 40 workers fled.");
        assert_eq!(n[1].category, Category::Count);
    }

    #[test]
    fn unit_and_vehicle_numbers_are_labels() {
        let n = run("Soldiers of Company 1201 drove along Route 4 to meet Flight 123.");
        let cats: Vec<_> = n.iter().map(|m| m.category).collect();
        assert_eq!(cats, [Category::Label; 3]);
        let n = run("The hotline, 1288, is open.");
        assert_eq!(n[0].category, Category::Label);
        let n = run("The company hired 1201 workers.");
        assert_eq!(n[0].category, Category::Count);
    }

    #[test]
    fn doers_are_agents_and_the_done_to_are_not() {
        let n = run("Some 30 officials rescued 19 workers from the compound.");
        let got: Vec<_> = n
            .iter()
            .map(|m| (m.value, m.event.as_deref(), m.agent))
            .collect();
        assert_eq!(
            got,
            [(30.0, Some("rescue"), true), (19.0, Some("rescue"), false)]
        );
        let n = run("Nineteen workers were rescued by 30 officials.");
        assert_eq!((n[0].agent, n[1].agent), (false, true));
        // Passive, and intransitive verbs, have no agent.
        let n = run("225 victims were rescued on Monday.");
        assert!(!n[0].agent);
        let n = run("About 40 workers fled to Thailand.");
        assert!(!n[0].agent);
    }

    #[test]
    fn breakdowns_after_a_dash_and_parts_without_a_noun() {
        let n = run("Police detained 11 suspects – nine Chinese and two Cambodians – on Friday.");
        let parents: Vec<_> = n.iter().map(|m| m.parent).collect();
        assert_eq!(parents[..3], [None, Some(0), Some(0)]);
        let n = run("Of 1,018 workers found in the raid, 679 were rescued.");
        assert_eq!(n[1].parent, Some(0));
        assert_eq!(n[1].counted_head.as_deref(), Some("worker"));
        assert_eq!(n[1].relation, Some(crate::Relation::Subset));
    }

    #[test]
    fn modifier_nouns_do_not_take_the_head() {
        let n = run(
            "Police arrested 60 human trafficking suspects and closed two illegal gambling sites.",
        );
        let heads: Vec<_> = n.iter().map(|m| m.counted_head.as_deref()).collect();
        assert_eq!(heads, [Some("suspect"), Some("site")]);
        let n = run("About two young Lithuanians getting ready to leave.");
        assert_eq!(n[0].counted_head.as_deref(), Some("lithuanian"));
        let n = run("Some 20 properties already suffering losses were sold.");
        assert_ne!(n[0].counted_head.as_deref(), Some("loss"));
        let n = run("Half of the funding comes from donors, and three credit rating agencies.");
        assert_eq!(n[1].counted_head.as_deref(), Some("agency"));
        let n = run("Officials in 12 provinces asking for help.");
        assert_eq!(n[0].counted_head.as_deref(), Some("province"));
    }
}
