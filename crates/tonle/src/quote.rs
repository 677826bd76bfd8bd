//! Who said it: quoted passages (“...,” Kheng said) and reported speech (X told reporters
//! that ...), each with its reporting verb and, where the text names one, its speaker.
//!
//! Direct quotes are pairs of quotation marks (curly, straight or single) within a paragraph;
//! a quote left open at a paragraph's end is closed there when the next paragraph opens
//! another (the news convention for a quote running over paragraphs). A quote is kept when a
//! reporting verb attributes it (after it: `, Kheng said`, `said Kheng`; or before it:
//! `Kheng said: “`), when it goes on a quote of the same paragraph (`“A,” he said. “B.”`), or
//! when it is a sentence of six words or more; a short phrase in quotation marks with no verb
//! is a title or a scare quote (the “Safe Return” campaign), not a quote.
//!
//! Reported speech is a sentence without quotation marks whose subject says, tells, adds,
//! ... (`X said that CLAUSE`, `CLAUSE, police said`, `according to X, CLAUSE`): the clause is
//! the quote.
//!
//! The speaker is the person or organization (a gazetteer or pattern name, whose short forms
//! are linked to the full name already) that the attribution names; `he`/`she` stands for the
//! last person named before it outside quotes. Speakers that no name gives ("one victim
//! said") are left empty.

use tonle_gazetteer::is_common_word;
use tonle_text::{Gap, Token, TokenKind};

/// A person or organization named in the document, a candidate speaker.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Named {
    pub start: u32,
    pub end: u32,
    pub person: bool,
}

/// A quote found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Quote {
    /// Byte range of the quoted words: inside the marks, or the reported clause.
    pub start: u32,
    pub end: u32,
    /// Index of the token the quote starts at.
    pub first_token: u32,
    pub direct: bool,
    /// The reporting verb's lemma (`say`, `tell`, `according to`, ...).
    pub verb: Option<&'static str>,
    pub speaker: Option<SpeakerRef>,
    /// Byte start of the words naming the speaker at this quote (`he`, `Sovannarith`).
    pub speaker_at: Option<u32>,
    /// The speaker is `he` or `she` at `speaker_at`, resolved once all quotes are known.
    pronoun: bool,
    /// The token index where its paragraph starts.
    paragraph: usize,
    /// A direct quote with no closing mark, going on in the next paragraph.
    open_end: bool,
    /// The speaker is that of the quote next to it in its paragraph (`“A,” he said. “B.”`).
    inherits: bool,
}

/// Who a speaker is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SpeakerRef {
    /// A listed or pattern name: index into the names.
    Name(usize),
    /// A name no list holds, as the text writes it in full (byte range): `Miller said` after
    /// `John Miller`.
    Text { start: u32, end: u32, person: bool },
}

/// The lemma of a reporting verb, if `word` is one.
fn reporting_verb(word: &str) -> Option<&'static str> {
    // Asked of most tokens: rejected by length and first letter before any comparison.
    let bytes = word.as_bytes();
    if !(3..=12).contains(&bytes.len()) {
        return None;
    }
    let first = bytes[0].to_ascii_lowercase();
    if !matches!(
        first,
        b's' | b'a' | b't' | b'e' | b'c' | b'w' | b'n' | b'd' | b'i' | b'r' | b'o'
    ) {
        return None;
    }
    if bytes[0] == first {
        return reporting_verb_lower(word);
    }
    let mut lower = [0u8; 12];
    lower[..bytes.len()].copy_from_slice(bytes);
    lower[0] = first;
    std::str::from_utf8(&lower[..bytes.len()])
        .ok()
        .and_then(reporting_verb_lower)
}

fn reporting_verb_lower(word: &str) -> Option<&'static str> {
    Some(match word {
        "said" | "says" | "say" => "say",
        "told" | "tells" => "tell",
        "added" | "adds" => "add",
        "explained" | "explains" => "explain",
        "claimed" | "claims" => "claim",
        "warned" | "warns" => "warn",
        "stated" | "states" => "state",
        "noted" | "notes" => "note",
        "wrote" | "writes" => "write",
        "announced" | "announces" => "announce",
        "confirmed" | "confirms" => "confirm",
        "denied" | "denies" => "deny",
        "insisted" | "insists" => "insist",
        "asked" | "asks" => "ask",
        "stressed" | "stresses" => "stress",
        "recalled" | "recalls" => "recall",
        "replied" | "replies" => "reply",
        "alleged" | "alleges" => "allege",
        "argued" | "argues" => "argue",
        "acknowledged" | "acknowledges" => "acknowledge",
        "admitted" | "admits" => "admit",
        "reported" => "report",
        _ => return None,
    })
}

