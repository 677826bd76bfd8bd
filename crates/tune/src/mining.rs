//! What `suggest` and `coverage` share: one document tokenized and matched, its runs of
//! capitalized words ("name runs"), the word classes the patterns use, and a counter that
//! keeps memory bounded on large archives.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};
use tonle_text::{fold, is_joiner, split_sentences, tokenize, Gap, Token, TokenKind};

use tonle_gazetteer::{is_common_word, Gazetteer, Mention};

/// Words that join capitalized words into one name: `Ministry of the Interior`,
/// `Banque de France`, and the particles of people's names (`Lula da Silva`, `Mohammed bin
/// Salman`, `Ursula von der Leyen`; `al-Bashir` is read by [`Doc::past_connector`]).
const NAME_CONNECTORS: &[&str] = &[
    "of", "for", "on", "the", "de", "du", "des", "la", "le", "against", "da", "dos", "bin", "ibn",
    "van", "von",
];

/// Second connectors after a first: `of the`, `van der`, `de la`.
const SECOND_CONNECTORS: &[&str] = &["the", "der", "den", "la", "los", "las"];

/// The connectors after which `and` may join more of a body's name (`Ministry of Labour and
/// Vocational Training`).
const OF_CONNECTORS: &[&str] = &["of", "for", "on", "against"];

/// Apostrophes that, before `s`, make a possessive.
const APOSTROPHES: &[&str] = &["'", "’", "‘", "ʼ", "`"];

/// A document prepared for mining, with reusable buffers.
#[derive(Default)]
pub(crate) struct Doc {
    pub tokens: Vec<Token>,
    pub mentions: Vec<Mention>,
    sentences: Vec<u32>,
    /// Per token: index of its sentence.
    pub sentence_of: Vec<u32>,
    /// Per sentence: true when it looks like a title-case headline.
    headline: Vec<bool>,
    /// Per token: the first token of the sentence it is in that is not punctuation.
    pub sentence_start: Vec<u32>,
    /// The document's text, for [`Doc::folded`].
    text: String,
    /// Per token: whether it is near a capitalized word (three before it to ten after), the
    /// tokens whose folded form [`Doc::folded`] gives.
    near: Vec<bool>,
    /// Per token near a capitalized word that is not plain: its folded form.
    folded_words: Vec<String>,
    /// The capitalized words, in text order.
    capitals: Vec<u32>,
    pub runs: Vec<Run>,
}

/// A run of capitalized words, possibly joined by `of`, `for`, `the`... (`Ministry of the
/// Interior`) or glued hyphens (`Anti-Human Trafficking`): token indices, both inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Run {
    pub first: usize,
    pub last: usize,
}

impl Doc {
    /// Tokenizes and matches `text`, and finds its name runs.
    pub fn load(&mut self, g: &Gazetteer, text: &str) {
        tokenize(text, &mut self.tokens);
        g.find(text, &self.tokens, &mut self.mentions);
        split_sentences(text, &self.tokens, &mut self.sentences);
        self.prepare(text);
    }

    /// Like [`Doc::load`], with the tokens, sentences and mentions a caller has made already
    /// (the extractor's), copied instead of made again.
    pub fn load_prepared(
        &mut self,
        text: &str,
        tokens: &[Token],
        sentences: &[u32],
        mentions: &[Mention],
    ) {
        self.tokens.clear();
        self.tokens.extend_from_slice(tokens);
        self.sentences.clear();
        self.sentences.extend_from_slice(sentences);
        self.mentions.clear();
        self.mentions.extend_from_slice(mentions);
        self.prepare(text);
    }

    /// Sentences per token, headlines, folded words and name runs of the loaded tokens.
    fn prepare(&mut self, text: &str) {
        self.text.clear();
        self.text.push_str(text);
        let n = self.tokens.len();
        self.sentence_of.clear();
        self.sentence_start.clear();
        self.headline.clear();
        // Filled a sentence at a time (a test per token cost more than the rest of this
        // function): sentence `s` holds tokens `sentences[s]..sentences[s + 1]`, the first also
        // any tokens before it, the last those up to the end.
        for s in 0..self.sentences.len().max(1) {
            let start = self.sentences.get(s).map_or(0, |&x| x as usize);
            let end = self.sentences.get(s + 1).map_or(n, |&x| x as usize).min(n);
            if end <= self.sentence_of.len() {
                continue;
            }
            // Its first token that is not punctuation ("sentence-initial" words).
            let first_word = (start..end)
                .find(|&k| self.tokens[k].kind != TokenKind::Punct)
                .unwrap_or(end) as u32;
            self.sentence_of.resize(end, s as u32);
            self.sentence_start.resize(end, first_word);
        }
        for (k, &start) in self.sentences.iter().enumerate() {
            let end = self.sentences.get(k + 1).map_or(n, |&e| e as usize);
            self.headline
                .push(self.is_headline(text, start as usize, end));
        }
        self.fold_near_capitals(text);
        self.find_runs(text);
    }

