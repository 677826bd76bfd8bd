//! The catalog of bad inputs (docs/errors.md), one end-to-end test per entry, named as the
//! catalog names it: what `tonle extract` says, writes and exits with for each.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

mod harness;
use harness::{arg, tonle, write, Run};

/// A good article, original, with a place and a count.
const GOOD: &str = "Police in Kampot said 14 workers were rescued on Monday.";

fn good_line(id: &str) -> String {
    format!("{}\n", serde_json::json!({"id": id, "text": GOOD}))
}

/// `tonle extract --quiet ARGS...`.
fn extract<S: AsRef<str>>(args: &[S]) -> Run {
    let mut all = vec!["extract".to_string(), "--quiet".into()];
    all.extend(args.iter().map(|a| a.as_ref().to_string()));
    tonle(all, None)
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// The ids of the documents that gave records, in order, without repeats.
fn docs(run: &Run) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for r in run.records() {
        if ids.last().map(String::as_str) != Some(&*r.doc) {
            ids.push(r.doc.to_string());
        }
    }
    ids
}

// --- Inputs that are not there or not readable ----------------------------------------------

#[test]
fn nonexistent_input() {
    let d = temp();
    let good = write(&d.path().join("good.jsonl"), good_line("g1"));
    let run = extract(&[arg(&d.path().join("typo.jsonl")), arg(&good)]);
    run.assert_code(2)
        .assert_stderr("typo.jsonl: no such file or directory");
    assert_eq!(docs(&run), ["g1"], "the other inputs are still read");
}

#[test]
fn nonexistent_input_keeps_an_existing_output_file() {
    let d = temp();
    let keep = write(&d.path().join("keep.jsonl"), "earlier records\n");
    extract(&["typo.jsonl", "-o", &arg(&keep)])
        .assert_code(2)
        .assert_stderr("nothing could be read")
        .assert_stderr("keep.jsonl was left as it was");
    assert_eq!(std::fs::read_to_string(&keep).unwrap(), "earlier records\n");
    assert_eq!(
        std::fs::read_dir(d.path()).unwrap().count(),
        1,
        "no state left"
    );
}

#[test]
fn directory_without_readable_files() {
    let d = temp();
    write(&d.path().join("notes.md"), "# notes");
    write(&d.path().join("page.pdf"), "%PDF-1.4");
    extract(&[arg(d.path())])
        .assert_code(0)
        .assert_stderr("warning: ")
        .assert_stderr("no file tonle reads in this directory (2 other file(s))");
}

#[test]
fn unknown_file_type_given_directly() {
    let d = temp();
    let pdf = write(&d.path().join("report.pdf"), "%PDF-1.4");
    extract(&[arg(&pdf)])
        .assert_code(2)
        .assert_stderr("report.pdf: unknown input type");
}

#[test]
fn unreadable_file() {
    let d = temp();
    let locked = write(&d.path().join("locked.jsonl"), good_line("x"));
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        eprintln!("unreadable_file: skipped, this user (root?) can read a file with mode 000");
        return;
    }
    extract(&[arg(&locked)])
        .assert_code(2)
        .assert_stderr("locked.jsonl: cannot open: Permission denied");
}

#[test]
fn fifo_as_input() {
    let d = temp();
    let fifo = d.path().join("feed.jsonl");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("fifo_as_input: skipped, mkfifo is not available");
        return;
    }
    // Given directly, a FIFO is read as a stream, like standard input.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, good_line("f1")).unwrap())
    };
    let run = extract(&[arg(&fifo)]);
    writer.join().unwrap();
    run.assert_code(0);
    assert_eq!(docs(&run), ["f1"]);
    // Inside a directory it is not opened (it could block forever): ignored like other
    // files tonle does not read.
    let run = tonle(["extract", &arg(d.path())], None);
    run.assert_code(0).assert_stderr("no file tonle reads");
}