/// Verb forms that are as often nouns ("claims of abuse", "notes"): reported speech needs
/// `that` after them.
fn needs_that(word: &str) -> bool {
    matches!(
        word,
        "claims" | "states" | "notes" | "reported" | "alleged" | "says" | "asked"
    )
}

fn is_pronoun(word: &str) -> bool {
    matches!(word, "he" | "she" | "He" | "She")
}

fn is_stop(word: &str) -> bool {
    matches!(word, "." | "!" | "?" | "…" | ";")
}

const OPENING: [&str; 3] = ["“", "\"", "‘"];

/// How many names or quotes back a pronoun or `the ministry` is looked up: enough for an
/// article, and it keeps a huge document linear.
const LOOK_BACK: usize = 64;

/// How many tokens either way a short form's full name is looked for.
const NAME_WINDOW: usize = 3000;

/// Everything the finder reads: the text, its tokens and sentences, and the named speakers
/// (in start order).
pub(crate) struct Context<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    pub sentences: &'a [u32],
    pub names: &'a [Named],
    /// The runs of two or more capitalized words (first and last token), made when first
    /// asked for.
    capitals: std::cell::OnceCell<Vec<(u32, u32)>>,
    /// The first token of each paragraph, made when first asked for.
    paragraphs: std::cell::OnceCell<Vec<u32>>,
}

