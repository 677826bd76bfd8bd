//! Importing Cambodia's official gazetteer (NCDD) into lists.
//!
//! The input is the NCDD gazetteer flattened to one unit per line, 11 tab-separated columns
//! under a header: `level` (province, district, commune, village), `type_km` (ស្រុក srok,
//! ក្រុង krong, ខណ្ឌ khan, ឃុំ khum, សង្កាត់ sangkat, ភូមិ phum; empty for provinces), `code`
//! (2, 4, 6 or 8 digits), `parent_code`, `province_code`, `province_sheet`, `name_km`,
//! `name_latin`, `reference`, `official_note`, `checker_note`.
//!
//! Each unit becomes an entry: id `KH-<code>` (provinces `KH-<code without the leading zero>`,
//! which is their ISO 3166-2 code), or the id of the entry the lists already have with that
//! NCDD code (so that a district of the shipped lists gets the imported names instead of a
//! twin); `parent` the id of the unit above; the kind in English; the Khmer name as Khmer
//! aliases; renamings and corrected romanizations from `official_note` as aliases.
//!
//! Names that must not match alone (see [`Guard`](tonle_gazetteer::Guard)): communes and
//! villages match only with their kind word ("Prey commune", "Khum Prey", "ឃុំព្រៃ"), as do
//! provinces and districts whose bare name is already the name of another entry of the lists
//! (a district named like its province).
//!
//! ```
//! use tonle_tune::ncdd::{Known, NcddImport, NcddOptions};
//!
//! let mut import = NcddImport::new(NcddOptions::default());
//! let lines = [
//!     "level\ttype_km\tcode\tparent_code\tprovince_code\tprovince_sheet\tname_km\tname_latin\treference\tofficial_note\tchecker_note",
//!     "province\t\t18\t\t18\t\tព្រះសីហនុ\tPreah Sihanouk\t\t\t",
//!     "district\tស្រុក\t1802\t18\t18\tPreah Sihanouk\tព្រៃនប់\tPrey Nob\t\t\t",
//!     "commune\tឃុំ\t180205\t1802\t18\tPreah Sihanouk\tបិតត្រាំង\tBet Trang\t\t\t",
//! ];
//! for (i, l) in lines.iter().enumerate() {
//!     import.read_line(i + 1, l).unwrap();
//! }
//! let entries = import.entries(&Known::default()).unwrap();
//! let commune = &entries[2];
//! assert_eq!(commune.id, "KH-180205");
//! assert_eq!(commune.parent.as_deref(), Some("KH-1802"));
//! assert_eq!(commune.kind, "commune");
//! assert!(commune.guarded);
//! assert!(commune.aliases.contains(&"Bet Trang commune".to_string()));
//! assert!(commune.aliases.contains(&"ឃុំបិតត្រាំង".to_string()));
//! assert_eq!(entries[1].parent.as_deref(), Some("KH-18"));
//! ```

use std::fmt::Write as _;

use rustc_hash::{FxHashMap, FxHashSet};
use tonle_gazetteer::{EntityType, Gazetteer};

use crate::tally::Tally;

/// The columns of the NCDD file, in order.
pub const NCDD_COLUMNS: [&str; 11] = [
    "level",
    "type_km",
    "code",
    "parent_code",
    "province_code",
    "province_sheet",
    "name_km",
    "name_latin",
    "reference",
    "official_note",
    "checker_note",
];

/// The columns imported rows are written in.
pub const COLUMNS: &str =
    "id\ttype\tname\taliases\tguard\tkind\tunit\tparent\tcountry\tcode\tname_km";

/// A level of the administrative hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Province,
    District,
    Commune,
    Village,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Province,
        Level::District,
        Level::Commune,
        Level::Village,
    ];

    /// `province`, `district`, `commune` or `village` (and their plurals).
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().trim_end_matches('s') {
            "province" => Some(Level::Province),
            "district" => Some(Level::District),
            "commune" => Some(Level::Commune),
            "village" => Some(Level::Village),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::District => "district",
            Level::Commune => "commune",
            Level::Village => "village",
        }
    }

    fn code_len(self) -> usize {
        match self {
            Level::Province => 2,
            Level::District => 4,
            Level::Commune => 6,
            Level::Village => 8,
        }
    }
}

