//! A whole document through the pipeline (as a JSON line or a text file): no panic, every
//! record is JSON that reads back as a typed record writing the same line, and whose offsets
//! cut its text out of the document.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tonle_corpus::{Fields, Unit, UnitKind};
use tonle::{Record, Tonle};

fn extractor() -> &'static Tonle {
    static E: OnceLock<Tonle> = OnceLock::new();
    E.get_or_init(|| Tonle::builder().build().unwrap())
}

fuzz_target!(|data: &[u8]| {
    let (kind, bytes) = match data.split_first() {
        Some((b, rest)) if b & 1 == 0 => (UnitKind::JsonLine, rest.to_vec()),
        Some((_, rest)) => (UnitKind::TextFile { id: "f".into() }, rest.to_vec()),
        None => return,
    };
    let unit = Unit { kind, location: "fuzz".into(), bytes };
    let (doc, _problems) = unit.parse(&Fields::default());
    let Some(doc) = doc else { return };
    let mut out = Vec::new();
    extractor().write_records(&doc, &mut out);
    let chars: Vec<char> = doc.text.chars().collect();
    for line in std::str::from_utf8(&out).unwrap().lines() {
        let r: Record = serde_json::from_str(line).unwrap();
        assert_eq!(r.to_json(), line);
        assert!(r.start < r.end && r.end <= chars.len());
        let cut: String = chars[r.start..r.end].iter().collect();
        assert_eq!(cut, r.text);
    }
});
