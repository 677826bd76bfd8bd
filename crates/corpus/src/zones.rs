//! Page furniture in scraped text, marked as zones: headlines, bylines, captions and
//! boilerplate (shortcodes, read-time lines, "Related Articles" lists, copyright notices,
//! share prompts, ...). Nothing is removed from the text: a zone is a byte range of the
//! document as read, so offsets stay those of the text.
//!
//! ```
//! use tonle_corpus::{zones, Zone};
//!
//! let text = "Police Raid Casino in Poipet\n\nBy Sok Dara | Mekong Ledger\n3 min read\n\n\
//!             Police freed 40 workers on Monday.\n\n© 2022 Mekong Ledger. All rights reserved.";
//! let z = zones(text, None, None);
//! assert_eq!(z.zone_at(0), Zone::Headline);
//! assert_eq!(z.zone_at(text.find("Sok").unwrap()), Zone::Byline);
//! assert_eq!(z.zone_at(text.find("3 min").unwrap()), Zone::Boilerplate);
//! assert_eq!(z.zone_at(text.find("40").unwrap()), Zone::Body);
//! assert_eq!(z.zone_at(text.find("2022").unwrap()), Zone::Boilerplate);
//! ```
//!
//! The detector is a list of small rules, one per kind of furniture, tried in order on each
//! line ([`LINE_RULES`]); a few need what came before (the list after a "Related Articles"
//! heading, the networks after "Share this:", a bulleted list of teasers, the title shown
//! again). Each line is looked at once, and only lines short enough to be furniture are
//! looked at closely, so a document that is one long line costs one scan for line breaks.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// What part of a page a stretch of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Zone {
    /// The article's own text: everything no rule claims.
    Body,
    /// The headline (the title line, or the first line when it is shaped like one).
    Headline,
    /// A byline: "By Sok Dara | Mekong Ledger", "Reporter: Chea Malis", an outlet and a date.
    Byline,
    /// A photo caption or credit: "… on Dec. 12. Photo: Sar Kheng Facebook", "… SPM".
    Caption,
    /// Page furniture that is not the article: shortcodes, read-time lines, related-article
    /// lists, copyright and reproduction notices, advertisements, newsletter and share
    /// prompts, logos, the title shown again.
    Boilerplate,
    /// The source URL on the first line of a plain-text scrape: metadata, not text.
    Url,
}

impl Zone {
    /// The name records use: `body`, `headline`, `byline`, `caption`, `boilerplate`, `url`.
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Body => "body",
            Zone::Headline => "headline",
            Zone::Byline => "byline",
            Zone::Caption => "caption",
            Zone::Boilerplate => "boilerplate",
            Zone::Url => "url",
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Zone {
    type Err = String;

    fn from_str(s: &str) -> Result<Zone, String> {
        Ok(match s {
            "body" => Zone::Body,
            "headline" => Zone::Headline,
            "byline" => Zone::Byline,
            "caption" => Zone::Caption,
            "boilerplate" => Zone::Boilerplate,
            "url" => Zone::Url,
            _ => return Err(format!("unknown zone {s:?}")),
        })
    }
}

/// One zone: a byte range of the document text and its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneSpan {
    /// What the range is.
    pub zone: Zone,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset one past its last byte.
    pub end: usize,
}

/// The zones of one document: sorted, non-overlapping byte ranges that are not body (what
/// no range covers is [`Zone::Body`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Zones {
    spans: Vec<ZoneSpan>,
}

impl Zones {
    /// The ranges, in text order; body is what lies between them.
    pub fn spans(&self) -> &[ZoneSpan] {
        &self.spans
    }

    /// The zone of the byte at `offset`.
    pub fn zone_at(&self, offset: usize) -> Zone {
        let k = self.spans.partition_point(|s| s.end <= offset);
        match self.spans.get(k) {
            Some(s) if s.start <= offset => s.zone,
            _ => Zone::Body,
        }
    }

    /// Byte offsets where one zone gives way to another (each range's start and end): a
    /// sentence never runs across one.
    pub fn boundaries(&self) -> impl Iterator<Item = usize> + '_ {
        self.spans.iter().flat_map(|s| [s.start, s.end])
    }

    /// Adds a range after the last one; a range of the same zone with only whitespace
    /// between (`joined`) extends the last one instead.
    fn push(&mut self, zone: Zone, range: Range<usize>, joined: bool) {
        if range.is_empty() {
            return;
        }
        if let Some(last) = self.spans.last_mut() {
            if joined && last.zone == zone && last.end <= range.start {
                last.end = range.end;
                return;
            }
        }
        self.spans.push(ZoneSpan {
            zone,
            start: range.start,
            end: range.end,
        });
    }
}

/// How a plain-text document is laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Layout {
    /// A scrape when its first line is an `http://` or `https://` URL alone on the line,
    /// plain text otherwise.
    #[default]
    Auto,
    /// Plain text: the first line is text, whatever it looks like.
    Plain,
    /// A scrape: the first non-empty line is the source URL and the next non-empty line the
    /// title.
    Scrape,
}

impl FromStr for Layout {
    type Err = String;

    fn from_str(s: &str) -> Result<Layout, String> {
        match s {
            "auto" => Ok(Layout::Auto),
            "plain" => Ok(Layout::Plain),
            "scrape" => Ok(Layout::Scrape),
            _ => Err(format!("unknown layout {s:?}: it is auto, plain or scrape")),
        }
    }
}

/// Where the URL and title lines of a plain-text scrape are (byte ranges, without the line
/// breaks and surrounding whitespace).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScrapeHeader {
    /// The URL line.
    pub url: Range<usize>,
    /// The title line, when there is a non-empty line after the URL.
    pub title: Option<Range<usize>>,
}

/// The lines of `text` with their byte ranges, each trimmed of surrounding whitespace.
fn lines(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    // `memchr` rather than `str::split`: the core searcher's setup cost more than the scan
    // on news lines.
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    let mut at = 0;
    ends.map(move |end| {
        let start = at;
        let raw = &text[start..end];
        at = end + 1;
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        (start + lead..start + lead + trimmed.len(), raw)
    })
}

/// Finds the URL and title lines of a scrape laid out as `layout` says.
pub fn scrape_header(text: &str, layout: Layout) -> Option<ScrapeHeader> {
    if layout == Layout::Plain {
        return None;
    }
    let mut nonempty = lines(text).filter(|(r, _)| !r.is_empty());
    let (url, _) = nonempty.next()?;
    if layout == Layout::Auto {
        // Line 1 itself, alone on its line.
        let line = &text[url.clone()];
        let first = text.split('\n').next().unwrap_or("").trim();
        let is_url = (line.starts_with("http://") || line.starts_with("https://"))
            && line.len() > 10
            && !line.contains(char::is_whitespace);
        if !is_url || first != line {
            return None;
        }
    }
    let title = nonempty.next().map(|(r, _)| r);
    Some(ScrapeHeader { url, title })
}

/// Lines longer than this are body: furniture is short (a caption with its credit, a
/// reproduction notice), and long lines are not looked at closely.
const MAX_FURNITURE: usize = 700;

/// A rule that decides from one line (trimmed) alone.
pub type LineRule = fn(&str) -> Option<Zone>;

