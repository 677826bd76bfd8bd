//! HTML pages: the article's main text and the page's metadata.
//!
//! The main text is found by [`trafilatura`] (a port of go-trafilatura, itself a port of the
//! Python trafilatura that ranks at the top of public article-extraction benchmarks; see
//! BENCHMARKS.md for what it scores on real pages). It drops navigation, headers, footers,
//! sidebars, related-link lists, share buttons, comments and cookie banners. Its plain text
//! runs paragraphs together, so the text is rebuilt here from its cleaned HTML: one block per
//! paragraph, heading, list item or quote, blocks joined by a blank line, so that a sentence
//! always ends between two blocks.

use encoding_rs::Encoding;
use scraper::{Html, Node};

/// What an HTML page gives: its main text and its metadata.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Page {
    /// The main text, blocks separated by `"\n\n"`.
    pub text: String,
    /// From `og:title` or `<title>`.
    pub title: Option<String>,
    /// The publication date, `YYYY-MM-DD`: `article:published_time` and other meta
    /// elements, JSON-LD `datePublished`, else the first `<time datetime>`.
    pub date: Option<String>,
    /// The author (meta elements, JSON-LD).
    pub author: Option<String>,
    /// The canonical URL (`<link rel=canonical>`, `og:url`).
    pub url: Option<String>,
    /// The page's language (`<html lang>`, meta elements).
    pub language: Option<String>,
}

impl Page {
    /// The metadata fields that are present, as `(key, value)` in a fixed order.
    pub fn meta_fields(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("url", &self.url),
            ("title", &self.title),
            ("date", &self.date),
            ("author", &self.author),
            ("language", &self.language),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
    }
}

/// Why a page gave no document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageError {
    /// No main text was found (an empty page, a page of links, a login wall).
    NoMainText,
    /// The extractor failed on this page (a bug in it); the message says how.
    Extractor(String),
}

/// The main text and metadata of an HTML page. Never panics: a panic inside the extractor is
/// caught and returned as [`PageError::Extractor`].
pub fn extract_page(html: &str) -> Result<Page, PageError> {
    let result = std::panic::catch_unwind(|| {
        let options = trafilatura::Options::default()
            .with_fallback(true)
            .with_exclude_comments(true);
        trafilatura::extract(html, &options)
    });
    let extracted = match result {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => return Err(PageError::NoMainText),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            return Err(PageError::Extractor(what));
        }
    };
    let text = blocks_text(&extracted.content_html);
    if text.is_empty() {
        return Err(PageError::NoMainText);
    }
    let m = extracted.metadata;
    let text_len = text.len();
    let some = |s: String| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    Ok(Page {
        text,
        title: some(m.title),
        date: m
            .date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .or_else(|| time_datetime(html)),
        author: some(m.author),
        url: some(m.url),
        // The page's own `lang` first: the extractor's guess from the text is unreliable on
        // short texts.
        language: html_lang(html).or_else(|| some(m.language).filter(|_| text_len >= 500)),
    })
}

/// The `lang` attribute of the `<html>` element.
fn html_lang(html: &str) -> Option<String> {
    let head = html.get(..html.len().min(8192)).unwrap_or(html);
    let at = head.to_ascii_lowercase().find("<html")?;
    let tag = &head[at..head[at..].find('>').map_or(head.len(), |e| at + e)];
    let p = tag.to_ascii_lowercase().find(" lang=")?;
    let value = tag[p + 6..].trim_start_matches(['"', '\'']);
    let end = value.find(['"', '\'', ' ', '>']).unwrap_or(value.len());
    let lang = value[..end].trim();
    (!lang.is_empty()).then(|| lang.to_string())
}

/// Tags that start and end a block of text.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "figure"
            | "figcaption"
            | "hr"
            | "br"
            | "main"
            | "aside"
            | "details"
            | "summary"
            | "address"
    )
}

