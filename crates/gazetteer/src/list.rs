//! The list formats (see `docs/gazetteers.md`): the tonle TSV with a header, the minimal
//! `name<TAB>TYPE` form, and spaCy EntityRuler patterns.

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How the case of a name must agree with the text for a match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum CaseRule {
    /// Ignore case, except for one-word names that are common English words and short
    /// all-capital acronyms, which must match exactly.
    #[default]
    Auto,
    /// Every name of the entry must match with the case written in the list.
    Exact,
    /// Case never matters for this entry.
    Ignore,
}

/// What must be around a name for it to match (the `guard` column of a list).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Guard {
    /// Every name of the entry matches on its own.
    #[default]
    None,
    /// The canonical name alone never matches: only the aliases do, which for such entries
    /// carry the kind word ("Prey commune", "Khum Prey"). For names that are also ordinary
    /// words or the names of bigger places (a commune called "Prey" or "Kandal").
    Kind,
}

/// What an entry names: the type column of a list (`PERSON`, `PLACE`, `ORG`, or any other
/// label, kept in upper case).
///
/// ```
/// use tonle_gazetteer::EntityType;
///
/// assert_eq!("place".parse::<EntityType>(), Ok(EntityType::Place));
/// assert_eq!(EntityType::parse("Event").as_str(), "EVENT");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityType {
    Person,
    Place,
    Org,
    /// Any other label, in upper case (never `PERSON`, `PLACE` or `ORG`: [`EntityType::parse`]
    /// gives those their own variant).
    Other(String),
}

impl EntityType {
    /// The type of a list's label, whatever its case.
    pub fn parse(label: &str) -> EntityType {
        let upper = label.to_ascii_uppercase();
        match upper.as_str() {
            "PERSON" => EntityType::Person,
            "PLACE" => EntityType::Place,
            "ORG" => EntityType::Org,
            _ => EntityType::Other(upper),
        }
    }

    /// The label as records and lists write it: `PERSON`, `PLACE`, `ORG` or the other label.
    pub fn as_str(&self) -> &str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Place => "PLACE",
            EntityType::Org => "ORG",
            EntityType::Other(label) => label,
        }
    }
}

impl FromStr for EntityType {
    type Err = Infallible;

    fn from_str(label: &str) -> Result<Self, Infallible> {
        Ok(EntityType::parse(label))
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// One named thing: a person, a place or an organization, with all the names it goes by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable identifier, unique across lists.
    pub id: String,
    /// `PERSON`, `PLACE`, `ORG`, or another upper-case label.
    pub kind: EntityType,
    /// The canonical name.
    pub name: String,
    /// Other names; matched like the canonical name.
    pub aliases: Vec<String>,
    pub case: CaseRule,
    /// Whether the canonical name matches alone (`guard` column).
    pub guard: Guard,
    /// Extra columns (`kind`, `parent`, `country`, ...), in header order.
    pub attrs: Vec<(String, String)>,
    /// 1-based line of the entry in its list.
    pub line: usize,
    /// A single alias that must match exactly, whatever the entry's rule (spaCy `ORTH`/`TEXT`).
    pub exact_aliases: Vec<String>,
}

impl Entry {
    /// The names that match: the canonical name (unless its [`Guard`] keeps it from matching
    /// alone) followed by the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        let name = (self.guard == Guard::None).then_some(self.name.as_str());
        name.into_iter()
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.exact_aliases.iter().map(String::as_str))
    }
}

/// A parsed list file.
#[derive(Clone, Debug)]
pub struct List {
    /// The file name reported in records as `list`.
    pub name: String,
    pub entries: Vec<Entry>,
}

/// A problem in a list file, with the place it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListError {
    pub file: String,
    /// 1-based line, or 0 when the problem concerns the whole file.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

impl std::error::Error for ListError {}

