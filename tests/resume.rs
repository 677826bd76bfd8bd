//! End-to-end tests of `tonle extract -o FILE --resume`: runs killed (SIGKILL), terminated
//! (SIGTERM) or interrupted (SIGINT) at several points, then resumed, write the same bytes as
//! an uninterrupted run, whatever the thread counts of the runs.
//!
//! Runs are stopped at known points with the test-only hook `TONLE_TEST_PAUSE_AFTER_BATCH=K`
//! (the binary says "paused after batch K" once batch K is written and checkpointed, and
//! waits), and at unknown points by a SIGKILL after a delay. Small batches (the hidden
//! `--batch-bytes`) make many batches of a small corpus.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod harness;
use harness::{arg, send_signal, spawn_tonle, tonle, wait_for_stderr, write};

const PLACES: [&str; 8] = [
    "Poipet",
    "Svay Rieng",
    "Kampot",
    "Preah Sihanouk",
    "Bavet",
    "Kandal",
    "Battambang",
    "Phnom Penh",
];

/// An original article, different for each `i`.
fn article(i: usize) -> String {
    let place = PLACES[i % PLACES.len()];
    let other = PLACES[(i * 5 + 3) % PLACES.len()];
    format!(
        "Officers in {place} said on Tuesday that {} workers, including {} women, were \
         removed from a compound near the river after {} days of talks. The provincial \
         court in {other} heard {} cases last year, up from {} the year before, and about \
         {}% of the victims were under 25. A spokesman said ${},000 had been seized.",
        20 + i * 7 % 300,
        3 + i % 17,
        2 + i % 9,
        40 + i % 60,
        30 + i % 45,
        10 + i % 80,
        5 + i % 50
    )
}

/// A corpus of several hundred documents: a JSON-lines dump (with one broken line, so that
/// problems are part of what must come out the same), a gzipped one and text files.
fn corpus(dir: &Path) -> PathBuf {
    let root = dir.join("corpus");
    let mut lines = String::new();
    for i in 0..400 {
        lines.push_str(&serde_json::json!({"id": format!("a{i}"), "text": article(i)}).to_string());
        lines.push('\n');
        if i == 123 {
            lines.push_str("{\"id\": \"broken\", \"text\": \n");
        }
    }
    write(&root.join("a-dump.jsonl"), lines);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for i in 400..600 {
        writeln!(
            gz,
            "{}",
            serde_json::json!({"id": format!("b{i}"), "text": article(i)})
        )
        .unwrap();
    }
    write(&root.join("b-dump.jsonl.gz"), gz.finish().unwrap());
    for i in 600..640 {
        write(&root.join(format!("c/{i:03}.txt")), article(i));
    }
    root
}

struct Setup {
    _dir: tempfile::TempDir,
    corpus: PathBuf,
    out: PathBuf,
    /// The records of an uninterrupted run.
    expected: Vec<u8>,
}

fn args(s: &Setup, threads: u32, resume: bool) -> Vec<String> {
    let mut a = vec![
        "extract".to_string(),
        arg(&s.corpus),
        "-o".into(),
        arg(&s.out),
        "--quiet".into(),
        "--batch-bytes".into(),
        "3000".into(),
        "--threads".into(),
        threads.to_string(),
    ];
    if resume {
        a.push("--resume".into());
    }
    a
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let reference = dir.path().join("reference.jsonl");
    let run = tonle(
        [
            "extract",
            &arg(&corpus),
            "-o",
            &arg(&reference),
            "--quiet",
            "--threads",
            "2",
        ],
        None,
    );
    run.assert_code(1).assert_stderr("a-dump.jsonl:125");
    let expected = std::fs::read(&reference).unwrap();
    assert!(expected.len() > 300_000, "{}", expected.len());
    Setup {
        out: dir.path().join("out/records.jsonl"),
        corpus,
        expected,
        _dir: dir,
    }
}

/// The resume state next to the output (the partial file and its checkpoint).
fn state(s: &Setup) -> Vec<String> {
    let dir = s.out.parent().unwrap();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Runs until batch `k` is written, then sends `signal`; returns what the run said.
fn stop_after_batch(s: &Setup, k: u64, threads: u32, resume: bool, signal: &str) -> String {
    let k = k.to_string();
    let mut child = spawn_tonle(
        &args(s, threads, resume),
        &[("TONLE_TEST_PAUSE_AFTER_BATCH", &k)],
    );
    let mut said = wait_for_stderr(&mut child, &format!("paused after batch {k}"));
    send_signal(&child, signal);
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut rest).unwrap();
    said.push_str(&rest);
    if signal == "KILL" {
        assert_eq!(status.code(), None, "{said}");
    }
    said
}

/// Resumes to the end and checks the output is the uninterrupted run's, byte for byte.
fn resume_and_compare(s: &Setup, threads: u32) {
    let run = tonle(args(s, threads, true), None);
    // Status 1 for the broken line, even when an earlier run reported it.
    run.assert_code(1);
    let got = std::fs::read(&s.out).unwrap();
    assert!(
        got == s.expected,
        "the resumed output differs ({} bytes, expected {}){}",
        got.len(),
        s.expected.len(),
        run.describe()
    );
    assert_eq!(state(s), ["records.jsonl"], "resume state left behind");
}

#[test]
fn sigkill_after_a_batch_then_resume_writes_the_same_bytes() {
    let s = setup();
    stop_after_batch(&s, 5, 1, false, "KILL");
    assert_eq!(
        state(&s),
        [".records.jsonl.partial", ".records.jsonl.resume"]
    );
    // Killed again later, by a resumed run with another thread count.
    stop_after_batch(&s, 40, 2, true, "KILL");
    resume_and_compare(&s, 2);
}