/// The text of cleaned HTML, one block per paragraph, heading, list item, ...: whitespace
/// inside a block collapsed to single spaces, blocks joined by `"\n\n"`.
fn blocks_text(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let mut out = String::with_capacity(html.len() / 2);
    let mut block = String::new();
    let flush = |block: &mut String, out: &mut String| {
        let trimmed = block.trim_end();
        if !trimmed.is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(trimmed);
        }
        block.clear();
    };
    for edge in fragment.root_element().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Element(e) if is_block(e.name()) => flush(&mut block, &mut out),
                // Table cells of one row stay one block, apart.
                Node::Element(e) if matches!(e.name(), "td" | "th") => push_words(&mut block, " "),
                Node::Text(t) => push_words(&mut block, t),
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if is_block(e.name()) {
                        flush(&mut block, &mut out);
                    }
                }
            }
        }
    }
    flush(&mut block, &mut out);
    out
}

/// Appends `text` to `block` with runs of whitespace collapsed to one space and no space at
/// the start of a block.
fn push_words(block: &mut String, text: &str) {
    let mut space = text.starts_with(char::is_whitespace);
    for word in text.split_whitespace() {
        if space && !block.is_empty() && !block.ends_with(' ') {
            block.push(' ');
        }
        block.push_str(word);
        space = true;
    }
    if text.ends_with(char::is_whitespace) && !block.is_empty() && !block.ends_with(' ') {
        block.push(' ');
    }
}

/// The date of the first `<time datetime="YYYY-MM-DD...">` of the page.
fn time_datetime(html: &str) -> Option<String> {
    let lower_at = |from: usize| {
        html.get(from..)?
            .as_bytes()
            .windows(5)
            .position(|w| w.eq_ignore_ascii_case(b"<time"))
            .map(|p| from + p)
    };
    let mut from = 0;
    // A few tags at most: a page has one or two <time> elements near its headline.
    for _ in 0..8 {
        let at = lower_at(from)?;
        let tag_end = html[at..].find('>').map_or(html.len(), |e| at + e);
        let tag = &html[at..tag_end];
        if let Some(p) = tag.to_ascii_lowercase().find("datetime=") {
            let value = tag[p + 9..].trim_start_matches(['"', '\'']);
            if let Some(date) = value.get(..10) {
                if crate::Date::parse_prefix(date).is_some() {
                    return Some(date.to_string());
                }
            }
        }
        from = tag_end;
    }
    None
}

/// Decodes the bytes of an HTML page to UTF-8: by the byte-order mark, else the charset a
/// `Content-Type` header names, else the page's `<meta charset>` or `http-equiv`
/// Content-Type, else UTF-8 when the bytes are valid UTF-8, else windows-1252 (what browsers
/// assume for pages that say nothing). Returns the text and the encoding used.
pub fn decode_html(bytes: &[u8], header_charset: Option<&str>) -> (String, &'static Encoding) {
    let declared = header_charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .or_else(|| meta_charset(bytes));
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), encoding);
    }
    // A page cannot be UTF-16 once it was read as ASCII-compatible bytes to find its meta.
    let encoding = match declared {
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::WINDOWS_1252,
    };
    let (text, _, _) = encoding.decode(bytes);
    (text.into_owned(), encoding)
}

/// The encoding a page declares in its first 4 kB: `<meta charset="...">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=...">`.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(p) = find(&lower[from..], b"<meta") {
        let start = from + p;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset=") {
            let value = &tag[c + 8..];
            let value = value
                .iter()
                .position(|&b| !matches!(b, b'"' | b'\'' | b' '))
                .map_or(&value[value.len()..], |s| &value[s..]);
            let len = value
                .iter()
                .position(|&b| matches!(b, b'"' | b'\'' | b' ' | b';' | b'/' | b'>'))
                .unwrap_or(value.len());
            if let Some(e) = Encoding::for_label(&value[..len]) {
                return Some(e);
            }
        }
        from = end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Raid frees workers | Mekong Daily</title>