/// The kind of unit, as `type_km` says (provinces: as the code says).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Province,
    /// Phnom Penh (code 12).
    Capital,
    Srok,
    Krong,
    Khan,
    Khum,
    Sangkat,
    Phum,
}

impl Unit {
    fn of(level: Level, type_km: &str, code: &str) -> Option<Unit> {
        let unit = match (level, type_km) {
            (Level::Province, _) if code == "12" => Unit::Capital,
            (Level::Province, _) => Unit::Province,
            (Level::District, "ស្រុក") => Unit::Srok,
            (Level::District, "ក្រុង") => Unit::Krong,
            (Level::District, "ខណ្ឌ") => Unit::Khan,
            (Level::Commune, "ឃុំ") => Unit::Khum,
            (Level::Commune, "សង្កាត់") => Unit::Sangkat,
            (Level::Village, "ភូមិ") => Unit::Phum,
            _ => return None,
        };
        Some(unit)
    }

    /// The kind in English, as the `kind` column writes it.
    pub fn kind(self) -> &'static str {
        match self {
            Unit::Province => "province",
            Unit::Capital => "capital",
            Unit::Srok | Unit::Khan => "district",
            Unit::Krong => "municipality",
            Unit::Khum | Unit::Sangkat => "commune",
            Unit::Phum => "village",
        }
    }

    /// The Khmer word, romanized, as the `unit` column writes it.
    pub fn word(self) -> &'static str {
        match self {
            Unit::Province => "khaet",
            Unit::Capital => "reach thani",
            Unit::Srok => "srok",
            Unit::Krong => "krong",
            Unit::Khan => "khan",
            Unit::Khum => "khum",
            Unit::Sangkat => "sangkat",
            Unit::Phum => "phum",
        }
    }

    fn khmer_word(self) -> &'static str {
        match self {
            Unit::Province => "ខេត្ត",
            Unit::Capital => "រាជធានី",
            Unit::Srok => "ស្រុក",
            Unit::Krong => "ក្រុង",
            Unit::Khan => "ខណ្ឌ",
            Unit::Khum => "ឃុំ",
            Unit::Sangkat => "សង្កាត់",
            Unit::Phum => "ភូមិ",
        }
    }

    /// Whether the bare name may match alone: provinces and districts, never the smaller
    /// units, whose names are too often ordinary words or the names of bigger places.
    fn bare_name_matches(self) -> bool {
        !matches!(self, Unit::Khum | Unit::Sangkat | Unit::Phum)
    }

    /// The name with its kind word, as the press and the Khmer script write it.
    fn kind_forms(self, name: &str) -> Vec<String> {
        let forms: &[&str] = match self {
            Unit::Province => &["{} province"],
            Unit::Capital => &["{} capital"],
            Unit::Srok => &["{} district", "Srok {}"],
            Unit::Krong => &["{} town", "{} city", "{} municipality", "Krong {}"],
            Unit::Khan => &["{} district", "Khan {}"],
            Unit::Khum => &["{} commune", "Khum {}"],
            Unit::Sangkat => &["{} commune", "Sangkat {}"],
            Unit::Phum if name.starts_with("Phum ") => &["{} village"],
            Unit::Phum => &["{} village", "Phum {}"],
        };
        forms.iter().map(|f| f.replace("{}", name)).collect()
    }
}

/// Which units to import and how to name them.
#[derive(Clone, Debug)]
pub struct NcddOptions {
    /// The levels written (empty: all); parents are named whatever the levels.
    pub levels: Vec<Level>,
    /// Keep only these provinces: NCDD codes (`18`) or names (`Preah Sihanouk`, `ព្រះសីហនុ`).
    pub provinces: Vec<String>,
    /// Prefix of the ids (followed by the NCDD code).
    pub id_prefix: String,
    /// The `country` column.
    pub country: String,
}

impl Default for NcddOptions {
    fn default() -> Self {
        NcddOptions {
            levels: Vec::new(),
            provinces: Vec::new(),
            id_prefix: "KH-".into(),
            country: "KH".into(),
        }
    }
}