impl<'a> Context<'a> {
    pub fn new(
        text: &'a str,
        tokens: &'a [Token],
        sentences: &'a [u32],
        names: &'a [Named],
    ) -> Context<'a> {
        Context {
            text,
            tokens,
            sentences,
            names,
            capitals: std::cell::OnceCell::new(),
            paragraphs: std::cell::OnceCell::new(),
        }
    }

    /// The runs of two or more capitalized words (first and last token) that end within
    /// `window`.
    fn runs(&self, window: std::ops::Range<usize>) -> &[(u32, u32)] {
        let all = self.capitals.get_or_init(|| self.name_runs());
        let from = all.partition_point(|r| (r.1 as usize) < window.start);
        let to = all.partition_point(|r| (r.1 as usize) < window.end);
        &all[from..to]
    }

    /// Every run of two or more capitalized words, in order.
    fn name_runs(&self) -> Vec<(u32, u32)> {
        let mut runs = Vec::new();
        let mut k = 0;
        while k < self.tokens.len() {
            if !self.is_cap(k) {
                k += 1;
                continue;
            }
            let mut end = k + 1;
            while end < self.tokens.len() && self.is_cap(end) && self.tokens[end].gap == Gap::Space
            {
                end += 1;
            }
            if end > k + 1 {
                runs.push((k as u32, end as u32 - 1));
            }
            k = end;
        }
        runs
    }

    fn word(&self, k: usize) -> &str {
        self.tokens[k].as_str(self.text)
    }

    /// The first name that starts in tokens `from..to`.
    fn name_in(&self, from: usize, to: usize) -> Option<usize> {
        let (Some(a), Some(b)) = (self.tokens.get(from), self.tokens.get(to.max(1) - 1)) else {
            return None;
        };
        if from >= to {
            return None;
        }
        let k = self.names.partition_point(|n| n.start < a.start);
        (k < self.names.len() && self.names[k].start < b.end).then_some(k)
    }

    /// The last person named before byte `at` outside direct quotes: a listed or pattern
    /// name, or a speaker of an earlier quote.
    fn antecedent(&self, at: u32, quotes: &[Quote]) -> Option<(SpeakerRef, u32)> {
        // `quotes` are in start order: the one that could hold `start` is the last before it.
        let inside = |start: u32| {
            let k = quotes.partition_point(|q| q.start <= start);
            k > 0 && quotes[k - 1].direct && start < quotes[k - 1].end
        };
        let k = self.names.partition_point(|n| n.start < at);
        let named = (k.saturating_sub(LOOK_BACK)..k)
            .rev()
            .find(|&i| self.names[i].person && !inside(self.names[i].start))
            .map(|i| (SpeakerRef::Name(i), self.names[i].start));
        let spoke = quotes[quotes.len().saturating_sub(LOOK_BACK)..]
            .iter()
            .filter_map(|q| match (q.speaker, q.speaker_at) {
                (Some(r @ SpeakerRef::Text { person: true, .. }), Some(s)) if s < at => {
                    Some((r, s))
                }
                (Some(r @ SpeakerRef::Name(i)), Some(s)) if s < at && self.names[i].person => {
                    Some((r, s))
                }
                _ => None,
            })
            .max_by_key(|&(_, s)| s);
        match (named, spoke) {
            (Some(n), Some(s)) => Some(if s.1 > n.1 { s } else { n }),
            (n, s) => n.or(s),
        }
    }

    /// The speaker the words in tokens `from..to` name: a listed or pattern name in them, a
    /// pronoun opening them (resolved later), "the ministry" for a body named before, or a
    /// capitalized name no list holds.
    fn subject(&self, from: usize, to: usize, q: &mut Quote) {
        if from >= to {
            return;
        }
        // `he said`, or `..., and she told reporters`: the pronoun opens the subject or is
        // the word before the verb.
        let pronoun = [from, to - 1]
            .into_iter()
            .find(|&k| is_pronoun(self.word(k)));
        if let Some(k) = pronoun.filter(|&k| k == from || self.name_in(from, to).is_none()) {
            q.speaker_at = Some(self.tokens[k].start);
            q.pronoun = true;
            return;
        }
        if let Some(k) = self.name_in(from, to) {
            q.speaker = Some(SpeakerRef::Name(k));
            q.speaker_at = Some(self.names[k].start);
            return;
        }
        if let Some(k) = self.body_named_before(from, to) {
            q.speaker = Some(SpeakerRef::Name(k));
            q.speaker_at = Some(self.tokens[from].start);
            return;
        }
        if let Some((a, b, (start, end))) = self.name_run(from, to) {
            let person = !(a..b).any(|k| is_body_word(self.word(k)));
            q.speaker = Some(SpeakerRef::Text { start, end, person });
            q.speaker_at = Some(self.tokens[a].start);
        }
    }

    /// `the ministry`, `the embassy`: the last organization named before whose name has that
    /// word.
    fn body_named_before(&self, from: usize, to: usize) -> Option<usize> {
        if to < from + 2 || !self.word(from).eq_ignore_ascii_case("the") {
            return None;
        }
        let word = self.word(from + 1);
        if !is_body_word(word) || word.starts_with(|c: char| c.is_uppercase()) && to > from + 2 {
            return None;
        }
        let at = self.tokens[from].start;
        let k = self.names.partition_point(|n| n.start < at);
        (k.saturating_sub(LOOK_BACK)..k).rev().find(|&i| {
            let n = self.names[i];
            !n.person
                && self.text[n.start as usize..n.end as usize]
                    .split_whitespace()
                    .any(|w| w.eq_ignore_ascii_case(word))
        })
    }

    /// The first run of capitalized words in tokens `from..to` that can be a name (after a
    /// title such as `Mr.`), as token indices `a..b`.
    fn name_run(&self, from: usize, to: usize) -> Option<(usize, usize, (u32, u32))> {
        let mut a = from;
        let b = loop {
            while a < to && (is_title(self.word(a)) || self.word(a) == ".") {
                a += 1;
            }
            if a >= to || !self.is_cap(a) {
                return None;
            }
            let mut b = a + 1;
            while b < to && self.is_cap(b) && self.tokens[b].gap == Gap::Space {
                b += 1;
            }
            // "St. Charles County police said", "U.S. officials said", "Sen. Bob Corker
            // said": an abbreviation cut off at its dot is no name, and the name may follow.
            let cut_at_dot = b + 1 < to && self.tokens[b].gap == Gap::None && self.word(b) == ".";
            if b == a + 1 && self.word(a).len() <= 3 && cut_at_dot {
                a = b + 1;
                continue;
            }
            break b;
        };
        let mut folded = String::new();
        let mut is_common = |k: usize| {
            folded.clear();
            tonle_text::fold(self.word(k), &mut folded);
            is_common_word(&folded) || is_body_word(self.word(k))
        };
        let common = (a..b).all(&mut is_common);
        // A role before a name is not part of it: "Naturalist Ian Morris", "Prime Minister
        // Hun Sen"; short words may be a Khmer name's own ("Am Sam Ath").
        if !common && b - a > 2 {
            while b - a > 2 && self.word(a).len() >= 5 && is_common(a) {
                a += 1;
            }
        }
        // A common word is still a name when the document writes it in full (`Miller said`
        // after `John Miller`).
        let full = self.full_name(a, b);
        let short_form = full.0 != self.tokens[a].start;
        (!common || short_form).then_some((a, b, full))
    }

    // Asked of every token of a document that has quotes (`name_runs`).
    #[inline]
    fn is_cap(&self, k: usize) -> bool {
        let t = &self.tokens[k];
        // A plain token (ASCII without capitals, most of them) is not capitalized.
        if t.plain || t.kind != TokenKind::Word {
            return false;
        }
        // Most words are ASCII: their first byte says it.
        match self.text.as_bytes()[t.start as usize] {
            b'A'..=b'Z' => true,
            b if b.is_ascii() => false,
            _ => self.word(k).starts_with(|c: char| c.is_uppercase()),
        }
    }

    /// The name in full that the run `a..b` is a short form of (`Miller` of `John Miller`,
    /// written earlier or later in the document), or the run itself: a byte range.
    fn full_name(&self, a: usize, b: usize) -> (u32, u32) {
        let len = b - a;
        // Within an article's length either way: a huge document stays linear.
        let window = a.saturating_sub(NAME_WINDOW)..self.tokens.len().min(b + NAME_WINDOW);
        let last_word = self.word(b - 1);
        for &(start, last) in self.runs(window.clone()) {
            let (start, last) = (start as usize, last as usize);
            if self.word(last) != last_word {
                continue;
            }
            // Longer than the short form first, so that `last + 1 - len` is inside the run.
            let longer = last + 1 - start > len;
            if longer && (0..len).all(|i| self.word(last + 1 - len + i) == self.word(a + i)) {
                return (self.tokens[start].start, self.tokens[last].end);
            }
        }
        // `Chen said` after `Chen Wei`: a family name first.
        if len == 1 {
            let first_word = self.word(a);
            if let Some(&(first, last)) = self
                .runs(window)
                .iter()
                .find(|&&(first, _)| first as usize != a && self.word(first as usize) == first_word)
            {
                return (
                    self.tokens[first as usize].start,
                    self.tokens[last as usize].end,
                );
            }
        }
        (self.tokens[a].start, self.tokens[b - 1].end)
    }
}

