//! How well the lists cover an archive: matches per entry, the
//! entries never matched, and the most frequent capitalized names no list matches.
//! Documents are streamed; only counters are kept.

use std::fmt::Write as _;

use tonle_text::is_joiner;

use crate::mining::{
    context, is_demonym, is_function_word, is_month_or_day, is_org_head, is_role, is_title,
    Bounded, Doc,
};
use tonle_gazetteer::{is_common_word, Gazetteer};

/// How much to show and how much memory to use.
#[derive(Clone, Debug)]
pub struct CoverageOptions {
    /// Rows per section (0: all).
    pub top: usize,
    /// At most this many distinct unmatched names are counted at once (the rarest are
    /// dropped beyond that).
    pub max_names: usize,
    /// When set, the lists from this index on (see [`Gazetteer::entry_list`]) are the user's
    /// own: the entry sections show only their entries.
    pub own_lists_from: Option<u32>,
}

impl Default for CoverageOptions {
    fn default() -> Self {
        CoverageOptions {
            top: 30,
            max_names: 200_000,
            own_lists_from: None,
        }
    }
}

#[derive(Default)]
struct NameTally {
    count: u64,
    docs: u64,
    last_doc: u64,
    surfaces: Vec<(String, u64)>,
    example: Option<(String, String)>,
}

/// Streams documents and counts matches (see the module documentation).
pub struct Coverage {
    mentions: Vec<u64>,
    docs: Vec<u64>,
    last_doc: Vec<u64>,
    names: Bounded<NameTally>,
    doc: Doc,
    in_mention: Vec<bool>,
    documents: u64,
    total_mentions: u64,
}

/// An entry and how often it matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryCount {
    pub entry: u32,
    pub mentions: u64,
    pub docs: u64,
}

/// A capitalized name no list matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnmatchedName {
    pub name: String,
    pub count: u64,
    pub docs: u64,
    pub example_doc: String,
    pub example: String,
}

/// What [`Coverage::finish`] returns.
#[derive(Clone, Debug, Default)]
pub struct CoverageReport {
    pub documents: u64,
    pub mentions: u64,
    /// Entries matched at least once, most matched first.
    pub matched: Vec<EntryCount>,
    /// Entries never matched, in list order.
    pub never: Vec<u32>,
    /// Most frequent first.
    pub unmatched: Vec<UnmatchedName>,
    /// Some rare unmatched names were dropped to bound memory, so counts below this are
    /// lower bounds.
    pub dropped_below: u64,
}

impl Coverage {
    pub fn new(g: &Gazetteer, options: &CoverageOptions) -> Coverage {
        let n = g.entries().len();
        Coverage {
            mentions: vec![0; n],
            docs: vec![0; n],
            last_doc: vec![0; n],
            names: Bounded::new(options.max_names),
            doc: Doc::default(),
            in_mention: Vec::new(),
            documents: 0,
            total_mentions: 0,
        }
    }

    /// Documents seen so far.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Counts one document.
    pub fn add_document(&mut self, g: &Gazetteer, id: &str, text: &str) {
        self.documents += 1;
        let mut doc = std::mem::take(&mut self.doc);
        doc.load(g, text);
        for m in &doc.mentions {
            let e = m.entry as usize;
            self.mentions[e] += 1;
            if self.last_doc[e] != self.documents {
                self.last_doc[e] = self.documents;
                self.docs[e] += 1;
            }
        }
        self.total_mentions += doc.mentions.len() as u64;
        // Which tokens lie inside a mention.
        self.in_mention.clear();
        self.in_mention.resize(doc.tokens.len(), false);
        for m in &doc.mentions {
            let from = doc.tokens.partition_point(|t| t.end <= m.start);
            for k in from..doc.tokens.len() {
                if doc.tokens[k].start >= m.end {
                    break;
                }
                self.in_mention[k] = true;
            }
        }
        // Whole runs, not the parts outside mentions: "Kampuchea Herald" is a name the lists
        // miss even though "Kampuchea" is one they have.
        for r in doc.runs.clone() {
            self.count_name(&doc, id, text, r.first, r.last);
        }
        self.doc = doc;
        self.names.prune(|t| t.count);
    }

