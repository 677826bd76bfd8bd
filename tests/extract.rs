//! End-to-end tests of the `tonle extract` command: they run the built binary on the sample
//! corpus and on inputs generated in temporary directories, and check the records it writes,
//! what it says on standard error, and its exit status.
//!
//! What a record says (entities, numbers, offsets, metadata) is read from typed records
//! ([`tonle::Record`]); the JSON itself is read only where it is the subject: the schema
//! check, fields that must be absent, and byte-identical outputs.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tonle::{Category, Detail, Entity, EntityType, Number, Record, ResolvedBy, Source};

mod harness;
use harness::{arg, parse_lines, repo_root, tonle, write, Run};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn corpus_dir() -> PathBuf {
    repo_root().join("corpus")
}

fn read_output(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read the records in {}: {e}", path.display()))
}

/// The records written to `path`, typed.
fn read_records(path: &Path) -> Vec<Record<'static>> {
    parse_lines(&read_output(path), &path.display().to_string())
}

/// A string field of a JSON object (a record or an input line).
fn s<'a>(r: &'a Value, key: &str) -> &'a str {
    r[key]
        .as_str()
        .unwrap_or_else(|| panic!("record has no string field {key:?}: {r}"))
}

fn u(r: &Value, key: &str) -> usize {
    r[key]
        .as_u64()
        .unwrap_or_else(|| panic!("record has no unsigned integer field {key:?}: {r}")) as usize
}

/// The characters (Unicode code points) `start..end` of `text`.
fn slice_chars(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// Checks the fields every record must have, in its JSON form.
fn check_schema(r: &Value) {
    assert_eq!(r["schema_version"], 1, "schema_version is not 1: {r}");
    assert!(!s(r, "doc").is_empty(), "empty doc id: {r}");
    let kind = s(r, "kind");
    assert!(
        matches!(kind, "entity" | "number" | "quote"),
        "kind is {kind:?}, not entity, number or quote: {r}"
    );
    assert!(!s(r, "type").is_empty(), "empty type: {r}");
    assert!(!s(r, "text").is_empty(), "empty text: {r}");
    let (start, end) = (u(r, "start"), u(r, "end"));
    assert!(start < end, "start {start} is not before end {end}: {r}");
    u(r, "sentence");
    if kind == "quote" {
        let ty = s(r, "type");
        assert!(
            ty == "DIRECT" || ty == "REPORTED",
            "quote of type {ty:?}: {r}"
        );
        assert_eq!(
            r["speaker"].is_string(),
            r["speaker_id"].is_string(),
            "a speaker without an id, or an id without a speaker: {r}"
        );
    } else if kind == "entity" {
        for key in ["canonical", "id", "list"] {
            assert!(!s(r, key).is_empty(), "entity with an empty {key}: {r}");
        }
    } else {
        assert!(
            r["value"].is_number() || r["value"].is_null(),
            "number without a value: {r}"
        );
        assert!(!s(r, "category").is_empty(), "number without category: {r}");
    }
}

/// Checks the schema of every record of `output` (JSON lines) and returns them typed.
fn checked_records(output: &str, what: &str) -> Vec<Record<'static>> {
    for r in parse_lines::<Value>(output, what) {
        check_schema(&r);
    }
    parse_lines(output, what)
}

/// Checks that every record's `start..end` (in code points) of its document is its `text`.
/// `text_of` gives the text of a document by id.
fn check_slices(records: &[Record], mut text_of: impl FnMut(&str) -> String) {
    let mut texts: HashMap<String, Vec<char>> = HashMap::new();
    let mut bad = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let doc = &*r.doc;
        let chars = texts
            .entry(doc.to_string())
            .or_insert_with(|| text_of(doc).chars().collect());
        let (start, end) = (r.start, r.end);
        let got: String = chars
            .get(start..end.min(chars.len()))
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        if end > chars.len() || got != r.text {
            bad.push(format!(
                "record {} (doc {doc:?}, {start}..{end}, document has {} chars): text {:?} but the document has {got:?} there",
                i + 1,
                chars.len(),
                r.text,
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} records do not slice back into their documents:\n{}",
        bad.len(),
        records.len(),
        bad.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

fn read_corpus_doc(dir: &Path, doc: &str) -> String {
    let path = dir.join(doc);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "record names doc {doc:?} but {} cannot be read: {e}",
            path.display()
        )
    });
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The entity records, each with its entity.
fn entities<'r, 'a>(
    records: &'r [Record<'a>],
) -> impl Iterator<Item = (&'r Record<'a>, &'r Entity<'a>)> {
    records.iter().filter_map(|r| r.entity().map(|e| (r, e)))
}

/// The number records, each with its number.
fn numbers<'r, 'a>(
    records: &'r [Record<'a>],
) -> impl Iterator<Item = (&'r Record<'a>, &'r Number<'a>)> {
    records.iter().filter_map(|r| r.number().map(|n| (r, n)))
}

/// The value of an entity's attribute `key`.
fn attr<'e>(e: &'e Entity, key: &str) -> Option<&'e str> {
    e.attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The documents of `records` in the order their records come, each once per run of records.
fn doc_runs<'r, 'a: 'r>(records: impl IntoIterator<Item = &'r Record<'a>>) -> Vec<&'r str> {
    let mut docs: Vec<&str> = Vec::new();
    for r in records {
        if docs.last() != Some(&&*r.doc) {
            docs.push(&r.doc);
        }
    }
    docs
}

/// A short listing of entity records, for failure messages.
fn entity_list(records: &[Record]) -> String {
    let mut out = String::new();
    for (r, e) in entities(records) {
        let _ = writeln!(
            out,
            "  {:?} -> {:?} ({}, {})",
            r.text,
            e.canonical,
            e.id,
            r.type_name()
        );
    }
    out
}

fn number_list(records: &[Record]) -> String {
    let mut out = String::new();
    for (r, n) in numbers(records) {
        let _ = writeln!(
            out,
            "  {:?} value={} category={} currency={:?} counted={:?}",
            r.text,
            n.value,
            n.category.as_str(),
            n.currency,
            n.counted
        );
    }
    out
}

/// Asserts that some entity record in `doc` (any doc if `None`) has this surface text,
/// canonical name and id.
fn assert_entity(records: &[Record], doc: Option<&str>, text: &str, canonical: &str, id: &str) {
    let found = entities(records).any(|(r, e)| {
        doc.is_none_or(|d| r.doc == d) && r.text == text && e.canonical == canonical && e.id == id
    });
    assert!(
        found,
        "expected an entity {text:?} -> {canonical:?} ({id}) in {}; the entities are:\n{}",
        doc.unwrap_or("any document"),
        entity_list(records)
    );
}

fn assert_number(
    records: &[Record],
    text: &str,
    value: f64,
    category: Category,
    currency: Option<&str>,
) {
    let found = numbers(records).any(|(r, n)| {
        r.text == text
            && n.value == value
            && n.category == category
            && currency.is_none_or(|c| n.currency.as_deref() == Some(c))
    });
    assert!(
        found,
        "expected a number {text:?} = {value} ({}, currency {currency:?}); the numbers are:\n{}",
        category.as_str(),
        number_list(records)
    );
}

