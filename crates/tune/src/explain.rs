//! Why a text yields the mentions it does: every name of the lists
//! that occurs in the text, where, in what normalized form, and for each one that is not
//! reported, what stopped it (a longer match, the case rule, a paragraph break, another entry
//! with the same name).
//!
//! ```
//! use tonle_gazetteer::GazetteerBuilder;
//! use tonle_tune::explain::{explain, Outcome};
//!
//! let mut b = GazetteerBuilder::new();
//! b.add_source("l.tsv", "id\ttype\tname\nppp\tORG\tPhnom Penh Post\npenh\tPERSON\tPenh Post\n")?;
//! let g = b.build()?;
//! let x = explain(&g, "The Phnom Penh Post");
//! assert_eq!(x.candidates.len(), 2);
//! assert_eq!(x.candidates[0].outcome, Outcome::Matched);
//! assert_eq!(x.candidates[1].outcome, Outcome::Overlapped { winner: 0 });
//! # Ok::<(), tonle_gazetteer::ListError>(())
//! ```
//!
//! The matched candidates are exactly what `tonle extract` writes from the lists: what
//! [`Gazetteer::find`] returns (it is called to get them; spelling variants and linked
//! acronyms and short forms included) and the places inside organizations' names
//! ([`Gazetteer::places_within`]); the rest is found by walking the same trie without stopping
//! at paragraph breaks or failed case checks.

use std::fmt::Write as _;

use tonle_text::{fold, is_joiner, tokenize, Gap, Token, TokenKind};

use crate::lint::quote;
use tonle_gazetteer::inspect::{continuous_pattern, continuous_regions, match_tokens, Candidate};
use tonle_gazetteer::{romanization_key, Gazetteer, ResolvedBy};

/// A token as matching sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenView {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// The normalized form names are compared in.
    pub folded: String,
    /// A hyphen or apostrophe glued between two words, which matching skips (`O’Smach` is
    /// matched as `o smach`).
    pub skipped: bool,
    /// Some name of the lists contains this token.
    pub known: bool,
    /// A blank line comes before this token: names never run across it.
    pub paragraph_before: bool,
    /// Part of a run of a script written without spaces (Khmer), matched by substring.
    pub continuous: bool,
}

/// What became of a candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Reported.
    Matched,
    /// A longer name starting at the same place won (`winner` indexes
    /// [`Explanation::candidates`]).
    LongerMatch { winner: usize },
    /// An earlier match already took some of its words.
    Overlapped { winner: usize },
    /// The name must match with exact case, and the text writes it differently (`listed` is
    /// the name as the list writes it).
    CaseMismatch { listed: String },
    /// A blank line separates its words.
    CrossesParagraph,
    /// Another entry has the same name and wins it (listed earlier, or exact case first).
    Shadowed { winner: usize },
    /// A Khmer-script name that would start or end inside a character cluster.
    SplitsCharacter,
}

/// One occurrence of a name of the lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CandidateView {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Entry index (see [`Gazetteer::entry`]) and list index of the name.
    pub entry: u32,
    pub list: u32,
    /// The name as the list writes it, when it can be told.
    pub name: Option<String>,
    /// The span's tokens in normalized form, joined with spaces (for a spelling variant, its
    /// romanization key).
    pub folded: String,
    pub outcome: Outcome,
    /// For a match: the rule that chose its entry, as records write it in `resolved_by`
    /// (`variant` for a spelling variant, which no walk of the names finds).
    pub resolved_by: Option<ResolvedBy>,
    /// For a place inside a listed organization's name, which that name's match hides:
    /// the byte start of the organization (`extract` writes the place with `within`).
    pub within: Option<usize>,
}

/// Everything [`explain`] found.
#[derive(Clone, Debug, Default)]
pub struct Explanation {
    pub tokens: Vec<TokenView>,
    /// In text order; at one position, longer first.
    pub candidates: Vec<CandidateView>,
}