    /// A headline: a sentence standing alone on its line, mostly capitalized words and no
    /// full stop at the end; not a byline or a credit line ("Reporting by X; Photo: Y").
    fn is_headline(&self, text: &str, start: usize, end: usize) -> bool {
        let alone = self.tokens[start].gap >= Gap::Newline
            && self.tokens.get(end).is_none_or(|t| t.gap >= Gap::Newline);
        if !alone {
            return false;
        }
        let ends_sentence = self.tokens[start..end]
            .iter()
            .rev()
            .find(|t| !matches!(t.as_str(text), "\"" | "'" | "”" | "’" | ")"))
            .is_some_and(|t| matches!(t.as_str(text), "." | "!" | "?" | "…" | "។"));
        let (mut words, mut caps) = (0, 0);
        for t in &self.tokens[start..end] {
            if t.kind == TokenKind::Word && t.end - t.start > 3 {
                words += 1;
                if starts_upper(t.as_str(text)) {
                    caps += 1;
                }
            }
        }
        // A byline or credit on any of its lines ("Riverside Daily — November 15, 2022" above
        // "By Chea Malis", read as one sentence) makes it no headline.
        let credit_line = || {
            self.tokens[start..end].iter().enumerate().any(|(k, t)| {
                (k == 0 || t.gap >= Gap::Newline) && is_by_or_credit_word(t.as_str(text))
            })
        };
        !ends_sentence && words >= 3 && caps * 10 >= words * 7 && !credit_line()
    }

    /// Folds the tokens the patterns read: those near a capitalized word (3 before, 10 after,
    /// the farthest any rule looks); the others are left empty, which no rule matches.
    fn fold_near_capitals(&mut self, text: &str) {
        let n = self.tokens.len();
        if self.folded_words.len() < n {
            self.folded_words.resize(n, String::new());
        }
        self.near.clear();
        self.near.resize(n, false);
        self.capitals.clear();
        let mut folded_to = 0;
        for i in 0..n {
            if !self.is_cap(text, i) {
                continue;
            }
            self.capitals.push(i as u32);
            let (from, to) = (i.saturating_sub(3).max(folded_to), (i + 11).min(n));
            // A plain token (most are) is its own folded form: `folded` reads it from the
            // text, and only the others are folded here.
            for k in from..to {
                self.near[k] = true;
                let t = &self.tokens[k];
                if !t.plain {
                    fold(t.as_str(text), &mut self.folded_words[k]);
                }
            }
            folded_to = to;
        }
    }

    /// The folded form of token `k` (see [`tonle_text::fold`]) when it is near a capitalized
    /// word (three tokens before it to ten after), which is where names and the words around
    /// them are; `""` for the others.
    // Read some seventy times in the rules, most of them hot: inlined, no call costs more
    // than the read.
    #[inline(always)]
    pub fn folded(&self, k: usize) -> &str {
        let t = &self.tokens[k];
        match (self.near[k], t.plain) {
            (false, _) => "",
            (true, true) => t.as_str(&self.text),
            (true, false) => &self.folded_words[k],
        }
    }

    // Asked of every token, twice: the call would cost as much as the test.
    #[inline(always)]
    fn is_cap(&self, text: &str, i: usize) -> bool {
        let t = &self.tokens[i];
        // A plain token (ASCII without capitals, most of them) is not capitalized: one flag
        // read instead of the kind, a bounds check and the first byte.
        if t.plain || t.kind != TokenKind::Word {
            return false;
        }
        // Most words are ASCII: their first byte says it.
        match text.as_bytes()[t.start as usize] {
            b'A'..=b'Z' => true,
            b if b.is_ascii() => false,
            _ => starts_upper(t.as_str(text)),
        }
    }

    fn in_headline(&self, i: usize) -> bool {
        self.headline
            .get(self.sentence_of[i] as usize)
            .copied()
            .unwrap_or(false)
    }

    /// True when token `i` is the first word of its sentence (after opening quotes).
    pub fn sentence_initial(&self, i: usize) -> bool {
        self.sentence_start[i] as usize >= i
    }

    /// Runs start at the capitalized words [`Doc::fold_near_capitals`] listed (walking those
    /// rather than every token again saved ~20 M instructions on news), outside headlines
    /// and past the end of the run before.
    fn find_runs(&mut self, text: &str) {
        self.runs.clear();
        let mut next = 0;
        for c in 0..self.capitals.len() {
            let i = self.capitals[c] as usize;
            if i < next || self.in_headline(i) {
                continue;
            }
            let last = self.run_end(text, i);
            self.runs.push(Run { first: i, last });
            next = last + 1;
        }
    }

    /// The last token of the run that starts at capitalized token `first`.
    fn run_end(&self, text: &str, first: usize) -> usize {
        let mut last = first;
        let mut has_of = false;
        while let Some(next) = self.extend_run(text, first, last + 1, &mut has_of) {
            last = next;
        }
        last
    }

    /// The new last token when the run that starts at `first` goes on at token `k`, or `None`
    /// where it ends. `has_of` says whether the run has passed an `of` (or `for`, ...) yet.
    fn extend_run(&self, text: &str, first: usize, k: usize, has_of: &mut bool) -> Option<usize> {
        let t = self.tokens.get(k)?;
        if t.gap == Gap::Paragraph || self.sentence_of[k] != self.sentence_of[first] {
            return None;
        }
        if is_joiner(text, &self.tokens, k) {
            // A possessive ends the name, but for an office named after its holder's title:
            // "Prosecutor General's Office", "Prime Minister's Office".
            if !self.is_possessive(text, k) {
                return Some(k + 1);
            }
            let office = k + 2 < self.tokens.len()
                && self.tokens[k + 2].gap == Gap::Space
                && self.is_cap(text, k + 2)
                && self.folded(k + 2) == "office"
                && is_title(self.folded(k - 1));
            return office.then_some(k + 2);
        }
        if self.is_title_stop(text, k) || self.is_initial_stop(text, k) {
            return Some(k + 1);
        }
        if t.gap == Gap::None {
            return None;
        }
        if self.is_cap(text, k) {
            return Some(k);
        }
        self.past_connector(text, k, has_of)
    }

