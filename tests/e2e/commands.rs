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

#[test]
fn readme_main_command_runs_on_the_examples() {
    let readme = String::from_utf8_lossy(&read(&root().join("README.md"))).into_owned();
    let main =
        "cargo run --release -- batch examples -o out -t html,json,docx -T normalize -T anonymize";
    assert!(readme.contains(main), "the README's set-up command changed");
    assert!(readme.contains("\ncargo test --workspace\n"));
    // The same command through the built binary, writing to a temporary folder.
    let dir = tempdir();
    let Some(out_dir) = dir.path().join("out").to_str().map(String::from) else {
        panic!("non-UTF-8 temporary path")
    };
    let examples = root().join("examples").display().to_string();
    let args = [
        "batch",
        &examples,
        "-o",
        &out_dir,
        "-t",
        "html,json,docx",
        "-T",
        "normalize",
        "-T",
        "anonymize",
    ];
    let out = run(&args, b"");
    // batch ends with a summary line of its own on stderr; it must not panic.
    assert!(!stderr_text(&out).contains("panicked"));
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    let written = entries(&dir.path().join("out"));
    for stem in ["zh-report", "zh-two-reports", "en-report"] {
        for ext in ["html", "json", "docx"] {
            let name = format!("{stem}.{ext}");
            assert!(written.contains(&name), "{name} missing from {written:?}");
        }
    }
}
