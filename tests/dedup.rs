//! End-to-end tests of near-duplicate detection: `tonle extract --documents` marks a repost
//! with `duplicate_of`, `--dedup` leaves it out, and both survive `--resume`.

use std::path::Path;

mod harness;
use harness::{arg, send_signal, spawn_tonle, tonle, wait_for_stderr, write};
use tonle::{Detail, Record};

/// A wire story of about 170 words, different for each place.
fn story(place: &str, n: usize) -> String {
    format!(
        "Police in {place} said on Tuesday they had freed {n} workers from a casino compound \
         where they had been held for months and made to run online scams against people \
         abroad. The workers, most of them young men from neighbouring countries, told \
         officers that their passports had been taken on arrival and that they were beaten \
         when they failed to meet the targets set by their bosses. A provincial official said \
         the raid followed a complaint filed by the family of one worker, who had managed to \
         send a message to relatives through a borrowed phone. Seven managers were detained \
         and will be questioned by the provincial court in {place} later this week, the \
         official said, adding that the freed workers would be sheltered by the social \
         affairs department until they could be sent home. Rights groups have urged the \
         authorities to identify the owners of the compound and to check whether local \
         officers had been paid to look away while the scheme went on for more than a year."
    )
}

/// The same story as another site runs it: its own headline, byline and footer.
fn repost(place: &str, n: usize) -> String {
    format!(
        "Workers freed from {place} scam compound\nBy Staff Reporter\n\n{}\n\nCopyright 2023 \
         Mekong Ledger. All rights reserved.",
        story(place, n)
    )
}

/// Three documents in a JSON-lines dump: an original, an unrelated story, a repost of the
/// first.
fn dump(dir: &Path) -> String {
    let lines = [
        serde_json::json!({"id": "wire-1", "text": story("Kampot", 42)}),
        serde_json::json!({"id": "other-2", "text": "The national assembly passed the \
            budget on Friday after a short debate in which the finance minister promised to \
            cut spending on roads and raise it on schools, clinics and rural water supply, \
            while opposition members asked for a public audit of the loans taken last year \
            and for the names of the firms that won the largest contracts in the provinces."}),
        serde_json::json!({"id": "repost-3", "text": repost("Kampot", 42)}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    arg(&write(&dir.join("dump.jsonl"), text))
}

fn documents(records: &[Record]) -> Vec<(String, Option<String>)> {
    records
        .iter()
        .filter_map(|r| match &r.detail {
            Detail::Document(d) => Some((
                r.doc.to_string(),
                d.duplicate_of.as_deref().map(str::to_string),
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn documents_mark_a_repost_with_its_original() {
    let dir = tempfile::tempdir().unwrap();
    let input = dump(dir.path());
    let run = tonle(["extract", "--documents", &input], None);
    run.assert_code(0).assert_stderr("1 near-duplicates");
    let records = run.records();
    assert_eq!(
        documents(&records),
        [
            ("wire-1".to_string(), None),
            ("other-2".to_string(), None),
            ("repost-3".to_string(), Some("wire-1".to_string())),
        ]
    );
    // The copy's mentions are still written, and its document record reads back whole.
    assert!(records
        .iter()
        .any(|r| r.doc == "repost-3" && r.text == "Kampot"));
    let line = run
        .stdout_str()
        .lines()
        .find(|l| l.contains(r#""doc":"repost-3","kind":"document""#))
        .unwrap();
    assert!(line.ends_with(r#","duplicate_of":"wire-1"}"#), "{line}");
}

#[test]
fn dedup_leaves_the_copy_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = dump(dir.path());
    let all = tonle(["extract", &input], None);
    let run = tonle(["extract", "--dedup", &input], None);
    run.assert_code(0).assert_stderr("1 near-duplicates");
    let docs: Vec<String> = run.records().iter().map(|r| r.doc.to_string()).collect();
    assert!(docs.iter().all(|d| d != "repost-3"), "{docs:?}");
    assert!(docs.iter().any(|d| d == "wire-1") && docs.iter().any(|d| d == "other-2"));
    // Everything else is what a run without --dedup writes.
    let kept: Vec<&str> = all
        .stdout_str()
        .lines()
        .filter(|l| !l.contains(r#""doc":"repost-3""#))
        .collect();
    assert_eq!(run.stdout_str().lines().collect::<Vec<_>>(), kept);
    // A stricter threshold than the copy's similarity keeps it.
    let strict = tonle(
        ["extract", "--dedup", "--dedup-threshold", "1", &input],
        None,
    );
    assert!(strict.records().iter().any(|r| r.doc == "repost-3"));
    let bad = tonle(["extract", "--dedup-threshold", "1.5", &input], None);
    bad.assert_code(2).assert_stderr("is not a similarity");
}

/// The original in an early batch, its copy in a late one: a run killed in between and
/// resumed still finds the copy (the batches written before are fingerprinted again).
#[test]
fn a_resumed_run_still_finds_copies_of_documents_written_before() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for i in 0..60 {
        let place = ["Takeo", "Pursat", "Kratie", "Stung Treng", "Kep"][i % 5];
        let text = match i {
            55 => repost("Kampot", 42),
            0 => story("Kampot", 42),
            // Stories of one template: many are copies of each other too, across batches.
            _ => format!(
                "{} Update {i}: {} more were found.",
                story(place, i),
                i * 13
            ),
        };
        lines.push_str(&serde_json::json!({"id": format!("d{i}"), "text": text}).to_string());
        lines.push('\n');
    }
    let input = arg(&write(&dir.path().join("dump.jsonl"), lines));
    let out = dir.path().join("out.jsonl");
    let reference = dir.path().join("reference.jsonl");
    let base = |o: &Path| {
        vec![
            "extract".to_string(),
            input.clone(),
            "--documents".into(),
            "--quiet".into(),
            "--batch-bytes".into(),
            "2000".into(),
            "-o".into(),
            arg(o),
        ]
    };
    tonle(base(&reference), None).assert_code(0);
    let expected = std::fs::read_to_string(&reference).unwrap();
    assert!(expected.contains(r#""duplicate_of":"d0"}"#));

    let mut child = spawn_tonle(&base(&out), &[("TONLE_TEST_PAUSE_AFTER_BATCH", "3")]);
    wait_for_stderr(&mut child, "paused after batch 3");
    send_signal(&child, "KILL");
    child.wait().unwrap();
    let mut resume = base(&out);
    resume.push("--resume".into());
    tonle(resume, None).assert_code(0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
}
