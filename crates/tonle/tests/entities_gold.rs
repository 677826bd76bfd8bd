//! Scores entity extraction against `tests/gold/entities.jsonl`, real news from
//! `../shared/data/news` plus the sample corpus, and fails below `THRESHOLDS`. Run with
//! `make eval` to see the table. The annotations hold document ids and offsets only; the texts
//! are read from `../shared` (the test skips with a message when it is absent or a text changed).
//!
//! Matching: a predicted entity record matches a gold span of the same type with the same
//! offsets (exact) or, for the second figure, an overlapping span (each used once, in text
//! order). A PLACE nested in an ORG's name ("Siem Reap" in "Siem Reap Provincial Hall") is
//! optional: finding it is not a false positive, missing it is not a miss. The `nested` line
//! of the table counts those places as required.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;
use tonle::{Document, Fields, Input, Reader, Tonle};

mod score;
use score::Score;

const TYPES: [&str; 3] = ["PERSON", "PLACE", "ORG"];

/// Minimum exact-match F1 per setting and type: a little under the figures when the gold set
/// was written (see tests/gold/README.md), so that a regression fails; raise them as recall
/// improves.
const THRESHOLDS: &[(&str, &str, f64)] = &[
    ("lists", "PERSON", 0.04),
    ("lists", "PLACE", 0.85),
    ("lists", "ORG", 0.53),
    ("lists", "all", 0.63),
    ("default", "PERSON", 0.85),
    ("default", "PLACE", 0.85),
    ("default", "ORG", 0.73),
    ("default", "all", 0.82),
];

#[derive(Clone, Debug)]
struct Span {
    start: usize,
    end: usize,
    kind: String,
    nested: bool,
}

struct GoldDoc {
    source: String,
    id: String,
    hash: String,
    chars: usize,
    spans: Vec<Span>,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// FNV-1a 64 of the text's UTF-8 bytes, as `scripts/entity-gold.py` writes it.
fn fnv1a64(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in text.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn load_gold() -> Vec<GoldDoc> {
    let path = repo().join("tests/gold/entities.jsonl");
    let text = std::fs::read_to_string(&path).expect("tests/gold/entities.jsonl is readable");
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let v: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("entities.jsonl line {}: {e}", i + 1));
            let spans = v["entities"]
                .as_array()
                .expect("entities is an array")
                .iter()
                .map(|s| Span {
                    start: s["start"].as_u64().expect("start") as usize,
                    end: s["end"].as_u64().expect("end") as usize,
                    kind: s["type"].as_str().expect("type").to_string(),
                    nested: s["nested"].as_bool().unwrap_or(false),
                })
                .collect();
            GoldDoc {
                source: v["source"].as_str().expect("source").to_string(),
                id: v["id"].as_str().expect("id").to_string(),
                hash: v["fnv1a64"].as_str().expect("fnv1a64").to_string(),
                chars: v["chars"].as_u64().expect("chars") as usize,
                spans,
            }
        })
        .collect()
}

/// The texts of the gold documents, by (source, id), streamed from each news file; `None`
/// (after saying why) when one is missing or changed.
fn load_texts(gold: &[GoldDoc], news: &Path) -> Option<HashMap<(String, String), String>> {
    let mut wanted: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for g in gold {
        wanted.entry(&g.source).or_default().push(&g.id);
    }
    let mut texts = HashMap::new();
    for (source, ids) in wanted {
        if source == "corpus" {
            for id in ids {
                let text = std::fs::read_to_string(repo().join("corpus").join(id)).ok()?;
                texts.insert((source.to_string(), id.to_string()), text);
            }
            continue;
        }
        let reader = Reader::new(vec![Input::Path(news.join(source))]);
        for unit in reader {
            if let (Some(doc), _) = unit.parse(&Fields::default()) {
                if ids.contains(&doc.id.as_str()) {
                    texts.insert((source.to_string(), doc.id), doc.text);
                }
            }
        }
    }
    for g in gold {
        match texts.get(&(g.source.clone(), g.id.clone())) {
            Some(t) if fnv1a64(t) == g.hash && t.chars().count() == g.chars => {}
            Some(_) => {
                eprintln!(
                    "skipped: {} {} changed since it was annotated (its hash differs); \
                     re-annotate it with scripts/entity-gold.py",
                    g.source, g.id
                );
                return None;
            }
            None => {
                eprintln!("skipped: {} {} not found", g.source, g.id);
                return None;
            }
        }
    }
    Some(texts)
}

