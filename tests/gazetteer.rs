//! End-to-end tests of the `tonle gazetteer` commands (check, explain, suggest, coverage,
//! import geonames): they run the built binary on the crafted fixtures of tests/fixtures/ and
//! on lists and texts written into temporary directories, and check what it prints and its
//! exit status.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

mod harness;
use harness::{repo_root, tonle, Run};
use tonle::Entity;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn fixture(rel: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(rel)
}

/// The rows of a list printed on standard output (header and comments left out), as column
/// name → value.
fn rows(run: &Run) -> Vec<BTreeMap<String, String>> {
    list_rows(run.stdout_str())
}

fn list_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let header: Vec<&str> = header.split('\t').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t'))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", p.display()));
    p
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

// ---------------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------------

#[test]
fn check_passes_on_the_shipped_lists() {
    tonle(["gazetteer", "check"], None)
        .assert_code(0)
        .assert_stdout("0 error(s)")
        .assert_stdout("passed");
}

#[test]
fn check_reports_every_problem_with_its_file_line_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(
        dir.path(),
        "mine.tsv",
        "# Places for the Koh Kong coast.\n\
         id\ttype\tname\taliases\tcase\tkind\n\
         KH-town-andoung-teuk\tPLACE\tAndoung Teuk\tAndoung Tuek\t\tvillage\n\
         KH-town-andoung-teuk\tPLACE\tAndoung Teuk village\t\t\tvillage\n\
         org:kampong-som-port\tORG\tKampong Som Port\tKampong Som\t\tport\n\
         place:police-village\tPLACE\tPolice Village\tpolice\tignore\tvillage\n\
         place:phnom-srok\tPLACE\tPhnom\u{200B}Srok\t\t\tdistrict\n\
         place:kampong-seila\tPLACE\tK\u{0430}mpong Seila\t\t\tdistrict\n\
         place:sre-ambel\tPLACE\tSre Ambel\tSre Ambel town\t\ttown\textra\n\
         place:koh-sdach\tPALCE\tKoh Sdach\t\t\tisland\n",
    );
    let run = tonle(["gazetteer", "check", &s(&list)], None);
    run.assert_code(1).assert_stdout("FAILED");
    let path = s(&list);
    for (line, what) in [
        (4, "warning[duplicate-id]"),
        (5, "error[ambiguous-name]"),
        (6, "warning[common-word]"),
        (7, "warning[invisible-character]"),
        (8, "warning[mixed-script]"),
        (9, "error[syntax]"),
        (10, "warning[unknown-type]"),
    ] {
        run.assert_stdout(&format!("{path}:{line}: {what}"));
    }
    // Every finding is followed by a fix.
    let findings: Vec<&str> = run
        .stdout_str()
        .lines()
        .filter(|l| l.starts_with(&path))
        .collect();
    let fixes = run
        .stdout_str()
        .lines()
        .filter(|l| l.starts_with("    fix: "))
        .count();
    assert_eq!(findings.len(), fixes, "{}", run.describe());
    // The conflict with a shipped list names the shipped entry and where it is.
    run.assert_stdout(
        "is also a name of KH-18 (PLACE \"Preah Sihanouk\", gazetteers/kh-provinces.tsv:",
    )
    .assert_stdout("org:kampong-som-port is never reported for it")
    .assert_stdout("U+0430 (Cyrillic)")
    .assert_stdout("U+200B ZERO WIDTH SPACE")
    .assert_stdout("looks like a misspelling of PLACE");
    // Without the shipped lists, there is no conflict with them.
    let alone = tonle(
        ["gazetteer", "check", "--no-default-gazetteers", &s(&list)],
        None,
    );
    alone.assert_code(1);
    assert!(
        !alone.stdout_str().contains("ambiguous-name"),
        "{}",
        alone.describe()
    );
}

