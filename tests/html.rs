//! End-to-end tests of HTML input: `.html`/`.htm` files (plain or compressed) and JSON lines
//! whose text field is a page (`--text-format html`). The pages are written here, in the shape
//! of real news pages (navigation, sidebars, share buttons, related links, cookie banners,
//! comments), with original text.

use std::io::Write as _;

use serde_json::Value;
use tonle::Record;

mod harness;
use harness::{arg, tonle, write};

/// A news page: furniture around an article of three paragraphs and a subheading, dated
/// 2022-12-13 in its metadata.
fn news_page(charset_meta: &str, extra_body: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head>
{charset_meta}
<title>Raid frees workers | Mekong Daily</title>
<meta property="og:title" content="Police raid frees 42 workers in Svay Rieng">
<meta property="article:published_time" content="2022-12-13T08:30:00+07:00">
<meta name="author" content="Sok Dara">
<link rel="canonical" href="https://news.example.org/2022/12/13/raid">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/kampot">Kampot</a></nav></header>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Kampot pepper prices climb to 18 dollars</a></li></ul></aside>
<main><article>
<h1>Police raid frees 42 workers in Svay Rieng</h1>
<p>Police in Svay Rieng province freed 42 workers from a compound near the border last month, the provincial police chief said, after two of them escaped and alerted the authorities.</p>
<h2>Held for months</h2>
<p>The workers, most of them from neighbouring provinces, told officers they had been held for up to five months and forced to work at computer screens for twelve hours a day.</p>
<p>Officers arrested three managers during the raid and seized computers and phones, according to a statement released by the provincial administration.{extra_body}</p>
</article></main>
<div class="share-buttons">Share on Facebook Share on Twitter</div>
<section class="related"><h3>Related Articles</h3><ul><li><a href="/b">Kampot court jails 7 in land case</a></li></ul></section>
<div id="comments" class="comments"><h3>Comments</h3><p>Great work by the Kampot police, 100 percent.</p></div>
<footer><p>© 2022 Mekong Daily. All rights reserved. Reproduction in Kampot or elsewhere prohibited.</p></footer>
<div id="cookie-banner" class="cookie-consent">We use cookies. Accept all 3 cookies</div>
</body></html>"#
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// The main text tonle reads from `html`, to check offsets against.
fn main_text(html: &str) -> String {
    tonle_corpus::extract_page(html).unwrap().text
}

/// Every record's text is `text[start:end]` in code points.
fn check_offsets(records: &[Record], text: &str) {
    let chars: Vec<char> = text.chars().collect();
    assert!(!records.is_empty());
    for r in records {
        let slice: String = chars[r.start..r.end].iter().collect();
        assert_eq!(slice, r.text, "{r:?}");
    }
}

fn texts(records: &[Record]) -> Vec<String> {
    records.iter().map(|r| r.text.to_string()).collect()
}

#[test]
fn an_html_file_gives_the_article_without_page_furniture() {
    let dir = tempfile::tempdir().unwrap();
    let page = news_page(r#"<meta charset="utf-8">"#, "");
    write(&dir.path().join("site/2022/raid.html"), &page);
    let run = tonle(["extract", &arg(dir.path())], None);
    run.assert_code(0);
    let records = run.records();
    check_offsets(&records, &main_text(&page));
    assert!(records.iter().all(|r| r.doc == "site/2022/raid.html"));
    let found = texts(&records);
    assert!(found.iter().any(|t| t == "Svay Rieng"), "{found:?}");
    assert!(found.iter().any(|t| t == "42"), "{found:?}");
    // Navigation, sidebar, related links, comments, footer and cookie banner are not read:
    // Kampot is named only there, and so are 18, 7, 100 and 3.
    for furniture in ["Kampot", "18", "7", "100", "3"] {
        assert!(
            !found.iter().any(|t| t == furniture),
            "{furniture}: {found:?}"
        );
    }
    // The page's metadata is every record's meta, and its date the publication date:
    // "last month" is 2022-11.
    let json = run.json_records();
    assert_eq!(
        json[0]["meta"],
        serde_json::json!({
            "url": "https://news.example.org/2022/12/13/raid",
            "title": "Police raid frees 42 workers in Svay Rieng",
            "date": "2022-12-13",
            "author": "Sok Dara",
            "language": "en"
        })
    );
    let freed: Vec<_> = records
        .iter()
        .filter_map(|r| r.number().filter(|_| r.text == "42"))
        .collect();
    assert_eq!(freed.len(), 2, "the headline's and the lead's");
    assert_eq!(freed[1].time.as_ref().map(|t| &*t.start), Some("2022-11"));
}

#[test]
fn headings_and_paragraphs_are_separate_sentences() {
    let page = news_page("", "");
    let text = main_text(&page);
    assert!(
        text.contains("alerted the authorities.\n\nHeld for months\n\nThe workers"),
        "{text}"
    );
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("p.htm"), &page);
    let run = tonle(["extract", &arg(&dir.path().join("p.htm"))], None);
    run.assert_code(0);
    // The headline, the lead, a subheading and the paragraph after it are not one sentence.
    let records = run.records();
    let sentence_of = |t: &str| records.iter().find(|r| r.text == t).unwrap().sentence;
    assert_eq!(sentence_of("Svay Rieng"), 0);
    assert_eq!(sentence_of("Svay Rieng province"), 1);
    assert_eq!(sentence_of("five months"), 3);
}

#[test]
fn compressed_and_latin1_pages() {
    let dir = tempfile::tempdir().unwrap();
    let page = news_page(
        r#"<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">"#,
        " The statement was signed by Governor Men Vibol in Prey Veng, caf\u{e9} owners said.",
    );
    let (latin1, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&page);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&latin1).is_err());
    write(&dir.path().join("a.html.gz"), gzip(&latin1));
    write(
        &dir.path().join("b.htm.zst"),
        zstd::encode_all(page.as_bytes(), 1).unwrap(),
    );
    let run = tonle(["extract", &arg(dir.path())], None);
    run.assert_code(0);
    let records = run.records();
    let text = main_text(&page);
    assert!(text.contains("café owners"));
    for doc in ["a.html.gz", "b.htm.zst"] {
        let of_doc: Vec<Record> = records.iter().filter(|r| r.doc == doc).cloned().collect();
        check_offsets(&of_doc, &text);
        assert!(of_doc.iter().any(|r| r.text == "Prey Veng"), "{doc}");
    }
    assert!(run.stderr.contains("2 documents"), "{}", run.stderr);
}