<meta property="og:title" content="Police raid frees 42 workers in Svay Rieng">
<meta property="article:published_time" content="2022-12-13T08:30:00+07:00">
<meta name="author" content="Sok Dara">
<link rel="canonical" href="https://news.example.org/2022/12/13/raid">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Prices rise again in the capital</a></li></ul></aside>
<main><article>
<h1>Police raid frees 42 workers in Svay Rieng</h1>
<p>Police in Svay Rieng province freed 42 workers from a compound near the border on Monday, the provincial police chief said, after two of them escaped and alerted the authorities.</p>
<h2>Workers held for months</h2>
<p>The workers, most of them from neighbouring provinces, told officers they had been held for up to five months and forced to work at computer screens for twelve hours a day.</p>
<p>Officers arrested three managers during the raid and seized computers and phones, according to a statement released by the provincial administration on Tuesday.</p>
</article></main>
<div class="share">Share on Facebook Share on Twitter</div>
<section class="related"><h3>Related Articles</h3><ul><li><a href="/b">Another story entirely about markets</a></li></ul></section>
<footer><p>© 2022 Mekong Daily. All rights reserved.</p></footer>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
</body></html>"#;

    #[test]
    fn main_text_in_blocks_without_furniture() {
        let page = extract_page(PAGE).unwrap();
        assert!(
            page.text
                .contains("Police in Svay Rieng province freed 42 workers"),
            "{}",
            page.text
        );
        assert!(page
            .text
            .contains("\n\nWorkers held for months\n\nThe workers"));
        for furniture in [
            "Home",
            "Most read",
            "Share on",
            "Related Articles",
            "©",
            "cookies",
        ] {
            assert!(!page.text.contains(furniture), "{furniture}: {}", page.text);
        }
        assert_eq!(
            page.title.as_deref(),
            Some("Police raid frees 42 workers in Svay Rieng")
        );
        assert_eq!(page.date.as_deref(), Some("2022-12-13"));
        assert_eq!(page.author.as_deref(), Some("Sok Dara"));
        assert_eq!(
            page.url.as_deref(),
            Some("https://news.example.org/2022/12/13/raid")
        );
        assert_eq!(page.language.as_deref(), Some("en"));
    }

    #[test]
    fn blocks_are_separated_and_whitespace_collapsed() {
        let text = blocks_text(
            "<h2>A  title</h2><p>One\n  line <b>bold</b>.</p><ul><li>x</li><li>y</li></ul>",
        );
        assert_eq!(text, "A title\n\nOne line bold.\n\nx\n\ny");
    }

    #[test]
    fn a_time_element_gives_the_date_when_the_meta_does_not() {
        let html = r#"<p>x</p><TIME class="d" datetime='2021-03-04T10:00'>March 4</TIME>"#;
        assert_eq!(time_datetime(html).as_deref(), Some("2021-03-04"));
        assert_eq!(time_datetime("<time>no</time>"), None);
    }

    #[test]
    fn charsets_from_header_meta_or_guess() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><p>Caf\xe9</p>";
        let (text, enc) = decode_html(latin1, None);
        assert!(text.contains("Café"));
        assert_eq!(enc, encoding_rs::WINDOWS_1252);
        let equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\xcf\xf0\xe8";
        assert!(decode_html(equiv, None).0.ends_with("При"));
        // The header wins over the page.
        assert!(decode_html(b"<meta charset=utf-8>\xe9", Some("latin1"))
            .0
            .ends_with('é'));
        // Nothing declared: UTF-8 when valid, else windows-1252.
        assert_eq!(decode_html("é".as_bytes(), None).0, "é");
        assert_eq!(decode_html(b"\x93q\x94", None).0, "\u{201c}q\u{201d}");
    }

    #[test]
    fn empty_and_odd_pages() {
        assert_eq!(extract_page(""), Err(PageError::NoMainText));
        assert_eq!(
            extract_page("<html><head><title>T</title></head><body> </body></html>"),
            Err(PageError::NoMainText)
        );
        for odd in [
            "<",
            "<<<>>>",
            "<p>",
            "\u{0}<p>\u{0}</p>",
            "<table><td><table><td>",
        ] {
            let _ = extract_page(odd);
        }
    }
}
