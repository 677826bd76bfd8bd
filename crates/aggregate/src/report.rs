//! One self-contained HTML page of the tables: charts drawn by plotters as SVG inlined into
//! the page, tables of the top entities and of the claims, and for each claim the sentences
//! it comes from. No script, no style sheet or font fetched: it opens from a USB stick.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use plotters::prelude::*;

use crate::{Claim, Tables};

/// How many people, places and organizations each top list shows.
const TOP_ENTITIES: usize = 15;
/// The name of the bar of claims that have no province.
pub const NO_PROVINCE: &str = "(no province)";

/// What the page shows beyond the tables.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// The page's title.
    pub title: String,
    /// At most this many claims are listed (those with the most sources first).
    pub max_claims: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            title: "tonle report".into(),
            max_claims: 500,
        }
    }
}

/// The most provinces the bar chart shows; the rest are one bar, [`OTHER_PROVINCES`].
pub const MAX_PROVINCE_BARS: usize = 40;
/// The bar of the provinces past [`MAX_PROVINCE_BARS`].
pub const OTHER_PROVINCES: &str = "(other provinces)";

/// The claims of each province (bars in order of the most claims first, then by name; past
/// [`MAX_PROVINCE_BARS`], one bar for the rest): each claim once, parts and negated or agent
/// counts included as claims of their own.
pub fn claims_by_province(tables: &Tables) -> Vec<(String, u64)> {
    let mut by: BTreeMap<&str, u64> = BTreeMap::new();
    for c in &tables.claims {
        let province = if c.province.is_empty() {
            NO_PROVINCE
        } else {
            &c.province
        };
        *by.entry(province).or_default() += 1;
    }
    let mut bars: Vec<(String, u64)> = by.into_iter().map(|(p, n)| (p.to_string(), n)).collect();
    bars.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if bars.len() > MAX_PROVINCE_BARS {
        let rest: u64 = bars.drain(MAX_PROVINCE_BARS..).map(|b| b.1).sum();
        bars.push((OTHER_PROVINCES.to_string(), rest));
    }
    bars
}

/// The claims of each month of first publication (else of the claim's own month), from the
/// first to the last, months without claims included (as 0) so that the time axis is even.
/// Publication, not the claim's time, places a claim: a figure about "2100" or "1800" would
/// stretch the axis over centuries.
pub fn claims_by_month(tables: &Tables) -> Vec<(String, u64)> {
    let mut by: BTreeMap<(i32, u32), u64> = BTreeMap::new();
    let months = tables.claims.iter().filter_map(|c| {
        c.first_published
            .as_deref()
            .and_then(|d| d.get(..7))
            .or(c.month.as_deref())
    });
    for month in months {
        let parsed = month
            .split_once('-')
            .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)));
        if let Some(key) = parsed {
            *by.entry(key).or_default() += 1;
        }
    }
    let (Some(&first), Some(&last)) = (by.keys().next(), by.keys().next_back()) else {
        return Vec::new();
    };
    let mut months = Vec::new();
    let mut at = first;
    while at <= last {
        months.push((
            format!("{:04}-{:02}", at.0, at.1),
            by.get(&at).copied().unwrap_or(0),
        ));
        at = if at.1 == 12 {
            (at.0 + 1, 1)
        } else {
            (at.0, at.1 + 1)
        };
    }
    months
}