#[test]
fn symbolic_links_are_followed() {
    let d = temp();
    let root = d.path().join("corpus");
    write(&d.path().join("elsewhere/a.txt"), GOOD);
    std::fs::create_dir_all(&root).unwrap();
    std::os::unix::fs::symlink(d.path().join("elsewhere/a.txt"), root.join("linked.txt")).unwrap();
    std::os::unix::fs::symlink(d.path().join("elsewhere"), root.join("dir")).unwrap();
    let run = extract(&[arg(&root)]);
    run.assert_code(0);
    assert_eq!(docs(&run), ["dir/a.txt", "linked.txt"]);
}

#[test]
fn symbolic_link_loop() {
    let d = temp();
    let root = d.path().join("corpus");
    write(&root.join("sub/a.txt"), GOOD);
    std::os::unix::fs::symlink(&root, root.join("sub/back")).unwrap();
    let run = extract(&[arg(&root)]);
    run.assert_code(1)
        .assert_stderr("sub/back: a symbolic link loop: this link leads back to");
    assert_eq!(docs(&run), ["sub/a.txt"]);
}

// --- Files that are not text -----------------------------------------------------------------

#[test]
fn binary_file() {
    let d = temp();
    // An executable renamed .txt: read the test binary itself.
    let exe = d.path().join("program.txt");
    std::fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
    let run = extract(&[arg(&exe)]);
    run.assert_code(2)
        .assert_stderr("program.txt: not text: a NUL byte at byte offset");
    assert!(run.stdout.is_empty());
}

#[test]
fn nul_bytes() {
    let d = temp();
    let bad = write(&d.path().join("a.jsonl"), b"{\"text\": \"x\"}\n\0\0\0\0");
    let good = write(&d.path().join("b.jsonl"), good_line("b1"));
    let run = extract(&[arg(&bad), arg(&good)]);
    run.assert_code(1)
        .assert_stderr("a.jsonl: not text: a NUL byte at byte offset 14");
    assert_eq!(docs(&run), ["b1"]);
}

#[test]
fn utf16_text() {
    let d = temp();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in GOOD.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let file = write(&d.path().join("win.txt"), bytes);
    extract(&[arg(&file)])
        .assert_code(2)
        .assert_stderr("win.txt: not text: it starts with a UTF-16 byte-order mark")
        .assert_stderr("iconv -f UTF-16 -t UTF-8");
}

#[test]
fn invalid_utf8() {
    let d = temp();
    // Latin-1: "Sihanoukville's café" with é as one byte.
    let file = write(
        &d.path().join("latin1.txt"),
        b"In Kampot a caf\xe9 was raided.",
    );
    let run = extract(&[arg(&file)]);
    run.assert_code(0)
        .assert_stderr("warning: ")
        .assert_stderr("invalid UTF-8 at byte offset 15 of the file");
    assert!(run.records().iter().any(|r| r.text == "Kampot"));
}

#[test]
fn utf8_byte_order_mark_in_json_lines() {
    let d = temp();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(good_line("first").as_bytes());
    bytes.extend(good_line("second").as_bytes());
    let file = write(&d.path().join("bom.jsonl"), bytes);
    let run = extract(&[arg(&file)]);
    run.assert_code(0);
    assert_eq!(docs(&run), ["first", "second"]);
}

#[test]
fn utf8_byte_order_mark_in_text() {
    let d = temp();
    let file = write(&d.path().join("bom.txt"), format!("\u{FEFF}{GOOD}"));
    let run = extract(&[arg(&file)]);
    run.assert_code(0);
    // Offsets index the text after the mark: "Kampot" is at code point 10, as in GOOD.
    let kampot = run
        .records()
        .into_iter()
        .find(|r| r.text == "Kampot")
        .unwrap();
    assert_eq!((kampot.start, kampot.end), (10, 16));
}