/// Matches predictions to gold spans of one type; returns (correct, predicted, gold).
fn score(gold: &[Span], predicted: &[Span], kind: &str, overlap: bool, nested: bool) -> Score {
    let same = |a: &Span, b: &Span| {
        if overlap {
            a.start < b.end && b.start < a.end
        } else {
            a.start == b.start && a.end == b.end
        }
    };
    let gold: Vec<&Span> = gold.iter().filter(|g| g.kind == kind).collect();
    let mut used = vec![false; gold.len()];
    let mut s = Score::default();
    for p in predicted.iter().filter(|p| p.kind == kind) {
        match (0..gold.len()).find(|&i| !used[i] && same(gold[i], p)) {
            Some(i) => {
                used[i] = true;
                if nested || !gold[i].nested {
                    s.correct += 1;
                    s.predicted += 1;
                }
            }
            None => s.predicted += 1,
        }
    }
    s.gold = gold.iter().filter(|g| nested || !g.nested).count();
    s
}

fn predict(tonle: &Tonle, id: &str, text: &str) -> Vec<Span> {
    let doc = Document::new(id, text);
    tonle
        .extract(&doc)
        .iter()
        .filter_map(|r| {
            r.entity().map(|e| Span {
                start: r.start,
                end: r.end,
                kind: e.entity_type.as_str().to_string(),
                nested: false,
            })
        })
        .collect()
}

type Errors = Vec<String>;

/// One setting's scores.
struct Evaluation {
    /// (type or "all", exact, overlap).
    rows: Vec<(String, Score, Score)>,
    /// PLACE, exact, with nested places required.
    nested_place: Score,
    /// All types, exact, per source file.
    by_source: BTreeMap<String, Score>,
}

/// Scores one setting; the misses and false positives (exact) go to `errors`.
fn evaluate(
    tonle: &Tonle,
    gold: &[GoldDoc],
    texts: &HashMap<(String, String), String>,
    setting: &str,
    errors: &mut Errors,
) -> Evaluation {
    let mut rows: BTreeMap<&str, (Score, Score)> = BTreeMap::new();
    let mut nested_place = Score::default();
    let mut by_source: BTreeMap<String, Score> = BTreeMap::new();
    for g in gold {
        let text = &texts[&(g.source.clone(), g.id.clone())];
        let predicted = predict(tonle, &g.id, text);
        for kind in TYPES {
            let exact = score(&g.spans, &predicted, kind, false, false);
            let row = rows.entry(kind).or_default();
            row.0.add(exact);
            row.1.add(score(&g.spans, &predicted, kind, true, false));
            by_source.entry(g.source.clone()).or_default().add(exact);
        }
        nested_place.add(score(&g.spans, &predicted, "PLACE", false, true));
        let chars: Vec<char> = text.chars().collect();
        // One line per error: a name broken across lines is joined with a space.
        let surface = |s: &Span| {
            chars[s.start..s.end]
                .iter()
                .map(|&c| if c.is_whitespace() { ' ' } else { c })
                .collect::<String>()
        };
        for s in &g.spans {
            let found = predicted
                .iter()
                .any(|p| p.start == s.start && p.end == s.end && p.kind == s.kind);
            if !found && !s.nested {
                errors.push(format!(
                    "{setting}\tmiss\t{}\t{}\t{}",
                    s.kind,
                    surface(s),
                    g.id
                ));
            }
        }
        for p in &predicted {
            let found = g
                .spans
                .iter()
                .any(|s| p.start == s.start && p.end == s.end && p.kind == s.kind);
            if !found {
                errors.push(format!(
                    "{setting}\tfalse\t{}\t{}\t{}",
                    p.kind,
                    surface(p),
                    g.id
                ));
            }
        }
    }
    let mut all = (Score::default(), Score::default());
    let mut out = Vec::new();
    for kind in TYPES {
        let (exact, overlap) = rows[kind];
        all.0.add(exact);
        all.1.add(overlap);
        out.push((kind.to_string(), exact, overlap));
    }
    out.push(("all".to_string(), all.0, all.1));
    Evaluation {
        rows: out,
        nested_place,
        by_source,
    }
}

