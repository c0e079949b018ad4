//! End-to-end tests: inspect (the outline, as text and as GUIDE §2's JSON).

use serde_json::Value;

use crate::util::*;

fn inspect_json(args: &[&str]) -> Value {
    let out = run(args, b"");
    check_stderr(&out, "");
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    match serde_json::from_slice(&out.stdout) {
        Ok(v) => v,
        Err(e) => panic!("inspect --json printed no JSON: {e}"),
    }
}

/// Checks GUIDE §2's shape: exactly `parts`, `removed`, `warnings`; each part a `title`
/// (string or null) and `sections`; each section `level`, `label`, `heading`, `children`.
fn check_shape(v: &Value) {
    let Some(top) = v.as_object() else {
        panic!("not an object: {v}")
    };
    let mut keys: Vec<&str> = top.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["parts", "removed", "warnings"]);
    for s in v["removed"].as_array().into_iter().flatten() {
        assert!(s.is_string());
    }
    for s in v["warnings"].as_array().into_iter().flatten() {
        assert!(s.is_string());
    }
    let Some(parts) = v["parts"].as_array() else {
        panic!("parts is not a list")
    };
    for p in parts {
        assert!(p["title"].is_string() || p["title"].is_null());
        check_sections(&p["sections"]);
    }
}

fn check_sections(v: &Value) {
    let Some(list) = v.as_array() else {
        panic!("sections is not a list: {v}")
    };
    for s in list {
        let Some(obj) = s.as_object() else {
            panic!("a section is not an object: {s}")
        };
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["children", "heading", "label", "level"]);
        assert!(s["level"].is_u64());
        assert!(s["label"].is_string() && s["heading"].is_string());
        check_sections(&s["children"]);
    }
}

fn example(name: &str) -> String {
    root().join("examples").join(name).display().to_string()
}

#[test]
fn json_outline_has_the_guide_shape() {
    for name in ["zh-report.txt", "zh-two-reports.txt", "en-report.txt"] {
        let v = inspect_json(&["inspect", &example(name), "--json"]);
        check_shape(&v);
        let raw = inspect_json(&["inspect", &example(name), "--json", "--raw"]);
        check_shape(&raw);
    }
}

#[test]
fn headings_from_json_input_show_in_the_outline() {
    use docpipe_core::model::{Block, Document, Heading, Inline, Paragraph, Part};
    let h = |level: u8, label: &str, text: &str| {
        Block::Heading(Heading {
            level,
            label: Some(label.into()),
            content: vec![Inline::text(text)],
            id: None,
        })
    };
    let para = Block::Paragraph(Paragraph {
        content: vec![Inline::text("正文。")],
        align: None,
    });
    let mut doc = Document::from_blocks(vec![
        h(1, "一、", "总体情况"),
        para.clone(),
        h(2, "（一）", "主要做法"),
        h(1, "二、", "下一步打算"),
    ]);
    doc.parts.push(Part {
        title: Some(vec![Inline::text("总结二")]),
        blocks: vec![h(1, "一、", "成效"), para],
    });
    let bytes = match docpipe_core::json::to_vec(&doc) {
        Ok(b) => b,
        Err(e) => panic!("cannot write the fixture: {e}"),
    };
    // --raw: no transform, the importer's headings as they are; from stdin, sniffed.
    let out = run(&["inspect", "-", "--json", "--raw"], &bytes);
    check_stderr(&out, "<stdin>");
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    check_shape(&v);
    let want = serde_json::json!({
        "parts": [
            {"title": null, "sections": [
                {"level": 1, "label": "一、", "heading": "总体情况", "children": [
                    {"level": 2, "label": "（一）", "heading": "主要做法", "children": []}]},
                {"level": 1, "label": "二、", "heading": "下一步打算", "children": []}]},
            {"title": "总结二", "sections": [
                {"level": 1, "label": "一、", "heading": "成效", "children": []}]}],
        "removed": [],
        "warnings": []
    });
    assert_eq!(v, want);
    let text = run(&["inspect", "-", "--raw"], &bytes);
    assert_eq!(code(&text), 0, "{}", stderr_text(&text));
    assert_eq!(
        stdout_text(&text),
        "Part 1\n  一、总体情况\n    （一）主要做法\n  二、下一步打算\nPart 2: 总结二\n  一、成效\n"
    );
}

#[test]
fn normalized_outline_of_the_chinese_examples() {
    if !registered("transform").iter().any(|t| t == "normalize") {
        eprintln!("note: normalize is not registered yet; skipping");
        return;
    }
    let v = inspect_json(&["inspect", &example("zh-report.txt"), "--json"]);
    check_shape(&v);
    let removed: Vec<&str> = v["removed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        removed.iter().any(|r| r.contains("此处隐藏1234字")),
        "the hidden-text junk line is removed: {removed:?}"
    );
    let labels: Vec<&str> = v["parts"][0]["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["label"].as_str())
        .collect();
    assert_eq!(labels, ["一、", "二、", "三、"]);
    let two = inspect_json(&["inspect", &example("zh-two-reports.txt"), "--json"]);
    assert_eq!(two["parts"].as_array().map(Vec::len), Some(2), "{two}");
}

#[test]
fn text_outline_and_bad_inputs() {
    let out = run(&["inspect", &example("zh-report.txt")], b"");
    check_stderr(&out, "");
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    assert!(
        !out.stdout.starts_with(b"{"),
        "text mode prints a tree, not JSON"
    );
    let out = run(&["inspect", "no/such/file.txt", "--json"], b"");
    assert_eq!(code(&out), 1);
    check_stderr(&out, "no/such/file.txt");
    assert!(out.stdout.is_empty());
    let out = run(&["inspect", &example("zh-report.txt"), "-T", "nosuch"], b"");
    assert_eq!(code(&out), 2);
    check_stderr(&out, "unknown transform `nosuch`");
    let out = run(
        &["inspect", "-", "-f", "json", "--json"],
        b"{\"docpipe\": 1, ",
    );
    assert_eq!(code(&out), 1);
    check_stderr(&out, "<stdin>");
    assert!(stderr_text(&out).contains("line 1"));
}