#[test]
fn warnings_pass_unless_strict() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(
        dir.path(),
        "towns.tsv",
        "id\ttype\tname\taliases\n\
         place:march\tPLACE\tMarch Town\tmarch\n",
    );
    tonle(["gazetteer", "check", &s(&list)], None)
        .assert_code(0)
        .assert_stdout(":2: warning[common-word]")
        .assert_stdout("so this matches the everyday word \"march\" and never the name")
        .assert_stdout("0 error(s), 1 warning(s)");
    tonle(["gazetteer", "check", "--strict", &s(&list)], None)
        .assert_code(1)
        .assert_stdout("FAILED");
    let quiet = tonle(["gazetteer", "check", "--errors-only", &s(&list)], None);
    quiet.assert_code(0);
    assert!(
        !quiet.stdout_str().contains("warning["),
        "{}",
        quiet.describe()
    );
}

#[test]
fn check_walks_directories_and_uses_context_lists() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "lists/a.tsv",
        "id\ttype\tname\nx:bokor\tPLACE\tBokor Hill\n",
    );
    write(
        dir.path(),
        "lists/sub/b.tsv",
        "id\ttype\tname\nx:bokor\tORG\tBokor Hill Resort\n",
    );
    let lists = dir.path().join("lists");
    let run = tonle(
        ["gazetteer", "check", "--no-default-gazetteers", &s(&lists)],
        None,
    );
    run.assert_code(1)
        .assert_stdout("b.tsv:2: error[conflicting-id]")
        .assert_stdout("a.tsv:2");

    // A --gazetteer list is context: its own problems are not reported, its conflicts with
    // the checked list are.
    let other = write(
        dir.path(),
        "other.tsv",
        "id\ttype\tname\taliases\n\
         org:port\tORG\tKep Port\tKep Harbour\n\
         place:dup\tPLACE\tDup\t\n\
         place:dup\tPLACE\tDup Two\t\n",
    );
    let mine = write(
        dir.path(),
        "mine.tsv",
        "id\ttype\tname\taliases\nplace:kep-harbour\tPLACE\tKep Harbour\t\n",
    );
    let run = tonle(
        [
            "gazetteer",
            "check",
            "--no-default-gazetteers",
            "--gazetteer",
            &s(&other),
            &s(&mine),
        ],
        None,
    );
    run.assert_code(1)
        .assert_stdout(&format!("{}:2: error[ambiguous-name]", s(&mine)))
        .assert_stdout("org:port (ORG \"Kep Port\"");
    assert!(
        !run.stdout_str().contains("duplicate-id"),
        "{}",
        run.describe()
    );
}

#[test]
fn check_says_which_path_it_cannot_read() {
    tonle(["gazetteer", "check", "/nonexistent/lists.tsv"], None)
        .assert_code(2)
        .assert_stderr("/nonexistent/lists.tsv");
    tonle(["gazetteer", "check", "--no-default-gazetteers"], None)
        .assert_code(2)
        .assert_stderr("nothing to check");
}

// ---------------------------------------------------------------------------------------------
// explain
// ---------------------------------------------------------------------------------------------

const EXPLAIN_LIST: &str = "id\ttype\tname\taliases\tcase\n\
    org:ppp\tORG\tPhnom Penh Post\t\t\n\
    KH-12\tPLACE\tPhnom Penh\t\t\n\
    place:march\tPLACE\tMarch\t\t\n\
    person:sar-kheng\tPERSON\tSar Kheng\t\texact\n\
    place:o-smach\tPLACE\tO'Smach\t\t\n";

#[test]
fn explain_shows_matches_normalization_and_why_names_lost() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(dir.path(), "l.tsv", EXPLAIN_LIST);
    let run = tonle(
        [
            "gazetteer",
            "explain",
            "--no-default-gazetteers",
            "--gazetteer",
            &s(&list),
            "The Phnom Penh Post reported from O’Smach in march that SAR KHENG visited.\n\nPhnom\n\nPenh",
        ],
        None,
    );
    run.assert_code(0)
        .assert_stdout(
            "normalized: the phnom penh post reported from o smach in march that sar kheng \
             visited . ¶ phnom ¶ penh",
        )
        .assert_stdout("matches (3):")
        .assert_stdout("1:5      \"Phnom Penh Post\" -> org:ppp ORG \"Phnom Penh Post\" [l.tsv]")
        // A place inside an organization's name, as extract writes it.
        .assert_stdout("1:5      \"Phnom Penh\" -> KH-12 PLACE \"Phnom Penh\" [l.tsv]")
        .assert_stdout("inside the organization's name at 1:5, and written with `within`")
        .assert_stdout("1:35     \"O’Smach\" -> place:o-smach PLACE \"O'Smach\" [l.tsv]")
        .assert_stdout("name \"O'Smach\", compared as \"o smach\"")
        .assert_stdout("lost: needs exact case: the list writes \"March\", the text \"march\"")
        .assert_stdout("lost: needs exact case: the list writes \"Sar Kheng\", the text \"SAR KHENG\" (the entry has case=exact)")
        .assert_stdout("3:1      \"Phnom ¶ Penh\" -> KH-12")
        .assert_stdout("lost: it runs across a blank line");
}

