//! The loaded lists as one table, with the hierarchy resolved: each entry with its province
//! and country, for joins downstream (`tonle gazetteer export`).
//!
//! ```
//! use tonle_gazetteer::GazetteerBuilder;
//! use tonle_tune::export::{rows, write_tsv};
//!
//! let mut b = GazetteerBuilder::new();
//! b.add_source("kh.tsv", "id\ttype\tname\tkind\tparent\tcountry\n\
//!     KH-18\tPLACE\tPreah Sihanouk\tprovince\t\tKH\n\
//!     KH-1802\tPLACE\tPrey Nob\tdistrict\tKH-18\t\n\
//!     KH-180205\tPLACE\tBet Trang\tcommune\tKH-1802\t\n")?;
//! let g = b.build()?;
//! let table = rows(&g);
//! assert_eq!(table[2].province.map(|p| p.id.as_str()), Some("KH-18"));
//! assert_eq!(table[2].country, Some("KH"));
//! let mut out = String::new();
//! write_tsv(&table, &mut out);
//! assert!(out.lines().nth(3).unwrap().starts_with("KH-180205\tPLACE\tBet Trang\tcommune\t"));
//! # Ok::<(), tonle_gazetteer::ListError>(())
//! ```

use std::fmt::Write as _;

use rustc_hash::FxHashMap;
use tonle_gazetteer::{Entry, Gazetteer};

/// How far up `parent` is followed (a village is four levels below its province).
const MAX_DEPTH: usize = 8;

/// The columns of [`write_tsv`].
pub const COLUMNS: &str =
    "id\ttype\tname\tkind\taliases\tparent\tprovince_id\tprovince_name\tcountry\tlist";

/// One entry with its hierarchy resolved.
#[derive(Clone, Debug)]
pub struct Row<'g> {
    pub entry: &'g Entry,
    /// The list the entry was first given in.
    pub list: &'g str,
    pub kind: Option<&'g str>,
    pub parent: Option<&'g str>,
    /// The province (or capital) the entry is in, or is; none for entries outside any.
    pub province: Option<&'g Entry>,
    /// Its own `country`, or the nearest one up its parents; a country's is its id.
    pub country: Option<&'g str>,
}

fn attr<'e>(e: &'e Entry, key: &str) -> Option<&'e str> {
    e.attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// Every entry of `g`, in load order, with its province and country.
pub fn rows(g: &Gazetteer) -> Vec<Row<'_>> {
    let by_id: FxHashMap<&str, &Entry> = g.entries().iter().map(|e| (e.id.as_str(), e)).collect();
    g.entries()
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let (mut province, mut country) = (None, None);
            let mut at = Some(entry);
            for _ in 0..MAX_DEPTH {
                let Some(e) = at else { break };
                if province.is_none() && matches!(attr(e, "kind"), Some("province" | "capital")) {
                    province = Some(e);
                }
                // A country is its own country (its id is the code the others give).
                let own = (attr(e, "kind") == Some("country")).then_some(e.id.as_str());
                country = country.or(attr(e, "country")).or(own);
                at = attr(e, "parent").and_then(|p| by_id.get(p).copied());
            }
            Row {
                entry,
                list: g.list_name(g.entry_list(i as u32)),
                kind: attr(entry, "kind"),
                parent: attr(entry, "parent"),
                province,
                country,
            }
        })
        .collect()
}

/// A cell without tabs or line breaks.
fn cell(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn aliases(e: &Entry) -> Vec<&str> {
    e.aliases
        .iter()
        .chain(&e.exact_aliases)
        .map(String::as_str)
        .collect()
}

/// The table as TSV with a header line ([`COLUMNS`]); aliases separated by `|`.
pub fn write_tsv(rows: &[Row], out: &mut String) {
    out.push_str(COLUMNS);
    out.push('\n');
    for r in rows {
        let e = r.entry;
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            cell(&e.id),
            e.kind,
            cell(&e.name),
            cell(r.kind.unwrap_or("")),
            cell(&aliases(e).join("|")),
            cell(r.parent.unwrap_or("")),
            cell(r.province.map_or("", |p| p.id.as_str())),
            cell(r.province.map_or("", |p| p.name.as_str())),
            cell(r.country.unwrap_or("")),
            cell(r.list),
        );
    }
}

/// The table as JSON lines: one object per entry, with the keys of [`COLUMNS`] in that order
/// (aliases an array; absent values `null`).
pub fn write_json_lines(rows: &[Row], out: &mut String) {
    let json = |v: Option<&str>| serde_json::to_string(&v).unwrap_or_else(|_| "null".into());
    for r in rows {
        let e = r.entry;
        let aliases = serde_json::to_string(&aliases(e)).unwrap_or_else(|_| "[]".into());
        let _ = writeln!(
            out,
            "{{\"id\":{},\"type\":{},\"name\":{},\"kind\":{},\"aliases\":{aliases},\
             \"parent\":{},\"province_id\":{},\"province_name\":{},\"country\":{},\
             \"list\":{}}}",
            json(Some(&e.id)),
            json(Some(e.kind.as_str())),
            json(Some(&e.name)),
            json(r.kind),
            json(r.parent),
            json(r.province.map(|p| p.id.as_str())),
            json(r.province.map(|p| p.name.as_str())),
            json(r.country),
            json(Some(r.list)),
        );
    }
}