/// Asserts two outputs are byte-identical, showing the first differing line if not.
fn assert_same_output(a: &[u8], b: &[u8], what: &str) {
    if a == b {
        return;
    }
    let (la, lb): (Vec<&[u8]>, Vec<&[u8]>) = (
        a.split(|&c| c == b'\n').collect(),
        b.split(|&c| c == b'\n').collect(),
    );
    let at = la
        .iter()
        .zip(&lb)
        .position(|(x, y)| x != y)
        .unwrap_or(la.len().min(lb.len()));
    panic!(
        "{what}: outputs differ ({} vs {} bytes, {} vs {} lines); first difference at line {}:\n  < {}\n  > {}",
        a.len(),
        b.len(),
        la.len(),
        lb.len(),
        at + 1,
        la.get(at).map_or("(end)".into(), |l| String::from_utf8_lossy(l)),
        lb.get(at).map_or("(end)".into(), |l| String::from_utf8_lossy(l)),
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn json_line(fields: &[(&str, Value)]) -> String {
    let mut map = serde_json::Map::new();
    for (k, v) in fields {
        map.insert((*k).to_string(), v.clone());
    }
    let mut line = serde_json::to_string(&Value::Object(map)).unwrap();
    line.push('\n');
    line
}

/// Collapses every run of whitespace to one space (clap wraps help text to the terminal).
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// 1. The sample corpus
// ---------------------------------------------------------------------------------------------

#[test]
fn corpus_records_are_well_formed_and_find_the_expected_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.jsonl");
    let corpus = corpus_dir();
    let run = tonle(
        [
            OsStr::new("extract"),
            corpus.as_os_str(),
            OsStr::new("-o"),
            out.as_os_str(),
        ],
        None,
    );
    run.assert_code(0);
    assert!(
        run.stdout.is_empty(),
        "with -o nothing should go to stdout{}",
        run.describe()
    );
    let records = checked_records(&read_output(&out), &out.display().to_string());
    assert!(
        records.len() > 500,
        "only {} records from the 16 corpus articles{}",
        records.len(),
        run.describe()
    );
    check_slices(&records, |doc| read_corpus_doc(&corpus, doc));

    // Every .txt file of the corpus gives records, in sorted order.
    let mut txt: Vec<String> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    txt.sort();
    let docs = doc_runs(&records);
    assert_eq!(
        docs, txt,
        "records should come document by document, in sorted file order, one group per corpus file"
    );
    // Within a document, records are ordered by start offset.
    for w in records.windows(2) {
        if w[0].doc == w[1].doc {
            assert!(
                w[0].start <= w[1].start,
                "records out of order:\n{}\n{}",
                w[0].to_json(),
                w[1].to_json()
            );
        }
    }

    // Spelling variants resolve to the canonical names of the shipped lists.
    let mondul = "2023-04-03_mondulkiri-ratanakiri-recruiters.txt";
    assert_entity(&records, Some(mondul), "Mondul Kiri", "Mondulkiri", "KH-11");
    assert_entity(
        &records,
        Some(mondul),
        "Ratanak Kiri",
        "Ratanakiri",
        "KH-16",
    );
    let ncct = "2022-12-13_ncct-four-month-tally.txt";
    assert_entity(
        &records,
        Some(ncct),
        "NCCT",
        "National Committee for Counter Trafficking",
        "org:ncct",
    );
    assert!(
        entities(&records)
            .filter(|(_, e)| e.id == "org:ncct")
            .all(|(_, e)| *e.entity_type == EntityType::Org),
        "org:ncct records should all be of type ORG"
    );
    assert_entity(
        &records,
        Some("2023-03-14_adhoc-debt-survey.txt"),
        "Kompong Cham",
        "Kampong Cham",
        "KH-3",
    );
    assert_entity(
        &records,
        Some("2023-03-14_adhoc-debt-survey.txt"),
        "Licadho",
        "LICADHO",
        "org:licadho",
    );
    assert_entity(
        &records,
        Some("2022-10-07_osmach-escape.txt"),
        "Siemreap",
        "Siem Reap",
        "KH-17",
    );
    assert_entity(
        &records,
        Some("2022-10-07_osmach-escape.txt"),
        "O\u{2019}Smach",
        "O'Smach",
        "KH-town-o-smach",
    );
    assert_entity(&records, None, "Tbong Khmum", "Tboung Khmum", "KH-25");
    assert_entity(
        &records,
        Some("2023-01-19_sihanoukville-indonesians.txt"),
        "Kampong Som",
        "Preah Sihanouk",
        "KH-18",
    );
    // Khmer-script names, written without spaces, in parentheses after the Latin names.
    let khmer = "2023-07-11_border-checkpoints-immigration.txt";
    assert_entity(&records, Some(khmer), "ព្រះសីហនុ", "Preah Sihanouk", "KH-18");
    assert_entity(&records, Some(khmer), "ឧត្តរមានជ័យ", "Oddar Meanchey", "KH-22");
    assert_entity(&records, Some(khmer), "ប៉ោយប៉ែត", "Poipet", "KH-0110");
    // Stueng Trang is a district of Kampong Cham, not the province of Stung Treng.
    let corpus_text = read_corpus_doc(&corpus, "2023-03-14_adhoc-debt-survey.txt");
    let stueng = corpus_text
        .find("Stueng Trang")
        .map(|b| corpus_text[..b].chars().count())
        .expect("the ADHOC article mentions Stueng Trang");
    assert!(
        !entities(&records).any(|(r, e)| r.doc == "2023-03-14_adhoc-debt-survey.txt"
            && r.start == stueng
            && e.id == "KH-19"),
        "Stueng Trang (a district) must not be read as Stung Treng (KH-19)"
    );

    // Numbers: thousands separators, percentages, money with currencies.
    assert_number(&records, "2,417", 2417.0, Category::Count, None);
    assert_number(&records, "4,136", 4136.0, Category::Count, None);
    assert_number(&records, "60.5 per cent", 60.5, Category::Percent, None);
    assert_number(&records, "8%", 8.0, Category::Percent, None);
    assert_number(
        &records,
        "$4.5 million",
        4_500_000.0,
        Category::Money,
        Some("USD"),
    );
    assert_number(&records, "USD 1,500", 1500.0, Category::Money, Some("USD"));
    assert_number(
        &records,
        "US$310,000",
        310_000.0,
        Category::Money,
        Some("USD"),
    );
    assert_number(
        &records,
        "6.4 million riel",
        6_400_000.0,
        Category::Money,
        Some("KHR"),
    );
    assert_number(
        &records,
        "25,000 baht",
        25_000.0,
        Category::Money,
        Some("THB"),
    );
    assert_number(
        &records,
        "1,500 ringgit",
        1500.0,
        Category::Money,
        Some("MYR"),
    );
    assert!(
        numbers(&records)
            .any(|(r, n)| r.text == "1,260" && n.counted.as_deref() == Some("households")),
        "expected 1,260 counting households; the numbers are:\n{}",
        number_list(&records)
    );

    // All 25 first-level units: KH-1 .. KH-25, as written in gazetteers/kh-provinces.tsv.
    let provinces = std::fs::read_to_string(repo_root().join("gazetteers/kh-provinces.tsv"))
        .expect("gazetteers/kh-provinces.tsv");
    let listed: BTreeSet<String> = provinces
        .lines()
        .filter(|l| l.starts_with("KH-"))
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    let expected: BTreeSet<String> = (1..=25).map(|i| format!("KH-{i}")).collect();
    assert_eq!(
        listed, expected,
        "gazetteers/kh-provinces.tsv should list exactly KH-1 .. KH-25"
    );
    let found: BTreeSet<String> = entities(&records).map(|(_, e)| e.id.to_string()).collect();
    let missing: Vec<_> = expected.difference(&found).collect();
    assert!(
        missing.is_empty(),
        "these provinces never appear in the corpus records: {missing:?}"
    );
    for (r, e) in entities(&records).filter(|(_, e)| expected.contains(&*e.id)) {
        assert_eq!(
            *e.entity_type,
            EntityType::Place,
            "a province record not of type PLACE: {}",
            r.to_json()
        );
        assert_eq!(
            e.list,
            "kh-provinces.tsv",
            "a province from another list: {}",
            r.to_json()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Determinism
// ---------------------------------------------------------------------------------------------

/// ~3000 JSON-lines documents of varied size, made from corpus paragraphs.
fn generated_jsonl() -> String {
    let corpus = corpus_dir();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension() == Some(OsStr::new("txt")))
        .collect();
    names.sort();
    let mut paragraphs = Vec::new();
    for p in names {
        let text = std::fs::read_to_string(&p).unwrap();
        paragraphs.extend(
            text.split("\n\n")
                .map(str::trim)
                .filter(|p| p.len() > 40)
                .map(str::to_string),
        );
    }
    assert!(paragraphs.len() > 100, "too few corpus paragraphs");
    let n = paragraphs.len();
    let mut out = String::new();
    for i in 0..3000usize {
        let count = if i % 97 == 0 { 25 } else { 1 + i % 4 };
        let mut text = String::new();
        for k in 0..count {
            text.push_str(&paragraphs[(i * 7 + k * 13) % n]);
            text.push_str("\n\n");
        }
        let _ = write!(
            text,
            "Case {i}: {} people were returned to Kampong Cham\u{2019}s Koh Sotin district from ប៉ោយប៉ែត.",
            (i * 37) % 5000
        );
        out.push_str(&json_line(&[
            ("id", Value::from(format!("gen-{i}"))),
            (
                "date",
                Value::from(format!("2023-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
            ),
            ("text", Value::from(text)),
        ]));
    }
    out
}

#[test]
fn output_is_identical_whatever_the_number_of_threads() {
    let corpus = corpus_dir();
    let one = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("-q"),
            OsStr::new("--threads"),
            OsStr::new("1"),
            corpus.as_os_str(),
        ],
        None,
    );
    one.assert_code(0);
    let four = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("-q"),
            OsStr::new("--threads"),
            OsStr::new("4"),
            corpus.as_os_str(),
        ],
        None,
    );
    four.assert_code(0);
    assert!(!one.stdout.is_empty(), "no records from the corpus");
    assert_same_output(&one.stdout, &four.stdout, "corpus, --threads 1 vs 4");

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.jsonl");
    let jsonl = generated_jsonl();
    write(&input, &jsonl);
    let runs: Vec<Run> = ["1", "4"]
        .iter()
        .map(|t| {
            let run = tonle(
                [
                    OsStr::new("extract"),
                    OsStr::new("-q"),
                    OsStr::new("--threads"),
                    OsStr::new(t),
                    input.as_os_str(),
                ],
                None,
            );
            run.assert_code(0);
            run
        })
        .collect();
    assert_same_output(
        &runs[0].stdout,
        &runs[1].stdout,
        "3000 generated docs, --threads 1 vs 4",
    );
    // And the output really covers all documents, in input order.
    let records = runs[0].records();
    let order = doc_runs(&records);
    let expected: Vec<String> = (0..3000).map(|i| format!("gen-{i}")).collect();
    assert_eq!(
        order, expected,
        "records should come for every generated document, in input order"
    );
    let texts: HashMap<String, String> = jsonl
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (s(&v, "id").to_string(), s(&v, "text").to_string())
        })
        .collect();
    check_slices(&records, |doc| texts[doc].clone());
}