#[test]
fn sigterm_ends_cleanly_says_how_to_resume_and_resumes() {
    let s = setup();
    let said = stop_after_batch(&s, 12, 2, false, "TERM");
    assert!(said.contains("interrupted by SIGTERM"), "{said}");
    assert!(said.contains("--resume"), "{said}");
    // No temporary file: only the documented resume state.
    assert_eq!(
        state(&s),
        [".records.jsonl.partial", ".records.jsonl.resume"]
    );
    resume_and_compare(&s, 1);
}

#[test]
fn sigint_ends_cleanly_with_status_130() {
    let s = setup();
    let k = "3";
    let mut child = spawn_tonle(&args(&s, 2, false), &[("TONLE_TEST_PAUSE_AFTER_BATCH", k)]);
    wait_for_stderr(&mut child, "paused after batch 3");
    send_signal(&child, "INT");
    assert_eq!(child.wait().unwrap().code(), Some(130));
    // A resumed run says how much it skipped (here not quiet, and interrupted again).
    let loud: Vec<String> = args(&s, 1, true)
        .into_iter()
        .filter(|a| a != "--quiet")
        .collect();
    let mut child = spawn_tonle(&loud, &[("TONLE_TEST_PAUSE_AFTER_BATCH", "40")]);
    let said = wait_for_stderr(&mut child, "paused after batch 40");
    send_signal(&child, "INT");
    child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut rest).unwrap();
    // Batches already cut when the signal came are written too: at least the 3 asked for.
    let skipped = said
        .split("resuming after ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or_else(|| panic!("{said}"));
    assert!(
        skipped >= 3 && said.contains("batches already written"),
        "{said}"
    );
    assert!(
        rest.contains(&format!("resumed: the first {skipped} batches")),
        "{rest}"
    );
    resume_and_compare(&s, 2);
}

/// How long the binary takes to start and load the shipped lists, so that the kills below
/// land while the corpus is being read whatever the build (a debug build takes a few tenths
/// of a second to compile the lists, a release build a few hundredths).
fn startup(s: &Setup) -> Duration {
    let one = s.out.parent().unwrap().with_file_name("one.jsonl");
    write(
        &one,
        "{\"id\": \"a\", \"text\": \"Officers in Kampot said so.\"}\n",
    );
    let started = Instant::now();
    tonle(["extract", "-q", &arg(&one), "-o", "/dev/null"], None).assert_code(0);
    started.elapsed()
}

#[test]
fn killed_at_unknown_moments_then_resumed_writes_the_same_bytes() {
    let s = setup();
    let startup = startup(&s);
    // Kills at several delays after start-up, each resuming the last; the run may finish
    // before the kill.
    let mut killed_midway = 0;
    for (round, delay) in [30u64, 120, 250, 60, 400].into_iter().enumerate() {
        let threads = 1 + round as u32 % 2;
        let mut child = spawn_tonle(&args(&s, threads, round > 0), &[]);
        std::thread::sleep(startup + Duration::from_millis(delay));
        let _ = child.kill();
        child.wait().unwrap();
        killed_midway += usize::from(state(&s).contains(&".records.jsonl.resume".to_string()));
    }
    assert!(killed_midway > 0, "every run ended before its kill");
    resume_and_compare(&s, 2);
}

#[test]
fn a_run_without_resume_removes_a_stale_partial_file_and_starts_over() {
    let s = setup();
    stop_after_batch(&s, 4, 2, false, "KILL");
    let run = tonle(args(&s, 2, false), None);
    run.assert_code(1)
        .assert_stderr("removed the partial output of an interrupted run");
    assert!(std::fs::read(&s.out).unwrap() == s.expected);
    assert_eq!(state(&s), ["records.jsonl"]);
}

#[test]
fn resume_refuses_other_options_and_changed_inputs() {
    let s = setup();
    stop_after_batch(&s, 4, 2, false, "KILL");
    let mut other = args(&s, 2, true);
    other.extend(["--text-field".into(), "body".into()]);
    tonle(&other, None)
        .assert_code(2)
        .assert_stderr("option --text-field: the interrupted run had text, this run has body");
    std::fs::write(s.corpus.join("c/600.txt"), "Rewritten in Kampot.").unwrap();
    tonle(args(&s, 2, true), None)
        .assert_code(2)
        .assert_stderr("cannot resume: this run differs from the interrupted one (input ")
        .assert_stderr("600.txt: the interrupted run had");
    // The state is kept for a run with the right inputs, and removed by one that starts over.
    assert_eq!(
        state(&s),
        [".records.jsonl.partial", ".records.jsonl.resume"]
    );
}

#[test]
fn resume_needs_an_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(&dir.path().join("a.jsonl"), "{\"text\": \"In Kampot.\"}\n");
    tonle(["extract", &arg(&input), "--resume"], None)
        .assert_code(2)
        .assert_stderr("--resume continues a run that wrote to -o FILE");
    // Nothing to resume: the run starts from the beginning and says so.
    let out = dir.path().join("out.jsonl");
    tonle(
        ["extract", &arg(&input), "-o", &arg(&out), "--resume"],
        None,
    )
    .assert_code(0)
    .assert_stderr("no interrupted run to resume");
    assert!(std::fs::read_to_string(&out).unwrap().contains("Kampot"));
}
