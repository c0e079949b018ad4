//! End-to-end tests: the small commands (`plugins`, `completions`).

use serde_json::Value;

use crate::util::*;

#[test]
fn plugins_lists_every_component() {
    let out = run(&["plugins", "--json"], b"");
    check_stderr(&out, "");
    assert_eq!(code(&out), 0);
    let v: Value = match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => panic!("plugins --json is not JSON: {e}"),
    };
    let Some(list) = v["components"].as_array() else {
        panic!("no components list: {v}")
    };
    for c in list {
        for key in [
            "kind",
            "name",
            "version",
            "origin",
            "description",
            "options",
        ] {
            assert!(c.get(key).is_some(), "component without {key}: {c}");
        }
    }
    let table = run(&["plugins"], b"");
    assert_eq!(code(&table), 0);
    let text = stdout_text(&table);
    for c in list {
        let Some(name) = c["name"].as_str() else {
            panic!("a component without a name: {c}")
        };
        assert!(text.contains(name), "table misses {name}");
    }
    if !list.is_empty() {
        assert!(text.starts_with("KIND"));
    }
}

#[test]
fn completions_for_bash() {
    let out = run(&["completions", "bash"], b"");
    assert_eq!(code(&out), 0);
    assert!(stdout_text(&out).contains("convert"));
    let out = run(&["completions", "nosuchshell"], b"");
    assert_eq!(code(&out), 2);
}