// ---------------------------------------------------------------------------------------------
// 3. Invalid UTF-8
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_utf8_is_replaced_and_reported_as_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1-article.txt");
    let mut bytes: Vec<u8> = Vec::new();
    bytes.extend_from_slice("Police in Phnom Penh ".as_bytes());
    let first_bad = bytes.len();
    bytes.extend_from_slice(b"\xff\xfe caf\xe9 ");
    bytes.extend_from_slice("found 1,122 people in Kandal. ".as_bytes());
    // A Khmer letter cut short, then a whole Khmer name.
    bytes.extend_from_slice(b"\xe1\x9e ");
    bytes.extend_from_slice("ភ្នំពេញ and Kampot.".as_bytes());
    write(&path, &bytes);

    let run = tonle([OsStr::new("extract"), path.as_os_str()], None);
    run.assert_code(0);
    assert!(
        run.stderr.contains("latin1-article.txt")
            && run.stderr.contains("invalid UTF-8")
            && run
                .stderr
                .contains(&format!("byte offset {first_bad} of the file")),
        "stderr should name the file, say invalid UTF-8 and give byte offset {first_bad}{}",
        run.describe()
    );
    assert!(
        run.stderr.contains("warning"),
        "invalid UTF-8 should be a warning{}",
        run.describe()
    );
    assert!(
        run.stderr.contains("0 skipped"),
        "invalid UTF-8 must not skip the file{}",
        run.describe()
    );
    let records = checked_records(run.stdout_str(), "standard output");
    let lossy = String::from_utf8_lossy(&bytes).into_owned();
    assert!(lossy.contains('\u{FFFD}'));
    check_slices(&records, |_| lossy.clone());
    let texts: Vec<&str> = records.iter().map(|r| &*r.text).collect();
    for want in ["Phnom Penh", "1,122", "Kandal", "ភ្នំពេញ", "Kampot"] {
        assert!(
            texts.contains(&want),
            "expected a record {want:?} around the invalid bytes; got {texts:?}"
        );
    }

    // Inside a JSON-lines file the warning names the line.
    let jsonl = dir.path().join("mixed.jsonl");
    let mut bytes = b"{\"id\":\"a\",\"text\":\"Kandal\"}\n".to_vec();
    bytes.extend_from_slice(b"{\"id\":\"b\",\"text\":\"Kam\xffpot and Phnom Penh\"}\n");
    write(&jsonl, &bytes);
    let run = tonle([OsStr::new("extract"), jsonl.as_os_str()], None);
    run.assert_code(0);
    assert!(
        run.stderr.contains("mixed.jsonl:2") && run.stderr.contains("invalid UTF-8"),
        "stderr should name mixed.jsonl:2 and say invalid UTF-8{}",
        run.describe()
    );
    let records = run.records();
    check_slices(&records, |doc| match doc {
        "a" => "Kandal".into(),
        _ => "Kam\u{FFFD}pot and Phnom Penh".into(),
    });
    assert!(
        records
            .iter()
            .any(|r| r.doc == "b" && r.text == "Phnom Penh"),
        "the line with invalid UTF-8 should still be extracted{}",
        run.describe()
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Truncated gzip
// ---------------------------------------------------------------------------------------------

#[test]
fn truncated_gzip_keeps_the_docs_before_the_cut_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let total = 3000;
    let mut plain = String::new();
    for i in 0..total {
        plain.push_str(&json_line(&[
            ("id", Value::from(format!("d{i}"))),
            (
                "text",
                Value::from(format!(
                    "Report {i}: police in Kandal found {} people at a compound.",
                    i + 10
                )),
            ),
        ]));
    }
    let gz = gzip(plain.as_bytes());
    let cut = dir.path().join("cut.jsonl.gz");
    write(&cut, &gz[..gz.len() / 2]);
    let good = dir.path().join("good.jsonl");
    write(
        &good,
        json_line(&[("id", "after".into()), ("text", "Kampot".into())]),
    );

    let run = tonle(
        [OsStr::new("extract"), cut.as_os_str(), good.as_os_str()],
        None,
    );
    run.assert_code(1);
    let records = checked_records(run.stdout_str(), "standard output");

    // The documents read are a prefix d0 .. d(k-1) of the file, each with its records.
    let cut_docs = doc_runs(records.iter().filter(|r| r.doc != "after"));
    let k = cut_docs.len();
    assert!(
        k > total / 10 && k < total,
        "expected a good part, but not all, of the {total} docs before the cut; got {k}{}",
        run.describe()
    );
    let expected: Vec<String> = (0..k).map(|i| format!("d{i}")).collect();
    assert_eq!(
        cut_docs, expected,
        "the docs before the cut should all be extracted, in order"
    );
    for i in 0..k {
        let id = format!("d{i}");
        let count = (i + 10).to_string();
        let of_doc: Vec<&Record> = records.iter().filter(|r| r.doc == id).collect();
        assert!(
            of_doc
                .iter()
                .any(|r| r.entity().is_some_and(|e| e.id == "KH-8"))
                && of_doc.iter().any(|r| r.text == count
                    && r.number()
                        .is_some_and(|n| n.counted.as_deref() == Some("people"))),
            "doc {id} should have Kandal and {count} people: {of_doc:?}"
        );
    }
    let text_of = |doc: &str| -> String {
        if doc == "after" {
            return "Kampot".into();
        }
        let i: usize = doc[1..].parse().unwrap();
        format!(
            "Report {i}: police in Kandal found {} people at a compound.",
            i + 10
        )
    };
    check_slices(&records, text_of);

    // The problem names the file, the line where reading stopped, and what happened.
    let line = k + 1;
    assert!(
        run.stderr.contains(&format!("cut.jsonl.gz:{line}")),
        "stderr should name cut.jsonl.gz:{line} (the line after the last doc read){}",
        run.describe()
    );
    assert!(
        run.stderr.contains("truncated") || run.stderr.contains("corrupt"),
        "stderr should say the file is truncated or corrupt{}",
        run.describe()
    );
    assert!(
        run.stderr.contains("1 skipped"),
        "the summary should count the rest of the file as 1 skipped{}",
        run.describe()
    );

    // The next input is still processed, after the cut file.
    let last = records.last().expect("records");
    assert_eq!(
        (&*last.doc, last.entity().map(|e| &*e.canonical)),
        ("after", Some("Kampot")),
        "the good input given after the truncated one should be processed last{}",
        run.describe()
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Malformed JSON lines
// ---------------------------------------------------------------------------------------------

#[test]
fn bad_json_lines_are_skipped_and_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.jsonl");
    let mut input = String::new();
    input.push_str(&json_line(&[
        ("id", "first".into()),
        ("text", "Police in Phnom Penh detained 5 people.".into()),
    ]));
    input.push_str("{\"id\": \"broken\", \"text\": \"Kandal was \n");
    input.push_str(&json_line(&[
        ("id", "second".into()),
        ("text", "Officers in Takeo arrested 3 men.".into()),
    ]));
    input.push_str(&json_line(&[
        ("id", "no-text".into()),
        ("body", "Kampot".into()),
    ]));
    input.push_str(&json_line(&[
        ("id", "third".into()),
        ("text", "Kampot saw a 12 per cent rise.".into()),
    ]));
    write(&path, &input);

    let run = tonle([OsStr::new("extract"), path.as_os_str()], None);
    run.assert_code(1);
    for line in [2, 4] {
        assert!(
            run.stderr.contains(&format!("feed.jsonl:{line}")),
            "stderr should name feed.jsonl:{line}{}",
            run.describe()
        );
    }
    assert!(
        run.stderr.contains("not a valid JSON object"),
        "stderr should say line 2 is not valid JSON{}",
        run.describe()
    );
    assert!(
        run.stderr.contains("no \"text\" field"),
        "stderr should say line 4 has no text field{}",
        run.describe()
    );
    assert!(
        run.stderr.contains("2 skipped"),
        "the summary should say 2 skipped{}",
        run.describe()
    );
    assert!(
        run.stderr.contains("3 documents"),
        "the summary should count the 3 good documents{}",
        run.describe()
    );
    let records = run.records();
    let docs: BTreeSet<&str> = records.iter().map(|r| &*r.doc).collect();
    assert_eq!(
        docs,
        BTreeSet::from(["first", "second", "third"]),
        "the good lines around the bad ones should all be processed"
    );
    let canon: Vec<&str> = entities(&records).map(|(_, e)| &*e.canonical).collect();
    assert_eq!(canon, ["Phnom Penh", "Takeo", "Kampot"]);
    assert_number(&records, "12 per cent", 12.0, Category::Percent, None);
}

// ---------------------------------------------------------------------------------------------
// 6. Empty files
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_files_give_no_records_and_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("empty.txt");
    let jsonl = dir.path().join("empty.jsonl");
    let blank = dir.path().join("blank-lines.jsonl");
    let gz = dir.path().join("empty.jsonl.gz");
    write(&txt, "");
    write(&jsonl, "");
    write(&blank, "\n\n   \n\r\n");
    write(&gz, gzip(b""));
    for path in [&txt, &jsonl, &blank, &gz] {
        let run = tonle([OsStr::new("extract"), path.as_os_str()], None);
        run.assert_code(0);
        assert!(
            run.stdout.is_empty(),
            "no records expected from an empty file{}",
            run.describe()
        );
        assert!(
            run.stderr.contains("0 records") && run.stderr.contains("0 skipped"),
            "the summary should say 0 records, 0 skipped{}",
            run.describe()
        );
        assert!(
            !run.stderr.contains("warning:") && !run.stderr.contains("skipped:"),
            "an empty file is not a problem{}",
            run.describe()
        );
    }
    // All at once, into a file.
    let out = dir.path().join("r.jsonl");
    let run = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("-q"),
            txt.as_os_str(),
            jsonl.as_os_str(),
            blank.as_os_str(),
            gz.as_os_str(),
            OsStr::new("-o"),
            out.as_os_str(),
        ],
        None,
    );
    run.assert_code(0);
    assert_eq!(
        std::fs::read(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display())),
        b"",
        "the output file should exist and be empty{}",
        run.describe()
    );
}

