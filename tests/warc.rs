//! End-to-end tests of WARC input: real files written by crawlers (tests/fixtures/warc, from
//! warcio's test data) and WARC files crafted here, whole and broken: ids, metadata and
//! dates of the documents, the records passed over, chunked and compressed bodies, charsets,
//! and broken records reported with their byte offsets while the rest is still read.

use std::io::Write as _;
use std::path::Path;

use serde_json::Value;
use tonle::Record;

mod harness;
use harness::{arg, repo_root, tonle, write, Run};

fn fixture(name: &str) -> String {
    arg(&repo_root().join("tests/fixtures/warc").join(name))
}

/// An article page (original text) mentioning `place`, with `extra` in its head.
fn article(place: &str, extra_head: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head>{extra_head}<title>Raid in {place}</title></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/k\">Kampot</a></nav><article>\
         <h1>Workers freed in {place}</h1>\
         <p>Police in {place} province freed 31 workers from a compound last month, the provincial \
         police chief said after officers searched four buildings near the border crossing.</p>\
         <p>The workers told officers they had been held for weeks and forced to work long hours \
         at computer screens, and several said they had not been paid.</p></article>\
         <footer>Copyright Kampot Weekly</footer></body></html>"
    )
}

/// One WARC record.
fn record(kind: &str, uri: &str, date: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-4000-8000-000000000000>\r\n\
         WARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len() * 7919 + uri.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response block.
fn http(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for h in headers {
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

fn response(uri: &str, date: &str, block: Vec<u8>) -> Vec<u8> {
    record(
        "response",
        uri,
        date,
        "application/http; msgtype=response",
        &block,
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in body.chunks(size) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// A `.warc.gz` as crawlers write it: each record its own gzip member. Returns the bytes and
/// the offset of each member.
fn members(records: &[Vec<u8>]) -> (Vec<u8>, Vec<usize>) {
    let mut out = Vec::new();
    let mut offsets = Vec::new();
    for r in records {
        offsets.push(out.len());
        out.extend_from_slice(&gzip(r));
    }
    (out, offsets)
}

fn docs(records: &[Record]) -> Vec<String> {
    let mut docs: Vec<String> = records.iter().map(|r| r.doc.to_string()).collect();
    docs.dedup();
    docs
}

fn meta_of(run: &Run, doc: &str) -> Value {
    run.json_records()
        .into_iter()
        .find(|r| r["doc"] == doc)
        .unwrap_or_else(|| panic!("no record of {doc}{}", run.describe()))["meta"]
        .clone()
}

/// The `time` of the count "31" in `doc` ("last month", resolved against the publication
/// date).
fn last_month(records: &[Record], doc: &str) -> Option<String> {
    records
        .iter()
        .filter(|r| r.doc == doc && r.text == "31")
        .find_map(|r| r.number()?.time.as_ref().map(|t| t.start.to_string()))
}

#[test]
fn real_warc_files_from_crawlers() {
    let run = tonle(["extract", &fixture("example-iana.org-chunked.warc")], None);
    run.assert_code(0);
    // A chunked, gzip-compressed response: its text is read.
    assert_eq!(docs(&run.records()), ["http://www.iana.org/"]);
    let meta = meta_of(&run, "http://www.iana.org/");
    assert_eq!(meta["url"], "http://www.iana.org/");
    assert_eq!(meta["date"], "2017-03-06T16:54:09Z");
    assert_eq!(meta["title"], "Internet Assigned Numbers Authority");
    run.assert_stderr("1 documents").assert_stderr(
        "passed over 2 WARC record(s) that are not pages to read: 1 request, 1 warcinfo",
    );

    let run = tonle(["extract", &fixture("example.warc.gz")], None);
    run.assert_code(0);
    run.assert_stderr("1 documents").assert_stderr(
        "passed over 5 WARC record(s) that are not pages to read: 2 request, 2 warcinfo, 1 revisit",
    );

    let run = tonle(
        ["extract", &fixture("example-wget-bad-target-uri.warc.gz")],
        None,
    );
    run.assert_code(0);
    run.assert_stderr("1 documents")
        .assert_stderr("1 metadata")
        .assert_stderr("1 request");

    let run = tonle(
        [
            "extract",
            &fixture("example-resource.warc.gz"),
            &fixture("post-test.warc.gz"),
        ],
        None,
    );
    run.assert_code(0);
    run.assert_stderr("1 documents")
        .assert_stderr("3 non-HTML response");

    // A record shorter than its Content-Length: reported at its offset, the rest read. The
    // file holds no other page, so no document at all could be read: exit status 2.
    let run = tonle(["extract", &fixture("example-trunc.warc")], None);
    run.assert_code(2);
    run.assert_stderr("example-trunc.warc at byte 1197: the record does not end with two CRLFs")
        .assert_stderr("2 warcinfo, 1 request");
}

#[test]
fn crafted_archive_ids_meta_dates_encodings_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let svay = article(
        "Svay Rieng",
        "<meta property=\"article:published_time\" content=\"2022-12-13T08:00:00Z\">",
    );
    let latin = article(
        "Kampong Cham",
        "<meta name=\"author\" content=\"Chan Sophéap\">",
    )
    .replace("several said", "the Hôtel Sokha manager said");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&latin);
    assert!(std::str::from_utf8(&latin1).is_err());
    let meta_charset = article("Takeo", "<meta charset=\"windows-1252\">")
        .replace("long hours", "long hours at the Café Señor");
    let (meta_bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&meta_charset);
    let records = vec![
        record(
            "warcinfo",
            "",
            "2023-05-01T00:00:00Z",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        record(
            "request",
            "https://news.example.org/svay",
            "2023-05-01T10:00:00Z",
            "application/http; msgtype=request",
            b"GET /svay HTTP/1.1\r\nHost: news.example.org\r\n\r\n",
        ),
        response(
            "https://news.example.org/svay",
            "2023-05-01T10:00:01Z",
            http(
                "200 OK",
                &[
                    "Content-Type: text/html; charset=utf-8",
                    "Transfer-Encoding: chunked",
                    "Content-Encoding: gzip",
                ],
                &chunked(&gzip(svay.as_bytes()), 100),
            ),
        ),
        record(
            "metadata",
            "https://news.example.org/svay",
            "2023-05-01T10:00:01Z",
            "application/warc-fields",
            b"outlinks: x\r\n",
        ),
        response(
            "https://news.example.org/logo.png",
            "2023-05-01T10:00:02Z",
            http("200 OK", &["Content-Type: image/png"], b"\x89PNG\r\n\x1a\n"),
        ),
        response(
            "https://news.example.org/old",
            "2023-05-01T10:00:03Z",
            http(
                "301 Moved Permanently",
                &["Location: /new", "Content-Type: text/html"],
                b"<a href=/new>moved</a>",
            ),
        ),
        response(
            "https://news.example.org/kampong-cham",
            "2023-05-02T11:00:00Z",
            http(
                "200 OK",
                &["Content-Type: text/html; charset=ISO-8859-1"],
                &latin1,
            ),
        ),
        response(
            "https://news.example.org/takeo",
            "2023-05-03T12:00:00Z",
            http("200 OK", &["Content-Type: text/html"], &meta_bytes),
        ),
        record(
            "revisit",
            "https://news.example.org/svay",
            "2023-05-04T00:00:00Z",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\n\r\n",
        ),
        record(
            "conversion",
            "https://news.example.org/kandal",
            "2023-05-05T00:00:00Z",
            "text/plain",
            "Officials in Kandal province said 12 families were moved last month.".as_bytes(),
        ),
    ];
    let (bytes, _) = members(&records);
    write(&dir.path().join("crawl.warc.gz"), &bytes);
    write(&dir.path().join("plain.warc"), records.concat());
    let gazetteer = write(
        &dir.path().join("lists/places.tsv"),
        "Hôtel Sokha\tORG\nCafé Señor\tORG\n",
    );
    let gz = tonle(
        [
            "extract",
            &arg(&dir.path().join("crawl.warc.gz")),
            "--gazetteer",
            &arg(&gazetteer),
        ],
        None,
    );
    gz.assert_code(0);
    let plain = tonle(
        [
            "extract",
            &arg(&dir.path().join("plain.warc")),
            "--gazetteer",
            &arg(&gazetteer),
        ],
        None,
    );
    plain.assert_code(0);
    assert_eq!(
        gz.stdout, plain.stdout,
        "gzip members and plain WARC read alike"
    );
    let records = gz.records();
    assert_eq!(
        docs(&records),
        [
            "https://news.example.org/svay",
            "https://news.example.org/kampong-cham",
            "https://news.example.org/takeo",
            "https://news.example.org/kandal"
        ]
    );
    gz.assert_stderr("4 documents").assert_stderr(
        "passed over 6 WARC record(s) that are not pages to read: 1 metadata, 1 non-200 response, \
         1 non-HTML response, 1 request, 1 revisit, 1 warcinfo",
    );
    // meta: the target URI, the crawl date, and the page's own metadata; the page's date is
    // the publication date (and meta.published), else the crawl day.
    let svay_meta = meta_of(&gz, "https://news.example.org/svay");
    assert_eq!(svay_meta["url"], "https://news.example.org/svay");
    assert_eq!(svay_meta["date"], "2023-05-01T10:00:01Z");
    assert_eq!(svay_meta["published"], "2022-12-13");
    assert_eq!(svay_meta["title"], "Workers freed in Svay Rieng");
    assert_eq!(
        last_month(&records, "https://news.example.org/svay").as_deref(),
        Some("2022-11")
    );
    assert_eq!(
        last_month(&records, "https://news.example.org/kampong-cham").as_deref(),
        Some("2023-04")
    );
    // Charsets from the header and from the page, decoded right.
    assert_eq!(
        meta_of(&gz, "https://news.example.org/kampong-cham")["author"],
        "Chan Sophéap"
    );
    assert!(records
        .iter()
        .any(|r| r.text == "Hôtel Sokha" && r.doc.ends_with("kampong-cham")));
    assert!(records
        .iter()
        .any(|r| r.text == "Café Señor" && r.doc.ends_with("takeo")));
    // Navigation and footer are not read.
    assert!(!records.iter().any(|r| r.text == "Kampot"));
    // A conversion record is plain text, offsets into it.
    let kandal: Vec<&Record> = records
        .iter()
        .filter(|r| r.doc.ends_with("kandal"))
        .collect();
    let text = "Officials in Kandal province said 12 families were moved last month.";
    for r in &kandal {
        assert_eq!(
            text.chars()
                .skip(r.start)
                .take(r.end - r.start)
                .collect::<String>(),
            r.text
        );
    }
    assert!(kandal.iter().any(|r| r.text == "12"));
}

/// A good record of `place`, id `https://x.org/<place>`.
fn good(place: &str) -> Vec<u8> {
    response(
        &format!("https://x.org/{place}"),
        "2023-06-01T00:00:00Z",
        http(
            "200 OK",
            &["Content-Type: text/html"],
            article(place, "").as_bytes(),
        ),
    )
}

fn expect_docs(run: &Run, expected: &[&str]) {
    let found = docs(&run.records());
    let expected: Vec<String> = expected
        .iter()
        .map(|p| format!("https://x.org/{p}"))
        .collect();
    assert_eq!(found, expected, "{}", run.describe());
}

#[test]
fn broken_records_are_reported_with_offsets_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let malformed = String::from_utf8(good("Kep")).unwrap().replacen(
        "WARC-Date:",
        "WARC-Date no colon here\r\nX:",
        1,
    );
    let bad_length = String::from_utf8(good("Pailin")).unwrap().replacen(
        "Content-Length: ",
        "Content-Length: abc",
        1,
    );
    let not_http = response(
        "https://x.org/Kratie",
        "2023-06-01T00:00:00Z",
        b"<html>no status line</html>".to_vec(),
    );
    let long = String::from_utf8(good("Stung Treng")).unwrap();
    let length_at = long.find("Content-Length: ").unwrap() + 16;
    let length_end = long[length_at..].find('\r').unwrap() + length_at;
    let wrong_length: usize = long[length_at..length_end].parse::<usize>().unwrap() + 40;
    let too_long = format!(
        "{}{wrong_length}{}",
        &long[..length_at],
        &long[length_end..]
    );
    let parts: Vec<Vec<u8>> = vec![
        good("Svay Rieng"),
        malformed.into_bytes(),
        good("Takeo"),
        bad_length.into_bytes(),
        good("Kandal"),
        not_http,
        too_long.into_bytes(),
        good("Kampot"),
        good("Battambang")[..300].to_vec(),
    ];
    let mut offsets = Vec::new();
    let mut plain = Vec::new();
    for p in &parts {
        offsets.push(plain.len());
        plain.extend_from_slice(p);
    }
    let path = write(&dir.path().join("broken.warc"), &plain);
    let run = tonle(["extract", &arg(&path)], None);
    run.assert_code(1);
    expect_docs(&run, &["Svay Rieng", "Takeo", "Kandal", "Kampot"]);
    let at = |i: usize| format!("broken.warc at byte {}: ", offsets[i]);
    run.assert_stderr(&format!(
        "{}malformed header line \"WARC-Date no colon here\"",
        at(1)
    ))
    .assert_stderr(&format!("{}the Content-Length \"abc", at(3)))
    .assert_stderr(&format!(
        "{}this response record does not hold an HTTP response",
        at(5)
    ))
    .assert_stderr(&format!("{}the record does not end with two CRLFs", at(6)))
    .assert_stderr(&format!("{}the file ends inside this record", at(8)))
    .assert_stderr("4 documents")
    .assert_stderr("5 skipped");
    assert!(!run.stderr.contains("panicked"));
    // The same file compressed whole (one gzip stream, or zstd): offsets are of the
    // decompressed data, the same records are read.
    let whole_gz = write(&dir.path().join("whole.warc.gz"), gzip(&plain));
    let zst = write(
        &dir.path().join("whole.warc.zst"),
        zstd::encode_all(&plain[..], 1).unwrap(),
    );
    for path in [whole_gz, zst] {
        let again = tonle(["extract", &arg(&path)], None);
        again.assert_code(1);
        expect_docs(&again, &["Svay Rieng", "Takeo", "Kandal", "Kampot"]);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for i in [1, 3, 5, 6, 8] {
            again.assert_stderr(&format!(
                "{name} at byte {} of the decompressed data: ",
                offsets[i]
            ));
        }
    }
}

#[test]
fn corrupt_and_truncated_gzip_members() {
    let dir = tempfile::tempdir().unwrap();
    let places = ["Svay Rieng", "Takeo", "Kandal", "Kampot", "Pursat"];
    let records: Vec<Vec<u8>> = places.iter().map(|p| good(p)).collect();
    let (mut bytes, offsets) = members(&records);
    // Member 1's compressed data is damaged; member 4 is cut short (the file ends in it).
    for b in &mut bytes[offsets[1] + 40..offsets[1] + 80] {
        *b = !*b;
    }
    bytes.truncate(offsets[4] + 100);
    let path = write(&dir.path().join("crawl.warc.gz"), &bytes);
    let run = tonle(["extract", &arg(&path)], None);
    run.assert_code(1);
    expect_docs(&run, &["Svay Rieng", "Kandal", "Kampot"]);
    run.assert_stderr(&format!(
        "crawl.warc.gz at byte {}: cannot read or decompress this record",
        offsets[1]
    ))
    .assert_stderr("reading went on at the next gzip member")
    .assert_stderr(&format!(
        "crawl.warc.gz at byte {}: the file ends in the middle of this gzip member",
        offsets[4]
    ));
}

#[test]
fn records_too_large_and_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let header = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.org/huge\r\nContent-Length: 60000000\r\n\r\n";
    let mut bytes = header.as_bytes().to_vec();
    bytes.resize(header.len() + 60_000_000, b'a');
    bytes.extend_from_slice(b"\r\n\r\n");
    let after = bytes.len();
    bytes.extend_from_slice(&good("Takeo"));
    let path = write(&dir.path().join("big.warc"), &bytes);
    write(&dir.path().join("empty.warc"), b"");
    let run = tonle(["extract", &arg(dir.path())], None);
    run.assert_code(1);
    expect_docs(&run, &["Takeo"]);
    run.assert_stderr("big.warc at byte 0: the record is 60000000 bytes long, more than the 50 MB");
    assert!(after > 60_000_000);
    assert!(Path::new(&path).exists());
}
