//! A whole document through the pipeline (as a JSON line or a text file): no panic, every
//! record is JSON whose offsets cut its text out of the document.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tonle_corpus::{Fields, Unit, UnitKind};
use tonle_pipeline::Extractor;

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::new(tonle_gazetteer::Gazetteer::defaults().unwrap()))
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
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        let (s, e) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
        assert!(s < e && e <= chars.len());
        let cut: String = chars[s..e].iter().collect();
        assert_eq!(cut, r["text"].as_str().unwrap());
    }
});