// ---------------------------------------------------------------------------------------------
// 7. A 20 MB document
// ---------------------------------------------------------------------------------------------

#[test]
fn a_20_mb_document_is_extracted_whole() {
    const PARAGRAPH: &str = "Police in Phnom Penh said on Tuesday that 1,122 people had been \
        rescued from compounds on the city\u{2019}s outskirts. Officers told reporters that the \
        workers, many of them foreigners, had been held for weeks without pay, and that the \
        investigation into the owners of the buildings was continuing. A spokesman said more \
        arrests were expected.\n\n";
    let target = 20 * 1024 * 1024;
    let repeats = target / PARAGRAPH.len() + 1;
    let text = PARAGRAPH.repeat(repeats);
    assert!(text.len() >= target);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    write(&path, &text);
    let out = dir.path().join("big.jsonl");

    let run = tonle(
        [
            OsStr::new("extract"),
            path.as_os_str(),
            OsStr::new("-o"),
            out.as_os_str(),
        ],
        None,
    );
    run.assert_code(0);
    let output = read_output(&out);
    let records: Vec<Record> = parse_lines(&output, "big.jsonl");
    // Each paragraph mentions Phnom Penh and 1,122 (people) once, and reports three things
    // said: five records per repeat.
    let (mut places, mut counts, mut quotes, mut other) = (0usize, 0usize, 0usize, Vec::new());
    for r in &records {
        match &r.detail {
            Detail::Entity(e) if r.text == "Phnom Penh" && e.id == "KH-12" => places += 1,
            Detail::Number(n) if r.text == "1,122" && n.value == 1122.0 => counts += 1,
            Detail::Quote(q) if !q.direct => quotes += 1,
            _ if other.len() < 5 => other.push(r.to_json()),
            _ => {}
        }
    }
    assert!(
        other.is_empty(),
        "unexpected records in the big document: {other:#?}"
    );
    assert_eq!(
        (places, counts, quotes),
        (repeats, repeats, 3 * repeats),
        "expected {repeats} Phnom Penh and {repeats} 1,122 records (one each per paragraph) and \
         three quotes per paragraph{}",
        run.describe()
    );
    assert!(
        run.stderr.contains(&format!("{} records", 5 * repeats)),
        "the summary should count {} records{}",
        5 * repeats,
        run.describe()
    );

    let first: Value = serde_json::from_str(output.lines().next().unwrap()).unwrap();
    let last: Value = serde_json::from_str(output.lines().last().unwrap()).unwrap();
    check_schema(&first);
    check_schema(&last);
    let first = &records[0];
    let last = records
        .iter()
        .rev()
        .find(|r| r.kind() == tonle::Kind::Number)
        .expect("numbers in the big document");
    assert_eq!(last.text, "1,122", "last number: {}", last.to_json());
    // Code-point offsets: the paragraph has a curly apostrophe, so bytes and chars differ.
    let para_chars = PARAGRAPH.chars().count();
    let in_para = PARAGRAPH[..PARAGRAPH.find("1,122").unwrap()]
        .chars()
        .count();
    let expected_start = (repeats - 1) * para_chars + in_para;
    assert_eq!(
        (last.start, last.end),
        (expected_start, expected_start + 5),
        "the last record's offsets should be code points into the 20 MB text: {}",
        last.to_json()
    );
    assert_eq!(
        slice_chars(&text, last.start, last.end),
        "1,122",
        "the last record does not slice back: {}",
        last.to_json()
    );
    assert_eq!(
        slice_chars(&text, first.start, first.end),
        first.text,
        "the first record does not slice back: {}",
        first.to_json()
    );
}

// ---------------------------------------------------------------------------------------------
// 8. Standard input, field names and metadata
// ---------------------------------------------------------------------------------------------

