//! Checking lists before use: syntax errors, duplicate and
//! conflicting ids, names that two entries claim (one of them is never reported), names that
//! are common words, and invisible or mixed-script characters. Every finding has a file, a
//! line and a fix.
//!
//! ```
//! use tonle_tune::lint::{Checker, ListSource, Severity};
//!
//! let mut checker = Checker::new();
//! checker.add(ListSource::new(
//!     "mine.tsv",
//!     "id\ttype\tname\taliases\n\
//!      a\tPLACE\tKampong Som\t\n\
//!      b\tORG\tKampong Som Port\tKampong Som\n",
//! ));
//! let report = checker.check();
//! let f = &report.findings[0];
//! assert_eq!((f.severity, f.code, f.line), (Severity::Error, "ambiguous-name", 3));
//! ```
//!
//! What "shadowed" means here: two entries that list the same name (after the folding matching
//! does) compete for every occurrence of it, and the matcher always gives it to the same one,
//! the one listed first (or the one whose name must match with exact case, when the text has
//! that case). The other entry is never reported for that name. A name inside a longer name of
//! another entry (`Phnom Penh` in `Phnom Penh Post`) is *not* reported: the longer name wins
//! only where the text has all of it, which is the point of longest match.

use std::fmt;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};
use tonle_text::{fold, tokenize, Token, TokenKind};

use tonle_gazetteer::inspect::{
    continuous_pattern, kinds_named_by, match_tokens, needs_exact_case, same_exact,
};
use tonle_gazetteer::{apply_removals, parse_list, EntityType, Entry, ListError};
use tonle_gazetteer::{is_common_word, DEFAULT_LISTS};

/// How bad a [`Finding`] is. Errors make `check` fail; warnings are worth a look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem in a list, where it is, and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// A short stable name of the kind of problem (`syntax`, `duplicate-id`, ...).
    pub code: &'static str,
    /// The list file as given (a path, or `gazetteers/<name>` for a shipped list).
    pub file: String,
    /// 1-based line, or 0 when the problem concerns the whole file.
    pub line: usize,
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: ", self.file, self.line)?;
        } else {
            write!(f, "{}: ", self.file)?;
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n    fix: {}", self.hint)?;
        }
        Ok(())
    }
}

/// A list to check: its text, the path shown in findings, and the name that chooses its
/// format (as [`tonle_gazetteer::GazetteerBuilder::add_path`] names it).
#[derive(Clone, Debug)]
pub struct ListSource {
    /// Shown in findings: the path of the file.
    pub path: String,
    /// The list name (file name, or path inside a list directory); its extension chooses the
    /// format.
    pub name: String,
    pub text: String,
    /// False for lists loaded only as context: their own problems are not reported, only
    /// their conflicts with the checked lists.
    pub checked: bool,
}

impl ListSource {
    /// A checked list whose path and name are both `path`.
    pub fn new(path: &str, text: &str) -> ListSource {
        ListSource {
            path: path.to_string(),
            name: path.to_string(),
            text: text.to_string(),
            checked: true,
        }
    }
}

/// The shipped lists, as `gazetteers/<file>` (their place in the source tree).
pub fn default_list_sources() -> Vec<ListSource> {
    DEFAULT_LISTS
        .iter()
        .map(|(name, text)| ListSource {
            path: format!("gazetteers/{name}"),
            name: name.to_string(),
            text: text.to_string(),
            checked: true,
        })
        .collect()
}

/// Reads a list file, or every list of a directory (walked in sorted order, the files
/// [`tonle_gazetteer::GazetteerBuilder::add_path`] would load).
pub fn read_list_sources(path: &Path) -> Result<Vec<ListSource>, ListError> {
    let io_err = |p: &Path, e: &dyn fmt::Display| ListError {
        file: p.display().to_string(),
        line: 0,
        message: format!("cannot read this gazetteer: {e}"),
    };
    let read = |p: &Path| -> Result<String, ListError> {
        let bytes = std::fs::read(p).map_err(|e| io_err(p, &e))?;
        String::from_utf8(bytes).map_err(|e| ListError {
            file: p.display().to_string(),
            line: 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            message: "this line is not valid UTF-8; save the list as UTF-8".into(),
        })
    };
    let mut out = Vec::new();
    if path.is_dir() {
        for item in walkdir::WalkDir::new(path).sort_by_file_name() {
            let item = item.map_err(|e| io_err(path, &e))?;
            let p = item.path();
            let listed = tonle_gazetteer::is_list_file(p);
            if item.file_type().is_file() && listed {
                out.push(ListSource {
                    path: p.display().to_string(),
                    name: p.strip_prefix(path).unwrap_or(p).display().to_string(),
                    text: read(p)?,
                    checked: true,
                });
            }
        }
    } else {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        out.push(ListSource {
            path: path.display().to_string(),
            name,
            text: read(path)?,
            checked: true,
        });
    }
    Ok(out)
}

/// What [`Checker::check`] found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// In list order, then line order.
    pub findings: Vec<Finding>,
    /// Lists checked (context lists not counted).
    pub lists: usize,
    /// Entries and names in the checked lists.
    pub entries: usize,
    pub names: usize,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }
    fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }
}

/// Collects lists (in the order the matcher would load them) and checks them.
#[derive(Default)]
pub struct Checker {
    sources: Vec<ListSource>,
    hints: Hints,
}

/// The fixes findings suggest that depend on how the program running the check is used.
#[derive(Clone, Copy, Debug)]
pub struct Hints {
    /// For a parent id no entry of the lists checked has.
    pub unknown_parent: &'static str,
}