#[test]
fn explain_reads_documents_and_reports_bad_lists() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(dir.path(), "l.tsv", EXPLAIN_LIST);
    let dump = write(
        dir.path(),
        "d.jsonl",
        "{\"id\": \"d1\", \"text\": \"Phnom Penh in March\"}\n{\"id\": \"d2\", \"text\": \"nothing here\"}\n",
    );
    let run = tonle(
        [
            "gazetteer",
            "explain",
            "--no-default-gazetteers",
            "--gazetteer",
            &s(&list),
            "--file",
            &s(&dump),
        ],
        None,
    );
    run.assert_code(0)
        .assert_stdout("== d1\nmatches (2):")
        .assert_stdout("== d2\nno name of the lists occurs in this text");
    // The same from standard input, with the normalized words.
    tonle(
        [
            "gazetteer",
            "explain",
            "--no-default-gazetteers",
            "--gazetteer",
            &s(&list),
            "--tokens",
            "--file",
            "-",
        ],
        Some(b"{\"id\": \"s1\", \"text\": \"in Phnom Penh\"}\n"),
    )
    .assert_code(0)
    .assert_stdout("== s1\nnormalized: in phnom penh");

    tonle(["gazetteer", "explain"], None)
        .assert_code(2)
        .assert_stderr("give a TEXT to explain");
    let bad = write(dir.path(), "bad.tsv", "id\ttype\tname\nx\tPLACE\t\n");
    tonle(
        ["gazetteer", "explain", "--gazetteer", &s(&bad), "Kampot"],
        None,
    )
    .assert_code(2)
    .assert_stderr(&format!(
        "{}:2: every entry needs an id, a type and a name",
        s(&bad)
    ));
}

// ---------------------------------------------------------------------------------------------
// suggest
// ---------------------------------------------------------------------------------------------

fn row_tuple(r: &BTreeMap<String, String>) -> (String, String, String, String, String) {
    let g = |k: &str| r.get(k).cloned().unwrap_or_default();
    (g("id"), g("type"), g("name"), g("aliases"), g("kind"))
}

#[test]
fn suggest_mines_the_archive_for_typed_names() {
    let run = tonle(["gazetteer", "suggest", &s(&fixture("archive"))], None);
    run.assert_code(0)
        .assert_stderr("4 document(s) read, 0 skipped; 6 suggestion(s)")
        .assert_stdout("id\ttype\tname\taliases\tkind\tparent\tcountry\n");
    let got: BTreeSet<_> = rows(&run).iter().map(row_tuple).collect();
    let want: BTreeSet<_> = [
        ("person:chea-sokhom", "PERSON", "Chea Sokhom", "", ""),
        (
            "org:golden-sands-group",
            "ORG",
            "Golden Sands Group",
            "",
            "company",
        ),
        (
            "org:kampot-anti-human-trafficking-office",
            "ORG",
            "Kampot Anti-Human Trafficking Office",
            "",
            "government",
        ),
        ("person:kim-sokha", "PERSON", "Kim Sokha", "", ""),
        ("person:mao-thonin", "PERSON", "Mao Thonin", "", ""),
        ("person:nhem-vanna", "PERSON", "Nhem Vanna", "", ""),
    ]
    .into_iter()
    .map(|(a, b, c, d, e)| (a.into(), b.into(), c.into(), d.into(), e.into()))
    .collect();
    assert_eq!(got, want, "{}", run.describe());
    // Each row comes after its count, evidence and an example.
    run.assert_stdout(
        "# 2 times in 2 document(s), as \"Governor X\" 2 times\n\
         #   e.g. 2024-03-04_teuk-chhou-raid.txt: Governor Mao Thonin said the workers",
    )
    .assert_stdout("as \"Lieutenant Colonel X\" once, \"X, deputy\" once");
    // Names the lists match (Kampot, Prey Veng, the NCCT, the district Chhuk of kh-units.tsv,
    // and Teuk Chhou, a spelling variant of its district Tuek Chhou) are never suggested.
    for known in ["Kampot", "Prey Veng", "NCCT", "Chhuk", "Teuk Chhou"] {
        assert!(
            !rows(&run).iter().any(|r| row_tuple(r).2 == known),
            "{known} was suggested{}",
            run.describe()
        );
    }
}