    /// True when joiner `k` is an apostrophe before `s`.
    fn is_possessive(&self, text: &str, k: usize) -> bool {
        let s = self.tokens[k + 1].as_str(text);
        APOSTROPHES.contains(&self.tokens[k].as_str(text)) && (s == "s" || s == "S")
    }

    /// True when token `k` is the full stop of a title abbreviation before more of the name:
    /// "Lt. Gen. Sar Thet", "Mr. Sok".
    fn is_title_stop(&self, text: &str, k: usize) -> bool {
        let t = &self.tokens[k];
        t.as_str(text) == "."
            && t.gap == Gap::None
            && k + 1 < self.tokens.len()
            && is_abbreviated_title(self.folded(k - 1))
            && self.is_cap(text, k + 1)
            && self.tokens[k + 1].gap == Gap::Space
    }

    /// True when token `k` is the full stop of a middle initial: "Kenneth S. Smith".
    fn is_initial_stop(&self, text: &str, k: usize) -> bool {
        let t = &self.tokens[k];
        let initial = self.tokens[k - 1].as_str(text);
        t.as_str(text) == "."
            && t.gap == Gap::None
            && initial.len() == 1
            && initial.bytes().all(|b| b.is_ascii_uppercase())
            && self.tokens[k - 1].gap == Gap::Space
            && k + 1 < self.tokens.len()
            && self.is_cap(text, k + 1)
            && self.tokens[k + 1].gap == Gap::Space
    }

    /// The capitalized word after connector `k` (`of`, `of the`, `and`, ...) when the
    /// connector joins it to the run, else `None`.
    fn past_connector(&self, text: &str, k: usize, has_of: &mut bool) -> Option<usize> {
        let n = self.tokens.len();
        let f = self.folded(k);
        // "Omar al-Bashir", "Abdel Fattah el-Sisi": the article glued to the family name.
        if matches!(f, "al" | "el")
            && k + 2 < n
            && self.tokens[k + 1].as_str(text) == "-"
            && self.tokens[k + 1].gap == Gap::None
            && self.tokens[k + 2].gap == Gap::None
            && self.is_cap(text, k + 2)
        {
            return Some(k + 2);
        }
        let connects = NAME_CONNECTORS.contains(&f)
            || (matches!(f, "and" | "&")
                && ((*has_of && self.common_words_ahead(text, k + 1))
                    || self.org_head_ahead(text, k + 1)));
        if !connects || k + 1 >= n || self.tokens[k + 1].gap == Gap::Paragraph {
            return None;
        }
        // "of the", "van der": two connectors in a row.
        let mut next = k + 1;
        if SECOND_CONNECTORS.contains(&self.folded(next)) && next + 1 < n {
            next += 1;
        }
        // Not "... Court on May 22": dates follow names, they are not in them.
        if self.is_cap(text, next)
            && self.tokens[next].gap != Gap::None
            && !is_month_or_day(self.folded(next))
        {
            *has_of |= OF_CONNECTORS.contains(&f);
            return Some(next);
        }
        None
    }

    /// True when the capitalized words from token `k` on include an organization word
    /// ("... and Juvenile Protection Department").
    fn org_head_ahead(&self, text: &str, k: usize) -> bool {
        (k..self.tokens.len().min(k + 6))
            .take_while(|&j| self.is_cap(text, j) || is_joiner(text, &self.tokens, j))
            .any(|j| is_org_head(self.folded(j)))
    }

    /// True when the capitalized words from token `k` on include a common word and no title,
    /// as the rest of a body's name does ("... of Labour and Vocational Training") and a
    /// person's name rarely does ("... of the Interior and Gen. Sar Thet", "... and Sar Kheng").
    fn common_words_ahead(&self, text: &str, k: usize) -> bool {
        let words: Vec<usize> = (k..self.tokens.len())
            .take_while(|&j| {
                self.is_cap(text, j)
                    && (j == k
                        || self.tokens[j].gap == Gap::Space
                        || self.tokens[j].gap == Gap::Newline)
            })
            .collect();
        !words.is_empty()
            && words.iter().all(|&j| !is_title(self.folded(j)))
            && words.iter().any(|&j| is_common_word(self.folded(j)))
    }

    /// Byte range of tokens `first..=last`.
    pub fn span(&self, first: usize, last: usize) -> (usize, usize) {
        (
            self.tokens[first].start as usize,
            self.tokens[last].end as usize,
        )
    }

    /// True when one mention covers all of `start..end`. Mentions are in start order and do
    /// not overlap (the matcher's longest matches), so only the last one starting at or
    /// before `start` can.
    pub fn covered(&self, start: usize, end: usize) -> bool {
        let at = self.mentions.partition_point(|m| m.start as usize <= start);
        self.mentions[..at]
            .iter()
            .rev()
            .take(2)
            .any(|m| end <= m.end as usize)
    }