/// A bar chart as an SVG document: horizontal bars (one per label) or vertical ones.
fn bar_chart(bars: &[(String, u64)], horizontal: bool) -> Result<String, String> {
    let mut svg = String::new();
    if bars.is_empty() {
        return Ok(svg);
    }
    let n = bars.len();
    let max = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1);
    let size = if horizontal {
        (900, 60 + 26 * n as u32)
    } else {
        (900, 340)
    };
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        // Horizontal bars are drawn from the bottom up: the first bar goes on top.
        let at = |i: usize| if horizontal { n - 1 - i } else { i };
        let label = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) if *i < n => bars[at(*i)].0.clone(),
            _ => String::new(),
        };
        let mut builder = ChartBuilder::on(&root);
        builder.margin(12);
        if horizontal {
            builder.x_label_area_size(44).y_label_area_size(190);
            let mut chart = builder
                .build_cartesian_2d(0..max + max / 10 + 1, (0..n - 1).into_segmented())
                .map_err(|e| e.to_string())?;
            chart
                .configure_mesh()
                .label_style(("sans-serif", 14))
                .axis_desc_style(("sans-serif", 14))
                .disable_y_mesh()
                .y_labels(n)
                .y_label_formatter(&label)
                .x_desc("claims")
                .draw()
                .map_err(|e| e.to_string())?;
            let data = bars.iter().enumerate().map(|(i, b)| (at(i), b.1));
            chart
                .draw_series(
                    Histogram::horizontal(&chart)
                        .style(RGBColor(0x2b, 0x6c, 0xb0).filled())
                        .margin(4)
                        .data(data),
                )
                .map_err(|e| e.to_string())?;
        } else {
            builder.x_label_area_size(50).y_label_area_size(50);
            let mut chart = builder
                .build_cartesian_2d((0..n - 1).into_segmented(), 0..max + max / 10 + 1)
                .map_err(|e| e.to_string())?;
            chart
                .configure_mesh()
                .label_style(("sans-serif", 13))
                .axis_desc_style(("sans-serif", 14))
                .disable_x_mesh()
                .x_labels(n.min(12))
                .x_label_formatter(&label)
                .y_desc("claims")
                .draw()
                .map_err(|e| e.to_string())?;
            let data = bars.iter().enumerate().map(|(i, b)| (i, b.1));
            chart
                .draw_series(
                    Histogram::vertical(&chart)
                        .style(RGBColor(0xc0, 0x56, 0x21).filled())
                        .margin(u32::from(n < 100))
                        .data(data),
                )
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// Text made safe inside HTML elements and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A figure as written: integers without a fraction, ranges as `low–high`.
fn figure(c: &Claim) -> String {
    let num = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        }
    };
    let value = if c.high > c.low {
        format!("{}–{}", num(c.low), num(c.high))
    } else {
        num(c.value)
    };
    match &c.qualifier {
        Some(q) => format!("{value} ({q})"),
        None => value,
    }
}

const STYLE: &str = "body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222}\
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 6px;\
text-align:left;vertical-align:top}th{background:#f3f3f3}.num{text-align:right}\
.conflicting{background:#fff1e0}blockquote{margin:.3em 0 .3em 1em;padding-left:.6em;\
border-left:3px solid #2b6cb0}mark{background:#ffe28a}.tops{display:flex;gap:2em;\
flex-wrap:wrap}.src{color:#555;font-size:90%}";

/// The report: one HTML page, deterministic for the same tables.
pub fn html(tables: &Tables, options: &ReportOptions) -> Result<String, String> {
    let mut page = String::new();
    let title = esc(&options.title);
    let conflicting = tables
        .claims
        .iter()
        .filter(|c| !c.conflicting_with.is_empty())
        .count();
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n\
         <p id=\"summary\">{} records from {} documents: {} distinct claims ({} with a \
         conflicting figure), {} entities.</p>\n",
        tables.records,
        tables.documents,
        tables.claims.len(),
        conflicting,
        tables
            .entities
            .iter()
            .map(|e| &e.id)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
    );
    let provinces = claims_by_province(tables);
    let _ = writeln!(
        page,
        "<section id=\"by-province\"><h2>Claims by province</h2>\
         <p>Each distinct claim once, however many articles repeat it.</p>{}</section>",
        bar_chart(&provinces, true)?
    );
    let months = claims_by_month(tables);
    let _ = writeln!(
        page,
        "<section id=\"by-month\"><h2>Claims by month</h2>\
         <p>Each claim in the month it was first published; {} to {}.</p>{}</section>",
        esc(months.first().map_or("", |m| &m.0)),
        esc(months.last().map_or("", |m| &m.0)),
        bar_chart(&months, false)?
    );
    top_entities(&mut page, tables);
    claims_table(&mut page, tables, options.max_claims);
    page.push_str("</body></html>\n");
    Ok(page)
}

