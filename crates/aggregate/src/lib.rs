//! From tonle's records to answers.
//!
//! [`Aggregator`] reads records one at a time (in the order `tonle extract` writes them: a
//! document's records together, its document record first when there is one) and keeps only
//! what the tables need: one entry per distinct claim, per entity and month, per entity pair,
//! and per document (id, URL, publication date). [`Tables`] are then written as CSV and
//! Parquet ([`write_tables`]) or drawn as one HTML page ([`report::html`]). The rules are in
//! `docs/aggregate.md`.

#![deny(missing_docs)]

pub mod claims;
pub mod counts;
mod docs;
pub mod entities;
mod read;
pub mod report;
mod tables;
mod time;

use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use serde_json::Value;
use tonle::{Detail, Record};

pub use claims::{Claim, Snippet};
pub use counts::CountRow;
pub use docs::DocId;
use docs::Docs;
pub use entities::{EntityMonth, Pair};
pub use read::{for_each_record, ReadError};
pub use tables::{write_tables, TableError, TABLES};

/// What [`Aggregator::finish`] found.
#[derive(Debug, Default)]
pub struct Tables {
    /// One row per distinct claim.
    pub claims: Vec<Claim>,
    /// Claims summed by event × counted head × province × month.
    pub counts: Vec<CountRow>,
    /// Mentions and documents per entity per month.
    pub entities: Vec<EntityMonth>,
    /// Entity pairs in the same sentence and the same document.
    pub cooccurrence: Vec<Pair>,
    /// How many documents the records came from.
    pub documents: usize,
    /// How many records were read.
    pub records: u64,
}

/// Reads records and keeps what the tables need.
#[derive(Default)]
pub struct Aggregator {
    docs: Docs,
    claims: claims::Claims,
    entities: entities::Entities,
    current: Option<DocId>,
    /// The current document's text, by code point, when sentences are kept.
    text: Vec<char>,
    snippets: bool,
    records: u64,
}

impl Aggregator {
    /// An aggregator; with `snippets`, each claim keeps the sentences it comes from (when the
    /// records include document records, which hold the text).
    pub fn new(snippets: bool) -> Aggregator {
        Aggregator {
            snippets,
            ..Aggregator::default()
        }
    }

    /// Adds one record.
    pub fn add(&mut self, record: &Record) {
        self.records += 1;
        let new_doc = self
            .current
            .is_none_or(|d| self.docs.get(d).id != record.doc);
        if new_doc {
            self.start_document(record);
        }
        let doc = self.current.expect("a document was started");
        match &record.detail {
            // Quotes are not counted; the figures inside them are, as numbers.
            Detail::Document(_) | Detail::Quote(_) => {}
            Detail::Entity(e) => {
                self.entities
                    .add(&e.id, &e.canonical, e.entity_type.as_str(), record.sentence)
            }
            Detail::Number(n) if claims::makes_claim(n, record.zone) => {
                let sentence = (self.snippets && !self.text.is_empty())
                    .then(|| sentence_around(&self.text, record.start, record.end));
                let mention = claims::Mention {
                    number: n,
                    doc,
                    start: record.start,
                    end: record.end,
                    text: &record.text,
                    keep_snippet: self.snippets,
                    sentence,
                };
                self.claims.add(mention, &self.docs);
            }
            Detail::Number(_) => {}
        }
    }

    /// A new document: its URL and publication date from its document record or its
    /// records' `meta`, its text when sentences are kept.
    fn start_document(&mut self, record: &Record) {
        let doc = self.docs.intern(&record.doc);
        self.current = Some(doc);
        self.text.clear();
        let info = self.docs.get_mut(doc);
        if let Some(d) = record.document() {
            if let Some(date) = d.date {
                info.published = Some(time::days_from_civil(date.year(), date.month(), date.day()));
            }
            info.url = info
                .url
                .take()
                .or_else(|| d.url.as_deref().map(str::to_string));
            if self.snippets {
                self.text = record.text.chars().collect();
            }
        }
        if let Some(meta) = &record.meta {
            if let Ok(Value::Object(meta)) = serde_json::from_str::<Value>(meta.get()) {
                let field = |k: &str| meta.get(k).and_then(Value::as_str);
                if info.published.is_none() {
                    info.published = field("date")
                        .and_then(|d| time::iso_days(d.get(..10).unwrap_or(d)))
                        .map(|d| d.0);
                }
                if info.url.is_none() {
                    info.url = field("url").map(str::to_string);
                }
            }
        }
        let month = info.published.map(time::month_name).unwrap_or_default();
        self.entities.start_document(month);
    }

    /// The tables, sorted.
    pub fn finish(self) -> Tables {
        let documents = self.docs.len();
        let claims = self.claims.finish(&self.docs);
        let counts = counts::counts(&claims);
        let (entities, cooccurrence) = self.entities.finish();
        Tables {
            claims,
            counts,
            entities,
            cooccurrence,
            documents,
            records: self.records,
        }
    }
}

/// Reads every record of `paths` (JSON lines, plain, `.gz` or `.zst`) into an [`Aggregator`]
/// and returns its tables. `read` grows by the bytes read from the files, for progress; a line
/// that is not a record goes to `skipped`, and a file that cannot be read stops the run.
pub fn aggregate_files(
    paths: &[PathBuf],
    snippets: bool,
    read: Arc<AtomicU64>,
    mut skipped: impl FnMut(ReadError),
) -> Result<Tables, ReadError> {
    let mut aggregator = Aggregator::new(snippets);
    for path in paths {
        for_each_record(
            path,
            read.clone(),
            |record| aggregator.add(&record),
            &mut skipped,
        )?;
    }
    Ok(aggregator.finish())
}

/// How far a sentence shown with a claim reaches on each side of the mention, in characters.
const SENTENCE_REACH: usize = 300;

/// The sentence around `start..end` (code points) of `text`: back to the end of the last
/// sentence or line, forward to the end of this one, at most [`SENTENCE_REACH`] characters
/// each way.
fn sentence_around(text: &[char], start: usize, end: usize) -> String {
    let (start, end) = (
        start.min(text.len()),
        end.min(text.len()).max(start.min(text.len())),
    );
    let ends_sentence = |i: usize| {
        matches!(text[i], '.' | '!' | '?') && text.get(i + 1).is_none_or(|c| c.is_whitespace())
    };
    let mut from = start;
    while from > 0 && start - from < SENTENCE_REACH {
        if text[from - 1] == '\n'
            || (from >= 2 && ends_sentence(from - 2) && text[from - 1].is_whitespace())
        {
            break;
        }
        from -= 1;
    }
    let mut to = end;
    while to < text.len() && to - end < SENTENCE_REACH {
        if text[to] == '\n' {
            break;
        }
        to += 1;
        if ends_sentence(to - 1) {
            break;
        }
    }
    text[from..to].iter().collect::<String>().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_around_a_mention_stops_at_its_ends() {
        let text: Vec<char> = "Title line\nPolice freed 22 workers. They were Thai. Dr. X spoke"
            .chars()
            .collect();
        let at = 24; // "22"
        assert_eq!(text[at..at + 2].iter().collect::<String>(), "22");
        assert_eq!(
            sentence_around(&text, at, at + 2),
            "Police freed 22 workers."
        );
        assert_eq!(sentence_around(&text, 0, 5), "Title line");
    }
}