/// Names the unit's note gives besides its own.
#[derive(Clone, Debug, Default)]
struct NoteNames {
    /// Corrected or earlier romanizations of the same name: matched like the name.
    spellings: Vec<String>,
    /// Former names in Latin script: matched only with the kind word.
    former_latin: Vec<String>,
    /// Former names in Khmer script, with their unit word (`ស្រុកត្បែងមានជ័យ`).
    former_km: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
struct Row {
    line: usize,
    level: Level,
    unit: Unit,
    code: String,
    parent_code: String,
    province_code: String,
    province_sheet: String,
    name_km: String,
    name_latin: String,
    note: NoteNames,
}

/// A unit ready to write.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// The name matches only through its aliases (the `guard` column: `kind`).
    pub guarded: bool,
    pub level: Level,
    pub kind: &'static str,
    pub unit: &'static str,
    pub parent: Option<String>,
    pub country: String,
    pub code: String,
    pub name_km: String,
    /// The id was taken from an entry of the lists with the same NCDD code.
    pub existing: bool,
}

/// What the lists already have: ids by NCDD code, provinces by name, and every name (for
/// the names an imported unit must not take from another entry).
#[derive(Clone, Debug, Default)]
pub struct Known {
    by_code: FxHashMap<String, String>,
    province_by_name: FxHashMap<String, String>,
    names: FxHashMap<String, Vec<String>>,
}

impl Known {
    /// Reads the entries of `g`: those of `country` with a `code` attribute give their id to
    /// that code; every name of every entry is remembered.
    pub fn from_gazetteer(g: &Gazetteer, country: &str) -> Known {
        let mut known = Known::default();
        for e in g.entries() {
            let attr = |k: &str| {
                e.attrs
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.as_str())
            };
            let here = attr("country") == Some(country);
            if let (true, Some(code)) = (here, attr("code")) {
                known
                    .by_code
                    .entry(code.to_string())
                    .or_insert_with(|| e.id.clone());
            }
            if here && matches!(attr("kind"), Some("province" | "capital")) {
                for name in std::iter::once(e.name.as_str()).chain(e.names()) {
                    known
                        .province_by_name
                        .entry(name_key(name))
                        .or_insert_with(|| e.id.clone());
                }
            }
            // Only the names that match: a guarded name takes nothing from anyone.
            for name in e.names() {
                let ids = known.names.entry(name_key(name)).or_default();
                if !ids.contains(&e.id) {
                    ids.push(e.id.clone());
                }
            }
        }
        known
    }

    /// True when `name` is a name of an entry other than `id`.
    fn taken(&self, name: &str, id: &str) -> bool {
        self.names
            .get(&name_key(name))
            .is_some_and(|ids| ids.iter().any(|i| i != id))
    }
}

/// A name as compared for clashes: folded, letters and digits only, one coeng-da spelling.
fn name_key(name: &str) -> String {
    let mut folded = String::new();
    tonle_text::fold(name, &mut folded);
    folded
        .chars()
        .filter(|c| c.is_alphanumeric() || ('\u{1780}'..='\u{17FF}').contains(c))
        .map(|c| if c == 'ដ' { 'ត' } else { c })
        .collect()
}

/// Why the input cannot be imported at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unusable(pub String);

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unusable {}

/// Reads the NCDD file line by line and turns it into entries (see the module documentation).
pub struct NcddImport {
    options: NcddOptions,
    header_seen: bool,
    rows: Vec<Row>,
    by_code: FxHashMap<String, usize>,
    problems: Tally,
}

impl NcddImport {
    pub fn new(options: NcddOptions) -> Self {
        NcddImport {
            options,
            header_seen: false,
            rows: Vec::new(),
            by_code: FxHashMap::default(),
            problems: Tally::default(),
        }
    }

    /// The problems of the lines read so far, by kind.
    pub fn problems(&self) -> &Tally {
        &self.problems
    }

