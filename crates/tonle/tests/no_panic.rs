//! Property tests: random and hostile text never panics anywhere in the pipeline, every
//! record's offsets slice back to its text, and every JSON line reads back as a typed record
//! that writes the same line again.

use tonle::{Document, Record, Tonle};
use tonle_corpus::{Fields, Unit, UnitKind};
use tonle_gazetteer::{parse_list, Gazetteer};

/// xorshift64*: deterministic, so a failure is reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const FRAGMENTS: &[&str] = &[
    "Phnom",
    "Penh",
    "Preah",
    "Sihanouk",
    "province",
    "Oddar",
    "Meanchey",
    "’s",
    "'",
    "-",
    "–",
    "O’Smach",
    "NCCT",
    "(",
    ")",
    "1,122",
    "1.153",
    "60.94",
    "per",
    "cent",
    "%",
    "$",
    "US$",
    "4",
    "billion",
    "million",
    "riel",
    "one",
    "to",
    "three",
    "twenty",
    "-",
    "two",
    "hundred",
    "and",
    "a",
    "dozen",
    "dozens",
    "of",
    "tens",
    "thousands",
    "Dec",
    ".",
    "12",
    "August",
    "18",
    ",",
    "2022",
    "15",
    "years",
    "old",
    "aged",
    "Tier",
    "No",
    "Covid",
    "19",
    "9",
    ":",
    "30",
    "am",
    "p",
    "m",
    "between",
    "from",
    "nearly",
    "more",
    "than",
    "\n",
    "\n\n",
    " ",
    "  ",
    "ភ្នំពេញ",
    "ខេត្ត",
    "ព្រះសីហនុ",
    "្",
    "០",
    "៣៦១",
    "\u{301}",
    "\u{200B}",
    "é",
    "Đà",
    "“",
    "”",
    "…",
    "?",
    "!",
    "\u{FFFD}",
    "\r\n",
    "\t",
    "🙂",
    "ß",
    "İ",
    "ﬁ",
    "½",
    "²",
    "٣",
    "𝟙",
    "Mr",
    "U.S.",
    "Sar",
    "Kheng",
    "Licadho",
    "the",
    "District",
    "Columbia",
    "March",
    "May",
    "police",
];

fn random_text(rng: &mut Rng, len: usize) -> String {
    let mut s = String::new();
    for _ in 0..len {
        s.push_str(rng.pick(FRAGMENTS));
        if rng.next() % 3 == 0 {
            s.push(' ');
        }
    }
    s
}

fn check_records(doc: &Document, out: &[u8]) {
    let chars: Vec<char> = doc.text.chars().collect();
    for line in std::str::from_utf8(out).expect("records are UTF-8").lines() {
        let r: Record = serde_json::from_str(line).expect("each record reads back");
        assert_eq!(
            r.to_json(),
            line,
            "a record writes the line it was read from"
        );
        let (start, end) = (r.start, r.end);
        assert!(
            start < end && end <= chars.len(),
            "offsets {start}..{end} in {:?}",
            doc.text
        );
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(slice, r.text, "in {:?}", doc.text);
        if let Some(n) = r.number() {
            assert!(n.value.is_finite(), "{line}");
        }
    }
}

#[test]
fn random_news_like_text_never_panics_and_offsets_slice_back() {
    let extractor = Tonle::with_gazetteer(Gazetteer::defaults().unwrap());
    let mut rng = Rng(0x7061_6E69_6373_2121);
    let mut out = Vec::new();
    for round in 0..4000 {
        let len = (rng.next() % 60) as usize;
        let doc = Document::new(format!("r{round}"), random_text(&mut rng, len));
        out.clear();
        extractor.write_records(&doc, &mut out);
        check_records(&doc, &out);
    }
}