#[test]
fn stdin_with_renamed_fields_copies_metadata_into_every_record() {
    let docs = [
        (
            "kh-001",
            "Police in Phnom Penh rescued 1,122 people on Monday.",
            "2022-10-01",
            "https://example.org/a",
            "Raid in the capital",
        ),
        (
            "kh-002",
            "In Kampot, 12 per cent of households took loans from LICADHO-monitored lenders.",
            "2022-10-02",
            "https://example.org/b",
            "Debt \"survey\"",
        ),
        (
            "kh-003",
            "ខេត្តព្រះសីហនុ: officers in Sihanoukville province found $4.5 million.",
            "2022-10-03",
            "https://example.org/c",
            "ព្រះសីហនុ",
        ),
    ];
    // Written by hand so that the fields come in this order: date, uid, url, body, title.
    let raw = |v: &str| serde_json::to_string(v).unwrap();
    let mut input = String::new();
    for (id, body, date, url, title) in docs {
        let _ = writeln!(
            input,
            "{{\"date\": {}, \"uid\": {}, \"url\": {}, \"body\": {}, \"title\": {}}}",
            raw(date),
            raw(id),
            raw(url),
            raw(body),
            raw(title)
        );
    }
    let run = tonle(
        ["extract", "--id-field", "uid", "--text-field", "body", "-"],
        Some(input.as_bytes()),
    );
    run.assert_code(0);
    let json = run.json_records();
    let records = run.records();
    let by_id: HashMap<&str, _> = docs.iter().map(|d| (d.0, d)).collect();
    for (j, r) in json.iter().zip(&records) {
        check_schema(j);
        // Absent from the JSON, not only from the typed record.
        assert!(
            j.get("uid").is_none() && j.get("body").is_none(),
            "the id and text fields must not be copied: {j}"
        );
        let doc = &*r.doc;
        let (_, _, date, url, title) = by_id
            .get(doc)
            .unwrap_or_else(|| panic!("record with unexpected doc {doc:?}: {}", r.to_json()));
        let written = r
            .meta
            .as_deref()
            .map(serde_json::value::RawValue::get)
            .unwrap_or_else(|| panic!("record without meta: {}", r.to_json()));
        let meta: serde_json::Map<String, Value> = serde_json::from_str(written)
            .unwrap_or_else(|e| panic!("meta is not a JSON object ({e}): {}", r.to_json()));
        let keys: BTreeSet<&str> = meta.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            BTreeSet::from(["date", "url", "title"]),
            "meta should hold exactly the other fields: {}",
            r.to_json()
        );
        assert_eq!(
            (&meta["date"], &meta["url"], &meta["title"]),
            (
                &Value::from(*date),
                &Value::from(*url),
                &Value::from(*title)
            ),
            "meta values: {}",
            r.to_json()
        );
        // The metadata is copied as written, in input order.
        assert_eq!(
            written,
            format!(
                "{{\"date\":{},\"url\":{},\"title\":{}}}",
                raw(date),
                raw(url),
                raw(title)
            ),
            "the record should carry its document's metadata in input order: {}",
            r.to_json()
        );
    }
    assert_eq!(json.len(), records.len());
    check_slices(&records, |doc| by_id[doc].1.to_string());
    for id in ["kh-001", "kh-002", "kh-003"] {
        assert!(
            records.iter().any(|r| r.doc == id),
            "no records for {id}{}",
            run.describe()
        );
    }
    assert_entity(
        &records,
        Some("kh-001"),
        "Phnom Penh",
        "Phnom Penh",
        "KH-12",
    );
    assert_entity(
        &records,
        Some("kh-003"),
        "ខេត្តព្រះសីហនុ",
        "Preah Sihanouk",
        "KH-18",
    );
    assert_entity(
        &records,
        Some("kh-003"),
        "Sihanoukville province",
        "Preah Sihanouk",
        "KH-18",
    );
    assert_number(&records, "1,122", 1122.0, Category::Count, None);
    assert_number(
        &records,
        "$4.5 million",
        4_500_000.0,
        Category::Money,
        Some("USD"),
    );

    // Without --text-field, these lines have no "text": all skipped, and said so.
    let mut input = String::new();
    for (id, body, ..) in docs {
        input.push_str(&json_line(&[("uid", id.into()), ("body", body.into())]));
    }
    let run = tonle(["extract", "-"], Some(input.as_bytes()));
    run.assert_code(1);
    assert!(run.stdout.is_empty(), "{}", run.describe());
    assert!(
        run.stderr.contains("<stdin>:1")
            && run.stderr.contains("<stdin>:3")
            && run.stderr.contains("--text-field")
            && run.stderr.contains("3 skipped"),
        "each stdin line without a text field should be reported with its line{}",
        run.describe()
    );
}

// ---------------------------------------------------------------------------------------------
// 9. Atomic output file
// ---------------------------------------------------------------------------------------------

#[test]
fn output_file_is_written_atomically_and_not_created_when_the_run_cannot_start() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    write(&input, "Police in Kandal and Kampot found 30 people.");
    let out_dir = dir.path().join("out/dir");
    let out = out_dir.join("r.jsonl");

    let run = tonle(
        [
            OsStr::new("extract"),
            input.as_os_str(),
            OsStr::new("-o"),
            out.as_os_str(),
        ],
        None,
    );
    run.assert_code(0);
    assert!(
        out.is_file(),
        "{} was not created{}",
        out.display(),
        run.describe()
    );
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["r.jsonl"],
        "only the output file should remain (no .r.jsonl.*.partial temp file)"
    );
    let to_stdout = tonle([OsStr::new("extract"), input.as_os_str()], None);
    to_stdout.assert_code(0);
    assert_same_output(
        &std::fs::read(&out).unwrap(),
        &to_stdout.stdout,
        "-o file vs stdout",
    );
    let records = read_records(&out);
    assert_eq!(records.len(), 3, "Kandal, Kampot, 30 people");
    assert_entity(&records, None, "Kandal", "Kandal", "KH-8");
    assert_entity(&records, None, "Kampot", "Kampot", "KH-7");
    assert_number(&records, "30", 30.0, Category::Count, None);

    // A malformed gazetteer: the run cannot start.
    let bad = dir.path().join("bad-list.tsv");
    write(
        &bad,
        "# my list\nid\ttype\tname\nKH-1\tPLACE\tBanteay Meanchey\textra\n",
    );
    let new_out = dir.path().join("never/r.jsonl");
    let run = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("--gazetteer"),
            bad.as_os_str(),
            input.as_os_str(),
            OsStr::new("-o"),
            new_out.as_os_str(),
        ],
        None,
    );
    run.assert_code(2);
    assert!(
        run.stderr.contains("bad-list.tsv:3"),
        "stderr should name the list file and line (bad-list.tsv:3){}",
        run.describe()
    );
    assert!(
        !new_out.exists(),
        "{} must not be created when the run cannot start",
        new_out.display()
    );
    assert!(run.stdout.is_empty(), "{}", run.describe());

    // ... and an existing output file is left as it was.
    let before = std::fs::read(&out).unwrap();
    let run = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("--gazetteer"),
            bad.as_os_str(),
            input.as_os_str(),
            OsStr::new("-o"),
            out.as_os_str(),
        ],
        None,
    );
    run.assert_code(2);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        before,
        "a failed start must not touch the existing output file"
    );
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["r.jsonl"], "no temp file after a failed start");
}

// ---------------------------------------------------------------------------------------------
// 10. Gazetteer options
// ---------------------------------------------------------------------------------------------

