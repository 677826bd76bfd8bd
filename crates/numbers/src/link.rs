//! Context between numbers and words of their sentence: which count is part of which
//! ("153 people, including 18 women"), and the event verb a number is an argument of.

use std::borrow::Cow;
use std::cell::Cell;

use tonle_text::{is_joiner, Token, TokenKind};

use crate::lemma::{is_lowercase_verb_at, verb_lemma};
use crate::lexicon::{ends_counted, is_left_filler, is_negation, is_part_cue, is_verb_group_word};
use crate::mention::{Category, NumberMention, Relation};
use crate::word::{self, Lower};

/// How far (in tokens) a subset may stand from the count it is part of.
const SUBSET_WINDOW: u32 = 25;

/// Fills `parent`, `relation`, `event` and `negated` of the numbers `extract` found in
/// `text`, using the sentence starts from [`tonle_text::split_sentences`]. A part inherits
/// the counted noun, event and negation of its whole when its own clause gives none.
///
/// ```
/// let text = "Police rescued 153 people, including 18 women, and arrested 22 suspects.";
/// let mut tokens = Vec::new();
/// tonle_text::tokenize(text, &mut tokens);
/// let mut sentences = Vec::new();
/// tonle_text::split_sentences(text, &tokens, &mut sentences);
/// let mut numbers = Vec::new();
/// tonle_numbers::extract(text, &tokens, &mut numbers);
/// tonle_numbers::link(text, &tokens, &sentences, &mut numbers);
/// assert_eq!(numbers[0].event.as_deref(), Some("rescue"));
/// assert_eq!((numbers[1].parent, numbers[1].relation, numbers[1].event.as_deref()), (Some(0), Some(tonle_numbers::Relation::Subset), Some("rescue")));
/// assert_eq!((numbers[2].parent, numbers[2].event.as_deref()), (None, Some("arrest")));
/// ```
pub fn link(text: &str, tokens: &[Token], sentences: &[u32], numbers: &mut [NumberMention]) {
    let linker = Linker {
        text,
        tokens,
        clause_verbs: vec![Cell::new(Memo::Unknown); tokens.len()],
    };
    crate::roles::date_parts_and_labels(text, tokens, numbers);
    let spans = sentence_spans(sentences, tokens.len(), numbers);
    for (m, &span) in numbers.iter_mut().zip(&spans) {
        (m.event, m.negated) = linker.event(span, m);
    }
    // Wholes first, so that a part can take its whole's context even when the whole comes
    // later ("three of the 17 suspects").
    let mut wholes: Vec<Option<usize>> = Vec::with_capacity(numbers.len());
    for b in 0..numbers.len() {
        let whole = linker
            .whole_of(spans[b].start, numbers, b)
            .or_else(|| linker.whole_in_sentence_before(&spans, numbers, &wholes, b));
        wholes.push(whole);
    }
    // "162 were identified as ..., and 80 others were identified as criminal suspects": the
    // others are a part of the same whole as the part before them.
    for b in 1..numbers.len() {
        if wholes[b].is_none() && numbers[b].counted_head.as_deref() == Some("other") {
            let siblings = (0..b)
                .rev()
                .take_while(|&c| spans[c].start == spans[b].start);
            wholes[b] = siblings.filter_map(|c| wholes[c]).next();
        }
    }
    linker.breakdowns(&spans, numbers, &mut wholes);
    linker.only_some(&spans, numbers, &mut wholes);
    for b in 0..numbers.len() {
        if let Some(a) = wholes[b] {
            let (parent_head, parent_event, parent_negated) = (
                numbers[a].counted_head.clone(),
                numbers[a].event.clone(),
                numbers[a].negated,
            );
            let part = &mut numbers[b];
            part.parent = Some(a as u32);
            part.relation = Some(Relation::Subset);
            if part.counted_head.is_none() || part.counted_head.as_deref() == Some("other") {
                part.counted_head = parent_head;
            }
            if part.event.is_none() {
                part.event = parent_event;
                part.negated = parent_negated;
            }
        } else if b > 0
            && numbers[b].counted_head.is_none()
            && (linker.restates(&numbers[b - 1], &numbers[b])
                || spans[b].start == spans[b - 1].start
                    && linker.continues_list(&numbers[b - 1], &numbers[b]))
        {
            // "67 workers (៦៧ នាក់)": the bracketed repeat counts the same thing; so does
            // the next of a list ("3,261 Cambodians were repatriated from Thailand, 854 from
            // Malaysia and 312 from China").
            numbers[b].counted_head = numbers[b - 1].counted_head.clone();
        } else if numbers[b].counted_head.is_none() {
            // "The number of Thai nationals deported ... climbed to 2,145".
            numbers[b].counted_head = linker.number_of(spans[b], &numbers[b]);
        }
        if numbers[b].event.is_none() {
            (numbers[b].event, numbers[b].negated) = linker.nearest_verb(spans[b], &numbers[b]);
        }
    }
    crate::roles::mark_agents(text, tokens, numbers);
}

