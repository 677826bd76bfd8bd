//! The documents records come from: id, URL and publication date, each held once.

use rustc_hash::FxHashMap;

/// A document's index in [`Docs`].
pub type DocId = u32;

/// What a claim needs to know of a document.
#[derive(Clone, Debug, Default)]
pub struct DocInfo {
    pub id: String,
    pub url: Option<String>,
    /// The publication day (days from 1970-01-01).
    pub published: Option<i32>,
}

/// Every document seen, by id.
#[derive(Default)]
pub struct Docs {
    infos: Vec<DocInfo>,
    by_id: FxHashMap<String, DocId>,
}

impl Docs {
    /// The document with this id, added when new.
    pub fn intern(&mut self, id: &str) -> DocId {
        if let Some(&d) = self.by_id.get(id) {
            return d;
        }
        let d = self.infos.len() as DocId;
        self.infos.push(DocInfo {
            id: id.to_string(),
            ..DocInfo::default()
        });
        self.by_id.insert(id.to_string(), d);
        d
    }

    pub fn get(&self, d: DocId) -> &DocInfo {
        &self.infos[d as usize]
    }

    pub fn get_mut(&mut self, d: DocId) -> &mut DocInfo {
        &mut self.infos[d as usize]
    }

    /// How many documents.
    pub fn len(&self) -> usize {
        self.infos.len()
    }

    pub fn is_empty(&self) -> bool {
        self.infos.is_empty()
    }
}