    /// The mention that covers exactly `start..end`, if any.
    pub fn exact_mention(&self, start: usize, end: usize) -> Option<&Mention> {
        let at = self
            .mentions
            .partition_point(|m| (m.start as usize) < start);
        self.mentions[at..]
            .iter()
            .take_while(|m| m.start as usize == start)
            .find(|m| m.end as usize == end)
    }

    /// True when some mention overlaps `start..end`.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        let at = self.mentions.partition_point(|m| (m.start as usize) < end);
        self.mentions[..at]
            .iter()
            .rev()
            .take(2)
            .any(|m| start < m.end as usize)
    }

    /// Words (not punctuation) among tokens `first..=last`.
    pub fn words(&self, first: usize, last: usize) -> impl DoubleEndedIterator<Item = usize> + '_ {
        (first..=last).filter(move |&k| self.tokens[k].kind == TokenKind::Word)
    }

    /// Trims a run: leading function words ("The", "In", "When"), a leading common word at
    /// the start of a sentence when a rarer word follows ("Yesterday Sar Kheng"), and trailing
    /// connectors.
    pub fn trim(&self, text: &str, mut first: usize, mut last: usize) -> Option<(usize, usize)> {
        loop {
            if first > last {
                return None;
            }
            let f = self.folded(first);
            // Looked for only when asked: most runs keep their first word.
            let next_word = || (first + 1..=last).find(|&k| self.tokens[k].kind == TokenKind::Word);
            // "Courtesy of the Indonesian Embassy", "Calls from Kandal": a common word and a
            // connector before the name.
            let next_is_of =
                first < last && matches!(self.folded(first + 1), "of" | "from" | "with");
            if next_is_of
                && is_common_word(f)
                && !is_title(f)
                && !is_org_head(f)
                && place_kind_after(f).is_none()
            {
                let mut k = first + 2;
                while k <= last && self.folded(k) == "the" {
                    k += 1;
                }
                if k <= last && self.is_cap(text, k) {
                    first = k;
                    continue;
                }
                return None;
            }
            let strip = is_function_word(f)
                || (self.sentence_initial(first)
                    && is_common_word(f)
                    && !is_asian_family_name(f)
                    && !is_title(f)
                    && !is_org_head(f)
                    && is_place_kind_before(f).is_none()
                    && next_word().is_some_and(|k| !is_common_word(self.folded(k))));
            if !strip {
                break;
            }
            // "Furthermore the West German Supreme Court": the name starts past "the".
            let name_start = next_word().map(|k| {
                (k..=last)
                    .find(|&w| self.tokens[w].kind == TokenKind::Word && self.folded(w) != "the")
                    .unwrap_or(k)
            });
            match name_start {
                Some(k) if self.is_cap(text, k) => first = k,
                _ => return None,
            }
        }
        while last > first
            && (self.tokens[last].kind != TokenKind::Word
                || matches!(self.folded(last), "of" | "for" | "on" | "the" | "and"))
        {
            last -= 1;
        }
        Some((first, last))
    }
}

/// True when `word`, in lower case, is `by` or a credit word; ASCII words (nearly all) are
/// lowered in a buffer on the stack rather than in a new string for every headline.
fn is_by_or_credit_word(word: &str) -> bool {
    let mut buf = [0u8; 16];
    let lower = match buf.get_mut(..word.len()) {
        Some(b) if word.is_ascii() => {
            b.copy_from_slice(word.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).unwrap_or_default()
        }
        _ => return is_by_or_credit_lowered(&word.to_lowercase()),
    };
    is_by_or_credit_lowered(lower)
}

fn is_by_or_credit_lowered(lower: &str) -> bool {
    lower == "by" || is_credit_word(lower)
}

/// Month and weekday names (folded).
pub(crate) fn is_month_or_day(f: &str) -> bool {
    matches!(
        f,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    )
}

pub(crate) fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Words that start sentences and clauses rather than names.
// Asked of every run and of every word of a person's name: the first letter picks the few
// words to compare, some 60 instructions a call fewer than a hash-set lookup.
pub(crate) fn is_function_word(f: &str) -> bool {
    let Some(&first) = f.as_bytes().first() else {
        return false;
    };
    match first {
        b'a' => matches!(
            f,
            "a" | "about"
                | "according"
                | "after"
                | "all"
                | "also"
                | "additionally"
                | "afterwards"
                | "again"
                | "already"
                | "although"
                | "amid"
                | "an"
                | "and"
                | "as"
                | "at"
        ),
        b'b' => matches!(f, "because" | "before" | "between" | "both" | "but" | "by"),
        b'c' => matches!(f, "consequently" | "courtesy" | "currently"),
        b'd' => matches!(f, "dear" | "despite" | "during"),
        b'e' => matches!(f, "each" | "earlier" | "elsewhere" | "eventually" | "every"),
        b'f' => matches!(f, "finally" | "for" | "former" | "from" | "furthermore"),
        b'h' => matches!(f, "he" | "hence" | "her" | "here" | "his" | "however"),
        b'i' => matches!(
            f,
            "i" | "if" | "in" | "including" | "indeed" | "instead" | "it" | "its"
        ),
        b'l' => matches!(f, "last" | "late" | "later" | "likewise"),
        b'm' => matches!(f, "many" | "meanwhile" | "more" | "moreover" | "most"),
        b'n' => matches!(f, "nevertheless" | "next" | "nonetheless"),
        b'o' => matches!(
            f,
            "of" | "on" | "or" | "other" | "otherwise" | "our" | "over" | "overall"
        ),
        b'p' => matches!(f, "photo" | "previously"),
        b'r' => matches!(f, "recently"),
        b's' => matches!(
            f,
            "separately"
                | "several"
                | "she"
                | "similarly"
                | "since"
                | "so"
                | "some"
                | "source"
                | "subsequently"
        ),
        b't' => matches!(
            f,
            "that"
                | "the"
                | "their"
                | "then"
                | "there"
                | "therefore"
                | "these"
                | "they"
                | "this"
                | "those"
                | "though"
                | "through"
                | "thus"
                | "to"
                | "today"
        ),
        b'u' => matches!(f, "under" | "unlike"),
        b'v' => matches!(f, "via"),
        b'w' => matches!(
            f,
            "we" | "what" | "when" | "where" | "which" | "while" | "who" | "with"
        ),
        b'y' => matches!(f, "yesterday" | "yet"),
        _ => false,
    }
}

