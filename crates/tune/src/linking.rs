//! Later mentions of the names the patterns found, linked through the document as listed
//! names are: the full name again without its evidence, a person's short form ("Sovannarith"
//! after "Em Sovannarith", "Merkel" after "Angela Merkel"), an acronym the text defined
//! ("AQIS" after "Australian Quarantine and Inspection Service (AQIS)"), a paper's short form
//! ("the Post" after "Phnom Penh Post"). A form two names of the document share links to
//! neither; nothing links before its full name.

use rustc_hash::{FxHashMap, FxHashSet};
use tonle_gazetteer::{Gazetteer, ResolvedBy};

use crate::mining::{is_demonym, is_given_name, is_title, Doc};
use crate::suggest::{folded_key, PatternMention};
use tonle_gazetteer::is_common_word;

/// What a later form stands for: the pattern name's index, or `None` when two names share it.
type Forms = FxHashMap<String, (Option<usize>, Option<ResolvedBy>)>;

/// Appends to `found` (pattern names of `doc`, in text order, without overlaps) the later
/// mentions of them, and keeps `found` in text order.
pub(crate) fn link_later_forms(
    _g: &Gazetteer,
    doc: &Doc,
    text: &str,
    found: &mut Vec<PatternMention>,
) {
    let forms = forms_of(doc, text, found);
    // A form ends with one of these words: most runs are passed over on their last word.
    let last_words: FxHashSet<&str> = forms.keys().filter_map(|k| k.rsplit(' ').next()).collect();
    let mut links = Vec::new();
    for r in &doc.runs {
        if !last_words.contains(doc.folded(r.last)) {
            continue;
        }
        let Some((mut first, last)) = doc.trim(text, r.first, r.last) else {
            continue;
        };
        // "Chancellor Merkel": the title is not part of the name.
        while first < last && is_title(doc.folded(first)) {
            first = doc.words(first + 1, last).next().unwrap_or(last);
        }
        let key = folded_key(doc, text, first, last);
        let Some(&(Some(i), resolved_by)) = forms.get(&key) else {
            continue;
        };
        let (start, end) = doc.span(first, last);
        let p = &found[i];
        if start < p.end || overlaps_any(found, start, end) || doc.overlaps(start, end) {
            continue;
        }
        if resolved_by == Some(ResolvedBy::Acronym) && p.alias.as_deref() != Some(&text[start..end])
        {
            continue;
        }
        links.push(PatternMention {
            start,
            end,
            resolved_by,
            alias: None,
            ..p.clone()
        });
    }
    if links.is_empty() {
        return;
    }
    found.extend(links);
    found.sort_by_key(|p| (p.start, std::cmp::Reverse(p.end)));
}

/// The forms each pattern name may be written in later.
fn forms_of(doc: &Doc, text: &str, found: &[PatternMention]) -> Forms {
    let mut forms = Forms::default();
    let mut claim = |form: String, i: usize, by: Option<ResolvedBy>| {
        forms
            .entry(form)
            .and_modify(|v| {
                if v.0 != Some(i) && found[v.0.unwrap_or(i)].name != found[i].name {
                    v.0 = None;
                }
            })
            .or_insert((Some(i), by));
    };
    for (i, p) in found.iter().enumerate() {
        let first = doc.tokens.partition_point(|t| (t.end as usize) <= p.start);
        let last = doc
            .tokens
            .partition_point(|t| (t.start as usize) < p.end)
            .saturating_sub(1);
        if first > last || last >= doc.tokens.len() {
            continue;
        }
        claim(folded_key(doc, text, first, last), i, None);
        let words: Vec<usize> = doc.words(first, last).collect();
        match p.typ {
            "PERSON" if words.len() >= 2 => {
                let short = Some(ResolvedBy::ShortForm);
                claim(doc.folded(words[words.len() - 1]).to_string(), i, short);
                if words.len() >= 3 {
                    let two = words[words.len() - 2];
                    claim(folded_key(doc, text, two, last), i, short);
                }
            }
            "ORG" => {
                if let Some(acronym) = &p.alias {
                    claim(acronym.to_lowercase(), i, Some(ResolvedBy::Acronym));
                }
                if p.kind == Some("media") && words.len() >= 2 {
                    let head = doc.folded(words[words.len() - 1]).to_string();
                    claim(head, i, Some(ResolvedBy::ShortForm));
                }
                for form in company_short_forms(doc, &words) {
                    claim(form, i, Some(ResolvedBy::ShortForm));
                }
            }
            _ => {}
        }
    }
    forms
}

