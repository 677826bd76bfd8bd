//! End-to-end tests of the compiled gazetteer cache: `tonle gazetteer compile` writes one,
//! `tonle extract --gazetteer FILE.tonlegaz` (and the other commands) read it and give the same
//! records as the lists it was compiled from, and a stale, damaged or misused cache is refused
//! with an error that names the file and says what to do.

use std::path::{Path, PathBuf};

mod harness;
use harness::{parse_lines, repo_root, Run};
use tonle::Record;

fn tonle<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    harness::tonle(args, None)
}

fn p(path: &Path) -> String {
    path.display().to_string()
}

/// A list with Latin and Khmer-script names, exact-case entries, and an id that adds an alias
/// to a shipped entry.
const LIST: &str = "\
# Test list for the compiled cache.
id\ttype\tname\taliases\tcase\tkind\tcountry
TH-74\tPLACE\tSamut Sakhon\tSamut Sakhon province|Mahachai|สมุทรสาคร\t\tprovince\tTH
org:angkor-wire\tORG\tAngkor Wire\t\t\tmedia\tKH
person:sokhom\tPERSON\tSokhom\t\texact\t\tKH
KH-12\tPLACE\tPhnom Penh\tPhnum Penh|ក្រុងភ្នំពេញ\t\t\t
place:march\tPLACE\tMarch\t\t\tvillage\tKH
";

/// Writes the test list and a JSON-lines document that names its entries into `dir`.
fn setup(dir: &Path) -> (PathBuf, PathBuf) {
    let lists = dir.join("lists");
    std::fs::create_dir_all(&lists).unwrap();
    std::fs::write(lists.join("test.tsv"), LIST).unwrap();
    let doc = dir.join("extra.jsonl");
    let text = "Sokhom said workers sent from Phnum Penh to Mahachai in Samut Sakhon province \
                told Angkor Wire (not SOKHOM, not sokhom) that ក្រុងភ្នំពេញ and สมุทรสาคร were \
                in March; march, MARCH.";
    let line = serde_json::json!({"id": "x1", "text": text, "date": "2024-01-02"});
    std::fs::write(&doc, format!("{line}\n")).unwrap();
    (lists, doc)
}

#[test]
fn compiled_lists_give_byte_identical_records() {
    let dir = tempfile::tempdir().unwrap();
    let (lists, doc) = setup(dir.path());
    let corpus = repo_root().join("corpus");
    for with_defaults in [true, false] {
        let cache = dir.path().join(format!("lists-{with_defaults}.tonlegaz"));
        let mut compile = vec![
            "gazetteer".to_string(),
            "compile".into(),
            "--gazetteer".into(),
            p(&lists),
            "-o".into(),
            p(&cache),
        ];
        let mut extract_opts = vec![];
        if !with_defaults {
            compile.push("--no-default-gazetteers".into());
            extract_opts.push("--no-default-gazetteers".to_string());
        }
        tonle(&compile)
            .assert_code(0)
            .assert_stderr("tonle: compiled ")
            .assert_stderr(&format!("wrote {}", p(&cache)));
        assert!(cache.is_file());

        let run = |gazetteer: &Path, out: &Path| {
            let mut args = vec!["extract".to_string(), "--quiet".into()];
            args.extend(extract_opts.iter().cloned());
            args.extend([
                "--gazetteer".into(),
                p(gazetteer),
                "-o".into(),
                p(out),
                p(&corpus),
                p(&doc),
            ]);
            tonle(&args).assert_code(0);
            std::fs::read(out).unwrap()
        };
        let from_lists = run(&lists, &dir.path().join("from-lists.jsonl"));
        let from_cache = run(&cache, &dir.path().join("from-cache.jsonl"));
        assert!(
            from_lists == from_cache,
            "records differ between the lists and their compiled cache (defaults: {with_defaults})"
        );
        let text = String::from_utf8(from_cache).unwrap();
        let records: Vec<Record> = parse_lines(&text, "the records from the cache");
        let texts: Vec<&str> = records.iter().map(|r| &*r.text).collect();
        for needle in [
            "Sokhom",
            "Mahachai",
            "Samut Sakhon province",
            "Angkor Wire",
            "ក្រុងភ្នំពេញ",
            "สมุทรสาคร",
            "March",
        ] {
            assert!(texts.contains(&needle), "no record with text {needle:?}");
        }
        // Exact case: "Sokhom" (case=exact) and "March" (a common word) never match otherwise.
        for absent in ["SOKHOM", "sokhom", "march", "MARCH"] {
            assert!(!texts.contains(&absent), "a record with text {absent:?}");
        }
        if with_defaults {
            // The shipped lists came along: a shipped place of the sample corpus.
            assert!(
                records
                    .iter()
                    .any(|r| r.entity().is_some_and(|e| e.id == "KH-18")),
                "no shipped entry"
            );
        }

        // The other commands read it too.
        let mut explain = vec!["gazetteer".to_string(), "explain".into()];
        explain.extend(extract_opts.iter().cloned());
        explain.extend([
            "--gazetteer".into(),
            p(&cache),
            "Workers in Mahachai.".into(),
        ]);
        let run = tonle(&explain);
        run.assert_code(0);
        let out = String::from_utf8_lossy(&run.stdout);
        assert!(out.contains("TH-74 PLACE"), "{}", run.describe());
    }
}