/// A count that says what it counts ("people"; not "others"): what a part may belong to.
fn names_what_it_counts(m: &NumberMention) -> bool {
    m.category == Category::Count && m.counted_head.as_deref().is_some_and(|h| h != "other")
}

/// The tokens of a number's sentence.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

/// The sentence of each number, from the sentence starts, in one pass over both: numbers
/// come in text order.
fn sentence_spans(sentences: &[u32], tokens: usize, numbers: &[NumberMention]) -> Vec<Span> {
    let mut s = 0;
    numbers
        .iter()
        .map(|m| {
            while sentences
                .get(s + 1)
                .is_some_and(|&next| next <= m.first_token)
            {
                s += 1;
            }
            Span {
                start: sentences.get(s).map_or(0, |&start| start as usize),
                end: sentences.get(s + 1).map_or(tokens, |&end| end as usize),
            }
        })
        .collect()
}

/// How far (in tokens) the clause verb of a number may be when nothing closer governs it.
const CLAUSE_WINDOW: usize = 15;

/// A text's tokens as linking reads them around its numbers, with what it learnt of them.
struct Linker<'a> {
    text: &'a str,
    tokens: &'a [Token],
    /// Per token, whether it is a clause verb (see `nearest_verb`), once asked: the windows
    /// of neighbouring numbers overlap, most of all in tables of figures.
    clause_verbs: Vec<Cell<Memo>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Memo {
    Unknown,
    Yes,
    No,
}