#[test]
fn own_gazetteers_replace_or_extend_the_shipped_ones() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("article.txt");
    write(
        &article,
        "By Sok Dara | ML Daily\n\nThe Kandal Widget Factory in Brightwater, near Phnom Penh and \
         Kampot, employs 30 people. SOK DARA visited Bright Water and Kompong Saom, which the \
         NCCT also visited.",
    );
    let text = std::fs::read_to_string(&article).unwrap();
    // The lists' names only: the pattern names ("By Sok Dara", "ML Daily") are another test's.
    fn listed<'r, 'a>(
        records: &'r [Record<'a>],
    ) -> impl Iterator<Item = (&'r Record<'a>, &'r Entity<'a>)> {
        entities(records).filter(|(_, e)| e.source != Source::Pattern)
    }

    // Minimal name<TAB>TYPE list, without the shipped lists.
    let minimal = dir.path().join("my.tsv");
    write(&minimal, "Kandal Widget Factory\tORG\nBrightwater\tPLACE\n");
    let run = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("-q"),
            OsStr::new("--no-default-gazetteers"),
            OsStr::new("--gazetteer"),
            minimal.as_os_str(),
            article.as_os_str(),
        ],
        None,
    );
    run.assert_code(0);
    let records = run.records();
    check_slices(&records, |_| text.clone());
    let found: Vec<(&str, &str, &str, &str)> = listed(&records)
        .map(|(r, e)| (&*r.text, r.type_name(), &*e.id, &*e.list))
        .collect();
    assert_eq!(
        found,
        [
            (
                "Kandal Widget Factory",
                "ORG",
                "org:kandal-widget-factory",
                "my.tsv"
            ),
            ("Brightwater", "PLACE", "place:brightwater", "my.tsv"),
        ],
        "--no-default-gazetteers should find only the names of my.tsv"
    );
    assert_number(&records, "30", 30.0, Category::Count, None);

    // spaCy patterns, added to the shipped lists.
    let patterns = dir.path().join("patterns.jsonl");
    write(
        &patterns,
        concat!(
            "{\"label\": \"ORG\", \"pattern\": \"Mekong Ledger\", \"id\": \"mekong-ledger\"}\n",
            "{\"label\": \"ORG\", \"pattern\": \"ML Daily\", \"id\": \"mekong-ledger\"}\n",
            "{\"label\": \"GPE\", \"pattern\": [{\"LOWER\": \"bright\"}, {\"LOWER\": \"water\"}]}\n",
            "{\"label\": \"PER\", \"pattern\": [{\"TEXT\": \"Sok\"}, {\"TEXT\": \"Dara\"}]}\n",
        ),
    );
    let run = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("-q"),
            OsStr::new("--gazetteer"),
            patterns.as_os_str(),
            article.as_os_str(),
        ],
        None,
    );
    run.assert_code(0);
    let records = run.records();
    check_slices(&records, |_| text.clone());
    assert_entity(&records, None, "ML Daily", "Mekong Ledger", "mekong-ledger");
    let (bright, bright_entity) = listed(&records)
        .find(|(r, _)| r.text == "Bright Water")
        .unwrap_or_else(|| panic!("Bright Water not found:\n{}", entity_list(&records)));
    assert_eq!(
        (bright.type_name(), &*bright_entity.list),
        ("PLACE", "patterns.jsonl"),
        "a GPE pattern becomes a PLACE: {}",
        bright.to_json()
    );
    let sok: Vec<&Record> = listed(&records)
        .map(|(r, _)| r)
        .filter(|r| r.text.eq_ignore_ascii_case("sok dara"))
        .collect();
    assert_eq!(
        sok.len(),
        1,
        "the TEXT pattern should match \"Sok Dara\" but not \"SOK DARA\":\n{}",
        entity_list(&records)
    );
    assert_eq!((&*sok[0].text, sok[0].type_name()), ("Sok Dara", "PERSON"));
    // The shipped lists are still there.
    assert_entity(&records, None, "Kampot", "Kampot", "KH-7");
    assert_entity(
        &records,
        None,
        "NCCT",
        "National Committee for Counter Trafficking",
        "org:ncct",
    );
    // Not a shipped spelling: found only as a spelling variant of "Kampong Som".
    let variants: Vec<Option<ResolvedBy>> = listed(&records)
        .filter(|(r, _)| r.text.contains("Kompong Saom"))
        .map(|(_, e)| e.resolved_by)
        .collect();
    assert_eq!(
        variants,
        [Some(ResolvedBy::Variant)],
        "Kompong Saom is not a shipped spelling, only a variant of one:\n{}",
        entity_list(&records)
    );

    // A list that gives a new alias to a shipped id.
    let alias = dir.path().join("aliases.tsv");
    write(
        &alias,
        "# more spellings\nid\ttype\tname\taliases\nKH-18\tPLACE\tKompong Saom\tKampong Saom\n",
    );
    let run = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("-q"),
            OsStr::new("--gazetteer"),
            alias.as_os_str(),
            article.as_os_str(),
        ],
        None,
    );
    run.assert_code(0);
    let records = run.records();
    check_slices(&records, |_| text.clone());
    assert_entity(&records, None, "Kompong Saom", "Preah Sihanouk", "KH-18");
    let (saom, saom_entity) = listed(&records)
        .find(|(r, _)| r.text == "Kompong Saom")
        .unwrap();
    assert_eq!(
        saom_entity.resolved_by, None,
        "now an alias, matched exactly"
    );
    assert_eq!(
        attr(saom_entity, "kind"),
        Some("province"),
        "the shipped entry's attributes should come with the new alias: {}",
        saom.to_json()
    );
    assert_entity(&records, None, "Phnom Penh", "Phnom Penh", "KH-12");
}

// ---------------------------------------------------------------------------------------------
// 11. Help
// ---------------------------------------------------------------------------------------------

#[test]
fn help_documents_options_inputs_and_exit_status() {
    let run = tonle(["extract", "--help"], None);
    run.assert_code(0);
    let help = squash(run.stdout_str());
    for option in [
        "--output",
        "--threads",
        "--quiet",
        "--gazetteer",
        "--no-default-gazetteers",
        "--id-field",
        "--text-field",
        "--resume",
        "--max-document-size",
    ] {
        assert!(
            help.contains(option),
            "--help does not mention {option}{}",
            run.describe()
        );
    }
    for ext in [".txt", ".jsonl", ".gz"] {
        assert!(
            help.contains(ext),
            "--help does not mention {ext} inputs{}",
            run.describe()
        );
    }
    for status in [
        "Exit status",
        "0 when every input was read",
        "1 when something was skipped",
        "2 when an input does not exist, nothing at all could be read, or the run could not",
        "130 or 143 when stopped by Ctrl-C",
    ] {
        assert!(
            help.contains(status),
            "--help does not explain the exit status ({status:?}){}",
            run.describe()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 12. Summary line
// ---------------------------------------------------------------------------------------------

#[test]
fn summary_on_stderr_unless_quiet() {
    let corpus = corpus_dir();
    let run = tonle([OsStr::new("extract"), corpus.as_os_str()], None);
    run.assert_code(0);
    let n = run.stdout_str().lines().count();
    let summary = run
        .stderr
        .lines()
        .find(|l| l.contains("documents"))
        .unwrap_or_else(|| panic!("no summary line{}", run.describe()));
    for word in ["documents", "records", "skipped", "MB/s"] {
        assert!(
            summary.contains(word),
            "the summary line lacks {word:?}: {summary}"
        );
    }
    for part in [
        "16 documents".to_string(),
        format!("{n} records"),
        "0 skipped".to_string(),
    ] {
        assert!(
            summary.contains(&part),
            "the summary line should say {part:?}: {summary}"
        );
    }

    let quiet = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("--quiet"),
            corpus.as_os_str(),
        ],
        None,
    );
    quiet.assert_code(0);
    assert_eq!(
        quiet.stderr,
        "",
        "--quiet on a clean run should print nothing on stderr{}",
        quiet.describe()
    );
    assert_same_output(&run.stdout, &quiet.stdout, "--quiet vs not");
}

// ---------------------------------------------------------------------------------------------
// 13. Shared seeds
// ---------------------------------------------------------------------------------------------

#[test]
fn shared_seed_articles() {
    let seeds = match std::env::var_os("TONLE_SHARED_DIR") {
        Some(d) => PathBuf::from(d).join("seeds"),
        None => repo_root().join("../shared/seeds"),
    };
    if !seeds.is_dir() {
        eprintln!(
            "skipping shared_seed_articles: {} is absent (set TONLE_SHARED_DIR to its parent)",
            seeds.display()
        );
        return;
    }
    let run = tonle([OsStr::new("extract"), seeds.as_os_str()], None);
    run.assert_code(0);
    let records = checked_records(run.stdout_str(), "standard output");
    check_slices(&records, |doc| read_corpus_doc(&seeds, doc));

    let has = |needle: &str, id: &str| {
        entities(&records).any(|(r, e)| e.id == id && (e.canonical == needle || r.text == needle))
    };
    for (needle, id) in [
        ("Sar Kheng", "person:sar-kheng"),
        ("Chou Bun Eng", "person:chou-bun-eng"),
        ("Preah Sihanouk", "KH-18"),
        ("Oddar Meanchey", "KH-22"),
        ("NCCT", "org:ncct"),
        ("LICADHO", "org:licadho"),
        ("FATF", "org:fatf"),
        // "the Kingdom" of Cambodian papers.
        ("Kingdom", "KH"),
    ] {
        assert!(
            has(needle, id),
            "expected {needle:?} ({id}) in the seed records; the entities are:\n{}",
            entity_list(&records)
        );
    }
    assert!(
        numbers(&records).any(|(_, n)| n.value == 1122.0
            && n.category == Category::Count
            && n.counted.as_deref() == Some("people")),
        "expected 1,122 people in the seeds; the numbers are:\n{}",
        number_list(&records)
    );
    // "5,000 workers at Svay Rieng's Moc Bai casino compound": in Svay Rieng, not in the
    // Vietnamese town Moc Bai.
    assert!(
        numbers(&records)
            .any(|(_, n)| n.value == 5000.0 && n.place.as_ref().is_some_and(|p| p.id == "KH-20")),
        "expected 5,000 workers in Svay Rieng; the numbers are:\n{}",
        number_list(&records)
    );
    // 60.94 per cent is in a teaser of a related-articles list, boilerplate: left out
    // (tests/zones.rs checks that --keep-boilerplate brings it back).
    assert!(
        !numbers(&records).any(|(_, n)| n.value == 60.94 && n.category == Category::Percent),
        "the percent 60.94 of a related-article teaser should be left out; the numbers are:\n{}",
        number_list(&records)
    );

    // "... from August 18 to November 10, 2022, authorities found 871 foreigners from 12
    // countries. 162 were identified as involved in smuggling ...": a part across the
    // sentence boundary, with its whole's noun and period.
    assert!(
        numbers(&records).any(|(_, n)| {
            n.value == 162.0
                && n.part_of.as_ref().is_some_and(|p| p.parent_text == "871")
                && n.counted_head.as_deref() == Some("foreigner")
                && n.time.as_ref().is_some_and(|t| {
                    t.start == "2022-08-18" && t.end.as_deref() == Some("2022-11-10")
                })
        }),
        "expected 162 foreigners as a part of the 871; the numbers are:\n{}",
        number_list(&records)
    );

    let mut entity_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, e) in entities(&records) {
        *entity_counts.entry(e.entity_type.as_str()).or_default() += 1;
    }
    let mut number_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, n) in numbers(&records) {
        *number_counts.entry(n.category.as_str()).or_default() += 1;
    }
    eprintln!(
        "seed records in {}: {} total; entities: PERSON {}, PLACE {}, ORG {}",
        seeds.display(),
        records.len(),
        entity_counts.get("PERSON").unwrap_or(&0),
        entity_counts.get("PLACE").unwrap_or(&0),
        entity_counts.get("ORG").unwrap_or(&0),
    );
    eprintln!(
        "seed number records: {} total; by category: {number_counts:?}",
        numbers(&records).count()
    );
}

