//! End-to-end tests of `tonle extract --shard K/N`: the outputs of shards 1/N to N/N,
//! concatenated in that order, are byte for byte one unsharded run's output, for any N and
//! thread count, over a mix of inputs (text files, a JSON-lines dump with a broken line, a
//! gzipped dump, an HTML page).

use std::path::{Path, PathBuf};

mod harness;
use harness::{arg, tonle, write};

const PLACES: [&str; 6] = [
    "Poipet",
    "Svay Rieng",
    "Kampot",
    "Preah Sihanouk",
    "Bavet",
    "Battambang",
];

/// An original article, different for each `i`.
fn article(i: usize) -> String {
    let place = PLACES[i % PLACES.len()];
    format!(
        "Police in {place} said {} people, including {} women, were taken from a building \
         on the edge of town on Friday. Officials said {} suspects would face charges.",
        10 + i * 3,
        1 + i % 7,
        2 + i % 5
    )
}

fn corpus(dir: &Path) -> PathBuf {
    let root = dir.join("corpus");
    let mut lines = String::new();
    for i in 0..40 {
        let line = serde_json::json!({"id": format!("j{i}"), "text": article(i)});
        lines.push_str(&format!("{line}\n"));
        if i == 17 {
            lines.push_str("{\"id\": \"broken\", \"text\": \n");
        }
    }
    write(&root.join("b-dump.jsonl"), lines);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for i in 40..60 {
        let line = serde_json::json!({"id": format!("z{i}"), "text": article(i)});
        std::io::Write::write_all(&mut gz, format!("{line}\n").as_bytes()).unwrap();
    }
    write(&root.join("c-dump.jsonl.gz"), gz.finish().unwrap());
    for i in 60..67 {
        write(&root.join(format!("a-text/{i}.txt")), article(i));
    }
    let page = format!(
        "<html><head><title>Raid</title></head><body><article><h1>Raid</h1><p>{}</p>\
         <p>{}</p></article></body></html>",
        article(70),
        article(71)
    );
    write(&root.join("d-page.html"), page);
    root
}

fn extract(corpus: &Path, extra: &[&str]) -> (Vec<u8>, String) {
    let mut args = vec!["extract".to_string(), arg(corpus), "--documents".into()];
    args.extend(extra.iter().map(|a| a.to_string()));
    let run = tonle(&args, None);
    // The broken line makes every run that reads it exit 1; the others exit 0.
    assert!(
        matches!(run.code, Some(0 | 1)),
        "{}\n{}",
        run.describe(),
        run.stderr
    );
    (run.stdout, run.stderr)
}

#[test]
fn shards_concatenated_in_order_are_one_runs_output() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let (whole, _) = extract(&corpus, &["--threads", "2"]);
    assert!(whole.len() > 10_000, "the corpus gives records");
    for count in [1, 2, 3, 7, 80] {
        let mut joined = Vec::new();
        for index in 1..=count {
            let threads = if index % 2 == 0 { "1" } else { "2" };
            let shard = format!("{index}/{count}");
            let (out, stderr) = extract(&corpus, &["--shard", &shard, "--threads", threads]);
            assert!(stderr.contains(&format!("shard {shard}")), "{stderr}");
            joined.extend(out);
        }
        assert!(
            joined == whole,
            "the {count} shards joined differ from the whole run"
        );
    }
}

#[test]
fn a_shard_takes_consecutive_documents_and_an_empty_shard_writes_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let (first, stderr) = extract(&corpus, &["--shard", "1/4"]);
    // 7 text files + 41 lines + 20 lines + 1 page = 69 units; the first shard has 17.
    assert!(stderr.contains("documents 1 to 17 of 69"), "{stderr}");
    let docs: Vec<String> = String::from_utf8(first)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["kind"] == "document")
        .map(|r| r["doc"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = (60..67)
        .map(|i| format!("a-text/{i}.txt"))
        .chain((0..10).map(|i| format!("j{i}")))
        .collect();
    assert_eq!(docs, expected);

    let out = dir.path().join("part-1.jsonl");
    write(&out, "old records\n");
    let run = tonle(
        [
            "extract".to_string(),
            arg(&corpus),
            "--shard".into(),
            "1/80".into(),
            "-o".into(),
            arg(&out),
        ],
        None,
    );
    run.assert_code(0)
        .assert_stderr("no documents (the inputs hold 69)");
    assert_eq!(std::fs::read(&out).unwrap(), b"");
}

#[test]
fn bad_shards_and_standard_input_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    tonle(["extract", &arg(&corpus), "--shard", "0/4"], None)
        .assert_code(2)
        .assert_stderr("numbered from 1 to 4");
    tonle(["extract", &arg(&corpus), "--shard", "half"], None)
        .assert_code(2)
        .assert_stderr("write K/N");
    tonle(
        ["extract", "-", "--shard", "1/2"],
        Some(b"{\"id\":\"a\",\"text\":\"x\"}\n"),
    )
    .assert_code(2)
    .assert_stderr("cannot cut standard input");
    let missing = dir.path().join("missing");
    tonle(
        ["extract", &arg(&corpus), &arg(&missing), "--shard", "1/2"],
        None,
    )
    .assert_code(2)
    .assert_stderr("every shard of a sharded run needs all the inputs");
}