/// Courtesy and rank titles before a name.
fn is_title(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Lt"
            | "Gen"
            | "Col"
            | "Maj"
            | "Capt"
            | "Sgt"
            | "Prof"
            | "Gov"
            | "Brig"
            | "Pol"
            | "Mr."
            | "Mrs."
            | "Ms."
            | "Dr."
    ) && word != "Pol"
}

/// Words that make a name a body's: `the ministry said`, `Kandal Provincial Police`.
fn is_body_word(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "ministry"
            | "county"
            | "embassy"
            | "committee"
            | "department"
            | "police"
            | "court"
            | "office"
            | "commission"
            | "government"
            | "administration"
            | "agency"
            | "organization"
            | "organisation"
            | "group"
            | "union"
            | "council"
            | "authority"
            | "authorities"
            | "bureau"
            | "unit"
            | "force"
            | "hall"
            | "company"
            | "association"
            | "centre"
            | "center"
            | "coalition"
            | "foundation"
            | "network"
            | "secretariat"
            | "consulate"
    )
}

/// The quotes of a document, in start order.
pub(crate) fn find_quotes(cx: &Context) -> Vec<Quote> {
    let mut quotes = direct_quotes(cx);
    reported_speech(cx, &mut quotes);
    quotes.sort_by_key(|q| q.start);
    resolve_speakers(cx, &mut quotes);
    quotes
}

/// Pronouns to the person named last before them, and quotes that go on a neighbour to its
/// speaker, in text order (a pronoun may stand for an earlier quote's speaker).
fn resolve_speakers(cx: &Context, quotes: &mut [Quote]) {
    for k in 0..quotes.len() {
        if quotes[k].pronoun {
            let at = quotes[k].speaker_at.unwrap_or(quotes[k].start);
            quotes[k].speaker = cx.antecedent(at, &quotes[..k]).map(|(r, _)| r);
        }
        if quotes[k].inherits {
            if let Some(j) = neighbour(quotes, k) {
                quotes[k].speaker = quotes[j].speaker;
                quotes[k].verb = quotes[j].verb;
            }
        }
    }
    // A quote before its attribution (`“A.” “B,” he said.`) gets it on a second pass.
    for k in (0..quotes.len()).rev() {
        if quotes[k].inherits && quotes[k].speaker.is_none() {
            if let Some(j) = neighbour(quotes, k) {
                quotes[k].speaker = quotes[j].speaker;
                quotes[k].verb = quotes[j].verb;
            }
        }
    }
}

/// The quote an unattributed direct quote goes on: the one before it when that one continues
/// to it or shares its paragraph, else the one after in its paragraph.
fn neighbour(quotes: &[Quote], k: usize) -> Option<usize> {
    let q = &quotes[k];
    let attributed = |j: usize| quotes[j].direct && !quotes[j].inherits;
    let before = k.checked_sub(1).filter(|&j| {
        quotes[j].direct && (quotes[j].paragraph == q.paragraph || quotes[j].open_end)
    });
    let after = Some(k + 1)
        .filter(|&j| j < quotes.len() && attributed(j) && quotes[j].paragraph == q.paragraph);
    before.or(after)
}

/// A pair of marks: the opening mark's token, the closing one's (or the last token of the
/// paragraph the quote runs to the end of), and whether it closed.
struct Marks {
    open: usize,
    close: usize,
    closed: bool,
}

