//! `tonle aggregate` end to end: five invented articles (tests/fixtures/aggregate) through
//! `tonle extract --documents` and `tonle aggregate`, checked against a hand count; the same
//! tables whatever order the records come in; a broken line skipped and named.

mod harness;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use harness::{arg, repo_root, tonle, write};

fn fixture() -> PathBuf {
    repo_root().join("tests/fixtures/aggregate")
}

/// Extracts the fixture's records (with document records) into `dir/records.jsonl`.
fn extract_fixture(dir: &Path) -> PathBuf {
    let records = dir.join("records.jsonl");
    tonle(
        [
            "extract",
            "-q",
            "--documents",
            &arg(&fixture()),
            "-o",
            &arg(&records),
        ],
        None,
    )
    .assert_code(0);
    records
}

fn aggregate(inputs: &[&Path], out: &Path) -> harness::Run {
    let mut args = vec!["aggregate".to_string(), "-q".into(), "-o".into(), arg(out)];
    args.extend(inputs.iter().map(|p| arg(p)));
    tonle(args, None)
}

/// The rows of a CSV table, each a map from column to cell.
fn table(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|row| {
            let row = row.unwrap();
            headers
                .iter()
                .zip(row.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The code-point offsets at which `needle` occurs in the fixture article `doc`.
fn offsets(doc: &str, needle: &str) -> Vec<usize> {
    let text = std::fs::read_to_string(fixture().join(doc)).unwrap();
    text.match_indices(needle)
        .map(|(at, _)| text[..at].chars().count())
        .collect()
}

/// Picks `columns` of each row, joined by `|`.
fn project(rows: &[BTreeMap<String, String>], columns: &[&str]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            columns
                .iter()
                .map(|c| r[*c].as_str())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

#[test]
fn claims_and_counts_match_the_hand_count() {
    let dir = tempfile::tempdir().unwrap();
    let records = extract_fixture(dir.path());
    let out = dir.path().join("tables");
    aggregate(&[&records], &out).assert_code(0);
    let claims = table(&out.join("claims.csv"));
    // The hand count, from reading the five articles:
    // - 46 workers rescued in Siem Reap on March 1: a's headline and first paragraph (one
    //   claim told twice), b and c: one claim, three sources, four records.
    // - 153 people detained in Siem Reap (a), of whom 18 women: two claims, the 18 a part.
    // - 361 suspects arrested in Preah Sihanouk on April 10 (d) and 368 (e): the same arrests
    //   with two figures, two claims marked as conflicting with each other.
    let columns = [
        "event",
        "counted_head",
        "province",
        "value",
        "month",
        "n_sources",
        "n_records",
        "part",
        "conflicting",
    ];
    assert_eq!(
        project(&claims, &columns),
        [
            "arrest|suspect|Preah Sihanouk|361.0|2023-04|1|1|false|true",
            "arrest|suspect|Preah Sihanouk|368.0|2023-04|1|1|false|true",
            "detain|person|Siem Reap|153.0|2023-03|1|1|false|false",
            "detain|woman|Siem Reap|18.0|2023-03|1|1|true|false",
            "rescue|worker|Siem Reap|46.0|2023-03|3|4|false|false",
        ]
    );
    assert_eq!(claims[0]["conflicting_with"], claims[1]["claim"]);
    assert_eq!(claims[1]["conflicting_with"], claims[0]["claim"]);
    let rescue = &claims[4];
    let a = "a-siem-reap-rescue.txt";
    let (b, c) = ("b-siem-reap-rescue.txt", "c-siem-reap-rescue.txt");
    assert_eq!(rescue["docs"], format!("{a}; {b}; {c}"));
    // Every record of the claim leads back to its "46": a's headline and body, b, c.
    let in_a = offsets(a, "46 ");
    assert_eq!(in_a.len(), 2, "the headline and the body of a say 46");
    let refs = format!(
        "{a}:{}; {a}:{}; {b}:{}; {c}:{}",
        in_a[0],
        in_a[1],
        offsets(b, "46 ")[0],
        offsets(c, "46 ")[0]
    );
    assert_eq!(rescue["refs"], refs);
    assert_eq!(
        (
            rescue["first_published"].as_str(),
            rescue["last_published"].as_str()
        ),
        ("2023-03-02", "2023-03-05")
    );
    assert!(rescue["urls"].starts_with("https://mekong-daily.example/2023/03/02/"));

    // Each claim once; the part not added to its whole nor counted alone; of the conflicting
    // figures, equally sourced, the lower is summed and the other left out, never averaged.
    let counts = table(&out.join("counts.csv"));
    let columns = [
        "event",
        "counted_head",
        "province",
        "month",
        "total",
        "claims",
        "sources",
        "parts_left_out",
        "conflicts_left_out",
    ];
    assert_eq!(
        project(&counts, &columns),
        [
            "arrest|suspect|Preah Sihanouk|2023-04|361.0|1|1|0|1",
            "detain|person|Siem Reap|2023-03|153.0|1|1|0|0",
            "detain|woman|Siem Reap|2023-03|0.0|0|0|1|0",
            "rescue|worker|Siem Reap|2023-03|46.0|1|3|0|0",
        ]
    );
}

#[test]
fn entities_and_pairs_match_the_hand_count() {
    let dir = tempfile::tempdir().unwrap();
    let records = extract_fixture(dir.path());
    let out = dir.path().join("tables");
    aggregate(&[&records], &out).assert_code(0);
    let entities = table(&out.join("entities.csv"));
    let siem_reap = project(&entities, &["entity", "month", "mentions", "documents"]);
    // Siem Reap: a's headline, dateline and "Siem Reap province"; b's headline, dateline and
    // body; c's dateline and "Siem Reap province": 8 mentions in 3 documents, all March 2023.
    assert!(
        siem_reap.contains(&"KH-17|2023-03|8|3".to_string()),
        "{siem_reap:?}"
    );
    let pairs = table(&out.join("cooccurrence.csv"));
    let pairs = project(
        &pairs,
        &["canonical_a", "canonical_b", "sentences", "documents"],
    );
    // Chea Lina writes for Mekong Daily: named together in the bylines of a and d.
    assert!(
        pairs.contains(&"Mekong Daily|Chea Lina|2|2".to_string()),
        "{pairs:?}"
    );
    // Siem Reap and Chea Lina share a document (a) but no sentence.
    assert!(
        pairs.contains(&"Siem Reap|Chea Lina|0|1".to_string()),
        "{pairs:?}"
    );
}

#[test]
fn the_tables_are_the_same_whatever_order_the_records_come_in() {
    let dir = tempfile::tempdir().unwrap();
    let records = extract_fixture(dir.path());
    let all = std::fs::read_to_string(&records).unwrap();
    // The Preah Sihanouk articles first, then the Siem Reap ones, in files whose names sort
    // the other way round.
    let (siem_reap, sihanouk): (Vec<&str>, Vec<&str>) = all.lines().partition(|l| {
        l.contains("\"doc\":\"a-") || l.contains("\"doc\":\"b-") || l.contains("\"doc\":\"c-")
    });
    let first = write(&dir.path().join("2.jsonl"), siem_reap.join("\n") + "\n");
    let second = write(&dir.path().join("1.jsonl"), sihanouk.join("\n") + "\n");
    let whole = dir.path().join("whole");
    let split = dir.path().join("split");
    aggregate(&[&records], &whole).assert_code(0);
    aggregate(&[&first, &second], &split).assert_code(0);
    for name in ["claims", "counts", "entities", "cooccurrence"] {
        for ext in ["csv", "parquet"] {
            let file = format!("{name}.{ext}");
            let (a, b) = (
                std::fs::read(whole.join(&file)).unwrap(),
                std::fs::read(split.join(&file)).unwrap(),
            );
            assert!(a == b, "{file} differs when the records are split");
        }
    }
}

#[test]
fn parquet_tables_hold_the_rows_of_the_csv_tables() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let dir = tempfile::tempdir().unwrap();
    let records = extract_fixture(dir.path());
    let out = dir.path().join("tables");
    aggregate(&[&records], &out).assert_code(0);
    for name in ["claims", "counts", "entities", "cooccurrence"] {
        let csv = table(&out.join(format!("{name}.csv")));
        let file = std::fs::File::open(out.join(format!("{name}.parquet"))).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap();
        let mut rows = 0;
        for batch in reader {
            let batch = batch.unwrap();
            rows += batch.num_rows();
            let columns: Vec<String> = batch
                .schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect();
            let mut csv_columns: Vec<String> = csv[0].keys().cloned().collect();
            csv_columns.sort();
            let mut sorted = columns.clone();
            sorted.sort();
            assert_eq!(sorted, csv_columns, "{name}: the same columns");
        }
        assert_eq!(rows, csv.len(), "{name}: the same rows");
    }
}

#[test]
fn a_line_that_is_not_a_record_is_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let records = extract_fixture(dir.path());
    let mut text = std::fs::read_to_string(&records).unwrap();
    text.insert_str(0, "{\"not\": \"a record\"}\n");
    let broken = write(&dir.path().join("broken.jsonl"), text);
    let out = dir.path().join("tables");
    let run = aggregate(&[&broken], &out);
    run.assert_code(1)
        .assert_stderr("broken.jsonl:1: not a tonle record");
    assert_eq!(
        table(&out.join("claims.csv")).len(),
        5,
        "{}",
        run.describe()
    );
}

#[test]
fn a_missing_input_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-records.jsonl");
    aggregate(&[&missing], &dir.path().join("out"))
        .assert_code(2)
        .assert_stderr("no-such-records.jsonl: no such file or directory");
}

#[test]
fn compressed_record_files_give_the_same_tables() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let records = extract_fixture(dir.path());
    let plain = std::fs::read(&records).unwrap();
    let gz = dir.path().join("gz/records.jsonl.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&plain).unwrap();
    write(&gz, encoder.finish().unwrap());
    let zst = dir.path().join("zst/records.jsonl.zst");
    write(&zst, zstd::encode_all(&plain[..], 3).unwrap());
    let expected = dir.path().join("plain-tables");
    aggregate(&[&records], &expected).assert_code(0);
    // A compressed file given directly, and one found in a directory.
    for (input, name) in [
        (gz.clone(), "gz-tables"),
        (zst.parent().unwrap().to_path_buf(), "zst-tables"),
    ] {
        let out = dir.path().join(name);
        aggregate(&[&input], &out).assert_code(0);
        for table in ["claims.csv", "counts.csv"] {
            assert_eq!(
                std::fs::read(out.join(table)).unwrap(),
                std::fs::read(expected.join(table)).unwrap(),
                "{table} from {}",
                input.display()
            );
        }
    }
}

/// Writes the records of the JSON-lines file `records` as Parquet the way the Python package
/// writes them (one typed column per field, null where a record lacks it; JSON text for
/// `attrs`, `zones` and `meta`), into `dir/all.parquet`, and partitioned by kind as the Spark
/// job writes them (`dir/spark/kind=K/part-0.parquet`, without a `kind` column).
fn write_parquet(records: &Path, dir: &Path) {
    use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
    use serde_json::Value;
    use std::sync::Arc;

    const INTS: &[&str] = &[
        "schema_version",
        "start",
        "end",
        "sentence",
        "within",
        "parent_start",
        "repeat_of",
        "length",
        "speaker_start",
    ];
    const FLOATS: &[&str] = &["value", "low", "high"];
    const BOOLS: &[&str] = &["vague", "negated"];
    let rows: Vec<serde_json::Map<String, Value>> = std::fs::read_to_string(records)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut names: Vec<String> = Vec::new();
    for row in &rows {
        for key in row.keys() {
            if !names.contains(key) {
                names.push(key.clone());
            }
        }
    }
    let batch_of = |rows: &[&serde_json::Map<String, Value>], skip: &str| {
        let columns: Vec<(String, ArrayRef)> = names
            .iter()
            .filter(|n| n.as_str() != skip)
            .map(|n| {
                let cells = rows.iter().map(|r| r.get(n.as_str()));
                let array: ArrayRef = if INTS.contains(&n.as_str()) {
                    Arc::new(
                        cells
                            .map(|v| v.and_then(Value::as_i64))
                            .collect::<Int64Array>(),
                    )
                } else if FLOATS.contains(&n.as_str()) {
                    Arc::new(
                        cells
                            .map(|v| v.and_then(Value::as_f64))
                            .collect::<Float64Array>(),
                    )
                } else if BOOLS.contains(&n.as_str()) {
                    Arc::new(
                        cells
                            .map(|v| v.and_then(Value::as_bool))
                            .collect::<BooleanArray>(),
                    )
                } else {
                    let text = |v: &Value| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    Arc::new(cells.map(|v| v.map(text)).collect::<StringArray>())
                };
                (n.clone(), array)
            })
            .collect();
        RecordBatch::try_from_iter(columns).unwrap()
    };
    let write_batch = |path: &Path, batch: RecordBatch| {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let file = std::fs::File::create(path).unwrap();
        let mut writer = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
    };
    let all: Vec<_> = rows.iter().collect();
    write_batch(&dir.join("all.parquet"), batch_of(&all, ""));
    for kind in ["document", "entity", "number", "quote"] {
        let some: Vec<_> = rows.iter().filter(|r| r["kind"] == kind).collect();
        let path = dir.join(format!("spark/kind={kind}/part-0.parquet"));
        write_batch(&path, batch_of(&some, "kind"));
    }
}

#[test]
fn parquet_records_give_the_same_tables_as_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let records = extract_fixture(dir.path());
    write_parquet(&records, &dir.path().join("parquet"));
    let expected = dir.path().join("jsonl-tables");
    aggregate(&[&records], &expected).assert_code(0);
    // One Parquet file given directly, and a Spark job's output directory, partitioned by
    // kind (the records of a document split across files, which the claims do not mind).
    for (input, name, tables) in [
        (
            dir.path().join("parquet/all.parquet"),
            "file-tables",
            &["claims.csv", "counts.csv", "entities.csv"][..],
        ),
        (
            dir.path().join("parquet/spark"),
            "spark-tables",
            &["claims.csv", "counts.csv"][..],
        ),
    ] {
        let out = dir.path().join(name);
        aggregate(&[&input], &out).assert_code(0);
        for table in tables {
            assert_eq!(
                std::fs::read_to_string(out.join(table)).unwrap(),
                std::fs::read_to_string(expected.join(table)).unwrap(),
                "{table} from {}",
                input.display()
            );
        }
    }
}
