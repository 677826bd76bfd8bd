//! Arbitrary bytes as a WARC file (plain or gzip members) or as an HTML page: no panic, no
//! endless loop, and every document's records cut their text out of the document.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tonle::{Record, Tonle};
use tonle_corpus::{warc_units, Document, Fields, Unit, UnitKind};

fn extractor() -> &'static Tonle {
    static E: OnceLock<Tonle> = OnceLock::new();
    E.get_or_init(|| Tonle::builder().build().unwrap())
}

fn check(doc: &Document) {
    let mut out = Vec::new();
    extractor().write_records(doc, &mut out);
    let chars: Vec<char> = doc.text.chars().collect();
    for line in std::str::from_utf8(&out).unwrap().lines() {
        let r: Record = serde_json::from_str(line).unwrap();
        let cut: String = chars[r.start..r.end].iter().collect();
        assert_eq!(cut, r.text);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let fields = Fields::default();
    match mode % 3 {
        0 => {
            let unit = Unit {
                kind: UnitKind::HtmlFile { id: "p.html".into() },
                location: "p.html".into(),
                bytes: rest.to_vec(),
            };
            if let (Some(doc), _) = unit.parse(&fields) {
                check(&doc);
            }
        }
        m => {
            // Every unit moves the reader on: a file of n bytes has fewer than n + 1 units.
            for unit in warc_units(rest.to_vec(), m == 2).take(rest.len() + 1) {
                if let (Some(doc), _) = unit.parse(&fields) {
                    check(&doc);
                }
            }
        }
    }
});