impl Default for Hints {
    fn default() -> Self {
        Hints {
            unknown_parent: "correct the parent id, or also check the list that defines it",
        }
    }
}

/// Stop reporting syntax errors in a file after this many.
const MAX_SYNTAX_ERRORS: usize = 100;

/// One name as the matcher stores it.
struct NameSlot {
    /// Merged entry index.
    entry: usize,
    /// The tokens the text must have exactly, or `None` when case is ignored.
    exact: Option<Vec<String>>,
    source: usize,
    line: usize,
    name: String,
}

/// What the checker remembers of each entry after merging by id.
struct Merged {
    id: String,
    kind: EntityType,
    name: String,
    source: usize,
    line: usize,
    /// The `kind` and `parent` attributes, which the rules for shared names read.
    kind_attr: Option<String>,
    parent: Option<String>,
}

impl Merged {
    /// Whether `extract` can still report this entry for a name `winner` also has, by the
    /// rules for shared names: a word after the name asks for this entry's kind and not the
    /// winner's ("Ou Chrov commune" against "Ou Chrov district"), a title picks this person,
    /// or the document names this entry's parent and not the winner's.
    fn told_apart_from(&self, winner: &Merged) -> bool {
        if self.kind == EntityType::Person && winner.kind != EntityType::Person {
            return true;
        }
        let asked_for = |e: &Merged, word: &str| {
            e.kind_attr
                .as_deref()
                .is_some_and(|k| kinds_named_by(word).contains(&k))
        };
        let by_keyword = ["province", "town", "district", "commune", "village"]
            .iter()
            .any(|w| asked_for(self, w) && !asked_for(winner, w));
        by_keyword || (self.parent.is_some() && self.parent != winner.parent)
    }
}

impl Checker {
    pub fn new() -> Checker {
        Checker::default()
    }

    /// Words the fixes in the program's own terms.
    pub fn hints(&mut self, hints: Hints) -> &mut Self {
        self.hints = hints;
        self
    }

    /// Adds a list; lists are loaded in the order added, as the matcher would.
    pub fn add(&mut self, source: ListSource) -> &mut Self {
        self.sources.push(source);
        self
    }

    pub fn check(&self) -> CheckReport {
        let mut report = CheckReport::default();
        let mut parsed: Vec<Vec<Entry>> = Vec::new();
        for (si, src) in self.sources.iter().enumerate() {
            let (entries, syntax) = parse_recovering(src);
            if src.checked {
                report.lists += 1;
                report.entries += entries.len();
                report.names += entries.iter().map(|e| e.names().count()).sum::<usize>();
                report.findings.extend(syntax);
                for e in &entries {
                    self.check_entry(si, e, &mut report.findings);
                }
            }
            parsed.push(entries);
        }
        // As the matcher loads them: removed and replaced entries are gone.
        let mut lists: Vec<&mut Vec<Entry>> = parsed.iter_mut().collect();
        apply_removals(&mut lists);
        self.check_ids_and_names(&parsed, &mut report.findings);
        let order: FxHashMap<&str, usize> = self
            .sources
            .iter()
            .enumerate()
            .rev()
            .map(|(i, s)| (s.path.as_str(), i))
            .collect();
        // Stable: findings of one line keep the order they were found in.
        report
            .findings
            .sort_by_key(|f| (order.get(f.file.as_str()).copied(), f.line));
        report
    }

    fn finding(
        &self,
        source: usize,
        line: usize,
        severity: Severity,
        code: &'static str,
        message: String,
        hint: impl Into<String>,
    ) -> Finding {
        Finding {
            severity,
            code,
            file: self.sources[source].path.clone(),
            line,
            message,
            hint: hint.into(),
        }
    }

    /// Checks that concern one entry alone: its type, and each of its names.
    fn check_entry(&self, si: usize, e: &Entry, out: &mut Vec<Finding>) {
        let named_like_a_header = [
            ("id", &e.id),
            ("type", &e.kind.as_str().to_string()),
            ("name", &e.name),
        ]
        .iter()
        .filter(|(word, cell)| cell.eq_ignore_ascii_case(word))
        .count();
        if named_like_a_header >= 2 || e.name.eq_ignore_ascii_case("name") {
            out.push(self.finding(
                si,
                e.line,
                Severity::Error,
                "header-row",
                format!(
                    "this entry is named {} (id {:?}): it looks like a header line read as an \
                     entry, and would match the word {} in every text",
                    quote(&e.name),
                    e.id,
                    quote(&e.name)
                ),
                "delete the line; a header repeated within a list must name the columns id, \
                 type and name (then it names the columns of the rows after it)",
            ));
        }
        if let Some(meant) = misspelled_type(e.kind.as_str()) {
            out.push(self.finding(
                si,
                e.line,
                Severity::Warning,
                "unknown-type",
                format!(
                    "type {:?} of {:?} looks like a misspelling of {meant}; records will carry \
                     the type as written",
                    e.kind.as_str(),
                    e.id
                ),
                format!("write {meant} (tonle's types are PERSON, PLACE and ORG)"),
            ));
        }
        // Names that differ only in case and spacing (where case matters for neither): a
        // copy-paste slip. Spellings that differ in accents or quotes are left alone; listing
        // both documents them, and matching treats them as one.
        let mut seen: FxHashMap<String, &str> = FxHashMap::default();
        let mut tokens = Vec::new();
        for name in e.names() {
            let forced = e.exact_aliases.iter().any(|x| x == name);
            tokenize(name, &mut tokens);
            let kept = match_tokens(name, &tokens);
            let exact = forced || needs_exact_case(e.case, name, &kept);
            let spaced = name.split_whitespace().collect::<Vec<_>>().join(" ");
            let key = if exact {
                format!("E{spaced}")
            } else {
                format!("I{}", spaced.to_lowercase())
            };
            if let Some(first) = seen.get(&key) {
                out.push(self.finding(
                    si,
                    e.line,
                    Severity::Warning,
                    "duplicate-name",
                    if *first == name {
                        format!("{} is listed twice in entry {:?}", quote(name), e.id)
                    } else {
                        format!(
                            "{} is listed twice in entry {:?} (also as {}); \
                             matching ignores case and spacing, so they are the same name",
                            quote(name),
                            e.id,
                            quote(first)
                        )
                    },
                    "delete one of them",
                ));
                continue;
            }
            seen.insert(key, name);
            self.check_characters(si, e, name, out);
            self.check_common_words(si, e, name, &kept, forced, out);
            let qn = quote(name);
            if !kept.is_empty() && kept.iter().all(|t| t.kind == TokenKind::Punct) {
                out.push(self.finding(
                    si,
                    e.line,
                    Severity::Warning,
                    "punctuation-only",
                    format!(
                        "name {qn} of {:?} has no letters or digits: it matches that \
                         punctuation wherever it stands",
                        e.id
                    ),
                    "delete it, or write the name it stands for",
                ));
            }
        }
    }