/// True when `f` is one of `words`, looked up in a set made from them once: the lists asked
/// of every run are too long to scan (scanning cost more than all the other tests of a run).
fn in_word_set(
    set: &'static OnceLock<FxHashSet<&'static str>>,
    words: &'static [&'static str],
    f: &str,
) -> bool {
    set.get_or_init(|| words.iter().copied().collect())
        .contains(f)
}

/// Titles and roles written before a person's name ("Governor", "Minister", "Lt", "Oknha"),
/// the abbreviated ones included.
// Asked of nearly every word of every run: the first letter picks the few titles to compare,
// where one `matches!` over all of them compared each in turn (~60 instructions a call, ~27
// this way).
pub(crate) fn is_title(f: &str) -> bool {
    let Some(&first) = f.as_bytes().first() else {
        return false;
    };
    match first {
        b'a' => matches!(f, "adviser" | "advisor" | "akka" | "ambassador"),
        b'b' => matches!(f, "bishop" | "brig"),
        b'c' => matches!(
            f,
            "capt"
                | "captain"
                | "cardinal"
                | "ceo"
                | "cfo"
                | "chair"
                | "chairman"
                | "chairperson"
                | "chairwoman"
                | "chancellor"
                | "chief"
                | "chumteav"
                | "cmdr"
                | "col"
                | "colonel"
                | "commander"
                | "commissioner"
                | "constable"
                | "consul"
                | "coordinator"
                | "councillor"
                | "counsellor"
                | "cto"
        ),
        b'd' => matches!(
            f,
            "dame" | "deputy" | "director" | "director-general" | "doctor" | "dr"
        ),
        b'e' => matches!(f, "emperor" | "envoy" | "excellency"),
        b'f' => matches!(f, "founder"),
        b'g' => matches!(f, "gen" | "general" | "gov" | "governor"),
        b'h' => matches!(f, "head" | "hon"),
        b'i' => matches!(f, "insp" | "inspector" | "interpreter"),
        b'j' => matches!(f, "judge"),
        b'k' => matches!(f, "king" | "kralahom"),
        b'l' => matches!(f, "lawmaker" | "lieutenant" | "lord" | "lt"),
        b'm' => matches!(
            f,
            "maj" | "major" | "mayor" | "minister" | "moha" | "monk" | "mp" | "mr" | "mrs" | "ms"
        ),
        b'o' => matches!(f, "officer" | "oknha"),
        b'p' => matches!(
            f,
            "padei"
                | "pastor"
                | "pm"
                | "pol"
                | "pope"
                | "premier"
                | "president"
                | "president-elect"
                | "prince"
                | "princess"
                | "prof"
                | "professor"
                | "prosecutor"
        ),
        b'q' => matches!(f, "queen"),
        b'r' => matches!(f, "rapporteur" | "rep" | "representative" | "rev"),
        b's' => matches!(
            f,
            "samdech"
                | "secretary"
                | "sen"
                | "sena"
                | "senator"
                | "sergeant"
                | "sgt"
                | "sheikh"
                | "sir"
                | "spokesman"
                | "spokesperson"
                | "spokeswoman"
                | "superintendent"
                | "supt"
        ),
        b't' => matches!(f, "techo" | "thipadei"),
        b'u' => matches!(f, "undersecretary"),
        b'v' => matches!(f, "venerable" | "vice-president"),
        _ => false,
    }
}

/// Titles usually abbreviated with a full stop.
pub(crate) fn is_abbreviated_title(f: &str) -> bool {
    matches!(
        f,
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "gen"
            | "lt"
            | "col"
            | "maj"
            | "capt"
            | "brig"
            | "sgt"
            | "gov"
            | "sen"
            | "rep"
            | "prof"
            | "pol"
            | "cmdr"
            | "supt"
            | "insp"
            | "hon"
            | "rev"
    )
}