/// Parses a list, choosing the format from the file name: `.jsonl` is spaCy patterns;
/// anything else is the tonle TSV when its first line is a header naming `id`, `type` and
/// `name`, and the minimal `name<TAB>TYPE` form otherwise. In the tonle TSV a later header
/// line (as `tonle gazetteer suggest` output appended to a list brings) names the columns
/// of the rows after it.
pub fn parse_list(file_name: &str, source: &str) -> Result<List, ListError> {
    let source = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let entries = if file_name.ends_with(".jsonl") || file_name.ends_with(".ndjson") {
        parse_spacy(file_name, source)?
    } else {
        parse_tsv(file_name, source)?
    };
    Ok(List {
        name: file_name.to_string(),
        entries,
    })
}

fn err(file: &str, line: usize, message: impl Into<String>) -> ListError {
    ListError {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

fn content_lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
    source
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

fn parse_tsv(file: &str, source: &str) -> Result<Vec<Entry>, ListError> {
    let mut lines = content_lines(source).peekable();
    let Some(&(first_line, first)) = lines.peek() else {
        return Ok(Vec::new());
    };
    let header: Vec<String> = first
        .split('\t')
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    let mut columns = match Columns::find(header) {
        FirstLine::Header(columns) => {
            lines.next();
            Some(columns)
        }
        FirstLine::IncompleteHeader => {
            return Err(err(
                file,
                first_line,
                "this looks like a header but it lacks a column: a tonle list needs the \
                 columns id, type and name (see docs/gazetteers.md)",
            ))
        }
        FirstLine::Row => None,
    };
    let mut entries = Vec::new();
    for (n, l) in lines {
        // A header again (suggestions appended with their own header): it names the columns
        // of the rows after it.
        if let Some(later) = Columns::later_header(l) {
            columns = Some(later);
            continue;
        }
        entries.push(match &columns {
            Some(c) => c.parse_row(file, n, l)?,
            None => parse_minimal(file, n, l)?,
        });
    }
    Ok(entries)
}

/// What the first line of a TSV list is.
enum FirstLine {
    Header(Columns),
    /// Names `id` or `name` but lacks one of id, type and name.
    IncompleteHeader,
    /// A row of the minimal `name<TAB>TYPE` form.
    Row,
}

/// Where a TSV list's header puts each column.
struct Columns {
    /// The header's column names, lower case.
    header: Vec<String>,
    id: usize,
    typ: usize,
    name: usize,
    aliases: Option<usize>,
    case: Option<usize>,
    guard: Option<usize>,
}

impl Columns {
    /// The columns a line names when it is a header: its `id`, `type` and `name` cells are
    /// those words.
    fn later_header(line: &str) -> Option<Columns> {
        let header: Vec<String> = line
            .split('\t')
            .map(|c| c.trim().to_ascii_lowercase())
            .collect();
        match Columns::find(header) {
            FirstLine::Header(c) => Some(c),
            _ => None,
        }
    }

    fn find(header: Vec<String>) -> FirstLine {
        let col = |name: &str| header.iter().position(|h| h == name);
        let (Some(id), Some(typ), Some(name)) = (col("id"), col("type"), col("name")) else {
            let looks_like_header = header.iter().any(|h| h == "name" || h == "id");
            return if looks_like_header {
                FirstLine::IncompleteHeader
            } else {
                FirstLine::Row
            };
        };
        let (aliases, case, guard) = (col("aliases"), col("case"), col("guard"));
        FirstLine::Header(Columns {
            header,
            id,
            typ,
            name,
            aliases,
            case,
            guard,
        })
    }

    fn parse_row(&self, file: &str, n: usize, line: &str) -> Result<Entry, ListError> {
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cells.len() > self.header.len() {
            return Err(err(
                file,
                n,
                format!(
                    "this line has {} tab-separated cells but the header names {} columns; \
                     is there a stray tab inside a name?",
                    cells.len(),
                    self.header.len()
                ),
            ));
        }
        let cell = |i: usize| cells.get(i).copied().unwrap_or("");
        let (id, name, kind) = (cell(self.id), cell(self.name), cell(self.typ));
        if id.is_empty() || name.is_empty() || kind.is_empty() {
            return Err(err(
                file,
                n,
                "every entry needs an id, a type and a name; one of them is empty",
            ));
        }
        let case = parse_case(self.case.map(cell).unwrap_or(""))
            .map_err(|message| err(file, n, message))?;
        let guard = parse_guard(self.guard.map(cell).unwrap_or(""))
            .map_err(|message| err(file, n, message))?;
        let aliases = self
            .aliases
            .map(cell)
            .unwrap_or("")
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        Ok(Entry {
            id: id.to_string(),
            kind: EntityType::parse(kind),
            name: name.to_string(),
            aliases,
            case,
            guard,
            attrs: self.attrs(&cell),
            line: n,
            exact_aliases: Vec::new(),
        })
    }

    /// The row's other non-empty cells, named by their column.
    fn attrs<'c>(&self, cell: &impl Fn(usize) -> &'c str) -> Vec<(String, String)> {
        let known = [
            Some(self.id),
            Some(self.typ),
            Some(self.name),
            self.aliases,
            self.case,
            self.guard,
        ];
        self.header
            .iter()
            .enumerate()
            .filter(|(i, _)| !known.contains(&Some(*i)) && !cell(*i).is_empty())
            .map(|(i, h)| (h.clone(), cell(i).to_string()))
            .collect()
    }
}

fn parse_case(cell: &str) -> Result<CaseRule, String> {
    match cell {
        "" | "auto" => Ok(CaseRule::Auto),
        "exact" => Ok(CaseRule::Exact),
        "ignore" => Ok(CaseRule::Ignore),
        other => Err(format!(
            "unknown case rule {other:?}: write auto, exact or ignore"
        )),
    }
}

fn parse_guard(cell: &str) -> Result<Guard, String> {
    match cell {
        "" | "none" => Ok(Guard::None),
        "kind" => Ok(Guard::Kind),
        other => Err(format!(
            "unknown guard {other:?}: write kind (the name matches only through its aliases, \
             which say the kind, such as \"X commune\"), none, or leave the cell empty"
        )),
    }
}

fn parse_minimal(file: &str, n: usize, line: &str) -> Result<Entry, ListError> {
    let mut cells = line.split('\t').map(str::trim);
    let name = cells.next().unwrap_or("");
    let kind = cells.next().unwrap_or("");
    if name.is_empty() || kind.is_empty() {
        return Err(err(
            file,
            n,
            "expected `name<TAB>TYPE` (for example `Phnom Penh\tPLACE`), or a header line \
             naming the columns id, type and name",
        ));
    }
    let kind = EntityType::parse(kind);
    Ok(Entry {
        id: derived_id(kind.as_str(), name),
        kind,
        name: name.to_string(),
        aliases: Vec::new(),
        case: CaseRule::Auto,
        guard: Guard::None,
        attrs: Vec::new(),
        line: n,
        exact_aliases: Vec::new(),
    })
}

/// Applies the removal rows (id `-X`: entry `X` of earlier lists is dropped, and the row
/// too) and replacement rows (id `=X`: entry `X` of earlier lists is dropped, and the row
/// becomes entry `X`), so that a user's list can take a shipped entry out or rewrite it.
/// `lists` are the entries of each list, in load order.
pub fn apply_removals(lists: &mut [&mut Vec<Entry>]) {
    let marked = |e: &Entry| e.id.starts_with('-') || e.id.starts_with('=');
    if !lists.iter().flat_map(|l| l.iter()).any(marked) {
        return;
    }
    // The last list that removes or replaces each id.
    let mut last_marked: rustc_hash::FxHashMap<String, usize> = Default::default();
    for (i, list) in lists.iter().enumerate() {
        for e in list.iter().filter(|e| marked(e)) {
            last_marked.insert(e.id[1..].to_string(), i);
        }
    }
    for (i, list) in lists.iter_mut().enumerate() {
        list.retain_mut(|e| {
            if e.id.starts_with('=') {
                e.id.remove(0);
                return last_marked.get(&e.id).is_none_or(|&at| at <= i);
            }
            if e.id.starts_with('-') {
                return false;
            }
            last_marked.get(&e.id).is_none_or(|&at| at <= i)
        });
    }
}

/// The id given to entries whose list has none: `place:phnom-penh`.
pub fn derived_id(kind: &str, name: &str) -> String {
    let mut folded = String::new();
    tonle_text::fold(name, &mut folded);
    // Built in place: every pattern name of every document gets one too, where `format!`
    // and a second string were nearly half the cost.
    let mut id = String::with_capacity(kind.len() + 1 + folded.len());
    id.extend(kind.chars().map(|c| c.to_ascii_lowercase()));
    id.push(':');
    let slug_start = id.len();
    for c in folded.chars() {
        if c.is_alphanumeric() || tonle_text::is_continuous_script(c) {
            id.push(c);
        } else if id.len() > slug_start && !id.ends_with('-') {
            id.push('-');
        }
    }
    if id.len() > slug_start && id.ends_with('-') {
        id.pop();
    }
    id
}

fn spacy_label(label: &str) -> EntityType {
    match label {
        "GPE" | "LOC" | "FAC" => EntityType::Place,
        "PER" => EntityType::Person,
        other => EntityType::parse(other),
    }
}

fn parse_spacy(file: &str, source: &str) -> Result<Vec<Entry>, ListError> {
    use serde_json::Value;
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_id: rustc_hash::FxHashMap<String, usize> = Default::default();
    for (n, line) in content_lines(source) {
        let value: Value = serde_json::from_str(line)
            .map_err(|e| err(file, n, format!("not a JSON object: {e}")))?;
        let label = value
            .get("label")
            .and_then(Value::as_str)
            .ok_or_else(|| err(file, n, "a spaCy pattern needs a string \"label\""))?;
        let kind = spacy_label(label);
        let (pattern, exact) = match value.get("pattern") {
            Some(Value::String(s)) => (s.trim().to_string(), false),
            Some(Value::Array(tokens)) => token_pattern(file, n, tokens)?,
            _ => {
                return Err(err(
                    file,
                    n,
                    "a spaCy pattern needs \"pattern\": a string or a list of token objects",
                ))
            }
        };
        if pattern.is_empty() {
            return Err(err(file, n, "the pattern is empty"));
        }
        let id = match value.get("id") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(num)) => num.to_string(),
            _ => derived_id(kind.as_str(), &pattern),
        };
        if let Some(&at) = by_id.get(&id) {
            let entry = &mut entries[at];
            if exact {
                entry.exact_aliases.push(pattern);
            } else if entry.name != pattern && !entry.aliases.contains(&pattern) {
                entry.aliases.push(pattern);
            }
            continue;
        }
        by_id.insert(id.clone(), entries.len());
        let mut entry = Entry {
            id,
            kind,
            name: pattern.clone(),
            aliases: Vec::new(),
            case: CaseRule::Auto,
            guard: Guard::None,
            attrs: Vec::new(),
            line: n,
            exact_aliases: Vec::new(),
        };
        if exact {
            entry.exact_aliases.push(pattern);
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// Joins a token-list pattern (`[{"LOWER": "phnom"}, {"LOWER": "penh"}]`) into one name;
/// returns whether it must match exactly (`TEXT`/`ORTH`).
fn token_pattern(
    file: &str,
    n: usize,
    tokens: &[serde_json::Value],
) -> Result<(String, bool), ListError> {
    let mut words = Vec::new();
    let mut exact = false;
    for t in tokens {
        let obj = t
            .as_object()
            .ok_or_else(|| err(file, n, "each token of a pattern list must be an object"))?;
        let (key, value) = obj
            .iter()
            .next()
            .ok_or_else(|| err(file, n, "empty token object"))?;
        if obj.len() != 1 {
            return Err(err(
                file,
                n,
                "tonle reads token patterns with exactly one key per token (LOWER, TEXT or ORTH)",
            ));
        }
        let word = value
            .as_str()
            .ok_or_else(|| err(file, n, format!("the {key} value must be a string")))?;
        match key.as_str() {
            "LOWER" => {}
            "TEXT" | "ORTH" => exact = true,
            other => {
                return Err(err(
                    file,
                    n,
                    format!(
                        "token attribute {other:?} is not supported; tonle reads LOWER, TEXT \
                         and ORTH token patterns, or plain string patterns"
                    ),
                ))
            }
        }
        words.push(word.to_string());
    }
    Ok((words.join(" "), exact))
}

/// Whether a file found in a directory of lists is read as one: `.tsv`, `.txt` (tonle TSV or
/// `name<TAB>TYPE`), `.jsonl`, `.ndjson` (spaCy patterns).
pub fn is_list_file(path: &std::path::Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("tsv" | "txt" | "jsonl" | "ndjson")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rich_tsv_with_attributes_and_comments() {
        let src = "# Provinces\n\
                   id\ttype\tname\taliases\tkind\tcountry\n\
                   KH-18\tPLACE\tPreah Sihanouk\tKampong Som | Sihanoukville province\tprovince\tKH\n\
                   \n\
                   KH-12\tplace\tPhnom Penh\t\tcapital\n";
        let list = parse_list("kh.tsv", src).unwrap();
        assert_eq!(list.entries.len(), 2);
        let e = &list.entries[0];
        assert_eq!(e.id, "KH-18");
        assert_eq!(e.aliases, ["Kampong Som", "Sihanoukville province"]);
        assert_eq!(
            e.attrs,
            [
                ("kind".into(), "province".into()),
                ("country".into(), "KH".into())
            ]
        );
        assert_eq!(e.line, 3);
        assert_eq!(list.entries[1].kind, EntityType::Place);
        assert_eq!(list.entries[1].attrs, [("kind".into(), "capital".into())]);
    }

    #[test]
    fn errors_name_the_line_and_the_fix() {
        let src = "id\ttype\tname\nKH-1\tPLACE\tBanteay Meanchey\textra\n";
        let e = parse_list("p.tsv", src).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("p.tsv:2: this line has 4"), "{e}");
        let e = parse_list("p.tsv", "id\ttype\tname\tcase\nx\tORG\tX\tsometimes\n").unwrap_err();
        assert!(e.message.contains("auto, exact or ignore"));
        let e = parse_list("m.tsv", "Phnom Penh\tPLACE\nKandal\n").unwrap_err();
        assert_eq!((e.line, e.message.contains("name<TAB>TYPE")), (2, true));
    }

    #[test]
    fn a_later_header_names_the_columns_of_the_rows_after_it() {
        let src = "id\ttype\tname\tkind\tparent\n\
                   KH-1808\tPLACE\tPrey Nob\tdistrict\tKH-18\n\
                   # Suggested rows, appended with their header:\n\
                   id\ttype\tname\taliases\tkind\n\
                   place:bit-traing\tPLACE\tBit Traing\tBet Trang\tcommune\n";
        let list = parse_list("kh.tsv", src).unwrap();
        let names: Vec<&str> = list.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Prey Nob", "Bit Traing"]);
        assert_eq!(list.entries[1].aliases, ["Bet Trang"]);
        assert_eq!(list.entries[1].attrs, [("kind".into(), "commune".into())]);
    }

    #[test]
    fn minimal_form_derives_stable_ids() {
        let list = parse_list("m.tsv", "Phnom Penh\tPLACE\nO’Smach\tplace\n").unwrap();
        assert_eq!(list.entries[0].id, "place:phnom-penh");
        assert_eq!(list.entries[1].id, "place:o-smach");
    }

    #[test]
    fn spacy_patterns_group_by_id() {
        let src = r#"{"label": "ORG", "pattern": "National Committee for Counter Trafficking", "id": "ncct"}
{"label": "ORG", "pattern": "NCCT", "id": "ncct"}
{"label": "GPE", "pattern": [{"LOWER": "phnom"}, {"LOWER": "penh"}]}
{"label": "PERSON", "pattern": [{"ORTH": "Kheng"}], "id": 7}
"#;
        let list = parse_list("rules.jsonl", src).unwrap();
        assert_eq!(list.entries.len(), 3);
        assert_eq!(list.entries[0].aliases, ["NCCT"]);
        assert_eq!(list.entries[1].kind, EntityType::Place);
        assert_eq!(list.entries[1].name, "phnom penh");
        assert_eq!(list.entries[2].id, "7");
        assert_eq!(list.entries[2].exact_aliases, ["Kheng"]);
        let e = parse_list(
            "r.jsonl",
            "{\"label\": \"ORG\", \"pattern\": [{\"POS\": \"NOUN\"}]}",
        )
        .unwrap_err();
        assert!(e.message.contains("not supported"), "{e}");
    }
}