/// What a rule needs besides the line itself before it is tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    /// Nothing: tried on every line short enough to be furniture.
    Nothing,
    /// One of the [`TRIGGERS`] in the line (one search finds them all), so that the many body
    /// lines cost little.
    Trigger,
    /// A line standing alone: a blank line (or other furniture) before it, and a blank line
    /// or the end after it. A line of a wrapped paragraph may end in ". USDA" too.
    Alone,
}

/// A rule that decides from one line alone, with what a line must be for the rule to
/// claim it: [`Rule::may_claim`] is a necessary condition, tested once per line for all the
/// rules together ([`FIRST_BYTE_RULES`]), so that a body line is not handed to each rule in
/// turn (the rules were a quarter of the zone scan's time on news, most of it on lines that
/// no rule could claim).
pub struct Rule {
    pub name: &'static str,
    pub needs: Needs,
    /// The longest line the rule claims, in bytes.
    pub max_len: usize,
    /// The bytes a line it claims can start with, in lower case and compared without regard
    /// to ASCII case; empty for any.
    pub first: &'static [u8],
    pub read: LineRule,
}

impl Rule {
    /// False when the rule cannot claim `line` (trimmed): too long or the wrong first byte.
    pub fn may_claim(&self, line: &str) -> bool {
        let first = line.as_bytes().first().map_or(0, u8::to_ascii_lowercase);
        line.len() <= self.max_len && (self.first.is_empty() || self.first.contains(&first))
    }
}

const ANY: usize = usize::MAX;

/// The rules that need only the line, tried in this order; the first that answers wins.
/// Called directly, every rule checks the line on its own.
pub const LINE_RULES: &[Rule] = &[
    rule("shortcode", Needs::Nothing, ANY, b"[", shortcode),
    rule("read_time", Needs::Nothing, 40, b"0123456789re", read_time),
    rule("read_more", Needs::Nothing, 300, b"rsac", read_more),
    rule("copyright", Needs::Trigger, ANY, b"", copyright),
    rule("advertisement", Needs::Nothing, 45, b"as-", advertisement),
    rule("newsletter", Needs::Nothing, 200, b"sgjnfc", newsletter),
    rule(
        "share_networks",
        Needs::Nothing,
        120,
        b"ftwlprmvsexc",
        share_networks,
    ),
    rule("logo", Needs::Nothing, ANY, b"l", logo),
    rule("content_image", Needs::Nothing, 200, b"c", content_image),
    rule("photo_credit", Needs::Trigger, ANY, b"", photo_credit),
    rule("caps_credit", Needs::Alone, ANY, b"", caps_credit),
    rule("byline", Needs::Nothing, 120, b"brwast", byline),
    rule("outlet_and_date", Needs::Nothing, 80, b"", outlet_and_date),
];

const fn rule(
    name: &'static str,
    needs: Needs,
    max_len: usize,
    first: &'static [u8],
    read: LineRule,
) -> Rule {
    Rule {
        name,
        needs,
        max_len,
        first,
        read,
    }
}

/// For each first byte of a line, the [`LINE_RULES`] that may claim a line starting with it
/// (bit `k` for rule `k`), so that a line tries only those.
static FIRST_BYTE_RULES: [u16; 256] = first_byte_rules();

const fn first_byte_rules() -> [u16; 256] {
    assert!(LINE_RULES.len() <= 16);
    let mut table = [0u16; 256];
    let mut b = 0;
    while b < 256 {
        let lower = (b as u8).to_ascii_lowercase();
        let mut k = 0;
        while k < LINE_RULES.len() {
            let first = LINE_RULES[k].first;
            let mut admits = first.is_empty();
            let mut j = 0;
            while j < first.len() {
                admits |= first[j] == lower;
                j += 1;
            }
            if admits {
                table[b] |= 1 << k;
            }
            k += 1;
        }
        b += 1;
    }
    table
}

/// Pieces of words without which neither a copyright notice nor a photo credit is written
/// (`rmission` of "permission", `rved` of "All rights reserved"), in the cases they are
/// written in: a case-sensitive search has a fast vectorized prefilter, and pieces that start
/// with letter pairs rare in running text ("rm", "rv", "Ph") leave it few false candidates.
pub const TRIGGERS: &[&str] = &[
    "©",
    "Copyright",
    "COPYRIGHT",
    "(c) ",
    "(C) ",
    "rmission",
    "RMISSION",
    "rved",
    "RVED",
    "No part",
    "NO PART",
    "Photo",
    "PHOTO",
    "Picture:",
    "Image:",
    "Credit:",
    "Supplied",
];

/// The [`TRIGGERS`] of a whole text, in order: searched once per document, where a search
/// per line cost more in setting up than in scanning (news lines are short).
type Triggers<'t> = std::iter::Peekable<aho_corasick::FindIter<'static, 't>>;

fn find_triggers(text: &str) -> Option<Triggers<'_>> {
    static SEARCHER: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::OnceLock::new();
    let searcher = SEARCHER.get_or_init(|| {
        // Leftmost semantics let the search use its vectorized prefilter where it can.
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(TRIGGERS)
            .ok()
    });
    // Never `None`: the patterns are fixed; every line would then be tried.
    searcher.as_ref().map(|ac| ac.find_iter(text).peekable())
}

/// The zones of `text`. `header` marks the URL and title lines of a scrape
/// ([`scrape_header`]); `title` is the document's title when its metadata has one (a line
/// equal to it is the headline, and boilerplate when shown again).
pub fn zones(text: &str, header: Option<&ScrapeHeader>, title: Option<&str>) -> Zones {
    let mut scan = Scan {
        text,
        title: header
            .and_then(|h| h.title.clone())
            .map(|r| &text[r])
            .or(title.map(str::trim))
            .filter(|t| !t.is_empty()),
        out: Zones::default(),
        triggers: find_triggers(text),
        seen_title: false,
        headline_open: header.is_none() && title.is_none(),
        after: After::Nothing,
        blank_before: true,
        pending_bullet: None,
        last_zone: None,
    };
    let mut iter = lines(text).peekable();
    while let Some((range, raw)) = iter.next() {
        let next_starts_lower = iter.peek().is_some_and(|(r, _)| {
            text[r.clone()]
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
        });
        let next_blank = iter.peek().is_none_or(|(r, _)| r.is_empty());
        if let Some(h) = header {
            if range == h.url {
                scan.mark(Zone::Url, range);
                continue;
            }
            if Some(&range) == h.title.as_ref() {
                scan.seen_title = true;
                scan.mark(Zone::Headline, range);
                continue;
            }
        }
        scan.line(range, raw, next_blank, next_starts_lower);
    }
    scan.out
}

/// What the lines before have opened.
#[derive(Clone, Copy, PartialEq, Eq)]
enum After {
    Nothing,
    /// A "Related Articles" heading: the list after it is boilerplate. `started` once a
    /// list line was seen (a blank line then closes the list).
    Related {
        started: bool,
    },
    /// "Share this:": lines of network names follow.
    Share,
    /// A bulleted item without final punctuation: another item, or an indented teaser, makes
    /// the list a related-articles list.
    Bullet,
}