/// Pairs the quotation marks of each paragraph. Finds the paragraphs' starts on the way,
/// for [`paragraph_of`].
fn pair_marks(cx: &Context) -> Vec<Marks> {
    let tokens = cx.tokens;
    let mut out = Vec::new();
    let mut paragraphs = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (k, t) in tokens.iter().enumerate() {
        if starts_paragraph(cx, k) {
            paragraphs.push(k as u32);
            if let Some((o, _)) = open.take() {
                // Open to the end of the paragraph: a quote only if the next one opens too.
                if OPENING.contains(&cx.word(k)) && k > o + 1 {
                    out.push(Marks {
                        open: o,
                        close: k,
                        closed: false,
                    });
                }
            }
        }
        // Of the one-byte marks (ASCII, so plain), only `"` quotes.
        if t.kind != TokenKind::Punct || t.plain && cx.text.as_bytes()[t.start as usize] != b'"' {
            continue;
        }
        let mark = cx.word(k);
        match (mark, open) {
            ("“", _) => open = Some((k, "”")),
            ("\"", None) => open = Some((k, "\"")),
            ("‘", None) if t.gap != Gap::None => open = Some((k, "’")),
            ("”" | "\"", Some((o, close))) if close == mark => {
                out.push(Marks {
                    open: o,
                    close: k,
                    closed: true,
                });
                open = None;
            }
            // A closing single mark, not an apostrophe: nothing glued after it.
            ("’", Some((o, "’")))
                if tokens
                    .get(k + 1)
                    .is_none_or(|n| n.gap != Gap::None || n.kind == TokenKind::Punct) =>
            {
                out.push(Marks {
                    open: o,
                    close: k,
                    closed: true,
                });
                open = None;
            }
            _ => {}
        }
    }
    let _ = cx.paragraphs.set(paragraphs);
    out
}

/// Whether token `k` starts a paragraph: after a blank line, or after a line break that
/// [`ends_line`].
#[inline]
fn starts_paragraph(cx: &Context, k: usize) -> bool {
    let gap = cx.tokens[k].gap;
    gap == Gap::Paragraph || gap == Gap::Newline && ends_line(cx, k)
}

/// Whether the line break before token `k` ends a paragraph rather than wrapping one: the
/// line before ends with a full stop, a closing mark or a colon.
fn ends_line(cx: &Context, k: usize) -> bool {
    k > 0 && matches!(cx.word(k - 1), "." | "!" | "?" | "”" | "\"" | ":" | "’")
}

fn direct_quotes(cx: &Context) -> Vec<Quote> {
    let mut quotes: Vec<Quote> = Vec::new();
    let mut sentences = Vec::new();
    for m in pair_marks(cx) {
        let (first, last) = (m.open + 1, m.close);
        if first >= last {
            continue;
        }
        let inner = &cx.tokens[first..last];
        let words = inner.iter().filter(|t| t.kind == TokenKind::Word).count();
        if words == 0 {
            continue;
        }
        let mut quote = Quote {
            start: inner[0].start,
            end: inner[inner.len() - 1].end,
            first_token: first as u32,
            direct: true,
            verb: None,
            speaker: None,
            speaker_at: None,
            pronoun: false,
            paragraph: paragraph_of(cx, m.open),
            open_end: !m.closed,
            inherits: false,
        };
        // `“...,” he said`: a quote that hands over to its attribution ends in a comma, a
        // question or exclamation mark or a dash, or has a comma after its closing mark; a
        // name in quotation marks does not.
        let last_mark = cx.word(last - 1);
        let hands_over = matches!(last_mark, "," | "?" | "!" | "—" | "–" | "-" | "…")
            || cx
                .tokens
                .get(m.close + 1)
                .is_some_and(|_| cx.word(m.close + 1) == ",");
        let attributed = m.closed && hands_over && attribute_after(cx, m.close + 1, &mut quote)
            || attribute_before(cx, m.open, &mut quote);
        let sentence_like = words >= 6 && matches!(last_mark, "." | "," | "?" | "!" | "…" | "—");
        if !attributed {
            // Kept if a neighbour in its paragraph is attributed (see `resolve_speakers`).
            quote.inherits = true;
        }
        quotes.push(quote);
        sentences.push(sentence_like);
    }
    // An unattributed quote stays when an attributed quote of its paragraph gives it a
    // speaker, when it is a sentence, or when it runs over to the next paragraph; a short
    // phrase in quotation marks with no verb is a title or a scare quote.
    let keep: Vec<bool> = (0..quotes.len())
        .map(|k| {
            let q = &quotes[k];
            let words = cx.tokens[q.first_token as usize..]
                .iter()
                .take_while(|t| t.end <= q.end)
                .filter(|t| t.kind == TokenKind::Word)
                .count();
            let attributed_near = neighbour(&quotes, k).is_some_and(|j| !quotes[j].inherits);
            let ends_in_punctuation = cx
                .tokens
                .get(
                    cx.tokens
                        .partition_point(|t| t.end <= q.end)
                        .saturating_sub(1),
                )
                .is_some_and(|t| t.kind == TokenKind::Punct);
            !q.inherits
                || ends_in_punctuation && (attributed_near && words >= 2 || sentences[k])
                || q.open_end
        })
        .collect();
    let mut k = 0;
    quotes.retain(|_| {
        k += 1;
        keep[k - 1]
    });
    quotes
}

