//! End-to-end tests: anonymize (no name survives in any part of a document, in JSON, HTML
//! and text output), deanonymize from the mapping file, and `docpipe entities`.

use docpipe_core::model::*;

use crate::util::*;

/// Names planted in every part of the test document.
const NAMES: &[&str] = &["王小明", "刘建国", "南昌", "Hargreaves", "Watson", "Emily"];

fn p(inlines: Vec<Inline>) -> Block {
    Block::Paragraph(Paragraph {
        content: inlines,
        align: None,
    })
}

fn t(s: &str) -> Vec<Inline> {
    vec![Inline::text(s)]
}

fn document() -> Document {
    let mut doc = Document::from_blocks(vec![
        Block::Heading(Heading {
            level: 1,
            content: t("刘建国同志在南昌市调研"),
            ..Heading::default()
        }),
        // A name split over two runs.
        p(vec![
            Inline::text("本报讯 记者王"),
            Inline::Styled {
                style: TextStyle::Bold,
                content: t("小明"),
            },
            Inline::text("报道。"),
            Inline::NoteRef { id: "n1".into() },
        ]),
        p(vec![Inline::Link {
            target: "https://example.com/people/emily-watson".into(),
            content: t("Emily Watson"),
        }]),
        p(vec![Inline::Link {
            target: "mailto:x@example.com?subject=王小明".into(),
            content: t("联系王小明"),
        }]),
        Block::List(List {
            items: vec![ListItem {
                blocks: vec![p(t("会上刘建国同志作了发言。"))],
                ..ListItem::default()
            }],
            ..List::default()
        }),
        Block::Table(Table {
            caption: Some(t("南昌市名单")),
            rows: vec![Row {
                cells: vec![Cell {
                    blocks: vec![p(t("Mr. Hargreaves"))],
                    ..Cell::default()
                }],
            }],
            ..Table::default()
        }),
        Block::Image(Image {
            resource: "img1".into(),
            alt: "王小明同志的照片".into(),
            ..Image::default()
        }),
    ]);
    if let Some(part) = doc.parts.first_mut() {
        part.title = Some(t("关于王小明同志的报告"));
    }
    doc.headers.push(HeaderFooter {
        blocks: vec![p(t("南昌市 刘建国同志"))],
        ..HeaderFooter::default()
    });
    doc.footers.push(HeaderFooter {
        blocks: vec![p(t("记者王小明"))],
        ..HeaderFooter::default()
    });
    doc.notes.push(Note {
        id: "n1".into(),
        blocks: vec![p(t("王小明说,数据来自南昌市。"))],
        ..Note::default()
    });
    doc.comments.push(Comment {
        id: "c1".into(),
        author: Some("Emily Watson".into()),
        initials: Some("EW".into()),
        blocks: vec![p(t("请刘建国同志核实。"))],
        ..Comment::default()
    });
    doc.meta.title = Some("王小明同志的报告".into());
    doc.meta.authors = vec!["Emily Watson".into()];
    doc.meta.last_modified_by = Some("刘建国".into());
    doc.meta.company = Some("南昌市数据公司".into());
    doc.meta
        .custom
        .insert("reviewer".into(), "Mr. Hargreaves".into());
    doc
}

fn write_doc(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("doc.json");
    let bytes = match docpipe_core::json::to_vec(&document()) {
        Ok(b) => b,
        Err(e) => panic!("cannot serialise the test document: {e}"),
    };
    if let Err(e) = std::fs::write(&path, bytes) {
        panic!("cannot write {}: {e}", path.display());
    }
    path
}

fn assert_no_names(what: &str, text: &str) {
    for name in NAMES {
        assert!(!text.contains(name), "{what}: `{name}` survived:\n{text}");
    }
}