#[test]
fn a_part_in_the_next_sentence_takes_its_wholes_noun_and_period() {
    let text = "From August 18 to November 10, 2022, police found 871 migrants from 12 \
                countries. 162 were identified as victims, and 80 others were sent to court.";
    let records = tonle(
        ["extract", "-"],
        Some(format!("{{\"id\":\"a\",\"text\":{text:?}}}\n").as_bytes()),
    )
    .records();
    let part = |value: f64| {
        numbers(&records)
            .find(|(_, n)| n.value == value)
            .unwrap_or_else(|| panic!("no {value} in:\n{}", number_list(&records)))
    };
    for value in [162.0, 80.0] {
        let (r, n) = part(value);
        assert_eq!(
            (
                n.part_of.as_ref().map(|p| &*p.parent_text),
                n.counted_head.as_deref(),
                n.time.as_ref().map(|t| &*t.start),
                n.time.as_ref().and_then(|t| t.end.as_deref()),
            ),
            (
                Some("871"),
                Some("migrant"),
                Some("2022-08-18"),
                Some("2022-11-10")
            ),
            "{}",
            r.to_json()
        );
    }
}

#[cfg(unix)]
#[test]
fn output_file_gets_the_usual_permissions_not_the_temp_file_ones() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    write(&input, "Police in Kandal found 30 people.");
    let out = dir.path().join("r.jsonl");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" extract --quiet \"$1\" -o \"$2\"")
        .arg(env!("CARGO_BIN_EXE_tonle"))
        .arg(&input)
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode, 0o644,
        "records file mode is {mode:o}; with umask 022 it should be 644"
    );
}

#[test]
fn pattern_names_are_written_by_default_and_link_context() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    write(
        &input,
        "Governor Khim Bunsong visited the Ministry of Ocean Affairs on Monday.\n\n\
         Interior Minister Sar Kheng said the National Committee for Counter Trafficking had \
         found 40 victims. Kheng said Bunsong agreed, and Khim Bunsong left.",
    );
    let off = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("--quiet"),
            OsStr::new("--no-patterns"),
            input.as_os_str(),
        ],
        None,
    );
    off.assert_code(0);
    assert!(
        !entities(&off.records()).any(|(_, e)| e.source == Source::Pattern),
        "--no-patterns turns pattern names off"
    );
    let default = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("--quiet"),
            input.as_os_str(),
        ],
        None,
    );
    default.assert_code(0);
    // --patterns is still accepted, and changes nothing.
    let old_flag = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("--quiet"),
            OsStr::new("--patterns"),
            input.as_os_str(),
        ],
        None,
    );
    old_flag.assert_code(0);
    assert_eq!(old_flag.stdout_str(), default.stdout_str());
    let records = parse_lines::<Record>(default.stdout_str(), "default output");
    let pattern: Vec<(&str, &str)> = entities(&records)
        .filter(|(_, e)| e.source == Source::Pattern)
        .map(|(r, _)| (r.type_name(), &*r.text))
        .collect();
    assert!(pattern.contains(&("PERSON", "Khim Bunsong")), "{pattern:?}");
    assert!(
        pattern.contains(&("ORG", "Ministry of Ocean Affairs")),
        "{pattern:?}"
    );
    // Pattern names link through the document too: the full name again, and its short form.
    let bunsong: Vec<(&str, Option<ResolvedBy>, &str)> = entities(&records)
        .filter(|(r, _)| r.text.contains("Bunsong"))
        .map(|(r, e)| (&*r.text, e.resolved_by, &*e.id))
        .collect();
    assert_eq!(
        bunsong,
        [
            ("Khim Bunsong", None, "person:khim-bunsong"),
            (
                "Bunsong",
                Some(ResolvedBy::ShortForm),
                "person:khim-bunsong"
            ),
            ("Khim Bunsong", None, "person:khim-bunsong"),
        ]
    );
    let kheng: Vec<Option<ResolvedBy>> = records
        .iter()
        .filter(|r| r.text == "Kheng")
        .map(|r| r.entity().and_then(|e| e.resolved_by))
        .collect();
    assert_eq!(
        kheng,
        [Some(ResolvedBy::ShortForm)],
        "Kheng after Sar Kheng links by short form"
    );
}

// ---------------------------------------------------------------------------------------------
// Nested fields
// ---------------------------------------------------------------------------------------------

/// The `time` of each number record, by its text, in order.
fn times(records: &[Record]) -> Vec<(String, Option<String>)> {
    numbers(records)
        .map(|(r, n)| {
            (
                r.text.to_string(),
                n.time.as_ref().map(|t| t.start.to_string()),
            )
        })
        .collect()
}

#[test]
fn dotted_field_paths_read_the_id_text_and_date_inside_objects() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        &dir.path().join("nested.jsonl"),
        concat!(
            r#"{"meta": {"uid": "n1", "source": "wire"}, "body": {"text": "Police rescued 42 women in October. Officials said 300 workers were deported last month."}, "published": {"at": "2022-03-14T08:00:00Z"}}"#,
            "\n",
            // A top-level field named the whole path wins.
            r#"{"meta.uid": "n2", "meta": {"uid": "not this"}, "body": {"text": "Police arrested 7 men last month."}, "published": {"at": "2022-12-01"}}"#,
            "\n",
        ),
    );
    let paths = [
        "--text-field",
        "body.text",
        "--id-field",
        "meta.uid",
        "--date-field",
        "published.at",
    ];
    let with_date = tonle(
        ["extract", "-q"]
            .into_iter()
            .chain(paths)
            .chain([harness::arg(&input).as_str()]),
        None,
    );
    with_date.assert_code(0);
    let records = with_date.records();
    assert_eq!(doc_runs(&records), ["n1", "n2"], "{}", with_date.describe());
    let n1: Vec<Record> = records.iter().filter(|r| r.doc == "n1").cloned().collect();
    let n2: Vec<Record> = records.iter().filter(|r| r.doc == "n2").cloned().collect();
    // Offsets index the nested text.
    check_slices(&records, |doc| {
        match doc {
        "n1" => "Police rescued 42 women in October. Officials said 300 workers were deported last month.".into(),
        _ => "Police arrested 7 men last month.".into(),
    }
    });
    // Relative times resolved against the nested date: October before March 2022 is 2021's.
    let owned = |v: &[(&str, Option<&str>)]| -> Vec<(String, Option<String>)> {
        v.iter()
            .map(|(t, d)| (t.to_string(), d.map(str::to_string)))
            .collect()
    };
    assert_eq!(
        times(&n1),
        owned(&[("42", Some("2021-10")), ("300", Some("2022-02"))]),
        "{}",
        with_date.describe()
    );
    assert_eq!(times(&n2), owned(&[("7", Some("2022-11"))]));
    // The top-level fields the id and date paths lead into stay whole in meta; the text's
    // object goes, as the text was all it held (the records do not repeat the article).
    let meta: Value = serde_json::from_str(n1[0].meta.as_deref().unwrap().get()).unwrap();
    let keys: BTreeSet<&str> = meta
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, BTreeSet::from(["meta", "published"]));
    assert_eq!(meta["published"]["at"], "2022-03-14T08:00:00Z");
    assert!(!n1[0].meta.as_deref().unwrap().get().contains("Police"));

    // Without --date-field the document has no publication date: a month has no year and
    // "last month" is not resolved.
    let without = tonle(
        ["extract", "-q"]
            .into_iter()
            .chain(paths[..4].iter().copied())
            .chain([harness::arg(&input).as_str()]),
        None,
    );
    without.assert_code(0);
    let records = without.records();
    let n1: Vec<Record> = records.iter().filter(|r| r.doc == "n1").cloned().collect();
    assert_eq!(times(&n1), owned(&[("42", Some("--10")), ("300", None)]));
}