#[test]
fn crlf_line_ends() {
    let d = temp();
    let jsonl = write(
        &d.path().join("win.jsonl"),
        format!(
            "{}\r\n{}\r\n",
            good_line("a").trim_end(),
            good_line("b").trim_end()
        ),
    );
    let txt = write(
        &d.path().join("win.txt"),
        "Title\r\nPolice in Kampot said 14.\r\n",
    );
    let run = extract(&[arg(&jsonl), arg(&txt)]);
    run.assert_code(0);
    assert_eq!(docs(&run), ["a", "b", "win.txt"]);
    // In a text file the \r is part of the text as read, and counted in offsets.
    let kampot = run
        .records()
        .into_iter()
        .rfind(|r| r.text == "Kampot")
        .unwrap();
    assert_eq!(kampot.start, 17);
}

// --- JSON lines that are not what tonle reads --------------------------------------------------

#[test]
fn empty_file() {
    let d = temp();
    let jsonl = write(&d.path().join("empty.jsonl"), "");
    let txt = write(&d.path().join("empty.txt"), "");
    let run = extract(&[arg(&jsonl), arg(&txt)]);
    run.assert_code(0);
    assert!(run.stdout.is_empty());
}

#[test]
fn empty_json_lines() {
    let d = temp();
    let file = write(
        &d.path().join("gaps.jsonl"),
        format!("\n   \n{}\t\n{}", good_line("a"), "{}\n"),
    );
    let run = extract(&[arg(&file)]);
    // Blank lines are skipped silently; line numbers still count them.
    run.assert_code(1)
        .assert_stderr("gaps.jsonl:5: no \"text\" field");
    assert_eq!(docs(&run), ["a"]);
}

#[test]
fn json_line_that_is_an_array() {
    let d = temp();
    let file = write(
        &d.path().join("a.jsonl"),
        format!("[\"id\", \"text\"]\n{}", good_line("ok")),
    );
    let run = extract(&[arg(&file)]);
    run.assert_code(1)
        .assert_stderr("a.jsonl:1: not a valid JSON object");
    assert_eq!(docs(&run), ["ok"]);
}

#[test]
fn malformed_json_line() {
    let d = temp();
    let file = write(
        &d.path().join("a.jsonl"),
        format!(
            "{{\"id\": \"x\", \"text\": \"unterminated\n{}",
            good_line("ok")
        ),
    );
    let run = extract(&[arg(&file)]);
    run.assert_code(1)
        .assert_stderr("a.jsonl:1: not a valid JSON object (EOF while parsing");
    assert_eq!(docs(&run), ["ok"]);
}

#[test]
fn missing_text_field() {
    let d = temp();
    let file = write(
        &d.path().join("a.jsonl"),
        "{\"id\": \"x\", \"body\": \"In Kampot.\"}\n",
    );
    extract(&[arg(&file)])
        .assert_code(1)
        .assert_stderr("a.jsonl:1: no \"text\" field")
        .assert_stderr("--text-field");
}

#[test]
fn text_field_not_a_string() {
    let d = temp();
    let file = write(&d.path().join("a.jsonl"), "{\"text\": [\"In Kampot.\"]}\n");
    extract(&[arg(&file)])
        .assert_code(1)
        .assert_stderr("the \"text\" field is an array, not a string");
}