    /// Characters a name should not have: invisible ones, letters of two scripts in one word,
    /// Khmer beside Latin words.
    fn check_characters(&self, si: usize, e: &Entry, name: &str, out: &mut Vec<Finding>) {
        for (pos, c) in name.chars().enumerate() {
            out.extend(self.invisible_character(si, e, name, pos, c));
        }
        // Words that mix scripts: a Cyrillic "а" in a Latin name looks right and never matches.
        let mut tokens = Vec::new();
        tokenize(name, &mut tokens);
        for t in tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            out.extend(self.mixed_script_word(si, e, name, t.as_str(name)));
        }
        let continuous = tokens.iter().any(|t| t.kind == TokenKind::Continuous);
        let spaced = tokens
            .iter()
            .any(|t| t.kind == TokenKind::Word && t.as_str(name).chars().any(char::is_alphabetic));
        if continuous && spaced {
            out.push(self.finding(
                si,
                e.line,
                Severity::Warning,
                "mixed-script",
                format!(
                    "name {} of {:?} mixes words of a script written without spaces \
                     (such as Khmer) with Latin words; such names are matched word by word, so \
                     the Khmer part matches only where the text has exactly that run of Khmer \
                     between spaces",
                    quote(name),
                    e.id
                ),
                "list the Khmer name and the Latin name as two separate aliases",
            ));
        }
    }

    /// The finding for character `pos` (from 0) of the name, `c`, if it is invisible.
    fn invisible_character(
        &self,
        si: usize,
        e: &Entry,
        name: &str,
        pos: usize,
        c: char,
    ) -> Option<Finding> {
        let (label, fatal) = invisible(c)?;
        let (severity, effect) = if fatal {
            (
                Severity::Error,
                "tonle reads it as a punctuation mark, so the name matches only text that \
                 has the same invisible mark in the same place",
            )
        } else {
            (
                Severity::Warning,
                "matching ignores it, but it joins the letters on either side into one word \
                 and makes the name look like another one when you edit the list",
            )
        };
        Some(self.finding(
            si,
            e.line,
            severity,
            "invisible-character",
            format!(
                "name {} of {:?} contains the invisible character U+{:04X} {label} \
                 (character {} of the name); {effect}",
                quote(name),
                e.id,
                c as u32,
                pos + 1
            ),
            format!(
                "delete the character, or retype the name (in vim, /\\%u{:04x} finds it)",
                c as u32
            ),
        ))
    }

    /// The finding for a word of the name with letters of more than one script.
    fn mixed_script_word(&self, si: usize, e: &Entry, name: &str, word: &str) -> Option<Finding> {
        let counts = script_counts(word);
        if counts.len() < 2 {
            return None;
        }
        let main = counts.iter().max_by_key(|(_, n)| *n).map(|(s, _)| *s);
        let odd: Vec<String> = word
            .chars()
            .filter(|&c| script(c).is_some_and(|s| Some(s) != main))
            .map(|c| format!("{c:?} U+{:04X} ({})", c as u32, script(c).unwrap().name()))
            .collect();
        let others: Vec<&str> = counts
            .iter()
            .filter(|(s, _)| Some(*s) != main)
            .map(|(s, _)| s.name())
            .collect();
        let main = main.map_or("", |s| s.name());
        Some(self.finding(
            si,
            e.line,
            Severity::Warning,
            "mixed-script",
            format!(
                "the word {word:?} in name {} of {:?} mixes {main} letters with {}: {}; \
                 it looks like a {main} word but will not match one",
                quote(name),
                e.id,
                others.join(" and "),
                odd.join(", "),
            ),
            "retype the word on a keyboard set to one script",
        ))
    }

    fn check_common_words(
        &self,
        si: usize,
        e: &Entry,
        name: &str,
        kept: &[Token],
        forced_exact: bool,
        out: &mut Vec<Finding>,
    ) {
        // Names of several common words ("World Vision") match in any case, like other
        // names: whether the phrase also occurs as ordinary English is the author's call
        // (case=exact), not something a word list can tell.
        let [word] = kept else { return };
        if word.kind != TokenKind::Word {
            return;
        }
        let word = word.as_str(name);
        let mut folded = String::new();
        fold(word, &mut folded);
        if !is_common_word(&folded) {
            return;
        }
        let exact = forced_exact || needs_exact_case(e.case, name, kept);
        let qn = quote(name);
        {
            if !exact {
                out.push(self.finding(
                    si,
                    e.line,
                    Severity::Warning,
                    "common-word",
                    format!(
                        "name {qn} of {:?} is a common English word and the entry has \
                         case=ignore, so every {:?} in running text will be reported as {:?}",
                        e.id,
                        word.to_lowercase(),
                        e.id
                    ),
                    "remove case=ignore (by default a one-word name that is a common word \
                     matches only with the case written in the list), or delete this name",
                ));
            } else if !word.chars().any(char::is_uppercase) {
                out.push(self.finding(
                    si,
                    e.line,
                    Severity::Warning,
                    "common-word",
                    format!(
                        "name {qn} of {:?} is a common English word written in lower case; \
                         common words match only with the case written in the list, so this \
                         matches the everyday word {qn} and never the name",
                        e.id
                    ),
                    format!(
                        "write it as the name is written in the text (for example {:?})",
                        capitalize(word)
                    ),
                ));
            }
        }
    }

    /// Checks across lists: ids used twice, and names claimed by two entries.
    fn check_ids_and_names(&self, parsed: &[Vec<Entry>], out: &mut Vec<Finding>) {
        let mut merging = Merging::default();
        let mut tokens = Vec::new();
        for (si, entries) in parsed.iter().enumerate() {
            for e in entries {
                let at = self.merge_entry(&mut merging, si, e, out);
                for name in e.names() {
                    let Some((key, exact)) = name_key(e, name, &mut tokens) else {
                        continue;
                    };
                    let slot = merging.slots.entry(key.clone()).or_insert_with(|| {
                        merging.slot_order.push(key);
                        Vec::new()
                    });
                    push_slot(
                        slot,
                        NameSlot {
                            entry: at,
                            exact,
                            source: si,
                            line: e.line,
                            name: name.to_string(),
                        },
                    );
                }
            }
        }
        for c in &conflicts(&merging.slots, &merging.slot_order) {
            if let Some(f) = self.shadow_finding(&merging.merged, c) {
                out.push(f);
            }
        }
        self.check_parents(parsed, &merging.by_id, out);
    }

    /// The merged entry `e` of list `si` belongs to, reporting an id used twice in one list
    /// or with two types.
    fn merge_entry<'e>(
        &self,
        m: &mut Merging<'e>,
        si: usize,
        e: &'e Entry,
        out: &mut Vec<Finding>,
    ) -> usize {
        let checked = |s: usize| self.sources[s].checked;
        let Some(&at) = m.by_id.get(e.id.as_str()) else {
            m.by_id.insert(&e.id, m.merged.len());
            return m.push(si, e);
        };
        let first = &m.merged[at];
        if first.source == si && first.kind == e.kind {
            if checked(si) {
                out.push(self.finding(
                    si,
                    e.line,
                    Severity::Warning,
                    "duplicate-id",
                    format!(
                        "id {:?} is used again (first at line {}, {} {:?}); the two rows are \
                         one entry: {:?} becomes another name of {:?}, and this line's \
                         attributes that line {} lacks are added to it",
                        e.id, first.line, first.kind, first.name, e.name, first.name, first.line
                    ),
                    format!(
                        "if this is another {}, give it its own id; if it adds names on \
                         purpose (appended suggestions do), nothing to fix",
                        e.kind.as_str().to_lowercase()
                    ),
                ));
            }
            return at;
        }
        if first.kind == e.kind {
            return at;
        }
        let (report_at, line, other, other_line) = if checked(si) {
            (si, e.line, first.source, first.line)
        } else {
            (first.source, first.line, si, e.line)
        };
        if checked(report_at) {
            out.push(self.finding(
                report_at,
                line,
                Severity::Error,
                "conflicting-id",
                format!(
                    "id {:?} is {} in {}:{} but {} in {}:{}; tonle refuses to load lists that \
                     give one id two types",
                    e.id,
                    first.kind,
                    self.sources[first.source].path,
                    first.line,
                    e.kind,
                    self.sources[si].path,
                    e.line
                ),
                format!(
                    "give one of them another id (the other is at {}:{})",
                    self.sources[other].path, other_line
                ),
            ));
        }
        // Keep checking as if it were another entry.
        m.push(si, e)
    }

    /// Parents that name no entry.
    fn check_parents(
        &self,
        parsed: &[Vec<Entry>],
        by_id: &FxHashMap<&str, usize>,
        out: &mut Vec<Finding>,
    ) {
        for (si, entries) in parsed.iter().enumerate() {
            if !self.sources[si].checked {
                continue;
            }
            for e in entries {
                for (k, v) in &e.attrs {
                    if k == "parent" && !v.is_empty() && !by_id.contains_key(v.as_str()) {
                        out.push(self.finding(
                            si,
                            e.line,
                            Severity::Warning,
                            "unknown-parent",
                            format!(
                                "parent {v:?} of {:?} is not the id of any entry in the lists \
                                 checked",
                                e.id
                            ),
                            self.hints.unknown_parent,
                        ));
                    }
                }
            }
        }
    }

    /// The finding for entry `c.b` losing names to entry `c.a`, reported where a checked
    /// list can fix it: at the loser if it is checked, else at the winner.
    fn shadow_finding(&self, merged: &[Merged], c: &Conflict) -> Option<Finding> {
        let (a, b) = (c.a, c.b);
        let (ea, eb) = (&merged[a.entry], &merged[b.entry]);
        if eb.told_apart_from(ea) {
            // Not shadowed: extract reports either, as the text around the name says.
            return None;
        }
        let severity = if c.full && ea.kind != eb.kind {
            Severity::Error
        } else {
            Severity::Warning
        };
        let hint = if ea.kind == eb.kind {
            "if both entries are the same thing, give them the same id (or merge them); \
             otherwise keep the name on the entry readers mean by it and delete it from the other"
        } else {
            "keep the name on the entry readers mean by it and delete it from the other; tonle \
             cannot tell the two apart from the name alone"
        };
        let (at, message) = if self.sources[b.source].checked {
            (b, self.loser_message(ea, eb, c))
        } else if self.sources[a.source].checked {
            (a, self.winner_message(ea, eb, c))
        } else {
            return None;
        };
        Some(self.finding(
            at.source,
            at.line,
            severity,
            "ambiguous-name",
            message,
            hint,
        ))
    }

    /// What the entry that loses names, `eb`, is told: which entry takes them and why.
    fn loser_message(&self, ea: &Merged, eb: &Merged, c: &Conflict) -> String {
        let why = if c.a.exact.is_some() && c.b.exact.is_none() {
            "which must match with exact case and is tried first"
        } else {
            "which is listed earlier and always wins"
        };
        let (it, is) = it_is(c.b_names.len());
        let outcome = if c.full {
            format!("{} is never reported for {it}", eb.id)
        } else {
            format!(
                "{} is reported for {it} except where the text writes {it} exactly {}",
                eb.id,
                exact_form(c.a)
            )
        };
        format!(
            "{} of {} {is} also {} of {}, {why}: {outcome}",
            names_phrase(&c.b_names),
            eb.id,
            a_name_or_names(c.b_names.len()),
            self.describe(ea, c.a)
        )
    }

    /// What the entry that takes names, `ea`, is told: which entry loses them.
    fn winner_message(&self, ea: &Merged, eb: &Merged, c: &Conflict) -> String {
        let (it, is) = it_is(c.a_names.len());
        let outcome = if c.full {
            format!("{} is never reported for {it} any more", eb.id)
        } else {
            format!(
                "{} is no longer reported where the text writes {it} exactly {}",
                eb.id,
                exact_form(c.a)
            )
        };
        format!(
            "{} of {} {is} also {} of {}; this entry takes {it} first: {outcome}",
            names_phrase(&c.a_names),
            ea.id,
            a_name_or_names(c.a_names.len()),
            self.describe(eb, c.b)
        )
    }

    /// An entry, its type and name, and the line that lists the name.
    fn describe(&self, e: &Merged, s: &NameSlot) -> String {
        format!(
            "{} ({} {}, {}:{})",
            e.id,
            e.kind,
            quote(&e.name),
            self.sources[s.source].path,
            s.line
        )
    }
}