#[test]
fn a_page_without_main_text_is_reported_and_the_rest_read() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("a-empty.html"),
        "<html><head><title>Nothing</title></head><body>  </body></html>",
    );
    write(&dir.path().join("b.html"), news_page("", ""));
    let run = tonle(["extract", &arg(dir.path())], None);
    run.assert_code(1);
    run.assert_stderr("a-empty.html: no article text found in this HTML page");
    assert!(run.records().iter().all(|r| r.doc == "b.html"));
    assert!(!run.records().is_empty());
}

#[test]
fn json_lines_whose_text_is_html() {
    let page = news_page("", "");
    let lines = [
        serde_json::json!({"id": "a1", "html": page, "title": "Title from the dump"}),
        serde_json::json!({"id": "a2", "html": page, "date": "2023-01-02"}),
    ];
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let run = tonle(
        [
            "extract",
            "-",
            "--text-field",
            "html",
            "--text-format",
            "html",
        ],
        Some(input.as_bytes()),
    );
    run.assert_code(0);
    let records = run.records();
    check_offsets(&records, &main_text(&page));
    let json = run.json_records();
    let meta_of = |doc: &str| {
        json.iter()
            .find(|r| r["doc"] == doc)
            .map(|r| r["meta"].clone())
            .unwrap()
    };
    // The line's own fields win; the page fills the others.
    let a1 = meta_of("a1");
    assert_eq!(a1["title"], "Title from the dump");
    assert_eq!(a1["date"], "2022-12-13");
    assert_eq!(a1["url"], "https://news.example.org/2022/12/13/raid");
    let a2 = meta_of("a2");
    assert_eq!(a2["date"], "2023-01-02");
    assert_eq!(a2["title"], "Police raid frees 42 workers in Svay Rieng");
    // The line's date, else the page's, is the publication date "last month" is resolved
    // against.
    let last_month = |doc: &str| {
        records
            .iter()
            .filter(|r| r.doc == doc)
            .find_map(|r| r.number().filter(|n| r.text == "42" && n.time.is_some()))
            .and_then(|n| n.time.as_ref().map(|t| t.start.to_string()))
    };
    assert_eq!(last_month("a1").as_deref(), Some("2022-11"));
    assert_eq!(last_month("a2").as_deref(), Some("2022-12"));
    // Without the option the markup is text: the navigation is read too.
    let plain = tonle(
        ["extract", "-", "--text-field", "html"],
        Some(input.as_bytes()),
    );
    assert!(plain.records().iter().any(|r| r.text == "Kampot"));
    let bad = tonle(["extract", "-", "--text-format", "xml"], Some(b""));
    bad.assert_code(2);
    bad.assert_stderr("expected plain or html");
}

#[test]
fn meta_values_are_json_strings() {
    let dir = tempfile::tempdir().unwrap();
    let page = news_page("", "").replace(
        "Police raid frees 42 workers in Svay Rieng\">",
        "Police &amp; army free &quot;42&quot; workers\">",
    );
    write(&dir.path().join("q.html"), &page);
    let run = tonle(["extract", &arg(dir.path())], None);
    run.assert_code(0);
    let json: Vec<Value> = run.json_records();
    assert_eq!(
        json[0]["meta"]["title"],
        "Police & army free \"42\" workers"
    );
}
