//! Entities per month and entity pairs that occur together.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

/// One row of the `entities` table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityMonth {
    /// The entity's id.
    pub id: String,
    /// Its canonical name.
    pub canonical: String,
    /// Its type (`PERSON`, `PLACE`, `ORG`, ...).
    pub entity_type: String,
    /// `YYYY-MM` of the documents' publication, empty when unknown.
    pub month: String,
    /// Its mentions that month.
    pub mentions: u64,
    /// The documents naming it that month.
    pub documents: u64,
}

/// One row of the `cooccurrence` table: two entities, the first by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The first entity's id.
    pub a: String,
    /// Its canonical name.
    pub a_name: String,
    /// Its type.
    pub a_type: String,
    /// The second entity's id.
    pub b: String,
    /// Its canonical name.
    pub b_name: String,
    /// Its type.
    pub b_type: String,
    /// Sentences naming both.
    pub sentences: u64,
    /// Documents naming both.
    pub documents: u64,
}

type EntityId = u32;

/// Counts entities and their pairs, one document at a time.
#[derive(Default)]
pub struct Entities {
    names: Vec<(String, String, String)>,
    by_id: FxHashMap<String, EntityId>,
    per_month: FxHashMap<(EntityId, String), (u64, u64)>,
    pairs: FxHashMap<(EntityId, EntityId), (u64, u64)>,
    /// The current document's mentions: (sentence, entity).
    doc_mentions: Vec<(u32, EntityId)>,
    doc_month: String,
}

impl Entities {
    /// Adds an entity mention of the current document.
    pub fn add(&mut self, id: &str, canonical: &str, entity_type: &str, sentence: usize) {
        let e = match self.by_id.get(id) {
            Some(&e) => e,
            None => {
                let e = self.names.len() as EntityId;
                self.names.push((
                    id.to_string(),
                    canonical.to_string(),
                    entity_type.to_string(),
                ));
                self.by_id.insert(id.to_string(), e);
                e
            }
        };
        self.doc_mentions.push((sentence as u32, e));
    }

    /// Starts a document published in `month` (`YYYY-MM`, or empty), ending the last one.
    pub fn start_document(&mut self, month: String) {
        self.end_document();
        self.doc_month = month;
    }

    /// Counts the current document's mentions and pairs.
    pub fn end_document(&mut self) {
        let mut mentions = std::mem::take(&mut self.doc_mentions);
        for &(_, e) in &mentions {
            self.per_month
                .entry((e, self.doc_month.clone()))
                .or_default()
                .0 += 1;
        }
        mentions.sort_unstable();
        mentions.dedup();
        for sentence in mentions.chunk_by(|a, b| a.0 == b.0) {
            for_each_pair(sentence.iter().map(|m| m.1), |pair| {
                self.pairs.entry(pair).or_default().0 += 1;
            });
        }
        let mut in_doc: Vec<EntityId> = mentions.iter().map(|m| m.1).collect();
        in_doc.sort_unstable();
        in_doc.dedup();
        for &e in &in_doc {
            self.per_month
                .entry((e, self.doc_month.clone()))
                .or_default()
                .1 += 1;
        }
        for_each_pair(in_doc.iter().copied(), |pair| {
            self.pairs.entry(pair).or_default().1 += 1;
        });
        mentions.clear();
        self.doc_mentions = mentions;
    }

    /// The two tables, sorted: entities by id and month, pairs by their ids.
    pub fn finish(mut self) -> (Vec<EntityMonth>, Vec<Pair>) {
        self.end_document();
        let name = |e: EntityId| &self.names[e as usize];
        let rows: BTreeMap<(&str, &str), EntityMonth> = self
            .per_month
            .iter()
            .map(|((e, month), (mentions, documents))| {
                let (id, canonical, ty) = name(*e);
                let row = EntityMonth {
                    id: id.clone(),
                    canonical: canonical.clone(),
                    entity_type: ty.clone(),
                    month: month.clone(),
                    mentions: *mentions,
                    documents: *documents,
                };
                ((id.as_str(), month.as_str()), row)
            })
            .collect();
        let mut pairs: Vec<Pair> = self
            .pairs
            .iter()
            .map(|((a, b), (sentences, documents))| {
                let (a, b) = (name(*a), name(*b));
                let (a, b) = if a.0 <= b.0 { (a, b) } else { (b, a) };
                Pair {
                    a: a.0.clone(),
                    a_name: a.1.clone(),
                    a_type: a.2.clone(),
                    b: b.0.clone(),
                    b_name: b.1.clone(),
                    b_type: b.2.clone(),
                    sentences: *sentences,
                    documents: *documents,
                }
            })
            .collect();
        pairs.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
        (rows.into_values().collect(), pairs)
    }
}

/// Calls `each` with every pair of distinct entities of a sorted, deduplicated list.
fn for_each_pair(
    entities: impl Iterator<Item = EntityId>,
    mut each: impl FnMut((EntityId, EntityId)),
) {
    let list: Vec<EntityId> = entities.collect();
    for (i, &a) in list.iter().enumerate() {
        for &b in &list[i + 1..] {
            if a != b {
                each((a.min(b), a.max(b)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_count_sentences_and_documents_once() {
        let mut e = Entities::default();
        e.start_document("2023-05".into());
        e.add("KH-1", "Banteay Meanchey", "PLACE", 0);
        e.add("P-1", "Sok Dara", "PERSON", 0);
        e.add("KH-1", "Banteay Meanchey", "PLACE", 0);
        e.add("P-1", "Sok Dara", "PERSON", 3);
        e.add("KH-1", "Banteay Meanchey", "PLACE", 3);
        e.start_document("2023-06".into());
        e.add("P-1", "Sok Dara", "PERSON", 1);
        let (rows, pairs) = e.finish();
        let summary: Vec<_> = rows
            .iter()
            .map(|r| (r.id.as_str(), r.month.as_str(), r.mentions, r.documents))
            .collect();
        assert_eq!(
            summary,
            [
                ("KH-1", "2023-05", 3, 1),
                ("P-1", "2023-05", 2, 1),
                ("P-1", "2023-06", 1, 1)
            ]
        );
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].a.as_str(), pairs[0].b.as_str()), ("KH-1", "P-1"));
        assert_eq!((pairs[0].sentences, pairs[0].documents), (2, 1));
    }
}