/// The entries of all lists merged by id, as the matcher merges them, and every name as
/// the matcher stores it.
#[derive(Default)]
struct Merging<'e> {
    merged: Vec<Merged>,
    by_id: FxHashMap<&'e str, usize>,
    /// The names by normalized form, each in match order.
    slots: FxHashMap<String, Vec<NameSlot>>,
    /// The normalized forms in the order first seen.
    slot_order: Vec<String>,
}

impl Merging<'_> {
    /// `e` of list `si` as a new merged entry.
    fn push(&mut self, si: usize, e: &Entry) -> usize {
        let attr = |key: &str| {
            e.attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        self.merged.push(Merged {
            id: e.id.clone(),
            kind: e.kind.clone(),
            name: e.name.clone(),
            source: si,
            line: e.line,
            kind_attr: attr("kind"),
            parent: attr("parent"),
        });
        self.merged.len() - 1
    }
}

/// The form the matcher stores `name` of `e` under, and the exact tokens it needs when case
/// matters; `None` for a name with no token to match.
fn name_key(
    e: &Entry,
    name: &str,
    tokens: &mut Vec<Token>,
) -> Option<(String, Option<Vec<String>>)> {
    let forced = e.exact_aliases.iter().any(|x| x == name);
    tokenize(name, tokens);
    let kept = match_tokens(name, tokens);
    if kept.is_empty() {
        return None;
    }
    if kept.iter().all(|t| t.kind == TokenKind::Continuous) {
        return Some((format!("k\u{1f}{}", continuous_pattern(name)), None));
    }
    let mut key = String::from("t");
    let mut folded = String::new();
    for t in &kept {
        fold(t.as_str(name), &mut folded);
        key.push('\u{1f}');
        key.push_str(&folded);
    }
    let exact = (forced || needs_exact_case(e.case, name, &kept)).then(|| {
        kept.iter()
            .map(|t| t.as_str(name).to_string())
            .collect::<Vec<_>>()
    });
    Some((key, exact))
}

