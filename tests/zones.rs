//! End-to-end tests of zones: plain-text scrapes (URL line, title, page furniture) read by
//! the `tonle extract` binary, the `zone` of every record, `--keep-boilerplate`,
//! `--documents` and `--layout`, and the publication date taken from a URL or a dateline.
//! The scrapes below are original text shaped like scraped news pages.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use tonle::{DateFrom, Kind, Record, Zone};

mod harness;
use harness::{arg, repo_root, tonle, write};

/// A scrape as many scrapers write them: URL, title, then the page's text with its
/// furniture, lines separated by single line breaks.
const SCRAPE: &str = "\
https://www.mekong-ledger.example/2023/05/02/kampot-police-free-36-workers-5012/
Kampot Police Free 36 Workers From Seaside Compound
3 min read
[responsivevoice_button voice=\"US English Female\"]
By Keo Sothea | Mekong Ledger
Rescued workers wait outside the provincial hall in Kampot on May 1. Photo: Kampot Provincial Police
KAMPOT – Police in Kampot province freed 36 foreign workers, including 9 women, from a compound near Kep in April, provincial officials said.
The workers, from Thailand and Vietnam, told police they had been held for four months and made to run online scams for 14 hours a day.

Related Articles
Takeo court jails two brokers over bride sales
Koh Kong police arrest 19 over online fraud

Mekong Ledger. No part of this article may be reproduced or redistributed in any form without written permission. Copyright 2023 Mekong Ledger Co., Ltd.
";

/// A scrape in a fresh directory; returns the directory and the file.
fn scrape_dir(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir.path().join(name), text);
    (dir, path)
}

fn extract(args: &[&str], input: &Path) -> Vec<Record<'static>> {
    let mut all: Vec<String> = vec!["extract".into(), "--quiet".into()];
    all.extend(args.iter().map(|a| a.to_string()));
    all.push(arg(input));
    let run = tonle(&all, None);
    run.assert_code(0);
    run.records()
}

/// The code points `start..end` of `text`.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// The line of `text` that holds code point `at`.
fn line_at(text: &str, at: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = chars[..at]
        .iter()
        .rposition(|&c| c == '\n')
        .map_or(0, |p| p + 1);
    let end = chars[at..]
        .iter()
        .position(|&c| c == '\n')
        .map_or(chars.len(), |p| at + p);
    chars[start..end].iter().collect()
}

fn find<'r>(records: &'r [Record<'static>], text: &str) -> Vec<&'r Record<'static>> {
    records.iter().filter(|r| r.text == text).collect()
}