#[test]
fn suggestions_are_a_list_that_closes_the_gap() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("suggested.tsv");
    let archive = s(&fixture("archive"));
    tonle(["gazetteer", "suggest", &archive, "-o", &s(&out)], None)
        .assert_code(0)
        .assert_stderr(&format!("written to {}", s(&out)));
    // The file is a list that passes check...
    tonle(["gazetteer", "check", &s(&out)], None).assert_code(0);
    // ... and once loaded, there is nothing left to suggest, and extract finds the names.
    let again = tonle(
        ["gazetteer", "suggest", &archive, "--gazetteer", &s(&out)],
        None,
    );
    again.assert_code(0);
    assert!(rows(&again).is_empty(), "{}", again.describe());
    let extract = tonle(["extract", "--gazetteer", &s(&out), "-q", &archive], None);
    extract.assert_code(0);
    let records = extract.records();
    for id in ["person:mao-thonin", "KH-0707"] {
        assert!(
            records
                .iter()
                .any(|r| r.entity().is_some_and(|e| e.id == id)),
            "no entity {id} with the suggested list{}",
            extract.describe()
        );
    }
}

#[test]
fn suggest_reads_every_input_form_and_adds_aliases_to_known_entries() {
    let dir = tempfile::tempdir().unwrap();
    let wire = std::fs::read(fixture("archive/wire.jsonl")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&wire).unwrap();
    let gz_path = dir.path().join("wire.jsonl.gz");
    std::fs::write(&gz_path, gz.finish().unwrap()).unwrap();
    let stdin = b"{\"id\": \"s1\", \"text\": \"The National Counter-Trafficking Committee (NCCT) met on Friday.\"}\n\
                  {\"id\": \"s2\", \"text\": \"The National Counter-Trafficking Committee (NCCT) said more.\"}\n";
    let run = tonle(
        [
            "gazetteer",
            "suggest",
            "--min-count",
            "1",
            &s(&gz_path),
            "-",
        ],
        Some(stdin),
    );
    run.assert_code(0);
    let rows: Vec<_> = rows(&run).iter().map(row_tuple).collect();
    let has = |t: (&str, &str, &str, &str, &str)| {
        rows.iter().any(|r| {
            (
                r.0.as_str(),
                r.1.as_str(),
                r.2.as_str(),
                r.3.as_str(),
                r.4.as_str(),
            ) == t
        })
    };
    assert!(
        has((
            "org:coastal-migrant-workers-network",
            "ORG",
            "Coastal Migrant Workers Network",
            "CMWN",
            "ngo"
        )),
        "{}",
        run.describe()
    );
    // The lists know the acronym: the long form becomes an alias of that entry.
    assert!(
        has((
            "org:ncct",
            "ORG",
            "National Committee for Counter Trafficking",
            "National Counter-Trafficking Committee",
            "committee"
        )),
        "{}",
        run.describe()
    );
    run.assert_stdout("# new aliases of org:ncct (\"National Committee for Counter Trafficking\"): \"National Counter-Trafficking Committee\" 2 times");
}