/// One conflict per pair of entries (and kind of conflict), naming every name they share,
/// in the order the names were first seen.
fn conflicts<'s>(
    slots: &'s FxHashMap<String, Vec<NameSlot>>,
    slot_order: &[String],
) -> Vec<Conflict<'s>> {
    let mut conflicts: Vec<Conflict> = Vec::new();
    let mut index: FxHashMap<(usize, usize, bool), usize> = FxHashMap::default();
    for key in slot_order {
        let slot = &slots[key];
        if slot.len() < 2 {
            continue;
        }
        for (p, b) in slot.iter().enumerate() {
            let Some((a, is_full)) = winner_over(&slot[..p], b) else {
                continue;
            };
            let at = *index.entry((a.entry, b.entry, is_full)).or_insert_with(|| {
                conflicts.push(Conflict {
                    a,
                    b,
                    full: is_full,
                    a_names: Vec::new(),
                    b_names: Vec::new(),
                });
                conflicts.len() - 1
            });
            let c = &mut conflicts[at];
            if !c.a_names.contains(&a.name) {
                c.a_names.push(a.name.clone());
            }
            if !c.b_names.contains(&b.name) {
                c.b_names.push(b.name.clone());
            }
        }
    }
    conflicts
}

/// The earlier name of another entry that takes `b`'s occurrences: every one (`true`: it
/// ignores case, or needs the same exact case), else only those in its own case (`false`).
fn winner_over<'s>(earlier: &'s [NameSlot], b: &NameSlot) -> Option<(&'s NameSlot, bool)> {
    let mut partial = None;
    for a in earlier.iter().filter(|a| a.entry != b.entry) {
        match (&a.exact, &b.exact) {
            (None, _) => return Some((a, true)),
            (Some(x), Some(y)) => {
                if x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_exact(x, y)) {
                    return Some((a, true));
                }
            }
            (Some(_), None) => {
                partial = partial.or(Some(a));
            }
        }
    }
    partial.map(|a| (a, false))
}