struct Raw<'g> {
    start: usize,
    end: usize,
    first_seq: usize,
    last_seq: usize,
    c: &'g Candidate,
    crossed: bool,
    case_ok: bool,
    /// For continuous-script names: whether both ends are on grapheme boundaries.
    boundary_ok: bool,
    continuous: bool,
}

/// Explains how `text` is matched against `g`.
pub fn explain(g: &Gazetteer, text: &str) -> Explanation {
    let mut tokens = Vec::new();
    tokenize(text, &mut tokens);
    let mut mentions = Vec::new();
    g.find(text, &tokens, &mut mentions);
    let walk = Walk::new(g, text, &tokens);
    let mut raw = walk.spaced_candidates(g, text, &tokens);
    continuous_candidates(g, text, &tokens, &mut raw);

    raw.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let found = |r: &Raw| {
        mentions
            .iter()
            .find(|m| (m.start as usize, m.end as usize, m.entry) == (r.start, r.end, r.c.entry()))
    };
    let is_match = |r: &Raw| found(r).is_some();
    let kept = one_per_span_and_entry(&raw, is_match);
    let matched: Vec<(usize, usize, usize)> = kept
        .iter()
        .enumerate()
        .filter(|(_, r)| is_match(r))
        .map(|(i, r)| (r.start, r.end, i))
        .collect();
    let mut candidates: Vec<CandidateView> = kept
        .iter()
        .map(|r| {
            let mut view = CandidateView {
                start: r.start,
                end: r.end,
                entry: r.c.entry(),
                list: r.c.list(),
                name: None,
                folded: String::new(),
                outcome: if is_match(r) {
                    Outcome::Matched
                } else {
                    classify(r, &matched)
                },
                resolved_by: found(r).and_then(|m| m.resolved_by),
                within: None,
            };
            fill_names(g, text, &walk.views, &walk.seq, r, &mut view);
            view
        })
        .collect();
    let mut nested = Vec::new();
    g.places_within(text, &tokens, &mentions, &mut nested);
    for (place, org) in nested {
        let at = candidates.iter().position(|v| {
            (v.start, v.end, v.entry) == (place.start as usize, place.end as usize, place.entry)
        });
        if let Some(v) = at.map(|k| &mut candidates[k]) {
            v.outcome = Outcome::Matched;
            v.resolved_by = place.resolved_by;
            v.within = Some(org as usize);
        }
    }
    add_unwalked_matches(g, text, &mentions, &mut candidates);
    Explanation {
        tokens: walk.views,
        candidates,
    }
}

/// Adds the matches no walk of the names finds (spelling variants, and acronyms and short
/// forms linked through the text), so that the matches are exactly [`Gazetteer::find`]'s;
/// candidates stay in text order, and the winners they name stay the same.
fn add_unwalked_matches(
    g: &Gazetteer,
    text: &str,
    mentions: &[tonle_gazetteer::Mention],
    candidates: &mut Vec<CandidateView>,
) {
    let before = candidates.len();
    for m in mentions {
        let (start, end) = (m.start as usize, m.end as usize);
        let listed = candidates.iter().any(|v| {
            (v.start, v.end, v.entry, &v.outcome) == (start, end, m.entry, &Outcome::Matched)
        });
        if listed {
            continue;
        }
        let surface = &text[start..end];
        let entry = g.entry(m.entry);
        let (name, folded) = if m.resolved_by == Some(ResolvedBy::Variant) {
            let key = romanization_key(surface);
            // The canonical name too: a guarded one matches variants before its kind word.
            let listed = std::iter::once(entry.name.as_str())
                .chain(entry.names())
                .find(|n| romanization_key(n) == key);
            (listed.map(str::to_string), key)
        } else {
            (Some(entry.name.clone()), surface.to_string())
        };
        candidates.push(CandidateView {
            start,
            end,
            entry: m.entry,
            list: m.list,
            name,
            folded,
            outcome: Outcome::Matched,
            resolved_by: m.resolved_by,
            within: None,
        });
    }
    if candidates.len() == before {
        return;
    }
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| (candidates[i].start, std::cmp::Reverse(candidates[i].end), i));
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<CandidateView>> = candidates.drain(..).map(Some).collect();
    for &old in &order {
        let mut v = slots[old].take().expect("each candidate once");
        match &mut v.outcome {
            Outcome::LongerMatch { winner }
            | Outcome::Overlapped { winner }
            | Outcome::Shadowed { winner } => {
                if let Some(&w) = new_index.get(*winner) {
                    *winner = w;
                }
            }
            _ => {}
        }
        candidates.push(v);
    }
}