/// Roles written in lower case before or after a name ("spokesman Touch Sokhak",
/// "Chou Bun Eng, secretary of state").
pub(crate) fn is_role(f: &str) -> bool {
    is_title(f)
        && !matches!(
            f,
            "general" | "major" | "king" | "queen" | "prince" | "princess"
        )
        || matches!(
            f,
            "official"
                | "officer"
                | "lawyer"
                | "activist"
                | "researcher"
                | "tycoon"
                | "businessman"
                | "businesswoman"
                | "leader"
                | "manager"
                | "owner"
                | "representative"
                | "analyst"
                | "investigator"
                | "attorney"
                | "journalist"
                | "reporter"
                | "editor"
                | "vice-president"
                // The arts, sport and the professions: "actress Shailene Woodley",
                // "economist Paul Krugman", "striker Wayne Rooney".
                | "actor"
                | "actress"
                | "singer"
                | "rapper"
                | "musician"
                | "artist"
                | "writer"
                | "author"
                | "novelist"
                | "poet"
                | "filmmaker"
                | "comedian"
                | "economist"
                | "scientist"
                | "historian"
                | "photographer"
                | "entrepreneur"
                | "diplomat"
                | "politician"
                | "campaigner"
                | "coach"
                | "footballer"
                | "striker"
                | "midfielder"
                | "goalkeeper"
                | "athlete"
                | "golfer"
                | "boxer"
        )
}

/// The kind of body an organization word names ("Ministry" → ministry), if it is one.
pub(crate) fn is_org_head(f: &str) -> bool {
    org_kind(f).is_some()
}

/// The kind of body organization word `f` names: `ministry`, `committee`, `court`, `police`,
/// `government`, `party`, `ngo`, `company`, `media`, `military` or `other`.
pub(crate) fn org_kind(f: &str) -> Option<&'static str> {
    // Asked of nearly every word of every run: the first letter picks the few words to
    // compare (~28 instructions a call, where one `match` over all 112 took ~62).
    let &first = f.as_bytes().first()?;
    Some(match first {
        b'a' => match f {
            "administration" | "agency" | "assembly" | "authority" => "government",
            "alliance" | "association" => "ngo",
            "airlines" | "airways" => "company",
            "army" => "military",
            "academy" => "other",
            _ => return None,
        },
        b'b' => match f {
            "bureau" => "government",
            "bank" | "bhd" => "company",
            "broadcasting" => "media",
            "battalion" | "brigade" => "military",
            _ => return None,
        },
        b'c' => match f {
            "commission" | "committee" | "council" => "committee",
            "court" => "court",
            "consulate" => "government",
            "center" | "centre" | "coalition" => "ngo",
            "co" | "company" | "corp" | "corporation" => "company",
            "chronicle" => "media",
            "clinic" | "college" => "other",
            _ => return None,
        },
        b'd' => match f {
            "department" | "directorate" => "government",
            "dairy" => "company",
            "daily" => "media",
            _ => return None,
        },
        b'e' => match f {
            "embassy" => "government",
            "enterprise" | "enterprises" => "company",
            _ => return None,
        },
        b'f' => match f {
            "federation" | "forum" | "foundation" | "fund" => "ngo",
            "force" | "forces" => "military",
            _ => return None,
        },
        b'g' => match f {
            "gendarmerie" => "police",
            "gmbh" | "group" => "company",
            "gazette" => "media",
            _ => return None,
        },
        b'h' => match f {
            "hall" | "headquarters" => "government",
            "holdings" => "company",
            "herald" => "media",
            "hospital" => "other",
            _ => return None,
        },
        b'i' => match f {
            "inspectorate" => "government",
            "initiative" | "institute" => "ngo",
            "inc" | "industries" | "insurance" => "company",
            _ => return None,
        },
        b'j' => match f {
            "jsc" => "company",
            "journal" => "media",
            _ => return None,
        },
        b'l' => match f {
            "league" => "ngo",
            "limited" | "llc" | "llp" | "ltd" => "company",
            "ledger" => "media",
            _ => return None,
        },
        b'm' => match f {
            "ministry" => "ministry",
            "mission" | "movement" => "ngo",
            "monitor" => "media",
            _ => return None,
        },
        b'n' => match f {
            "network" => "ngo",
            "news" | "newspaper" => "media",
            "navy" => "military",
            _ => return None,
        },
        b'o' => match f {
            "office" => "government",
            "organisation" | "organization" => "ngo",
            "observer" => "media",
            _ => return None,
        },
        b'p' => match f {
            "police" => "police",
            "prison" => "government",
            "party" => "party",
            "program" | "programme" | "project" => "ngo",
            "plc" | "pte" | "pvt" => "company",
            "post" | "press" => "media",
            _ => return None,
        },
        b'r' => match f {
            "radio" => "media",
            "regiment" => "military",
            _ => return None,
        },
        b's' => match f {
            "subcommittee" => "committee",
            "secretariat" | "senate" | "service" | "services" | "station" => "government",
            "society" => "ngo",
            "sdn" => "company",
            "school" => "other",
            _ => return None,
        },
        b't' => match f {
            "tribunal" => "court",
            "taskforce" => "government",
            "trust" => "ngo",
            "television" | "times" | "tribune" | "tv" => "media",
            _ => return None,
        },
        b'u' => match f {
            "unit" => "government",
            "union" => "ngo",
            "university" => "other",
            _ => return None,
        },
        b'w' => match f {
            "wire" => "media",
            _ => return None,
        },
        _ => return None,
    })
}

