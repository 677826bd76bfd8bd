//! Counts: claims summed by event × counted head × province × month, each claim once.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::claims::Claim;

/// One row of the `counts` table.
#[derive(Clone, Debug, PartialEq)]
pub struct CountRow {
    /// The event verb's lemma.
    pub event: String,
    /// The head noun of what is counted.
    pub counted_head: String,
    /// The province (empty when none is known).
    pub province: String,
    /// Its gazetteer id.
    pub province_id: String,
    /// `YYYY-MM`, empty when unknown.
    pub month: String,
    /// The sum of the claims' values (a range counts its low end).
    pub total: f64,
    /// The claims summed.
    pub claims: u64,
    /// Of those, how many are vague, qualified ("nearly 700") or ranges: the total is then
    /// approximate.
    pub approximate: u64,
    /// The documents the summed claims come from.
    pub sources: u64,
    /// Claims left out because they are parts of a larger count.
    pub parts_left_out: u64,
    /// Claims left out because a conflicting figure for the same thing has more sources.
    pub conflicts_left_out: u64,
}

/// Whether a claim is summed: it is not a part of another count, its event is not negated,
/// it does not count the event's agents, and no figure it conflicts with is better
/// supported (more sources; the lower value on a tie).
fn summed(claim: &Claim, by_id: &FxHashMap<&str, &Claim>) -> Result<(), Left> {
    if claim.part {
        return Err(Left::Part);
    }
    let rank = |c: &Claim| {
        (
            std::cmp::Reverse(c.docs.len()),
            c.value.to_bits(),
            c.id.clone(),
        )
    };
    let beaten = claim
        .conflicting_with
        .iter()
        .filter_map(|id| by_id.get(id.as_str()))
        .any(|other| rank(other) < rank(claim));
    if beaten {
        return Err(Left::Conflict);
    }
    Ok(())
}

enum Left {
    Part,
    Conflict,
}

/// Event, counted head, province and month.
type RowKey<'c> = (&'c str, &'c str, &'c str, &'c str);

/// The counts of `claims`, sorted by event, counted head, province and month.
pub fn counts(claims: &[Claim]) -> Vec<CountRow> {
    let by_id: FxHashMap<&str, &Claim> = claims.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut rows: BTreeMap<RowKey, (CountRow, Vec<&str>)> = BTreeMap::new();
    for claim in claims.iter().filter(|c| !c.negated && !c.agent) {
        let month = claim.month.as_deref().unwrap_or("");
        let key = (
            claim.event.as_str(),
            claim.counted_head.as_str(),
            claim.province.as_str(),
            month,
        );
        let (row, docs) = rows.entry(key).or_insert_with(|| {
            let row = CountRow {
                event: claim.event.clone(),
                counted_head: claim.counted_head.clone(),
                province: claim.province.clone(),
                province_id: claim.province_id.clone(),
                month: month.to_string(),
                total: 0.0,
                claims: 0,
                approximate: 0,
                sources: 0,
                parts_left_out: 0,
                conflicts_left_out: 0,
            };
            (row, Vec::new())
        });
        match summed(claim, &by_id) {
            Err(Left::Part) => row.parts_left_out += 1,
            Err(Left::Conflict) => row.conflicts_left_out += 1,
            Ok(()) => {
                row.total += claim.low.min(claim.value);
                row.claims += 1;
                row.approximate += u64::from(claim.approximate);
                docs.extend(claim.docs.iter().map(String::as_str));
            }
        }
    }
    rows.into_values()
        .map(|(mut row, mut docs)| {
            docs.sort_unstable();
            docs.dedup();
            row.sources = docs.len() as u64;
            row
        })
        .collect()
}