struct Scan<'t> {
    text: &'t str,
    title: Option<&'t str>,
    out: Zones,
    /// The trigger words not yet passed (`None`: try every line as if it had one).
    triggers: Option<Triggers<'t>>,
    seen_title: bool,
    /// No headline yet, and none known from the metadata: the first line may be one.
    headline_open: bool,
    after: After,
    blank_before: bool,
    /// A bulleted item not yet known to be boilerplate.
    pending_bullet: Option<Range<usize>>,
    /// The zone of the last non-empty line (`None` for body), to join neighbours.
    last_zone: Option<Zone>,
}

impl Scan<'_> {
    fn mark(&mut self, zone: Zone, range: Range<usize>) {
        let joined = self.last_zone == Some(zone);
        self.out.push(zone, range, joined);
        self.last_zone = Some(zone);
        self.blank_before = false;
    }

    fn body(&mut self) {
        self.last_zone = None;
        self.blank_before = false;
        self.headline_open = false;
    }

    fn line(&mut self, range: Range<usize>, raw: &str, next_blank: bool, next_lower: bool) {
        if range.is_empty() {
            self.blank_before = true;
            if let After::Related { started: true } = self.after {
                self.after = After::Nothing;
            }
            return;
        }
        let line = &self.text[range.clone()];
        if line.len() > MAX_FURNITURE {
            self.after = After::Nothing;
            self.pending_bullet = None;
            return self.body();
        }
        if let Some(zone) = self.in_context(line, raw) {
            return self.mark(zone, range);
        }
        if let Some(zone) = self.title_line(line) {
            return self.mark(zone, range);
        }
        if related_heading(line) {
            self.after = After::Related { started: false };
            return self.mark(Zone::Boilerplate, range);
        }
        if share_heading(line) {
            self.after = After::Share;
            return self.mark(Zone::Boilerplate, range);
        }
        if let Some(spans) = caption_shortcode(line) {
            for (zone, r) in spans {
                self.mark(zone, range.start + r.start..range.start + r.end);
            }
            return;
        }
        // Only lines short enough to be furniture get here: searched once for the words.
        let triggered = self.has_trigger(range.clone());
        let alone = (self.blank_before || self.last_zone.is_some()) && next_blank;
        let mut candidates = FIRST_BYTE_RULES[usize::from(line.as_bytes()[0])];
        while candidates != 0 {
            let rule = &LINE_RULES[candidates.trailing_zeros() as usize];
            candidates &= candidates - 1;
            let ready = match rule.needs {
                Needs::Nothing => true,
                Needs::Trigger => triggered,
                Needs::Alone => alone,
            };
            if ready && line.len() <= rule.max_len {
                if let Some(zone) = (rule.read)(line) {
                    return self.mark(zone, range);
                }
            }
        }
        if bullet_item(line) {
            self.after = After::Bullet;
            self.pending_bullet = Some(range);
            return self.body();
        }
        if self.headline_open
            && headline_shaped(line)
            && (next_blank || !next_lower && !runs_on(line))
        {
            self.headline_open = false;
            self.seen_title = true;
            self.title = Some(line);
            return self.mark(Zone::Headline, range);
        }
        self.after = After::Nothing;
        self.body()
    }

    /// Whether the line at `range` holds a trigger word. Lines are asked in text order: the
    /// words before it are passed for good. No trigger holds a line break, so a word
    /// found in the text is one a search of the line alone finds.
    fn has_trigger(&mut self, range: Range<usize>) -> bool {
        let Some(triggers) = &mut self.triggers else {
            return true;
        };
        while triggers.next_if(|m| m.start() < range.start).is_some() {}
        triggers.peek().is_some_and(|m| m.end() <= range.end)
    }

    /// A line the lines before make furniture: the list after a related heading, network
    /// names after a share prompt, the items and teasers of a bulleted list.
    fn in_context(&mut self, line: &str, raw: &str) -> Option<Zone> {
        match self.after {
            After::Related { started } => {
                // Right after the heading, or its first block after a blank line; list lines
                // are titles, not paragraphs.
                if (started || !self.blank_before || line.len() <= 200) && line.len() <= 300 {
                    self.after = After::Related { started: true };
                    return Some(Zone::Boilerplate);
                }
                self.after = After::Nothing;
                None
            }
            After::Share if network_names(line, true) => Some(Zone::Boilerplate),
            After::Bullet => {
                let teaser = raw.starts_with(char::is_whitespace) && !bullet_item(line);
                if bullet_item(line) || teaser {
                    if let Some(first) = self.pending_bullet.take() {
                        self.mark(Zone::Boilerplate, first);
                    }
                    if bullet_item(line) {
                        // Stays in the list; a later teaser confirms this one too.
                        self.after = After::Bullet;
                        self.pending_bullet = None;
                    }
                    return Some(Zone::Boilerplate);
                }
                self.after = After::Nothing;
                self.pending_bullet = None;
                None
            }
            _ => None,
        }
    }

    /// The title line: the headline the first time, boilerplate when shown again.
    fn title_line(&mut self, line: &str) -> Option<Zone> {
        let title = self.title?;
        if line != title && !(line.len() == title.len() && line.eq_ignore_ascii_case(title)) {
            return None;
        }
        self.headline_open = false;
        if self.seen_title {
            Some(Zone::Boilerplate)
        } else {
            self.seen_title = true;
            Some(Zone::Headline)
        }
    }
}

/// Ends like a sentence: `.`, `!`, `?`, `…`, the Khmer `។`, possibly inside quotes.
fn ends_like_sentence(line: &str) -> bool {
    let end = line.trim_end_matches(['"', '\'', '”', '’', ')', ']']);
    end.ends_with(['.', '!', '?', '…', '។', ':', ';', ','])
}

/// The first line of a document that looks like a headline: short, starting in capitals,
/// not ending like a sentence.
fn headline_shaped(line: &str) -> bool {
    let starts = line
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'".contains(c));
    line.len() <= 250 && starts && !ends_like_sentence(line) && line.split(' ').count() <= 30
        || line.ends_with('?') && line.len() <= 150 && starts
}

/// A first line that is the start of a paragraph wrapped onto the next line, not a title: it
/// opens with a dateline ("NEW YORK, March 18 - American Express Co climbed 2-1/2 to") or ends
/// on a word no title ends on ("... agreed to sell its stake in the").
fn runs_on(line: &str) -> bool {
    opens_with_dateline(line)
        || line
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.len() <= 5 && ends_nothing(&w.to_ascii_lowercase()))
}

/// "NEW YORK, March 18 - ", "PHNOM PENH (Reuters) - ", "BAVET, Svay Rieng – ": a place in
/// capitals, a comma or a bracket, and a dash soon after.
fn opens_with_dateline(line: &str) -> bool {
    let Some(cut) = line.find([',', '(']) else {
        return false;
    };
    let place = line[..cut].trim_end();
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = place
        .chars()
        .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\'' | '’'));
    let dash = line[cut..]
        .char_indices()
        .take_while(|&(i, _)| i <= 60)
        .any(|(i, c)| matches!(c, '-' | '–' | '—') && line[cut..][..i].ends_with(' '));
    letters >= 3 && capitals && dash
}

/// Words that join what comes after them, so that no title ends on them.
fn ends_nothing(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "the"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "from"
            | "by"
            | "and"
            | "or"
            | "that"
            | "its"
            | "their"
            | "his"
            | "her"
            | "was"
            | "were"
            | "is"
            | "are"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "which"
            | "who"
    )
}