/// The tokens of a text as the trie walk sees them.
struct Walk {
    views: Vec<TokenView>,
    /// The tokens matching does not skip (indexes into `views`).
    seq: Vec<u32>,
    /// The vocabulary id of each token of `seq`, if some name has it.
    ids: Vec<Option<u32>>,
}

impl Walk {
    fn new(g: &Gazetteer, text: &str, tokens: &[Token]) -> Walk {
        let mut walk = Walk {
            views: Vec::with_capacity(tokens.len()),
            seq: Vec::new(),
            ids: Vec::new(),
        };
        let mut folded = String::new();
        for (i, t) in tokens.iter().enumerate() {
            fold(t.as_str(text), &mut folded);
            let skipped = is_joiner(text, tokens, i);
            let id = if skipped { None } else { g.token_id(&folded) };
            walk.views.push(TokenView {
                start: t.start as usize,
                end: t.end as usize,
                folded: folded.clone(),
                skipped,
                known: id.is_some(),
                paragraph_before: t.gap == Gap::Paragraph && i > 0,
                continuous: t.kind == TokenKind::Continuous,
            });
            if !skipped {
                walk.seq.push(i as u32);
                walk.ids.push(id);
            }
        }
        walk
    }

    /// Every name of the lists that occurs in the spaced tokens, walking the trie from each
    /// token without stopping at paragraph breaks or failed case checks.
    fn spaced_candidates<'g>(
        &self,
        g: &'g Gazetteer,
        text: &str,
        tokens: &[Token],
    ) -> Vec<Raw<'g>> {
        let (seq, ids) = (&self.seq, &self.ids);
        let mut raw: Vec<Raw> = Vec::new();
        for i in 0..seq.len() {
            let Some(mut node) = ids[i].and_then(|id| g.root_child(id)) else {
                continue;
            };
            let mut j = i;
            let mut crossed = false;
            loop {
                for c in g.node_candidates(node) {
                    raw.push(Raw {
                        start: tokens[seq[i] as usize].start as usize,
                        end: tokens[seq[j] as usize].end as usize,
                        first_seq: i,
                        last_seq: j,
                        c,
                        crossed,
                        case_ok: c.case_agrees(text, tokens, &seq[i..=j]),
                        boundary_ok: true,
                        continuous: false,
                    });
                }
                j += 1;
                let Some(id) = ids.get(j).copied().flatten() else {
                    break;
                };
                if tokens[seq[j] as usize].gap == Gap::Paragraph {
                    crossed = true;
                }
                match g.next_node(node, id) {
                    Some(next) => node = next,
                    None => break,
                }
            }
        }
        raw
    }
}

/// One candidate per span and entry (an entry can reach one span twice, once with exact
/// case and once without): the matched one if there is one.
fn one_per_span_and_entry<'r, 'g>(
    raw: &'r [Raw<'g>],
    is_match: impl Fn(&Raw) -> bool,
) -> Vec<&'r Raw<'g>> {
    let mut kept: Vec<&Raw> = Vec::with_capacity(raw.len());
    for r in raw {
        let same = |k: &&Raw| (k.start, k.end, k.c.entry()) == (r.start, r.end, r.c.entry());
        match kept.iter().position(same) {
            Some(at) => {
                if is_match(r) && !is_match(kept[at]) {
                    kept[at] = r;
                }
            }
            None => kept.push(r),
        }
    }
    kept
}