#[test]
fn no_name_survives_in_json() {
    let dir = tempdir();
    let doc = write_doc(dir.path());
    let doc = doc.to_string_lossy().to_string();
    // The input does hold the names (the test can fail).
    let plain = run(&["convert", &doc, "-t", "json"], b"");
    assert_eq!(code(&plain), 0, "{}", stderr_text(&plain));
    let plain = stdout_text(&plain);
    for name in NAMES {
        assert!(plain.contains(name), "the test document lost {name}");
    }
    for strategy in ["pseudonym", "mask", "tag", "redact"] {
        let spec = format!("anonymize:strategy={strategy}");
        let out = run(&["convert", &doc, "-T", &spec, "-t", "json"], b"");
        assert_eq!(code(&out), 0, "{}", stderr_text(&out));
        assert_no_names(&format!("json/{strategy}"), &stdout_text(&out));
    }
}

#[test]
fn no_name_survives_in_html_and_txt() {
    let dir = tempdir();
    let doc = write_doc(dir.path());
    let doc = doc.to_string_lossy().to_string();
    for to in ["html", "txt"] {
        let plain = run(&["convert", &doc, "-t", to], b"");
        if code(&plain) != 0 {
            eprintln!(
                "note: the {to} exporter is not usable yet ({}); skipped",
                stderr_text(&plain).trim()
            );
            continue;
        }
        let out = run(&["convert", &doc, "-T", "anonymize", "-t", to], b"");
        assert_eq!(code(&out), 0, "{}", stderr_text(&out));
        assert_no_names(to, &stdout_text(&out));
    }
}

#[test]
fn mapping_file_reverses_exactly() {
    let dir = tempdir();
    let doc = write_doc(dir.path());
    let doc = doc.to_string_lossy().to_string();
    let map = dir.path().join("map.tsv").to_string_lossy().to_string();
    let anon = dir.path().join("anon.json").to_string_lossy().to_string();
    let spec = format!("anonymize:mapping={map}");
    let out = run(&["convert", &doc, "-T", &spec, "-o", &anon], b"");
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    let mapping = std::fs::read_to_string(&map).unwrap_or_default();
    assert!(mapping.contains("王小明"), "{mapping}");
    let spec = format!("deanonymize:mapping={map}");
    let back = run(
        &["convert", &anon, "-f", "json", "-T", &spec, "-t", "json"],
        b"",
    );
    assert_eq!(code(&back), 0, "{}", stderr_text(&back));
    let back = stdout_text(&back);
    let orig = stdout_text(&run(&["convert", &doc, "-t", "json"], b""));
    // Every name comes back (a name split over two runs comes back whole in the first).
    assert!(
        !back.contains("[人名") && !back.contains("[地名") && !back.contains("[PERSON"),
        "{back}"
    );
    for name in ["王小明", "刘建国", "南昌市", "Hargreaves", "Emily Watson"] {
        assert!(
            back.matches(name).count() >= orig.matches(name).count(),
            "{name}\n{back}"
        );
    }
}

#[test]
fn same_name_same_pseudonym_across_files() {
    let dir = tempdir();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    let _ = std::fs::write(&a, "记者王小明报道。\n");
    let _ = std::fs::write(&b, "会上,张大伟和王小明同志发言。\n");
    let oa = stdout_text(&run(
        &[
            "convert",
            &a.to_string_lossy(),
            "-T",
            "anonymize",
            "-t",
            "json",
        ],
        b"",
    ));
    let ob = stdout_text(&run(
        &[
            "convert",
            &b.to_string_lossy(),
            "-T",
            "anonymize",
            "-t",
            "json",
        ],
        b"",
    ));
    let code_in = |s: &str| -> Vec<String> {
        s.split("[人名")
            .skip(1)
            .filter_map(|r| r.split(']').next())
            .map(String::from)
            .collect()
    };
    let ca = code_in(&oa);
    let cb = code_in(&ob);
    assert_eq!(ca.len(), 1, "{oa}");
    assert!(cb.contains(&ca[0]), "{oa}\n{ob}");
}