/// The kind of place named by a word written after a place name ("Kandal province"), and
/// whether the word is plural ("Kandal and Takeo provinces").
pub(crate) fn place_kind_after(f: &str) -> Option<(&'static str, bool)> {
    Some(match f {
        "province" => ("province", false),
        "provinces" => ("province", true),
        "district" => ("district", false),
        "districts" => ("district", true),
        "commune" => ("commune", false),
        "communes" => ("commune", true),
        "village" => ("village", false),
        "villages" => ("village", true),
        "town" => ("town", false),
        "towns" => ("town", true),
        "city" => ("city", false),
        "cities" => ("city", true),
        "municipality" => ("municipality", false),
        "municipalities" => ("municipality", true),
        "island" => ("island", false),
        "islands" => ("island", true),
        "river" => ("river", false),
        "rivers" => ("river", true),
        _ => return None,
    })
}

/// Peoples, nationalities and languages, which are never places by themselves ("the Mexican
/// village", "Bunong communities", "Khmer language"); with the common endings of demonyms.
pub(crate) fn is_demonym(f: &str) -> bool {
    const WORDS: &[&str] = &[
        "khmer",
        "thai",
        "lao",
        "cham",
        "bunong",
        "phnong",
        "kuy",
        "tampuan",
        "jarai",
        "kreung",
        "stieng",
        "kavet",
        "brao",
        "mon",
        "shan",
        "karen",
        "kachin",
        "rohingya",
        "hmong",
        "dutch",
        "french",
        "british",
        "english",
        "swiss",
        "irish",
        "scottish",
        "welsh",
        "danish",
        "swedish",
        "polish",
        "turkish",
        "spanish",
        "finnish",
        "greek",
        "czech",
        "filipino",
        "uyghur",
        "uighur",
        "han",
        "malay",
        "arab",
        "jewish",
        "muslim",
        "buddhist",
        "christian",
        "hindu",
        "kurdish",
        "pashtun",
        "tamil",
        "sinhalese",
        "bengali",
        "hindi",
        "urdu",
        "nepali",
        "thais",
        "myanmar",
        "filipinos",
        "bangladeshi",
        "pakistani",
        "asian",
        "german",
    ];
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    in_word_set(&SET, WORDS, f)
        || ["ese", "ian", "ean", "ican", "ans", "ish", "ians"]
            .iter()
            .any(|end| f.len() > end.len() + 2 && f.ends_with(end))
            // "Adrian", "Julian", "Florian": given names with a demonym's ending.
            && !is_given_name(f)
}

/// The words of a word list shipped as text: its lines, without comments and blank lines.
fn list_words(list: &'static str) -> FxHashSet<&'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Given names ("carl", "natalia", "kenji"; `given_names.txt`): opening a run of capitalized
/// words, they make it a person's name.
pub(crate) fn is_given_name(f: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| list_words(include_str!("given_names.txt")))
        .contains(f)
}

/// Khmer, Vietnamese and Chinese family names that are no English word ("sok", "nguyen",
/// "zhang"; `family_names.txt`): opening a short run of capitalized words, they make it a
/// person's name.
pub(crate) fn is_family_name(f: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| list_words(include_str!("family_names.txt")))
        .contains(f)
}

/// Family names of Cambodia, Vietnam, China and Thailand that are also English words or
/// common short words: at the start of a name they are its first part ("Am Sam Ath", "Long
/// Dimanche", "Sun Chanthol"), not a word before it.
pub(crate) fn is_asian_family_name(f: &str) -> bool {
    matches!(
        f,
        "am" | "sam"
            | "chan"
            | "long"
            | "sun"
            | "mao"
            | "pen"
            | "son"
            | "tep"
            | "van"
            | "em"
            | "ny"
            | "ou"
            | "sok"
            | "kong"
            | "keo"
            | "kem"
            | "yim"
            | "sar"
            | "hun"
            | "chum"
            | "touch"
            | "prak"
            | "meas"
            | "chea"
            | "heng"
            | "lim"
            | "ly"
            | "le"
            | "lee"
            | "tan"
            | "wong"
            | "nuon"
            | "kim"
            | "seng"
            | "mam"
            | "ros"
            | "pol"
            | "ngo"
            | "vu"
            | "vo"
            | "dang"
            | "bui"
            | "tran"
            | "pham"
            | "nguyen"
            | "hoang"
            | "xi"
            | "li"
            | "wang"
            | "zhang"
            | "liu"
            | "chen"
            | "yang"
            | "huang"
            | "zhao"
            | "wu"
            | "zhou"
            | "xu"
            | "guo"
    )
}

/// Verbs of saying written after a speaker ("Sok Chea said", "X told reporters").
pub(crate) fn is_speech_verb(f: &str) -> bool {
    matches!(
        f,
        "said"
            | "says"
            | "told"
            | "added"
            | "explained"
            | "stressed"
            | "noted"
            | "wrote"
            | "stated"
            | "warned"
            | "claimed"
            | "insisted"
            | "replied"
            | "confirmed"
            | "recalled"
            | "argued"
            | "announced"
            | "urged"
            | "tweeted"
            | "commented"
            | "asked"
            | "admitted"
            | "acknowledged"
            | "emphasised"
            | "emphasized"
            | "revealed"
            | "recounted"
            | "testified"
    )
}