/// `[responsivevoice_button voice="US English Female"]`, `[/caption]`, `[gallery ids="1,2"]`:
/// a WordPress shortcode alone on its line.
pub fn shortcode(line: &str) -> Option<Zone> {
    let inner = line.strip_prefix('[')?.strip_suffix(']')?;
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let name_len = inner
        .find(|c: char| !(c.is_ascii_lowercase() || c == '_' || c == '-' || c.is_ascii_digit()))
        .unwrap_or(inner.len());
    let (name, rest) = inner.split_at(name_len);
    if name.len() < 2 || !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return None;
    }
    // "[responsivevoice_button]" or "[gallery ids=...]"; not "[in terms of this]".
    let attrs = rest.starts_with(' ') && rest.contains('=');
    (rest.is_empty() && (name.contains('_') || line.len() <= 30) || attrs)
        .then_some(Zone::Boilerplate)
}

/// `[caption id="attachment_9" width="800"]Police at the gate. Photo: X[/caption]`: the tags
/// are boilerplate, the text between them a caption. Ranges are relative to the line.
fn caption_shortcode(line: &str) -> Option<Vec<(Zone, Range<usize>)>> {
    if !line.starts_with("[caption") {
        return None;
    }
    let open_end = line.find(']')? + 1;
    let close = line.rfind("[/caption]").filter(|&c| c >= open_end);
    let text_end = close.unwrap_or(line.len());
    // An <img ...> tag left inside the shortcode is part of the furniture.
    let text_start = match line[open_end..text_end].rfind('>') {
        Some(gt) if line[open_end..].starts_with('<') => open_end + gt + 1,
        _ => open_end,
    };
    let text = &line[text_start..text_end];
    let lead = text.len() - text.trim_start().len();
    let text_range = text_start + lead..text_start + text.trim_end().len();
    let mut spans = vec![(Zone::Boilerplate, 0..text_range.start.max(open_end))];
    if !text_range.is_empty() {
        spans.push((Zone::Caption, text_range.clone()));
    }
    if let Some(c) = close {
        spans.push((Zone::Boilerplate, c..line.len()));
    }
    Some(spans)
}

