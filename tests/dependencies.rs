//! The dependency rules of ARCHITECTURE.md, checked on the workspace's manifests: data flows
//! one way, `tonle-gazetteer` and `tonle-numbers` never depend on each other, `tonle-text`
//! and `tonle-corpus` on no crate of ours, and no library on the CLI.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

mod harness;

/// Each crate of ours and the crates of ours it may depend on (normal dependencies).
const ALLOWED: &[(&str, &[&str])] = &[
    ("tonle-text", &[]),
    ("tonle-corpus", &[]),
    ("tonle-gazetteer", &["tonle-text"]),
    ("tonle-numbers", &["tonle-text"]),
    ("tonle-tune", &["tonle-text", "tonle-gazetteer"]),
    ("tonle-pipeline", &["tonle-corpus"]),
    (
        "tonle",
        &[
            "tonle-text",
            "tonle-corpus",
            "tonle-gazetteer",
            "tonle-numbers",
            "tonle-tune",
            "tonle-pipeline",
        ],
    ),
    ("tonle-aggregate", &["tonle"]),
    (
        "tonle-cli",
        &[
            "tonle",
            "tonle-aggregate",
            "tonle-corpus",
            "tonle-gazetteer",
            "tonle-tune",
        ],
    ),
    (
        "tonle-python",
        &["tonle", "tonle-corpus", "tonle-gazetteer"],
    ),
    ("tonle-bench", &[]),
];

#[test]
fn crates_depend_only_as_the_architecture_says() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ])
        .current_dir(harness::repo_root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata is JSON");
    let ours: BTreeSet<&str> = ALLOWED.iter().map(|(name, _)| *name).collect();
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for package in meta["packages"].as_array().expect("packages") {
        let name = package["name"].as_str().expect("name").to_string();
        let deps = package["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .filter(|d| d["kind"].is_null()) // normal dependencies, not dev or build
            .filter_map(|d| d["name"].as_str())
            .filter(|d| ours.contains(d))
            .map(str::to_string)
            .collect();
        found.insert(name, deps);
    }
    let mut wrong = Vec::new();
    for (name, allowed) in ALLOWED {
        let Some(deps) = found.remove(*name) else {
            wrong.push(format!("{name} is not in the workspace"));
            continue;
        };
        for dep in deps.iter().filter(|d| !allowed.contains(&d.as_str())) {
            wrong.push(format!(
                "{name} depends on {dep}, which ARCHITECTURE.md does not allow"
            ));
        }
    }
    for name in found.keys() {
        wrong.push(format!(
            "{name} is a new crate: add its rule to ARCHITECTURE.md and to ALLOWED here"
        ));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