#[test]
fn a_dotted_path_through_a_non_object_is_reported_with_its_line() {
    let input = concat!(
        r#"{"body": "a string, not an object", "meta": {"uid": "n1"}}"#,
        "\n",
        r#"{"body": {"text": "Police rescued 42 women."}, "meta": ["n2"], "published": {"at": 2022}}"#,
        "\n",
    );
    let run = tonle(
        [
            "extract",
            "-q",
            "--text-field",
            "body.text",
            "--id-field",
            "meta.uid",
            "--date-field",
            "published.at.day",
            "-",
        ],
        Some(input.as_bytes()),
    );
    run.assert_code(1)
        .assert_stderr(
            "skipped: <stdin>:1: the text path \"body.text\" leads nowhere: \"body\" is a \
             string, not an object; a dotted --text-field",
        )
        .assert_stderr(
            "warning: <stdin>:2: the id path \"meta.uid\" leads nowhere: \"meta\" is an array",
        )
        .assert_stderr("warning: <stdin>:2: the date path \"published.at.day\" leads nowhere");
    let records = run.records();
    assert_eq!(doc_runs(&records), ["<stdin>:2"], "{}", run.describe());
}

#[test]
fn venues_foreign_bodies_and_shared_communes_resolve_by_their_context() {
    // Original sentences; the names are the shipped lists' (kh-towns.tsv, kh-units.tsv,
    // kh-organizations.tsv, world-countries.tsv).
    let docs = [
        (
            "venue",
            "Officers searched the Moc Bai Casino in Bavet at dawn and freed 31 workers.",
        ),
        (
            "ministries",
            "Vietnam's foreign ministry said 12 of its citizens were sent home.\n\n\
             Thailand’s Ministry of Interior declined to comment, and China's embassy said \
             nothing. Cambodia's foreign ministry said talks would go on.\n\n\
             “All of them will be home by Friday,” Vietnam's foreign ministry added.",
        ),
        (
            "demonyms",
            "The Thai foreign ministry and the Foreign Ministry of Thailand both wrote; the \
             Cambodian foreign ministry did not.",
        ),
        (
            "province",
            "Nine families in Samraong commune, Kampong Cham province, lost their rice.",
        ),
        (
            "district",
            "Floods reached Samraong commune in Soutr Nikom district on Friday.",
        ),
        (
            "both",
            "A school in Samraong commune, Svay Antor district, Prey Veng province, closed.",
        ),
        (
            "within",
            "In Samraong commune in Soutr Nikom district, 40 families lost their homes.",
        ),
    ];
    let mut input = String::new();
    for (id, text) in docs {
        input.push_str(&json_line(&[("id", id.into()), ("text", text.into())]));
    }
    let run = tonle(["extract", "-q", "-"], Some(input.as_bytes()));
    run.assert_code(0);
    let records = run.records();
    let entity_ids = |doc: &str| -> Vec<(String, String)> {
        entities(&records)
            .filter(|(r, _)| r.doc == doc)
            .map(|(r, e)| (r.text.to_string(), e.id.to_string()))
            .collect()
    };
    let owned = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };

    // The casino's name is no mention of the Vietnamese town; its count is in Bavet.
    assert_eq!(entity_ids("venue"), owned(&[("Bavet", "KH-2008")]));
    let (_, freed) = numbers(&records)
        .find(|(r, _)| r.doc == "venue" && r.text == "31")
        .expect("the count of freed workers");
    let place = freed.place.as_ref().expect("the count's place");
    assert_eq!((&*place.id, &*place.name), ("KH-2008", "Bavet"));

    // Another country's bodies are not Cambodia's: no list id, the possessive's country.
    let ministries: Vec<(&str, &str, Source, Option<&str>)> = entities(&records)
        .filter(|(r, e)| r.doc == "ministries" && e.entity_type.as_str() == "ORG")
        .map(|(r, e)| (&*r.text, &*e.id, e.source, attr(e, "country")))
        .collect();
    assert_eq!(
        ministries,
        [
            (
                "foreign ministry",
                "org:foreign-ministry-vn",
                Source::Pattern,
                Some("VN")
            ),
            (
                "Ministry of Interior",
                "org:ministry-of-interior-th",
                Source::Pattern,
                Some("TH")
            ),
            (
                "foreign ministry",
                "org:mfaic",
                Source::Gazetteer,
                Some("KH")
            ),
            (
                "foreign ministry",
                "org:foreign-ministry-vn",
                Source::Pattern,
                Some("VN")
            ),
        ],
        "{}",
        entity_list(&records)
    );
    // Quotes of the ministries have the ids their entity records have.
    let speakers: Vec<&str> = records
        .iter()
        .filter(|r| r.doc == "ministries")
        .filter_map(|r| Some(&*r.quote()?.speaker.as_ref()?.id))
        .collect();
    assert_eq!(speakers, ["org:mfaic", "org:foreign-ministry-vn"]);
    // "X in Y", where Y holds X: the count is in X, the commune, not in its district.
    let (_, families) = numbers(&records)
        .find(|(r, _)| r.doc == "within" && r.text == "40")
        .expect("the count of families");
    let place = families.place.as_ref().expect("the count's place");
    assert_eq!((&*place.id, &*place.name), ("KH-171109", "Samraong"));

    // A demonym, or the country after "of", does the same; Cambodia's own does not.
    let bodies: Vec<(&str, &str, Option<&str>, Option<&str>)> = entities(&records)
        .filter(|(r, e)| r.doc == "demonyms" && e.entity_type.as_str() == "ORG")
        .map(|(r, e)| (&*r.text, &*e.id, attr(e, "country"), attr(e, "evidence")))
        .collect();
    assert_eq!(
        bodies,
        [
            (
                "foreign ministry",
                "org:foreign-ministry-th",
                Some("TH"),
                Some("\"Thai X\"")
            ),
            (
                "Foreign Ministry of Thailand",
                "org:foreign-ministry-of-thailand-th",
                Some("TH"),
                Some("with \"Ministry\"")
            ),
            ("Cambodian foreign ministry", "org:mfaic", Some("KH"), None),
        ],
        "{}",
        entity_list(&records)
    );

    // Samraong is a commune of ten districts: the one whose district or province the
    // sentence names.
    let commune = |doc: &str| {
        entities(&records)
            .find(|(r, _)| r.doc == doc && r.text == "Samraong commune")
            .map(|(_, e)| (e.id.to_string(), e.resolved_by))
            .unwrap_or_else(|| panic!("no Samraong commune in {doc}:\n{}", entity_list(&records)))
    };
    let by_document = Some(ResolvedBy::Document);
    assert_eq!(commune("province"), ("KH-031311".into(), by_document));
    assert_eq!(commune("district"), ("KH-171109".into(), by_document));
    // Prey Veng has two Samraong communes: the district decides between them.
    assert_eq!(commune("both"), ("KH-141309".into(), by_document));
}

#[test]
fn dash_as_output_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        &dir.path().join("a.txt"),
        "Police in Phnom Penh rescued 19 workers on Monday.\n",
    );
    // Run from the temporary directory, so that a file named "-" would land there.
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_tonle"))
        .current_dir(dir.path())
        .args(["extract", "-q", "-o", "-", &arg(&input)])
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(
        stdout.contains("\"canonical\":\"Phnom Penh\""),
        "records should go to standard output: {stdout:?}"
    );
    assert!(
        !dir.path().join("-").exists(),
        "-o - should not write a file named -"
    );
}