/// "3 min read", "5 minute read", "Reading time: 4 minutes".
pub fn read_time(line: &str) -> Option<Zone> {
    if line.len() > 40 {
        return None;
    }
    let lower = line.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("reading time:")
        .or_else(|| lower.strip_prefix("estimated reading time:"))
        .or_else(|| lower.strip_prefix("read time:"))
        .map(str::trim_start);
    let (number_first, rest) = match rest {
        Some(r) => (false, r),
        None => (true, lower.as_str()),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let unit = rest[digits..].trim_start();
    let unit = ["minutes", "minute", "mins", "min"]
        .iter()
        .find_map(|u| unit.strip_prefix(u))?;
    let tail = unit.trim();
    let ok = if number_first {
        tail == "read" || tail == "reading" || tail == "read time"
    } else {
        tail.is_empty() || tail == "read"
    };
    ok.then_some(Zone::Boilerplate)
}

/// Headings of lists of other articles: "Related Articles", "Read more", "You may also like".
fn related_heading(line: &str) -> bool {
    if line.len() > 40 {
        return false;
    }
    let lower = line.trim_end_matches([':', '.']).trim();
    const HEADINGS: &[&str] = &[
        "related articles",
        "related article",
        "related",
        "related stories",
        "related news",
        "related posts",
        "related content",
        "related links",
        "related topics",
        "read more",
        "read also",
        "also read",
        "see also",
        "more stories",
        "more news",
        "more from this section",
        "you may also like",
        "you might also like",
        "recommended",
        "recommended for you",
        "most read",
        "most popular",
        "trending",
        "trending now",
        "latest news",
        "top stories",
    ];
    HEADINGS.iter().any(|h| h.eq_ignore_ascii_case(lower))
}

/// "Read more: Thai embassy sets up help desk", "Related: ...", "See also: ...".
pub fn read_more(line: &str) -> Option<Zone> {
    let first = line.as_bytes().first().map(u8::to_ascii_lowercase);
    if line.len() > 300 || !matches!(first, Some(b'r' | b's' | b'a' | b'c')) {
        return None;
    }
    const PREFIXES: &[&str] = &[
        "read more:",
        "related:",
        "see also:",
        "also read:",
        "read also:",
        "read more >>",
        "read more »",
        "read the full story",
        "click here to read",
    ];
    PREFIXES
        .iter()
        .any(|p| starts_with_ci(line, p))
        .then_some(Zone::Boilerplate)
}

/// `line` starts with `prefix` (lower case, ASCII), whatever the case of its letters.
fn starts_with_ci(line: &str, prefix: &str) -> bool {
    line.len() >= prefix.len()
        && line.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Copyright and reproduction notices: "© 2022 Mekong Ledger. All rights reserved.", "No
/// part of this article may be reproduced ...", "This article is the property of ...".
pub fn copyright(line: &str) -> Option<Zone> {
    // Every notice has one of these; most lines have none. (`str::contains` is a vectorized
    // search: a few of them cost less than one pass by hand.)
    let maybe = line.contains('©')
        || starts_with_ci(line, "copyright")
        || starts_with_ci(line, "(c) ")
        || [
            "ermission",
            "ERMISSION",
            "eserved",
            "ESERVED",
            "eproduced",
            "o part of",
        ]
        .iter()
        .any(|n| line.contains(n));
    if !maybe {
        return None;
    }
    let lower = line.to_lowercase();
    let short = line.len() <= 200;
    let notice = line.starts_with('©')
        || short && (lower.starts_with("copyright") || lower.starts_with("(c) "))
        || lower.contains("all rights reserved")
            && (line.len() <= 100 || line.contains('©') || lower.contains("copyright"))
        || lower.contains("no part of this")
            && (lower.contains("reproduced") || lower.contains("copied"))
        || lower.contains("the property of") && lower.contains("permission")
        || (lower.contains("this article") || lower.contains("this content"))
            && lower.contains("without")
            && lower.contains("permission");
    notice.then_some(Zone::Boilerplate)
}

/// "Advertisement" and its kin, alone on a line.
pub fn advertisement(line: &str) -> Option<Zone> {
    if line.len() > 45 {
        return None;
    }
    const ADS: &[&str] = &[
        "advertisement",
        "advertisements",
        "advertising",
        "sponsored",
        "sponsored content",
        "scroll to continue",
        "scroll to continue with content",
        "story continues below advertisement",
        "article continues below",
        "- advertisement -",
    ];
    ADS.iter()
        .any(|a| a.eq_ignore_ascii_case(line.trim()))
        .then_some(Zone::Boilerplate)
}

/// "Sign up for our newsletter", "Subscribe to ...", "Follow us on Telegram".
pub fn newsletter(line: &str) -> Option<Zone> {
    // A prompt starts a line in capitals; "subscribe to ..." in lower case is a wrapped line.
    let first = line.as_bytes().first();
    if line.len() > 200 || !matches!(first, Some(b'S' | b'G' | b'J' | b'N' | b'F' | b'C')) {
        return None;
    }
    const PREFIXES: &[&str] = &[
        "sign up for our",
        "sign up to our",
        "sign up for the",
        "subscribe to",
        "subscribe for",
        "subscribe now",
        "subscribe today",
        "get our newsletter",
        "join our newsletter",
        "newsletter sign",
        "follow us on",
        "click here to subscribe",
        "get the latest news",
    ];
    let bare = line.trim_end_matches(['.', '!']);
    let prompt = PREFIXES.iter().any(|p| starts_with_ci(line, p))
        || bare.eq_ignore_ascii_case("subscribe")
        || bare.eq_ignore_ascii_case("newsletter");
    prompt.then_some(Zone::Boilerplate)
}

/// A name of a network that share buttons show ("facebook", in lower case): `Some(true)` for
/// the unmistakable ones, `Some(false)` for those that are network names only among others
/// ("x", "print"). One `match`: it compares a word with the names of its length only.
fn network(word: &[u8]) -> Option<bool> {
    match word {
        b"facebook" | b"twitter" | b"telegram" | b"whatsapp" | b"linkedin" | b"pinterest"
        | b"reddit" | b"tumblr" | b"messenger" | b"viber" | b"skype" | b"email" | b"e-mail" => {
            Some(true)
        }
        b"pocket" | b"x" | b"print" | b"line" | b"share" | b"tweet" | b"copy" | b"link"
        | b"more" => Some(false),
        _ => None,
    }
}

/// A line of share buttons: only network names ("Facebook Twitter LinkedIn"). `weak`
/// accepts a line of weak names only ("X", "Print"), as after "Share this:".
fn network_names(line: &str, weak: bool) -> bool {
    if line.len() > 120 {
        return false;
    }
    // Most lines end here: their first word is no network's name.
    let bytes = line.as_bytes();
    let end = bytes
        .iter()
        .take(10)
        .position(|&b| b == b' ' || b == b'|' || b == b',');
    let first = match end {
        Some(end) => &bytes[..end],
        None if bytes.len() <= 10 => bytes,
        None => return false,
    };
    if network_in_any_case(first).is_none() {
        return false;
    }
    let mut strong = false;
    let mut any = false;
    for word in line.split(|c: char| c.is_whitespace() || "|,•·/".contains(c)) {
        if word.is_empty() {
            continue;
        }
        match network_in_any_case(word.as_bytes()) {
            Some(unmistakable) => strong |= unmistakable,
            None => return false,
        }
        any = true;
    }
    any && (strong || weak)
}

/// [`network`] of `word` in any case ("Facebook", "WhatsApp").
fn network_in_any_case(word: &[u8]) -> Option<bool> {
    const LONGEST: usize = 9;
    if word.len() > LONGEST {
        return None;
    }
    let mut lower = [0u8; LONGEST];
    lower[..word.len()].copy_from_slice(word);
    lower.make_ascii_lowercase();
    network(&lower[..word.len()])
}

/// A line of share buttons, "Facebook Twitter LinkedIn".
pub fn share_networks(line: &str) -> Option<Zone> {
    network_names(line, false).then_some(Zone::Boilerplate)
}

/// "Share this:", "Like this:", "Like Loading...".
fn share_heading(line: &str) -> bool {
    if line.len() > 30 {
        return false;
    }
    let bare = line.trim_end_matches([':', '.', '…']).trim();
    [
        "share this",
        "share this article",
        "share this story",
        "share",
        "share on",
        "like this",
        "like loading",
        "spread the word",
    ]
    .iter()
    .any(|h| h.eq_ignore_ascii_case(bare))
}

/// "Logo of Kampuchea Herald ...": an image's alternative text.
pub fn logo(line: &str) -> Option<Zone> {
    (line.starts_with("Logo of ") || line.starts_with("logo of ")).then_some(Zone::Boilerplate)
}

/// "Content image - Kampuchea Herald": the alternative text of a photo, with its credit.
pub fn content_image(line: &str) -> Option<Zone> {
    (line.len() <= 200 && line.starts_with("Content image")).then_some(Zone::Caption)
}

/// A caption ending in a credit: "... on Sept. 19. Photo: Provincial Police", "... Photo from
/// the Facebook page of X.", "(Photo: X)".
pub fn photo_credit(line: &str) -> Option<Zone> {
    const MARKERS: &[&str] = &[
        "Photo:",
        "Photos:",
        "PHOTO:",
        "Photo by ",
        "Photos by ",
        "Photo from ",
        "Photo courtesy",
        "Photo credit",
        "Photograph:",
        "Picture:",
        "Image:",
        "Credit:",
        "Supplied photo",
    ];
    // The credit ends the line: only its last bytes can hold the marker.
    let mut from = line.len().saturating_sub(140);
    while !line.is_char_boundary(from) {
        from += 1;
    }
    let tail = &line.as_bytes()[from..];
    let found = (0..tail.len()).rev().find_map(|i| {
        let at = matches!(tail[i], b'P' | b'I' | b'C' | b'S')
            .then(|| MARKERS.iter().find(|m| tail[i..].starts_with(m.as_bytes())))
            .flatten()?;
        Some((from + i, *at))
    });
    if let Some((at, marker)) = found {
        let before = line[..at].trim_end();
        let opens = before.is_empty() || before.ends_with(['.', '(', '|', '–', '—', '-', '”', '"']);
        let credit = &line[at + marker.len()..];
        // The credit ends the line: a short name, not a sentence going on.
        let short = credit.len() <= 120 && !credit.trim_end_matches(['.', ')']).contains(". ");
        if opens && short {
            return Some(Zone::Caption);
        }
    }
    None
}

/// A caption ending in an all-capitals credit after its full stop: "... on September 29.
/// SPM", "... on August 9. INTERIOR MINISTRY".
pub fn caps_credit(line: &str) -> Option<Zone> {
    if !line.ends_with(char::is_uppercase) {
        return None;
    }
    // The credit is short: only the line's last bytes can hold its full stop.
    let bytes = line.as_bytes();
    let from = bytes.len().saturating_sub(64);
    let cut = (from..bytes.len().saturating_sub(1))
        .rev()
        .find(|&i| bytes[i] == b'.' && bytes[i + 1] == b' ')?;
    let credit = line[cut + 2..].trim();
    let letters = credit.chars().filter(|c| c.is_alphabetic()).count();
    let caps = credit
        .chars()
        .all(|c| c.is_uppercase() || " /&-.’'".contains(c) || c.is_ascii_digit());
    let sentence_before = line[..cut].split(' ').count() >= 4;
    (letters >= 2 && credit.len() <= 60 && caps && !credit.ends_with('.') && sentence_before)
        .then_some(Zone::Caption)
}

/// Words a person's name in a byline may have besides capitalized ones.
const NAME_JOINERS: &[&str] = &["and", "&", "de", "van", "von", "bin", "binti", "da", "la"];

/// "By Sok Dara | Mekong Ledger", "By Chea Malis and Lim Sothy", "Reporter: Ly Sreypich".
pub fn byline(line: &str) -> Option<Zone> {
    let first = line.as_bytes().first();
    if line.len() > 120 || !matches!(first, Some(b'B' | b'R' | b'W' | b'A' | b'S' | b'T')) {
        return None;
    }
    const PREFIXES: &[&str] = &[
        "By ",
        "BY ",
        "Reporter: ",
        "Reporters: ",
        "Reported by ",
        "Written by ",
        "Author: ",
        "Story by ",
        "Words by ",
        "Text by ",
    ];
    let rest = PREFIXES.iter().find_map(|p| line.strip_prefix(p))?;
    // The name, before an outlet ("| Mekong Ledger", "— Angkor Wire", ", Reuters").
    let name = rest
        .split(['|', '—', '–', ','])
        .next()
        .unwrap_or(rest)
        .trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let named = !words.is_empty()
        && words.len() <= 8
        && words[0].starts_with(char::is_uppercase)
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase) && !w.contains(|c: char| c.is_ascii_digit())
                || NAME_JOINERS.contains(w)
        });
    (named && (!rest.trim_end().ends_with(['.', '!', '?']) || rest.ends_with(" Jr.")))
        .then_some(Zone::Byline)
}