impl Linker<'_> {
    /// The token at `k` if it is a verb form. Only lower-case words are tried: this runs for
    /// many tokens around every number.
    fn verb_at(&self, k: usize) -> Option<&str> {
        let t = self.tokens.get(k)?;
        is_lowercase_verb_at(self.text, t).then(|| t.as_str(self.text))
    }

    /// The token as written.
    fn raw(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.as_str(self.text))
    }

    /// The token in lower case, without allocating.
    fn lower(&self, i: usize) -> Lower<'_> {
        word::lower(self.text, self.tokens, i)
    }

    fn is(&self, i: usize, word: &str) -> bool {
        word::is_word(self.text, self.tokens, i, word)
    }

    fn is_punct(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Punct)
            && !is_joiner(self.text, self.tokens, i)
    }

    /// The count that number `b` is a part of, if a cue says so: "including", "of whom",
    /// "among them", "N of them", or a colon introducing a breakdown.
    fn whole_of(
        &self,
        sentence_start: usize,
        numbers: &[NumberMention],
        b: usize,
    ) -> Option<usize> {
        let part = &numbers[b];
        if !matches!(
            part.category,
            Category::Count | Category::Fraction | Category::Percent
        ) {
            return None;
        }
        if let Some(whole) = self.whole_after_of(numbers, b) {
            return Some(whole);
        }
        if let Some(whole) = self.whole_opening_sentence(sentence_start, numbers, b) {
            return Some(whole);
        }
        if part.category != Category::Count {
            // "30 percent of them", "half of whom": a share of the count before.
            return self
                .of_them(part.end_token as usize)
                .then(|| self.whole_before_cue(sentence_start, numbers, b))
                .flatten();
        }
        if part.counted_head.as_deref().is_some_and(|h| {
            matches!(
                h,
                "nationality"
                    | "country"
                    | "province"
                    | "city"
                    | "district"
                    | "time"
                    | "day"
                    | "week"
                    | "month"
                    | "year"
                    | "hour"
                    | "minute"
                    | "location"
                    | "language"
            )
        }) {
            return None;
        }
        self.whole_before_cue(sentence_start, numbers, b)
    }

    /// "three of the 17 suspects", "9 percent of the 1,200 migrants", "one of 41": the
    /// number right after "of" (and a determiner or qualifier).
    fn whole_after_of(&self, numbers: &[NumberMention], b: usize) -> Option<usize> {
        let part = &numbers[b];
        let mut k = part.end_token as usize;
        if self.is(k, "of") {
            k += 1;
            loop {
                if matches!(
                    self.lower(k).as_str(),
                    "the"
                        | "these"
                        | "those"
                        | "roughly"
                        | "about"
                        | "around"
                        | "nearly"
                        | "some"
                        | "almost"
                        | "approximately"
                        | "estimated"
                        | "an"
                ) {
                    k += 1;
                } else if let Some(after) = self.possessive_end(k) {
                    // "60% of the compound's 2,400 workers", "of Poipet's 100,000 residents".
                    k = after;
                } else {
                    break;
                }
            }
            if let Some(next) = numbers.get(b + 1) {
                let scalable = part.category != Category::Count || next.value >= part.value;
                if next.first_token as usize == k && next.category == Category::Count && scalable {
                    return Some(b + 1);
                }
            }
        }
        None
    }

    /// "Of the 3,000 Indonesians ..., roughly two-thirds ...", "Among the 1,071 victims ...
    /// were 642 foreigners": the count right after the words that open the sentence.
    fn whole_opening_sentence(
        &self,
        sentence_start: usize,
        numbers: &[NumberMention],
        b: usize,
    ) -> Option<usize> {
        let part = &numbers[b];
        // The whole stands right after the opening words, so test those first: a sentence can
        // hold hundreds of numbers (tables of figures), and most sentences open otherwise.
        // "Of the 1,018 ...", and "Of 1,018 ..." without the article.
        // "Out of 4,400 employees ..., 3,100 were ...".
        let opening = sentence_start + usize::from(self.is(sentence_start, "out"));
        let opens = self.is(opening, "of") || self.is(sentence_start, "among");
        if opens {
            let at = (opening + 1 + usize::from(self.is(opening + 1, "the"))) as u32;
            // Numbers are in text order: a binary search, not a scan back through every
            // number of the document when no number stands there (quadratic on a long one).
            let after = numbers[..b].partition_point(|n| n.first_token <= at);
            let found = after
                .checked_sub(1)
                .filter(|&a| numbers[a].first_token == at);
            if let Some(a) = found {
                let whole = &numbers[a];
                let scalable = part.category != Category::Count || whole.value >= part.value;
                if whole.first_token as usize >= sentence_start
                    && whole.category == Category::Count
                    && scalable
                {
                    return Some(a);
                }
            }
        }
        None
    }

    /// The count before part `b` in its sentence, with a cue ("including", "among", ":")
    /// between them or "of them" after the part.
    fn whole_before_cue(
        &self,
        sentence_start: usize,
        numbers: &[NumberMention],
        b: usize,
    ) -> Option<usize> {
        let part = &numbers[b];
        // For a number before the part: numbers come in text order.
        let same_sentence = |n: &NumberMention| n.first_token as usize >= sentence_start;
        let of_them = self.of_them(part.end_token as usize);
        // The last cue before the part, within reach of any whole; found once, since the
        // cue for each whole below is this one if it stands after the whole's phrase.
        let find_last_cue = || {
            (part.first_token.saturating_sub(SUBSET_WINDOW) as usize..part.first_token as usize)
                .rev()
                .find(|&k| is_part_cue(self.raw(k)))
        };
        let mut last_cue = None;
        // No new clause between the cue (or the previous part) and this number:
        // "including 18 women, and arrested 22 suspects" ends the list at "arrested".
        let list_goes_on = |cue: usize| {
            let previous_end = numbers[b - 1].end_token as usize;
            let clause_from = cue.max(previous_end);
            !(clause_from..part.first_token as usize).any(|k| self.verb_at(k).is_some())
        };
        let mut goes_on = None;
        for a in (0..b).rev() {
            let whole = &numbers[a];
            if part.first_token.saturating_sub(whole.end_token) > 4 * SUBSET_WINDOW
                || !same_sentence(whole)
            {
                break;
            }
            let scalable = part.category != Category::Count || whole.value >= part.value;
            if whole.category != Category::Count || !scalable {
                continue;
            }
            let from = whole.phrase_end_token.max(whole.end_token);
            if part.first_token < from || part.first_token - from > SUBSET_WINDOW {
                continue;
            }
            if of_them {
                return Some(a);
            }
            let cue = *last_cue.get_or_insert_with(find_last_cue);
            let Some(cue) = cue.filter(|&cue| cue >= from as usize) else {
                continue;
            };
            if *goes_on.get_or_insert_with(|| list_goes_on(cue)) {
                return Some(a);
            }
        }
        None
    }

    /// "... authorities found 871 foreigners from 12 countries. 162 were identified as involved
    /// in smuggling": a count that opens its sentence, counts nothing of its own and is followed
    /// by a verb is a part of the last count of the sentence before that counts something, is
    /// at least as large and is not a part itself (`wholes`, known for the numbers before `b`).
    fn whole_in_sentence_before(
        &self,
        spans: &[Span],
        numbers: &[NumberMention],
        wholes: &[Option<usize>],
        b: usize,
    ) -> Option<usize> {
        let part = &numbers[b];
        let opens = part.first_token as usize == spans[b].start;
        if part.category != Category::Count || part.counted_head.is_some() || !opens {
            return None;
        }
        let next = part.phrase_end_token as usize;
        if !(is_verb_group_word(&self.lower(next)) || self.verb_at(next).is_some()) {
            return None;
        }
        (0..b)
            .rev()
            .take_while(|&a| spans[a].end == spans[b].start)
            .find(|&a| {
                names_what_it_counts(&numbers[a])
                    && wholes[a].is_none()
                    && numbers[a].value >= part.value
            })
    }

    /// "arrested four people, one Cambodian and three Vietnamese,": counts that follow a count
    /// with only commas, "and", a dash or a colon between them, each naming what it counts,
    /// and that close like an apposition, are its parts when they add up to it.
    fn breakdowns(&self, spans: &[Span], numbers: &[NumberMention], wholes: &mut [Option<usize>]) {
        let is_count = |m: &NumberMention| names_what_it_counts(m) && m.value.fract() == 0.0;
        let only_joins = |from: u32, to: u32, joins: &[&str]| {
            from < to && (from as usize..to as usize).all(|k| joins.contains(&self.raw(k)))
        };
        for a in 0..numbers.len() {
            // Not an item of a list itself: in "one seeker, three chasers, two beaters and one
            // keeper" the last two add up to the second by chance.
            let first = numbers[a].first_token as usize;
            let listed = first > 0 && matches!(self.raw(first - 1), "," | "and");
            // A whole names a kind its parts divide ("four people, one Cambodian and three
            // Vietnamese"), in lower case; "eight Vietnamese, five Chinese and three
            // Cambodians" is a list of peoples.
            let common_noun = numbers[a].counted.is_some_and(|(start, end)| {
                let head = self.text[start as usize..end as usize]
                    .split_whitespace()
                    .last();
                head.is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()))
            });
            if wholes[a].is_some() || !is_count(&numbers[a]) || listed || !common_noun {
                continue;
            }
            let (mut sum, mut last, mut to) = (0.0, a, a);
            for b in a + 1..numbers.len() {
                let prev = &numbers[last];
                let joins: &[&str] = if last == a {
                    &[",", "–", "—", "-", ":", "("]
                } else {
                    &[",", "and", ";"]
                };
                let part = &numbers[b];
                if spans[b].start != spans[a].start
                    || wholes[b].is_some()
                    || !is_count(part)
                    || !only_joins(
                        prev.phrase_end_token.max(prev.end_token),
                        part.first_token,
                        joins,
                    )
                {
                    break;
                }
                sum += part.value;
                (last, to) = (b, b);
            }
            // Closed like an apposition: "Seven buffalo, six cows and one bull have been
            // trained" is a list.
            let after = {
                let last = &numbers[to];
                self.raw(last.phrase_end_token.max(last.end_token) as usize)
            };
            let closed = matches!(after, "," | "–" | "—" | "-" | ")" | "." | ";" | "");
            if to >= a + 2 && sum == numbers[a].value && closed {
                for whole in &mut wholes[a + 1..=to] {
                    *whole = Some(a);
                }
            }
        }
    }

    /// "questioned 11 people but charged only four", "91 foxes - only four were killed": a
    /// count that names nothing, after "only" or "just", in a clause of its own, is a part of
    /// the last count before it in its sentence.
    fn only_some(&self, spans: &[Span], numbers: &[NumberMention], wholes: &mut [Option<usize>]) {
        for b in 1..numbers.len() {
            let part = &numbers[b];
            let first = part.first_token as usize;
            if wholes[b].is_some()
                || part.category != Category::Count
                || part.counted_head.is_some()
                || first == 0
                || !matches!(self.lower(first - 1).as_str(), "only" | "just")
            {
                continue;
            }
            let whole = (0..b)
                .rev()
                .take_while(|&a| spans[a].start == spans[b].start)
                .find(|&a| names_what_it_counts(&numbers[a]) && wholes[a].is_none());
            // A clause of its own: a verb between them ("but charged only four") or after it
            // ("91 foxes - only four were killed").
            let own_clause = |a: usize| {
                let after = part.phrase_end_token.max(part.end_token) as usize;
                (numbers[a].end_token as usize..first).any(|k| self.verb_at(k).is_some())
                    || is_verb_group_word(&self.lower(after))
                    || self.verb_at(after).is_some()
            };
            wholes[b] = whole.filter(|&a| numbers[a].value >= part.value && own_clause(a));
        }
    }

    /// True when "of them", "of whom", "of which"... stands at token `k`.
    fn of_them(&self, k: usize) -> bool {
        self.is(k, "of")
            && matches!(
                self.lower(k + 1).as_str(),
                "them" | "whom" | "which" | "those" | "these"
            )
    }

    /// The token after a possessive that starts at `k` ("compound's", "Poipet’s"), if one
    /// does.
    fn possessive_end(&self, k: usize) -> Option<usize> {
        let word = self.tokens.get(k)?;
        (word.kind == TokenKind::Word
            && matches!(self.raw(k + 1), "'" | "’")
            && self.is(k + 2, "s")
            && self.tokens[k + 1].gap == tonle_text::Gap::None
            && self.tokens[k + 2].gap == tonle_text::Gap::None)
            .then_some(k + 3)
    }

    /// True when `b` repeats `a` in brackets: same value, "(" between them.
    fn restates(&self, a: &NumberMention, b: &NumberMention) -> bool {
        a.value == b.value
            && b.first_token > a.end_token
            && b.first_token - a.end_token <= 8
            && (a.end_token as usize..b.first_token as usize).any(|k| self.raw(k) == "(")
    }

    /// True when count `b`, which names nothing it counts, continues a list of counts of
    /// one thing after count `a` of its sentence: after a comma, "and", "to" or "a further",
    /// and before a preposition or the end of its clause ("..., 854 from Malaysia and 312
    /// from China", "83 Cambodians on Monday and a further 120 on Wednesday").
    fn continues_list(&self, a: &NumberMention, b: &NumberMention) -> bool {
        let (first, end) = (b.first_token as usize, b.end_token as usize);
        a.category == Category::Count
            && b.category == Category::Count
            && a.counted_head.as_deref().is_some_and(|h| h != "other")
            && first > 0
            && matches!(
                self.lower(first - 1).as_str(),
                "," | "and" | "to" | "from" | "further" | "another" | "while" | "but"
            )
            && matches!(
                self.lower(end).as_str(),
                "from" | "in" | "on" | "at" | "for" | "by" | "last" | "this" | "," | "." | ";" | ""
            )
    }

    /// What a count names when it is the value a "number of" before it in its sentence
    /// reached: "The number of Thai nationals deported ... climbed to 2,145" counts
    /// nationals. Only a count right after "to", "at", "from", "reached" or "hit".
    fn number_of(&self, span: Span, m: &NumberMention) -> Option<String> {
        let first = m.first_token as usize;
        if m.category != Category::Count
            || first == 0
            || !matches!(
                self.lower(first - 1).as_str(),
                "to" | "at" | "from" | "reached" | "hit"
            )
        {
            return None;
        }
        let of = (span.start..first.saturating_sub(1))
            .find(|&k| self.is(k, "number") && self.is(k + 1, "of"))?;
        // The noun phrase after "of", up to its first verb form: "anti-Muslim hate groups
        // rose" names groups, "suspicious transaction reports filed" reports.
        let mut head = None;
        for k in of + 2..(of + 8).min(first) {
            if head.is_some() && is_joiner(self.text, self.tokens, k) {
                continue;
            }
            let w = self.lower(k);
            let w = w.as_str();
            // A verb's "-s" form is more often a plural noun here ("transaction reports").
            let verb_form = w.ends_with("ed")
                || w.ends_with("ing")
                || !w.ends_with('s') && crate::lemma::is_verb(w);
            if self.tokens[k].kind != TokenKind::Word
                || ends_counted(w)
                || head.is_some() && verb_form && !is_joiner(self.text, self.tokens, k - 1)
            {
                break;
            }
            head = Some(k);
        }
        head.map(|k| crate::lemma::singular(self.raw(k)))
    }

    fn negated_before(&self, verb: usize, floor: usize) -> bool {
        (verb.saturating_sub(3).max(floor)..verb).any(|n| is_negation(&self.lower(n)))
    }

    /// The verb of the number's clause when no verb stands right next to it: the nearest
    /// verb of the sentence within `CLAUSE_WINDOW` tokens, the earlier one on a tie ("on Dec.
    /// 12" in "... were repatriated on Dec. 12"). Searched outward from the number, so that
    /// the search stops at the first verb.
    fn nearest_verb(
        &self,
        Span { start, end }: Span,
        m: &NumberMention,
    ) -> (Option<Cow<'static, str>>, bool) {
        let first = m.first_token as usize;
        let last = (m.end_token as usize).max(first + 1) - 1;
        // Outward, one token each side at a time, the earlier side first; the sentence
        // bounds the search.
        let before_floor = first.saturating_sub(CLAUSE_WINDOW).max(start);
        let after_ceiling = (last + CLAUSE_WINDOW + 1).min(end);
        for distance in 1..=CLAUSE_WINDOW {
            let before = first.wrapping_sub(distance);
            let after = last + distance;
            let (has_before, has_after) = (first >= before_floor + distance, after < after_ceiling);
            if !(has_before || has_after) {
                break;
            }
            for (k, present) in [(before, has_before), (after, has_after)] {
                if present && self.is_clause_verb(k) {
                    return (verb_lemma(self.raw(k)), self.negated_before(k, start));
                }
            }
        }
        (None, false)
    }

    /// True when token `k` can be the verb of a clause: a verb form, not a reporting verb
    /// (which frames the clause) nor a gerund ("trafficking victims" modifies). Memoized.
    #[inline]
    fn is_clause_verb(&self, k: usize) -> bool {
        let memo = &self.clause_verbs[k];
        match memo.get() {
            Memo::Yes => true,
            Memo::No => false,
            Memo::Unknown => {
                // Punctuation, numbers and capitalized words are settled here, inline.
                let t = &self.tokens[k];
                let lowercase = self.text.as_bytes()[t.start as usize].is_ascii_lowercase();
                let is = t.kind == TokenKind::Word
                    && lowercase
                    && self.verb_at(k).is_some_and(|verb| {
                        !(verb == "said" || verb == "says" || verb.ends_with("ing"))
                    });
                memo.set(if is { Memo::Yes } else { Memo::No });
                is
            }
        }
    }

    /// "involved in (human) trafficking", "engaged in smuggling": the activity's verb, for a
    /// participle that only says someone took part in it.
    fn involved_in(&self, k: usize) -> Option<Cow<'static, str>> {
        if !matches!(
            self.lower(k).as_str(),
            "involved" | "engaged" | "implicated" | "participating"
        ) || self.lower(k + 1).as_str() != "in"
        {
            return None;
        }
        (k + 2..k + 5)
            .take_while(|&j| !self.is_punct(j))
            .find_map(|j| {
                let w = self.lower(j);
                w.ends_with("ing").then(|| verb_lemma(w.as_str())).flatten()
            })
    }

    /// The lemma of the verb number `m` is an argument of, and whether it is negated. The
    /// verb after the counted phrase is tried first ("225 victims were rescued"), then the
    /// one before the number ("police rescued 153 people").
    fn event(&self, sentence: Span, m: &NumberMention) -> (Option<Cow<'static, str>>, bool) {
        let (sentence_start, sentence_end) = (sentence.start, sentence.end);
        // After: "were rescued", "have been arrested", "who were deported", "fled".
        let mut negated = false;
        let mut prepositions = false;
        let mut k = m.phrase_end_token as usize;
        let mut skipped = 0;
        while k < sentence_end && skipped <= 4 {
            if self.is_punct(k) {
                break;
            }
            let w = self.lower(k);
            if matches!(w.as_str(), "not" | "never" | "t") {
                negated = true;
            } else if matches!(w.as_str(), "from" | "of" | "in" | "at" | "aged" | "with")
                && !prepositions
            {
                // "41 suspects from three nationalities have been arrested"
                prepositions = true;
                let mut words = 0;
                while words < 3
                    && k + 1 < sentence_end
                    && !self.is_punct(k + 1)
                    && !is_verb_group_word(&self.lower(k + 1))
                {
                    k += 1;
                    words += 1;
                }
            } else if let Some(lemma) = verb_lemma(&w).or_else(|| self.involved_in(k)) {
                return (Some(lemma), negated);
            } else if !(is_verb_group_word(&w)
                || w.ends_with("ly")
                || matches!(w.as_str(), "who" | "that" | "which" | "all" | "also" | "'")
                || self.raw(k) == "’")
            {
                break;
            }
            k += 1;
            skipped += 1;
        }
        // Before: "rescued 153 people", "arrested a total of 41 suspects", "sentenced to 15 years".
        let mut k = m.first_token as usize;
        let mut steps = 0;
        while k > sentence_start && steps < 8 {
            k -= 1;
            steps += 1;
            if self.is_punct(k) && !matches!(self.lower(k).as_str(), "$" | "-") {
                break;
            }
            let w = self.lower(k);
            if is_left_filler(&w) {
                continue;
            }
            if let Some(lemma) = verb_lemma(&w) {
                return (Some(lemma), self.negated_before(k, sentence_start));
            }
            break;
        }
        (None, false)
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::linked as run;

    #[test]
    fn subsets_and_inherited_context() {
        let t = "The committee found 1,122 people, of whom 121 were women, asking for help.";
        let n = run(t);
        assert_eq!(n[1].parent, Some(0));
        assert_eq!(n[1].counted_head.as_deref(), Some("woman"));
        assert_eq!(n[0].event.as_deref(), Some("find"));
        assert_eq!(n[1].event.as_deref(), Some("find"));
        let t = "A total of 225 victims were rescued: 124 of them were under 15-years-old and 31 were older.";
        let n = run(t);
        let got: Vec<_> = n
            .iter()
            .map(|m| {
                (
                    m.value,
                    m.parent,
                    m.event.as_deref(),
                    m.counted_head.clone(),
                )
            })
            .collect();
        assert_eq!(got[0], (225.0, None, Some("rescue"), Some("victim".into())));
        assert_eq!(
            got[1],
            (124.0, Some(0), Some("rescue"), Some("victim".into()))
        );
        assert_eq!(got[3].1, Some(0), "{got:?}");
    }

    #[test]
    fn parts_by_share_breakdown_only_and_out_of() {
        // (text, value) of each number and the text of its whole, if any.
        let parts = |t: &str| -> Vec<(String, Option<String>, Option<String>)> {
            let n = run(t);
            n.iter()
                .map(|m| {
                    let text =
                        |m: &crate::NumberMention| t[m.start as usize..m.end as usize].to_string();
                    (
                        text(m),
                        m.parent.map(|p| text(&n[p as usize])),
                        m.counted_head.clone(),
                    )
                })
                .collect()
        };
        let whole = |t: &str| -> Vec<Option<String>> {
            parts(t).into_iter().map(|(_, whole, _)| whole).collect()
        };
        let four = Some("four".to_string());
        assert_eq!(
            whole("Police arrested four people, one Cambodian and three Vietnamese, in May."),
            [None, four.clone(), four]
        );
        // Two that add up to a third by chance, in a list of their own, are not its parts.
        let teams = whole("A team has one seeker, three chasers, two beaters and one keeper.");
        assert_eq!(teams, [None, None, None, None]);
        let peoples = whole("They included eight Vietnamese, five Chinese and three Cambodians.");
        assert_eq!(peoples, [None, None, None]);
        let herd = whole("Seven buffalo, six cows and one bull have been trained.");
        assert_eq!(herd, [None, None, None]);
        let p = parts("The hotline received 62 calls on Monday, half of them from mothers.");
        assert_eq!(
            p[1],
            ("half".into(), Some("62".into()), Some("call".into()))
        );
        let p = parts("Around 60% of the compound's 2,400 workers were recruited abroad.");
        assert_eq!(
            p[0],
            ("60%".into(), Some("2,400".into()), Some("worker".into()))
        );
        let p = parts("Police held 3 U.S. citizens at about three p.m. on Monday.");
        assert_eq!(p[0].2.as_deref(), Some("citizen"));
        let p = parts("Out of 4,400 casino employees laid off, 3,100 were foreigners.");
        assert_eq!(p[0].2.as_deref(), Some("employee"));
        assert_eq!(p[1].1.as_deref(), Some("4,400"));
        assert_eq!(
            whole("Police questioned 11 people but charged only four."),
            [None, Some("11".into())]
        );
        assert_eq!(
            whole("Hunters killed 91 foxes - only four were killed by hounds."),
            [None, Some("91".into())]
        );
        assert_eq!(
            whole("A clerk said only one of the 9 defendants came."),
            [Some("9".into()), None]
        );
    }

    #[test]
    fn a_count_naming_nothing_takes_the_noun_of_its_list_or_of_a_number_of() {
        let heads = |t: &str| -> Vec<(f64, Option<String>)> {
            run(t)
                .into_iter()
                .map(|m| (m.value, m.counted_head))
                .collect()
        };
        let got = heads(
            "Last year 3,261 Cambodians were repatriated from Thailand, 854 from Malaysia and \
             312 from China.",
        );
        assert!(
            got.iter().all(|(_, h)| h.as_deref() == Some("cambodian")),
            "{got:?}"
        );
        let got = heads(
            "The number of suspicious transaction reports filed by banks rose to 3,216 this \
             year, up from 2,104.",
        );
        assert!(
            got.iter().all(|(_, h)| h.as_deref() == Some("report")),
            "{got:?}"
        );
        // Not a list: the second number has a unit of its own, and "in 2023" is no count.
        let got = heads("Police held 40 suspects for 10 days in 2023.");
        assert_eq!(got[0].1.as_deref(), Some("suspect"), "{got:?}");
        assert!(
            got[1..]
                .iter()
                .all(|(_, h)| h.as_deref() != Some("suspect")),
            "{got:?}"
        );
    }

    #[test]
    fn the_counted_noun_stands_past_coordinated_capitals_and_before_particles() {
        let heads = |t: &str| -> Vec<Option<String>> {
            run(t).into_iter().map(|m| m.counted_head).collect()
        };
        let some = |h: &str| Some(h.to_string());
        assert_eq!(
            heads("Dozens of Thai and Cambodian fishermen were stranded."),
            [some("fisherman")]
        );
        assert_eq!(
            heads("Police questioned 19 Chinese and 6 Malaysian suspects."),
            [some("suspect"), some("suspect")]
        );
        assert_eq!(
            heads("Laos sent 1,370 Cambodians back and rescued 12 women bound for China."),
            [some("cambodian"), some("woman")]
        );
        assert_eq!(
            heads("It took in 50 new recruits per week."),
            [some("recruit")]
        );
        assert_eq!(heads("Five guards stood by the gate."), [some("guard")]);
    }

    #[test]
    fn a_count_that_opens_a_sentence_is_part_of_the_count_before() {
        let t = "Police found 871 migrants from 12 countries. 162 were identified as victims of \
                 trafficking, and 80 others were sent to court. 40 arrived later from Laos.";
        let n = run(t);
        let got: Vec<_> = n
            .iter()
            .map(|m| (m.value, m.parent, m.counted_head.as_deref()))
            .collect();
        assert_eq!(got[2], (162.0, Some(0), Some("migrant")), "{got:?}");
        assert_eq!(got[3], (80.0, Some(0), Some("migrant")), "{got:?}");
        // Not after a sentence without a count of something at least as large.
        assert_eq!(got[4].1, None, "{got:?}");
        let n = run("Police found 12 migrants. 162 were identified as victims.");
        assert_eq!(n[1].parent, None);
    }

    #[test]
    fn involved_in_names_the_activity() {
        let n =
            run("There were 22 suspects of three nationalities involved in trafficking 22 people.");
        assert_eq!(n[0].event.as_deref(), Some("traffic"));
        let n = run(
            "There were hundreds of other victims who have not been involved in human trafficking.",
        );
        assert_eq!(
            (n[0].event.as_deref(), n[0].negated),
            (Some("traffic"), true)
        );
    }

    #[test]
    fn nationalities_are_not_parts() {
        let n = run("Officers arrested 149 suspects, including 19 minors and 10 foreigners of three nationalities.");
        let parents: Vec<_> = n.iter().map(|m| m.parent).collect();
        assert_eq!(parents, [None, Some(0), Some(0), None]);
        assert_eq!(n[2].counted_head.as_deref(), Some("foreigner"));
    }

    #[test]
    fn events_before_after_and_negated() {
        let n = run("Police did not arrest the 12 suspects.");
        assert_eq!(
            (n[0].event.as_deref(), n[0].negated),
            (Some("arrest"), true)
        );
        let n = run("Some 41 suspects have been sent to court.");
        assert_eq!((n[0].event.as_deref(), n[0].negated), (Some("send"), false));
        let n = run("He was sentenced to 15 years in prison.");
        assert_eq!(n[0].event.as_deref(), Some("sentence"));
        let n = run("The hotline received about 10 complaints daily in August.");
        assert_eq!(
            (n[0].category.as_str(), n[0].unit, n[0].event.as_deref()),
            ("rate", Some("day"), Some("receive"))
        );
    }
}
