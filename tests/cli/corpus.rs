//! Precision and recall on the labelled corpus in tests/corpus (built by generate.py).
//! Prints the figures; fails below 0.97 either way.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::common::TestEnv;

const TARGET: f64 = 0.97;

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read corpus") {
        let entry = entry.expect("entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

#[test]
fn corpus_precision_and_recall() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let labels: Value =
        serde_json::from_str(&std::fs::read_to_string(corpus.join("labels.json")).expect("labels"))
            .expect("json");
    let env = TestEnv::new();
    copy_tree(&corpus.join("cases"), env.path());
    for repo in labels["repos"].as_array().expect("repos") {
        env.git_init(repo.as_str().expect("str"));
    }
    let cases = labels["cases"].as_object().expect("cases");
    assert!(
        cases.len() >= 150,
        "the corpus needs at least 150 cases, has {}",
        cases.len()
    );
    let expected: BTreeSet<(String, String)> = cases
        .iter()
        .flat_map(|(path, tokens)| {
            tokens
                .as_array()
                .expect("list")
                .iter()
                .map(move |t| (path.clone(), t.as_str().expect("str").to_string()))
        })
        .collect();
    let (json, _) = env.scan_json(&["--no-ignore", "--show-secrets", "."]);
    let found: BTreeSet<(String, String)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").to_string(),
                f["token"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let tp = found.intersection(&expected).count() as f64;
    let precision = if found.is_empty() {
        0.0
    } else {
        tp / found.len() as f64
    };
    let recall = tp / expected.len() as f64;
    println!(
        "corpus: {} cases, {} labelled tokens, {} reported: precision {precision:.3}, recall {recall:.3}",
        cases.len(),
        expected.len(),
        found.len()
    );
    let false_alarms: Vec<_> = found.difference(&expected).collect();
    let missed: Vec<_> = expected.difference(&found).collect();
    assert!(
        precision >= TARGET,
        "precision {precision:.3}; false alarms: {false_alarms:#?}"
    );
    assert!(recall >= TARGET, "recall {recall:.3}; missed: {missed:#?}");
}