/// An outlet and a date on their own line: "Riverside Daily — November 15, 2022".
pub fn outlet_and_date(line: &str) -> Option<Zone> {
    // A digit is one byte: the last byte says it, without decoding the last character.
    if line.len() > 80 || !line.as_bytes().last().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    // One pass for what the separators share ('|', the first byte of '—' and '–') before
    // three searches for them: many lines of figures end in a digit.
    if !line.bytes().any(|b| b == b'|' || b == 0xE2) {
        return None;
    }
    let (outlet, date) = line
        .split_once(" — ")
        .or_else(|| line.split_once(" – "))
        .or_else(|| line.split_once(" | "))?;
    let outlet_ok = outlet.split_whitespace().count() <= 5
        && outlet.starts_with(char::is_uppercase)
        && !outlet.ends_with(['.', ',']);
    let date_ok =
        crate::dates::written_date(date.trim()).is_some_and(|(_, used)| used == date.trim().len());
    (outlet_ok && date_ok).then_some(Zone::Byline)
}

/// A list item of a bulleted list, without final punctuation (a teaser's headline).
fn bullet_item(line: &str) -> bool {
    line.starts_with(['•', '▪', '◦', '‣', '·']) && !ends_like_sentence(line) && line.len() <= 250
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each line of `text` with its zone, as `zone: line` (body lines included).
    fn zoned(text: &str, title: Option<&str>) -> Vec<String> {
        let header = scrape_header(text, Layout::Auto);
        let z = zones(text, header.as_ref(), title);
        lines(text)
            .filter(|(r, _)| !r.is_empty())
            .map(|(r, _)| format!("{}: {}", z.zone_at(r.start), &text[r]))
            .collect()
    }

    fn rule(name: &str) -> &'static Rule {
        LINE_RULES.iter().find(|r| r.name == name).unwrap()
    }

    /// `name` gives `zone` on every line of `yes` and nothing on every line of `no`; its
    /// table entry lets every line of `yes` through.
    fn check(name: &str, zone: Zone, yes: &[&str], no: &[&str]) {
        let rule = rule(name);
        for line in yes {
            assert_eq!(
                (rule.read)(line),
                Some(zone),
                "{name} should claim {line:?}"
            );
            assert!(
                rule.may_claim(line),
                "{name}'s table entry turns {line:?} away"
            );
        }
        for line in no {
            assert_eq!(
                (rule.read)(line),
                None,
                "{name} should leave {line:?} alone"
            );
        }
    }

    #[test]
    fn shortcodes() {
        check(
            "shortcode",
            Zone::Boilerplate,
            &[
                "[responsivevoice_button voice=\"UK English Male\" buttontext=\"Listen\"]",
                "[responsivevoice_button]",
                "[/caption]",
                "[gallery ids=\"112,113,118\"]",
                "[toc]",
            ],
            &[
                "[in terms of debt] he said.",
                "[Editor's note: the figures were revised]",
                "[TIP]",
                "[an estimated 400 people had left]",
            ],
        );
    }

    #[test]
    fn caption_shortcodes_keep_their_text_as_a_caption() {
        let line = "[caption id=\"attachment_5521\" align=\"alignnone\" width=\"900\"]<img src=\"a.jpg\" /> Rescued workers sit outside the district office in Bavet on June 3. Photo: Chea Malis[/caption]";
        let text = format!("Headline Here\n\n{line}\n\nBody text goes here.");
        let z = zones(&text, None, None);
        let caption = text.find("Rescued").unwrap();
        assert_eq!(
            z.zone_at(text.find("attachment_5521").unwrap()),
            Zone::Boilerplate
        );
        assert_eq!(z.zone_at(text.find("900").unwrap()), Zone::Boilerplate);
        assert_eq!(z.zone_at(caption), Zone::Caption);
        assert_eq!(z.zone_at(text.find("June 3").unwrap()), Zone::Caption);
        assert_eq!(
            z.zone_at(text.find("[/caption]").unwrap() + 2),
            Zone::Boilerplate
        );
        let span = z.spans().iter().find(|s| s.zone == Zone::Caption).unwrap();
        assert_eq!(
            &text[span.start..span.end],
            "Rescued workers sit outside the district office in Bavet on June 3. Photo: Chea Malis"
        );
    }

    #[test]
    fn read_time_lines() {
        check(
            "read_time",
            Zone::Boilerplate,
            &[
                "3 min read",
                "12 mins read",
                "1 minute read",
                "Reading time: 4 minutes",
                "5 MIN READ",
            ],
            &[
                "3 min",
                "It took 3 min to read the verdict.",
                "Read time",
                "2000 minutes read aloud",
            ],
        );
    }

    #[test]
    fn read_more_lines() {
        check(
            "read_more",
            Zone::Boilerplate,
            &[
                "Read more: Court hears appeal of casino guards in Bavet",
                "Related: Province opens second shelter for returnees",
                "READ MORE: Kampot fishermen home after two years",
                "See also: How the hotline works",
            ],
            &[
                "Read more about the survey on the ministry's website, she said.",
                "Related charges were filed against two managers.",
            ],
        );
    }

    #[test]
    fn copyright_and_reproduction_notices() {
        check(
            "copyright",
            Zone::Boilerplate,
            &[
                "© 2024 Mekong Ledger. All rights reserved.",
                "Copyright © Riverside Daily 2021",
                "Copyright 2020 Angkor Wire",
                "KH Daily. No part of this article may be reproduced in print, electronically or broadcast without written permission. KH Daily accepts no liability for misuse.",
                "This story is the property of Angkor Wire and may not be republished without permission.",
                "This article may not be copied or redistributed without the written permission of the publisher.",
            ],
            &[
                "The ministry said it would ask for changes to the copyright law next year.",
                "Reporters need permission to enter the compound, police said.",
                "He said all rights reserved for citizens would be protected under the new law, which runs to 140 articles and several annexes passed by the assembly on Friday.",
            ],
        );
    }

    #[test]
    fn advertisements_and_newsletters() {
        check(
            "advertisement",
            Zone::Boilerplate,
            &[
                "Advertisement",
                "ADVERTISEMENT",
                "Story continues below advertisement",
            ],
            &[
                "Advertisements promising high wages lured them.",
                "Sponsored by the EU, the programme",
            ],
        );
        check(
            "newsletter",
            Zone::Boilerplate,
            &[
                "Sign up for our newsletter",
                "Subscribe to the Morning Briefing for the day's top stories",
                "Subscribe",
                "Follow us on Telegram for breaking news",
            ],
            &[
                "subscribe to buy an additional 40 pct of the common stock of",
                "Subscribers to the service received a warning text.",
                "Sign-ups for the programme doubled in March.",
            ],
        );
    }

    #[test]
    fn share_prompts() {
        check(
            "share_networks",
            Zone::Boilerplate,
            &[
                "Facebook Twitter LinkedIn",
                "Facebook",
                "WhatsApp | Telegram | Email",
            ],
            &["X", "Print", "Facebook said it removed 40 pages.", "Line 4"],
        );
        let text = "Body paragraph ends here.\n\nShare this:\nX\nFacebook\nPrint\nLike this:\nLike Loading...";
        assert_eq!(
            zoned(text, None),
            [
                "body: Body paragraph ends here.",
                "boilerplate: Share this:",
                "boilerplate: X",
                "boilerplate: Facebook",
                "boilerplate: Print",
                "boilerplate: Like this:",
                "boilerplate: Like Loading...",
            ]
        );
    }

    #[test]
    fn logos_and_content_images() {
        check(
            "logo",
            Zone::Boilerplate,
            &["Logo of Riverside Daily newspaper Riverside Daily - Floods cut road to Kratie"],
            &["Logos of the two companies were painted over."],
        );
        check(
            "content_image",
            Zone::Caption,
            &["Content image - Riverside Daily"],
            &["Contents of the report were leaked."],
        );
    }

    #[test]
    fn photo_credits() {
        check(
            "photo_credit",
            Zone::Caption,
            &[
                "Workers queue at the Bavet checkpoint on Monday. Photo: Provincial Police",
                "Villagers rebuild a house in Kratie on July 4. Photo from the Facebook page of the provincial hall.",
                "A boat leaves Koh Kong harbour (Photo: Heng Vuthy)",
                "Photo: Ministry of Labour",
                "Officers at the scene. Photo by Lim Sothy / Angkor Wire",
            ],
            &[
                "He said the photo from the scene showed 12 people.",
                "The Photo: an exhibition of press pictures opened in 2019 and drew 4,000 visitors who came from all over the country to see it.",
                "Police shared a photo: it showed three men at the gate.",
            ],
        );
    }

    #[test]
    fn capital_letter_credits() {
        check(
            "caps_credit",
            Zone::Caption,
            &[
                "Deputy governor Kim Rithy speaks at the launch of the hotline on May 2. SPM",
                "Officials inspect a bus at the border on March 3. INTERIOR MINISTRY",
                "Families wait outside the court in Takeo. AKP / KAMPUCHEA HERALD",
            ],
            &[
                "The committee met on Monday. It will meet again on Friday.",
                "The report was released by the NCCT.",
                "Police said. OK",
                "He works for the IOM. UNODC also sent staff to the meeting on Friday.",
            ],
        );
    }

    #[test]
    fn a_capital_credit_needs_a_line_of_its_own() {
        let caption = "Officials inspect a bus at the border on March 3. INTERIOR MINISTRY";
        let text = format!("Body paragraph one.\n\n{caption}\n\nBody paragraph two.");
        assert_eq!(zoned(&text, None)[1], format!("caption: {caption}"));
        // Wrapped text whose line ends where the next sentence starts with an acronym.
        let text = "Exports rose to 15.70 mln tonnes, vs 15.70 mln tonnes last month. USDA\n\
                    officials said the estimate would be revised in May.";
        assert!(zoned(text, None).iter().all(|l| l.starts_with("body")));
        // A subheading glued to the last line of a list of paragraphs.
        let text =
            " - The clubs first met in 1888.\n - Both were founded in 1875. HEAD TO HEAD\n\n16th";
        assert!(
            zoned(text, None)[1].starts_with("body"),
            "{:?}",
            zoned(text, None)
        );
    }

    #[test]
    fn bylines() {
        check(
            "byline",
            Zone::Byline,
            &[
                "By Sok Dara | Mekong Ledger",
                "By Chea Malis",
                "By Neang Sreyleak and Lim Sothy",
                "Reporter: Ly Sreypich",
                "BY HENG VUTHY",
            ],
            &[
                "By the end of the year, 400 workers had left.",
                "By Monday, police had freed 12 people.",
                "By 2025 the ministry hopes to open 25 desks.",
                "By Sok Dara.",
            ],
        );
        check(
            "outlet_and_date",
            Zone::Byline,
            &[
                "Riverside Daily — November 15, 2022",
                "Angkor Wire – 3 March 2023",
            ],
            &[
                "Police — on November 15, 2022 — raided the site",
                "Phnom Penh — a city of two million people",
            ],
        );
    }

    #[test]
    fn related_lists_and_bullets() {
        let text = "Officials said 12 people were rescued.\n\nRelated Articles\nBattambang man charged over fake jobs\nPort city hotels report drop in guests\n\n© 2023 Angkor Wire";
        assert_eq!(
            zoned(text, None),
            [
                "body: Officials said 12 people were rescued.",
                "boilerplate: Related Articles",
                "boilerplate: Battambang man charged over fake jobs",
                "boilerplate: Port city hotels report drop in guests",
                "boilerplate: © 2023 Angkor Wire",
            ]
        );
        // A heading, a blank line, then the list.
        let text = "Body text of the article ends here.\n\nRead More\n\nKratie floods cut roads\nTwo held over fake visas\n\nThe last paragraph is body again, a full sentence of some length that is not a list.";
        let z = zoned(text, None);
        assert_eq!(z[2], "boilerplate: Kratie floods cut roads");
        assert_eq!(z[4].split(':').next(), Some("body"));
        // Bullets with teasers, indented.
        let text = "He said the plan would start in May.\n\n  • Kampot officials close recruitment office\n\n    Officials in Kampot have closed an office that recruited workers for jobs in\n\n  • Tourist arrivals rebound as borders reopen\n";
        assert!(
            zoned(text, None)[1..]
                .iter()
                .all(|l| l.starts_with("boilerplate")),
            "{:?}",
            zoned(text, None)
        );
        // One bullet inside the body stays body.
        let text =
            "The plan has three parts:\n\n• a hotline open day and night\n\nIt starts in May.";
        assert!(zoned(text, None).iter().all(|l| l.starts_with("body")));
    }

    #[test]
    fn headlines_and_repeated_titles() {
        let text = "Logo of Kampuchea Herald Kampuchea Herald - Court Jails Two Brokers\n\nCourt Jails Two Brokers\n\nContent image - Kampuchea Herald\nJudges arrive at the Takeo court on May 2. KAMPUCHEA HERALD\n\nCourt Jails Two Brokers\n\nThe Takeo court jailed two brokers on Tuesday.";
        assert_eq!(
            zoned(text, None),
            [
                "boilerplate: Logo of Kampuchea Herald Kampuchea Herald - Court Jails Two Brokers",
                "headline: Court Jails Two Brokers",
                "caption: Content image - Kampuchea Herald",
                "caption: Judges arrive at the Takeo court on May 2. KAMPUCHEA HERALD",
                "boilerplate: Court Jails Two Brokers",
                "body: The Takeo court jailed two brokers on Tuesday.",
            ]
        );
        // A document that starts with its lead has no headline.
        let text =
            "The committee found 900 foreigners in 2022, its report said.\nIt met on Monday.";
        assert!(zoned(text, None).iter().all(|l| l.starts_with("body")));
        // A wrapped first line (the next line goes on in lower case) is no headline.
        let text = "SALVADOR, Feb 26 - Showers continued throughout the week in\nthe cocoa zone, alleviating the drought.";
        assert!(zoned(text, None).iter().all(|l| l.starts_with("body")));
        // Nor is one that opens with a dateline, or ends on a word no title ends on, even when
        // the next line starts with a figure or a name.
        let text =
            "NEW YORK, March 18 - Acme Widgets Co climbed 2-1/2 to\n80-1/8 on rumors of a sale.";
        assert!(zoned(text, None).iter().all(|l| l.starts_with("body")));
        let text = "TOKYO (Reuters) - Shares of Mitsui Rose To\nRecord Highs on Monday.";
        assert!(zoned(text, None).iter().all(|l| l.starts_with("body")));
        let text = "Shares Of Acme Widgets Rose Sharply After The\nBoard Met on Monday.";
        assert!(zoned(text, None).iter().all(|l| l.starts_with("body")));
        // A title above a line that starts with a name is still one.
        let text = "Police Rescue 19 Workers In Sihanoukville\nSok Dara reported that police raided a compound.";
        assert_eq!(
            zoned(text, None)[0],
            "headline: Police Rescue 19 Workers In Sihanoukville"
        );
        // With a title from the metadata, only that line is the headline.
        let text = "Floods in Kratie\nRiver levels rose.\nFloods in Kratie";
        assert_eq!(
            zoned(text, Some("Floods in Kratie")),
            [
                "headline: Floods in Kratie",
                "body: River levels rose.",
                "boilerplate: Floods in Kratie"
            ]
        );
        let text = "Rain Falls\nRiver levels rose.";
        assert_eq!(zoned(text, Some("Other Title"))[0], "body: Rain Falls");
    }

    #[test]
    fn scrape_layout() {
        let text = "https://news.example.org/2023/05/02/court-jails-brokers/\nCourt Jails Two Brokers\nTakeo, May 2 – The court jailed two brokers.";
        let header = scrape_header(text, Layout::Auto).unwrap();
        assert_eq!(
            &text[header.url.clone()],
            "https://news.example.org/2023/05/02/court-jails-brokers/"
        );
        assert_eq!(
            &text[header.title.clone().unwrap()],
            "Court Jails Two Brokers"
        );
        assert_eq!(
            zoned(text, None),
            [
                "url: https://news.example.org/2023/05/02/court-jails-brokers/",
                "headline: Court Jails Two Brokers",
                "body: Takeo, May 2 – The court jailed two brokers.",
            ]
        );
        assert_eq!(scrape_header(text, Layout::Plain), None);
        // Not a URL alone on line 1.
        for text in [
            "See https://example.org for more\nTitle",
            "\nhttps://example.org/a\nTitle",
            "https://example.org/a b\nTitle",
        ] {
            assert_eq!(scrape_header(text, Layout::Auto), None, "{text:?}");
        }
        // Declared: whatever line 1 holds.
        let text = "\n  example.org/a  \n\nThe Title\nBody.";
        let header = scrape_header(text, Layout::Scrape).unwrap();
        assert_eq!(&text[header.url], "example.org/a");
        assert_eq!(&text[header.title.unwrap()], "The Title");
        assert_eq!("scrape".parse(), Ok(Layout::Scrape));
        assert!("html"
            .parse::<Layout>()
            .unwrap_err()
            .contains("auto, plain or scrape"));
    }

    #[test]
    fn body_sentences_that_mention_furniture_words_stay_body() {
        let text = "Police released a photo of the suspects on Monday.\nThe related cases were sent to court.\nBy law, companies must register.\nThe copyright law was amended in 2021.\nShare prices fell 3 per cent.\nRead the report in full, the minister said.\nA 3 min read of the decree shows why.";
        assert!(
            zoned(text, None).iter().all(|l| l.starts_with("body")),
            "{:?}",
            zoned(text, None)
        );
    }

    #[test]
    fn zones_merge_neighbours_and_answer_by_offset() {
        let text = "Body.\n\nShare this:\nFacebook\n\nMore body.";
        let z = zones(text, None, None);
        assert_eq!(z.spans().len(), 1);
        let s = &z.spans()[0];
        assert_eq!(&text[s.start..s.end], "Share this:\nFacebook");
        assert_eq!(z.boundaries().collect::<Vec<_>>(), [s.start, s.end]);
        assert_eq!(z.zone_at(s.end), Zone::Body);
        assert_eq!(z.zone_at(s.start), Zone::Boilerplate);
        for zone in [
            Zone::Body,
            Zone::Headline,
            Zone::Byline,
            Zone::Caption,
            Zone::Boilerplate,
            Zone::Url,
        ] {
            assert_eq!(zone.as_str().parse(), Ok(zone));
        }
    }

    #[test]
    fn random_pieces_of_furniture_never_panic_and_zones_stay_sorted() {
        const PIECES: &[&str] = &[
            "[caption id=\"a\"]",
            "[/caption]",
            "<img>",
            "Photo: ",
            "Photo",
            ". ",
            "SPM",
            "© ",
            "By ",
            "Sok Dara",
            "|",
            " — ",
            "November 15, 2022",
            "3 min read",
            "•",
            "  ",
            "\n",
            "\n\n",
            "Related Articles",
            "Share this:",
            "Facebook",
            "ខេត្ត",
            "é",
            "\r",
            "https://x.org/2022/08/26/",
            "Logo of ",
            "Content image",
            "No part of this",
            "permission",
            "[",
            "]",
            "=",
            "x",
            "Title",
            "\u{a0}",
            "Read more:",
            "20220826",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for round in 0..4000 {
            let mut text = String::new();
            for _ in 0..(round % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            for layout in [Layout::Auto, Layout::Scrape] {
                let header = scrape_header(&text, layout);
                let z = zones(&text, header.as_ref(), Some("Title"));
                let mut at = 0;
                for span in z.spans() {
                    assert!(at <= span.start && span.start < span.end, "{text:?}: {z:?}");
                    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                    at = span.end;
                }
                assert!(at <= text.len());
                // The table that spares lines the rules never turns away a line a rule claims.
                for (r, _) in lines(&text).filter(|(r, _)| !r.is_empty()) {
                    let line = &text[r];
                    for rule in LINE_RULES {
                        if (rule.read)(line).is_some() {
                            assert!(rule.may_claim(line), "{}: {line:?}", rule.name);
                        }
                    }
                }
                let _ = crate::dates::dateline_date(&text, 0);
                let _ = crate::dates::url_date(&text);
            }
        }
    }

    #[test]
    fn a_long_one_line_document_is_scanned_once() {
        let text = "Police rescued 12 people. ".repeat(4_000_000); // 104 MB
        let t = std::time::Instant::now();
        let z = zones(&text, None, None);
        assert!(z.spans().is_empty());
        // Generous for a debug build on a busy machine; a quadratic scan takes minutes.
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
        // Many short lines, each tried against every rule: linear too.
        let many = "Share this:\nFacebook\nA body line.\n".repeat(20_000);
        let t = std::time::Instant::now();
        assert!(zones(&many, None, None).spans().len() >= 20_000);
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
    }
}