/// Why a candidate that [`Gazetteer::find`] did not report lost; `matched` holds the spans
/// of the reported ones and their index among the candidates.
fn classify(r: &Raw, matched: &[(usize, usize, usize)]) -> Outcome {
    if r.crossed {
        return Outcome::CrossesParagraph;
    }
    if !r.boundary_ok {
        return Outcome::SplitsCharacter;
    }
    if !r.case_ok {
        let listed = r.c.exact_tokens().map(|t| t.join(" ")).unwrap_or_default();
        return Outcome::CaseMismatch { listed };
    }
    if let Some(&(_, _, w)) = matched.iter().find(|m| (m.0, m.1) == (r.start, r.end)) {
        return Outcome::Shadowed { winner: w };
    }
    if let Some(&(_, _, w)) = matched.iter().find(|m| m.0 == r.start && m.1 > r.end) {
        return Outcome::LongerMatch { winner: w };
    }
    let w = matched
        .iter()
        .find(|m| m.0 < r.end && r.start < m.1)
        .map_or(usize::MAX, |m| m.2);
    Outcome::Overlapped { winner: w }
}

/// Fills in the span's normalized words and the listed name that produced the candidate.
fn fill_names(
    g: &Gazetteer,
    text: &str,
    views: &[TokenView],
    seq: &[u32],
    r: &Raw,
    view: &mut CandidateView,
) {
    let entry = g.entry(r.c.entry());
    if r.continuous {
        let pattern = continuous_pattern(&text[r.start..r.end]);
        view.name = entry
            .names()
            .find(|n| continuous_pattern(n) == pattern)
            .map(str::to_string);
        view.folded = pattern;
        return;
    }
    let words: Vec<&str> = seq[r.first_seq..=r.last_seq]
        .iter()
        .map(|&t| views[t as usize].folded.as_str())
        .collect();
    view.folded = words.join(" ");
    let mut tokens = Vec::new();
    let mut f = String::new();
    view.name = entry
        .names()
        .find(|n| {
            tokenize(n, &mut tokens);
            let kept = match_tokens(n, &tokens);
            kept.len() == words.len()
                && kept.iter().zip(&words).all(|(t, w)| {
                    fold(t.as_str(n), &mut f);
                    f == *w
                })
        })
        .map(str::to_string);
}

/// Candidates inside runs of Khmer (and other unspaced) script, as `find_continuous` sees
/// them.
fn continuous_candidates<'g>(
    g: &'g Gazetteer,
    text: &str,
    tokens: &[Token],
    raw: &mut Vec<Raw<'g>>,
) {
    for (first, last) in continuous_regions(tokens) {
        let region_start = tokens[first].start as usize;
        let region = &text[region_start..tokens[last].end as usize];
        for hit in g.continuous_hits(region) {
            for c in hit.candidates {
                raw.push(Raw {
                    start: region_start + hit.start,
                    end: region_start + hit.end,
                    first_seq: 0,
                    last_seq: 0,
                    c,
                    crossed: false,
                    case_ok: true,
                    boundary_ok: hit.on_grapheme_boundaries,
                    continuous: true,
                });
            }
        }
    }
}

/// Line and column (1-based; columns count characters) of byte offsets in a text.
pub struct LineIndex<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, line_starts }
    }

    /// `(line, column)` of byte offset `at`.
    pub fn position(&self, at: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= at);
        let start = self.line_starts[line - 1];
        let col = self.text[start..at.min(self.text.len())].chars().count() + 1;
        (line, col)
    }
}

/// The advice [`render`] gives, in the words of the program that shows it.
#[derive(Clone, Copy, Debug)]
pub struct Hints<'a> {
    /// How to list the names left out as changing nothing (the CLI names its flag).
    pub show_hidden: &'a str,
    /// Where to find every name two entries share (the CLI names its check command).
    pub find_shadowed: &'a str,
}