#[test]
fn hash_needs_a_key() {
    let out = run(
        &[
            "convert",
            "-",
            "-f",
            "txt",
            "-T",
            "anonymize:strategy=hash",
            "-t",
            "txt",
        ],
        "记者王小明报道。".as_bytes(),
    );
    assert_eq!(code(&out), 2, "{}", stderr_text(&out));
    assert!(stderr_text(&out).contains("key"), "{}", stderr_text(&out));
}

#[test]
fn entities_reports_code_point_spans() {
    let input = "{\"id\":\"a\",\"text\":\"记者王小明在南昌市采访。\"}\n{\"id\":\"b\",\"text\":\"Yesterday Mr. Hargreaves visited Germany .\"}\n";
    let out = run(&["entities"], input.as_bytes());
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    let text = stdout_text(&out);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    let a = &lines[0]["entities"];
    assert_eq!(a[0]["start"], 2, "{text}");
    assert_eq!(a[0]["end"], 5, "{text}");
    assert_eq!(a[0]["type"], "PERSON", "{text}");
    assert_eq!(a[1]["text"], "南昌市", "{text}");
    assert!(
        lines[1]["entities"]
            .as_array()
            .is_some_and(|v| v.iter().any(|e| e["text"] == "Hargreaves")),
        "{text}"
    );
    // A bad line is reported, the others still answered, exit status 1.
    let out = run(
        &["entities", "--lang", "zh"],
        b"not json\n{\"id\":\"c\",\"text\":\"\"}\n",
    );
    assert_eq!(code(&out), 1);
    assert!(stdout_text(&out).contains("\"c\""));
}

#[test]
fn entities_allow_list() {
    let dir = tempdir();
    let allow = dir.path().join("allow.txt");
    let _ = std::fs::write(&allow, "王小明\n");
    let input = "{\"id\":\"a\",\"text\":\"记者王小明在南昌市采访。\"}\n";
    let out = run(
        &["entities", "--allow", &allow.to_string_lossy()],
        input.as_bytes(),
    );
    assert_eq!(code(&out), 0, "{}", stderr_text(&out));
    assert!(
        !stdout_text(&out).contains("王小明"),
        "{}",
        stdout_text(&out)
    );
}

#[test]
fn batch_output_names_and_contents_lose_names_whatever_the_jobs() {
    let dir = tempdir();
    let input = dir.path().join("in");
    let _ = std::fs::create_dir_all(input.join("sub"));
    let _ = std::fs::write(
        input.join("王小明同志的报告.txt"),
        "记者王小明在南昌市采访了刘建国同志。\n",
    );
    let _ = std::fs::write(
        input.join("sub").join("b.txt"),
        "会上,刘建国同志和王小明同志发言。\n",
    );
    let mut outputs = Vec::new();
    for jobs in ["1", "3"] {
        let out = dir.path().join(format!("out{jobs}"));
        let o = out.to_string_lossy().to_string();
        let r = run(
            &[
                "batch",
                &input.to_string_lossy(),
                "-o",
                &o,
                "-t",
                "txt",
                "-T",
                "anonymize",
                "-j",
                jobs,
                "-q",
            ],
            b"",
        );
        assert_eq!(code(&r), 0, "{}", stderr_text(&r));
        let mut files: Vec<(String, String)> = Vec::new();
        let mut stack = vec![out.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "txt") {
                    let rel = p
                        .strip_prefix(&out)
                        .map(|r| r.to_string_lossy().to_string())
                        .unwrap_or_default();
                    files.push((rel, std::fs::read_to_string(&p).unwrap_or_default()));
                }
            }
        }
        files.sort();
        assert_eq!(files.len(), 2, "{files:?}");
        for (name, text) in &files {
            assert_no_names(name, name);
            assert_no_names(name, text);
        }
        outputs.push(files);
    }
    assert_eq!(outputs[0], outputs[1], "output depends on --jobs");
}

#[test]
fn entities_on_a_missing_file_is_an_input_failure() {
    let out = run(&["entities", "/nonexistent/docpipe-missing.jsonl"], b"");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("docpipe-missing.jsonl"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