#[test]
fn a_scrape_gives_no_records_from_its_url_line_and_furniture() {
    let (_dir, path) = scrape_dir("kampot.txt", SCRAPE);
    let records = extract(&[], &path);
    assert!(!records.is_empty());
    let furniture = [
        "https://",
        "3 min read",
        "[responsivevoice_button",
        "Related Articles",
        "Takeo court",
        "Koh Kong police",
        "No part of this article",
    ];
    for r in &records {
        let line = line_at(SCRAPE, r.start);
        assert!(
            !furniture.iter().any(|f| line.contains(f)),
            "a record from page furniture: {:?} on the line {line:?}",
            r.text
        );
        assert_eq!(slice(SCRAPE, r.start, r.end), r.text);
        // The URL and title are metadata.
        let meta = r.meta.as_deref().expect("a scrape has metadata").get();
        assert!(
            meta.starts_with(r#"{"url":"https://www.mekong-ledger.example/2023/05/02/"#)
                && meta
                    .contains(r#""title":"Kampot Police Free 36 Workers From Seaside Compound""#),
            "{meta}"
        );
        assert!(r.zone.is_some(), "every record has a zone: {r:?}");
    }
    // The article id in the URL is no count of people; nothing from the URL at all.
    assert!(find(&records, "5012").is_empty() && find(&records, "2023").is_empty());

    // The headline, the byline and the caption are zoned, their names still written.
    let zone_of = |text: &str| {
        find(&records, text)
            .iter()
            .map(|r| r.zone.unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(zone_of("36"), [Zone::Headline, Zone::Body]);
    assert_eq!(zone_of("Kampot Provincial Police"), [Zone::Caption]);
    let caption_date = find(&records, "May 1");
    assert_eq!(caption_date.len(), 1);
    assert_eq!(caption_date[0].zone, Some(Zone::Caption));

    // The title and the lead are different sentences: the headline's 36 shares no event,
    // place or time with the lead's.
    let title_36 = find(&records, "36")[0];
    let lead_36 = find(&records, "36")[1];
    assert_ne!(title_36.sentence, lead_36.sentence);
    assert_eq!(find(&records, "Kep")[0].sentence, lead_36.sentence);
    let caption_sentence = caption_date[0].sentence;
    assert!(title_36.sentence < caption_sentence && caption_sentence < lead_36.sentence);

    // "in April" resolved against the date in the URL, 2023-05-02.
    let lead = lead_36.number().unwrap();
    assert_eq!(lead.event.as_ref().map(|e| &*e.lemma), Some("free"));
    assert_eq!(lead.time.as_ref().map(|t| &*t.start), Some("2023-04"));
}

#[test]
fn keep_boilerplate_brings_the_furniture_back_in_its_zone() {
    let (_dir, path) = scrape_dir("kampot.txt", SCRAPE);
    let default = extract(&[], &path);
    let kept = extract(&["--keep-boilerplate"], &path);
    let boilerplate: Vec<&Record> = kept
        .iter()
        .filter(|r| r.zone == Some(Zone::Boilerplate))
        .collect();
    let texts: Vec<&str> = boilerplate.iter().map(|r| &*r.text).collect();
    for expected in ["3 min", "Takeo", "Koh Kong police", "19", "2023"] {
        assert!(
            texts.contains(&expected),
            "{expected:?} not among {texts:?}"
        );
    }
    // Nothing else changes, and the URL line gives nothing even then.
    let rest: Vec<&Record> = kept
        .iter()
        .filter(|r| r.zone != Some(Zone::Boilerplate))
        .collect();
    assert_eq!(rest, default.iter().collect::<Vec<_>>());
    assert!(kept
        .iter()
        .all(|r| r.zone != Some(Zone::Url) && !r.text.contains("5012")));
}

#[test]
fn documents_come_first_with_their_text_zones_and_date() {
    let (dir, _) = scrape_dir("a/kampot.txt", SCRAPE);
    write(
        &dir.path().join("b/news.jsonl"),
        concat!(
            r#"{"id": "n1", "title": "Floods cut road", "url": "https://example.org/news/20230911/floods", "language": "en", "text": "Floods cut road\n\nRiver levels rose in Kratie province on Sunday, officials said, and 120 families left."}"#,
            "\n",
            r#"{"id": "n2", "date": "2023-02-01", "text": "PHNOM PENH, Jan. 30, 2023 – Police freed 12 people on Friday."}"#,
            "\n",
            r#"{"id": "n3", "text": "Friday, March 3, 2023\nPolice in Takeo freed 12 people in February."}"#,
            "\n"
        ),
    );
    let run = tonle(
        [
            OsStr::new("extract"),
            OsStr::new("--documents"),
            dir.path().as_os_str(),
        ],
        None,
    );
    run.assert_code(0);
    let json = run.json_records();
    let records = run.records();
    let docs: Vec<(usize, &Record)> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind() == Kind::Document)
        .collect();
    assert_eq!(docs.len(), 4, "one document record per document");
    for &(k, d) in &docs {
        let info = d.document().unwrap();
        assert_eq!(json[k]["kind"], "document");
        assert_eq!(json[k]["type"], "DOCUMENT");
        assert!(json[k].get("zone").is_none());
        assert_eq!(
            (d.start, d.end, info.length),
            (0, d.text.chars().count(), d.text.chars().count())
        );
        // Zones cover the text, in order.
        let mut at = 0;
        for z in &info.zones {
            assert_eq!(z.start, at, "{:?}", info.zones);
            assert!(z.end > z.start);
            at = z.end;
        }
        assert_eq!(at, info.length);
        // The document's mentions follow it, and index its text.
        let mentions = records[k + 1..]
            .iter()
            .take_while(|r| r.kind() != Kind::Document);
        for r in mentions {
            assert_eq!(r.doc, d.doc);
            assert_eq!(slice(&d.text, r.start, r.end), r.text);
            let zone = info
                .zones
                .iter()
                .find(|z| z.start <= r.start && r.start < z.end)
                .unwrap();
            assert_eq!(Some(zone.zone), r.zone, "{r:?}");
        }
    }
    let doc = |id: &str| {
        docs.iter()
            .find(|(_, d)| d.doc == id)
            .map(|(k, d)| (*k, d.document().unwrap()))
            .unwrap()
    };

    let (k, scrape) = doc("a/kampot.txt");
    assert_eq!(records[k].text, SCRAPE);
    assert_eq!(
        scrape.url.as_deref(),
        Some("https://www.mekong-ledger.example/2023/05/02/kampot-police-free-36-workers-5012/")
    );
    assert_eq!(
        scrape.title.as_deref(),
        Some("Kampot Police Free 36 Workers From Seaside Compound")
    );
    assert_eq!(
        (scrape.date.map(|d| d.to_string()), scrape.date_from),
        (Some("2023-05-02".into()), Some(DateFrom::Url))
    );
    assert_eq!(json[k]["date"], "2023-05-02");
    assert_eq!(json[k]["date_from"], "url");
    let kinds: Vec<(Zone, String)> = scrape
        .zones
        .iter()
        .map(|z| (z.zone, slice(SCRAPE, z.start, z.end)))
        .filter(|(z, _)| *z != Zone::Body)
        .collect();
    assert_eq!(
        kinds[0],
        (
            Zone::Url,
            "https://www.mekong-ledger.example/2023/05/02/kampot-police-free-36-workers-5012/"
                .into()
        )
    );
    assert_eq!(
        kinds[1],
        (
            Zone::Headline,
            "Kampot Police Free 36 Workers From Seaside Compound".into()
        )
    );
    assert_eq!(kinds[2].0, Zone::Boilerplate);
    assert!(kinds[2]
        .1
        .starts_with("3 min read\n[responsivevoice_button"));
    assert_eq!(
        kinds[3],
        (Zone::Byline, "By Keo Sothea | Mekong Ledger".into())
    );
    assert_eq!(kinds[4].0, Zone::Caption);
    assert!(
        kinds[5].1.starts_with("Related Articles\n") && kinds[5].1.ends_with("Co., Ltd."),
        "{:?}",
        kinds[5]
    );

    let (k, n1) = doc("n1");
    assert_eq!(
        (n1.url.as_deref(), n1.language.as_deref()),
        (Some("https://example.org/news/20230911/floods"), Some("en"))
    );
    assert_eq!(
        (n1.date.map(|d| d.to_string()), n1.date_from),
        (Some("2023-09-11".into()), Some(DateFrom::Url))
    );
    // The text's first line equals the title: the headline.
    assert_eq!(n1.zones[0].zone, Zone::Headline);
    assert_eq!(json[k]["meta"]["title"], "Floods cut road");

    // A date field wins over a dateline; without one, the dateline's date.
    let (_, n2) = doc("n2");
    assert_eq!(
        (n2.date.map(|d| d.to_string()), n2.date_from),
        (Some("2023-02-01".into()), Some(DateFrom::Field))
    );
    let (_, n3) = doc("n3");
    assert_eq!(
        (n3.date.map(|d| d.to_string()), n3.date_from),
        (Some("2023-03-03".into()), Some(DateFrom::Dateline))
    );
    let twelve = records
        .iter()
        .find(|r| r.doc == "n3" && r.text == "12")
        .unwrap();
    let time = twelve
        .number()
        .unwrap()
        .time
        .as_ref()
        .map(|t| t.start.to_string());
    assert_eq!(
        time.as_deref(),
        Some("2023-02"),
        "in February, of the dateline's year"
    );
}

#[test]
fn layout_plain_reads_line_1_as_text_and_scrape_declares_it() {
    let (_dir, path) = scrape_dir("kampot.txt", SCRAPE);
    let plain = extract(
        &["--layout", "plain", "--keep-boilerplate", "--documents"],
        &path,
    );
    assert!(
        plain.iter().all(|r| r.meta.is_none()),
        "no metadata from a plain text"
    );
    // The URL line is text, not a `url` zone (its digits give no number: they are inside a
    // web address).
    let zones: Vec<Zone> = plain
        .iter()
        .filter_map(|r| r.document())
        .flat_map(|d| d.zones.iter().map(|z| z.zone))
        .collect();
    assert!(
        !zones.is_empty() && !zones.contains(&Zone::Url),
        "{zones:?}"
    );
    // A URL line that is not http(s) is a scrape's only when declared.
    let text = SCRAPE.replacen("https://www.", "", 1);
    let (_dir2, path) = scrape_dir("bare.txt", &text);
    let auto = extract(&[], &path);
    assert!(auto.iter().all(|r| r.meta.is_none()));
    let scrape = extract(&["--layout", "scrape"], &path);
    assert!(scrape.iter().all(|r| r
        .meta
        .as_deref()
        .unwrap()
        .get()
        .contains(r#""url":"mekong-ledger.example/2023"#)));
    assert!(find(&scrape, "5012").is_empty());
    let run = tonle(["extract", "--layout", "html", "x.txt"], None);
    run.assert_code(2).assert_stderr("auto");
}

#[test]
fn the_sample_corpus_zones_its_furniture() {
    let corpus = repo_root().join("corpus");
    let kept = extract(&["--keep-boilerplate"], &corpus);
    let default = extract(&[], &corpus);
    let count = |zone: Zone| kept.iter().filter(|r| r.zone == Some(zone)).count();
    assert!(count(Zone::Headline) >= 20 && count(Zone::Caption) >= 20 && count(Zone::Byline) >= 3);
    assert_eq!(
        default.len() + count(Zone::Boilerplate),
        kept.len(),
        "only boilerplate is left out by default"
    );
    // "3 min read" and the like, copyright footers and share buttons are boilerplate.
    for r in &kept {
        let text = std::fs::read_to_string(corpus.join(&*r.doc)).unwrap();
        let line = line_at(&text, r.start);
        let furniture = line.ends_with(" min read")
            || line.starts_with('©')
            || line.starts_with("Copyright")
            || line.starts_with("Read more:")
            || line == "Facebook";
        if furniture {
            assert_eq!(r.zone, Some(Zone::Boilerplate), "{:?} on {line:?}", r.text);
        }
        if line.starts_with("By ") && line.len() < 60 {
            assert_eq!(r.zone, Some(Zone::Byline), "{:?} on {line:?}", r.text);
        }
        if line.contains(". Photo: ") {
            assert_eq!(r.zone, Some(Zone::Caption), "{:?} on {line:?}", r.text);
        }
    }
}

#[test]
fn the_shared_seed_articles_zone_their_furniture() {
    let seeds = match std::env::var_os("TONLE_SHARED_DIR") {
        Some(d) => PathBuf::from(d).join("seeds"),
        None => repo_root().join("../shared/seeds"),
    };
    if !seeds.is_dir() {
        eprintln!(
            "skipping the_shared_seed_articles_zone_their_furniture: {} is absent (set TONLE_SHARED_DIR to its parent)",
            seeds.display()
        );
        return;
    }
    let records = extract(&[], &seeds);
    let kept = extract(&["--keep-boilerplate"], &seeds);
    let mut captions = 0;
    for r in &records {
        let text = std::fs::read_to_string(seeds.join(&*r.doc)).unwrap();
        let line = line_at(&text, r.start);
        for furniture in [
            "min read",
            "[responsivevoice",
            "No part of this article",
            "Logo of ",
        ] {
            assert!(!line.contains(furniture), "a record from {line:?}: {r:?}");
        }
        captions += usize::from(r.zone == Some(Zone::Caption));
    }
    assert!(captions >= 4, "{captions} records in captions");
    // The related-article teasers of one page are boilerplate: their 60.94 per cent is back
    // only with --keep-boilerplate.
    let percent = kept
        .iter()
        .find(|r| r.text == "60.94 per cent")
        .expect("the teaser's percent");
    assert_eq!(percent.zone, Some(Zone::Boilerplate));
    assert!(records.iter().all(|r| r.text != "60.94 per cent"));
}