#[test]
fn stale_damaged_and_misused_caches_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (lists, doc) = setup(dir.path());
    let list = lists.join("test.tsv");
    let cache = dir.path().join("lists.tonlegaz");
    tonle(&[
        "gazetteer",
        "compile",
        "--no-default-gazetteers",
        "--gazetteer",
        &p(&list),
        "-o",
        &p(&cache),
    ])
    .assert_code(0);
    let extract = |gazetteer: &Path, more: &[&str]| {
        let mut args = vec![
            "extract".to_string(),
            "--quiet".into(),
            "--gazetteer".into(),
            p(gazetteer),
            "-o".into(),
            "/dev/null".into(),
        ];
        args.extend(more.iter().map(|s| s.to_string()));
        args.push(p(&doc));
        tonle(&args)
    };
    extract(&cache, &["--no-default-gazetteers"]).assert_code(0);

    // Compiled without the shipped lists, asked for them.
    extract(&cache, &[])
        .assert_code(2)
        .assert_stderr(&p(&cache))
        .assert_stderr("add --no-default-gazetteers");
    // Combined with another list.
    extract(
        &cache,
        &["--no-default-gazetteers", "--gazetteer", &p(&list)],
    )
    .assert_code(2)
    .assert_stderr("compile them together");

    // Damaged: one byte changed in the middle; cut short.
    let bytes = std::fs::read(&cache).unwrap();
    let damaged = dir.path().join("damaged.tonlegaz");
    let mut b = bytes.clone();
    let mid = b.len() / 2;
    b[mid] ^= 0x55;
    std::fs::write(&damaged, &b).unwrap();
    extract(&damaged, &["--no-default-gazetteers"])
        .assert_code(2)
        .assert_stderr(&format!(
            "{}: this compiled gazetteer is damaged",
            p(&damaged)
        ))
        .assert_stderr("run `tonle gazetteer compile` again");
    let cut = dir.path().join("cut.tonlegaz");
    std::fs::write(&cut, &bytes[..bytes.len() - 100]).unwrap();
    extract(&cut, &["--no-default-gazetteers"])
        .assert_code(2)
        .assert_stderr(&format!("{}: this compiled gazetteer is damaged", p(&cut)));

    // Another format version (the four bytes after the magic).
    let old = dir.path().join("old.tonlegaz");
    let mut b = bytes.clone();
    b[8] = b[8].wrapping_add(1);
    std::fs::write(&old, &b).unwrap();
    extract(&old, &["--no-default-gazetteers"])
        .assert_code(2)
        .assert_stderr("written by another version of tonle")
        .assert_stderr("run `tonle gazetteer compile` again");

    // A .tonlegaz file that is not one.
    let fake = dir.path().join("fake.tonlegaz");
    std::fs::write(&fake, LIST).unwrap();
    extract(&fake, &["--no-default-gazetteers"])
        .assert_code(2)
        .assert_stderr("not a compiled gazetteer");

    // The list changed after compiling: stale.
    std::fs::write(
        &list,
        format!("{LIST}place:new\tPLACE\tNew Town\t\t\ttown\tKH\n"),
    )
    .unwrap();
    extract(&cache, &["--no-default-gazetteers"])
        .assert_code(2)
        .assert_stderr("stale")
        .assert_stderr(&p(&list))
        .assert_stderr("run `tonle gazetteer compile` again");

    // check and compile refuse a compiled gazetteer as input.
    tonle(&["gazetteer", "check", &p(&cache)])
        .assert_code(2)
        .assert_stderr("cannot be checked");
    tonle(&[
        "gazetteer",
        "compile",
        "--gazetteer",
        &p(&cache),
        "-o",
        &p(&dir.path().join("again.tonlegaz")),
    ])
    .assert_code(2)
    .assert_stderr("already a compiled gazetteer");
}
