//! The analyst's question, end to end: "how many victims were rescued, by province" on the
//! sample corpus is one group-by over `tonle extract corpus/`, and its answer is right.

mod harness;

use std::collections::BTreeMap;

use harness::{arg, repo_root, tonle};
use serde_json::Value;

#[test]
fn rescued_victims_by_province_on_the_sample_corpus() {
    let corpus = repo_root().join("corpus");
    let run = tonle(
        ["extract".to_string(), "-q".to_string(), arg(&corpus)],
        None,
    );
    run.assert_code(0);
    let mut by_province: BTreeMap<String, f64> = BTreeMap::new();
    for r in run.json_records() {
        let field = |k: &str| r.get(k).and_then(Value::as_str);
        // The pandas filter of README.md: rescue events, counts in the article's headline or
        // body (not a caption, nor a link to another article), not who did the rescuing, not
        // a repeat of a figure already counted (the headline's 214 is counted, the body's
        // repeat of it is not), not a part of a larger count.
        let kept = r["kind"] == "number"
            && matches!(field("zone"), Some("headline" | "body"))
            && matches!(field("event"), Some("rescue" | "free"))
            && field("category") == Some("count")
            && r.get("role").is_none()
            && r.get("repeat_of").is_none()
            && field("relation") != Some("subset");
        if !kept {
            continue;
        }
        let province = field("province").unwrap_or("(none)").to_string();
        *by_province.entry(province).or_default() += r["value"].as_f64().unwrap();
    }
    // The hand count, from reading every article of corpus/ for people rescued or freed:
    // - 2022-09-21_poipet-raid: police in Banteay Meanchey freed 214 foreign workers in
    //   Poipet (the headline repeats the 214; "of whom 38 were women" is a part of it). Later:
    //   "at least five similar operations in the city since July, rescuing nearly 700 people
    //   in total": the city is Poipet, and "similar operations" reads as the others, so 700
    //   more. Banteay Meanchey: 214 + 700 = 914.
    // - 2023-05-22_pailin-second-raid: police in Pailin freed twenty-two workers ("Of the 22
    //   workers freed, 14 were Thai ..." repeats the 22 and breaks it down). The "Two Thai
    //   women rescued from Pailin karaoke parlour" is a link to another article. Pailin: 22.
    // - No other article reports people rescued or freed in Cambodia: workers who escaped
    //   (Osmach), were repatriated (Sihanoukville), returned (Kampong Chhnang, the labour
    //   ministry's 176 "rescued in Myanmar"), were intercepted (Mondul Kiri) or refused entry
    //   are not rescues; "The hotline, 1288, is free" is a number's label.
    let expected: BTreeMap<String, f64> = [
        ("Banteay Meanchey".to_string(), 914.0),
        ("Pailin".to_string(), 22.0),
    ]
    .into_iter()
    .collect();
    assert_eq!(by_province, expected);
}