    /// The units read so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Reads line `n` (1-based) of the file. The first line must be the header; a file
    /// whose header is not the NCDD's is unusable. Bad rows are counted in
    /// [`problems`](Self::problems) and skipped.
    pub fn read_line(&mut self, n: usize, line: &str) -> Result<(), Unusable> {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
        if !self.header_seen {
            let header: Vec<String> = line
                .split('\t')
                .map(|c| c.trim().to_ascii_lowercase())
                .collect();
            if header != NCDD_COLUMNS {
                return Err(Unusable(format!(
                    "line {n} is not the header of the NCDD gazetteer: expected the {} \
                     tab-separated columns {}, found {}",
                    NCDD_COLUMNS.len(),
                    NCDD_COLUMNS.join(", "),
                    describe_line(line)
                )));
            }
            self.header_seen = true;
            return Ok(());
        }
        match parse_row(n, line) {
            Ok(row) => {
                if self.by_code.contains_key(&row.code) {
                    self.problems.add(
                        "a code given twice (the second is skipped)",
                        n,
                        format!("code {} is also on line {}", row.code, {
                            self.rows[self.by_code[&row.code]].line
                        }),
                    );
                } else {
                    self.by_code.insert(row.code.clone(), self.rows.len());
                    self.rows.push(row);
                }
            }
            Err((what, detail)) => self.problems.add(what, n, detail),
        }
        Ok(())
    }

    /// The entries of the units selected, in file order. Fails when no unit was read, or
    /// when a province asked for is not in the file.
    pub fn entries(&mut self, known: &Known) -> Result<Vec<Imported>, Unusable> {
        if !self.header_seen || self.rows.is_empty() {
            return Err(Unusable(
                "no unit could be read: the file is empty or every line is malformed".into(),
            ));
        }
        let provinces = self.wanted_provinces()?;
        let ids: Vec<(String, bool)> = self.rows.iter().map(|r| self.id_of(r, known)).collect();
        let former = self.unique_former_names();
        let province_names: FxHashSet<String> = self
            .rows
            .iter()
            .filter(|r| r.level == Level::Province)
            .flat_map(|r| [name_key(&r.name_latin), name_key(&r.name_km)])
            .collect();
        let mut out = Vec::new();
        let mut orphans = Vec::new();
        for (k, row) in self.rows.iter().enumerate() {
            if !provinces.is_empty() && !provinces.contains(&row.province_code) {
                continue;
            }
            if !self.options.levels.is_empty() && !self.options.levels.contains(&row.level) {
                continue;
            }
            let parent = if row.level == Level::Province {
                None
            } else {
                match self.by_code.get(&row.parent_code) {
                    Some(&p) => Some(ids[p].0.clone()),
                    None => {
                        orphans.push((row.line, row.code.clone(), row.parent_code.clone()));
                        None
                    }
                }
            };
            let (id, existing) = ids[k].clone();
            let clashes = |name: &str| {
                known.taken(name, &id)
                    || (row.level != Level::Province && province_names.contains(&name_key(name)))
            };
            let (aliases, guarded) = names_of(row, &former, clashes);
            out.push(Imported {
                id,
                name: row.name_latin.clone(),
                aliases,
                guarded,
                level: row.level,
                kind: row.unit.kind(),
                unit: row.unit.word(),
                parent,
                country: self.options.country.clone(),
                code: row.code.clone(),
                name_km: row.name_km.clone(),
                existing,
            });
        }
        for (line, code, parent) in orphans {
            self.problems.add(
                "a parent code that is not in the file (written without a parent)",
                line,
                format!("code {code} names parent {parent}"),
            );
        }
        Ok(out)
    }

    /// The province codes the options ask for; an unknown one is an error that lists them.
    fn wanted_provinces(&self) -> Result<FxHashSet<String>, Unusable> {
        let mut codes = FxHashSet::default();
        for wanted in &self.options.provinces {
            let key = name_key(wanted);
            let found = self.rows.iter().find(|r| {
                r.level == Level::Province
                    && (r.code == format!("{:0>2}", wanted.trim())
                        || name_key(&r.name_latin) == key
                        || name_key(&r.name_km) == key
                        || self.rows.iter().any(|d| {
                            d.province_code == r.code && name_key(&d.province_sheet) == key
                        }))
            });
            match found {
                Some(r) => {
                    codes.insert(r.code.clone());
                }
                None => {
                    let names: Vec<String> = self
                        .rows
                        .iter()
                        .filter(|r| r.level == Level::Province)
                        .map(|r| format!("{} {}", r.code, r.name_latin))
                        .collect();
                    return Err(Unusable(format!(
                        "no province {wanted:?} in the file; its provinces are: {}",
                        names.join(", ")
                    )));
                }
            }
        }
        Ok(codes)
    }