#[test]
fn coverage_of_your_own_list_and_spelling_variants() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(
        dir.path(),
        "kh-preah-sihanouk.tsv",
        "id\ttype\tname\tkind\tparent\tcountry\n\
         KH-189901\tPLACE\tTuol Preal\tcommune\tKH-1806\tKH\n\
         KH-189902\tPLACE\tOu Sralau\tcommune\tKH-1806\tKH\n",
    );
    let text = write(
        dir.path(),
        "report.txt",
        "Officers in Preah Sihanouk province said eleven men left Toul Priel commune by boat. \
         Officials in Toul Priel had warned of the boats.\n",
    );
    let run = tonle(
        ["gazetteer", "coverage", "--list", &s(&list), &s(&text)],
        None,
    );
    run.assert_code(0)
        .assert_stdout("Entries of your lists by number of matches (mentions, documents):\n        2      1  KH-189901")
        .assert_stdout("Entries of your lists never matched (1 of 2), in list order:\n  KH-189902");
    assert!(
        !run.stdout_str().contains("KH-18 "),
        "no shipped entry: {}",
        run.stdout_str()
    );
    let bad = tonle(
        ["gazetteer", "coverage", "--list", &s(dir.path()), &s(&text)],
        None,
    );
    bad.assert_code(2).assert_stderr("--list takes a list file");
}

#[test]
fn suggest_and_coverage_report_skipped_input_and_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let dump = write(
        dir.path(),
        "d.jsonl",
        "{\"id\": \"a\", \"text\": \"Governor Mao Thonin spoke. Governor Mao Thonin left.\"}\n\
         {\"id\": \"b\", \"text\": broken\n",
    );
    let location = format!("{}:2", s(&dump));
    tonle(["gazetteer", "suggest", &s(&dump)], None)
        .assert_code(1)
        .assert_stderr(&location)
        .assert_stdout("person:mao-thonin");
    tonle(["gazetteer", "coverage", &s(&dump)], None)
        .assert_code(1)
        .assert_stderr(&location)
        .assert_stdout("Mao Thonin");
}

// ---------------------------------------------------------------------------------------------
// coverage
// ---------------------------------------------------------------------------------------------

#[test]
fn coverage_counts_entries_and_names_no_list_matches() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(
        dir.path(),
        "kampot.tsv",
        "id\ttype\tname\taliases\tkind\n\
         KH-7\tPLACE\tKampot\tKampot province\tprovince\n\
         place:teuk-chhou\tPLACE\tTeuk Chhou\tTeuk Chhou district\tdistrict\n\
         place:bokor\tPLACE\tBokor\t\tmunicipality\n\
         person:mao-thonin\tPERSON\tMao Thonin\t\t\n",
    );
    let run = tonle(
        [
            "gazetteer",
            "coverage",
            "--no-default-gazetteers",
            "--gazetteer",
            &s(&list),
            &s(&fixture("archive")),
        ],
        None,
    );
    run.assert_code(0)
        .assert_stdout(
            "4 document(s), 15 mention(s) of 3 entries (of 4 in the lists); 1 entry never matched.",
        )
        .assert_stdout("       10      3  KH-7                   PLACE  Kampot  [kampot.tsv:2]")
        .assert_stdout("        3      2  place:teuk-chhou")
        .assert_stdout("        2      2  person:mao-thonin")
        .assert_stdout("Entries never matched (1 of 4), in list order:\n  place:bokor")
        .assert_stdout("Most frequent capitalized names that no list matches")
        .assert_stdout("        2      2  Chhuk\n");
    // Titles are not part of names: "Deputy Governor Chea Sokhom" counts as Chea Sokhom.
    run.assert_stdout("        2      2  Chea Sokhom\n");
    assert!(
        !run.stdout_str().contains("  Deputy Governor Chea Sokhom\n"),
        "{}",
        run.describe()
    );
}

// ---------------------------------------------------------------------------------------------
// import geonames
// ---------------------------------------------------------------------------------------------