/// Names two entries share: the first of each entry's, and the names.
struct Conflict<'s> {
    a: &'s NameSlot,
    b: &'s NameSlot,
    full: bool,
    a_names: Vec<String>,
    b_names: Vec<String>,
}

/// The pronoun and verb for `n` names.
fn it_is(n: usize) -> (&'static str, &'static str) {
    if n == 1 {
        ("it", "is")
    } else {
        ("them", "are")
    }
}

/// `a name` or `names`, for `n` names.
fn a_name_or_names(n: usize) -> &'static str {
    if n == 1 {
        "a name"
    } else {
        "names"
    }
}

/// The form a name must have exactly to match, quoted.
fn exact_form(s: &NameSlot) -> String {
    quote(&s.exact.as_ref().map(|t| t.join(" ")).unwrap_or_default())
}

/// `name "X"`, `names "X" and "Y"`, `names "X", "Y", "Z" and 2 more`.
fn names_phrase(names: &[String]) -> String {
    let q: Vec<String> = names.iter().take(3).map(|n| quote(n)).collect();
    match names.len() {
        1 => format!("name {}", q[0]),
        2 => format!("names {} and {}", q[0], q[1]),
        3 => format!("names {}, {} and {}", q[0], q[1], q[2]),
        n => format!("names {} and {} more", q.join(", "), n - 3),
    }
}

/// Orders names as the matcher does (see `push_in_match_order`).
fn push_slot(slot: &mut Vec<NameSlot>, name: NameSlot) {
    tonle_gazetteer::inspect::push_in_match_order(slot, name, |c| (c.entry, c.exact.is_some()));
}

/// Parses a list, reporting every syntax error rather than the first: a bad line is reported,
/// blanked out, and parsing starts again (line numbers stay the same).
fn parse_recovering(src: &ListSource) -> (Vec<Entry>, Vec<Finding>) {
    let mut text = src.text.clone();
    let mut findings = Vec::new();
    let mut blanked: FxHashSet<usize> = FxHashSet::default();
    let header_line = header_line(&src.name, &text);
    loop {
        match parse_list(&src.name, &text) {
            Ok(list) => return (list.entries, findings),
            Err(e) => {
                findings.push(Finding {
                    severity: Severity::Error,
                    code: "syntax",
                    file: src.path.clone(),
                    line: e.line,
                    message: e.message.clone(),
                    hint: syntax_hint(&e.message).into(),
                });
                let fatal = e.line == 0 || Some(e.line) == header_line || !blanked.insert(e.line);
                if fatal {
                    return (Vec::new(), findings);
                }
                if findings.len() >= MAX_SYNTAX_ERRORS {
                    findings.push(Finding {
                        severity: Severity::Error,
                        code: "syntax",
                        file: src.path.clone(),
                        line: 0,
                        message: format!(
                            "more than {MAX_SYNTAX_ERRORS} syntax errors; the rest of the file \
                             was not checked"
                        ),
                        hint: "is this file in the tonle list format? see docs/gazetteers.md"
                            .into(),
                    });
                    return (Vec::new(), findings);
                }
                text = text
                    .split('\n')
                    .enumerate()
                    .map(|(i, l)| if i + 1 == e.line { "#" } else { l })
                    .collect::<Vec<_>>()
                    .join("\n");
            }
        }
    }
}

/// The line of the header of a TSV list (the first line that is not blank or a comment).
fn header_line(name: &str, text: &str) -> Option<usize> {
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        return None;
    }
    text.lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, _)| i + 1)
}

fn syntax_hint(message: &str) -> &'static str {
    if message.contains("tab-separated cells") {
        "cells are separated by tabs: remove the extra tab, or add a column to the header"
    } else if message.contains("needs an id, a type and a name") {
        "fill in the empty cell; an id can be any stable text such as place:my-village"
    } else if message.contains("case rule") {
        "the case column takes auto, exact or ignore (or nothing, which means auto)"
    } else if message.contains("name<TAB>TYPE") {
        "separate the name and the type with a tab (editors may turn tabs into spaces)"
    } else if message.contains("JSON") || message.contains("pattern") {
        "each line must be one JSON object such as {\"label\": \"ORG\", \"pattern\": \"Licadho\"}"
    } else if message.contains("header") {
        "the first line that is not a comment must name the columns: id, type, name \
         (then aliases and any attributes), separated by tabs"
    } else {
        "see docs/gazetteers.md for the list formats"
    }
}

/// A name quoted for messages: in double quotes, with only quotes, backslashes and invisible
/// or control characters escaped (unlike `{:?}`, which also escapes Khmer vowel signs).
pub fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            c if invisible(c).is_some() => q.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// A type that differs from PERSON, PLACE or ORG by a typo.
fn misspelled_type(kind: &str) -> Option<&'static str> {
    if matches!(kind, "PERSON" | "PLACE" | "ORG") {
        return None;
    }
    ["PERSON", "PLACE", "ORG"].into_iter().find(|t| {
        edit_distance(kind, t) <= 2
            || matches!(
                (kind, *t),
                ("PEOPLE", "PERSON")
                    | ("ORGANIZATION" | "ORGANISATION", "ORG")
                    | ("LOCATION", "PLACE")
            )
    })
}