/// Writes an explanation for a person: the normalized tokens (when `show_tokens`), then the
/// matches, then the names that lost and why.
///
/// Names that lost to a longer name of the same entry (`Preah Sihanouk` inside `Preah
/// Sihanouk province`) change nothing in the output and are left out unless `show_all`.
pub fn render(
    g: &Gazetteer,
    text: &str,
    x: &Explanation,
    show_tokens: bool,
    show_all: bool,
    hints: &Hints,
) -> String {
    let mut s = String::new();
    if show_tokens {
        write_tokens(&mut s, x);
    }
    if x.candidates.is_empty() {
        let _ = writeln!(
            s,
            "no name of the lists occurs in this text (names match whole words, in the \
             normalized form above)"
        );
        return s;
    }
    let r = Renderer {
        g,
        text,
        x,
        lines: LineIndex::new(text),
    };
    let matched: Vec<&CandidateView> = x
        .candidates
        .iter()
        .filter(|v| v.outcome == Outcome::Matched)
        .collect();
    let lost: Vec<&CandidateView> = x
        .candidates
        .iter()
        .filter(|v| v.outcome != Outcome::Matched && (show_all || !r.lost_to_same_entry(v)))
        .collect();
    let hidden = x.candidates.len() - matched.len() - lost.len();
    let _ = writeln!(s, "matches ({}):", matched.len());
    for v in &matched {
        let _ = writeln!(s, "  {}", r.occurrence(v));
        let _ = writeln!(s, "           {}", how(v));
        if let Some(org) = v.within {
            let _ = writeln!(
                s,
                "           inside the organization's name at {}, and written with `within`",
                r.pos(org)
            );
        }
    }
    if !lost.is_empty() {
        let _ = writeln!(s, "not reported ({}):", lost.len());
        for v in &lost {
            let _ = writeln!(s, "  {}", r.occurrence(v));
            let _ = writeln!(s, "           {}", how(v));
            let _ = writeln!(s, "           lost: {}", r.why_lost(v, hints));
        }
    }
    if hidden > 0 {
        let _ = writeln!(
            s,
            "({hidden} shorter name(s) inside a match of the same entry not shown; {})",
            hints.show_hidden
        );
    }
    s
}

/// The normalized words, as matching compares them.
fn write_tokens(s: &mut String, x: &Explanation) {
    let mut line = String::from("normalized:");
    for t in &x.tokens {
        if t.paragraph_before {
            line.push_str(" ¶");
        }
        if t.skipped {
            continue;
        }
        line.push(' ');
        line.push_str(&t.folded);
    }
    let _ = writeln!(s, "{line}");
    let _ = writeln!(
        s,
        "  (as matching compares them: lower case, plain quotes and dashes, no accents; \
         glued hyphens and apostrophes are skipped; ¶ is a blank line)"
    );
}

/// What [`render`] needs to describe a candidate.
struct Renderer<'a> {
    g: &'a Gazetteer,
    text: &'a str,
    x: &'a Explanation,
    lines: LineIndex<'a>,
}

