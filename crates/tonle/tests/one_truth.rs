//! One truth: `tonle gazetteer explain` and `tonle extract` share the matcher, so for every
//! sentence of the sample corpus (`corpus/`), the matches `explain` reports are exactly the
//! listed names `extract` writes for that sentence: same spans, same entries, same
//! `resolved_by`. (`explain` reports a name; `extract` also takes a designator after a
//! place's name into its mention, "the Hat Lek crossing", by the engine's own
//! `Gazetteer::designator_end`, which the comparison applies to `explain`'s names.)

use std::path::PathBuf;

use tonle::{Document, Tonle};
use tonle_tune::explain::{explain, Outcome};

/// (start, end in code points, entry id, resolved_by).
type Verdict = (usize, usize, String, Option<String>);

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the sample corpus")
        .map(|e| e.expect("a corpus file").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a readable corpus file");
            (p.display().to_string(), text)
        })
        .collect()
}

/// The sentences of a text, as byte ranges.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut tokens = Vec::new();
    tonle_text::tokenize(text, &mut tokens);
    let mut starts = Vec::new();
    tonle_text::split_sentences(text, &tokens, &mut starts);
    let mut out = Vec::new();
    for (k, &first) in starts.iter().enumerate() {
        let last = starts.get(k + 1).map_or(tokens.len(), |&n| n as usize) - 1;
        out.push((
            tokens[first as usize].start as usize,
            tokens[last].end as usize,
        ));
    }
    out
}

fn from_extract(tonle: &Tonle, sentence: &str) -> Vec<Verdict> {
    let doc = Document::new("s", sentence);
    tonle
        .extract(&doc)
        .iter()
        .filter_map(|r| {
            let e = r.entity()?;
            (e.source == tonle::Source::Gazetteer).then(|| {
                (
                    r.start,
                    r.end,
                    e.id.to_string(),
                    e.resolved_by.map(|b| b.as_str().to_string()),
                )
            })
        })
        .collect()
}

fn from_explain(tonle: &Tonle, sentence: &str) -> Vec<Verdict> {
    let g = tonle.gazetteer();
    let chars = |byte: usize| sentence[..byte].chars().count();
    let mut tokens = Vec::new();
    tonle_text::tokenize(sentence, &mut tokens);
    explain(g, sentence)
        .candidates
        .iter()
        .filter(|v| v.outcome == Outcome::Matched)
        .map(|v| {
            let first_token = tokens.partition_point(|t| (t.start as usize) < v.start);
            let named = tonle_gazetteer::Mention {
                start: v.start as u32,
                end: v.end as u32,
                first_token: first_token as u32,
                entry: v.entry,
                list: 0,
                resolved_by: v.resolved_by,
            };
            let end = g
                .designator_end(sentence, &tokens, &named)
                .map_or(v.end, |e| e as usize);
            (
                chars(v.start),
                chars(end),
                g.entry(v.entry).id.clone(),
                v.resolved_by.map(|b| b.as_str().to_string()),
            )
        })
        .collect()
}

#[test]
fn explain_and_extract_agree_on_every_sentence_of_the_sample_corpus() {
    let tonle = Tonle::builder()
        .patterns(false)
        .keep_boilerplate(true)
        .build()
        .expect("the shipped lists");
    let (mut sentences_seen, mut names) = (0, 0);
    for (path, text) in corpus() {
        for (a, b) in sentences(&text) {
            let sentence = &text[a..b];
            let extracted = from_extract(&tonle, sentence);
            let explained = from_explain(&tonle, sentence);
            assert_eq!(
                explained, extracted,
                "{path}: explain and extract disagree on {sentence:?}"
            );
            sentences_seen += 1;
            names += extracted.len();
        }
    }
    assert!(
        sentences_seen > 300 && names > 300,
        "{sentences_seen} sentences, {names} names: is the corpus there?"
    );
}