/// A company's name without its legal form ("Texaco" of "Texaco Inc", "USAir" of "USAir
/// Group Inc"), and its first word when that is a word of its own ("Toyota" of "Toyota Motor
/// Corp"; not "General" of "General Motors Corp", nor a given name).
fn company_short_forms(doc: &Doc, words: &[usize]) -> Vec<String> {
    let folded = |k: usize| doc.folded(k);
    let mut n = words.len();
    while n > 1 && is_legal_form(folded(words[n - 1])) {
        n -= 1;
    }
    if n == words.len() {
        return Vec::new();
    }
    let own_word = |f: &str| !is_common_word(f) && !is_demonym(f) && !is_given_name(f);
    let mut forms = Vec::new();
    let rest = &words[..n];
    if rest.len() > 1 || own_word(folded(rest[0])) {
        forms.push(
            rest.iter()
                .map(|&k| folded(k))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    if rest.len() > 1 && own_word(folded(rest[0])) && folded(rest[1]) != "of" {
        forms.push(folded(rest[0]).to_string());
    }
    forms
}

/// The words of a company's legal form, and "Group" and "Holdings" after its name.
fn is_legal_form(f: &str) -> bool {
    matches!(
        f,
        "inc"
            | "corp"
            | "corporation"
            | "co"
            | "ltd"
            | "limited"
            | "plc"
            | "llc"
            | "ag"
            | "sa"
            | "nv"
            | "gmbh"
            | "bhd"
            | "group"
            | "holdings"
    )
}

/// True when `start..end` overlaps a name of `found` (in text order, without overlaps).
fn overlaps_any(found: &[PatternMention], start: usize, end: usize) -> bool {
    let at = found.partition_point(|p| p.end <= start);
    found.get(at).is_some_and(|p| p.start < end)
}

#[cfg(test)]
mod tests {
    use tonle_gazetteer::{GazetteerBuilder, ResolvedBy};

    use crate::suggest::pattern_mentions;

    fn found(text: &str) -> Vec<(String, &'static str, String, Option<ResolvedBy>)> {
        let mut b = GazetteerBuilder::new();
        b.add_source(
            "l.tsv",
            "id\ttype\tname\taliases\tkind\nKH-8\tPLACE\tKandal\t\tprovince\nNL\tPLACE\tHolland\t\t\n",
        )
        .unwrap();
        let g = b.build().unwrap();
        pattern_mentions(&g, text)
            .into_iter()
            .map(|p| {
                (
                    text[p.start..p.end].to_string(),
                    p.typ,
                    p.name,
                    p.resolved_by,
                )
            })
            .collect()
    }

    #[test]
    fn companies_are_named_again_without_their_legal_form() {
        let got = found(
            "Texaco Inc and Toyota Motor Corp met General Motors Corp. Texaco said it would \
             appeal; Toyota declined to comment, and General did not say.",
        );
        let short: Vec<(&str, &str)> = got
            .iter()
            .filter(|g| g.3 == Some(ResolvedBy::ShortForm))
            .map(|g| (g.0.as_str(), g.2.as_str()))
            .collect();
        // "General" is a common word: not a short form of General Motors Corp.
        assert_eq!(
            short,
            [("Texaco", "Texaco Inc"), ("Toyota", "Toyota Motor Corp")]
        );
    }

    #[test]
    fn speakers_bylines_ages_and_their_short_forms() {
        let got = found(
            "By Dara Mealea\n\nThe Riverbank Fishers Federation (RFF) met in Kandal on Friday. \
             \"We were never paid,\" said Am Sam Ath. Chancellor Ingrid Halvorsen, 58, arrived \
             later; Halvorsen spoke for an hour, and RFF members listened.\n\nReporting by \
             Marten Holland; Photo: Keo Sophal",
        );
        let want: Vec<(&str, &str, &str, Option<ResolvedBy>)> = vec![
            ("Dara Mealea", "PERSON", "Dara Mealea", None),
            (
                "Riverbank Fishers Federation",
                "ORG",
                "Riverbank Fishers Federation",
                None,
            ),
            // The acronym where the text defines it is a mention too.
            (
                "RFF",
                "ORG",
                "Riverbank Fishers Federation",
                Some(ResolvedBy::Acronym),
            ),
            ("Am Sam Ath", "PERSON", "Am Sam Ath", None),
            ("Ingrid Halvorsen", "PERSON", "Ingrid Halvorsen", None),
            (
                "Halvorsen",
                "PERSON",
                "Ingrid Halvorsen",
                Some(ResolvedBy::ShortForm),
            ),
            (
                "RFF",
                "ORG",
                "Riverbank Fishers Federation",
                Some(ResolvedBy::Acronym),
            ),
            ("Marten Holland", "PERSON", "Marten Holland", None),
            ("Keo Sophal", "PERSON", "Keo Sophal", None),
        ];
        let want: Vec<_> = want
            .into_iter()
            .map(|(a, t, n, r)| (a.to_string(), t, n.to_string(), r))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn short_forms_need_their_full_name_first_and_one_owner() {
        let got = found(
            "Sovann spoke first. Later Mao Sovann, 41, and Chea Sovann, 39, told reporters the \
             same; Sovann left.",
        );
        let texts: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(texts, ["Mao Sovann", "Chea Sovann"]);
    }
}