/// The token index where the paragraph holding token `k` starts.
fn paragraph_of(cx: &Context, k: usize) -> usize {
    // Made by `pair_marks`, which runs first; made here only if it has not.
    let starts = cx.paragraphs.get_or_init(|| {
        (0..cx.tokens.len())
            .filter(|&i| starts_paragraph(cx, i))
            .map(|i| i as u32)
            .collect()
    });
    let at = starts.partition_point(|&s| s as usize <= k);
    at.checked_sub(1).map_or(0, |i| starts[i] as usize)
}

/// `“...,” Kheng said`, `“...,” said Kheng`, `“...,” Kheng, 45, told reporters`: the
/// attribution after a quote's closing mark at token `from`.
fn attribute_after(cx: &Context, from: usize, q: &mut Quote) -> bool {
    let tokens = cx.tokens;
    let mut k = from;
    while k < tokens.len() && cx.word(k) == "," {
        k += 1;
    }
    let Some(t) = tokens.get(k) else { return false };
    if t.gap >= Gap::Newline {
        return false;
    }
    let limit = tokens.len().min(k + 18);
    let end = (k..limit)
        .find(|&i| {
            is_stop(cx.word(i))
                || OPENING.contains(&cx.word(i))
                || i > k && tokens[i].gap >= Gap::Newline
        })
        .unwrap_or(limit);
    if let Some(verb) = reporting_verb(cx.word(k)) {
        // `said Kheng`, `said the ministry's spokesman, Kheng`, `said one victim`.
        q.verb = Some(verb);
        let name_end = (k + 1..end).find(|&i| cx.word(i) == ",").unwrap_or(end);
        cx.subject(k + 1, name_end.min(k + 8), q);
        return true;
    }
    let Some(v) = (k + 1..end.min(k + 16)).find(|&i| reporting_verb(cx.word(i)).is_some()) else {
        return false;
    };
    q.verb = reporting_verb(cx.word(v));
    cx.subject(k, v, q);
    true
}

/// `Kheng said: “`, `Kheng told VOD: “`, `Kheng said that “`: the attribution before a
/// quote's opening mark at token `open`, in the same sentence.
fn attribute_before(cx: &Context, open: usize, q: &mut Quote) -> bool {
    let tokens = cx.tokens;
    if open == 0 || tokens[open].gap >= Gap::Newline && cx.word(open - 1) != ":" {
        return false;
    }
    // Back over `:`, `,` and `that`, then up to four words of object or adverbial.
    let mut k = open;
    while k > 0 && matches!(cx.word(k - 1), ":" | "," | "that") {
        k -= 1;
    }
    if k == open {
        return false; // no colon, comma or `that` before the mark: a title in quotes
    }
    let verb_at = (k.saturating_sub(5)..k)
        .rev()
        .find(|&i| reporting_verb(cx.word(i)).is_some());
    let Some(v) = verb_at else { return false };
    if (v..open).any(|i| is_stop(cx.word(i)) || matches!(cx.word(i), "”" | "\"")) {
        return false;
    }
    // The subject: from the sentence's start (or the last closing mark) to the verb.
    let start = (v.saturating_sub(60)..v)
        .rev()
        .find(|&i| is_stop(cx.word(i)) || cx.word(i) == "”" || tokens[i + 1].gap >= Gap::Newline)
        .map_or(0, |i| i + 1);
    q.verb = reporting_verb(cx.word(v));
    cx.subject(start, v, q);
    true
}