#[test]
fn entity_gold_set() {
    let news = repo().join("../shared/data/news");
    if !news.is_dir() {
        eprintln!(
            "skipped: {} is absent (the entity gold set reads its texts there)",
            news.display()
        );
        return;
    }
    let gold = load_gold();
    let Some(texts) = load_texts(&gold, &news) else {
        return;
    };
    let spans: usize = gold.iter().map(|g| g.spans.len()).sum();
    let mut table = format!(
        "Entity gold set: {} documents, {spans} spans (tests/gold/entities.jsonl)\n\n\
         | setting | type | gold | predicted | P exact | R exact | F1 exact | P overlap | R overlap | F1 overlap | threshold |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
        gold.len()
    );
    let mut failures = Vec::new();
    let mut errors = Errors::new();
    let mut by_source: BTreeMap<String, Vec<Score>> = BTreeMap::new();
    for setting in ["lists", "default"] {
        // "default" is what `tonle extract` writes: the lists and the pattern names.
        let builder = Tonle::builder();
        let builder = if setting == "lists" {
            builder.patterns(false)
        } else {
            builder
        };
        let tonle = builder.build().expect("shipped lists load");
        let evaluation = evaluate(&tonle, &gold, &texts, setting, &mut errors);
        let nested = evaluation.nested_place;
        for (source, s) in &evaluation.by_source {
            by_source.entry(source.clone()).or_default().push(*s);
        }
        for (kind, exact, overlap) in evaluation.rows {
            let threshold = THRESHOLDS
                .iter()
                .find(|t| t.0 == setting && t.1 == kind)
                .map_or(0.0, |t| t.2);
            table.push_str(&format!(
                "| {setting} | {kind} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {threshold:.2} |\n",
                exact.gold,
                exact.predicted,
                exact.precision(),
                exact.recall(),
                exact.f1(),
                overlap.precision(),
                overlap.recall(),
                overlap.f1(),
            ));
            if exact.f1() < threshold {
                failures.push(format!(
                    "{setting} {kind}: F1 {:.3} < {threshold:.2}",
                    exact.f1()
                ));
            }
        }
        table.push_str(&format!(
            "| {setting} | PLACE, nested required | {} | {} | {:.3} | {:.3} | {:.3} | | | | |\n",
            nested.gold,
            nested.predicted,
            nested.precision(),
            nested.recall(),
            nested.f1()
        ));
    }
    table.push_str(
        "\nAll types, exact, per source:\n\n| source | spans | F1 lists | F1 default |\n| --- | --- | --- | --- |\n",
    );
    for (source, scores) in &by_source {
        table.push_str(&format!(
            "| {source} | {} | {:.3} | {:.3} |\n",
            scores[0].gold,
            scores[0].f1(),
            scores[1].f1()
        ));
    }
    let target = repo().join("target");
    let _ = std::fs::create_dir_all(&target);
    let _ = std::fs::write(
        target.join("entity-gold-errors.tsv"),
        errors.join("\n") + "\n",
    );
    println!("{table}");
    println!("Misses and false positives (exact) are listed in target/entity-gold-errors.tsv.");
    assert!(
        failures.is_empty(),
        "below threshold: {failures:?}\n{table}"
    );
}