/// Optimal string alignment distance (Levenshtein with transpositions).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

fn capitalize(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Invisible characters that have no business in a name: a label, and whether it stops the
/// name from matching ordinary text.
fn invisible(c: char) -> Option<(&'static str, bool)> {
    Some(match c {
        '\u{200B}' => ("ZERO WIDTH SPACE", false),
        '\u{200C}' => ("ZERO WIDTH NON-JOINER", false),
        '\u{200D}' => ("ZERO WIDTH JOINER", false),
        '\u{2060}' => ("WORD JOINER", false),
        '\u{FEFF}' => ("ZERO WIDTH NO-BREAK SPACE (byte order mark)", false),
        '\u{00AD}' => ("SOFT HYPHEN", false),
        '\u{200E}' => ("LEFT-TO-RIGHT MARK", true),
        '\u{200F}' => ("RIGHT-TO-LEFT MARK", true),
        '\u{061C}' => ("ARABIC LETTER MARK", true),
        '\u{202A}'..='\u{202E}' => ("bidirectional embedding or override", true),
        '\u{2066}'..='\u{2069}' => ("bidirectional isolate", true),
        '\u{2061}'..='\u{2064}' => ("invisible mathematical operator", true),
        '\u{FFF9}'..='\u{FFFB}' => ("interlinear annotation mark", true),
        '\u{FFFD}' => (
            "REPLACEMENT CHARACTER (the list was not saved as UTF-8)",
            true,
        ),
        c if c.is_control() && c != '\t' => ("control character", true),
        _ => return None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    Other,
}

impl Script {
    fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Greek => "Greek",
            Script::Cyrillic => "Cyrillic",
            Script::Armenian => "Armenian",
            Script::Hebrew => "Hebrew",
            Script::Arabic => "Arabic",
            Script::Other => "other-script",
        }
    }
}

/// The script of a letter (None for digits, marks and everything that is not a letter).
/// How many letters of each script `word` has, the scripts in the order first seen.
fn script_counts(word: &str) -> Vec<(Script, usize)> {
    let mut counts: Vec<(Script, usize)> = Vec::new();
    for s in word.chars().filter_map(script) {
        match counts.iter_mut().find(|(k, _)| *k == s) {
            Some((_, n)) => *n += 1,
            None => counts.push((s, 1)),
        }
    }
    counts
}

fn script(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    Some(match c as u32 {
        0x41..=0x5A
        | 0x61..=0x7A
        | 0xAA
        | 0xBA
        | 0xC0..=0x24F
        | 0x1E00..=0x1EFF
        | 0xFF21..=0xFF5A => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x530..=0x58F => Script::Armenian,
        0x590..=0x5FF => Script::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F => Script::Arabic,
        _ => Script::Other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sources: &[(&str, &str, bool)]) -> CheckReport {
        let mut c = Checker::new();
        for (path, text, checked) in sources {
            let mut s = ListSource::new(path, text);
            s.checked = *checked;
            c.add(s);
        }
        c.check()
    }

    fn codes(r: &CheckReport) -> Vec<(&'static str, usize, Severity)> {
        r.findings
            .iter()
            .map(|f| (f.code, f.line, f.severity))
            .collect()
    }

    #[test]
    fn every_syntax_error_is_reported_with_its_line() {
        let r = check(&[(
            "a.tsv",
            "# comment\nid\ttype\tname\taliases\n\
             x\tPLACE\tKampot\t\textra\n\
             y\tPLACE\t\t\n\
             z\tPLACE\tKep\t\n",
            true,
        )]);
        assert_eq!(
            codes(&r),
            [
                ("syntax", 3, Severity::Error),
                ("syntax", 4, Severity::Error)
            ]
        );
        assert!(r.findings[0].hint.contains("tab"), "{}", r.findings[0]);
        assert_eq!(r.entries, 1, "the good line is still checked");
        let r = check(&[("b.tsv", "name\tid\nKep\tx\n", true)]);
        assert_eq!(codes(&r), [("syntax", 1, Severity::Error)]);
    }

    #[test]
    fn a_header_read_as_an_entry_is_an_error_and_a_repeated_header_is_not() {
        // A header with a misspelled column is read as a row.
        let r = check(&[("m.tsv", "id\ttype\tname\nid\ttype\tnames\n", true)]);
        assert_eq!(codes(&r)[0], ("header-row", 2, Severity::Error));
        // Suggestions appended with their own header: the header names columns.
        let appended = "id\ttype\tname\tkind\n\
            KH-7\tPLACE\tKampot\tprovince\n\
            # Suggested by tonle gazetteer suggest\n\
            id\ttype\tname\taliases\tkind\n\
            place:tuek-chhou\tPLACE\tTuek Chhou\tTeuk Chhou\tdistrict\n";
        let r = check(&[("a.tsv", appended, true)]);
        assert_eq!(codes(&r), []);
        assert_eq!(r.entries, 2);
        let minimal = "Kampot\tPLACE\nid\ttype\tname\taliases\nx\tPLACE\tKep\tKaeb\n";
        let r = check(&[("m.tsv", minimal, true)]);
        assert_eq!((codes(&r), r.entries, r.names), (vec![], 2, 3));
    }

    #[test]
    fn duplicate_and_conflicting_ids() {
        let r = check(&[
            (
                "a.tsv",
                "id\ttype\tname\nx\tPLACE\tKampot\nx\tPLACE\tKampot town\n",
                true,
            ),
            ("b.tsv", "id\ttype\tname\nx\tORG\tKampot Port\n", true),
            ("c.tsv", "id\ttype\tname\nx\tPLACE\tKampot Province\n", true),
        ]);
        assert_eq!(
            codes(&r),
            [
                ("duplicate-id", 3, Severity::Warning),
                ("conflicting-id", 2, Severity::Error)
            ]
        );
        assert_eq!(r.findings[1].file, "b.tsv");
        assert!(
            r.findings[1].message.contains("a.tsv:2"),
            "{}",
            r.findings[1]
        );
    }

    #[test]
    fn a_commune_that_shares_its_districts_name_is_not_shadowed() {
        let places = "id\ttype\tname\tkind\tparent\n\
            KH-1\tPLACE\tBanteay Meanchey\tprovince\t\n\
            KH-0102\tPLACE\tOu Chrov\tdistrict\tKH-1\n\
            KH-010201\tPLACE\tOu Chrov\tcommune\tKH-0102\n\
            KH-0203\tPLACE\tBattambang\tmunicipality\tKH-1\n\
            KH-0204\tPLACE\tBattambang\tmunicipality\tKH-1\n";
        let r = check(&[("kh.tsv", places, true)]);
        // Only two places of one kind, parent and name cannot be told apart.
        assert_eq!(codes(&r), [("ambiguous-name", 6, Severity::Warning)]);
        assert!(
            r.findings[0].message.contains("KH-0204 is never reported"),
            "{}",
            r.findings[0]
        );
    }

    #[test]
    fn shadowed_names_across_types_are_errors_and_within_a_type_warnings() {
        let shipped = "id\ttype\tname\taliases\nKH-18\tPLACE\tPreah Sihanouk\tKampong Som\n";
        let mine = "id\ttype\tname\taliases\n\
                    org:ks\tORG\tKampong Som Port Authority\tKAMPONG SOM\n\
                    KH-1806\tPLACE\tKampong Soam\tKampong  Som\n\
                    KH-18\tPLACE\tSihanoukville province\t\n";
        let r = check(&[("shipped.tsv", shipped, false), ("mine.tsv", mine, true)]);
        assert_eq!(
            codes(&r),
            [
                ("ambiguous-name", 2, Severity::Error),
                ("ambiguous-name", 3, Severity::Warning)
            ]
        );
        let m = &r.findings[0].message;
        assert!(
            m.contains("KH-18 (PLACE \"Preah Sihanouk\", shipped.tsv:2)")
                && m.contains("org:ks is never reported"),
            "{m}"
        );
    }

    #[test]
    fn exact_case_names_shadow_only_their_own_spelling() {
        let r = check(&[(
            "a.tsv",
            "id\ttype\tname\tcase\n\
             march\tPLACE\tMarch\t\n\
             m2\tPERSON\tMarch\texact\n\
             walk\tEVENT\tmarch\tignore\n",
            true,
        )]);
        let c = codes(&r);
        // Both must be written "March" in the text, yet a title before it ("Mr March") picks
        // the person, as extract does: not shadowed.
        assert!(
            !c.iter().any(|f| f.0 == "ambiguous-name" && f.1 == 3),
            "{c:?}"
        );
        assert!(
            c.contains(&("ambiguous-name", 4, Severity::Warning)),
            "{c:?}"
        );
        assert!(c.contains(&("common-word", 4, Severity::Warning)), "{c:?}");
        let partial = r
            .findings
            .iter()
            .find(|f| f.line == 4 && f.code == "ambiguous-name")
            .unwrap();
        assert!(
            partial
                .message
                .contains("except where the text writes it exactly \"March\""),
            "{partial}"
        );
    }

    #[test]
    fn common_words_invisible_and_mixed_script_characters() {
        let r = check(&[(
            "a.tsv",
            "id\ttype\tname\taliases\tcase\n\
             a\tORG\tWalk Free\t\t\n\
             b\tORG\tWalk Free Foundation\t\t\n\
             c\tPLACE\tpolice\t\t\n\
             d\tPLACE\tPhnom\u{200B}Penh\t\t\n\
             e\tPLACE\tK\u{0430}mpot\t\t\n\
             f\tPLACE\tKep\u{200E}\t\t\n\
             g\tPALCE\tKoh Kong\tKoh  kong\t\n",
            true,
        )]);
        assert_eq!(
            codes(&r),
            [
                ("common-word", 4, Severity::Warning),
                ("invisible-character", 5, Severity::Warning),
                ("mixed-script", 6, Severity::Warning),
                ("invisible-character", 7, Severity::Error),
                ("unknown-type", 8, Severity::Warning),
                ("duplicate-name", 8, Severity::Warning),
            ]
        );
        assert!(
            r.findings[2].message.contains("U+0430 (Cyrillic)"),
            "{}",
            r.findings[2]
        );
    }

    #[test]
    fn unknown_parents_are_reported() {
        let r = check(&[(
            "a.tsv",
            "id\ttype\tname\tparent\np\tPLACE\tKampot\t\nd\tPLACE\tTeuk Chhou\tp\nc\tPLACE\tKoh Touch\tq\n",
            true,
        )]);
        assert_eq!(codes(&r), [("unknown-parent", 4, Severity::Warning)]);
    }

    #[test]
    fn shipped_lists_have_no_errors() {
        let mut c = Checker::new();
        for s in default_list_sources() {
            c.add(s);
        }
        let r = c.check();
        let errors: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.to_string())
            .collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        assert!(r.entries > 500);
    }
}