impl Renderer<'_> {
    /// `line:column` of a byte offset.
    fn pos(&self, at: usize) -> String {
        let (l, c) = self.lines.position(at);
        format!("{l}:{c}")
    }

    /// The text of a span, quoted, whitespace shown as one space, or ¶ for a blank line.
    fn surface(&self, a: usize, b: usize) -> String {
        let mut t = String::new();
        let mut gap = String::new();
        for c in self.text[a..b].chars() {
            if c.is_whitespace() {
                gap.push(c);
                continue;
            }
            if !gap.is_empty() {
                t.push_str(if gap.matches('\n').count() > 1 {
                    " ¶ "
                } else {
                    " "
                });
                gap.clear();
            }
            t.push(c);
        }
        quote(&t)
    }

    /// Where a candidate is, its text, and its entry.
    fn occurrence(&self, v: &CandidateView) -> String {
        let e = self.g.entry(v.entry);
        format!(
            "{:<8} {} -> {} {} {} [{}]",
            self.pos(v.start),
            self.surface(v.start, v.end),
            e.id,
            e.kind,
            quote(&e.name),
            self.g.list_name(self.g.entry_list(v.entry))
        )
    }

    /// Lost to a longer name or an overlapping match of its own entry: it changes nothing.
    fn lost_to_same_entry(&self, v: &CandidateView) -> bool {
        match &v.outcome {
            Outcome::LongerMatch { winner } | Outcome::Overlapped { winner } => self
                .x
                .candidates
                .get(*winner)
                .is_some_and(|w| w.entry == v.entry),
            _ => false,
        }
    }

    fn winner(&self, w: usize) -> String {
        self.x
            .candidates
            .get(w)
            .map(|m| {
                format!(
                    "{} ({}) at {}",
                    self.surface(m.start, m.end),
                    self.g.entry(m.entry).id,
                    self.pos(m.start)
                )
            })
            .unwrap_or_else(|| "another match".into())
    }

    fn why_lost(&self, v: &CandidateView, hints: &Hints) -> String {
        match &v.outcome {
            Outcome::Matched => unreachable!("only candidates that lost"),
            Outcome::LongerMatch { winner: w } => {
                format!("a longer match won: {}", self.winner(*w))
            }
            Outcome::Overlapped { winner: w } => {
                format!(
                    "its words are part of an earlier match: {}",
                    self.winner(*w)
                )
            }
            Outcome::CaseMismatch { listed } => format!(
                "needs exact case: the list writes {}, the text {} ({})",
                quote(listed),
                self.surface(v.start, v.end),
                if self.g.entry(v.entry).case == tonle_gazetteer::CaseRule::Exact {
                    "the entry has case=exact"
                } else {
                    "a one-word name that is a common word or a short acronym"
                }
            ),
            Outcome::CrossesParagraph => {
                "it runs across a blank line, and names never cross paragraphs".to_string()
            }
            Outcome::Shadowed { winner: w } => {
                let by = self
                    .x
                    .candidates
                    .get(*w)
                    .and_then(|m| m.resolved_by)
                    .map_or_else(
                        || "it is listed earlier, or must match with exact case".to_string(),
                        |r| format!("chosen here by the rule {r}"),
                    );
                format!(
                    "another entry has the same name and wins it: {} ({by}); {}",
                    self.winner(*w),
                    hints.find_shadowed
                )
            }
            Outcome::SplitsCharacter => {
                "it would start or end inside a Khmer character cluster".to_string()
            }
        }
    }
}

fn how(v: &CandidateView) -> String {
    if v.resolved_by == Some(ResolvedBy::Variant) {
        return format!(
            "a spelling variant of name {}: both have the romanization key {} \
             (resolved_by variant)",
            quote(v.name.as_deref().unwrap_or("")),
            quote(&v.folded)
        );
    }
    let rule = match v.resolved_by {
        Some(r) => format!("; entry chosen by the rule {r} (resolved_by {r})"),
        None => String::new(),
    };
    let how = match &v.name {
        Some(n) => format!("name {}, compared as {}", quote(n), quote(&v.folded)),
        None => format!("compared as {}", quote(&v.folded)),
    };
    how + &rule
}

#[cfg(test)]
mod tests {
    use super::*;

    const HINTS: Hints = Hints {
        show_hidden: "say all",
        find_shadowed: "lint finds them",
    };
    use tonle_gazetteer::GazetteerBuilder;

    const LIST: &str = "id\ttype\tname\taliases\tcase\n\
        ppp\tORG\tPhnom Penh Post\t\t\n\
        KH-12\tPLACE\tPhnom Penh\tភ្នំពេញ\t\n\
        march\tPLACE\tMarch\t\t\n\
        kheng\tPERSON\tSar Kheng\t\texact\n\
        osmach\tPLACE\tO'Smach\t\t\n\
        post\tORG\tPenh Post Daily\t\t\n\
        dup\tORG\tPhnom Penh\t\t\n";

    fn gaz() -> Gazetteer {
        let mut b = GazetteerBuilder::new();
        b.add_source("test.tsv", LIST).unwrap();
        b.build().unwrap()
    }