    /// The id of `row`: the id of the listed entry with its NCDD code (a province also by
    /// name), else the prefix and the code (a province's without its leading zero).
    fn id_of(&self, row: &Row, known: &Known) -> (String, bool) {
        if let Some(id) = known.by_code.get(&row.code) {
            return (id.clone(), true);
        }
        if row.level == Level::Province {
            for name in [&row.name_latin, &row.name_km] {
                if let Some(id) = known.province_by_name.get(&name_key(name)) {
                    return (id.clone(), true);
                }
            }
            let code = row.code.trim_start_matches('0');
            return (format!("{}{code}", self.options.id_prefix), false);
        }
        (format!("{}{}", self.options.id_prefix, row.code), false)
    }

    /// Former Khmer names given by exactly one unit's note and not the current name of any
    /// unit: a note copied onto the wrong row, or a unit split in two, proves nothing.
    fn unique_former_names(&self) -> FxHashSet<String> {
        let current: FxHashSet<String> = self.rows.iter().map(|r| name_key(&r.name_km)).collect();
        let mut claims: FxHashMap<String, usize> = FxHashMap::default();
        for r in &self.rows {
            for (_, old) in &r.note.former_km {
                *claims.entry(name_key(old)).or_default() += 1;
            }
        }
        claims
            .into_iter()
            .filter(|(k, n)| *n == 1 && !current.contains(k))
            .map(|(k, _)| k)
            .collect()
    }
}

/// The aliases of `row`, and whether its canonical name is kept from matching alone.
fn names_of(
    row: &Row,
    former: &FxHashSet<String>,
    clashes: impl Fn(&str) -> bool,
) -> (Vec<String>, bool) {
    let mut aliases: Vec<String> = Vec::new();
    let mut push = |a: String| {
        if !a.is_empty() && !aliases.contains(&a) {
            aliases.push(a);
        }
    };
    let unit = row.unit;
    let latin = row.name_latin != row.name_km;
    let mut spellings = if latin {
        vec![row.name_latin.clone()]
    } else {
        Vec::new()
    };
    if row.level == Level::Province && !row.province_sheet.is_empty() {
        spellings.push(row.province_sheet.clone());
    }
    spellings.extend(row.note.spellings.iter().cloned());
    let bare_ok = |name: &str| unit.bare_name_matches() && !clashes(name);
    let guarded = !bare_ok(&row.name_latin);
    for s in &spellings {
        if bare_ok(s) && s != &row.name_latin {
            push(s.clone());
        }
        for form in unit.kind_forms(s) {
            push(form);
        }
    }
    for old in &row.note.former_latin {
        for form in unit.kind_forms(old) {
            push(form);
        }
    }
    if !row.name_km.is_empty() {
        if bare_ok(&row.name_km) {
            push(row.name_km.clone());
        }
        push(format!("{}{}", unit.khmer_word(), row.name_km));
    }
    for (word, old) in &row.note.former_km {
        if former.contains(&name_key(old)) {
            push(format!("{word}{old}"));
        }
    }
    (aliases, guarded)
}

/// What a line looks like, for an error about it.
fn describe_line(line: &str) -> String {
    let cells = line.split('\t').count();
    let start: String = line.chars().take(60).collect();
    format!(
        "{cells} column(s) starting {start:?}{}",
        if line.chars().count() > 60 { "..." } else { "" }
    )
}

/// A cell without invisible characters, single-spaced.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}' | '\u{00AD}' | '|'))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// "wat Kor" → "Wat Kor": the romanization capitalizes every word.
fn capitalized(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) if f.is_ascii_lowercase() => {
                    f.to_ascii_uppercase().to_string() + c.as_str()
                }
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