/// Words before "by X" or "X:" in bylines and credits ("Reporting by X", "Photo: X").
pub(crate) fn is_credit_word(f: &str) -> bool {
    matches!(
        f,
        "reporting"
            | "writing"
            | "editing"
            | "edited"
            | "written"
            | "compiled"
            | "photo"
            | "photos"
            | "photograph"
            | "photographs"
            | "picture"
            | "pictures"
            | "image"
            | "images"
            | "credit"
            | "story"
            | "interview"
            | "translated"
            | "translation"
            | "illustration"
            | "video"
            | "posted"
            | "reported"
    )
}

/// The kind of place named by a romanized Khmer word written before a place name
/// ("Krong Poipet", "Srok Kampong Trach").
pub(crate) fn is_place_kind_before(f: &str) -> Option<&'static str> {
    Some(match f {
        "krong" => "municipality",
        "srok" => "district",
        "khum" | "sangkat" => "commune",
        "phum" | "phoum" => "village",
        "khan" => "khan",
        "khett" | "khet" => "province",
        _ => return None,
    })
}

/// A one-line excerpt of `text` around `start..end`, at most about `width` characters on
/// each side.
pub(crate) fn context(text: &str, start: usize, end: usize, width: usize) -> String {
    let prev = |i: usize| text[..i].chars().next_back();
    let next = |i: usize| text[i..].chars().next();
    // Back to `width` characters before, or a blank line; then to the start of that word.
    let mut a = start;
    let mut taken = 0;
    let mut cut_left = true;
    while let Some(c) = prev(a) {
        if text[..a].ends_with("\n\n") {
            cut_left = false;
            break;
        }
        if taken >= width && !c.is_alphanumeric() {
            break;
        }
        a -= c.len_utf8();
        taken += 1;
        if taken > width + 20 {
            break;
        }
    }
    if a == 0 {
        cut_left = false;
    }
    let mut b = end;
    taken = 0;
    let mut cut_right = true;
    while let Some(c) = next(b) {
        if text[b..].starts_with("\n\n") {
            cut_right = false;
            break;
        }
        if taken >= width && !c.is_alphanumeric() {
            break;
        }
        b += c.len_utf8();
        taken += 1;
        if taken > width + 20 {
            break;
        }
    }
    if b == text.len() {
        cut_right = false;
    }
    let mut s = String::new();
    if cut_left {
        s.push('…');
    }
    let body: Vec<&str> = text[a..b].split_whitespace().collect();
    s.push_str(&body.join(" "));
    if cut_right {
        s.push('…');
    }
    s
}

/// A counter of names that keeps memory bounded: when it holds more than `limit` keys, the
/// rarest are dropped (so counts of names rarer than that are lower bounds on huge inputs).
pub(crate) struct Bounded<V> {
    pub map: FxHashMap<String, V>,
    limit: usize,
    /// The highest count dropped so far (0 when nothing was dropped).
    pub dropped_below: u64,
}

impl<V> Bounded<V> {
    pub fn new(limit: usize) -> Self {
        Bounded {
            map: FxHashMap::default(),
            limit: limit.max(16),
            dropped_below: 0,
        }
    }

    /// Drops the rarest keys when the map is over its limit; `count` gives a key's count.
    pub fn prune(&mut self, count: impl Fn(&V) -> u64) {
        if self.map.len() <= self.limit {
            return;
        }
        let mut threshold = self.dropped_below.max(1);
        while self.map.len() > self.limit / 2 {
            self.map.retain(|_, v| count(v) > threshold);
            self.dropped_below = self.dropped_below.max(threshold);
            threshold += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonle_gazetteer::GazetteerBuilder;

    fn runs(text: &str) -> Vec<String> {
        let mut b = GazetteerBuilder::new();
        b.add_source("l.tsv", "id\ttype\tname\nx\tPLACE\tKandal\n")
            .unwrap();
        let g = b.build().unwrap();
        let mut d = Doc::default();
        d.load(&g, text);
        d.runs
            .iter()
            .filter_map(|r| d.trim(text, r.first, r.last))
            .map(|(a, b)| {
                let (s, e) = d.span(a, b);
                text[s..e].to_string()
            })
            .collect()
    }

    #[test]
    fn name_runs() {
        assert_eq!(
            runs(
                "The Ministry of the Interior and Lt. Gen. Sar Thet met Hun Sen's aides in Kandal."
            ),
            [
                "Ministry of the Interior",
                "Lt. Gen. Sar Thet",
                "Hun Sen",
                "Kandal"
            ]
        );
        assert_eq!(
            runs("When Anti-Human Trafficking and Juvenile Protection Department officers came."),
            ["Anti-Human Trafficking and Juvenile Protection Department"]
        );
        assert_eq!(
            runs("the Ministry of Labour and Vocational Training said."),
            ["Ministry of Labour and Vocational Training"]
        );
        assert_eq!(
            runs("Hun Sen and Sar Kheng visited Kandal and Takeo provinces."),
            ["Hun Sen", "Sar Kheng", "Kandal", "Takeo"]
        );
        // Title-case headlines are skipped.
        assert_eq!(
            runs("Sar Kheng: Snare Masterminds Behind Trafficking\n\nKandal police said"),
            ["Kandal"]
        );
    }

    #[test]
    fn contexts_are_one_line() {
        let t = "First para.\n\nIn Kandal\nprovince, police raided a compound on Monday.";
        let at = t.find("Kandal").unwrap();
        assert_eq!(
            context(t, at, at + 6, 20),
            "In Kandal province, police raided…"
        );
    }
}