#[test]
fn non_string_id() {
    let d = temp();
    let lines = [
        serde_json::json!({"id": 17, "text": GOOD}),
        serde_json::json!({"id": {"n": 1}, "text": GOOD}),
        serde_json::json!({"id": "", "text": GOOD}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let file = write(&d.path().join("ids.jsonl"), text);
    let run = extract(&[arg(&file)]);
    run.assert_code(0);
    // A number is its digits; anything else is replaced by where the line is.
    let ids = docs(&run);
    assert_eq!(ids[0], "17");
    assert!(
        ids[1].ends_with("ids.jsonl:2") && ids[2].ends_with("ids.jsonl:3"),
        "{ids:?}"
    );
}

#[test]
fn duplicate_ids() {
    let d = temp();
    let file = write(
        &d.path().join("dup.jsonl"),
        [good_line("a"), good_line("b"), good_line("a")].concat(),
    );
    let run = tonle(["extract", &arg(&file)], None);
    run.assert_code(0)
        .assert_stderr("warning: ")
        .assert_stderr("dup.jsonl:3: the document id \"a\" was used by an earlier document");
    assert_eq!(docs(&run), ["a", "b", "a"], "both are still extracted");
}

#[test]
fn deep_json_nesting() {
    let d = temp();
    let deep = format!(
        "{{\"text\": \"{GOOD}\", \"meta\": {}{}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let file = write(
        &d.path().join("deep.jsonl"),
        format!("{deep}{}", good_line("ok")),
    );
    let run = extract(&[arg(&file)]);
    run.assert_code(1)
        .assert_stderr("deep.jsonl:1: the \"meta\" field is nested more than 128 levels deep");
    assert_eq!(docs(&run), ["ok"]);
}

#[test]
fn very_long_line() {
    let d = temp();
    // 4 MB of text on one line, far above any article and far below the limit.
    let text = GOOD.repeat(4_000_000 / GOOD.len());
    let file = write(
        &d.path().join("long.jsonl"),
        format!("{}\n", serde_json::json!({"id": "long", "text": text})),
    );
    let run = extract(&[arg(&file)]);
    run.assert_code(0);
    let kampots = run.records().iter().filter(|r| r.text == "Kampot").count();
    assert_eq!(kampots, 4_000_000 / GOOD.len());
}

#[test]
fn document_over_the_size_limit() {
    let d = temp();
    let big = serde_json::json!({"id": "big", "text": GOOD.repeat(100)});
    let file = write(
        &d.path().join("a.jsonl"),
        format!("{}{big}\n{}", good_line("before"), good_line("after")),
    );
    let run = extract(&[arg(&file), "--max-document-size".into(), "2kB".into()]);
    run.assert_code(1)
        .assert_stderr("a.jsonl:2: the line is larger than the per-document limit of 2000 bytes")
        .assert_stderr("--max-document-size raises the limit");
    assert_eq!(docs(&run), ["before", "after"]);
}

#[test]
fn number_too_large_for_json() {
    let d = temp();
    let text = format!(
        "Officials in Kampot counted {} grains of sand.",
        "9".repeat(400)
    );
    let file = write(&d.path().join("big.txt"), text);
    let run = extract(&[arg(&file)]);
    run.assert_code(0);
    let out = run.stdout_str();
    assert!(!out.contains("null"), "{out}");
    let huge = run
        .json_records()
        .into_iter()
        .find(|r| r["text"].as_str().is_some_and(|t| t.len() == 400))
        .expect("the long number is a record");
    assert!(huge.get("value").is_none(), "{huge}");
}

// --- Compressed files --------------------------------------------------------------------------

#[test]
fn decompression_bomb() {
    let d = temp();
    // 2 GB of text in a 3 MB file: one gzip member of 1 MB of words, repeated (a reader must
    // decompress members one after another).
    let member = gzip("word ".repeat(200_000).as_bytes());
    let mut bomb = Vec::with_capacity(member.len() * 2000);
    for _ in 0..2000 {
        bomb.extend_from_slice(&member);
    }
    let file = write(&d.path().join("bomb.txt.gz"), bomb);
    let good = write(&d.path().join("good.txt"), GOOD);
    let run = extract(&[arg(&file), arg(&good)]);
    run.assert_code(1).assert_stderr(
        "bomb.txt.gz: the file is larger than the per-document limit of 50 MB; skipped",
    );
    assert_eq!(docs(&run), ["good.txt"]);
}

#[test]
fn decompression_bomb_of_zeros() {
    let d = temp();
    let member = gzip(&vec![0u8; 1 << 20]);
    let bomb: Vec<u8> = std::iter::repeat_n(member, 2048).flatten().collect();
    let file = write(&d.path().join("zeros.txt.gz"), bomb);
    extract(&[arg(&file)])
        .assert_code(2)
        .assert_stderr("zeros.txt.gz: not text: a NUL byte at byte offset 0");
}

#[test]
fn truncated_gzip() {
    let d = temp();
    let lines: String = (0..3000).map(|i| good_line(&format!("n{i}"))).collect();
    let gz = gzip(lines.as_bytes());
    let file = write(&d.path().join("cut.jsonl.gz"), &gz[..gz.len() / 2]);
    let run = extract(&[arg(&file)]);
    run.assert_code(1)
        .assert_stderr("the file may be truncated or corrupt, and the rest of it was skipped");
    let n = docs(&run).len();
    assert!(n > 100 && n < 3000, "{n}");
}

#[test]
fn truncated_zstd() {
    let d = temp();
    let lines: String = (0..30000).map(|i| good_line(&format!("n{i}"))).collect();
    let zst = zstd::encode_all(lines.as_bytes(), 3).unwrap();
    let file = write(&d.path().join("cut.jsonl.zst"), &zst[..zst.len() / 2]);
    let run = extract(&[arg(&file)]);
    run.assert_code(1)
        .assert_stderr("cut.jsonl.zst:")
        .assert_stderr("truncated or corrupt");
    let n = docs(&run).len();
    assert!(n > 1000 && n < 30000, "{n}");
}

#[test]
fn corrupt_gzip_header() {
    let d = temp();
    let mut gz = gzip(good_line("a").as_bytes());
    gz[0] = b'X';
    let file = write(&d.path().join("bad.jsonl.gz"), gz);
    let good = write(&d.path().join("good.jsonl"), good_line("g"));
    let run = extract(&[arg(&file), arg(&good)]);
    run.assert_code(1)
        .assert_stderr("bad.jsonl.gz: cannot read:");
    assert_eq!(docs(&run), ["g"]);
}

// --- Where the records go ----------------------------------------------------------------------

#[test]
fn output_is_a_directory() {
    let d = temp();
    let input = write(&d.path().join("a.jsonl"), good_line("a"));
    extract(&[arg(&input), "-o".into(), arg(d.path())])
        .assert_code(2)
        .assert_stderr("it is a directory; -o needs a file name");
}

#[test]
fn full_disk_on_standard_output() {
    let d = temp();
    let input = write(&d.path().join("a.jsonl"), good_line("a"));
    let full = std::fs::File::create("/dev/full");
    let Ok(full) = full else {
        eprintln!("full_disk_on_standard_output: skipped, no /dev/full here");
        return;
    };
    let out = Command::new(harness::TONLE)
        .args(["extract", "--quiet", &arg(&input)])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
}

/// A small tmpfs, unmounted when dropped; `None` when this user cannot mount one.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(dir: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(dir.to_path_buf()))
    }

    fn grow(&self, size: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn full_disk_then_resume() {
    let d = temp();
    let lines: String = (0..600)
        .map(|i| {
            let text = format!("In Kampot {i} workers and {} women were found.", i % 40);
            format!(
                "{}\n",
                serde_json::json!({"id": format!("d{i}"), "text": text})
            )
        })
        .collect();
    let input = write(&d.path().join("a.jsonl"), lines);
    let reference = d.path().join("reference.jsonl");
    extract(&[arg(&input), "-o".into(), arg(&reference)]).assert_code(0);
    let Some(disk) = SmallDisk::mount(&d.path().join("disk"), "96k") else {
        eprintln!("full_disk_then_resume: skipped, cannot mount a tmpfs (needs root)");
        return;
    };
    let out = disk.0.join("records.jsonl");
    let run_args = [
        arg(&input),
        "-o".into(),
        arg(&out),
        "--batch-bytes".into(),
        "2000".into(),
    ];
    extract(&run_args)
        .assert_code(2)
        .assert_stderr("No space left on device")
        .assert_stderr("run the same command with --resume");
    disk.grow("4m");
    let mut resume = run_args.to_vec();
    resume.push("--resume".into());
    extract(&resume).assert_code(0);
    assert!(std::fs::read(&out).unwrap() == std::fs::read(&reference).unwrap());
}