type RowError = (&'static str, String);

fn parse_row(n: usize, line: &str) -> Result<Row, RowError> {
    let cells: Vec<&str> = line.split('\t').collect();
    if cells.len() != NCDD_COLUMNS.len() {
        return Err((
            "not the 11 columns of the NCDD layout",
            format!(
                "expected {} tab-separated columns, found {}",
                NCDD_COLUMNS.len(),
                describe_line(line)
            ),
        ));
    }
    let level = Level::parse(cells[0]).ok_or_else(|| {
        (
            "an unknown level (expected province, district, commune or village)",
            format!("level {:?}", cells[0].trim()),
        )
    })?;
    let code = cells[2].trim().to_string();
    if code.len() != level.code_len() || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err((
            "a code of the wrong shape (2, 4, 6 or 8 digits for a province, district, commune \
             or village)",
            format!("{} code {code:?}", level.as_str()),
        ));
    }
    let unit = Unit::of(level, cells[1].trim(), &code).ok_or_else(|| {
        (
            "a type_km that does not fit the level",
            format!("{} with type_km {:?}", level.as_str(), cells[1].trim()),
        )
    })?;
    let name_km = clean(cells[6]);
    // A unit with only its Khmer name is named by it.
    let name_latin = match capitalized(&clean(cells[7])) {
        n if n.is_empty() => name_km.clone(),
        n => n,
    };
    if name_latin.is_empty() {
        return Err((
            "no name (name_latin and name_km are empty)",
            format!("code {code}"),
        ));
    }
    let parent_code = cells[3].trim().to_string();
    if level != Level::Province && parent_code != code[..code.len() - 2] {
        return Err((
            "a parent_code that is not the code minus its last two digits",
            format!("code {code}, parent_code {parent_code:?}"),
        ));
    }
    let note = note_names(&clean(cells[9]), &name_km);
    Ok(Row {
        line: n,
        level,
        unit,
        province_code: cells[4].trim().to_string(),
        province_sheet: clean(cells[5]),
        code,
        parent_code,
        name_km,
        name_latin,
        note,
    })
}

const KHMER_UNIT_WORDS: [&str; 6] = ["ស្រុក", "ក្រុង", "ខណ្ឌ", "ឃុំ", "សង្កាត់", "ភូមិ"];

/// The names an `official_note` gives, read conservatively: "ពីមុនជា<unit><old>" (formerly)
/// and "ប្តូរ(ឈ្មោះ)<unit><old>ទៅជា..." (renamed from) for former Khmer names; "អក្សរឡាតាំង
/// <Latin>" (Latin spelling corrected to) and "ប្តូរពី<Latin> ទៅ" for other romanizations;
/// "Change from <Latin>" for a former Latin name. Anything else is left alone.
fn note_names(note: &str, name_km: &str) -> NoteNames {
    let mut names = NoteNames::default();
    if note.is_empty() {
        return names;
    }
    for marker in ["ពីមុនជា", "ប្តូរឈ្មោះ", "ប្ដូរឈ្មោះ", "ត្រូវបានប្តូរ", "ត្រូវបានប្ដូរ"]
    {
        for (at, _) in note.match_indices(marker) {
            let rest = &note[at + marker.len()..];
            let rest = rest.strip_prefix("ឈ្មោះ").unwrap_or(rest);
            let Some(word) = KHMER_UNIT_WORDS.iter().find(|w| rest.starts_with(**w)) else {
                continue;
            };
            let run: String = rest[word.len()..]
                .chars()
                .take_while(|c| ('\u{1780}'..='\u{17FF}').contains(c))
                .collect();
            let old = ["ទៅ", "ឥឡូវ", "តាម", "បច្ចុ"]
                .iter()
                .filter_map(|stop| run.find(stop))
                .min()
                .map_or(run.as_str(), |end| &run[..end]);
            if !old.is_empty()
                && name_key(old) != name_key(name_km)
                && names.former_km.iter().all(|(_, o)| o != old)
            {
                names.former_km.push((word.to_string(), old.to_string()));
            }
        }
    }
    for marker in ["អក្សរឡាតាំង", "ប្តូរពី", "ប្ដូរពី"]
    {
        if let Some(at) = note.find(marker) {
            let rest = note[at + marker.len()..].trim_start_matches(['ជ', 'ា', ' ', '(']);
            if let Some(s) = latin_run(rest) {
                names.spellings.push(s);
            }
        }
    }
    if let Some(at) = note.find("Change from ") {
        if let Some(s) = latin_run(&note[at + "Change from ".len()..]) {
            names.former_latin.push(s);
        }
    }
    names
}