    /// Counts the run of capitalized words `first..=last` if it holds a name no list matches.
    fn count_name(&mut self, doc: &Doc, id: &str, text: &str, first: usize, last: usize) {
        let Some((first, last)) = doc.trim(text, first, last) else {
            return;
        };
        let Some(first) = start_after_titles(doc, first, last) else {
            return;
        };
        let (s, e) = doc.span(first, last);
        if doc.covered(s, e) || !self.misses_a_name(doc, first, last) {
            return;
        }
        self.tally(doc, id, text, first, last);
    }

    /// Whether the words outside mentions hold a name: one word that is no common word,
    /// title, month or demonym, or several of which one is a name word or an organization's.
    fn misses_a_name(&self, doc: &Doc, first: usize, last: usize) -> bool {
        let words: Vec<usize> = doc
            .words(first, last)
            .filter(|&k| !self.in_mention[k])
            .collect();
        let Some(&w0) = words.first() else {
            return false;
        };
        let is_name_word = |k: usize| {
            let f = doc.folded(k);
            !is_common_word(f) && !is_title(f) && !is_role(f) && !is_function_word(f)
        };
        if words.len() == 1 {
            let f = doc.folded(w0);
            f.chars().count() > 1 && is_name_word(w0) && !is_month_or_day(f) && !is_demonym(f)
        } else {
            words
                .iter()
                .any(|&k| is_name_word(k) || is_org_head(doc.folded(k)))
        }
    }

    /// Adds one occurrence of the name `first..=last`, counted by its normalized words.
    fn tally(&mut self, doc: &Doc, id: &str, text: &str, first: usize, last: usize) {
        let mut key = String::new();
        for k in first..=last {
            if is_joiner(text, &doc.tokens, k) {
                continue;
            }
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(doc.folded(k));
        }
        let (s, e) = doc.span(first, last);
        let surface = text[s..e].split_whitespace().collect::<Vec<_>>().join(" ");
        let documents = self.documents;
        let t = self.names.map.entry(key).or_default();
        t.count += 1;
        if t.last_doc != documents {
            t.last_doc = documents;
            t.docs += 1;
        }
        if let Some((_, n)) = t.surfaces.iter_mut().find(|(x, _)| *x == surface) {
            *n += 1;
        } else if t.surfaces.len() < 8 {
            t.surfaces.push((surface, 1));
        }
        if t.example.is_none() {
            t.example = Some((id.to_string(), context(text, s, e, 50)));
        }
    }

    /// The counts, sorted.
    pub fn finish(self, options: &CoverageOptions) -> CoverageReport {
        let mut matched: Vec<EntryCount> = self
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(e, &n)| EntryCount {
                entry: e as u32,
                mentions: n,
                docs: self.docs[e],
            })
            .collect();
        matched.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.entry.cmp(&b.entry)));
        let never = (0..self.mentions.len() as u32)
            .filter(|&e| self.mentions[e as usize] == 0)
            .collect();
        let dropped_below = self.names.dropped_below;
        let mut unmatched: Vec<UnmatchedName> = self
            .names
            .map
            .into_values()
            .map(|t| {
                let mut best = &t.surfaces[0];
                for s in &t.surfaces {
                    if s.1 > best.1 {
                        best = s;
                    }
                }
                let (example_doc, example) = t.example.clone().unwrap_or_default();
                UnmatchedName {
                    name: best.0.clone(),
                    count: t.count,
                    docs: t.docs,
                    example_doc,
                    example,
                }
            })
            .collect();
        unmatched.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        if options.top > 0 {
            unmatched.truncate(options.top);
        }
        CoverageReport {
            documents: self.documents,
            mentions: self.total_mentions,
            matched,
            never,
            unmatched,
            dropped_below,
        }
    }
}