fn import_fixture(extra: &[&str]) -> Run {
    let mut args = vec![
        "gazetteer".to_string(),
        "import".into(),
        "geonames".into(),
        s(&fixture("geonames/KH-sample.txt")),
        "--admin1".into(),
        s(&fixture("geonames/admin1CodesASCII.txt")),
        "--country".into(),
        "KH".into(),
        "--feature-class".into(),
        "A,P".into(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    tonle(args, None)
}

#[test]
fn import_geonames_keeps_the_hierarchy_and_attributes() {
    let run = import_fixture(&[]);
    run.assert_code(0)
        .assert_stderr("imported 10 place(s)")
        .assert_stdout("# GeoNames data is licensed CC BY 4.0");
    let rows = rows(&run);
    let by_id: BTreeMap<&str, &BTreeMap<String, String>> =
        rows.iter().map(|r| (r["id"].as_str(), r)).collect();
    let get = |id: &str, col: &str| -> String {
        by_id
            .get(id)
            .unwrap_or_else(|| panic!("no row {id}{}", run.describe()))[col]
            .clone()
    };
    assert_eq!(rows.len(), 10, "{}", run.describe());
    // District → province through the admin1 code.
    assert_eq!(get("geonames:1831113", "name"), "Teuk Chhou");
    assert_eq!(get("geonames:1831113", "kind"), "district");
    assert_eq!(get("geonames:1831113", "parent"), "geonames:1831112");
    assert_eq!(get("geonames:1831113", "parent_name"), "Kampot");
    assert_eq!(get("geonames:1831113", "population"), "65431");
    assert_eq!(get("geonames:1831113", "latitude"), "10.63333");
    assert_eq!(get("geonames:1831113", "longitude"), "104.18333");
    assert_eq!(
        get("geonames:1831113", "aliases"),
        "Tuek Chhou|Srok Teuk Chhou|ស្រុកទឹកឈូ|Teuk Chhou district"
    );
    // Commune → district, village → commune.
    assert_eq!(get("geonames:1831116", "parent"), "geonames:1831114");
    assert_eq!(get("geonames:1831116", "kind"), "commune");
    assert_eq!(get("geonames:1831126", "parent"), "geonames:1831116");
    assert_eq!(get("geonames:1831126", "population"), "");
    // Provinces named only by admin1CodesASCII.txt.
    assert_eq!(get("geonames:1831118", "parent"), "geonames:1821306");
    assert_eq!(get("geonames:1831118", "parent_name"), "Phnom Penh");
    assert_eq!(get("geonames:1831119", "parent_name"), "Koh Kong");
    // The province: Latin and Khmer alternate names kept, Cyrillic left out.
    assert_eq!(
        get("geonames:1831112", "aliases"),
        "Kampot Province|Khett Kampot|ខេត្តកំពត"
    );
    assert_eq!(get("geonames:1831112", "parent"), "");
    assert_eq!(get("geonames:1831117", "kind"), "town");
    // Left out: the country row, the historical division, the Thai province.
    for id in ["geonames:1831722", "geonames:1831127", "geonames:1605277"] {
        assert!(
            !by_id.contains_key(id),
            "{id} was imported{}",
            run.describe()
        );
    }
    // Rows the shipped lists already have are marked.
    run.assert_stdout("# already in the lists: KH-7 PLACE \"Kampot\" (kh-provinces.tsv:")
        .assert_stdout("give this row the id KH-7 to merge them\ngeonames:1831112\t");
    let plain = import_fixture(&["--no-default-gazetteers"]);
    plain.assert_code(0);
    assert!(
        !plain.stdout_str().contains("already in the lists"),
        "{}",
        plain.describe()
    );
}

#[test]
fn imported_lists_check_and_extract() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("kh-geonames.tsv");
    import_fixture(&["-o", &s(&out)]).assert_code(0);
    tonle(["gazetteer", "check", &s(&out)], None)
        .assert_code(0)
        .assert_stdout("warning[ambiguous-name]")
        .assert_stdout("0 error(s)");
    let text = dir.path().join("a.txt");
    std::fs::write(&text, "Workers were found in Teuk Chhou district, Kampot.").unwrap();
    let run = tonle(["extract", "-q", "--gazetteer", &s(&out), &s(&text)], None);
    run.assert_code(0);
    let attr = |e: &Entity, key: &str| {
        e.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    assert!(
        run.records().iter().any(|r| r.text == "Teuk Chhou district"
            && r.entity().is_some_and(|e| e.id == "geonames:1831113"
                && attr(e, "parent").as_deref() == Some("geonames:1831112")
                && attr(e, "population").as_deref() == Some("65431"))),
        "expected Teuk Chhou district as geonames:1831113 with its parent and population{}",
        run.describe()
    );
}

#[test]
fn import_geonames_options_and_bad_lines() {
    let run = import_fixture(&[
        "--feature-code",
        "ADM1",
        "--kind",
        "ADM1=khett",
        "--no-kind-aliases",
    ]);
    run.assert_code(0);
    let rows = rows(&run);
    assert_eq!(rows.len(), 1, "{}", run.describe());
    assert_eq!(rows[0]["kind"], "khett");

    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(fixture("geonames/KH-sample.txt")).unwrap();
    let mut lines: Vec<&str> = good.lines().collect();
    lines.insert(2, "1831199\tBroken row\tBroken row");
    let bad_lat = lines[4].replacen("10.56667", "north", 1);
    lines[4] = &bad_lat;
    let bad = write(dir.path(), "KH-bad.txt", &(lines.join("\n") + "\n"));
    let run = tonle(
        [
            "gazetteer",
            "import",
            "geonames",
            &s(&bad),
            "--country",
            "KH",
        ],
        None,
    );
    run.assert_code(1)
        .assert_stderr(&format!(
            "{}: 1 line(s): expected the 19 tab-separated",
            s(&bad)
        ))
        .assert_stderr("(line 3); e.g. line 3: expected the 19 tab-separated columns")
        .assert_stderr("found 3")
        .assert_stderr("(line 5); e.g. line 5: the latitude (column 5) \"north\" is not a number")
        .assert_stderr("2 malformed line(s) skipped")
        .assert_stdout("geonames:1831113\t");
    tonle(
        ["gazetteer", "import", "geonames", "/nonexistent/KH.txt"],
        None,
    )
    .assert_code(2)
    .assert_stderr("cannot open /nonexistent/KH.txt");
    tonle(["gazetteer", "import", "geonames", "KH.zip"], None)
        .assert_code(2)
        .assert_stderr("unzip it first");
    let admin1 = write(dir.path(), "admin1.txt", "KH.12 Phnom Penh\n");
    tonle(
        [
            "gazetteer",
            "import",
            "geonames",
            &s(&fixture("geonames/KH-sample.txt")),
            "--admin1",
            &s(&admin1),
        ],
        None,
    )
    .assert_code(1)
    .assert_stderr(&format!(
        "{}: 1 line(s): not a line of admin1CodesASCII.txt (line 1); e.g. line 1: expected 4 \
         tab-separated columns",
        s(&admin1)
    ));
}

// ---------------------------------------------------------------------------------------------
// Help and the reference data
// ---------------------------------------------------------------------------------------------

#[test]
fn every_help_is_written_for_a_newcomer() {
    let commands: [&[&str]; 7] = [
        &["gazetteer"],
        &["gazetteer", "check"],
        &["gazetteer", "explain"],
        &["gazetteer", "suggest"],
        &["gazetteer", "coverage"],
        &["gazetteer", "import"],
        &["gazetteer", "import", "geonames"],
    ];
    for cmd in commands {
        let mut args: Vec<&str> = cmd.to_vec();
        args.push("--help");
        let run = tonle(&args, None);
        run.assert_code(0);
        assert!(run.stdout.len() > 300, "short help{}", run.describe());
        let leaf = !matches!(cmd, ["gazetteer"] | ["gazetteer", "import"]);
        if leaf {
            run.assert_stdout("EXIT STATUS")
                .assert_stdout("--gazetteer <PATH>")
                .assert_stdout("--no-default-gazetteers");
        }
    }
    tonle(["--help"], None).assert_stdout("gazetteer");
    tonle(["gazetteer", "suggest", "--help"], None)
        .assert_stdout("Kandal province")
        .assert_stdout("Governor Khim Bunsong")
        .assert_stdout("(NCCT)");
    tonle(["gazetteer", "import", "geonames", "--help"], None)
        .assert_stdout("admin1CodesASCII.txt")
        .assert_stdout("19");
}

#[test]
fn the_seed_articles_if_present() {
    let seeds = repo_root().join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!(
            "skipping: {} is absent (reference data, see README.md)",
            seeds.display()
        );
        return;
    }
    tonle(
        ["gazetteer", "suggest", "--min-count", "1", &s(&seeds)],
        None,
    )
    .assert_code(0)
    .assert_stdout("id\ttype\tname\taliases\tkind");
    tonle(["gazetteer", "coverage", &s(&seeds)], None)
        .assert_code(0)
        .assert_stdout("person:sar-kheng");
}