#[test]
fn random_bytes_as_input_units_never_panic() {
    let mut rng = Rng(0x0BAD_F00D_DEAD_BEEF);
    let fields = Fields::default();
    let extractor = Tonle::with_gazetteer(Gazetteer::defaults().unwrap());
    for round in 0..3000 {
        let len = (rng.next() % 200) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if round % 2 == 0 {
            // Mostly-valid JSON with damage in it.
            let text = random_text(&mut rng, 10).replace('"', "\\\"");
            bytes = format!("{{\"id\": {round}, \"text\": \"{text}\", \"date\": [1, {{}}]}}")
                .into_bytes();
            let cut = (rng.next() % (bytes.len() as u64 + 1)) as usize;
            if round % 4 == 0 {
                bytes.truncate(cut);
            } else if let Some(b) = bytes.get_mut(cut) {
                *b = rng.next() as u8;
            }
        }
        let kind = if round % 3 == 0 {
            UnitKind::TextFile { id: "t".into() }
        } else {
            UnitKind::JsonLine
        };
        let unit = Unit {
            kind,
            location: format!("fuzz:{round}"),
            bytes,
        };
        let (doc, problems) = unit.parse(&fields);
        for p in &problems {
            assert!(p.location.starts_with("fuzz:"));
        }
        if let Some(doc) = doc {
            let mut out = Vec::new();
            extractor.write_records(&doc, &mut out);
            check_records(&doc, &out);
        }
    }
}

#[test]
fn random_nested_json_with_dotted_field_paths_never_panics() {
    let mut rng = Rng(0x0D07_7ED0_F1E1_D5AA);
    let extractor = Tonle::with_gazetteer(Gazetteer::defaults().unwrap());
    let keys = ["a", "b", "a.b", "", ".", "text", "é"];
    let values = [
        "\"42 women in October\"",
        "\"2022-10-01\"",
        "7",
        "null",
        "[1, {\"a\": \"x\"}]",
        "{}",
    ];
    // A random JSON value of depth up to `depth`, over those keys and values.
    fn value(rng: &mut Rng, depth: u32, keys: &[&str], values: &[&str]) -> String {
        if depth == 0 || rng.next() % 3 == 0 {
            return values[(rng.next() % values.len() as u64) as usize].to_string();
        }
        let n = rng.next() % 4;
        let fields: Vec<String> = (0..n)
            .map(|_| {
                let k = keys[(rng.next() % keys.len() as u64) as usize];
                format!("\"{k}\": {}", value(rng, depth - 1, keys, values))
            })
            .collect();
        format!("{{{}}}", fields.join(", "))
    }
    let path = |rng: &mut Rng| {
        let n = 1 + rng.next() % 4;
        (0..n)
            .map(|_| keys[(rng.next() % keys.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(".")
    };
    for round in 0..3000 {
        let fields = Fields {
            id: path(&mut rng),
            text: path(&mut rng),
            date: path(&mut rng),
            ..Fields::default()
        };
        let unit = Unit {
            kind: UnitKind::JsonLine,
            location: format!("nested:{round}"),
            bytes: value(&mut rng, 4, &keys, &values).into_bytes(),
        };
        let (doc, problems) = unit.parse(&fields);
        for p in &problems {
            assert!(p.location.starts_with("nested:"));
        }
        if let Some(doc) = doc {
            let mut out = Vec::new();
            extractor.write_records(&doc, &mut out);
            check_records(&doc, &out);
        }
    }
}

#[test]
fn random_gazetteer_lists_never_panic() {
    let mut rng = Rng(0x1157_1157_1157_1157);
    let pieces = [
        "id",
        "type",
        "name",
        "aliases",
        "case",
        "\t",
        "\n",
        "|",
        "#",
        "exact",
        "PLACE",
        "x",
        "ភ្នំ",
        "{",
        "\"label\"",
        ":",
        "}",
        "[",
        "]",
        "\"pattern\"",
        "\"a\"",
    ];
    for round in 0..3000 {
        let mut src = String::new();
        for _ in 0..(rng.next() % 40) {
            src.push_str(rng.pick(&pieces));
        }
        let name = if round % 2 == 0 { "l.tsv" } else { "l.jsonl" };
        if let Ok(list) = parse_list(name, &src) {
            let mut b = tonle_gazetteer::GazetteerBuilder::new();
            b.add_list(list);
            let _ = b.build();
        }
    }
}