/// The Latin-script name at the start of `s` ("PREK RUSSEY" read as "Prek Russey").
fn latin_run(s: &str) -> Option<String> {
    let run: String = s
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '\'' | '-'))
        .collect();
    let run = run.trim().trim_end_matches(" ទៅ").trim();
    if run.len() < 3 || !run.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let lowered = if run.chars().any(|c| c.is_ascii_lowercase()) {
        run.to_string()
    } else {
        run.to_lowercase()
    };
    Some(capitalized(&lowered))
}

/// What the header of an imported list says, besides the columns.
#[derive(Clone, Copy, Debug)]
pub struct Hints<'a> {
    /// What imported it (the CLI names its import command).
    pub imported_by: &'a str,
    /// What checks a list before use (the CLI names its check command).
    pub check_with: &'a str,
}

/// The header of an imported list: its source, licence, selection and columns.
pub fn header(source: &str, options: &NcddOptions, hints: &Hints) -> String {
    let mut s = String::new();
    let levels: Vec<&str> = if options.levels.is_empty() {
        Level::ALL.iter().map(|l| l.as_str()).collect()
    } else {
        options.levels.iter().map(|l| l.as_str()).collect()
    };
    let _ = writeln!(
        s,
        "# Imported from the NCDD gazetteer ({source}) by {}.",
        hints.imported_by
    );
    let _ = writeln!(
        s,
        "# Source: Cambodia's National Committee for Sub-National Democratic Development \
         (NCDD) gazetteer database, via Open Development Cambodia's \"Cambodia Gazetteer\"."
    );
    let _ = writeln!(
        s,
        "# Licence: ODbL 1.0 (https://opendatacommons.org/licenses/odbl/1-0/): keep this \
         attribution, and share this list (and lists made from it) under the ODbL."
    );
    let _ = writeln!(
        s,
        "# Levels: {}; provinces: {}.",
        levels.join(", "),
        if options.provinces.is_empty() {
            "all".to_string()
        } else {
            options.provinces.join(", ")
        }
    );
    let _ = writeln!(
        s,
        "# kind: province, capital, district (srok, khan), municipality (krong), commune (khum, \
         sangkat), village (phum); unit: the Khmer unit word."
    );
    let _ = writeln!(
        s,
        "# guard kind: the name matches only as its aliases write it, with the kind word \
         (\"X commune\", \"Khum X\", ឃុំX): communes, villages, and names other entries have."
    );
    let _ = writeln!(
        s,
        "# Aliases also hold former names and corrected romanizations from the NCDD notes. Run \
         {} on this file before use.",
        hints.check_with
    );
    s.push_str(COLUMNS);
    s.push('\n');
    s
}