/// Reported speech in the sentences that hold no direct quote.
fn reported_speech(cx: &Context, quotes: &mut Vec<Quote>) {
    let n = cx.tokens.len();
    let direct: Vec<(u32, u32)> = quotes.iter().map(|q| (q.start, q.end)).collect();
    let mut next_direct = 0;
    let cues = cue_words(cx);
    let mut next_cue = 0;
    for s in 0..cx.sentences.len() {
        let from = cx.sentences[s] as usize;
        let to = cx.sentences.get(s + 1).map_or(n, |&e| e as usize).min(n);
        if from >= to {
            continue;
        }
        // A sentence without a reporting verb or "according" reports no speech: most are
        // passed over here, without reading their words one by one.
        while next_cue < cues.len() && (cues[next_cue] as usize) < from {
            next_cue += 1;
        }
        if cues.get(next_cue).is_none_or(|&c| c as usize >= to) {
            continue;
        }
        let (a, b) = (cx.tokens[from].start, cx.tokens[to - 1].end);
        // Both in text order: pass the direct quotes that end before this sentence.
        while next_direct < direct.len() && direct[next_direct].1 <= a {
            next_direct += 1;
        }
        if direct.get(next_direct).is_some_and(|&(s, _)| s < b) {
            continue;
        }
        if let Some(q) = reported_in(cx, from, to) {
            quotes.push(q);
        }
    }
}

/// Every form [`reporting_verb_lower`] knows, and "according": the words without which
/// [`reported_in`] finds nothing.
const CUE_WORDS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "explained",
    "explains",
    "claimed",
    "claims",
    "warned",
    "warns",
    "stated",
    "states",
    "noted",
    "notes",
    "wrote",
    "writes",
    "announced",
    "announces",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "insisted",
    "insists",
    "asked",
    "asks",
    "stressed",
    "stresses",
    "recalled",
    "recalls",
    "replied",
    "replies",
    "alleged",
    "alleges",
    "argued",
    "argues",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "reported",
    "according",
];

/// For each pair of first and last letter (in lower case), a bit per length in bytes of the
/// [`CUE_WORDS`] of that shape: "the" and "and" have the shape of none.
static CUE_SHAPES: [u16; 26 * 26] = {
    let mut table = [0u16; 26 * 26];
    let mut k = 0;
    while k < CUE_WORDS.len() {
        let w = CUE_WORDS[k].as_bytes();
        table[(w[0] - b'a') as usize * 26 + (w[w.len() - 1] - b'a') as usize] |= 1 << w.len();
        k += 1;
    }
    table
};

/// The tokens, in order, that are a reporting verb or "according" (in any case). One pass
/// over the tokens that rejects nearly all by their kind, length, first and last letter
/// before reading them.
fn cue_words(cx: &Context) -> Vec<u32> {
    let bytes = cx.text.as_bytes();
    let mut cues = Vec::new();
    for (k, t) in cx.tokens.iter().enumerate() {
        let len = (t.end - t.start) as usize;
        if t.kind != TokenKind::Word || !(3..=12).contains(&len) {
            continue;
        }
        let letter = |b: u8| b.to_ascii_lowercase().wrapping_sub(b'a') as usize;
        let (first, last) = (
            letter(bytes[t.start as usize]),
            letter(bytes[t.end as usize - 1]),
        );
        if first >= 26 || last >= 26 || CUE_SHAPES[first * 26 + last] & (1 << len) == 0 {
            continue;
        }
        let word = cx.word(k);
        if reporting_verb(word).is_some() || word.eq_ignore_ascii_case("according") {
            cues.push(k as u32);
        }
    }
    cues
}

/// The reported speech of the sentence in tokens `from..to`, if it has some.
fn reported_in(cx: &Context, from: usize, to: usize) -> Option<Quote> {
    // The clause ends before the sentence's final stop and closing marks.
    let mut end = to;
    while end > from && cx.tokens[end - 1].kind == TokenKind::Punct && cx.word(end - 1) != ")" {
        end -= 1;
    }
    if end <= from + 2 {
        return None;
    }
    if let Some(q) = according_to(cx, from, end) {
        return Some(q);
    }
    let v = (from..end)
        .find(|&k| reporting_verb(cx.word(k)).is_some() && !passive_or_noun(cx, from, k))?;
    let verb = reporting_verb(cx.word(v));
    if let Some(clause) = clause_after(cx, v, end) {
        if v == from || v - from > 25 {
            return None;
        }
        let mut q = reported(cx, clause, end, verb)?;
        cx.subject(from, v, &mut q);
        return Some(q);
    }
    // `CLAUSE, police said.` / `CLAUSE, said Kheng.`: the clause before the last comma.
    if end - v > 6 || needs_that(cx.word(v)) {
        return None;
    }
    let comma = (from..v).rev().find(|&k| cx.word(k) == ",")?;
    if v - comma > 9 {
        return None;
    }
    let mut q = reported(cx, from, comma, verb)?;
    if comma + 1 == v {
        cx.subject(v + 1, end, &mut q);
    } else {
        cx.subject(comma + 1, v, &mut q);
    }
    Some(q)
}