/// Where the name in `first..=last` starts once titles are left out, `None` if there is
/// none: "Lok Chumteav Sok Phal" counts as "Sok Phal", and "Interior Minister Sar Kheng" as
/// "Sar Kheng"; a title alone ("Minister of Interior", "Interior Minister") is no name.
fn start_after_titles(doc: &Doc, first: usize, last: usize) -> Option<usize> {
    let words: Vec<usize> = doc.words(first, last).collect();
    let Some(pos) = words.iter().rposition(|&k| {
        let f = doc.folded(k);
        is_title(f) || is_role(f) || matches!(f, "lok" | "neak")
    }) else {
        return Some(first);
    };
    let rest = &words[pos + 1..];
    let person_follows = !rest.is_empty()
        && !rest.iter().any(|&k| {
            let f = doc.folded(k);
            is_org_head(f) || is_function_word(f)
        });
    if person_follows {
        Some(rest[0])
    } else if pos + 1 == words.len() || words[..=pos].iter().all(|&k| !is_org_head(doc.folded(k))) {
        None
    } else {
        Some(first)
    }
}

/// The advice [`render`] gives, in the words of the program that shows it.
#[derive(Clone, Copy, Debug)]
pub struct Hints<'a> {
    /// How to see every row of a section cut at [`CoverageOptions::top`] (the CLI names its
    /// option).
    pub show_all: &'a str,
}

/// The report for a person.
pub fn render(
    r: &CoverageReport,
    g: &Gazetteer,
    options: &CoverageOptions,
    hints: &Hints,
) -> String {
    let mut s = String::new();
    let total = g.entries().len();
    let _ = writeln!(
        s,
        "{} document(s), {} mention(s) of {} entr{} (of {} in the lists); {} entr{} never matched.",
        r.documents,
        r.mentions,
        r.matched.len(),
        if r.matched.len() == 1 { "y" } else { "ies" },
        total,
        r.never.len(),
        if r.never.len() == 1 { "y" } else { "ies" },
    );
    let section = Section {
        g,
        top: options.top,
        hints,
    };
    let own = |e: u32| {
        options
            .own_lists_from
            .is_none_or(|from| g.entry_list(e) >= from)
    };
    let matched: Vec<EntryCount> = r.matched.iter().filter(|c| own(c.entry)).cloned().collect();
    let never: Vec<u32> = r.never.iter().copied().filter(|&e| own(e)).collect();
    let (of_which, listed) = match options.own_lists_from {
        Some(from) => (
            " of your lists",
            (0..total as u32)
                .filter(|&e| g.entry_list(e) >= from)
                .count(),
        ),
        None => ("", total),
    };
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Entries{of_which} by number of matches (mentions, documents):"
    );
    section.rows(&mut s, &matched, |c| {
        format!(
            "{:>7} {:>6}  {}",
            c.mentions,
            c.docs,
            section.entry(c.entry)
        )
    });
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Entries{of_which} never matched ({} of {listed}), in list order:",
        never.len()
    );
    section.rows(&mut s, &never, |&e| section.entry(e));
    let _ = writeln!(s);
    write_unmatched(&mut s, r, g);
    s
}

/// The rows of one section of entries, at most `top` of them.
struct Section<'a> {
    g: &'a Gazetteer,
    top: usize,
    hints: &'a Hints<'a>,
}

impl Section<'_> {
    fn rows<T>(&self, s: &mut String, all: &[T], row: impl Fn(&T) -> String) {
        let shown = if self.top == 0 {
            all.len()
        } else {
            all.len().min(self.top)
        };
        for x in &all[..shown] {
            let _ = writeln!(s, "  {}", row(x));
        }
        if all.is_empty() {
            let _ = writeln!(s, "  (none)");
        }
        if shown < all.len() {
            let _ = writeln!(
                s,
                "  ... and {} more ({})",
                all.len() - shown,
                self.hints.show_all
            );
        }
    }

    fn entry(&self, e: u32) -> String {
        let entry = self.g.entry(e);
        format!(
            "{:<22} {:<6} {}  [{}:{}]",
            entry.id,
            entry.kind,
            entry.name,
            self.g.list_name(self.g.entry_list(e)),
            entry.line
        )
    }
}