/// One entry in the list format.
pub fn write_row(r: &Imported, out: &mut String) {
    let _ = writeln!(
        out,
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        r.id,
        EntityType::Place,
        r.name,
        r.aliases.join("|"),
        if r.guarded { "kind" } else { "" },
        r.kind,
        r.unit,
        r.parent.as_deref().unwrap_or(""),
        r.country,
        r.code,
        r.name_km
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "level\ttype_km\tcode\tparent_code\tprovince_code\tprovince_sheet\tname_km\tname_latin\treference\tofficial_note\tchecker_note";

    fn import(rows: &[&str], known: &Known) -> Result<Vec<Imported>, Unusable> {
        let mut i = NcddImport::new(NcddOptions::default());
        i.read_line(1, HEADER)?;
        for (n, r) in rows.iter().enumerate() {
            i.read_line(n + 2, r)?;
        }
        i.entries(known)
    }

    #[test]
    fn former_names_and_corrected_spellings_come_from_the_notes() {
        let rows = [
            "province\t\t08\t\t08\t\tកណ្ដាល\tKandal\t\t\t",
            "district\tក្រុង\t0811\t08\t08\tKandal\tតាខ្មៅ\tTa Khmau\t\tកាលពីមុនជាស្រុកតាខ្មៅតាមប្រកាស\t",
            "commune\tសង្កាត់\t081102\t0811\t08\tKandal\tព្រែកឫស្សី\tPrek Ruessey\t\tសុំកែអក្សរឡាតាំងជា (PREK RUSSEY)វិញ\t",
            "commune\tឃុំ\t081103\t0811\t08\tKandal\tកណ្ដាល\tKandal\t\tបានប្តូរឈ្មោះឃុំចាស់ទៅជាឃុំកណ្ដាល\t",
        ];
        let out = import(&rows, &Known::default()).unwrap();
        // Same name before and after: nothing added.
        assert!(!out[1].aliases.iter().any(|a| a.starts_with("ស្រុក")));
        assert!(out[2].aliases.contains(&"Prek Russey commune".to_string()));
        assert!(out[2].aliases.contains(&"Sangkat Prek Russey".to_string()));
        assert!(!out[2].aliases.contains(&"Prek Russey".to_string()));
        assert!(out[3].aliases.contains(&"ឃុំចាស់".to_string()));
        // A commune named like its province never matches alone.
        assert!(out[3].guarded && !out[3].aliases.contains(&"Kandal".to_string()));
        assert!(!out[0].guarded && out[0].aliases.contains(&"Kandal province".to_string()));
    }

    #[test]
    fn shipped_ids_are_reused_and_clashing_bare_names_guarded() {
        let mut b = tonle_gazetteer::GazetteerBuilder::new();
        b.add_source(
            "p.tsv",
            "id\ttype\tname\tkind\tcountry\tcode\nKH-8\tPLACE\tKandal\tprovince\tKH\t08\n",
        )
        .unwrap();
        let known = Known::from_gazetteer(&b.build().unwrap(), "KH");
        let rows = [
            "province\t\t08\t\t08\t\tកណ្ដាល\tKandal\t\t\t",
            "district\tស្រុក\t0801\t08\t08\tKandal\tកណ្ដាល\tKandal\t\t\t",
        ];
        let out = import(&rows, &known).unwrap();
        assert_eq!((out[0].id.as_str(), out[0].existing), ("KH-8", true));
        assert_eq!(out[1].parent.as_deref(), Some("KH-8"));
        assert!(out[1].guarded);
        assert!(out[1].aliases.contains(&"Kandal district".to_string()));
        assert!(!out[1].aliases.contains(&"កណ្ដាល".to_string()));
    }

    #[test]
    fn bad_rows_are_counted_by_kind_and_a_wrong_header_is_unusable() {
        let mut i = NcddImport::new(NcddOptions::default());
        let e = i.read_line(1, "id\tname\tcountrycode").unwrap_err();
        assert!(e.0.contains("not the header of the NCDD gazetteer"), "{e}");
        let mut i = NcddImport::new(NcddOptions::default());
        i.read_line(1, HEADER).unwrap();
        for n in 2..100 {
            i.read_line(n, "{\"name\": \"x\"}").unwrap();
        }
        i.read_line(100, "town\t\t01\t\t01\t\tx\tX\t\t\t").unwrap();
        assert_eq!(i.problems().total(), 99);
        assert_eq!(i.problems().summaries("f").len(), 2);
        assert!(i.entries(&Known::default()).is_err());
    }

    #[test]
    fn provinces_are_chosen_by_code_or_name() {
        let rows = [
            "province\t\t17\t\t17\t\tសៀមរាប\tSiem Reap\t\t\t",
            "province\t\t18\t\t18\t\tព្រះសីហនុ\tPreah Sihanouk\t\t\t",
            "district\tស្រុក\t1802\t18\t18\tPreah Sihanouk\tព្រៃនប់\tPrey Nob\t\t\t",
        ];
        for wanted in ["18", "preah sihanouk", "ព្រះសីហនុ"] {
            let mut i = NcddImport::new(NcddOptions {
                provinces: vec![wanted.into()],
                levels: vec![Level::District],
                ..NcddOptions::default()
            });
            i.read_line(1, HEADER).unwrap();
            for (n, r) in rows.iter().enumerate() {
                i.read_line(n + 2, r).unwrap();
            }
            let out = i.entries(&Known::default()).unwrap();
            assert_eq!(out.len(), 1, "{wanted}");
            assert_eq!(out[0].name, "Prey Nob");
        }
    }
}