fn top_entities(page: &mut String, tables: &Tables) {
    let mut totals: BTreeMap<(&str, &str, &str), (u64, u64)> = BTreeMap::new();
    for e in &tables.entities {
        let t = totals
            .entry((&e.entity_type, &e.id, &e.canonical))
            .or_default();
        t.0 += e.documents;
        t.1 += e.mentions;
    }
    page.push_str("<section id=\"entities\"><h2>Who and where</h2><div class=\"tops\">\n");
    for (ty, heading) in [
        ("PERSON", "People"),
        ("PLACE", "Places"),
        ("ORG", "Organizations"),
    ] {
        let mut rows: Vec<_> = totals.iter().filter(|(k, _)| k.0 == ty).collect();
        rows.sort_by(|a, b| (b.1).cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let _ = write!(
            page,
            "<table id=\"top-{}\"><tr><th>{heading}</th><th>documents</th><th>mentions</th></tr>",
            ty.to_lowercase()
        );
        for ((_, _, name), (docs, mentions)) in rows.into_iter().take(TOP_ENTITIES) {
            let _ = write!(
                page,
                "<tr><td>{}</td><td class=\"num\">{docs}</td><td class=\"num\">{mentions}</td></tr>",
                esc(name)
            );
        }
        page.push_str("</table>\n");
    }
    page.push_str("</div></section>\n");
}

fn claims_table(page: &mut String, tables: &Tables, max: usize) {
    let mut shown: Vec<&Claim> = tables.claims.iter().collect();
    shown.sort_by(|a, b| {
        b.docs
            .len()
            .cmp(&a.docs.len())
            .then_with(|| a.id.cmp(&b.id))
    });
    shown.truncate(max);
    let _ = write!(
        page,
        "<section id=\"claims\"><h2>Claims</h2><p>{} of {} claims, those with the most \
         sources first. Each figure links to the sentences it comes from.</p>\n<table>\
         <tr><th>figure</th><th>event</th><th>counted</th><th>place</th><th>province</th>\
         <th>month</th><th>sources</th><th>conflicts with</th></tr>\n",
        shown.len(),
        tables.claims.len()
    );
    for c in &shown {
        let class = if c.conflicting_with.is_empty() {
            ""
        } else {
            " class=\"conflicting\""
        };
        let conflicts: Vec<String> = c
            .conflicting_with
            .iter()
            .map(|id| format!("<a href=\"#claim-{id}\">{id}</a>"))
            .collect();
        let _ = writeln!(
            page,
            "<tr id=\"row-{id}\"{class}><td class=\"num\"><a href=\"#claim-{id}\">{}</a></td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td>{}</td></tr>",
            esc(&figure(c)),
            esc(&c.event),
            esc(&c.counted_head),
            esc(&c.place),
            esc(&c.province),
            esc(c.month.as_deref().unwrap_or("")),
            c.docs.len(),
            conflicts.join(" "),
            id = c.id,
        );
    }
    page.push_str(
        "</table></section>\n<section id=\"sentences\"><h2>Where each figure comes from</h2>\n",
    );
    for c in &shown {
        claim_sentences(page, c);
    }
    page.push_str("</section>\n");
}

/// How many more references a claim lists after its sentences.
const LISTED_REFS: usize = 20;

/// The sentences a claim comes from, the mention marked, with document and offsets.
fn claim_sentences(page: &mut String, c: &Claim) {
    let _ = write!(
        page,
        "<div class=\"claim\" id=\"claim-{}\"><h3>{} {} {}</h3>",
        c.id,
        esc(&figure(c)),
        esc(&c.counted_head),
        esc(&c.event)
    );
    for s in &c.snippets {
        let sentence = if s.sentence.is_empty() {
            esc(&s.mention)
        } else {
            match s.sentence.find(&s.mention) {
                Some(at) => format!(
                    "{}<mark>{}</mark>{}",
                    esc(&s.sentence[..at]),
                    esc(&s.mention),
                    esc(&s.sentence[at + s.mention.len()..])
                ),
                None => esc(&s.sentence),
            }
        };
        let _ = write!(
            page,
            "<blockquote>{sentence}</blockquote><p class=\"src\">{}, characters {}–{}</p>",
            esc(&s.doc),
            s.start,
            s.end
        );
    }
    let more = c.refs.len().saturating_sub(c.snippets.len());
    let _ = writeln!(
        page,
        "<p class=\"src\">{} record(s) in {} document(s){}{}</p></div>",
        c.refs.len(),
        c.docs.len(),
        if more > 0 {
            let rest = &c.refs[c.snippets.len().min(c.refs.len())..];
            let listed = rest[..rest.len().min(LISTED_REFS)].join(", ");
            let etc = if rest.len() > LISTED_REFS {
                ", ..."
            } else {
                ""
            };
            format!("; {more} more not shown: {}{etc}", esc(&listed))
        } else {
            String::new()
        },
        if c.urls.is_empty() {
            String::new()
        } else {
            format!("; {}", esc(&c.urls.join(", ")))
        }
    );
}