/// The names no list matches (already cut at `top` by [`Coverage::finish`]); a spelling
/// variant of a listed place says which entry it probably is.
fn write_unmatched(s: &mut String, r: &CoverageReport, g: &Gazetteer) {
    let _ = writeln!(
        s,
        "Most frequent capitalized names that no list matches (occurrences, documents):"
    );
    for u in &r.unmatched {
        let near = g
            .variants_of(&u.name)
            .first()
            .map(|&(e, listed)| {
                format!(
                    "  (probably {} (variant of {}): add it as an alias)",
                    g.entry(e).id,
                    crate::lint::quote(listed)
                )
            })
            .unwrap_or_default();
        let _ = writeln!(s, "  {:>7} {:>6}  {}{near}", u.count, u.docs, u.name);
        if !u.example.is_empty() {
            let _ = writeln!(s, "                  e.g. {}: {}", u.example_doc, u.example);
        }
    }
    if r.unmatched.is_empty() {
        let _ = writeln!(s, "  (none)");
    }
    if r.dropped_below > 0 {
        let _ = writeln!(
            s,
            "  (to bound memory, names seen {} time(s) or fewer were dropped along the way; \
             counts of rare names are lower bounds)",
            r.dropped_below
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonle_gazetteer::GazetteerBuilder;

    #[test]
    fn counts_entries_and_unmatched_names() {
        let mut b = GazetteerBuilder::new();
        b.add_source(
            "l.tsv",
            "id\ttype\tname\n\
             KH-8\tPLACE\tKandal\n\
             KH-21\tPLACE\tTakeo\n\
             KH-18\tPLACE\tPreah Sihanouk\n",
        )
        .unwrap();
        let g = b.build().unwrap();
        let opts = CoverageOptions::default();
        let mut c = Coverage::new(&g, &opts);
        c.add_document(
            &g,
            "a",
            "Police in Kandal met Lok Chumteav Sok Phal. Prime Minister said Kandal was calm.",
        );
        c.add_document(
            &g,
            "b",
            "In Takeo, Sok Phal and the Kandal Provincial Court met.",
        );
        let r = c.finish(&opts);
        assert_eq!((r.documents, r.mentions), (2, 4));
        assert_eq!(
            r.matched,
            [
                EntryCount {
                    entry: 0,
                    mentions: 3,
                    docs: 2
                },
                EntryCount {
                    entry: 1,
                    mentions: 1,
                    docs: 1
                }
            ]
        );
        assert_eq!(r.never, [2]);
        let names: Vec<(&str, u64, u64)> = r
            .unmatched
            .iter()
            .map(|u| (u.name.as_str(), u.count, u.docs))
            .collect();
        assert_eq!(
            names,
            [("Sok Phal", 2, 2), ("Kandal Provincial Court", 1, 1)]
        );
        let text = render(
            &r,
            &g,
            &opts,
            &Hints {
                show_all: "say all",
            },
        );
        assert!(text.contains("2 document(s), 4 mention(s) of 2 entries (of 3 in the lists); 1 entry never matched."), "{text}");
    }

    #[test]
    fn a_spelling_of_a_listed_place_is_named_as_that_entry() {
        let mut b = GazetteerBuilder::new();
        b.add_source(
            "kh-communes.tsv",
            "id\ttype\tname\tkind\n\
             KH-180801\tPLACE\tBet Trang\tcommune\n\
             KH-12\tPLACE\tPhnom Penh\tcapital\n",
        )
        .unwrap();
        let g = b.build().unwrap();
        let opts = CoverageOptions::default();
        let mut c = Coverage::new(&g, &opts);
        c.add_document(
            &g,
            "a",
            "Officials in Bit Traing said that Bit Traing was calm.",
        );
        let r = c.finish(&opts);
        let text = render(&r, &g, &opts, &Hints { show_all: "" });
        let own = CoverageOptions {
            own_lists_from: Some(1),
            ..CoverageOptions::default()
        };
        let only_own = render(&r, &g, &own, &Hints { show_all: "" });
        assert!(
            only_own.contains("Entries of your lists never matched (0 of 0)"),
            "{only_own}"
        );
        assert!(
            text.contains(
                "Bit Traing  (probably KH-180801 (variant of \"Bet Trang\"): add it as an alias)"
            ),
            "{text}"
        );
    }
}