    fn summary(g: &Gazetteer, text: &str) -> Vec<(String, String, Outcome)> {
        explain(g, text)
            .candidates
            .into_iter()
            .map(|v| {
                (
                    text[v.start..v.end].to_string(),
                    g.entry(v.entry).id.clone(),
                    v.outcome,
                )
            })
            .collect()
    }

    #[test]
    fn matches_agree_with_find_and_losers_say_why() {
        let g = gaz();
        let text = "The Phnom Penh Post Daily, in march, SAR KHENG at O’Smach.\n\nPhnom\n\nPenh";
        let got = summary(&g, text);
        use Outcome::*;
        assert_eq!(
            got,
            [
                ("Phnom Penh Post".into(), "ppp".into(), Matched),
                // A place inside an organization's name: written with `within`.
                ("Phnom Penh".into(), "KH-12".into(), Matched),
                ("Phnom Penh".into(), "dup".into(), LongerMatch { winner: 0 }),
                (
                    "Penh Post Daily".into(),
                    "post".into(),
                    Overlapped { winner: 0 }
                ),
                (
                    "march".into(),
                    "march".into(),
                    CaseMismatch {
                        listed: "March".into()
                    }
                ),
                (
                    "SAR KHENG".into(),
                    "kheng".into(),
                    CaseMismatch {
                        listed: "Sar Kheng".into()
                    }
                ),
                ("O’Smach".into(), "osmach".into(), Matched),
                ("Phnom\n\nPenh".into(), "KH-12".into(), CrossesParagraph),
                ("Phnom\n\nPenh".into(), "dup".into(), CrossesParagraph),
            ]
        );
        let x = explain(&g, text);
        assert_eq!(x.candidates[1].within, Some(4));
        let osmach = &x.candidates[6];
        assert_eq!(osmach.folded, "o smach");
        assert_eq!(osmach.name.as_deref(), Some("O'Smach"));
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens);
        let mut found = Vec::new();
        g.find(text, &tokens, &mut found);
        // What find reports, and the places inside organizations' names (see places_within).
        let matched: Vec<(usize, usize)> = x
            .candidates
            .iter()
            .filter(|v| v.outcome == Matched && v.within.is_none())
            .map(|v| (v.start, v.end))
            .collect();
        let expected: Vec<(usize, usize)> = found
            .iter()
            .map(|m| (m.start as usize, m.end as usize))
            .collect();
        assert_eq!(matched, expected);
    }

    #[test]
    fn same_name_of_two_entries_and_khmer() {
        let g = gaz();
        use Outcome::*;
        assert_eq!(
            summary(&g, "Phnom Penh and រាជធានីភ្នំពេញ"),
            [
                ("Phnom Penh".into(), "KH-12".into(), Matched),
                ("Phnom Penh".into(), "dup".into(), Shadowed { winner: 0 }),
                ("ភ្នំពេញ".into(), "KH-12".into(), Matched),
            ]
        );
        let x = explain(&g, "Phnom Penh and រាជធានីភ្នំពេញ");
        let text = render(&g, "Phnom Penh and រាជធានីភ្នំពេញ", &x, true, false, &HINTS);
        assert!(text.contains("normalized: phnom penh and"), "{text}");
        assert!(
            text.contains("lost: another entry has the same name"),
            "{text}"
        );
    }

    #[test]
    fn nothing_to_explain() {
        let g = gaz();
        let x = explain(&g, "");
        assert!(x.candidates.is_empty() && x.tokens.is_empty());
        assert!(render(&g, "", &x, true, false, &HINTS).contains("no name of the lists"));
    }

    #[test]
    fn line_and_column() {
        let l = LineIndex::new("ab\nçd\n");
        assert_eq!(l.position(0), (1, 1));
        assert_eq!(l.position(3), (2, 1));
        assert_eq!(l.position(5), (2, 2));
        assert_eq!(l.position(7), (3, 1));
    }
}