/// `According to X, CLAUSE.` and `CLAUSE, according to X.`
fn according_to(cx: &Context, from: usize, end: usize) -> Option<Quote> {
    let at = (from..end.saturating_sub(1))
        .find(|&k| cx.word(k).eq_ignore_ascii_case("according") && cx.word(k + 1) == "to")?;
    let verb = Some("according to");
    if at == from {
        let comma = (at + 2..end).find(|&k| cx.word(k) == ",")?;
        let mut q = reported(cx, comma + 1, end, verb)?;
        cx.subject(at + 2, comma, &mut q);
        return Some(q);
    }
    if at > from && cx.word(at - 1) == "," {
        let mut q = reported(cx, from, at - 1, verb)?;
        cx.subject(at + 2, end, &mut q);
        return Some(q);
    }
    None
}

/// `is said to`, `the said land`, `was told to`: not reporting.
fn passive_or_noun(cx: &Context, from: usize, k: usize) -> bool {
    let before = if k > from { cx.word(k - 1) } else { "" };
    let after = cx.tokens.get(k + 1).map_or("", |_| cx.word(k + 1));
    matches!(
        before,
        "the" | "The" | "was" | "were" | "is" | "are" | "be" | "been" | "being" | "a" | "an"
    ) || after == "to" && cx.word(k) != "told"
}

/// Where the reported clause after the verb at token `v` starts, if one follows.
fn clause_after(cx: &Context, v: usize, end: usize) -> Option<usize> {
    let that = (v + 1..end.min(v + 9)).find(|&k| cx.word(k) == "that");
    let verb = cx.word(v);
    if let Some(t) = that {
        // Nothing but an object or adverbials between: `said on Tuesday that`, `told
        // reporters that`; not `said the woman, that ...`.
        if (v + 1..t).all(|k| cx.word(k) != ",") {
            return Some(t + 1);
        }
    }
    if needs_that(verb) {
        return None;
    }
    let mut k = v + 1;
    if reporting_verb(verb) == Some("tell") {
        // `told reporters the ...`, `told VOD the ...`: past the object.
        let object = cx.tokens.get(k).map(|_| cx.word(k))?;
        if matches!(
            object,
            "reporters" | "journalists" | "him" | "her" | "them" | "us" | "me" | "police"
        ) {
            k += 1;
        } else if object.starts_with(|c: char| c.is_uppercase()) {
            while k < end && cx.word(k).starts_with(|c: char| c.is_uppercase()) {
                k += 1;
            }
        } else {
            return None;
        }
    }
    let first = cx.tokens.get(k).map(|_| cx.word(k))?;
    let adverbial = matches!(
        first,
        "in" | "on"
            | "at"
            | "during"
            | "after"
            | "before"
            | "by"
            | "to"
            | "of"
            | "and"
            | "but"
            | "yesterday"
            | "today"
            | "last"
            | "it"
            | "so"
    );
    (k < end && cx.tokens[k].kind == TokenKind::Word && !adverbial).then_some(k)
}

/// A reported quote of tokens `from..to`, when it has three words or more.
fn reported(cx: &Context, from: usize, to: usize, verb: Option<&'static str>) -> Option<Quote> {
    if to <= from {
        return None;
    }
    let words = (from..to)
        .filter(|&k| cx.tokens[k].kind == TokenKind::Word)
        .count();
    if words < 3 {
        return None;
    }
    Some(Quote {
        start: cx.tokens[from].start,
        end: cx.tokens[to - 1].end,
        first_token: from as u32,
        direct: false,
        verb,
        speaker: None,
        speaker_at: None,
        pronoun: false,
        paragraph: paragraph_of(cx, from),
        open_end: false,
        inherits: false,
    })
}

#[cfg(test)]
mod tests {
    use super::{reporting_verb_lower, CUE_WORDS};

    #[test]
    fn cue_words_are_the_reporting_verbs_and_according() {
        for w in CUE_WORDS {
            assert!(
                reporting_verb_lower(w).is_some() || *w == "according",
                "{w} is no reporting verb"
            );
        }
        // Every word reporting_verb_lower knows is a cue: tried on the words of this file,
        // its table of verbs among them, and of the sample corpus.
        let corpus: String =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus"))
                .expect("the sample corpus")
                .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                .collect();
        let words = include_str!("quote.rs").to_string() + &corpus;
        for w in words.split(|c: char| !c.is_ascii_alphabetic()) {
            let w = w.to_ascii_lowercase();
            if reporting_verb_lower(&w).is_some() {
                assert!(
                    CUE_WORDS.contains(&w.as_str()),
                    "{w} is missing from CUE_WORDS"
                );
            }
        }
    }
}
